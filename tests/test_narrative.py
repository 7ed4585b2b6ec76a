"""The sentences under the charts are computed from the data, so they must say what it says."""

from __future__ import annotations

import pandas as pd

from analysis import narrative


def _spend(rows: list[tuple[str, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "district": d,
                "district_short": d.title(),
                "programme": p,
                "name_en": p.replace("_", " "),
                "label_zh": "医疗救助",
                "yuan_per_resident": v,
                "reported_by": by,
            }
            for d, p, v, by in rows
        ]
    )


def test_read_spending_names_the_largest_and_the_comparable() -> None:
    spend = _spend(
        [
            ("yangpu", "medical_aid", 12.5, "both"),
            ("yangpu", "rent_subsidy", 30.0, "one district only"),
            ("baoshan", "medical_aid", 8.0, "both"),
        ]
    )
    text = narrative.read_spending(spend, "yangpu")
    assert text.startswith("Yangpu reports spending for 2 programme(s); the largest per resident")
    assert "rent subsidy (医疗救助), 30 yuan per census resident" in text
    assert text.endswith("Comparable with another district: medical aid.")


def test_read_spending_says_when_nothing_is_comparable_or_reported() -> None:
    spend = _spend([("baoshan", "pension", 100.0, "one district only")])
    assert "none is compared" in narrative.read_spending(spend, "baoshan")
    assert narrative.read_spending(spend, "yangpu").startswith("The report states no")


def test_read_outputs_counts_sides_and_names_the_lowest_ratio() -> None:
    out = pd.DataFrame(
        {
            "district": ["yangpu"] * 4,
            "name_en": ["beds", "jobs", "lifts", "schools"],
            "result": [400.0, 30000.0, 100.0, float("nan")],
            "target": [200.0, 30000.0, float("nan"), 3.0],
        }
    )
    out["target_vs_result"] = out["target"] / out["result"]
    text = narrative.read_outputs(out, "yangpu")
    assert text.startswith(
        "4 social-service outputs are stated; 2 have both a 2023 result and a 2024 target, "
        "and 1 of those targets are below the 2023 result; "
        "1 have a result only and 1 a target only."
    )
    assert text.endswith("The lowest ratio is beds: 200 planned after 400 (0.50×).")


def test_read_consistency_on_the_reports() -> None:
    import analysis
    from analysis import targets

    cons = targets.consistency_checks(analysis.load_indicators())
    baoshan = narrative.read_consistency(cons, "baoshan")
    assert (
        "- Baoshan Total sales of commodities: 10,399.81 × (1 + 7%) = 11,127.8, stated 10,658.54 "
        "(gap -469.26 亿元, -4.22%; the stated level implies 2.49% growth): **inconsistent**"
    ) in baoshan
    assert "stated 1,057.4 (gap -3.10 亿元, -0.29%" in baoshan
    yangpu = narrative.read_consistency(cons, "yangpu")
    assert yangpu.startswith("This district's report states no 2024 level beside a growth target")


def test_read_escalation_prints_qualifiers_as_the_report_does() -> None:
    esc = pd.DataFrame(
        [
            {
                "district": "baoshan",
                "name_en": "GDP growth",
                "target": 5.0,
                "qualifier": "左右;与全市保持同步",
                "city_target": 5.0,
                "city_qualifier": "左右",
                "gap_pp": 0.0,
            }
        ]
    )
    assert narrative.read_escalation(esc, "baoshan") == (
        "Against Shanghai's 2024 targets: GDP growth 5% 左右，与全市保持同步 against the city's "
        "5% 左右 (+0.0 pp)."
    )
