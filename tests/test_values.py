"""Wrong numbers that look right: a value must be the number its quote states for it.

Each corruption below keeps the value inside its quote, so the older check (the value stands in
the quote as a whole number) lets it through; the value checks refuse it with file, line and
column. The curated rows pass with no false alarm; the two rows that break a rule on purpose are
listed, with their reasons, in data/exceptions.csv.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import DataError, load_indicators
from analysis.base.paths import DATA_DIR
from analysis.contract import values
from analysis.contract.package import validate_package
from tests.conftest import get_cell, line_of, read_rows, set_cell, write_rows


def _problems(data_dir: Path) -> list[tuple[str, int | None, str | None, str]]:
    with pytest.raises(DataError) as info:
        load_indicators(data_dir)
    return [(Path(p.file).name, p.line, p.column, p.message) for p in info.value.problems]


def test_the_curated_rows_raise_no_false_alarm() -> None:
    pkg = validate_package(DATA_DIR)
    assert len(pkg.tables["indicators"]) + len(pkg.tables["projects"]) >= 551
    assert {(r["table"], r["id"], r["rule"]) for r in pkg.tables["exceptions"]} == {
        ("indicators", "bs-0141", values.UNIT),
        ("indicators", "bs-0176", values.ONE_FACT),
    }


@pytest.mark.parametrize(
    ("printed", "shown"),
    [("1.7", "1.7%"), ("5", "5%")],  # other numbers of the same quote: GDP growth, its target
)
def test_gdp_replaced_by_another_number_of_its_quote(
    data_copy: Path, printed: str, shown: str
) -> None:
    path = data_copy / "indicators.csv"
    assert get_cell(path, 2, "indicator") == "gdp" and get_cell(path, 2, "value") == "1806.05"
    set_cell(path, 2, "value", printed)
    assert _problems(data_copy) == [
        (
            "indicators.csv",
            2,
            "value",
            f"value {printed}: the quote prints {shown}, not a value in 亿元",
        )
    ]


def test_gdp_unit_changed_from_yi_yuan_to_wan_yuan(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 2, "unit", "万元")
    assert _problems(data_copy) == [
        (
            "indicators.csv",
            2,
            "value",
            "value 1806.05: the quote prints 1806.05亿元, not a value in 万元",
        )
    ]


def test_project_investment_replaced_by_its_row_number(data_copy: Path) -> None:
    path = data_copy / "projects.csv"
    assert get_cell(path, 2, "quote") == "1 南大中央公园 3.4 推进建设"
    set_cell(path, 2, "total_investment", "1")
    assert _problems(data_copy) == [
        (
            "projects.csv",
            2,
            "total_investment",
            "total_investment 1: the quote prints 1 as a table row number, not as a quantity",
        )
    ]


def test_a_value_printed_as_a_year_is_refused(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    line = line_of(path, "id", "yp-0120")  # 6 家企业入选胡润 2023 年全球独角兽榜单
    assert "2023 年" in get_cell(path, line, "quote")
    set_cell(path, line, "value", "2023")
    assert _problems(data_copy) == [
        (
            "indicators.csv",
            line,
            "value",
            "value 2023: the quote prints 2023 as a calendar year, not as a quantity",
        )
    ]


def test_a_second_row_for_the_same_fact(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    rows = read_rows(path)
    head = rows[0]
    col = {name: i for i, name in enumerate(head)}
    # another curated 亿元 figure of the same report: its value and quote pass every other check
    other = next(
        r
        for r in rows[2:]
        if r[col["district"]] == "baoshan" and r[col["unit"]] == "亿元" and r[col["year"]] == "2023"
    )
    copy = list(rows[1])
    copy[col["id"]] = "bs-9999"
    for name in ("value", "quote", "section"):
        copy[col[name]] = other[col[name]]
    assert copy[col["value"]] != "1806.05"
    rows.append(copy)
    write_rows(path, rows)
    assert _problems(data_copy) == [
        (
            "indicators.csv",
            len(rows),
            "indicator",
            "the fact (baoshan, 2023, actual, gdp, no subject) already has a row on line 2: "
            "one fact, one row (a second passage stating it goes in also_quote)",
        )
    ]


def test_an_exception_that_excuses_nothing_is_refused(data_copy: Path) -> None:
    path = data_copy / "exceptions.csv"
    with path.open("a", encoding="utf-8") as f:
        f.write("indicators,bs-0001,value-unit,GDP is printed in 亿元 after all\n")
        f.write("projects,bs-p999,value-label,no such project\n")
    assert _problems(data_copy) == [
        (
            "exceptions.csv",
            4,
            "rule",
            "row bs-0001 passes rule value-unit: the exception is not needed; delete it",
        ),
        (
            "exceptions.csv",
            5,
            "id",
            "unknown id 'bs-p999' in projects (an exception names a row it excuses)",
        ),
    ]


def test_without_its_exception_the_row_is_refused(data_copy: Path) -> None:
    path = data_copy / "exceptions.csv"
    rows = [r for r in read_rows(path) if r[1] != "bs-0141"]
    write_rows(path, rows)
    line = line_of(data_copy / "indicators.csv", "id", "bs-0141")
    assert _problems(data_copy) == [
        ("indicators.csv", line, "value", "value 20: the quote prints 20位, not a value in 人")
    ]


def test_an_absent_exceptions_file_means_no_exceptions(data_copy: Path) -> None:
    (data_copy / "exceptions.csv").unlink()
    assert [p[0] for p in _problems(data_copy)] == ["indicators.csv", "indicators.csv"]


@pytest.mark.parametrize(
    ("printed", "unit", "quote", "expected"),
    [
        ("1806.05", "亿元", "地区生产总值 亿元 1806.05 亿元", None),
        ("1806.05", "万元", "地区生产总值 亿元 1806.05 亿元", values.UNIT),
        ("1", "百分点", "力争增长1个百分点", None),  # a measure word between value and unit
        ("42", "平方米/千人", "达到常住人口每千人42平方米", None),  # a per-unit printed per…
        ("12.5", "人", "新增就业12.5万人", values.UNIT),  # 万人 is not 人: 10⁴ too small
        ("3.4", "亿元", "1 南大中央公园 3.4 推进建设", None),  # a table cell without a unit
        ("1", "份", "占全市总数的 1/6", None),  # a fraction's numerator, "/" is no unit here
        ("5", "份", "指标 / 5 /", values.UNIT),  # "/" printed as a table's unit column
    ],
)
def test_check_value_on_hand_made_rows(printed, unit, quote, expected) -> None:
    units = ["亿元", "万元", "%", "百分点", "个", "平方米", "平方米/千人", "万人", "人", "/"]
    seed = quote.replace(" ", "")
    finding = values.check_value(printed, unit, quote, seed, {}, units)
    assert (finding.rule if finding else None) == expected
