"""The browser's packages: pinned and hashed in requirements.lock with everything else, left out
of `make setup` and installed by `make test-browser`. The Makefile names them (BROWSER_ONLY);
this checks that list against the lock, so that neither a package `make test` needs is left out
nor a browser package slips into every install."""

from __future__ import annotations

import re
import subprocess
import tomllib

from analysis.base.paths import ROOT


def _lock_blocks() -> dict[str, list[str]]:
    """Each locked package (normalised name) with the names of what requires it ("# via")."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    blocks: dict[str, list[str]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = block.split("\n", 1)[0]
        if "==" not in head:
            continue
        name = head.split("==")[0].strip().lower().replace("_", "-")
        via = re.findall(r"#\s+(?:via\s+)?([A-Za-z0-9_.\-]+)(?:\s|$)", block.split("--hash", 1)[-1])
        blocks[name] = [v.lower().replace("_", "-") for v in via if v != "via"]
    return blocks


def _browser_only_in_makefile() -> set[str]:
    m = re.search(r"^BROWSER_ONLY\s*:=\s*(.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert m, "the Makefile names the browser's packages in BROWSER_ONLY"
    return set(m.group(1).split())


def _browser_extra() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {d.split("==")[0].lower() for d in project["optional-dependencies"]["browser"]}


def test_browser_only_is_what_only_the_browser_extra_requires() -> None:
    blocks = _lock_blocks()
    extra = _browser_extra()
    assert extra <= blocks.keys(), "the browser extra is pinned in the lock"
    only = set(extra)
    changed = True
    while changed:  # a package all of whose dependents are browser-only is browser-only
        changed = False
        for name, via in blocks.items():
            if name not in only and via and all(v in only for v in via):
                only.add(name)
                changed = True
    assert _browser_only_in_makefile() == only


def test_make_setup_installs_the_lock_without_the_browser() -> None:
    """The Makefile's own split of the lock (awk), run here: the core list has every other
    package, hashes and all, and the browser list exactly the browser's."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(call lock_blocks,0) > $(VENV)/core-requirements.txt" in makefile
    assert re.search(r"pip sync .*--require-hashes .*\$\(VENV\)/core-requirements.txt", makefile)

    def split(keep: int) -> str:
        out = subprocess.run(
            ["make", "-s", "--no-print-directory", "-f", "-", "show"],
            input=makefile.split("\n.PHONY")[0]
            + f"\nshow:\n\t@$(call lock_blocks,{keep})\n",
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        return out.stdout

    def names(text: str) -> set[str]:
        return {line.split("==")[0] for line in text.splitlines() if "==" in line}

    core, browser = split(0), split(1)
    blocks = _lock_blocks()
    assert names(browser) == _browser_only_in_makefile()
    assert names(core) | names(browser) == set(blocks)
    assert not names(core) & names(browser)
    assert core.count("--hash=sha256:") + browser.count("--hash=sha256:") == (
        (ROOT / "requirements.lock").read_text(encoding="utf-8").count("--hash=sha256:")
    )
