"""Growth-target logic on small hand-made frames, so each rule is checked in isolation."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import targets


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
    strength="none",
):
    return {
        "id": f"{district[:2]}-{indicator}-{year}-{kind}",
        "district": district,
        "district_short": district.title(),
        "district_zh": district,
        "indicator": indicator,
        "name_en": indicator,
        "name_zh": indicator,
        "label_zh": indicator,
        "year": year,
        "kind": kind,
        "value": value,
        "value_printed": printed or f"{value:g}",
        "unit": unit,
        "qualifier": qualifier,
        "qualifier_en": qualifier,
        "strength": strength,
        "measure": measure,
        "base": base,
        "comparability": None,
    }


@pytest.fixture
def ind() -> pd.DataFrame:
    rows = [
        _row("baoshan", "retail_sales", 2023, "actual", 991.12, measure="level", unit="亿元"),
        _row(
            "baoshan",
            "retail_sales",
            2024,
            "target",
            1057.40,
            "1057.40",
            measure="level",
            unit="亿元",
        ),
        _row("baoshan", "retail_sales_growth", 2024, "target", 7, base="retail_sales"),
        _row("baoshan", "commodity_sales", 2023, "actual", 10399.81, measure="level", unit="亿元"),
        _row("baoshan", "commodity_sales", 2024, "target", 10658.54, measure="level", unit="亿元"),
        _row("baoshan", "commodity_sales_growth", 2024, "target", 7, base="commodity_sales"),
        _row("baoshan", "gdp_growth", 2023, "actual", 1.7, base="gdp"),
        _row(
            "baoshan",
            "gdp_growth",
            2024,
            "target",
            5,
            qualifier="左右;与全市保持同步",
            base="gdp",
            strength="soft",
        ),
        _row(
            "yangpu", "gdp_growth", 2024, "target", 5, qualifier="以上", base="gdp", strength="hard"
        ),
        _row("yangpu", "revenue_growth", 2023, "actual", 8, base="revenue"),
        _row(
            "yangpu",
            "revenue_growth",
            2024,
            "target",
            6,
            qualifier="以上",
            base="revenue",
            strength="hard",
        ),
        _row("yangpu", "revenue", 2023, "actual", 154.99, measure="level", unit="亿元"),
    ]
    return pd.DataFrame(rows)


@pytest.fixture
def ref() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "scope": "shanghai",
                "kind": "target",
                "year": 2024,
                "indicator": "gdp_growth",
                "value": 5.0,
                "qualifier": "左右",
            },
            {
                "scope": "shanghai",
                "kind": "target",
                "year": 2024,
                "indicator": "revenue_growth",
                "value": 5.0,
                "qualifier": None,
            },
        ]
    )


def test_growth_targets_pair_result_and_target(ind: pd.DataFrame) -> None:
    g = targets.growth_targets(ind).set_index(["district", "indicator"])
    assert g.loc[("baoshan", "gdp_growth"), "change_pp"] == pytest.approx(3.3)
    assert g.loc[("yangpu", "revenue_growth"), "change_pp"] == pytest.approx(-2)
    # a target without a result in the report is kept, with the result missing (never zero)
    assert pd.isna(g.loc[("yangpu", "gdp_growth"), "result"])
    assert pd.isna(g.loc[("baoshan", "retail_sales_growth"), "result"])


def test_escalation_is_the_gap_to_the_city(ind: pd.DataFrame, ref: pd.DataFrame) -> None:
    e = targets.escalation(ind, ref).set_index(["district", "indicator"])
    assert e.loc[("yangpu", "revenue_growth"), "gap_pp"] == pytest.approx(1)
    assert e.loc[("yangpu", "gdp_growth"), "gap_pp"] == 0
    assert e.loc[("baoshan", "gdp_growth"), "city_qualifier"] == "左右"


def test_implied_levels(ind: pd.DataFrame) -> None:
    lv = targets.implied_levels(ind).set_index(["district", "base"])
    assert lv.loc[("baoshan", "retail_sales"), "implied_level"] == pytest.approx(991.12 * 1.07)
    assert lv.loc[("baoshan", "retail_sales"), "stated_level"] == pytest.approx(1057.40)
    assert lv.loc[("yangpu", "revenue"), "implied_level"] == pytest.approx(154.99 * 1.06)
    assert pd.isna(lv.loc[("yangpu", "revenue"), "stated_level"])


def test_consistency_flags_gaps_beyond_rounding(ind: pd.DataFrame) -> None:
    c = targets.consistency_checks(ind).set_index("base")
    retail = c.loc["retail_sales"]
    assert retail["gap"] == pytest.approx(1057.40 - 991.12 * 1.07)
    assert retail["growth_from_levels"] == pytest.approx((1057.40 / 991.12 - 1) * 100)
    assert bool(retail["consistent"])  # 6.69% rounds to the printed 7%
    commodity = c.loc["commodity_sales"]
    assert commodity["growth_from_levels"] == pytest.approx(2.488, abs=1e-3)
    assert not bool(commodity["consistent"])
    assert commodity["gap"] == pytest.approx(10658.54 - 10399.81 * 1.07)


def test_qualifier_strength_counts(ind: pd.DataFrame) -> None:
    ind["strength"] = pd.Categorical(ind["strength"], categories=["hard", "soft", "none"])
    table = targets.qualifier_strength(ind)
    assert table.loc["yangpu", "hard"] == 2
    assert table.loc["baoshan", "soft"] == 1
    assert table.loc["baoshan", "total"] == 5


def test_growth_targets_keep_district_wide_percent_rates_only() -> None:
    rows = [
        _row("baoshan", "gdp_growth", 2024, "target", 5.0),
        _row("baoshan", "share_change", 2024, "target", 1.0, unit="百分点"),
        {**_row("baoshan", "industry_growth", 2024, "target", 20.0), "subject": "新能源汽车"},
    ]
    frame = pd.DataFrame(rows)
    frame["subject"] = frame.get("subject")
    out = targets.growth_targets(frame)
    assert list(out["indicator"]) == ["gdp_growth"]
