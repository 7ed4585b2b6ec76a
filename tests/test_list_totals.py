"""Every list total has its role: the size of a list, or a table's sum, is never a target or a
result of the district (issue 19, item 1). Tests over the shipped data take their lists from it."""

from __future__ import annotations

import analysis
from tests.test_targets import _master, _row

#: Labels that name a sum of the rows above (a table's 合计), never an indicator of its own.
SUM_LABELS = ("合计", "总计", "小计", "共计")


def test_every_tables_sum_is_a_list_total() -> None:
    ind = analysis.load_indicators()
    sums = ind[ind["label_zh"].astype("string").isin(SUM_LABELS)]
    assert (sums["role"] == "list_total").all(), sums.loc[sums["role"] != "list_total", "id"]


def test_a_lists_printed_total_is_the_sum_of_its_projects() -> None:
    """Where a report prints its project table's sum (list_total, in the projects' unit), it
    equals the projects' sum; where it prints a count per category, the category's count."""
    ind = analysis.load_indicators()
    projects = analysis.load_projects()
    checked = 0
    for source, listed in projects.groupby("source", observed=True):
        totals = ind[(ind["source"] == source) & (ind["role"] == "list_total")]
        for unit, rows in listed.dropna(subset=["total_investment"]).groupby("unit"):
            printed = totals[totals["unit"] == unit]
            for value in printed["value"]:
                assert round(rows["total_investment"].sum(), 2) == value, (source, unit)
                checked += 1
        by_category = listed.groupby("category_zh", observed=True).size()
        counts = totals[totals["subject"].isin(by_category.index)]
        for r in counts.itertuples():
            assert by_category[r.subject] == r.value, (source, r.subject)
            checked += 1
    has_totals = ind[(ind["role"] == "list_total")]["source"].isin(projects["source"]).any()
    assert checked > 0 or not has_totals


def test_a_list_total_is_neither_target_nor_last_result() -> None:
    """Hand-made: 100 项年度重大工程 last year and this year are the list's size, so the master
    table holds no target for it and takes no result from it."""
    rows = [
        _row("yangpu", "major_works", 2023, "actual", 100, unit="项", measure="count",
             role="list_total"),
        _row("yangpu", "major_works", 2024, "target", 100, unit="项", measure="count",
             role="list_total"),
        _row("yangpu", "schools_started", 2023, "actual", 7, unit="个", measure="count"),
        _row("yangpu", "schools_started", 2024, "target", 7, unit="个", measure="count"),
    ]  # fmt: skip
    m = _master(rows)
    assert list(m.index) == ["schools_started"]
    assert m.loc["schools_started", "direction"] == "equal"
