"""A Jupyter server extension that serves the workbook's stylesheet as JupyterLab's custom.css.

JupyterLab loads `custom/custom.css` when `LabApp.custom_css` is on, from the user's Jupyter
config folder. Rather than write into the user's home, `make lab` (see `lab.write_settings`)
enables this extension in the environment's own config, and the extension puts the folder the
environment holds (`lab.custom_dir()`) first on the server's custom path: the stylesheet and
the CJK font subset it names are served from there, nowhere else changes.
"""

from __future__ import annotations

from typing import Any


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "analysis.report.lab_css"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    from analysis.report.lab import custom_dir

    paths = serverapp.web_app.settings.setdefault("static_custom_path", [])
    folder = str(custom_dir())
    if folder not in paths:
        paths.insert(0, folder)  # the same list the custom/ handler reads on every request
