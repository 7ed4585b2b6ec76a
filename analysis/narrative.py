"""Sentences that read a table, computed from the data so they stay true for any district."""

from __future__ import annotations

import pandas as pd


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _words(qualifier: object) -> str:
    """Qualifiers as printed, joined the way the report joins them."""
    if not isinstance(qualifier, str):
        return ""
    return "，".join(w for w in qualifier.split(";") if w)


def _year(frame: pd.DataFrame, col: str) -> str:
    years = frame[col].dropna()
    return str(int(years.iloc[0])) if len(years) else ""


def _step(r: pd.Series) -> str:
    """One target against its result: 'foreign capital 5.63 → 4 亿美元'."""
    unit = "" if r["unit"] == "%" else f" {r['unit']}"
    return (
        f"{r['name_en']} {_fmt(r['result_value'])}{'%' if r['unit'] == '%' else ''} → "
        f"{r['target_wording'] if r['unit'] == '%' else _fmt(r['target_value']) + unit}"
    )


def read_targets(master: pd.DataFrame, district: str) -> str:
    """The district's targets against its own last results: below, at, above; pegged, assigned.

    Steps are listed largest first, in percent for levels and counts and in points for rates.
    """
    mine = master[master["district"] == district]
    if mine.empty:
        return "The report states no target of this district for the plan year."
    plan, last = _year(mine, "target_year"), _year(mine, "result_year")
    words = int((~mine["has_number"]).sum())
    both = mine[mine["direction"] != "n/a"]
    count = {d: int((both["direction"] == d).sum()) for d in ("below", "equal", "above")}
    sentence = (
        f"{mine['district_short'].iloc[0]} states {len(mine)} targets for {plan}, "
        f"{len(mine) - words} with a number and {words} in words. "
        f"{len(both)} can be set against a {last} result in the same report: "
        f"{count['below']} below it, {count['equal']} at it and {count['above']} above it."
    )
    down = both[both["direction"] == "below"].copy()
    if len(down):
        down["_size"] = down["change_pct"].fillna(down["change"] / down["result_value"] * 100)
        names = "; ".join(_step(r) for _, r in down.sort_values("_size").head(5).iterrows())
        sentence += f" The largest steps down: {names}."
    tight = mine[(mine["direction"] == "equal") & (mine["bound_vs_result"] == "tighter")]
    if len(tight):
        names = "; ".join(f"{r['name_en']} ({r['target_wording']})" for _, r in tight.iterrows())
        sentence += f" At the same number but with a tighter bound than the result: {names}."
    pegged = mine[mine["assignment"] == "pegged"]
    assigned = mine[mine["assignment"] == "city_assigned"]
    if len(pegged) or len(assigned):
        sentence += (
            f" {len(pegged)} target(s) are pegged to another rate and {len(assigned)} are "
            "assigned by the city"
        )
        pegs = [f"{r['name_en']} ({r['target_wording']})" for _, r in pegged.iterrows()]
        sentence += (": pegged " + "; ".join(pegs) + ".") if pegs else "."
    return sentence


def read_escalation(esc: pd.DataFrame, district: str) -> str:
    """The district's targets against the city's: the number's gap and the bound's change."""
    mine = esc[esc["district"] == district]
    if mine.empty:
        return "No target of this district has a Shanghai counterpart in the reference table."
    parts = []
    for _, r in mine.iterrows():
        city = (
            f"{_fmt(r['city_target_value'])}{r['city_unit']} {_words(r['city_qualifier'])}"
            if pd.notna(r["city_target_value"])
            else _words(r["city_qualifier"])
        ).strip()
        gap = (
            f"{r['escalation']:+.1f} {r['escalation_unit']}, "
            if pd.notna(r["escalation"])
            else "numbers not compared, "
        )
        parts.append(
            f"{r['name_en']} {r['target_wording']} against the city's {city}: "
            f"{gap}bound {r['bound_escalation']}"
        )
    tighter = int((mine["bound_escalation"] == "tighter").sum())
    return (
        f"Against Shanghai's targets ({len(mine)} with a counterpart, {tighter} with a tighter "
        "bound): " + "; ".join(parts) + "."
    )


def read_results_vs_city(rvc: pd.DataFrame, district: str) -> str:
    """The district's last results against the city's, where the two compare as numbers."""
    mine = rvc[rvc["district"] == district]
    if mine.empty:
        return "No result of this district has a comparable Shanghai result in the reference table."
    below = mine[mine["gap"] < 0]
    parts = [
        f"{r['name_en']} {_fmt(r['result'])} against {_fmt(r['city_result'])} "
        f"({r['gap']:+.2f} {'pp' if r['unit'] == '%' else r['unit']})"
        for _, r in mine.iterrows()
    ]
    return (
        f"In {_year(mine, 'year')}, {len(below)} of {len(mine)} comparable results were below "
        "Shanghai's: " + "; ".join(parts) + "."
    )


def read_consistency(cons: pd.DataFrame, district: str | None = None) -> str:
    """Each level/growth pair: agreeing within rounding, or two printed figures that disagree.

    Where they disagree, the base the stated level implies is set beside the printed one, with
    the candidate explanations: the gap is a finding about how the target was set, not a verdict
    on the report.
    """
    if cons.empty:
        return "No report states both a plan-year level and a growth target for one indicator."
    parts = []
    if district is not None and not (cons["district"] == district).any():
        parts.append(
            "This district's report states no plan-year level beside a growth target, so it has "
            "nothing to check. The other districts' pairs:"
        )
    for _, r in cons.iterrows():
        head = (
            f"{r['district_short']} {r['name_en']}: {_fmt(r['stated_level'])} ÷ "
            f"(1 + {_fmt(r['target'])}%) = {_fmt(r['implied_base'])} {r['level_unit']}, "
            f"against the printed base {_fmt(r['base_level'])} ({r['base_gap_pct']:+.2f}%); "
            f"the two printed levels imply {r['growth_from_levels']:.2f}% growth"
        )
        if r["agrees"]:
            parts.append(f"- {head}: they agree within the rounding of the printed rate.")
        else:
            parts.append(
                f"- {head}: the two printed figures disagree beyond rounding. Candidate "
                f"explanations: {r['explanation']}."
            )
    return "\n".join(parts)


def closing_note(summary: pd.DataFrame) -> str:
    """Per district: targets below, at and above the last result; bounds tightened on the city's.

    The note that closes notebook 02, computed so that it holds for any district and year.
    """
    lines = []
    for _, r in summary.iterrows():
        lines.append(
            f"- *{r['district_short']}*: of {r['targets']} targets ({r['in_words']} in words), "
            f"{r['compared']} can be set against a result in the same report: {r['below']} below "
            f"it, {r['equal']} at it, {r['above']} above it. {r['pegged']} pegged and "
            f"{r['city_assigned']} assigned by the city. Of {r['with_city_target']} with a "
            f"Shanghai counterpart, {r['tighter']} tighten the city's bound, "
            f"{r['same_bound']} keep it and {r['looser']} loosen it."
        )
    return "\n".join(lines)


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
