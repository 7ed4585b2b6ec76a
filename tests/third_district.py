"""Two made-up reports of a made-up third district (测试区, Test District), as plain text, and
the rows a reviewer is expected to accept from their drafts. The numbers are invented: they
exist only to exercise add-report, draft and accept on a copy of the data."""

from __future__ import annotations

import csv
from pathlib import Path

from analysis.cli import main

REPORTS = {
    "testdist-2024": (
        2023,
        "关于测试区2023年国民经济和社会发展计划执行情况与2024年国民经济和社会发展计划草案的报告"
        "（测试用文本，数字为虚构）\n\n"
        "一、2023年国民经济和社会发展计划执行情况\n\n"
        "（一）经济运行稳中向好\n\n"
        "全年地区生产总值完成1520.36亿元，同比增长5.8%。\n"
        "区级财政收入完成120.5亿元，同比增长4.1%。\n"
        "全年新增养老床位600张。\n\n"
        "二、2024年国民经济和社会发展的主要目标\n\n"
        "地区生产总值增速6%左右。区级财政收入增速5%。新增养老床位500张以上。\n",
    ),
    "testdist-2025": (
        2024,
        "关于测试区2024年国民经济和社会发展计划执行情况与2025年国民经济和社会发展计划草案的报告"
        "（测试用文本，数字为虚构）\n\n"
        "一、2024年国民经济和社会发展计划执行情况\n\n"
        "（一）经济运行稳中向好\n\n"
        "全年地区生产总值完成1610.2亿元，同比增长5.9%。\n"
        "区级财政收入完成125.3亿元，同比增长4%。\n"
        "全年新增养老床位620张。\n\n"
        "二、2025年国民经济和社会发展的主要目标\n\n"
        "地区生产总值增速5.5%左右。区级财政收入增速5%。新增养老床位550张以上。\n",
    ),
}

#: (indicator, year, kind, value, unit, qualifier) of each report's rows.
EXPECTED = {
    "testdist-2024": {
        ("gdp", 2023, "actual", "1520.36", "亿元", ""),
        ("gdp_growth", 2023, "actual", "5.8", "%", ""),
        ("revenue", 2023, "actual", "120.5", "亿元", ""),
        ("revenue_growth", 2023, "actual", "4.1", "%", ""),
        ("elderly_care_beds_new", 2023, "actual", "600", "张", ""),
        ("gdp_growth", 2024, "target", "6", "%", "左右"),
        ("revenue_growth", 2024, "target", "5", "%", ""),
        ("elderly_care_beds_new", 2024, "target", "500", "张", "以上"),
    },
    "testdist-2025": {
        ("gdp", 2024, "actual", "1610.2", "亿元", ""),
        ("gdp_growth", 2024, "actual", "5.9", "%", ""),
        ("revenue", 2024, "actual", "125.3", "亿元", ""),
        ("revenue_growth", 2024, "actual", "4", "%", ""),
        ("elderly_care_beds_new", 2024, "actual", "620", "张", ""),
        ("gdp_growth", 2025, "target", "5.5", "%", "左右"),
        ("revenue_growth", 2025, "target", "5", "%", ""),
        ("elderly_care_beds_new", 2025, "target", "550", "张", "以上"),
    },
}


def cli(*args: str) -> int:
    """The command line, in process (as `python -m analysis ARGS`): its exit status."""
    return main(list(args))


def add_third_district(
    data: Path,
    work: Path,
    district: str = "testdist",
    name_zh: str = "测试区",
    name_en: str = "Test District",
) -> None:
    """add-report both texts, draft each, accept the drafts as written: through the commands.
    `district` is the new district's key (letters only: its sources are DISTRICT-YEAR); its
    names stand in the texts for 测试区, so each district's texts are files of their own."""
    for key, (results_year, text) in REPORTS.items():
        source = key.replace("testdist", district)
        text = text.replace("测试区", name_zh)
        path = work / f"{source}.txt"
        path.write_text(text, encoding="utf-8")
        extra = ["--district-zh", name_zh, "--district-en", name_en]
        done = cli(
            "add-report", str(path), "--source", source, "--district", district,
            "--results-year", str(results_year), "--plan-year", str(results_year + 1),
            "--adopted", f"{results_year + 1}-01-20", "--title-zh", text.split("\n", 1)[0],
            "--title-en", f"{name_en}: {results_year} results and {results_year + 1} plan",
            "--data-dir", str(data), *(extra if key.endswith("2024") else []),
        )  # fmt: skip
        assert done == 0
        draft = work / f"{source}-draft.csv"
        done = cli("draft", source, "--output", str(draft), "--data-dir", str(data))
        assert done == 0
        done = cli("--data-dir", str(data), "accept", str(draft))
        assert done == 0


def drafted(path: Path) -> set[tuple]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {
            (r["indicator"], int(r["year"]), r["kind"], r["value"], r["unit"], r["qualifier"])
            for r in csv.DictReader(f)
        }
