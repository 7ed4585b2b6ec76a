"""A target stated in parts is compared as the sum of its parts (parts.csv, issue 19 item 1)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.analyses import targets
from analysis.analyses.fulfilment import fulfilment
from analysis.analyses.parts import with_part_sums
from tests.conftest import load_problems, read_rows, write_rows
from tests.test_targets import SRC, _row

RULE = pd.DataFrame(
    [{"district": "baoshan", "indicator": "tech_centres", "subject": "国家（市级）",
      "parts": "国家级;市级", "note": "hand-made"}]
).astype("string")  # fmt: skip


def _centres(*extra: dict) -> list[dict]:
    """Baoshan's 表1 cell as hand-made rows: results 国家级 1, 市级 12, 区级 104 last year; the
    plan year's targets 国家（市级）10 and 区级 100."""
    rows = [
        _row("baoshan", "tech_centres", 2023, "actual", 1, unit="家", subject="国家级"),
        _row("baoshan", "tech_centres", 2023, "actual", 12, unit="家", subject="市级"),
        _row("baoshan", "tech_centres", 2023, "actual", 104, unit="家", subject="区级"),
        _row("baoshan", "tech_centres", 2024, "target", 10, unit="家", subject="国家（市级）"),
        _row("baoshan", "tech_centres", 2024, "target", 100, unit="家", subject="区级"),
        *extra,
    ]
    for r in rows:
        r["source"] = "baoshan-2024"
        r["measure"] = "count"
    return rows


def _with_rule(rows: list[dict], rule: pd.DataFrame | None = RULE) -> pd.DataFrame:
    ref = pd.DataFrame(columns=["scope", "kind", "year", "indicator", "value", "id", "unit",
                                "qualifier", "bound", "assignment", "attribute"])  # fmt: skip
    return targets.master_table(pd.DataFrame(rows), ref, SRC, None, rule).set_index("subject")


def test_the_whole_is_set_against_the_sum_of_its_parts() -> None:
    m = _with_rule(_centres())
    whole = m.loc["国家（市级）"]
    assert whole["result_value"] == 13  # 1 + 12, by hand
    assert whole["change"] == -3 and whole["direction"] == "below"
    assert whole["result_parts"] == "国家级;市级"
    assert whole["result_id"].split(";") == [
        "ba-tech_centres-2023-actual-国家级", "ba-tech_centres-2023-actual-市级"
    ]
    assert m.loc["区级", "result_value"] == 104  # a part of its own keeps its own result


def test_without_the_rule_the_whole_has_no_result() -> None:
    m = _with_rule(_centres(), None)
    assert pd.isna(m.loc["国家（市级）", "result_value"])
    assert m.loc["国家（市级）", "direction"] == "n/a"


def test_no_sum_when_a_part_is_missing_or_in_another_unit() -> None:
    rows = [r for r in _centres() if r["subject"] != "市级"]
    assert len(with_part_sums(pd.DataFrame(rows), RULE)) == len(rows)
    rows = _centres()
    rows[1]["unit"] = "个"
    assert len(with_part_sums(pd.DataFrame(rows), RULE)) == len(rows)


def test_a_whole_with_a_figure_of_its_own_keeps_it() -> None:
    own = _row("baoshan", "tech_centres", 2023, "actual", 14, unit="家", subject="国家（市级）")
    own["source"], own["measure"] = "baoshan-2024", "count"
    out = with_part_sums(pd.DataFrame(_centres(own)), RULE)
    whole = out[(out["subject"] == "国家（市级）") & (out["kind"] == "actual")]
    assert list(whole["value"]) == [14]


def test_a_target_stated_in_parts_is_summed_too() -> None:
    """Targets for 国家级 5 and 市级 8 against a result for the whole: judged as 13."""
    rule = RULE.assign(subject="全部", parts="国家级;市级")
    rows = [
        _row("baoshan", "tech_centres", 2024, "actual", 12, unit="家", subject="全部"),
        _row("baoshan", "tech_centres", 2024, "target", 5, unit="家", subject="国家级"),
        _row("baoshan", "tech_centres", 2024, "target", 8, unit="家", subject="市级"),
    ]
    for r in rows:
        r["source"] = "baoshan-2025"
    out = fulfilment(pd.DataFrame(rows), parts=rule)
    ids = "ba-tech_centres-2024-target-国家级;ba-tech_centres-2024-target-市级"
    whole = out[out["target_id"] == ids]
    assert list(whole["status"]) == ["missed"] and list(whole["margin"]) == [-1]




def test_a_rule_must_name_a_target_and_results_that_exist(data_copy: Path) -> None:
    path = data_copy / "parts.csv"
    rows = read_rows(path)
    write_rows(path, [*rows, ["baoshan", "enterprise_tech_centres_new", "区级", "国家级;省级", "x"],
                      ["baoshan", "gdp_growth", "全区", "全区", "x"]])  # fmt: skip
    assert load_problems(data_copy) == [
        ("parts.csv", 3, "parts",
         "no result of baoshan enterprise_tech_centres_new has the subject '省级'"),
        ("parts.csv", 4, "subject", "no target of baoshan gdp_growth has the subject '全区'"),
        ("parts.csv", 4, "parts", "parts '全区': at least two subjects, other than the whole"),
    ]  # fmt: skip


def test_no_parts_file_is_no_rule(data_copy: Path) -> None:
    (data_copy / "parts.csv").unlink()
    assert load_problems(data_copy) == []
