"""What every page of a report shares: the site's notebooks and districts, the landing pages'
names, the generator mark, the stylesheet and its font placeholder.

A leaf of the report layer: pages, the index and the runner import it, and it imports none of
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.load.vocabulary import LANGS

TEMPLATES = Path(__file__).parent / "templates"

FONT_PLACEHOLDER = "/*sdpw-font-face*/"

#: `<html lang>` per workbook language.
HTML_LANG = {"en": "en", "zh": "zh"}  # ISO 639-1, as nbconvert requires

#: The name our pages and index carry in <meta name="generator">: how a run knows its own files.
GENERATOR = "shanghai-district-plans-workbook"

#: The landing page of each language, in the output folder.
LANDING = {"en": "index.html", "zh": "index.zh.html"}


@dataclass(frozen=True)
class Site:
    """What every page links to: each notebook (in reading order, with its title in each
    language) and each district (with its names) of the workbook."""

    notebooks: tuple[str, ...]
    districts: tuple[tuple[str, str, str], ...]  # key, English short name, Chinese name
    titles: tuple[tuple[str, str, str], ...] = ()  # notebook, lang, title
    langs: tuple[str, ...] = LANGS

    def district_name(self, key: str, lang: str) -> str:
        for k, en, zh in self.districts:
            if k == key:
                return zh if lang == "zh" else f"{en} {zh}"
        return key

    def title(self, notebook: str, lang: str) -> str:
        for stem, lg, title in self.titles:
            if (stem, lg) == (notebook, lang):
                return title
        return notebook


def stylesheet() -> str:
    """The pages' stylesheet, with the place for the page's @font-face rule."""
    return FONT_PLACEHOLDER + "\n" + (TEMPLATES / "page.css").read_text(encoding="utf-8")
