"""One convention for a bare number (issue 19, item 2): a target printed with a number and no
bound word (no 以上, 左右, 不低于) is `exact` in the master table, in escalation, in fulfilment and
in the ratchet, and is judged as the level to reach. Expected codes and verdicts are written by
hand, not computed with `judge()`."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyses import fulfilment, ratchet, targets
from analysis.load.comparability import COMP_COLUMNS
from analysis.load.context import load_context
from analysis.presentation import tables
from tests.conftest import district_keys
from tests.test_targets import SRC, _ref, _row

CITY = {"city_compare": "number", "city_comparability": "note"}
NO_RULES = pd.DataFrame(columns=list(COMP_COLUMNS), dtype="string")


def _rows() -> pd.DataFrame:
    """Yangpu: a bare GDP target of 5 beside a bare 2023 target of 5 and the results."""
    return pd.DataFrame(
        [
            _row("yangpu", "gdp_growth", 2023, "target", 5, city_indicator="gdp_growth", **CITY),
            _row("yangpu", "gdp_growth", 2023, "actual", 4.8, city_indicator="gdp_growth", **CITY),
            _row("yangpu", "gdp_growth", 2024, "target", 5, city_indicator="gdp_growth", **CITY),
            _row("yangpu", "revenue_growth", 2024, "target", 6, city_indicator="revenue_growth",
                 **CITY),
        ]
    ).assign(unit_std="percent")  # fmt: skip


def test_a_bare_number_is_exact_in_the_master_table_and_escalation() -> None:
    city = _ref(
        {"id": "ref-1", "kind": "target", "year": 2024, "indicator": "gdp_growth", "value": 5.0,
         "qualifier": "左右", "bound": "about"},
        {"id": "ref-2", "kind": "target", "year": 2024, "indicator": "revenue_growth",
         "value": 6.0, "qualifier": "以上", "bound": "floor"},
    )  # fmt: skip
    m = targets.master_table(_rows(), city, SRC).set_index("indicator")
    assert m.loc["gdp_growth", "bound"] == "exact"
    assert m.loc["revenue_growth", "bound"] == "exact"
    esc = targets.escalation(m.reset_index()).set_index("indicator")
    assert esc.loc["gdp_growth", "bound_escalation"] == "tighter"  # bare 5 against 5 左右
    assert esc.loc["revenue_growth", "bound_escalation"] == "looser"  # bare 6 against 6 以上


def test_a_bare_number_is_exact_in_fulfilment_and_judged_as_the_level_to_reach() -> None:
    out = fulfilment.fulfilment(_rows()).set_index("target_id")
    row = out.loc["ya-gdp_growth-2023-target-"]
    assert row["bound"] == "exact"
    assert row["status"] == "missed"  # 4.8 against a bare 5: no tolerance below it
    # by hand, at the edges of a bare "5": reached, within its rounding above, beyond it
    assert fulfilment.judge(5, 5, "exact", 0.5) == "met"
    assert fulfilment.judge(5, 5.5, "exact", 0.5) == "met"
    assert fulfilment.judge(5, 5.6, "exact", 0.5) == "exceeded"
    assert fulfilment.judge(5, 4.9, "exact", 0.5) == "missed"
    # while 左右 grants the band below: the same 4.8 meets 5 左右
    assert fulfilment.judge(5, 4.8, "about", 0.5) == "met"


def test_the_bare_bound_is_read_from_the_code_not_the_words() -> None:
    """A frame coded by the loader keeps its code; one without codes gets the same from its
    words (None, or a commitment word alone, is bare)."""
    assert fulfilment.bound_code({"bound": "floor", "qualifier": None}) == "floor"
    assert fulfilment.bound_code({"bound": None, "qualifier": "力争"}) == "exact"
    assert fulfilment.bound_code({"qualifier": "不少于"}) == "floor"
    assert fulfilment.bound_code({"bound": "none", "qualifier": "左右"}) == "about"


def test_a_bare_number_is_exact_in_the_ratchet() -> None:
    out = ratchet.ratchet(_rows(), None, NO_RULES).set_index("target_id")
    row = out.loc["ya-gdp_growth-2024-target-"]
    assert row["bound"] == "exact" and row["last_bound"] == "exact"
    assert row["last_status"] == "missed" and row["last_margin"] == pytest.approx(-0.2)


@pytest.mark.parametrize("district", district_keys())
@pytest.mark.sweep
def test_every_table_gives_a_target_one_bound(district: str) -> None:
    """On the shipped data: a target's bound in fulfilment and the ratchet is the master
    table's (escalation is the master table's rows), a pegged target in words apart (judged
    about the GDP result it is pegged to)."""
    ctx = load_context(district)
    master = targets.master_table(ctx.panel, ctx.ref, ctx.src, ctx.comp, ctx.parts)
    coded = dict(zip(master["target_id"], master["bound"].astype(str), strict=True))
    ful = tables.get("fulfilment").compute(ctx)
    rat = tables.get("ratchet").compute(ctx)
    checked = 0
    for frame in (ful[ful["pegged_to"].isna() & ful["bound"].notna()], rat):
        for tid, bound in zip(frame["target_id"], frame["bound"], strict=True):
            if tid in coded:
                assert bound == coded[tid], (tid, bound, coded[tid])
                checked += 1
    assert checked > 0
    assert "exact" in set(master.loc[master["has_number"], "bound"].astype(str))
