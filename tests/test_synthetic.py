"""The synthetic package: valid under the same schema, clearly marked, never mixed into data/."""

from __future__ import annotations

from pathlib import Path

import pytest

import analysis
from analysis.base.errors import WorkbookError
from analysis.base.paths import ROOT
from analysis.dev.synthetic import BANNER, write_synthetic
from analysis.report import runner


def test_synthetic_package_is_valid_and_marked(tmp_path: Path) -> None:
    target = write_synthetic(tmp_path / "syn", districts=3, years=2, seed=7)
    data = str(target / "data")
    ind = analysis.load_indicators(data)
    assert set(ind["district"]) == {"synaa", "synab", "synac"}
    assert sorted(set(ind["year"])) == [2022, 2023, 2024]
    assert (target / "SYNTHETIC.txt").read_text(encoding="utf-8").startswith(BANNER)
    names = analysis.districts(data)["name_en"]
    assert names.str.startswith("Synthetic District").all()
    for seed in (target / "seeds").iterdir():
        assert seed.read_text(encoding="utf-8").startswith(BANNER)
    again = write_synthetic(tmp_path / "syn2", districts=3, years=2, seed=7)
    assert (again / "data" / "indicators.csv").read_bytes() == (
        target / "data" / "indicators.csv"
    ).read_bytes(), "same seed, same package"


@pytest.mark.parametrize("where", [ROOT, ROOT / "data" / ".."])
def test_synthetic_never_writes_over_the_real_data(where: Path) -> None:
    before = (ROOT / "data" / "indicators.csv").read_bytes()
    with pytest.raises(WorkbookError, match="refusing to write synthetic data over the real"):
        write_synthetic(where, districts=2, years=1)
    assert (ROOT / "data" / "indicators.csv").read_bytes() == before


@pytest.mark.slow
def test_notebooks_run_on_synthetic_data_through_the_runner(tmp_path: Path) -> None:
    target = write_synthetic(tmp_path / "syn", districts=4, years=2, seed=3)
    results = runner.run(
        notebook_keys=["02", "03"],
        districts=["synac"],
        langs=["en"],
        jobs=2,
        output_dir=tmp_path / "out",
        data_dir=str(target / "data"),
        log=lambda _: None,
    )
    assert [r.ok for r in results] == [True, True], [r.error for r in results]
    html = (tmp_path / "out" / "synac" / "en" / "03_investment.html").read_text(encoding="utf-8")
    assert "Synthetic 03" in html
