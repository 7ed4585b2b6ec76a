"""One language at a time: the other language's cells are dropped, and a report is measured."""

from __future__ import annotations

import nbformat
import pytest

from analysis.report import language
from analysis.report.runner import notebooks


def _nb():
    v4 = nbformat.v4
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_markdown_cell("# Title", metadata={"tags": ["lang-en"]}),
        v4.new_markdown_cell("# 标题", metadata={"tags": ["lang-zh"]}),
        v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        v4.new_markdown_cell("两种语言：`gdp_growth`"),
    ]
    return nb


def test_cells_to_remove_and_strip() -> None:
    nb = _nb()
    assert language.cells_to_remove(nb, "zh") == [0]
    assert language.cells_to_remove(nb, "en") == [1]
    assert language.remove_tags("en") == {"lang-zh"}
    zh = language.strip_other_language(nb, "zh")
    assert [c.source for c in zh.cells] == ["# 标题", "x = 1", "两种语言：`gdp_growth`"]
    assert len(nb.cells) == 4, "the notebook given is left as it is"
    with pytest.raises(ValueError, match="unknown lang 'fr'"):
        language.cells_to_remove(nb, "fr")


def test_a_cell_in_two_languages_is_an_error() -> None:
    nb = _nb()
    nb.cells[0].metadata["tags"] = ["lang-en", "lang-zh"]
    with pytest.raises(ValueError, match="more than one language"):
        language.cell_language(nb.cells[0])


def test_english_words_skip_keys_ids_units_and_files() -> None:
    text = "地区生产总值（GDP）增长 `gdp_growth` bs-0007 行号yp-p012 data/sources.csv R&D The rest"
    assert language.english_words(text) == ["The", "rest"]


def test_shares_on_hand_made_outputs() -> None:
    v4 = nbformat.v4
    nb = _nb()
    nb.cells[2].outputs = [
        v4.new_output("display_data", data={"text/markdown": "共3项 target"}),
        v4.new_output(
            "display_data",
            data={"text/html": "<table><thead><tr><th>Unit</th><th>As printed</th></tr></thead>"
                  "<tbody><tr><td>亿元</td><td>地区生产总值</td></tr></tbody></table>"},
        ),
    ]  # fmt: skip
    share, words = language.english_share(nb)
    assert words == ["target", "Unit", "As", "printed"] and 0 < share < 0.5
    share, cells = language.chinese_only_cells(nb, {"As printed"})
    assert cells == ["Unit: 亿元"] and share == pytest.approx(1 / 4)


@pytest.mark.parametrize("name", list(notebooks()))
def test_every_static_markdown_cell_exists_in_both_languages(name: str) -> None:
    """Markdown a reader sees is tagged; each language has the same number of cells."""
    nb = nbformat.read(notebooks()[name], as_version=4)
    md = [c for c in nb.cells if c.cell_type == "markdown"]
    langs = [language.cell_language(c) for c in md]
    assert None not in langs, "an untagged Markdown cell would show in both languages"
    assert langs.count("en") == langs.count("zh")
    for cell in md:
        if language.cell_language(cell) == "zh":
            assert not language.english_words(cell.source), cell.source[:60]
