"""District overview: the profile and the headline results and targets, with their quotes."""

from __future__ import annotations

import pandas as pd

from analysis.analyses.targets import full_year
from analysis.load.comparability import rule

#: Headline indicators, in the order a reader expects them.
HEADLINE = (
    "gdp",
    "gdp_growth",
    "gdp_growth_ex_tobacco",
    "tertiary_value_added_growth",
    "revenue",
    "revenue_growth",
    "fixed_asset_investment",
    "fixed_asset_investment_growth",
    "retail_sales",
    "retail_sales_growth",
    "commodity_sales",
    "commodity_sales_growth",
    "foreign_capital",
    "foreign_capital_growth",
    "foreign_trade",
    "foreign_trade_growth",
)


def in_reading_order(ind: pd.DataFrame) -> pd.DataFrame:
    """The headline rows of `ind`, in the order of HEADLINE, then year and id: whole years
    only, as a part of one (前三季度, `period`) is neither the year's result nor comparable
    with another district's year (it stays in indicators.csv and the master list)."""
    ind = full_year(ind)
    sub = ind[ind["indicator"].isin(HEADLINE)].copy()
    sub["_order"] = sub["indicator"].astype("string").map({k: i for i, k in enumerate(HEADLINE)})
    return sub.sort_values(["_order", "year", "id"]).drop(columns="_order")


def headline_rows(ind: pd.DataFrame, district: str) -> pd.DataFrame:
    """The focus district's headline results and targets as data, in reading order."""
    sub = in_reading_order(ind[ind["district"] == district]).copy()
    for col in ("kind", "unit", "qualifier", "qualifier_en"):
        sub[col] = sub[col].astype("string")
    return sub.reset_index(drop=True)


def verdicts(ind: pd.DataFrame, comp: pd.DataFrame) -> dict[str, str]:
    """Per headline indicator: may its figures be set side by side across districts?

    Refused when comparability.csv gives the districts different scopes, or marks the
    indicator as a differently defined variant of another (never compared with it).
    """
    out = {}
    for key, rows in in_reading_order(ind).groupby("indicator", observed=True, sort=False):
        key = str(key)
        rules = {str(d): rule(comp, key, str(d)) for d in rows["district"].unique()}
        variant = next((r["variant_of"] for r in rules.values() if r.get("variant_of")), None)
        scopes = {r.get("scope") for r in rules.values()}
        if variant:
            out[key] = f"not comparable: a variant of {variant}, defined differently"
        elif len(rules) < 2:
            out[key] = "one district only"
        elif len(scopes) > 1:
            out[key] = (
                "not comparable: scope differs ("
                + " vs ".join(f"{d} {r.get('scope') or 'unrecorded'}" for d, r in rules.items())
                + ")"
            )
        else:
            out[key] = "comparable"
    return out


def compare_rows(ind: pd.DataFrame, comp: pd.DataFrame) -> pd.DataFrame:
    """Headline figures of every district, long: each with its kind and comparability verdict."""
    sub = in_reading_order(ind).copy()
    v = verdicts(ind, comp)
    sub["comparable"] = pd.array([v[str(k)] for k in sub["indicator"]], dtype="string")
    sub["scope"] = pd.array(
        [
            rule(comp, str(k), str(d), str(t)).get("scope")
            for k, d, t in zip(sub["indicator"], sub["district"], sub["kind"], strict=True)
        ],
        dtype="string",
    )
    for col in ("district", "indicator", "kind", "unit", "qualifier"):
        sub[col] = sub[col].astype("string")
    return sub.reset_index(drop=True)


