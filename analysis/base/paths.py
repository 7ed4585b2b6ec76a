"""All paths in one place, resolved from the package so notebooks, papermill and nbval agree."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
SEEDS_DIR = ROOT / "seeds"
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"

#: Environment variable naming another data folder (a synthetic package, a user's own districts).
DATA_DIR_ENV = "SDPW_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: an explicit argument, else $SDPW_DATA_DIR, else the package's data/.

    A path that is a file or a symlink loop is refused here, naming the option it came from,
    rather than failing later as a raw OSError."""
    from analysis.base.errors import WorkbookError

    origin = "--data-dir" if override else f"${DATA_DIR_ENV}"
    chosen = override or os.environ.get(DATA_DIR_ENV) or DATA_DIR
    if chosen is DATA_DIR:
        return DATA_DIR.resolve()
    try:
        folder = Path(chosen).resolve()
    except (OSError, RuntimeError) as exc:
        raise WorkbookError(f"{origin} {chosen}: cannot resolve it ({exc})") from None
    if folder.exists() and not folder.is_dir():
        raise WorkbookError(f"{origin} {chosen}: is a file, not a data folder")
    return folder


def display_path(path: Path) -> str:
    """A path as a user should read it in a message: relative to the repository when inside it."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


#: System folders no output goes into, nor anywhere inside them (Linux and macOS layouts).
SYSTEM_DIRS = ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc",
               "/sbin", "/sys", "/usr", "/System")  # fmt: skip


def protected_folders(data_dir: Path | None = None) -> list[tuple[Path, str]]:
    """Folders that no output of the workbook is written into, each with what it is, for the
    message: the repository's data and seeds folders and those of `data_dir` (its seeds folder
    is its sibling), the repository's .git, analysis/ and notebooks/, and the system folders.

    An output there would overwrite a file that something else relies on (a seed whose checksum
    is recorded, a committed notebook, the code), so the runner and `draft` refuse it whatever
    the user asks. Paths are resolved; the first entry naming a folder wins."""
    found: dict[Path, str] = {}

    def add(path: Path | str, what: str) -> None:
        try:
            found.setdefault(Path(path).resolve(), what)
        except (OSError, RuntimeError):  # a folder that cannot be resolved protects nothing
            pass

    add(DATA_DIR, "the data folder")
    add(SEEDS_DIR, "the seeds folder")
    if data_dir is not None:
        add(data_dir, "the data folder given with --data-dir")
        add(Path(data_dir).parent / "seeds", "the seeds folder beside the data folder given")
    add(ROOT / ".git", "the repository's .git folder")
    add(ROOT / "analysis", "the repository's analysis/ folder (the code)")
    add(NOTEBOOKS_DIR, "the notebooks folder")
    for system in SYSTEM_DIRS:
        add(system, f"the system folder {system}")
    return list(found.items())


def protected_folder(path: Path, data_dir: Path | None = None) -> tuple[Path, str] | None:
    """The protected folder (see `protected_folders`) that the resolved `path` is or lies in.

    A system folder does not count for a path inside the repository: a checkout under /usr
    keeps its own rules."""
    for folder, what in protected_folders(data_dir):
        if path.is_relative_to(folder):
            if what.startswith("the system folder") and path.is_relative_to(ROOT):
                continue
            return folder, what
    return None
