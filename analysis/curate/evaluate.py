"""Leave one district out: how much of a curated report would the drafting assistant get right?

For each district: copy the data package to a temporary folder, delete the district's rows from
indicators.csv (its projects, the catalogue and the other district's rows stay), draft each of
its reports, and compare with the curated rows it left out. A curated figure is **found** when a
draft row stands at the same printed number (the occurrence its quote names in the seed) with
the same value as printed; its quote then holds that number and passes the provenance check.
Among the found figures, the share with the right year and kind, unit, qualifier and indicator
key. Draft rows that match no curated figure (a second printing of a fact the data keeps once,
in `also_quote`) are counted too: a reviewer deletes them.

The catalogue keeps the keys first written for the left-out district (only its rows are
removed), so the key figure is what a reviewer gets once the catalogue has the key; a second
run drops the keys only that district used, as for a district new to the workbook.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from analysis.base.paths import data_dir as resolve_data_dir
from analysis.contract.coverage import coverage_of
from analysis.contract.package import lenient_package
from analysis.contract.schema import read_descriptor
from analysis.curate.draft import draft


@dataclass(frozen=True)
class Score:
    district: str
    curated: int  # curated indicator rows of the district
    found: int  # drafted at the same number with the same value
    year_kind: int
    unit: int
    qualifier: int
    key: int
    key_new: int  # right key when the catalogue lacks the keys only this district used
    drafted: int  # draft rows in all
    extra: int  # draft rows matching no curated row
    misses: tuple[str, ...] = ()

    def share(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0


def _without(folder: Path, district: str, tmp: Path, own_keys: bool = True) -> Path:
    """A copy of the package without the district's indicator rows (and, with
    `own_keys=False`, without the catalogue keys only those rows used)."""
    data = tmp / "data"
    shutil.copytree(folder, data)
    seeds = folder.parent / "seeds"
    (tmp / "seeds").symlink_to(seeds.resolve(), target_is_directory=True)
    path = data / read_descriptor(data)["indicators"].path
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    col = rows[0].index("district")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(
        [rows[0], *(r for r in rows[1:] if r and r[col] != district)]
    )
    path.write_text(buf.getvalue(), encoding="utf-8")
    _drop_exceptions_of(data, {r[0] for r in rows[1:] if r and r[col] == district})
    if not own_keys:
        kept_rows = [r for r in rows[1:] if r and r[col] != district]
        key = rows[0].index("indicator")
        used = {r[key] for r in kept_rows}
        ref = data / read_descriptor(data)["reference"].path
        ref_rows = list(csv.reader(io.StringIO(ref.read_text(encoding="utf-8-sig"), newline="")))
        used |= {r[ref_rows[0].index("indicator")] for r in ref_rows[1:] if r}
        left = {r[key] for r in rows[1:] if r and r[col] == district}
        cat = data / read_descriptor(data)["catalogue"].path
        cat_rows = list(csv.reader(io.StringIO(cat.read_text(encoding="utf-8-sig"), newline="")))
        keep = {r[0] for r in cat_rows[1:] if r and (r[0] in used or r[0] not in left)}
        base = cat_rows[0].index("base")
        keep |= {r[base] for r in cat_rows[1:] if r and r[0] in keep and r[base]}
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(
            [cat_rows[0], *(r for r in cat_rows[1:] if r and r[0] in keep)]
        )
        cat.write_text(buf.getvalue(), encoding="utf-8")
        _drop_rows_naming(data, "catalogue", keep)
    return data


def _drop_exceptions_of(data: Path, removed: set[str]) -> None:
    """Drop the exceptions that excuse rows no longer in the copy."""
    resources = read_descriptor(data)
    if "exceptions" not in resources or not (data / resources["exceptions"].path).exists():
        return
    path = data / resources["exceptions"].path
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    idx = rows[0].index("id")
    buf = io.StringIO()
    kept = [r for r in rows[1:] if r and r[idx] not in removed]  # a header alone: none left
    csv.writer(buf, lineterminator="\n").writerows([rows[0], *kept])
    path.write_text(buf.getvalue(), encoding="utf-8")


def _drop_rows_naming(data: Path, resource: str, keep: set[str]) -> None:
    """Drop the rows of other tables whose foreign key to `resource` names a removed key
    (comparability notes, city pairs about the left-out district's own indicators)."""
    for res in read_descriptor(data).values():
        cols = [fk.field for fk in res.foreign_keys if fk.resource == resource]
        if res.name == resource or not cols:
            continue
        path = data / res.path
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
        idx = [rows[0].index(c) for c in cols]
        kept = [r for r in rows[1:] if r and all(not r[i] or r[i] in keep for i in idx)]
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([rows[0], *kept])
        path.write_text(buf.getvalue(), encoding="utf-8")


def evaluate_district(district: str, data_dir: str | None = None) -> Score:
    folder = resolve_data_dir(data_dir)
    pkg = lenient_package(folder)
    # rows with a number only: a target stated in words has no number for draft to find
    curated = [
        r
        for r in pkg.tables["indicators"]
        if r["district"] == district and r.get("value") is not None
    ]
    sources = [s["source"] for s in pkg.tables["sources"] if s["district"] == district]
    position: dict[str, int] = {}
    for cov in coverage_of(pkg):
        if cov.source in sources:
            for number, row_id in cov.by_row.items():
                position.setdefault(row_id, number.start)
    with tempfile.TemporaryDirectory(prefix="sdpw-draft-eval-") as tmp:
        data = _without(folder, district, Path(tmp))
        drafted: dict[tuple[str, int], dict] = {}
        total = 0
        for source in sources:
            for row in draft(source, str(data)).rows:
                drafted[(source, int(row["_start"]))] = row
                total += 1
    with tempfile.TemporaryDirectory(prefix="sdpw-draft-eval-") as tmp:
        data = _without(folder, district, Path(tmp), own_keys=False)
        strict = {
            (source, int(row["_start"])): row["indicator"]
            for source in sources
            for row in draft(source, str(data)).rows
        }
    found = year_kind = unit = qualifier = key = key_new = 0
    misses: list[str] = []
    matched: set[tuple[str, int]] = set()
    for row in curated:
        at = position.get(str(row["id"]))
        d = drafted.get((str(row["source"]), at)) if at is not None else None
        if d is None or d["value"] != str(row["_printed_value"]):
            misses.append(f"{row['id']}: {row['_printed_value']} not drafted")
            continue
        matched.add((str(row["source"]), at))
        found += 1
        ok_yk = d["year"] == row["year"] and d["kind"] == row["kind"]
        year_kind += ok_yk
        unit += d["unit"] == row["unit"]
        qualifier += (d["qualifier"] or None) == (row.get("qualifier") or None)
        key += d["indicator"] == row["indicator"]
        key_new += strict.get((str(row["source"]), at)) == row["indicator"]
        if not ok_yk:
            misses.append(
                f"{row['id']}: {row['_printed_value']} drafted {d['year']} {d['kind']}, "
                f"curated {row['year']} {row['kind']}"
            )
    return Score(
        district,
        len(curated),
        found,
        year_kind,
        unit,
        qualifier,
        key,
        key_new,
        total,
        total - len(matched),
        tuple(misses),
    )


def evaluate(districts: list[str] | None = None, data_dir: str | None = None) -> list[Score]:
    """One score per district left out (default: every district with rows)."""
    pkg = lenient_package(resolve_data_dir(data_dir))
    keys = districts or [
        d["district"]
        for d in pkg.tables["districts"]
        if any(r["district"] == d["district"] for r in pkg.tables["indicators"])
    ]
    return [evaluate_district(d, data_dir) for d in keys]


def render(scores: list[Score]) -> str:
    """A table a README can hold, one line per district left out."""
    lines = [
        "| left out | curated figures | value and quote | year and kind | unit | qualifier "
        "| indicator key | key, new district | draft rows (extra) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:

        def pct(part: int, whole: int, s: Score = s) -> str:
            return f"{100 * s.share(part, whole):.1f}%"

        lines.append(
            f"| {s.district} | {s.curated} | {s.found} = {pct(s.found, s.curated)} "
            f"| {pct(s.year_kind, s.found)} | {pct(s.unit, s.found)} "
            f"| {pct(s.qualifier, s.found)} | {pct(s.key, s.found)} | {pct(s.key_new, s.found)} "
            f"| {s.drafted} ({s.extra}) |"
        )
    lines.append("")
    lines.append(
        "Shares after 'value and quote' are of the figures found. 'key, new district': the "
        "catalogue without the keys only the left-out district used, as for a new district."
    )
    return "\n".join(lines)
