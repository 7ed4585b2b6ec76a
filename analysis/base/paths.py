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
