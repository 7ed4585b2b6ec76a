"""JupyterLab as the project wants it: no news pop-up, no update check, notebooks trusted.

The settings go into the virtual environment's own JupyterLab folders (`sys.prefix`), so a
user's personal settings elsewhere are untouched and nothing outside the project changes.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from analysis.base.files import atomic_write_text
from analysis.base.paths import NOTEBOOKS_DIR

#: JupyterLab's settings overrides: the defaults of this installation.
OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}
}
#: Plugins switched off for this installation: the news announcements.
PAGE_CONFIG = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}


def settings_paths(prefix: Path | None = None) -> tuple[Path, Path]:
    """Where JupyterLab reads installation-wide overrides and page config."""
    prefix = Path(prefix or sys.prefix)
    return (
        prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json",
        prefix / "etc" / "jupyter" / "labconfig" / "page_config.json",
    )


def write_settings(prefix: Path | None = None) -> list[Path]:
    """Write the overrides and page config, merged into whatever is there already."""
    written = []
    for path, wanted in zip(settings_paths(prefix), (OVERRIDES, PAGE_CONFIG), strict=True):
        current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        for key, value in wanted.items():
            current.setdefault(key, {}).update(value)
        atomic_write_text(path, json.dumps(current, indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written


def trust_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Sign the committed notebooks, so that JupyterLab shows their outputs as trusted."""
    import nbformat
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary()
    paths = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        notary.sign(nbformat.read(path, as_version=4))
    return paths


def launch(args: list[str]) -> None:
    """Replace this process with JupyterLab on the notebooks (as root too, in a container)."""
    write_settings()
    trust_notebooks()
    command = [str(Path(sys.prefix) / "bin" / "jupyter"), "lab", *args, str(NOTEBOOKS_DIR)]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(2, "--allow-root")
    os.execv(command[0], command)
