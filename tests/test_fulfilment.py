"""Plan fulfilment: targets for a year against results for that year, judged by their bound."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.analyses.fulfilment import bound_of, fulfilment, judge, rounding
from analysis.dev.synthetic import write_synthetic
from analysis.presentation import tables
from analysis.presentation.notebook import setup


def _rows(*rows: tuple) -> pd.DataFrame:
    """Hand-made indicator rows: (id, district, year, kind, indicator, printed, unit, qual)."""
    factor = {"亿元": 1e8, "万元": 1e4, "%": 1.0, "张": 1.0, "人": 1.0}
    std = {"亿元": "yuan", "万元": "yuan", "%": "percent", "张": "count", "人": "persons"}
    frame = pd.DataFrame(
        rows, columns=["id", "district", "year", "kind", "indicator", "value_printed", "unit",
                       "qualifier"],
    )  # fmt: skip
    frame["value"] = frame["value_printed"].astype(float)
    frame["value_std"] = frame["value"] * frame["unit"].map(factor)
    frame["unit_std"] = frame["unit"].map(std)
    frame["district_zh"] = frame["district"].map({"aa": "甲区", "bb": "乙区"})
    frame["district_short"] = frame["district"].map({"aa": "A", "bb": "B"})
    frame["name_zh"] = frame["indicator"]
    frame["name_en"] = frame["indicator"]
    return frame


@pytest.mark.parametrize(
    ("qualifier", "bound"),
    [("以上", "floor"), ("不低于", "floor"), ("不少于", "floor"), (None, "exact"),
     ("力争", "exact"), ("确保;预期性", "exact"),
     ("以内", "ceiling"), ("左右", "about"), ("左右;与全市保持同步", "about"), ("约", "about"),
     ("迈上", "floor")],
)  # fmt: skip
def test_bound_from_qualifier(qualifier: str | None, bound: str) -> None:
    assert bound_of(qualifier) == bound


def test_rounding_follows_the_printed_digits() -> None:
    assert rounding("5") == 0.5
    assert rounding("5.5") == pytest.approx(0.05)
    assert rounding("2.00") == pytest.approx(0.005)


@pytest.mark.parametrize(
    ("target", "result", "bound", "status"),
    [
        (5, 5, "floor", "met"),
        (5, 5.4, "floor", "met"),  # within the rounding of a printed "5"
        (5, 5.6, "floor", "exceeded"),
        (5, 4.9, "floor", "missed"),
        (100, 100, "ceiling", "met"),
        (100, 60, "ceiling", "met"),
        (100, 101, "ceiling", "missed"),
        (5, 4.6, "about", "met"),
        (5, 5.5, "about", "met"),
        (5, 4.4, "about", "missed"),
        (5, 5.7, "about", "exceeded"),
    ],
)
def test_judge(target: float, result: float, bound: str, status: str) -> None:
    assert judge(target, result, bound, 0.5) == status


@pytest.mark.sweep
def test_fulfilment_pairs_targets_with_the_next_reports_results() -> None:
    ind = _rows(
        ("aa-0001", "aa", 2024, "target", "gdp_growth", "5", "%", "左右"),
        ("aa-0101", "aa", 2024, "actual", "gdp_growth", "4.2", "%", None),
        ("aa-0002", "aa", 2024, "target", "beds", "400", "张", "以上"),
        ("aa-0102", "aa", 2024, "estimate", "beds", "380", "张", None),
        ("aa-0103", "aa", 2024, "actual", "beds", "1380", "张", None),  # actual before estimate
        ("aa-0003", "aa", 2024, "target", "jobless", "12000", "人", "以内"),
        ("aa-0104", "aa", 2024, "actual", "jobless", "11999", "人", None),
        ("aa-0004", "aa", 2025, "target", "gdp_growth", "5", "%", None),  # no 2025 result yet
        ("bb-0001", "bb", 2024, "target", "gdp_growth", "5", "%", None),
        ("bb-0101", "bb", 2023, "actual", "gdp_growth", "9", "%", None),  # another year
    )
    out = fulfilment(ind).set_index("target_id")
    assert list(out.index) == ["aa-0002", "aa-0001", "aa-0003"]
    waiting = fulfilment(ind, pending=True).set_index("target_id")
    assert set(waiting.index) == {"aa-0001", "aa-0002", "aa-0003", "aa-0004", "bb-0001"}
    assert waiting.loc["aa-0004", "status"] == "pending"
    assert pd.isna(waiting.loc["bb-0001", "result"])
    assert out.loc["aa-0001", "status"] == "missed"
    assert out.loc["aa-0001", "bound"] == "about"
    assert out.loc["aa-0001", "margin"] == pytest.approx(-0.8)
    assert out.loc["aa-0002", "result_id"] == "aa-0103"
    assert out.loc["aa-0002", "status"] == "exceeded"
    assert out.loc["aa-0003", "status"] == "met"
    assert out.loc["aa-0003", "district_zh"] == "甲区"


def test_a_figure_about_a_named_entity_meets_only_its_own_result() -> None:
    ind = _rows(
        ("aa-0001", "aa", 2024, "target", "beds", "100", "张", None),
        ("aa-0101", "aa", 2024, "actual", "beds", "90", "张", None),
        ("aa-0102", "aa", 2024, "actual", "beds", "120", "张", None),
    )
    ind["subject"] = [None, None, "某医院"]
    out = fulfilment(ind)
    assert list(out["result_id"]) == ["aa-0101"]
    assert list(out["status"]) == ["missed"]


def test_fulfilment_compares_across_units_through_the_standard_value() -> None:
    """A target of 2 亿元 against a result of 19000 万元: value differs from value_std."""
    ind = _rows(
        ("aa-0001", "aa", 2024, "target", "fund", "2", "亿元", None),
        ("aa-0101", "aa", 2024, "actual", "fund", "19000", "万元", None),
        ("aa-0002", "aa", 2024, "target", "fund_pct", "2", "%", None),
        ("aa-0102", "aa", 2024, "actual", "fund_pct", "19000", "万元", None),  # not comparable
    )
    out = fulfilment(ind)
    assert list(out["target_id"]) == ["aa-0001"]
    row = out.iloc[0]
    assert (row["status"], row["unit"]) == ("missed", "yuan")
    assert row["margin"] == pytest.approx(-1e7)


def test_fulfilment_uses_reference_results_and_city_targets() -> None:
    ind = _rows(("aa-0001", "aa", 2024, "target", "gdp_growth", "5", "%", "左右"))
    ref = pd.DataFrame(
        {
            "id": ["ref-001", "ref-002", "ref-003"],
            "scope": ["shanghai", "shanghai", "aa"],
            "year": [2024, 2024, 2024],
            "kind": ["target", "actual", "actual"],
            "indicator": ["gdp_growth"] * 3,
            "value": [5.0, 5.0, 5.2],
            "unit": ["%"] * 3,
            "qualifier": ["左右", None, None],
            "name_zh": ["地区生产总值"] * 3,
            "name_en": ["GDP growth"] * 3,
        }
    )
    out = fulfilment(ind, ref).set_index("target_id")
    assert out.loc["ref-001", "district_short"] == "Shanghai"
    assert out.loc["ref-001", "status"] == "met"
    assert out.loc["aa-0001", "result_id"] == "ref-003"
    assert out.loc["aa-0001", "status"] == "met"


@pytest.mark.sweep
def test_fulfilment_on_synthetic_data_meets_misses_and_exceeds(tmp_path: Path) -> None:
    target = write_synthetic(tmp_path / "syn", districts=3, years=4, seed=5)
    data = str(target / "data")
    ind = analysis.load_indicators(data, standard=True)
    out = fulfilment(ind, analysis.load_reference(data))
    assert set(out["status"]) == {"met", "missed", "exceeded"}
    assert set(out["bound"]) == {"floor", "ceiling", "about", "exact"}  # exact: a bare number
    # every target of a year that has a later report is judged, and only those
    sources = analysis.sources(data)
    judged_years = set(sources["results_year"]) & set(sources["plan_year"])
    targets = ind[(ind["kind"] == "target") & ind["year"].isin(judged_years)]
    assert len(out) == len(targets)
    # each judgement agrees with the rule on the printed figures
    for row in out.itertuples():
        t, r = float(row.target), float(row.result)
        assert row.status == judge(t, r, row.bound, rounding(row.target))
    ctx = setup("synab", data_dir=data, style=False)
    shown = tables.data("fulfilment", ctx)
    assert set(shown["district"]) == {"synab", "shanghai"}
    judged = shown[shown["status"] != "pending"]
    assert len(judged) == (out["district"] == "synab").sum()
    # the latest plan year's targets wait for the next report
    pend = shown[(shown["status"] == "pending") & (shown["district"] == "synab")]
    assert set(pend["year"]) == {max(sources["plan_year"])}
    assert pend["fulfilled_result"].isna().all()


def test_fulfilment_table_on_the_real_data_traces_every_row() -> None:
    """Today's data holds one report per district: a row appears only for a target whose year
    has a result (from a later report or reference.csv); each traces to both rows."""
    ctx = setup("baoshan", style=False)
    shown = tables.data("fulfilment", ctx)
    assert len(shown) > 0  # today: the plan year's targets, pending
    out = shown[shown["status"] != "pending"]
    ids = set(ctx.ind["id"].astype(str)) | set(ctx.ref["id"].astype(str))
    result_years = set(ctx.ind.loc[ctx.ind["kind"] != "target", "year"]) | set(
        ctx.ref.loc[ctx.ref["kind"] == "actual", "year"]
    )
    assert set(out["year"]) <= result_years
    for row in out.itertuples():
        assert {row.target_id, row.result_id} <= ids
        t, r = float(row.fulfilled_target), float(row.fulfilled_result)
        assert row.status == judge(t, r, row.bound, rounding(row.fulfilled_target))
    assert list(out.columns)[:3] == ["district", "name_zh", "name_en"]


def test_one_target_printed_by_two_sources_is_judged_once() -> None:
    """The city's target in two documents (one adds 预期性) is one fact, judged once, from the
    row that states more; a footnote row (`role`) is not the district's target."""
    ind = _rows(("aa-1", "aa", 2024, "target", "x", "5", "%", "以上"))
    ind["role"] = pd.array(["descriptive"], dtype="string")
    ref = _rows(
        ("ref-1", "shanghai", 2024, "target", "x", "5", "%", "左右"),
        ("ref-2", "shanghai", 2024, "target", "x", "5", "%", "左右;预期性"),
        ("ref-3", "shanghai", 2024, "actual", "x", "5.2", "%", None),
    ).rename(columns={"district": "scope"})
    out = fulfilment(ind, ref, pending=True)
    assert list(out["target_id"]) == ["ref-2"] and list(out["status"]) == ["met"]


def test_a_pending_target_in_words_has_no_bound_to_judge_by() -> None:
    ind = _rows(("aa-1", "aa", 2024, "target", "x", "5", "%", "以上"))
    words = ind.iloc[[0]].assign(id="aa-2", indicator="y", value=float("nan"),
                                 value_printed=pd.NA, qualifier="完成市下达指标")  # fmt: skip
    out = fulfilment(pd.concat([ind, words], ignore_index=True), pending=True)
    by_id = out.set_index("target_id")
    assert by_id.loc["aa-1", "bound"] == "floor" and by_id.loc["aa-1", "status"] == "pending"
    assert pd.isna(by_id.loc["aa-2", "bound"]) and by_id.loc["aa-2", "status"] == "pending"


# Verdicts below are written by hand from the rule in the module docstring, not computed with
# judge(): each case sits at an edge where `<` for `<=`, float noise or a tolerance left in the
# wrong unit gives another verdict.
@pytest.mark.parametrize(
    ("target", "result", "bound", "tolerance", "status"),
    [
        (3.3, 3.3, "floor", 0.05, "met"),  # a floor reached exactly
        (3.3, 3.35, "floor", 0.05, "met"),  # the top of the printed rounding: 3.3 + 0.05 is 3.3499…
        (3.3, 3.36, "floor", 0.05, "exceeded"),
        (3.3, 3.29, "floor", 0.05, "missed"),
        (1.1, 1.0, "ceiling", 0.05, "met"),
        (1.1, 1.1, "ceiling", 0.05, "met"),  # a ceiling reached exactly
        (1.1, 1.11, "ceiling", 0.05, "missed"),
        (4.3, 4.25, "about", 0.05, "met"),  # the bottom edge of 左右
        (4.3, 4.35, "about", 0.05, "met"),  # the top edge
        (4.3, 4.24, "about", 0.05, "missed"),
        (4.3, 4.36, "about", 0.05, "exceeded"),
    ],
)
def test_judge_at_the_edges(
    target: float, result: float, bound: str, tolerance: float, status: str
) -> None:
    assert judge(target, result, bound, tolerance) == status


@pytest.mark.parametrize(
    ("result", "status", "margin"),
    [
        ("23000", "met", 3e7),  # 2.3 亿: inside the rounding of a printed 2 (±0.5 亿 = 5000 万)
        ("25000", "met", 5e7),  # the top edge of that band
        ("25001", "exceeded", 5.001e7),
        ("20000", "met", 0.0),  # the floor reached exactly
        ("19999", "missed", -1e4),
    ],
)
def test_the_rounding_band_is_carried_into_the_results_unit(
    result: str, status: str, margin: float
) -> None:
    """A target of 2 亿元 judged on a result in 万元: the band of a printed 2 is 0.5 亿元
    (50,000,000 yuan), not 0.5 of a yuan nor 0.5 万元."""
    ind = _rows(
        ("aa-0001", "aa", 2024, "target", "fund", "2", "亿元", None),
        ("aa-0101", "aa", 2024, "actual", "fund", result, "万元", None),
    )
    row = fulfilment(ind).iloc[0]
    assert row["status"] == status
    assert row["tolerance"] == pytest.approx(5e7)
    assert row["margin"] == pytest.approx(margin)


def test_a_printed_floor_edge_is_met_through_the_table() -> None:
    ind = _rows(
        ("aa-0001", "aa", 2024, "target", "gdp_growth", "3.3", "%", "以上"),
        ("aa-0101", "aa", 2024, "actual", "gdp_growth", "3.35", "%", None),
        ("aa-0002", "aa", 2024, "target", "jobless", "1.1", "%", "以内"),
        ("aa-0102", "aa", 2024, "actual", "jobless", "1.1", "%", None),
    )
    out = fulfilment(ind).set_index("target_id")
    assert out.loc["aa-0001", "status"] == "met"
    assert out.loc["aa-0001", "margin"] == pytest.approx(0.05)
    assert out.loc["aa-0002", "status"] == "met"


def _words(base: pd.DataFrame, row_id: str, scope: str, year: int, qualifier: str) -> pd.DataFrame:
    """A target of income growth stated in words only (no number)."""
    return base.iloc[[0]].assign(
        id=row_id, district=scope, year=year, kind="target", indicator="income",
        value=float("nan"), value_printed=pd.NA, qualifier=qualifier,
    )  # fmt: skip


def test_a_target_pegged_to_the_economy_is_judged_about_its_gdp_result() -> None:
    ind = _rows(
        ("aa-0101", "aa", 2024, "actual", "gdp_growth", "5", "%", None),
        ("aa-0102", "aa", 2024, "actual", "income", "4.1", "%", None),
        ("aa-0103", "aa", 2023, "actual", "gdp_growth", "5", "%", None),
        ("aa-0104", "aa", 2023, "actual", "income", "6.6", "%", None),
        ("aa-0105", "aa", 2025, "actual", "income", "4.8", "%", None),
    )
    pegs = [
        _words(ind, "aa-0001", "aa", 2024, "与经济增长保持同步"),
        _words(ind, "aa-0002", "aa", 2023, "与经济增长基本同步"),
        _words(ind, "aa-0003", "aa", 2025, "与经济增长保持同步"),  # no GDP result that year
        _words(ind, "aa-0004", "aa", 2024, "完成市下达指标").assign(indicator="jobs"),
    ]  # the last in words, not a peg
    out = fulfilment(pd.concat([ind, *pegs], ignore_index=True), pending=True)
    by_id = out.set_index("target_id")
    # 4.1 against GDP's 5: below 4.5, the lower edge of a printed 5 (written by hand)
    assert by_id.loc["aa-0001", ["target", "bound", "status", "pegged_to"]].tolist() == [
        "5", "about", "missed", "aa-0101",
    ]  # fmt: skip
    assert by_id.loc["aa-0001", "margin"] == pytest.approx(-0.9)
    # 6.6 against GDP's 5: beyond 5.5, so exceeded, the broad peg (基本) judged the same way
    assert by_id.loc["aa-0002", "status"] == "exceeded"
    # a peg with no GDP result of its year, and words with no number, are never judged
    assert by_id.loc["aa-0003", "status"] == "pending" and pd.isna(by_id.loc["aa-0003", "target"])
    assert by_id.loc["aa-0004", "status"] == "pending" and pd.isna(by_id.loc["aa-0004", "bound"])


def test_the_reports_own_verdict_stands_beside_each_year() -> None:
    from analysis.analyses.fulfilment import of_district

    ind = _rows(
        ("aa-0001", "aa", 2024, "target", "gdp_growth", "5", "%", "左右"),
        ("aa-0101", "aa", 2024, "actual", "gdp_growth", "4.2", "%", None),
        ("aa-0002", "aa", 2025, "target", "gdp_growth", "5", "%", None),
    )
    ref = _rows(("ref-1", "aa", 2024, "actual", "x", "1", "%", None)).rename(
        columns={"district": "scope"}
    )
    ref = ref.assign(kind="verdict", indicator=pd.NA, value=float("nan"))
    ref["printed_as"] = "完成了区人大确定的主要目标任务"
    out = of_district(ind, ref, "aa").set_index("target_id")
    assert out.loc["aa-0001", "status"] == "missed"  # ours: 4.2 below 4.5
    assert out.loc["aa-0001", "report_verdict"] == "完成了区人大确定的主要目标任务"
    assert out.loc["aa-0001", "verdict_id"] == "ref-1"
    assert pd.isna(out.loc["aa-0002", "report_verdict"])  # no verdict printed for that year
