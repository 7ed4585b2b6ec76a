"""Writing outputs so that a failure never leaves a half-written file over a good one."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
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


def atomic_write(path: Path, write: Callable[[str], None]) -> None:
    """Call `write(tmp)` on a temporary file beside `path`, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~UMASK)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


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
