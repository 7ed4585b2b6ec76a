"""The sentences under the charts are computed from the data, so they must say what it says."""

from __future__ import annotations

import pandas as pd

from analysis import narrative


def _spend(rows: list[tuple[str, str, float, str | None, str]]) -> pd.DataFrame:
    """Hand-made spending rows: district, programme, yuan, part_of, cross-district verdict."""
    return pd.DataFrame(
        [
            {
                "district": d,
                "district_short": d.title(),
                "programme": p,
                "name_en": p.replace("_", " "),
                "label_zh": "医疗救助",
                "amount": v / 1e4,
                "amount_unit": "万元",
                "amount_yuan": v,
                "part_of": part,
                "per_capita": float("nan"),
                "per_unit": "person-time",
                "yuan_per_beneficiary": v / 100,
                "compared": verdict,
            }
            for d, p, v, part, verdict in rows
        ]
    )


def test_read_spending_names_the_largest_not_nested_and_the_comparable() -> None:
    spend = _spend(
        [
            ("yangpu", "medical_aid", 5e7, "social_assistance_amount", "no other district"),
            ("yangpu", "assistance", 3e7, None, "per person-time only (no per-capita base)"),
            ("baoshan", "assistance", 2e7, None, "per person-time only (no per-capita base)"),
        ]
    )
    text = narrative.read_spending(spend, "yangpu")
    # the nested programme is larger but is not "the largest": it may be inside another
    assert text.startswith("Yangpu reports spending for 2 programme(s); the largest is assistance")
    assert "3000 万元" in text
    assert "medical aid may be part of another programme and are not added to it" in text
    assert "no per-capita figure is given" in text
    assert "assistance compares with Baoshan per person-time only: 300,000 against 200,000" in text


def test_read_spending_says_when_nothing_is_comparable_or_reported() -> None:
    spend = _spend([("baoshan", "pension", 100.0, None, "no other district reports it")])
    assert "is compared with another district" in narrative.read_spending(spend, "baoshan")
    assert narrative.read_spending(spend, "yangpu").startswith("The report states no")


def test_read_outputs_counts_only_annual_ratios_and_the_refused() -> None:
    out = pd.DataFrame(
        {
            "district": ["yangpu"] * 5,
            "name_en": ["beds", "jobs", "lifts", "schools", "housing"],
            "result": [400.0, 30000.0, 100.0, float("nan"), 2823.0],
            "target": [200.0, 30000.0, float("nan"), 3.0, 500.0],
        }
    )
    out["target_vs_result"] = out["target"] / out["result"]
    out.loc[4, "target_vs_result"] = float("nan")  # a running total: no ratio
    text = narrative.read_outputs(out, "yangpu")
    assert text.startswith(
        "5 social-service outputs are stated; 3 have both a result and a target, of which 2 set "
        "an annual target against an annual result (1 of those targets are below the result) "
        "and 1 are not compared as a ratio."
    )
    assert text.endswith(
        "The lowest ratio of annual to annual is beds: 200 planned after 400 (0.50×)."
    )
    assert "housing" not in text


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
