"""Domain checks: what a schema cannot say. Seed checksums, quote provenance, qualifier words,
unit/indicator agreement and the years a report can speak about."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from analysis.contract import provenance
from analysis.contract.schema import Resource
from analysis.contract.tables import Collector
from analysis.paths import display_path

if TYPE_CHECKING:
    from analysis.contract.package import Package


def check_sources(pkg: Package, resources: dict[str, Resource], out: Collector) -> dict:
    """Verify each seed's checksum; return normalised seed texts by source id."""
    seeds: dict[str, str] = {}
    where = display_path(pkg.data_dir / resources["sources"].path)
    for row in pkg.tables.get("sources", []):
        if row.get("file") is None:
            continue
        path = (pkg.data_dir.parent / str(row["file"])).resolve()
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            out.add(where, row["_line"], "file", f"seed {display_path(path)} not found")
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != row.get("sha256"):
            out.add(
                where,
                row["_line"],
                "sha256",
                f"seed {display_path(path)} has sha256 {digest}, not the recorded one: "
                "seeds are never edited",
            )
            continue
        seeds[str(row["source"])] = provenance.normalized_seed(path)
    return seeds


def check_quotes(
    pkg: Package, table: str, value_col: str, seeds: dict, where: str, out: Collector
) -> None:
    for row in pkg.tables.get(table, []):
        seed = seeds.get(str(row.get("source")))
        quote = row.get("quote")
        if seed is None or quote is None:
            continue
        for col in ("quote", "also_quote"):
            text = row.get(col)
            if text is None:
                continue
            if not provenance.quote_in_seed(str(text), seed):
                msg = f"{col} not found in seed {row['source']}"
                out.add(where, row["_line"], col, msg + provenance.divergence(str(text), seed))
                continue
            printed = row.get(f"_printed_{value_col}")
            # a second place may print the same number otherwise (7% for the table's 7.0%)
            check = provenance.value_in_quote if col == "quote" else provenance.same_number_in_quote
            if printed is not None and not check(str(printed), str(text)):
                where_word = "the quote" if col == "quote" else "also_quote"
                out.add(
                    where,
                    row["_line"],
                    value_col,
                    f"{value_col} {printed} does not appear in {where_word} as a whole number",
                )


def check_wording(row: dict, table: str, where: str, out: Collector) -> None:
    """A row without a number is a target stated in words: it says so, and the words are quoted."""
    words = row.get("wording") if table == "indicators" else row.get("qualifier")
    if any((p.file, p.line, p.column) == (where, row["_line"], "value") for p in out.problems):
        return  # the cell held something that is not a number: already reported
    if row.get("kind") != "target" or words is None:
        need = "a wording" if table == "indicators" else "a qualifier"
        msg = f"missing value: only a target stated in words (with {need}) may have no number"
        out.add(where, row["_line"], "value", msg)
    elif table == "indicators" and row.get("quote") is not None:
        if provenance.normalize(str(words)) not in provenance.normalize(str(row["quote"])):
            out.add(where, row["_line"], "wording", f"wording {words!r} is not in the quote")


def check_semantics(pkg: Package, resources: dict[str, Resource], out: Collector) -> None:
    qualifiers = {r["qualifier"] for r in pkg.tables.get("qualifiers", [])}
    units = {r["unit"]: r for r in pkg.tables.get("units", [])}
    catalogue = {r["indicator"]: r for r in pkg.tables.get("catalogue", [])}
    sources = {r["source"]: r for r in pkg.tables.get("sources", [])}
    districts = {r["district"] for r in pkg.tables.get("districts", [])}
    for name in ("indicators", "reference"):
        where = display_path(pkg.data_dir / resources[name].path)
        for row in pkg.tables.get(name, []):
            for word in str(row.get("qualifier") or "").split(";"):
                if word and word not in qualifiers:
                    msg = f"unknown qualifier {word!r} (valid: {', '.join(sorted(qualifiers))})"
                    out.add(where, row["_line"], "qualifier", msg)
            entry, unit = catalogue.get(row.get("indicator")), units.get(row.get("unit"))
            value = row.get("value")
            if value is None:
                check_wording(row, name, where, out)
            if entry and entry["measure"] == "count" and isinstance(value, float) and value < 0:
                msg = f"negative count {row['_printed_value']}: a count cannot be below zero"
                out.add(where, row["_line"], "value", msg)
            if entry and unit and entry["unit"] in units:
                want = units[entry["unit"]]["quantity"]
                if unit["quantity"] != want:
                    msg = (
                        f"unit {row['unit']!r} measures {unit['quantity']}, but indicator "
                        f"{row['indicator']!r} is measured in {want} ({entry['unit']})"
                    )
                    out.add(where, row["_line"], "unit", msg)
    where = display_path(pkg.data_dir / resources["reference"].path)
    for row in pkg.tables.get("reference", []):
        scope = row.get("scope")
        if scope is not None and scope != "shanghai" and scope not in districts:
            msg = f"unknown scope {scope!r} (valid: shanghai, {', '.join(sorted(districts))})"
            out.add(where, row["_line"], "scope", msg)
    for name in ("indicators", "projects"):
        where = display_path(pkg.data_dir / resources[name].path)
        for row in pkg.tables.get(name, []):
            src = sources.get(row.get("source"))
            if src is None:
                continue
            if row.get("district") is not None and row["district"] != src["district"]:
                msg = f"district {row['district']!r} differs from source's {src['district']!r}"
                out.add(where, row["_line"], "district", msg)
            year, lo, hi = row.get("year"), src.get("results_year"), src.get("plan_year")
            if year is None or lo is None or hi is None:
                continue
            if row.get("kind") == "target" and not hi <= year <= hi + 6:
                msg = f"target year {year} outside the report's plan horizon {hi}–{hi + 6}"
                out.add(where, row["_line"], "year", msg)
            elif row.get("kind") in ("actual", "estimate") and not lo - 10 <= year <= lo:
                msg = f"{row['kind']} year {year} outside the report's results years {lo - 10}–{lo}"
                out.add(where, row["_line"], "year", msg)
            elif name == "projects" and not lo <= year <= hi:
                msg = f"year {year} outside the report's years {lo}–{hi}"
                out.add(where, row["_line"], "year", msg)
