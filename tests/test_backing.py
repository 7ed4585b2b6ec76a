"""Qualifiers from the sentence, not only the cell (backing.csv): a commitment in the sentence
that backs a target, an attribute a report states for a group of targets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import load_indicators
from analysis.analyses.targets import master_table, summary
from analysis.load.frames import _add_units_and_qualifiers
from tests.conftest import line_of, load_problems, read_rows, set_cell, write_rows


def _add(data_dir: Path, *rows: list[str]) -> int:
    """Append backing rows; the file line of the first one."""
    path = data_dir / "backing.csv"
    table = read_rows(path)
    write_rows(path, [*table, *rows])
    return len(table) + 1


def test_a_commitment_in_another_sentence_codes_the_target(data_copy: Path) -> None:
    """The target's cell says 以上 only; the sentence 以季保年，确保实现… makes it `ensure`."""
    sentence = "以月保季、以季保年，确保实现年度经济增长目标"
    line = _add(data_copy, ["bk-901", "yp-0021", "确保", sentence, "hand-made: backs revenue too"])
    assert load_problems(data_copy) == []
    ind = load_indicators(data_copy)
    row = ind.set_index("id").loc["yp-0021"]
    assert (row["qualifier"], row["commitment"], row["bound"]) == ("以上", "ensure", "floor")
    assert row["backing"] == "主要预期目标;确保"  # in id order: the group's row came first
    assert line > 1


def test_the_targets_own_word_decides_and_a_contrary_backing_word_is_refused(
    data_copy: Path,
) -> None:
    line = _add(data_copy, ["bk-901", "bs-0093", "确保", "力争增长 1 个百分点", "hand-made"])
    assert load_problems(data_copy) == [
        ("backing.csv", line, "qualifier",
         "'确保' (commitment ensure) contradicts the target's own '力争' (strive); the "
         "target's words decide"),
        ("backing.csv", line, "qualifier", "qualifier '确保' is not in the quote"),
    ]  # fmt: skip


def test_a_backing_sentence_is_checked_like_a_quote(data_copy: Path) -> None:
    path = data_copy / "backing.csv"
    line = line_of(path, "id", "bk-008")
    set_cell(path, line, "quote", "力争地区生产总值可比增长 6%左右")
    [(name, at, column, message)] = load_problems(data_copy)
    assert (name, at, column) == ("backing.csv", line, "quote")
    assert message.startswith("quote not found in seed baoshan-2024")


def test_a_groups_attribute_needs_the_targets_quote_in_its_sentence(data_copy: Path) -> None:
    """主要预期目标 codes only the targets its sentence states: Baoshan's GDP is not one."""
    path = data_copy / "backing.csv"
    quote = read_rows(path)[line_of(path, "id", "bk-002") - 1][3]
    line = _add(data_copy, ["bk-901", "yp-0024", "主要预期目标", quote, "hand-made"])
    assert load_problems(data_copy) == [
        ("backing.csv", line, "quote",
         "a group's attribute: the sentence must hold the target's own quote (yp-0024), so the "
         "target is shown to be one of the group"),
    ]  # fmt: skip


def test_only_a_target_is_backed_and_only_by_a_commitment_or_attribute(data_copy: Path) -> None:
    first = _add(
        data_copy,
        ["bk-901", "yp-0001", "确保", "以月保季、以季保年，确保实现年度经济增长目标", "hand-made"],
        ["bk-902", "yp-0022", "以上", "全社会固定资产投资总额同比增长 6%以上", "hand-made"],
    )
    kind = read_rows(data_copy / "indicators.csv")[
        line_of(data_copy / "indicators.csv", "id", "yp-0001") - 1
    ]
    assert "target" not in kind
    got = load_problems(data_copy)
    assert got == [
        ("backing.csv", first, "target",
         f"yp-0001 is a {kind[4]}, not a target: only a target is backed"),
        ("backing.csv", first + 1, "qualifier",
         "'以上' codes no commitment or attribute; a bound or a peg is stated in the target's "
         "own words (indicators.csv qualifier)"),
    ]  # fmt: skip


def test_no_backing_file_is_no_backing(data_copy: Path) -> None:
    (data_copy / "backing.csv").unlink()
    assert load_problems(data_copy) == []
    ind = load_indicators(data_copy).set_index("id")
    assert ind.loc["yp-0018", "commitment"] == "none"
    assert ind["backing"].isna().all()


@pytest.mark.sweep
def test_the_master_table_counts_a_backed_commitment(data_copy: Path) -> None:
    """The summary's ensure/strive counts read the code, wherever the word was printed."""
    from analysis.load.frames import load_reference, sources

    ind = load_indicators(data_copy, standard=True)
    master = master_table(ind, load_reference(data_copy), sources(data_copy))
    by_id = master.set_index("target_id")
    assert by_id.loc["yp-0018", "commitment"] == "ensure"
    assert by_id.loc["yp-0018", "attribute"] == "indicative"
    assert by_id.loc["bs-0003", "commitment"] == "strive"
    assert by_id.loc["yp-0018", "backing"] == "确保;主要预期目标"
    counts = summary(master).set_index("district")
    with_words = master.groupby("district")["commitment"].apply(lambda s: (s == "ensure").sum())
    assert counts.loc["yangpu", "ensure"] == with_words["yangpu"] >= 2  # 确保 in two cells + GDP


def test_backing_codes_on_hand_made_rows(monkeypatch) -> None:
    """The loader's rule on rows made here: own word first, then the sentence's, then default."""
    from analysis.load import frames

    quals = {
        "以上": {"qualifier": "以上", "name_en": "at least", "bound": "floor"},
        "力争": {"qualifier": "力争", "name_en": "strive for", "commitment": "strive"},
        "确保": {"qualifier": "确保", "name_en": "ensure", "commitment": "ensure"},
        "预期性": {"qualifier": "预期性", "name_en": "indicative", "attribute": "indicative"},
    }

    class Pkg:
        tables = {
            "units": [{"unit": "%", "name_en": "percent"}],
            "qualifiers": list(quals.values()),
            "backing": [
                {"id": "bk-2", "target": "a", "qualifier": "确保"},
                {"id": "bk-1", "target": "b", "qualifier": "确保"},
                {"id": "bk-3", "target": "b", "qualifier": "预期性"},
            ],
        }

    monkeypatch.setattr(frames, "package", lambda _d: Pkg)
    frame = pd.DataFrame(
        {"id": ["a", "b", "c"], "unit": ["%"] * 3, "qualifier": ["力争", "以上", None],
         "value": [5.0, 6.0, 7.0]}
    )  # fmt: skip
    out = _add_units_and_qualifiers(frame, None, backed=True)
    assert list(out["commitment"]) == ["strive", "ensure", "none"]
    assert list(out["attribute"]) == ["unstated", "indicative", "unstated"]
    assert list(out["bound"]) == ["exact", "floor", "exact"]
    assert list(out["backing"].fillna("")) == ["确保", "确保;预期性", ""]
