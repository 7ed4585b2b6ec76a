"""Project-list logic on hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyses import investment
from analysis.presentation import views

LIST = "baoshan-major-gov-2024"


@pytest.fixture
def proj() -> pd.DataFrame:
    rows = [
        (1, "甲类", "A", "p1", 3.4, "开工", None),
        (2, "甲类", "A", "p2", 6.95, "推进建设", None),
        (3, "乙类", "B", "p3", 15.65, "竣工", None),
    ]
    frame = pd.DataFrame(
        [
            {
                "id": f"bs-p{s:03d}",
                "district": "baoshan",
                "list": LIST,
                "seq": s,
                "category_zh": cz,
                "category_en": ce,
                "name_zh": n,
                "name_en": n,
                "total_investment": v,
                "unit": "亿元",
                "goal_zh": g,
                "goal_en": g,
                "progress_zh": p,
                "progress_en": p,
            }
            for s, cz, ce, n, v, g, p in rows
        ]
    )
    yp = pd.DataFrame(
        [
            {
                "id": "yp-p001",
                "district": "yangpu",
                "list": "shuangshi",
                "seq": 1,
                "category_zh": "路",
                "category_en": "roads",
                "name_zh": "x",
                "name_en": "x",
                "total_investment": None,
                "unit": None,
                "goal_zh": "开工",
                "goal_en": "start",
                "progress_zh": "已完工",
                "progress_en": "completed",
            },
            {
                "id": "yp-p002",
                "district": "yangpu",
                "list": "shuangshi",
                "seq": 2,
                "category_zh": "路",
                "category_en": "roads",
                "name_zh": "y",
                "name_en": "y",
                "total_investment": None,
                "unit": None,
                "goal_zh": "竣工",
                "goal_en": "complete",
                "progress_zh": "已开工",
                "progress_en": "started",
            },
        ]
    )
    return pd.concat([frame, yp], ignore_index=True)


def test_by_category_totals_and_shares(proj: pd.DataFrame) -> None:
    t = investment.by_category(proj, LIST).set_index("category_en")
    assert t.loc["A", "projects"] == 2
    assert t.loc["A", "total"] == pytest.approx(10.35)
    assert t["share"].sum() == pytest.approx(1)


def test_largest(proj: pd.DataFrame) -> None:
    assert investment.largest(proj, LIST, n=2)["name_en"].tolist() == ["p3", "p2"]


def test_total_check_against_stated_total(proj: pd.DataFrame) -> None:
    ind = pd.DataFrame(
        [
            {
                "id": "bs-0099",
                "district": "baoshan",
                "indicator": "gov_investment_projects_total",
                "value": 26.0,
            }
        ]
    )
    check = investment.total_check(proj, ind, LIST).iloc[0]
    assert check["computed_sum"] == pytest.approx(26.0)
    assert check["difference"] == 0
    ind.loc[0, "value"] = 27.0
    assert investment.total_check(proj, ind, LIST).iloc[0]["difference"] == pytest.approx(-1)


def test_goal_progress_met_rules(proj: pd.DataFrame) -> None:
    p = investment.goal_progress(proj, "shuangshi")
    # a start goal is met by completion; a completion goal is not met by a start
    assert p["met"].tolist() == [True, False]
    summary = views.goal_summary(p)
    assert summary["Goals met"].sum() == 1
    zh = views.goal_summary(p, "zh")
    assert list(zh.columns) == ["类别", "年度目标", "项目数", "完成数"]


def test_lists_for_shows_own_lists_or_the_peers_saying_so() -> None:
    import analysis
    from analysis.presentation import narrative

    proj = analysis.load_projects()
    lists = investment.project_lists(proj).set_index("list")
    assert lists.loc["baoshan-major-gov-2024", "with_amounts"] == 20
    assert lists.loc["yangpu-shuangshi-2023", "with_goals"] == 20
    own, is_own = investment.lists_for(proj, "baoshan", "amounts")
    assert is_own and list(own["list"]) == ["baoshan-major-gov-2024"]
    peers, is_own = investment.lists_for(proj, "yangpu", "amounts")
    assert not is_own and list(peers["list"]) == ["baoshan-major-gov-2024"]
    text = narrative.read_lists(peers, is_own, "Yangpu", "amounts")
    assert text == (
        "Yangpu's report lists no projects with investment amounts; shown instead: "
        "Baoshan (20 projects, list `baoshan-major-gov-2024`)."
    )
    zh = narrative.read_lists(peers, is_own, "杨浦区", "amounts", "zh")
    assert zh == (
        "杨浦区报告未列出含投资额的项目，下表列出"
        "《附件1 表2 2024 年宝山区部分重大政府投资项目计划》（20个项目）。"
    )
    assert zh.count("。") == 1 and "baoshan" not in zh  # one sentence, no English key


def test_a_list_is_named_by_its_printed_heading_with_the_district_when_it_lacks_it() -> None:
    from analysis.presentation import narrative

    assert narrative.list_name_zh({"district_zh": "杨浦区", "section": "表 4 双十项目"}) == (
        "杨浦区《表 4 双十项目》"
    )
    assert narrative.list_name_zh({"district_zh": "宝山区", "section": "宝山区项目计划"}) == (
        "《宝山区项目计划》"
    )
    assert narrative.list_name_zh({"district_zh": "宝山区", "section": None}) == "宝山区项目清单"


@pytest.mark.parametrize(("lang", "project", "goal"), [("en", "Project", "Annual goal"),
                                                       ("zh", "项目名称", "年度目标")])  # fmt: skip
def test_project_progress_is_shown_in_the_notebook_language(lang, project, goal) -> None:
    """The English report has no untranslated 双十 table; the CSV keeps both languages."""
    from analysis.presentation import tables
    from analysis.presentation.notebook import setup

    ctx = setup("yangpu", lang, style=False)
    shown = tables.show("project_progress", ctx).data
    assert len(shown) == 20
    has_han = shown[[project, goal]].apply(lambda c: c.str.contains(r"[\u4e00-\u9fff]"))
    if lang == "en":
        assert not has_han.any().any(), "an English table cell in Chinese"
        assert shown["Category"].isin(["Roads", "Water", "Power"]).all()
    else:
        assert has_han[goal].all()
    raw = tables.data("project_progress", ctx)
    assert {"name_zh", "name_en", "category_zh", "category_en", "goal_en"} <= set(raw.columns)
    assert raw[["name_en", "category_en", "goal_en", "progress_en"]].notna().all().all()


def test_investment_figures_of_part_of_the_year_are_left_out() -> None:
    """1-11月 investment is no year's figure: the investment table holds whole years only."""
    base = {c: None for c in ("district_short", "name_en", "name_zh", "district_zh")}
    cols = ("label_zh", "qualifier", "qualifier_en", "comparability", "unit", "kind")
    rows = [
        {**base, **{c: "" for c in cols}, "id": i, "district": "yangpu", "year": 2024,
         "indicator": "fixed_asset_investment", "value": v, "period": p}
        for i, v, p in (("yp-y", 650.0, None), ("yp-11", 590.0, "1-11月"))
    ]  # fmt: skip
    from analysis.load.vocabulary import LABELLED

    frame = pd.DataFrame(rows)
    for col in LABELLED:
        if col not in frame:
            frame[col] = None
    got = investment.investment_indicators(frame)
    assert list(got["id"]) == ["yp-y"]
    assert got["value"].tolist() == [650.0]
