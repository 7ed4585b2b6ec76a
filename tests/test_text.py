"""Escaping rules on hand-made strings: what each output format receives."""

from __future__ import annotations

import pytest

from analysis.contract import text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("value_std", "value_std"),  # inside a word, _ opens no emphasis: left alone
        ("_x_", "\\_x\\_"),
        ("<b>R&D</b>", "&lt;b>R&D&lt;/b>"),  # a plain & stays, a tag is shown
        ("&lt;", "&amp;lt;"),  # an entity is shown as typed, not decoded
        ("a|b\nc", "a\\|b c"),  # one table cell, one line
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        (None, ""),
    ],
)
def test_escape_markdown(raw, escaped) -> None:
    assert text.escape_markdown(raw) == escaped


@pytest.mark.parametrize(
    ("cell", "formula"),
    [
        ("=1+1", True),
        ("+1", True),
        ("-1", True),
        ("@A1", True),
        ("\tx", True),
        ("\rx", True),
        ("1", False),
        ("地区生产总值", False),
        ("", False),
        (-1.5, False),
    ],
)
def test_formula_like(cell, formula) -> None:
    assert text.is_formula_like(cell) is formula
    if isinstance(cell, str):
        assert text.spreadsheet_csv_text(cell) == ("'" + cell if formula else cell)


def test_control_character_names_the_first_one() -> None:
    assert text.control_character("ok\ttab and newline\n") is None  # XML holds these
    assert text.control_character("a\x00b\x1f").startswith(
        "control character U+0000 at character 2"
    )
