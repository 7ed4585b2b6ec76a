"""A report page: one executed notebook as a self-contained HTML page a reader can navigate.

The page is nbconvert's `lab` layout with a template of our own (templates/sdpw_report/): a
title naming the notebook, the district and the language; one small stylesheet with the page's
own subset of the CJK font (fonts.py), so Chinese is readable without CJK system fonts; no
script from anywhere (MathJax only on a page whose own Markdown cells hold math, never for a
name in the data); links to the same notebook for the other districts and the other language,
to the previous and next notebook and to the landing page; and, under each table and at the
end, the CSV of every table the notebook shows.

Pages link to every notebook × district × language of the workbook (`Site`), not only to those
of the current run, so a page is the same bytes whichever subset of the report is run.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.load.vocabulary import LANGS
from analysis.presentation.labels import table_title
from analysis.report.fonts import embed_font
from analysis.report.site import (
    FONT_PLACEHOLDER,
    GENERATOR,
    HTML_LANG,
    LANDING,
    TEMPLATES,
    Site,
    stylesheet,
)

TEMPLATE_NAME = "sdpw_report"


#: Each language's name in itself: what a reader looks for to switch.
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}

#: The words of the page around the notebook, per language.
UI: dict[str, dict[str, str]] = {
    "en": {
        "navigation": "Report navigation",
        "home": "All reports",
        "districts": "Districts",
        "data": "Data (CSV)",
        "full_table": "Full table (CSV)",
        "data_intro": "The data behind the tables of this page, one CSV file per table (UTF-8 "
        "with a byte-order mark, keys and names in both languages), as `python -m analysis "
        "table NAME --format csv` prints it.",
        "chart": "Chart",
        "workbook": "Shanghai District Plans Workbook",
    },
    "zh": {
        "navigation": "报告导航",
        "home": "全部报告",
        "districts": "各区",
        "data": "数据（CSV）",
        "full_table": "完整表格（CSV）",
        "data_intro": (
            "本页各表的数据，每表一个 CSV 文件（UTF-8 编码，含字节顺序标记；键与中英文名称俱全）。"
        ),
        "chart": "图表",
        "workbook": "上海区级发展计划数据工作簿",
    },
}


def one_language(nb: Any, lang: str) -> Any:
    """The notebook as a reader of `lang` sees it: the Markdown cells tagged for the other
    language removed (the report export, the titles and the landing pages all call this)."""
    import nbformat

    from analysis.report.language import strip_other_language

    if not nb or "cells" not in nb:
        return nb  # no notebook (a report not yet run): nothing to strip
    return strip_other_language(nbformat.from_dict(nb), lang)


# --- reading an executed notebook ---------------------------------------------------------------

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_BOLD_LABEL = re.compile(r"^\s*\*\*[^*]+\*\*\s*")


def _cells(nb: Any) -> list[Mapping[str, Any]]:
    cells = nb.get("cells", []) if isinstance(nb, Mapping) else []
    return [c for c in cells if isinstance(c, Mapping)]


def _source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _plain(markdown: str) -> str:
    """Inline Markdown as plain text: emphasis and code marks dropped, one line."""
    text = re.sub(r"[*_`]+", "", markdown)
    return " ".join(text.split())


def notebook_title(nb: Any, default: str) -> str:
    """The notebook's first level-1 heading as plain text (`2 · Targets: how they are set`)."""
    for cell in _cells(nb):
        if cell.get("cell_type") == "markdown":
            m = _H1.search(_source(cell))
            if m:
                return _plain(m.group(1))
    return default


def notebook_question(nb: Any) -> str:
    """The notebook's question as Markdown: the first paragraph after its title, with a bold
    label such as `**Question.**` dropped, on one line."""
    for cell in _cells(nb):
        if cell.get("cell_type") != "markdown" or not _H1.search(_source(cell)):
            continue
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", _source(cell))]
        for p in paragraphs:
            if p and not p.startswith("#"):
                return " ".join(_BOLD_LABEL.sub("", p, count=1).split())
        return ""
    return ""


def _outputs(nb: Any) -> list[Mapping[str, Any]]:
    out = []
    for cell in _cells(nb):
        if cell.get("cell_type") == "code":
            out += [o for o in cell.get("outputs", []) if isinstance(o, Mapping)]
    return out


def _first_output(nb: Any, mime: str) -> str:
    """The text of the notebook's first output of type `mime`, or ''."""
    for o in _outputs(nb):
        data = o.get("data", {})
        if isinstance(data, Mapping) and mime in data:
            value = data[mime]
            return "".join(value) if isinstance(value, list) else str(value)
    return ""


def first_markdown_output(nb: Any) -> str:
    """The first computed sentence the notebook prints (its first text/markdown output)."""
    return _first_output(nb, "text/markdown")


def first_png(nb: Any) -> str:
    """The base64 of the notebook's first PNG output (its main chart), or ''."""
    return _first_output(nb, "image/png")


_MATH = re.compile(r"\$\$|\\\(|\\\[|\\begin\{|(?<![\\$\w])\$(?=\S)[^$\n]*?\S\$(?![\w$])")


def has_math(nb: Any) -> bool:
    """True when a Markdown cell holds TeX math (`$x$`, `$$…$$`, `\\(…\\)`) or an output is
    LaTeX: only such a page loads MathJax (from a CDN). A Markdown output never counts: it is a
    sentence computed from the data, whose names are text (`md` escapes their `$`), and a
    `$\\alpha$` typed into a name must not make the page send a request."""
    for cell in _cells(nb):
        if cell.get("cell_type") == "markdown" and _MATH.search(_source(cell)):
            return True
    for o in _outputs(nb):
        data = o.get("data", {})
        if isinstance(data, Mapping) and "text/latex" in data:
            return True
    return False


def read_notebook(path: Path) -> Any:
    """A notebook file as plain JSON, or None when it is not one (the landing page lists what it
    can read and never fails on a stray file)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return nb if isinstance(nb, Mapping) else None


# --- the workbook as a site ---------------------------------------------------------------------


def make_site(notebooks_dir: Path, data_dir: str | Path | None = None) -> Site:
    """The site of the notebooks in `notebooks_dir` and the districts of the data folder."""
    from analysis.load.frames import districts

    frame = districts(data_dir)
    names = tuple(
        (str(r.district), str(r.short_en), str(r.name_zh)) for r in frame.itertuples(index=False)
    )
    stems = tuple(p.stem for p in sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb")))
    titles = []
    for stem in stems:
        nb = read_notebook(notebooks_dir / f"{stem}.ipynb")
        for lang in LANGS:
            titles.append((stem, lang, notebook_title(one_language(nb or {}, lang), stem)))
    return Site(stems, names, tuple(titles))


def report_href(district: str, lang: str, notebook: str) -> str:
    """A report's path relative to the output folder."""
    return f"{district}/{lang}/{notebook}.html"


# --- the data behind the tables -----------------------------------------------------------------


def notebook_tables(notebook: str) -> list[str]:
    """The names of the tables registered for a notebook, in registry order."""
    from analysis.presentation import tables

    return [t.name for t in tables.REGISTRY.values() if t.notebook == notebook]


def shown_csvs(nb: Any) -> dict[str, str]:
    """The CSV of each table an executed notebook showed, by table name, taken from its outputs
    (`analysis.presentation.tables.CSV_MIME`): the very rows the reader saw, computed once, in
    the kernel. A table shown more than once (one display per list) is the displays' rows one
    after another."""
    from analysis.presentation.tables import CSV_MIME

    found: dict[str, list[str]] = {}
    for cell in _cells(nb):
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get(CSV_MIME)
            name = output.get("metadata", {}).get(CSV_MIME, {}).get("table")
            if isinstance(text, list):
                text = "".join(text)
            if isinstance(text, str) and isinstance(name, str):
                found.setdefault(name, []).append(text)
    out = {}
    for name, texts in found.items():
        # each display is a whole CSV (mark, header, rows): later ones add their rows only; a
        # display with other columns cannot be joined, and the table is computed instead
        parts = [t.split("\r\n", 1) for t in texts]
        if all(len(p) == 2 and p[0] == parts[0][0] for p in parts):
            out[name] = texts[0] + "".join(p[1] for p in parts[1:])
    return out


def table_csvs(
    notebook: str, district: str, lang: str, data_dir: str | None, nb: Any = None
) -> dict[str, str]:
    """The CSV text of each table of the notebook, by table name: what the executed notebook `nb`
    showed, and the registered tables it does not show computed here, in registry order."""
    from analysis.presentation import tables
    from analysis.presentation.notebook import setup

    names = notebook_tables(notebook)
    shown = shown_csvs(nb) if nb is not None else {}
    missing = [name for name in names if name not in shown]
    computed: dict[str, str] = {}
    if missing:
        ctx = setup(district, lang, data_dir=data_dir, style=False)
        computed = {name: tables.csv_text(tables.data(name, ctx)) for name in missing}
    return {name: shown.get(name) or computed[name] for name in names} | {
        name: text for name, text in shown.items() if name not in names
    }


CSV_FOLDER = "csv"


def csv_href(name: str) -> str:
    """A table's CSV, relative to the report beside it."""
    return f"{CSV_FOLDER}/{name}.csv"


def csv_label(name: str, lang: str) -> str:
    """A CSV link's words: its file name in English, the table's title in Chinese (the file
    name is the link's address)."""
    return f"{name}.csv" if lang == "en" else table_title(name, lang)


_TABLE_CALL = re.compile(r"""\btable\(\s*(["'])([A-Za-z0-9_]+)\1""")


def _tables_shown(cell: Mapping[str, Any], names: Sequence[str]) -> list[str]:
    """The registered tables a code cell shows through `table("name", …)`, in order."""
    found = [m.group(2) for m in _TABLE_CALL.finditer(_source(cell))]
    return [n for n in dict.fromkeys(found) if n in names]


# --- the page -----------------------------------------------------------------------------------


def _page_context(
    nb: Any, notebook: str, district: str, lang: str, site: Site, tables: Sequence[str]
) -> dict[str, Any]:
    from analysis.presentation import tables as registry

    ui = UI[lang]
    title = notebook_title(nb, site.title(notebook, lang))
    stems = list(site.notebooks)
    at = stems.index(notebook) if notebook in stems else -1

    def neighbour(offset: int) -> dict[str, str] | None:
        i = at + offset
        if at < 0 or not 0 <= i < len(stems):
            return None
        return {"href": f"{stems[i]}.html", "label": site.title(stems[i], lang)}

    keys = [k for k, _, _ in site.districts] or [district]
    if district not in keys:
        keys.append(district)
    return {
        "generator": GENERATOR,
        "title": f"{title} · {site.district_name(district, lang)} · {LANGUAGE_NAMES[lang]}",
        "css": stylesheet(),
        "math": has_math(nb),
        "ui": ui,
        "home": f"../../{LANDING[lang]}",
        "previous": neighbour(-1),
        "next": neighbour(+1),
        "districts": [
            {
                "label": site.district_name(k, lang),
                "href": f"../../{report_href(k, lang, notebook)}",
                "current": k == district,
            }
            for k in keys
        ],
        "languages": [
            {
                "lang": other,
                "html_lang": HTML_LANG[other],
                "label": LANGUAGE_NAMES[other],
                "href": f"../{other}/{notebook}.html",
            }
            for other in site.langs
            if other != lang
        ],
        "tables": [
            {
                "href": csv_href(name),
                "file": f"{name}.csv",
                "label": csv_label(name, lang),
                "description": registry.get(name).description if lang == "en" else "",
            }
            for name in tables
        ],
    }


def render_report(
    nb: Any, notebook: str, district: str, lang: str, site: Site, tables: Sequence[str] = ()
) -> str:
    """The HTML page of an executed notebook (`tables`: the names of the CSVs beside it)."""
    nb = one_language(copy.deepcopy(nb), lang)  # the one place the other language goes
    for cell in _cells(nb):
        if cell.get("cell_type") == "code":
            shown = _tables_shown(cell, tables)
            if shown:
                cell["metadata"]["sdpw_data"] = [
                    {
                        "href": csv_href(n),
                        "label": csv_label(n, lang),
                    }
                    for n in shown
                ]
    context = _page_context(nb, notebook, district, lang, site, tables)
    body, _ = page_exporter(lang).from_notebook_node(nb, resources={"sdpw": context})
    return embed_font(body, FONT_PLACEHOLDER)


#: An opening tag of a cell's input or of an output, as the template writes it (the data inside
#: is escaped, so no figure or name can write a tag).
_FOCUSABLE = re.compile(r'<div class="([^"<>]*)"([^<>]*)>')
_FOCUSABLE_CLASSES = {"jp-Cell-inputWrapper", "jp-OutputArea-output"}


def _focusable(match: re.Match[str]) -> str:
    tag = match.group(0)
    if "tabindex=" in match.group(2) or not _FOCUSABLE_CLASSES & set(match.group(1).split()):
        return tag
    return tag[:-1] + ' tabindex="0">'


@lru_cache(maxsize=4)
def page_exporter(lang: str) -> Any:
    """One exporter per language and process: building one loads and compiles the templates
    again (a tenth of a second a page); an exporter is reused, page after page."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        """nbconvert's HTML export without its pass through BeautifulSoup, which parsed and
        wrote out each whole page again (two thirds of a page's export) to give an image
        without alt text a placeholder (every chart here has its own) and each cell's input and
        output `tabindex="0"`, which `_focusable` adds to the same tags."""

        def from_notebook_node(self, nb, resources=None, **kw):  # noqa: ANN001, ANN201
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", data_type)
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _FOCUSABLE.sub(_focusable, html), resources

    return PageExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        language_code=HTML_LANG[lang],
    )
