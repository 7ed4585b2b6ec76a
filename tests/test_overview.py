"""The overview tables: headline figures as printed, and the side-by-side comparison."""

from __future__ import annotations

import pytest

import analysis
from analysis import overview


@pytest.fixture(scope="module")
def ind():
    return analysis.load_indicators()


@pytest.mark.parametrize(
    ("lang", "value_col", "id_col"), [("en", "Value", "Row id"), ("zh", "数值", "行号")]
)
def test_headline_keeps_printed_values_and_ids(ind, lang, value_col, id_col) -> None:
    head = overview.headline(ind, "baoshan", lang)
    row = head[head[id_col] == "bs-0001"].iloc[0]
    assert row[value_col] == "1806.05"
    assert set(head[id_col]) <= set(ind["id"])
    assert len(head) == head[id_col].nunique()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_compare_marks_missing_figures_and_who_reports_them(ind, lang) -> None:
    wide = overview.compare(ind, lang)
    reported = wide.iloc[:, -1]
    figures = wide.iloc[:, :-1]
    districts_with_figure = [
        {who for (_, who), cell in row.items() if cell != "—"} for _, row in figures.iterrows()
    ]
    n = ind["district"].nunique()
    for label, who, says in zip(wide.index, districts_with_figure, reported, strict=True):
        assert who, f"{label}: a row with no figure at all"
        everyone = {"en": "all districts", "zh": "各区均有"}[lang]
        assert (says == everyone) == (len(who) == n), label
    assert not (figures == "0").any().any(), "a missing figure is never a zero"
