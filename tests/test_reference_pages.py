"""A reference figure read on a web page carries its words as printed, the page and its copy:
the contract refuses a value, unit or bound the words do not print, and a reprint passed off as
the government's own text."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.base.errors import DataError
from analysis.base.paths import DATA_DIR
from analysis.contract.package import validate_package
from tests.conftest import get_cell, line_of, read_rows, set_cell


def _problems(data: Path) -> list[tuple[str, int | None, str | None, str]]:
    with pytest.raises(DataError) as info:
        validate_package(data)
    return [(p.code, p.line, p.column, p.message) for p in info.value.problems]


def _row(data: Path, **want: str) -> int:
    """The line of the first reference row with these cells (a row read on a page)."""
    path = data / "reference.csv"
    rows = read_rows(path)
    head = rows[0]
    for n, row in enumerate(rows[1:], start=2):
        cells = dict(zip(head, row, strict=True))
        if all(cells.get(k) == v for k, v in want.items()) and cells.get("printed_as"):
            return n
    pytest.skip(f"no reference row read on a page with {want}")


def test_the_shipped_reference_rows_read_on_pages_pass() -> None:
    validate_package(DATA_DIR)


def test_a_value_the_words_do_not_print(data_copy: Path) -> None:
    path = data_copy / "reference.csv"
    line = _row(data_copy, copy="official", unit="%")
    printed = get_cell(path, line, "value")
    set_cell(path, line, "value", "9" + printed)  # 95 for a printed 5
    assert ("reference-printed-value", line, "printed_as") in [p[:3] for p in _problems(data_copy)]


def test_a_bound_the_words_do_not_print(data_copy: Path) -> None:
    path = data_copy / "reference.csv"
    line = _row(data_copy, qualifier="以内")
    set_cell(path, line, "qualifier", "以上")
    assert ("reference-printed-qualifier", line, "qualifier") in [
        p[:3] for p in _problems(data_copy)
    ]


def test_a_traditional_bound_reads_as_its_simplified_word(data_copy: Path) -> None:
    path = data_copy / "reference.csv"
    line = _row(data_copy, qualifier="以内")
    set_cell(path, line, "printed_as", "城鎮調查失業率5%以內")  # as a traditional page prints it
    validate_package(data_copy)


def test_a_value_in_another_unit(data_copy: Path) -> None:
    path = data_copy / "reference.csv"
    line = _row(data_copy, unit="万亿元")
    words = get_cell(path, line, "printed_as")
    set_cell(path, line, "printed_as", words.replace("万亿元", "亿元"))
    assert ("reference-printed-value", line, "unit") in [p[:3] for p in _problems(data_copy)]


def test_a_reprint_called_official(data_copy: Path) -> None:
    path = data_copy / "reference.csv"
    line = _row(data_copy, copy="reprint")
    set_cell(path, line, "copy", "official")
    problems = _problems(data_copy)
    assert [p[:3] for p in problems] == [("reference-copy", line, "copy")]
    assert "an official copy is on the government's own site (gov.cn)" in problems[0][3]


def test_an_official_page_called_a_reprint_and_an_unnamed_reprint(data_copy: Path) -> None:
    path = data_copy / "reference.csv"
    line = _row(data_copy, copy="official")
    set_cell(path, line, "copy", "reprint")
    other = _row(data_copy, copy="reprint")
    set_cell(path, other, "citation", "Shanghai Municipal Government Work Report")
    codes = [p[:3] for p in _problems(data_copy)]
    assert ("reference-copy", line, "copy") in codes
    assert ("reference-copy", other, "citation") in codes


def test_words_without_their_page(data_copy: Path) -> None:
    path = data_copy / "reference.csv"
    line = _row(data_copy, copy="official")
    set_cell(path, line, "url", "")
    set_cell(path, line, "copy", "")
    assert [p[:3] for p in _problems(data_copy)] == [("reference-page", line, "url")]


def test_a_census_row_needs_no_page(data_copy: Path) -> None:
    path = data_copy / "reference.csv"
    rows = read_rows(path)
    if "census" not in {row[rows[0].index("kind")] for row in rows[1:]}:
        pytest.skip("no census row in this data")
    line = line_of(path, "kind", "census")
    for column in ("printed_as", "url", "copy"):
        set_cell(path, line, column, "")
    validate_package(data_copy)


def test_a_verdict_with_a_number_or_without_its_words(data_copy: Path) -> None:
    path = data_copy / "reference.csv"
    rows = read_rows(path)
    if "verdict" not in {row[rows[0].index("kind")] for row in rows[1:]}:
        pytest.skip("no verdict in this data")
    line = line_of(path, "kind", "verdict")
    set_cell(path, line, "value", "5")
    codes = [p[:3] for p in _problems(data_copy)]
    assert ("reference-verdict", line, "value") in codes
    set_cell(path, line, "value", "")
    set_cell(path, line, "printed_as", "")
    codes = [p[:3] for p in _problems(data_copy)]
    assert ("reference-verdict", line, "printed_as") in codes  # its sentence is missing


def test_a_figure_without_its_indicator(data_copy: Path) -> None:
    path = data_copy / "reference.csv"
    line = _row(data_copy, copy="official", unit="%")
    set_cell(path, line, "indicator", "")
    assert ("required", line, "indicator") in [p[:3] for p in _problems(data_copy)]
