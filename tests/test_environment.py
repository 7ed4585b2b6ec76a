"""requirements.lock is the single source of the environment: hashed, exact, installed."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from analysis.base.paths import ROOT


def _pins(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        m = re.fullmatch(r"\s*-?\s*([A-Za-z0-9_.\-]+)==([^\s#\\]+)\s*\\?\s*", line)
        if m:
            pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def _project_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    deps = project["dependencies"] + extras["test"] + extras["setup"]
    pins = _pins(deps)
    assert len(pins) == len(deps), "every dependency in pyproject.toml is pinned with =="
    return pins


def _lock_text() -> str:
    return (ROOT / "requirements.lock").read_text(encoding="utf-8")


def test_environment_yml_installs_the_lock_and_pins_nothing_else() -> None:
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "python=3.11" in text
    assert "- -r requirements.lock" in text
    assert _pins(text.splitlines()) == {}, "versions live in requirements.lock only"


def test_every_locked_package_carries_a_hash() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", _lock_text())
    packages = [b for b in blocks if "==" in b.split("\n")[0]]
    assert len(packages) > 100
    unhashed = [b.split()[0] for b in packages if "--hash=sha256:" not in b]
    assert not unhashed, f"locked without a hash: {unhashed}"


def test_lock_pins_every_project_dependency_identically() -> None:
    lock = _pins(_lock_text().splitlines())
    for name, version in _project_pins().items():
        assert lock.get(name) == version, f"{name}: lock {lock.get(name)} != pyproject {version}"


def _browser_only() -> set[str]:
    """The Makefile's BROWSER_ONLY: locked, but installed by `make test-browser` alone."""
    m = re.search(r"^BROWSER_ONLY\s*:=\s*(.*)$", (ROOT / "Makefile").read_text(), re.M)
    return set(m.group(1).split()) if m else set()


def test_installed_versions_are_the_locked_ones() -> None:
    lock = _pins(_lock_text().splitlines())
    wrong = {}
    for name, version in lock.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed is None and name in _browser_only():
            continue  # make setup leaves the browser's packages to make test-browser
        if installed != version:
            wrong[name] = (installed, version)
    assert not wrong, f"installed vs locked: {wrong}; run `make clean test`"


def test_the_environment_holds_nothing_but_the_lock() -> None:
    """uv pip sync removes what the lock does not name; pip and setuptools, which `python -m venv`
    seeds and which uv leaves in place, are the only others allowed."""
    lock = set(_pins(_lock_text().splitlines()))
    installed = {d.metadata["Name"].lower().replace("_", "-") for d in metadata.distributions()}
    extra = installed - lock - {"pip", "setuptools", "shanghai-district-plans-workbook"}
    assert not extra, f"installed but not locked: {sorted(extra)}; run `make clean setup`"
