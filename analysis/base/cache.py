"""The validated package on disk, keyed by every byte it was validated from.

Why: each notebook runs in a fresh kernel, and each kernel would read and check the same files
again (about 0.2 s, a seventh of a small notebook's run). The key is a SHA-256 of the Python
version, the source of the whole `analysis` package (the checks are part of what was validated)
and the name and bytes of every file validation reads: the descriptor, each resource and each
seed. Any edit to any of them misses the cache and validates afresh; only a package that passed
every check is stored. A cache that cannot be read or written is ignored: it only saves time.
The folder is the repository's own `.cache/` (git-ignored), trusted as the code beside it is.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from analysis.base.paths import ROOT

#: Environment variable naming the cache folder; `off` turns every cache off.
CACHE_ENV = "SDPW_CACHE_DIR"
DEFAULT_DIR = ROOT / ".cache"
PACKAGE_DIR = Path(__file__).resolve().parent.parent

#: Kinds of cache turned off in this process (the unit tests turn `validated` off: a test may
#: change a check, a limit or a rule, which the key cannot see).
DISABLED: set[str] = set()


def cache_dir(kind: str = "validated") -> Path | None:
    """The folder of one kind of cache (`validated`, `fonts`), or None when it is off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen == "off" or kind in DISABLED:
        return None
    return (Path(chosen) if chosen else DEFAULT_DIR) / kind


@cache
def code_digest() -> str:
    """The source of every module of the package, once per process."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def key(folder: Path, names: tuple[str, ...]) -> str | None:
    """The key of a data folder: its files named by the descriptor, and the seeds beside it.

    None when a file cannot be read: validation will say why, and nothing is cached."""
    digest = hashlib.sha256(code_digest().encode())
    seeds = folder.parent / "seeds"
    files = [(f"data/{n}", folder / n) for n in names]
    if seeds.is_dir():
        files += [(f"seeds/{p.name}", p) for p in sorted(seeds.iterdir()) if p.is_file()]
    try:
        for name, path in files:
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def read(kind: str, name: str) -> bytes | None:
    """The bytes stored as `name` in one kind of cache, or None (off, absent, unreadable)."""
    where = cache_dir(kind)
    if where is None:
        return None
    try:
        return (where / name).read_bytes()
    except OSError:
        return None


def write(kind: str, name: str, data: bytes) -> None:
    """Store `data` as `name`, atomically (a reader never sees half a file); a cache that is
    off, or a failure to write, is ignored."""
    where = cache_dir(kind)
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=where, prefix=".tmp.")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(scratch, where / name)
        finally:
            Path(scratch).unlink(missing_ok=True)
    except OSError:
        return


@contextmanager
def disabled(*kinds: str) -> Iterator[None]:
    """Turn kinds of cache off for a while (the benchmark's cold measurements)."""
    saved = set(DISABLED)
    DISABLED.update(kinds)
    try:
        yield
    finally:
        DISABLED.clear()
        DISABLED.update(saved)


def load(entry: str) -> dict | None:
    """The validated tables stored under `entry`, or None (a damaged entry is None too)."""
    data = read("validated", f"{entry}.pickle")
    if data is None:
        return None
    try:
        tables = pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError):
        return None
    return tables if isinstance(tables, dict) else None


def store(entry: str, tables: dict) -> None:
    """Store validated tables under `entry`."""
    write("validated", f"{entry}.pickle", pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))
