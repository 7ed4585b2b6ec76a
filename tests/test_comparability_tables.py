"""One comparability judgement for every table (issue 19, item 1).

Every registered analysis table is run on the shipped data; wherever a table sets two figures
of one indicator and jurisdiction side by side (a target beside a result, two figures in a gap
or direction column), the pair must be one that `pair_refusal` accepts, or the table must leave
the comparing columns empty. The summary counts and the headline sentences are held to the
same decision. Hand-made rows show that each table asking the question refuses a pair.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyses import fulfilment, targets
from analysis.load.comparability import COMP_COLUMNS, REFUSALS, pair_refusal
from analysis.load.context import load_context
from analysis.presentation import narrative, tables
from tests.conftest import district_keys

#: Per table, the pairs it sets side by side: (id column, id column, the columns comparing them).
#: Where pair_refusal refuses the two figures, each comparing column must be empty ("n/a" for a
#: direction, "not compared" for a status).
PAIRS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "targets": [("target_id", "result_id", ("change", "change_pct", "direction"))],
    "escalation": [("target_id", "result_id", ("change", "change_pct", "direction"))],
    "growth": [("target_id", "result_id", ("change_pp",))],
    "implied_levels": [("stated_id", "base_id", ("implied_base",))],
    "consistency": [
        ("stated_id", "base_id", ("gap", "growth_from_levels", "base_gap", "reading"))
    ],
    "service_outputs": [("target_id", "result_id", ("target_vs_result",))],
    "fulfilment": [("target_id", "result_id", ("margin", "status"))],
    "ratchet": [
        ("target_id", "last_result_id", ("gap_to_last_result",)),
        ("last_target_id", "last_result_id", ("last_margin", "last_status")),
        ("target_id", "last_target_id", ("revision",)),
    ],
}

#: The tables that set no two figures of one indicator and jurisdiction side by side, and why;
#: a new table must be named in one of the two lists.
NO_PAIRS: dict[str, str] = {
    "headline": "each figure as printed, one per row",
    "compare": "one district against another: its `comparable` column reads the scope rule",
    "target_summary": "counts of the master table's directions (held to them below)",
    "qualifiers": "counts of qualifier codes",
    "results_vs_city": "a district's result against the city's (city_indicators.csv)",
    "investment": "each figure as printed",
    "project_categories": "sums of listed projects",
    "largest_projects": "listed projects as printed",
    "project_progress": "one project's goal against its own progress (projects.csv)",
    "social": "an amount per beneficiary, by the count and eligible-base rules of social.py",
}

EMPTY = {"direction": "n/a", "status": "not compared", "last_status": None, "reading": None}


def test_every_registered_table_declares_its_pairs() -> None:
    assert set(PAIRS) | set(NO_PAIRS) == set(tables.REGISTRY)
    assert not set(PAIRS) & set(NO_PAIRS)


def _facts(ctx) -> pd.DataFrame:
    """Every figure by id, reports and reference alike: its indicator, jurisdiction and kind."""
    ref = ctx.ref.rename(columns={"scope": "district"})
    cols = ["id", "indicator", "district", "kind"]
    both = pd.concat([ctx.panel[cols].astype(str), ref[cols].astype(str)], ignore_index=True)
    return both.drop_duplicates("id").set_index("id")


def _is_empty(col: str, value: object) -> bool:
    if col in EMPTY and EMPTY[col] is not None and value == EMPTY[col]:
        return True
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _refused_pairs(name: str, ctx, frame: pd.DataFrame, facts: pd.DataFrame):
    """(row, id a, id b, comparing columns, refusal) for each pair of the table that
    pair_refusal refuses."""
    for a, b, cols in PAIRS[name]:
        if a not in frame or b not in frame:
            continue
        for _, row in frame.iterrows():
            ia, ib = row[a], row[b]
            if not (isinstance(ia, str) and isinstance(ib, str)):
                continue
            if ia not in facts.index or ib not in facts.index:
                continue
            fa, fb = facts.loc[ia], facts.loc[ib]
            if fa["indicator"] != fb["indicator"] or fa["district"] != fb["district"]:
                continue  # another indicator or jurisdiction: not this rule's pair
            why = pair_refusal(ctx.comp, fa["indicator"], fa["district"], fa["kind"], fb["kind"])
            if why:
                yield row, ia, ib, cols, why


def _check_every_table(district: str) -> int:
    """Assert no table of the district's view compares a refused pair; how many it read."""
    ctx = load_context(district)
    facts = _facts(ctx)
    seen = 0
    for name in PAIRS:
        frame = tables.get(name).compute(ctx)
        for row, ia, ib, cols, why in _refused_pairs(name, ctx, frame, facts):
            seen += 1
            for col in cols:
                if col in frame:
                    assert _is_empty(col, row[col]), (name, ia, ib, why, col, row[col])
            if "not_compared" in frame:  # the table says why, in the one wording
                assert REFUSALS[why] in str(row["not_compared"]), (name, ia, ib)
    return seen


@pytest.mark.parametrize("district", district_keys())
@pytest.mark.sweep
def test_no_table_compares_a_pair_pair_refusal_refuses(district: str) -> None:
    _check_every_table(district)


@pytest.mark.sweep
def test_the_check_reads_refused_pairs_of_the_shipped_data() -> None:
    """Yangpu's rental housing (a running total against an annual target) and Baoshan's lifts
    (another scope) are refused pairs: the check reads them, it does not pass by finding none."""
    assert _check_every_table("yangpu") >= 3
    assert _check_every_table("baoshan") >= 1


@pytest.mark.parametrize("district", district_keys())
def test_summary_counts_and_headline_use_the_same_decision(district: str) -> None:
    """The summary's counts and the headline sentence count only the pairs the master table
    compares, and no refused pair is named among the largest steps down."""
    ctx = load_context(district)
    master = targets.master_table(ctx.ind, ctx.ref, ctx.src, ctx.comp, ctx.parts)
    mine = master[master["district"] == district]
    refused = mine[mine["not_compared"].notna()]
    summary = targets.summary(master).set_index("district").loc[district]
    compared = mine[mine["not_compared"].isna() & (mine["direction"] != "n/a")]
    assert summary["compared_with_result"] == len(compared)
    for d in ("below", "equal", "above"):
        assert summary[d] == int((compared["direction"] == d).sum())
    count = {d: int((compared["direction"] == d).sum()) for d in ("below", "equal", "above")}
    en = narrative.read_targets(master, district, "en")
    assert (
        f"of the {len(compared)} set against a {ctx.results_year} result in the same report, "
        f"{count['below']} are below it, {count['equal']} at it and {count['above']} above it"
    ) in en
    zh = narrative.read_targets(master, district, "zh")
    assert f"比较的{len(compared)}项中，低于完成数{count['below']}项" in zh
    for _, r in refused.iterrows():  # never among the largest steps down
        assert narrative._step(r, "en") not in en and narrative._step(r, "zh") not in zh


# --- hand-made rows: each table that asks refuses the pair --------------------------------------

STOCK_RULES = pd.DataFrame(
    [
        {c: None for c in COMP_COLUMNS}
        | {"indicator": "housing", "district": "aa", "kind": "actual", "period": "stock"},
        {c: None for c in COMP_COLUMNS}
        | {"indicator": "housing", "district": "aa", "kind": "target", "period": "flow"},
    ]
).astype("string")


def _ind(*rows: tuple) -> pd.DataFrame:
    """(id, year, kind, indicator, printed, unit) of district aa."""
    frame = pd.DataFrame(
        rows, columns=["id", "year", "kind", "indicator", "value_printed", "unit"]
    ).assign(district="aa", qualifier=None, subject=None, role=None, source="aa-2024")
    frame["value"] = frame["value_printed"].astype(float)
    frame["district_zh"], frame["district_short"] = "甲区", "A"
    frame["name_zh"] = frame["name_en"] = frame["indicator"]
    return frame


def test_fulfilment_leaves_a_refused_pair_unjudged() -> None:
    """A running total of 2,823 against an annual target of 500 is not 'exceeded'."""
    ind = _ind(
        ("aa-1", 2024, "target", "housing", "500", "套"),
        ("aa-2", 2024, "actual", "housing", "2823", "套"),
        ("aa-3", 2024, "target", "beds", "100", "张"),
        ("aa-4", 2024, "actual", "beds", "90", "张"),
    )
    out = fulfilment.fulfilment(ind, comp=STOCK_RULES).set_index("target_id")
    assert out.loc["aa-1", "status"] == "not compared"
    assert pd.isna(out.loc["aa-1", "margin"])
    assert out.loc["aa-1", "not_compared"] == "running total against an annual figure"
    assert out.loc["aa-1", "result"] == "2823"  # both figures still shown
    assert out.loc["aa-3", "status"] == "missed" and out.loc["aa-3", "margin"] == -10
    # without the rules the same pair would be judged: the refusal is what stops it
    assert fulfilment.fulfilment(ind).set_index("target_id").loc["aa-1", "status"] == "exceeded"


def test_read_fulfilment_counts_the_refused_pair_apart() -> None:
    ind = _ind(
        ("aa-1", 2024, "target", "housing", "500", "套"),
        ("aa-2", 2024, "actual", "housing", "2823", "套"),
        ("aa-3", 2024, "target", "beds", "100", "张"),
        ("aa-4", 2024, "actual", "beds", "90", "张"),
    )
    out = fulfilment.fulfilment(ind, comp=STOCK_RULES)
    en = narrative.read_fulfilment(out, "en")
    assert "1 with a result, of which 0 met, 1 missed and 0 exceeded" in en
    assert "1 not judged: target and result do not compare" in en
    assert "1项目标与结果不可比" in narrative.read_fulfilment(out, "zh")


def test_growth_table_refuses_a_pair_of_another_scope() -> None:
    ind = _ind(
        ("aa-1", 2024, "target", "gdp_growth", "5", "%"),
        ("aa-2", 2023, "actual", "gdp_growth", "5.6", "%"),
    ).assign(
        measure="growth", label_zh="GDP", qualifier_en=None, bound="exact", commitment="none",
        assignment="own", attribute="unstated", comparability=None,
    )  # fmt: skip
    rules = pd.DataFrame(
        [
            {c: None for c in COMP_COLUMNS}
            | {"indicator": "gdp_growth", "kind": "target", "scope": "comparable_prices"},
            {c: None for c in COMP_COLUMNS}
            | {"indicator": "gdp_growth", "kind": "actual", "scope": "current_prices"},
        ]
    ).astype("string")
    out = targets.growth_targets(ind, 2023, rules).iloc[0]
    assert pd.isna(out["change_pp"]) and out["not_compared"] == "scope differs"
    assert out["result"] == 5.6  # the result is still shown beside the target
    plain = targets.growth_targets(ind, 2023).iloc[0]
    assert plain["change_pp"] == pytest.approx(-0.6) and pd.isna(plain["not_compared"])
