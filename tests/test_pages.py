"""Report pages, landing pages, the embedded font and the thumbnails, on hand-made notebooks.

Tests that subset the CJK font take a second or more each (no kernel): they are marked slow so
that `make test-fast` stays fast; `make test` runs them.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.base.errors import WorkbookError
from analysis.report import fonts, index, pages, runner, thumbnails
from analysis.report.site import Site

SITE = Site(
    notebooks=("01_district_overview", "02_growth_targets", "03_investment"),
    districts=(("yangpu", "Yangpu", "杨浦区"), ("baoshan", "Baoshan", "宝山区")),
    titles=(
        ("01_district_overview", "en", "1 · District overview"),
        ("01_district_overview", "zh", "1 · 区情概览"),
        ("03_investment", "en", "3 · Investment"),
        ("03_investment", "zh", "3 · 投资"),
    ),
)


def _png(width: int = 800, height: int = 400, colour: str = "#c0392b") -> bytes:
    from PIL import Image

    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    image.paste(Image.new("RGBA", (width // 2, height // 2), colour), (10, 10))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _notebook(
    finding: str = "杨浦区 states **28** targets.",
    first_cell: str = "# 2 · 目标\n\n**问题。** 目标如何设定？\n\nMore.",
) -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["language_info"] = {"name": "python"}
    table = pd.DataFrame({"区": ["杨浦区"], "目标": [5.0]}).to_html(index=False)
    nb.cells = [
        new_markdown_cell(first_cell),
        new_code_cell("ctx = setup(district, lang)"),
        new_code_cell(
            'md(narrative.read_targets(master, ctx.district))\ntable("targets", ctx, master)',
            outputs=[
                new_output("display_data", data={"text/markdown": finding, "text/plain": "x"}),
                new_output(
                    "execute_result",
                    data={"text/html": table, "text/plain": "t"},
                    execution_count=1,
                ),
            ],
        ),
        new_code_cell(
            "show(plots.dumbbell(master))",
            outputs=[
                new_output(
                    "display_data",
                    data={"image/png": base64.b64encode(_png()).decode(), "text/plain": "i"},
                )
            ],
        ),
    ]
    return nb


# --- reading a notebook -------------------------------------------------------------------------


def test_what_the_landing_page_reads_from_a_notebook() -> None:
    nb = json.loads(nbformat.writes(_notebook()))
    assert pages.notebook_title(nb, "x") == "2 · 目标"
    assert pages.notebook_question(nb) == "目标如何设定？"
    assert pages.first_markdown_output(nb) == "杨浦区 states **28** targets."
    assert base64.b64decode(pages.first_png(nb)) == _png()
    assert pages.notebook_title({"cells": []}, "02_growth_targets") == "02_growth_targets"
    assert pages.notebook_question({}) == "" and pages.first_png({"cells": "junk"}) == ""


@pytest.mark.parametrize(
    ("markdown", "math"),
    [
        ("The growth $g = y_1 / y_0 - 1$ of a level.", True),
        ("$$x^2$$", True),
        (r"Inline \(x\) math.", True),
        ("It costs $5 and $6 a year.", False),
        ("R&D spending, 亿元 and 5% growth.", False),
    ],
)
def test_a_page_loads_mathjax_only_with_math(markdown: str, math: bool) -> None:
    assert pages.has_math({"cells": [{"cell_type": "markdown", "source": markdown}]}) is math
    output = {"output_type": "display_data", "data": {"text/markdown": markdown}}
    # a computed sentence is data: its `$…$` never loads MathJax (a request from the page)
    assert pages.has_math({"cells": [{"cell_type": "code", "outputs": [output]}]}) is False


def test_a_notebook_file_that_is_not_json_reads_as_none(tmp_path: Path) -> None:
    (tmp_path / "a.ipynb").write_text("{not json", encoding="utf-8")
    (tmp_path / "b.ipynb").write_text("[]", encoding="utf-8")
    assert pages.read_notebook(tmp_path / "a.ipynb") is None
    assert pages.read_notebook(tmp_path / "b.ipynb") is None
    assert pages.read_notebook(tmp_path / "missing.ipynb") is None


# --- the data behind the tables -----------------------------------------------------------------


def test_a_table_csv_is_safe_in_a_spreadsheet_and_keeps_its_numbers() -> None:
    frame = pd.DataFrame(
        {
            "id": ["yp-001", "=HYPERLINK(\"http://x\")", "-3.5", None],
            "value": [2.0, -3.5, 1234567.891, None],
            "count": pd.array([1, -2, 3, None], dtype="Int64"),
        }
    )
    from analysis.presentation.tables import csv_text

    text = csv_text(frame)
    assert text.startswith("\ufeffid,value,count\r\n")
    rows = text[1:].split("\r\n")
    assert rows[1] == "yp-001,2,1"
    assert rows[2] == "\"'=HYPERLINK(\"\"http://x\"\")\",-3.5,-2", "text marked, number signed"
    assert rows[3] == "'-3.5,1234567.891,3", "a text cell that looks like a formula is text"
    assert rows[4] == ",," and rows[5] == ""


def test_the_tables_of_a_notebook_are_those_registered_for_it() -> None:
    from analysis.presentation import tables

    names = pages.notebook_tables("02_growth_targets")
    assert "targets" in names and "fulfilment" in names
    assert all(tables.get(n).notebook == "02_growth_targets" for n in names)
    assert pages.notebook_tables("99_nothing") == []


def test_the_cell_that_shows_a_table_gets_its_link() -> None:
    cell = {"source": 'display(table("largest_projects", ctx))\ntable(\'targets\', ctx)\nx("y")'}
    assert pages._tables_shown(cell, ["targets", "largest_projects"]) == [
        "largest_projects",
        "targets",
    ]
    assert pages._tables_shown(cell, ["targets"]) == ["targets"]


# --- font and thumbnails ------------------------------------------------------------------------


def test_the_characters_of_a_page_are_its_text_not_its_markup() -> None:
    page = (
        '<html><head><style>.x{content:"样式"}</style><script>var s="脚本"</script></head>'
        '<body><p title="提示">杨浦 &amp; &#23453;山</p><!-- 注释 -->'
        '<img src="data:image/png;base64,QUJDREVG"></body></html>'
    )
    chars = fonts.page_characters(page)
    for c in "杨浦&宝山提示":
        assert c in chars
    for c in "样式脚本注释<>{}FQ":
        assert c not in chars, c
    assert chars == "".join(sorted(set(chars)))
    assert fonts.has_cjk("GDP 增速") and not fonts.has_cjk("GDP growth, R&D")


@pytest.mark.slow  # no kernel: two font subsets, a second or more each
def test_the_font_subset_holds_the_characters_and_is_the_same_bytes() -> None:
    from fontTools.ttLib import TTFont

    chars = "".join(sorted(set("杨浦区宝山区 GDP 增速 5.5%（预计）")))
    fonts.woff_subset.cache_clear()
    first = fonts.woff_subset(chars)
    fonts.woff_subset.cache_clear()
    assert fonts.woff_subset(chars) == first, "deterministic"
    assert first[:4] == b"wOFF"
    font = TTFont(io.BytesIO(first))
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in chars if c != " " or 32 in cmap)
    assert len(cmap) < 60, "only what the page needs"
    assert len(first) < 30_000
    css = fonts.font_face_css(chars)
    assert css.startswith('@font-face{font-family:"Workbook Noto Sans CJK SC";src:url(data:font/')


def test_a_thumbnail_is_smaller_flat_and_the_same_bytes() -> None:
    from PIL import Image

    small = thumbnails.thumbnail(_png(1600, 900))
    assert small == thumbnails.thumbnail(_png(1600, 900))
    with Image.open(io.BytesIO(small)) as image:
        assert image.size == (thumbnails.WIDTH, 270) and image.mode == "RGB"
        assert image.getpixel((thumbnails.WIDTH - 1, 269)) == (255, 255, 255), "on white"
    with Image.open(io.BytesIO(thumbnails.thumbnail(_png(200, 100)))) as image:
        assert image.size == (200, 100), "never scaled up"
    uri = thumbnails.thumbnail_data_uri(base64.b64encode(_png()).decode())
    assert uri.startswith("data:image/png;base64,")
    assert thumbnails.thumbnail_data_uri("bm90IGFuIGltYWdl") == "", "not an image: no picture"
    assert thumbnails.thumbnail_data_uri("%%%") == ""


# --- a report page ------------------------------------------------------------------------------


@pytest.mark.slow  # no kernel: nbconvert and a font subset
def test_a_report_page_is_self_contained_and_navigable() -> None:
    nb = _notebook()
    args = ("02_growth_targets", "yangpu", "zh", SITE, ["targets", "fulfilment"])
    page = pages.render_report(nb, *args)
    assert page == pages.render_report(nb, *args), "the same bytes"
    assert '<html lang="zh">' in page
    assert "<title>2 · 目标 · 杨浦区 · 中文</title>" in page
    assert "<script" not in page, "no script at all: no require.js, no MathJax, no CDN"
    assert "http://" not in page.replace("http://x", "") and "https://" not in page
    assert '@font-face{font-family:"Workbook Noto Sans CJK SC";src:url(data:font/woff;' in page
    assert "ctx = setup(" not in page, "code hidden"
    for href in (
        "../../index.zh.html",  # the landing page of the language
        "01_district_overview.html",  # previous
        "03_investment.html",  # next
        "../../baoshan/zh/02_growth_targets.html",  # the other district
        "../en/02_growth_targets.html",  # the other language
        "csv/targets.csv",
        "csv/fulfilment.csv",
    ):
        assert f'href="{href}"' in page, href
    assert "← 1 · 区情概览" in page and "3 · 投资 →" in page
    assert '<strong aria-current="page">杨浦区</strong>' in page
    table_at, link_at = page.index("<table"), page.index('class="sdpw-csv"')
    chart = re.search(r'<img [^<>]*alt="图表"', page)
    assert chart is not None, "each chart has its own alt text"
    chart_at = chart.start()
    assert table_at < link_at < chart_at, "the CSV link sits under its table"
    assert page.count('href="csv/targets.csv"') == 2, "under the table and in the list at the end"
    assert page.count('href="csv/fulfilment.csv"') == 1, "a table no cell names: the list only"
    assert "No description has been provided" not in page


@pytest.mark.slow  # no kernel: nbconvert and a font subset
def test_an_english_page_at_the_end_of_the_workbook_and_a_page_with_math() -> None:
    nb = _notebook(first_cell="# 3 · Investment\n\n**Question.** How much?\n\n$x^2$ per year.")
    page = pages.render_report(nb, "03_investment", "baoshan", "en", SITE, ["investment"])
    assert "<title>3 · Investment · Baoshan 宝山区 · English</title>" in page
    assert 'rel="next"' not in page and 'href="02_growth_targets.html"' in page
    assert 'href="../zh/03_investment.html"' in page and ">中文</a>" in page
    assert "mathjax" in page.lower(), "a page with math loads MathJax"
    assert "Fixed-asset investment" in page or "investment.csv" in page


# --- the landing pages --------------------------------------------------------------------------


def _folder_with_reports(tmp_path: Path, finding: str) -> Path:
    for district in ("yangpu", "baoshan"):
        for lang in ("en", "zh"):
            folder = tmp_path / district / lang
            folder.mkdir(parents=True)
            for stem in ("02_growth_targets", "03_investment"):
                (folder / f"{stem}.ipynb").write_text(
                    nbformat.writes(_notebook(finding=f"{district}: {finding}")), encoding="utf-8"
                )
                (folder / f"{stem}.html").write_text("<p>report</p>", encoding="utf-8")
    return tmp_path


@pytest.mark.slow  # no kernel: two landing pages, a font subset each
def test_the_landing_pages_show_question_thumbnail_findings_and_links(tmp_path: Path) -> None:
    from analysis.contract.text import neutralise_markdown

    hostile = "**28** targets <script>alert(1)</script> [click](javascript:alert(2))"
    # as md() writes it (its HTML made inert), then as a hand-edited notebook might hold it
    out = _folder_with_reports(tmp_path, neutralise_markdown(hostile) + " | raw: " + hostile)
    job = runner.Job(Path("03_investment.ipynb"), "baoshan", "zh", out)
    failed = runner.Result(job, False, 0.0, '"><img src=x onerror=alert(3)>')
    path = index.write_index([failed], out, SITE)
    assert path == out / "index.html"
    en = (out / "index.html").read_text(encoding="utf-8")
    zh = (out / "index.zh.html").read_text(encoding="utf-8")
    assert index.is_our_index(out / "index.html") and index.is_our_index(out / "index.zh.html")
    assert '<html lang="en">' in en and '<html lang="zh">' in zh
    assert 'href="index.zh.html"' in en and 'href="index.html"' in zh
    for page, lang in ((en, "en"), (zh, "zh")):
        assert ("Every January each Shanghai" if lang == "en" else "每年一月，上海各区") in page
        assert page.count("<section") == 2
        assert page.count('<img src="data:image/png;base64,') == 2, "one thumbnail per notebook"
        assert "目标如何设定？" in page, "the question"
        assert page.index("02_growth_targets") < page.index("03_investment"), "reading order"
        assert f'href="yangpu/{lang}/02_growth_targets.html"' in page
        assert f'href="baoshan/{lang}/02_growth_targets.ipynb"' in page
        assert "<strong>28</strong> targets" in page, "the finding, its Markdown rendered"
        assert "<script" not in page and 'href="javascript' not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; [click](javascript:alert(2)) | raw:" in page
        assert "| raw: <strong>28</strong> targets alert(1) click" in page, "tags gone, text kept"
        assert page.index("杨浦区") < page.index("宝山区"), "districts in the data's order"
    assert "failed in the last run" not in en, "the failed run was in Chinese"
    assert "最近一次运行失败</span> (此前版本: <a" in zh, "the failure beside the earlier report"
    assert 'title="&#34;&gt;&lt;img src=x onerror=alert(3)&gt;"' in zh, "the error, escaped"
    assert index.render_index([failed], out, "zh", SITE) == zh, "the same bytes"


@pytest.mark.slow  # no kernel: two landing pages, a font subset each
def test_a_landing_page_with_nothing_yet_says_how_to_run(tmp_path: Path) -> None:
    (tmp_path / "yangpu" / "en").mkdir(parents=True)
    (tmp_path / "yangpu" / "en" / "02_growth_targets.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "yangpu" / "en" / "02_growth_targets.html").write_text("x", encoding="utf-8")
    index.write_index([], tmp_path, SITE)
    zh = (tmp_path / "index.zh.html").read_text(encoding="utf-8")
    en = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "尚无中文报告" in zh
    assert 'href="yangpu/en/02_growth_targets.html"' in en, "a notebook it cannot read: listed"


def test_a_chinese_landing_page_the_runner_did_not_write_is_refused(tmp_path: Path) -> None:
    (tmp_path / "index.zh.html").write_text("<h1>我的页面</h1>", encoding="utf-8")
    with pytest.raises(WorkbookError) as info:
        runner.check_output_dir(tmp_path)
    assert str(info.value) == (
        f"refusing --output {tmp_path}: it holds an index.zh.html that this workbook did not "
        "write, which the report would overwrite; choose another folder or move that file"
    )


def test_the_csv_beside_a_report_is_what_its_outputs_showed() -> None:
    """Two displays of one table (one per list) become one CSV: the header once, the rows of
    both; a display with other columns is not joined (the table is computed instead)."""
    from analysis.presentation.tables import CSV_MIME

    def shown(name: str, csv: str):
        return new_output(
            "display_data",
            data={"text/plain": "t", CSV_MIME: csv},
            metadata={CSV_MIME: {"table": name}},
        )

    cell = new_code_cell("x")
    cell.outputs = [
        shown("a", "\ufeffk,v\r\n1,2\r\n"),
        shown("a", "\ufeffk,v\r\n3,4\r\n"),
        shown("b", "\ufeffk,v\r\n1,2\r\n"),
        shown("b", "\ufeffk,w\r\n5,6\r\n"),
    ]
    nb = new_notebook(cells=[new_markdown_cell("m"), cell])
    assert pages.shown_csvs(nb) == {"a": "\ufeffk,v\r\n1,2\r\n3,4\r\n"}


def test_downloads_list_what_the_export_wrote(tmp_path: Path) -> None:
    """The landing page links the files under data/ only: the workbook first, then each
    format's folder, names escaped by the template; no folder, no section."""
    assert index.downloads(tmp_path) == []
    data = tmp_path / index.DATA_FOLDER
    (data / "csv").mkdir(parents=True)
    (data / "dta").mkdir()
    (data / "shanghai-district-plans.xlsx").write_bytes(b"x")
    (data / "csv" / "indicators.csv").write_text("a\n", encoding="utf-8")
    (data / "csv" / ".tmp.123.csv").write_text("a\n", encoding="utf-8")  # a writer's temporary
    (data / "dta" / "indicators.dta").write_bytes(b"x")
    found = index.downloads(tmp_path)
    assert [d["format"] for d in found] == ["xlsx", "csv", "dta"]
    assert found[1]["files"] == [("indicators.csv", "data/csv/indicators.csv", "indicators.csv")]
    assert found[2]["files"] == [("indicators.dta", "data/dta/indicators.dta", "indicators.dta")]
    # a Chinese reader is told what each file holds; the name stays its address
    zh = index.downloads(tmp_path, "zh")
    assert zh[1]["files"] == [("指标（附原句）", "data/csv/indicators.csv", "indicators.csv")]
    assert zh[0]["files"][0][0] == "全部数据（一个工作簿）"


@pytest.mark.slow  # no kernel: two landing pages, a font subset each
def test_the_landing_pages_link_the_data_export(tmp_path: Path) -> None:
    data = tmp_path / index.DATA_FOLDER / "csv"
    data.mkdir(parents=True)
    (data / "indicators.csv").write_text("a\n", encoding="utf-8")
    (tmp_path / index.DATA_FOLDER / "shanghai-district-plans.xlsx").write_bytes(b"x")
    index.write_index([], tmp_path, SITE)
    en = (tmp_path / "index.html").read_text(encoding="utf-8")
    zh = (tmp_path / "index.zh.html").read_text(encoding="utf-8")
    assert "<h2>Download the data</h2>" in en and "<h2>下载数据</h2>" in zh
    for page in (en, zh):
        assert 'href="data/shanghai-district-plans.xlsx" download' in page
        assert 'href="data/csv/indicators.csv" download' in page
    assert "CSV（UTF-8）：" in zh and "CSV (UTF-8): " in en
    assert 'title="indicators.csv">指标（附原句）</a>' in zh


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Yangpu states 28 targets; 10 are below. 28 have a number.", "Yangpu states 28 targets; "
         "10 are below."),
        ("Growth of 2.5% and 5.15 亿元 at most. Then more.",
         "Growth of 2.5% and 5.15 亿元 at most."),
        ("Of the figures, 6 are estimates (预计). Actual results: a; b.",
         "Of the figures, 6 are estimates (预计)."),
        ("杨浦区列出目标28项，低于完成数10项。其中有数值的28项。",
         "杨浦区列出目标28项，低于完成数10项。"),
        ("One sentence only", "One sentence only"),
    ],
)  # fmt: skip
def test_a_landing_finding_is_the_first_sentence(text: str, first: str) -> None:
    assert index.first_sentence(text) == first
