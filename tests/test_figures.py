"""The README's figures are what the code draws today, byte for byte."""

from __future__ import annotations

import pytest

from analysis.base.paths import ROOT
from analysis.report.figures import FIGURES_DIR, README_FIGURES, render


@pytest.mark.parametrize("name", list(README_FIGURES))
@pytest.mark.sweep
def test_readme_figure_is_current(name: str) -> None:
    committed = (FIGURES_DIR / name).read_bytes()
    assert render(name) == committed, f"run `python -m analysis figures` to redraw {name}"


@pytest.mark.parametrize("name", list(README_FIGURES))
def test_readme_embeds_the_figure(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"notebooks/figures/{name}" in readme
