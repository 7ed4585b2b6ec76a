"""Provenance is the product: every seed-derived number is in its quote, every quote in its seed."""

from __future__ import annotations

import csv

import pytest

from analysis.base.paths import DATA_DIR, ROOT
from analysis.contract.provenance import normalize, quote_in_seed, value_in_quote
from tests.conftest import district_keys


def _seeds() -> dict[str, str]:
    with open(DATA_DIR / "sources.csv", encoding="utf-8") as f:
        return {
            r["source"]: normalize((ROOT / r["file"]).read_text(encoding="utf-8"))
            for r in csv.DictReader(f)
        }


SEEDS = _seeds()


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _failures(name: str, value_col: str) -> list[str]:
    """Every row whose quote is not in its seed or whose value is not in its quote, by line."""
    failures = []
    for line, r in enumerate(_rows(name), start=2):
        where = f"{name}, line {line} ({r['id']})"
        if not quote_in_seed(r["quote"], SEEDS[r["source"]]):
            failures.append(f"{where}: quote not in seed {r['source']}: {r['quote']}")
        elif r[value_col] and not value_in_quote(r[value_col], r["quote"]):
            failures.append(f"{where}: {r[value_col]} not in quote: {r['quote']}")
    return failures


def test_there_are_rows_to_check() -> None:
    assert len(_rows("indicators.csv")) > 100
    assert len(_rows("projects.csv")) >= 40


@pytest.mark.parametrize(
    ("name", "value_col"), [("indicators.csv", "value"), ("projects.csv", "total_investment")]
)
def test_every_quote_is_in_its_seed_and_every_value_in_its_quote(name: str, value_col: str) -> None:
    failures = _failures(name, value_col)
    assert not failures, f"{len(failures)} row(s) fail provenance:\n" + "\n".join(failures)


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
    assert {s["district"] for s in sources} == set(district_keys())  # every district has a seed
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
