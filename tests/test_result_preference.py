"""Where a report prints both a result (完成) and an estimate (预计) for the same figure, the
analyses compare a target with the result, whatever order the rows have in the data."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyses import targets
from tests.test_targets import SRC, _ref, _row


def _rows(estimate_first: bool) -> pd.DataFrame:
    estimate = _row("yangpu", "revenue_growth", 2023, "estimate", 9.0, id="a-estimate")
    actual = _row("yangpu", "revenue_growth", 2023, "actual", 7.0, id="z-actual")
    target = _row("yangpu", "revenue_growth", 2024, "target", 6.0, qualifier="以上", id="t")
    rows = [estimate, actual] if estimate_first else [actual, estimate]
    return pd.DataFrame([*rows, target])


@pytest.mark.parametrize("estimate_first", [True, False])
def test_the_master_table_prefers_the_actual_result(estimate_first: bool) -> None:
    ind = _rows(estimate_first)
    city = _ref(
        {"id": "r1", "indicator": "gdp_growth", "kind": "target", "year": 2024, "value": 5.0}
    )
    master = targets.master_table(ind, city, SRC)
    row = master[master["target_id"] == "t"].iloc[0]
    got = (row["result_value"], row["result_kind"], row["result_id"])
    assert got == (7.0, "actual", "z-actual")
    assert row["direction"] == "below"


@pytest.mark.parametrize("estimate_first", [True, False])
def test_growth_targets_prefer_the_actual_result(estimate_first: bool) -> None:
    out = targets.growth_targets(_rows(estimate_first))
    row = out[out["target_id"] == "t"].iloc[0]
    assert (row["result"], row["result_kind"]) == (7.0, "actual")
