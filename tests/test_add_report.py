"""add-report: a report text becomes a seed, byte for byte, with its checksum in sources.csv;
validate refuses a district without a report and a report without rows, saying what to add."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from analysis.base.errors import DataError
from analysis.cli import main
from analysis.contract.package import validate_package
from analysis.curate.add_report import AddReportError, add_report
from tests.conftest import read_rows, write_rows

TEXT = "关于测试区2023年计划执行情况的报告\r\n地区生产总值完成 100.5 亿元。\n"


def _report(tmp_path: Path, text: str = TEXT, name: str = "report.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _args(**over: object) -> dict:
    args = dict(
        source="testdist-2024", district="testdist", results_year=2023, plan_year=2024,
        adopted="2024-01-20", title_zh="关于测试区的报告", title_en="Report of Test District",
        district_zh="测试区", district_en="Test District",
    )  # fmt: skip
    args.update(over)
    return args


def test_add_report_copies_byte_for_byte_and_records_it(data_copy: Path, tmp_path: Path) -> None:
    file = _report(tmp_path)
    added = add_report(file, data_dir=str(data_copy), **_args())
    seed = data_copy.parent / "seeds" / "testdist-2024.txt"
    assert added.seed == seed and added.new_district
    assert seed.read_bytes() == file.read_bytes()  # CRLF and all
    src = read_rows(data_copy / "sources.csv")
    row = dict(zip(src[0], src[-1], strict=True))
    assert row["sha256"] == hashlib.sha256(file.read_bytes()).hexdigest()
    assert (row["file"], row["original_file"]) == ("seeds/testdist-2024.txt", "report.txt")
    assert (row["results_year"], row["plan_year"], row["adopted"]) == ("2023", "2024", "2024-01-20")
    assert row["issuer_zh"] == "测试区发展和改革委员会"
    assert read_rows(data_copy / "districts.csv")[-1] == ["testdist", "测试区", "Test District",
                                                          "Test"]  # fmt: skip
    # the package reads, but validate asks for the report's rows
    with pytest.raises(DataError) as err:
        validate_package(data_copy)
    assert len(err.value.problems) == 1
    assert str(err.value.problems[0]) == (
        f'{data_copy / "sources.csv"}, line {len(src)}, column "source": '
        "source 'testdist-2024' has no rows in indicators.csv: draft them with "
        "`python -m analysis draft testdist-2024 --output testdist-2024-draft.csv`, review the "
        "file, then `python -m analysis accept testdist-2024-draft.csv`"
    )


def test_a_second_report_of_a_known_district_needs_no_names(data_copy: Path, tmp_path: Path):
    file = _report(tmp_path, TEXT + "二\n")
    before = read_rows(data_copy / "districts.csv")
    added = add_report(
        file, data_dir=str(data_copy),
        **_args(source="baoshan-2025", district="baoshan", results_year=2024, plan_year=2025,
                district_zh=None, district_en=None),
    )  # fmt: skip
    assert not added.new_district
    assert read_rows(data_copy / "districts.csv") == before


@pytest.mark.parametrize(
    ("over", "text", "message"),
    [
        ({}, None, "line 1: not UTF-8 text (byte 0xb5 at offset 0); convert it to UTF-8"),
        ({"source": "yangpu-2024"}, TEXT, "source key 'yangpu-2024' is already in use"),
        ({"source": "Bad-Key"}, TEXT, "--source 'Bad-Key' does not match ^[a-z]+-[0-9]{4}$"),
        ({"district_en": None}, TEXT, "district 'testdist' is new: give its names with "
         "--district-zh"),
        ({"plan_year": 2023}, TEXT, "--plan-year 2023 must come after --results-year 2023"),
        ({"adopted": "20.1.2024"}, TEXT, "--adopted '20.1.2024' is not a date (YYYY-MM-DD)"),
        ({"results_year": 2022}, TEXT, "--results-year 2022 and --plan-year 2024: a plan report "
         "gives the results of the year before its plan year (--results-year 2023)"),
        ({"source": "testdist-2030"}, TEXT, "--source 'testdist-2030': the key's year is the plan "
         "year, 2024 (e.g. testdist-2024)"),
        ({"district": "yangpu", "plan_year": 2024, "district_zh": None, "district_en": None},
         TEXT, "district 'yangpu' already has a report for plan year 2024: 'yangpu-2024'"),
        ({}, "", "the file is empty"),
    ],
)  # fmt: skip
def test_add_report_refuses(
    data_copy: Path, tmp_path: Path, over: dict, text: str | None, message: str
) -> None:
    file = tmp_path / "report.txt"
    file.write_bytes("的".encode("gbk") if text is None else text.encode("utf-8"))
    before = {p.name: p.read_bytes() for p in data_copy.iterdir()}
    seeds = sorted(p.name for p in (data_copy.parent / "seeds").iterdir())
    with pytest.raises(AddReportError, match=re.escape(message)):
        add_report(file, data_dir=str(data_copy), **_args(**over))
    assert {p.name: p.read_bytes() for p in data_copy.iterdir()} == before, "data untouched"
    assert sorted(p.name for p in (data_copy.parent / "seeds").iterdir()) == seeds


def test_a_file_already_registered_is_refused(data_copy: Path, tmp_path: Path) -> None:
    seed = data_copy.parent / "seeds" / "baoshan-2023-2024-plan-report.txt"
    copy = tmp_path / "same.txt"
    copy.write_bytes(seed.read_bytes())
    with pytest.raises(AddReportError, match="is already registered as source 'baoshan-2024'"):
        add_report(copy, data_dir=str(data_copy), **_args())


def test_a_missing_seeds_folder_is_named(tmp_path: Path, data_copy: Path) -> None:
    lone = tmp_path / "elsewhere" / "data"
    lone.parent.mkdir()
    data_copy.rename(lone)
    with pytest.raises(AddReportError) as err:
        add_report(_report(tmp_path), data_dir=str(lone), **_args())
    assert f"seeds folder {lone.parent / 'seeds'} not found" in str(err.value)
    assert "(<data folder>/../seeds)" in str(err.value)


@pytest.mark.parametrize("before", [True, False])
def test_cli_takes_data_dir_before_or_after(
    data_copy: Path, tmp_path: Path, capsys, before: bool
) -> None:
    file = _report(tmp_path)
    args = ["add-report", str(file), "--source", "testdist-2024", "--district", "testdist",
            "--results-year", "2023", "--plan-year", "2024", "--adopted", "2024-01-20",
            "--title-zh", "报告", "--title-en", "Report", "--district-zh", "测试区",
            "--district-en", "Test District"]  # fmt: skip
    where = ["--data-dir", str(data_copy)]
    assert main(where + args if before else args + where) == 0
    out = capsys.readouterr().out
    assert "added district 'testdist' to districts.csv" in out
    assert "next: python -m analysis draft testdist-2024 --output testdist-2024-draft.csv" in out
    assert main(args + where) == 2
    assert "source key 'testdist-2024' is already in use" in capsys.readouterr().err


def test_validate_refuses_a_district_without_a_report(data_copy: Path, capsys) -> None:
    rows = read_rows(data_copy / "districts.csv")
    write_rows(data_copy / "districts.csv", [*rows, ["testdist", "测试区", "Test District",
                                                     "Test"]])  # fmt: skip
    assert main(["validate", "--data-dir", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert (
        f"districts.csv, line {len(rows) + 1}, column \"district\": district 'testdist' has no "
        "report in sources.csv: add one with `python -m analysis add-report FILE --source KEY "
        "--district testdist …`, or delete this row"
    ) in err


def test_notebook_setup_stops_on_an_incomplete_package_with_the_message(data_copy: Path):
    """No notebook reaches a pandas error: setup's loader refuses first."""
    from analysis.presentation.notebook import setup

    rows = read_rows(data_copy / "districts.csv")
    write_rows(data_copy / "districts.csv", [*rows, ["testdist", "测试区", "Test District",
                                                     "Test"]])  # fmt: skip
    with pytest.raises(DataError, match="district 'testdist' has no report in sources.csv"):
        setup("testdist", data_dir=str(data_copy), style=False)


# -- remove-report ------------------------------------------------------------------------


def _snapshot(data: Path) -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    files.update({f"seeds/{p.name}": p.read_bytes() for p in (data.parent / "seeds").iterdir()})
    return files


def _add_and_accept(data: Path, tmp_path: Path) -> None:
    """A new district's report with two accepted rows."""
    from analysis.curate.accept import accept

    add_report(_report(tmp_path), data_dir=str(data), **_args())
    header = read_rows(data / "indicators.csv")[0]
    quote = "地区生产总值完成 100.5 亿元。"
    row = dict.fromkeys(header, "")
    row.update(district="testdist", source="testdist-2024", year="2023", kind="actual",
               indicator="gdp", label_zh="地区生产总值", value="100.5", unit="亿元", quote=quote,
               section="正文")  # fmt: skip
    write_rows(tmp_path / "reviewed.csv", [header, [row[h] for h in header]])
    accept(tmp_path / "reviewed.csv", str(data))


@pytest.mark.sweep
def test_remove_report_takes_back_what_add_report_and_accept_put_in(
    data_copy: Path, tmp_path: Path, capsys
) -> None:
    before = _snapshot(data_copy)
    _add_and_accept(data_copy, tmp_path)
    assert _snapshot(data_copy) != before
    assert main(["remove-report", "testdist-2024", "--data-dir", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert "removed source 'testdist-2024' from sources.csv, with 1 indicator row(s)" in out
    assert "removed district 'testdist': it has no other report" in out
    assert _snapshot(data_copy) == before, "every file as it was before add-report"
    validate_package(data_copy)


def test_remove_report_keeps_a_district_with_another_report(
    data_copy: Path, tmp_path: Path
) -> None:
    from analysis.curate.remove_report import remove_report

    others = read_rows(data_copy / "indicators.csv")
    add_report(_report(tmp_path), data_dir=str(data_copy), **_args())
    add_report(
        _report(tmp_path, TEXT + "另一份。\n", "r2.txt"), data_dir=str(data_copy),
        **_args(source="testdist-2025", results_year=2024, plan_year=2025),
    )  # fmt: skip
    removed = remove_report("testdist-2025", str(data_copy))
    assert removed.district is None and removed.indicator_rows == 0
    assert "testdist" in [r[0] for r in read_rows(data_copy / "districts.csv")[1:]]
    sources = [r[0] for r in read_rows(data_copy / "sources.csv")[1:]]
    assert "testdist-2024" in sources and "testdist-2025" not in sources
    assert read_rows(data_copy / "indicators.csv") == others, "other reports' rows untouched"


def test_remove_report_refuses_while_another_table_names_its_last_district(
    data_copy: Path,
) -> None:
    """A comparability row about the district: the district cannot go with its last report."""
    from analysis.curate.remove_report import RemoveReportError, remove_report

    named = {r[1] for r in read_rows(data_copy / "comparability.csv")[1:] if r[1]}
    sources = read_rows(data_copy / "sources.csv")[1:]
    only = [r[0] for r in sources if r[1] in named and [s[1] for s in sources].count(r[1]) == 1]
    if not only:
        pytest.skip("no district named in comparability.csv has a single report")
    before = _snapshot(data_copy)
    with pytest.raises(RemoveReportError, match=r"comparability\.csv, line \d+: names district"):
        remove_report(only[0], str(data_copy))
    assert _snapshot(data_copy) == before


def test_remove_report_refuses_while_an_exception_names_its_rows(data_copy: Path) -> None:
    from analysis.curate.remove_report import RemoveReportError, remove_report

    excepted = read_rows(data_copy / "exceptions.csv")[1]  # an exception of a shipped row
    row = next(r for r in read_rows(data_copy / "indicators.csv") if r[0] == excepted[1])
    before = _snapshot(data_copy)
    with pytest.raises(RemoveReportError) as err:
        remove_report(row[2], str(data_copy))
    text = str(err.value)
    assert text.startswith(f"refusing to remove '{row[2]}', nothing changed: other rows depend")
    assert f"exceptions.csv, line 2: the exception for {excepted[1]} ({excepted[2]})" in text
    assert _snapshot(data_copy) == before


def test_remove_report_of_an_unknown_source(data_copy: Path) -> None:
    from analysis.base.errors import UnknownKeyError
    from analysis.curate.remove_report import remove_report

    with pytest.raises(UnknownKeyError, match="unknown source 'nosuch-2024'"):
        remove_report("nosuch-2024", str(data_copy))
