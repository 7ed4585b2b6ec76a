"""Table checks: what a Table Schema says (header, types, required, enum, pattern, range,
unique, foreign keys), each problem reported with its file, line and column."""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from pathlib import Path

from analysis.contract.schema import Resource
from analysis.errors import Problem
from analysis.paths import display_path

_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

#: A row as read: typed values by column, plus the 1-based line it started on.
Row = dict[str, object]


class Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, line: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(file, line, column, message))


def _decode(raw: bytes, where: str, header: list[str] | None, out: Collector) -> str | None:
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


def _convert(value: str, fld, where: str, line: int, out: Collector) -> object:
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


def read_table(resource: Resource, data_dir: Path, out: Collector) -> list[Row]:
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


def check_foreign_keys(
    tables: dict[str, list[Row]], data_dir: Path, resources: dict[str, Resource], out: Collector
) -> None:
    for res in resources.values():
        where = display_path(data_dir / res.path)
        for fk in res.foreign_keys:
            valid = {r.get(fk.ref_field) for r in tables.get(fk.resource, [])}
            for row in tables.get(res.name, []):
                value = row.get(fk.field)
                if value is not None and value not in valid:
                    keys = sorted(str(v) for v in valid if v is not None)
                    out.add(where, row["_line"], fk.field, _unknown(fk.field, value, keys, fk))
