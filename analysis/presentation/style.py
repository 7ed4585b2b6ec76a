"""Chart style and the CJK font, set up once per process.

The font is Noto Sans CJK SC shipped inside the `mplfonts` wheel, a pinned dependency, and is
registered with matplotlib's font manager by file path: charts never depend on system fonts.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import matplotlib

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_NAME = "Noto Sans CJK SC"

#: Fixed rcParams so a fresh install renders byte-identical PNGs. No text is TeX: a `$…$` in a
#: name from the data is drawn as typed, never parsed as mathtext (where an unknown command such
#: as `$\notacommand$` would stop the notebook after `validate` passed).
RC = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.figsize": (8.0, 4.5),
    "axes.titlesize": 12,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": False,
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
    """Register the CJK font and apply the workbook style; returns the font family name."""
    from matplotlib import font_manager

    path = cjk_font_path()
    if not path.exists():
        raise FileNotFoundError(f"CJK font missing: {path}; reinstall with `make clean setup`")
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams.update(RC)
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    return name
