"""The ratchet: each year's target beside the previous year's result and target.

The question the field asks of target setting is how a target responds to what came before:
does it follow last year's result (the gap to it), last year's target (the revision), or last
year's miss? Per jurisdiction (a district, or Shanghai from reference.csv) and indicator, each
plan year's numeric target T(Y) (`year_target`) is set beside

- the result R(Y−1) of the year before (an `actual`, else an `estimate`; the first in the order
  `fulfilment` uses): `gap_to_last_result` = T(Y) − R(Y−1);
- the target T(Y−1) of the year before: `revision` = T(Y) − T(Y−1);
- last year's miss: `last_margin` = R(Y−1) − T(Y−1) and `last_status`, judged by T(Y−1)'s bound
  (`fulfilment.judge`, the printed rounding carried into the unit);
- for a district, Shanghai's target for the same year and paired indicator (city_indicators),
  when it compares as a number: `gap_to_city` = T(Y) − the city's target.

Every difference is in the unit of T(Y): two figures in units of one quantity (亿元 against
万元) compare through their standard values and the difference is converted back; figures of
different quantities are not set side by side. A pair that comparability.csv refuses
(`load.comparability.pair_refusal`: a running total against an annual figure, another scope or
count) keeps both figures but no difference, and `not_compared` says why. A target in words
(no number) has no row.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.analyses.fulfilment import (
    _scoped,
    bound_code,
    judge,
    rounding,
)
from analysis.load.comparability import REFUSALS, pair_refusal

COLUMNS = [
    "district",
    "district_zh",
    "district_short",
    "indicator",
    "name_zh",
    "name_en",
    "year",
    "year_target",
    "qualifier",
    "bound",
    "unit",
    "last_result",
    "last_result_kind",
    "gap_to_last_result",
    "last_target",
    "last_qualifier",
    "last_bound",
    "revision",
    "last_margin",
    "last_status",
    "city_target",
    "gap_to_city",
    "not_compared",
    "target_id",
    "last_result_id",
    "last_target_id",
    "city_target_id",
]


def _facts(ind: pd.DataFrame, ref: pd.DataFrame | None) -> pd.DataFrame:
    """Every district-wide numeric figure of the reports and of reference.csv, by scope."""
    own = ind[ind["role"].isna()] if "role" in ind else ind
    # a figure of part of the year (前三季度, `period`) is no point on a path of years
    own = own[own["period"].isna()] if "period" in own else own
    frames = [_scoped(own, "district")]
    if ref is not None and len(ref):
        frames.append(_scoped(ref[ref["kind"].isin(["target", "actual", "estimate"])], "scope"))
    facts = pd.concat(frames, ignore_index=True)
    facts = facts[facts["subject"].isna() & facts["value"].notna()]
    if "value_std" not in facts:
        facts["value_std"] = pd.NA
        facts["unit_std"] = pd.NA
    return facts.reset_index(drop=True)


def _one_per_year(facts: pd.DataFrame, kinds: list[str]) -> pd.DataFrame:
    """One figure per scope, indicator and year: an actual before an estimate, the newest
    source's row first; a target stated by two sources, the row stating the most words."""
    rows = facts[facts["kind"].isin(kinds)].copy()
    rows["_rank"] = (rows["kind"] != "actual").astype(int)
    rows["_words"] = -rows["qualifier"].fillna("").str.len()
    rows = rows.sort_values(["_rank", "_words", "id"], ascending=[True, True, False], kind="stable")
    return rows.drop_duplicates(["scope", "indicator", "year"]).drop(columns=["_rank", "_words"])


def _in_unit_of(target: pd.Series, other: pd.Series) -> float | None:
    """`other`'s value in the unit of `target`: as is in the same unit, through the standard
    values in units of one quantity, else None (another quantity is not set beside it)."""
    if target["unit"] == other["unit"]:
        return float(other["value"])
    t_std, o_std = target.get("value_std"), other.get("value_std")
    same = pd.notna(target.get("unit_std")) and target.get("unit_std") == other.get("unit_std")
    if not same or pd.isna(t_std) or pd.isna(o_std) or not float(target["value"]):
        return None
    factor = float(t_std) / float(target["value"])  # the target unit's size in standard units
    return float(o_std) / factor


def _decimals(*printed: object) -> int:
    """Enough decimals for a difference of these printed figures (and of one converted)."""
    return max(len(str(p).split(".", 1)[1]) if "." in str(p) else 0 for p in printed) + 2


def _diff(a: float, b: float | None, *printed: object) -> float | None:
    if b is None or math.isnan(b):
        return None
    return round(a - b, _decimals(*printed))


def _printed(value: float | None, unit_row: pd.Series, other: pd.Series) -> str | None:
    """A converted figure printed as the target's unit gives it; the figure as printed when
    no conversion was needed."""
    if value is None:
        return None
    if unit_row["unit"] == other["unit"]:
        return str(other["value_printed"])
    return f"{value:g}"


def ratchet(ind: pd.DataFrame, ref: pd.DataFrame | None, comp: pd.DataFrame) -> pd.DataFrame:
    """Every numeric target with a figure of the year before (a result or a target): the
    columns of the module docstring, one row per jurisdiction, indicator and plan year.

    `ind` is every report's rows (`ctx.panel`, with `standard=True`; its `city_indicator` and
    `city_compare` pair a district indicator with Shanghai's), `ref` reference.csv (with
    standard values, to compare across units), `comp` comparability.csv.
    """
    facts = _facts(ind, ref)
    targets = _one_per_year(facts, ["target"])
    results = _one_per_year(facts, ["actual", "estimate"])
    key = ["scope", "indicator", "year"]
    t_by = {tuple(r[k] for k in key): r for _, r in targets.iterrows()}
    r_by = {tuple(r[k] for k in key): r for _, r in results.iterrows()}
    city: dict = {}
    if {"city_indicator", "city_compare"} <= set(ind.columns):
        pairs = ind[ind["city_compare"].astype("string") == "number"]
        pairs = pairs[["indicator", "city_indicator"]].drop_duplicates("indicator")
        city = dict(zip(pairs["indicator"], pairs["city_indicator"], strict=True))
    rows = []
    for _, t in targets.iterrows():
        scope, indicator, year = t["scope"], t["indicator"], int(t["year"])
        last_r = r_by.get((scope, indicator, year - 1))
        last_t = t_by.get((scope, indicator, year - 1))
        city_t = None
        if scope != "shanghai" and indicator in city:
            city_t = t_by.get(("shanghai", city[indicator], year))
        if last_r is None and last_t is None:
            continue
        value = float(t["value"])
        reasons = []
        row = {
            "district": scope,
            "indicator": indicator,
            "year": year,
            "year_target": t["value_printed"],
            "qualifier": t["qualifier"],
            "bound": bound_code(t),
            "unit": t["unit"],
            "target_id": t["id"],
        }
        if last_r is not None:
            r = _in_unit_of(t, last_r)
            refusal = pair_refusal(comp, str(indicator), str(scope), "target", last_r["kind"])
            if refusal:
                reasons.append(REFUSALS[refusal])
            row |= {
                "last_result": _printed(r, t, last_r) if r is not None else None,
                "last_result_kind": last_r["kind"],
                "gap_to_last_result": None
                if refusal
                else _diff(value, r, t["value_printed"], last_r["value_printed"]),
                "last_result_id": last_r["id"],
            }
        if last_t is not None:
            lt = _in_unit_of(t, last_t)
            row |= {
                "last_target": _printed(lt, t, last_t) if lt is not None else None,
                "last_qualifier": last_t["qualifier"],
                "last_bound": bound_code(last_t),
                "revision": _diff(value, lt, t["value_printed"], last_t["value_printed"]),
                "last_target_id": last_t["id"],
            }
            if last_r is not None:
                row |= _last_miss(last_t, last_r, comp, reasons)
        if city_t is not None and city_t["unit"] == t["unit"]:
            row |= {
                "city_target": city_t["value_printed"],
                "gap_to_city": _diff(value, float(city_t["value"]), t["value_printed"],
                                     city_t["value_printed"]),
                "city_target_id": city_t["id"],
            }  # fmt: skip
        row["not_compared"] = "; ".join(dict.fromkeys(reasons)) or None
        rows.append(row)
    out = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in _NAMES])
    return _named(out, ind, ref)


def _last_miss(
    last_t: pd.Series, last_r: pd.Series, comp: pd.DataFrame, reasons: list[str]
) -> dict:
    """Last year's result against last year's target, by that target's bound and rounding."""
    refusal = pair_refusal(comp, str(last_t["indicator"]), str(last_t["scope"]), "target",
                           last_r["kind"])  # fmt: skip
    r = _in_unit_of(last_t, last_r)
    if refusal or r is None:
        if refusal:
            reasons.append(REFUSALS[refusal])
        return {}
    tv = float(last_t["value"])
    status = judge(tv, r, bound_code(last_t), rounding(last_t["value_printed"]))
    margin = _diff(r, tv, last_t["value_printed"], last_r["value_printed"])
    return {"last_margin": margin, "last_status": status}


_NAMES = ("district_zh", "district_short", "name_zh", "name_en")


def _named(out: pd.DataFrame, ind: pd.DataFrame, ref: pd.DataFrame | None) -> pd.DataFrame:
    """District and indicator names (Shanghai's scope is 上海市 / Shanghai), rows in order."""
    d = ind[["district", "district_zh", "district_short"]].drop_duplicates("district")
    city = pd.DataFrame(
        {"district": ["shanghai"], "district_zh": ["上海市"], "district_short": ["Shanghai"]}
    )
    names = pd.concat([d.astype("string"), city.astype("string")], ignore_index=True)
    names = names.drop_duplicates("district")
    cat = [ind[["indicator", "name_zh", "name_en"]]]
    if ref is not None and "name_zh" in ref:
        cat.append(ref[["indicator", "name_zh", "name_en"]])
    labels = pd.concat(cat, ignore_index=True).astype("string").drop_duplicates("indicator")
    out = out.astype({"district": "string", "indicator": "string"})
    out = out.merge(names, on="district", how="left", validate="many_to_one")
    out = out.merge(labels, on="indicator", how="left", validate="many_to_one")
    return (
        out[COLUMNS]
        .sort_values(["district", "indicator", "year"], kind="stable")
        .reset_index(drop=True)
    )


def of_district(
    panel: pd.DataFrame,
    ref: pd.DataFrame | None,
    comp: pd.DataFrame,
    district: str,
    plan_year: int | None = None,
) -> pd.DataFrame:
    """The district's rows and Shanghai's, over every year the data holds: notebook 02's
    table and `python -m analysis table ratchet --district KEY`. Viewing an earlier report
    (`plan_year` before the district's latest), the years after it are left out."""
    out = ratchet(panel, ref, comp)
    keep = out["district"].isin([district, "shanghai"])
    own = panel[(panel["district"] == district) & (panel["kind"] == "target")]["year"]
    if plan_year and len(own) and plan_year < int(own.max()):
        keep &= out["year"] <= plan_year
    return out[keep].reset_index(drop=True)
