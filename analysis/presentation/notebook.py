"""What every notebook does first: check parameters, set the style, load the data once."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.base.errors import UnknownKeyError
from analysis.contract.package import PathLike
from analysis.load.frames import (
    check_district,
    load_indicators,
    load_projects,
    load_reference,
    sources,
)
from analysis.presentation.labels import check_lang
from analysis.presentation.style import use_style


@dataclass(frozen=True)
class Context:
    """The parameters, checked, and the validated tables a notebook works with."""

    district: str
    lang: str
    ind: pd.DataFrame
    proj: pd.DataFrame
    ref: pd.DataFrame
    src: pd.DataFrame
    results_year: int = 0
    plan_year: int = 0
    panel: pd.DataFrame | None = None

    @property
    def years(self) -> dict[str, int]:
        """The years of the report in view, for labels and sentences (never typed in code)."""
        return {"results_year": self.results_year, "plan_year": self.plan_year}

    @property
    def peers(self) -> list[str]:
        return [d for d in self.ind["district"].cat.categories if d != self.district]

    def name(self, district: str | None = None) -> str:
        """District name in the notebook's language."""
        d = self.ind[self.ind["district"] == (district or self.district)].iloc[0]
        return str(d["district_short"] if self.lang == "en" else d["district_zh"])


def reports_in_view(src: pd.DataFrame, district: str, plan_year: object = None) -> pd.DataFrame:
    """One report per district: the one for `plan_year` (None: the focus district's latest).

    Every other district shows its report for the same plan year, or its latest before it, so a
    peer is never ahead of the focus district. A plan year the focus district has no report for
    is refused, listing the years it has.
    """
    mine = src[src["district"] == district]
    have = sorted(int(y) for y in mine["plan_year"])
    if not have:
        raise UnknownKeyError("report of district", district, list(src["source"]))
    if plan_year is None:
        year = have[-1]
    else:
        try:
            year = int(plan_year)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            raise UnknownKeyError("plan_year", str(plan_year), [str(y) for y in have]) from None
        if year not in have:
            raise UnknownKeyError("plan_year", str(plan_year), [str(y) for y in have])
    sub = src[src["plan_year"].astype(int) <= year]
    sub = sub.sort_values(["district", "plan_year", "adopted"])
    return sub.drop_duplicates("district", keep="last").reset_index(drop=True)


def _in_view(frame: pd.DataFrame, src: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["source"].isin(src["source"])].reset_index(drop=True)


def setup(
    district: object,
    lang: object = "en",
    data_dir: PathLike = None,
    style: bool = True,
    plan_year: object = None,
) -> Context:
    """Validate parameters before any work (an unknown key stops here, listing valid keys).

    `plan_year` picks the report (None: the district's latest); its results year and plan year
    come from data/sources.csv. `ctx.ind` holds the rows of the reports in view, one per
    district; `ctx.panel` every row, for the plan fulfilment across reports.
    `style=False` skips the chart style and display options, for the command line.
    """
    lang = check_lang(lang)
    district = check_district(district, data_dir)
    src = reports_in_view(sources(data_dir), district, plan_year)
    mine = src[src["district"] == district].iloc[0]
    panel = load_indicators(data_dir, standard=True)
    if style:
        use_style()
        pd.set_option("display.max_colwidth", None)
        pd.set_option("display.max_rows", 500)  # every row of a table is part of the record
        pd.set_option("display.width", 200)
        pd.set_option("display.precision", 2)
    return Context(
        district=district,
        lang=lang,
        ind=_in_view(panel, src),
        proj=_in_view(load_projects(data_dir), src),
        ref=load_reference(data_dir),
        src=src,
        results_year=int(mine["results_year"]),
        plan_year=int(mine["plan_year"]),
        panel=panel,
    )


def show(fig) -> None:
    """Display a figure as PNG once and release it.

    The plots build figures outside pyplot, so no inline backend is involved: the PNG is drawn
    here in one pass (the plots lay themselves out with tight_layout) and carries no software
    version. No '<Figure …>' text or figure memory is left behind.
    """
    from IPython.display import Image, display

    from analysis.presentation.plots import png_bytes

    display(Image(data=png_bytes(fig)))
    fig.clear()


def md(text: str) -> None:
    """Display Markdown computed from the data.

    The sentence is our Markdown, but the names in it are data: any raw HTML (`<script>`,
    `<img onerror=…>`) is shown as text, never parsed, and a `[text](url)` pasted into a name
    does not become a link.
    """
    from IPython.display import Markdown, display

    from analysis.contract.text import neutralise_markdown

    display(Markdown(neutralise_markdown(text)))
