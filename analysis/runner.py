"""The report runner: every notebook × district × language through papermill, in parallel.

Keys are checked before any kernel starts. Each run writes to a temporary file and is moved into
place only when it succeeds, so a failure never overwrites a good output; the partly executed
notebook of a failed run is kept beside it as `<name>.failed.ipynb`.
"""

from __future__ import annotations

import html
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import NotebookError, UnknownKeyError, WorkbookError
from analysis.files import UMASK, atomic_write_text
from analysis.labels import LANGS, check_lang
from analysis.paths import NOTEBOOKS_DIR, REPORTS_DIR, display_path

#: Passed to papermill for every kernel: the kernel's own log (a warning about local TCP, a
#: KeyboardInterrupt at shutdown) is noise beside the progress lines; errors inside a notebook are
#: still reported from its outputs.
KERNEL_OPTIONS: dict[str, object] = {"extra_arguments": ["--IPKernelApp.log_level=CRITICAL"]}

#: Kernel start-up failures worth another attempt. jupyter_client picks free TCP ports and the
#: kernel binds them later, so two workers starting kernels at once can collide.
START_FAILURES = ("Kernel died before replying to kernel_info", "Kernel didn't respond in")
START_ATTEMPTS = 3


def _execute_with_retry(*args: object, **kwargs: object) -> None:
    import papermill as pm

    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            pm.execute_notebook(*args, **kwargs, **KERNEL_OPTIONS)
            return
        except RuntimeError as exc:
            if isinstance(exc, pm.PapermillExecutionError) or attempt == START_ATTEMPTS:
                raise
            if not any(text in str(exc) for text in START_FAILURES):
                raise


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


_UMASK = UMASK
_atomic_write = atomic_write_text  # the names the runner tests use


def strip_timing(nb, output_path: Path | None = None) -> None:
    """Remove what changes from run to run: papermill's timestamps and durations, the scratch
    file's name and the random id of the injected parameters cell. Two runs then give
    byte-identical notebooks."""
    meta = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "exception"):
        meta.pop(key, None)
    if "output_path" in meta:
        meta["output_path"] = output_path.name if output_path else None
    if "input_path" in meta:
        meta["input_path"] = Path(meta["input_path"]).name
    for index, cell in enumerate(nb.cells):
        pm = cell.metadata.get("papermill", {})
        for key in ("start_time", "end_time", "duration", "exception", "status"):
            pm.pop(key, None)
        cell.metadata.get("execution", {}).clear()
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags or "papermill-error-cell-tag" in tags:
            cell["id"] = f"papermill-{index}"


def _failed_cell(nb) -> tuple[int | None, str]:
    """The failing cell as numbered in the source (1-based; papermill's own cell not counted)."""
    number = 0
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags or "papermill-error-cell-tag" in tags:
            continue
        number += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return number, cell.source
    return None, ""


def execute(job: Job) -> Result:
    """Run one notebook; write .ipynb and code-hidden .html on success, keep the failure if not."""
    import nbformat
    import papermill as pm
    from nbconvert import HTMLExporter

    start = time.perf_counter()
    job.target.parent.mkdir(parents=True, exist_ok=True)
    fd, scratch = tempfile.mkstemp(dir=job.target.parent, prefix=".run.", suffix=".ipynb")
    os.close(fd)
    env_backup = os.environ.get("SDPW_DATA_DIR")
    if job.data_dir:
        os.environ["SDPW_DATA_DIR"] = job.data_dir
    try:
        _execute_with_retry(
            str(job.notebook),
            scratch,
            parameters={"district": job.district, "lang": job.lang},
            cwd=str(job.notebook.parent),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            report_mode=False,
        )
        nb = nbformat.read(scratch, as_version=4)
        strip_timing(nb, job.target)
        body, _ = HTMLExporter(
            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
        ).from_notebook_node(nb)
        atomic_write_text(job.target.with_suffix(".html"), body)
        atomic_write_text(job.target, nbformat.writes(nb) + "\n")
        return Result(job, True, time.perf_counter() - start)
    except pm.PapermillExecutionError as exc:
        failed = job.target.with_suffix(".failed.ipynb")
        nb = nbformat.read(scratch, as_version=4)
        strip_timing(nb, failed)
        atomic_write_text(failed, nbformat.writes(nb) + "\n")
        cell, source = _failed_cell(nb)
        err = NotebookError(display_path(job.notebook), cell, exc.ename, exc.evalue, source)
        return Result(
            job,
            False,
            time.perf_counter() - start,
            f"{err} (partial notebook: {display_path(failed)})",
        )
    except Exception as exc:  # a kernel that died, a disk that is full: say so, keep going
        return Result(
            job, False, time.perf_counter() - start, f"{job.name}: {type(exc).__name__}: {exc}"
        )
    finally:
        Path(scratch).unlink(missing_ok=True)
        if job.data_dir:
            if env_backup is None:
                os.environ.pop("SDPW_DATA_DIR", None)
            else:
                os.environ["SDPW_DATA_DIR"] = env_backup


def refresh(paths: Sequence[Path], log: Callable[[str], None] = print) -> list[Result]:
    """Re-execute notebooks in place with their own default parameters, as committed for nbval.

    Each is executed into a scratch file and replaces the original only on success.
    """
    import nbformat
    import papermill as pm

    results = []
    for path in paths:
        start = time.perf_counter()
        fd, scratch = tempfile.mkstemp(dir=path.parent, prefix=".refresh.", suffix=".ipynb")
        os.close(fd)
        job = Job(path, "default", "default", path.parent)
        try:
            _execute_with_retry(
                str(path),
                scratch,
                cwd=str(path.parent),
                kernel_name="python3",
                progress_bar=False,
            )
            nb = nbformat.read(scratch, as_version=4)
            strip_timing(nb, path)
            nb.metadata.pop("papermill", None)
            for cell in nb.cells:
                cell.metadata.pop("papermill", None)
            atomic_write_text(path, nbformat.writes(nb) + "\n")
            results.append(Result(job, True, time.perf_counter() - start))
        except pm.PapermillExecutionError as exc:
            nb = nbformat.read(scratch, as_version=4)
            cell, source = _failed_cell(nb)
            err = NotebookError(display_path(path), cell, exc.ename, exc.evalue, source)
            results.append(Result(job, False, time.perf_counter() - start, str(err)))
        finally:
            Path(scratch).unlink(missing_ok=True)
        r = results[-1]
        log(f"{'ok    ' if r.ok else 'FAILED'} {display_path(path)} ({r.seconds:.1f} s)")
        if not r.ok:
            log(f"    {r.error} (the committed notebook is unchanged)")
    return results


def write_index(results: Sequence[Result], output_dir: Path) -> Path:
    """reports/index.html: one row per notebook, one link per district and language."""
    rows: dict[str, dict[tuple[str, str], Result]] = {}
    for r in results:
        rows.setdefault(r.job.notebook.stem, {})[(r.job.district, r.job.lang)] = r
    cols = sorted(
        {(r.job.district, r.job.lang) for r in results}, key=lambda c: (c[0], LANGS.index(c[1]))
    )
    head = "".join(f"<th>{html.escape(d)} · {lang}</th>" for d, lang in cols)
    body = []
    for stem, cells in sorted(rows.items()):
        tds = []
        for col in cols:
            r = cells.get(col)
            if r is None:
                tds.append("<td></td>")
            elif r.ok:
                rel = r.job.target.with_suffix(".html").relative_to(output_dir).as_posix()
                nb_rel = r.job.target.relative_to(output_dir).as_posix()
                tds.append(
                    f'<td><a href="{html.escape(rel)}">report</a> · '
                    f'<a href="{html.escape(nb_rel)}">ipynb</a></td>'
                )
            else:
                tds.append(f'<td class="failed" title="{html.escape(r.error or "")}">failed</td>')
        body.append(f"<tr><th>{html.escape(stem)}</th>{''.join(tds)}</tr>")
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Shanghai District Plans Workbook: reports</title>"
        "<style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em .8em;text-align:left}"
        ".failed{color:#b00}</style></head><body>"
        "<h1>Shanghai District Plans Workbook</h1>"
        "<p>Executed notebooks (code hidden) for each district and language. Every figure traces "
        "to a quote in <code>data/</code>.</p>"
        f"<table><tr><th>notebook</th>{head}</tr>{''.join(body)}</table></body></html>\n"
    )
    path = output_dir / "index.html"
    atomic_write_text(path, page)
    return path


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
