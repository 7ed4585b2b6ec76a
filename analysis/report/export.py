"""Exports for people who work in Excel: one .xlsx workbook, or CSV files with a BOM.

Excel opens UTF-8 CSV as the system code page unless the file starts with a byte-order mark, so
the CSV export writes one. In the workbook, numbers are numbers, shown with the decimals they
were printed with (2.00 stays 2.00), and every other cell is text, so Chinese opens as written.

Text stays text: a text cell that a spreadsheet would evaluate (`=HYPERLINK(…)`, `+…`, `-…`,
`@…`, or one starting with a tab or carriage return) is written as a string with Excel's quote
prefix in the workbook, and with a leading apostrophe in the CSV export, the header row (the
field names) included. Numbers are not text and keep their sign: a number column's -3.5 stays
the number -3.5.

An Excel cell holds at most 32,767 characters and cuts a longer text without a word, so the
workbook is refused, before anything is written, for a cell that long, naming it; the CSV
export holds any length.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
from pathlib import Path

import pandas as pd

from analysis.base.errors import WorkbookError
from analysis.base.files import atomic_write
from analysis.base.paths import data_dir as resolve_data_dir
from analysis.base.paths import display_path
from analysis.contract.schema import read_raw
from analysis.contract.text import is_formula_like, spreadsheet_csv_text

FORMATS = ("xlsx", "csv", "dta")
WORKBOOK = "shanghai-district-plans.xlsx"

#: The most characters an Excel cell holds; a longer text is cut when the workbook opens.
EXCEL_CELL_LIMIT = 32_767


#: Tables the export adds to the package's: computed from it, described here.
PANEL = "targets_panel"
#: Package tables that gain the indicator's catalogue names beside its key, in the export.
NAMED = ("indicators", "reference")


def _descriptor(folder: Path) -> dict:
    """The descriptor as the export writes it: less an optional table the folder does not hold
    (no exceptions.csv means no exceptions), the indicator's names beside its key in the tables
    that have one, and the targets panel (`analysis.presentation.panel`) after the package's
    tables."""
    from analysis.contract.package import OPTIONAL
    from analysis.presentation import panel

    desc = read_raw(folder)
    desc["resources"] = [
        r
        for r in desc["resources"]
        if r.get("name") not in OPTIONAL or (folder / r.get("path", "")).is_file()
    ]
    for res in desc["resources"]:
        fields = res["schema"]["fields"]
        names = [f["name"] for f in fields]
        if res["name"] in NAMED and "indicator" in names and "name_en" not in names:
            at = names.index("indicator") + 1
            fields[at:at] = [
                {"name": "name_zh", "type": "string", "description": "Indicator, in Chinese "
                 "(the catalogue's name)"},
                {"name": "name_en", "type": "string", "description": "Indicator, in English "
                 "(the catalogue's name)"},
            ]  # fmt: skip
            res["_names"] = at
    desc["resources"].append(
        {
            "name": PANEL,
            "path": f"{PANEL}.csv",
            "title": "Targets with their results, every report and Shanghai",
            "description": "One row per target of every report in the data and of Shanghai: "
            "the last result it was set against, its qualifier codes, the comparison, the "
            "city's counterpart and the outcome for its year. Computed from the other tables.",
            "schema": {
                "fields": [
                    {"name": n, "type": t, "description": d}
                    | ({"constraints": {"enum": e}} if e else {})
                    for n, t, d, e in panel.FIELDS
                ]
            },
        }
    )
    return desc


def _cell(value: object, kind: str) -> str:
    """A computed value as the package's CSVs write one: '' for missing, integers plain."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if kind == "integer":
        return str(int(value))
    if kind == "number":
        return f"{float(value):.10g}"
    return str(value)


def _fingerprint(folder: Path) -> str:
    """The data folder's bytes, digested: the panel is computed again only when they change."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(folder.glob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=4)
def _panel_rows(folder: str, fingerprint: str) -> tuple[tuple[str, ...], ...]:
    """The targets panel as text rows, header first: computed once for the xlsx, CSV and Stata
    files of one export (about a second each time) and again only when the data changes."""
    from analysis.presentation import panel

    frame = panel.targets_panel(Path(folder))
    kinds = [k for _, k, _, _ in panel.FIELDS]
    body = [
        tuple(_cell(v, k) for v, k in zip(row, kinds, strict=True))
        for row in frame[panel.COLUMNS].itertuples(index=False)
    ]
    return (tuple(panel.COLUMNS), *body)


def _rows(folder: Path, res: dict) -> list[list[str]]:
    """A table's rows, header first, as text: a package table from its file (with the
    catalogue's names inserted where `_descriptor` added them), the panel computed."""
    if res["name"] == PANEL:
        return [list(row) for row in _panel_rows(str(folder), _fingerprint(folder))]
    text = (folder / res["path"]).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    at = res.get("_names")
    if at is None or not rows:
        return rows
    names = _catalogue_names(folder)
    key = rows[0].index("indicator")
    out = [rows[0][:at] + ["name_zh", "name_en"] + rows[0][at:]]
    for r in rows[1:]:
        zh, en = names.get(r[key], ("", ""))
        out.append(r[:at] + [zh, en] + r[at:])
    return out


def _catalogue_names(folder: Path) -> dict[str, tuple[str, str]]:
    text = (folder / "catalogue.csv").read_text(encoding="utf-8-sig")
    return {
        r["indicator"]: (r.get("name_zh", ""), r.get("name_en", ""))
        for r in csv.DictReader(io.StringIO(text, newline=""))
    }


def _too_long(count: int) -> str:
    return (
        f"{count:,} characters, more than the {EXCEL_CELL_LIMIT:,} an Excel cell holds (Excel "
        "would cut the rest); shorten it, or export with --format csv, which holds any length"
    )


def _check_cell_lengths(folder: Path, desc: dict) -> None:
    """Refuse the workbook for a text longer than an Excel cell holds, naming where it is: the
    file, its line and column, or the descriptor's entry (the README sheet)."""
    described = [("title", desc.get("title", "")), ("description", desc.get("description", ""))]
    for res in desc["resources"]:
        name = res.get("name", "")
        described.append((f'description of resource "{name}"', res.get("description", "")))
        for f in res["schema"]["fields"]:
            field = f.get("name", "")
            described += [
                (f'resource "{name}", a field name', field),
                (f'description of field "{field}" of "{name}"', f.get("description", "")),
            ]
    for where, text in described:
        if isinstance(text, str) and len(text) > EXCEL_CELL_LIMIT:
            raise WorkbookError(f"datapackage.json, {where}: {_too_long(len(text))}")
    for res in desc["resources"]:
        if res["name"] == PANEL:  # computed from the tables checked here
            continue
        source = (folder / res["path"]).read_text(encoding="utf-8-sig")
        reader = csv.reader(io.StringIO(source, newline=""))
        header: list[str] = []
        start = 1
        for row in reader:
            header = header or row
            for column, text in zip(header, row, strict=False):
                if len(text) > EXCEL_CELL_LIMIT:
                    raise WorkbookError(
                        f'{res["path"]}, line {start}, column "{column[:60]}": '
                        + _too_long(len(text))
                    )
            start = reader.line_num + 1


def _readme_rows(desc: dict) -> list[list[str]]:
    rows = [
        [desc.get("title", "")],
        [desc.get("description", "")],
        [
            "Every figure from a report carries a verbatim quote of its source sentence; "
            "delete all whitespace from quote and report, and the quote is in the report and "
            "the value in the quote. Figures from elsewhere are in the sheet 'reference', "
            "each with its citation."
        ],
        ["License: " + ", ".join(lic.get("name", "") for lic in desc.get("licenses", []))],
        [],
        ["Sheet", "Column", "Type", "Description"],
    ]
    for res in desc["resources"]:
        rows.append([res["name"], "", "", res.get("description", "")])
        for f in res["schema"]["fields"]:
            rows.append([res["name"], f["name"], f.get("type", "string"), f.get("description", "")])
    return rows


def _as_text(cell) -> None:
    """Make a cell that holds a formula-like string hold it as text (inline string, quote
    prefix), so Excel and LibreOffice show it and never evaluate it."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def write_xlsx(target: Path, data_dir: Path | None = None) -> Path:
    """One workbook: a README sheet, then one sheet per table of the data package."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    folder = resolve_data_dir(data_dir)
    from analysis.contract.package import package

    package(folder)  # validate first: never export data that fails its checks
    desc = _descriptor(folder)
    _check_cell_lengths(folder, desc)  # and never a cell Excel would cut
    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    for row in _readme_rows(desc):
        readme.append(row)
        for cell in readme[readme.max_row]:
            _as_text(cell)
    readme["A1"].font = Font(bold=True, size=14)
    for res in desc["resources"]:
        ws = wb.create_sheet(res["name"][:31])
        types = {f["name"]: f.get("type", "string") for f in res["schema"]["fields"]}
        rows = _rows(folder, res)
        header = rows[0]
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            _as_text(cell)  # a field name is text too: `=HYPERLINK(…)` heads a column, inert
        for values in rows[1:]:
            out: list[object] = []
            for name, text in zip(header, values, strict=True):
                kind = types.get(name, "string")
                if text == "":
                    out.append(None)
                elif kind == "number":
                    out.append(float(text))
                elif kind == "integer":
                    out.append(int(text))
                else:
                    out.append(text)
            ws.append(out)
            for name, text, cell in zip(header, values, ws[ws.max_row], strict=True):
                if types.get(name) == "number" and text:
                    places = _decimals(text)
                    cell.number_format = "0." + "0" * places if places else "0"
                elif types.get(name, "string") not in ("number", "integer"):
                    cell.number_format = "@"
                    _as_text(cell)
        ws.freeze_panes = "A2"  # the header row stays in view
        ws.auto_filter.ref = ws.dimensions  # and carries a filter on every column
    atomic_write(target, lambda tmp: _save_fixed(wb, tmp))
    return target


#: The time every part of the workbook carries (the zip entries and docProps/core.xml's created
#: and modified), so that the same data gives the same bytes: the zip format's earliest date.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_W3CDTF = "1980-01-01T00:00:00Z"


def _save_fixed(wb: object, path: str) -> None:
    """Save the workbook, then rewrite its zip with FIXED_TIME: openpyxl stamps the save's time
    into docProps/core.xml and each zip entry, so two exports of one package differed."""
    import io
    import re
    import zipfile

    buf = io.BytesIO()
    wb.save(buf)  # type: ignore[attr-defined]
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + _W3CDTF.encode() + rb"\g<2>",
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            out.writestr(entry, data)


def _write_bom_text(path: Path, data: str) -> None:
    path.write_text(data, encoding="utf-8-sig", newline="")


def write_csv(target: Path, data_dir: Path | None = None) -> list[Path]:
    """One CSV per table, UTF-8 with a BOM and CRLF line ends, plus README.csv."""
    folder = resolve_data_dir(data_dir)
    from analysis.contract.package import package

    package(folder)
    desc = _descriptor(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    tables = [("README.csv", [[spreadsheet_csv_text(c) for c in r] for r in _readme_rows(desc)])]
    for res in desc["resources"]:
        types = [f.get("type", "string") for f in res["schema"]["fields"]]
        rows = _rows(folder, res)
        numeric = [t in ("number", "integer") for t in types]
        safe = [[spreadsheet_csv_text(c) for c in rows[0]]] + [
            [c if n else spreadsheet_csv_text(c) for c, n in zip(r, numeric, strict=True)]
            for r in rows[1:]
        ]
        tables.append((res["path"], safe))
    for name, rows in tables:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        path = target / name
        data = buf.getvalue()
        atomic_write(path, lambda tmp, data=data: _write_bom_text(Path(tmp), data))
        written.append(path)
    return written


#: Stata's limits (format 118): a variable name of 32 characters, a label of 80, a fixed-width
#: string of 2,045 bytes (a longer text is written as a strL).
STATA_NAME, STATA_LABEL, STATA_STR = 32, 80, 2045
#: A fixed time stamp, so two exports of the same data are the same bytes.
STATA_STAMP = datetime.datetime(2000, 1, 1)


def stata_name(name: str, taken: set[str]) -> str:
    """A name Stata accepts ([A-Za-z_][A-Za-z0-9_]*, at most 32 characters), unique in `taken`."""
    out = re.sub(r"[^A-Za-z0-9_]", "_", name) or "v"
    if not re.match(r"[A-Za-z_]", out):
        out = "_" + out
    out = out[:STATA_NAME]
    base, n = out, 1
    while out in taken:
        n += 1
        out = f"{base[: STATA_NAME - len(str(n)) - 1]}_{n}"
    taken.add(out)
    return out


def _label(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= STATA_LABEL else text[: STATA_LABEL - 1] + "…"


def stata_frame(
    rows: list[list[str]], fields: list[dict]
) -> tuple[pd.DataFrame, dict[str, str], dict[str, dict[int, str]], list[str]]:
    """One table as Stata wants it: the frame, its variable labels, value labels for columns
    with a fixed vocabulary (the schema's enum, coded 1…n in its order) and the strL columns."""
    header, body = rows[0], rows[1:]
    by_name = {f["name"]: f for f in fields}
    taken: set[str] = set()
    frame = pd.DataFrame(index=range(len(body)))
    labels: dict[str, str] = {}
    values: dict[str, dict[int, str]] = {}
    strl: list[str] = []
    for i, name in enumerate(header):
        field = by_name.get(name, {})
        kind = field.get("type", "string")
        col = stata_name(name, taken)
        cells = [r[i] for r in body]
        label = field.get("title") or field.get("description") or name
        labels[col] = _label(label if col == name else f"{name}: {label}")
        enum = field.get("constraints", {}).get("enum")
        if kind in ("number", "integer"):
            numbers = pd.to_numeric(pd.Series(cells, dtype="object").replace("", None))
            if kind == "integer" and numbers.notna().all():
                numbers = numbers.astype("int64")
            frame[col] = numbers.astype("float64") if numbers.isna().any() else numbers
        elif enum:
            codes = {v: k for k, v in enumerate(enum, start=1)}
            coded = pd.Series([codes.get(c, float("nan")) for c in cells], dtype="float64")
            frame[col] = coded if coded.isna().any() else coded.astype("int16")
            values[col] = {k: _label(v) for v, k in codes.items()}
        else:
            frame[col] = pd.Series(cells, dtype="object")
            if any(len(c.encode("utf-8")) > STATA_STR for c in cells):
                strl.append(col)
    return frame, labels, values, strl


def write_dta(target: Path, data_dir: Path | None = None) -> list[Path]:
    """One Stata 118 file (UTF-8) per table: every variable labelled from the descriptor, coded
    columns with value labels, missing numbers missing, the same bytes for the same data."""
    folder = resolve_data_dir(data_dir)
    from analysis.contract.package import package

    package(folder)
    desc = _descriptor(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for res in desc["resources"]:
        rows = _rows(folder, res)
        frame, labels, values, strl = stata_frame(rows, res["schema"]["fields"])
        path = target / (Path(res["path"]).stem + ".dta")
        title = _label(res.get("title") or res.get("description") or res["name"])

        def write(tmp: str, frame=frame, labels=labels, values=values, strl=strl, title=title):
            frame.to_stata(
                tmp, write_index=False, version=118, variable_labels=labels,
                value_labels=values or None, convert_strl=strl, data_label=title,
                time_stamp=STATA_STAMP,
            )  # fmt: skip

        atomic_write(path, write)
        written.append(path)
    return written


def export(fmt: str, output: Path, data_dir: Path | None = None) -> list[Path]:
    """Write `output`/shanghai-district-plans.xlsx (or the .xlsx path given), `output`/csv/ or
    `output`/dta/ (Stata 118)."""
    if fmt not in FORMATS:
        raise WorkbookError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    try:
        if fmt == "xlsx":
            target = output if output.suffix == ".xlsx" else output / WORKBOOK
            return [write_xlsx(target, data_dir)]
        if fmt == "dta":
            return write_dta(output / "dta", data_dir)
        return write_csv(output / "csv", data_dir)
    except OSError as exc:
        raise WorkbookError(f"cannot write the export to {display_path(output)}: {exc}") from None
