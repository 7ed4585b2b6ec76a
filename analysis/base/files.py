"""Writing outputs so that a failure never leaves a half-written file over a good one, and
sweeping the temporary files of a process that was killed before it could remove them.

Every temporary file the package writes beside an output carries its writer's PID in its name
(`.run.PID.XXXXXXXX.ipynb`, `.NAME.PID.XXXXXXXX.tmp`, `.probe.PID.XXXXXXXX`): a SIGKILL leaves
it behind, and a later run can tell a dead writer's file from a live one's.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import tempfile
import time
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

from analysis.base.errors import WorkbookError
from analysis.base.paths import display_path

try:
    import fcntl
except ImportError:  # Windows: no flock
    fcntl = None  # type: ignore[assignment]

#: The process umask, read once: mkstemp creates files 0600, outputs should be ordinary files.
UMASK = os.umask(0o022)
os.umask(UMASK)

#: The random part tempfile puts in a name.
RANDOM = r"[a-z0-9_]{8}"

#: The temporary files of the package, with their writer's PID: a notebook executing
#: (report/execute.py), an atomic write (below), the runner's test of a folder.
TEMPORARY = re.compile(
    rf"\.run\.(?P<run>\d+)\.{RANDOM}\.ipynb"
    rf"|\..+\.(?P<write>\d+)\.{RANDOM}\.tmp"
    rf"|\.probe\.(?P<probe>\d+)\.{RANDOM}"
)

#: The same files as named before they carried a PID; no live writer can be told from a dead
#: one, so they are swept only when older than LEGACY_AGE seconds (no notebook runs that long).
LEGACY = re.compile(rf"\.run\.{RANDOM}\.ipynb|\..+\.{RANDOM}\.tmp|\.probe\.{RANDOM}")
LEGACY_AGE = 24 * 3600

#: The glob patterns that find both.
PATTERNS = (".run.*.ipynb", ".*.tmp", ".probe.*")


def make_temporary(folder: Path, prefix: str, suffix: str = "") -> str:
    """Create an empty temporary file `PREFIX.PID.XXXXXXXX.SUFFIX` in `folder`; its path."""
    fd, path = tempfile.mkstemp(dir=folder, prefix=f"{prefix}{os.getpid()}.", suffix=suffix)
    os.close(fd)
    return path


def temporary_owner(name: str) -> int | None:
    """The writer's PID in a temporary file's name; None for a legacy name or any other file."""
    match = TEMPORARY.fullmatch(name)
    if not match:
        return None
    return int(next(pid for pid in match.groups() if pid is not None))


def process_alive(pid: int, written: float | None = None) -> bool:
    """Whether process `pid` runs and could have written a file last changed at `written`.

    `os.kill(pid, 0)` says whether the PID is taken; a zombie (a killed worker nobody has
    reaped) writes nothing, and a process started after the file was written is another one
    that got the PID again. In doubt (another user's process), alive: its file is kept.
    """
    if pid <= 0:  # os.kill(0, …) would signal our own process group
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OverflowError:
        return False
    except PermissionError:
        pass
    import psutil

    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        return written is None or proc.create_time() <= written + 1
    except psutil.NoSuchProcess:
        return False
    except psutil.Error:
        return True


def _temporaries(folder: Path) -> list[Path]:
    found: dict[Path, None] = {}
    for pattern in PATTERNS:
        for path in folder.rglob(pattern):
            ours = TEMPORARY.fullmatch(path.name) or LEGACY.fullmatch(path.name)
            if ours and not path.is_symlink() and path.is_file():
                found[path] = None
    return list(found)


def sweep_temporaries(
    folder: Path, before: float, alive: Callable[[int, float], bool] = process_alive
) -> list[Path]:
    """Delete the temporary files under `folder` that a killed process left: older than
    `before` and written by a process that is gone (a legacy name: older than LEGACY_AGE).
    A live run's files are never touched. Returns the files removed."""
    removed = []
    now = time.time()
    for path in _temporaries(folder):
        try:
            written = path.stat().st_mtime
            if written >= before:
                continue
            pid = temporary_owner(path.name)
            stale = now - written > LEGACY_AGE if pid is None else not alive(pid, written)
            if stale:
                path.unlink()
                removed.append(path)
        except OSError:  # gone meanwhile, or not ours to delete
            continue
    return removed


def remove_temporaries(folder: Path, pids: Collection[int]) -> int:
    """Delete the temporary files under `folder` written by the processes `pids` (a run's own,
    once its workers are killed); the count removed."""
    removed = 0
    for path in _temporaries(folder):
        if temporary_owner(path.name) in pids:
            try:
                path.unlink()
                removed += 1
            except OSError:
                continue
    return removed


def atomic_write(path: Path, write: Callable[[str], None]) -> None:
    """Call `write(tmp)` on a temporary file beside `path`, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = make_temporary(path.parent, f".{path.name}.", ".tmp")
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~UMASK)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def csv_text(header: list[str], rows: list[dict[str, str]]) -> str:
    """A table as CSV text in `header`'s columns (a column a row lacks is empty), as the data
    files are written: UTF-8 without BOM, one line per row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h) or "" for h in header])
    return buf.getvalue()


def atomic_write_text(path: Path, data: str) -> None:
    """UTF-8 text, written atomically."""
    atomic_write(path, lambda tmp: Path(tmp).write_text(data, encoding="utf-8"))


#: How long a command waits for another one writing to the same data folder before giving up.
LOCK_WAIT = 60.0


@contextlib.contextmanager
def folder_lock(folder: Path, command: str, wait: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `folder` while `command` reads, checks and rewrites its files.

    Two `accept` runs at once would each read indicators.csv, number their rows on from the
    same last id and write in turn: the second file replaces the first, and its rows are lost.
    The lock is `flock` on the folder itself (no lock file is left in the data), taken by every
    command that rewrites the data folder; a second one waits up to `wait` seconds (LOCK_WAIT),
    then is refused. The lock goes with the process: a command killed midway holds nothing.
    POSIX `flock` (tested on Linux); where there is no fcntl (Windows) there is no lock.
    """
    if fcntl is None:
        yield
        return
    wait = LOCK_WAIT if wait is None else wait
    where = display_path(folder)
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise WorkbookError(
            f"{command}: cannot open the data folder {where} to lock it ({exc.strerror})"
        ) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WorkbookError(
                        f"{command}: another accept or add-report is writing to the data folder "
                        f"{where}; waited {wait:g} s for it to finish; nothing was written, run "
                        "this again when it has finished"
                    ) from None
                time.sleep(0.05)
            except OSError as exc:
                raise WorkbookError(
                    f"{command}: cannot lock the data folder {where} ({exc.strerror}); nothing "
                    "was written: two commands at once could lose rows"
                ) from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
