"""Runs that redo only what changed: each report keyed by everything it is made from.

A report (executed notebook, page, CSVs) is written with a key beside it: a digest of the
notebook, its parameters, every byte of the data folder and the seeds, the package's code and
page templates, the locked versions and what the page links to (the districts and notebooks of
the workbook). A later run whose job has the same key, and whose outputs are all still there,
keeps them (`[3/16] kept …`) instead of starting a kernel; `--force` redoes everything. A
notebook of one district shows the other districts' figures beside its own, so an edit to any
district's data changes every report's key: the report never shows a peer's stale figure.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from analysis.base.cache import code_digest
from analysis.base.files import atomic_write_text
from analysis.base.paths import ROOT
from analysis.base.paths import data_dir as resolve_data_dir
from analysis.report.jobs import Job

#: What a report also depends on, beside the package's Python code.
TEMPLATES = Path(__file__).resolve().parent / "templates"
LOCK = ROOT / "requirements.lock"


def key_path(job: Job) -> Path:
    """Where a report's key is kept: beside its notebook (a temporary file is what starts
    with a dot, and a run sweeps those)."""
    return job.target.parent / f"{job.notebook.stem}.key"


def _folder_digest(folder: Path) -> str:
    """Every file under `folder` (names and bytes), read each time: a key must never be
    answered from an earlier reading of files a user has since edited (a few ms a report)."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _digest(parts: list[bytes]) -> str:
    """One digest of the parts, each hashed on its own so that no two lists join alike."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _data_code_lock(data_dir: str | Path | None) -> tuple[bytes, bytes, bytes, bytes]:
    """What every output is made from: the data folder, the seeds beside it, the package's
    code and the locked versions."""
    data = resolve_data_dir(data_dir)
    return (
        _folder_digest(data).encode(),
        _folder_digest(data.parent / "seeds").encode(),
        code_digest().encode(),
        LOCK.read_bytes() if LOCK.is_file() else b"",
    )


def job_key(job: Job) -> str:
    """The digest of everything the job's report is made from."""
    data, seeds, code, lock = _data_code_lock(job.data_dir)
    notebook = job.notebook.read_bytes()
    templates = _folder_digest(TEMPLATES).encode()
    site = repr(job.site).encode()
    return _digest(
        [notebook, job.district.encode(), job.lang.encode(), data, seeds, code, templates, lock,
         site]
    )  # fmt: skip


def outputs(job: Job) -> list[Path]:
    """The files a finished report consists of (its CSVs are listed in its page)."""
    return [job.target, job.target.with_suffix(".html")]


def kept(job: Job) -> bool:
    """True when the report in place was made from exactly what the job would use."""
    path = key_path(job)
    try:
        stored = path.read_text(encoding="utf-8").strip()
    except OSError:
        return False
    if not all(p.is_file() for p in outputs(job)):
        return False
    try:
        return stored == job_key(job)
    except OSError:
        return False


def export_key_path(folder: Path) -> Path:
    """Where the data export's key is kept: beside its folder (data.key next to data/), so that
    the folder holds only what a reader downloads. The key is its digest, then each file."""
    return folder.parent / f"{folder.name}.key"


def export_key(data_dir: str | Path | None) -> str:
    """The digest of everything the data export is made from (it writes no page)."""
    return _digest(list(_data_code_lock(data_dir)))


def export_kept(folder: Path, data_dir: str | Path | None) -> list[Path] | None:
    """The files of the export in `folder` when it was made from exactly what a new export
    would use and every one of them is still there; None when it must be written again."""
    try:
        key, *names = export_key_path(folder).read_text(encoding="utf-8").splitlines()
        files = [folder / name for name in names]
        if names and all(p.is_file() for p in files) and key == export_key(data_dir):
            return files
    except (OSError, ValueError):
        pass
    return None


def remember_export(folder: Path, data_dir: str | Path | None, files: list[Path]) -> None:
    """Write the export's key and file list once every file is written."""
    names = [p.relative_to(folder).as_posix() for p in files]
    atomic_write_text(export_key_path(folder), "\n".join([export_key(data_dir), *names]) + "\n")


def forget_export(folder: Path) -> None:
    """Remove the export's key before it is written again: a half-written export is not kept."""
    export_key_path(folder).unlink(missing_ok=True)


def remember(job: Job) -> None:
    """Write the job's key beside its finished report."""
    atomic_write_text(key_path(job), job_key(job) + "\n")


def forget(job: Job) -> None:
    """Remove the key of a report that failed or is being redone: never kept by mistake."""
    key_path(job).unlink(missing_ok=True)
