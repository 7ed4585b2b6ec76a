"""Target-setting logic on small hand-made frames, so each rule is checked in isolation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.analyses import targets

CODE_DEFAULTS = {"commitment": "none", "assignment": "own", "attribute": "unstated"}


def _row(
    district,
    indicator,
    year,
    kind,
    value,
    printed=None,
    qualifier=None,
    measure="growth",
    base=None,
    unit="%",
    factor=1.0,
    **extra,
):
    """One indicator row as the loader gives it (with standard values and qualifier codes)."""
    bound = extra.pop("bound", "exact" if value is not None and not pd.isna(value) else "none")
    row = {
        "id": f"{district[:2]}-{indicator}-{year}-{kind}-{extra.get('subject') or ''}",
        "district": district,
        "district_short": district.title(),
        "district_zh": district,
        "indicator": indicator,
        "name_en": indicator,
        "name_zh": indicator,
        "label_zh": indicator,
        "year": year,
        "kind": kind,
        "value": np.nan if value is None else value,
        "value_std": np.nan if value is None else value * factor,
        "value_printed": None if value is None else (printed or f"{value:g}"),
        "unit": unit,
        "qualifier": qualifier,
        "qualifier_en": qualifier,
        "bound": bound,
        "measure": measure,
        "base": base,
        "comparability": None,
        "subject": None,
        "role": None,
        "wording": None,
        "city_indicator": None,
        "city_compare": None,
        "city_comparability": None,
        **CODE_DEFAULTS,
    }
    row.update(extra)
    return row


SRC = pd.DataFrame(
    [
        {"district": "yangpu", "results_year": 2023, "plan_year": 2024},
        {"district": "baoshan", "results_year": 2023, "plan_year": 2024},
    ]
)
CITY = {"city_compare": "number", "city_comparability": "note"}


def _ref(*rows: dict) -> pd.DataFrame:
    base = {
        "scope": "shanghai",
        "qualifier": None,
        "bound": "exact",
        "assignment": "own",
        "attribute": "unstated",
        "unit": "%",
    }
    return pd.DataFrame([{**base, **r} for r in rows])


@pytest.fixture
def ind() -> pd.DataFrame:
    rows = [
        _row("baoshan", "retail_sales", 2023, "actual", 991.12, measure="level", unit="亿元"),
        _row("baoshan", "retail_sales", 2024, "target", 1057.40, "1057.40", measure="level",
             unit="亿元"),
        _row("baoshan", "retail_sales_growth", 2024, "target", 7, base="retail_sales"),
        _row("baoshan", "commodity_sales", 2023, "actual", 10399.81, measure="level", unit="亿元"),
        _row("baoshan", "commodity_sales", 2024, "target", 10658.54, measure="level", unit="亿元"),
        _row("baoshan", "commodity_sales_growth", 2024, "target", 7, base="commodity_sales"),
        _row("baoshan", "gdp_growth", 2023, "actual", 1.7, base="gdp"),
        _row("baoshan", "gdp_growth", 2024, "target", 5, qualifier="左右;与全市保持同步",
             base="gdp", bound="about", assignment="pegged", city_indicator="gdp_growth", **CITY),
        _row("yangpu", "gdp_growth", 2024, "target", 5, qualifier="以上", base="gdp",
             bound="floor", city_indicator="gdp_growth", **CITY),
        _row("yangpu", "revenue_growth", 2023, "actual", 8, base="revenue"),
        _row("yangpu", "revenue_growth", 2024, "target", 6, qualifier="以上", base="revenue",
             bound="floor", city_indicator="revenue_growth", **CITY),
        _row("yangpu", "revenue", 2023, "actual", 154.99, measure="level", unit="亿元"),
    ]  # fmt: skip
    return pd.DataFrame(rows)


@pytest.fixture
def ref() -> pd.DataFrame:
    return _ref(
        {"id": "ref-1", "kind": "target", "year": 2024, "indicator": "gdp_growth", "value": 5.0,
         "qualifier": "左右", "bound": "about"},
        {"id": "ref-2", "kind": "target", "year": 2024, "indicator": "revenue_growth",
         "value": 5.0},
        {"id": "ref-3", "kind": "target", "year": 2024, "indicator": "revenue_growth",
         "value": 5.0, "qualifier": "预期性", "attribute": "indicative"},
    )  # fmt: skip


def _master(
    rows: list[dict], ref: pd.DataFrame | None = None, comp: pd.DataFrame | None = None
) -> pd.DataFrame:
    ref = _ref() if ref is None else ref
    if ref.empty:
        ref = pd.DataFrame(columns=["scope", "kind", "year", "indicator", "value", "id", "unit",
                                    "qualifier", "bound", "assignment", "attribute"])  # fmt: skip
    return targets.master_table(pd.DataFrame(rows), ref, SRC, comp).set_index("indicator")


# --- which rows are targets ---------------------------------------------------------------------


def test_non_targets_are_left_out_by_role_and_year() -> None:
    rows = [
        _row("yangpu", "key_industry_tracks", 2024, "target", 7, unit="个", role="descriptive"),
        _row("yangpu", "green_space_radius", 2024, "target", 500, unit="米", role="descriptive"),
        _row("baoshan", "projects_listed", 2024, "target", 6, unit="项", role="list_total"),
        _row("baoshan", "electricity_saving", 2024, "target", 1, role="city"),
        _row("baoshan", "electricity_saving_2025", 2025, "target", 1),
        _row("baoshan", "foreign_capital", 2024, "target", 4, unit="亿美元"),
    ]
    out = targets.district_targets(pd.DataFrame(rows), SRC)
    assert list(out["indicator"]) == ["foreign_capital"]


# --- targets against last year's result -------------------------------------------------------


def test_direction_and_change_use_standard_values() -> None:
    rows = [
        # 5000 万元 = 0.5 亿元: a target of 0.4 亿元 is 0.1 亿元 (20%) below, not 4999.6 above
        _row("baoshan", "subsidy", 2023, "actual", 5000, unit="万元", factor=1e4,
             measure="level"),
        _row("baoshan", "subsidy", 2024, "target", 0.4, unit="亿元", factor=1e8, measure="level"),
        _row("baoshan", "firms", 2023, "actual", 31, unit="家", measure="count"),
        _row("baoshan", "firms", 2024, "target", 33, unit="家", measure="count"),
        _row("baoshan", "patents_growth", 2023, "actual", 15),
        _row("baoshan", "patents_growth", 2024, "target", 15),
        _row("baoshan", "hi_tech_growth", 2023, "actual", 25.4),
        _row("baoshan", "hi_tech_growth", 2024, "target", 10),
        _row("baoshan", "new_only", 2024, "target", 3, unit="家", measure="count"),
    ]  # fmt: skip
    m = _master(rows)
    assert m.loc["subsidy", "change"] == pytest.approx(-0.1)
    assert m.loc["subsidy", "change_pct"] == pytest.approx(-20)
    assert m.loc["subsidy", "direction"] == "below"
    assert m.loc["firms", "direction"] == "above"
    assert m.loc["patents_growth", "direction"] == "equal"
    assert m.loc["hi_tech_growth", "change"] == pytest.approx(-15.4)
    assert pd.isna(m.loc["hi_tech_growth", "change_pct"]), "a rate changes in points"
    assert m.loc["new_only", "direction"] == "n/a"
    assert m.loc["new_only", "result_kind"] == "n/a"


def test_a_target_in_words_is_a_row_without_a_direction() -> None:
    rows = [
        _row("baoshan", "aqi_good_rate", 2023, "actual", 86.8),
        _row("baoshan", "aqi_good_rate", 2024, "target", None, qualifier="完成市下达指标",
             wording="完成市下达指标", assignment="city_assigned"),
    ]  # fmt: skip
    m = _master(rows)
    row = m.loc["aqi_good_rate"]
    assert row["target_wording"] == "完成市下达指标"
    assert not row["has_number"] and row["bound"] == "none"
    assert row["result_value"] == pytest.approx(86.8)
    assert row["direction"] == "n/a"


def test_a_result_is_matched_on_subject() -> None:
    rows = [
        _row("baoshan", "smes_new", 2023, "actual", 360, unit="家", subject="市级"),
        _row("baoshan", "smes_new", 2023, "actual", 18, unit="家", subject="国家"),
        _row("baoshan", "smes_new", 2024, "target", 100, unit="家", subject="市级"),
        _row("baoshan", "transfers", 2023, "actual", 80, unit="个", subject="市级"),
        _row("baoshan", "transfers", 2024, "target", 160, unit="个"),
    ]
    m = _master(rows)
    assert m.loc["smes_new", "result_value"] == 360
    assert m.loc["smes_new", "direction"] == "below"
    assert m.loc["transfers", "direction"] == "n/a", "a total is never set against a part"


def test_same_number_with_a_tighter_bound_than_the_result() -> None:
    rows = [
        _row("yangpu", "tertiary_growth", 2023, "estimate", 6, qualifier="左右", bound="about"),
        _row("yangpu", "tertiary_growth", 2024, "target", 6, qualifier="以上", bound="floor"),
    ]
    row = _master(rows).loc["tertiary_growth"]
    assert (row["direction"], row["bound_vs_result"]) == ("equal", "tighter")
    assert row["result_kind"] == "estimate"


# --- escalation against the city ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("bound", "assignment", "city_bound", "city_assignment", "expected"),
    [
        ("floor", "own", "about", "own", "tighter"),  # 以上 against 左右 at the same number
        ("exact", "own", "about", "own", "tighter"),
        ("about", "pegged", "about", "own", "same"),
        ("about", "own", "exact", "own", "looser"),
        ("floor", "own", "floor", "own", "same"),
        ("floor", "own", "ceiling", "own", "n/a"),
        ("none", "city_assigned", "ceiling", "own", "same"),  # 完成市下达指标 takes the city's
        ("none", "pegged", "none", "pegged", "same"),
        # 与经济保持基本同步 (broadly) against the city's 与经济增长保持同步, and the other way
        ("about", "pegged", "none", "pegged", "looser"),
        ("none", "pegged", "about", "pegged", "tighter"),
        ("about", "pegged", "about", "pegged", "same"),
        ("none", "relative", "exact", "own", "n/a"),
        ("floor", "own", None, None, "n/a"),
    ],
)
def test_bound_escalation(bound, assignment, city_bound, city_assignment, expected) -> None:
    assert targets.bound_escalation(bound, assignment, city_bound, city_assignment) == expected


def test_escalation_scores_number_and_bound(ind: pd.DataFrame, ref: pd.DataFrame) -> None:
    m = targets.master_table(ind, ref, SRC)
    e = targets.escalation(m).set_index(["district", "indicator"])
    yp = e.loc[("yangpu", "gdp_growth")]
    assert yp["escalation"] == 0 and yp["bound_escalation"] == "tighter"
    assert e.loc[("yangpu", "revenue_growth"), "escalation"] == pytest.approx(1)
    # the city row that states the attribute is the one used
    assert e.loc[("yangpu", "revenue_growth"), "city_attribute"] == "indicative"
    assert e.loc[("yangpu", "revenue_growth"), "city_target_id"] == "ref-3"
    bs = e.loc[("baoshan", "gdp_growth")]
    assert bs["escalation"] == 0 and bs["bound_escalation"] == "same"
    assert len(e) == 3, "targets without a city counterpart are not scored"


def test_different_measures_compare_by_bound_only() -> None:
    rows = [
        _row("baoshan", "registered_unemployed", 2024, "target", 20000, unit="人",
             measure="count", bound="ceiling", city_indicator="surveyed_rate",
             city_compare="bound", city_comparability="a count against a rate"),
    ]  # fmt: skip
    ref = _ref({"id": "ref-9", "kind": "target", "year": 2024, "indicator": "surveyed_rate",
                "value": 5.0, "bound": "ceiling"})  # fmt: skip
    row = _master(rows, ref).loc["registered_unemployed"]
    assert pd.isna(row["escalation"])
    assert row["bound_escalation"] == "same"


# --- counts -------------------------------------------------------------------------------------


def test_summary_counts_directions_assignments_and_tightened_bounds(
    ind: pd.DataFrame, ref: pd.DataFrame
) -> None:
    extra = [
        _row("baoshan", "aqi_good_rate", 2024, "target", None, wording="完成市下达指标",
             assignment="city_assigned"),
        _row("baoshan", "sites", 2023, "actual", 18, unit="个", measure="count"),
        _row("baoshan", "sites", 2024, "target", 10, unit="个", measure="count",
             commitment="strive"),
    ]  # fmt: skip
    frame = pd.concat([ind, pd.DataFrame(extra)], ignore_index=True)
    s = targets.summary(targets.master_table(frame, ref, SRC)).set_index("district")
    bs, yp = s.loc["baoshan"], s.loc["yangpu"]
    assert (bs["targets"], bs["in_words"]) == (7, 1)
    assert (bs["below"], bs["equal"], bs["above"]) == (1, 0, 3)
    assert bs["compared_with_result"] == 4
    assert (bs["pegged"], bs["city_assigned"], bs["strive"]) == (1, 1, 1)
    assert (yp["below"], yp["tighter"], yp["with_city_target"]) == (1, 2, 2)
    assert bs["tighter"] == 0 and bs["same_bound"] == 1
    codes = targets.qualifier_codes(targets.master_table(frame, ref, SRC))
    got = codes.set_index(["district", "dimension", "code"])["targets"]
    assert got[("yangpu", "bound", "floor")] == 2
    assert got[("baoshan", "assignment", "city_assigned")] == 1


def test_results_against_the_city_need_the_same_unit_and_a_number_pair() -> None:
    rows = [
        _row("baoshan", "gdp_growth", 2023, "actual", 1.7, city_indicator="gdp_growth", **CITY),
        _row("baoshan", "income", 2023, "actual", 7.9, unit="万元", measure="level",
             city_indicator="income", **CITY),
        _row("baoshan", "unemployed", 2023, "actual", 12007, unit="人", measure="count",
             city_indicator="rate", city_compare="bound", city_comparability="n"),
    ]  # fmt: skip
    ref = _ref(
        {"id": "r1", "kind": "actual", "year": 2023, "indicator": "gdp_growth", "value": 5.0},
        {"id": "r2", "kind": "actual", "year": 2023, "indicator": "income", "value": 850000.0,
         "unit": "元"},
        {"id": "r3", "kind": "actual", "year": 2023, "indicator": "rate", "value": 4.5},
    )  # fmt: skip
    out = targets.results_vs_city(pd.DataFrame(rows), ref, SRC)
    assert list(out["indicator"]) == ["gdp_growth"]
    assert out["gap_city"].iloc[0] == pytest.approx(-3.3)


# --- growth, implied levels, consistency ------------------------------------------------------


def test_growth_targets_pair_result_and_target(ind: pd.DataFrame) -> None:
    g = targets.growth_targets(ind).set_index(["district", "indicator"])
    assert g.loc[("baoshan", "gdp_growth"), "change_pp"] == pytest.approx(3.3)
    assert g.loc[("yangpu", "revenue_growth"), "change_pp"] == pytest.approx(-2)
    # a target without a result in the report is kept, with the result missing (never zero)
    assert pd.isna(g.loc[("yangpu", "gdp_growth"), "result"])
    assert pd.isna(g.loc[("baoshan", "retail_sales_growth"), "result"])


def test_growth_targets_keep_district_wide_numeric_percent_rates_only() -> None:
    rows = [
        _row("baoshan", "gdp_growth", 2024, "target", 5.0),
        _row("baoshan", "share_change", 2024, "target", 1.0, unit="百分点"),
        _row("baoshan", "industry_growth", 2024, "target", 20.0, subject="新能源汽车"),
        _row("baoshan", "income_growth", 2024, "target", None, wording="与经济保持基本同步"),
        _row("baoshan", "city_growth", 2024, "target", 1.0, role="city"),
    ]
    out = targets.growth_targets(pd.DataFrame(rows))
    assert list(out["indicator"]) == ["gdp_growth"]


def test_implied_levels_and_the_base_a_stated_level_implies(ind: pd.DataFrame) -> None:
    lv = targets.implied_levels(ind).set_index(["district", "base"])
    assert lv.loc[("baoshan", "retail_sales"), "implied_level"] == pytest.approx(991.12 * 1.07)
    assert lv.loc[("baoshan", "retail_sales"), "stated_level"] == pytest.approx(1057.40)
    assert lv.loc[("baoshan", "retail_sales"), "implied_base"] == pytest.approx(988.22, abs=5e-3)
    assert lv.loc[("baoshan", "commodity_sales"), "implied_base"] == pytest.approx(
        9961.25, abs=5e-3
    )
    assert lv.loc[("yangpu", "revenue"), "implied_level"] == pytest.approx(154.99 * 1.06)
    assert pd.isna(lv.loc[("yangpu", "revenue"), "stated_level"])


def test_consistency_words_a_gap_as_a_disagreement_with_explanations(ind: pd.DataFrame) -> None:
    c = targets.consistency_checks(ind).set_index("base")
    retail = c.loc["retail_sales"]
    assert retail["gap"] == pytest.approx(1057.40 - 991.12 * 1.07)
    assert retail["growth_from_levels"] == pytest.approx((1057.40 / 991.12 - 1) * 100)
    assert bool(retail["agrees"])  # 6.69% rounds to the printed 7%
    assert retail["reading"] == "agrees within rounding" and retail["explanation"] == ""
    commodity = c.loc["commodity_sales"]
    assert commodity["growth_from_levels"] == pytest.approx(2.488, abs=1e-3)
    assert not bool(commodity["agrees"])
    assert commodity["reading"] == "disagrees beyond rounding"
    assert "preliminary base" in commodity["explanation"]
    assert commodity["base_gap"] == pytest.approx(10658.54 / 1.07 - 10399.81)


# --- one judgement of a pair ---------------------------------------------------------------------


def _comp(*rows: dict) -> pd.DataFrame:
    from analysis.load.comparability import COMP_COLUMNS

    return pd.DataFrame([{c: r.get(c) for c in COMP_COLUMNS} for r in rows]).astype("string")


def test_pair_refusal_reads_only_what_comparability_records() -> None:
    from analysis.load.comparability import pair_refusal

    comp = _comp(
        {"indicator": "housing", "district": "yangpu", "kind": "actual", "period": "stock"},
        {"indicator": "housing", "district": "yangpu", "kind": "target", "period": "flow"},
        {"indicator": "housing", "district": "baoshan", "period": "flow"},
        {"indicator": "schools", "kind": "actual", "scope": "first_round", "period": "flow"},
        {"indicator": "schools", "kind": "target", "scope": "second_round", "period": "flow"},
        {"indicator": "helped", "kind": "actual", "count_unit": "person-time"},
        {"indicator": "helped", "kind": "target", "count_unit": "person"},
        {"indicator": "beds", "period": "flow"},
    )
    assert pair_refusal(comp, "housing", "yangpu", "target", "actual") == "stock_vs_flow"
    assert pair_refusal(comp, "housing", "baoshan", "target", "actual") is None
    assert pair_refusal(comp, "schools", "yangpu", "target", "actual") == "scope_differs"
    assert pair_refusal(comp, "helped", "yangpu", "target", "actual") == "count_differs"
    assert pair_refusal(comp, "beds", "yangpu", "target", "actual") is None
    assert pair_refusal(comp, "gdp_growth", "yangpu", "target", "actual") is None  # no rule


@pytest.mark.sweep
def test_a_refused_pair_has_no_direction_and_says_why() -> None:
    """A running total of 2,823 against an annual target of 500 is not 'a step down'."""
    rows = [
        _row("yangpu", "housing", 2023, "actual", 2823, measure="count", unit="套"),
        _row("yangpu", "housing", 2024, "target", 500, measure="count", unit="套"),
        _row("yangpu", "beds", 2023, "actual", 537, measure="count", unit="张"),
        _row("yangpu", "beds", 2024, "target", 300, measure="count", unit="张"),
    ]
    comp = _comp(
        {"indicator": "housing", "kind": "actual", "period": "stock"},
        {"indicator": "housing", "kind": "target", "period": "flow"},
    )
    m = _master(rows, comp=comp)
    assert m.loc["housing", "direction"] == "n/a"
    assert pd.isna(m.loc["housing", "change"]) and pd.isna(m.loc["housing", "change_pct"])
    assert m.loc["housing", "not_compared"] == "running total against an annual figure"
    assert m.loc["housing", "result_value"] == 2823  # both figures kept, side by side, said so
    assert m.loc["beds", "direction"] == "below" and pd.isna(m.loc["beds", "not_compared"])
    s = targets.summary(m.reset_index()).set_index("district")
    assert (s.loc["yangpu", "compared_with_result"], s.loc["yangpu", "below"]) == (1, 1)
    # without the rules the same rows would count two steps down: the rule is what refuses
    assert (_master(rows)["direction"] == "below").sum() == 2


# --- a target in two tiers ----------------------------------------------------------------------


def test_two_tiers_are_kept_as_two_levels() -> None:
    """30%以上，力争增长1个百分点 on a last result of 29.1%: a floor of 30 and a second tier of
    30.1, the level written here by hand; the tier's row names its base target."""
    rows = [
        _row("baoshan", "mfg_share", 2023, "actual", 29.1, measure="share"),
        _row("baoshan", "mfg_share", 2024, "target", 30, qualifier="以上", bound="floor",
             measure="share"),
        _row("baoshan", "mfg_share_change", 2024, "target", 1, unit="百分点", qualifier="力争",
             commitment="strive", base="mfg_share"),
    ]  # fmt: skip
    m = _master(rows)
    share, tier = m.loc["mfg_share"], m.loc["mfg_share_change"]
    assert share["second_tier_level"] == 30.1
    assert share["second_tier"] == "30.1% (1百分点 力争)"
    assert share["second_tier_id"] == tier["target_id"] and pd.isna(share["tier_of"])
    assert tier["tier_of"] == share["target_id"] and pd.isna(tier["second_tier"])


def test_a_tier_without_a_last_result_has_no_level() -> None:
    rows = [
        _row("baoshan", "mfg_share", 2024, "target", 30, qualifier="以上", bound="floor"),
        _row("baoshan", "mfg_share_change", 2024, "target", 1, unit="百分点", base="mfg_share"),
    ]
    m = _master(rows)
    assert pd.isna(m.loc["mfg_share", "second_tier_level"])
    assert m.loc["mfg_share_change", "tier_of"] == m.loc["mfg_share", "target_id"]


def test_a_change_in_points_of_another_year_is_no_tier() -> None:
    rows = [
        _row("baoshan", "mfg_share", 2023, "actual", 29.1),
        _row("baoshan", "mfg_share", 2024, "target", 30, qualifier="以上", bound="floor"),
        _row("baoshan", "mfg_share_change", 2025, "target", 1, unit="百分点", base="mfg_share"),
    ]
    m = _master(rows)
    assert pd.isna(m.loc["mfg_share", "second_tier"])


def test_a_part_of_the_year_is_no_years_result_in_any_table() -> None:
    """A 前三季度 GDP growth of 4.1 (`period`) beside a full year's 5.6: the growth table, the
    master table take 5.6, never 4.1 (written here by hand)."""
    rows = [
        _row("yangpu", "gdp_growth", 2023, "actual", 4.1, base="gdp", period="前三季度"),
        _row("yangpu", "gdp_growth", 2023, "actual", 5.6, base="gdp"),
        _row("yangpu", "gdp_growth", 2024, "target", 5, qualifier="以上", bound="floor",
             base="gdp"),
    ]  # fmt: skip
    rows[0]["id"] = "aa-part"  # sorted first: without the filter it would be taken
    frame = pd.DataFrame(rows)
    g = targets.growth_targets(frame).set_index("indicator")
    assert g.loc["gdp_growth", "result"] == 5.6
    assert _master(rows).loc["gdp_growth", "result_value"] == 5.6
    assert list(targets.full_year(frame)["value"]) == [5.6, 5.0]
