"""One language at a time: a report keeps the cells of its own language only.

Each static Markdown cell of a notebook exists twice, tagged `lang-en` and `lang-zh`; a cell with
no language tag (code, and Markdown that reads the same in both) belongs to both. JupyterLab shows
every cell, so the notebook stays readable there; the HTML export of a `zh` report drops the
`lang-en` cells and the other way round. Computed sentences and tables are in the notebook's
language already (the `lang` parameter), so only static cells need tags.

The runner calls `strip_other_language(nb, lang)` on the executed notebook before the HTML
export (or, equivalently, nbconvert's `TagRemovePreprocessor` with `remove_tags(lang)`).
"""

from __future__ import annotations

import copy
import re
from html import unescape

import nbformat

from analysis.labels import LANGS, check_lang

TAG_PREFIX = "lang-"


def tag(lang: str) -> str:
    """The tag that marks a cell as written in `lang`: `lang-en`, `lang-zh`."""
    return TAG_PREFIX + check_lang(lang)


def remove_tags(lang: str) -> set[str]:
    """The tags whose cells a `lang` report drops: every other language's."""
    return {tag(other) for other in LANGS if other != check_lang(lang)}


def cell_language(cell: nbformat.NotebookNode) -> str | None:
    """The language a cell is tagged with, or None (a cell for every language)."""
    tags = [t for t in cell.get("metadata", {}).get("tags", []) if t.startswith(TAG_PREFIX)]
    if len(tags) > 1:
        raise ValueError(f"a cell is tagged with more than one language: {tags}")
    return tags[0][len(TAG_PREFIX) :] if tags else None


def cells_to_remove(nb: nbformat.NotebookNode, lang: str) -> list[int]:
    """Indices of the cells a `lang` report leaves out, in order."""
    drop = remove_tags(lang)
    return [
        i for i, cell in enumerate(nb.cells) if drop & set(cell.get("metadata", {}).get("tags", []))
    ]


def strip_other_language(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """A copy of the notebook without the other language's cells; the input is left as it is."""
    out = copy.deepcopy(nb)
    drop = set(cells_to_remove(nb, lang))
    out.cells = [cell for i, cell in enumerate(nb.cells) if i not in drop]
    return out


# --- measuring a report's language ------------------------------------------------------------

#: Latin-script words a Chinese report may carry: units and abbreviations as the reports print
#: them, and the names of the workbook's own files and commands.
ALLOWED_EN = {
    "gdp", "r", "d", "r&d", "aqi", "pm", "cpi", "ppi", "api", "csv", "ipynb", "data", "md",
    "png", "html", "python", "analysis", "papermill", "notebooks", "jupyterlab", "table", "show",
    "vs", "x", "e", "kv",
}  # fmt: skip

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'&-]*")
#: Text a reader takes as a key or an id, not as prose: code font, ids, keys with _ or -, paths.
_KEYS = re.compile(
    r"<code>.*?</code>|`[^`]*`|(?<![A-Za-z0-9])[a-z]+(?:[_-][a-z0-9]+)+(?![A-Za-z0-9])"
    r"|[\w/.-]+\.(?:csv|ipynb|json|md|txt|html|png)(?![A-Za-z])|https?://\S+",
    re.S,
)


def _strip_html(html: str) -> list[str]:
    """The text of each table cell (th, td) of an HTML fragment, in order; tags dropped."""
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells]


def visible_text(nb: nbformat.NotebookNode, lang: str) -> tuple[list[str], list[str]]:
    """What a reader of the `lang` report sees: (prose and sentences, table cells).

    Markdown cells of that language (code inputs are hidden in the export), computed Markdown,
    and the cells and headings of every HTML table; a chart is an image and is not read here.
    """
    shown = strip_other_language(nb, lang)
    prose: list[str] = []
    cells: list[str] = []
    for cell in shown.cells:
        if cell.cell_type == "markdown":
            prose.append(cell.source)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/markdown" in data:
                prose.append(data["text/markdown"])
            elif "text/html" in data:
                cells += [c for c in _strip_html(data["text/html"]) if c]
            elif "text/plain" in data and "image/png" not in data:
                prose.append(data["text/plain"])
    return prose, cells


def english_words(text: str) -> list[str]:
    """Latin-script words outside the allow-list, keys, ids, code font and file names."""
    text = _KEYS.sub(" ", text)
    return [w for w in _WORD.findall(text) if w.lower() not in ALLOWED_EN]


def english_share(nb: nbformat.NotebookNode) -> tuple[float, list[str]]:
    """In the `zh` report: English words ÷ (English words + Chinese characters), and the words."""
    prose, cells = visible_text(nb, "zh")
    words = [w for t in prose + cells for w in english_words(t)]
    han = sum(len(_CJK.findall(t)) for t in prose + cells)
    return (len(words) / (len(words) + han) if words or han else 0.0), words


def chinese_only_cells(nb: nbformat.NotebookNode, beside: set[str]) -> tuple[float, list[str]]:
    """In the `en` report: table cells and headings in Chinese only ÷ all non-empty cells.

    A cell with Chinese and no Latin letter counts, except a cell under a heading in `beside`
    (the columns that keep the Chinese name beside the English: "As printed", "Source quote").
    """
    shown = strip_other_language(nb, "en")
    bad: list[str] = []
    total = 0
    for cell in shown.cells:
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html")
            if not html:
                continue
            for table in re.findall(r"<table.*?</table>", html, re.S):
                heads = _strip_html("".join(re.findall(r"<thead>.*?</thead>", table, re.S)))
                for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
                    texts = _strip_html(row)
                    for i, text in enumerate(texts):
                        if not text:
                            continue
                        total += 1
                        head = heads[i] if i < len(heads) and heads[i] not in texts else ""
                        only_zh = _CJK.search(text) and not re.search(r"[A-Za-z]", text)
                        if only_zh and head not in beside:
                            bad.append(f"{head}: {text}" if head else text)
    return (len(bad) / total if total else 0.0), bad
