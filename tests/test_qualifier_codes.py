"""Qualifier codes are derived per row from every printed word, one dimension at a time."""

from __future__ import annotations

from pathlib import Path

import analysis
from tests.conftest import line_of, set_cell


def _codes(data: Path, row_id: str) -> dict[str, str]:
    ind = analysis.load_indicators(data)
    row = ind[ind["id"] == row_id].iloc[0]
    return {d: str(row[d]) for d in ("bound", "commitment", "assignment", "attribute")}


def test_each_word_sets_its_own_dimension(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    line = line_of(path, "id", "yp-0020")  # 商品销售总额同比增长 5%以上
    assert _codes(data_copy, "yp-0020")["bound"] == "floor"
    # two words on different dimensions: both count, neither hides the other
    set_cell(path, line, "qualifier", "以上;与全市保持同步")
    codes = _codes(data_copy, "yp-0020")
    assert codes["bound"] == "floor" and codes["assignment"] == "pegged", codes
    assert codes["commitment"] == "none"


def test_a_bare_number_is_exact_and_a_target_in_words_has_no_bound() -> None:
    ind = analysis.load_indicators()
    bare = ind[(ind["kind"] == "target") & ind["qualifier"].isna() & ind["value"].notna()]
    assert len(bare) > 10 and set(bare["bound"].astype("string")) == {"exact"}
    words = ind[ind["value"].isna()]
    assert len(words) >= 8 and "exact" not in set(words["bound"].astype("string"))


def test_a_broad_peg_is_looser_than_the_citys_peg_in_the_shipped_words() -> None:
    """基本 loosens a peg: every 基本同步 word is bound `about`, every other peg has no bound,
    so the escalation reads 与经济保持基本同步 against 与经济增长保持同步 as looser."""
    from analysis.analyses.targets import bound_escalation
    from analysis.contract.package import package

    pegs = [r for r in package().tables["qualifiers"] if r.get("assignment") == "pegged"]
    broad = {r["qualifier"]: r.get("bound") for r in pegs if "基本" in r["qualifier"]}
    strict = {r["qualifier"]: r.get("bound") for r in pegs if "基本" not in r["qualifier"]}
    assert broad and set(broad.values()) == {"about"}, broad
    assert strict and set(strict.values()) == {None}, strict
    assert bound_escalation("about", "pegged", "none", "pegged") == "looser"
