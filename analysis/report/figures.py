"""The figures the README embeds, drawn by the same code (and the same theme) as the notebooks'
charts and kept in git.

A test redraws them and compares bytes, so the README never shows a chart the data no longer
gives. PNG metadata is fixed (no software version, no date), so the same install gives the
same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from matplotlib.figure import Figure

from analysis.base.files import atomic_write
from analysis.base.paths import NOTEBOOKS_DIR
from analysis.presentation.plots import png_bytes

FIGURES_DIR = NOTEBOOKS_DIR / "figures"


def _consistency() -> Figure:
    from analysis.analyses import targets
    from analysis.presentation import plots
    from analysis.presentation.notebook import setup

    ctx = setup("baoshan", "en")
    cons = targets.consistency_checks(ctx.ind, ctx.results_year)
    return plots.implied_vs_stated(cons, "baoshan", "en", ctx.years)


#: The districts the growth figure draws, as the README says: Yangpu against Baoshan. A district
#: added to data/ does not change the README's figures (the notebooks show every district).
GROWTH_DISTRICTS = ("yangpu", "baoshan")


def _growth() -> Figure:
    from analysis.analyses import targets
    from analysis.presentation import plots
    from analysis.presentation.notebook import setup

    ctx = setup("yangpu", "en")
    growth = targets.growth_targets(ctx.ind, ctx.results_year)
    growth = growth[growth["district"].isin(GROWTH_DISTRICTS)]
    master = targets.master_table(ctx.ind, ctx.ref, ctx.src, ctx.comp, ctx.parts)
    esc = targets.escalation(master[master["district"].isin(GROWTH_DISTRICTS)])
    return plots.growth(growth, "yangpu", "en", ctx.years, esc=esc, comp=ctx.comp)


#: File name -> how to draw it.
README_FIGURES: dict[str, Callable[[], Figure]] = {
    "growth_targets_yangpu.png": _growth,
    "consistency_baoshan.png": _consistency,
}


def render(name: str) -> bytes:
    """One README figure as PNG bytes."""
    return png_bytes(README_FIGURES[name]())


def write_figures(folder: Path = FIGURES_DIR) -> list[Path]:
    """Redraw every README figure into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in README_FIGURES:
        path = folder / name
        data = render(name)
        atomic_write(path, lambda tmp, data=data: Path(tmp).write_bytes(data))
        written.append(path)
    return written
