"""Social-spending logic on hand-made frames: per beneficiary with the unit counted, per capita
only on a cited eligible base, nested programmes never added, annual against annual only.

Each refusal the comparability data can make has a test here on rows where the printed `value`
differs from `value_std` (万元, 亿元, 万人次), so a unit slip would show.
"""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.analyses import social
from analysis.contract.package import validate_package
from analysis.load.comparability import COMP_COLUMNS, comparability, rule
from analysis.presentation import narrative, views
from tests.conftest import results_year

COLUMNS = list(COMP_COLUMNS)


def _r(
    district,
    indicator,
    value,
    unit,
    value_std,
    unit_std,
    year=2023,
    kind="actual",
    category="x",
    measure="level",
):
    return {
        "id": f"{district}-{indicator}-{kind}",
        "district": district,
        "district_short": district.title(),
        "district_zh": district,
        "indicator": indicator,
        "name_en": indicator.replace("_", " "),
        "name_zh": indicator,
        "label_zh": indicator,
        "value": value,
        "unit": unit,
        "value_std": value_std,
        "unit_std": unit_std,
        "year": year,
        "kind": kind,
        "category": category,
        "measure": measure,
        "qualifier": None,
    }


def _comp(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(
        [{c: r.get(c) for c in COLUMNS} for r in rows], columns=COLUMNS
    ).astype("string")


@pytest.fixture
def ref() -> pd.DataFrame:
    """Census residents only: the base the issue says must not be used for these programmes."""
    return pd.DataFrame(
        [
            {"scope": "yangpu", "indicator": "resident_population", "value": 1_000_000.0,
             "year": 2020, "citation": "census"},
            {"scope": "baoshan", "indicator": "resident_population", "value": 2_000_000.0,
             "year": 2020, "citation": "census"},
        ]
    )  # fmt: skip


def _assistance() -> list[dict]:
    return [
        _r("yangpu", "social_assistance_amount", 5.07, "亿元", 5.07e8, "yuan"),
        _r("yangpu", "social_assistance_recipients", 62.71, "万人次", 627100.0, "person-times"),
        _r("baoshan", "social_assistance_amount", 3.98, "亿元", 3.98e8, "yuan"),
        _r("baoshan", "social_assistance_recipients", 75.9, "万人次", 759000.0, "person-times"),
        _r("yangpu", "medical_aid_amount", 2838.05, "万元", 2.83805e7, "yuan"),
        _r("yangpu", "medical_aid_recipients", 9.44, "万人次", 94400.0, "person-times"),
        _r("yangpu", "comprehensive_support_amount", 413.35, "万元", 4.1335e6, "yuan"),
        _r("yangpu", "comprehensive_support_persons", 1391, "人", 1391.0, "persons"),
        _r("yangpu", "elderly_allowance_amount", 5.15, "亿元", 5.15e8, "yuan"),
    ]


@pytest.fixture
def comp() -> pd.DataFrame:
    return _comp(
        [
            {"indicator": "social_assistance_amount", "scope": "social_assistance",
             "period": "flow", "eligible_base": "people receiving social assistance"},
            {"indicator": "social_assistance_recipients", "scope": "social_assistance",
             "period": "flow", "count_unit": "person-time"},
            {"indicator": "medical_aid_amount", "district": "yangpu", "scope": "medical_aid",
             "period": "flow", "part_of": "social_assistance_amount"},
            {"indicator": "comprehensive_support_amount", "district": "yangpu",
             "scope": "support", "period": "flow", "part_of": "social_assistance_amount"},
            {"indicator": "elderly_allowance_amount", "scope": "older_residents",
             "period": "flow", "base_indicator": "population_65_plus",
             "eligible_base": "residents aged 65 and over"},
        ]
    )  # fmt: skip


def test_person_times_are_named_person_times_not_recipients(ref, comp) -> None:
    s = social.spending(pd.DataFrame(_assistance()), ref, comp).set_index(["district", "programme"])
    sa = s.loc[("yangpu", "social_assistance")]
    assert sa["per_unit"] == "person-time"
    # 5.07亿元 over 62.71万人次, not 5.07 over 62.71
    assert sa["yuan_per_beneficiary"] == pytest.approx(5.07e8 / 627100)
    assert "yuan_per_recipient" not in s.columns
    # persons (人) stay persons, from the unit when comparability says nothing of the count
    assert s.loc[("yangpu", "comprehensive_support"), "per_unit"] == "person"


def test_per_capita_refused_without_a_cited_eligible_base(ref, comp) -> None:
    """Census residents are in the reference table, but are nobody's eligible base here."""
    s = social.spending(pd.DataFrame(_assistance()), ref, comp).set_index(["district", "programme"])
    assert s["per_capita"].isna().all()
    assert s["base_value"].isna().all()
    assert "yuan_per_resident" not in s.columns
    eld = s.loc[("yangpu", "elderly_allowance")]
    assert eld["base_missing"] == "residents aged 65 and over"
    lines = views.spending_refusals(s.reset_index(), "yangpu")
    assert any("residents aged 65 and over, is not in the reference table" in x for x in lines)


def test_per_capita_on_the_cited_eligible_base(ref, comp) -> None:
    cited = pd.concat(
        [
            ref,
            pd.DataFrame(
                [{"scope": "yangpu", "indicator": "population_65_plus", "value": 250_000.0,
                  "year": 2020, "citation": "a cited page"}]
            ),
        ],
        ignore_index=True,
    )  # fmt: skip
    s = social.spending(pd.DataFrame(_assistance()), cited, comp).set_index(
        ["district", "programme"]
    )
    eld = s.loc[("yangpu", "elderly_allowance")]
    assert eld["per_capita"] == pytest.approx(5.15e8 / 250_000)
    assert eld["base_indicator"] == "population_65_plus"
    assert eld["base_value"] == 250_000
    assert eld["base_citation"] == "a cited page"
    assert pd.isna(eld["base_missing"])
    assert "population_65_plus" in narrative.read_bases(s.reset_index(), "yangpu")


def test_nested_programmes_are_never_added(ref, comp) -> None:
    s = social.spending(pd.DataFrame(_assistance()), ref, comp)
    mine = s[s["district"] == "yangpu"]
    summable = social.additive(mine)
    assert set(summable["programme"]) == {"social_assistance", "elderly_allowance"}
    med = mine.set_index("programme").loc["medical_aid"]
    assert med["part_of"] == "social_assistance_amount"
    assert any("may be part of" in x for x in views.spending_refusals(s, "yangpu"))
    text = narrative.read_spending(s, "yangpu")
    assert "medical aid amount" in text and "not added to it" in text


def test_cross_district_refused_when_units_or_scopes_differ(ref) -> None:
    rows = _assistance()
    rows[3] = _r("baoshan", "social_assistance_recipients", 7.59, "万人", 75900.0, "persons")
    comp = _comp(
        [
            {"indicator": "social_assistance_amount", "scope": "social_assistance",
             "period": "flow"},
            {"indicator": "social_assistance_recipients", "district": "yangpu",
             "scope": "social_assistance", "period": "flow", "count_unit": "person-time"},
            {"indicator": "social_assistance_recipients", "district": "baoshan",
             "scope": "social_assistance", "period": "flow", "count_unit": "person"},
        ]
    )  # fmt: skip
    s = social.spending(pd.DataFrame(rows), ref, comp).set_index(["district", "programme"])
    verdict = s.loc[("yangpu", "social_assistance"), "compared"]
    assert verdict == "refused: counts differ (person-time vs person)"
    assert "compares with" not in narrative.read_spending(s.reset_index(), "yangpu")
    scoped = _comp(
        [
            {"indicator": "social_assistance_amount", "district": "yangpu", "scope": "a",
             "period": "flow"},
            {"indicator": "social_assistance_amount", "district": "baoshan", "scope": "b",
             "period": "flow"},
        ]
    )  # fmt: skip
    s = social.spending(pd.DataFrame(_assistance()), ref, scoped).set_index(
        ["district", "programme"]
    )
    assert s.loc[("baoshan", "social_assistance"), "compared"].startswith("refused: scope")


def test_same_unit_same_scope_compares_per_person_time_only(ref, comp) -> None:
    s = social.spending(pd.DataFrame(_assistance()), ref, comp)
    text = narrative.read_spending(s, "yangpu")
    assert "per person-time only" in text
    assert "808.48 against 524.37" in text
    assert "per census resident" not in text


def test_spending_needs_standard_values(ref, comp) -> None:
    with pytest.raises(ValueError, match="standard=True"):
        social.spending(pd.DataFrame({"indicator": []}), ref, comp)


def _outputs(result: tuple, target: tuple, comp: pd.DataFrame) -> pd.Series:
    ind = pd.DataFrame(
        [
            _r("yangpu", "housing", result[0], "套（间）", result[1], "count",
               category="housing", measure="count"),
            _r("yangpu", "housing", target[0], "套（间）", target[1], "count", year=2024,
               kind="target", category="housing", measure="count"),
        ]
    )  # fmt: skip
    return social.service_outputs(ind, comp).iloc[0]


def test_running_total_against_annual_target_is_no_ratio() -> None:
    comp = _comp(
        [
            {"indicator": "housing", "kind": "actual", "scope": "h", "period": "stock"},
            {"indicator": "housing", "kind": "target", "scope": "h", "period": "flow"},
        ]
    )
    row = _outputs((0.2823, 2823.0), (0.05, 500.0), comp)
    assert pd.isna(row["target_vs_result"])
    assert row["comparison"] == "running total against an annual target: no ratio"
    assert (row["result_period"], row["target_period"]) == ("stock", "flow")
    lines = views.output_refusals(pd.DataFrame([row]), "yangpu")
    assert lines == [
        "housing: 2,823 (stock) and 500 planned (flow): running total against an annual target: "
        "no ratio."
    ]


def test_annual_against_annual_gives_the_ratio_on_standard_values() -> None:
    comp = _comp([{"indicator": "housing", "scope": "h", "period": "flow"}])
    row = _outputs((0.0537, 537.0), (0.03, 300.0), comp)
    assert row["target_vs_result"] == pytest.approx(300 / 537)
    assert row["comparison"] == "annual against annual"


def test_target_of_narrower_scope_or_unrecorded_period_is_no_ratio() -> None:
    comp = _comp(
        [
            {"indicator": "housing", "kind": "actual", "scope": "all", "period": "flow"},
            {"indicator": "housing", "kind": "target", "scope": "new_only", "period": "flow"},
        ]
    )
    row = _outputs((300, 300.0), (200, 200.0), comp)
    assert pd.isna(row["target_vs_result"]) and row["comparison"].startswith("scope differs")
    row = _outputs((300, 300.0), (200, 200.0), _comp([]))
    assert pd.isna(row["target_vs_result"]) and "not recorded" in row["comparison"]


def test_service_outputs_keep_one_sided_rows() -> None:
    comp = _comp([{"indicator": "beds", "scope": "b", "period": "flow"}])
    ind = pd.DataFrame(
        [
            _r("yangpu", "beds", 537, "张", 537.0, "count", category="elderly_care",
               measure="count"),
            _r("yangpu", "beds", 300, "张", 300.0, "count", year=2024, kind="target",
               category="elderly_care", measure="count"),
            _r("baoshan", "beds", 400, "张", 400.0, "count", year=2024, kind="target",
               category="elderly_care", measure="count"),
        ]
    )  # fmt: skip
    out = social.service_outputs(ind, comp).set_index("district")
    assert out.loc["yangpu", "target_vs_result"] == pytest.approx(300 / 537)
    assert pd.isna(out.loc["baoshan", "result"])
    assert out.loc["baoshan", "target"] == 400
    assert out.loc["baoshan", "comparison"] == "one side only"


def test_rule_takes_the_most_specific_row() -> None:
    comp = _comp(
        [
            {"indicator": "k", "scope": "any", "period": "flow"},
            {"indicator": "k", "district": "yangpu", "scope": "yp", "period": "flow"},
            {"indicator": "k", "district": "yangpu", "kind": "actual", "scope": "yp_actual",
             "period": "stock"},
        ]
    )  # fmt: skip
    assert rule(comp, "k", "baoshan")["scope"] == "any"
    assert rule(comp, "k", "yangpu", "target")["scope"] == "yp"
    assert rule(comp, "k", "yangpu", "actual")["period"] == "stock"
    assert rule(comp, "other", "yangpu") == {}


def test_the_real_data_marks_the_cases_of_the_issue() -> None:
    """The curated comparability rows say what the issue found, and the analysis obeys them."""
    comp = comparability()
    ind = analysis.load_indicators(standard=True)
    ref = analysis.load_reference()
    year = results_year("yangpu-2024")  # the shipped report's year, whatever else the data holds
    s = social.spending(ind, ref, comp, year).set_index(["district", "programme"])
    assert s.loc[("yangpu", "social_assistance"), "per_unit"] == "person-time"
    assert s.loc[("yangpu", "medical_aid"), "part_of"] == "social_assistance_amount"
    assert pd.isna(s.loc[("yangpu", "elderly_allowance"), "per_capita"])
    assert set(s["per_unit"].dropna()) <= {"person", "household", "person-time"}
    out = social.service_outputs(ind, comp, year).set_index(["district", "indicator"])
    supplied = out.loc[("yangpu", "affordable_rental_housing_supplied")]
    assert supplied["result_period"] == "stock" and pd.isna(supplied["target_vs_result"])


def test_a_doubly_described_indicator_is_an_error_naming_file_and_line(tmp_path) -> None:
    import shutil

    from analysis.base.errors import DataError
    from analysis.base.paths import DATA_DIR, SEEDS_DIR

    shutil.copytree(DATA_DIR, tmp_path / "data")
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    path = tmp_path / "data" / "comparability.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        validate_package(tmp_path / "data")  # `validate` refuses what the notebooks would
    assert f'comparability.csv, line {len(lines) + 1}, column "indicator"' in str(err.value)
    assert "described twice (first on line 2)" in str(err.value)


def test_an_eligible_base_without_its_chinese_is_refused(data_copy) -> None:
    from analysis.base.errors import DataError
    from tests.conftest import line_of, set_cell

    path = data_copy / "comparability.csv"
    line = line_of(path, "eligible_base", "orphans in family care")
    set_cell(path, line, "eligible_base_zh", "")
    with pytest.raises(DataError) as info:
        validate_package(data_copy)
    assert str(info.value.problems[0]) == (
        f'{path}, line {line}, column "eligible_base_zh": eligible_base has no '
        "Chinese (eligible_base_zh): a Chinese report needs it"
    )
