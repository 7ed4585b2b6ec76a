"""JupyterLab set-up: the news pop-up off in the environment's own settings, notebooks trusted."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from analysis.report import lab


@pytest.mark.sweep
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


@pytest.mark.sweep
def test_the_lab_gets_a_stylesheet_with_the_font_of_every_chinese_character(
    tmp_path: Path,
) -> None:
    """`make lab` writes the stylesheet and a font cut to every Chinese character the notebooks,
    the data and the package's words can show, and enables the extension that serves them, all
    inside the environment (here a stand-in prefix)."""
    from fontTools.ttLib import TTFont

    from analysis.base.paths import DATA_DIR, NOTEBOOKS_DIR
    from analysis.report.fonts import FAMILY, has_cjk

    written = lab.write_settings(tmp_path)
    assert all(str(p).startswith(str(tmp_path)) for p in written)
    config = json.loads(lab.server_config_path(tmp_path).read_text(encoding="utf-8"))
    assert config["ServerApp"]["jpserver_extensions"] == {"analysis.report.lab_css": True}
    css = (lab.custom_dir(tmp_path) / "custom.css").read_text(encoding="utf-8")
    assert f'font-family:"{FAMILY}"' in css and f'url("{lab.FONT_FILE}")' in css
    assert "--jp-content-font-family" in css and "unicode-range" in css
    font = TTFont(str(lab.custom_dir(tmp_path) / lab.FONT_FILE))
    covered = {chr(c) for c in font.getBestCmap()}
    wanted = set()
    for path in [*NOTEBOOKS_DIR.glob("*.ipynb"), *DATA_DIR.glob("*.csv")]:
        wanted |= {c for c in path.read_text(encoding="utf-8-sig") if has_cjk(c)}
    assert wanted and wanted <= covered | {"\ufeff"}, sorted(wanted - covered)[:20]


def test_the_characters_come_from_the_folders_given(tmp_path: Path) -> None:
    (tmp_path / "nb").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "pkg").mkdir()
    (tmp_path / "nb" / "01_x.ipynb").write_text('{"cells": ["杨"]}', encoding="utf-8")
    (tmp_path / "data" / "t.csv").write_text("a,浦\n", encoding="utf-8")
    (tmp_path / "pkg" / "m.py").write_text('X = "区"\n', encoding="utf-8")
    chars = lab.lab_characters(tmp_path / "nb", tmp_path / "data", tmp_path / "pkg")
    assert {"杨", "浦", "区"} <= set(chars) and "a" not in chars


def test_launch_turns_the_stylesheet_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(lab, "write_settings", lambda: [])
    monkeypatch.setattr(lab, "trust_notebooks", lambda: [])
    monkeypatch.setattr(lab.os, "execv", lambda path, command: seen.append(command))
    lab.launch(["--port=9999"])
    assert "--LabApp.custom_css=True" in seen[0] and "--port=9999" in seen[0]
