"""The report runner: every notebook × district × language through papermill, in parallel.

Keys are checked before any kernel starts. Each run writes to a temporary file and is moved into
place only when it succeeds, so a failure never overwrites a good output; the partly executed
notebook of a failed run is kept beside it as `<name>.failed.ipynb`.

The output folder is the user's: the runner refuses folders where a report does not belong and
an index.html it did not write; a folder it cannot write fails that job alone. Each job runs in
a forked worker with a process group of its own, so a Ctrl-C, SIGTERM or SIGHUP (a closed
terminal) reaches the runner only, which then stops cleanly (see `run`). A SIGKILL cannot be
caught: the temporary files it leaves carry their writer's PID, and the next run into the folder
removes those whose writer is gone.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from analysis.base.errors import Interrupted, UnknownKeyError, WorkbookError
from analysis.base.files import (
    atomic_write_text,
    make_temporary,
    remove_temporaries,
    sweep_temporaries,
)
from analysis.base.paths import (
    DATA_DIR,
    NOTEBOOKS_DIR,
    REPORTS_DIR,
    ROOT,
    SEEDS_DIR,
    display_path,
    protected_folder,
)
from analysis.base.paths import data_dir as resolve_data_dir
from analysis.load.vocabulary import check_lang
from analysis.report.execute import ExecutionFailed, drop_papermill_metadata, to_text
from analysis.report.execute import execute as execute_notebook
from analysis.report.index import is_our_index, write_index
from analysis.report.jobs import Job, Result
from analysis.report.site import LANDING, Site


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


def execute(job: Job) -> Result:
    """Run one notebook; on success write the CSV of each of its tables (csv/ beside it), its
    code-hidden page (.html, see pages.py) and the executed .ipynb; keep the failure if not."""
    from analysis.report import keep, pages

    start = time.perf_counter()
    folder = job.target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        keep.forget(job)  # whatever happens next, the old report is no longer known good
    except OSError as exc:
        message = f"{job.name}: cannot create the folder {display_path(folder)}: {exc.strerror}"
        return Result(job, False, time.perf_counter() - start, message)
    if not os.access(folder, os.W_OK | os.X_OK):
        message = (
            f"{job.name}: cannot write to the folder {display_path(folder)}: permission denied"
        )
        return Result(job, False, time.perf_counter() - start, message)
    try:
        nb = execute_notebook(
            job.notebook,
            job.target.parent,
            parameters={"district": job.district, "lang": job.lang},
            data_dir=job.data_dir,
            output_name=job.target,
        )
        site = job.site or pages.make_site(job.notebook.parent, job.data_dir)
        stem = job.notebook.stem
        try:
            csvs = pages.table_csvs(stem, job.district, job.lang, job.data_dir, nb)
        except WorkbookError as exc:
            return Result(job, False, time.perf_counter() - start, f"{job.name}: {exc}")
        for name, text in csvs.items():
            atomic_write_text(folder / pages.csv_href(name), text)
        body = pages.render_report(nb, stem, job.district, job.lang, site, list(csvs))
        atomic_write_text(job.target.with_suffix(".html"), body)
        atomic_write_text(job.target, to_text(nb))
        keep.remember(job)
        return Result(job, True, time.perf_counter() - start)
    except ExecutionFailed as exc:
        failed = job.target.with_suffix(".failed.ipynb")
        exc.partial.metadata.get("papermill", {})["output_path"] = failed.name
        try:
            atomic_write_text(failed, to_text(exc.partial))
        except OSError as write_error:
            message = f"{exc} (the partial notebook could not be written: {write_error.strerror})"
            return Result(job, False, time.perf_counter() - start, message)
        message = f"{exc} (partial notebook: {display_path(failed)})"
        return Result(job, False, time.perf_counter() - start, message)
    except Exception as exc:  # a kernel that died, a disk that is full: say so, keep going
        message = f"{job.name}: {type(exc).__name__}: {exc}"
        return Result(job, False, time.perf_counter() - start, message)


def refresh(paths: Sequence[Path], log: Callable[[str], None] = print) -> list[Result]:
    """Re-execute notebooks in place with their own default parameters, as committed for nbval.

    Each is executed into a scratch file and replaces the original only on success. The scratch
    files a killed refresh left are removed first.
    """
    now = time.time()
    for folder in dict.fromkeys(path.parent for path in paths):
        _log_swept(sweep_temporaries(folder, now), folder, log)
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


def _forbidden_outputs() -> dict[Path, str]:
    """What the runner refuses as an output folder itself, and why (the folders refused with
    everything inside them are `protected_folders`)."""
    forbidden = {
        Path("/").resolve(): "the filesystem root",
        ROOT: "the repository root (the report goes in reports/)",
        DATA_DIR.resolve(): "the data folder (outputs never go next to the data)",
        SEEDS_DIR.resolve(): "the seeds folder",
        NOTEBOOKS_DIR.resolve(): "the notebooks folder (the committed notebooks live there)",
    }
    try:
        forbidden.setdefault(Path.home().resolve(), "your home folder")
    except (RuntimeError, OSError):  # no home folder to protect
        pass
    for system in ("/home", "/opt", "/srv", "/var", "/mnt", "/media", "/root"):  # the folder
        forbidden.setdefault(Path(system).resolve(), f"the system folder {system}")  # itself
    return forbidden


def check_output_dir(output_dir: Path, data_dir: str | None = None) -> Path:
    """The output folder, resolved, or a WorkbookError saying why it is refused.

    The folder is the user's: the runner writes only its own files there, so it refuses a
    folder whose index.html it did not write, and folders where a report does not belong.
    """
    if str(output_dir) == "":
        raise WorkbookError("--output is empty: name a folder, such as reports")
    try:
        resolved = output_dir.resolve()
    except (OSError, RuntimeError) as exc:
        raise WorkbookError(f"--output {output_dir}: cannot resolve it ({exc})") from None
    forbidden = _forbidden_outputs()
    given = resolve_data_dir(data_dir) if data_dir else None
    if given is not None:
        forbidden.setdefault(given, "the data folder given with --data-dir")
    if resolved in forbidden:
        raise WorkbookError(
            f"refusing --output {output_dir}: it is {forbidden[resolved]}; choose a folder of "
            "its own, such as reports"
        )
    hit = protected_folder(resolved, given)
    if hit is not None:
        folder, what = hit
        where = "" if resolved == folder else "inside "
        raise WorkbookError(
            f"refusing --output {output_dir}: it is {where}{what}; choose a folder of its own, "
            "such as reports"
        )
    for name in LANDING.values():
        index = resolved / name
        if index.is_symlink() or (index.exists() and not is_our_index(index)):
            raise WorkbookError(
                f"refusing --output {output_dir}: it holds an {name} that this workbook did not "
                "write, which the report would overwrite; choose another folder or move that file"
            )
    return resolved


def _dedupe(items: Sequence[str]) -> list[str]:
    """Keys in the order given, each once: `--district yangpu --district yangpu` is one job."""
    return list(dict.fromkeys(items))


def _kill_tree(pids: Sequence[int], wait: float) -> None:
    """Kill worker processes and everything they started (kernels run in their own sessions,
    so a process group is not enough): descendants first, then the workers."""
    import psutil

    procs = []
    for pid in pids:
        try:
            proc = psutil.Process(pid)
            procs.extend(proc.children(recursive=True))
            procs.append(proc)
        except psutil.Error:
            continue
    for proc in procs:
        try:
            proc.kill()
        except psutil.Error:
            continue
    deadline = time.monotonic() + wait
    while wait and time.monotonic() < deadline:  # a killed process is gone once a zombie
        alive = []
        for proc in procs:
            try:
                if proc.status() != psutil.STATUS_ZOMBIE:
                    alive.append(proc)
            except psutil.Error:
                continue
        if not alive:
            break
        time.sleep(0.02)


def _log_swept(removed: Sequence[Path], folder: Path, log: Callable[[str], None]) -> None:
    if removed:
        log(
            f"removed {len(removed)} temporary file(s) in {display_path(folder)}/ left by an "
            "earlier run that was killed"
        )


#: The signals that stop a run cleanly: Ctrl-C, `kill`, and the terminal closing.
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _worker_init() -> None:
    """Workers leave SIGINT, SIGTERM and SIGHUP to the runner: a Ctrl-C (or a `kill` of the
    process group) reaches every process of the terminal's group, so each worker has a group of
    its own and only the runner decides how the run stops. Should the runner itself be killed
    outright, Linux kills the worker with it (and the kernel's parent poller then ends the
    kernel)."""
    os.setpgrp()
    # what came through the fork is the runner's, and outlives the job: out of the collector's
    # reach, so that a collection in the job neither walks it nor runs the finalizers of the
    # runner's garbage (a finalizer that imports, run inside an import, is one way Python 3.11's
    # import lock fails with `KeyError: <thread id>`, see JOB_IMPORTS)
    gc.freeze()
    # Python's own reporting of an error in a finalizer or a thread, to this job's stderr: the
    # hooks inherited from the caller (pytest's, when a test runs the report) collect for a
    # process that never sees what this one collects, and import tracemalloc to do it
    sys.unraisablehook = sys.__unraisablehook__
    threading.excepthook = threading.__excepthook__
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, set(SIGNALS))
    # an event loop of its own: the one inherited through the fork shares the parent's epoll
    # instance and holds executors whose threads did not come along (warm.off_loop)
    asyncio.set_event_loop(asyncio.new_event_loop())
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass


def run(
    notebook_keys: Sequence[str] | None = None,
    districts: Sequence[str] | None = None,
    langs: Sequence[str] = ("en",),
    jobs: int = 2,
    output_dir: Path = REPORTS_DIR,
    data_dir: str | None = None,
    log: Callable[[str], None] = print,
    notebooks_dir: Path | None = None,
    force: bool = False,
) -> list[Result]:
    """Run the report; returns every result. Raises WorkbookError before any kernel starts.

    A report whose inputs have not changed since it was written is kept, not run again
    (`analysis.report.keep`); `force=True` runs every one. The index is written every time, the
    data export whenever what it is made from changed (or with `force`).

    Temporary files that killed runs left in the folder are removed first (their writers' PIDs
    are gone). The first SIGINT, SIGTERM or SIGHUP stops scheduling, kills the running kernels
    and workers, removes this run's temporary files, writes the index of what is in the folder,
    prints a summary and raises `Interrupted`; every finished output stays. A second signal
    exits at once.
    """
    from analysis.load.frames import check_district
    from analysis.load.frames import districts as all_districts

    notebooks_dir = notebooks_dir or NOTEBOOKS_DIR
    paths = list(dict.fromkeys(resolve_notebooks(notebook_keys, notebooks_dir)))
    if not paths:
        raise WorkbookError(f"no notebooks found in {display_path(notebooks_dir)}")
    keys = _dedupe(districts) if districts else list(all_districts(data_dir)["district"])
    for d in keys:
        check_district(d, data_dir)
    langs = _dedupe(langs)
    for lang in langs:
        check_lang(lang)
    if jobs < 1:
        raise WorkbookError(f"--jobs must be at least 1, got {jobs}")
    output_dir = check_output_dir(output_dir, data_dir)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        Path(make_temporary(output_dir, ".probe.")).unlink()
    except OSError as exc:
        raise WorkbookError(f"cannot write to output folder {output_dir}: {exc.strerror}") from None
    swept = sweep_temporaries(output_dir, time.time())
    from analysis.report.pages import make_site

    site = make_site(notebooks_dir, data_dir)  # every page links to the whole workbook
    work = [
        Job(p, d, lang, output_dir, data_dir, site) for p in paths for d in keys for lang in langs
    ]
    workers = min(jobs, len(work))  # never more workers than notebooks to run
    results: list[Result] = []
    log(
        f"running {len(work)} notebook(s) with {workers} worker(s) into {display_path(output_dir)}/"
    )
    _log_swept(swept, output_dir, log)
    preload(langs)

    state: dict[str, int] = {}
    running: dict[object, tuple[multiprocessing.Process, Job]] = {}
    writers = {os.getpid()}  # the runner and every worker: whose temporary files are this run's

    def on_signal(signum: int, frame: object) -> None:
        # The handler never raises into the scheduling below; the loop sees the flag within
        # a fraction of a second. A second signal does not wait for anything.
        if "signum" in state:
            try:
                _kill_tree([proc.pid for proc, _ in running.values() if proc.pid], wait=0)
                remove_temporaries(output_dir, writers)
            finally:
                os._exit(128 + signum)
        state["signum"] = signum

    def record(r: Result) -> None:
        results.append(r)
        status = "kept  " if r.kept else "ok    " if r.ok else "FAILED"
        log(f"[{len(results)}/{len(work)}] {status} {r.job.name} ({r.seconds:.1f} s)")
        if not r.ok:
            log(f"    {r.error}")

    from analysis.report import keep, warm

    handlers = _install(on_signal)
    zygote = warm.started()  # every worker's kernels fork from one warm parent (warm.py)
    try:
        zygote.__enter__()
        queue = []
        for job in work:
            if not force and keep.kept(job):
                record(Result(job, True, 0.0, kept=True))
            else:
                queue.append(job)
        while (queue or running) and "signum" not in state:
            while queue and len(running) < workers and "signum" not in state:
                job = queue.pop(0)
                conn, proc = _start(job)
                running[conn] = (proc, job)
                writers.add(proc.pid)  # type: ignore[arg-type]
            for conn in multiprocessing.connection.wait(list(running), timeout=0.2):
                proc, job = running.pop(conn)
                record(_receive(conn, proc, job))
        if "signum" in state:
            pids = [proc.pid for proc, _ in running.values() if proc.pid]
            _kill_tree(pids, wait=3)
            for conn, (proc, _) in running.items():
                proc.join(timeout=1)
                conn.close()  # type: ignore[attr-defined]
            _stop(state["signum"], results, len(work), output_dir, writers, log, site)
        zygote.__exit__()
        export_error = _export_data(output_dir, data_dir, log, force)
        index = _index(results, output_dir, site)
    finally:
        zygote.__exit__()
        _restore(handlers)
    if export_error:
        raise WorkbookError(
            f"{export_error}; the {sum(r.ok for r in results)} report(s) and the index are in place"
        )
    failed = [r for r in results if not r.ok]
    log(
        f"{len(results) - len(failed)} succeeded, {len(failed)} failed; "
        f"index: {display_path(index)}"
    )
    sys.stdout.flush()
    return results


def _export_data(
    output_dir: Path, data_dir: str | None, log: Callable[[str], None], force: bool = False
) -> str:
    """Write the data export (every format) into `output_dir`/data for the landing page's
    downloads, or keep the one in place when it was made from the same data, code and locked
    versions; returns the error to raise once the index is written, or ''."""
    from analysis.report import keep
    from analysis.report.export import FORMATS, export
    from analysis.report.index import DATA_FOLDER

    target = output_dir / DATA_FOLDER
    kept = None if force else keep.export_kept(target, data_dir)
    if kept is not None:
        where = display_path(target)
        log(f"data: {len(kept)} file(s) kept in {where}/ (nothing they are made from changed)")
        return ""
    written: list[Path] = []
    try:
        keep.forget_export(target)
        for fmt in FORMATS:
            written += export(fmt, target, Path(data_dir) if data_dir else None)
        keep.remember_export(target, data_dir, written)
    except WorkbookError as exc:
        log(f"FAILED the data export: {exc}")
        return f"the data export failed: {exc}"
    except OSError as exc:
        log(f"FAILED the data export: {exc}")
        return f"the data export failed: cannot write {display_path(target)}: {exc.strerror}"
    log(f"data: {len(written)} file(s) in {display_path(target)}/ (linked from the landing pages)")
    return ""


def _index(results: list[Result], output_dir: Path, site: Site | None = None) -> Path:
    """Write the landing pages; a failure names the file and says the reports themselves are in
    place."""
    try:
        return write_index(results, output_dir, site)
    except OSError as exc:
        ok = sum(r.ok for r in results)
        page = Path(exc.filename) if exc.filename else output_dir / "index.html"
        raise WorkbookError(
            f"cannot write the index {display_path(page)}: {exc.strerror}; "
            f"the {ok} report(s) written are in place"
        ) from None


#: What a job's process imported on its first use, measured (86 modules, 0.15 s a job): the
#: kernel's spec (ipykernel.kernelspec, and IPython through it), the page's Markdown plugins and
#: template extensions, the chart font's manager, the keys, a first font cut's tables. Imported
#: once by the runner instead, so that a job imports nothing: besides the time, an import in a
#: job's main thread while the thread asking the zygote for a kernel runs is where Python
#: 3.11's import lock can fail with `KeyError: <thread id>` (CPython issue 91351, fixed in
#: 3.12), and such a job failed at once.
JOB_IMPORTS = (
    "ipykernel.kernelspec",
    "IPython.core.interactiveshell",
    "jinja2.ext",
    "matplotlib.font_manager",
    "mistune.plugins.def_list",
    "mistune.plugins.task_lists",
    "mistune.plugins.url",
    "mplfonts",
    "analysis.report.keep",
    # what a page's first font cut imports (fontTools reads a table's module when it first
    # meets that table; a cut the fonts cache already holds imports none of them)
    "encodings.utf_32_be",
    "fontTools.cffLib.transforms",
    "fontTools.ttLib.tables.B_A_S_E_",
    "fontTools.ttLib.tables.O_S_2f_2",
    "fontTools.ttLib.tables._h_h_e_a",
    "fontTools.ttLib.tables._v_h_e_a",
)


def preload(langs: Sequence[str]) -> None:
    """Import, once in the runner, everything a job imports, and compile the page templates of
    `langs`: each forked job then starts with them loaded and imports nothing of its own
    (tests/test_runner.py checks that it does not)."""
    import importlib

    import fontTools.subset  # noqa: F401
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401
    import psutil  # noqa: F401  (before any signal handler can need it)

    import analysis.presentation.notebook  # noqa: F401  (the tables behind the CSVs)
    import analysis.presentation.tables  # noqa: F401
    from analysis.report.pages import page_exporter

    for name in JOB_IMPORTS:
        importlib.import_module(name)
    for lang in dict.fromkeys(langs):
        page_exporter(lang)  # the page templates, compiled once for every worker


def _child(job: Job, conn: multiprocessing.connection.Connection) -> None:
    """One worker process: run one job and send back its result."""
    _worker_init()
    before = set(sys.modules)
    try:
        result = execute(job)
    except BaseException as exc:  # noqa: BLE001 - a result, whatever happened
        result = Result(job, False, 0.0, f"{job.name}: {type(exc).__name__}: {exc}")
    result = dataclasses.replace(result, imported=tuple(sorted(set(sys.modules) - before)))
    conn.send(result)
    conn.close()


def _start(job: Job) -> tuple[multiprocessing.connection.Connection, multiprocessing.Process]:
    """Fork a worker for one job, with SIGNALS blocked across the fork, so a signal never
    reaches a worker before it has handed them to the runner."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    old = signal.pthread_sigmask(signal.SIG_BLOCK, set(SIGNALS))
    try:
        proc = ctx.Process(target=_child, args=(job, send), name=f"sdpw {job.name}")
        proc.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
    send.close()
    return receive, proc


def _receive(conn, proc: multiprocessing.Process, job: Job) -> Result:
    try:
        result = conn.recv()
    except (EOFError, OSError):
        proc.join(timeout=5)
        result = Result(job, False, 0.0, f"{job.name}: the worker died (exit {proc.exitcode})")
    conn.close()
    proc.join(timeout=5)
    return result


def _stop(
    signum: int,
    results: list[Result],
    total: int,
    output_dir: Path,
    writers: set[int],
    log: Callable[[str], None],
    site: Site | None = None,
) -> None:
    """After the first signal, with the workers and kernels killed: remove this run's temporary
    files, index what is in the folder, say what finished, raise Interrupted. After a SIGHUP the
    terminal may be gone: a summary that cannot be printed does not stop the rest."""
    remove_temporaries(output_dir, writers)
    index = _index(results, output_dir, site)
    ok = sum(r.ok for r in results)
    try:
        log(
            f"interrupted by {signal.Signals(signum).name}: {len(results)} of {total} notebook(s) "
            f"finished ({ok} ok, {len(results) - ok} failed); {total - len(results)} stopped or "
            f"never started, their earlier outputs left as they were; index: {display_path(index)}"
        )
        sys.stdout.flush()
    except OSError:
        pass
    raise Interrupted(signum, len(results))


def _install(handler: Callable) -> dict[int, object]:
    """Install `handler` for SIGNALS (main thread only); return the old handlers."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    old = {}
    for signum in SIGNALS:
        old[signum] = signal.signal(signum, handler)
    return old


def _restore(handlers: dict[int, object]) -> None:
    for signum, handler in handlers.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]
