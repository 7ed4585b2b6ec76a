"""Labels drafted on hand-made sentences, one rule each: the name printed beside a number,
without the words that only say what was done to it (issue 18 item 4)."""

from __future__ import annotations

import pytest

from analysis.curate.draft import catalogue_of
from analysis.curate.evaluate import draft_fixture

RY, PY = 2024, 2025  # the years of the hand-made text below, not of any shipped report
HEAD = "一、2024年计划执行情况\n"


@pytest.fixture(scope="module")
def catalogue():
    return catalogue_of()


def _label(text: str, printed: str, catalogue) -> str:
    rows = [r for r in draft_fixture(HEAD + text + "\n", RY, PY, catalogue).rows]
    got = [str(r["label_zh"]) for r in rows if str(r["value"]) == printed]
    assert got, f"{printed} not drafted from {text}"
    return got[0]


@pytest.mark.parametrize(
    ("text", "printed", "label"),
    [
        # 新增 and 累计 tell a flow from a running total: they stay in the name
        ("全年新增落地企业185家、累计539家。", "185", "新增落地企业"),
        ("全年新增落地企业185家、累计539家。", "539", "累计落地企业"),
        # a verb after 累计 goes with it
        ("累计发放困境儿童生活补贴120万元。", "120", "困境儿童生活补贴"),
        # markers before a name are not the name's
        ("全区共有数字经济企业近7000家。", "7000", "数字经济企业"),
        # digits inside a name do not split it
        ("新建5G基站223个。", "223", "新建5G基站"),
        # a short aside in brackets is part of the name
        ("区域环境空气质量指数（AQI）优良率为86.6%。", "86.6", "区域环境空气质量指数（AQI）优良率"),
        # examples before 等 are not the name: the name follows the number
        ("安波路、淞沪路等9个项目完工。", "9", "项目完工"),
        # after a count, the subject and its verb go (5 家企业入选…)
        ("5家企业入选全市首批创新型企业总部。", "5", "创新型企业总部"),
        # 签约 keeps its 约 (约 alone is "about")
        ("家庭医生签约50.07万人。", "50.07", "家庭医生签约"),
        # the k-th figure after 分别 takes the k-th name of the list
        ("城乡居保、征地养老各项待遇发放分别为3.1亿元、3.76亿元。", "3.76", "征地养老"),
        # a second count of the same clause names its status
        ("区筹公租房3466套房源已签约3133户。", "3133", "已签约"),
        # a count with no name of its own takes the sentence's last count's
        ("新开工建设8所学校，竣工13所。", "13", "学校"),
        # medals are named by their metal
        ("选手在职业技能大赛中取得2金1银。", "1", "银"),
        # a name printed around the number is kept whole
        ("力争平均每年节约1%的用电量。", "1", "平均每年节约的用电量"),
        # a rank of a measure names what the sentence measured
        ("完成一般公共预算收入281.87亿元，增幅位居全市第一。", "1", "一般公共预算收入增幅"),
    ],
)
def test_a_label_is_the_name_printed_beside_the_number(text, printed, label, catalogue) -> None:
    assert _label(text, printed, catalogue) == label
