"""Chart style and the CJK font, set up once per process: one seaborn theme for every chart.

The font is Noto Sans CJK SC shipped inside the `mplfonts` wheel, a pinned dependency, and is
registered with matplotlib's font manager by file path: charts never depend on system fonts.
The notebooks' charts, the README figures and the landing thumbnails (scaled from the
notebooks' charts) are all drawn under this theme, and the report's own district is
highlighted the one way `highlight` does it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import matplotlib

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_NAME = "Noto Sans CJK SC"

#: The report's own district, its peers, Shanghai: the same three colours in every chart.
FOCUS = "#c0392b"
PEER = "#7f8c8d"
CITY = "#2c3e50"
#: The band behind the report's own district in a chart with a row per district.
FOCUS_BAND = "#fbeae8"

#: The smallest type any chart uses, in points (tests/test_charts.py holds every chart to it).
MIN_FONT_PT = 8

#: Fixed rcParams so a fresh install renders byte-identical PNGs. No text is TeX: a `$…$` in a
#: name from the data is drawn as typed, never parsed as mathtext (where an unknown command such
#: as `$\notacommand$` would stop the notebook after `validate` passed). Font sizes are set
#: here, once, and never below MIN_FONT_PT.
RC = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.figsize": (8.0, 4.5),
    "font.size": 9,
    "axes.titlesize": 9,
    "axes.titlelocation": "left",
    # a title at the axes' top, not placed by measuring every sibling's ticks at each draw
    # (matplotlib's automatic placement only lifts it above ticks drawn on top, which no chart has)
    "axes.titley": 1.0,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.title_fontsize": 8,
    "figure.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": False,
    "axes.edgecolor": "#555555",
    "grid.color": "#e6e6e6",
    "legend.frameon": False,
    "svg.hashsalt": "sdpw",
    "pdf.fonttype": 42,
    "path.simplify": True,
    "text.parse_math": False,
}


def cjk_font_path() -> Path:
    """Path of the bundled Noto Sans CJK SC font file."""
    return Path(str(resources.files("mplfonts") / "fonts" / CJK_FONT_FILE))


@cache
def use_style() -> str:
    """Register the CJK font and apply the workbook's one seaborn theme; returns the font
    family name. seaborn's theme is set with the rc above on top, so its context cannot make
    a label smaller than MIN_FONT_PT."""
    import seaborn as sns
    from matplotlib import font_manager

    path = cjk_font_path()
    if not path.exists():
        raise FileNotFoundError(f"CJK font missing: {path}; reinstall with `make clean setup`")
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    sns.set_theme(context="paper", style="ticks", palette=[FOCUS, PEER, CITY], rc=RC)
    matplotlib.rcParams.update(RC)
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    return name


def highlight(ax, labels: list[str], focus_label: str | None, axis: str = "y") -> None:
    """Mark the report's own district on a categorical axis, the same way in every chart: its
    tick label bold in the focus colour and a pale band behind its row (or column)."""
    if focus_label is None or focus_label not in labels:
        return
    i = labels.index(focus_label)
    span = ax.axhspan if axis == "y" else ax.axvspan
    span(i - 0.5, i + 0.5, color=FOCUS_BAND, zorder=0, lw=0)
    ticks = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    for tick in ticks:
        if tick.get_text() == focus_label:
            tick.set_color(FOCUS)
