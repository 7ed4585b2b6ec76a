"""Table checks: what a Table Schema says (header, types, required, enum, pattern, range,
unique, foreign keys), each problem reported with its file, line and column."""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import os
import re
import stat
import unicodedata
from pathlib import Path

from analysis.base.errors import Problem
from analysis.base.paths import display_path
from analysis.contract.schema import Resource
from analysis.contract.text import control_character

# ASCII digits only: `\d` would also take full-width ２０２３ or Arabic-Indic digits.
_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: The largest table read, and the longest cell: the longest quote is a few hundred characters,
#: so a longer cell is a paste gone wrong or a quote mark never closed.
MAX_TABLE_BYTES = 64 * 1024 * 1024
MAX_CELL = 128 * 1024
#: A float is printed with at most 17 significant digits (666.6666666666666 m² a mu); a longer
#: number is not a figure from a report, and a 400-digit one would become inf.
MAX_DIGITS = 17

csv.field_size_limit(MAX_TABLE_BYTES)  # cells are checked against MAX_CELL below, by column

#: A row as read: typed values by column, plus the 1-based line it started on.
Row = dict[str, object]


class Collector:
    """Every problem a validation finds, in the order found, so all are reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self, file: str, line: int | None, column: str | None, message: str, *, code: str
    ) -> None:
        self.problems.append(Problem(file, line, column, message, code))


def _decode(raw: bytes, where: str, header: list[str] | None, out: Collector) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_no = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        prefix = raw[line_start : exc.start].decode("utf-8", errors="replace")
        # a quoted cell may hold commas: count cells as the CSV reader does, not commas
        cells = next(csv.reader([prefix + "x"]), [""])
        index = len(cells) - 1
        column = header[index] if header and index < len(header) else None
        out.add(
            where,
            line_no,
            column,
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8 (Excel: 'CSV UTF-8')",
            code="encoding",
        )
        return None


def _too_long(value: str) -> str:
    shown = value if len(value) <= 24 else value[:20] + "…"
    return (
        f"{shown!r} has more than {MAX_DIGITS} digits: no figure from a report is that long, "
        "and a number that long cannot be held"
    )


def _convert(value: str, fld, where: str, line: int, out: Collector) -> object:
    """Type-convert one cell; report and return None when it does not fit its field."""
    if value == "":
        if fld.required:
            out.add(where, line, fld.name, "missing value (required)", code="required")
        return None
    control = control_character(value)
    if control is not None:
        out.add(where, line, fld.name, control, code="control-character")
        return None
    if len(value) > MAX_CELL:
        msg = f"a cell of {len(value)} characters, over the limit of {MAX_CELL}"
        out.add(
            where,
            line,
            fld.name,
            msg + ' (a " never closed joins the rest of the file)',
            code="cell-too-long",
        )
        return None
    if value != value.strip():
        out.add(
            where, line, fld.name, f"{value!r} has leading or trailing spaces", code="whitespace"
        )
        return None
    if fld.type == "string" and fld.enum is None and fld.pattern is None:
        return value  # most cells: nothing more to check
    result: object = value
    ascii_hint = ""
    if fld.type in ("integer", "number", "date") and any(
        c.isdigit() and not c.isascii() for c in value
    ):
        ascii_hint = "; digits must be ASCII 0-9 (full-width or other scripts' digits are not read)"
    if fld.type == "integer":
        if not _INTEGER.fullmatch(value):
            out.add(
                where,
                line,
                fld.name,
                f"{value!r} is not a whole number{ascii_hint}",
                code="type-integer",
            )
            return None
        if len(value.lstrip("-")) > MAX_DIGITS:
            out.add(where, line, fld.name, _too_long(value), code="too-many-digits")
            return None
        result = int(value)
    elif fld.type == "number":
        if not _NUMBER.fullmatch(value):
            out.add(
                where,
                line,
                fld.name,
                f"{value!r} is not a number (digits with an optional decimal point, "
                f"no thousands separators, no placeholders){ascii_hint}",
                code="type-number",
            )
            return None
        if len(value.lstrip("-").replace(".", "").lstrip("0")) > MAX_DIGITS:
            out.add(where, line, fld.name, _too_long(value), code="too-many-digits")
            return None
        result = float(value)
    elif fld.type == "date":
        if not _DATE.fullmatch(value):
            out.add(
                where,
                line,
                fld.name,
                f"{value!r} is not a date (YYYY-MM-DD){ascii_hint}",
                code="type-date",
            )
            return None
        try:
            datetime.date.fromisoformat(value)
        except ValueError as exc:
            out.add(
                where, line, fld.name, f"{value!r} is not a real date ({exc})", code="date-invalid"
            )
            return None
    if fld.enum is not None and value not in fld.enum:
        out.add(
            where, line, fld.name, f"{value!r} is not one of: {', '.join(fld.enum)}", code="enum"
        )
        return None
    if fld.pattern is not None and not re.fullmatch(fld.pattern, value):
        out.add(
            where,
            line,
            fld.name,
            f"{value!r} does not match the pattern {fld.pattern}",
            code="pattern",
        )
        return None
    if isinstance(result, (int, float)):
        if fld.minimum is not None and result < fld.minimum:
            out.add(
                where, line, fld.name, f"{value} is below the minimum {fld.minimum}", code="minimum"
            )
            return None
        if fld.maximum is not None and result > fld.maximum:
            out.add(
                where, line, fld.name, f"{value} is above the maximum {fld.maximum}", code="maximum"
            )
            return None
    return result


def read_table(
    resource: Resource, data_dir: Path, out: Collector, *, may_be_empty: bool = False
) -> list[Row]:
    """Rows of one resource, typed; problems go to `out` and bad cells become None.

    `may_be_empty`: a header alone is a valid table (no exceptions), not "no data rows"."""
    path = data_dir / resource.path
    where = display_path(path)
    raw = read_table_bytes(path, resource.name, where, out)
    if raw is None:
        return []
    text = _decode(raw, where, resource.field_names, out)
    if text is None:
        return []
    if not text.strip():
        out.add(where, 1, None, "empty file: expected a header row and data", code="empty-file")
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as exc:
        out.add(where, 1, None, f"the header row is not valid CSV: {exc}", code="csv-syntax")
        return []
    # a column the descriptor marks `mayBeAbsent` may be left out (its cells are then empty)
    expected = resource.header_for(header)
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        if missing:
            out.add(
                where,
                1,
                None,
                f"missing column(s): {', '.join(missing)} (datapackage.json declares them)",
                code="missing-column",
            )
        if extra:
            out.add(
                where,
                1,
                None,
                f"unexpected column(s): {', '.join(repr(c) for c in extra)} "
                "(not declared in datapackage.json)",
                code="extra-column",
            )
        if not missing and not extra:
            out.add(
                where,
                1,
                None,
                f"columns out of order; expected: {','.join(expected)}",
                code="column-order",
            )
        return []
    present = [f for f in resource.fields if f.name in expected]
    absent = [f for f in resource.fields if f.name not in expected]
    rows: list[Row] = []
    seen: dict[str, dict[object, int]] = {f.name: {} for f in resource.fields if f.unique}
    line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a NUL byte and the like: the rest cannot be read reliably
            out.add(where, line + 1, None, f"not valid CSV: {exc}", code="csv-syntax")
            break
        start, line = line + 1, reader.line_num
        if not any(c.strip() for c in cells):
            out.add(where, start, None, "blank row; delete it", code="blank-row")
            continue
        broken = next((i for i, c in enumerate(cells) if "\n" in c or "\r" in c), None)
        if broken is not None:
            column = expected[broken] if broken < len(expected) else None
            out.add(
                where,
                start,
                column,
                f'this cell runs on to line {line}: a " that is never closed (or a line break '
                "inside a cell) joins the lines after it; close the quote, one row a line",
                code="unclosed-quote",
            )
            continue
        if len(cells) != len(expected):
            out.add(
                where,
                start,
                None,
                f"{len(cells)} cells, expected {len(expected)}",
                code="cell-count",
            )
            continue
        row: Row = {"_line": start}
        row.update({f.name: None for f in absent})
        for fld, cell in zip(present, cells, strict=True):
            row[fld.name] = _convert(cell, fld, where, start, out)
            if fld.type == "number" and row[fld.name] is not None:
                row[f"_printed_{fld.name}"] = cell
            if fld.unique and row[fld.name] is not None:
                first = seen[fld.name].setdefault(row[fld.name], start)
                if first != start:
                    msg = f"duplicate {fld.name} {cell!r} (first on line {first})"
                    out.add(where, start, fld.name, msg, code="unique")
        rows.append(row)
    if not rows and not may_be_empty:
        out.add(where, 2, None, "no data rows: the file has a header only", code="no-data-rows")
    return rows


def read_table_bytes(path: Path, name: str, where: str, out: Collector) -> bytes | None:
    """A table's bytes, read only from a regular file inside its data folder, with a size limit;
    None (and a problem) otherwise. Confinement is checked when the descriptor is read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        out.add(where, None, None, f"file not found (resource {name!r})", code="file-not-found")
        return None
    except OSError as exc:
        out.add(
            where,
            None,
            None,
            f"cannot be opened (resource {name!r}): {exc.strerror}",
            code="file-unreadable",
        )
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a FIFO, socket or device"
        out.add(
            where,
            None,
            None,
            f"is {kind}, not a regular file (resource {name!r})",
            code="not-a-file",
        )
        return None
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > MAX_TABLE_BYTES:
            msg = f"is {info.st_size} bytes, over the limit of {MAX_TABLE_BYTES}"
            out.add(where, None, None, msg, code="file-too-large")
            return None
        return handle.read(MAX_TABLE_BYTES + 1)


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
            if not tables.get(fk.resource):
                continue  # the referenced table could not be read: that is the problem to report
            valid = {r.get(fk.ref_field) for r in tables.get(fk.resource, [])}
            for row in tables.get(res.name, []):
                value = row.get(fk.field)
                if value is not None and value not in valid:
                    keys = sorted(str(v) for v in valid if v is not None)
                    out.add(
                        where,
                        row["_line"],
                        fk.field,
                        _unknown(fk.field, value, keys, fk),
                        code="foreign-key",
                    )
