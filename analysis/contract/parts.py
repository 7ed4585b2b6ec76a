"""Figures stated as the sum of others (parts.csv): a rule that must name real subjects.

A target for 国家（市级） is set against the results for 国家级 and 市级 added up. A rule naming a
subject no row has would never apply, and a table would fall back to no comparison in silence.
"""

from __future__ import annotations

from analysis.contract.model import Validation, needs


@needs("indicators", what="parts and their sums")
def check_parts(v: Validation) -> None:
    """Every parts row: a whole that some target of the district and indicator names as its
    subject, and at least two parts, each a subject of one of its figures (else the sum could
    never be made, and the rule would stand unused)."""
    where, out = v.where("parts"), v.out
    subjects: dict[tuple[str, str], dict[str, set[str]]] = {}
    for r in v.pkg.tables.get("indicators", []):
        kinds = subjects.setdefault((str(r.get("district")), str(r.get("indicator"))), {})
        kinds.setdefault(str(r.get("kind")), set()).add(str(r.get("subject") or ""))
    for row in v.pkg.tables.get("parts", []):
        line = row["_line"]
        kinds = subjects.get((str(row.get("district")), str(row.get("indicator"))), {})
        whole, parts = str(row.get("subject")), [p for p in str(row.get("parts")).split(";") if p]
        if whole not in kinds.get("target", set()):
            msg = f"no target of {row['district']} {row['indicator']} has the subject {whole!r}"
            out.add(where, line, "subject", msg, code="parts-unused")
        named = set().union(*(s for k, s in kinds.items() if k != "target")) if kinds else set()
        missing = [p for p in parts if p not in named]
        if len(parts) < 2 or whole in parts:
            msg = f"parts {row.get('parts')!r}: at least two subjects, other than the whole"
            out.add(where, line, "parts", msg, code="parts-too-few")
        elif missing:
            msg = f"no result of {row['district']} {row['indicator']} has the subject "
            msg += repr(missing[0])
            out.add(where, line, "parts", msg, code="parts-unused")
