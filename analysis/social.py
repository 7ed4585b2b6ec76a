"""Social spending and social-service outputs: per resident, per beneficiary, results vs targets."""

from __future__ import annotations

import pandas as pd

from analysis.labels import LABELLED

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


def population(ref: pd.DataFrame) -> pd.Series:
    """Census resident population by district key."""
    pop = ref[ref["indicator"] == "resident_population"]
    return pop.set_index(pop["scope"].astype("string"))["value"]


def spending(ind: pd.DataFrame, ref: pd.DataFrame, year: int = 2023) -> pd.DataFrame:
    """Each programme's spending and recipients per district: yuan per resident and per recipient.

    A programme reported by one district only appears once, for that district; nothing is
    filled with zero.
    """
    std = ind if "value_std" in ind else None
    if std is None:
        raise ValueError("pass load_indicators(standard=True): spending needs standard values")
    pop = population(ref)
    res = ind[ind["kind"].isin(["actual", "estimate"]) & (ind["year"] == year)]
    rows = []
    for programme, (amount_key, recip_key) in PROGRAMMES.items():
        for district, amt in res[res["indicator"] == amount_key].groupby("district", observed=True):
            a = amt.iloc[0]
            rec = res[(res["indicator"] == recip_key) & (res["district"] == district)]
            r = rec.iloc[0] if len(rec) else None
            residents = float(pop.get(str(district), float("nan")))
            rows.append(
                {
                    "district": str(district),
                    "district_short": a["district_short"],
                    "district_zh": a["district_zh"],
                    "programme": programme,
                    "name_en": a["name_en"],
                    "name_zh": a["name_zh"],
                    "label_zh": a["label_zh"],
                    "amount": a["value"],
                    "amount_unit": a["unit"],
                    "amount_yuan": a["value_std"],
                    "recipients": r["value_std"] if r is not None else float("nan"),
                    "recipient_unit": r["unit_std"] if r is not None else pd.NA,
                    "recipients_label_zh": r["label_zh"] if r is not None else pd.NA,
                    "yuan_per_resident": a["value_std"] / residents,
                    "yuan_per_recipient": (a["value_std"] / r["value_std"])
                    if r is not None
                    else float("nan"),
                    "amount_id": a["id"],
                    "recipients_id": r["id"] if r is not None else pd.NA,
                }
            )
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    both = out.groupby("programme")["district"].transform("nunique")
    out["reported_by"] = ["both" if n > 1 else "one district only" for n in both]
    return out.sort_values(["programme", "district"]).reset_index(drop=True)


def service_outputs(ind: pd.DataFrame, result_year: int = 2023) -> pd.DataFrame:
    """Social-service outputs: the result year's figure beside the plan year's target.

    Counts only (beds, jobs, dwellings, lifts, schools…); a side the report does not state
    stays missing.
    """
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
    out["target_vs_result"] = out["target"] / out["result"]
    for col in ("district", "category"):
        out[col] = out[col].astype("string")
    return out.sort_values(["category", "indicator", "district"]).reset_index(drop=True)
