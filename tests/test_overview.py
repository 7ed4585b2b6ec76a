"""The overview tables: headline figures as printed, and the side-by-side comparison."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.analyses import overview
from analysis.load.comparability import COMP_COLUMNS, comparability
from analysis.presentation import views
from analysis.presentation.labels import text


@pytest.fixture(scope="module")
def ind():
    return analysis.load_indicators()


@pytest.mark.parametrize(
    ("lang", "value_col", "id_col"), [("en", "Value", "Row id"), ("zh", "数值", "行号")]
)
def test_headline_keeps_printed_values_and_ids(ind, lang, value_col, id_col) -> None:
    head = views.headline(ind, "baoshan", lang)
    row = head[head[id_col] == "bs-0001"].iloc[0]
    assert row[value_col] == "1806.05"
    assert set(head[id_col]) <= set(ind["id"])
    assert len(head) == head[id_col].nunique()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_compare_marks_missing_figures_and_who_reports_them(ind, lang) -> None:
    wide = views.compare(ind, lang, comparability())
    reported = wide[("", text("reported_by", lang))]
    figures = wide.iloc[:, :-2]
    districts_with_figure = [
        {who for (_, who), cell in row.items() if cell != "—"} for _, row in figures.iterrows()
    ]
    n = ind["district"].nunique()
    for label, who, says in zip(wide.index, districts_with_figure, reported, strict=True):
        assert who, f"{label}: a row with no figure at all"
        everyone = {"en": "all districts", "zh": "各区均有"}[lang]
        assert (says == everyone) == (len(who) == n), label
    assert not (figures == "0").any().any(), "a missing figure is never a zero"


def _row(district, indicator, value, year=2023, kind="actual", unit="%", qualifier=None):
    return {
        "id": f"{district}-{indicator}-{year}-{kind}",
        "district": district,
        "district_short": district.title(),
        "district_zh": district,
        "indicator": indicator,
        "name_en": indicator.replace("_", " "),
        "name_zh": indicator,
        "label_zh": indicator,
        "year": year,
        "kind": kind,
        "value_printed": value,
        "unit": unit,
        "qualifier": qualifier,
        "qualifier_en": qualifier,
    }


def _ind(rows):
    frame = pd.DataFrame(rows)
    frame["district"] = pd.Categorical(frame["district"], categories=["yangpu", "baoshan"])
    return frame


def _comp(rows):
    cols = list(COMP_COLUMNS)
    return pd.DataFrame([{c: r.get(c) for c in cols} for r in rows]).astype("string")


COMP = _comp(
    [
        {"indicator": "revenue", "district": "yangpu", "scope": "fiscal", "period": "flow"},
        {"indicator": "revenue", "district": "baoshan", "scope": "budget", "period": "flow"},
        {"indicator": "gdp_growth_ex_tobacco", "scope": "ex_tobacco", "period": "flow",
         "variant_of": "gdp_growth"},
    ]
)  # fmt: skip


def test_revenue_of_different_scopes_is_refused_side_by_side() -> None:
    ind = _ind(
        [
            _row("yangpu", "revenue", "154.99", unit="亿元"),
            _row("baoshan", "revenue", "179.85", unit="亿元"),
            _row("yangpu", "fixed_asset_investment", "360", unit="亿元"),
            _row("baoshan", "fixed_asset_investment", "619", unit="亿元"),
        ]
    )
    v = overview.verdicts(ind, COMP)
    assert v["revenue"].startswith("not comparable: scope differs")
    assert v["fixed_asset_investment"] == "comparable"
    wide = views.compare(ind, "en", COMP)
    assert wide.loc["revenue", ("", "comparable?")].startswith("not comparable")


def test_growth_excluding_tobacco_is_never_read_as_headline_gdp_growth() -> None:
    ind = _ind(
        [
            _row("yangpu", "gdp_growth_ex_tobacco", "7", kind="estimate", qualifier="左右"),
            _row("baoshan", "gdp_growth", "1.7"),
        ]
    )
    notes = views.rate_notes(ind, COMP, "yangpu", 2023)
    assert notes == [
        "Yangpu prints no 2023 gdp growth figure; it gives gdp growth ex tobacco (7% 左右, "
        "estimate), a different indicator, not comparable with Baoshan's 1.7%."
    ]
    assert overview.verdicts(ind, COMP)["gdp_growth_ex_tobacco"].startswith("not comparable")
    assert any("gdp growth ex tobacco" in x for x in views.refusals(ind, COMP, "yangpu", 2023))


def test_each_figure_says_actual_or_estimate() -> None:
    ind = _ind(
        [
            _row("yangpu", "revenue", "154.99", unit="亿元"),
            _row("yangpu", "gdp_growth_ex_tobacco", "7", kind="estimate", qualifier="左右"),
            _row("yangpu", "gdp_growth", "5", year=2024, kind="target", qualifier="以上"),
        ]
    )
    wide = views.compare(ind, "en", COMP)
    assert wide.loc["revenue", ("2023 result", "Yangpu")] == "154.99 亿元 (actual)"
    assert wide.loc["gdp growth ex tobacco", ("2023 result", "Yangpu")].endswith("(estimate, 预计)")
    assert wide.loc["gdp growth", ("2024 target", "Yangpu")] == "5 % 以上"
    from analysis.presentation import narrative

    kinds = narrative.read_headline_kinds(overview.headline_rows(ind, "yangpu"), 2023)
    assert kinds == (
        "Of Yangpu's 2023 headline figures, 1 are actual results and 1 are estimates (预计). "
        "Actual results: revenue. Estimates (预计): gdp growth ex tobacco."
    )


def test_a_part_of_the_year_is_kept_out_of_the_headline_and_the_comparison() -> None:
    """前三季度 GDP growth is no year's result: neither the district's headline nor a figure set
    beside another district's year (issue 18 item 4)."""
    part = {**_row("baoshan", "gdp_growth", "5.9", year=2024), "id": "bs-q3", "period": "前三季度"}
    rows = [
        {**_row("yangpu", "gdp_growth", "5.5", year=2024), "period": None},
        {**_row("baoshan", "gdp_growth", "6.1", year=2024), "period": None},
        part,
    ]
    ind = _ind(rows)
    assert "bs-q3" not in set(overview.headline_rows(ind, "baoshan")["id"])
    compared = overview.compare_rows(ind, COMP)
    assert set(compared["id"]) == {r["id"] for r in rows[:2]}
    # without the period column (an older data folder) every row is a whole year's
    assert len(overview.compare_rows(ind.drop(columns="period"), COMP)) == 3
