"""JupyterLab set-up: the news pop-up off in the environment's own settings, notebooks trusted."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from analysis.report import lab


def test_settings_turn_off_news_and_keep_what_is_there(tmp_path: Path) -> None:
    overrides, page = lab.settings_paths(tmp_path)
    overrides.parent.mkdir(parents=True)
    overrides.write_text(json.dumps({"@jupyterlab/x:y": {"a": 1}}), encoding="utf-8")
    lab.write_settings(tmp_path)
    got = json.loads(overrides.read_text(encoding="utf-8"))
    assert got["@jupyterlab/x:y"] == {"a": 1}, "a setting of the user's is kept"
    assert got["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    disabled = json.loads(page.read_text(encoding="utf-8"))["disabledExtensions"]
    assert disabled == {"@jupyterlab/apputils-extension:announcements": True}


def test_committed_notebooks_are_signed_as_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nbformat.sign import NotebookNotary

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))
    paths = lab.trust_notebooks()
    assert len(paths) >= 4
    notary = NotebookNotary()
    for path in paths:
        assert notary.check_signature(nbformat.read(path, as_version=4)), path.name
