"""One full report (every notebook, every shipped district, both languages) per pytest run.

Why: the report is the suite's most expensive fixture (16 notebook runs), and several test files
check what it holds (test_runner the pages and the index, test_report_language the language of
yangpu's notebooks, test_determinism one notebook's bytes); tests that need a first run of some
of its jobs, or a data export in place, start from a copy of them (`copy_into`). Under
pytest-xdist each worker is a process of its own, so a session fixture alone would build it once
per worker that asks: the first worker builds it under a file lock in the run's shared temporary
folder, and every other reads the results it left there. A failed build leaves nothing, so the
next one tries again.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis.load.vocabulary import LANGS
from analysis.report import runner


@dataclass(frozen=True)
class SharedReport:
    """The report's folder, the lines the run logged and its results by job name."""

    out: Path
    lines: list[str]
    results: dict[str, runner.Result]


def _shared_folder(factory: pytest.TempPathFactory) -> Path:
    """The folder every process of this pytest run sees: the parent of a worker's basetemp
    (pytest-N/popen-gwX), or the basetemp itself without xdist (the parent then holds earlier
    runs' folders, which must never be read as this run's)."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def build(factory: pytest.TempPathFactory) -> SharedReport:
    """The full report of the shipped data, built once per run whichever process asks first."""
    folder = _shared_folder(factory) / "shared-report"
    folder.mkdir(exist_ok=True)
    done = folder / "results.pickle"
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or the process dies
        if done.is_file():
            return pickle.loads(done.read_bytes())
        lines: list[str] = []
        results = runner.run(langs=LANGS, jobs=2, output_dir=folder / "out", log=lines.append)
        report = SharedReport(folder / "out", lines, {r.job.name: r for r in results})
        scratch = done.with_suffix(".tmp")
        scratch.write_bytes(pickle.dumps(report))
        scratch.replace(done)  # written whole, or not at all
        return report


def copy_into(report: SharedReport, target: Path, jobs: Sequence[str] = ()) -> None:
    """Copy into `target` what a run of `jobs` (names such as `01_district_overview [yangpu,
    en]`) leaves there, as the shared report wrote it: each job's notebook, page and key and the
    CSVs its page links, and the data export with its key (every run writes or keeps it). Not the
    landing pages, which list the whole report. The shared folder itself is never changed.

    A report's key holds the bytes of the data and the seeds, never their folder's path
    (`analysis.report.keep`), so a later run on the shipped data or on a byte-for-byte copy of it
    keeps what is copied here: a test that needs a first run of these jobs starts from here
    instead of running their notebooks again."""
    from analysis.report import keep, pages
    from analysis.report.index import DATA_FOLDER

    for name in jobs:
        result = report.results[name]
        assert result.ok, result.error
        job = result.job
        here = job.target.parent
        there = target / here.relative_to(job.output_dir)
        (there / pages.CSV_FOLDER).mkdir(parents=True, exist_ok=True)
        page = job.target.with_suffix(".html")
        text = page.read_text(encoding="utf-8")
        links = dict.fromkeys(re.findall(rf'href="({pages.CSV_FOLDER}/[^"/]+\.csv)"', text))
        assert links, f"{name}: its page links its CSVs"
        for path in [*keep.outputs(job), keep.key_path(job), *(here / link for link in links)]:
            shutil.copy2(path, there / path.relative_to(here))
    export = report.out / DATA_FOLDER
    shutil.copytree(export, target / DATA_FOLDER, dirs_exist_ok=True)
    shutil.copy2(keep.export_key_path(export), keep.export_key_path(target / DATA_FOLDER))
