"""Social spending and social-service outputs: per resident, per beneficiary, results vs targets."""

from __future__ import annotations

import pandas as pd

from analysis.analyses.targets import results_year_of
from analysis.load.comparability import REFUSALS, pair_refusal, rule
from analysis.load.vocabulary import LABELLED

#: Programmes whose spending and beneficiaries the reports state: (amount key, recipients key).
#: Recipients may be persons, households or person-times; `recipient_unit` says which.
PROGRAMMES: dict[str, tuple[str, str | None]] = {
    "social_assistance": ("social_assistance_amount", "social_assistance_recipients"),
    "comprehensive_support": ("comprehensive_support_amount", "comprehensive_support_persons"),
    "medical_aid": ("medical_aid_amount", "medical_aid_recipients"),
    # the report counts only households newly granted, not all those paid: no per-recipient figure
    "rent_subsidy": ("rent_subsidy_amount", None),
    "elderly_home_care": ("elderly_home_care_subsidy", "elderly_home_care_recipients"),
    "elderly_allowance": ("elderly_allowance_amount", None),
    "orphan_allowance": ("orphan_allowance_amount", "orphan_allowance_recipients"),
    "vulnerable_children_allowance": (
        "vulnerable_children_allowance_amount",
        "vulnerable_children_allowance_recipients",
    ),
    "resident_pension": ("resident_pension_paid", None),
    "land_requisition_pension": ("land_requisition_pension_paid", None),
}

SERVICE_CATEGORIES = (
    "elderly_care",
    "employment",
    "housing",
    "education",
    "health",
    "child_welfare",
)


#: What a standard beneficiary unit counts, as `per_unit` names it.
PER_UNIT = {"persons": "person", "households": "household", "person-times": "person-time"}

def population(ref: pd.DataFrame) -> pd.Series:
    """Census resident population by district key (the profile shows it; no programme is
    divided by it unless comparability.csv names it as the programme's eligible base)."""
    pop = ref[ref["indicator"] == "resident_population"]
    return pop.set_index(pop["scope"].astype("string"))["value"]


def _base(ref: pd.DataFrame, indicator: str | None, district: str) -> pd.Series | None:
    if not indicator:
        return None
    hit = ref[(ref["indicator"] == indicator) & (ref["scope"].astype("string") == district)]
    return hit.sort_values("year").iloc[-1] if len(hit) else None


#: The columns of `spending`, so a year with no programme still gives a table with them.
SPENDING_COLUMNS = (
    "district",
    "district_short",
    "district_zh",
    "programme",
    "indicator",
    "name_en",
    "name_zh",
    "label_zh",
    "amount",
    "amount_unit",
    "amount_yuan",
    "scope",
    "part_of",
    "part_of_en",
    "part_of_zh",
    "beneficiaries",
    "per_unit",
    "beneficiaries_label_zh",
    "yuan_per_beneficiary",
    "base_indicator",
    "base_value",
    "base_citation",
    "per_capita",
    "base_missing",
    "base_missing_zh",
    "amount_id",
    "beneficiaries_id",
    "reported_by",
    "compared",
)


def spending(
    ind: pd.DataFrame, ref: pd.DataFrame, comp: pd.DataFrame, year: int | None = None
) -> pd.DataFrame:
    """Each programme's spending per district, per beneficiary and per capita on its base.

    Per beneficiary: the amount over the stated count, with `per_unit` saying what was counted
    (person, household, person-time). Per capita: only over the eligible population that
    comparability.csv names (`base_indicator`) and reference.csv cites; otherwise left empty and
    `base_missing` says which base is missing. Never over every census resident by default.
    A programme that may be part of another is marked `part_of` and never added to it.
    """
    year = results_year_of(ind) if year is None else year
    if "value_std" not in ind:
        raise ValueError("pass load_indicators(standard=True): spending needs standard values")
    keep = ["district", "district_short", "district_zh", "indicator", "name_en", "name_zh",
            "label_zh", "kind", "year", "value", "unit", "value_std", "unit_std", "id"]  # fmt: skip
    res = ind[ind["kind"].isin(["actual", "estimate"]) & (ind["year"] == year)]
    res = res[[c for c in keep if c in res]]  # a narrow frame: each filter below copies less
    names = dict(zip(ind["indicator"].astype("string"), ind["name_en"], strict=True))
    names_zh = dict(zip(ind["indicator"].astype("string"), ind["name_zh"], strict=True))
    rows = []
    for programme, (amount_key, recip_key) in PROGRAMMES.items():
        for district, amt in res[res["indicator"] == amount_key].groupby("district", observed=True):
            a, district = amt.iloc[0], str(district)
            rec = res[(res["indicator"] == recip_key) & (res["district"] == district)]
            r = rec.iloc[0] if len(rec) else None
            ra = rule(comp, amount_key, district, str(a["kind"]))
            rr = rule(comp, recip_key, district, str(r["kind"])) if r is not None else {}
            unit = rr.get("count_unit") or (
                PER_UNIT.get(str(r["unit_std"])) if r is not None else None
            )
            base = _base(ref, ra.get("base_indicator"), district)
            rows.append(
                {
                    "district": district,
                    "district_short": a["district_short"],
                    "district_zh": a["district_zh"],
                    "programme": programme,
                    "indicator": amount_key,
                    "name_en": a["name_en"],
                    "name_zh": a["name_zh"],
                    "label_zh": a["label_zh"],
                    "amount": a["value"],
                    "amount_unit": a["unit"],
                    "amount_yuan": a["value_std"],
                    "scope": ra.get("scope"),
                    "part_of": ra.get("part_of"),
                    "part_of_en": names.get(ra.get("part_of")) if ra.get("part_of") else None,
                    "part_of_zh": names_zh.get(ra.get("part_of")) if ra.get("part_of") else None,
                    "beneficiaries": r["value_std"] if r is not None else float("nan"),
                    "per_unit": unit if r is not None else None,
                    "beneficiaries_label_zh": r["label_zh"] if r is not None else pd.NA,
                    "yuan_per_beneficiary": (a["value_std"] / r["value_std"])
                    if r is not None and unit
                    else float("nan"),
                    "base_indicator": ra.get("base_indicator") if base is not None else None,
                    "base_value": float(base["value"]) if base is not None else float("nan"),
                    "base_citation": str(base["citation"]) if base is not None else None,
                    "per_capita": a["value_std"] / float(base["value"])
                    if base is not None
                    else float("nan"),
                    "base_missing": None if base is not None else ra.get("eligible_base"),
                    "base_missing_zh": None if base is not None else ra.get("eligible_base_zh"),
                    "amount_id": a["id"],
                    "beneficiaries_id": r["id"] if r is not None else pd.NA,
                    # set below, across districts
                    "reported_by": None,
                    "compared": None,
                }
            )
    out = pd.DataFrame(rows, columns=list(SPENDING_COLUMNS))
    if out.empty:
        return out
    for col in (
        "per_unit",
        "part_of",
        "part_of_en",
        "part_of_zh",
        "scope",
        "base_indicator",
        "base_citation",
        "base_missing",
        "base_missing_zh",
    ):
        out[col] = out[col].astype("string")
    both = out.groupby("programme")["district"].transform("nunique")
    out["reported_by"] = ["both" if n > 1 else "one district only" for n in both]
    out["compared"] = [_peer_verdict(out, i) for i in out.index]
    return out.sort_values(["programme", "district"]).reset_index(drop=True)


def _peer_verdict(out: pd.DataFrame, i: int) -> str:
    """Whether this row's per-beneficiary figure may be set beside another district's."""
    r = out.loc[i]
    peers = out[(out["programme"] == r["programme"]) & (out["district"] != r["district"])]
    if peers.empty:
        return "no other district reports it"
    p = peers.iloc[0]
    if pd.isna(r["scope"]) or pd.isna(p["scope"]) or r["scope"] != p["scope"]:
        return f"refused: scope differs ({r['scope']} vs {p['scope']})"
    if pd.isna(r["per_unit"]) or pd.isna(p["per_unit"]) or r["per_unit"] != p["per_unit"]:
        return f"refused: counts differ ({r['per_unit']} vs {p['per_unit']})"
    return (
        f"per {r['per_unit']} only (no per-capita base)"
        if pd.isna(r["per_capita"])
        else "per beneficiary and per capita"
    )


def additive(spend: pd.DataFrame) -> pd.DataFrame:
    """Programmes that may be summed: those the data does not mark as part of another."""
    return spend[spend["part_of"].isna()]


def service_outputs(
    ind: pd.DataFrame, comp: pd.DataFrame, result_year: int | None = None
) -> pd.DataFrame:
    """Social-service outputs: the result year's figure beside the plan year's target.

    Counts only (beds, jobs, dwellings, lifts, schools…); a side the report does not state
    stays missing. `target_vs_result` is computed only for an annual flow against an annual
    target of the same scope (comparability.csv); otherwise `comparison` says why not.
    """
    result_year = results_year_of(ind) if result_year is None else result_year
    sub = ind[ind["category"].isin(SERVICE_CATEGORIES) & ind["measure"].isin(["count", "level"])]
    sub = sub[sub["unit"].astype("string") != "亿元"]
    sub = sub[sub["unit"].astype("string") != "万元"]
    keys = [
        *LABELLED,
        "category",
    ]
    res = sub[sub["kind"].isin(["actual", "estimate"]) & (sub["year"] == result_year)]
    tgt = sub[(sub["kind"] == "target") & (sub["year"] == result_year + 1)]

    def first(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
        frame = frame.sort_values("id").drop_duplicates(["district", "indicator"])
        return frame[[*keys, "value_std", "unit_std", "qualifier", "id"]].rename(
            columns={
                "value_std": prefix,
                "unit_std": f"{prefix}_unit",
                "qualifier": f"{prefix}_qualifier",
                "id": f"{prefix}_id",
            }
        )

    out = first(res, "result").merge(first(tgt, "target"), on=keys, how="outer")
    verdicts = [
        _output_verdict(comp, r)
        for r in out[["indicator", "district", "result", "target"]].to_dict("records")
    ]
    out["result_period"] = pd.array([v[0] for v in verdicts], dtype="string")
    out["target_period"] = pd.array([v[1] for v in verdicts], dtype="string")
    out["comparison"] = pd.array([v[2] for v in verdicts], dtype="string")
    ratio = out["target"] / out["result"]
    out["target_vs_result"] = ratio.where(out["comparison"] == "annual against annual")
    for col in ("district", "category"):
        out[col] = out[col].astype("string")
    return out.sort_values(["category", "indicator", "district"]).reset_index(drop=True)


def _output_verdict(comp: pd.DataFrame, r: dict) -> tuple[str | None, str | None, str]:
    """(result period, target period, verdict) for one output's result and target."""
    ind, dist = str(r["indicator"]), str(r["district"])
    res = rule(comp, ind, dist, "actual") if pd.notna(r["result"]) else {}
    tgt = rule(comp, ind, dist, "target") if pd.notna(r["target"]) else {}
    rp, tp = res.get("period"), tgt.get("period")
    if pd.isna(r["result"]) or pd.isna(r["target"]):
        return rp, tp, "one side only"
    if rp is None or tp is None:
        return rp, tp, "not compared: period not recorded in comparability.csv"
    refused = pair_refusal(comp, ind, dist, "actual", "target")  # the one judgement of a pair
    if refused == "stock_vs_flow":
        return rp, tp, "running total against an annual target: no ratio"
    if refused == "scope_differs":
        return rp, tp, f"scope differs ({res.get('scope')} vs {tgt.get('scope')}): no ratio"
    if refused:
        return rp, tp, f"{REFUSALS[refused]}: no ratio"
    if rp != "flow" or tp != "flow":
        return rp, tp, "not annual against annual: no ratio"
    return rp, tp, "annual against annual"


