"""The Excel exports open with Chinese intact and numbers as printed; read back to prove it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

import analysis
from analysis.errors import DataError, WorkbookError
from analysis.report.export import WORKBOOK, export
from tests.conftest import set_cell


def test_xlsx_round_trip(tmp_path: Path) -> None:
    [path] = export("xlsx", tmp_path)
    assert path == tmp_path / WORKBOOK
    wb = load_workbook(path)
    ind = analysis.load_indicators()
    assert wb.sheetnames[0] == "README"
    assert set(wb.sheetnames[1:]) == {
        "sources",
        "districts",
        "categories",
        "units",
        "qualifiers",
        "catalogue",
        "indicators",
        "projects",
        "reference",
        "exceptions",
    }
    ws = wb["indicators"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["id", "district", "source"]
    assert ws.max_row - 1 == len(ind)
    rows = {
        r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)
    }
    rev = next(
        r for r in rows.values() if r["district"] == "yangpu" and r["indicator"] == "revenue"
    )
    assert rev["value"] == pytest.approx(154.99) and rev["label_zh"] == "区级财政收入"
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


def test_csv_export_has_a_bom_and_reads_back(tmp_path: Path) -> None:
    paths = export("csv", tmp_path)
    ind = tmp_path / "csv" / "indicators.csv"
    assert ind in paths and (tmp_path / "csv" / "README.csv") in paths
    raw = ind.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    original = list(
        csv.reader(
            (analysis.paths.DATA_DIR / "indicators.csv").read_text(encoding="utf-8").splitlines()
        )
    )
    assert rows == original


def test_export_refuses_bad_data_and_bad_formats(tmp_path: Path, data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 2, "unit", "千元")
    with pytest.raises(DataError, match='line 2, column "unit"'):
        export("xlsx", tmp_path, data_copy)
    assert not (tmp_path / WORKBOOK).exists()
    with pytest.raises(WorkbookError, match="unknown format 'ods'; valid formats: xlsx, csv"):
        export("ods", tmp_path)
