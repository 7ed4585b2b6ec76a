"""A third district with two reports, added through the commands: add-report, draft, accept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import analysis
from analysis.analyses.fulfilment import fulfilment
from analysis.base.paths import DATA_DIR, SEEDS_DIR
from analysis.cli import main
from analysis.report import runner
from tests.third_district import EXPECTED, REPORTS, add_third_district, drafted


@pytest.fixture
def third(tmp_path: Path) -> Path:
    shutil.copytree(DATA_DIR, tmp_path / "data")
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    add_third_district(tmp_path / "data", tmp_path)
    return tmp_path / "data"


def test_third_district_through_the_commands(third: Path, capsys) -> None:
    for source, expected in EXPECTED.items():
        assert drafted(third.parent / f"{source}-draft.csv") == expected
        seed = third.parent / "seeds" / f"{source}.txt"
        assert seed.read_text(encoding="utf-8") == REPORTS[source][1], "copied byte for byte"
    capsys.readouterr()
    assert main(["validate", "--data-dir", str(third)]) == 0
    assert "testdist: 16 indicators" in capsys.readouterr().out
    assert main(["coverage", "--data-dir", str(third)]) == 0
    ind = analysis.load_indicators(str(third), standard=True)
    assert set(ind.loc[ind["district"] == "testdist", "source"]) == set(REPORTS)
    # the 2024 targets (first report) against the 2024 results (second report)
    out = fulfilment(ind, analysis.load_reference(str(third)))
    got = {
        (r.indicator, r.target, r.result, r.status)
        for r in out[out["district"] == "testdist"].itertuples()
    }
    assert got == {
        ("gdp_growth", "6", "5.9", "met"),  # about 6: 5.5–6.5
        ("revenue_growth", "5", "4", "missed"),
        ("elderly_care_beds_new", "500", "620", "exceeded"),
    }


@pytest.mark.slow
def test_notebook_01_runs_on_the_third_district(third: Path, tmp_path: Path) -> None:
    results = runner.run(
        notebook_keys=["01"],
        districts=["testdist"],
        langs=["en"],
        jobs=1,
        output_dir=tmp_path / "out",
        data_dir=str(third),
        log=lambda _: None,
    )
    assert [r.ok for r in results] == [True], [r.error for r in results]
    html = (tmp_path / "out" / "testdist" / "en" / "01_district_overview.html").read_text(
        encoding="utf-8"
    )
    assert "1610.2" in html  # the latest report's GDP
