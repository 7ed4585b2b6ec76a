"""Signs, plan text, periods and a fact printed twice, drafted on hand-made text, and what
`accept` makes of them (a signed value is kept, a part-year figure refused)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.curate.accept import accept
from analysis.curate.draft import catalogue_of, draft, write_draft
from analysis.curate.evaluate import draft_fixture
from tests.conftest import read_rows

RY, PY = 2024, 2025  # the years of the hand-made text below, not of any shipped report


@pytest.fixture(scope="module")
def catalogue():
    return catalogue_of()


def _rows(text: str, catalogue) -> dict[str, dict]:
    return {str(r["value"]): r for r in draft_fixture(text, RY, PY, catalogue).rows}


def test_a_printed_minus_is_part_of_the_value(catalogue) -> None:
    rows = _rows("一、2024年计划执行情况\n全年外贸进出口总额同比增长 -4.3%。\n", catalogue)
    assert (rows["-4.3"]["value_signed"], rows["-4.3"]["note"]) == ("-4.3", "")


@pytest.mark.parametrize("word", ["下降", "减少", "回落"])
def test_a_fall_makes_a_growth_negative_and_keeps_the_printed_digits(word: str, catalogue):
    rows = _rows(
        f"一、2024年计划执行情况\n区级一般公共预算收入188.2亿元，同比{word}2.6%。\n", catalogue
    )
    row = rows["2.6"]
    assert (row["value"], row["value_signed"]) == ("2.6", "-2.6")
    assert f"{word}2.6%" in row["quote"]
    assert row["note"] == f"printed as a fall ({word}): the growth is -2.6"
    assert rows["188.2"]["value_signed"] == "188.2"


def test_a_rate_whose_name_is_a_fall_stays_positive(catalogue) -> None:
    rows = _rows("一、2024年计划执行情况\n单位增加值综合能耗下降率下降2.2%。\n", catalogue)
    assert rows["2.2"]["value_signed"] == "2.2"


def test_plan_text_before_any_heading_gives_plan_year_targets(catalogue) -> None:
    text = (
        "今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。\n"
        "一、2024年工作回顾\n全年实现地区生产总值2108.6亿元。\n"
    )
    rows = _rows(text, catalogue)
    assert (rows["5.5"]["year"], rows["5.5"]["kind"], rows["5.5"]["qualifier"]) == (
        PY,
        "target",
        "左右",
    )
    assert (rows["2108.6"]["year"], rows["2108.6"]["kind"]) == (RY, "actual")
    assert rows["2108.6"]["label_zh"] == "地区生产总值", "no leading 全年实现"


def test_a_plan_section_of_a_work_report(catalogue) -> None:
    text = (
        "一、2024年工作回顾\n全年实现地区生产总值2108.6亿元。\n二、2025年主要工作安排\n"
        "建议今年经济社会发展的主要目标为：社会消费品零售总额增长6%。\n"
    )
    row = _rows(text, catalogue)["6"]
    assert (row["year"], row["kind"], row["label_zh"]) == (PY, "target", "社会消费品零售总额")


@pytest.mark.parametrize("period", ["上半年", "前三季度", "1-11月"])
def test_a_period_shorter_than_the_year_is_flagged(period: str, catalogue) -> None:
    text = f"一、2024年计划执行情况\n{period}，全社会固定资产投资完成268.9亿元。\n"
    row = _rows(text, catalogue)["268.9"]
    assert row["period"] == period
    assert str(row["confidence"]).startswith("low") and "not a full-year figure" in str(
        row["confidence"]
    )


def test_a_fact_printed_twice_is_drafted_once(catalogue) -> None:
    text = (
        "一、2024年计划执行情况\n全年实现地区生产总值2108.6亿元，同比增长5.3%。\n"
        "全区地区生产总值2108.6亿元，稳居中心城区前列。\n"
    )
    rows = [r for r in draft_fixture(text, RY, PY, catalogue).rows if r["value"] == "2108.6"]
    assert len(rows) == 1
    assert rows[0]["also_quote"] == "全区地区生产总值2108.6亿元，稳居中心城区前列。"
    assert "also printed at line 3" in str(rows[0]["confidence"])


def _add(data: Path, tmp: Path, text: str, source: str) -> None:
    file = tmp / f"{source}.txt"
    file.write_text(text, encoding="utf-8")
    args = ["add-report", str(file), "--source", source, "--district", "testdist",
            "--results-year", str(RY), "--plan-year", str(PY), "--adopted", "2025-01-20",
            "--title-zh", "报告", "--title-en", "Report", "--district-zh", "测试区",
            "--district-en", "Test District", "--data-dir", str(data)]  # fmt: skip
    assert main(args) == 0


def _keep(path: Path, out: Path, values: set[str]) -> Path:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(r for r in rows if r["value"] in values)
    out.write_text(buf.getvalue(), encoding="utf-8")
    return out


@pytest.mark.sweep
def test_accept_keeps_a_signed_value_and_the_fall_note(data_copy: Path, tmp_path: Path) -> None:
    text = (
        "一、2024年计划执行情况\n"
        "表1 2024年主要指标完成情况\n| 序号 | 指标 | 指标类型 | 年度目标 | 完成数 | 同比增长 |\n"
        "| 1 | 地区生产总值（亿元） | 预期性 | 增长5% | 2650.3 | -4.3% |\n"
        "区级一般公共预算收入188.2亿元，同比下降2.6%。\n"
    )
    _add(data_copy, tmp_path, text, "testdist-2025")
    path = write_draft(draft("testdist-2025", str(data_copy)), tmp_path / "d.csv", str(data_copy))
    result = accept(
        _keep(path, tmp_path / "k.csv", {"2650.3", "-4.3", "2.6", "188.2"}), str(data_copy)
    )
    assert len(result.ids) == 4
    rows = {r[7]: r for r in read_rows(data_copy / "indicators.csv")[1:] if r[1] == "testdist"}
    header = read_rows(data_copy / "indicators.csv")[0]
    assert rows["-4.3"][header.index("indicator")] == "gdp_growth"
    assert rows["2.6"][header.index("note")] == "printed as a fall (下降): the growth is -2.6"
    assert "value_signed" not in header and "confidence" not in header
    assert all(r[header.index("period")] == "" for r in rows.values()), "full-year figures"


@pytest.mark.sweep
def test_accept_stores_a_part_year_figure_with_its_period(data_copy: Path, tmp_path: Path) -> None:
    _add(
        data_copy,
        tmp_path,
        "一、2024年计划执行情况\n前三季度，地区生产总值完成1500.2亿元。\n",
        "testdist-2025",
    )
    path = write_draft(draft("testdist-2025", str(data_copy)), tmp_path / "d.csv", str(data_copy))
    result = accept(_keep(path, tmp_path / "k.csv", {"1500.2"}), str(data_copy))
    assert len(result.ids) == 1
    rows = read_rows(data_copy / "indicators.csv")
    row = dict(zip(rows[0], next(r for r in rows if r[0] == result.ids[0]), strict=True))
    assert (row["value"], row["year"], row["kind"], row["period"]) == (
        "1500.2", "2024", "actual", "前三季度",
    )  # fmt: skip


def test_a_range_is_one_row_with_both_ends(catalogue) -> None:
    text = "二、2025年主要目标\n合同利用外资12-15亿美元，1-11月除外。\n"
    rows = _rows(text, catalogue)
    assert "15" not in rows, "the high end is the row's value_high, not a row of its own"
    assert (rows["12"]["value_high"], rows["12"]["unit"]) == ("15", "亿美元")
    assert "a range 12-15" in str(rows["12"]["confidence"])
