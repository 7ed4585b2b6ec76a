"""The drafting assistant on results and plan tables in every layout reports are stored in, and
on prose that states plan figures, periods, signs and a fact twice: hand-made fixtures in
tests/fixtures/draft_layouts/ (short fragments in the reports' style, expected rows by hand)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.base.paths import ROOT
from analysis.contract import provenance
from analysis.curate.draft import catalogue_of
from analysis.curate.evaluate import (
    FIXTURE_FIELDS,
    draft_fixture,
    evaluate_fixture,
    evaluate_fixtures,
    render_fixtures,
)
from analysis.curate.tables import column_of, read_tables

LAYOUTS = ROOT / "tests" / "fixtures" / "draft_layouts"


def _manifest() -> list[dict[str, str]]:
    with (LAYOUTS / "manifest.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def catalogue():
    return catalogue_of()


@pytest.mark.parametrize("entry", _manifest(), ids=lambda e: e["fixture"])
def test_each_layout_is_drafted_right_in_every_field(entry: dict, catalogue) -> None:
    score = evaluate_fixture(
        LAYOUTS, entry["fixture"], int(entry["results_year"]), int(entry["plan_year"]), catalogue
    )
    assert score.expected >= 3, "a fixture states at least three figures"
    assert score.found == score.expected, score.misses
    wrong = {f: score.found - n for f, n in score.right.items() if n < score.found}
    # one label in the prose fixture may miss (a growth rate whose level has no key)
    assert sum(wrong.values()) <= 1 and set(wrong) <= {"label_zh"}, score.misses
    assert score.noise == 0, score.misses
    assert score.duplicates_kept_once == score.duplicates


def test_row_numbers_are_never_values(catalogue) -> None:
    """序号 1, 2, 3 … in every layout with a 序号 column: no draft row at a row number."""
    for entry in _manifest():
        raw = (LAYOUTS / f"{entry['fixture']}.txt").read_text(encoding="utf-8")
        ry, py = int(entry["results_year"]), int(entry["plan_year"])
        lines = raw.splitlines()
        tables = read_tables(raw, ry, py, set(catalogue.units), [False] * len(lines))
        result = draft_fixture(raw, ry, py, catalogue)
        starts = {int(r["_start"]) for r in result.rows}
        norm_at = provenance.norm_offsets(raw)
        assert not starts & {norm_at[at] for at in tables.row_numbers}, entry["fixture"]
        if "序号" in raw:
            assert tables.row_numbers, f"{entry['fixture']}: its row numbers were read"


def test_every_fixture_row_passes_the_provenance_check(catalogue) -> None:
    for entry in _manifest():
        raw = (LAYOUTS / f"{entry['fixture']}.txt").read_text(encoding="utf-8")
        seed = provenance.normalize(raw)
        result = draft_fixture(raw, int(entry["results_year"]), int(entry["plan_year"]), catalogue)
        for row in result.rows:
            assert provenance.quote_in_seed(str(row["quote"]), seed), row
            assert provenance.value_in_quote(str(row["value"]), str(row["quote"])), row


@pytest.mark.parametrize(
    ("head", "role", "year"),
    [
        ("年度目标", "target", None), ("年初目标", "target", None), ("全年目标", "target", None),
        ("2025年目标", "target", 2025), ("完成数", "actual", None), ("全年完成数", "actual", None),
        ("完成情况", "actual", None), ("全年完成预计", "estimate", None),
        ("2020 年预计值", "estimate", 2020), ("同比增长(%)", "growth", None),
        ("增速", "growth", None), ("指标类型", "attr", None), ("属性", "attr", None),
        ("计量单位", "unit", None), ("序号", "seq", None), ("指标名称", "label", None),
    ],
)  # fmt: skip
def test_a_header_cell_names_its_column(head: str, role: str, year: int | None) -> None:
    col = column_of(head)
    assert col is not None and (col.role, col.year) == (role, year)


@pytest.mark.parametrize("text", ["地区生产总值", "1234.5", "增长5%", "项目名称", ""])
def test_a_cell_that_names_no_column(text: str) -> None:
    assert column_of(text) is None


def test_a_half_year_column_is_a_period(catalogue) -> None:
    """上半年完成: actual figures of a part of the year, flagged, never full-year figures."""
    raw = (
        "表1 2024年上半年主要指标\n序号 指标 单位 全年目标 上半年完成\n"
        "1 商品销售总额 亿元 5200 2480\n"
    )
    rows = {r["value"]: r for r in draft_fixture(raw, 2024, 2025, catalogue).rows}
    assert (rows["5200"]["kind"], rows["5200"]["period"]) == ("target", "上半年")
    assert (rows["2480"]["kind"], rows["2480"]["period"]) == ("actual", "上半年")
    assert all(r["confidence"].startswith("low") for r in rows.values())


def test_a_range_and_a_month_span_are_not_signs(catalogue) -> None:
    raw = "一、2024年计划执行情况\n合同利用外资12-15亿美元。1-11月，固定资产投资完成268.9亿元。\n"
    rows = draft_fixture(raw, 2024, 2025, catalogue).rows
    assert all(not str(r["value_signed"]).startswith("-") for r in rows), rows


def test_the_layout_evaluation_meets_its_aims(catalogue) -> None:
    """Over every fixture: value with sign, year, kind, unit >= 95%; label >= 85%; noise <= 5%
    of draft rows; high rows right in every field >= 95%."""
    scores = evaluate_fixtures(LAYOUTS)
    found = sum(s.found for s in scores)
    assert found == sum(s.expected for s in scores)
    for f in ("value", "year", "kind", "unit"):
        assert sum(s.right[f] for s in scores) / found >= 0.95, f
    assert sum(s.right["label_zh"] for s in scores) / found >= 0.85
    assert sum(s.noise for s in scores) <= 0.05 * sum(s.drafted for s in scores)
    high = [(n, ok) for s in scores for level, n, ok in s.levels if level == "high"]
    n, ok = sum(n for n, _ in high), sum(ok for _, ok in high)
    assert n and ok / n >= 0.95
    table = render_fixtures(scores)
    assert table.splitlines()[-1].startswith(f"| all | {found} | {found} = 100.0% |")
    assert len(FIXTURE_FIELDS) + 8 == table.splitlines()[0].count("|") - 1


@pytest.mark.sweep
def test_draft_eval_prints_the_layouts(capsys) -> None:
    from analysis.cli import main

    assert main(["draft-eval", "--layouts", str(LAYOUTS), "--district", "yangpu"]) == 0
    out = capsys.readouterr().out
    assert "| layout | figures | found | value with sign |" in out
    assert "| left out | value with sign | year | kind | unit | label | noise |" in out


def test_the_fixtures_are_hand_made_fragments() -> None:
    """Short: a fragment per layout, not a stored page."""
    for path in Path(LAYOUTS).glob("*.txt"):
        assert len(path.read_text(encoding="utf-8")) < 1200, path


def test_draft_eval_layouts_without_a_manifest(tmp_path: Path) -> None:
    from analysis.base.errors import WorkbookError

    with pytest.raises(WorkbookError, match="no manifest.csv there"):
        evaluate_fixtures(tmp_path)


HELD_OUT = ROOT / "tests" / "fixtures" / "draft_layouts_heldout"


def test_held_out_layouts_meet_the_aims() -> None:
    """Fixtures written after the drafting rules, in other wordings of the same layouts (blank
    unit cells, * marks, 目标值/预计值 columns, a words-only 完成情况 column, a | plan table):
    the aims hold over them as a whole. The one known miss is 以下, a bound the qualifier
    vocabulary (qualifiers.csv) does not have."""
    scores = evaluate_fixtures(HELD_OUT)
    found = sum(s.found for s in scores)
    assert found == sum(s.expected for s in scores)
    for f in ("value", "year", "kind", "unit", "attribute", "period"):
        assert sum(s.right[f] for s in scores) == found, f
    assert sum(s.right["label_zh"] for s in scores) / found >= 0.85
    assert sum(s.noise for s in scores) <= 0.05 * sum(s.drafted for s in scores)
    misses = [m for s in scores for m in s.misses]
    assert misses == ["35: qualifier '约束性', expected '以下;约束性'"]


@pytest.mark.sweep
def test_tables_made_of_random_cells_never_break_the_draft(catalogue) -> None:
    """Headers and rows put together at random, in every separator: the draft never fails,
    and every row it drafts passes the provenance check."""
    import random

    heads = ["序号", "指标", "单位", "属性", "年度目标", "完成数", "全年完成预计", "同比增长",
             "上半年完成", "备注", ""]  # fmt: skip
    cells = ["1", "2", "地区生产总值", "亿元", "%", "预期性", "增长5%", "-4.3%", "下降2%", "12-15",
             "5.2", "980", "", "—", "完成", "（亿元）", "1-11月"]  # fmt: skip
    rng = random.Random(7)
    for _ in range(300):
        sep = rng.choice([" ", "\t", "|", "\n", "\n\n"])
        lines = ["一、2024年计划执行情况", "表1 2024年主要指标完成情况"]
        lines.append(sep.join(rng.sample(heads, rng.randint(2, 7))))
        lines += [
            sep.join(rng.choice(cells) for _ in range(rng.randint(1, 7)))
            for _ in range(rng.randint(0, 5))
        ]
        raw = rng.choice(["\n", "\r\n"]).join(lines)
        seed = provenance.normalize(raw)
        for row in draft_fixture(raw, 2024, 2025, catalogue).rows:
            assert provenance.quote_in_seed(str(row["quote"]), seed), raw
            assert provenance.value_in_quote(str(row["value"]), str(row["quote"])), raw
    assert draft_fixture("", 2024, 2025, catalogue).rows == []
