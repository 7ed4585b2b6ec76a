"""Every validation problem names its kind with a stable code beside the sentence, so a test or
a user's script matches on the code (as frictionless errors carry `type`), not on the words."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.base.errors import DataError
from analysis.contract.package import validate_package
from tests.conftest import get_cell, read_rows, set_cell, write_rows


def _codes(data: Path) -> set[str]:
    with pytest.raises(DataError) as info:
        validate_package(data)
    assert all(p.code for p in info.value.problems), "every problem carries a code"
    return {p.code for p in info.value.problems}


def test_a_cell_against_its_pattern_type_and_key(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    set_cell(path, 2, "id", "NOT AN ID")
    set_cell(path, 3, "year", "二〇二三")
    set_cell(path, 4, "unit", "no-such-unit")
    assert {"pattern", "type-integer", "foreign-key"} <= _codes(data_copy)


def test_a_quote_and_a_value_against_the_seed(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    set_cell(path, 2, "quote", "a sentence that no report prints")
    assert "quote-not-in-seed" in _codes(data_copy)


def test_one_fact_one_row(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    rows = read_rows(path)
    twin = list(rows[1])
    twin[rows[0].index("id")] = get_cell(path, 2, "id")[:-4] + "9999"
    write_rows(path, [*rows, twin])
    assert "one-fact-one-row" in _codes(data_copy)


def test_a_side_table_and_completeness(data_copy: Path) -> None:
    comp = data_copy / "comparability.csv"
    rows = read_rows(comp)
    write_rows(comp, [*rows, rows[1]])
    districts = data_copy / "districts.csv"
    rows = read_rows(districts)
    extra = list(rows[1])
    extra[0] = "nowhere"
    write_rows(districts, [*rows, extra])
    assert {"duplicate-rule", "district-without-report"} <= _codes(data_copy)


def test_a_broken_descriptor(data_copy: Path) -> None:
    (data_copy / "datapackage.json").write_text("[]", encoding="utf-8")
    assert _codes(data_copy) == {"descriptor-shape"}
