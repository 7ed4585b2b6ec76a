"""Sentences that read a table, computed from the data so they stay true for any district."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.analyses.fulfilment import STATUSES
from analysis.load.vocabulary import check_lang, printed_words
from analysis.presentation.labels import WORDS_EN, unit_label, value_zh


def _zh(lang: str) -> bool:
    return check_lang(lang) == "zh"


def _n(r: pd.Series, lang: str, col: str = "name") -> str:
    """An indicator's (or district's) name in the reader's language."""
    if col == "name":
        return str(r["name_zh"] if _zh(lang) else r["name_en"])
    return str(r["district_zh"] if _zh(lang) and "district_zh" in r else r["district_short"])


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _year(frame: pd.DataFrame, col: str) -> str:
    years = frame[col].dropna()
    return str(int(years.iloc[0])) if len(years) else ""


def _step(r: pd.Series, lang: str = "en") -> str:
    """One target against its result: 'foreign capital 5.63 → 4 亿美元'."""
    unit = "" if r["unit"] == "%" else f" {r['unit']}"
    return (
        f"{_n(r, lang)} {_fmt(r['result_value'])}{'%' if r['unit'] == '%' else ''} → "
        f"{r['target_wording'] if r['unit'] == '%' else _fmt(r['target_value']) + unit}"
    )


def read_targets(master: pd.DataFrame, district: str, lang: str = "en") -> str:
    """The district's targets against its own last results: below, at, above; pegged, assigned.

    Steps are listed largest first, in percent for levels and counts and in points for rates.
    """
    mine = master[master["district"] == district]
    if mine.empty:
        if _zh(lang):
            return "本区报告未列出计划年度目标。"
        return "The report states no target of this district for the plan year."
    plan, last = _year(mine, "target_year"), _year(mine, "result_year")
    words = int((~mine["has_number"]).sum())
    both = mine[mine["direction"] != "n/a"]
    count = {d: int((both["direction"] == d).sum()) for d in ("below", "equal", "above")}
    if _zh(lang):
        return _read_targets_zh(mine, both, count, plan, last, words)
    # the first sentence is the finding (the landing page shows it alone)
    sentence = (
        f"{mine['district_short'].iloc[0]} states {len(mine)} targets for {plan}; of the "
        f"{len(both)} set against a {last} result in the same report, {count['below']} are "
        f"below it, {count['equal']} at it and {count['above']} above it. "
        f"{len(mine) - words} have a number and {words} are stated in words."
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


def _read_targets_zh(mine, both, count, plan, last, words) -> str:
    sentence = (
        f"{mine['district_zh'].iloc[0]}列出{plan}年目标{len(mine)}项，可与同一报告中{last}年"
        f"完成数比较的{len(both)}项中，低于完成数{count['below']}项、持平{count['equal']}项、"
        f"高于完成数{count['above']}项。其中有数值的{len(mine) - words}项、文字表述的{words}项。"
    )
    down = both[both["direction"] == "below"].copy()
    if len(down):
        down["_size"] = down["change_pct"].fillna(down["change"] / down["result_value"] * 100)
        names = "；".join(_step(r, "zh") for _, r in down.sort_values("_size").head(5).iterrows())
        sentence += f"降幅最大的：{names}。"
    tight = mine[(mine["direction"] == "equal") & (mine["bound_vs_result"] == "tighter")]
    if len(tight):
        names = "；".join(f"{r['name_zh']}（{r['target_wording']}）" for _, r in tight.iterrows())
        sentence += f"数值持平但界限严于完成数的：{names}。"
    pegged = mine[mine["assignment"] == "pegged"]
    assigned = mine[mine["assignment"] == "city_assigned"]
    if len(pegged) or len(assigned):
        sentence += f"与其他增速挂钩的目标{len(pegged)}项，由市下达的{len(assigned)}项"
        pegs = [f"{r['name_zh']}（{r['target_wording']}）" for _, r in pegged.iterrows()]
        sentence += ("：挂钩的有" + "；".join(pegs) + "。") if pegs else "。"
    return sentence


def read_escalation(esc: pd.DataFrame, district: str, lang: str = "en") -> str:
    """The district's targets against the city's: the number's gap and the bound's change."""
    mine = esc[esc["district"] == district]
    if mine.empty:
        if _zh(lang):
            return "本区没有目标在参考表中有对应的全市目标。"
        return "No target of this district has a Shanghai counterpart in the reference table."
    if _zh(lang):
        parts = []
        for _, r in mine.iterrows():
            city = (
                f"{_fmt(r['city_target_value'])}{r['city_unit']}{printed_words(r['city_qualifier'])}"
                if pd.notna(r["city_target_value"])
                else printed_words(r["city_qualifier"])
            ).strip()
            gap = (
                f"{r['escalation']:+.1f}{unit_label(r['escalation_unit'], 'zh')}，"
                if pd.notna(r["escalation"])
                else "数值未比较，"
            )
            parts.append(
                f"{r['name_zh']}{r['target_wording']}，全市{city}：{gap}界限"
                f"{value_zh(r['bound_escalation'])}"
            )
        tighter = int((mine["bound_escalation"] == "tighter").sum())
        return (
            f"与全市目标比较（有对应全市目标{len(mine)}项，界限更严{tighter}项）："
            + "；".join(parts)
            + "。"
        )
    parts = []
    for _, r in mine.iterrows():
        city = (
            f"{_fmt(r['city_target_value'])}{r['city_unit']} {printed_words(r['city_qualifier'])}"
            if pd.notna(r["city_target_value"])
            else printed_words(r["city_qualifier"])
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


def read_results_vs_city(rvc: pd.DataFrame, district: str, lang: str = "en") -> str:
    """The district's last results against the city's, where the two compare as numbers."""
    mine = rvc[rvc["district"] == district]
    if mine.empty:
        if _zh(lang):
            return "本区没有完成数在参考表中有可比的全市完成数。"
        return "No result of this district has a comparable Shanghai result in the reference table."
    if _zh(lang):
        below = mine[mine["gap_city"] < 0]

        def unit_zh(unit: str) -> str:
            return "个百分点" if unit == "%" else unit_label(unit, "zh")

        parts = [
            f"{r['name_zh']}{_fmt(r['result'])}，全市{_fmt(r['city_result'])}"
            f"（{r['gap_city']:+.2f}{unit_zh(r['unit'])}）"
            for _, r in mine.iterrows()
        ]
        return (
            f"{_year(mine, 'year')}年，{len(mine)}项可比完成数中有{len(below)}项低于全市："
            + "；".join(parts)
            + "。"
        )
    below = mine[mine["gap_city"] < 0]
    parts = [
        f"{r['name_en']} {_fmt(r['result'])} against {_fmt(r['city_result'])} "
        f"({r['gap_city']:+.2f} {'pp' if r['unit'] == '%' else r['unit']})"
        for _, r in mine.iterrows()
    ]
    return (
        f"In {_year(mine, 'year')}, {len(below)} of {len(mine)} comparable results were below "
        "Shanghai's: " + "; ".join(parts) + "."
    )


def read_consistency(cons: pd.DataFrame, district: str | None = None, lang: str = "en") -> str:
    """Each level/growth pair: agreeing within rounding, or two printed figures that disagree.

    Where they disagree, the base the stated level implies is set beside the printed one, with
    the candidate explanations: the gap is a finding about how the target was set, not a verdict
    on the report.
    """
    if cons.empty:
        if _zh(lang):
            return "没有报告对同一指标同时列出计划年度总量和增速目标。"
        return "No report states both a plan-year level and a growth target for one indicator."
    if _zh(lang):
        return _read_consistency_zh(cons, district)
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


def _read_consistency_zh(cons: pd.DataFrame, district: str | None) -> str:
    parts = []
    if district is not None and not (cons["district"] == district).any():
        parts.append("本区报告未在增速目标旁列出计划年度总量，无可核对；其他区的情况如下：")
    for _, r in cons.iterrows():
        head = (
            f"{r['district_zh']}{r['name_zh']}：{_fmt(r['stated_level'])} ÷ "
            f"(1 + {_fmt(r['target'])}%) = {_fmt(r['implied_base'])}{r['level_unit']}，"
            f"所列基数为{_fmt(r['base_level'])}（{r['base_gap_pct']:+.2f}%）；"
            f"两个所列总量隐含增速{r['growth_from_levels']:.2f}%"
        )
        if r["agrees"]:
            parts.append(f"- {head}：在所列增速的取整范围内一致。")
        else:
            parts.append(
                f"- {head}：两个所列数值的差异超出取整范围。可能原因：目标总量按初步基数测算而"
                "完成数后经修订；总量与增速的价格口径或统计范围不同；或其中一个数值有误。"
            )
    return "\n".join(parts)


def closing_note(summary: pd.DataFrame, lang: str = "en") -> str:
    """Per district: targets below, at and above the last result; bounds tightened on the city's.

    The note that closes notebook 02, computed so that it holds for any district and year.
    """
    lines = []
    for _, r in summary.iterrows():
        if _zh(lang):
            lines.append(
                f"- *{r['district_zh']}*：目标{r['targets']}项（文字表述{r['in_words']}项），其中"
                f"{r['compared_with_result']}项可与同一报告中的完成数比较：低于{r['below']}项、持平"
                f"{r['equal']}项、高于{r['above']}项。挂钩{r['pegged']}项，市下达"
                f"{r['city_assigned']}项。有对应全市目标的{r['with_city_target']}项中，界限严于"
                f"全市{r['tighter']}项、相同{r['same_bound']}项、宽于全市{r['looser']}项。"
            )
            continue
        lines.append(
            f"- *{r['district_short']}*: of {r['targets']} targets ({r['in_words']} in words), "
            f"{r['compared_with_result']} can be set against a result in the same report: "
            f"{r['below']} below it, {r['equal']} at it, {r['above']} above it. "
            f"{r['pegged']} pegged and {r['city_assigned']} assigned by the city. "
            f"Of {r['with_city_target']} with a Shanghai counterpart, "
            f"{r['tighter']} tighten the city's bound, {r['same_bound']} keep it and "
            f"{r['looser']} loosen it."
        )
    return "\n".join(lines)


def read_total_check(check: pd.DataFrame, lang: str = "en") -> str:
    """The project list's sum against its stated 合计."""
    r = check.iloc[0]
    if _zh(lang):
        total = f"所列{r['projects']}个项目合计{_fmt(r['computed_sum'])}亿元"
        if pd.isna(r["stated_total"]):
            return f"{total}；报告未列合计。"
        verdict = (
            "与报告所列合计一致"
            if r["difference"] == 0
            else f"与报告所列合计相差{r['difference']:+.2f}亿元"
        )
        return f"{total}，{verdict}（{_fmt(r['stated_total'])}亿元，行号{r['stated_id']}）。"
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


def read_goal_progress(progress: pd.DataFrame, lang: str = "en") -> str:
    """How many annual goals were met."""
    met = int(progress["met"].sum())
    total = len(progress)
    started = int((progress["goal_zh"] == "开工").sum())
    completed = total - started
    if _zh(lang):
        return f"{total}个项目中{met}个完成年度目标（开工{started}个，竣工{completed}个）。"
    return (
        f"{met} of {total} projects met their annual goal ({started} were to start construction, "
        f"{completed} to be completed)."
    )


def read_spending(spend: pd.DataFrame, district: str, lang: str = "en") -> str:
    """What the district spends, summed only over programmes nested in no other, and what may
    be compared with another district, per beneficiary with the unit counted."""
    if spend.empty or not (spend["district"] == district).any():
        if _zh(lang):
            return "本区报告未列社会保障支出金额。"
        return "The report states no social-spending amount for this district."
    mine = spend[spend["district"] == district]
    if _zh(lang):
        return _read_spending_zh(spend, mine, district)
    top = mine[mine["part_of"].isna()].sort_values("amount_yuan", ascending=False)
    nested = mine[mine["part_of"].notna()]
    who = mine["district_short"].iloc[0]
    sentence = f"{who} reports spending for {len(mine)} programme(s)"
    if len(top):
        t = top.iloc[0]
        sentence += (
            f"; the largest is {t['name_en']} ({t['label_zh']}), {t['amount']:g} {t['amount_unit']}"
        )
    sentence += "."
    if len(nested):
        names = " and ".join(nested["name_en"].astype("string"))
        sentence += f" {names} may be part of another programme and are not added to it."
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


def _read_spending_zh(spend: pd.DataFrame, mine: pd.DataFrame, district: str) -> str:
    top = mine[mine["part_of"].isna()].sort_values("amount_yuan", ascending=False)
    nested = mine[mine["part_of"].notna()]
    sentence = f"{mine['district_zh'].iloc[0]}列出{len(mine)}个项目的支出"
    if len(top):
        t = top.iloc[0]
        sentence += f"；最大的是{t['label_zh']}，{t['amount']:g}{t['amount_unit']}"
    sentence += "。"
    if len(nested):
        names = "、".join(nested["label_zh"].astype("string"))
        sentence += f"{names}可能包含在其他项目中，未重复相加。"
    if mine["per_capita"].notna().any():
        n = int(mine["per_capita"].notna().sum())
        sentence += f"{n}个项目有按有出处的符合条件人口计算的人均数。"
    else:
        sentence += "没有项目有有出处的符合条件人口数，因此不计算人均数。"
    shared = mine[mine["compared"].astype("string").str.startswith("per ")]
    for _, r in shared.iterrows():
        peer = spend[(spend["programme"] == r["programme"]) & (spend["district"] != district)]
        p = peer.iloc[0]
        per = unit_label(r["per_unit"], "zh")
        sentence += (
            f"{r['label_zh']}仅按{per}与{p['district_zh']}比较："
            f"{_fmt(r['yuan_per_beneficiary'])}元/{per}，对方{_fmt(p['yuan_per_beneficiary'])}"
            f"元/{per}"
            + (
                "；同一人多次受助计为多次，这不是人均支出。"
                if r["per_unit"] == "person-time"
                else "。"
            )
        )
    if not len(shared):
        sentence += "本区没有项目与其他区比较。"
    return sentence


def read_outputs(outputs: pd.DataFrame, district: str, lang: str = "en") -> str:
    """How many outputs compare annual with annual, how many targets fall below, and how many
    comparisons are refused (running totals, different scopes)."""
    mine = outputs[outputs["district"] == district]
    if mine.empty:
        if _zh(lang):
            return "本区报告未列社会服务产出。"
        return "The report states no social-service output for this district."
    both = mine.dropna(subset=["result", "target"])
    ratio = both.dropna(subset=["target_vs_result"])
    lower = ratio[ratio["target_vs_result"] < 1]
    refused = both[both["target_vs_result"].isna()]
    if _zh(lang):
        sentence = (
            f"列出社会服务产出{len(mine)}项；其中{len(both)}项既有完成数又有目标，"
            f"{len(ratio)}项为年度目标对年度完成数（其中{len(lower)}项目标低于完成数）"
        )
        if len(refused):
            sentence += f"，{len(refused)}项不计比值"
        sentence += "。"
        if len(lower):
            r = lower.sort_values("target_vs_result").iloc[0]
            sentence += (
                f"年度对年度比值最低的是{r['name_zh']}：完成{_fmt(r['result'])}后计划"
                f"{_fmt(r['target'])}（{r['target_vs_result']:.2f}倍）。"
            )
        return sentence
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


def read_refusals(lines: list[str], lang: str = "en") -> str:
    """Every refused comparison, one line each, as a Markdown list."""
    if not lines:
        return "此处没有不予比较的项。" if _zh(lang) else "No comparison is refused here."
    head = "**不予比较的项及原因：**" if _zh(lang) else "**Not compared, and why:**"
    return head + "\n\n" + "\n".join(f"- {line}" for line in lines)


def read_headline_kinds(rows: pd.DataFrame, year: int, lang: str = "en") -> str:
    """For the year's figures: which are actual results and which are estimates (预计)."""
    sub = rows[(rows["year"] == year) & (rows["kind"] != "target")]
    if sub.empty:
        if _zh(lang):
            return f"报告未列{year}年主要指标。"
        return f"The report gives no headline figure for {year}."
    if _zh(lang):
        counts, lists = [], []
        for kind, word in (("actual", "实际完成数"), ("estimate", "预计数")):
            names = list(dict.fromkeys(sub[sub["kind"] == kind]["name_zh"].astype("string")))
            if names:
                counts.append(f"{len(names)}项为{word}")
                lists.append(f"{word}：{'、'.join(names)}")
        head = f"{sub['district_zh'].iloc[0]}{year}年主要指标中，" + "、".join(counts) + "。"
        return head + "；".join(lists) + "。"
    counts, lists = [], []
    for kind, word in (("actual", "actual results"), ("estimate", "estimates (预计)")):
        names = list(dict.fromkeys(sub[sub["kind"] == kind]["name_en"].astype("string")))
        if names:
            counts.append(f"{len(names)} are {word}")
            lists.append(f"{word[0].upper()}{word[1:]}: {'; '.join(names)}.")
    who = sub["district_short"].iloc[0]
    # the first sentence is the finding (the landing page shows it alone)
    return f"Of {who}'s {year} headline figures, " + " and ".join(counts) + ". " + " ".join(lists)


def read_bases(spend: pd.DataFrame, district: str, lang: str = "en") -> str:
    """Every per-capita base used, with its citation, or that none is."""
    mine = spend[(spend["district"] == district) & spend["per_capita"].notna()]
    if _zh(lang):
        if mine.empty:
            return (
                "**所用人均基数：**无。参考表中没有本区符合条件人口（户籍人口、60或65岁及以上"
                "老年人、受助人数）的有出处数字，因此支出只列总额和按受益数计算的数。"
            )
        lines = [
            f"- {r['label_zh']}：{r['base_indicator']} = {r['base_value']:,.0f}"
            f"（{r['base_citation']}）"
            for _, r in mine.iterrows()
        ]
        return "**所用人均基数：**\n\n" + "\n".join(lines)
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


def list_name_zh(row: Mapping[str, object]) -> str:
    """A project list as a Chinese reader knows it: its heading as printed, with the district
    when the heading does not name it; the district alone when no heading is recorded."""
    district, section = str(row["district_zh"]), row.get("section")
    if not isinstance(section, str) or not section.strip():
        return f"{district}项目清单"
    return f"《{section}》" if district in section else f"{district}《{section}》"


def read_lists(
    lists: pd.DataFrame, own: bool, district_name: str, kind: str, lang: str = "en"
) -> str:
    """One sentence: whose lists follow, and that the focus district has none when it has none."""
    if _zh(lang):
        what = {"amounts": "投资额", "goals": "年度目标和进展"}[kind]
        if lists.empty:
            return f"数据中没有报告列出含{what}的项目。"
        names = "、".join(
            f"{list_name_zh(r)}（{r['projects']}个项目）" for _, r in lists.iterrows()
        )
        if own:
            return f"{district_name}报告列出含{what}的项目：{names}。"
        return f"{district_name}报告未列出含{what}的项目，下表列出{names}。"
    what = {"amounts": "investment amounts", "goals": "annual goals and progress"}[kind]
    names = "; ".join(
        f"{r['district_short']} ({r['projects']} projects, list `{r['list']}`)"
        for _, r in lists.iterrows()
    )
    if lists.empty:
        return f"No report in the data lists projects with {what}."
    if own:
        return f"{district_name}'s report lists projects with {what}: {names}."
    return f"{district_name}'s report lists no projects with {what}; shown instead: {names}."


def read_fulfilment(ful: pd.DataFrame, lang: str = "en") -> str:
    """Per scope (the district, Shanghai) and target year: how many targets were met, missed or
    exceeded by their bound, and how many wait for a result (pending), counted from the table."""
    if ful.empty:
        if _zh(lang):
            return "没有可评判的目标：数据中既无带结果的目标，也无待评目标。"
        return "There is no target to judge: the data hold no target with or without a result."
    lines = []
    name_col = "district_zh" if _zh(lang) else "district_short"
    for (name, year), g in ful.groupby([name_col, "year"], sort=False, observed=True):
        counts = g["status"].astype("string").value_counts()
        n = {s: int(counts.get(s, 0)) for s in STATUSES}
        judged = n["met"] + n["missed"] + n["exceeded"]
        refused = n["not compared"]
        if refused:  # the pair comparability.csv refuses, as every other table does
            extra = (
                f"另有{refused}项目标与结果不可比（口径不同），不作评判。"
                if _zh(lang)
                else f" {refused} not judged: target and result do not compare "
                "(comparability.csv)."
            )
        else:
            extra = ""
        if not judged:
            if _zh(lang):
                lines.append(f"- {name}{int(year)}年目标：尚无结果，{n['pending']}项待评。{extra}")
            else:
                lines.append(
                    f"- {name}, targets for {int(year)}: none has a result yet; "
                    f"{n['pending']} pending.{extra}"
                )
            continue
        if _zh(lang):
            text = (
                f"- {name}{int(year)}年目标：已有结果{judged}项，其中达成{n['met']}项、"
                f"未达成{n['missed']}项、超额{n['exceeded']}项；待评{n['pending']}项（尚无结果）。"
                f"{extra}"
            )
        else:
            text = (
                f"- {name}, targets for {int(year)}: {judged} with a result, of which "
                f"{n['met']} met, {n['missed']} missed and {n['exceeded']} exceeded; "
                f"{n['pending']} pending (no result yet).{extra}"
            )
        lines.append(text)
    return "\n".join(lines)


#: The indicators whose ratchet the reading follows year by year: growth and revenue, the two
#: targets every jurisdiction sets (for Shanghai, its revenue indicator).
RATCHET_HEADLINES = ("gdp_growth", "revenue_growth", "local_budget_revenue_growth")


def _signs(values: pd.Series) -> tuple[int, int, int]:
    """How many of the numbers are below, at and above zero (a difference of printed figures)."""
    v = pd.to_numeric(values, errors="coerce").dropna().round(6)
    return int((v < 0).sum()), int((v == 0).sum()), int((v > 0).sum())


def read_ratchet(rat: pd.DataFrame, lang: str = "en") -> str:
    """Per jurisdiction: how its targets stand against last year's result and last year's
    target, how they moved after a missed target, and the growth and revenue targets year by
    year, counted from the ratchet table."""
    if rat.empty:
        if _zh(lang):
            return "没有可比较的目标：数据中没有任何目标同时有上一年的完成数或目标。"
        return "No target has a figure of the year before beside it in the data."
    name_col = "district_zh" if _zh(lang) else "district_short"
    lines = []
    for name, g in rat.groupby(name_col, sort=False, observed=True):
        below, at, above = _signs(g["gap_to_last_result"])
        down, kept, up = _signs(g["revision"])
        after_miss = g[g["last_status"].astype("string") == "missed"]
        m_down, m_kept, m_up = _signs(after_miss["revision"])
        refused = int(g["not_compared"].notna().sum())
        if _zh(lang):
            text = (
                f"- {name}：{below + at + above}项目标可与上年完成数比较，低于{below}项、"
                f"等于{at}项、高于{above}项；{down + kept + up}项可与上年目标比较，"
                f"下调{down}项、持平{kept}项、上调{up}项"
            )
            if len(after_miss):
                text += (
                    f"；上年未达成的{len(after_miss)}项中，下调{m_down}项、持平{m_kept}项、"
                    f"上调{m_up}项"
                )
            if refused:
                text += f"；{refused}项因口径或计数不同未比较"
            text += "。"
        else:
            text = (
                f"- {name}: {below + at + above} target(s) set against last year's result: "
                f"{below} below it, {at} at it, {above} above it; {down + kept + up} against last "
                f"year's target: {down} revised down, {kept} kept, {up} raised"
            )
            if len(after_miss):
                text += (
                    f"; of the {len(after_miss)} whose target last year was missed, {m_down} "
                    f"revised down, {m_kept} kept, {m_up} raised"
                )
            if refused:
                text += f"; {refused} not compared (another count or scope)"
            text += "."
        lines.append(text)
        for _, r in g[g["indicator"].isin(RATCHET_HEADLINES)].iterrows():
            lines.append("    - " + _ratchet_step(r, lang))
    return "\n".join(lines)


def _qualifier_words(qualifier: object, lang: str) -> str:
    """Qualifier words after a figure: as printed in Chinese (5%左右，预期性); in English the
    words the report's English names give, printed words in brackets where it has none."""
    if not isinstance(qualifier, str):
        return ""
    if _zh(lang):
        return printed_words(qualifier)
    words = [w for w in qualifier.split(";") if w]
    known = ", ".join(WORDS_EN[w] for w in words if w in WORDS_EN)
    printed = "".join(f" ({w})" for w in words if w not in WORDS_EN)
    return (f" {known}" if known else "") + printed


def _ratchet_step(r: pd.Series, lang: str) -> str:
    """One headline target against the year before: '2024: 5% (last result 5.6%, last
    target 6%左右, missed)'."""

    def pct(v: object) -> str:
        return f"{v}%" if isinstance(v, str) else ""

    words, last_words = (_qualifier_words(r[c], lang) for c in ("qualifier", "last_qualifier"))
    status = r["last_status"] if isinstance(r["last_status"], str) else ""
    if _zh(lang):
        parts = []
        if isinstance(r["last_result"], str):
            parts.append(f"上年完成{pct(r['last_result'])}")
        if isinstance(r["last_target"], str):
            judged = f"，{value_zh(status)}" if status else ""
            parts.append(f"上年目标{pct(r['last_target'])}{last_words}{judged}")
        if isinstance(r["city_target"], str):
            parts.append(f"全市目标{pct(r['city_target'])}")
        head = f"{_n(r, lang)}，{int(r['year'])}年：{pct(r['year_target'])}{words}"
        return f"{head}（{'；'.join(parts)}）"
    parts = []
    if isinstance(r["last_result"], str):
        parts.append(f"last result {pct(r['last_result'])}")
    if isinstance(r["last_target"], str):
        judged = f", {status}" if status else ""
        parts.append(f"last target {pct(r['last_target'])}{last_words}{judged}")
    if isinstance(r["city_target"], str):
        parts.append(f"Shanghai's target {pct(r['city_target'])}")
    return f"{_n(r, lang)}, {int(r['year'])}: {pct(r['year_target'])}{words} ({'; '.join(parts)})"
