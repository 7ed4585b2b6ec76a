"""Hostile names on pages, in charts and in exports (issue 20).

Every name column of every side table (districts, categories, catalogue, units, qualifiers,
sources, projects, comparability) holds a script, an `onerror` attribute, TeX, a formula, a bare
URL, a Markdown link and emphasis; the data stays valid (it is text, not a data error), and no
output lets any of it act: no tag, attribute or link from the data on a page, no MathJax (a
request to a CDN), no mathtext in a chart, no live formula in a spreadsheet, no HTML or math in
`table --format md`. Districts come from the data. No kernel: the notebooks' outputs are made
here by the package's own display functions (`md`, `tables.show`, `tables.styled`).
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pytest

from analysis.base.errors import WorkbookError
from tests.conftest import district_keys, read_rows, set_cell, write_rows

#: The hostile strings of the issue; the formula first, so that a cell holding them all is one
#: a spreadsheet would evaluate.
HOSTILE = (
    '=HYPERLINK("http://x","y")',
    '<script>document.title="X"</script>',
    '"><img src=x onerror=alert(1)>',
    "$\\notacommand$",
    "http://example.com",
    "[a](http://x)",
    "*bold*",
)
HOSTILE_NAME = " ".join(HOSTILE)

#: Every column of a side table (and the projects' and indicators' free text) that holds a name
#: or words a reader sees; the code columns (keys, enums) are checked by validate.
NAME_COLUMNS = {
    "districts.csv": ["name_zh", "name_en", "short_en"],
    "categories.csv": ["name_zh", "name_en"],
    "catalogue.csv": ["name_zh", "name_en"],
    "units.csv": ["name_en"],
    "qualifiers.csv": ["name_en"],
    "sources.csv": ["title_zh", "title_en", "issuer_zh", "issuer_en"],
    "projects.csv": ["category_zh", "category_en", "name_zh", "name_en", "goal_en", "progress_en"],
    "comparability.csv": ["eligible_base", "eligible_base_zh", "note"],
    "indicators.csv": ["label_zh", "note"],
}

#: Links the hostile strings hold: a page's `<a href>` to one of them came from the data.
DATA_URLS = ("http://x", "http://example.com")


def _hostile_copy(target: Path) -> Path:
    """A copy of data/ (and seeds/) with HOSTILE_NAME in front of every name of NAME_COLUMNS
    (the old name after it keeps names unique)."""
    from analysis.base.paths import DATA_DIR, SEEDS_DIR

    shutil.copytree(DATA_DIR, target / "data")
    shutil.copytree(SEEDS_DIR, target / "seeds")
    for file, columns in NAME_COLUMNS.items():
        path = target / "data" / file
        rows = read_rows(path)
        at = [rows[0].index(c) for c in columns]
        for row in rows[1:]:
            for i in at:
                if row[i]:
                    row[i] = f"{HOSTILE_NAME} {row[i]}"
        write_rows(path, rows)
    return target / "data"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _hostile_copy(tmp_path_factory.mktemp("hostile"))


# --- what counts as markup that survived --------------------------------------------------------


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, and its title's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def live_markup(html: str) -> list[str]:
    """What of the hostile strings acts on a page: a script (the page has none of its own), an
    event attribute, the data's image or link, MathJax or its CDN."""
    found = []
    for tag, attrs in _parse(html).tags:
        if tag == "script":
            found.append(f"<script {attrs}>")
        found += [f"<{tag} {k}=…>" for k in attrs if k.startswith("on")]
        if tag == "img" and attrs.get("src") == "x":
            found.append("<img src=x>")
        href = attrs.get("href") or ""
        if tag == "a" and any(href.startswith(u) for u in DATA_URLS):
            found.append(f"<a href={href}>")
    found += [word for word in ("cdnjs", "mathjax") if word in html.lower()]
    return found


def _unescaped(markdown: str, char: str) -> list[str]:
    """Places where `char` stands in Markdown without a backslash in front (an escaped
    backslash does not count)."""
    out = []
    for m in re.finditer(re.escape(char), markdown):
        backslashes = len(markdown[: m.start()]) - len(markdown[: m.start()].rstrip("\\"))
        if backslashes % 2 == 0:
            out.append(markdown[max(0, m.start() - 30) : m.end() + 10])
    return out


def assert_inert_markdown(markdown: str) -> None:
    """Markdown holding data: rendered as nbconvert renders (CommonMark with bare URLs as links
    and TeX math), nothing of the data acts; every `$` and bare URL is escaped."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    assert live_markup(markdown2html_mistune(markdown)) == []
    text = re.sub(r"`[^`\n]*`", "", markdown)  # a code span (a pattern's `$`) is no math
    assert "<script" not in text and "<img" not in text
    assert _unescaped(text, "$") == [], "a `$` opens TeX math"
    assert _unescaped(text, "*bold*") == [], "emphasis from the data"
    assert re.findall(r"(?i)https?://", text) == [], "a bare URL becomes a link"


# --- the page -----------------------------------------------------------------------------------


def _capture(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What `IPython.display.display` is given, as the notebook's output dicts."""
    import IPython.display
    from IPython.core.formatters import DisplayFormatter

    formatter = DisplayFormatter()
    outputs: list[Any] = []

    def display(*objs: object, **kwargs: object) -> None:
        for obj in objs:
            data, metadata = formatter.format(obj)
            outputs.append(nbformat.v4.new_output("display_data", data=data, metadata=metadata))

    monkeypatch.setattr(IPython.display, "display", display)
    return outputs


def _cell(outputs: list[Any], source: str, show: Callable[[], object]) -> Any:
    """A code cell whose outputs are what `show` displays (and returns, as its last value)."""
    outputs.clear()
    value = show()
    if value is not None:
        from IPython.core.formatters import DisplayFormatter

        data, metadata = DisplayFormatter().format(value)
        result = nbformat.v4.new_output("execute_result", data=data, metadata=metadata)
        result.execution_count = 1
        outputs.append(result)
    return nbformat.v4.new_code_cell(source, outputs=list(outputs))


def _executed_notebook(hostile: Path, district: str, lang: str, monkeypatch) -> Any:
    """A small executed notebook 01 of the hostile data: sentences by `md`, tables by
    `tables.show` (the comparison's view among them), `styled` and a plain DataFrame, each output
    made by the package itself as a kernel would have made it."""
    from analysis.analyses import investment, overview
    from analysis.presentation import narrative, tables, views
    from analysis.presentation.notebook import md, setup

    ctx = setup(district, lang, data_dir=hostile, style=False)
    out = _capture(monkeypatch)
    rows = overview.headline_rows(ctx.ind, ctx.district)
    lists, own = investment.lists_for(ctx.proj, ctx.district, "amounts")
    names = "; ".join(
        str(ctx.ind[c].iloc[0]) for c in ("name_en", "name_zh", "district_short", "district_zh")
    )
    nb = nbformat.v4.new_notebook()
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 1 · Overview\n\n**Question.** What does it say?"),
        _cell(out, "md(...)", lambda: md(f"**{ctx.name()}** names {names}.")),
        _cell(
            out,
            "md(...)",
            lambda: md(narrative.read_headline_kinds(rows, ctx.results_year, lang)),
        ),
        _cell(out, "md(...)", lambda: md(narrative.read_lists(lists, own, ctx.name(), "amounts",
                                                                 lang))),  # fmt: skip
        _cell(out, 'table("headline", ctx, rows)', lambda: tables.show("headline", ctx, rows)),
        _cell(
            out,
            'table("compare", ctx, view=wide)',
            lambda: tables.show("compare", ctx, view=views.compare(ctx.ind, lang, ctx.comp)),
        ),
        _cell(out, 'table("largest_projects", ctx)', lambda: tables.show("largest_projects", ctx)),
        _cell(
            out,
            "styled(...)",
            lambda: tables.styled(ctx.proj[["category_zh", "category_en", "name_en"]], "projects"),
        ),
        _cell(
            out,
            "views.profile(...).to_frame(ctx.name())",
            lambda: views.profile(ctx.ind, ctx.src, ctx.ref, ctx.district, lang).to_frame(
                ctx.name()
            ),
        ),
    ]
    return nb


def _no_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CJK subset is not under test here, and cutting it takes a second a page."""
    from analysis.report import index, pages

    monkeypatch.setattr(pages, "embed_font", lambda body, placeholder: body)
    monkeypatch.setattr(index, "embed_font", lambda body, placeholder: body)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.sweep
def test_hostile_names_on_a_report_page_and_the_landing_page_are_text(
    hostile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    from analysis.base.paths import NOTEBOOKS_DIR
    from analysis.report import index, pages

    _no_font(monkeypatch)
    district = district_keys()[-1]
    nb = _executed_notebook(hostile, district, lang, monkeypatch)
    shown = json.dumps([o["data"] for c in nb.cells for o in c.get("outputs", [])])
    assert shown.count("notacommand") >= 10, "the hostile names are in the outputs"
    site = pages.make_site(NOTEBOOKS_DIR, hostile)
    page = pages.render_report(nb, "01_district_overview", district, lang, site, ["headline"])
    assert live_markup(page) == []
    parsed = _parse(page)
    assert parsed.title.startswith("1 · Overview · "), "the title is the page's, not the data's"
    assert HOSTILE[1] in parsed.title, "the name in the title, as text"
    assert page.count("jp-RenderedMarkdown") >= 3 and page.count("<table") >= 5
    assert "&lt;script&gt;document.title=" in page or "&lt;script>document.title=" in page
    assert "$\\notacommand$" in page, "TeX shown as typed"
    # the landing page, from the same executed notebook
    folder = tmp_path / district / lang
    folder.mkdir(parents=True)
    nbformat.write(nbformat.from_dict(nb), folder / "01_district_overview.ipynb")
    (folder / "01_district_overview.html").write_text(page, encoding="utf-8")
    landing = index.render_index([], tmp_path, lang, site)
    assert live_markup(landing) == []
    assert "document.title=" in landing, "the finding is shown, its tags as text"


@pytest.mark.sweep
def test_the_data_dictionary_of_hostile_names_is_text(hostile: Path) -> None:
    from analysis.contract.dictionary import render

    text = render(hostile)
    assert "notacommand" in text and "example.com" in text, "the hostile names are in it"
    assert_inert_markdown(text)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.sweep
def test_every_table_as_markdown_and_csv_holds_hostile_names_as_text(
    hostile: Path, lang: str
) -> None:
    """Every table as `table NAME --format md|csv` prints it, and its HTML in the notebook: the
    first district of the data in English, the last in Chinese (each table holds its peers)."""
    from analysis.presentation import tables
    from analysis.presentation.notebook import setup

    district = district_keys()[0 if lang == "en" else -1]
    ctx = setup(district, lang, data_dir=hostile, style=False)
    marked = 0
    for name in tables.REGISTRY:
        frame = tables.get(name).compute(ctx)
        shown = tables.show(name, ctx, frame)
        assert_inert_markdown(tables.render(shown, "md"))
        assert live_markup(shown._repr_html_()) == [], name
        text = tables.render(tables.data(name, ctx, frame), "csv")
        cells = [c for r in csv.reader(io.StringIO(text)) for c in r]
        assert not [c for c in cells if c.startswith(("=", "@"))], name
        marked += sum(c.startswith("'=HYPERLINK") for c in cells)
    assert marked > 20, "the hostile names reached the tables"


@pytest.mark.sweep
def test_the_table_command_escapes_markdown_and_marks_formulas(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from analysis import cli

    district = district_keys()[0]
    base = ["table", "largest_projects", "--district", district, "--data-dir", str(hostile)]
    assert cli.main([*base, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(r["name_en"].startswith("'" + HOSTILE[0]) for r in rows)
    assert cli.main([*base, "--format", "md", "--lang", "zh"]) == 0
    md = capsys.readouterr().out
    assert "&lt;script>document.title=" in md and "\\$\\\\notacommand\\$" in md
    assert "http\\://example.com" in md and "\\[a\\](http\\://x) \\*bold\\*" in md
    assert_inert_markdown(md)


def test_markdown_escapes_keep_urls_and_tex_as_text() -> None:
    from analysis.contract.text import escape_markdown, neutralise_markdown

    assert neutralise_markdown("see http://example.com, www.x.org or a@b.cn for $5$") == (
        "see http\\://example.com, www\\.x.org or a\\@b.cn for \\$5\\$"
    )
    assert escape_markdown("A $\\notacommand$ B") == "A \\$\\\\notacommand\\$ B"


# --- charts -------------------------------------------------------------------------------------


@pytest.mark.sweep
def test_a_tex_command_in_a_name_is_drawn_as_typed() -> None:
    import matplotlib
    import pandas as pd

    from analysis.presentation import plots

    name = "A $\\notacommand$ B"
    bycat = pd.DataFrame(
        {
            "category_en": [name, "$x$ plain"],
            "category_zh": ["甲 $\\notacommand$", "乙"],
            "total": [3.0, 1.0],
            "share": [0.75, 0.25],
            "projects": [2, 1],
        }
    )
    for lang in ("en", "zh"):
        fig = plots.category_shares(bycat, lang, who=name)
        assert plots.png_bytes(fig).startswith(b"\x89PNG"), "drawn, no ParseFatalException"
    assert matplotlib.rcParams["text.parse_math"] is False
    assert name in [t.get_text() for t in fig.axes[0].get_yticklabels()] or lang == "zh"


# --- exports ------------------------------------------------------------------------------------


def _add_formula_field(data_dir: Path) -> str:
    """A column headed `=HYPERLINK(…)` in districts.csv, declared in datapackage.json."""
    name = HOSTILE[0]
    desc_path = data_dir / "datapackage.json"
    desc = json.loads(desc_path.read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["path"] == "districts.csv")
    res["schema"]["fields"].append({"name": name, "type": "string", "description": HOSTILE[0]})
    desc_path.write_text(json.dumps(desc, ensure_ascii=False, indent=2), encoding="utf-8")
    rows = read_rows(data_dir / "districts.csv")
    write_rows(data_dir / "districts.csv", [rows[0] + [name]] + [[*r, name] for r in rows[1:]])
    return name


@pytest.mark.sweep
def test_a_formula_in_a_field_name_or_a_name_is_text_in_both_exports(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from analysis.report.export import export

    data = _hostile_copy(tmp_path / "in")
    field = _add_formula_field(data)
    [xlsx] = export("xlsx", tmp_path / "out", data)
    wb = load_workbook(xlsx)
    header = wb["districts"][1]
    assert [c.value for c in header][-1] == field
    formulas = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{ws.title}!{c.coordinate} is a live formula"
                if isinstance(c.value, str) and c.value.startswith("="):
                    assert c.quotePrefix, f"{ws.title}!{c.coordinate}"
                    formulas += 1
    assert formulas > 20, "every hostile name was exported"
    export("csv", tmp_path / "out", data)
    lines = (tmp_path / "out" / "csv" / "districts.csv").read_text(encoding="utf-8-sig")
    head = next(csv.reader(io.StringIO(lines)))
    assert head[-1] == "'" + field, "a field name is marked as text too"
    for path in (tmp_path / "out" / "csv").glob("*.csv"):
        text = path.read_text(encoding="utf-8-sig")
        cells = [c for r in csv.reader(io.StringIO(text)) for c in r]
        assert not [c for c in cells if c.startswith("=")], path.name


@pytest.mark.sweep
def test_a_cell_longer_than_an_excel_cell_is_refused_naming_it(
    data_copy: Path, tmp_path: Path
) -> None:
    from analysis.report.export import export

    long = "长" * 32_768
    set_cell(data_copy / "indicators.csv", 3, "note", long)
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"an earlier workbook")
    with pytest.raises(WorkbookError) as info:
        export("xlsx", target, data_copy)
    assert str(info.value) == (
        'indicators.csv, line 3, column "note": 32,768 characters, more than the 32,767 an Excel '
        "cell holds (Excel would cut the rest); shorten it, or export with --format csv, which "
        "holds any length"
    )
    assert target.read_bytes() == b"an earlier workbook", "nothing written over the old one"
    export("csv", tmp_path / "csv-out", data_copy)
    text = (tmp_path / "csv-out" / "csv" / "indicators.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[1]["note"] == long, "the CSV export holds it whole"


# --- the catalogue ------------------------------------------------------------------------------

SECTION = "## Hostile names on pages, in charts and in exports"


@pytest.mark.sweep
def test_this_section_of_the_catalogue_lists_its_cases_with_messages_the_code_gives() -> None:
    from analysis.base.paths import ROOT
    from tests import test_hostile_inputs as catalogue

    text = catalogue._catalogue()
    assert SECTION in text
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    for words in ("district's name", "`$", "bare URL", "field name", "32,767", "--format md",
                  "--format csv", "chart"):  # fmt: skip
        assert words in section, words
    messages = catalogue._catalogue_messages("## The catalogue" + section)
    assert messages, "the section's messages are read"
    code = catalogue._compiled(catalogue._string_templates(ROOT / "analysis"))
    tests = catalogue._string_templates(ROOT / "tests")
    assert [(case, m) for case, m in messages if not catalogue._given(m, code, tests, "")] == []


def _run_in_process(path: Path, district: str, lang: str, data_dir: Path, monkeypatch) -> Any:
    """A notebook's code cells run here, in this process (no kernel), with papermill's
    parameters: each cell's displays and last value become its outputs."""
    from IPython.core.formatters import DisplayFormatter

    nb = nbformat.read(path, as_version=4)
    out = _capture(monkeypatch)
    namespace: dict[str, object] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        if "parameters" in cell.metadata.get("tags", []):
            source += f"\ndistrict = {district!r}\nlang = {lang!r}\ndata_dir = {str(data_dir)!r}"
        tree = ast.parse(source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        out.clear()
        exec(compile(tree, path.name, "exec"), namespace)  # noqa: S102 - our own notebooks
        if last is not None:
            value = eval(compile(ast.Expression(last.value), path.name, "eval"), namespace)  # noqa: S307
            if value is not None:
                data, metadata = DisplayFormatter().format(value)
                out.append(nbformat.v4.new_output("execute_result", data=data, metadata=metadata,
                                                  execution_count=1))  # fmt: skip
        cell.outputs = list(out)
    return nb


@pytest.mark.slow  # no kernel, but every notebook in both languages: half a minute
# names of 130 characters leave a chart no room for its margins: a matter of layout, not here
@pytest.mark.filterwarnings("ignore:Tight layout not applied")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_notebook_of_hostile_names_runs_and_its_page_is_text(
    hostile: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    from analysis.base.paths import NOTEBOOKS_DIR
    from analysis.report import pages

    _no_font(monkeypatch)
    site = pages.make_site(NOTEBOOKS_DIR, hostile)
    district = district_keys()[0]
    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        nb = _run_in_process(path, district, lang, hostile, monkeypatch)  # charts drawn: no TeX
        page = pages.render_report(
            nb, path.stem, district, lang, site, pages.notebook_tables(path.stem)
        )
        assert live_markup(page) == [], path.stem
