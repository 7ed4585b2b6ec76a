"""Tables speak the notebook's language: headings and label columns switch, ids stay."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.base.errors import UnknownKeyError
from analysis.presentation.labels import table

FRAME = pd.DataFrame(
    {
        "district_short": ["Yangpu"],
        "district_zh": ["杨浦区"],
        "name_en": ["GDP growth"],
        "name_zh": ["地区生产总值增速"],
        "target": [5.0],
        "target_id": ["yp-0001"],
    }
)


#: Years that are in no report: a label can only show them if it reads them from its argument.
YEARS = {"results_year": 2030, "plan_year": 2031}


def test_labels_take_their_years_from_the_data_never_from_code() -> None:
    from analysis.presentation.labels import COLUMNS, TEXT, text

    for key in TEXT:
        for lang in ("en", "zh"):
            assert not re.search(r"20[0-9]{2}", text(key, lang, YEARS).replace("2030", "")
                                 .replace("2031", "")), (key, lang)  # fmt: skip
    for en, zh in COLUMNS.values():
        assert not re.search(r"20[0-9]{2}", en + zh), (en, zh)
    assert text("target_over_result", "en", YEARS) == "2031 target ÷ 2030 result"
    assert text("result", "en") == "last result" and text("target", "zh") == "计划年目标"


def test_values_units_and_booleans_in_chinese() -> None:
    from analysis.presentation.labels import translate_values, unit_label, value_zh

    assert unit_label("count", "zh") == "个" and unit_label("count", "en") == "count"
    assert value_zh("floor") == "下限（以上）" and value_zh(True) == "是"
    assert value_zh("scope differs (a vs b): no ratio") == "口径不同：不计比值"
    assert value_zh("per person-time only (no per-capita base)") == "仅按人次比较（无人均基数）"
    assert value_zh("unknown words") == "unknown words", "free text is left as it is"
    frame = pd.DataFrame({"k": ["actual", "estimate"], "b": [True, False], "u": ["亿元", "%"]})
    zh = translate_values(frame, "zh")
    assert zh.values.tolist() == [["实际", "是", "亿元"], ["预计", "否", "%"]]
    en = translate_values(frame, "en", {"亿元": "100 million yuan"})
    assert en["u"].tolist() == ["100 million yuan (亿元)", "%"], "English first, printed beside"


def test_english_table() -> None:
    out = table(FRAME, ["district", "name", "target", "target_id"], "en", YEARS)
    assert list(out.columns) == ["District", "Indicator", "2031 target", "Target row"]
    assert out.iloc[0].tolist() == ["Yangpu", "GDP growth", 5.0, "yp-0001"]


def test_chinese_table() -> None:
    out = table(FRAME, ["district", "name", "target", "target_id"], "zh", YEARS)
    assert list(out.columns) == ["区", "指标", "2031年目标", "目标行号"]
    assert out.iloc[0].tolist() == ["杨浦区", "地区生产总值增速", 5.0, "yp-0001"]


def test_missing_column_and_language_are_named() -> None:
    with pytest.raises(KeyError, match="table column 'gap_pp' needs 'gap_pp'"):
        table(FRAME, ["gap_pp"], "en")
    with pytest.raises(UnknownKeyError, match="unknown lang 'fr'; valid langs: en, zh"):
        table(FRAME, ["name"], "fr")


def test_a_share_shows_as_a_percent_and_qualifier_words_join_as_printed() -> None:
    """A share stored as a fraction of one reads 32.6 under a heading with %, never 0.326; in
    Chinese, qualifier words read 左右，预期性 as a report prints them, not 左右;预期性."""
    import pandas as pd

    from analysis.presentation import labels

    frame = pd.DataFrame({"share": [0.32597606, None], "qualifier": ["左右;预期性", None]})
    en = labels.table(frame, ["share", "qualifier"], "en")
    assert list(en.columns) == ["Share, %", "Qualifier"]
    assert en["Share, %"].iloc[0] == 32.6 and pd.isna(en["Share, %"].iloc[1])
    assert en["Qualifier"].iloc[0] == "左右;预期性", "English keeps the words for translation"
    zh = labels.table(frame, ["share", "qualifier"], "zh")
    assert zh["比重（%）"].iloc[0] == 32.6 and zh["限定词"].iloc[0] == "左右，预期性"


def test_a_computed_level_shows_two_decimals_and_its_csv_keeps_every_digit() -> None:
    import pandas as pd

    from analysis.presentation import labels

    frame = pd.DataFrame({"implied_level": [11127.79670001], "stated_level": [10658.54]})
    shown = labels.table(frame, ["implied_level", "stated_level"], "en")
    assert list(shown.iloc[0]) == [11127.8, 10658.54]
    assert frame["implied_level"].iloc[0] == 11127.79670001, "the data is not rounded"


def test_english_gives_the_printed_words_as_a_report_joins_them() -> None:
    from analysis.presentation.labels import _english

    words = {"左右": "about", "预期性": "indicative"}
    assert _english("左右;预期性", words) == "about; indicative (左右，预期性)"
    assert _english("左右", words) == "about (左右)"
    assert _english("不知道", words) == "不知道", "an unknown value stays as printed"


def test_a_chinese_table_leaves_keys_to_its_csv() -> None:
    """Indicator and scope keys are English words: a zh table that shows the row's name drops
    them (the CSV keeps them for tracing); the en table and a zh table with no name keep them."""
    frame = FRAME.assign(indicator="gdp_growth", scope="comparable_prices")
    cols = ["district", "name", "indicator", "scope", "target"]
    assert list(table(frame, cols, "zh", YEARS).columns) == ["区", "指标", "2031年目标"]
    assert "Key" in table(frame, cols, "en", YEARS).columns
    assert "指标代码" in table(frame, ["district", "indicator"], "zh", YEARS).columns
    scope = "not comparable: scope differs (baoshan comparable_prices vs yangpu prices_not_stated)"
    from analysis.presentation.labels import value_zh

    assert value_zh(scope) == "不可比：口径不同"
    assert value_zh("refused: counts differ (person vs person-time)") == "不比较：计数单位不同"
