"""The Excel exports open with Chinese intact and numbers as printed; read back to prove it."""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

import analysis
from analysis.base.errors import DataError, WorkbookError
from analysis.base.paths import DATA_DIR
from analysis.report.export import WORKBOOK, export
from tests.conftest import read_rows, set_cell


@dataclass(frozen=True)
class Shipped:
    """The shipped data's workbook, exported once for the tests that only read it: each export
    and each load is most of a second."""

    folder: Path
    path: Path
    written: float  # time.time() just after the export wrote it
    workbook: Workbook


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Shipped:
    folder = tmp_path_factory.mktemp("export")
    [path] = export("xlsx", folder)
    written = time.time()
    return Shipped(folder, path, written, load_workbook(path))


@pytest.mark.sweep
def test_xlsx_round_trip(shipped: Shipped) -> None:
    path = shipped.path
    assert path == shipped.folder / WORKBOOK
    wb = shipped.workbook
    ind = analysis.load_indicators()
    assert wb.sheetnames[0] == "README"
    assert set(wb.sheetnames[1:]) == {
        "sources",
        "districts",
        "categories",
        "units",
        "qualifiers",
        "backing",
        "parts",
        "catalogue",
        "indicators",
        "projects",
        "reference",
        "comparability",
        "city_indicators",
        "exceptions",
        "targets_panel",
    }
    ws = wb["indicators"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["id", "district", "source"]
    at = header.index("indicator")
    assert header[at + 1 : at + 3] == ["name_zh", "name_en"]  # names beside the key
    assert ws.max_row - 1 == len(ind)
    rows = {
        r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)
    }
    rev = next(
        r for r in rows.values() if r["district"] == "yangpu" and r["indicator"] == "revenue"
    )
    assert rev["value"] == pytest.approx(154.99) and rev["label_zh"] == "区级财政收入"
    cat = analysis.catalogue().set_index("indicator")
    assert rev["name_en"] == cat.loc["revenue", "name_en"] and rev["name_zh"]
    assert "区级财政收入完成 154.99 亿元" in rev["quote"]
    projects = wb["projects"]
    ph = [c.value for c in projects[1]]
    col = ph.index("total_investment") + 1
    seq14 = next(
        r
        for r in projects.iter_rows(min_row=2)
        if r[ph.index("seq")].value == 14 and r[ph.index("district")].value == "baoshan"
    )
    assert seq14[col - 1].value == 2.0 and seq14[col - 1].number_format == "0.00"
    readme = [r for r in wb["README"].iter_rows(values_only=True)]
    assert any(r[:2] == ("indicators", "quote") for r in readme)


@pytest.mark.sweep
def test_csv_export_has_a_bom_and_reads_back(tmp_path: Path) -> None:
    paths = export("csv", tmp_path)
    ind = tmp_path / "csv" / "indicators.csv"
    assert ind in paths and (tmp_path / "csv" / "README.csv") in paths
    raw = ind.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    original = list(
        csv.reader(
            (DATA_DIR / "indicators.csv").read_text(encoding="utf-8").splitlines()
        )
    )
    at = original[0].index("indicator") + 1
    assert rows[0][at : at + 2] == ["name_zh", "name_en"]
    assert [r[:at] + r[at + 2 :] for r in rows] == original  # every byte of the data, as it is
    cat = analysis.catalogue().set_index("indicator")
    assert all(r[at + 1] == cat.loc[r[at - 1], "name_en"] for r in rows[1:])


def test_export_refuses_bad_data_and_bad_formats(tmp_path: Path, data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 2, "unit", "千元")
    with pytest.raises(DataError, match='line 2, column "unit"'):
        export("xlsx", tmp_path, data_copy)
    assert not (tmp_path / WORKBOOK).exists()
    with pytest.raises(WorkbookError, match="unknown format 'ods'; valid formats: xlsx, csv"):
        export("ods", tmp_path)


FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
]


def _negative_line(path: Path) -> int:
    """The line of a reference growth rate stated once (a fact cited twice must agree)."""
    rows = read_rows(path)
    head = rows[0]
    key = [head.index(c) for c in ("scope", "year", "kind", "indicator")]
    facts = [tuple(r[i] for i in key) for r in rows[1:]]
    unit = head.index("unit")
    return next(
        n for n, (r, f) in enumerate(zip(rows[1:], facts, strict=True), start=2)
        if r[unit] == "%" and facts.count(f) == 1
    )


def _hostile_copy(data_copy: Path) -> int:
    """Formula-like text in free-text cells, and a legitimately negative number (its line)."""
    for line, text in enumerate(FORMULAS, start=2):
        set_cell(data_copy / "indicators.csv", line, "note", text)
    line = _negative_line(data_copy / "reference.csv")
    set_cell(data_copy / "reference.csv", line, "value", "-0.5")
    if "printed_as" in read_rows(data_copy / "reference.csv")[0]:
        set_cell(data_copy / "reference.csv", line, "printed_as", "")  # words that print 5
    return line


@pytest.mark.sweep  # no kernel, but about a second: kept out of make test-fast
def test_xlsx_writes_formula_like_text_as_text(tmp_path: Path, data_copy: Path) -> None:
    line = _hostile_copy(data_copy)
    [path] = export("xlsx", tmp_path, data_copy)
    wb = load_workbook(path)
    ws = wb["indicators"]
    col = [c.value for c in ws[1]].index("note")
    for row, text in enumerate(FORMULAS, start=2):
        cell = ws.cell(row=row, column=col + 1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    ref = wb["reference"]
    value = ref.cell(row=line, column=[c.value for c in ref[1]].index("value") + 1)
    assert (value.value, value.data_type) == (-0.5, "n"), "a negative number stays a number"
    import zipfile

    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml, "no cell of the workbook is a formula"


@pytest.mark.sweep  # no kernel, but about a second: kept out of make test-fast
def test_csv_export_prefixes_formula_like_text(tmp_path: Path, data_copy: Path) -> None:
    line = _hostile_copy(data_copy)
    export("csv", tmp_path, data_copy)
    rows = list(
        csv.reader((tmp_path / "csv" / "indicators.csv").read_text("utf-8-sig").splitlines())
    )
    col = rows[0].index("note")
    assert [rows[i][col] for i in range(1, 6)] == ["'" + t for t in FORMULAS]
    ref = list(csv.reader((tmp_path / "csv" / "reference.csv").read_text("utf-8-sig").splitlines()))
    assert ref[line - 1][ref[0].index("value")] == "-0.5", "a number column is not prefixed"


def test_control_characters_never_reach_the_export(tmp_path: Path, data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 2, "note", "bell\x07")
    with pytest.raises(DataError, match='indicators.csv, line 2, column "note": control character'):
        export("xlsx", tmp_path, data_copy)
    assert not (tmp_path / WORKBOOK).exists()


def test_export_refuses_an_empty_output(capsys: pytest.CaptureFixture[str]) -> None:
    from analysis import cli

    assert cli.main(["export", "--output", ""]) == 2
    assert capsys.readouterr().err.strip() == (
        "error: --output is empty: name a folder or an .xlsx file"
    )


# --- Stata ---------------------------------------------------------------------------------------


def _read_dta(path: Path):
    from pandas.io.stata import StataReader

    with StataReader(path) as reader:
        frame = reader.read(convert_categoricals=False)
        return frame, reader.variable_labels(), reader.value_labels(), reader.data_label


@pytest.mark.sweep
def test_dta_export_reads_back_labelled(tmp_path: Path) -> None:
    """Every table as a Stata 118 file: each variable labelled, each coded column's value labels
    giving back the CSV's words row by row, numbers as numbers, missing as missing."""
    import json

    import pandas as pd

    from analysis.report.export import _descriptor, _rows

    paths = export("dta", tmp_path)
    raw = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    desc = _descriptor(DATA_DIR)
    assert sorted(p.name for p in paths) == sorted(
        [Path(r["path"]).stem + ".dta" for r in raw["resources"]] + ["targets_panel.dta"]
    )
    for res in desc["resources"]:
        stem = Path(res["path"]).stem
        frame, variables, values, title = _read_dta(tmp_path / "dta" / f"{stem}.dta")
        header, *body = _rows(DATA_DIR, res)
        rows = [dict(zip(header, r, strict=True)) for r in body]
        assert len(frame) == len(rows) and title
        assert set(variables) == set(frame.columns)
        assert all(label.strip() for label in variables.values()), res["name"]
        for field in res["schema"]["fields"]:
            name = field["name"]
            if name not in frame:
                continue  # renamed for Stata: labelled with its own name (tested below)
            enum = field.get("constraints", {}).get("enum")
            printed = [r[name] for r in rows]
            if enum:
                words = values[name]
                back = ["" if pd.isna(c) else words[int(c)] for c in frame[name]]
                assert back == printed, name
            elif field.get("type") in ("number", "integer"):
                got = frame[name].tolist()
                for want, have in zip(printed, got, strict=True):
                    assert (pd.isna(have) if want == "" else float(want) == have), name
            else:
                assert frame[name].tolist() == printed, name
    again = tmp_path / "again"
    export("dta", again)
    for path in paths:
        assert (again / "dta" / path.name).read_bytes() == path.read_bytes(), "same bytes"


def test_a_stata_frame_from_hand_made_rows() -> None:
    """A name Stata refuses is renamed and says so in its label; a long text becomes a strL;
    a missing number stays missing; a coded column is 1…n in the schema's order."""
    from analysis.report.export import stata_frame, stata_name

    assert stata_name("1st-value (亿元)", set()) == "_1st_value_____"
    assert len(stata_name("x" * 40, set())) == 32
    taken: set[str] = set()
    assert [stata_name("a-b", taken), stata_name("a_b", taken)] == ["a_b", "a_b_2"]
    rows = [["kind", "value-x", "note"], ["target", "", "长" * 800], ["actual", "2.5", ""]]
    fields = [
        {"name": "kind", "constraints": {"enum": ["actual", "estimate", "target"]},
         "description": "Kind of figure"},
        {"name": "value-x", "type": "number", "description": "Value as printed"},
        {"name": "note", "description": "A note " * 30},
    ]  # fmt: skip
    frame, labels, values, strl = stata_frame(rows, fields)
    assert list(frame.columns) == ["kind", "value_x", "note"]
    assert frame["kind"].tolist() == [3, 1] and values["kind"] == {
        1: "actual", 2: "estimate", 3: "target"
    }
    assert labels["value_x"] == "value-x: Value as printed"
    assert len(labels["note"]) == 80 and labels["note"].endswith("…")
    assert strl == ["note"]  # 2,400 bytes of UTF-8: more than a fixed Stata string holds
    import math

    assert math.isnan(frame["value_x"][0]) and frame["value_x"][1] == 2.5


@pytest.mark.sweep
def test_xlsx_sheets_have_filters_and_frozen_headers(shipped: Shipped) -> None:
    wb = shipped.workbook
    for ws in wb.worksheets[1:]:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref == ws.dimensions, ws.title


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "dta"])
@pytest.mark.sweep
def test_an_absent_optional_table_is_left_out_of_every_format(tmp_path: Path, fmt: str) -> None:
    """A package without exceptions.csv (a synthetic or a user's own) exports what it holds."""
    from analysis.dev.synthetic import write_synthetic

    data = write_synthetic(tmp_path / "syn", 2, 2, 1) / "data"
    assert not (data / "exceptions.csv").exists()
    paths = export(fmt, tmp_path / "out", data)
    assert paths and not any("exceptions" in p.name for p in paths)
    if fmt == "xlsx":
        assert "exceptions" not in load_workbook(paths[0]).sheetnames


@pytest.mark.sweep
def test_the_same_data_exports_the_same_workbook_bytes(tmp_path: Path, shipped: Shipped) -> None:
    """openpyxl stamps the save's time into docProps/core.xml and every zip entry: the export
    fixes both, so a report's download does not change when its data did not. The first save
    is the module's shared export (written through the same write_xlsx)."""
    import zipfile

    from analysis.report import export as module

    first = shipped.path
    # past the zip format's two-second resolution since the first save (the rest of 2.1 s)
    time.sleep(max(0.0, 2.1 - (time.time() - shipped.written)))
    second = module.write_xlsx(tmp_path / "b.xlsx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        core = z.read("docProps/core.xml").decode()
        assert {i.date_time for i in z.infolist()} == {module.FIXED_TIME}
    assert core.count("1980-01-01T00:00:00Z") == 2, core
    assert load_workbook(first).properties.created.year == 1980


@pytest.mark.sweep
def test_one_export_computes_the_targets_panel_once(
    tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The panel costs about a second: the xlsx, CSV and Stata files share one computation, and
    an edit to the data computes it again."""
    from analysis.dev.bench import edit_one_district
    from analysis.presentation import panel
    from analysis.report import export as module

    calls: list[object] = []
    real = panel.targets_panel

    def counted(folder: Path) -> object:
        calls.append(folder)
        return real(folder)

    monkeypatch.setattr(panel, "targets_panel", counted)
    module._panel_rows.cache_clear()
    for fmt in module.FORMATS:
        export(fmt, tmp_path / fmt, data_copy)
    assert len(calls) == 1
    export("csv", tmp_path / "again", data_copy)
    assert len(calls) == 1, "the same bytes: the same panel"
    edit_one_district(data_copy, "yangpu")
    export("csv", tmp_path / "edited", data_copy)
    assert len(calls) == 2, "an edit to the data: the panel again"
