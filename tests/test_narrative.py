"""The sentences under the charts are computed from the data, so they must say what it says."""

from __future__ import annotations

import pandas as pd

from analysis.presentation import narrative
from tests.conftest import results_year


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
    from analysis.analyses import targets

    # the 2024 reports' year, whatever later reports the data holds
    cons = targets.consistency_checks(analysis.load_indicators(), results_year("baoshan-2024"))
    baoshan = narrative.read_consistency(cons, "baoshan")
    assert (
        "- Baoshan Total sales of commodities: 10,658.54 ÷ (1 + 7%) = 9,961.25 亿元, against the "
        "printed base 10,399.81 (-4.22%); the two printed levels imply 2.49% growth: the two "
        "printed figures disagree beyond rounding. Candidate explanations: the target level may "
        "have been computed on a preliminary base"
    ) in baoshan
    assert "1,057.4 ÷ (1 + 7%) = 988.22 亿元" in baoshan
    assert "inconsistent" not in baoshan and "error" not in baoshan
    yangpu = narrative.read_consistency(cons, "yangpu")
    assert yangpu.startswith("This district's report states no plan-year level beside a growth")


def _target(district: str, indicator: str, **kw) -> dict:
    row = {
        "district": district,
        "district_short": district.title(),
        "indicator": indicator,
        "name_en": indicator.replace("_", " "),
        "unit": "%",
        "target_year": 2024,
        "result_year": 2023,
        "result_value": None,
        "target_value": 5.0,
        "target_wording": "5%",
        "change": None,
        "change_pct": None,
        "direction": "n/a",
        "bound_vs_result": "n/a",
        "assignment": "own",
        "has_number": True,
    }
    row.update(kw)
    return row


def test_read_targets_counts_directions_and_names_steps_down_pegs_and_tight_bounds() -> None:
    master = pd.DataFrame(
        [
            _target("baoshan", "foreign_capital", unit="亿美元", result_value=5.63,
                    target_value=4.0, target_wording="4亿美元", change=-1.63,
                    change_pct=-28.95, direction="below"),
            _target("baoshan", "gdp_growth", result_value=1.7, change=3.3, direction="above",
                    target_wording="5% 左右，与全市保持同步", assignment="pegged"),
            _target("baoshan", "patents_growth", result_value=15.0, target_value=15.0,
                    change=0.0, direction="equal", target_wording="15% 以上",
                    bound_vs_result="tighter"),
            _target("baoshan", "aqi", target_value=None, target_wording="完成市下达指标",
                    has_number=False, assignment="city_assigned"),
            _target("yangpu", "gdp_growth"),
        ]
    )  # fmt: skip
    text = narrative.read_targets(master, "baoshan")
    assert text.startswith(
        "Baoshan states 4 targets for 2024; of the 3 set against a 2023 result in the same "
        "report, 1 are below it, 1 at it and 1 above it. 3 have a number and 1 are stated in "
        "words."
    )
    assert "The largest steps down: foreign capital 5.63 → 4 亿美元." in text
    assert "tighter bound than the result: patents growth (15% 以上)" in text
    assert "1 target(s) are pegged to another rate and 1 are assigned by the city" in text
    assert "gdp growth (5% 左右，与全市保持同步)" in text
    assert narrative.read_targets(master, "nowhere").startswith("The report states no target")


def test_read_escalation_scores_number_and_bound() -> None:
    esc = pd.DataFrame(
        [
            {"district": "yangpu", "name_en": "GDP growth", "target_wording": "5% 以上",
             "city_target_value": 5.0, "city_unit": "%", "city_qualifier": "左右;预期性",
             "escalation": 0.0, "escalation_unit": "pp", "bound_escalation": "tighter"},
            {"district": "yangpu", "name_en": "Unemployed", "target_wording": "控制在市下达目标内",
             "city_target_value": 5.0, "city_unit": "%", "city_qualifier": "以内",
             "escalation": None, "escalation_unit": "", "bound_escalation": "same"},
        ]
    )  # fmt: skip
    assert narrative.read_escalation(esc, "yangpu") == (
        "Against Shanghai's targets (2 with a counterpart, 1 with a tighter bound): GDP growth "
        "5% 以上 against the city's 5% 左右，预期性: +0.0 pp, bound tighter; Unemployed "
        "控制在市下达目标内 against the city's 5% 以内: numbers not compared, bound same."
    )
    assert narrative.read_escalation(esc, "baoshan").startswith("No target of this district")


def test_read_results_vs_city() -> None:
    rvc = pd.DataFrame(
        [
            {"district": "baoshan", "name_en": "GDP growth", "year": 2023, "result": 1.7,
             "city_result": 5.0, "gap_city": -3.3, "unit": "%"},
            {"district": "baoshan", "name_en": "Income growth", "year": 2023, "result": 7.0,
             "city_result": 6.6, "gap_city": 0.4, "unit": "%"},
        ]
    )  # fmt: skip
    assert narrative.read_results_vs_city(rvc, "baoshan") == (
        "In 2023, 1 of 2 comparable results were below Shanghai's: GDP growth 1.7 against 5 "
        "(-3.30 pp); Income growth 7 against 6.6 (+0.40 pp)."
    )


def test_closing_note_gives_counts_per_district() -> None:
    summary = pd.DataFrame(
        [
            {"district_short": "Yangpu", "targets": 28, "in_words": 0, "compared_with_result": 20,
             "below": 12, "equal": 5, "above": 3, "pegged": 0, "city_assigned": 0,
             "with_city_target": 2, "tighter": 2, "same_bound": 0, "looser": 0},
        ]
    )  # fmt: skip
    assert narrative.closing_note(summary) == (
        "- *Yangpu*: of 28 targets (0 in words), 20 can be set against a result in the same "
        "report: 12 below it, 5 at it, 3 above it. 0 pegged and 0 assigned by the city. Of 2 "
        "with a Shanghai counterpart, 2 tighten the city's bound, 0 keep it and 0 loosen it."
    )


def test_read_fulfilment_counts_each_status_per_scope_and_year() -> None:
    ful = pd.DataFrame(
        {
            "district": ["shanghai"] * 4 + ["yangpu"] * 2,
            "district_short": ["Shanghai"] * 4 + ["Yangpu"] * 2,
            "district_zh": ["上海市"] * 4 + ["杨浦区"] * 2,
            "year": [2024, 2024, 2024, 2024, 2025, 2025],
            "status": ["met", "missed", "exceeded", "pending", "pending", "pending"],
        }
    )
    assert narrative.read_fulfilment(ful, "en").splitlines() == [
        "- Shanghai, targets for 2024: 3 with a result, of which 1 met, 1 missed and 1 exceeded; "
        "1 pending (no result yet).",
        "- Yangpu, targets for 2025: none has a result yet; 2 pending.",
    ]
    zh = narrative.read_fulfilment(ful, "zh").splitlines()
    assert zh[1] == "- 杨浦区2025年目标：尚无结果，2项待评。"
    assert "no target to judge" in narrative.read_fulfilment(ful.iloc[:0], "en")
