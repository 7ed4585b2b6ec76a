"""The package installs: a wheel holds every file of analysis/ (templates and whatever folders are
added later, found by pyproject.toml's globs, not listed) and declares the `sdpw` command, and
`make setup` put that command next to this Python."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.lockfile import ROOT, pyproject


def _package_files() -> list[str]:
    """analysis/'s files as the repository holds them (git), else as the folder does."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "analysis"], cwd=ROOT, capture_output=True, check=True
        ).stdout.decode()
        files = [f for f in out.split("\0") if f and (ROOT / f).is_file()]
    except (OSError, subprocess.CalledProcessError):
        files = []
    if not files:
        files = [
            p.relative_to(ROOT).as_posix()
            for p in (ROOT / "analysis").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        ]
    return sorted(files)


def _build_wheel(src: Path, out: Path) -> Path:
    """The PEP 517 hook of [build-system], run here: offline and without build isolation, with
    the locked setuptools and wheel of this venv (what `make setup` builds with)."""
    backend = pyproject()["build-system"]["build-backend"]
    code = f"import sys, {backend} as b; print(b.build_wheel(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(out)], cwd=src, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out / done.stdout.strip().splitlines()[-1]


@pytest.mark.sweep
def test_the_wheel_holds_every_file_of_the_package(tmp_path: Path) -> None:
    """Built from a copy of the checkout's files (the checkout is left untouched), with stray
    bytecode beside them that must stay out."""
    src = tmp_path / "src"
    files = _package_files()
    assert any(not f.endswith(".py") for f in files), "the templates are part of the package"
    for rel in [*files, "pyproject.toml", "README.md"]:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, src / rel)
    stray = src / "analysis" / "__pycache__" / "stray.cpython-311.pyc"
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"")
    (tmp_path / "dist").mkdir()

    wheel = _build_wheel(src, tmp_path / "dist")

    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        info = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        entry_points = zf.read(info).decode()
    missing = sorted(set(files) - names)
    assert not missing, f"left out of the wheel: {missing}"
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    scripts = configparser.ConfigParser()
    scripts.read_string(entry_points)
    assert dict(scripts["console_scripts"]) == pyproject()["project"]["scripts"]
    assert scripts["console_scripts"]["sdpw"] == "analysis.cli:main"


@pytest.mark.sweep
def test_the_sdpw_command_is_installed() -> None:
    sdpw = Path(sys.executable).with_name("sdpw")
    assert sdpw.is_file(), f"no {sdpw}: run `make clean setup`"
    done = subprocess.run([str(sdpw), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "validate" in done.stdout
