"""The landing pages, reports/index.html (English) and reports/index.zh.html (Chinese), rendered
from templates/index.html.j2.

Each says what the workbook is, then for each notebook its question, a thumbnail of its main chart,
its headline finding for each district (the first sentence the executed notebook computed) and the
links. Together they list every report present in the output folder, not only this run's: a run of
one notebook into a full report keeps the other links. Each carries a generator mark, so that the
runner recognises its own pages and refuses to overwrite a user's. Everything shown is escaped;
the findings and questions are the notebooks' Markdown, rendered and cleaned down to emphasis.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.base.files import atomic_write_text
from analysis.base.paths import NOTEBOOKS_DIR
from analysis.load.vocabulary import LANGS
from analysis.report import pages
from analysis.report.fonts import embed_font
from analysis.report.jobs import Result
from analysis.report.site import (
    FONT_PLACEHOLDER,
    GENERATOR,
    HTML_LANG,
    LANDING,
    TEMPLATES,
    Site,
    stylesheet,
)
from analysis.report.thumbnails import thumbnail_data_uri

_MARK = f'<meta name="generator" content="{GENERATOR}">'


_KEY = re.compile(r"[a-z][a-z0-9_]*")
_NOTEBOOK = re.compile(r"[0-9][0-9]_[A-Za-z0-9_]+")


def is_our_index(path: Path) -> bool:
    """True when `path` is an index this workbook wrote (it carries the generator mark)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return _MARK.encode() in head


@dataclass(frozen=True)
class _Entry:
    notebook: str
    district: str
    lang: str
    ok: bool
    html: str = ""
    ipynb: str = ""
    error: str = ""


def _present(output_dir: Path) -> list[_Entry]:
    """Reports already in the folder: <district>/<lang>/<notebook>.html beside its .ipynb."""
    found = []
    for html in sorted(output_dir.glob("*/*/*.html")):
        lang_dir = html.parent
        district, lang, stem = lang_dir.parent.name, lang_dir.name, html.stem
        if lang not in LANGS or not _KEY.fullmatch(district) or not _NOTEBOOK.fullmatch(stem):
            continue
        if not html.with_suffix(".ipynb").is_file():
            continue
        rel = html.relative_to(output_dir)
        found.append(
            _Entry(stem, district, lang, True, rel.as_posix(), rel.with_suffix(".ipynb").as_posix())
        )
    return found


def _entries(results: Sequence[Result], output_dir: Path) -> list[_Entry]:
    by_key = {(e.notebook, e.district, e.lang): e for e in _present(output_dir)}
    for r in results:
        key = (r.job.notebook.stem, r.job.district, r.job.lang)
        if r.ok:
            target = r.job.target
            by_key[key] = _Entry(
                *key,
                True,
                target.with_suffix(".html").relative_to(output_dir).as_posix(),
                target.relative_to(output_dir).as_posix(),
            )
        else:  # the earlier report, if any, is still there: keep its links beside the failure
            old = by_key.get(key)
            html, ipynb = (old.html, old.ipynb) if old else ("", "")
            by_key[key] = _Entry(*key, False, html, ipynb, error=r.error or "")
    return list(by_key.values())


#: The words of the landing pages, per language.
LANDING_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Shanghai District Plans Workbook",
        "intro": (
            "Every January each Shanghai district's People's Congress adopts a report on last "
            "year's plan and this year's plan. This workbook turns such reports into curated "
            "data in which every number carries the sentence it comes from, and into notebooks "
            "that compare the districts' growth targets, investment and social spending."
        ),
        "how": (
            "Each notebook below was run for each district; a report is one run, with the code "
            "hidden, and the data of each of its tables can be downloaded as CSV from the "
            "report. The finding under each chart is the first sentence the notebook computes "
            "from the data for that district; the report says more."
        ),
        "report": "report",
        "ipynb": "notebook (.ipynb)",
        "failed": "failed in the last run",
        "earlier": "earlier",
        "none": "No report in English yet: run python -m analysis run --lang en.",
        "other": "中文",
        "chart": "Chart of",
        "data": "Download the data",
        "data_how": (
            "Every table of the curated data (indicators with their quotes, projects, reference "
            "figures, sources), written by this run: one spreadsheet, or one CSV or Stata file per "
            "table."
        ),
        "xlsx": "spreadsheet (.xlsx)",
        "csv": "CSV (UTF-8)",
        "dta": "Stata (.dta)",
        "sep": ": ",
    },
    "zh": {
        "title": "上海区级发展计划数据工作簿",
        "intro": (
            "每年一月，上海各区人民代表大会审议通过上一年国民经济和社会发展计划执行情况与本年计划"
            "草案的报告。本工作簿把这些报告整理为可核查的数据，每个数字都附有其出处原句，并以笔记本"
            "比较各区的增长目标、投资和社会事业支出。"
        ),
        "how": (
            "下列每个笔记本都已按各区分别运行；每份报告即一次运行的结果（代码已隐藏），报告中每张表"
            "的数据均可下载为 CSV 文件。图表旁的结论是笔记本根据该区数据算出的第一句话。"
        ),
        "report": "报告",
        "ipynb": "笔记本（.ipynb）",
        "failed": "最近一次运行失败",
        "earlier": "此前版本",
        "none": "尚无中文报告：请运行 python -m analysis run --lang zh。",
        "other": "English",
        "chart": "图表：",
        "data": "下载数据",
        "data_how": (
            "本次运行写出的全部整理数据（指标及其原句、项目、参考数据、来源）："
            "一个电子表格，或每表一个 CSV 或 Stata 文件。"
        ),
        "xlsx": "电子表格（.xlsx）",
        "csv": "CSV（UTF-8）",
        "dta": "Stata（.dta）",
        "sep": "：",
    },
}


#: What a finding or question may keep of its Markdown: emphasis and code, nothing else.
_INLINE_TAGS = {"strong", "em", "code", "sub", "sup", "br"}


def _markdown(text: str, inline: bool = True) -> Any:
    """The notebooks' Markdown as HTML for the autoescaping template: rendered as CommonMark
    (so an entity the notebook wrote, `&lt;`, shows as `<`, as in the report), then cleaned with
    bleach down to emphasis and code: any other tag, a link or an image is dropped, its text
    kept as text."""
    import bleach
    import markupsafe
    import mistune

    html = mistune.create_markdown(escape=False)(text).strip()
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    clean = bleach.clean(html, tags=_INLINE_TAGS, attributes={}, strip=True, strip_comments=True)
    return markupsafe.Markup(clean)  # noqa: S704 - cleaned by bleach above


#: Where a sentence ends: a full stop, question or exclamation mark before a space and a capital,
#: a digit or emphasis (so 2.5 and "e.g. x" do not end one), or a Chinese full stop.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9*_(“\"])|(?<=[。！？])")


def first_sentence(text: str) -> str:
    """The first sentence of a computed reading: the finding a landing page shows, one short
    sentence under each chart (the report has the rest)."""
    text = " ".join(text.split())
    head = _SENTENCE_END.split(text, maxsplit=1)[0]
    return head.strip()


def _site_or_default(site: Site | None) -> Site:
    if site is not None:
        return site
    try:
        return pages.make_site(NOTEBOOKS_DIR)
    except Exception:  # noqa: BLE001 - broken data never stops the index: keys stand for names
        return Site((), ())


def _order(keys: set[str], preferred: Sequence[str]) -> list[str]:
    return [k for k in preferred if k in keys] + sorted(keys - set(preferred))


#: Where a report run writes the data export, inside its output folder.
DATA_FOLDER = "data"


#: What each exported file holds, for a Chinese reader (the English page names the files): the
#: link says what the table is, the file's name is its address and its hover text.
FILE_TITLES_ZH = {
    "README": "说明（各表各列的含义）", "sources": "来源报告", "districts": "各区",
    "categories": "指标类别", "units": "单位", "qualifiers": "限定词", "catalogue": "指标目录",
    "indicators": "指标（附原句）", "projects": "投资项目", "reference": "参考数据（附出处）",
    "exceptions": "数值核对的例外", "city_indicators": "区指标与全市指标对照",
    "comparability": "可比性规则", "targets_panel": "目标与完成数面板（各区及全市）",
    "backing": "限定词出处表（另句写明的承诺、属性）", "parts": "分项合计表",
}  # fmt: skip


def _file_label(name: str, lang: str) -> str:
    stem = name.rsplit(".", 1)[0]
    if lang != "zh":
        return name
    if name.endswith(".xlsx"):
        return "全部数据（一个工作簿）"
    return FILE_TITLES_ZH.get(stem, name)


def downloads(output_dir: Path, lang: str = "en") -> list[dict[str, Any]]:
    """The export files a run wrote under `output_dir`/data, by format (xlsx first, then each
    folder of per-table files), as links relative to the landing page: only what is there.
    Each file is (its label in `lang`, its link, its name)."""
    folder = output_dir / DATA_FOLDER
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.xlsx")):
        out.append(
            {
                "format": "xlsx",
                "files": [(_file_label(path.name, lang), f"{DATA_FOLDER}/{path.name}", path.name)],
            }
        )
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink()):
        files = [
            (_file_label(f.name, lang), f"{DATA_FOLDER}/{sub.name}/{f.name}", f.name)
            for f in sorted(sub.iterdir())
            if f.is_file() and not f.name.startswith(".")
        ]
        if files:
            out.append({"format": sub.name, "files": files})
    return out


def _landing_context(
    entries: Sequence[_Entry], output_dir: Path, lang: str, site: Site
) -> dict[str, Any]:
    words = LANDING_TEXT[lang]
    mine = [e for e in entries if e.lang == lang]
    stems = _order({e.notebook for e in mine}, site.notebooks)
    keys = _order({e.district for e in mine}, [k for k, _, _ in site.districts])
    by = {(e.notebook, e.district): e for e in mine}
    notebooks = []
    for stem in stems:
        title, question, thumb, rows = "", "", "", []
        for key in keys:
            e = by.get((stem, key))
            if e is None:
                continue
            nb = pages.read_notebook(output_dir / e.ipynb) if e.ipynb else None
            nb = pages.one_language(nb, lang) if nb is not None else None
            finding = ""
            if nb is not None:
                title = title or pages.notebook_title(nb, "")
                question = question or pages.notebook_question(nb)
                thumb = thumb or (thumbnail_data_uri(pages.first_png(nb)) if e.ok else "")
                finding = first_sentence(pages.first_markdown_output(nb)) if e.ok else ""
            rows.append(
                {
                    "name": site.district_name(key, lang),
                    "ok": e.ok,
                    "html": e.html,
                    "ipynb": e.ipynb,
                    "error": e.error,
                    "finding": _markdown(finding) if finding else "",
                }
            )
        notebooks.append(
            {
                "key": stem,
                "title": title or site.title(stem, lang),
                "question": _markdown(question) if question else "",
                "thumbnail": thumb,
                "districts": rows,
            }
        )
    other = next(lg for lg in LANGS if lg != lang)
    return {
        "lang": lang,
        "words": words,
        "notebooks": notebooks,
        "downloads": downloads(output_dir, lang),
        "other_href": LANDING[other],
        "other_lang": other,
    }


def render_index(
    results: Sequence[Result], output_dir: Path, lang: str = "en", site: Site | None = None
) -> str:
    """The landing page of one language, with the page's own font embedded."""
    import jinja2
    import markupsafe

    site = _site_or_default(site)
    entries = _entries(results, output_dir)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True
    )
    page = env.get_template("index.html.j2").render(
        generator=GENERATOR,
        html_lang=HTML_LANG[lang],
        css=markupsafe.Markup(stylesheet()),  # noqa: S704 - our own stylesheet
        **_landing_context(entries, output_dir, lang, site),
    )
    return embed_font(page, FONT_PLACEHOLDER)


def write_index(results: Sequence[Result], output_dir: Path, site: Site | None = None) -> Path:
    """Write the landing page of each language into `output_dir` atomically; returns the English
    one's path. An OSError names the page that could not be written."""
    site = _site_or_default(site)
    for lang in LANGS:
        path = output_dir / LANDING[lang]
        try:
            atomic_write_text(path, render_index(results, output_dir, lang, site))
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(path)) from None
    return output_dir / LANDING["en"]
