"""Three compiled, hashed locks, one per use (`make lock`): requirements.lock for `make setup`,
requirements-setup.lock (uv and the build backend, installed by pip first) and
requirements-browser.lock for `make test-browser`. The last two are compiled against the first
(-c), so a package they share is the same download; these tests check that it stays so, and
that the Makefile installs each lock whole instead of cutting one up."""

from __future__ import annotations

import re

from tests.lockfile import BROWSER, MAIN, ROOT, SETUP, extra, header_command, pins, read_lock


def _makefile() -> str:
    return (ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_browser_lock_pins_the_main_lock_identically() -> None:
    main, browser = read_lock(MAIN), read_lock(BROWSER)
    missing = sorted(main.keys() - browser.keys())
    assert not missing, f"in {MAIN} but not {BROWSER}: {missing}"
    differ = {
        name: (pin.version, browser[name].version)
        for name, pin in main.items()
        if browser[name] != pin
    }
    assert not differ, f"version or hashes differ between the locks: {differ}"


def test_playwright_is_in_the_browser_lock_only() -> None:
    browser_extra = pins(extra("browser"))
    assert "playwright" in browser_extra
    main, browser = read_lock(MAIN), read_lock(BROWSER)
    for name, version in browser_extra.items():
        assert browser[name].version == version
        assert name not in main, f"{name} would be installed by every `make setup`"
    # what the browser lock adds is the extra and what it needs, a handful, not a second world
    assert browser_extra.keys() <= browser.keys() - main.keys()
    assert len(browser.keys() - main.keys()) <= 5


def test_the_setup_lock_is_the_setup_extra_as_in_the_main_lock() -> None:
    setup, main = read_lock(SETUP), read_lock(MAIN)
    assert {name: pin.version for name, pin in setup.items()} == pins(extra("setup"))
    for name, pin in setup.items():
        assert main[name] == pin, f"{name}: {SETUP} and {MAIN} differ"


def test_the_locks_follow_the_main_one() -> None:
    """The header of each lock is the command that wrote it: the other two constrained to
    requirements.lock, all for the same Python and with hashes."""
    for name in (MAIN, SETUP, BROWSER):
        command = header_command(name)
        assert "--generate-hashes" in command and "--python-version 3.11.7" in command
        assert f"-o {name}" in command
        assert ("-c requirements.lock" in command) == (name != MAIN), command
    assert "--extra browser" in header_command(BROWSER)
    assert "--extra browser" not in header_command(MAIN)


def test_the_makefile_installs_each_lock_whole() -> None:
    makefile = _makefile()
    assert not re.search(r"\bawk\b", makefile), "the locks are installed whole, not cut up"
    assert "BROWSER_ONLY" not in makefile
    assert re.search(r"pip install .*--require-hashes .*-r requirements-setup\.lock", makefile)
    assert re.search(r"pip sync .*--require-hashes .*requirements\.lock$", makefile, re.M)
    assert re.search(r"pip install .*--require-hashes .*-r requirements-browser\.lock", makefile)
    assert re.search(r"pip install .*--offline .*--no-deps .*--no-build-isolation -e \.", makefile)
