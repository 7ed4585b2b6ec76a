"""environment.yml and requirements.lock may not drift from the pins in pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from analysis.paths import ROOT


def _pins(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        m = re.fullmatch(r"\s*-?\s*([A-Za-z0-9_.\-]+)==([^\s#]+)\s*", line)
        if m:
            pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def _project_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["test"]
    pins = _pins(deps)
    assert len(pins) == len(deps), "every dependency in pyproject.toml is pinned with =="
    return pins


def test_environment_yml_matches_pyproject() -> None:
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "python=3.11" in text
    assert "-c requirements.lock" in text
    assert _pins(text.splitlines()) == _project_pins()


def test_lock_pins_every_project_dependency_identically() -> None:
    lock = _pins((ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines())
    for name, version in _project_pins().items():
        assert lock.get(name) == version, f"{name}: lock {lock.get(name)} != pyproject {version}"


def test_installed_versions_are_the_locked_ones() -> None:
    lock = _pins((ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines())
    wrong = {}
    for name, version in lock.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[name] = (installed, version)
    assert not wrong, f"installed vs locked: {wrong}; run `make clean test`"
