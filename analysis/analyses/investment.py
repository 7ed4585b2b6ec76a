"""Investment: fixed-asset investment, project lists by category, the 合计 check, 双十 progress."""

from __future__ import annotations

import pandas as pd

from analysis.analyses.targets import full_year
from analysis.load.vocabulary import LABELLED

FAI_INDICATORS = (
    "fixed_asset_investment",
    "fixed_asset_investment_growth",
    "industrial_sector_investment",
    "industrial_investment",
)

#: A 双十 goal counts as met when progress reaches it: 开工 is met by 已开工 or 已完工.
_GOAL_MET = {"开工": {"已开工", "已完工"}, "竣工": {"已完工"}}


def investment_indicators(ind: pd.DataFrame) -> pd.DataFrame:
    """Fixed-asset and sector investment figures, results and targets, one row each, for
    whole years (1-11月 investment is no year's figure)."""
    ind = full_year(ind)
    sub = ind[ind["indicator"].isin(FAI_INDICATORS)]
    cols = [
        *LABELLED,
        "label_zh",
        "year",
        "kind",
        "value",
        "unit",
        "qualifier",
        "qualifier_en",
        "id",
        "comparability",
    ]
    return sub[cols].sort_values(["indicator", "district", "year"]).reset_index(drop=True)


def project_lists(proj: pd.DataFrame) -> pd.DataFrame:
    """One row per project list: its district, size, whether it gives amounts or goals, and
    its heading as the report prints it (`section`, the first one a list's rows give)."""
    has_goal = proj["goal_zh"].notna() & proj["progress_zh"].notna()
    frame = proj.assign(_amount=proj["total_investment"].notna(), _goal=has_goal)
    if "section" not in frame:
        frame = frame.assign(section=pd.NA)
    out = (
        frame.groupby(["list", "district", "district_short", "district_zh"], observed=True)
        .agg(projects=("id", "count"), with_amounts=("_amount", "sum"), with_goals=("_goal", "sum"),
             section=("section", "first"))
        .reset_index()
    )
    for col in ("list", "district", "district_short", "district_zh", "section"):
        out[col] = out[col].astype("string")
    return out


def lists_for(proj: pd.DataFrame, district: str, kind: str) -> tuple[pd.DataFrame, bool]:
    """The lists to show for a district: its own lists with amounts (or goals) when it has any,
    otherwise every other district's, so a list only one report has is shown, never dropped.
    Returns the lists and whether they are the district's own."""
    col = {"amounts": "with_amounts", "goals": "with_goals"}[kind]
    lists = project_lists(proj)
    lists = lists[lists[col] > 0]
    own = lists[lists["district"] == district]
    if len(own):
        return own.reset_index(drop=True), True
    return lists.reset_index(drop=True), False


def by_category(proj: pd.DataFrame, list_key: str) -> pd.DataFrame:
    """Projects of one list by category: count, total investment and share of the list's sum."""
    sub = proj[proj["list"] == list_key]
    table = sub.groupby(["category_zh", "category_en"], observed=True, sort=False).agg(
        projects=("id", "count"), total=("total_investment", "sum")
    )
    if table["total"].sum() > 0:
        table["share"] = table["total"] / table["total"].sum()
    return table.reset_index()


def largest(proj: pd.DataFrame, list_key: str, n: int = 5) -> pd.DataFrame:
    """The n projects with the largest total investment in a list."""
    sub = proj[proj["list"] == list_key].dropna(subset=["total_investment"])
    sub = sub.assign(total_investment=sub["total_investment"].astype("float64"))
    cols = ["seq", "name_zh", "name_en", "category_zh", "category_en", "total_investment", "unit",
            "goal_en", "id"]  # fmt: skip
    return sub.nlargest(n, "total_investment")[cols].reset_index(drop=True)


def total_check(
    proj: pd.DataFrame,
    ind: pd.DataFrame,
    list_key: str,
    indicator: str = "gov_investment_projects_total",
) -> pd.DataFrame:
    """The sum of a list's project investments against the 合计 the report states."""
    sub = proj[proj["list"] == list_key]
    district = sub["district"].astype("string").iloc[0] if len(sub) else None
    stated = ind[(ind["indicator"] == indicator) & (ind["district"] == district)]
    computed = round(float(sub["total_investment"].sum()), 2)
    row = {
        "list": list_key,
        "projects": len(sub),
        "computed_sum": computed,
        "stated_total": float(stated["value"].iloc[0]) if len(stated) else float("nan"),
        "stated_id": stated["id"].iloc[0] if len(stated) else None,
    }
    row["difference"] = round(row["computed_sum"] - row["stated_total"], 2)
    return pd.DataFrame([row])


def goal_progress(proj: pd.DataFrame, list_key: str) -> pd.DataFrame:
    """Each project's annual goal against its reported progress, with a met flag."""
    sub = proj[proj["list"] == list_key].copy()
    sub["met"] = [
        p in _GOAL_MET.get(g, set())
        for g, p in zip(
            sub["goal_zh"].astype("string"), sub["progress_zh"].astype("string"), strict=True
        )
    ]
    cols = [
        "seq",
        "category_zh",
        "category_en",
        "name_zh",
        "name_en",
        "goal_zh",
        "goal_en",
        "progress_zh",
        "progress_en",
        "met",
        "id",
    ]
    return sub[cols].sort_values("seq").reset_index(drop=True)


