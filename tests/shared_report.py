"""One full report (every notebook, every shipped district, both languages) per pytest run.

Why: the report is the suite's most expensive fixture (16 notebook runs), and several test files
check what it holds (test_runner the pages and the index, test_report_language the language of
yangpu's notebooks, test_determinism one notebook's bytes). Under pytest-xdist each worker is a
process of its own, so a session fixture alone would build it once per worker that asks: the
first worker builds it under a file lock in the run's shared temporary folder, and every other
reads the results it left there. A failed build leaves nothing, so the next one tries again.
"""

from __future__ import annotations

import fcntl
import os
import pickle
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
