"""comparability.csv as a frame, and the rule that applies to one figure.

Every table, chart and sentence that sets two figures side by side asks `rule` of the same
frame, so a pair refused in one place is refused everywhere.
"""

from __future__ import annotations

import pandas as pd

from analysis.contract.package import PathLike, package

COMP_COLUMNS = (
    "indicator",
    "district",
    "kind",
    "scope",
    "period",
    "count_unit",
    "part_of",
    "variant_of",
    "base_indicator",
    "eligible_base",
    "eligible_base_zh",
    "note",
)


def comparability(data_dir: PathLike = None) -> pd.DataFrame:
    """data/comparability.csv, validated with the package (one rule per indicator, district and
    kind: `contract.domain.check_comparability`): what each indicator counts."""
    rows = package(data_dir).tables.get("comparability", [])
    frame = pd.DataFrame.from_records(rows, columns=[*COMP_COLUMNS, "_line"])
    return frame[list(COMP_COLUMNS)].astype("string")


def parts(data_dir: PathLike = None) -> pd.DataFrame:
    """parts.csv as a frame: a subject stated as the sum of others (empty, with its columns,
    when the package has none); `analyses.parts.with_part_sums` applies it."""
    rows = package(data_dir).tables.get("parts", [])
    cols = ["district", "indicator", "subject", "parts", "note"]
    return pd.DataFrame.from_records(rows, columns=cols).astype("string")


#: The rows of the comparability frames last asked about, by indicator: a notebook asks once per
#: figure (130 times in notebook 04), and filtering the frame each time cost a millisecond a call.
_BY_INDICATOR: dict[int, tuple[pd.DataFrame, dict[str, list[dict]]]] = {}


def _by_indicator(comp: pd.DataFrame) -> dict[str, list[dict]]:
    """`comp`'s rows as dicts (missing values None), grouped by indicator; made once per frame
    (the frame is read as loaded, never changed in place)."""
    hit = _BY_INDICATOR.get(id(comp))
    if hit is not None and hit[0] is comp:
        return hit[1]
    index: dict[str, list[dict]] = {}
    for row in comp.to_dict("records"):
        clean = {c: (None if pd.isna(v) else str(v)) for c, v in row.items()}
        index.setdefault(str(clean["indicator"]), []).append(clean)
    if len(_BY_INDICATOR) >= 8:
        _BY_INDICATOR.clear()
    _BY_INDICATOR[id(comp)] = (comp, index)
    return index


def rule(comp: pd.DataFrame, indicator: str, district: str, kind: str | None = None) -> dict:
    """The comparability row for a figure: the most specific of indicator, district and kind.

    An empty district or kind matches every one; an indicator with no row gives {}.
    """
    best, score = {}, -1
    for r in _by_indicator(comp).get(indicator, []):
        d, k = r["district"], r["kind"]
        if (d is not None and d != district) or (k is not None and k != kind):
            continue
        s = int(d is not None) * 2 + int(k is not None)
        if s > score:
            best, score = dict(r), s
    return best


#: Why two figures of one indicator and district are not set against each other, by code.
REFUSALS = {
    "stock_vs_flow": "running total against an annual figure",
    "scope_differs": "scope differs",
    "count_differs": "counts differ (person, household or person-time)",
}


def pair_refusal(
    comp: pd.DataFrame, indicator: str, district: str, kind_a: str, kind_b: str
) -> str | None:
    """The one judgement of whether a figure of `kind_a` may be set against one of `kind_b` of
    the same indicator and district (a target against its result): a key of `REFUSALS`, or None.

    Every table that sets a target beside its result asks this (the master target table's
    direction and counts, the service outputs' comparison), so a pair refused in one is refused
    in all. Only what comparability.csv records refuses: an indicator with no rule compares.
    """
    a = rule(comp, indicator, district, kind_a)
    b = rule(comp, indicator, district, kind_b)
    pa, pb = a.get("period"), b.get("period")
    if pa and pb and pa != pb:
        return "stock_vs_flow"
    if a.get("scope") and b.get("scope") and a["scope"] != b["scope"]:
        return "scope_differs"
    if a.get("count_unit") and b.get("count_unit") and a["count_unit"] != b["count_unit"]:
        return "count_differs"
    return None
