"""The ratchet: each year's target beside the year before's result and target, on hand-made
rows (expected figures written by hand), across units, with a refused pair and the city."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyses.ratchet import COLUMNS, ratchet
from analysis.load.comparability import COMP_COLUMNS, pair_refusal
from analysis.load.context import load_context
from analysis.presentation import tables
from tests.conftest import district_keys

FACTOR = {"亿元": 1e8, "万元": 1e4, "%": 1.0, "套": 1.0}
STD = {"亿元": "yuan", "万元": "yuan", "%": "percent", "套": "count"}


def _rows(*rows: tuple) -> pd.DataFrame:
    """Hand-made rows: (id, scope, year, kind, indicator, printed, unit, qualifier)."""
    frame = pd.DataFrame(
        rows, columns=["id", "district", "year", "kind", "indicator", "value_printed", "unit",
                       "qualifier"],
    )  # fmt: skip
    frame["value"] = frame["value_printed"].astype(float)
    frame["value_std"] = frame["value"] * frame["unit"].map(FACTOR)
    frame["unit_std"] = frame["unit"].map(STD)
    frame["district_zh"] = frame["district"].map({"aa": "甲区"})
    frame["district_short"] = frame["district"].map({"aa": "A"})
    frame["name_zh"] = frame["indicator"]
    frame["name_en"] = frame["indicator"]
    frame["city_indicator"] = frame["indicator"].map({"gdp_growth": "gdp_growth"})
    frame["city_compare"] = frame["indicator"].map({"gdp_growth": "number"})
    return frame


def _ref(*rows: tuple) -> pd.DataFrame:
    """Reference rows for Shanghai: (id, year, kind, indicator, printed, unit, qualifier)."""
    frame = _rows(*[(i, "shanghai", *rest) for i, *rest in rows])
    return frame.rename(columns={"district": "scope"}).drop(
        columns=["district_zh", "district_short", "city_indicator", "city_compare"]
    )


def _comp(*rules: dict) -> pd.DataFrame:
    return pd.DataFrame([{c: r.get(c) for c in COMP_COLUMNS} for r in rules]).astype("string")


NO_RULES = pd.DataFrame(columns=list(COMP_COLUMNS), dtype="string")


def _one(out: pd.DataFrame, scope: str, indicator: str, year: int) -> dict:
    hit = out[(out["district"] == scope) & (out["indicator"] == indicator) & (out["year"] == year)]
    assert len(hit) == 1, out
    return hit.iloc[0].to_dict()


def test_gap_revision_and_last_miss_by_hand() -> None:
    ind = _rows(
        ("aa-0001", "aa", 2023, "target", "gdp_growth", "6", "%", "左右"),
        ("aa-0101", "aa", 2023, "actual", "gdp_growth", "5.4", "%", None),
        ("aa-0002", "aa", 2024, "target", "gdp_growth", "5", "%", "以上"),
    )
    ref = _ref(("ref-001", 2024, "target", "gdp_growth", "5", "%", "左右"))
    row = _one(ratchet(ind, ref, NO_RULES), "aa", "gdp_growth", 2024)
    assert row["year_target"] == "5" and row["bound"] == "floor"
    assert row["last_result"] == "5.4" and row["last_result_kind"] == "actual"
    assert row["gap_to_last_result"] == pytest.approx(-0.4)  # 5 − 5.4
    assert row["last_target"] == "6" and row["last_bound"] == "about"
    assert row["revision"] == pytest.approx(-1.0)  # 5 − 6
    # 5.4 against "6左右": below 5.5, the lower edge of the band of a printed 6
    assert row["last_margin"] == pytest.approx(-0.6) and row["last_status"] == "missed"
    assert row["city_target"] == "5" and row["gap_to_city"] == pytest.approx(0.0)
    assert pd.isna(row["not_compared"])
    assert (row["target_id"], row["last_result_id"], row["last_target_id"]) == (
        "aa-0002", "aa-0101", "aa-0001",
    )  # fmt: skip


def test_a_floor_met_at_its_edge_last_year() -> None:
    ind = _rows(
        ("aa-0001", "aa", 2023, "target", "revenue_growth", "5", "%", "以上"),
        ("aa-0101", "aa", 2023, "actual", "revenue_growth", "5", "%", None),
        ("aa-0002", "aa", 2024, "target", "revenue_growth", "5", "%", "以上"),
    )
    row = _one(ratchet(ind, None, NO_RULES), "aa", "revenue_growth", 2024)
    assert row["last_status"] == "met" and row["last_margin"] == pytest.approx(0.0)
    assert row["revision"] == pytest.approx(0.0) and row["gap_to_last_result"] == pytest.approx(0)


def test_across_units_the_gap_is_in_the_targets_unit() -> None:
    # a target of 2亿元 against last year's 23000万元 and last year's target of 1.5亿元
    ind = _rows(
        ("aa-0001", "aa", 2023, "target", "investment", "1.5", "亿元", "以上"),
        ("aa-0101", "aa", 2023, "actual", "investment", "23000", "万元", None),
        ("aa-0002", "aa", 2024, "target", "investment", "2", "亿元", None),
    )
    row = _one(ratchet(ind, None, NO_RULES), "aa", "investment", 2024)
    assert row["unit"] == "亿元"
    assert row["last_result"] == "2.3"  # 23000万元 in 亿元
    assert row["gap_to_last_result"] == pytest.approx(-0.3)
    assert row["last_status"] == "exceeded"  # 2.3亿 beyond 1.5 + 0.05
    assert row["last_margin"] == pytest.approx(0.8)


def test_another_quantity_is_not_set_beside_it() -> None:
    ind = _rows(
        ("aa-0101", "aa", 2023, "actual", "housing", "300", "套", None),
        ("aa-0002", "aa", 2024, "target", "housing", "2", "亿元", None),
    )
    row = _one(ratchet(ind, None, NO_RULES), "aa", "housing", 2024)
    assert pd.isna(row["last_result"]) and pd.isna(row["gap_to_last_result"])


def test_a_refused_pair_keeps_its_figures_but_no_gap() -> None:
    ind = _rows(
        ("aa-0101", "aa", 2023, "actual", "housing", "2823", "套", None),
        ("aa-0002", "aa", 2024, "target", "housing", "500", "套", None),
    )
    comp = _comp(
        {"indicator": "housing", "kind": "actual", "period": "stock"},
        {"indicator": "housing", "kind": "target", "period": "flow"},
    )
    assert pair_refusal(comp, "housing", "aa", "target", "actual") == "stock_vs_flow"
    row = _one(ratchet(ind, None, comp), "aa", "housing", 2024)
    assert row["last_result"] == "2823" and pd.isna(row["gap_to_last_result"])
    assert row["not_compared"] == "running total against an annual figure"


def test_no_row_without_a_figure_of_the_year_before_and_none_for_words() -> None:
    ind = _rows(("aa-0002", "aa", 2024, "target", "gdp_growth", "5", "%", None))
    words = _rows(("aa-0003", "aa", 2024, "target", "income", "0", "%", "与经济增长保持同步"))
    words["value"] = float("nan")
    last = _rows(("aa-0103", "aa", 2023, "actual", "income", "4", "%", None))
    out = ratchet(pd.concat([ind, words, last], ignore_index=True), None, NO_RULES)
    assert out.empty and list(out.columns) == COLUMNS


def test_the_city_runs_its_own_ratchet_from_reference_rows() -> None:
    ind = _rows(("aa-0002", "aa", 2024, "target", "gdp_growth", "5", "%", None))
    ref = _ref(
        ("ref-001", 2023, "target", "gdp_growth", "5.5", "%", "以上"),
        ("ref-002", 2023, "actual", "gdp_growth", "5", "%", None),
        ("ref-003", 2024, "target", "gdp_growth", "5", "%", "左右"),
        ("ref-004", 2024, "target", "gdp_growth", "5", "%", "左右;预期性"),  # cited twice
    )
    row = _one(ratchet(ind, ref, NO_RULES), "shanghai", "gdp_growth", 2024)
    assert row["target_id"] == "ref-004"  # the row stating the attribute
    assert row["revision"] == pytest.approx(-0.5) and row["last_status"] == "missed"
    assert pd.isna(row["city_target"])  # the city is not set against itself


@pytest.mark.parametrize("district", district_keys())
def test_the_shipped_table_agrees_with_the_one_judgement(district: str) -> None:
    """Over the shipped data: every gap is the printed target minus the printed result where
    they share a unit, and a pair `pair_refusal` refuses has no gap, in any table."""
    ctx = load_context(district)
    out = tables.get("ratchet").compute(ctx)
    assert set(out["district"]) <= {district, "shanghai"}
    for r in out.itertuples(index=False):
        if pd.isna(r.last_result_kind):
            continue
        refusal = pair_refusal(ctx.comp, r.indicator, r.district, "target", r.last_result_kind)
        if refusal:
            assert pd.isna(r.gap_to_last_result), r
        elif pd.notna(r.last_result) and pd.notna(r.gap_to_last_result):
            want = float(r.year_target) - float(r.last_result)
            assert r.gap_to_last_result == pytest.approx(want, abs=1e-6), r


# --- the paths chart ----------------------------------------------------------------------------


def _rat(*rows: dict) -> pd.DataFrame:
    base = {"district": "aa", "district_zh": "甲区", "district_short": "A", "name_zh": "增速",
            "name_en": "growth", "unit": "%", "last_target": None, "last_result": None,
            "city_target": None, "not_compared": None}  # fmt: skip
    return pd.DataFrame([{**base, **r} for r in rows])


def test_paths_rows_are_the_ratchets_points_by_year_and_series() -> None:
    """Targets of 2024 and 2025 (6, 5) with the results of 2023 and 2024 (5.6, 5.2): the target
    path 6 → 5 and the result path 5.6 → 5.2, each point once, written here by hand."""
    from analysis.presentation.plots import paths_rows

    rat = _rat(
        {"indicator": "gdp", "year": 2024, "year_target": "6", "last_result": "5.6"},
        {"indicator": "gdp", "year": 2025, "year_target": "5", "last_result": "5.2",
         "last_target": "6"},
        {"indicator": "beds", "year": 2025, "year_target": "400", "last_result": "380"},
    )  # fmt: skip
    rows = paths_rows(rat)
    got = {(r.indicator, r.series, r.year, r.value) for r in rows.itertuples()}
    assert got == {("gdp", "target", 2024, 6.0), ("gdp", "target", 2025, 5.0),
                   ("gdp", "result", 2023, 5.6), ("gdp", "result", 2024, 5.2)}  # fmt: skip


def test_paths_rows_keep_a_step_beside_the_city_and_drop_a_refused_pair() -> None:
    from analysis.presentation.plots import paths_rows

    rat = _rat(
        {"indicator": "gdp", "year": 2025, "year_target": "5", "last_result": "5.2",
         "city_target": "5"},
        {"indicator": "lifts", "year": 2024, "year_target": "200", "last_result": "300",
         "not_compared": "scope differs"},
        {"indicator": "lifts", "year": 2025, "year_target": "250", "last_result": "210",
         "last_target": "200"},
    )  # fmt: skip
    rows = paths_rows(rat)
    assert set(rows["indicator"]) == {"gdp", "lifts"}
    lifts = rows[rows["indicator"] == "lifts"]
    assert 300.0 not in set(lifts["value"])  # the refused pair's result is not drawn
    assert sorted(lifts["year"]) == [2024, 2024, 2025]


@pytest.mark.sweep
def test_the_paths_chart_draws_both_languages_without_a_warning() -> None:
    import warnings

    from analysis.presentation import plots

    for district in district_keys():
        for lang in ("en", "zh"):
            ctx = load_context(district, lang)
            rat = tables.get("ratchet").compute(ctx)
            if not len(plots.paths_rows(rat)):
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                fig = plots.paths(rat, district, lang)
            assert len(fig.axes) == plots.paths_rows(rat).groupby(
                ["district", "indicator"]
            ).ngroups
