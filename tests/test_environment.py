"""requirements.lock is the single source of the environment: hashed, exact, installed."""

from __future__ import annotations

import re
from importlib import metadata

from tests.lockfile import BROWSER, LOCKS, MAIN, ROOT, extra, normalise, pins, pyproject, read_lock

PROJECT = "shanghai-district-plans-workbook"


def _project_pins() -> dict[str, str]:
    """Every requirement of `make setup` (runtime, test, setup), each an exact pin."""
    project = pyproject()["project"]
    deps = project["dependencies"] + extra("test") + extra("setup")
    found = pins(deps)
    assert len(found) == len(deps), "every dependency in pyproject.toml is pinned with =="
    return found


def test_environment_yml_installs_the_lock_and_pins_nothing_else() -> None:
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "python=3.11" in text
    assert "- -r requirements.lock" in text
    assert "pip install --no-deps --no-build-isolation -e ." in text
    lines = [line.strip(" -") for line in text.splitlines()]
    assert pins(lines) == {}, "versions live in requirements.lock only"


def test_every_locked_package_carries_a_hash() -> None:
    for name in LOCKS:
        lock = read_lock(name)
        assert lock, f"{name} pins nothing"
        unhashed = [pkg for pkg, pin in lock.items() if not pin.hashes]
        assert not unhashed, f"{name}: locked without a hash: {unhashed}"
    assert len(read_lock(MAIN)) > 100


def test_lock_pins_every_project_dependency_identically() -> None:
    lock = read_lock(MAIN)
    for name, version in _project_pins().items():
        got = lock[name].version if name in lock else None
        assert got == version, f"{name}: lock {got} != pyproject {version}"


def test_the_build_backend_is_the_locked_one() -> None:
    """`make setup` builds the editable install with --no-build-isolation, from the venv's own
    setuptools and wheel: those are the ones [build-system] asks for, pinned in the setup extra."""
    requires = pins(pyproject()["build-system"]["requires"])
    assert len(requires) == len(pyproject()["build-system"]["requires"]), "exact pins only"
    setup = pins(extra("setup"))
    assert requires.items() <= setup.items()
    for name, version in requires.items():
        assert metadata.version(name) == version


def test_installed_versions_are_the_locked_ones() -> None:
    """All of requirements.lock, at its versions; `make test-browser` may have added the rest of
    the browser lock, which pins the same versions (tests/test_locks.py)."""
    main, browser = read_lock(MAIN), read_lock(BROWSER)
    wrong = {}
    for name, pin in browser.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed is None and name not in main:
            continue  # make setup leaves the browser's packages to make test-browser
        if installed != pin.version:
            wrong[name] = (installed, pin.version)
    assert not wrong, f"installed vs locked: {wrong}; run `make clean test`"


def test_the_environment_holds_nothing_but_the_lock() -> None:
    """uv pip sync removes what the lock does not name; pip, which `python -m venv` seeds and uv
    leaves in place, and the project itself (editable) are the only others allowed."""
    allowed = set(read_lock(BROWSER)) | {"pip", PROJECT}
    installed = {normalise(d.metadata["Name"]) for d in metadata.distributions()}
    extra_installed = installed - allowed
    assert not extra_installed, (
        f"installed but not locked: {sorted(extra_installed)}; run `make clean setup`"
    )


def test_the_project_is_installed_editable_from_this_checkout() -> None:
    """An editable install: the checkout's own files run, and the console script is declared."""
    dist = metadata.distribution(PROJECT)
    assert dist.version == pyproject()["project"]["version"]
    direct_url = dist.read_text("direct_url.json") or ""
    assert re.search(r'"editable":\s*true', direct_url), direct_url
    assert ROOT.as_uri() in direct_url
    scripts = {ep.name: ep.value for ep in dist.entry_points.select(group="console_scripts")}
    assert scripts == pyproject()["project"]["scripts"]
