"""Same inputs, same bytes: executed notebooks, their HTML and their charts, run after run."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis.base.paths import ROOT
from analysis.report import runner
from tests.shared_report import copy_into

pytestmark = pytest.mark.slow  # every test here starts kernels


def _pngs(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [
        hashlib.sha256(base64.b64decode(out["data"]["image/png"])).hexdigest()
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    ]


def test_two_runs_give_identical_notebooks_html_and_pngs(tmp_path: Path, shared_report) -> None:
    """The first run is the run's full report (two workers, every job), the second this one
    notebook alone in one process: the same bytes whatever else ran beside it. (The second run's
    folder holds the first's data export, which it keeps: the export is no part of the bytes
    compared here.)"""
    first = shared_report.results["02_growth_targets [baoshan, zh]"]
    assert first.ok, first.error
    copy_into(shared_report, tmp_path / "second")
    results = runner.run(
        notebook_keys=["02"],
        districts=["baoshan"],
        langs=["zh"],
        jobs=1,
        output_dir=tmp_path / "second",
        log=lambda _: None,
    )
    assert all(r.ok for r in results)
    a, b = shared_report.out / "baoshan" / "zh", tmp_path / "second" / "baoshan" / "zh"
    for file in ("02_growth_targets.ipynb", "02_growth_targets.html"):
        assert (a / file).read_bytes() == (b / file).read_bytes(), file
    pngs = _pngs(a / "02_growth_targets.ipynb")
    # qualifiers, growth, escalation, consistency, fulfilment and the ratchet's paths
    assert len(pngs) == 6 and pngs == _pngs(b / "02_growth_targets.ipynb")
    text = (a / "02_growth_targets.ipynb").read_text(encoding="utf-8")
    for volatile in ("start_time", "end_time", "duration", ".run."):
        assert volatile not in text


def test_nbval_passes_twice_and_leaves_the_notebook_unchanged() -> None:
    notebook = ROOT / "notebooks" / "03_investment.ipynb"
    before = notebook.read_bytes()
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--nbval",
        "--nbval-current-env",
        "--nbval-sanitize-with",
        "tests/nbval_sanitize.cfg",
        str(notebook),
    ]
    for _ in range(2):
        proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stdout[-2000:]
    assert notebook.read_bytes() == before
