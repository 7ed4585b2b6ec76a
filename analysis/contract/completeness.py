"""Completeness: every district has a report and every report has rows.

A district row without a source, or a source without a single indicator row, passes every
Table Schema check but leaves the notebooks nothing to show (they would stop on a pandas
error). `validate` refuses both, saying what to add. While a report is being curated
(add-report, then draft, then accept) the commands that help curate it validate with
`complete=False`, so the package can be read before its rows exist.
"""

from __future__ import annotations

from analysis.base.errors import Problem
from analysis.base.paths import display_path
from analysis.contract.model import Package, Validation
from analysis.contract.schema import DESCRIPTOR, Resource

_TABLES = ("districts", "sources", "indicators")


def problems(pkg: Package, resources: dict[str, Resource]) -> list[Problem]:
    """A district with no source, a source with no indicator rows: each with what to add."""
    out: list[Problem] = []
    sources = pkg.tables.get("sources", [])
    with_source = {r.get("district") for r in sources}
    with_rows = {r.get("source") for r in pkg.tables.get("indicators", [])}
    where = display_path(pkg.data_dir / resources["districts"].path)
    for row in pkg.tables.get("districts", []):
        d = row.get("district")
        if d is not None and d not in with_source:
            out.append(
                Problem(
                    where,
                    row["_line"],  # type: ignore[arg-type]
                    "district",
                    f"district {d!r} has no report in sources.csv: add one with "
                    f"`python -m analysis add-report FILE --source KEY --district {d} …`, "
                    "or delete this row",
                    "district-without-report",
                )
            )
    where = display_path(pkg.data_dir / resources["sources"].path)
    for row in sources:
        s = row.get("source")
        if s is not None and s not in with_rows:
            out.append(
                Problem(
                    where,
                    row["_line"],  # type: ignore[arg-type]
                    "source",
                    f"source {s!r} has no rows in indicators.csv: draft them with "
                    f"`python -m analysis draft {s} --output {s}-draft.csv`, review the file, "
                    f"then `python -m analysis accept {s}-draft.csv`",
                    "source-without-rows",
                )
            )
    return out


def check(v: Validation) -> None:
    """Add completeness problems, unless a curating command validates with complete=False."""
    if not v.complete:
        return
    pkg, resources, out = v.pkg, v.resources, v.out
    # only once the three tables read cleanly: a broken file is the problem to fix first
    files = {display_path(pkg.data_dir / resources[n].path) for n in _TABLES}
    files.add(display_path(pkg.data_dir / DESCRIPTOR))
    if any(p.file in files for p in out.problems):
        return
    out.problems.extend(problems(pkg, resources))
