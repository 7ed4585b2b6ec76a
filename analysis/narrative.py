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
    """What the district spends, summed only over programmes nested in no other, and what may
    be compared with another district, per beneficiary with the unit counted."""
    if spend.empty or not (spend["district"] == district).any():
        return "The report states no social-spending amount for this district."
    mine = spend[spend["district"] == district]
    top = mine[mine["part_of"].isna()].sort_values("amount_yuan", ascending=False)
    nested = mine[mine["part_of"].notna()]
    who = mine["district_short"].iloc[0]
    sentence = f"{who} reports spending for {len(mine)} programme(s)"
    if len(top):
        t = top.iloc[0]
        sentence += (
            f"; the largest is {t['name_en']} ({t['label_zh']}), {t['amount']:g} {t['amount_unit']}"
        )
    if len(nested):
        names = ", ".join(nested["name_en"].astype("string"))
        sentence += f"; {names} may be part of another programme and are not added to it"
    sentence += "."
    if mine["per_capita"].notna().any():
        n = int(mine["per_capita"].notna().sum())
        sentence += f" {n} programme(s) have a per-capita figure on a cited eligible base."
    else:
        sentence += (
            " No programme has a cited count of the people eligible for it, so no per-capita "
            "figure is given."
        )
    shared = mine[mine["compared"].astype("string").str.startswith("per ")]
    for _, r in shared.iterrows():
        peer = spend[(spend["programme"] == r["programme"]) & (spend["district"] != district)].iloc[
            0
        ]
        sentence += (
            f" {r['name_en']} compares with {peer['district_short']} per {r['per_unit']} only: "
            f"{_fmt(r['yuan_per_beneficiary'])} against {_fmt(peer['yuan_per_beneficiary'])} "
            f"yuan per {r['per_unit']}; a person helped twice counts twice, so this is not "
            "spending per person."
            if r["per_unit"] == "person-time"
            else f" {r['name_en']} compares with {peer['district_short']}: "
            f"{_fmt(r['yuan_per_beneficiary'])} against {_fmt(peer['yuan_per_beneficiary'])} "
            f"yuan per {r['per_unit']}."
        )
    if not len(shared):
        sentence += " No programme of this district is compared with another district."
    return sentence


def read_outputs(outputs: pd.DataFrame, district: str) -> str:
    """How many outputs compare annual with annual, how many targets fall below, and how many
    comparisons are refused (running totals, different scopes)."""
    mine = outputs[outputs["district"] == district]
    if mine.empty:
        return "The report states no social-service output for this district."
    both = mine.dropna(subset=["result", "target"])
    ratio = both.dropna(subset=["target_vs_result"])
    lower = ratio[ratio["target_vs_result"] < 1]
    refused = both[both["target_vs_result"].isna()]
    sentence = (
        f"{len(mine)} social-service outputs are stated; {len(both)} have both a result and a "
        f"target, of which {len(ratio)} set an annual target against an annual result "
        f"({len(lower)} of those targets are below the result)"
    )
    if len(refused):
        sentence += f" and {len(refused)} are not compared as a ratio"
    sentence += "."
    if len(lower):
        r = lower.sort_values("target_vs_result").iloc[0]
        sentence += (
            f" The lowest ratio of annual to annual is {r['name_en']}: {_fmt(r['target'])} "
            f"planned after {_fmt(r['result'])} ({r['target_vs_result']:.2f}×)."
        )
    return sentence


def read_refusals(lines: list[str]) -> str:
    """Every refused comparison, one line each, as a Markdown list."""
    if not lines:
        return "No comparison is refused here."
    return "**Not compared, and why:**\n\n" + "\n".join(f"- {line}" for line in lines)


def read_headline_kinds(rows: pd.DataFrame, year: int) -> str:
    """For the year's figures: which are actual results and which are estimates (预计)."""
    sub = rows[(rows["year"] == year) & (rows["kind"] != "target")]
    if sub.empty:
        return f"The report gives no headline figure for {year}."
    parts = []
    for kind, word in (("actual", "actual results"), ("estimate", "estimates (预计)")):
        names = list(dict.fromkeys(sub[sub["kind"] == kind]["name_en"].astype("string")))
        if names:
            parts.append(f"{len(names)} are {word}: {'; '.join(names)}")
    who = sub["district_short"].iloc[0]
    return f"Of {who}'s {year} headline figures, " + ". ".join(parts) + "."


def read_bases(spend: pd.DataFrame, district: str) -> str:
    """Every per-capita base used, with its citation, or that none is."""
    mine = spend[(spend["district"] == district) & spend["per_capita"].notna()]
    if mine.empty:
        return (
            "**Per-capita bases used:** none. No cited figure of an eligible population "
            "(hukou residents, residents aged 60 or 65 and over, recipients) is in the reference "
            "table for this district, so spending is shown as totals and per beneficiary only."
        )
    lines = [
        f"- {r['name_en']}: {r['base_indicator']} = {r['base_value']:,.0f} ({r['base_citation']})"
        for _, r in mine.iterrows()
    ]
    return "**Per-capita bases used:**\n\n" + "\n".join(lines)


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
