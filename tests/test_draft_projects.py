"""Project tables drafted as rows for projects.csv, never as indicators: hand-made fragments in
the reports' layouts (tests/fixtures/draft_projects/, expected rows written by hand) and the two
seeds, each district's project rows left out."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.base.errors import WorkbookError
from analysis.base.paths import DATA_DIR, ROOT
from analysis.cli import main
from analysis.contract import provenance
from analysis.curate import projects
from analysis.curate.accept import accept
from analysis.curate.draft import catalogue_of, draft
from analysis.curate.evaluate import (
    PROJECT_FIELDS,
    _without_projects,
    draft_fixture,
    evaluate_project_fixture,
    evaluate_project_fixtures,
    evaluate_projects,
    render_projects,
)

FIXTURES = ROOT / "tests" / "fixtures" / "draft_projects"


def _manifest() -> list[dict[str, str]]:
    with (FIXTURES / "manifest.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def catalogue():
    return catalogue_of()


@pytest.mark.parametrize("entry", _manifest(), ids=lambda e: e["fixture"])
def test_each_project_layout_is_drafted_right_in_every_field(entry: dict, catalogue) -> None:
    score = evaluate_project_fixture(
        FIXTURES, entry["fixture"], int(entry["results_year"]), int(entry["plan_year"]), catalogue
    )
    assert score.curated >= 3, "a fixture lists at least three projects"
    assert score.found == score.curated, score.misses
    assert {k: n for k, n in score.right if n < score.found} == {}, score.misses
    assert score.noise == 0, score.misses
    assert score.as_indicators == 0, "a project row's number drafted as an indicator"


def test_confidence_separates_sure_rows_from_the_rest(catalogue) -> None:
    """High rows are right in every field; a year's investment column (not the total) and goal
    words outside projects.csv's enum make a row low or medium, with the amount in `note`."""
    scores = evaluate_project_fixtures(FIXTURES)
    high = [(n, ok) for s in scores for level, n, ok in s.levels if level == "high"]
    n, ok = sum(a for a, _ in high), sum(b for _, b in high)
    assert n >= 15 and ok / n >= 0.95
    medium = [(n, ok) for s in scores for level, n, ok in s.levels if level == "medium"]
    assert sum(n for n, _ in medium) == 3  # the numbered list's items
    raw = (FIXTURES / "annual_column.txt").read_text(encoding="utf-8")
    rows = draft_fixture(raw, 2024, 2025, catalogue).projects
    assert [str(r["confidence"]).split(":")[0] for r in rows] == ["low", "low", "low"]
    assert rows[0]["total_investment"] == "" and "1.2" in str(rows[0]["note"])
    assert "not in goal_zh's enum" in str(rows[0]["confidence"])  # 开工建设
    assert "not in goal_zh's enum" not in str(rows[2]["confidence"])  # 开工 is in it
    raw = (FIXTURES / "remarks_column.txt").read_text(encoding="utf-8")
    rows = draft_fixture(raw, 2024, 2025, catalogue).projects
    assert [r["note"] for r in rows] == ["备注: 续建", "", "备注: 新开工"]  # the 备注 cell, kept
    assert all("'万元' is not in unit's enum" in str(r["confidence"]) for r in rows)


def test_the_indicator_draft_keeps_what_is_not_a_project(catalogue) -> None:
    """Prose figures and the list's 合计 stay indicator drafts; no indicator row stands at a
    project row's number (its row number, amount, or a number in its name)."""
    raw = (FIXTURES / "tab_plan.txt").read_text(encoding="utf-8")
    result = draft_fixture(raw, 2024, 2025, catalogue)
    values = {r["value"] for r in result.rows}
    assert {"12", "45.6", "32.1"} <= values
    assert not values & {"8.2", "3.15", "5.6", "12.75", "2.4", "05"}
    assert len(result.projects) == 5


def test_every_project_quote_passes_the_provenance_check(catalogue) -> None:
    for entry in _manifest():
        raw = (FIXTURES / f"{entry['fixture']}.txt").read_text(encoding="utf-8")
        seed = provenance.normalize(raw)
        for row in draft_fixture(raw, 2024, 2025, catalogue).projects:
            assert provenance.quote_in_seed(str(row["quote"]), seed), row["quote"]
            amount = str(row["total_investment"])
            assert not amount or provenance.value_in_quote(amount, str(row["quote"]))


@pytest.mark.parametrize(
    ("text", "role", "unit", "total"),
    [
        ("投资总额 (亿元)", "investment", "亿元", True),
        ("总投资（万元）", "investment", "万元", True),
        ("2025年计划投资", "investment", None, False),
        ("项目进展情况", "progress", None, True),
        ("年度目标", "goal", None, True),
        ("2024年目标", "goal", None, True),
        ("项目名称", "name", None, True),
        ("类别", "category", None, True),
        ("序号", "seq", None, True),
    ],
)
def test_head_of_names_each_column(text: str, role: str, unit: str | None, total: bool) -> None:
    head = projects.head_of(text)
    assert head is not None and (head.role, head.unit, head.total) == (role, unit, total)


def test_no_project_table_without_a_name_column() -> None:
    """An indicator table (指标 / 年度目标 / 完成数) or a 主要领域 / 推进情况 table is none."""
    assert projects.head_of("指标") is None and projects.head_of("主要领域") is None
    raw = "表1 主要指标\n序号\t指标\t年度目标\t完成数\n1\t地区生产总值增速\t5%\t5.2%\n"
    assert projects.find_tables(raw) == []
    raw = "表 2 推进情况\n主要领域 推进情况\n经济数字化\n● 举办论坛 3 场\n"
    assert projects.find_tables(raw) == []


def test_a_numbered_list_is_a_project_list_only_when_it_names_projects() -> None:
    """Targets numbered under 主要目标如下, or tasks under a lead naming projects that are no
    project's name (推进科技创新), are no project list."""
    raw = "今年主要目标如下：\n1.地区生产总值增长5%左右；\n2.一般公共预算收入增长3%。\n"
    assert projects.find_lists(raw) == []
    raw = "重点项目安排如下：\n1.推进科技创新，新增企业100家；\n2.优化营商环境。\n"
    assert projects.find_lists(raw) == []
    (table,) = projects.find_lists((FIXTURES / "numbered_list.txt").read_text(encoding="utf-8"))
    assert [r.name for r in table.rows][2] == "长阳路综合整治工程"  # 加快推进 cut
    assert all(r.confidence().startswith("medium") for r in table.rows)


def test_each_seed_has_its_one_project_table() -> None:
    found = {}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        assert projects.find_lists(raw) == []
        tables = projects.find_tables(raw)
        found[path.name.split("-")[0]] = [(t.table_no, len(t.rows)) for t in tables]
    # the two seed reports' tables; a seed a user adds (test_third_district) may have none
    expected = {"baoshan": [("2", 20)], "yangpu": [("4", 20)]}
    assert {k: v for k, v in found.items() if k in expected} == expected


@pytest.mark.sweep
def test_leave_one_out_on_the_seeds_meets_its_aims() -> None:
    """Each district's project rows left out in turn: every curated project found, each field
    ≥ 95% right, noise ≤ 5%, high rows right in every field ≥ 95%, none drafted as an
    indicator."""
    scores = evaluate_projects()
    assert {s.district for s in scores} == {"baoshan", "yangpu"}
    for s in scores:
        assert s.found == s.curated == 20, s.misses
        for name in PROJECT_FIELDS:
            assert s.of(name) / s.found >= 0.95, (name, s.misses)
        assert s.noise <= 0.05 * s.drafted, s.misses
        assert s.as_indicators == 0
        n, ok = next((n, ok) for level, n, ok in s.levels if level == "high")
        assert n and ok / n >= 0.95, s.levels
    table = render_projects(scores)
    assert "| yangpu | 20 | 20 = 100.0% |" in table and "| all | 40 |" in table


@pytest.fixture(scope="module")
def baoshan_without_projects(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _without_projects(DATA_DIR, "baoshan", tmp_path_factory.mktemp("no-projects"))


@pytest.mark.sweep
def test_draft_writes_project_rows_to_a_file_of_their_own(
    baoshan_without_projects: Path, tmp_path: Path, capsys
) -> None:
    data = str(baoshan_without_projects)
    out = tmp_path / "bs-draft.csv"
    assert main(["--data-dir", data, "draft", "baoshan-2024", "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    side = tmp_path / "bs-draft.projects.csv"
    assert "wrote 20 project row(s)" in printed and side.is_file()
    rows = _read(side)
    fields = projects.vocabulary_fields(data)
    assert list(rows[0]) == [*fields, "confidence"]
    assert rows[0]["name_zh"] == "南大中央公园" and rows[0]["total_investment"] == "3.4"
    assert rows[0]["quote"] == "1 南大中央公园 3.4 推进建设" and rows[0]["year"] == "2024"
    project_quotes = {provenance.normalize(r["quote"]) for r in rows}
    for r in _read(out):  # not one indicator row quotes a project row
        assert provenance.normalize(r["quote"]) not in project_quotes
    # --projects names the file; the indicator draft's own file is refused for it
    other = tmp_path / "mine.csv"
    args = ["--data-dir", data, "draft", "baoshan-2024", "--output", str(out)]
    assert main([*args, "--projects", str(other)]) == 0
    assert len(_read(other)) == 20
    assert main([*args, "--projects", str(out)]) == 2
    assert "project rows go to a file of their own" in capsys.readouterr().err
    # accept takes indicator rows only: a project draft is refused, nothing written
    with pytest.raises(WorkbookError, match="missing column"):
        accept(other, data)


@pytest.mark.sweep
def test_a_curated_report_drafts_no_project_row_again() -> None:
    """Rows already in projects.csv are not drafted again."""
    assert draft("baoshan-2024").projects == []


def test_write_rows_writes_a_header_alone_when_there_is_no_project(tmp_path: Path) -> None:
    path = projects.write_rows([], tmp_path / "x.projects.csv", ["id", "name_zh", "quote"])
    assert path.read_text(encoding="utf-8-sig") == "id,name_zh,quote,confidence\n"
    assert projects.default_path(Path("a/draft.csv")) == Path("a/draft.projects.csv")
    assert projects.default_path(Path("draft")) == Path("draft.projects.csv")
