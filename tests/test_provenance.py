"""Provenance is the product: every seed-derived number is in its quote, every quote in its seed."""

from __future__ import annotations

import csv

import pytest

from analysis.contract.provenance import normalize, quote_in_seed, value_in_quote
from analysis.paths import DATA_DIR, ROOT


def _seeds() -> dict[str, str]:
    with open(DATA_DIR / "sources.csv", encoding="utf-8") as f:
        return {
            r["source"]: normalize((ROOT / r["file"]).read_text(encoding="utf-8"))
            for r in csv.DictReader(f)
        }


SEEDS = _seeds()


def _rows(name: str, value_col: str) -> list:
    with open(DATA_DIR / name, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [pytest.param(r["source"], r["quote"], r[value_col], id=r["id"]) for r in rows]


INDICATORS = _rows("indicators.csv", "value")
PROJECTS = _rows("projects.csv", "total_investment")


def test_there_are_rows_to_check() -> None:
    assert len(INDICATORS) > 100
    assert len(PROJECTS) >= 40


@pytest.mark.parametrize(("source", "quote", "value"), INDICATORS)
def test_indicator_quote_and_value(source: str, quote: str, value: str) -> None:
    assert quote_in_seed(quote, SEEDS[source]), f"quote not in seed {source}: {quote}"
    assert value_in_quote(value, quote), f"{value} not in quote: {quote}"


@pytest.mark.parametrize(("source", "quote", "value"), PROJECTS)
def test_project_quote_and_investment(source: str, quote: str, value: str) -> None:
    assert quote_in_seed(quote, SEEDS[source]), f"quote not in seed {source}: {quote}"
    if value:
        assert value_in_quote(value, quote), f"{value} not in quote: {quote}"


@pytest.mark.parametrize(
    ("value", "quote", "expected"),
    [
        ("154.99", "区级财政收入完成 154.99 亿元", True),
        ("154.9", "区级财政收入完成 154.99 亿元", False),
        ("54.99", "区级财政收入完成 154.99 亿元", False),
        ("5", "增长 5%以上", True),
        ("5", "增长 5.07 亿元", False),
        ("5", "增长 15%", False),
        ("2.00", "城市公园\t2.00\t基本竣工", True),
        ("2", "城市公园 2.00 基本竣工", False),
        ("1057.40", "1057.40 亿元/ /10658.54 亿元", True),
    ],
)
def test_value_matches_only_as_a_whole_number(value: str, quote: str, expected: bool) -> None:
    assert value_in_quote(value, quote) is expected


def test_whitespace_is_ignored_on_both_sides() -> None:
    seed = normalize("全社会固定资产投资总\n额突破 360 亿元")
    assert quote_in_seed("全社会固定资产投资总额突破360亿元", seed)
    assert quote_in_seed("全社会固定资产投资总额 突破 360 亿元", seed)
    assert not quote_in_seed("全社会固定资产投资总额突破 361 亿元", seed)


def test_seeds_match_their_checksums_and_the_shared_originals() -> None:
    import hashlib

    with open(DATA_DIR / "sources.csv", encoding="utf-8") as f:
        sources = list(csv.DictReader(f))
    assert {s["district"] for s in sources} == {"yangpu", "baoshan"}
    shared = ROOT.parent / "shared" / "seeds"
    for s in sources:
        raw = (ROOT / s["file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == s["sha256"]
        original = shared / s["original_file"]
        if original.exists():  # beside the repository in CI; absent in a user's clone
            assert original.read_bytes() == raw


def test_reference_rows_carry_a_citation_not_a_quote() -> None:
    header = (DATA_DIR / "reference.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert "citation" in header and "quote" not in header
    with open(DATA_DIR / "reference.csv", encoding="utf-8") as f:
        assert all(r["citation"].strip() for r in csv.DictReader(f))
