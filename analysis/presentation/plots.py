"""Charts. Each labels its unit and source; the focus district is drawn strongest.

Functions return the Figure so notebooks show it once and the runner can save it.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from analysis.load.vocabulary import printed_words
from analysis.presentation.labels import district_name, fill, indicator_name, text, unit_label
from analysis.presentation.style import use_style

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


def dumbbell(
    master: pd.DataFrame, focus: str, lang: str = "en", years: Mapping[str, int] | None = None
) -> Figure:
    """Last result → plan-year target for each growth rate, with the city's target as a mark.

    The result (circle) sits just above the line and the target (diamond) just below, so both
    stay visible when they are equal; the printed qualifier stands at each target. Only numeric
    growth targets in percent are drawn: one axis, one unit.
    """
    use_style()
    df = master[
        (master["unit"].astype("string") == "%")
        & (master["measure"].astype("string") == "growth")
        & master["target_value"].notna()
        & master["subject"].isna()
    ].copy()
    df["label"] = indicator_name(df, lang).map(_wrap) + " · " + district_name(df, lang)
    df = df.sort_values(["indicator", "district"], ascending=False).reset_index(drop=True)
    fig, ax = _figure((9, 0.45 * len(df) + 1.6))
    colours = np.array(_colour(df["district"], focus), dtype=object)
    y = np.arange(len(df), dtype=float)
    has = df["result_value"].notna().to_numpy()
    # one artist per kind of mark, not one per row: fewer artists, a faster draw
    segments = [
        [(r, yy), (t, yy)]
        for r, t, yy in zip(df["result_value"][has], df["target_value"][has], y[has], strict=True)
    ]
    ax.add_collection(LineCollection(segments, colors=list(colours[has]), lw=1.2, alpha=0.6))
    hollow = (df["result_kind"] == "estimate").to_numpy()
    ax.scatter(
        df["result_value"][has], y[has] + 0.18, s=42, zorder=3, marker="o",
        edgecolors=list(colours[has]),
        facecolors=["white" if h else c for h, c in zip(hollow[has], colours[has], strict=True)],
    )  # fmt: skip
    ax.scatter(df["target_value"], y - 0.18, s=55, zorder=3, c=list(colours), marker="D")
    city = (df["city_target_value"].notna() & (df["city_unit"] == "%")).to_numpy()
    ax.scatter(df["city_target_value"][city], y[city], s=220, marker="|", color=CITY, zorder=4)
    for i, row in df.iterrows():
        words = printed_words(row["qualifier"])
        english = row.get("qualifier_en")
        if words and lang == "en" and isinstance(english, str) and english:
            words = f"{english} ({words})"  # the English first, the printed words beside it
        if words:
            ax.annotate(
                words, (row["target_value"], i - 0.18), xytext=(6, -3),
                textcoords="offset points", fontsize=7, color=colours[i], va="center",
            )  # fmt: skip
    ax.set_yticks(np.arange(len(df)), df["label"], fontsize=8)
    ax.set_ylim(-0.7, len(df) - 0.3)
    ax.set_xlabel(text("growth_pct", lang))
    ax.axvline(0, color="#cccccc", lw=0.8)
    ax.margins(x=0.15)
    ax.scatter([], [], marker="o", color=PEER, label=text("result", lang, years))
    ax.scatter([], [], marker="D", color=PEER, label=text("target", lang, years))
    ax.scatter([], [], marker="|", s=120, color=CITY, label=text("city_target", lang, years))
    if (df["result_kind"] == "estimate").any():
        ax.scatter(
            [], [], marker="o", facecolor="white", edgecolor=PEER, label=text("estimate", lang)
        )
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), fontsize=8, ncol=4)
    title = {"en": "Growth: last result and plan-year target", "zh": "增速：上年完成与本年目标"}[
        lang
    ]
    return _finish(fig, ax, title, "source_city", lang)


#: Marker per change of bound against the city's: tighter points right, looser left.
BOUND_MARKERS = {"tighter": ">", "same": "o", "looser": "<", "n/a": "x"}


def escalation_bars(esc: pd.DataFrame, focus: str, lang: str = "en") -> Figure:
    """District target minus Shanghai's (pp), with the change of bound marked at each bar.

    A bound tightened at the same number (以上 against 左右) has no bar but a marker and a
    label, so escalation by wording stays visible; a target with no comparable number stands at
    zero with a hollow marker and says why.
    """
    use_style()
    df = esc.copy().reset_index(drop=True)
    df["label"] = indicator_name(df, lang).map(_wrap) + " · " + district_name(df, lang)
    fig, ax = _figure((8.5, 0.55 * len(df) + 1.8))
    colours = _colour(df["district"], focus)
    gap = df["escalation"].where(df["escalation_unit"] == "pp")
    notes = []
    xs = gap.fillna(0.0)
    for key, marker in BOUND_MARKERS.items():
        rows = (df["bound_escalation"] == key).to_numpy()
        if rows.any():
            ax.scatter(
                xs[rows], np.arange(len(df))[rows], s=70, zorder=3, marker=marker,
                edgecolors=[c for c, r in zip(colours, rows, strict=True) if r],
                facecolors=[
                    "white" if pd.isna(g) else c
                    for g, c, r in zip(gap, colours, rows, strict=True) if r
                ],
            )  # fmt: skip
    for i, row in df.iterrows():
        x = float(xs[i])
        number = f"{x:+.1f} {text('pp', lang)}" if pd.notna(gap[i]) else text("no_number", lang)
        city = f"{row['city_target_value']:g}% " if pd.notna(row["city_target_value"]) else ""
        notes.append(
            f"{number}, {text('bound', lang)} {text(row['bound_escalation'], lang)}: "
            f"{row['target_wording']} | {city}{printed_words(row['city_qualifier'])}"
        )
    ax.barh(np.arange(len(df)), gap.fillna(0), color=colours, alpha=0.8, height=0.5)
    ax.set_yticks(
        np.arange(len(df)),
        [f"{lab}\n{note}" for lab, note in zip(df["label"], notes, strict=True)],
        fontsize=7,
    )
    ax.axvline(0, color=CITY, lw=1)
    ax.set_xlabel(text("gap_pp", lang))
    ax.margins(x=0.1)
    for key, marker in BOUND_MARKERS.items():
        ax.scatter(
            [], [], marker=marker, color=PEER, label=f"{text('bound', lang)} {text(key, lang)}"
        )
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.14), fontsize=8, ncol=2)
    title = {
        "en": "Targets against Shanghai's: number and bound",
        "zh": "各区目标与全市目标比较：数值与界限",
    }[lang]
    return _finish(fig, ax, title, "source_city", lang)


def implied_vs_stated(
    cons: pd.DataFrame, focus: str, lang: str = "en", years: Mapping[str, int] | None = None
) -> Figure:
    """Gap between each stated plan-year level and the level its growth target implies, in percent.

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
    title = fill(
        {
            "en": "{plan_year} level targets against the levels their growth targets imply",
            "zh": "{plan_year}年总量目标与按增速目标推算值之差",
        }[lang],
        lang,
        years,
    )
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


def target_over_result(
    outputs: pd.DataFrame, focus: str, lang: str = "en", years: Mapping[str, int] | None = None
) -> Figure:
    """Plan-year target as a multiple of the last result: only where the data allows the ratio
    (an annual target against an annual result of the same scope; see social.service_outputs)."""
    use_style()
    df = outputs.dropna(subset=["target_vs_result"]).copy()
    df["label"] = indicator_name(df, lang).map(_wrap) + " · " + district_name(df, lang)
    df = df.sort_values("target_vs_result")
    fig, ax = _figure((8, 0.45 * len(df) + 1.6))
    ax.barh(df["label"], df["target_vs_result"], color=_colour(df["district"], focus))
    for i, (r, t, u) in enumerate(zip(df["result"], df["target"], df["result_unit"], strict=True)):
        ax.annotate(
            f"{r:,.0f} → {t:,.0f} {unit_label(u, lang)}",
            (df["target_vs_result"].iloc[i], i),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    ax.axvline(1, color=CITY, lw=1)
    ax.set_xlabel(text("target_over_result", lang, years))
    ax.tick_params(axis="y", labelsize=8)
    ax.margins(x=0.45)
    title = fill(
        {
            "en": "Social-service outputs: {plan_year} target relative to {results_year} "
            "(annual against annual)",
            "zh": "社会服务产出：{plan_year}年目标相对{results_year}年完成（年度对年度）",
        }[lang],
        lang,
        years,
    )
    return _finish(fig, ax, title, "source", lang)
