"""The targets as one panel: every district's report and the city, every year in the data.

What an economist loads first: one row per target, with the last result it was set against, its
four qualifier codes, the comparison with that result (or why there is none), the city's
counterpart, and the outcome (the result for the target's own year, judged by its bound, or
pending). The notebooks show one report at a time; this table holds them all, so that a
regression of targets on last results needs no pairing by hand. Names in both languages.
"""

from __future__ import annotations

import pandas as pd

from analysis.analyses import fulfilment, targets
from analysis.contract.package import PathLike
from analysis.load.context import load_context
from analysis.load.frames import CODES, load_reference, sources
from analysis.load.vocabulary import printed_words

#: The city's key in the `jurisdiction` column: Shanghai's targets come from reference.csv.
CITY = "shanghai"
CITY_NAMES = ("上海市", "Shanghai")

#: The panel's columns: (name, Table Schema type, description, enum or None). The descriptions
#: are the Stata variable labels and the README sheet's lines.
FIELDS: list[tuple[str, str, str, list[str] | None]] = [
    ("jurisdiction", "string", "District key, or shanghai for the city", None),
    ("jurisdiction_zh", "string", "Jurisdiction, in Chinese", None),
    ("jurisdiction_en", "string", "Jurisdiction, in English", None),
    ("plan_year", "integer", "Plan year of the report that sets the target", None),
    ("indicator", "string", "Indicator key in the catalogue", None),
    ("name_zh", "string", "Indicator, in Chinese", None),
    ("name_en", "string", "Indicator, in English", None),
    ("unit", "string", "Unit of the target as printed", None),
    ("target_value", "number", "Target, the number as printed (empty: stated in words)", None),
    ("target_wording", "string", "Target as printed", None),
    ("bound", "string", "Bound coded from the printed words", CODES["bound"]),
    ("commitment", "string", "Commitment coded from the printed words", CODES["commitment"]),
    ("assignment", "string", "Who sets the target, coded", CODES["assignment"]),
    ("attribute", "string", "Indicative or binding, where a source states it", CODES["attribute"]),
    ("result_year", "integer", "Year of the last result the target is set against", None),
    ("result_value", "number", "Last result, as printed", None),
    ("result_kind", "string", "Last result: actual, or estimate (预计)", ["actual", "estimate"]),
    ("change", "number", "Target minus last result, in the target's unit", None),
    ("direction", "string", "Target against last result", list(targets.DIRECTIONS)),
    ("not_compared", "string", "Why target and last result are not compared", None),
    ("city_target_value", "number", "Shanghai's target for the same indicator and year", None),
    ("escalation", "number", "District target minus Shanghai's, where the two compare", None),
    ("bound_escalation", "string", "District bound against Shanghai's",
     list(targets.BOUND_ESCALATIONS)),
    ("outcome", "string", "Result for the target's own year, as printed", None),
    ("status", "string", "Target judged by its bound against that result",
     list(fulfilment.STATUSES)),
    ("margin", "number", "That result minus the target", None),
    ("target_id", "string", "Row id of the target (indicators.csv or reference.csv)", None),
    ("result_id", "string", "Row id of the last result", None),
    ("outcome_id", "string", "Row id of the result for the target's year", None),
]  # fmt: skip
COLUMNS = [name for name, *_ in FIELDS]


def _outcomes(judged: pd.DataFrame) -> pd.DataFrame:
    return judged[["target_id", "result", "status", "margin", "result_id"]].rename(
        columns={"result": "outcome", "result_id": "outcome_id"}
    )


def _wording(t: pd.Series) -> str:
    """A city target as printed: its words, or its number, unit and qualifiers."""
    words = printed_words(t.get("qualifier"))
    if pd.isna(t.get("value")):
        return words
    number = f"{float(t['value']):g}"
    return f"{number}{t['unit']}{' ' + words if words else ''}"


def _city_rows(ref: pd.DataFrame, judged: pd.DataFrame) -> pd.DataFrame:
    """Shanghai's targets, each with its last result from reference.csv and its outcome."""
    mine = judged[judged["district"] == CITY]
    if mine.empty:
        return pd.DataFrame(columns=COLUMNS)
    codes = ref.set_index("id")
    actual = ref[(ref["scope"] == CITY) & (ref["kind"] == "actual")]
    last = actual.sort_values("id").drop_duplicates(["indicator", "year"], keep="last")
    last = last.set_index(["indicator", "year"])
    rows = []
    for r in mine.itertuples(index=False):
        t = codes.loc[r.target_id]
        before = (t["indicator"], int(r.year) - 1)
        res = last.loc[before] if before in last.index else None
        rows.append(
            {
                "jurisdiction": CITY,
                "jurisdiction_zh": CITY_NAMES[0],
                "jurisdiction_en": CITY_NAMES[1],
                "plan_year": int(r.year),
                "indicator": t["indicator"],
                "name_zh": r.name_zh,
                "name_en": r.name_en,
                "unit": t["unit"],
                "target_value": t["value"],
                "target_wording": _wording(t),
                "bound": t.get("bound"),
                "commitment": t.get("commitment"),
                "assignment": t.get("assignment"),
                "attribute": t.get("attribute"),
                "result_year": before[1] if res is not None else pd.NA,
                "result_value": res["value"] if res is not None else pd.NA,
                "result_kind": "actual" if res is not None else pd.NA,
                "result_id": res["id"] if res is not None else pd.NA,
                "target_id": r.target_id,
            }
        )
    out = pd.DataFrame(rows)
    numbers = pd.to_numeric(out["target_value"], errors="coerce")
    change = numbers - pd.to_numeric(out["result_value"], errors="coerce")
    out["change"] = change.round(4)
    out["direction"] = [targets.direction(c) if pd.notna(c) else "n/a" for c in change]
    return out


def targets_panel(data_dir: PathLike = None) -> pd.DataFrame:
    """Every report's targets (its master table) and Shanghai's, one row each, with the outcome
    of each target where a later report or reference figure gives it."""
    src = sources(data_dir)
    parts = []
    ctx = None
    for report in src.sort_values(["district", "plan_year"]).itertuples(index=False):
        ctx = load_context(report.district, "en", data_dir, report.plan_year)
        master = targets.master_table(ctx.ind, ctx.ref, ctx.src, ctx.comp, ctx.parts)
        mine = master[master["district"] == report.district].copy()
        names = ctx.ind[ctx.ind["district"] == report.district].iloc[0]
        mine["jurisdiction"] = report.district
        mine["jurisdiction_zh"] = names["district_zh"]
        mine["jurisdiction_en"] = names["district_short"]
        mine["plan_year"] = int(report.plan_year)
        parts.append(mine)
    if ctx is None:
        return pd.DataFrame(columns=COLUMNS)
    ref = load_reference(data_dir)
    judged = fulfilment.fulfilment(ctx.panel, ref, pending=True, comp=ctx.comp, parts=ctx.parts)
    frames = [p for p in (*parts, _city_rows(ref, judged)) if len(p)]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    out = out.drop(columns=[c for c in ("outcome", "status", "margin", "outcome_id") if c in out])
    out = out.merge(_outcomes(judged), on="target_id", how="left")
    for col in COLUMNS:
        if col not in out:
            out[col] = pd.NA
    # no last result: no kind of result (the master table says n/a)
    out["result_kind"] = out["result_kind"].where(out["result_kind"].isin(["actual", "estimate"]))
    out = out[COLUMNS].sort_values(["jurisdiction", "plan_year", "indicator", "target_id"])
    return out.reset_index(drop=True)
