"""The reader's view of each table: few columns, ids as hover quotes, long notes as footnotes."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.load.context import Context
from analysis.presentation import tables
from analysis.presentation.compact import COMPACT, MAX_SHOWN, compact, is_id_column


@pytest.mark.parametrize("name", list(tables.REGISTRY))
def test_every_view_is_compact_and_names_real_columns(name: str) -> None:
    table = tables.get(name)
    spec = compact(name, table.columns)
    assert set(spec.columns) <= set(table.columns), name
    assert set(spec.notes) <= set(table.columns), name
    assert len(spec.columns) + (1 if spec.notes else 0) <= MAX_SHOWN, name
    assert not [c for c in spec.columns if is_id_column(c)], "ids go to the hover text"
    for shown, id_col in spec.quotes.items():
        assert shown in spec.columns and id_col in table.columns and is_id_column(id_col), name


def test_every_wide_table_has_a_view_of_its_own() -> None:
    wide = [n for n, t in tables.REGISTRY.items() if len(t.columns) >= MAX_SHOWN]
    assert wide and all(n in COMPACT for n in wide), [n for n in wide if n not in COMPACT]


def _ctx(lang: str) -> Context:
    """Three hand-made figures: a quote with markup and quotation marks in it."""
    ind = pd.DataFrame(
        {
            "id": ["x-0001", "x-0002", "x-0003"],
            "district": pd.Categorical(["x"] * 3),
            "district_zh": ["甲区"] * 3,
            "district_short": ["X"] * 3,
            "quote": ['增长 5% 以上"<b>"', "完成 4.2%", "增长 6%"],
        }
    )
    empty = pd.DataFrame({"id": pd.Series([], dtype="string")})
    ref = pd.DataFrame({"id": ["ref-1"], "citation": ["上海市政府工作报告 & 附表"]})
    return Context(district="x", lang=lang, ind=ind, proj=empty, ref=ref, src=empty)


def _frame() -> pd.DataFrame:
    """Rows of the escalation table, as its analysis gives them."""
    return pd.DataFrame(
        {
            "district": ["x", "x", "x"],
            "district_short": ["X"] * 3,
            "district_zh": ["甲区"] * 3,
            "name_en": ["GDP growth", "Revenue growth", "Retail growth"],
            "name_zh": ["地区生产总值增速", "财政收入增速", "零售额增速"],
            "target_wording": ["5% 以上", "4%", "6%"],
            "bound": ["floor", "exact", "exact"],
            "assignment": ["own"] * 3,
            "city_target_value": [5.0, 5.0, None],
            "city_qualifier": ["左右", None, None],
            "city_bound": ["about", "exact", None],
            "city_attribute": ["indicative"] * 3,
            "escalation": [0.0, -1.0, None],
            "escalation_unit": ["pp", "pp", None],
            "bound_escalation": ["tighter", "same", "n/a"],
            "city_comparability": ["scope differs", "scope differs", ""],
            "city_comparability_zh": ["口径不同（甲）", "口径不同（甲）", ""],
            "target_id": ["x-0001", "x-0002;x-0003", None],
            "city_target_id": ["ref-1", "ref-1", None],
        }
    )


def test_ids_leave_the_view_and_their_quotes_become_hover_text() -> None:
    shown, tips, notes = tables.reader_view("escalation", _ctx("en"), _frame())
    assert not [c for c in shown.columns if "id" in c.lower().split()]
    target = tips["Target as printed"]
    assert target[0] == '增长 5% 以上"<b>" (indicators.csv, x-0001)'
    assert target[1] == "完成 4.2% (indicators.csv, x-0002)\n增长 6% (indicators.csv, x-0003)"
    assert target[2] == ""
    assert "上海市政府工作报告 & 附表 (reference.csv, ref-1)" in set(tips.iloc[:, 4])


def test_a_long_note_becomes_one_numbered_footnote_in_the_readers_language() -> None:
    shown, _, notes = tables.reader_view("escalation", _ctx("en"), _frame())
    assert notes == ("scope differs",)
    assert list(shown["Note"]) == ["1", "1", ""]
    zh, _, notes_zh = tables.reader_view("escalation", _ctx("zh"), _frame())
    assert notes_zh == ("口径不同（甲）",)
    assert list(zh["注"]) == ["1", "1", ""]
    assert "Comparability with Shanghai" not in shown.columns


def test_the_page_html_escapes_the_hover_text_and_lists_the_footnotes() -> None:
    out = tables.show("escalation", _ctx("en"), _frame())
    html = out._repr_html_()
    assert 'title="增长 5% 以上&quot;&lt;b&gt;&quot; (indicators.csv, x-0001)"' in html
    assert "<b>" not in html
    assert '<ol class="sdpw-notes"><li>scope differs</li></ol>' in html
    assert repr(out).endswith("[1] scope differs")
    assert "target_id" in out.csv and "x-0002;x-0003" in out.csv  # the CSV keeps every column
