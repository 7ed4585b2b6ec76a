"""Facts real reports state (issue 18, item 3), each on a hand-made fixture.

a. A report's restatement of its results year's target (年度目标 beside 完成数): allowed, and
   fulfilment judges it against the result the same report prints beside it.
b. A range target (8-10%, 12-15亿美元, 1-2个百分点, 8%—10%, 8至10%): one row, `value` the low
   end and `value_high` the high end; fulfilment judges it by its two ends, the master table
   prints it as 8–10%.
c. A target relative to another jurisdiction (增速高于全市1个百分点, 高于全市平均水平, 与全市同步):
   `relative_to` shanghai and `margin` (points), value empty, the words as wording; fulfilment
   judges it against Shanghai's result for the year, else pending; the master table shows the
   words, never a plain 百分点 number.
d. A revised target (增长7%（后调整为1.6%左右）): both figures kept, the later `revises` the
   earlier (not a duplicate fact); fulfilment judges the revision and names the earlier figure.
f. A number whose digits a table spaces out (363 .98, 3 63.98): drafted, accepted and covered
   as the quote check reads it once spaces are deleted (363.98).
e. A target in words inside a table cell (稳步增长, 完成市下达指标): a target with an empty value
   and the words as wording (and qualifier where qualifiers.csv has them), not dropped.

Item 4:
g. A period shorter than the year (上半年, 前三季度, 1-11月): stored in `period` with the figure,
   validated against the period words, and never taken as a year's result or target by the
   master table, fulfilment or the ratchet.
h. A rank (位居全市第四, 中心城区第一, 位列全市第4): the place as the value (Chinese ordinals
   read as numbers), unit 位, the group ranked within as `rank_of`; a threshold
   (迈上2500亿元新台阶): the figure with qualifier 迈上, bound floor, not a point estimate.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_indicators, load_reference, sources
from analysis.analyses.fulfilment import fulfilment
from analysis.analyses.ratchet import ratchet
from analysis.analyses.targets import master_table
from analysis.base.errors import WorkbookError
from analysis.contract.coverage import coverage_of
from analysis.contract.domain import restates_results_year
from analysis.contract.package import lenient_package
from analysis.contract.provenance import ordinal_value, ordinal_zh, rank_in_quote, value_in_quote
from analysis.curate.accept import accept
from analysis.curate.draft import catalogue_of, draft, write_draft
from analysis.curate.evaluate import draft_fixture
from analysis.curate.tables import period_of
from analysis.load.comparability import comparability
from tests.conftest import get_cell, load_problems, read_rows, set_cell, write_rows
from tests.test_draft_facts import _add

FIXTURES = Path(__file__).parent / "fixtures" / "report_facts"




def test_restated_target_of_the_results_year_is_valid(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    assert (get_cell(path, 4, "kind"), get_cell(path, 4, "year")) == ("target", "2024")
    set_cell(path, 4, "year", "2023")  # baoshan-2024: results year 2023, plan year 2024
    assert load_problems(data_copy) == []


def test_target_before_the_results_year_is_still_refused(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    set_cell(path, 4, "year", "2022")
    assert load_problems(data_copy) == [
        (
            "indicators.csv",
            4,
            "year",
            "target year 2022 outside the report's plan horizon 2024–2030 "
            "(or its results year 2023, a restated target)",
        )
    ]


def test_restates_results_year() -> None:
    assert restates_results_year(2023, 2023)
    assert not restates_results_year(2024, 2023)


def _fixture_rows() -> pd.DataFrame:
    """Rows read from the fixture's table, plus an older report's estimate of the same year."""
    text = FIXTURES.joinpath("restated_target.txt").read_text(encoding="utf-8")
    line = text.splitlines()[2]
    cells = line.split("\t")
    target, result = cells[3].removesuffix("左右"), cells[4]
    assert (target, result) == ("5.5", "5.8") and target in line and result in line
    rows = [
        ("aa-1", "aa", "aa-2024", 2023, "target", "gdp_growth", target, "%", "左右"),
        ("aa-2", "aa", "aa-2024", 2023, "actual", "gdp_growth", result, "%", None),
        # another report's figure for the same year, with a later id: ranked first without the
        # same-report rule
        ("aa-9", "aa", "aa-2025", 2023, "actual", "gdp_growth", "4.0", "%", None),
    ]
    frame = pd.DataFrame(
        rows, columns=["id", "district", "source", "year", "kind", "indicator",
                       "value_printed", "unit", "qualifier"],
    )  # fmt: skip
    frame["value"] = frame["value_printed"].astype(float)
    frame["value_std"] = frame["value"]
    frame["unit_std"] = "percent"
    frame["district_zh"], frame["district_short"] = "甲区", "A"
    frame["name_zh"] = frame["name_en"] = frame["indicator"]
    return frame


def test_restated_target_is_judged_against_the_same_reports_result() -> None:
    out = fulfilment(_fixture_rows())
    assert len(out) == 1
    row = out.iloc[0]
    # the other report's 4.0 (aa-9, ranked first by id) would make it missed
    assert (row["target_id"], row["result_id"], row["status"]) == ("aa-1", "aa-2", "exceeded")
    assert row["result"] == "5.8"


# -- b. ranges ---------------------------------------------------------------------------------

RY, PY = 2024, 2025  # the years of the hand-made fixtures, not of any shipped report


def _fixture(name: str) -> str:
    return FIXTURES.joinpath(name).read_text(encoding="utf-8")


def _drafted(text: str) -> list[dict]:
    return draft_fixture(text, RY, PY, catalogue_of()).rows


def test_a_range_is_drafted_as_one_row_with_its_high_end() -> None:
    rows = [r for r in _drafted(_fixture("range_target.txt")) if r["kind"] == "target"]
    got = [(r["label_zh"], r["value"], r["value_high"], r["unit"], r["year"]) for r in rows]
    assert got == [
        ("地区生产总值", "8", "10", "%", PY),
        ("合同利用外资", "12", "15", "亿美元", PY),
        ("研发经费投入强度", "1", "2", "百分点", PY),
        ("社会消费品零售总额", "8", "10", "%", PY),
        ("外贸进出口总额", "8", "10", "%", PY),
    ]
    for r in rows:  # both ends stand in the quote, and the row says it is a range
        assert value_in_quote(r["value"], r["quote"])
        assert value_in_quote(r["value_high"], r["quote"])
        assert "a range" in r["confidence"]


def test_a_span_of_years_or_a_plot_code_is_no_range() -> None:
    text = "二、2025年主要目标\n推进05-06地块建设，落实（2022-2025）行动计划，增长5%。\n"
    assert all(r["value_high"] == "" for r in _drafted(text))


def _add_report(data: Path, tmp: Path, text: str, source: str = "testdist-2025") -> None:
    _add(data, tmp, text, source)  # add-report of testdist for the fixtures' years


def _accept_rows(rows: list[dict[str, str]], tmp: Path, data: Path) -> None:
    """Accept drafted rows as a reviewer saves them (k.csv beside the draft)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (tmp / "k.csv").write_text(buf.getvalue(), encoding="utf-8")
    accept(tmp / "k.csv", str(data))


def _accept_drafted(
    data: Path, tmp: Path, keep, keys: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """Draft the report just added, keep the rows `keep` selects, give a label the reviewer's
    key (`keys`) where the draft found none, accept them; the rows as indicators.csv then holds
    them."""
    path = write_draft(draft("testdist-2025", str(data)), tmp / "d.csv", str(data))
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if keep(r)]
    for r in rows:
        r["indicator"] = r["indicator"] or (keys or {}).get(r["label_zh"], "")
    _accept_rows(rows, tmp, data)
    with (data / "indicators.csv").open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["district"] == "testdist"]


@pytest.mark.sweep
def test_accept_adds_the_value_high_column_and_the_ranges_validate(
    data_copy: Path, tmp_path: Path
) -> None:
    path = data_copy / "indicators.csv"
    rows = read_rows(path)
    optional = ["value_high", "relative_to", "margin", "revises", "period", "rank_of"]
    assert rows[0][-6:] == optional
    # a file written before the columns existed leaves them out: valid, and accept adds the
    # one its rows fill
    write_rows(path, [r[:-6] for r in rows])
    rows_before = read_rows(path)
    before = rows_before[0]
    assert load_problems(data_copy) == []
    _add_report(data_copy, tmp_path, _fixture("range_target.txt"))
    rows = _accept_drafted(
        data_copy,
        tmp_path,
        lambda r: r["kind"] == "target" or r["value"] == "9.2",
        {"研发经费投入强度": "rd_spending_share_gdp_change"},
    )
    assert sorted((r["value"], r["value_high"]) for r in rows) == [
        ("1", "2"), ("12", "15"), ("8", "10"), ("8", "10"), ("8", "10"), ("9.2", ""),
    ]  # fmt: skip
    header = read_rows(data_copy / "indicators.csv")[0]
    assert header == [*before, "value_high"]
    assert load_problems(data_copy) == []
    frame = load_indicators(data_copy)
    ranged = frame[frame["value_high"].notna()]
    assert len(ranged) == 5 and set(ranged["value_high"]) == {2.0, 10.0, 15.0}
    shipped = len(rows_before) - 1  # the rows of the data folder the test started from
    assert (frame["district"] != "testdist").sum() == shipped  # kept, empty in the new column

    # the master table prints the range with its unit and codes it `range`
    master = master_table(
        load_indicators(data_copy, standard=True), load_reference(data_copy), sources(data_copy)
    )
    gdp = master[(master["district"] == "testdist") & (master["indicator"] == "gdp_growth")]
    assert list(gdp["target_wording"]) == ["8–10%"] and list(gdp["bound"]) == ["range"]
    assert gdp["escalation"].isna().all(), "a range's low end alone is not escalated"


def test_a_range_must_rise_and_stand_in_its_quote(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    assert get_cell(path, 29, "value") == "5.63"  # bs-0028: 实际到位外资额 5.63 亿美元 4 亿美元
    set_cell(path, 29, "value_high", "4")  # in its quote, but below 5.63
    set_cell(path, 5, "value_high", "190")  # bs-0004, 179.85: no 190 in its quote
    assert load_problems(data_copy) == [
        ("indicators.csv", 5, "value_high", "value_high 190 does not appear in the quote as a "
         "whole number"),
        ("indicators.csv", 29, "value_high", "value_high 4 is not above value 5.63: a range is "
         "printed low to high (8-10%)"),
    ]  # fmt: skip


def _range_rows(results: list[str]) -> pd.DataFrame:
    """A range target 8-10% of 2025 and one result per later report, each its own district."""
    rows = []
    for i, result in enumerate(results):
        d = f"d{i}"
        rows.append((f"{d}-1", d, f"{d}-2025", 2025, "target", "gdp_growth", "8", "10", "%"))
        rows.append((f"{d}-2", d, f"{d}-2026", 2025, "actual", "gdp_growth", result, None, "%"))
    frame = pd.DataFrame(
        rows, columns=["id", "district", "source", "year", "kind", "indicator", "value_printed",
                       "value_high_printed", "unit"],
    )  # fmt: skip
    frame["value"] = frame["value_printed"].astype(float)
    frame["value_high"] = frame["value_high_printed"].astype(float)
    frame["qualifier"] = None
    frame["value_std"], frame["unit_std"] = frame["value"], "percent"
    frame["district_zh"], frame["district_short"] = frame["district"], frame["district"]
    frame["name_zh"] = frame["name_en"] = frame["indicator"]
    return frame


def test_a_range_is_judged_by_its_two_ends_with_printed_rounding() -> None:
    # 8-10 printed as whole numbers: 7.6 prints as 8 (inside), 10.4 as 10 (inside)
    results = ["7.4", "7.6", "9.0", "10.4", "10.6"]
    out = fulfilment(_range_rows(results))
    assert list(out["status"]) == ["missed", "met", "met", "met", "exceeded"]
    assert list(out["margin"]) == [-0.6, -0.4, 0.0, 0.4, 0.6]
    assert set(out["target"]) == {"8–10"} and set(out["bound"]) == {"range"}


def test_a_pending_range_keeps_its_bound() -> None:
    frame = _range_rows(["9.0"])
    out = fulfilment(frame[frame["kind"] == "target"], pending=True)
    assert (out.iloc[0]["status"], out.iloc[0]["bound"], out.iloc[0]["target"]) == (
        "pending",
        "range",
        "8–10",
    )


# -- c. relative to the city -------------------------------------------------------------------


def test_a_target_relative_to_the_city_is_drafted_with_its_margin() -> None:
    rows = _drafted(_fixture("relative_target.txt"))
    got = [
        (r["label_zh"], r["indicator"], r["value"], r["margin"], r["relative_to"], r["wording"],
         r["unit"], r["kind"], r["year"])
        for r in rows
    ]  # fmt: skip
    assert got == [
        ("地区生产总值", "gdp_growth", "", "1", "shanghai", "高于全市1个百分点", "%", "target", PY),
        ("区级一般公共预算收入", "revenue_growth", "", "", "shanghai", "高于全市平均水平", "%",
         "target", PY),
        ("居民人均可支配收入", "disposable_income_growth", "", "", "shanghai", "与全市同步", "%",
         "target", PY),
    ]  # fmt: skip


def test_a_number_in_step_with_the_city_keeps_it_as_its_qualifier() -> None:
    # 5%左右，与全市保持同步 is the 5's qualifier (as Baoshan's table prints it), not a row
    text = "二、2025年主要目标\n地区生产总值增长5%左右，与全市保持同步。\n"
    rows = _drafted(text)
    assert [(r["value"], r["relative_to"]) for r in rows] == [("5", "")]


@pytest.mark.sweep
def test_relative_targets_are_accepted_and_validated(data_copy: Path, tmp_path: Path) -> None:
    _add_report(data_copy, tmp_path, _fixture("relative_target.txt"))
    rows = _accept_drafted(data_copy, tmp_path, lambda r: True)
    assert [(r["margin"], r["relative_to"], r["wording"]) for r in rows] == [
        ("1", "shanghai", "高于全市1个百分点"),
        ("", "shanghai", "高于全市平均水平"),
        ("", "shanghai", "与全市同步"),
    ]
    assert load_problems(data_copy) == []
    master = master_table(
        load_indicators(data_copy, standard=True), load_reference(data_copy), sources(data_copy)
    )
    mine = master[master["district"] == "testdist"]
    assert list(mine["target_wording"]) == ["高于全市1个百分点", "高于全市平均水平", "与全市同步"]
    assert set(mine["assignment"]) == {"relative"}
    assert mine["escalation"].isna().all() and set(mine["escalation_unit"]) == {""}


def test_a_margin_needs_relative_to_and_its_quote(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    set_cell(path, 29, "margin", "4")  # bs-0028's quote prints 4 亿美元: no relative_to
    set_cell(path, 5, "relative_to", "shanghai")  # bs-0004, an actual
    assert load_problems(data_copy) == [
        ("indicators.csv", 5, "relative_to", "relative_to shanghai on a actual: only a target "
         "is set relative to another"),
        ("indicators.csv", 29, "margin", "margin 4 without relative_to: a margin is the points "
         "above another jurisdiction (高于全市3个百分点), which relative_to names"),
    ]  # fmt: skip


def _relative_rows(cases: list[tuple[str, str | None, str, str | None]]) -> pd.DataFrame:
    """Per case (wording, margin, district's result, year): a 2025 GDP growth target relative
    to Shanghai and the district's result, each case its own district."""
    rows = []
    for i, (wording, margin, result, _) in enumerate(cases):
        d = f"d{i}"
        rows.append((f"{d}-1", d, 2025, "target", None, "%", wording, margin, "shanghai"))
        rows.append((f"{d}-2", d, cases[i][3] or 2025, "actual", result, "%", None, None, None))
    frame = pd.DataFrame(
        rows, columns=["id", "district", "year", "kind", "value_printed", "unit", "wording",
                       "margin_printed", "relative_to"],
    )  # fmt: skip
    frame["value"] = frame["value_printed"].astype(float)
    frame["margin"] = frame["margin_printed"].astype(float)
    frame["indicator"] = frame["city_indicator"] = "gdp_growth"
    frame["qualifier"] = None
    frame["value_std"], frame["unit_std"] = frame["value"], "percent"
    frame["district_zh"], frame["district_short"] = frame["district"], frame["district"]
    frame["name_zh"] = frame["name_en"] = frame["indicator"]
    return frame


def _city_result(year: int, printed: str) -> pd.DataFrame:
    frame = pd.DataFrame(
        [("ref-9", "shanghai", year, "actual", "gdp_growth", printed, "%", None)],
        columns=["id", "scope", "year", "kind", "indicator", "value_printed", "unit", "qualifier"],
    )
    frame["value"] = frame["value_printed"].astype(float)
    frame["value_std"], frame["unit_std"] = frame["value"], "percent"
    frame["name_zh"] = frame["name_en"] = frame["indicator"]
    return frame


def test_a_relative_target_is_judged_against_the_citys_result() -> None:
    # Shanghai grew 5.0% in 2025: 高于全市1个百分点 is a floor at 6.0 (±0.5 for a printed 1)
    cases = [
        ("高于全市1个百分点", "1", "6.2", None),  # met
        ("高于全市1个百分点", "1", "5.4", None),  # missed
        ("高于全市平均水平", None, "5.1", None),  # above the city: met
        ("高于全市平均水平", None, "5.0", None),  # not above: missed
        ("与全市同步", None, "5.0", None),  # in step within the city's rounding: met
        ("与全市同步", None, "4.0", None),  # missed
        ("高于全市1个百分点", "1", "7.0", 2026),  # no 2025 result of its own: pending
    ]
    out = fulfilment(_relative_rows(cases), _city_result(2025, "5.0"), pending=True)
    assert list(out["status"]) == ["met", "missed", "met", "missed", "met", "missed", "pending"]
    assert list(out["pegged_to"])[:6] == ["ref-9"] * 6
    assert list(out["target"]) == [c[0] for c in cases]
    assert list(out["bound"]) == ["floor", "floor", "floor", "floor", "about", "about", "floor"]


def test_a_relative_target_without_the_citys_result_is_pending() -> None:
    out = fulfilment(
        _relative_rows([("高于全市1个百分点", "1", "6.2", None)]),
        _city_result(2024, "5.0"),
        pending=True,
    )
    assert out.iloc[0]["status"] == "pending" and pd.isna(out.iloc[0]["result"])
    assert pd.isna(out.iloc[0]["pegged_to"])


# -- d. revised targets ------------------------------------------------------------------------


def test_a_revised_target_is_drafted_as_the_revision_of_the_earlier() -> None:
    rows = _drafted(_fixture("revised_target.txt"))
    got = [(r["value"], r["kind"], r["year"], r["indicator"], r["revises"]) for r in rows]
    assert got == [
        ("7", "target", RY, "foreign_trade_growth", ""),
        ("1.6", "target", RY, "foreign_trade_growth", "value 7"),
        ("2.1", "actual", RY, "foreign_trade_growth", ""),
    ]
    assert "revises 7" in rows[1]["confidence"]


@pytest.mark.sweep
def test_accept_links_the_revision_and_both_rows_validate(
    data_copy: Path, tmp_path: Path
) -> None:
    _add_report(data_copy, tmp_path, _fixture("revised_target.txt"))
    rows = _accept_drafted(data_copy, tmp_path, lambda r: True)
    by_value = {r["value"]: r for r in rows}
    assert by_value["1.6"]["revises"] == by_value["7"]["id"]
    assert by_value["7"]["revises"] == by_value["2.1"]["revises"] == ""
    assert load_problems(data_copy) == [], "the revision is not a second row of one fact"
    ful = fulfilment(load_indicators(data_copy, standard=True), pending=True)
    mine = ful[ful["district"] == "testdist"]
    assert len(mine) == 1, "the earlier figure is not judged beside its revision"
    row = mine.iloc[0]
    assert (row["target"], row["result"], row["status"]) == ("1.6", "2.1", "exceeded")
    assert (row["revises"], row["revised_from"]) == (by_value["7"]["id"], "7")


def test_accept_refuses_a_revision_whose_earlier_row_is_left_out(
    data_copy: Path, tmp_path: Path
) -> None:
    _add_report(data_copy, tmp_path, _fixture("revised_target.txt"))
    before = (data_copy / "indicators.csv").read_bytes()
    with pytest.raises(WorkbookError, match="revises 'value 7': no row of the same quote"):
        _accept_drafted(data_copy, tmp_path, lambda r: r["value"] != "7")
    assert (data_copy / "indicators.csv").read_bytes() == before


def test_a_revision_names_a_target_of_the_same_fact(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    # bs-0003 (line 4) is the 2024 GDP growth target; bs-0002 (line 3) the 2023 result
    set_cell(path, 3, "revises", "bs-0003")
    set_cell(path, 5, "revises", "bs-9999")
    assert load_problems(data_copy) == [
        ("indicators.csv", 3, "revises", "revises bs-0003 (line 4), which is not the same "
         "target: year, kind differ(s); a revision restates one target's figure"),
        ("indicators.csv", 5, "revises", "revises 'bs-9999': no other row has that id (a "
         "revision names the row it revises)"),
    ]  # fmt: skip


def test_without_revises_a_second_target_of_one_fact_is_still_refused(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    rows = read_rows(path)
    header = rows[0]
    second = list(rows[3])  # bs-0003, 5%左右
    second[header.index("id")] = "bs-9000"
    write_rows(path, [*rows, second])
    assert any("one fact, one row" in p[3] for p in load_problems(data_copy))
    second[header.index("revises")] = "bs-0003"
    write_rows(path, [*rows, second])
    assert load_problems(data_copy) == []


# -- f. digits spaced out ----------------------------------------------------------------------


def test_digits_a_table_spaces_out_are_drafted_whole() -> None:
    rows = {r["indicator"]: r for r in _drafted(_fixture("spaced_digits.txt"))}
    assert (rows["fixed_asset_investment"]["value"], rows["revenue"]["value"]) == (
        "363.98",
        "363.98",
    )
    for key in ("fixed_asset_investment", "revenue"):
        row = rows[key]
        assert value_in_quote(row["value"], row["quote"]) and row["unit"] == "亿元"
        assert "digits spaced out" in row["confidence"]
    assert {r["value"] for r in rows.values()} == {"363.98", "5.2", "4.1"}, "no 363, 3 or 63.98"


def test_numbers_of_adjacent_columns_are_not_joined() -> None:
    # a row as wide as its header: 5 and 5.2 are two columns' figures, not one spaced number
    text = (
        "表1 2024年主要指标完成情况\n指标 单位 年度目标 完成数\n"
        "地区生产总值增速 % 5 5.2\n"
    )  # fmt: skip
    assert sorted(r["value"] for r in _drafted(text)) == ["5", "5.2"]


@pytest.mark.sweep
def test_spaced_digits_are_accepted_covered_and_valid(data_copy: Path, tmp_path: Path) -> None:
    _add_report(data_copy, tmp_path, _fixture("spaced_digits.txt"))
    rows = _accept_drafted(data_copy, tmp_path, lambda r: True)
    assert sorted(r["value"] for r in rows) == ["363.98", "363.98", "4.1", "5.2"]
    assert load_problems(data_copy) == []
    (cov,) = coverage_of(lenient_package(data_copy), only="testdist-2025")
    assert [n.text for n in cov.uncovered] == [], "363, 3 and 63.98 covered by the 363.98 rows"


@pytest.mark.sweep
def test_accept_reads_a_hand_made_value_as_the_table_spaces_it(
    data_copy: Path, tmp_path: Path
) -> None:
    _add_report(data_copy, tmp_path, _fixture("spaced_digits.txt"))
    path = write_draft(draft("testdist-2025", str(data_copy)), tmp_path / "d.csv", str(data_copy))
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["indicator"] == "revenue"]
    rows[0]["value"] = "3 63.98"  # copied from the seed as printed
    _accept_rows(rows, tmp_path, data_copy)
    mine = [r for r in read_rows(data_copy / "indicators.csv") if r[1] == "testdist"]
    assert [r[7] for r in mine] == ["363.98"]
    assert load_problems(data_copy) == []


# -- e. a target in words in a table cell ------------------------------------------------------


def test_a_target_in_words_in_a_cell_is_drafted_with_its_words() -> None:
    rows = _drafted(_fixture("words_in_cell.txt"))
    got = [
        (r["label_zh"], r["indicator"], r["value"], r["wording"], r["qualifier"], r["unit"],
         r["kind"], r["year"])
        for r in rows
    ]  # fmt: skip
    assert got == [
        ("地区生产总值增速", "gdp_growth", "5", "", "左右;预期性", "%", "target", PY),
        ("社会消费品零售总额", "retail_sales_growth", "", "稳步增长", "预期性", "%", "target", PY),
        ("区级一般公共预算收入增速", "revenue_growth", "", "完成市下达指标",
         "完成市下达指标;预期性", "%", "target", PY),
    ]  # fmt: skip


@pytest.mark.sweep
def test_targets_in_words_are_accepted_and_shown_in_words(data_copy: Path, tmp_path: Path) -> None:
    _add_report(data_copy, tmp_path, _fixture("words_in_cell.txt"))
    rows = _accept_drafted(data_copy, tmp_path, lambda r: True)
    assert [(r["value"], r["wording"]) for r in rows] == [
        ("5", ""), ("", "稳步增长"), ("", "完成市下达指标"),
    ]  # fmt: skip
    assert load_problems(data_copy) == []
    ind = load_indicators(data_copy, standard=True)
    master = master_table(ind, load_reference(data_copy), sources(data_copy))
    mine = master[master["district"] == "testdist"].set_index("indicator")
    assert mine.loc["retail_sales_growth", "target_wording"] == "稳步增长"
    assert not mine.loc["retail_sales_growth", "has_number"]
    assert mine.loc["revenue_growth", "assignment"] == "city_assigned"
    ful = fulfilment(ind, pending=True)
    words = ful[(ful["district"] == "testdist") & ful["indicator"].isin(["retail_sales_growth"])]
    assert list(words["status"]) == ["pending"], "no number to judge: pending, not dropped"


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])


# -- g. a period shorter than the year (item 4) ------------------------------------------------


def test_a_part_year_figure_is_drafted_with_its_period() -> None:
    rows = {r["value"]: r for r in _drafted(_fixture("part_year.txt"))}
    got = {v: (rows[v]["year"], rows[v]["kind"], rows[v]["period"]) for v in rows}
    assert got == {
        "5.5": (RY, "target", ""),  # 年度目标: the whole year's target
        "4.1": (RY, "actual", "前三季度"),  # the 前三季度完成 column
        "268.9": (RY, "actual", "1-11月"),  # 1－11月 before it on its line, not 4.1's digits
        "7.2": (RY, "actual", "1-11月"),
        "5": (PY, "target", ""),
    }


def test_period_of_deletes_spaces_and_plain_hyphens_the_months() -> None:
    assert [period_of(p) for p in ("1 －11 月", "1至11月", "前三季度")] == [
        "1-11月", "1-11月", "前三季度",
    ]  # fmt: skip


@pytest.mark.sweep
def test_a_part_year_figure_is_stored_and_kept_out_of_full_year_comparisons(
    data_copy: Path, tmp_path: Path
) -> None:
    _add_report(data_copy, tmp_path, _fixture("part_year.txt"))
    kept = {"5.5", "4.1", "268.9", "5"}
    rows = _accept_drafted(data_copy, tmp_path, lambda r: r["value"] in kept)
    assert sorted((r["value"], r["period"]) for r in rows) == [
        ("268.9", "1-11月"), ("4.1", "前三季度"), ("5", ""), ("5.5", ""),
    ]  # fmt: skip
    assert load_problems(data_copy) == []
    ind = load_indicators(data_copy, standard=True)
    part = ind[(ind["district"] == "testdist") & ind["period"].notna()]
    part_ids = set(part["id"])
    assert set(part["value"]) == {4.1, 268.9}

    # fulfilment: 2024's 5.5% target has no full-year result, so it is pending, never "missed"
    # on the 前三季度 4.1%
    ful = fulfilment(ind, pending=True)
    gdp = ful[(ful["district"] == "testdist") & (ful["indicator"] == "gdp_growth")]
    assert list(zip(gdp["year"], gdp["status"], strict=True)) == [(RY, "pending"), (PY, "pending")]
    assert not set(ful["result_id"].dropna().astype(str)) & part_ids

    # the master table: the plan year's 5% stands against no result of the results year
    master = master_table(ind, load_reference(data_copy), sources(data_copy))
    mine = master[master["district"] == "testdist"]
    assert list(mine["indicator"]) == ["gdp_growth"] and mine["result_value"].isna().all()

    # the ratchet: 2025's target set against 2024's target 5.5, not the part-year 4.1
    out = ratchet(ind, None, comparability(data_copy))
    mine = out[(out["district"] == "testdist") & (out["indicator"] == "gdp_growth")]
    assert list(mine["year"]) == [PY] and list(mine["last_target"]) == ["5.5"]
    assert mine["last_result"].isna().all() and mine["last_result_id"].isna().all()
    used = {str(v) for c in out.columns if c.endswith("_id") for v in out[c].dropna()}
    assert not used & part_ids


@pytest.mark.sweep
def test_a_period_must_be_a_period_word(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    set_cell(path, 2, "period", "前三季度")
    assert load_problems(data_copy) == []
    set_cell(path, 2, "period", "全年")
    problems = load_problems(data_copy)
    assert len(problems) == 1 and problems[0][:3] == ("indicators.csv", 2, "period")


# -- h. ranks and thresholds (item 4) ---------------------------------------------------------


def test_chinese_ordinals_are_places() -> None:
    assert [ordinal_zh(n) for n in (1, 4, 10, 11, 16, 20, 21)] == [
        "一", "四", "十", "十一", "十六", "二十", "二十一",
    ]  # fmt: skip
    assert ordinal_value("十六") == 16 and ordinal_value("届") is None
    assert rank_in_quote("4", "位居全市第四") and rank_in_quote("16", "中心城区第十六")
    assert not rank_in_quote("1", "中心城区第十六"), "第十 heads 第十六: not the place 1 or 10"
    assert not rank_in_quote("10", "中心城区第十六")


def test_ranks_and_a_threshold_are_drafted() -> None:
    rows = _drafted(_fixture("ranks_thresholds.txt"))
    ranks = [(r["label_zh"], r["value"], r["unit"], r["rank_of"], r["year"], r["kind"])
             for r in rows if r.get("rank_of")]  # fmt: skip
    assert sorted(ranks) == sorted([
        ("全社会固定资产投资规模", "4", "位", "全市", RY, "actual"),
        ("社会消费品零售总额增速", "4", "位", "全市", RY, "actual"),
        ("区级财政收入增幅", "1", "位", "中心城区", RY, "actual"),
        ("地区生产总值增速", "2", "位", "中心城区", PY, "target"),
    ])  # fmt: skip
    assert not any("第二届" in r["quote"] and r.get("rank_of") for r in rows), "an edition"
    gdp = next(r for r in rows if r["value"] == "2500")
    assert (gdp["label_zh"], gdp["unit"], gdp["qualifier"]) == ("地区生产总值", "亿元", "迈上")
    assert "a floor" in gdp["confidence"]


@pytest.mark.sweep
def test_ranks_and_a_threshold_are_accepted_and_valid(data_copy: Path, tmp_path: Path) -> None:
    _add_report(data_copy, tmp_path, _fixture("ranks_thresholds.txt"))
    rows = _accept_drafted(
        data_copy, tmp_path, lambda r: r["value"] in {"4", "2500"} and r["indicator"] != ""
    )
    cols = ("indicator", "value", "unit", "rank_of", "qualifier")
    got = sorted(tuple(r[c] for c in cols) for r in rows)
    assert got == [
        ("fixed_asset_investment_rank", "4", "位", "全市", ""),
        ("gdp", "2500", "亿元", "", "迈上"),
        ("retail_sales_growth_rank", "4", "位", "全市", ""),
    ]
    assert load_problems(data_copy) == []
    ind = load_indicators(data_copy)
    mine = ind[ind["district"] == "testdist"]
    assert set(mine["rank_of"].dropna()) == {"全市"}
    assert set(mine.loc[mine["indicator"] == "gdp", "bound"]) == {"floor"}
    # drafted again: the curated rank in words (第四) is not drafted twice, the others still are
    again = [r for r in draft("testdist-2025", str(data_copy)).rows if r.get("rank_of")]
    assert sorted(r["value"] for r in again) == ["1", "2"]


@pytest.mark.sweep
def test_a_rank_is_checked_for_its_unit_group_and_place(data_copy: Path, tmp_path: Path) -> None:
    _add_report(data_copy, tmp_path, _fixture("ranks_thresholds.txt"))
    _accept_drafted(data_copy, tmp_path, lambda r: r["label_zh"] == "社会消费品零售总额增速")
    path = data_copy / "indicators.csv"
    line = len(read_rows(path))  # the accepted row, the file's last
    assert get_cell(path, line, "rank_of") == "全市" and load_problems(data_copy) == []
    set_cell(path, line, "value", "40")  # 第四 is not the place 40
    assert [p[2] for p in load_problems(data_copy)] == ["value"]
    set_cell(path, line, "value", "4")
    set_cell(path, line, "rank_of", "全国")
    found = [(p[2], p[3]) for p in load_problems(data_copy)]
    msg = "rank_of '全国' is not in the quote: the group ranked within is printed"
    assert found == [("rank_of", msg)]
    set_cell(path, line, "rank_of", "全市")
    set_cell(path, line, "unit", "%")
    assert ("unit", "rank_of 全市 with unit %: a rank's unit is 位 (its place)") in [
        (p[2], p[3]) for p in load_problems(data_copy)
    ]
