"""The hostile-input catalogue (README, Troubleshooting): each case and its exact message.

Each test breaks a private copy of the data the way a user might (Excel's GBK, stray spaces,
placeholders …) and checks every problem reported: file, line, column and message. Runner and
notebook cases (wrong papermill parameters, a failing cell, an unwritable or full output folder)
are in test_runner.py.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from analysis import DataError, load_indicators
from analysis.errors import Problem
from tests.conftest import get_cell, read_rows, set_cell


def _problems(data_dir: Path) -> list[tuple[str, int | None, str | None, str]]:
    with pytest.raises(DataError) as info:
        load_indicators(data_dir)
    return [(Path(p.file).name, p.line, p.column, p.message) for p in info.value.problems]


def test_gbk_file_is_refused_with_its_line_and_column(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    raw = path.read_text(encoding="utf-8").encode("gbk", errors="replace")
    path.write_bytes(raw)
    [(name, line, column, message)] = _problems(data_copy)
    assert (name, line, column) == ("indicators.csv", 2, "label_zh")
    offset = raw.index("地区生产总值".encode("gbk"))  # the first Chinese character of the file
    assert message == (
        f"not UTF-8 (byte 0x{raw[offset]:02x} at offset {offset}); "
        "save the file as UTF-8 (Excel: 'CSV UTF-8')"
    )


def test_utf8_bom_is_accepted(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_indicators(data_copy)) == len(load_indicators())


def test_crlf_line_endings_are_accepted(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    ind = load_indicators(data_copy)
    assert ind["quote"].equals(load_indicators()["quote"])


def test_empty_file(data_copy: Path) -> None:
    (data_copy / "indicators.csv").write_bytes(b"")
    assert _problems(data_copy) == [
        ("indicators.csv", 1, None, "empty file: expected a header row and data")
    ]


def test_header_only(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert _problems(data_copy) == [
        ("indicators.csv", 2, None, "no data rows: the file has a header only")
    ]


@pytest.mark.parametrize("blank", ["", ",,,,,,,,,,,,,,"])
def test_blank_rows(data_copy: Path, blank: str) -> None:
    path = data_copy / "indicators.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, blank)
    path.write_text("\n".join(lines), encoding="utf-8")
    assert _problems(data_copy) == [("indicators.csv", 4, None, "blank row; delete it")]


def test_key_with_a_stray_space(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 2, "district", "baoshan ")
    assert _problems(data_copy) == [
        ("indicators.csv", 2, "district", "'baoshan ' has leading or trailing spaces")
    ]


def test_key_in_full_width_characters(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 2, "indicator", "ｇｄｐ")
    [(name, line, column, message)] = _problems(data_copy)
    assert (name, line, column) == ("indicators.csv", 2, "indicator")
    assert message.startswith(
        "unknown indicator 'ｇｄｐ'; full-width or stray characters: did you mean 'gdp'? "
        "(not in catalogue: "
    )


def test_misspelt_key_gets_a_suggestion(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 2, "unit", "亿圆")
    [(_, _, column, message)] = _problems(data_copy)
    assert column == "unit"
    assert message.startswith("unknown unit '亿圆'")


@pytest.mark.parametrize("placeholder", ["NaN", "—", "nan", "N/A", "-"])
def test_placeholders_are_not_numbers(data_copy: Path, placeholder: str) -> None:
    set_cell(data_copy / "indicators.csv", 2, "value", placeholder)
    assert _problems(data_copy) == [
        (
            "indicators.csv",
            2,
            "value",
            f"{placeholder!r} is not a number (digits with an optional decimal point, "
            "no thousands separators, no placeholders)",
        )
    ]


def test_negative_count(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    rows = read_rows(path)
    head = rows[0]
    line = next(
        i
        for i, r in enumerate(rows, start=1)
        if r[head.index("indicator")] == "lift_installations" and not r[head.index("also_quote")]
    )
    printed = get_cell(path, line, "value")
    set_cell(path, line, "value", f"-{printed}")
    assert _problems(data_copy) == [
        (
            "indicators.csv",
            line,
            "value",
            f"value -{printed} does not appear in the quote as a whole number",
        ),
        (
            "indicators.csv",
            line,
            "value",
            f"negative count -{printed}: a count cannot be below zero",
        ),
    ]


def test_year_outside_the_report(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    assert get_cell(path, 2, "kind") == "actual"
    set_cell(path, 2, "year", "2031")
    assert _problems(data_copy) == [
        (
            "indicators.csv",
            2,
            "year",
            "actual year 2031 outside the report's results years 2013–2023",
        )
    ]


def test_quote_with_one_character_changed(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    quote = get_cell(path, 2, "quote")
    assert "地区生产总值 亿元 1806.05" in quote
    set_cell(path, 2, "quote", quote.replace("1806.05", "1806.06"))
    [(name, line, column, message)] = _problems(data_copy)
    assert (name, line, column) == ("indicators.csv", 2, "quote")
    assert message == (
        "quote not found in seed baoshan-2024; it matches up to character 21 "
        "(…生产总值亿元1806.0), then has '6' where the seed has '5'"
    )


def test_foreign_key_to_a_missing_source(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 2, "source", "baoshan-2025")
    [(name, line, column, message)] = _problems(data_copy)
    assert (name, line, column) == ("indicators.csv", 2, "source")
    assert message == (
        "unknown source 'baoshan-2025'; did you mean 'baoshan-2024'? "
        "(not in sources: baoshan-2024, yangpu-2024)"
    )


def test_foreign_key_to_a_missing_indicator(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 2, "indicator", "gdp_level")
    [(_, line, column, message)] = _problems(data_copy)
    assert (line, column) == (2, "indicator")
    assert message.startswith("unknown indicator 'gdp_level'")
    assert "(not in catalogue: " in message


def test_datapackage_that_does_not_match_the_headers(data_copy: Path) -> None:
    path = data_copy / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    fields = next(r for r in desc["resources"] if r["name"] == "indicators")["schema"]["fields"]
    assert fields[7]["name"] == "value"
    fields[7]["name"] = "amount"
    path.write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    assert _problems(data_copy) == [
        ("indicators.csv", 1, None, "missing column(s): amount (datapackage.json declares them)"),
        (
            "indicators.csv",
            1,
            None,
            "unexpected column(s): 'value' (not declared in datapackage.json)",
        ),
    ]


def test_every_case_is_listed_in_the_readme() -> None:
    from analysis.paths import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for words in (
        "GBK",
        "BOM",
        "CRLF",
        "empty file",
        "header only",
        "blank row",
        "stray space",
        "full-width",
        "placeholder",
        "negative count",
        "year",
        "one character",
        "unknown source",
        "datapackage.json declares",
        "-p district 7",
        "-p lang EN",
        "third cell",
        "full disk",
        "--output",
    ):
        assert words in readme, words


def test_problem_string_names_file_line_and_column() -> None:
    p = Problem("data/indicators.csv", 7, "value", "'—' is not a number")
    assert str(p) == "data/indicators.csv, line 7, column \"value\": '—' is not a number"


@pytest.mark.slow
def test_full_disk_keeps_the_good_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk that fills while writing: the error names it, the earlier output stays whole."""
    from analysis.report import files, runner

    job = runner.Job(runner.notebooks()["01_district_overview"], "baoshan", "en", tmp_path)
    first = runner.execute(job)
    assert first.ok
    before = job.target.read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full)
    second = runner.execute(job)
    assert not second.ok
    assert second.error == (
        "01_district_overview [baoshan, en]: OSError: [Errno 28] No space left on device"
    )
    assert job.target.read_bytes() == before
    assert not list(tmp_path.rglob("*.tmp")), "no half-written file is left behind"
