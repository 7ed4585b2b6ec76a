"""The words the loaded frames are keyed by: the languages, the columns that name a figure in
both of them, and the printed form of a row's qualifier words.

Below the analyses, so that an analysis can carry a figure's names without reaching up into
the presentation layer (`presentation.labels` holds the headings and translations).
"""

from __future__ import annotations

from analysis.base.errors import UnknownKeyError

LANGS = ("en", "zh")

#: The columns that name a figure's district and indicator in both languages; the analysis
#: frames carry them so that a table can be shown in either language.
LABELLED = ("district", "district_short", "district_zh", "indicator", "name_en", "name_zh")


def check_lang(lang: object) -> str:
    """The language key itself, or UnknownKeyError listing the valid ones."""
    if lang not in LANGS:
        raise UnknownKeyError("lang", lang, LANGS)
    return str(lang)


def printed_words(qualifier: object) -> str:
    """Qualifier words stored as 'a;b' (左右;预期性), joined as a report prints them (左右，预期性);
    "" for no qualifier."""
    if not isinstance(qualifier, str):
        return ""
    return "，".join(w for w in qualifier.split(";") if w)
