"""Growth targets: result vs target, qualifier strength, escalation, implied levels, consistency.

Every function takes the frames the loaders return and returns a tidy frame; notebooks only
display and plot them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.labels import LABELLED

RESULT_KINDS = ("actual", "estimate")


def _latest(frame: pd.DataFrame, kinds: tuple[str, ...], year: int) -> pd.DataFrame:
    """One row per district and indicator for the year (actual preferred over estimate)."""
    sub = frame[frame["kind"].isin(kinds) & (frame["year"] == year)].copy()
    sub["_rank"] = sub["kind"].astype("string").map({"actual": 0, "estimate": 1, "target": 0})
    sub = sub.sort_values(["district", "indicator", "_rank", "id"])
    return sub.drop_duplicates(["district", "indicator"]).drop(columns="_rank")


def growth_targets(ind: pd.DataFrame, result_year: int = 2023) -> pd.DataFrame:
    """Each growth target of the plan year beside the same indicator's result a year earlier.

    Where the report gives no result for that indicator, `result` stays missing: nothing is
    invented and the target is still shown. Only district-wide rates in percent: a change in
    percentage points, or a rate about one industry or park (a `subject`), is not a growth rate
    of the district.
    """
    whole = ind["subject"].isna() if "subject" in ind else True
    growth = ind[(ind["measure"] == "growth") & (ind["unit"].astype("string") == "%") & whole]
    target = _latest(growth, ("target",), result_year + 1)
    result = _latest(growth, RESULT_KINDS, result_year)
    cols = ["district", "indicator", "value", "kind", "qualifier", "id"]
    out = target[
        [
            *LABELLED,
            "label_zh",
            "value",
            "unit",
            "qualifier",
            "qualifier_en",
            "strength",
            "id",
            "comparability",
        ]
    ].rename(columns={"value": "target", "id": "target_id", "label_zh": "target_label_zh"})
    res = result[cols].rename(
        columns={
            "value": "result",
            "kind": "result_kind",
            "qualifier": "result_qualifier",
            "id": "result_id",
        }
    )
    out = out.merge(res, on=["district", "indicator"], how="left", validate="one_to_one")
    out["change_pp"] = out["target"] - out["result"]
    return out.sort_values(["indicator", "district"]).reset_index(drop=True)


def qualifier_strength(ind: pd.DataFrame, year: int = 2024) -> pd.DataFrame:
    """Count of the year's targets by qualifier strength, per district (hard, soft, none)."""
    targets = ind[(ind["kind"] == "target") & (ind["year"] == year)]
    table = pd.crosstab(targets["district"], targets["strength"], dropna=False)
    table = table.reindex(columns=["hard", "soft", "none"], fill_value=0)
    table["total"] = table.sum(axis=1)
    table["hard_share"] = (table["hard"] / table["total"]).round(3)
    return table


def escalation(ind: pd.DataFrame, ref: pd.DataFrame, year: int = 2024) -> pd.DataFrame:
    """District growth targets minus Shanghai's for the same indicator, in percentage points."""
    city = ref[(ref["scope"] == "shanghai") & (ref["kind"] == "target") & (ref["year"] == year)]
    city = city[["indicator", "value", "qualifier"]].rename(
        columns={"value": "city_target", "qualifier": "city_qualifier"}
    )
    district = growth_targets(ind, year - 1)
    out = district.merge(city, on="indicator", how="inner", validate="many_to_one")
    out["gap_pp"] = out["target"] - out["city_target"]
    return out[
        [
            *LABELLED,
            "target_label_zh",
            "target",
            "qualifier",
            "city_target",
            "city_qualifier",
            "gap_pp",
            "comparability",
        ]
    ].reset_index(drop=True)


def implied_levels(ind: pd.DataFrame, result_year: int = 2023) -> pd.DataFrame:
    """Plan-year levels implied by the growth targets: result-year level × (1 + target/100).

    Where the report also states the plan-year level, it is shown beside the implied one.
    """
    growth = growth_targets(ind, result_year)
    growth = growth.merge(
        ind[["indicator", "base"]].drop_duplicates(), on="indicator", how="left"
    ).dropna(subset=["base"])
    levels = _latest(ind, RESULT_KINDS, result_year)[
        ["district", "indicator", "value", "unit", "qualifier", "id"]
    ].rename(
        columns={
            "indicator": "base",
            "value": "base_level",
            "unit": "level_unit",
            "qualifier": "base_qualifier",
            "id": "base_id",
        }
    )
    stated = _latest(ind, ("target",), result_year + 1)[
        ["district", "indicator", "value", "qualifier", "id"]
    ].rename(
        columns={
            "indicator": "base",
            "value": "stated_level",
            "qualifier": "stated_qualifier",
            "id": "stated_id",
        }
    )
    names = ind[["indicator", "name_en", "name_zh"]].drop_duplicates("indicator")
    growth = growth.drop(columns=["name_en", "name_zh"]).merge(
        names.rename(columns={"indicator": "base"}), on="base", how="left"
    )
    out = growth.merge(levels, on=["district", "base"], how="inner")
    out = out.merge(stated, on=["district", "base"], how="left")
    out["implied_level"] = out["base_level"] * (1 + out["target"] / 100)
    return out[
        [
            "district",
            "district_short",
            "district_zh",
            "base",
            "name_en",
            "name_zh",
            "base_level",
            "base_qualifier",
            "target",
            "qualifier",
            "implied_level",
            "stated_level",
            "stated_qualifier",
            "level_unit",
            "base_id",
            "target_id",
            "stated_id",
        ]
    ].reset_index(drop=True)


def _decimals(printed: str | float) -> int:
    text = str(printed)
    return len(text.split(".")[1]) if "." in text else 0


def consistency_checks(ind: pd.DataFrame, result_year: int = 2023) -> pd.DataFrame:
    """Where a report states both a plan-year level and a growth target, do they agree?

    `gap` is stated minus implied level. `growth_from_levels` is the growth the two stated
    levels imply. A pair is `consistent` when that growth rounds to the printed target (a
    target printed as 7 covers 6.5 to 7.5): a gap inside rounding is not a discrepancy.
    """
    lv = implied_levels(ind, result_year).dropna(subset=["stated_level"]).copy()
    if lv.empty:
        return lv.assign(gap=[], gap_pct=[], growth_from_levels=[], consistent=[])
    printed = ind.set_index("id")["value_printed"]
    half_step = [0.5 * 10 ** -_decimals(printed.get(t, "")) for t in lv["target_id"]]
    lv["gap"] = lv["stated_level"] - lv["implied_level"]
    lv["gap_pct"] = lv["gap"] / lv["implied_level"] * 100
    lv["growth_from_levels"] = (lv["stated_level"] / lv["base_level"] - 1) * 100
    lv["consistent"] = np.abs(lv["growth_from_levels"] - lv["target"]) <= np.array(half_step) + 1e-9
    # the same tolerance expressed on the level, as a percent of the implied level
    lv["rounding_pct"] = np.array(half_step) / (1 + lv["target"] / 100)
    return lv.reset_index(drop=True)
