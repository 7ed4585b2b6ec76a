"""Sentences that read a table, computed from the data so they stay true for any district."""

from __future__ import annotations

import pandas as pd


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _words(qualifier: str) -> str:
    """Qualifiers as printed, joined the way the report joins them."""
    return "，".join(w for w in qualifier.split(";") if w)


def read_growth_targets(targets: pd.DataFrame, district: str) -> str:
    """How many targets rise above, match or fall below the result they follow."""
    mine = targets[targets["district"] == district]
    if mine.empty:
        return "The report states no growth target for this district."
    both = mine.dropna(subset=["result"])
    up = both[both["change_pp"] > 0]
    down = both[both["change_pp"] < 0]
    same = both[both["change_pp"] == 0]
    parts = [f"{len(mine)} growth targets are stated for 2024"]
    if len(both):
        parts.append(
            f"{len(both)} of them follow a 2023 growth figure in the same report: "
            f"{len(up)} set higher, {len(same)} the same and {len(down)} lower than the result"
        )
    alone = mine[mine["result"].isna()]
    if len(alone):
        names = ", ".join(alone["name_en"].astype("string"))
        parts.append(f"with no 2023 growth figure beside them: {names}")
    sentence = "; ".join(parts) + "."
    if len(down):
        worst = down.sort_values("change_pp").iloc[0]
        sentence += (
            f" The largest step down is {worst['name_en']}: from {_fmt(worst['result'])}% "
            f"to {_fmt(worst['target'])}% ({_fmt(worst['change_pp'])} pp)."
        )
    return sentence


def read_escalation(esc: pd.DataFrame, district: str) -> str:
    """The focus district's targets against the city's, in percentage points."""
    mine = esc[esc["district"] == district]
    if mine.empty:
        return "No target of this district has a Shanghai counterpart in the reference table."
    parts = []
    for _, r in mine.iterrows():
        q = f" {_words(r['qualifier'])}" if isinstance(r["qualifier"], str) else ""
        cq = f" {_words(r['city_qualifier'])}" if isinstance(r["city_qualifier"], str) else ""
        parts.append(
            f"{r['name_en']} {_fmt(r['target'])}%{q} against the city's "
            f"{_fmt(r['city_target'])}%{cq} ({r['gap_pp']:+.1f} pp)"
        )
    return "Against Shanghai's 2024 targets: " + "; ".join(parts) + "."


def read_consistency(cons: pd.DataFrame, district: str | None = None) -> str:
    """Each level/growth pair: consistent within rounding, or the gap and its size."""
    if cons.empty:
        return "No report states both a 2024 level and a 2024 growth target for one indicator."
    parts = []
    if district is not None and not (cons["district"] == district).any():
        parts.append(
            "This district's report states no 2024 level beside a growth target, so it has "
            "nothing to check. The other districts' pairs:"
        )
    for _, r in cons.iterrows():
        head = (
            f"{r['district_short']} {r['name_en']}: {_fmt(r['base_level'])} × "
            f"(1 + {_fmt(r['target'])}%) = {_fmt(r['implied_level'])}, stated "
            f"{_fmt(r['stated_level'])} (gap {r['gap']:+,.2f} {r['level_unit']}, "
            f"{r['gap_pct']:+.2f}%; the stated level implies {r['growth_from_levels']:.2f}% growth)"
        )
        verdict = (
            "consistent within the rounding of the printed target"
            if r["consistent"]
            else "**inconsistent**: the gap exceeds rounding"
        )
        parts.append(f"- {head}: {verdict}.")
    return "\n".join(parts)


def read_total_check(check: pd.DataFrame) -> str:
    """The project list's sum against its stated 合计."""
    r = check.iloc[0]
    if pd.isna(r["stated_total"]):
        total = _fmt(r["computed_sum"])
        return f"The {r['projects']} projects sum to {total} 亿元; no 合计 is stated."
    verdict = (
        "matches the stated 合计"
        if r["difference"] == 0
        else f"differs from the stated 合计 by {r['difference']:+.2f} 亿元"
    )
    return (
        f"The {r['projects']} projects sum to {_fmt(r['computed_sum'])} 亿元, which {verdict} "
        f"({_fmt(r['stated_total'])} 亿元, row {r['stated_id']})."
    )


def read_goal_progress(progress: pd.DataFrame) -> str:
    """How many annual goals were met."""
    met = int(progress["met"].sum())
    total = len(progress)
    started = int((progress["goal_zh"] == "开工").sum())
    completed = total - started
    return (
        f"{met} of {total} projects met their annual goal ({started} were to start construction, "
        f"{completed} to be completed)."
    )


def read_spending(spend: pd.DataFrame, district: str) -> str:
    """Which programmes the district reports, the largest per resident, and what is one-sided."""
    if spend.empty or not (spend["district"] == district).any():
        return "The report states no social-spending amount for this district."
    mine = spend[spend["district"] == district].sort_values("yuan_per_resident", ascending=False)
    top = mine.iloc[0]
    sentence = (
        f"{top['district_short']} reports spending for {len(mine)} programme(s); the largest per "
        f"resident is {top['name_en']} ({top['label_zh']}), {_fmt(top['yuan_per_resident'])} yuan "
        "per census resident."
    )
    shared = mine[mine["reported_by"] == "both"]
    if len(shared):
        names = ", ".join(shared["name_en"].astype("string"))
        sentence += f" Comparable with another district: {names}."
    else:
        sentence += " No programme is reported by another district, so none is compared."
    return sentence


def read_outputs(outputs: pd.DataFrame, district: str) -> str:
    """How many outputs have both a result and a target, and how many targets fall below."""
    mine = outputs[outputs["district"] == district]
    if mine.empty:
        return "The report states no social-service output for this district."
    both = mine.dropna(subset=["result", "target"])
    lower = both[both["target_vs_result"] < 1]
    parts = [
        f"{len(mine)} social-service outputs are stated; {len(both)} have both a 2023 result and "
        f"a 2024 target, and {len(lower)} of those targets are below the 2023 result"
    ]
    only_result = int(mine["target"].isna().sum())
    only_target = int(mine["result"].isna().sum())
    parts.append(f"{only_result} have a result only and {only_target} a target only")
    sentence = "; ".join(parts) + "."
    if len(lower):
        r = lower.sort_values("target_vs_result").iloc[0]
        sentence += (
            f" The lowest ratio is {r['name_en']}: {_fmt(r['target'])} planned after "
            f"{_fmt(r['result'])} ({r['target_vs_result']:.2f}×)."
        )
    return sentence


def read_lists(lists: pd.DataFrame, own: bool, district_name: str, kind: str) -> str:
    """Say whose lists follow, and that the focus district has none when it has none."""
    what = {"amounts": "investment amounts", "goals": "annual goals and progress"}[kind]
    names = "; ".join(
        f"{r['district_short']} ({r['projects']} projects, list `{r['list']}`)"
        for _, r in lists.iterrows()
    )
    if lists.empty:
        return f"No report in the data lists projects with {what}."
    if own:
        return f"{district_name}'s report lists projects with {what}: {names}."
    return (
        f"{district_name}'s report lists no projects with {what}. Shown instead, so that the "
        f"figure is not dropped: {names}."
    )
