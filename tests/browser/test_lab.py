"""JupyterLab as `make lab` starts it, in headless Chromium: every Chinese text of a notebook is
drawn with the workbook's font, served by the Lab itself, on a machine with no CJK font."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.base.paths import NOTEBOOKS_DIR
from analysis.report import lab
from analysis.report.fonts import _CJK, FAMILY
from tests.browser.test_pages import SHOTS, chinese_nodes

#: How long the Lab may take to answer, and a notebook to render.
START_S, RENDER_S = 60, 60


def _cjk_not_in_the_font(page) -> tuple[int, list[str]]:
    """How many elements hold Chinese text of their own, and those whose Chinese characters
    were not all drawn with a web font the page loaded (Latin may use the Lab's own fonts:
    the face covers Chinese only)."""
    checked, wrong = 0, []
    for tag, own, fonts in chinese_nodes(page):
        checked += 1
        web = sum(f["glyphCount"] for f in fonts if f.get("isCustomFont"))
        if web < len(_CJK.findall(own)):
            wrong.append(f"<{tag}> {own.strip()[:40]!r}: {fonts}")
    return checked, wrong


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory) -> Iterator[str]:
    lab.write_settings()  # what `make lab` writes, into this environment
    port = _free_port()
    home = tmp_path_factory.mktemp("lab")
    log = home / "lab.log"
    command = [
        str(Path(sys.prefix) / "bin" / "jupyter"), "lab", *lab.LAB_OPTIONS, "--no-browser",
        f"--port={port}", "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
        "--ServerApp.password=", "--ServerApp.port_retries=0",
        f"--LabApp.workspaces_dir={home}", f"--LabApp.user_settings_dir={home}", str(NOTEBOOKS_DIR),
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(2, "--allow-root")
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_S
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + log.read_text(errors="replace"))
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_the_lab_serves_the_stylesheet_and_its_font(lab_url: str) -> None:
    css = urllib.request.urlopen(f"{lab_url}/custom/custom.css", timeout=10).read().decode()
    assert FAMILY in css and lab.FONT_FILE in css
    font = urllib.request.urlopen(f"{lab_url}/custom/{lab.FONT_FILE}", timeout=10).read()
    assert font[:4] == b"wOFF"


@pytest.mark.parametrize("notebook", sorted(p.name for p in NOTEBOOKS_DIR.glob("0*.ipynb"))[:2])
def test_chinese_in_the_lab_is_drawn_with_the_shipped_font(browser, lab_url, notebook) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{lab_url}/lab/tree/{notebook}", wait_until="load")
        page.wait_for_selector(".jp-RenderedMarkdown h1", timeout=RENDER_S * 1000)
        page.wait_for_function(  # the Lab renders a notebook lazily: wait for its Chinese
            "Array.from(document.querySelectorAll('.jp-RenderedMarkdown'))"
            ".filter(e => /[\\u4e00-\\u9fff]/.test(e.textContent)).length >= 2",
            timeout=RENDER_S * 1000,
        )
        page.evaluate("document.fonts.ready.then(() => true)")
        page.wait_for_function(
            "Array.from(document.fonts).some(f => f.family.includes('Workbook') "
            "&& f.status === 'loaded')",
            timeout=RENDER_S * 1000,
        )
        for _ in range(10):  # the Lab may re-render while it is read: read it again
            checked, wrong = _cjk_not_in_the_font(page)
            if checked >= 3:
                break
            page.wait_for_timeout(1000)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"lab_{notebook.removesuffix('.ipynb')}.png"))
    finally:
        context.close()
    assert checked >= 3, f"only {checked} elements with Chinese text rendered"
    assert wrong == [], "\n".join(wrong[:10])
