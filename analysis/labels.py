"""Bilingual labels for charts and tables: `en` official English terms, `zh` printed Chinese."""

from __future__ import annotations

import pandas as pd

from analysis.errors import UnknownKeyError

LANGS = ("en", "zh")

TEXT: dict[str, dict[str, str]] = {
    "result": {"en": "2023 result", "zh": "2023年完成"},
    "target": {"en": "2024 target", "zh": "2024年目标"},
    "city_target": {"en": "Shanghai 2024 target", "zh": "全市2024年目标"},
    "growth_pct": {"en": "Growth, % on previous year", "zh": "比上年增长（%）"},
    "gap_pp": {
        "en": "District target minus Shanghai target, percentage points",
        "zh": "区目标减全市目标（百分点）",
    },
    "implied": {"en": "implied", "zh": "推算"},
    "stated": {"en": "stated", "zh": "所列"},
    "rounding": {
        "en": "Allowed by the rounding of the printed growth target",
        "zh": "增速目标取整允许的范围",
    },
    "gap_pct": {
        "en": "Stated level minus implied level, % of implied",
        "zh": "所列值减推算值（占推算值%）",
    },
    "yi_yuan": {"en": "100 million yuan (亿元)", "zh": "亿元"},
    "yuan_per_resident": {
        "en": "Yuan per resident (2020 census population)",
        "zh": "元/常住人口（2020年人口普查）",
    },
    "share": {"en": "Share of listed investment", "zh": "占所列投资比重"},
    "projects": {"en": "Projects", "zh": "项目数"},
    "target_over_result": {"en": "2024 target ÷ 2023 result", "zh": "2024年目标 ÷ 2023年完成"},
    "source": {
        "en": "Source: district plan reports, Jan 2024",
        "zh": "资料来源：各区2024年1月计划报告",
    },
    "source_ref": {
        "en": "Sources: district plan reports, Jan 2024; "
        "Shanghai Government Work Report, 23 Jan 2024",
        "zh": "资料来源：各区计划报告；2024年上海市政府工作报告",
    },
    "source_census": {
        "en": "Sources: district plan reports, Jan 2024; Seventh National Population Census",
        "zh": "资料来源：各区计划报告；第七次全国人口普查",
    },
    "estimate": {"en": "hollow marker: estimate (预计)", "zh": "空心点：预计数"},
    "met": {"en": "met", "zh": "已完成"},
    "not_met": {"en": "not met", "zh": "未完成"},
}


def check_lang(lang: object) -> str:
    """The language key itself, or UnknownKeyError listing the valid ones."""
    if lang not in LANGS:
        raise UnknownKeyError("lang", lang, LANGS)
    return str(lang)


def text(key: str, lang: str) -> str:
    """A fixed label in the chosen language."""
    return TEXT[key][check_lang(lang)]


def district_name(frame: pd.DataFrame, lang: str) -> pd.Series:
    """District labels: short English name, or the Chinese name as printed."""
    col = "district_short" if check_lang(lang) == "en" else "district_zh"
    return frame[col].astype("string")


def indicator_name(frame: pd.DataFrame, lang: str) -> pd.Series:
    """Indicator labels: catalogue English name, or the catalogue Chinese name."""
    col = "name_en" if check_lang(lang) == "en" else "name_zh"
    return frame[col].astype("string")
