"""The targets panel: every report's targets and the city's, one row each, in one table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.analyses import targets
from analysis.dev.synthetic import write_synthetic
from analysis.load.context import load_context
from analysis.presentation import panel


def _check(frame: pd.DataFrame, data_dir: Path | None) -> None:
    src = analysis.sources(data_dir)
    reports = {(str(r.district), int(r.plan_year)) for r in src.itertuples(index=False)}
    mine = frame[frame["jurisdiction"] != panel.CITY]
    assert set(zip(mine["jurisdiction"], mine["plan_year"], strict=True)) <= reports
    assert list(frame.columns) == panel.COLUMNS
    assert frame["target_id"].is_unique  # one row per target
    assert frame["name_zh"].notna().all() and frame["name_en"].notna().all()
    for district, year in sorted(reports):
        ctx = load_context(district, "en", data_dir, year)
        master = targets.master_table(ctx.ind, ctx.ref, ctx.src, ctx.comp, ctx.parts)
        master = master[master["district"] == district]
        rows = mine[(mine["jurisdiction"] == district) & (mine["plan_year"] == year)]
        assert sorted(rows["target_id"]) == sorted(master["target_id"]), (district, year)
        # the row keeps the report's own comparison: a pair refused there is refused here
        both = rows.merge(master, on="target_id", suffixes=("", "_m"))
        assert (both["direction"] == both["direction_m"]).all()


@pytest.mark.sweep
def test_the_panel_holds_every_report_and_the_city_on_the_shipped_data() -> None:
    frame = panel.targets_panel()
    _check(frame, None)
    city = frame[frame["jurisdiction"] == panel.CITY]
    assert len(city) and (city["jurisdiction_zh"] == "上海市").all()
    judged = city[city["status"] != "pending"]
    assert judged["outcome"].notna().all() and judged["outcome_id"].notna().all()


@pytest.mark.sweep
def test_a_later_report_judges_the_targets_of_an_earlier_one(tmp_path: Path) -> None:
    # three years (a first, a middle and a last report); two districts are already "many", and
    # _check's master table per report makes each district cost about 0.7 s here
    data = write_synthetic(tmp_path / "syn", districts=2, years=3, seed=4) / "data"
    frame = panel.targets_panel(data)
    _check(frame, data)
    years = sorted(frame["plan_year"].unique())
    assert len(years) == 3
    first, last = frame[frame["plan_year"] == years[0]], frame[frame["plan_year"] == years[-1]]
    assert (first["status"] != "pending").any()  # the next report printed their results
    assert (last["status"] == "pending").all()  # no report after the last one
