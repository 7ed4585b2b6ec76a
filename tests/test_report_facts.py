"""Facts real reports state (issue 18, item 3), each on a hand-made fixture.

a. A report's restatement of its results year's target (年度目标 beside 完成数): allowed, and
   fulfilment judges it against the result the same report prints beside it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import DataError, load_indicators
from analysis.analyses.fulfilment import fulfilment
from analysis.contract.domain import restates_results_year
from tests.conftest import get_cell, set_cell

FIXTURES = Path(__file__).parent / "fixtures" / "report_facts"


def _problems(data_dir: Path) -> list[tuple[str, int | None, str | None, str]]:
    try:
        load_indicators(data_dir)
    except DataError as err:
        return [(Path(p.file).name, p.line, p.column, p.message) for p in err.problems]
    return []


def test_restated_target_of_the_results_year_is_valid(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    assert (get_cell(path, 4, "kind"), get_cell(path, 4, "year")) == ("target", "2024")
    set_cell(path, 4, "year", "2023")  # baoshan-2024: results year 2023, plan year 2024
    assert _problems(data_copy) == []


def test_target_before_the_results_year_is_still_refused(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    set_cell(path, 4, "year", "2022")
    assert _problems(data_copy) == [
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


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
