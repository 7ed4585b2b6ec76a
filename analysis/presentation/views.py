"""The analyses' results in the reader's language: the district's profile, its headline figures,
the comparison across districts, and the lines that say which comparisons are refused and why.

The analyses (`analysis.analyses`) decide; these functions only word the decision, in English
or in Chinese, so a refusal reads the same in every table and sentence.
"""

from __future__ import annotations

import pandas as pd

from analysis.analyses.overview import headline_rows, in_reading_order, verdicts
from analysis.load.comparability import rule
from analysis.load.vocabulary import LANGS, check_lang
from analysis.presentation.labels import COLUMNS, keys_named, table, text, value_zh, zh_names

#: How a cell says what its figure is: an actual result or an estimate (预计); targets say nothing.
_KIND_MARK = {
    "en": {"actual": " (actual)", "estimate": " (estimate, 预计)"},
    "zh": {"actual": "（实际）", "estimate": "（预计）"},
}


def _unit_words(sub: pd.DataFrame, lang: str) -> pd.Series:
    """In English, a printed Chinese unit's official English beside it: '650 亿元 (100 million
    yuan)'; nothing for % or in Chinese."""
    if lang == "zh" or "unit_en" not in sub:
        return pd.Series("", index=sub.index, dtype="string")
    unit, en = sub["unit"].astype("string"), sub["unit_en"].astype("string").fillna("")
    return pd.Series(
        [f" ({e})" if e and u != "%" and e != u else "" for u, e in zip(unit, en, strict=True)],
        index=sub.index,
        dtype="string",
    )


def _qualifier_words(sub: pd.DataFrame, lang: str) -> pd.Series:
    """The printed qualifier; in English its official English first, the printed words beside."""
    zh = sub["qualifier"].astype("string").fillna("")
    if lang == "zh":
        return zh.map(lambda q: f" {q}" if q else "")
    en = sub["qualifier_en"].astype("string").fillna("")
    return pd.Series(
        [
            f" {e} ({q})" if q and e and e != q else (f" {q}" if q else "")
            for q, e in zip(zh, en, strict=True)
        ],
        index=sub.index,
        dtype="string",
    )


def profile(
    ind: pd.DataFrame, src: pd.DataFrame, ref: pd.DataFrame, district: str, lang: str = "en"
) -> pd.Series:
    """A short profile: names, report, adoption date, census population and rows curated.

    The years come from the report's row in sources.csv and the census row in reference.csv.
    """
    zh = check_lang(lang) == "zh"
    s = src[src["district"] == district].iloc[0]
    mine = ind[ind["district"] == district]
    pop = ref[(ref["scope"] == district) & (ref["indicator"] == "resident_population")]
    census = f"{int(pop['year'].iloc[0])}" if len(pop) and "year" in pop else ""
    ry, py = int(s["results_year"]), int(s["plan_year"])
    counts = f"{(mine['kind'] != 'target').sum()} / {(mine['kind'] == 'target').sum()}"
    if zh:
        return pd.Series(
            {
                "区": mine["district_zh"].iloc[0],
                "报告": s["title_zh"],
                "发布机构": s["issuer_zh"],
                "通过日期": s["adopted"],
                f"常住人口（{census}年人口普查）": f"{int(pop['value'].iloc[0]):,}"
                if len(pop)
                else "参考表中没有",
                "已整理数字": len(mine),
                f"{ry}年完成数 / {py}年目标": counts,
            }
        )
    return pd.Series(
        {
            "district": f"{mine['district_zh'].iloc[0]} ({mine['district_en'].iloc[0]})",
            "report": f"{s['title_en']} ({s['title_zh']})",
            "issued by": f"{s['issuer_zh']} ({s['issuer_en']})",
            "adopted": s["adopted"],
            f"resident population, {census} census": f"{int(pop['value'].iloc[0]):,}"
            if len(pop)
            else "not in the reference table",
            "figures curated": len(mine),
            f"{ry} results / {py} targets": counts,
        }
    )


def headline(ind: pd.DataFrame, district: str, lang: str = "en") -> pd.DataFrame:
    """The focus district's headline results and targets, each with its source quote."""
    sub = headline_rows(ind, district)
    qual = sub["qualifier_en"] if check_lang(lang) == "en" else sub["qualifier"]
    sub["qualifier"] = qual.fillna("")
    cols = ["name", "label_zh", "year", "kind", "value_printed", "unit", "qualifier", "quote", "id"]
    return table(sub, cols, lang)


def rate_notes(
    ind: pd.DataFrame, comp: pd.DataFrame, district: str, year: int, lang: str = "en"
) -> list[str]:
    """Where the district's headline rate for `year` is missing or differently defined."""
    zh = check_lang(lang) == "zh"
    rows = in_reading_order(ind[ind["year"] == year])
    rows = rows[rows["kind"] != "target"]
    mine = rows[rows["district"] == district]
    have = set(mine["indicator"].astype("string"))
    names = dict(
        zip(ind["indicator"].astype("string"), ind["name_zh" if zh else "name_en"], strict=False)
    )
    who = str(ind[ind["district"] == district]["district_zh" if zh else "district_short"].iloc[0])
    notes, covered = [], set()
    for _, r in mine.iterrows():
        variant = rule(comp, str(r["indicator"]), district).get("variant_of")
        if not variant or variant in have:
            continue
        covered.add(variant)
        peers = rows[(rows["indicator"] == variant) & (rows["district"] != district)]
        qual = f" {r['qualifier']}" if isinstance(r["qualifier"], str) else ""
        if zh:
            beside = "；".join(
                f"{p['district_zh']}{p['value_printed']}{p['unit']}" for _, p in peers.iterrows()
            )
            notes.append(
                f"{who}未列{year}年{names[variant]}，列出的是{r['name_zh']}"
                f"（{r['value_printed']}{r['unit']}{qual}，{value_zh(str(r['kind']))}），"
                "是另一指标" + (f"，不能与{beside}比较。" if beside else "。")
            )
            continue
        beside = "; ".join(
            f"{p['district_short']}'s {p['value_printed']}{p['unit']}" for _, p in peers.iterrows()
        )
        notes.append(
            f"{who} prints no {year} {names[variant]} figure; it gives {r['name_en']} "
            f"({r['value_printed']}{r['unit']}{qual}, {r['kind']}), a different indicator"
            + (f", not comparable with {beside}." if beside else ".")
        )
    growth = rows[rows["indicator"].astype("string").str.endswith("_growth")]
    for key in dict.fromkeys(growth["indicator"].astype("string")):
        if key not in have and key not in covered:
            notes.append(
                f"{who}未列{year}年{names[key]}。"
                if zh
                else f"{who} prints no {year} figure for {names[key]}."
            )
    return notes


def compare(ind: pd.DataFrame, lang: str, comp: pd.DataFrame) -> pd.DataFrame:
    """Headline figures side by side for every district; a blank cell means not reported.

    The last column says, from comparability.csv, whether a row's figures may be compared.
    """
    sub = in_reading_order(ind)
    sub = sub.assign(
        cell=sub["value_printed"]
        + " "
        + sub["unit"].astype("string")
        + _unit_words(sub, lang)
        + _qualifier_words(sub, lang)
        + sub["kind"].astype("string").map(lambda k: _KIND_MARK[lang].get(k, "")),
        column=[
            text("target" if k == "target" else "result", lang, {"results_year": y, "plan_year": y})
            for y, k in zip(sub["year"], sub["kind"].astype("string"), strict=True)
        ],
        label=sub["name_en"] if lang == "en" else sub["name_zh"],
        who=sub["district_short"] if lang == "en" else sub["district_zh"],
    )
    order = list(dict.fromkeys(sub["label"]))
    wide = sub.pivot_table(
        index="label", columns=["column", "who"], values="cell", aggfunc="first", sort=False
    )
    wide = wide.reindex(order).fillna("—")
    who_order = list(dict.fromkeys(sub.sort_values("district")["who"]))
    cols = sorted(wide.columns, key=lambda c: (c[0], who_order.index(c[1])))
    wide = wide[cols]
    wide.columns.names = [None, None]
    reported = sub.groupby("label", sort=False)["district"].nunique()
    n = len(ind["district"].cat.categories)
    words = {"en": ("all districts", "one district only"), "zh": ("各区均有", "仅一区")}[lang]
    wide[("", text("reported_by", lang))] = [
        words[0] if reported[k] == n else words[1] for k in wide.index
    ]
    v = verdicts(ind, comp)
    key_of = dict(zip(sub["label"], sub["indicator"].astype("string"), strict=False))
    wide[("", text("comparable", lang))] = [_verdict(v[key_of[k]], ind, lang) for k in wide.index]
    wide.index.name = COLUMNS["name"][LANGS.index(lang)]
    return wide


def _verdict(verdict: str, ind: pd.DataFrame, lang: str) -> str:
    """A comparability verdict for the reader: in Chinese, with districts by their names."""
    if lang != "zh":
        return verdict
    return str(keys_named(value_zh(verdict), zh_names(ind)))


def refusals(
    ind: pd.DataFrame, comp: pd.DataFrame, district: str, year: int, lang: str = "en"
) -> list[str]:
    """One line per headline comparison refused or impossible, for the notebook's closing list."""
    zh = check_lang(lang) == "zh"
    names = dict(
        zip(ind["indicator"].astype("string"), ind["name_zh" if zh else "name_en"], strict=False)
    )
    lines = rate_notes(ind, comp, district, year, lang)
    for key, verdict in verdicts(ind, comp).items():
        if verdict.startswith("not comparable"):
            lines.append(
                f"{names[key]}：{_verdict(verdict, ind, lang)}。"
                if zh
                else f"{names[key]}: {verdict}."
            )
    return lines


def spending_refusals(spend: pd.DataFrame, district: str, lang: str = "en") -> list[str]:
    """One line per comparison the data refuses for this district's programmes."""
    mine = spend[spend["district"] == district]
    lines = []
    if check_lang(lang) == "zh":
        for _, r in mine.iterrows():
            if pd.notna(r["base_missing"]):
                lines.append(f"{r['label_zh']}：参考表中没有所需的人均基数，不计算人均数。")
            if pd.notna(r["part_of"]):
                lines.append(f"{r['label_zh']}：可能包含在 `{r['part_of']}` 中，未相加也未并列。")
            if str(r["compared"]).startswith("refused"):
                lines.append(f"{r['label_zh']}：不与其他区比较（`{r['compared']}`）。")
        return lines
    for _, r in mine.iterrows():
        if pd.notna(r["base_missing"]):
            lines.append(
                f"{r['name_en']} ({r['label_zh']}): no per-capita figure; the base it needs, "
                f"{r['base_missing']}, is not in the reference table."
            )
        if pd.notna(r["part_of"]):
            lines.append(
                f"{r['name_en']} ({r['label_zh']}): may be part of {r['part_of_en']}; not added to "
                "it nor drawn beside it."
            )
        if str(r["compared"]).startswith("refused"):
            lines.append(f"{r['name_en']}: not compared with another district, {r['compared']}.")
    return lines


def output_refusals(outputs: pd.DataFrame, district: str, lang: str = "en") -> list[str]:
    """One line per result/target pair of this district not compared as a ratio, and why."""
    mine = outputs[(outputs["district"] == district)].dropna(subset=["result", "target"])
    mine = mine[mine["target_vs_result"].isna()]
    if check_lang(lang) == "zh":
        return [
            f"{r['name_zh']}：完成{r['result']:,.0f}（{value_zh(r['result_period'])}），计划"
            f"{r['target']:,.0f}（{value_zh(r['target_period'])}）：{value_zh(r['comparison'])}。"
            for _, r in mine.iterrows()
        ]
    return [
        f"{r['name_en']}: {r['result']:,.0f} ({r['result_period']}) and {r['target']:,.0f} "
        f"planned ({r['target_period']}): {r['comparison']}."
        for _, r in mine.iterrows()
    ]


def goal_summary(progress: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Counts of goals and goals met, by category and goal, headed in the reader's language."""
    lang = check_lang(lang)
    out = (
        progress.groupby(["category_zh", "category_en", "goal_zh", "goal_en"], sort=False)
        .agg(projects=("id", "count"), goals_met=("met", "sum"))
        .reset_index()
    )
    return table(out, ["project_category", "goal", "projects", "goals_met"], lang)
