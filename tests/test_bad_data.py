"""Bad data gets a clear error naming file, line and column, never a silent NaN. One test a case."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis import DataError, load_indicators
from tests.conftest import get_cell, line_of, read_rows, set_cell, write_rows


def _error(data_dir: Path) -> str:
    with pytest.raises(DataError) as info:
        load_indicators(data_dir)
    return str(info.value)


def test_missing_column(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    rows = read_rows(path)
    col = rows[0].index("note")
    write_rows(path, [r[:col] + r[col + 1 :] for r in rows])
    assert "indicators.csv, line 1: missing column(s): note" in _error(data_copy)


def test_extra_column(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    write_rows(path, [r + (["comment"] if i == 0 else [""]) for i, r in enumerate(read_rows(path))])
    assert "indicators.csv, line 1: unexpected column(s): 'comment'" in _error(data_copy)


def test_unknown_unit(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 2, "unit", "千元")
    assert "indicators.csv, line 2, column \"unit\": unknown unit '千元'" in _error(data_copy)


def test_unknown_qualifier(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 3, "qualifier", "大约")
    assert "indicators.csv, line 3, column \"qualifier\": unknown qualifier '大约'" in _error(
        data_copy
    )


def test_unknown_district(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 4, "district", "pudong")
    message = _error(data_copy)
    assert "indicators.csv, line 4, column \"district\": unknown district 'pudong'" in message
    assert "baoshan, yangpu" in message


def test_unknown_kind(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 5, "kind", "forecast")
    assert (
        'indicators.csv, line 5, column "kind": '
        "'forecast' is not one of: actual, estimate, target" in _error(data_copy)
    )


def test_unknown_indicator_key(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 6, "indicator", "gdp_grwoth")
    assert "indicators.csv, line 6, column \"indicator\": unknown indicator 'gdp_grwoth'" in _error(
        data_copy
    )


def test_value_not_a_number(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 7, "value", "五")
    assert "indicators.csv, line 7, column \"value\": '五' is not a number" in _error(data_copy)


def test_duplicate_id(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    first = get_cell(path, 2, "id")
    set_cell(path, 9, "id", first)
    assert (
        f"indicators.csv, line 9, column \"id\": duplicate id '{first}' (first on line 2)"
        in _error(data_copy)
    )


def test_quote_not_in_seed(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    set_cell(path, 10, "quote", get_cell(path, 10, "quote") + "（编造）")
    assert 'indicators.csv, line 10, column "quote": quote not found in seed' in _error(data_copy)


def test_value_must_match_the_quote_as_a_whole_number(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    line = line_of(path, "value", "154.99")  # Yangpu's 2023 district fiscal revenue
    set_cell(path, line, "value", "154.9")
    assert re.search(
        rf'indicators\.csv, line {line}, column "value": value 154\.9 does not appear in the '
        "quote as a whole number",
        _error(data_copy),
    )


def test_file_not_utf8(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gb18030"))
    message = _error(data_copy)
    assert re.search(
        r'indicators\.csv, line 2, column "\w+": not UTF-8 \(byte 0x[0-9a-f]{2}', message
    )
    assert "save the file as UTF-8" in message


def test_every_problem_is_reported_at_once(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    set_cell(path, 2, "unit", "亿")
    set_cell(path, 3, "kind", "forecast")
    message = _error(data_copy)
    assert message.startswith("3 problems in the data package:")  # 亿 also fails the unit check
    assert "the quote prints 1806.05亿元, not a value in 亿" in message
