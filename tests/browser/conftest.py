"""Headless Chromium (Debian's, never a downloaded build) driven by Playwright, for
`make test-browser`. Not part of `make test`, which needs nothing but python3 and make."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.base.paths import REPORTS_DIR

#: The browser: $SDPW_CHROMIUM (set by the Makefile), else Debian's.
CHROMIUM = Path(os.environ.get("SDPW_CHROMIUM", "/usr/bin/chromium"))

#: Flags for a quiet, offline browser: nothing of its own goes to the network.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: The report folder under test: $SDPW_REPORTS, else reports/.
REPORTS = Path(os.environ.get("SDPW_REPORTS", REPORTS_DIR))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium, or set SDPW_CHROMIUM")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()
