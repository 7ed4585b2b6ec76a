"""Tables speak the notebook's language: headings and label columns switch, ids stay."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import UnknownKeyError
from analysis.labels import table

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


def test_english_table() -> None:
    out = table(FRAME, ["district", "name", "target", "target_id"], "en")
    assert list(out.columns) == ["District", "Indicator", "2024 target", "Target row"]
    assert out.iloc[0].tolist() == ["Yangpu", "GDP growth", 5.0, "yp-0001"]


def test_chinese_table() -> None:
    out = table(FRAME, ["district", "name", "target", "target_id"], "zh")
    assert list(out.columns) == ["区", "指标", "2024年目标", "目标行号"]
    assert out.iloc[0].tolist() == ["杨浦区", "地区生产总值增速", 5.0, "yp-0001"]


def test_missing_column_and_language_are_named() -> None:
    with pytest.raises(KeyError, match="table column 'gap_pp' needs 'gap_pp'"):
        table(FRAME, ["gap_pp"], "en")
    with pytest.raises(UnknownKeyError, match="unknown lang 'fr'; valid langs: en, zh"):
        table(FRAME, ["name"], "fr")
