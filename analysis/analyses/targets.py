"""Target setting: each target against last year's result and against the city's target.

Every function takes the frames the loaders return and returns a tidy frame; notebooks only
display and plot them. A target is coded on four separate dimensions (see
`analysis.load.frames.CODES`): its bound (floor, about, ceiling, exact, none), the commitment
(ensure, strive), who sets it (city_assigned, pegged, relative, own) and its attribute where a
source states one (indicative 预期性, binding 约束性).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.analyses.parts import with_part_sums
from analysis.load.comparability import REFUSALS, pair_refusal
from analysis.load.vocabulary import LABELLED, printed_words

RESULT_KINDS = ("actual", "estimate")
DIRECTIONS = ("above", "equal", "below", "n/a")
BOUND_ESCALATIONS = ("tighter", "same", "looser", "n/a")

#: How tightly a bound holds the number: a range either side, one number, one side closed.
#: A floor and a ceiling are equally tight but not comparable with each other. A bare number
#: is `exact` here as in fulfilment and the ratchet (`fulfilment.BARE`: one convention; judged
#: against a result it is the level to reach, by the floor's rule).
TIGHTNESS = {"about": 0, "range": 0, "exact": 1, "floor": 2, "ceiling": 2}

CODE_COLUMNS = ["bound", "commitment", "assignment", "attribute"]


def plan_years(src: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """District -> (results year, plan year), from sources.csv: no year is typed in code."""
    return {
        str(r.district): (int(r.results_year), int(r.plan_year))
        for r in src.itertuples(index=False)
    }


def results_year_of(ind: pd.DataFrame) -> int:
    """The latest year with a result (actual or estimate) in the rows given: the results year of
    the reports in view when no year is passed (a notebook passes `ctx.results_year`)."""
    if "kind" not in ind or "year" not in ind:
        return 0
    years = ind.loc[ind["kind"].isin(RESULT_KINDS), "year"].dropna()
    if len(years):
        return int(years.max())
    plans = ind.loc[ind["kind"] == "target", "year"].dropna()  # targets only: the year before
    return int(plans.max()) - 1 if len(plans) else 0


def district_targets(ind: pd.DataFrame, src: pd.DataFrame) -> pd.DataFrame:
    """The plan year's targets of each district itself, numeric or stated in words.

    The rule: kind `target`, the year is the report's plan year, and `role` is empty. A
    footnote or service parameter (`descriptive`), the size of a list (`list_total`) and a
    municipal goal quoted by the district (`city`) are kept in the data but are not the
    district's targets.
    """
    years = plan_years(src)
    plan = ind["district"].astype("string").map(lambda d: years.get(d, (None, None))[1])
    own = ind["role"].isna() if "role" in ind else True
    return ind[(ind["kind"] == "target") & (ind["year"] == plan) & own]


def _latest(frame: pd.DataFrame, kinds: tuple[str, ...], year: int | None = None) -> pd.DataFrame:
    """One row per district, indicator and subject (actual preferred over estimate)."""
    sub = frame[frame["kind"].isin(kinds)].copy()
    if year is not None:
        sub = sub[sub["year"] == year]
    sub["_rank"] = sub["kind"].astype("string").map({"actual": 0, "estimate": 1, "target": 0})
    sub["_subject"] = sub["subject"].astype("string").fillna("") if "subject" in sub else ""
    sub = sub.sort_values(["district", "indicator", "_subject", "_rank", "id"])
    return sub.drop_duplicates(["district", "indicator", "_subject"]).drop(columns="_rank")


def _std(frame: pd.DataFrame, col: str = "value") -> pd.Series:
    """The value in its standard unit where the frame has one, else the value as printed."""
    std = f"{col}_std" if col == "value" else None
    if std and std in frame:
        return frame[std].astype("float64")
    return frame[col].astype("float64")


def _wording(row: pd.Series) -> str:
    """The target as printed: its words, or its number, unit and qualifiers."""
    if isinstance(row.get("wording"), str):
        return row["wording"]
    words = printed_words(row["qualifier"])
    figure = row["value_printed"]
    high = row.get("value_high_printed")
    if isinstance(high, str) and high:  # a range: 8–10%
        figure = f"{figure}–{high}"
    return f"{figure}{row['unit']}{' ' + words if words else ''}"


def _city_targets(ref: pd.DataFrame) -> pd.DataFrame:
    """Shanghai's target per indicator and plan year; a row stating the attribute comes first."""
    city = ref[(ref["scope"] == "shanghai") & (ref["kind"] == "target")].copy()
    city["_stated"] = (city["attribute"].astype("string") == "unstated").astype(int)
    city = city.sort_values(["indicator", "year", "_stated", "id"])
    city = city.drop_duplicates(["indicator", "year"])
    return city.rename(
        columns={
            "indicator": "city_indicator",
            "year": "target_year",
            "value": "city_target_value",
            "unit": "city_unit",
            "qualifier": "city_qualifier",
            "bound": "city_bound",
            "assignment": "city_assignment",
            "attribute": "city_attribute",
            "id": "city_target_id",
        }
    )[
        [
            "city_indicator",
            "target_year",
            "city_target_value",
            "city_unit",
            "city_qualifier",
            "city_bound",
            "city_assignment",
            "city_attribute",
            "city_target_id",
        ]
    ]


def direction(change: float) -> str:
    """above, equal or below the result; n/a where either number is missing."""
    if pd.isna(change):
        return "n/a"
    if np.isclose(change, 0, atol=1e-9):
        return "equal"
    return "above" if change > 0 else "below"


def bound_escalation(
    bound: str, assignment: str, city_bound: object, city_assignment: object
) -> str:
    """tighter, same or looser than the city's bound on the counterpart target.

    A district that takes the city's figure (完成市下达指标) or pegs to growth as the city does
    keeps the same bound. 以上 against 左右 is tighter even at the same number; 左右 against a
    bare number is looser. Of two pegs, a broad one (与经济保持基本同步: bound about) is looser
    than one in step (与经济增长保持同步: no bound). A floor against a ceiling, or anything
    against no city target, is n/a.
    """
    if not isinstance(city_bound, str):
        return "n/a"
    if bound == "none" and assignment == "city_assigned":
        return "same"
    if assignment == city_assignment == "pegged":
        # two pegs: in step (no bound) holds as one number; broadly in step (基本, about) is
        # looser, whichever side says it
        bound, city_bound = (b if b != "none" else "exact" for b in (bound, city_bound))
    elif bound == "none" and city_bound == "none":
        return "n/a"
    if bound not in TIGHTNESS or city_bound not in TIGHTNESS:
        return "n/a"
    if {bound, city_bound} == {"floor", "ceiling"}:
        return "n/a"
    mine, theirs = TIGHTNESS[bound], TIGHTNESS[city_bound]
    return "tighter" if mine > theirs else "looser" if mine < theirs else "same"


def master_table(
    ind: pd.DataFrame,
    ref: pd.DataFrame,
    src: pd.DataFrame,
    comp: pd.DataFrame | None = None,
    parts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per target of a district, with its last result and the city's target.

    `change` is target minus result in the target's unit (percentage points for a rate or a
    share), computed on standard values so 亿元 against 万元 compares; `change_pct` is the
    relative change for levels and counts. A result is matched on district, indicator and
    subject (市级 against 市级): a total is never set against a part. `escalation` is the
    district's number minus the city's, only where the pair compares as a number and the units
    agree; `bound_escalation` compares the bounds (see `bound_escalation`). A pair that
    comparability.csv refuses (`comp`, the one judgement `pair_refusal`: a running total against
    an annual target, another scope or count) keeps both figures but no change or direction, and
    says why in `not_compared`. A target whose subject is the sum of others (`parts`,
    parts.csv: 国家（市级） of 国家级 and 市级) is set against the sum of their results
    (`result_parts` names them; `result_id` lists each part's row); a target stated in parts is
    likewise summed into a target of the whole.
    """
    years = plan_years(src)
    # a figure of part of the year (前三季度, `period`) is neither a year's result nor its target
    ind = full_year(ind)
    keep = [*LABELLED, "measure", "subject", "role", "unit", "value", "value_std",
            "value_printed", "value_high", "value_high_printed", "relative_to", "margin",
            "qualifier", "qualifier_en", "wording", "backing", "base", "source", *CODE_COLUMNS,
            "city_indicator", "city_compare", "city_comparability", "city_comparability_zh",
            "year", "id", "kind"]  # fmt: skip
    ind = ind[[c for c in keep if c in ind]]  # a narrow frame: the merges below copy less
    ind = with_part_sums(ind, parts)  # a whole's target or result, summed from its parts
    tgt = district_targets(ind, src).copy()
    tgt["_subject"] = tgt["subject"].astype("string").fillna("") if "subject" in tgt else ""
    results = []
    for district, (result_year, _) in years.items():
        mine = ind[ind["district"] == district]
        if "role" in mine:
            mine = mine[mine["role"].isna()]
        res = _latest(mine.dropna(subset=["value"]), RESULT_KINDS, result_year)
        results.append(res)
    res = pd.concat(results) if results else tgt.iloc[:0]
    res = res.assign(
        result_value=res["value"].astype("float64"),
        result_std=_std(res),
        result_unit=res["unit"].astype("string"),
        result_year=res["year"],
        result_kind=res["kind"].astype("string"),
        result_qualifier=res["qualifier"].astype("string"),
        result_id=res["id"],
        result_bound=res["bound"].astype("string"),
        result_parts=(
            res["summed_from"] if "summed_from" in res else pd.Series(pd.NA, index=res.index)
        ).astype("string"),
    )[
        [
            "district",
            "indicator",
            "_subject",
            "result_year",
            "result_value",
            "result_std",
            "result_unit",
            "result_kind",
            "result_qualifier",
            "result_bound",
            "result_id",
            "result_parts",
        ]
    ]
    out = tgt.assign(
        target_year=tgt["year"],
        target_value=tgt["value"].astype("float64"),
        target_std=_std(tgt),
        target_id=tgt["id"],
    )
    out["target_wording"] = pd.array([_wording(r) for _, r in out.iterrows()], dtype="string")
    if "value_high" in out and "bound" in out:  # a range printed bare (8-10%) is bound `range`
        bound = out["bound"].astype("string")
        out["bound"] = bound.mask(out["value_high"].notna() & (bound == "exact"), "range")
    if "relative_to" in out and "assignment" in out:  # 高于全市3个百分点: set against the city
        assignment = out["assignment"].astype("string")
        out["assignment"] = assignment.mask(out["relative_to"].notna(), "relative")
    for col in ("district", "indicator"):
        out[col] = out[col].astype("string")
        res[col] = res[col].astype("string")
    out = out.merge(res, on=["district", "indicator", "_subject"], how="left")
    # the change in the target's unit: the standard values' difference over the unit's factor
    factor = (out["target_std"] / out["target_value"]).where(out["target_value"] != 0)
    out["change"] = ((out["target_std"] - out["result_std"]) / factor).round(9)
    out["change_pct"] = (out["target_std"] / out["result_std"] - 1) * 100
    pct = out["unit"].astype("string").isin(["%", "百分点"])
    out.loc[pct, "change_pct"] = np.nan
    refused = [
        REFUSALS[r] if (r := _refusal(comp, i, d, k)) else None
        for i, d, k in zip(out["indicator"], out["district"], out["result_kind"], strict=True)
    ]
    out["not_compared"] = pd.array(refused, dtype="string")
    out.loc[out["not_compared"].notna(), ["change", "change_pct"]] = np.nan
    out["direction"] = [direction(c) for c in out["change"]]
    out["result_kind"] = out["result_kind"].fillna("n/a")
    # the bound against last year's printed result: 6% 左右 -> 6% 以上 tightens at one number
    out["bound_vs_result"] = [
        bound_escalation(b, "own", rb if isinstance(rb, str) else None, "own")
        for b, rb in zip(
            out["bound"].astype("string"),
            out["result_bound"].astype("object").where(out["result_bound"].notna(), None),
            strict=True,
        )
    ]
    city = _city_targets(ref)
    out["city_indicator"] = out["city_indicator"].astype("string")
    city["city_indicator"] = city["city_indicator"].astype("string")
    out = out.merge(city, on=["city_indicator", "target_year"], how="left")
    same_unit = out["unit"].astype("string") == out["city_unit"].astype("string")
    by_number = (out["city_compare"] == "number") & same_unit
    # a range's low end alone is not its number: its bound says the rest (`range`, like 左右);
    # rounded past any printed digit: 3.6 − 4.5 is −0.9, not float noise (−0.8999999999999999)
    ranged = out["value_high"].notna() if "value_high" in out else pd.Series(False, out.index)
    out["escalation"] = (
        (out["target_value"] - out["city_target_value"]).where(by_number & ~ranged).round(9)
    )
    out["escalation_unit"] = np.where(
        out["escalation"].notna(), np.where(pct, "pp", out["unit"].astype("string")), ""
    )
    out["bound_escalation"] = [
        bound_escalation(b, a, cb, ca)
        for b, a, cb, ca in zip(
            out["bound"].astype("string"),
            out["assignment"].astype("string"),
            out["city_bound"].astype("object").where(out["city_bound"].notna(), None),
            out["city_assignment"].astype("object").where(out["city_assignment"].notna(), None),
            strict=True,
        )
    ]
    for col in CODE_COLUMNS:
        out[col] = out[col].astype("string")
    for col in ("city_bound", "city_attribute", "city_assignment"):
        out[col] = out[col].astype("string")
    out["has_number"] = out["target_value"].notna()
    out = _tiers(out.drop(columns="_subject"))
    order = {d: i for i, d in enumerate(years)}
    out["_order"] = out["district"].map(order)
    out = out.sort_values(["_order", "target_id"]).drop(columns="_order")
    return out.reset_index(drop=True)


def _places(x: float) -> int:
    """Decimals a float needs (29.1 → 1, 1.0 → 0), not those of its repr."""
    text = f"{x:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _tiers(out: pd.DataFrame) -> pd.DataFrame:
    """Two tiers of one target kept as two levels: 30%以上，力争增长1个百分点 is a floor and a
    second, aspirational tier.

    The second tier is a target in points (百分点) whose catalogue base is another target of the
    same district and year. It is read as points on the last result (the table prints it in the
    target column beside that result), so the base target gets the level the tier implies
    (`second_tier_level`, in its unit) and `second_tier`, that level with the tier's words as
    printed; the tier's own row names its base target in `tier_of`. No last result, no level.
    """
    out = out.assign(
        second_tier=pd.Series(pd.NA, index=out.index, dtype="string"),
        second_tier_level=np.nan,
        second_tier_id=pd.Series(pd.NA, index=out.index, dtype="string"),
        tier_of=pd.Series(pd.NA, index=out.index, dtype="string"),
    )
    if "base" not in out:
        return out
    points = out[(out["unit"].astype("string") == "百分点") & out["base"].notna()]
    for i, tier in points.iterrows():
        base = out[
            (out["district"] == tier["district"])
            & (out["indicator"] == tier["base"])
            & (out["target_year"] == tier["target_year"])
        ]
        if len(base) != 1:
            continue
        j = base.index[0]
        out.loc[i, "tier_of"] = out.loc[j, "target_id"]
        last = out.loc[j, "result_value"]
        if pd.isna(last) or pd.isna(tier["target_value"]):
            continue
        level = float(last) + float(tier["target_value"])
        places = max(_places(float(last)), _places(float(tier["target_value"])))
        out.loc[j, "second_tier_level"] = round(level, places)
        words = tier["target_wording"]
        out.loc[j, "second_tier"] = f"{level:.{places}f}{out.loc[j, 'unit']} ({words})"
        out.loc[j, "second_tier_id"] = tier["target_id"]
    return out


def _refusal(comp: pd.DataFrame | None, indicator: object, district: object, kind: object):
    """`pair_refusal` for a target and its result, where there is a result and a rule frame."""
    if comp is None or not isinstance(kind, str) or pd.isna(indicator):
        return None
    return pair_refusal(comp, str(indicator), str(district), "target", kind)


def summary(master: pd.DataFrame) -> pd.DataFrame:
    """Per district: targets counted by their direction against the result and by bound codes.

    The findings of notebook 02 in one row per district, computed from the master table.
    """
    rows = []
    for district, g in master.groupby("district", sort=False, observed=True):
        has_city = g["city_target_id"].notna()
        rows.append(
            {
                "district": district,
                "targets": len(g),
                "with_number": int(g["has_number"].sum()),
                "in_words": int((~g["has_number"]).sum()),
                "with_result": int(g["result_id"].notna().sum()),
                "compared_with_result": int((g["direction"] != "n/a").sum()),
                "below": int((g["direction"] == "below").sum()),
                "equal": int((g["direction"] == "equal").sum()),
                "above": int((g["direction"] == "above").sum()),
                "pegged": int((g["assignment"] == "pegged").sum()),
                "city_assigned": int((g["assignment"] == "city_assigned").sum()),
                "ensure": int((g["commitment"] == "ensure").sum()),
                "strive": int((g["commitment"] == "strive").sum()),
                "with_city_target": int(has_city.sum()),
                "tighter": int((g["bound_escalation"] == "tighter").sum()),
                "same_bound": int((g["bound_escalation"] == "same").sum()),
                "looser": int((g["bound_escalation"] == "looser").sum()),
            }
        )
    out = pd.DataFrame(rows)
    names = master[["district", "district_short", "district_zh"]].drop_duplicates("district")
    return out.merge(names, on="district", how="left") if len(out) else out


def qualifier_codes(master: pd.DataFrame) -> pd.DataFrame:
    """How many targets carry each code, per district and dimension (long form), with the
    districts' names where the master table has them."""
    long = master.melt(
        id_vars=["district"], value_vars=CODE_COLUMNS, var_name="dimension", value_name="code"
    )
    out = long.groupby(["district", "dimension", "code"], sort=False).size()
    out = out.rename("targets").reset_index()
    out = out[out["targets"] > 0].reset_index(drop=True)
    name_cols = [c for c in ("district_short", "district_zh") if c in master]
    if not name_cols:
        return out
    names = master[["district", *name_cols]].drop_duplicates("district")
    names = names.assign(district=names["district"].astype("string"))
    out = out.assign(district=out["district"].astype("string"))
    return out.merge(names, on="district", how="left", validate="many_to_one")


def escalation(master: pd.DataFrame) -> pd.DataFrame:
    """District targets that have a Shanghai counterpart: escalation in number and in bound."""
    return master[master["city_target_id"].notna()].reset_index(drop=True)


def full_year(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows for a whole year: a figure of part of it (前三季度, `period`) is never set
    beside a year's target or another year's result."""
    return frame[frame["period"].isna()] if "period" in frame else frame


def results_vs_city(ind: pd.DataFrame, ref: pd.DataFrame, src: pd.DataFrame) -> pd.DataFrame:
    """Each district's result against Shanghai's result for the same year and paired indicator.

    Only pairs that compare as numbers (`city_compare` number) and share a unit, and only
    results for the whole year (`full_year`).
    """
    years = plan_years(src)
    ind = full_year(ind)
    city = ref[(ref["scope"] == "shanghai") & ref["kind"].isin(RESULT_KINDS)]
    city = city.rename(
        columns={
            "indicator": "city_indicator",
            "value": "city_result",
            "unit": "city_unit",
            "qualifier": "city_qualifier",
            "id": "city_result_id",
        }
    )[["city_indicator", "year", "city_result", "city_unit", "city_qualifier", "city_result_id"]]
    frames = []
    for district, (result_year, _) in years.items():
        mine = ind[(ind["district"] == district) & (ind["city_compare"] == "number")]
        if "role" in mine:
            mine = mine[mine["role"].isna()]
        if "subject" in mine:
            mine = mine[mine["subject"].isna()]
        frames.append(_latest(mine.dropna(subset=["value"]), RESULT_KINDS, result_year))
    res = pd.concat(frames) if frames else ind.iloc[:0]
    res = res.assign(city_indicator=res["city_indicator"].astype("string"))
    city = city.assign(city_indicator=city["city_indicator"].astype("string"))
    out = res.merge(city, on=["city_indicator", "year"], how="inner")
    out = out[out["unit"].astype("string") == out["city_unit"].astype("string")].copy()
    out["gap_city"] = out["value"] - out["city_result"]
    out = out.rename(columns={"value": "result", "id": "result_id"})
    return out.sort_values(["indicator", "district"]).reset_index(drop=True)


def growth_targets(
    ind: pd.DataFrame, result_year: int | None = None, comp: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each numeric growth target of the plan year beside the same indicator's result a year
    earlier.

    Where the report gives no result for that indicator, `result` stays missing: nothing is
    invented and the target is still shown. Only district-wide rates in percent: a change in
    percentage points, or a rate about one industry or park (a `subject`), is not a growth rate
    of the district. A pair comparability.csv refuses (`comp`, `pair_refusal`, as in the master
    table) keeps both figures but no `change_pp`, and `not_compared` says why.
    """
    result_year = results_year_of(ind) if result_year is None else result_year
    ind = full_year(ind)  # a part of the year is no year's result
    whole = ind["subject"].isna() if "subject" in ind else True
    own = ind["role"].isna() if "role" in ind else True
    growth = ind[
        (ind["measure"] == "growth")
        & (ind["unit"].astype("string") == "%")
        & whole
        & own
        & ind["value"].notna()
    ]
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
            *CODE_COLUMNS,
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
    refused = [
        REFUSALS[r] if (r := _refusal(comp, i, d, k)) else None
        for i, d, k in zip(out["indicator"], out["district"], out["result_kind"], strict=True)
    ]
    out["not_compared"] = pd.array(refused, dtype="string")
    out.loc[out["not_compared"].notna(), "change_pp"] = np.nan
    return out.sort_values(["indicator", "district"]).reset_index(drop=True)


def implied_levels(
    ind: pd.DataFrame, result_year: int | None = None, comp: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Plan-year levels implied by the growth targets: result-year level × (1 + target/100).

    Where the report also states the plan-year level, it is shown beside it, with the base
    that stated level implies: stated / (1 + target/100). A stated level and a printed base
    that comparability.csv refuses to set side by side (`comp`, `pair_refusal` of the level's
    target and result: a running total against an annual figure, another scope) keep no
    implied base, and `not_compared` says why.
    """
    result_year = results_year_of(ind) if result_year is None else result_year
    growth = growth_targets(ind, result_year, comp).drop(columns="not_compared")
    growth = growth.merge(
        ind[["indicator", "base"]].drop_duplicates(), on="indicator", how="left"
    ).dropna(subset=["base"])
    own = full_year(ind[ind["role"].isna()] if "role" in ind else ind)
    levels = _latest(own.dropna(subset=["value"]), RESULT_KINDS, result_year)
    levels = levels[levels["_subject"] == ""][
        ["district", "indicator", "value", "unit", "qualifier", "id", "kind"]
    ].rename(
        columns={
            "indicator": "base",
            "value": "base_level",
            "unit": "level_unit",
            "qualifier": "base_qualifier",
            "id": "base_id",
            "kind": "base_kind",
        }
    )
    stated = _latest(own.dropna(subset=["value"]), ("target",), result_year + 1)
    stated = stated[stated["_subject"] == ""][
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
    out["implied_base"] = out["stated_level"] / (1 + out["target"] / 100)
    refused = [
        REFUSALS[r] if pd.notna(s) and (r := _refusal(comp, b, d, k)) else None
        for b, d, k, s in zip(
            out["base"], out["district"], out["base_kind"], out["stated_level"], strict=True
        )
    ]
    out["not_compared"] = pd.array(refused, dtype="string")
    out.loc[out["not_compared"].notna(), "implied_base"] = np.nan
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
            "implied_base",
            "level_unit",
            "not_compared",
            "base_id",
            "target_id",
            "stated_id",
        ]
    ].reset_index(drop=True)


def _decimals(printed: str | float) -> int:
    text = str(printed)
    return len(text.split(".")[1]) if "." in text else 0


#: Why two printed figures can disagree beyond rounding; the report does not say which holds.
EXPLANATIONS = (
    "the target level may have been computed on a preliminary base (the implied base) that the "
    "printed result later revised; the level and the rate may differ in price basis or "
    "statistical scope; or one figure is a misprint"
)


def consistency_checks(
    ind: pd.DataFrame, result_year: int | None = None, comp: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Where a report states both a plan-year level and a growth target, do they agree?

    `gap` is stated minus implied level; `growth_from_levels` the growth the two stated levels
    imply; `implied_base` the result-year level the stated level and rate imply, set beside the
    printed result (`base_gap`, `base_gap_pct`). A pair `agrees` when the growth from levels
    rounds to the printed rate (a rate printed as 7 covers 6.5 to 7.5); otherwise two printed
    figures disagree, and `explanation` lists the candidate causes: no verdict on the report.
    A stated level and a base that comparability.csv refuses to compare (`comp`) are not
    checked: they have no implied base (`implied_levels`) and no row here.
    """
    result_year = results_year_of(ind) if result_year is None else result_year
    lv = implied_levels(ind, result_year, comp).dropna(subset=["stated_level"])
    lv = lv[lv["not_compared"].isna()].copy()
    if lv.empty:
        return lv.assign(
            gap=[], gap_pct=[], growth_from_levels=[], agrees=[], rounding_pct=[],
            base_gap=[], base_gap_pct=[], reading=[], explanation=[],
        )  # fmt: skip
    printed = ind.set_index("id")["value_printed"]
    half_step = np.array([0.5 * 10 ** -_decimals(printed.get(t, "")) for t in lv["target_id"]])
    lv["gap"] = lv["stated_level"] - lv["implied_level"]
    lv["gap_pct"] = lv["gap"] / lv["implied_level"] * 100
    lv["growth_from_levels"] = (lv["stated_level"] / lv["base_level"] - 1) * 100
    lv["agrees"] = np.abs(lv["growth_from_levels"] - lv["target"]) <= half_step + 1e-9
    # the same tolerance expressed on the level, as a percent of the implied level
    lv["rounding_pct"] = half_step / (1 + lv["target"] / 100)
    lv["base_gap"] = lv["implied_base"] - lv["base_level"]
    lv["base_gap_pct"] = lv["base_gap"] / lv["base_level"] * 100
    lv["reading"] = np.where(lv["agrees"], "agrees within rounding", "disagrees beyond rounding")
    lv["explanation"] = np.where(lv["agrees"], "", EXPLANATIONS)
    return lv.reset_index(drop=True)
