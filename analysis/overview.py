"""District overview: the profile and the headline results and targets, with their quotes."""

from __future__ import annotations

import pandas as pd

from analysis.labels import check_lang, table, text

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


def _headline_rows(ind: pd.DataFrame) -> pd.DataFrame:
    sub = ind[ind["indicator"].isin(HEADLINE)].copy()
    sub["_order"] = sub["indicator"].astype("string").map({k: i for i, k in enumerate(HEADLINE)})
    return sub.sort_values(["_order", "year", "id"]).drop(columns="_order")


def profile(ind: pd.DataFrame, src: pd.DataFrame, ref: pd.DataFrame, district: str) -> pd.Series:
    """A short profile: names, report, adoption date, census population and rows curated."""
    s = src[src["district"] == district].iloc[0]
    mine = ind[ind["district"] == district]
    pop = ref[(ref["scope"] == district) & (ref["indicator"] == "resident_population")]
    return pd.Series(
        {
            "district": f"{mine['district_zh'].iloc[0]} ({mine['district_en'].iloc[0]})",
            "report": s["title_zh"],
            "report_en": s["title_en"],
            "issued by": f"{s['issuer_zh']} ({s['issuer_en']})",
            "adopted": s["adopted"],
            "resident population, 2020 census": f"{int(pop['value'].iloc[0]):,}"
            if len(pop)
            else "not in the reference table",
            "figures curated": len(mine),
            "2023 results / 2024 targets": (
                f"{(mine['kind'] != 'target').sum()} / {(mine['kind'] == 'target').sum()}"
            ),
        }
    )


def headline_rows(ind: pd.DataFrame, district: str) -> pd.DataFrame:
    """The focus district's headline results and targets as data, in reading order."""
    sub = _headline_rows(ind[ind["district"] == district]).copy()
    for col in ("kind", "unit", "qualifier", "qualifier_en"):
        sub[col] = sub[col].astype("string")
    return sub.reset_index(drop=True)


def headline(ind: pd.DataFrame, district: str, lang: str = "en") -> pd.DataFrame:
    """The focus district's headline results and targets, each with its source quote."""
    sub = headline_rows(ind, district)
    qual = sub["qualifier_en"] if check_lang(lang) == "en" else sub["qualifier"]
    sub["qualifier"] = qual.fillna("")
    cols = ["name", "label_zh", "year", "kind", "value_printed", "unit", "qualifier", "quote", "id"]
    return table(sub, cols, lang)


def compare(ind: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Headline figures side by side for every district; a blank cell means not reported."""
    sub = _headline_rows(ind)
    sub = sub.assign(
        cell=sub["value_printed"]
        + " "
        + sub["unit"].astype("string")
        + sub["qualifier"].astype("string").fillna("").map(lambda q: f" {q}" if q else "")
        + sub["kind"].astype("string").map(lambda k: " (预计)" if k == "estimate" else ""),
        column=[
            text("target" if k == "target" else "result", lang).replace("2023", str(y))
            if lang == "zh"
            else f"{y} {'target' if k == 'target' else 'result'}"
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
    wide.index.name = None
    return wide
