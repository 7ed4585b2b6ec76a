"""Coverage: every number in both seeds is curated or excluded by a named rule, none uncovered."""

from __future__ import annotations

import pytest

from analysis.contract import coverage as cov_mod
from analysis.contract.coverage import coverage, find_numbers, report
from analysis.contract.coverage_rules import RULES, Rule
from tests.conftest import read_rows, source_keys, write_rows


def _excluded(text: str) -> dict[str, str]:
    """Which numbers of `text` the rules exclude, and by which rule."""
    numbers, seed = find_numbers(text)
    c = cov_mod.SeedCoverage("s", "f", seed, numbers)
    cov_mod._apply_rules(c, text, RULES)
    return {n.text: c.status[n].removeprefix("rule:") for n in numbers if n in c.status}


@pytest.mark.parametrize(
    ("text", "excluded"),
    [
        ("2023 年地区生产总值增长 5%", {"2023": "calendar year"}),
        (
            "《数字新赛道三年实施方案（2023-2025 年）》",
            {"2023": "calendar year", "2025": "calendar year"},
        ),
        (
            "2024年2月26日印发",
            {"2024": "calendar year", "2": "month and day", "26": "month and day"},
        ),
        ("宝发改规〔2024〕1号", {"2024": "document number", "1": "document number"}),
        ("表 1 产业发展进展情况", {"1": "table or annex number"}),
        ("附件 2", {"2": "table or annex number"}),
        ("正文\n- 8 -\n正文", {"8": "page number"}),
        ("加快推进轨交18号线二期", {"18": "rail line"}),
        ("定海街道 154 街坊等", {"154": "plot or block name"}),
        ("G1503高速公路", {"1503": "code with letters"}),
        ("新建5G基站223个", {"5": "code with letters after"}),
        ("PM2.5累计均值浓度为29微克/立方米", {"2.5": "code with letters"}),
        ("深化区“1+X+12”稳增长工作机制", {"1": "formula name", "12": "formula name"}),
        ("第九届人民代表大会第4次会议", {"4": "ordinal of a session or event"}),
        ("举办2023中国国际石墨烯创新大会", {"2023": "year in an event name"}),
        ("发布区优化营商环境6.0版", {"6.0": "version number"}),
        ("2024年是新中国成立75周年", {"2024": "calendar year", "75": "anniversary"}),
        ("18\t2023 年实施校舍修缮", {"18": "table row number", "2023": "calendar year"}),
        ("“1”指区府办", {"1": "formula part glossed"}),
        ("“便捷就医服务”2.0项目", {"2.0": "version number"}),
        (
            "控江路501-515号（单号）项目",
            {"501": "lane or house number", "515": "lane or house number"},
        ),
        ("十大“15分钟生活圈示范奖”", {"15": "N-minute service circle"}),
        ("打造“15分钟就业服务圈”", {"15": "N-minute service circle"}),
        ("附件：\n1、宝山区计划", {"1": "list item number"}),
        ("复旦科创中心0-2号基地", {"0": "numbered site name", "2": "numbered site name"}),
        ("举办2023第三届宝山“科创杯”", {"2023": "year before an event ordinal"}),
        ("面向2030农业现代化", {"2030": "horizon year in a programme name"}),
        ("“数字生活100”行动计划", {"100": "number in a quoted plan name"}),
        ("垃圾分类2.0先锋行动", {"2.0": "version number"}),
        ("本市户籍第11批次", {"11": "ordinal of a batch"}),
        ("为90周岁及以上老人发放", {"90": "age threshold"}),
        ("公园24小时开放", {"24": "round-the-clock"}),
        ("2023上海城市空间艺术季", {"2023": "year in an event name"}),
    ],
)
def test_rules_exclude_labels_dates_and_names(text: str, excluded: dict[str, str]) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(
    "text",
    [
        "新增 2000 场活动",  # a count that looks like a year
        "新建公园绿地 3.1 公顷",
        "完成 16 公里架空线入地",
        "位居全市第 1",  # a ranking is a fact
        "园区TOP30",  # so is a top-30 ranking
        "共 30 个月",  # months as a duration
        "新增 6 家企业",
        "增长 2.0%",
        "举办招聘会 2023 场",  # a count followed by 场 is not a year
        "正文\n12\n正文",  # alone on a line, but no footnote 12 exists
        "2023年国民经济和社会发展",  # not an event: only the calendar-year rule may take it
        "服务 24 小时内办结",  # a time limit is a quantity
        "轨交18号线 20 号",  # 号 after a line number is not a house number
    ],
)
def test_rules_never_swallow_real_quantities(text: str) -> None:
    excluded = _excluded(text)
    if text.startswith("2023年"):
        assert excluded == {"2023": "calendar year"}
    elif text.startswith("轨交"):
        assert excluded == {"18": "rail line"}
    else:
        assert excluded == {}


def test_footnote_marker_needs_a_footnote() -> None:
    text = "工作机制\n1\n，抓实调度\n1 “1+X+12”稳增长工作机制：指综合协调"
    numbers, seed = find_numbers(text)
    c = cov_mod.SeedCoverage("s", "f", seed, numbers)
    cov_mod._apply_rules(c, text, RULES)
    assert [c.status[n].removeprefix("rule:") for n in numbers] == [
        "footnote marker",
        "footnote number",
        "formula name",
        "formula name",
    ]
    lonely = "工作机制\n1\n，抓实调度"
    assert _excluded(lonely) == {}


def test_a_negative_value_covers_the_number_printed_after_its_minus_sign() -> None:
    text = "工业增加值同比增长-4.3%，出口增长-2%。"
    numbers, seed = find_numbers(text)
    c = cov_mod.SeedCoverage("s", "f", seed, numbers)
    cov_mod._mark_curated(c, [("x-1", ["工业增加值同比增长-4.3%"], ["-4.3"]),
                              ("x-2", ["出口增长-2%"], ["-2"])])  # fmt: skip
    assert {n.text: c.by_row.get(n) for n in numbers} == {"4.3": "x-1", "2": "x-2"}
    assert c.uncovered == []


def test_numbers_are_found_before_whitespace_is_deleted() -> None:
    numbers, seed = find_numbers("3 129、130 街坊\n4.73 亿元")
    assert [n.text for n in numbers] == ["3", "129", "130", "4.73"]
    assert seed == "3129、130街坊4.73亿元"
    assert [(n.start, n.end) for n in numbers] == [(0, 1), (1, 4), (5, 8), (10, 14)]
    assert [n.line for n in numbers] == [1, 1, 1, 2]


def test_every_rule_has_a_name_and_a_reason() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert isinstance(rule, Rule) and rule.reason and rule.on in {"text", "line"}


@pytest.mark.sweep
def test_a_curated_row_covers_its_number_and_its_second_place(data_copy) -> None:
    path = data_copy / "indicators.csv"
    rows = read_rows(path)
    head = rows[0]
    row = next(r for r in rows[1:] if r[head.index("value")] == "154.99")
    before = {c.source: c for c in coverage(data_copy)}["yangpu-2024"]
    found = [n for n in before.numbers if n.text == "154.99"]
    assert found and all(before.status.get(n) == "curated" for n in found)
    # drop the row: its number becomes uncovered, with its line and context
    rows.remove(row)
    write_rows(path, rows)
    after = {c.source: c for c in coverage(data_copy)}["yangpu-2024"]
    lost = [n for n in after.uncovered if n.text == "154.99"]
    assert lost and "区级财政收入完成[154.99]亿元" in lost[0].context(after.seed)
    assert "154.99" in report([after])


def test_report_lists_counts_per_seed_and_rule() -> None:
    text = report(coverage(), show_uncovered=False)
    assert text.startswith("yangpu-2024 (seeds/yangpu-2023-2024-plan-report.txt): ")
    assert "  excluded, calendar year: " in text
    assert "baoshan-2024 (seeds/baoshan-2023-2024-plan-report.txt): " in text


@pytest.mark.sweep
def test_coverage_command_runs(capsys: pytest.CaptureFixture[str]) -> None:
    from analysis.cli import main

    status = main(["coverage", "--summary"])
    out = capsys.readouterr().out
    assert "numbers" in out and "curated:" in out
    uncovered = sum(len(c.uncovered) for c in coverage())
    assert status == (1 if uncovered else 0)


def test_no_number_in_either_seed_is_uncovered() -> None:
    results = coverage()
    assert {c.source for c in results} == set(source_keys())
    uncovered = sum(len(c.uncovered) for c in results)
    assert uncovered == 0, report(results)
    for c in results:
        counts = c.counts()
        assert counts["curated"] + sum(
            v for k, v in counts.items() if k.startswith("rule:")
        ) == len(c.numbers)
