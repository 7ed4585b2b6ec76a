"""Reading the compiled locks (`make lock`) and pyproject.toml's pins, for the tests that check
them; the package itself is not imported, so these tests hold whatever moves inside analysis/."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN = "requirements.lock"  # runtime + test + setup: `make setup` syncs the venv to it
SETUP = "requirements-setup.lock"  # the setup extra, installed by pip before uv exists
BROWSER = "requirements-browser.lock"  # the main lock plus the browser extra
LOCKS = (MAIN, SETUP, BROWSER)


def normalise(name: str) -> str:
    """A distribution's name as the locks and installed metadata can both be compared by."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Pin:
    version: str
    hashes: frozenset[str]


def read_lock(name: str) -> dict[str, Pin]:
    """Each package of a lock with its version and sha256 hashes."""
    text = (ROOT / name).read_text(encoding="utf-8")
    pins: dict[str, Pin] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        m = re.match(r"([A-Za-z0-9][A-Za-z0-9_.\-]*)==(\S+)", block)
        if m:
            hashes = frozenset(re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
            pins[normalise(m.group(1))] = Pin(m.group(2), hashes)
    return pins


def header_command(name: str) -> str:
    """The `uv pip compile` command that wrote a lock, from its header."""
    m = re.search(r"^#\s+(uv pip compile .*)$", (ROOT / name).read_text(encoding="utf-8"), re.M)
    assert m, f"{name} was compiled by uv"
    return m.group(1)


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def pins(requirements: list[str]) -> dict[str, str]:
    """name -> version of exact (==) requirements; anything else is left out."""
    out = {}
    for req in requirements:
        m = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9_.\-]*)==([^\s;]+)\s*", req)
        if m:
            out[normalise(m.group(1))] = m.group(2)
    return out


def extra(name: str) -> list[str]:
    return pyproject()["project"]["optional-dependencies"][name]
