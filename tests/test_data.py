"""The loaders: typed frames, bilingual labels, standard values, paths from the package."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis import UnknownKeyError
from analysis.base.paths import ROOT
from tests.conftest import UNKNOWN_DISTRICT


def test_indicators_are_typed_and_labelled() -> None:
    ind = analysis.load_indicators()
    for col in (
        "district",
        "kind",
        "indicator",
        "unit",
        "qualifier",
        "category",
        "bound",
        "commitment",
        "assignment",
        "attribute",
    ):
        assert isinstance(ind[col].dtype, pd.CategoricalDtype), col
    assert ind["value"].dtype == "float64"
    assert ind["year"].dtype == "int64"
    keys = _districts_csv()
    assert list(ind["district"].cat.categories) == list(keys)  # in districts.csv's order
    for col in ("name_en", "name_zh", "district_en", "district_zh", "unit_en", "label_zh"):
        assert ind[col].notna().all(), col
    assert set(ind["district"]) == set(keys)


def test_printed_value_is_kept_exactly() -> None:
    ind = analysis.load_indicators(district="baoshan")
    retail = ind[(ind["indicator"] == "retail_sales") & (ind["year"] == 2024)]
    assert retail["value_printed"].tolist() == ["1057.40"]
    assert retail["value"].tolist() == [1057.4]


@pytest.mark.sweep
def test_standard_values_on_request() -> None:
    plain = analysis.load_indicators()
    assert "value_std" not in plain
    ind = analysis.load_indicators(standard=True)
    rev = ind[(ind["district"] == "yangpu") & (ind["indicator"] == "revenue")].iloc[0]
    assert rev["value_printed"] == "154.99"
    assert rev["value_std"] == pytest.approx(154.99e8)
    assert rev["unit_std"] == "yuan"
    aid = ind[(ind["district"] == "yangpu") & (ind["unit"] == "万人次")].iloc[0]
    assert aid["value_std"] == pytest.approx(aid["value"] * 1e4)
    assert aid["unit_std"] == "person-times"


def test_qualifier_codes_on_four_dimensions() -> None:
    ind = analysis.load_indicators()
    plan = ind[(ind["kind"] == "target") & (ind["year"] == 2024)].set_index("id")

    def codes(key: str) -> tuple:
        return tuple(plan.loc[key, ["bound", "commitment", "assignment", "attribute"]])

    yp = plan[(plan["district"] == "yangpu") & (plan["indicator"] == "gdp_growth")].index[0]
    assert plan.loc[yp, "qualifier_en"] == "at least"
    # the cell prints 以上 only; 确保 and 主要预期目标 stand in other sentences (backing.csv)
    assert codes(yp) == ("floor", "ensure", "own", "indicative")
    bs = plan[(plan["district"] == "baoshan") & (plan["indicator"] == "gdp_growth")].index[0]
    assert codes(bs) == ("about", "strive", "pegged", "unstated")  # 力争 in 附件2's prose
    ensure = plan[plan["qualifier"] == "确保"].index[0]
    assert codes(ensure)[1] == "ensure"
    strive = plan[plan["qualifier"] == "争取"].index[0]
    assert codes(strive)[1] == "strive"
    words = plan[plan["value"].isna()]
    pegs = words["assignment"] == "pegged"
    assert set(words.loc[~pegs, "bound"]) <= {"none", "ceiling", "floor"}
    assert set(words.loc[pegs, "bound"]) <= {"none", "about"}  # about: 基本同步, a broad peg
    assigned = words[words["wording"] == "完成市下达指标"]
    assert len(assigned) == 2 and set(assigned["assignment"]) == {"city_assigned"}
    ceiling = words[words["wording"] == "控制在市下达目标内"].iloc[0]
    assert (ceiling["bound"], ceiling["assignment"]) == ("ceiling", "city_assigned")
    ref = analysis.load_reference()
    city = ref[(ref["indicator"] == "gdp_growth") & (ref["kind"] == "target")]
    assert "indicative" in set(city["attribute"])


def test_a_number_with_no_bound_word_is_exact(data_copy) -> None:
    ind = analysis.load_indicators(data_copy)
    bare = ind[ind["qualifier"].isna() & ind["value"].notna()]
    assert len(bare) and set(bare["bound"]) == {"exact"}


def test_projects_and_the_baoshan_total() -> None:
    proj = analysis.load_projects()
    bs = proj[proj["list"] == "baoshan-major-gov-2024"]
    yp = proj[proj["list"] == "yangpu-shuangshi-2023"]
    assert len(bs) == 20 and len(yp) == 20
    assert bs["total_investment"].sum() == pytest.approx(101.94)
    assert bs.loc[bs["seq"] == 14, "total_investment_printed"].item() == "2.00"
    assert yp["total_investment"].isna().all()
    assert set(yp["progress_zh"]) == {"已开工", "已完工"}
    std = analysis.load_projects(standard=True)
    assert std["total_investment_std"].max() == pytest.approx(15.65e8)


def test_reference_table() -> None:
    ref = analysis.load_reference()
    pop = ref[ref["indicator"] == "resident_population"].set_index("scope")["value"]
    assert pop.to_dict() == {"yangpu": 1242548.0, "baoshan": 2235218.0}
    city = ref[(ref["scope"] == "shanghai") & (ref["indicator"] == "gdp_growth")].iloc[0]
    assert city["value"] == 5 and city["qualifier"] == "左右"


def _districts_csv() -> dict[str, str]:
    """district -> name_zh, read from data/districts.csv without the package."""
    with (ROOT / "data" / "districts.csv").open(encoding="utf-8", newline="") as f:
        return {r["district"]: r["name_zh"] for r in csv.DictReader(f)}


def test_districts_and_catalogue() -> None:
    d = analysis.districts()
    names = d.set_index("district")["name_zh"].to_dict()
    assert names == _districts_csv()
    assert {"yangpu": "杨浦区", "baoshan": "宝山区"}.items() <= names.items()  # the shipped two
    cat = analysis.catalogue()
    assert cat["indicator"].is_unique
    assert cat["category_en"].notna().all()
    growth = cat[cat["measure"] == "growth"].dropna(subset=["base"])
    assert set(growth["base"]) <= set(cat["indicator"])


def test_unknown_district_lists_the_valid_keys() -> None:
    with pytest.raises(UnknownKeyError) as info:
        analysis.load_indicators(district=UNKNOWN_DISTRICT)
    assert str(info.value) == (
        f"unknown district '{UNKNOWN_DISTRICT}'; valid districts: {', '.join(_districts_csv())}"
    )


@pytest.mark.sweep
def test_import_does_no_io_and_paths_resolve_from_the_package_not_the_cwd(
    tmp_path: Path,
) -> None:
    """One fresh process, started in another folder: importing opens no data file, and loading
    finds the package's data/ all the same."""
    code = (
        "import json, sys\n"
        "seen = []\n"
        "sys.addaudithook(lambda e, a: seen.append(str(a[0])) if e == 'open' else None)\n"
        "import analysis\n"
        "opened = [p for p in seen if '/data/' in p or '/seeds/' in p or p.endswith('.csv')]\n"
        "print(json.dumps([opened, len(analysis.load_indicators())]))\n"
    )
    # the package under test (this checkout's, also when the venv's .pth names another one)
    path = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True,
        env=env,
    )  # fmt: skip
    opened, rows = json.loads(out.stdout)
    assert opened == [], "importing the package reads no data"
    assert rows == len(analysis.load_indicators())
    assert ROOT.joinpath("data", "datapackage.json").exists()


@pytest.mark.sweep
def test_edited_file_is_reloaded(data_copy: Path) -> None:
    before = analysis.load_indicators(data_copy)
    path = data_copy / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    assert len(analysis.load_indicators(data_copy)) == len(before) - 1
