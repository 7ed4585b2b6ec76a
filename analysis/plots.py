"""Charts. Each labels its unit and source; the focus district is drawn strongest.

Functions return the Figure so notebooks show it once and the runner can save it.
"""

from __future__ import annotations

import io
import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analysis.labels import district_name, indicator_name, text
from analysis.style import use_style

FOCUS = "#c0392b"
PEER = "#7f8c8d"
CITY = "#2c3e50"


def _wrap(label: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) if label.isascii() else str(label)


def _figure(size: tuple[float, float]) -> tuple[Figure, Axes]:
    """A figure outside pyplot: no figure manager, nothing for the inline backend to track."""
    fig = Figure(figsize=size)
    FigureCanvasAgg(fig)  # an Agg canvas lays text out directly, with no dry-run print
    return fig, fig.subplots()


def _finish(fig: Figure, ax: Axes, title: str, source_key: str, lang: str) -> Figure:
    ax.set_title(title, loc="left")
    fig.text(0.01, 0.01, text(source_key, lang), fontsize=8, color="#555555", ha="left")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG without metadata that changes between runs or installs."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _colour(districts: pd.Series, focus: str) -> list[str]:
    return [FOCUS if d == focus else PEER for d in districts.astype("string")]


def dumbbell(targets: pd.DataFrame, focus: str, lang: str = "en") -> Figure:
    """2023 result → 2024 target for each growth indicator, one row per district and indicator."""
    use_style()
    df = targets.copy()
    df["label"] = indicator_name(df, lang).map(_wrap) + " · " + district_name(df, lang)
    df = df.sort_values(["indicator", "district"], ascending=False).reset_index(drop=True)
    fig, ax = _figure((9, 0.42 * len(df) + 1.4))
    y = np.arange(len(df))
    colours = _colour(df["district"], focus)
    for i, row in df.iterrows():
        if pd.notna(row["result"]):
            ax.plot([row["result"], row["target"]], [i, i], color=colours[i], lw=1.5, alpha=0.7)
            hollow = row["result_kind"] == "estimate"
            ax.scatter(
                row["result"],
                i,
                s=40,
                zorder=3,
                edgecolor=colours[i],
                facecolor="white" if hollow else colours[i],
                marker="o",
            )
        ax.scatter(row["target"], i, s=60, zorder=3, color=colours[i], marker="D")
    ax.set_yticks(y, df["label"], fontsize=8)
    ax.set_xlabel(text("growth_pct", lang))
    ax.axvline(0, color="#cccccc", lw=0.8)
    ax.scatter([], [], marker="o", color=PEER, label=text("result", lang))
    ax.scatter([], [], marker="D", color=PEER, label=text("target", lang))
    ax.scatter([], [], marker="o", facecolor="white", edgecolor=PEER, label=text("estimate", lang))
    ax.legend(loc="lower right", fontsize=8)
    title = {"en": "Growth: 2023 result and 2024 target", "zh": "增速：2023年完成与2024年目标"}[
        lang
    ]
    return _finish(fig, ax, title, "source", lang)


def escalation_bars(esc: pd.DataFrame, focus: str, lang: str = "en") -> Figure:
    """District growth target minus Shanghai's, in percentage points."""
    use_style()
    df = esc.copy()
    df["label"] = indicator_name(df, lang).map(_wrap) + " · " + district_name(df, lang)
    fig, ax = _figure((8, 0.5 * len(df) + 1.6))
    ax.barh(df["label"], df["gap_pp"], color=_colour(df["district"], focus))
    for i, (gap, tgt, q) in enumerate(
        zip(df["gap_pp"], df["target"], df["qualifier"], strict=True)
    ):
        note = f"{tgt:g}%{'' if pd.isna(q) else ' ' + str(q)}"
        ax.annotate(
            f"{gap:+.1f} pp ({note})",
            (gap, i),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.axvline(0, color=CITY, lw=1)
    ax.set_xlabel(text("gap_pp", lang))
    ax.margins(x=0.35)
    title = {"en": "Targets against Shanghai's 2024 targets", "zh": "各区目标与全市2024年目标比较"}[
        lang
    ]
    return _finish(fig, ax, title, "source_ref", lang)


def implied_vs_stated(cons: pd.DataFrame, focus: str, lang: str = "en") -> Figure:
    """Gap between each stated 2024 level and the level its growth target implies, in percent.

    The grey band is what the rounding of the printed growth target allows; a bar beyond it is
    a discrepancy inside the report.
    """
    use_style()
    df = cons.copy()
    df["label"] = indicator_name(df, lang).map(_wrap) + " · " + district_name(df, lang)
    fig, ax = _figure((8, 0.6 * len(df) + 1.8))
    y = np.arange(len(df))
    band = df["rounding_pct"]
    ax.barh(y, 2 * band, left=-band, height=0.8, color="#e5e5e5", label=text("rounding", lang))
    ax.barh(y, df["gap_pct"], height=0.45, color=_colour(df["district"], focus))
    for i, row in df.iterrows():
        note = (
            f"{row['gap_pct']:+.2f}%: {text('stated', lang)} {row['stated_level']:,.2f}, "
            f"{text('implied', lang)} {row['implied_level']:,.2f} {row['level_unit']}"
        )
        ax.annotate(
            note, (0, i), xytext=(0, 12), textcoords="offset points", ha="center", fontsize=7
        )
    ax.set_yticks(y, df["label"], fontsize=8)
    ax.axvline(0, color=CITY, lw=1)
    ax.set_xlabel(text("gap_pct", lang))
    lim = max(5.0, float(np.nanmax(np.abs(df["gap_pct"]))) * 1.3)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-0.7, len(df) - 0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.18), fontsize=8)
    title = {
        "en": "2024 level targets against the levels their growth targets imply",
        "zh": "2024年总量目标与按增速目标推算值之差",
    }[lang]
    return _finish(fig, ax, title, "source", lang)


def category_shares(bycat: pd.DataFrame, lang: str = "en", who: str = "") -> Figure:
    """Listed project investment by category, with project counts."""
    use_style()
    df = bycat.sort_values("total")
    labels = df["category_en"] if lang == "en" else df["category_zh"]
    fig, ax = _figure((8, 0.55 * len(df) + 1.6))
    ax.barh(labels.astype("string"), df["total"], color=PEER)
    for i, (total, share, n) in enumerate(
        zip(df["total"], df["share"], df["projects"], strict=True)
    ):
        unit = "projects" if lang == "en" else "项"
        ax.annotate(
            f"{total:.2f} ({share:.0%}, {n} {unit})",
            (total, i),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.set_xlabel(
        text("yi_yuan", lang) + (", whole-life investment" if lang == "en" else "，项目总投资")
    )
    ax.margins(x=0.35)
    n = int(df["projects"].sum())
    title = {
        "en": f"{who + ': ' if who else ''}{n} listed projects by category",
        "zh": f"{who + '：' if who else ''}所列{n}个项目（按类别）",
    }[lang]
    return _finish(fig, ax, title, "source", lang)


def target_over_result(outputs: pd.DataFrame, focus: str, lang: str = "en") -> Figure:
    """2024 target as a multiple of the 2023 result: only where the data allows the ratio
    (an annual target against an annual result of the same scope; see social.service_outputs)."""
    use_style()
    df = outputs.dropna(subset=["target_vs_result"]).copy()
    df["label"] = indicator_name(df, lang).map(_wrap) + " · " + district_name(df, lang)
    df = df.sort_values("target_vs_result")
    fig, ax = _figure((8, 0.45 * len(df) + 1.6))
    ax.barh(df["label"], df["target_vs_result"], color=_colour(df["district"], focus))
    for i, (r, t, u) in enumerate(zip(df["result"], df["target"], df["result_unit"], strict=True)):
        ax.annotate(
            f"{r:,.0f} → {t:,.0f} {u}",
            (df["target_vs_result"].iloc[i], i),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    ax.axvline(1, color=CITY, lw=1)
    ax.set_xlabel(text("target_over_result", lang))
    ax.tick_params(axis="y", labelsize=8)
    ax.margins(x=0.45)
    title = {
        "en": "Social-service outputs: 2024 target relative to 2023 (annual against annual)",
        "zh": "社会服务产出：2024年目标相对2023年完成（年度对年度）",
    }[lang]
    return _finish(fig, ax, title, "source", lang)
