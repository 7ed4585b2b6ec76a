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

from analysis.load.vocabulary import LANGS, check_lang

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
    "vs", "x", "e", "kv", "g",
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


def table_cells(html: str) -> list[tuple[str, str]]:
    """(column heading, text) of every non-empty cell of the HTML tables in `html`; a heading
    itself is listed with the heading "" (it is a label a reader reads too)."""
    out: list[tuple[str, str]] = []
    for table in re.findall(r"<table.*?</table>", html, re.S):
        heads = _strip_html("".join(re.findall(r"<thead>.*?</thead>", table, re.S)))
        out += [("", h) for h in heads if h]
        body = "".join(re.findall(r"<tbody>.*?</tbody>", table, re.S))
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            texts = _strip_html(row)
            offset = len(heads) - len(texts) if len(heads) > len(texts) else 0
            for i, text in enumerate(texts):
                if text:
                    j = i + offset
                    out.append((heads[j] if j < len(heads) else "", text))
    return out


def visible_text(nb: nbformat.NotebookNode, lang: str) -> tuple[list[str], list[tuple[str, str]]]:
    """What a reader of the `lang` report sees: (prose and sentences, (heading, cell) pairs).

    Markdown cells of that language (code inputs are hidden in the export), computed Markdown,
    and the cells and headings of every HTML table; a chart is an image and is not read here.
    """
    shown = strip_other_language(nb, lang)
    prose: list[str] = []
    cells: list[tuple[str, str]] = []
    for cell in shown.cells:
        if cell.cell_type == "markdown":
            prose.append(cell.source)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/markdown" in data:
                prose.append(data["text/markdown"])
            elif "text/html" in data:
                cells += table_cells(data["text/html"])
            elif "text/plain" in data and "image/png" not in data:
                prose.append(data["text/plain"])
    return prose, cells


def english_words(text: str) -> list[str]:
    """Latin-script words outside the allow-list, keys, ids, code font and file names."""
    text = _KEYS.sub(" ", text)
    return [w for w in _WORD.findall(text) if w.lower() not in ALLOWED_EN]


def english_share(
    nb: nbformat.NotebookNode,
    skip: set[str] = frozenset(),  # type: ignore[assignment]
) -> tuple[float, list[str]]:
    """In the `zh` report: English words ÷ (English words + Chinese characters), and the words.

    Cells under a heading in `skip` are left out of both counts (for a column whose text the
    data holds in English only, measured apart).
    """
    prose, cells = visible_text(nb, "zh")
    texts = prose + [text for head, text in cells if head not in skip]
    words = [w for t in texts for w in english_words(t)]
    han = sum(len(_CJK.findall(t)) for t in texts)
    return (len(words) / (len(words) + han) if words or han else 0.0), words


def chinese_only_cells(nb: nbformat.NotebookNode, beside: set[str]) -> tuple[float, list[str]]:
    """In the `en` report: table cells and headings in Chinese only ÷ all non-empty cells.

    A cell with Chinese and no Latin letter counts, except a cell under a heading in `beside`
    (the columns that keep the Chinese name beside the English: "As printed", "Source quote").
    """
    _, cells = visible_text(nb, "en")
    bad = [
        f"{head}: {text}" if head else text
        for head, text in cells
        if head not in beside and _CJK.search(text) and not re.search(r"[A-Za-z]", text)
    ]
    return (len(bad) / len(cells) if cells else 0.0), bad
