"""The context a notebook or a command works in: its parameters, checked, and the validated
tables of the reports in view, all read from one data folder."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.base.errors import UnknownKeyError
from analysis.contract.package import PathLike
from analysis.load.comparability import comparability, parts
from analysis.load.frames import (
    check_district,
    load_indicators,
    load_projects,
    load_reference,
    sources,
)
from analysis.load.vocabulary import check_lang


@dataclass(frozen=True)
class Context:
    """The parameters, checked, and the validated tables a notebook works with.

    `data_dir` is the folder they came from (None: the default, `paths.data_dir`), so that any
    further table is read from the same place.
    """

    district: str
    lang: str
    ind: pd.DataFrame
    proj: pd.DataFrame
    ref: pd.DataFrame
    src: pd.DataFrame
    results_year: int = 0
    plan_year: int = 0
    panel: pd.DataFrame | None = None
    comp: pd.DataFrame | None = None
    data_dir: PathLike = None
    parts: pd.DataFrame | None = None

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


def load_context(
    district: object, lang: object = "en", data_dir: PathLike = None, plan_year: object = None
) -> Context:
    """Check the parameters before any work (an unknown key stops here, listing valid keys)
    and load the tables of the reports in view.

    `plan_year` picks the report (None: the district's latest); its results year and plan year
    come from data/sources.csv. `ctx.ind` holds the rows of the reports in view, one per
    district; `ctx.panel` every row, for the plan fulfilment across reports.
    """
    lang = check_lang(lang)
    district = check_district(district, data_dir)
    src = reports_in_view(sources(data_dir), district, plan_year)
    mine = src[src["district"] == district].iloc[0]
    panel = load_indicators(data_dir, standard=True)
    return Context(
        district=district,
        lang=lang,
        ind=_in_view(panel, src),
        proj=_in_view(load_projects(data_dir), src),
        ref=load_reference(data_dir, standard=True),
        src=src,
        results_year=int(mine["results_year"]),
        plan_year=int(mine["plan_year"]),
        panel=panel,
        comp=comparability(data_dir),
        data_dir=data_dir,
        parts=parts(data_dir),
    )
