"""Every landing page and report in a real browser: no console error, no request that leaves
the file system, every image loaded, every link resolving, and every Chinese text drawn with the
page's embedded font (CSS.getPlatformFontsForNode over the DevTools protocol), never a fallback.
Every table fits its page at 1280 px (no wider than the page's column, no row taller than
150 px, at most 12 columns), and a Chinese page's drawn text is at most 3% English words.
A full-page screenshot of each page goes to reports/screenshots/.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from analysis.base.paths import NOTEBOOKS_DIR
from analysis.report import pages
from analysis.report.fonts import FAMILY, font_face_css, has_cjk
from analysis.report.site import LANDING
from tests.browser.conftest import REPORTS

LANDINGS = [REPORTS / name for name in LANDING.values()]
REPORT_PAGES = sorted(p for p in REPORTS.glob("*/*/*.html") if ".failed" not in p.name)
PAGES = [p for p in LANDINGS if p.exists()] + REPORT_PAGES
SHOTS = REPORTS / "screenshots"

#: Elements whose text is never drawn as page text.
UNDRAWN = {"TITLE", "STYLE", "SCRIPT", "NOSCRIPT", "TEMPLATE", "HEAD", "META"}


#: What a table may take of the page at 1280 px.
MAX_ROW_PX, MAX_COLUMNS = 150, 12
#: The most a Chinese page's drawn text may be English: words ÷ (words + Chinese characters).
MAX_ENGLISH = 0.03
#: The only Latin-script tokens not counted: abbreviations in capitals (GDP, R&D, CPI, AQI, CSV)
#: and tokens with a digit (5G, PM2.5, UTF-8).
_ABBREVIATION = re.compile(r"[A-Z][A-Z&]{1,5}|[A-Za-z]*\d[\w.-]*|[A-Z]+-\d+")
_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'_.-]*")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

#: Each table's size against the column it stands in: width, its tallest row, its columns.
TABLES_JS = """() => Array.from(document.querySelectorAll('table')).map((t, i) => {
  const box = (t.closest('main') || document.body).getBoundingClientRect();
  const style = getComputedStyle(t.closest('main') || document.body);
  const room = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const rows = Array.from(t.rows);
  return {
    index: i,
    width: Math.max(t.getBoundingClientRect().width, t.scrollWidth),
    room: room,
    tallest: Math.max(0, ...rows.map(r => r.getBoundingClientRect().height)),
    columns: Math.max(0, ...rows.map(r => Array.from(r.cells)
      .reduce((n, c) => n + (c.colSpan || 1), 0))),
    head: rows.length ? rows[0].innerText.replace(/\\s+/g, ' ').slice(0, 60) : '',
  };
})"""


def english_share(text: str) -> tuple[float, list[str]]:
    """English words ÷ (English words + Chinese characters) in drawn text, and the words; only
    abbreviations are excused."""
    words = [
        w
        for w in _LATIN.findall(text)
        if re.search(r"[A-Za-z]", w) and not _ABBREVIATION.fullmatch(w.strip(".-"))
    ]
    han = len(_HAN.findall(text))
    return (len(words) / (len(words) + han) if words or han else 0.0), words


def table_problems(tables: list[dict]) -> list[str]:
    """What is wrong with a page's tables at its width."""
    out = []
    for t in tables:
        where = f"table {t['index'] + 1} ({t['head']!r})"
        if t["width"] > t["room"] + 1:
            out.append(f"{where} is {t['width']:.0f} px wide in a {t['room']:.0f} px page")
        if t["tallest"] > MAX_ROW_PX:
            out.append(f"{where} has a row {t['tallest']:.0f} px tall (at most {MAX_ROW_PX})")
        if t["columns"] > MAX_COLUMNS:
            out.append(f"{where} shows {t['columns']} columns (at most {MAX_COLUMNS})")
    return out


def _id(path: Path) -> str:
    return path.relative_to(REPORTS).as_posix()


def _local_path(url: str) -> Path | None:
    parts = urlsplit(url)
    return Path(unquote(parts.path)) if parts.scheme == "file" else None


def chinese_nodes(page) -> Iterator[tuple[str, str, list[dict]]]:
    """Each element drawn with Chinese text of its own: its tag, that text and the fonts that
    drew it (CSS.getPlatformFontsForNode over the DevTools protocol, shadow roots included).
    An element the page re-rendered while it was read (JupyterLab renders lazily) is passed."""
    from playwright.sync_api import Error

    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    stack = [cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]]
    try:
        while stack:
            node = stack.pop()
            children = node.get("children", [])
            stack.extend(children)
            if node.get("nodeType") != 1 or node.get("nodeName") in UNDRAWN:
                continue
            own = "".join(c.get("nodeValue", "") for c in children if c.get("nodeType") == 3)
            if not has_cjk(own):
                continue
            try:
                fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
            except Error:
                continue
            if fonts["fonts"]:  # else not drawn (hidden, or outside the rendered window)
                yield node["nodeName"].lower(), own, fonts["fonts"]
    finally:
        cdp.detach()


def _chinese_fonts(page) -> tuple[int, list[str]]:
    """How many elements hold Chinese text of their own, and those drawn with any font that is
    not one the page embeds (with the fonts used)."""
    checked, wrong = 0, []
    for tag, own, fonts in chinese_nodes(page):
        checked += 1
        fallback = [f["familyName"] for f in fonts if not f.get("isCustomFont")]
        if fallback:
            wrong.append(f"<{tag}> {own.strip()[:40]!r}: {fallback}")
    return checked, wrong


def check_page(browser, path: Path, screenshot: Path | None = None) -> tuple[list[str], dict]:
    """Open `path` in a fresh browser context; return what is wrong with it, and facts (title,
    how many Chinese elements were checked)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    problems: list[str] = []

    def route(r) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            problems.append(f"request that leaves the file: {url}")
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on(
        "requestfailed",
        lambda r: r.url.startswith("file:") and problems.append(f"file not loaded: {r.url}"),
    )
    try:
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        title = page.title()
        broken = page.evaluate(
            """() => Array.from(document.images)
                .filter(i => !i.complete || i.naturalWidth === 0)
                .map(i => (i.getAttribute('src') || '').slice(0, 60))"""
        )
        links = page.evaluate(
            """() => Array.from(document.querySelectorAll('a[href]'))
                .map(a => [a.getAttribute('href'), a.href])"""
        )
        ids = set(page.evaluate("() => Array.from(document.querySelectorAll('[id]'), e => e.id)"))
        faces = page.evaluate("() => Array.from(document.fonts).map(f => [f.family, f.status])")
        tables = page.evaluate(TABLES_JS)
        text = page.evaluate("() => document.body.innerText")
        lang = page.evaluate("() => document.documentElement.lang")
        landing = page.evaluate(
            """() => ({
              notebooks: document.querySelectorAll('section.notebook').length,
              pictures: document.querySelectorAll('section.notebook .thumb img').length,
              downloads: Array.from(document.querySelectorAll('section.downloads a[href]'),
                                    a => a.getAttribute('href')),
            })"""
        )
        checked, fallback = _chinese_fonts(page)
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
    finally:
        context.close()
    problems += [f"image that did not load: {src}" for src in broken]
    for raw, resolved in links:
        if raw.startswith("#"):
            ok = unquote(raw[1:]) in ids
        else:
            local = _local_path(resolved)
            ok = local is not None and local.is_file()
        if not ok:
            problems.append(f"link that does not resolve to a file here: {raw}")
    problems += [f"web font not loaded: {face}" for face in faces if face[1] != "loaded"]
    problems += [f"Chinese text in a fallback font: {w}" for w in fallback]
    problems += table_problems(tables)
    share, words = english_share(text)
    if lang.startswith("zh") and share > MAX_ENGLISH:
        problems.append(f"{share:.1%} English words on a Chinese page: {sorted(set(words))[:20]}")
    facts = {"title": title, "chinese": checked, "faces": faces, "tables": tables,
             "english": share, "landing": landing}  # fmt: skip
    return problems, facts


def test_the_report_folder_holds_the_landing_pages_and_reports() -> None:
    missing = [_id(p) for p in LANDINGS if not p.exists()]
    assert not missing, f"missing {missing} in {REPORTS}: run make report first"
    assert REPORT_PAGES, f"no report in {REPORTS}: run make report first"


@pytest.mark.parametrize("path", PAGES, ids=_id)
def test_page_in_chromium(browser, path: Path) -> None:
    shot = SHOTS / (_id(path).replace("/", "_").removesuffix(".html") + ".png")
    problems, facts = check_page(browser, path, shot)
    assert not problems, "\n".join(problems)
    assert [FAMILY, "loaded"] in facts["faces"], facts["faces"]
    assert facts["chinese"], "no Chinese text checked: every page names the districts in Chinese"
    if path in LANDINGS:
        # a picture for every notebook, and the data export linked in every format
        found = facts["landing"]
        assert found["notebooks"] and found["pictures"] == found["notebooks"], found
        formats = {
            href.split("/")[1] if href.count("/") > 1 else href for href in found["downloads"]
        }
        assert {"csv", "dta"} <= formats and any(h.endswith(".xlsx") for h in formats), formats
        return
    district, lang, stem = path.parent.parent.name, path.parent.name, path.stem
    site = pages.make_site(NOTEBOOKS_DIR)
    title = facts["title"]
    assert site.district_name(district, lang) in title, title
    assert pages.LANGUAGE_NAMES[lang] in title, title
    assert title.startswith(site.title(stem, lang)), title


# --- the checks themselves catch what they look for ---------------------------------------------

_PNG = (  # a 1×1 white PNG
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
)


def _page(folder: Path, name: str, body: str, font: bool = True) -> Path:
    text = "杨浦区宝山区" + body
    css = font_face_css("".join(sorted(set(text)))) if font else ""
    style = f'{css} body{{font-family:"{FAMILY}",sans-serif}}'
    path = folder / name
    path.write_text(
        f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>t</title>'
        f"<style>{style}</style></head><body><p>杨浦区宝山区</p>{body}</body></html>",
        encoding="utf-8",
    )
    return path


def test_only_abbreviations_are_excused_from_the_english_share() -> None:
    share, words = english_share("地区生产总值 GDP、R&D、CPI 与 5G、PM2.5、UTF-8 table")
    assert words == ["table"]
    assert share == 1 / (1 + 7)  # seven Chinese characters
    assert english_share("")[0] == 0.0


def test_a_good_page_passes_the_checks(browser, tmp_path: Path) -> None:
    (tmp_path / "other.html").write_text("<p>ok</p>", encoding="utf-8")
    good = _page(
        tmp_path,
        "good.html",
        f'<a href="other.html">下一页</a> <a href="#x">甲</a><p id="x">甲</p>'
        f'<img src="data:image/png;base64,{_PNG}" alt="图">',
    )
    problems, facts = check_page(browser, good)
    assert problems == []
    assert facts["chinese"] == 4


@pytest.mark.parametrize(
    ("body", "font", "expected"),
    [
        ("", False, "Chinese text in a fallback font: <p> '杨浦区宝山区'"),
        ('<script src="https://cdn.example.org/x.js"></script>', True, "request that leaves"),
        ('<img src="missing.png" alt="">', True, "image that did not load: missing.png"),
        ('<a href="nowhere.html">x</a>', True, "link that does not resolve to a file here: now"),
        ('<a href="#nothing">x</a>', True, "link that does not resolve to a file here: #not"),
        ('<a href="https://example.org/">x</a>', True, "link that does not resolve"),
        ("<script>undefinedFunction()</script>", True, "script error: "),
        ("<script>console.error('bad')</script>", True, "console error: bad"),
        (f'<img src="data:image/png;base64,{base64.b64encode(b"no").decode()}">', True, "image"),
        (
            '<main style="width:600px"><table><tr><td style="min-width:900px">宽</td></tr></table>'
            "</main>",
            True,
            "table 1 ('宽') is 9",
        ),
        ('<table><tr><td style="height:200px">高</td></tr></table>', True, "table 1 ('高') has a"),
        ("<table><tr>" + "<td>列</td>" * 13 + "</tr></table>", True, "table 1 ('列 列"),
        ("<p>" + "the indicator key is shown here " * 3 + "中文</p>", True, "69.2% English"),
    ],
)
def test_the_checks_catch_a_bad_page(browser, tmp_path: Path, body, font, expected) -> None:
    problems, _ = check_page(browser, _page(tmp_path, "bad.html", body, font))
    assert any(p.startswith(expected) for p in problems), problems
