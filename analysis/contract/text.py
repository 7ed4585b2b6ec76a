"""Text is text everywhere it is shown: escaping for HTML and Markdown, safety for spreadsheets.

A data string may hold anything a user typed or pasted: `<script>`, `[a](javascript:…)`,
`=HYPERLINK(…)`. Each output format gets it as inert text:

- **HTML** (the index): the template is rendered with Jinja's autoescape, every value an entity.
- **Markdown** (notebook sentences, the data dictionary, `table --format md`): `<` (and an `&`
  that starts an entity) as entities, so no raw HTML reaches the page; a backslash before the
  characters that start links and emphasis, before `$` (so a name is never TeX math: no MathJax
  is loaded for it) and inside what a renderer would turn into a link by itself
  (`http\\://…`, `www\\.…`, `a\\@b`): a bare URL stays text.
- **Spreadsheets** (xlsx and CSV export): a text cell that Excel or LibreOffice would evaluate,
  one starting with `= + - @`, a tab or a carriage return, is marked as text.
- **Control characters** that XML (and so xlsx) cannot hold are refused by `validate`.
"""

from __future__ import annotations

import re

#: Characters XML 1.0 (and so an xlsx workbook) cannot hold, and DEL: refused in any cell.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

#: The first characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Characters that start emphasis, code, links or table cells; `_` only where it can open or
#: close emphasis (not inside a word such as value_std, which CommonMark leaves alone).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]|~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")


def control_character(text: str) -> str | None:
    """A message naming the first control character in `text`, or None."""
    m = CONTROL.search(text)
    if m is None:
        return None
    return (
        f"control character U+{ord(m.group()):04X} at character {m.start() + 1}: "
        "a spreadsheet or a web page cannot show it; delete it"
    )


_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")

#: What GFM and nbconvert's Markdown turn into a link with no brackets (a bare URL, `www.`, an
#: e-mail address), and `$`, which opens TeX math.
_AUTOLINK_OR_MATH = re.compile(r"(?i)(https?|ftp)(://)|(www)(\.)|([@$])")


def _escape_autolink(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1) + "\\" + m.group(2)
    if m.group(3):
        return m.group(3) + "\\."
    return "\\" + m.group(5)


def neutralise_autolinks(markdown: str) -> str:
    """Markdown in which no bare URL, `www.` or e-mail address becomes a link and no `$` opens
    math: a backslash before the `:`, `.`, `@` or `$` (an escaped punctuation character is
    shown as itself), so each shows as typed."""
    return _AUTOLINK_OR_MATH.sub(_escape_autolink, markdown)


def neutralise_html(markdown: str) -> str:
    """Markdown with any raw HTML made inert: `<` is shown, never parsed as a tag, and an `&`
    that would start an entity (`&lt;`) stays an ampersand. A plain & (R&D) is left alone."""
    return _ENTITY.sub("&amp;", markdown).replace("<", "&lt;")


def neutralise_markdown(markdown: str) -> str:
    """Markdown written by our code around data strings: its emphasis and lists stay, raw HTML
    and inline links (`](`), bare URLs and `$` math are made inert."""
    return neutralise_autolinks(neutralise_html(markdown).replace("](", "]\\("))


def escape_markdown(text: object) -> str:
    """A data string inside generated Markdown: no HTML, no link, no emphasis, no math, one
    line."""
    plain = "" if text is None else str(text)
    plain = plain.replace("\r", " ").replace("\n", " ")
    return neutralise_autolinks(neutralise_html(_MARKDOWN_SPECIAL.sub(r"\\\1", plain)))


def is_formula_like(text: object) -> bool:
    """True for a text cell that a spreadsheet would evaluate."""
    return isinstance(text, str) and text.startswith(FORMULA_START)


def spreadsheet_csv_text(text: str) -> str:
    """A text cell for a CSV meant for Excel: a formula-like one gets a leading apostrophe,
    which Excel and LibreOffice read as 'this is text' (the text itself follows unchanged)."""
    return "'" + text if is_formula_like(text) else text
