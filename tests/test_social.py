"""Social-spending logic on hand-made frames: per resident, per recipient, one-district rows."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import social


def _r(
    district,
    indicator,
    value_std,
    unit_std,
    year=2023,
    kind="actual",
    category="x",
    measure="level",
    unit="亿元",
):
    return {
        "id": f"{district}-{indicator}-{kind}",
        "district": district,
        "district_short": district.title(),
        "district_zh": district,
        "indicator": indicator,
        "name_en": indicator,
        "name_zh": indicator,
        "label_zh": indicator,
        "value": value_std,
        "unit": unit,
        "value_std": value_std,
        "unit_std": unit_std,
        "year": year,
        "kind": kind,
        "category": category,
        "measure": measure,
        "qualifier": None,
    }


@pytest.fixture
def ref() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"scope": "yangpu", "indicator": "resident_population", "value": 1_000_000.0},
            {"scope": "baoshan", "indicator": "resident_population", "value": 2_000_000.0},
        ]
    )


def test_spending_per_resident_and_recipient(ref: pd.DataFrame) -> None:
    ind = pd.DataFrame(
        [
            _r("yangpu", "medical_aid_amount", 2.0e7, "yuan"),
            _r("yangpu", "medical_aid_recipients", 1.0e5, "person-times", unit="万人次"),
            _r("baoshan", "social_assistance_amount", 4.0e8, "yuan"),
            _r("yangpu", "social_assistance_amount", 5.0e8, "yuan"),
        ]
    )
    s = social.spending(ind, ref).set_index(["district", "programme"])
    med = s.loc[("yangpu", "medical_aid")]
    assert med["yuan_per_resident"] == pytest.approx(20)
    assert med["yuan_per_recipient"] == pytest.approx(200)
    assert med["reported_by"] == "one district only"
    assert s.loc[("baoshan", "social_assistance"), "yuan_per_resident"] == pytest.approx(200)
    assert s.loc[("baoshan", "social_assistance"), "reported_by"] == "both"
    assert pd.isna(s.loc[("baoshan", "social_assistance"), "yuan_per_recipient"])
    # a programme only Yangpu reports never appears for Baoshan as a zero
    assert ("baoshan", "medical_aid") not in s.index


def test_spending_needs_standard_values(ref: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="standard=True"):
        social.spending(pd.DataFrame({"indicator": []}), ref)


def test_service_outputs_keep_one_sided_rows() -> None:
    ind = pd.DataFrame(
        [
            _r(
                "yangpu",
                "elderly_care_beds_new",
                537,
                "units",
                category="elderly_care",
                measure="count",
                unit="张",
            ),
            _r(
                "yangpu",
                "elderly_care_beds_new",
                300,
                "units",
                year=2024,
                kind="target",
                category="elderly_care",
                measure="count",
                unit="张",
            ),
            _r(
                "baoshan",
                "elderly_care_beds_new",
                400,
                "units",
                year=2024,
                kind="target",
                category="elderly_care",
                measure="count",
                unit="张",
            ),
        ]
    )
    out = social.service_outputs(ind).set_index("district")
    assert out.loc["yangpu", "target_vs_result"] == pytest.approx(300 / 537)
    assert pd.isna(out.loc["baoshan", "result"])
    assert out.loc["baoshan", "target"] == 400
