"""Read and check the data package: every problem is reported with its file, line and column.

The checks are those of the Table Schema (header, types, required, enum, pattern, range,
unique, foreign keys) plus what a schema cannot say: qualifier words, seed checksums, quote
provenance, unit/indicator agreement and the years a report can speak about.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from analysis import provenance
from analysis.errors import DataError, Problem
from analysis.paths import display_path
from analysis.schema import Resource, read_descriptor

_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

#: A row as read: typed values by column, plus the 1-based line it started on.
Row = dict[str, object]


@dataclass
class Package:
    """Validated tables, each a list of typed rows; `printed` keeps numbers as printed."""

    data_dir: Path
    tables: dict[str, list[Row]] = field(default_factory=dict)


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, line: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(file, line, column, message))


def _decode(raw: bytes, where: str, header: list[str] | None, out: _Collector) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_no = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        commas = raw[line_start : exc.start].count(b",")
        column = header[commas] if header and commas < len(header) else None
        out.add(
            where,
            line_no,
            column,
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8 (Excel: 'CSV UTF-8')",
        )
        return None


def _convert(value: str, fld, where: str, line: int, out: _Collector) -> object:
    """Type-convert one cell; report and return None when it does not fit its field."""
    if value == "":
        if fld.required:
            out.add(where, line, fld.name, "missing value (required)")
        return None
    if value != value.strip():
        out.add(where, line, fld.name, f"{value!r} has leading or trailing spaces")
        return None
    result: object = value
    if fld.type == "integer":
        if not _INTEGER.fullmatch(value):
            out.add(where, line, fld.name, f"{value!r} is not a whole number")
            return None
        result = int(value)
    elif fld.type == "number":
        if not _NUMBER.fullmatch(value):
            out.add(
                where,
                line,
                fld.name,
                f"{value!r} is not a number (digits with an optional decimal point, "
                "no thousands separators, no placeholders)",
            )
            return None
        result = float(value)
    elif fld.type == "date":
        if not _DATE.fullmatch(value):
            out.add(where, line, fld.name, f"{value!r} is not a date (YYYY-MM-DD)")
            return None
    if fld.enum is not None and value not in fld.enum:
        out.add(where, line, fld.name, f"{value!r} is not one of: {', '.join(fld.enum)}")
        return None
    if fld.pattern is not None and not re.fullmatch(fld.pattern, value):
        out.add(where, line, fld.name, f"{value!r} does not match the pattern {fld.pattern}")
        return None
    if isinstance(result, (int, float)):
        if fld.minimum is not None and result < fld.minimum:
            out.add(where, line, fld.name, f"{value} is below the minimum {fld.minimum}")
            return None
        if fld.maximum is not None and result > fld.maximum:
            out.add(where, line, fld.name, f"{value} is above the maximum {fld.maximum}")
            return None
    return result


def read_table(resource: Resource, data_dir: Path, out: _Collector) -> list[Row]:
    """Rows of one resource, typed; problems go to `out` and bad cells become None."""
    path = data_dir / resource.path
    where = display_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        out.add(where, None, None, f"file not found (resource {resource.name!r})")
        return []
    text = _decode(raw, where, resource.field_names, out)
    if text is None:
        return []
    if not text.strip():
        out.add(where, 1, None, "empty file: expected a header row and data")
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    expected = resource.field_names
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        if missing:
            out.add(
                where,
                1,
                None,
                f"missing column(s): {', '.join(missing)} (datapackage.json declares them)",
            )
        if extra:
            out.add(
                where,
                1,
                None,
                f"unexpected column(s): {', '.join(repr(c) for c in extra)} "
                "(not declared in datapackage.json)",
            )
        if not missing and not extra:
            out.add(where, 1, None, f"columns out of order; expected: {','.join(expected)}")
        return []
    rows: list[Row] = []
    seen: dict[str, dict[object, int]] = {f.name: {} for f in resource.fields if f.unique}
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not any(c.strip() for c in cells):
            out.add(where, start, None, "blank row; delete it")
            continue
        if len(cells) != len(expected):
            out.add(where, start, None, f"{len(cells)} cells, expected {len(expected)}")
            continue
        row: Row = {"_line": start}
        for fld, cell in zip(resource.fields, cells, strict=True):
            row[fld.name] = _convert(cell, fld, where, start, out)
            if fld.type == "number" and row[fld.name] is not None:
                row[f"_printed_{fld.name}"] = cell
            if fld.unique and row[fld.name] is not None:
                first = seen[fld.name].setdefault(row[fld.name], start)
                if first != start:
                    msg = f"duplicate {fld.name} {cell!r} (first on line {first})"
                    out.add(where, start, fld.name, msg)
        rows.append(row)
    if not rows:
        out.add(where, 2, None, "no data rows: the file has a header only")
    return rows


def _unknown(column: str, value: object, keys: list[str], fk) -> str:
    """'unknown …' with the likeliest intended key first, then the valid keys."""
    text = str(value)
    hint = ""
    folded = unicodedata.normalize("NFKC", text).strip()
    if folded != text and folded in keys:
        hint = f"; full-width or stray characters: did you mean {folded!r}?"
    else:
        close = difflib.get_close_matches(text, keys, n=1, cutoff=0.75)
        if close:
            hint = f"; did you mean {close[0]!r}?"
    shown = ", ".join(keys[:12]) + ("…" if len(keys) > 12 else "")
    return f"unknown {column} {value!r}{hint} (not in {fk.resource}: {shown})"


def _check_foreign_keys(pkg: Package, resources: dict[str, Resource], out: _Collector) -> None:
    for res in resources.values():
        where = display_path(pkg.data_dir / res.path)
        for fk in res.foreign_keys:
            valid = {r.get(fk.ref_field) for r in pkg.tables.get(fk.resource, [])}
            for row in pkg.tables.get(res.name, []):
                value = row.get(fk.field)
                if value is not None and value not in valid:
                    keys = sorted(str(v) for v in valid if v is not None)
                    out.add(where, row["_line"], fk.field, _unknown(fk.field, value, keys, fk))


def _check_sources(pkg: Package, resources: dict[str, Resource], out: _Collector) -> dict:
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


def _check_quotes(
    pkg: Package, table: str, value_col: str, seeds: dict, where: str, out: _Collector
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


def _check_semantics(pkg: Package, resources: dict[str, Resource], out: _Collector) -> None:
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


def validate_package(data_dir: Path) -> Package:
    """Read every resource and run every check; raise one DataError listing all problems."""
    resources = read_descriptor(data_dir)
    out = _Collector()
    required = {
        "sources",
        "districts",
        "categories",
        "units",
        "qualifiers",
        "catalogue",
        "indicators",
        "projects",
        "reference",
    }
    missing = sorted(required - resources.keys())
    if missing:
        where = display_path(data_dir / "datapackage.json")
        out.add(where, None, None, f"missing resource(s): {', '.join(missing)}")
        raise DataError(out.problems)
    pkg = Package(data_dir)
    for name, res in resources.items():
        pkg.tables[name] = read_table(res, data_dir, out)
    _check_foreign_keys(pkg, resources, out)
    seeds = _check_sources(pkg, resources, out)
    for name, col in (("indicators", "value"), ("projects", "total_investment")):
        where = display_path(data_dir / resources[name].path)
        _check_quotes(pkg, name, col, seeds, where, out)
    _check_semantics(pkg, resources, out)
    if out.problems:
        raise DataError(out.problems)
    return pkg
