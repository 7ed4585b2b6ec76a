"""Bad data gets a clear error naming file, line and column, never a silent NaN. One test a case;
the cases of the hostile-input catalogue (docs/hostile-inputs.md) live in
test_hostile_inputs.py, once each."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis import DataError, load_indicators
from tests.conftest import UNKNOWN_DISTRICT, district_keys, get_cell, line_of, set_cell


def _error(data_dir: Path) -> str:
    with pytest.raises(DataError) as info:
        load_indicators(data_dir)
    return str(info.value)


def test_unknown_unit(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 2, "unit", "千元")
    assert "indicators.csv, line 2, column \"unit\": unknown unit '千元'" in _error(data_copy)


def test_unknown_qualifier(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 3, "qualifier", "大约")
    assert "indicators.csv, line 3, column \"qualifier\": unknown qualifier '大约'" in _error(
        data_copy
    )


def test_unknown_district(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 4, "district", UNKNOWN_DISTRICT)
    message = _error(data_copy)
    assert (
        f"indicators.csv, line 4, column \"district\": unknown district '{UNKNOWN_DISTRICT}'"
        in message
    )
    assert ", ".join(sorted(district_keys())) in message


def test_unknown_kind(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 5, "kind", "forecast")
    assert (
        'indicators.csv, line 5, column "kind": '
        "'forecast' is not one of: actual, estimate, target" in _error(data_copy)
    )


def test_duplicate_id(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    first = get_cell(path, 2, "id")
    set_cell(path, 9, "id", first)
    assert (
        f"indicators.csv, line 9, column \"id\": duplicate id '{first}' (first on line 2)"
        in _error(data_copy)
    )


def test_value_must_match_the_quote_as_a_whole_number(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    line = line_of(path, "value", "154.99")  # Yangpu's 2023 district fiscal revenue
    set_cell(path, line, "value", "154.9")
    assert re.search(
        rf'indicators\.csv, line {line}, column "value": value 154\.9 does not appear in the '
        "quote as a whole number",
        _error(data_copy),
    )


def test_every_problem_is_reported_at_once(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    set_cell(path, 2, "unit", "亿")
    set_cell(path, 3, "kind", "forecast")
    message = _error(data_copy)
    assert message.startswith("3 problems in the data package:")  # 亿 also fails the unit check
    assert "the quote prints 1806.05亿元, not a value in 亿" in message
