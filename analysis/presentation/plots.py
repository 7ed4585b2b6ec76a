"""Charts, drawn by seaborn's FacetGrid as small multiples: one panel per indicator (or per
qualifier dimension) with the districts inside, so a chart keeps its size and reads the same at
2 and at 16 districts. Each labels its unit and source; the report's own district is drawn in
the focus colour and highlighted the one way `style.highlight` does it.

A chart's data is the table it stands beside: each function takes the frame of a registered
table (analysis/presentation/tables.py; `CHARTS` names it) and draws only rows of it, through
a `*_rows` selection that drops what the table refuses to compare. Functions return the Figure
so notebooks show it once and the runner can save it.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import NullLocator

from analysis.load.comparability import rule
from analysis.load.context import Context
from analysis.presentation.labels import (
    VALUES_ZH,
    district_name,
    fill,
    indicator_name,
    text,
    unit_label,
)
from analysis.presentation.style import CITY, FOCUS, PEER, highlight, use_style

__all__ = ["CITY", "FOCUS", "PEER", "CHARTS", "png_bytes"]

#: Figure width in inches (at the theme's 100 dpi, 900 px): every panel chart is this wide.
WIDTH = 9.0
#: Height of one district's row inside a panel, and the least a panel is given.
ROW_IN = 0.15
PANEL_MIN_IN = 1.2


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG without metadata that changes between runs or installs."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _wrap(label: str, width: int) -> str:
    """A panel title on lines of `width` characters (a Chinese one at half as many)."""
    label = str(label)
    if " " not in label:  # Chinese: no spaces to break at, a character is two columns wide
        width = max(8, width // 2)
        return "\n".join(label[i : i + width] for i in range(0, len(label), width))
    return "\n".join(textwrap.wrap(label, width, break_on_hyphens=False))


#: Codes whose English word in a legend is not the code itself.
WORDS_EN = {
    "n/a": "not comparable", "floor": "at least (以上)", "ceiling": "at most (以内)",
    "about": "about (左右)", "exact": "a bare number", "range": "a range (8–10%)",
    "none": "no number",
    "estimate": "estimate (预计)",
}  # fmt: skip


def _word(code: object, lang: str) -> str:
    """A code the analysis writes (floor, met, tighter) as the reader's language says it."""
    if not isinstance(code, str):
        return ""
    if lang == "zh":
        return VALUES_ZH.get(code, code)
    return WORDS_EN.get(code, code.replace("_", " "))


@dataclass(frozen=True)
class Layout:
    """The panels of a chart: how many, in how many columns, and each panel's height."""

    panels: int
    columns: int
    panel_height: float

    @property
    def rows(self) -> int:
        return math.ceil(self.panels / self.columns)


def _title_width(columns: int) -> int:
    """Characters of a 9 pt panel title that fit across one of `columns` panels."""
    return int(WIDTH / columns * 72 / (9 * 0.55)) - 4


def _layout(panels: int, rows_inside: int, names: Mapping[str, str] | None = None) -> Layout:
    """Columns grow with the number of panels (3, then 4, then 5), a panel's height with the
    rows inside it and its title's lines, so 16 districts stay legible and 2 do not float in
    empty space."""
    columns = 1 if panels <= 1 else 2 if panels <= 2 else 3 if panels <= 9 else 4
    columns = 5 if panels > 20 else columns
    columns = min(columns, max(panels, 1))
    width = _title_width(columns)
    lines = max((_wrap(n, width).count("\n") + 1 for n in (names or {}).values()), default=1)
    height = max(PANEL_MIN_IN, ROW_IN * max(rows_inside, 2) + 0.5 + 0.17 * lines)
    return Layout(max(panels, 1), columns, height)


class _Grid(sns.FacetGrid):
    """A FacetGrid laid out once, by `_finish`: seaborn's own grid lays itself out when made
    and again after each map, which was more than half a chart's drawing time."""

    def tight_layout(self, *args: object, **kwargs: object) -> _Grid:
        return self


def _grid(
    df: pd.DataFrame, col: str, order: list, layout: Layout, sharex: bool = False,
    sharey: bool = False,
):  # fmt: skip
    """A FacetGrid of `df` by `col`, each panel with axes of its own (`_finish_rows` gives the
    districts' rows the same limits in every panel, their names on the left column only).
    `_finish` takes the figure off pyplot's list when it is drawn."""
    grid = _Grid(
        df,
        col=col,
        col_order=order,
        col_wrap=layout.columns if layout.panels > layout.columns else None,
        sharex=sharex,
        sharey=sharey,
        height=layout.panel_height,
        aspect=(WIDTH / layout.columns) / layout.panel_height,
        despine=True,
        dropna=False,
    )
    plt.close(grid.figure)
    return grid


@dataclass(frozen=True)
class Rows:
    """The rows of a categorical axis: keys in drawing order, their labels, the focus label."""

    keys: list[str]
    labels: list[str]
    focus: str | None

    def y(self, keys: pd.Series) -> np.ndarray:
        where = {k: i for i, k in enumerate(self.keys)}
        return np.array([where[str(k)] for k in keys.astype("string")], dtype=float)


def _districts(df: pd.DataFrame, lang: str, focus: str, key: str = "district") -> Rows:
    """Every district of the chart's rows, the focus first and the rest by key."""
    names = df[[key]].assign(label=district_name(df, lang)).astype("string")
    names = names.drop_duplicates(key)
    keys = sorted(names[key].dropna(), key=lambda k: (k != focus, k))
    label = dict(zip(names[key], names["label"], strict=True))
    return Rows(list(keys), [str(label[k]) for k in keys], label.get(focus))


def _colours(districts: pd.Series, focus: str) -> list[str]:
    return [FOCUS if d == focus else CITY if d == "shanghai" else PEER for d in districts]


def _finish_rows(grid, rows: Rows) -> None:
    """Every panel: the districts' rows top down, the focus highlighted, names on the left.

    Only the left column has row ticks: a panel beside it has the same rows (the same limits)
    and no tick at all, not ticks with their labels hidden, which matplotlib would still make,
    lay out and draw one by one (the better part of a chart's time at 16 districts)."""
    for i, ax in enumerate(grid.axes.flat):
        if i % grid._ncol:
            ax.yaxis.set_major_locator(NullLocator())
        else:
            ax.set_yticks(range(len(rows.keys)), rows.labels)
        ax.set_ylim(len(rows.keys) - 0.5, -0.5)
        ax.set_ylabel("")
        ax.grid(axis="x", lw=0.6)
        highlight(ax, rows.labels, rows.focus)


def _titles(grid, names: Mapping[str, str]) -> None:
    """Each panel headed by its indicator, wrapped to the panel's width."""
    width = _title_width(grid._ncol)
    for key, ax in grid.axes_dict.items():
        ax.set_title(_wrap(names.get(key, str(key)), width), loc="left")


def _finish(
    fig: Figure, title: str, source_key: str, lang: str, handles: list | None = None,
    xlabel: str = "",
) -> Figure:  # fmt: skip
    """Title above the panels, the x label and legend below them, the source last."""
    w, h = fig.get_size_inches()
    extra = 0.45 + (0.3 if xlabel else 0.0) + (0.45 if handles else 0.0) + 0.3
    fig.set_size_inches(w, h + extra)
    h += extra
    fig.suptitle(title, x=0.01, ha="left", fontsize=11).set_in_layout(False)
    bottom = 0.3
    fig.text(0.01, 0.08 / h, text(source_key, lang), fontsize=8, color="#555555", ha="left")
    if handles:
        fig.legend(
            handles=handles, loc="lower left", bbox_to_anchor=(0.01, bottom / h), ncol=4,
            fontsize=8, frameon=False,
        )  # fmt: skip
        bottom += 0.45
    if xlabel:
        fig.supxlabel(xlabel, y=(bottom + 0.05) / h, va="bottom", fontsize=9).set_in_layout(False)
        bottom += 0.3
    _fix_empty_labels(fig)
    fig.tight_layout(rect=(0, bottom / h, 1, 1 - 0.4 / h), h_pad=0.8, w_pad=0.8)
    plt.close(fig)  # drawing a panel made it pyplot's current figure again: not the notebook's
    return fig


def _fix_empty_labels(fig: Figure) -> None:
    """A panel's empty axis label is hidden and fixed: matplotlib would otherwise place it at
    every draw by measuring the axis' tick labels again, and count its empty box in the layout."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not axis.label.get_text():
                axis.label.set_visible(False)
                axis.set_label_coords(0.5, 0.5)


def _names(df: pd.DataFrame, lang: str, key: str = "indicator") -> dict[str, str]:
    named = df.assign(_label=indicator_name(df, lang)).drop_duplicates(key)
    return {str(k): str(v) for k, v in zip(named[key], named["_label"], strict=True)}


def _order(df: pd.DataFrame, key: str = "indicator") -> list[str]:
    return list(dict.fromkeys(df[key].astype("string")))


#: Marker of a target by its printed bound: at least points right, at most left.
BOUND_TARGET_MARKERS = {
    "floor": ">", "ceiling": "<", "about": "D", "range": "d", "exact": "s", "none": "X",
}  # fmt: skip


# --- 01 headline figures -----------------------------------------------------------------------


def overview_rows(compare: pd.DataFrame) -> pd.DataFrame:
    """The `compare` table's figures that may be set beside another district's (verdict
    `comparable`), with a number: a refused or one-district indicator is not drawn."""
    keep = (compare["comparable"].astype("string") == "comparable") & compare["value"].notna()
    return compare[keep].reset_index(drop=True)


def overview(
    compare: pd.DataFrame, focus: str, lang: str = "en", years: Mapping[str, int] | None = None
) -> Figure:
    """Every district's headline figures, a panel per comparable indicator (its own unit and
    scale): results as circles (hollow for an estimate, 预计), targets as diamonds."""
    use_style()
    df = overview_rows(compare)
    df = df.assign(
        _kind=df["kind"].astype("string"), indicator=df["indicator"].astype("string"),
        _x=df["value"].astype(float),
    )  # fmt: skip
    rows = _districts(df, lang, focus)
    order = _order(df)
    units = df.drop_duplicates("indicator").set_index("indicator")["unit"]
    names = {k: f"{v} ({unit_label(units[k], lang)})" for k, v in _names(df, lang).items()}
    grid = _grid(df, "indicator", order, _layout(len(order), len(rows.keys), names))
    grid.map_dataframe(_overview_panel, rows=rows, focus=focus)
    _finish_rows(grid, rows)
    _titles(grid, names)
    handles = [
        Line2D([], [], marker="o", ls="", color=PEER, label=text("result", lang, years)),
        Line2D([], [], marker="o", ls="", mfc="white", color=PEER, label=_word("estimate", lang)),
        Line2D([], [], marker="D", ls="", color=PEER, label=text("target", lang, years)),
    ]
    title = {
        "en": "Headline figures that compare across districts",
        "zh": "可跨区比较的主要指标",
    }[lang]
    return _finish(grid.figure, title, "source", lang, handles)


def _overview_panel(data: pd.DataFrame, rows: Rows, focus: str, **_: object) -> None:
    ax = plt.gca()
    kinds = (("actual", "o", -0.15), ("estimate", "o", -0.15), ("target", "D", 0.15))
    for kind, marker, dy in kinds:
        part = data[data["_kind"] == kind]
        if part.empty:
            continue
        colours = _colours(part["district"].astype("string"), focus)
        ax.scatter(
            part["_x"].to_numpy(), rows.y(part["district"]) + dy, marker=marker, s=36, zorder=3,
            linewidth=1.2, edgecolor=colours,
            facecolor=["white"] * len(part) if kind == "estimate" else colours,
        )  # fmt: skip
    ax.margins(x=0.12)


# --- 02 growth: last result and plan-year target -----------------------------------------------


def growth_rows(growth: pd.DataFrame) -> pd.DataFrame:
    """The `growth` table's rows (numeric growth targets in percent); the line from result to
    target is drawn only where the table gives the change (`change_pp`)."""
    return growth[growth["target"].notna()].reset_index(drop=True)


def city_marks(esc: pd.DataFrame | None) -> dict[str, float]:
    """Shanghai's target per indicator, only where the escalation table compares the district's
    target with it as a number in percentage points."""
    if esc is None or esc.empty:
        return {}
    by_number = esc[(esc["escalation_unit"].astype("string") == "pp") & esc["escalation"].notna()]
    by_number = by_number.dropna(subset=["city_target_value"]).drop_duplicates("indicator")
    return {
        str(k): float(v)
        for k, v in zip(by_number["indicator"], by_number["city_target_value"], strict=True)
    }


def scopes_differ(frame: pd.DataFrame, comp: pd.DataFrame | None) -> set[str]:
    """The indicators whose districts' figures are of different scopes (comparability.csv: 可比
    against 同比 growth, say): a panel that holds them says so, since the districts are not
    compared there (the one judgement of data/comparability.csv, as in notebook 01)."""
    if comp is None or frame.empty:
        return set()
    out = set()
    for key, part in frame.groupby(frame["indicator"].astype("string"), sort=False):
        districts = part["district"].astype("string").dropna().unique()
        scopes = {str(rule(comp, str(key), str(d)).get("scope") or "") for d in districts}
        if len(districts) > 1 and len(scopes) > 1:
            out.add(str(key))
    return out


def growth(
    growth: pd.DataFrame,
    focus: str,
    lang: str = "en",
    years: Mapping[str, int] | None = None,
    esc: pd.DataFrame | None = None,
    comp: pd.DataFrame | None = None,
) -> Figure:
    """Growth targets against the last result, a panel per indicator with the districts in it:
    a line from the result (circle, hollow for an estimate) to the target (its marker says its
    bound), Shanghai's target as a dashed reference line where it compares as a number. Each
    district's line is its own target against its own result; a panel whose districts' figures
    differ in scope (`comp`) says so in its title, not to be read across districts."""
    use_style()
    df = growth_rows(growth).assign(indicator=lambda d: d["indicator"].astype("string"))
    rows = _districts(df, lang, focus)
    order = _order(df.sort_values("indicator", kind="stable"))
    names = _names(df, lang)
    grid = _grid(df, "indicator", order, _layout(len(order), len(rows.keys), names))
    marks = city_marks(esc)
    grid.map_dataframe(_growth_panel, rows=rows, focus=focus)
    for key, ax in grid.axes_dict.items():
        if key in marks:
            ax.axvline(marks[key], color=CITY, lw=1.2, ls="--", zorder=2)
        ax.axvline(0, color="#bbbbbb", lw=0.8, zorder=1)
    _finish_rows(grid, rows)
    differ = scopes_differ(df, comp)
    mark = "（口径不同，不跨区比较）" if lang == "zh" else " (scopes differ: not across districts)"
    _titles(grid, {k: names.get(k, k) + (mark if k in differ else "") for k in order})
    handles = [
        Line2D([], [], marker="o", ls="", color=PEER, label=text("result", lang, years)),
        Line2D([], [], marker="o", ls="", mfc="white", color=PEER, label=_word("estimate", lang)),
        Line2D([], [], color=CITY, ls="--", label=text("city_target", lang, years)),
    ]
    present = [b for b in BOUND_TARGET_MARKERS if (df["bound"].astype("string") == b).any()]
    handles += [
        Line2D(
            [],
            [],
            marker=BOUND_TARGET_MARKERS[b],
            ls="",
            color=PEER,
            label=text("target", lang, years) + ("：" if lang == "zh" else ": ") + _word(b, lang),
        )  # fmt: skip
        for b in present
    ]
    title = {"en": "Growth: last result and plan-year target", "zh": "增速：上年完成与本年目标"}[
        lang
    ]
    return _finish(grid.figure, title, "source_city", lang, handles, text("growth_pct", lang))


def _growth_panel(data: pd.DataFrame, rows: Rows, focus: str, **_: object) -> None:
    ax = plt.gca()
    y = rows.y(data["district"])
    colours = _colours(data["district"].astype("string"), focus)
    paired = data["change_pp"].notna().to_numpy()
    if paired.any():
        segments = [
            [(r, yy - 0.14), (t, yy + 0.14)]
            for r, t, yy in zip(
                data["result"][paired], data["target"][paired], y[paired], strict=True
            )
        ]
        ax.add_collection(
            LineCollection(
                segments, colors=[c for c, p in zip(colours, paired, strict=True) if p],
                lw=1.4, alpha=0.7, zorder=2,
            )
        )  # fmt: skip
    has = data["result"].notna().to_numpy()
    if has.any():
        hollow = (data["result_kind"].astype("string") == "estimate").fillna(False).to_numpy()
        edge = [c for c, h in zip(colours, has, strict=True) if h]
        ax.scatter(
            data["result"][has].to_numpy(), y[has] - 0.14, s=34, zorder=3, edgecolor=edge,
            linewidth=1.2,
            facecolor=["white" if o else c for o, c in zip(hollow[has], edge, strict=True)],
        )  # fmt: skip
    bounds = data["bound"].astype("string").fillna("none")
    for bound, marker in BOUND_TARGET_MARKERS.items():
        part = (bounds == bound).to_numpy()
        if part.any():
            ax.scatter(
                data["target"][part].to_numpy(), y[part] + 0.14, marker=marker, s=42, zorder=4,
                linewidth=0, edgecolor="w",
                color=[c for c, p in zip(colours, part, strict=True) if p],
            )  # fmt: skip
    ax.margins(x=0.12)


# --- 02 escalation against Shanghai ------------------------------------------------------------


#: Marker per change of bound against the city's: tighter points right, looser left.
BOUND_MARKERS = {"tighter": ">", "same": "o", "looser": "<", "n/a": "x"}


def escalation_rows(esc: pd.DataFrame) -> pd.DataFrame:
    """The escalation table's rows: its number (`escalation`, only where the pair compares as
    a number) and its change of bound; nothing else of either target is drawn."""
    return esc.reset_index(drop=True)


def escalation(esc: pd.DataFrame, focus: str, lang: str = "en") -> Figure:
    """District target minus Shanghai's, a panel per indicator (each its own unit and scale, so
    a share in points never stands on a growth rate's axis), with the change of bound marked:
    a pair compared by bound only sits hollow at zero."""
    use_style()
    df = escalation_rows(esc).assign(indicator=lambda d: d["indicator"].astype("string"))
    rows = _districts(df, lang, focus)
    order = _order(df.sort_values("indicator", kind="stable"))
    units = {}
    for key, part in df.groupby("indicator", sort=False):
        unit = part["escalation_unit"].astype("string").dropna()
        unit = unit[unit != ""]
        units[str(key)] = (
            text("pp", lang)
            if len(unit) and unit.iloc[0] == "pp"
            else (unit_label(unit.iloc[0], lang) if len(unit) else text("no_number", lang))
        )
    names = {k: f"{v} ({units.get(k, '')})" for k, v in _names(df, lang).items()}
    grid = _grid(df, "indicator", order, _layout(len(order), len(rows.keys), names))
    grid.map_dataframe(_escalation_panel, rows=rows, focus=focus, lang=lang)
    _finish_rows(grid, rows)
    _titles(grid, names)
    handles = [
        Line2D([], [], marker=m, ls="", color=PEER, label=f"{text('bound', lang)} {text(k, lang)}")
        for k, m in BOUND_MARKERS.items()
        if (df["bound_escalation"].astype("string") == k).any()
    ]
    handles.append(
        Line2D([], [], marker="o", ls="", mfc="white", color=PEER, label=text("no_number", lang))
    )
    title = {
        "en": "Targets against Shanghai's: number and bound",
        "zh": "各区目标与全市目标比较：数值与界限",
    }[lang]
    return _finish(grid.figure, title, "source_city", lang, handles, text("gap_pp", lang))


def _escalation_panel(data: pd.DataFrame, rows: Rows, focus: str, lang: str, **_: object) -> None:
    ax = plt.gca()
    y = rows.y(data["district"])
    colours = _colours(data["district"].astype("string"), focus)
    gap = data["escalation"].astype(float)
    ax.barh(y, gap.fillna(0.0), color=colours, alpha=0.75, height=0.5)
    ax.axvline(0, color=CITY, lw=1)
    kinds = data["bound_escalation"].astype("string").fillna("n/a")
    for key, marker in BOUND_MARKERS.items():
        part = (kinds == key).to_numpy()
        if not part.any():
            continue
        edge = [c for c, p in zip(colours, part, strict=True) if p]
        face = [
            "white" if pd.isna(g) else c for g, c, p in zip(gap, colours, part, strict=True) if p
        ]
        ax.scatter(
            gap.fillna(0.0)[part].to_numpy(), y[part], marker=marker, s=40, zorder=3,
            edgecolor=edge, facecolor=face, linewidth=1.2,
        )  # fmt: skip
    lim = max(1.0, float(np.nanmax(np.abs(gap))) if gap.notna().any() else 1.0) * 1.25
    ax.set_xlim(-lim, lim)


# --- 02 qualifier codes ------------------------------------------------------------------------


def qualifiers(codes: pd.DataFrame, focus: str, lang: str = "en") -> Figure:
    """Targets per district by qualifier code, a heat table per dimension (bound, commitment,
    assignment, attribute): a row per district, the count in each cell."""
    use_style()
    df = codes.assign(
        dimension=codes["dimension"].astype("string"), code=codes["code"].astype("string")
    )
    rows = _districts(df, lang, focus)
    order = _order(df, "dimension")
    widths = [max(2, df.loc[df["dimension"] == d, "code"].nunique()) for d in order]
    height = max(PANEL_MIN_IN + 0.4, 0.2 * len(rows.keys) + 0.9)
    grid = _Grid(
        df, col="dimension", col_order=order, sharex=False, sharey=False, height=height,
        aspect=(WIDTH / max(len(order), 1)) / height, gridspec_kws={"width_ratios": widths},
        despine=False,
    )  # fmt: skip
    plt.close(grid.figure)
    peak = float(df["targets"].max()) if len(df) else 1.0
    left = grid.axes.flat[0]  # the only panel with row ticks: the others have none to lay out
    grid.map_dataframe(_heat_panel, rows=rows, lang=lang, peak=peak, left=left)
    for i, (key, ax) in enumerate(grid.axes_dict.items()):
        ax.set_title(_word(str(key), lang), loc="left")
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.tick_params(axis="x", rotation=30, labelsize=8)
        for tick in ax.get_xticklabels():
            tick.set_horizontalalignment("right")
        if not i:
            ax.set_yticks(np.arange(len(rows.keys)) + 0.5, rows.labels, rotation=0)
            for tick in ax.get_yticklabels():
                if tick.get_text() == rows.focus:
                    tick.set_color(FOCUS)
        if rows.focus in rows.labels:
            j = rows.labels.index(rows.focus)
            ax.axhline(j, color=FOCUS, lw=1.2)
            ax.axhline(j + 1, color=FOCUS, lw=1.2)
    title = {
        "en": "Targets by qualifier code, per district",
        "zh": "各区目标按限定词代码分类",
    }[lang]
    return _finish(grid.figure, title, "source", lang)


def _heat_panel(
    data: pd.DataFrame, rows: Rows, lang: str, peak: float, left: object, **_: object
) -> None:
    ax = plt.gca()
    table = data.pivot_table(
        index="district", columns="code", values="targets", aggfunc="sum", observed=True
    )
    table = table.reindex(rows.keys)
    bound = (data["dimension"] == "bound").all()
    table.columns = [
        _word(c, lang) if bound or lang == "zh" else str(c).replace("_", " ") for c in table.columns
    ]
    with _no_overlap_draw():
        sns.heatmap(
            table, ax=ax, cmap="Greys", vmin=0, vmax=peak * 1.6, annot=True, fmt=".0f",
            cbar=False, linewidths=0.5, linecolor="white", annot_kws={"fontsize": 8},
            yticklabels="auto" if ax is left else False,
        )  # fmt: skip


@contextmanager
def _no_overlap_draw() -> Iterator[None]:
    """seaborn's heatmap draws the whole figure once per call to see whether its tick labels
    overlap, then rotates them; `qualifiers` sets every rotation itself afterwards, so the draw
    is skipped (byte-identical PNGs, the chart in half the time)."""
    from seaborn import matrix

    saved = matrix._draw_figure
    matrix._draw_figure = lambda fig: None
    try:
        yield
    finally:
        matrix._draw_figure = saved


# --- 02 plan fulfilment ------------------------------------------------------------------------


#: Marker per judgement of a target against its year's result.
STATUS_MARKERS = {"met": "o", "exceeded": "^", "missed": "v"}


def fulfilment_rows(ful: pd.DataFrame) -> pd.DataFrame:
    """The fulfilment table's judged rows (a margin): a pending target, or a target and result
    the table does not set side by side, is not drawn."""
    keep = ful["margin"].notna() & ful["status"].astype("string").isin(list(STATUS_MARKERS))
    return ful[keep].reset_index(drop=True)


def fulfilment(ful: pd.DataFrame, focus: str, lang: str = "en") -> Figure:
    """Fulfilment margins (result minus target, in the target's unit) as a strip per indicator:
    a row per district and year, the marker saying met, exceeded or missed."""
    use_style()
    df = fulfilment_rows(ful)
    df = df.assign(
        indicator=df["indicator"].astype("string"),
        _row=df["district"].astype("string") + "|" + df["year"].astype("string"),
    )
    df = df.assign(
        _label=district_name(df, lang) + (" " if lang == "en" else "") + df["year"].astype("string")
        + ("" if lang == "en" else "年"),
    )  # fmt: skip
    ordered = (
        df.assign(_other=df["district"] != focus)
        .sort_values(["_other", "district", "year"], kind="stable")
        .drop_duplicates("_row")
    )
    focus_rows = ordered[ordered["district"] == focus]
    rows = Rows(list(ordered["_row"]), list(ordered["_label"]), None)
    order = _order(df.sort_values("indicator", kind="stable"))
    units = df.drop_duplicates("indicator").set_index("indicator")["unit"]
    names = {
        k: f"{v} ({text('pp', lang) if units[k] == '%' else unit_label(units[k], lang)})"
        for k, v in _names(df, lang).items()
    }
    grid = _grid(df, "indicator", order, _layout(len(order), len(rows.keys), names))
    grid.map_dataframe(_fulfilment_panel, rows=rows, focus=focus)
    _finish_rows(grid, rows)
    for ax in grid.axes.flat:
        for label in focus_rows["_label"]:
            highlight(ax, rows.labels, str(label))
    _titles(grid, names)
    handles = [
        Line2D([], [], marker=m, ls="", color=PEER, label=_word(k, lang))
        for k, m in STATUS_MARKERS.items()
    ]
    title = {
        "en": "Plan fulfilment: result minus target, by indicator",
        "zh": "计划完成情况：结果减目标（按指标）",
    }[lang]
    xlabel = {"en": "Result minus target", "zh": "结果减目标"}[lang]
    return _finish(grid.figure, title, "source_ref", lang, handles, xlabel)


def _fulfilment_panel(data: pd.DataFrame, rows: Rows, focus: str, **_: object) -> None:
    ax = plt.gca()
    y = rows.y(data["_row"])
    colours = np.array(_colours(data["district"].astype("string"), focus), dtype=object)
    ax.axvline(0, color=CITY, lw=1)
    ax.hlines(y, 0, data["margin"].astype(float), colors=list(colours), lw=1.2, alpha=0.6)
    status = data["status"].astype("string")
    for key, marker in STATUS_MARKERS.items():
        part = (status == key).to_numpy()
        if part.any():  # matplotlib's own scatter: seaborn's cost a third of the chart's time
            ax.scatter(
                data["margin"][part].astype(float).to_numpy(), y[part], marker=marker, s=40,
                zorder=3, linewidths=0, c=list(colours[part]),
            )  # fmt: skip
    lim = float(np.nanmax(np.abs(data["margin"].astype(float)))) if len(data) else 1.0
    ax.set_xlim(-max(lim, 0.5) * 1.3, max(lim, 0.5) * 1.3)


# --- 02 the ratchet: target and result paths -----------------------------------------------------

#: The two paths of a panel: each year's target (dashed, hollow) and result (solid, filled).
PATH_STYLES = {"target": ("--", "white"), "result": ("-", None)}


def paths_rows(rat: pd.DataFrame) -> pd.DataFrame:
    """The ratchet table as paths: one point per jurisdiction, indicator, year and series
    (`target`: each year's target and the year before's; `result`: the year before's result),
    from the rows the table compares (a pair it refuses is not drawn), for the indicators with
    a path (three points or more) and those with a Shanghai target beside them (a step from
    the last result to the target), so the panels are the ones a reader can follow."""
    keep = rat[rat["not_compared"].isna()] if "not_compared" in rat else rat
    parts = []
    for col, series, shift in (
        ("year_target", "target", 0), ("last_target", "target", 1), ("last_result", "result", 1)
    ):  # fmt: skip
        part = keep.assign(
            series=series,
            year=keep["year"].astype(int) - shift,
            value=pd.to_numeric(keep[col], errors="coerce"),
        )
        parts.append(part.dropna(subset=["value"]))
    cols = ["district", "district_zh", "district_short", "indicator", "name_zh", "name_en",
            "unit", "year", "series", "value"]  # fmt: skip
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)[cols]
    out = out.drop_duplicates(["district", "indicator", "year", "series"]).reset_index(drop=True)
    points = out.groupby(["district", "indicator"])["year"].transform("size")
    paired = keep.loc[pd.to_numeric(keep["city_target"], errors="coerce").notna(), "indicator"]
    shown = (points >= 3) | (out["indicator"].isin(set(paired)) & (points >= 2))
    return out[shown].sort_values(["district", "indicator", "series", "year"]).reset_index(
        drop=True
    )


def paths(rat: pd.DataFrame, focus: str, lang: str = "en") -> Figure:
    """Targets and results over the years, a panel per jurisdiction and indicator (each in its
    own unit and scale): does the target follow last year's result, or last year's target?"""
    use_style()
    df = paths_rows(rat)
    df = df.assign(_panel=df["district"].astype("string") + "|" + df["indicator"].astype("string"))
    df = df.assign(
        _other=df["district"] != focus, _city=df["district"] == "shanghai"
    ).sort_values(["_other", "_city", "district", "indicator", "series", "year"], kind="stable")
    who = district_name(df, lang)
    sep = " · " if lang == "en" else "·"
    names = {}
    for key, name, w, unit in zip(
        df["_panel"], indicator_name(df, lang), who, df["unit"].astype("string"), strict=True
    ):
        shown = unit_label(unit, lang)
        names.setdefault(
            str(key), f"{w}{sep}{name} ({shown})" if lang == "en" else f"{w}{sep}{name}（{shown}）"
        )
    order = list(dict.fromkeys(df["_panel"].astype("string")))
    grid = _grid(df, "_panel", order, _layout(len(order), 4, names), sharex=False, sharey=False)
    grid.map_dataframe(_paths_panel, focus=focus)
    for ax in grid.axes.flat:
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.grid(axis="y", lw=0.6)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    _titles(grid, names)
    handles = [
        Line2D([], [], ls=ls, marker="o", color=PEER, markerfacecolor=face or PEER,
               label=_word(series, lang))
        for series, (ls, face) in PATH_STYLES.items()
    ] + [Line2D([], [], ls=":", color=PEER, label=text("step_from_result", lang))]  # fmt: skip
    title = {
        "en": "Targets and results over the years, by jurisdiction and indicator",
        "zh": "历年目标与完成数（按地区和指标）",
    }[lang]
    return _finish(grid.figure, title, "source_ref", lang, handles)


def _paths_panel(data: pd.DataFrame, focus: str, **_: object) -> None:
    ax = plt.gca()
    district = str(data["district"].iloc[0]) if len(data) else ""
    colour = FOCUS if district == focus else CITY if district == "shanghai" else PEER
    result = data[data["series"] == "result"].set_index("year")["value"]
    for _, t in data[data["series"] == "target"].iterrows():  # the step from last year's result
        last = result.get(int(t["year"]) - 1)
        if last is not None and pd.notna(last):
            ax.plot([int(t["year"]) - 1, int(t["year"])], [float(last), float(t["value"])],
                    ls=":", color=colour, lw=0.9, alpha=0.7)  # fmt: skip
    for series, (ls, face) in PATH_STYLES.items():
        part = data[data["series"] == series].sort_values("year")
        if len(part):
            ax.plot(
                part["year"].astype(int), part["value"].astype(float), ls=ls, marker="o",
                color=colour, markerfacecolor=face or colour, lw=1.4, ms=5,
            )  # fmt: skip


# --- 02 consistency of stated levels ------------------------------------------------------------


def consistency_rows(cons: pd.DataFrame) -> pd.DataFrame:
    """The consistency table's rows with a gap: a stated level beside its implied one."""
    return cons.dropna(subset=["gap_pct"]).reset_index(drop=True)


def implied_vs_stated(
    cons: pd.DataFrame, focus: str, lang: str = "en", years: Mapping[str, int] | None = None
) -> Figure:
    """Gap between each stated plan-year level and the level its growth target implies, in
    percent, a panel per indicator: the grey band is what the rounding of the printed growth
    target allows; a bar beyond it is a discrepancy inside the report."""
    use_style()
    df = consistency_rows(cons)
    df = df.assign(indicator=df["base"].astype("string"))  # the level the targets concern
    rows = _districts(df, lang, focus)
    order = _order(df.sort_values("indicator", kind="stable"))
    names = _names(df, lang)
    grid = _grid(df, "indicator", order, _layout(len(order), len(rows.keys), names))
    grid.map_dataframe(_implied_panel, rows=rows, focus=focus)
    _finish_rows(grid, rows)
    _titles(grid, names)
    handles = [Patch(color="#e5e5e5", label=text("rounding", lang))]
    title = fill(
        {
            "en": "{plan_year} level targets against the levels their growth targets imply",
            "zh": "{plan_year}年总量目标与按增速目标推算值之差",
        }[lang],
        lang,
        years,
    )
    return _finish(grid.figure, title, "source", lang, handles, text("gap_pct", lang))


def _implied_panel(data: pd.DataFrame, rows: Rows, focus: str, **_: object) -> None:
    ax = plt.gca()
    y = rows.y(data["district"])
    band = data["rounding_pct"].astype(float)
    ax.barh(y, 2 * band, left=-band, height=0.8, color="#e5e5e5")
    ax.barh(y, data["gap_pct"].astype(float), height=0.45, color=_colours(data["district"], focus))
    for yy, g in zip(y, data["gap_pct"].astype(float), strict=True):
        ax.annotate(
            f"{g:+.2f}%", (g, yy), xytext=(4 if g >= 0 else -4, 0), textcoords="offset points",
            va="center", ha="left" if g >= 0 else "right", fontsize=8,
        )  # fmt: skip
    ax.axvline(0, color=CITY, lw=1)
    gap = data["gap_pct"].astype(float)
    lim = max(5.0, float(np.nanmax(np.abs(gap))) * 1.3 if gap.notna().any() else 5.0)
    ax.set_xlim(-lim, lim)


# --- 03 listed projects by category ------------------------------------------------------------


def category_shares(bycat: pd.DataFrame, lang: str = "en", who: str = "") -> Figure:
    """Listed project investment by category, with project counts: one list, so it grows with
    its categories, never with the districts."""
    use_style()
    df = bycat.sort_values("total", ascending=False).reset_index(drop=True)
    labels = (df["category_en"] if lang == "en" else df["category_zh"]).astype("string")
    df = df.assign(_label=labels.fillna(""))
    height = 0.32 * len(df) + 1.0
    grid = sns.catplot(
        data=df, x="total", y="_label", kind="bar", color=PEER, height=height,
        aspect=WIDTH / height, orient="h", errorbar=None,
    )  # fmt: skip
    plt.close(grid.figure)
    grid.figure.set_size_inches(WIDTH, height)
    ax = grid.ax
    unit = "projects" if lang == "en" else "项"
    for i, (total, share, n) in enumerate(
        zip(df["total"], df["share"], df["projects"], strict=True)
    ):
        ax.annotate(
            f"{total:.2f} ({share:.0%}, {n} {unit})", (total, i), xytext=(4, 0),
            textcoords="offset points", va="center", fontsize=8,
        )  # fmt: skip
    ax.set_ylabel("")
    ax.set_xlabel(
        text("yi_yuan", lang) + (", whole-life investment" if lang == "en" else "，项目总投资")
    )
    ax.margins(x=0.35)
    n = int(df["projects"].sum())
    title = {
        "en": f"{who + ': ' if who else ''}{n} listed projects by category",
        "zh": f"{who + '：' if who else ''}所列{n}个项目（按类别）",
    }[lang]
    return _finish(grid.figure, title, "source", lang)


# --- 04 social-service outputs -----------------------------------------------------------------


def outputs_rows(outputs: pd.DataFrame) -> pd.DataFrame:
    """The service-output table's rows with a ratio: the table gives none for a running total
    against a year's target or a narrower count, and such a pair is not drawn."""
    return outputs.dropna(subset=["target_vs_result"]).reset_index(drop=True)


def target_over_result(
    outputs: pd.DataFrame, focus: str, lang: str = "en", years: Mapping[str, int] | None = None
) -> Figure:
    """Plan-year target as a multiple of the last result, a panel per indicator: only where the
    data allows the ratio (an annual target against an annual result of the same scope; see
    social.service_outputs)."""
    use_style()
    df = outputs_rows(outputs).assign(indicator=lambda d: d["indicator"].astype("string"))
    rows = _districts(df, lang, focus)
    order = _order(df.sort_values("indicator", kind="stable"))
    units = df.drop_duplicates("indicator").set_index("indicator")["result_unit"]
    names = {k: f"{v} ({unit_label(units[k], lang)})" for k, v in _names(df, lang).items()}
    grid = _grid(df, "indicator", order, _layout(len(order), len(rows.keys), names))
    grid.map_dataframe(_ratio_panel, rows=rows, focus=focus)
    _finish_rows(grid, rows)
    _titles(grid, names)
    title = fill(
        {
            "en": "Social-service outputs: {plan_year} target relative to {results_year} "
            "(annual against annual)",
            "zh": "社会服务产出：{plan_year}年目标相对{results_year}年完成（年度对年度）",
        }[lang],
        lang,
        years,
    )
    return _finish(
        grid.figure, title, "source", lang, xlabel=text("target_over_result", lang, years)
    )


def _ratio_panel(data: pd.DataFrame, rows: Rows, focus: str, **_: object) -> None:
    ax = plt.gca()
    y = rows.y(data["district"])
    ratio = data["target_vs_result"].astype(float)
    ax.barh(y, ratio, height=0.5, color=_colours(data["district"].astype("string"), focus))
    ax.axvline(1, color=CITY, lw=1, zorder=0.5)
    for yy, r in zip(y, ratio, strict=True):
        ax.annotate(
            f"{r:.2f}×", (r, yy), xytext=(3, 0), textcoords="offset points", va="center",
            fontsize=8,
        )  # fmt: skip
    ax.set_xlim(0, max(1.0, float(np.nanmax(ratio))) * 1.35)


# --- the charts by name ------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """A chart and the registered table it stands beside: `rows` is what it draws of that
    table's frame, `draw(frame, focus, lang, years)` the figure."""

    name: str
    table: str
    rows: Callable[[pd.DataFrame], pd.DataFrame]
    draw: Callable[..., Figure]


def _all(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.reset_index(drop=True)


def _by_focus(fn: Callable[..., Figure], years: bool | int) -> Callable[..., Figure]:
    """A chart function called the one way `Chart.draw` is: frame, focus, lang, years."""

    def draw(frame, focus, lang="en", years_=None, **extra) -> Figure:
        return fn(frame, focus, lang, years_, **extra) if years else fn(frame, focus, lang)

    return draw


def _categories(frame, focus, lang="en", years_=None, who: str = "") -> Figure:
    return category_shares(frame, lang, who=who)


CHARTS: dict[str, Chart] = {
    c.name: c
    for c in (
        Chart("overview", "compare", overview_rows, _by_focus(overview, True)),
        Chart("growth", "growth", growth_rows, _by_focus(growth, True)),
        Chart("escalation", "escalation", escalation_rows, _by_focus(escalation, False)),
        Chart("qualifiers", "qualifiers", _all, _by_focus(qualifiers, False)),
        Chart("fulfilment", "fulfilment", fulfilment_rows, _by_focus(fulfilment, False)),
        Chart("paths", "ratchet", paths_rows, _by_focus(paths, False)),
        Chart("consistency", "consistency", consistency_rows, _by_focus(implied_vs_stated, True)),
        Chart("project_categories", "project_categories", _all, _categories),
        Chart("service_outputs", "service_outputs", outputs_rows, _by_focus(target_over_result, 1)),
    )
}


def drawings(ctx: Context, names: tuple[str, ...] = ()) -> dict[str, Callable[[], Figure]]:
    """Every chart (or those named) as its notebook draws it on the context's data, by name,
    not yet drawn: each from its table's frame (one per list for the project categories). The
    size test and `make bench` draw the charts through this."""
    from analysis.presentation import tables

    out: dict[str, Callable[[], Figure]] = {}
    esc = tables.get("escalation").compute(ctx)
    for name, chart in CHARTS.items():
        if names and name not in names:
            continue
        frame = tables.get(chart.table).compute(ctx)
        args = (ctx.district, ctx.lang, ctx.years)
        if name == "project_categories":
            for key, part in frame.groupby("list", sort=False):
                out[f"{name}:{key}"] = partial(chart.draw, part, *args)
            continue
        extra = {"esc": esc} if name == "growth" else {}
        out[name] = partial(chart.draw, frame, *args, **extra)
    return out
