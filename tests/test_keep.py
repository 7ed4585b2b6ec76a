"""Runs that redo only what changed: a report's key follows every input, and a run keeps a
report whose key matches (slow part: real kernels)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.report import keep, runner
from analysis.report.jobs import Job
from tests.shared_report import copy_into


def _job(tmp_path: Path, data: Path, **changes: object) -> Job:
    nb = tmp_path / "nbs" / "01_x.ipynb"
    if not nb.exists():
        nb.parent.mkdir(parents=True)
        nb.write_text('{"cells": []}', encoding="utf-8")
    fields = {"notebook": nb, "district": "yangpu", "lang": "en", "output_dir": tmp_path / "out",
              "data_dir": str(data)} | changes  # fmt: skip
    return Job(**fields)  # type: ignore[arg-type]


def test_the_key_changes_with_every_input(tmp_path: Path, data_copy: Path) -> None:
    job = _job(tmp_path, data_copy)
    first = keep.job_key(job)
    assert keep.job_key(job) == first  # the same inputs, the same key
    assert keep.job_key(_job(tmp_path, data_copy, district="baoshan")) != first
    assert keep.job_key(_job(tmp_path, data_copy, lang="zh")) != first
    job.notebook.write_text('{"cells": [1]}', encoding="utf-8")
    second = keep.job_key(job)
    assert second != first
    sources = data_copy / "sources.csv"
    sources.write_text(sources.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = keep.job_key(job)
    assert third != second  # any byte of the data: a peer's figure shows in every report
    seed = next((data_copy.parent / "seeds").iterdir())
    seed.write_bytes(seed.read_bytes() + b" ")
    assert keep.job_key(job) != third


def test_a_report_is_kept_only_with_its_key_and_every_output(
    tmp_path: Path, data_copy: Path
) -> None:
    job = _job(tmp_path, data_copy)
    assert not keep.kept(job)  # nothing there yet
    for path in keep.outputs(job):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    assert not keep.kept(job)  # outputs without a key: made by someone else
    keep.remember(job)
    assert keep.kept(job)
    job.target.with_suffix(".html").unlink()
    assert not keep.kept(job)  # a page gone: run again
    job.target.with_suffix(".html").write_text("x", encoding="utf-8")
    keep.forget(job)
    assert not keep.kept(job)
    keep.key_path(job).write_text("not the key\n", encoding="utf-8")
    assert not keep.kept(job)


def test_the_export_is_kept_only_with_its_key_and_every_file(
    tmp_path: Path, data_copy: Path
) -> None:
    folder = tmp_path / "data-export"
    files = [folder / "book.xlsx", folder / "csv" / "indicators.csv"]
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    assert keep.export_kept(folder, data_copy) is None, "no key yet"
    keep.remember_export(folder, data_copy, files)
    assert keep.export_kept(folder, data_copy) == files
    files[1].unlink()
    assert keep.export_kept(folder, data_copy) is None, "a file of it is gone"
    files[1].write_text("x", encoding="utf-8")
    sources = data_copy / "sources.csv"
    sources.write_bytes(sources.read_bytes() + b"\n")
    assert keep.export_kept(folder, data_copy) is None, "the data changed"
    keep.remember_export(folder, data_copy, files)
    keep.forget_export(folder)
    assert keep.export_kept(folder, data_copy) is None, "forgotten before a new export"


@pytest.mark.slow
def test_a_second_run_keeps_what_did_not_change(
    tmp_path: Path, data_copy: Path, shared_report
) -> None:
    """The first run is the run's full report (tests/shared_report.py), made into a folder of its
    own from the shipped data: its reports of notebook 01 and its data export, copied, are what a
    first run of `args` leaves. A key holds the data's bytes, not its folder's path, so the run on
    `data_copy` (the same bytes) keeps them; the runs after it write keys of their own, which the
    last run keeps."""
    out = tmp_path / "reports"
    args = {"notebook_keys": ["01"], "districts": ["baoshan", "yangpu"], "langs": ["en"],
            "jobs": 2, "output_dir": out, "data_dir": str(data_copy)}  # fmt: skip
    names = [f"01_district_overview [{d}, en]" for d in args["districts"]]
    first = [shared_report.results[name] for name in names]
    assert all(r.ok and not r.kept for r in first)
    copy_into(shared_report, out, names)
    page = out / "yangpu/en/01_district_overview.html"
    before = page.stat().st_mtime_ns
    lines: list[str] = []
    second = runner.run(log=lines.append, **args)
    assert all(r.ok and r.kept for r in second)
    assert any(line.startswith("[1/2] kept   01_district_overview") for line in lines), lines
    assert any(line.startswith("data: ") and " kept in " in line for line in lines), lines
    assert page.stat().st_mtime_ns == before, "a kept report is not written again"
    assert (out / "index.html").is_file()
    forced = runner.run(log=lambda _: None, force=True, **args)
    assert all(r.ok and not r.kept for r in forced)
    # an edit to the data: every report shows every district's figures, so all run again
    ref = data_copy / "reference.csv"
    text = ref.read_text(encoding="utf-8")
    assert "Municipal target that district targets are set against." in text
    ref.write_text(text.replace("set against.", "set against here.", 1), encoding="utf-8")
    lines.clear()
    after = runner.run(log=lines.append, **args)
    assert all(r.ok and not r.kept for r in after)
    assert not any(" kept in " in line for line in lines), "the export follows the data too"
    shutil.rmtree(out / "baoshan")
    lines.clear()
    last = runner.run(log=lines.append, **args)
    assert {r.job.district: r.kept for r in last} == {"baoshan": False, "yangpu": True}
    assert any(line.startswith("data: ") and " kept in " in line for line in lines), lines
