"""Bilingual labels for charts and tables: `en` official English terms, `zh` printed Chinese."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from analysis.load.vocabulary import LANGS, check_lang, printed_words

TEXT: dict[str, dict[str, str]] = {
    "result": {"en": "{results_year} result", "zh": "{results_year}年完成"},
    "target": {"en": "{plan_year} target", "zh": "{plan_year}年目标"},
    "city_target": {"en": "Shanghai {plan_year} target", "zh": "全市{plan_year}年目标"},
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
        "en": "Yuan per resident (census population)",
        "zh": "元/常住人口（人口普查）",
    },
    "share": {"en": "Share of listed investment", "zh": "占所列投资比重"},
    "projects": {"en": "Projects", "zh": "项目数"},
    "target_over_result": {
        "en": "{plan_year} target ÷ {results_year} result",
        "zh": "{plan_year}年目标 ÷ {results_year}年完成",
    },
    "source": {
        "en": "Source: district plan reports (data/sources.csv)",
        "zh": "资料来源：各区计划报告（data/sources.csv）",
    },
    "step_from_result": {
        "en": "from last year's result to the target",
        "zh": "由上年完成数到目标",
    },
    "source_ref": {
        "en": "Sources: district plan reports; Shanghai Government Work Report "
        "(data/reference.csv)",
        "zh": "资料来源：各区计划报告；上海市政府工作报告（data/reference.csv）",
    },
    "source_city": {
        "en": "Sources: district plan reports; Shanghai Government Work Report; Shanghai DRC "
        "plan report (data/reference.csv)",
        "zh": "资料来源：各区计划报告；上海市政府工作报告；上海市发展改革委计划报告"
        "（data/reference.csv）",
    },
    "source_census": {
        "en": "Sources: district plan reports; Seventh National Population Census",
        "zh": "资料来源：各区计划报告；第七次全国人口普查",
    },
    "estimate": {"en": "hollow marker: estimate (预计)", "zh": "空心点：预计数"},
    "met": {"en": "met", "zh": "已完成"},
    "reported_by": {"en": "reported by", "zh": "报告情况"},
    "comparable": {"en": "comparable?", "zh": "可比性"},
    "not_met": {"en": "not met", "zh": "未完成"},
    "bound": {"en": "bound", "zh": "界限"},
    "tighter": {"en": "tighter", "zh": "更严"},
    "same": {"en": "same", "zh": "相同"},
    "looser": {"en": "looser", "zh": "更宽"},
    "n/a": {"en": "not comparable", "zh": "不可比"},
    "no_number": {"en": "no number compared", "zh": "未比较数值"},
    "pp": {"en": "pp", "zh": "个百分点"},
}

#: Standard units (indicators.csv `unit_std`) as a Chinese reader writes them.
UNITS_ZH = {
    "count": "个", "percent": "%", "yuan": "元", "persons": "人", "square metres": "平方米",
    "households": "户", "person-times": "人次", "kilometres": "公里", "US dollars": "美元",
    "rank": "位", "tonnes": "吨", "years": "年", "percentage points": "个百分点",
    "square metres per thousand residents": "平方米/千人",
    "micrograms per cubic metre": "微克/立方米", "person": "人", "household": "户",
    "person-time": "人次", "pp": "个百分点",
}  # fmt: skip


def unit_label(unit: object, lang: str) -> str:
    """A unit in the reader's language: a standard English unit becomes its Chinese word."""
    if not isinstance(unit, str):
        return ""
    return UNITS_ZH.get(unit, unit) if check_lang(lang) == "zh" else unit


#: A label's year slots and the words that stand in for them when no year is given.
_NO_YEAR = {
    "en": {"results_year": "last", "plan_year": "plan-year"},
    "zh": {"results_year": "上", "plan_year": "计划"},
}


def fill(label: str, lang: str, years: Mapping[str, int] | None = None) -> str:
    """A label with its year slots filled from sources.csv (via the Context's `years`).

    Without years the slots read "last result" / "plan-year target": never a typed year.
    """
    if years:
        return label.format_map(dict(years))
    return label.format_map(_NO_YEAR[lang])


def text(key: str, lang: str, years: Mapping[str, int] | None = None) -> str:
    """A fixed label in the chosen language, its years from the data."""
    return fill(TEXT[key][check_lang(lang)], lang, years)


def district_name(frame: pd.DataFrame, lang: str) -> pd.Series:
    """District labels: short English name, or the Chinese name as printed."""
    col = "district_short" if check_lang(lang) == "en" else "district_zh"
    return frame[col].astype("string")


def indicator_name(frame: pd.DataFrame, lang: str) -> pd.Series:
    """Indicator labels: catalogue English name, or the catalogue Chinese name."""
    col = "name_en" if check_lang(lang) == "en" else "name_zh"
    return frame[col].astype("string")


#: Column headings for the tables the notebooks show: logical column -> (en, zh).
#: `name` and `district` pick the label column of the chosen language.
COLUMNS: dict[str, tuple[str, str]] = {
    "district": ("District", "区"),
    "name": ("Indicator", "指标"),
    "label_zh": ("As printed", "报告原文名称"),
    "target_label_zh": ("As printed", "报告原文名称"),
    "programme": ("Programme", "项目"),
    "year": ("Year", "年份"),
    "kind": ("Kind", "类型"),
    "value_printed": ("Value", "数值"),
    "value": ("Value", "数值"),
    "base_level": ("{results_year} level", "{results_year}年水平"),
    "implied_level": ("Implied {plan_year} level", "推算{plan_year}年水平"),
    "stated_level": ("Stated {plan_year} level", "所列{plan_year}年水平"),
    "level_unit": ("Level unit", "水平单位"),
    "gap": ("Stated − implied", "所列减推算"),
    "gap_city": ("District − city", "区减全市"),
    "gap_pct": ("Gap, % of implied", "差额占推算值%"),
    "growth_from_levels": ("Growth the levels imply, %", "水平隐含增速（%）"),
    "rounding_pct": ("Rounding allowance, %", "取整允许范围（%）"),
    "consistent": ("Within rounding", "在取整范围内"),
    "base_id": ("{results_year} level row", "{results_year}年水平行号"),
    "stated_id": ("Stated level row", "所列水平行号"),
    "category_en": ("Category", "类别"),
    "projects": ("Projects", "项目数"),
    "total": ("Total, 亿元", "合计（亿元）"),
    "share": ("Share, %", "比重（%）"),
    "total_investment": ("Total investment", "总投资"),
    "name_en": ("Project (en)", "项目名称（英）"),
    "unit": ("Unit", "单位"),
    "qualifier": ("Qualifier", "限定词"),
    "qualifier_en": ("Qualifier (en)", "限定词（英）"),
    "strength": ("Strength", "约束性"),
    "result": ("{results_year} result", "{results_year}年完成"),
    "result_kind": ("Result kind", "完成数类型"),
    "target": ("{plan_year} target", "{plan_year}年目标"),
    "change_pp": ("Target − result, pp", "目标减完成（百分点）"),
    "city_target": ("Shanghai target", "全市目标"),
    "gap_pp": ("Gap to Shanghai, pp", "与全市差（百分点）"),
    "amount": ("Amount", "金额"),
    "amount_unit": ("Amount unit", "金额单位"),
    "recipients": ("Recipients", "受益人数"),
    "recipient_unit": ("Recipient unit", "受益单位"),
    "yuan_per_resident": ("Yuan per resident", "元/常住人口"),
    "yuan_per_recipient": ("Yuan per recipient", "元/受益人"),
    "reported_by": ("Reported by", "报告区数"),
    "result_unit": ("Result unit", "完成数单位"),
    "target_qualifier": ("Target qualifier", "目标限定词"),
    "target_vs_result": ("Target ÷ result", "目标 ÷ 完成"),
    "seq": ("No.", "序号"),
    "indicator": ("Key", "指标代码"),
    "list": ("List", "清单"),
    "category_zh": ("Category", "类别"),
    "name_zh": ("Project, as printed", "项目名称"),
    "goal_zh": ("Annual goal", "年度目标"),
    "progress_zh": ("Progress", "项目进展情况"),
    "met": ("Goal met", "是否完成"),
    "goals_met": ("Goals met", "完成数"),
    "quote": ("Source quote", "原文"),
    "id": ("Row id", "行号"),
    "result_id": ("Result row", "完成数行号"),
    "target_id": ("Target row", "目标行号"),
    "amount_id": ("Amount row", "金额行号"),
    "recipients_id": ("Recipients row", "受益人数行号"),
    "project_category": ("Category", "类别"),
    "project": ("Project", "项目名称"),
    "goal": ("Annual goal", "年度目标"),
    "progress": ("Progress", "项目进展情况"),
    "beneficiaries": ("Beneficiaries", "受益数"),
    "per_unit": ("Counted per", "计量单位"),
    "yuan_per_beneficiary": ("Yuan per unit counted", "元/计量单位"),
    "per_capita": ("Yuan per eligible person", "元/符合条件人口"),
    "base_indicator": ("Per-capita base", "人均基数"),
    "base_value": ("Base value", "基数"),
    "base_citation": ("Base source", "基数来源"),
    "base_missing": ("Base missing", "缺少的基数"),
    "part_of": ("May be part of", "可能包含于"),
    "compared": ("Across districts", "跨区比较"),
    "compared_with_result": ("Compared with a result", "可与完成数比较"),
    "beneficiaries_id": ("Beneficiaries row", "受益数行号"),
    "result_period": ("Result is", "完成数性质"),
    "target_period": ("Target is", "目标性质"),
    "comparison": ("Comparison", "比较"),
    "kind_note": ("Figure is", "数据性质"),
    "comparable": ("Comparable", "可比性"),
    "subject": ("Subject, as printed", "对象"),
    "result_year": ("Result year", "完成年份"),
    "result_value": ("Result", "完成数"),
    "result_qualifier": ("Result qualifier", "完成数限定词"),
    "target_year": ("Target year", "目标年份"),
    "target_value": ("Target", "目标值"),
    "target_wording": ("Target as printed", "目标原文"),
    "bound": ("Bound", "界限"),
    "fulfilled_target": ("Target", "目标"),
    "fulfilled_result": ("Result that year", "当年完成"),
    "status": ("Judged", "评判"),
    "margin": ("Result − target", "完成减目标"),
    "commitment": ("Commitment", "承诺"),
    "assignment": ("Set by", "设定方式"),
    "attribute": ("Attribute", "属性"),
    "change": ("Target − result", "目标减完成"),
    "change_pct": ("Change, %", "变化（%）"),
    "direction": ("Against result", "与完成数比较"),
    "not_compared": ("Not compared: why", "不比较的原因"),
    "backing": ("Stated in another sentence", "另句表述的限定词"),
    "second_tier": ("Second tier, as a level", "第二档（折算水平）"),
    "second_tier_level": ("Second tier level", "第二档水平"),
    "second_tier_id": ("Second tier row", "第二档行号"),
    "tier_of": ("Second tier of", "所属目标行号"),
    "bound_vs_result": ("Bound against result", "界限与完成数比较"),
    "city_target_value": ("Shanghai target", "全市目标"),
    "city_qualifier": ("Shanghai qualifier", "全市限定词"),
    "city_bound": ("Shanghai bound", "全市界限"),
    "city_attribute": ("Shanghai attribute", "全市属性"),
    "escalation": ("Escalation (number)", "加码（数值）"),
    "escalation_unit": ("Escalation unit", "加码单位"),
    "bound_escalation": ("Escalation (bound)", "加码（界限）"),
    "city_comparability": ("Comparability with Shanghai", "与全市可比性"),
    "city_target_id": ("Shanghai target row", "全市目标行号"),
    "city_result_id": ("Shanghai result row", "全市完成数行号"),
    "city_result": ("Shanghai result", "全市完成数"),
    "targets": ("Targets", "目标数"),
    "with_number": ("With a number", "有数值"),
    "in_words": ("In words", "文字表述"),
    "with_result": ("With a result", "有完成数"),
    "below": ("Below result", "低于完成数"),
    "equal": ("At result", "等于完成数"),
    "above": ("Above result", "高于完成数"),
    "pegged": ("Pegged", "挂钩"),
    "city_assigned": ("Assigned by the city", "市下达"),
    "ensure": ("Ensure (确保)", "确保"),
    "strive": ("Strive (力争/争取)", "力争/争取"),
    "with_city_target": ("With a Shanghai target", "有全市目标"),
    "tighter": ("Bound tighter than Shanghai's", "界限严于全市"),
    "same_bound": ("Same bound", "界限相同"),
    "looser": ("Bound looser", "界限宽于全市"),
    "dimension": ("Dimension", "维度"),
    "code": ("Code", "代码"),
    "implied_base": ("Base the stated level implies", "所列水平隐含基数"),
    "base_gap": ("Implied − printed base", "隐含基数减所列基数"),
    "base_gap_pct": ("Base gap, %", "基数差（%）"),
    "reading": ("Reading", "判读"),
    "explanation": ("Candidate explanations", "可能原因"),
    "agrees": ("Within rounding", "在取整范围内"),
    "pegged_to": ("Pegged to row", "挂钩数行号"),
    "year_target": ("Target", "目标"),
    "report_verdict": ("The report's own verdict", "报告自评"),
    "verdict_id": ("Verdict row", "自评行号"),
    "last_result": ("Result the year before", "上年完成"),
    "last_result_kind": ("Result is", "上年完成数性质"),
    "gap_to_last_result": ("Target − last result", "目标减上年完成"),
    "last_target": ("Target the year before", "上年目标"),
    "last_qualifier": ("Last target's qualifier", "上年目标限定词"),
    "last_bound": ("Last target's bound", "上年目标界限"),
    "revision": ("Target − last target", "目标减上年目标"),
    "last_margin": ("Last result − last target", "上年完成减上年目标"),
    "last_status": ("Last target judged", "上年目标评判"),
    "gap_to_city": ("Target − Shanghai target", "目标减全市目标"),
    "last_result_id": ("Last result row", "上年完成数行号"),
    "last_target_id": ("Last target row", "上年目标行号"),
    "notes": ("Note", "注"),
}

#: Each registered table's short title, as a reader finds it under a table and in a page's list of
#: downloads: the CSV's file name is the key, the link says what the table is.
TABLE_TITLES: dict[str, tuple[str, str]] = {
    "headline": ("Headline results and targets", "主要完成数和目标"),
    "compare": ("Headline figures of every district", "各区主要指标"),
    "targets": ("Master target table", "目标总表"),
    "target_summary": ("Targets per district, summed up", "各区目标汇总"),
    "qualifiers": ("Qualifier codes per district", "各区限定词分类"),
    "growth": ("Growth targets against last results", "增速目标与上年完成数"),
    "escalation": ("Escalation against Shanghai", "相对全市的加码"),
    "results_vs_city": ("Results against Shanghai's", "完成数与全市比较"),
    "implied_levels": ("Levels the growth targets imply", "增速目标隐含的总量"),
    "consistency": ("Stated levels against implied levels", "所列总量与隐含总量"),
    "fulfilment": ("Plan fulfilment", "计划完成情况"),
    "ratchet": ("Targets against the year before", "目标与上一年相比"),
    "investment": ("Investment figures", "投资指标"),
    "project_categories": ("Listed projects by category", "项目分类汇总"),
    "largest_projects": ("The largest listed projects", "投资额最大的项目"),
    "project_progress": ("Project goals and progress", "项目年度目标与进展"),
    "social": ("Social spending by programme", "社会事业支出"),
    "service_outputs": ("Social-service outputs", "社会服务产出"),
}


def table_title(name: str, lang: str) -> str:
    """A table's title in the reader's language; its name where none is written."""
    return TABLE_TITLES.get(name, (name, name))[LANGS.index(check_lang(lang))]


_LABEL_SOURCES = {
    "name": {"en": "name_en", "zh": "name_zh"},
    "district": {"en": "district_short", "zh": "district_zh"},
    "project_category": {"en": "category_en", "zh": "category_zh"},
    "project": {"en": "name_en", "zh": "name_zh"},
    "goal": {"en": "goal_en", "zh": "goal_zh"},
    "progress": {"en": "progress_en", "zh": "progress_zh"},
    "programme": {"en": "name_en", "zh": "name_zh"},
    "city_comparability": {"en": "city_comparability", "zh": "city_comparability_zh"},
    "base_missing": {"en": "base_missing", "zh": "base_missing_zh"},
    "part_of": {"en": "part_of_en", "zh": "part_of_zh"},
}

#: Codes and fixed phrases the analysis writes into table cells, as a Chinese reader reads them.
VALUES_ZH: dict[str, str] = {
    # kind of figure
    "actual": "实际", "estimate": "预计", "target": "目标", "result": "完成数",
    # bound, commitment, assignment, attribute
    "floor": "下限（以上）", "ceiling": "上限（以内）", "about": "约数（左右）",
    "exact": "确数", "range": "区间", "none": "无", "ensure": "确保", "strive": "力争",
    "own": "自定", "pegged": "挂钩", "city_assigned": "市下达", "relative": "相对全市",
    "indicative": "预期性", "binding": "约束性", "unstated": "未说明",
    "bound": "界限", "commitment": "承诺", "assignment": "设定方式", "attribute": "属性",
    # comparisons
    "below": "低于", "equal": "持平", "above": "高于", "tighter": "更严", "same": "相同",
    "looser": "更宽", "n/a": "不适用", "met": "已完成", "missed": "未完成",
    "exceeded": "超额完成", "pending": "待定", "not compared": "不可比",
    "flow": "年度数", "stock": "累计数", "one side only": "仅一方有数",
    "annual against annual": "年度对年度", "not annual against annual: no ratio":
    "非年度对年度：不计比值", "one district only": "仅一区", "comparable": "可比",
    "no other district reports it": "其他区未报告",
    "agrees within rounding": "在取整范围内一致", "disagrees beyond rounding": "超出取整范围",
    "running total against an annual target: no ratio": "累计数对年度目标：不计比值",
    "running total against an annual figure": "累计数对年度数",
    "scope differs": "口径不同",
    "counts differ (person, household or person-time)": "计数单位不同（人、户或人次）",
    "True": "是", "False": "否",
    "the target level may have been computed on a preliminary base (the implied base) that the "
    "printed result later revised; the level and the rate may differ in price basis or "
    "statistical scope; or one figure is a misprint":
    "目标总量可能按初步基数（隐含基数）测算，而所列完成数后经修订；总量与增速的价格口径或统计范围可能不同；"
    "或其中一个数值有误",
}  # fmt: skip

#: Phrases with a variable part: (pattern, Chinese template).
_PATTERNS_ZH = [
    # the scope keys stay in the CSV, for tracing; a Chinese reader is told the scope differs
    (re.compile(r"not comparable: scope differs \((.*)\)"), "不可比：口径不同"),
    (re.compile(r"not comparable: a variant of (\S+), defined differently"),
     "不可比：{0}的变体，口径不同"),
    (re.compile(r"scope differs \((.*)\): no ratio"), "口径不同：不计比值"),
    (re.compile(r"refused: scope differs \((.*)\)"), "不比较：口径不同"),
    (re.compile(r"refused: counts differ \((.*)\)"), "不比较：计数单位不同"),
    (re.compile(r"per (\S+) only \(no per-capita base\)"), "仅按{0}比较（无人均基数）"),
    (re.compile(r"per (\S+)"), "按{0}比较"),
]  # fmt: skip


def value_zh(value: object) -> object:
    """One cell in Chinese: a code or fixed phrase translated, a unit in Chinese, else as is."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if not isinstance(value, str):
        return value
    if value in VALUES_ZH:
        return VALUES_ZH[value]
    if value in UNITS_ZH:
        return UNITS_ZH[value]
    for pattern, template in _PATTERNS_ZH:
        m = pattern.fullmatch(value)
        if m:
            groups = [" vs ".join(UNITS_ZH.get(g, g) for g in m.groups())]
            return template.format(*[UNITS_ZH.get(g, g) for g in m.groups()] or groups)
    return value


#: Printed words the catalogue does not translate, as the English report names them.
WORDS_EN: dict[str, str] = {
    "预期性": "indicative", "约束性": "binding", "国家": "national", "市级": "municipal",
    "区级": "district-level", "国家（市级）": "national (municipal)", "以内": "within",
    "左右": "about", "以上": "at least",
}  # fmt: skip


def verdict_en(sentence: str) -> str:
    """A report's verdict on its year in English, from its words: 基本完成 (basically), 主要
    目标任务 (the main targets) or 目标任务 (the targets), completed."""
    if "基本完成" in sentence:
        return "targets basically completed"
    if "主要目标任务" in sentence:
        return "main targets completed"
    return "targets completed"


def _english(value: str, english: Mapping[str, str]) -> str:
    """'English (中文)' for a printed value, word by word for 'a;b' lists; as is when unknown.
    The printed words stand as a report joins them (see `printed_words`)."""
    printed = printed_words(value)
    if english.get(value):
        return f"{english[value]} ({printed})"
    parts = value.split(";")
    if len(parts) > 1 and all(english.get(p) for p in parts):
        return "; ".join(english[p] for p in parts) + f" ({printed})"
    return value


def keys_named(text: object, names: Mapping[str, str] | None) -> object:
    """A phrase with the keys in it (a district's, an indicator's) given their names instead,
    for a Chinese reader: `gdp_growth 的变体` reads `地区生产总值增速 的变体`."""
    if not isinstance(text, str) or not names or not re.search(r"[a-z]", text):
        return text
    for key in sorted(names, key=len, reverse=True):
        # a key inside a longer key (the district in a list key) is not that key
        text = re.sub(rf"(?<![A-Za-z0-9_-]){re.escape(key)}(?![A-Za-z0-9_-])", names[key], text)
    return text


def zh_names(ind: pd.DataFrame) -> dict[str, str]:
    """District and indicator keys -> their Chinese names, from the indicators' own columns."""
    out: dict[str, str] = {}
    for key, name in (("district", "district_zh"), ("indicator", "name_zh")):
        if key in ind and name in ind:
            pairs = ind[[key, name]].dropna().astype("string").drop_duplicates(key)
            out.update(dict(zip(pairs[key], pairs[name], strict=True)))
    return out


def translate_values(
    frame: pd.DataFrame,
    lang: str,
    english: Mapping[str, str] | None = None,
    keys: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Codes, fixed phrases, units and booleans in the reader's language.

    In `en`, a printed Chinese unit or qualifier found in `english` (printed -> official English,
    from the catalogue) reads "English (中文)": the English first, the printed words beside it.
    In `zh`, a key left in a phrase is given its Chinese name from `keys` (see `zh_names`).
    """
    if check_lang(lang) == "en":
        if not english:
            return frame
        out = frame.copy()
        for col in out.columns:
            if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
                out[col] = (
                    out[col]
                    .map(lambda v: _english(v, english) if isinstance(v, str) else v)
                    .astype(object)
                )
        return out
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: keys_named(value_zh(v), keys)).astype(object)
        elif pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map(value_zh).astype(object)
    return out


#: English keys a Chinese table leaves to its CSV where the row's name is shown.
KEYS_IN_CSV_ONLY = frozenset({"indicator", "scope"})

#: Columns held as a fraction of one (the CSV keeps 0.3260) and shown as a percent (32.6), under
#: a heading that says %.
FRACTIONS_SHOWN_AS_PERCENT = frozenset({"share"})

#: Columns computed from printed figures (a level a rate implies, a gap, a ratio), shown to two
#: decimals as the reports print their levels; the CSV keeps every digit.
COMPUTED_TO_TWO_DECIMALS = frozenset(
    {"implied_level", "implied_base", "gap", "gap_pct", "base_gap", "base_gap_pct",
     "growth_from_levels", "rounding_pct", "target_vs_result", "yuan_per_beneficiary",
     "per_capita"}
)  # fmt: skip

#: A footnote's kind, said before its text where the text alone does not say what it is.
NOTE_PREFIX: dict[str, tuple[str, str]] = {
    "backing": ("Words stated in another sentence", "另句写明的措辞"),
    "second_tier": ("Second tier", "第二档"),
    "not_compared": ("Not compared", "不比较"),
}

#: Columns of printed qualifier words, stored joined by ";" (左右;预期性).
QUALIFIER_COLUMNS = frozenset(
    {
        "qualifier",
        "city_qualifier",
        "result_qualifier",
        "stated_qualifier",
        "base_qualifier",
        "last_qualifier",
        "backing",
    }
)


def headings(
    frame: pd.DataFrame, columns: list[str], lang: str, years: Mapping[str, int] | None = None
) -> dict[str, tuple[str, str]]:
    """Each column a reader sees, in order: its key -> (the frame's column it takes its values
    from, its heading in the notebook's language). A key a Chinese reader does not need (an
    English key beside the name, an English twin of a Chinese column shown) is left out."""
    lang = check_lang(lang)
    out: dict[str, tuple[str, str]] = {}
    for col in columns:
        if lang == "zh" and col in KEYS_IN_CSV_ONLY and "name" in columns:
            continue  # a Chinese reader has the indicator's name; its key is in the CSV
        source = _LABEL_SOURCES.get(col, {}).get(lang, col)
        if lang == "zh" and source.endswith("_en") and f"{source[:-3]}_zh" in frame:
            twin = f"{source[:-3]}_zh"
            if twin in columns or any(_LABEL_SOURCES.get(c, {}).get(lang) == twin for c in columns):
                continue  # the Chinese column is shown already: no English twin
            source = twin
        if source not in frame:
            raise KeyError(f"table column {col!r} needs {source!r}; the frame has {list(frame)}")
        out[col] = (source, fill(COLUMNS.get(col, (col, col))[LANGS.index(lang)], lang, years))
    return out


def table(
    frame: pd.DataFrame, columns: list[str], lang: str, years: Mapping[str, int] | None = None
) -> pd.DataFrame:
    """The columns a reader needs, headed in the notebook's language (see `headings`)."""
    lang = check_lang(lang)
    out = pd.DataFrame(index=frame.index)
    for col, (source, heading) in headings(frame, columns, lang, years).items():
        values = frame[source]
        if col in FRACTIONS_SHOWN_AS_PERCENT:
            values = (pd.to_numeric(values, errors="coerce") * 100).round(1)
        elif col in COMPUTED_TO_TWO_DECIMALS:
            values = pd.to_numeric(values, errors="coerce").round(2)
        elif lang == "zh" and col in QUALIFIER_COLUMNS:
            values = values.map(lambda v: printed_words(v) if isinstance(v, str) else v)
        out[heading] = values
    return out.reset_index(drop=True)
