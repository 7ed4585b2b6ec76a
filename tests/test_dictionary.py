"""data/README.md is generated from the schema and the code tables, and cannot drift from them."""

from __future__ import annotations

import analysis
from analysis.base.paths import DATA_DIR
from analysis.contract import dictionary


def test_dictionary_is_current() -> None:
    committed = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert committed == dictionary.render(), "run `python -m analysis dictionary` and commit"


def test_dictionary_lists_every_table_column_key_unit_and_qualifier() -> None:
    text = dictionary.render()
    import json

    desc = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    for res in desc["resources"]:
        assert f"### `{res['path']}`" in text
        for field in res["schema"]["fields"]:
            assert f"| `{field['name']}` |" in text
    cat = analysis.catalogue()
    for key, zh, en in cat[["indicator", "name_zh", "name_en"]].itertuples(index=False):
        assert f"| `{key}` | {zh} | {en} |" in text
    assert "| 亿元 | 100 million yuan |" in text
    assert "| 以上 | at least | floor |" in text
    assert "| `yangpu` | 杨浦区 |" in text


def test_dictionary_follows_the_data(data_copy) -> None:
    catalogue = data_copy / "catalogue.csv"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text + "test_key,测试,Test key,economy,个,count,,\n", encoding="utf-8")
    assert "| `test_key` | 测试 | Test key |" in dictionary.render(data_copy)
