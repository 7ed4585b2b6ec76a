"""Chinese labels render in the bundled Noto Sans CJK SC, never a system font, with no warning."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from analysis.presentation.style import CJK_FONT_NAME, cjk_font_path, use_style  # noqa: E402

TEXT = "杨浦区 宝山区 地区生产总值 一般公共预算收入 社会消费品零售总额 以上 左右 力争 与全市同步"


def test_font_comes_from_the_project_dependencies() -> None:
    path = cjk_font_path()
    assert path.is_file() and "site-packages" in str(path)
    assert use_style() == CJK_FONT_NAME
    found = font_manager.findfont(font_manager.FontProperties(family=CJK_FONT_NAME))
    assert Path(found).resolve() == path.resolve()  # the same file, through a symlinked venv too


def test_chinese_text_renders_without_missing_glyph_warnings() -> None:
    use_style()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would raise here
        fig, ax = plt.subplots()
        ax.set_title(TEXT)
        ax.set_xlabel("亿元 · 百分点 · 万人次 · 万平方米（2023 年）")
        ax.bar(["杨浦", "宝山"], [1, 2])
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
    assert buf.getvalue().startswith(b"\x89PNG")


def test_a_missing_glyph_would_be_caught() -> None:
    """The guard above is real: DejaVu Sans alone lacks CJK glyphs and warns."""
    import pytest

    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        fig, ax = plt.subplots()
        ax.set_title("杨浦区")
        with pytest.warns(UserWarning, match="Glyph .* missing from font"):
            fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)


def test_one_theme_sets_every_chart_size_and_colour() -> None:
    """seaborn's theme with the workbook's rc on top: no size below the smallest allowed, the
    focus colour first in the palette, the CJK font first."""
    from analysis.presentation import style

    use_style()
    rc = matplotlib.rcParams
    for key in ("font.size", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
                "legend.fontsize", "axes.titlesize"):  # fmt: skip
        assert float(rc[key]) >= style.MIN_FONT_PT, key
    assert rc["font.sans-serif"][0] == CJK_FONT_NAME
    first = rc["axes.prop_cycle"].by_key()["color"][0]
    assert matplotlib.colors.to_hex(first) == style.FOCUS
    assert rc["text.parse_math"] is False
