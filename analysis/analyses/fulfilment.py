"""Plan fulfilment: each target for year Y set beside the result for Y, judged by its bound.

A target for Y comes from the report adopted in Y (or from reference.csv, e.g. Shanghai's own
targets); the result for Y from the report adopted in Y+1 (an `actual`, else an `estimate`),
or from reference.csv. The target's bound is the code every table reads (`bound`, from
qualifiers.csv through the loader; `bound_of` gives the same code from the words for a frame
without it):

- a **ceiling** (以内): met at or below the target, missed above it;
- **about** (左右, 约, 近): met within the printed rounding of the target (``5`` allows ±0.5,
  ``5.5`` ±0.05), exceeded above that band, missed below it;
- a **floor** (以上, 不低于, 突破, 超, 逾): missed below the target, met up to its printed
  rounding above it, exceeded beyond;
- **exact**, a bare number (no 以上, 左右, 不低于 …: `BARE`): coded `exact` in every table (the
  master table, escalation, fulfilment, the ratchet), and judged as the level to reach, by the
  floor's rule (`JUDGED_AS`): the report grants no tolerance below a number it prints bare, so a
  result of 4.8 misses a bare 5, while 4.8 meets 5左右. Against another bound (escalation) a bare
  number is tighter than 左右 and looser than 以上, which says in words that the number is a
  minimum (`targets.TIGHTNESS`).

A **range** (8-10%: `value` the low end, `value_high` the high end; bound `range`) is judged
like *about* with its two ends: missed below the low end less its printed rounding, exceeded
above the high end plus its rounding, met in between (a 7.6 prints as 8, inside 8-10). Its
margin is the distance outside the range (result − low below it, result − high above it, 0
within), and the target prints as the range (`8–10`).

A target **relative to another jurisdiction** (`relative_to` shanghai: 增速高于全市3个百分点,
高于全市平均水平, 与全市同步) takes as its figure that jurisdiction's result for the same year
(reference.csv, the city's counterpart indicator from city_indicators.csv) plus its `margin`
(`pegged_to` names the city's row): 高于 with a margin is judged as a floor at city + margin,
with the margin's printed rounding; 高于 with no number is met only above the city's result;
同步 is judged *about* the city's result, within its printed rounding. With no city result for
the year it stays pending. The target prints as its words (`wording`), never as a plain 百分点.

A **revised** target (增长7%（后调整为1.6%左右）: a row whose `revises` names the earlier row) is
judged on its revised figure; the earlier one is not judged, and the row says so: `revises`
names it and `revised_from` prints its figure.

A target pegged to the economy in words (与经济增长保持同步, 与经济增长基本同步: income to grow
in step with GDP) takes as its figure the same jurisdiction's GDP growth result for that year
(`pegged_to`) and is judged *about* it, within that figure's printed rounding; a broad peg
(基本) is judged the same way, its qualifier shown beside, since no report gives 基本 a width.
Any other target in words has no number to judge and stays pending.

A figure about a named entity (`subject`) is judged only against a result for the same entity.
Target and result are compared only in the same unit, or in the same standard unit
(亿元 against 万元 through `value_std`); a pair in units of different quantities is not set
side by side. A pair that comparability.csv refuses (`load.comparability.pair_refusal`, the one
judgement every table asks: a running total against an annual target, another scope or count)
is shown with both figures but not judged: status `not compared`, no margin, and
`not_compared` says why. A subject stated as the sum of others (parts.csv) is judged against
the sum of their figures (`analyses.parts.with_part_sums`, as in the master table).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from analysis.analyses.parts import with_part_sums
from analysis.load.comparability import REFUSALS, pair_refusal

CEILING = ("以内",)
ABOUT = ("左右", "约", "近")
FLOOR = ("以上", "不低于", "不少于", "突破", "超", "逾", "余", "有所增长", "迈上")

#: The bound of a number printed with no bound word: one code in every table.
BARE = "exact"

#: How a bound is judged where its rule is another's: a bare number is a level to reach.
JUDGED_AS = {BARE: "floor"}

#: The bound of a target printed as a range (8-10%): its own rule, `judge_range`.
RANGE = "range"

#: The bound codes that carry a rule of judgement (qualifiers.csv's, and the bare number's).
BOUNDS = ("floor", "about", "ceiling", BARE, RANGE)
STATUSES = ("met", "missed", "exceeded", "pending", "not compared")

COLUMNS = [
    "district",
    "district_zh",
    "district_short",
    "indicator",
    "name_zh",
    "name_en",
    "year",
    "target",
    "qualifier",
    "bound",
    "tolerance",
    "result",
    "result_kind",
    "unit",
    "status",
    "margin",
    "not_compared",
    "target_id",
    "result_id",
    "pegged_to",
    "revises",
    "revised_from",
]

#: The report's own verdict on a jurisdiction's year (reference.csv kind `verdict`), shown beside
#: the judgements of that year's targets.
VERDICT_COLUMNS = ["report_verdict", "verdict_id"]

#: The indicator whose result a target pegged to the economy (经济, 同步) takes as its figure.
ECONOMY = "gdp_growth"


def bound_of(qualifier: object) -> str:
    """ceiling, about, floor or, with no bound word, `BARE`, from the qualifier words (joined by
    ';'): the loader's code (qualifiers.csv) for a frame that has no `bound` column."""
    words = [w for w in str(qualifier).split(";") if w] if isinstance(qualifier, str) else []
    if any(w in CEILING for w in words):
        return "ceiling"
    if any(w in ABOUT for w in words):
        return "about"
    if any(w in FLOOR for w in words):
        return "floor"
    return BARE


def bound_code(row: Any) -> str:
    """A numeric target's bound: its `bound` code where the row has one (the loader's, the code
    the master table shows), else `bound_of` its words; `BARE` for a number with no word."""
    get = row.get if hasattr(row, "get") else lambda c: getattr(row, c, None)  # a row or tuple
    code = get("bound")
    if isinstance(code, str) and code in BOUNDS:
        return code
    return bound_of(get("qualifier"))


def rounding(printed: object) -> float:
    """Half a unit in the last printed digit: '5' → 0.5, '5.5' → 0.05, '2.00' → 0.005."""
    text = str(printed)
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return 0.5 * 10.0**-decimals


def economy_peg(qualifier: object) -> bool:
    """True for a qualifier pegging growth to the economy's (同步 with 经济), not to the city's."""
    words = str(qualifier).split(";") if isinstance(qualifier, str) else []
    return any("同步" in w and "经济" in w and "全市" not in w for w in words)


def _pegged(targets: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """Give each target pegged to the economy, stated in words, its figure: the GDP growth
    result of its scope and year (`pegged_to` names that row); others keep theirs."""
    out = targets.assign(pegged_to=pd.Series(pd.NA, index=targets.index, dtype="string"))
    gdp = results[(results["indicator"] == ECONOMY) & results["value"].notna()]
    gdp = gdp.drop_duplicates(["scope", "year", "_subject"])  # the first in the results' order
    gdp = gdp.set_index(["scope", "year"])
    for i, t in out.iterrows():
        if pd.notna(t["value"]) or not economy_peg(t["qualifier"]) or t["_subject"]:
            continue
        key = (t["scope"], t["year"])
        if key not in gdp.index or gdp.loc[key, "unit"] != t["unit"]:
            continue
        hit = gdp.loc[key]
        out.loc[i, ["value", "value_printed", "pegged_to"]] = [
            hit["value"],
            hit["value_printed"],
            hit["id"],
        ]
        for c in ("value_std", "unit_std"):
            if c in out:
                out.loc[i, c] = hit[c]
    return out


def relation(wording: object) -> str:
    """`in_step` (同步) or `above` (高于, 快于, 好于), the relation a relative target states."""
    return "in_step" if "同步" in str(wording) else "above"


def _relative(targets: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """Give each target relative to another jurisdiction, with no number of its own, its figure:
    that jurisdiction's result for the year (its counterpart indicator) plus the margin."""
    out = targets.copy()
    found = results[results["value"].notna()].drop_duplicates(["scope", "indicator", "year"])
    found = found.set_index(["scope", "indicator", "year"])
    for i, t in out.iterrows():
        if pd.isna(t["relative_to"]) or pd.notna(t["value"]):
            continue
        city_key = t["city_indicator"] if pd.notna(t["city_indicator"]) else t["indicator"]
        key = (t["relative_to"], city_key, t["year"])
        if key not in found.index or found.loc[key, "unit"] != t["unit"]:
            continue
        hit = found.loc[key]
        margin = float(t["margin"]) if pd.notna(t["margin"]) else 0.0
        places = _decimals(hit["value_printed"], t["margin_printed"] if margin else 0)
        value = round(float(hit["value"]) + margin, places)
        out.loc[i, ["value", "value_printed", "pegged_to"]] = [
            value,
            f"{value:.{places}f}",
            hit["id"],
        ]
        for c in ("value_std", "unit_std"):
            if c in out and c in hit:
                out.loc[i, c] = value if c == "value_std" else hit[c]
    return out


def _decimals(*printed: object) -> int:
    """The most decimals printed among the figures: a difference needs no more."""
    return max(len(str(p).split(".", 1)[1]) if "." in str(p) else 0 for p in printed)


def _above(a: float, b: float) -> bool:
    """a > b beyond float noise: 3.3 + 0.05 is 3.3499999…, yet a printed 3.35 is at the edge."""
    return a > b and not math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def judge(target: float, result: float, bound: str, tolerance: float) -> str:
    """met, missed or exceeded: the rule of the module docstring; an edge is inside its band."""
    bound = JUDGED_AS.get(bound, bound)
    if bound == "ceiling":
        return "missed" if _above(result, target) else "met"
    if bound == "about":
        if _above(result, target + tolerance):
            return "exceeded"
        return "missed" if _above(target - tolerance, result) else "met"
    if _above(target, result):
        return "missed"
    return "exceeded" if _above(result, target + tolerance) else "met"


def judge_range(low: float, high: float, result: float, tol_low: float, tol_high: float) -> str:
    """met, missed or exceeded for a range: the rule of the module docstring."""
    if _above(low - tol_low, result):
        return "missed"
    return "exceeded" if _above(result, high + tol_high) else "met"


def range_margin(low: float, high: float, result: float, decimals: int) -> float:
    """How far the result lies outside the range: result − low below it, result − high above
    it, 0 within."""
    if result < low:
        return round(result - low, decimals)
    return round(result - high, decimals) if result > high else 0.0


def is_range(t: Any) -> bool:
    """True for a row with a range's high end (`value_high`)."""
    high = getattr(t, "value_high", None)
    return high is not None and pd.notna(high)


def printed_range(low: object, high: object) -> str:
    """A range as the tables print it: 8–10 (an en dash, whatever the report printed)."""
    return f"{low}–{high}"


def _scoped(frame: pd.DataFrame, scope_col: str) -> pd.DataFrame:
    cols = ["scope", "id", "year", "kind", "indicator", "value", "unit", "qualifier"]
    extra = [
        c
        for c in (
            "value_printed",
            "value_std",
            "unit_std",
            "source",
            "subject",
            "bound",
            "value_high",
            "value_high_printed",
            "relative_to",
            "margin",
            "margin_printed",
            "wording",
            "city_indicator",
            "revises",
        )
        if c in frame
    ]
    out = frame.rename(columns={scope_col: "scope"})[cols + extra].copy()
    if "subject" not in out:
        out["subject"] = pd.NA
    if "bound" not in out:
        out["bound"] = pd.NA
    optional = ("value_high", "value_high_printed", "relative_to", "margin", "margin_printed",
                "wording", "city_indicator", "revises")  # fmt: skip
    for c in optional:  # a frame without them (reference.csv): none is a range or relative
        if c not in out:
            out[c] = pd.NA
    for c in ("scope", "kind", "indicator", "unit", "qualifier", "source", "subject", "bound"):
        if c in out:
            out[c] = out[c].astype("string")
    if "value_printed" not in out:
        out["value_printed"] = out["value"].map(lambda v: f"{v:g}").astype("string")
    return out


def fulfilment(
    ind: pd.DataFrame,
    ref: pd.DataFrame | None = None,
    pending: bool = False,
    comp: pd.DataFrame | None = None,
    parts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every target with a result for its year: status, margin (result − target) and both ids.

    `pending=True` adds the targets with no result yet (status `pending`, no result): what the
    next report will be judged on. `ind` is `load_indicators(...)` (with `standard=True` to
    compare across units of one quantity); `ref` is `load_reference(...)`, whose rows speak for
    their `scope` (a district key or shanghai); `comp` is comparability.csv, whose refusals
    leave a pair unjudged (None: every pair compares).
    """
    # a footnote, a service radius, a list total or a municipal goal the report quotes (`role`)
    # is not the district's own target (as in the master table of notebook 02)
    own = ind[ind["role"].isna()] if "role" in ind else ind
    # a figure of part of the year (前三季度, `period`) is never judged as the year's
    own = own[own["period"].isna()] if "period" in own else own
    own = with_part_sums(own, parts)  # a whole stated in parts (parts.csv), summed
    frames = [_scoped(own, "district")]
    if ref is not None and len(ref):
        frames.append(_scoped(ref[ref["kind"].isin(["target", "actual"])], "scope"))
    facts = pd.concat(frames, ignore_index=True)
    facts["_subject"] = facts["subject"].fillna("")
    targets = facts[facts["kind"] == "target"]
    # one target printed by two sources (Shanghai's in the Work Report and in the plan report)
    # is one fact: judged once, from the row that states the most (its attribute, 预期性)
    words = targets["qualifier"].fillna("").str.len()
    targets = targets.assign(_words=words).sort_values("_words", ascending=False, kind="stable")
    targets = targets.drop_duplicates(["scope", "indicator", "year", "_subject", "value"])
    targets = targets.sort_index().drop(columns="_words").reset_index(drop=True)
    # a revised target (后调整为1.6%) is judged on the revision, which names the earlier figure
    earlier = targets.set_index(targets["id"].astype("string"))["value_printed"]
    revised = set(targets["revises"].dropna().astype("string"))
    targets = targets[~targets["id"].astype("string").isin(revised)].reset_index(drop=True)
    targets["revised_from"] = targets["revises"].astype("string").map(earlier).astype("string")
    targets["_t"] = range(len(targets))
    results = facts[facts["kind"].isin(["actual", "estimate"])].copy()
    # an actual before an estimate; the most recent report's figure before an older one
    results["rank"] = (results["kind"] != "actual").astype(int)
    results = results.sort_values(["rank", "id"], ascending=[True, False], kind="stable")
    results["_r"] = range(len(results))
    targets = _relative(_pegged(targets, results), results)
    # a figure about a named entity (subject) is judged against the same entity only
    pairs = targets[targets["value"].notna()].merge(
        results, on=["scope", "indicator", "year", "_subject"], suffixes=("", "_r"), how="inner"
    )
    same_unit = pairs["unit"] == pairs["unit_r"]
    same_std = (
        pairs["unit_std_r"].notna() & (pairs["unit_std_r"] == pairs["unit_std"])
        if "unit_std" in pairs
        else pd.Series(False, index=pairs.index)
    )
    # a different quantity is not comparable and not set side by side: the first comparable
    # result in the order above is the one a target is judged on
    pairs = pairs[(same_unit | same_std).fillna(False).astype(bool)]
    # a target a report restates for its results year (年度目标 beside 完成数) is judged first
    # against the result the same report prints beside it
    same = (
        pairs["source"].astype("string") == pairs["source_r"].astype("string")
        if "source" in pairs and "source_r" in pairs
        else pd.Series(False, index=pairs.index)
    )
    pairs = pairs.assign(_other=(~same.fillna(False).astype(bool)).astype(int))
    pairs = pairs.sort_values(["_t", "_other", "_r"]).drop_duplicates("_t")
    rows = []
    for t in pairs.itertuples(index=False):
        if t.unit == t.unit_r:
            tv, rv = float(t.value), float(t.value_r)
            tol = rounding(t.value_printed)
            unit = t.unit
        else:
            tv, rv = float(t.value_std), float(t.value_std_r)
            tol = rounding(t.value_printed) * float(t.value_std) / float(t.value or 1)
            unit = t.unit_std
        bound = "about" if pd.notna(t.pegged_to) else bound_code(t)
        decimals = _decimals(t.value_printed, t.value_printed_r)
        status, margin = judge(tv, rv, bound, tol), round(rv - tv, decimals)
        if pd.notna(t.relative_to):
            bound = "about" if relation(t.wording) == "in_step" else "floor"
            if pd.notna(t.margin):
                tol = rounding(t.margin_printed)
            status = judge(tv, rv, bound, tol)
            if bound == "floor" and pd.isna(t.margin):  # 高于全市平均水平: above, by any amount
                status = "met" if _above(rv, tv) else "missed"
        if is_range(t):
            bound = RANGE
            scale = tv / float(t.value) if float(t.value or 0) else 1.0  # to the standard unit
            hv, tol_high = float(t.value_high) * scale, rounding(t.value_high_printed) * scale
            status = judge_range(tv, hv, rv, tol, tol_high)
            margin = range_margin(tv, hv, rv, max(decimals, _decimals(t.value_high_printed)))
        refusal = _refusal(comp, t.indicator, t.scope, t.kind_r)
        rows.append(
            _target_fields(t, bound, tol)
            | {
                "result": t.value_printed_r,
                "result_kind": t.kind_r,
                "unit": unit,
                "status": "not compared" if refusal else status,
                "margin": None if refusal else margin,
                "not_compared": REFUSALS[refusal] if refusal else None,
                "result_id": t.id_r,
            }
        )
    if pending:
        for t in targets[~targets["_t"].isin(pairs["_t"])].itertuples(index=False):
            number = pd.notna(t.value)  # a target in words has no bound to judge a number by
            bound = bound_code(t) if number else None
            if pd.notna(t.pegged_to):
                bound = "about"  # pegged to a GDP result, its own result not yet published
            if is_range(t):
                bound = RANGE
            if pd.notna(t.relative_to):
                bound = "about" if relation(t.wording) == "in_step" else "floor"
            tol = rounding(t.value_printed) if number else None
            rows.append(_target_fields(t, bound, tol) | {"unit": t.unit, "status": "pending"})
    out = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in _NAMES])
    return _named(out, ind, ref)


def _refusal(comp: pd.DataFrame | None, indicator: object, scope: object, kind: object):
    """`pair_refusal` of a target and its year's result (a key of REFUSALS), or None."""
    if comp is None or not isinstance(kind, str):
        return None
    return pair_refusal(comp, str(indicator), str(scope), "target", kind)


def _target_fields(t: Any, bound: str | None, tolerance: float | None) -> dict:
    """The target's side of a row of the table: where, what, its printed figure and bound."""
    if pd.notna(getattr(t, "relative_to", None)):
        target = t.wording  # relative to the city as printed, never a plain 百分点 number
    elif is_range(t):
        target = printed_range(t.value_printed, t.value_high_printed)
    else:
        target = t.value_printed
    return {
        "district": t.scope,
        "indicator": t.indicator,
        "year": int(t.year),
        "target": target,
        "qualifier": t.qualifier,
        "bound": bound,
        "tolerance": tolerance,
        "target_id": t.id,
        "pegged_to": t.pegged_to,
        "revises": getattr(t, "revises", None),
        "revised_from": getattr(t, "revised_from", None),
    }


_NAMES = ("district_zh", "district_short", "name_zh", "name_en")


def _named(out: pd.DataFrame, ind: pd.DataFrame, ref: pd.DataFrame | None) -> pd.DataFrame:
    """Add district and indicator names; Shanghai's scope is named 上海市 / Shanghai."""
    d = ind[["district", "district_zh", "district_short"]].drop_duplicates("district")
    d = d.astype("string")
    city = pd.DataFrame(
        {"district": ["shanghai"], "district_zh": ["上海市"], "district_short": ["Shanghai"]}
    ).astype("string")
    names = pd.concat([d, city], ignore_index=True).drop_duplicates("district")
    cat = [ind[["indicator", "name_zh", "name_en"]]]
    if ref is not None and "name_zh" in ref:
        cat.append(ref[["indicator", "name_zh", "name_en"]])
    labels = pd.concat(cat, ignore_index=True).astype("string").drop_duplicates("indicator")
    out = out.astype({"district": "string", "indicator": "string"})
    out = out.merge(names, on="district", how="left", validate="many_to_one")
    out = out.merge(labels, on="indicator", how="left", validate="many_to_one")
    out["status"] = pd.Categorical(out["status"], categories=list(STATUSES))
    return (
        out[COLUMNS]
        .sort_values(["district", "year", "indicator"], kind="stable")
        .reset_index(drop=True)
    )


def of_district(
    panel: pd.DataFrame,
    ref: pd.DataFrame | None,
    district: str,
    plan_year: int | None = None,
    comp: pd.DataFrame | None = None,
    parts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The district's targets and Shanghai's, each judged or pending, over every year the data
    holds: what notebook 02 shows. `panel` is every report's rows (`ctx.panel`), so a later
    report's results judge an earlier report's targets. Viewing an earlier report (`plan_year`
    before the district's latest), the years after it are left out: a later report's targets
    are not shown beside an earlier report."""
    out = fulfilment(panel, ref, pending=True, comp=comp, parts=parts)
    keep = out["district"].isin([district, "shanghai"])
    own = panel[(panel["district"] == district) & (panel["kind"] == "target")]["year"]
    if plan_year and len(own) and plan_year < int(own.max()):
        keep &= out["year"] <= plan_year
    # headed "Target" and "Result that year": not the plan-year target and last year's result
    # of the other tables of notebook 02
    shown = out.rename(columns={"target": "fulfilled_target", "result": "fulfilled_result"})
    return with_verdicts(shown[keep].reset_index(drop=True), ref)


def verdicts(ref: pd.DataFrame | None) -> pd.DataFrame:
    """The reports' own verdicts (完成了…主要目标任务, 基本完成), one per scope and year: the
    sentence as printed and its row."""
    cols = ["district", "year", *VERDICT_COLUMNS]
    if ref is None or not len(ref) or "printed_as" not in ref:
        return pd.DataFrame(columns=cols)
    v = ref[ref["kind"] == "verdict"].sort_values("id").drop_duplicates(["scope", "year"])
    out = v.rename(
        columns={"scope": "district", "printed_as": "report_verdict", "id": "verdict_id"}
    )[cols]
    return out.astype({"district": "string", "report_verdict": "string", "verdict_id": "string"})


def with_verdicts(table: pd.DataFrame, ref: pd.DataFrame | None) -> pd.DataFrame:
    """Each judged row with the report's verdict on its jurisdiction's year, where one is
    printed: ours and theirs side by side."""
    v = verdicts(ref).astype({"year": "int64"})
    out = table.astype({"district": "string"}).merge(
        v, on=["district", "year"], how="left", validate="many_to_one"
    )
    return out
