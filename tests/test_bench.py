"""The benchmark's parts: the floor notebook runs, and the summary states each aim's verdict."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from analysis.dev import bench
from analysis.report import runner


@pytest.mark.slow
def test_floor_notebook_imports_what_the_notebooks_import(tmp_path: Path) -> None:
    floor = bench.floor_notebook(tmp_path)
    result = runner.execute(runner.Job(floor, "yangpu", "en", tmp_path / "out"))
    assert result.ok, result.error
    code = "\n".join(c.source for c in nbformat.read(floor, as_version=4).cells)
    assert code.count("\n") < 30, "the floor is imports and the style, nothing else"
    assert "use_style()" in code and "setup(" not in code.split("import")[-1]


def test_the_floor_imports_every_module_a_notebook_imports(tmp_path: Path) -> None:
    import ast

    floor = bench.floor_source()
    floor_modules = {ast.unparse(n) for n in ast.parse(floor).body if isinstance(n, ast.ImportFrom)}
    for path in runner.notebooks().values():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                for node in ast.parse(cell.source).body:
                    if isinstance(node, ast.ImportFrom):
                        assert ast.unparse(node) in floor_modules, (path.name, ast.unparse(node))
    extra = tmp_path / "nbs"
    extra.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from analysis import social\nx = 1")]
    nbformat.write(nb, extra / "07_new.ipynb")
    assert "from analysis import social" in bench.floor_source(extra), "a new notebook counts"


def test_load_seconds_measures_a_cold_load() -> None:
    assert 0 < bench.load_seconds() < 5


def test_summary_states_met_and_missed_against_the_aims() -> None:
    b = bench.Bench(
        load=0.05,
        floor=1.0,
        notebooks={"01_x": 1.2, "02_y": 1.6},
        jobs1=30.0,
        jobs2=15.0,
        scale={2: 2.0, 16: 4.0},
    )
    text = bench.summary(b)
    assert "load and validate all data: 0.050 s (aim < 0.3 s: met)" in text
    assert "01_x: 1.20 s = 1.20× floor (aim ≤ 1.3×: met)" in text
    assert "02_y: 1.60 s = 1.60× floor (aim ≤ 1.3×: MISSED)" in text
    assert "ratio 0.50 (aim ≤ 0.6: met)" in text
    assert "time ∝ n^0.33 (aim: no worse than linear: met)" in text
    assert text.startswith("machine: ")


def test_summary_gives_each_chart_against_the_floor_at_each_district_count() -> None:
    b = bench.Bench(
        load=0.05, floor=2.0, notebooks={}, jobs1=None, jobs2=None, scale={},
        charts={"growth": {2: 0.5, 16: 1.0}},
    )  # fmt: skip
    assert "chart growth: 2 districts 0.50 s = 0.25× floor, 16 districts 1.00 s = 0.50× floor" in (
        bench.summary(b)
    )


@pytest.mark.sweep
def test_chart_seconds_times_every_chart(tmp_path: Path) -> None:
    """The bench draws every chart through `plots.drawings`; one is drawn here (drawing all of
    them is test_charts' work), the rest only listed."""
    from analysis.dev.synthetic import write_synthetic
    from analysis.presentation import plots
    from analysis.presentation.notebook import setup

    seconds = bench.chart_seconds(tmp_path, 2, repeat=2, warm_up=False, names=("escalation",))
    assert list(seconds) == ["escalation"] and 0 < seconds["escalation"] < 60
    target = write_synthetic(tmp_path / "listed", districts=2, years=2, seed=1)
    listed = plots.drawings(setup("synaa", "en", data_dir=str(target / "data")))
    assert {name.split(":")[0] for name in listed} == set(plots.CHARTS)


def test_summary_sets_the_full_report_against_the_bare_floor_and_states_the_edit() -> None:
    b = bench.Bench(
        load=0.05, floor=1.0, notebooks={}, jobs1=40.0, jobs2=20.0, scale={},
        bare=2.0, report_notebooks=16, edited=(18.0, 16, 16, "baoshan"),
        memory={2: 200.0, 16: 400.0},
    )  # fmt: skip
    text = bench.summary(b)
    # 16 notebooks × 2.0 s / 2 cores = 16.0 s; 20.0 / 16.0 = 1.25
    assert "full report, --jobs 2: 20.0 s = 1.25× (16 notebooks × the bare notebook" in text
    assert "= 16.0 s) (aim ≤ 0.8: MISSED)" in text
    assert "after an edit to one row of baoshan: 16 of 16 reports ran again, 18.0 s = 0.90×" in (
        text
    )
    # 2 → 16 districts, 200 → 400 MiB: exponent log 2 / log 8 = 0.33
    assert "200 → 400 MiB, memory ∝ n^0.33 (aim: no worse than linear: met)" in text


def test_the_bare_notebook_runs_cold_and_draws_one_chart(tmp_path: Path) -> None:
    notebook = bench.bare_notebook(tmp_path)
    code = nbformat.read(notebook, as_version=4).cells[0].source
    for module in ("pandas", "matplotlib.pyplot", "seaborn"):
        assert f"import {module}" in code
    assert code.count("plt.show()") == 1 and "analysis" not in code


@pytest.mark.sweep
def test_one_districts_edit_changes_only_its_rows(data_copy: Path) -> None:
    import csv

    def rows() -> list[dict[str, str]]:
        with (data_copy / "indicators.csv").open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    before = rows()
    district = before[0]["district"]
    bench.edit_one_district(data_copy, district)
    after = rows()
    changed = [a for a, b in zip(after, before, strict=True) if a != b]
    assert len(changed) == 1 and changed[0]["district"] == district
    assert changed[0]["note"].endswith("(edited)")
    import analysis

    assert len(analysis.load_indicators(str(data_copy))) == len(before), "still valid"
