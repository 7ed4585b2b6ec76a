"""The committed notebooks: executed, parameterised, warning-free, and prose that the data backs.

nbval re-runs them and compares outputs; these checks cover what nbval does not.
"""

from __future__ import annotations

import re

import nbformat
import pytest

import analysis
from analysis.report.runner import notebooks

NOTEBOOKS = notebooks()
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _read(name: str):
    return nbformat.read(NOTEBOOKS[name], as_version=4)


def _outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out["text"])
            for mime in ("text/plain", "text/markdown", "text/html"):
                parts.append(str(out.get("data", {}).get(mime, "")))
    return "".join(parts).replace(",", "")


@pytest.mark.parametrize("name", list(NOTEBOOKS))
def test_committed_executed_with_default_parameters(name: str) -> None:
    nb = _read(name)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    assert 'district = "yangpu"' in params[0].source and 'lang = "en"' in params[0].source
    assert "plan_year = None" in params[0].source, "default: the district's latest report"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "every code cell executed"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "in order"
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error"
            assert not (out.output_type == "stream" and out.name == "stderr"), out.text
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)


@pytest.mark.parametrize("name", list(NOTEBOOKS))
def test_story_shape(name: str) -> None:
    """Question first, caveats beside the numbers, a reading at the end: in each language."""
    nb = _read(name)
    for lang, (question, caveat, learned) in {
        "en": ("**Question.**", "aveat", "**What we learned.**"),
        "zh": ("**问题。**", "注意", "**结论。**"),
    }.items():
        md = [
            c.source
            for c in nb.cells
            if c.cell_type == "markdown" and f"lang-{lang}" in c.metadata.get("tags", [])
        ]
        assert question in md[0], lang
        assert any(caveat in m for m in md), lang
        assert learned in "".join(md[-2:]), lang


@pytest.mark.parametrize("name", list(NOTEBOOKS))
def test_static_markdown_names_no_district_and_no_year(name: str) -> None:
    """Static prose stays true for any district and report; names and years are computed."""
    nb = _read(name)
    names = analysis.load_indicators()[["district_short", "district_zh", "district_en"]]
    words = {str(w) for w in names.drop_duplicates().to_numpy().ravel()}
    words |= {w.removesuffix("区") for w in words if w.endswith("区")}
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        assert not re.search(r"(?<![\d.])(19|20)\d\d(?!\d)", cell.source), cell.source[:80]
        assert not [w for w in words if w in cell.source], cell.source[:80]


@pytest.mark.parametrize("name", list(NOTEBOOKS))
def test_numbers_in_the_prose_are_in_the_data_or_the_outputs(name: str) -> None:
    """A reading typed into Markdown must not drift from what the data now says."""
    nb = _read(name)
    prose = "".join(
        c.source.split("**What we learned.**", 1)[1]
        for c in nb.cells
        if c.cell_type == "markdown" and "**What we learned.**" in c.source
    )
    outputs = _outputs_text(nb)
    printed = set(analysis.load_indicators()["value_printed"])
    printed |= set(analysis.load_projects()["total_investment_printed"].dropna())
    for number in NUMBER.findall(prose.replace(",", "")):
        assert number in printed or number in outputs, f"{name}: {number} is in no data or output"
