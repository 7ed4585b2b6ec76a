"""The report runner: every notebook × district × language through papermill, in parallel.

Keys are checked before any kernel starts. Each run writes to a temporary file and is moved into
place only when it succeeds, so a failure never overwrites a good output; the partly executed
notebook of a failed run is kept beside it as `<name>.failed.ipynb`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import UnknownKeyError, WorkbookError
from analysis.labels import check_lang
from analysis.paths import NOTEBOOKS_DIR, REPORTS_DIR, display_path
from analysis.report.execute import ExecutionFailed, drop_papermill_metadata, to_text
from analysis.report.execute import execute as execute_notebook
from analysis.report.files import atomic_write_text
from analysis.report.index import write_index


def notebooks(folder: Path = NOTEBOOKS_DIR) -> dict[str, Path]:
    """Notebooks by key (file stem such as `02_growth_targets`), in reading order."""
    return {p.stem: p for p in sorted(folder.glob("[0-9][0-9]_*.ipynb"))}


def resolve_notebooks(keys: Sequence[str] | None, folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Notebook paths for keys given as `02_growth_targets`, `growth_targets` or `02`."""
    available = notebooks(folder)
    if not keys:
        return list(available.values())
    chosen = []
    for key in keys:
        match = [p for stem, p in available.items() if key in (stem, stem[:2], stem[3:], p.name)]
        if len(match) != 1:
            raise UnknownKeyError("notebook", key, list(available))
        chosen.append(match[0])
    return chosen


@dataclass(frozen=True)
class Job:
    notebook: Path
    district: str
    lang: str
    output_dir: Path
    data_dir: str | None = None

    @property
    def name(self) -> str:
        return f"{self.notebook.stem} [{self.district}, {self.lang}]"

    @property
    def target(self) -> Path:
        return self.output_dir / self.district / self.lang / self.notebook.name


@dataclass(frozen=True)
class Result:
    job: Job
    ok: bool
    seconds: float
    error: str | None = None


def execute(job: Job) -> Result:
    """Run one notebook; write .ipynb and code-hidden .html on success, keep the failure if not."""
    from nbconvert import HTMLExporter

    start = time.perf_counter()
    try:
        nb = execute_notebook(
            job.notebook,
            job.target.parent,
            parameters={"district": job.district, "lang": job.lang},
            data_dir=job.data_dir,
            output_name=job.target,
        )
        body, _ = HTMLExporter(
            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
        ).from_notebook_node(nb)
        atomic_write_text(job.target.with_suffix(".html"), body)
        atomic_write_text(job.target, to_text(nb))
        return Result(job, True, time.perf_counter() - start)
    except ExecutionFailed as exc:
        failed = job.target.with_suffix(".failed.ipynb")
        exc.partial.metadata.get("papermill", {})["output_path"] = failed.name
        atomic_write_text(failed, to_text(exc.partial))
        message = f"{exc} (partial notebook: {display_path(failed)})"
        return Result(job, False, time.perf_counter() - start, message)
    except Exception as exc:  # a kernel that died, a disk that is full: say so, keep going
        message = f"{job.name}: {type(exc).__name__}: {exc}"
        return Result(job, False, time.perf_counter() - start, message)


def refresh(paths: Sequence[Path], log: Callable[[str], None] = print) -> list[Result]:
    """Re-execute notebooks in place with their own default parameters, as committed for nbval.

    Each is executed into a scratch file and replaces the original only on success.
    """
    results = []
    for path in paths:
        start = time.perf_counter()
        job = Job(path, "default", "default", path.parent)
        try:
            nb = execute_notebook(path, path.parent, output_name=path)
            drop_papermill_metadata(nb)
            atomic_write_text(path, to_text(nb))
            results.append(Result(job, True, time.perf_counter() - start))
        except ExecutionFailed as exc:
            results.append(Result(job, False, time.perf_counter() - start, str(exc)))
        r = results[-1]
        log(f"{'ok    ' if r.ok else 'FAILED'} {display_path(path)} ({r.seconds:.1f} s)")
        if not r.ok:
            log(f"    {r.error} (the committed notebook is unchanged)")
    return results


def run(
    notebook_keys: Sequence[str] | None = None,
    districts: Sequence[str] | None = None,
    langs: Sequence[str] = ("en",),
    jobs: int = 2,
    output_dir: Path = REPORTS_DIR,
    data_dir: str | None = None,
    log: Callable[[str], None] = print,
    notebooks_dir: Path | None = None,
) -> list[Result]:
    """Run the report; returns every result. Raises WorkbookError before any kernel starts."""
    from analysis.data import check_district
    from analysis.data import districts as all_districts

    notebooks_dir = notebooks_dir or NOTEBOOKS_DIR
    paths = resolve_notebooks(notebook_keys, notebooks_dir)
    if not paths:
        raise WorkbookError(f"no notebooks found in {display_path(notebooks_dir)}")
    keys = list(districts) if districts else list(all_districts(data_dir)["district"])
    for d in keys:
        check_district(d, data_dir)
    for lang in langs:
        check_lang(lang)
    if jobs < 1:
        raise WorkbookError(f"--jobs must be at least 1, got {jobs}")
    output_dir = output_dir.resolve()
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=output_dir, prefix=".probe.")
        probe.close()
    except OSError as exc:
        raise WorkbookError(f"cannot write to output folder {output_dir}: {exc.strerror}") from None
    work = [Job(p, d, lang, output_dir, data_dir) for p in paths for d in keys for lang in langs]
    results: list[Result] = []
    log(f"running {len(work)} notebook(s) with {jobs} worker(s) into {display_path(output_dir)}/")
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(execute, job) for job in work]
        for done, future in enumerate(as_completed(futures), start=1):
            r = future.result()
            results.append(r)
            status = "ok    " if r.ok else "FAILED"
            log(f"[{done}/{len(work)}] {status} {r.job.name} ({r.seconds:.1f} s)")
            if not r.ok:
                log(f"    {r.error}")
    index = write_index(results, output_dir)
    failed = [r for r in results if not r.ok]
    log(
        f"{len(results) - len(failed)} succeeded, {len(failed)} failed; "
        f"index: {display_path(index)}"
    )
    sys.stdout.flush()
    return results
