"""The hostile-input catalogue (docs/hostile-inputs.md): each case and its exact message.

Each test breaks a private copy of the data the way a user might (Excel's GBK, stray spaces,
placeholders …) and checks every problem reported: file, line, column and message. Runner and
notebook cases (wrong papermill parameters, a failing cell, an unwritable or full output folder)
are in test_runner.py.
"""

from __future__ import annotations

import ast
import errno
import json
import re
from pathlib import Path

import pytest

from analysis import DataError, load_indicators
from analysis.base.errors import Problem
from tests.conftest import get_cell, read_rows, set_cell, source_keys

#: Said first when indicators.csv does not read: what could not be checked without it.
SKIPPED = (
    "indicators.csv",
    None,
    None,
    "did not read; the checks that need it were skipped (the foreign keys to it: "
    "backing.target; backing sentences; parts and their sums); fix this file first",
)


def _problems(data_dir: Path) -> list[tuple[str, int | None, str | None, str]]:
    with pytest.raises(DataError) as info:
        load_indicators(data_dir)
    return [(Path(p.file).name, p.line, p.column, p.message) for p in info.value.problems]


def _problems_of_unread(data_dir: Path) -> list[tuple[str, int | None, str | None, str]]:
    """The problems after the note that indicators.csv did not read (asserted here)."""
    first, *rest = _problems(data_dir)
    assert first == SKIPPED
    return rest


def test_gbk_file_is_refused_with_its_line_and_column(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    raw = path.read_text(encoding="utf-8").encode("gbk", errors="replace")
    path.write_bytes(raw)
    [(name, line, column, message)] = _problems_of_unread(data_copy)
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
    assert _problems_of_unread(data_copy) == [
        ("indicators.csv", 1, None, "empty file: expected a header row and data")
    ]


def test_header_only(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert _problems_of_unread(data_copy) == [
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


@pytest.mark.parametrize("placeholder", ["NaN", "—", "nan", "N/A", "-", "五"])
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
    # a typo of a shipped report's key that sources.csv's pattern refuses: never a real source
    set_cell(data_copy / "indicators.csv", 2, "source", "baoshan-20244")
    [(name, line, column, message)] = _problems(data_copy)
    assert (name, line, column) == ("indicators.csv", 2, "source")
    keys = sorted(source_keys())
    assert message == (
        "unknown source 'baoshan-20244'; did you mean 'baoshan-2024'? "
        f"(not in sources: {', '.join(keys[:12])}{'…' if len(keys) > 12 else ''})"
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
    assert _problems_of_unread(data_copy) == [
        ("indicators.csv", 1, None, "missing column(s): amount (datapackage.json declares them)"),
        (
            "indicators.csv",
            1,
            None,
            "unexpected column(s): 'value' (not declared in datapackage.json)",
        ),
    ]


def _catalogue() -> str:
    from analysis.base.paths import ROOT

    return (ROOT / "docs" / "hostile-inputs.md").read_text(encoding="utf-8")


def test_every_case_is_listed_in_the_catalogue() -> None:
    catalogue = _catalogue()
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
        # issue 13
        "`<script>`",
        "javascript:",
        "`=HYPERLINK(…)`",
        "leading apostrophe",
        "negative number",
        "control character U+0007",
        "not a value in 亿元",
        "not a value in 万元",
        "as a table row number",
        "as a calendar year",
        "one fact, one row",
        "data/exceptions.csv",
        "the exception is not needed",
        "interrupted by SIGINT",
        "SIGTERM",
        "a second Ctrl-C",
        "did not write",
        "the filesystem root",
        "the repository root",
        "it is the data folder",
        "inside the data folder",
        "--output is empty",
        "cannot create the folder",
        "cannot write to the folder",
        "cannot write the index",
        "still lists every report",
        "--jobs 100",
        "a repeated key",
        "over the limit of 131072",
        "never closed",
        "quoted cell holding a comma",
        'has no "path"',
        "the top level is a list",
        "not a valid regular expression",
        "is outside the data folder",
        "a table that is a directory",
        "is outside the seeds folder",
        "is a directory, not a regular file",
        "FIFO",
        "over the limit of 16777216",
        "is a file, not a data folder",
        "Symlink loop",
        "digits must be ASCII",
        "not a real date",
        "factor 0",
        "more than 17 digits",
        "is a placeholder",
        # issue 20
        "-p distrct baoshan",
        "interrupted by SIGHUP",
        "SIGKILL",
        "left by an earlier run that was killed",
    ):
        assert words in catalogue, words


_HOLE = "\x00"
#: The place Problem puts in front of a message: file, line, column.
_PLACE = re.compile(
    r'^(?:error: )?(?:[\w./-]+\.(?:csv|json|ipynb)[,:] )?(?:line \d+[,:] )?(?:column "[^"]+": )?'
)


def _string_templates(folder: Path) -> list[str]:
    """Every string literal of the Python files under `folder`; an f-string's holes become
    `_HOLE` (Python joins the pieces of a message split over lines into one literal)."""
    out = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                out.append(
                    "".join(v.value if isinstance(v, ast.Constant) else _HOLE for v in node.values)
                )
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.append(node.value)
    return out


def _catalogue_messages(catalogue: str) -> list[tuple[str, str]]:
    """(case, message) for each backticked message of the hostile-input catalogue (the table of
    "## The catalogue" and of every section after it); a backticked value of a word or two
    (`SIGTERM`, `-0.5`) is an example, not a message."""
    section = catalogue.split("## The catalogue", 1)[1]
    out = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) < 2 or cells[0] in ("Case", "---") or not line.startswith("| "):
            continue
        out += [(cells[0], m) for m in re.findall(r"`([^`]+)`", cells[1]) if m.count(" ") >= 2]
    return out


def _compiled(code: list[str]) -> list[tuple[str, str, str, bool]]:
    """Each message template of the package (8 constant characters or more, one line): its text
    with holes as "…", its longest constant piece (a quick test before any pattern), its
    pattern, holes standing for values, and whether a caller's words may stand in front (15
    constant characters or more)."""
    out = []
    for t in dict.fromkeys(code):
        constant = len(t.replace(_HOLE, ""))
        if constant < 8 or len(t) > 400 or " " not in t:  # a docstring or a name: no message
            continue
        body = ".*?".join(re.escape(p) for p in t.split(_HOLE))
        longest = max(t.split(_HOLE), key=len)
        out.append((t.replace(_HOLE, "…"), longest, body, constant >= 15))
    return out


def _given(message: str, code: list, tests: list[str], extra: str) -> bool:
    """Is `message` one the code gives? Either a message template of the package matches all of
    it (holes standing for values; a caller's words in front, as in "value 1.7: …", allowed; a
    catalogue message cut short with "…" matches the start of one), or a test asserts it ("…"
    standing for what the catalogue leaves out). The place in front (file, line, column, or
    `error: `) is left aside."""
    bare = _PLACE.sub("", message, count=1)
    for text, longest, body, prefix in code:
        if bare.endswith("…") and text.startswith(bare[:-1]):
            return True
        if longest not in bare:
            continue
        if re.fullmatch(body, bare, re.S):
            return True
        if prefix and re.fullmatch(f"(?:.* )?{body}", bare, re.S):
            return True
    rx = re.compile(".+?".join(re.escape(p) for p in bare.split("…")), re.S)
    return any(rx.search(t.replace(_HOLE, "…")) for t in tests) or bool(rx.search(extra))


@pytest.mark.sweep
def test_every_message_in_the_catalogue_is_one_the_code_gives() -> None:
    """The catalogue shows messages the code really gives: a reworded message in the code, or a
    message typed into the catalogue that no code or test produces, fails here."""
    from analysis.base.paths import ROOT

    catalogue = _catalogue()
    code = _compiled(_string_templates(ROOT / "analysis"))
    tests = _string_templates(ROOT / "tests")
    make = (ROOT / "Makefile").read_text(encoding="utf-8").replace("%d.%d", "3.x")
    messages = _catalogue_messages(catalogue)
    assert len(messages) >= 55, "the catalogue lost its messages"
    missing = [(case, m) for case, m in messages if not _given(m, code, tests, make)]
    assert missing == []
    # and the check can fail: a message no code gives, and a reworded one (each built here, so
    # that this file does not hold them as literals for the check to find)
    invented = " ".join(["frobnicated", "the", "widget", "beyond", "repair"])
    reworded = " ".join(["save", "this", "file", "as", "UTF-8", "(Excel:", "'CSV", "UTF-8')"])
    assert not _given(invented, code, tests, make)
    assert not _given(reworded, code, tests, make)


def test_problem_string_names_file_line_and_column() -> None:
    p = Problem("data/indicators.csv", 7, "value", "'—' is not a number", "type-number")
    assert str(p) == "data/indicators.csv, line 7, column \"value\": '—' is not a number"


@pytest.mark.slow
def test_full_disk_keeps_the_good_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk that fills while writing: the error names it, the earlier output stays whole."""
    from analysis.base import files
    from analysis.report import runner

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


# --- issue 13: hostile text, malformed files, paths outside the package ------------------------


def _descriptor_problems(data_dir: Path) -> list[tuple[str, int | None, str | None, str]]:
    return _problems(data_dir)


def _edit_descriptor(data_dir: Path, edit) -> None:
    path = data_dir / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc = edit(desc)
    path.write_text(json.dumps(desc, ensure_ascii=False, indent=2), encoding="utf-8")


def _resource(desc: dict, name: str) -> dict:
    return next(r for r in desc["resources"] if r["name"] == name)


def test_control_character_in_a_note(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 2, "note", "see\x07 table 1")
    assert _problems(data_copy) == [
        (
            "indicators.csv",
            2,
            "note",
            "control character U+0007 at character 4: a spreadsheet or a web page cannot show "
            "it; delete it",
        )
    ]


def test_a_cell_over_128_kb(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 2, "note", "x" * 200_000)
    assert _problems(data_copy) == [
        (
            "indicators.csv",
            2,
            "note",
            'a cell of 200000 characters, over the limit of 131072 (a " never closed joins the '
            "rest of the file)",
        )
    ]


def test_an_unclosed_quote(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    set_cell(path, 5, "note", "MARKER")
    text = path.read_text(encoding="utf-8").replace("MARKER", '"an unfinished note', 1)
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    closing = next(i for i in range(5, len(lines)) if '"' in lines[i]) + 1  # the next " ends it
    problems = _problems(data_copy)
    assert problems[0] == (
        "indicators.csv",
        5,
        "note",
        f'this cell runs on to line {closing}: a " that is never closed (or a line break '
        "inside a cell) joins the lines after it; close the quote, one row a line",
    )


def test_encoding_error_after_a_quoted_comma_names_the_right_column(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    raw = path.read_bytes()
    line2_start = raw.index(b"\n") + 1
    line2_end = raw.index(b"\n", line2_start)
    line = raw[line2_start:line2_end]
    assert b'"1 \xe4\xb8\xbb' in line and b", " in line.split(b'"')[1]  # the quote holds a comma
    # the GBK byte lands in the section column, after the quoted cell with its comma
    section = line.index("附件1".encode())
    raw = raw[: line2_start + section] + b"\xb5" + raw[line2_start + section :]
    path.write_bytes(raw)
    [(name, lineno, column, message)] = _problems_of_unread(data_copy)
    assert (name, lineno, column) == ("indicators.csv", 2, "section")
    assert message.startswith("not UTF-8 (byte 0xb5 at offset ")


def test_full_width_digits_in_a_year(data_copy: Path) -> None:
    set_cell(data_copy / "indicators.csv", 2, "year", "２０２３")
    assert _problems(data_copy) == [
        (
            "indicators.csv",
            2,
            "year",
            "'２０２３' is not a whole number; digits must be ASCII 0-9 (full-width or other "
            "scripts' digits are not read)",
        )
    ]


def test_an_impossible_date(data_copy: Path) -> None:
    set_cell(data_copy / "sources.csv", 2, "adopted", "2024-02-30")
    assert _problems(data_copy) == [
        (
            "sources.csv",
            2,
            "adopted",
            "'2024-02-30' is not a real date (day is out of range for month)",
        )
    ]


def test_a_unit_factor_of_zero(data_copy: Path) -> None:
    set_cell(data_copy / "units.csv", 2, "factor", "0")
    assert _problems(data_copy) == [
        (
            "units.csv",
            2,
            "factor",
            "factor 0: value_std = value × factor would make every figure 0; it must be above 0",
        )
    ]


def test_a_400_digit_value(data_copy: Path) -> None:
    set_cell(data_copy / "reference.csv", 2, "value", "9" * 400)
    assert _problems(data_copy) == [
        (
            "reference.csv",
            2,
            "value",
            "'99999999999999999999…' has more than 17 digits: no figure from a report is that "
            "long, and a number that long cannot be held",
        )
    ]


@pytest.mark.parametrize("placeholder", ["-", "?", "n/a", "TBD"])
def test_a_placeholder_citation(data_copy: Path, placeholder: str) -> None:
    set_cell(data_copy / "reference.csv", 2, "citation", placeholder)
    assert _problems(data_copy) == [
        (
            "reference.csv",
            2,
            "citation",
            f"citation {placeholder!r} is a placeholder: name the title, issuer, date and "
            "address of the source",
        )
    ]


def test_a_seed_path_outside_the_seeds_folder_is_not_read(data_copy: Path) -> None:
    set_cell(data_copy / "sources.csv", 2, "file", "../../../../etc/passwd")
    problems = _problems(data_copy)
    assert problems == [
        (
            "sources.csv",
            2,
            "file",
            f"seed '../../../../etc/passwd' is outside the seeds folder "
            f"{data_copy.parent / 'seeds'}/; seeds are read only from there",
        )
    ]
    assert "root:" not in str(problems), "nothing of the file is echoed"


def test_a_seed_that_is_a_directory(data_copy: Path) -> None:
    (data_copy.parent / "seeds" / "folder").mkdir()
    set_cell(data_copy / "sources.csv", 2, "file", "seeds/folder")
    assert _problems(data_copy) == [
        ("sources.csv", 2, "file", "seed 'seeds/folder' is a directory, not a regular file")
    ]


def test_a_seed_that_is_a_fifo_does_not_hang(data_copy: Path) -> None:
    import os
    import signal

    os.mkfifo(data_copy.parent / "seeds" / "pipe")
    set_cell(data_copy / "sources.csv", 2, "file", "seeds/pipe")
    old = signal.signal(signal.SIGALRM, signal.default_int_handler)
    signal.alarm(20)  # a hang fails the test instead of blocking the suite
    try:
        problems = _problems(data_copy)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert problems == [
        (
            "sources.csv",
            2,
            "file",
            "seed 'seeds/pipe' is a FIFO, socket or device, not a regular file",
        )
    ]


def test_a_seed_over_the_size_limit(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.contract import domain

    monkeypatch.setattr(domain, "MAX_SEED_BYTES", 1000)
    set_cell(data_copy / "sources.csv", 2, "file", get_cell(data_copy / "sources.csv", 2, "file"))
    size = (data_copy.parent / get_cell(data_copy / "sources.csv", 2, "file")).stat().st_size
    problems = _problems(data_copy)
    assert problems[0] == (
        "sources.csv",
        2,
        "file",
        f"seed {get_cell(data_copy / 'sources.csv', 2, 'file')!r} is {size} bytes, over the "
        "limit of 1000",
    )


def test_a_resource_path_outside_the_data_folder(data_copy: Path) -> None:
    def edit(desc: dict) -> dict:
        _resource(desc, "units")["path"] = "../../../../etc/passwd"
        return desc

    _edit_descriptor(data_copy, edit)
    [(name, line, column, message)] = _problems(data_copy)
    assert (name, column) == ("datapackage.json", None)
    assert isinstance(line, int)
    assert message == (
        "resource 4 ('units'): path '../../../../etc/passwd' is outside the data folder; tables "
        "are read only from there"
    )


def test_a_resource_without_a_path(data_copy: Path) -> None:
    def edit(desc: dict) -> dict:
        del _resource(desc, "units")["path"]
        return desc

    _edit_descriptor(data_copy, edit)
    text = (data_copy / "datapackage.json").read_text(encoding="utf-8")
    line = text[: text.index('"name": "units"')].count("\n") + 1
    assert _problems(data_copy) == [
        ("datapackage.json", line, None, "resource 4 ('units') has no \"path\" (its CSV file)")
    ]


def test_a_descriptor_whose_top_level_is_a_list(data_copy: Path) -> None:
    (data_copy / "datapackage.json").write_text("[]", encoding="utf-8")
    assert _problems(data_copy) == [
        ("datapackage.json", 1, None, 'the top level is a list, not an object with "resources"')
    ]


def test_an_invalid_regex_pattern(data_copy: Path) -> None:
    def edit(desc: dict) -> dict:
        _resource(desc, "indicators")["schema"]["fields"][0]["constraints"]["pattern"] = "^(bs"
        return desc

    _edit_descriptor(data_copy, edit)
    [(name, line, column, message)] = _problems(data_copy)
    assert (name, column) == ("datapackage.json", None)
    assert isinstance(line, int)
    assert message == (
        "resource 7 ('indicators'), field 'id': pattern '^(bs' is not a valid regular "
        "expression (missing ), unterminated subpattern at position 1)"
    )


def test_a_table_that_is_a_directory(data_copy: Path) -> None:
    (data_copy / "units.csv").unlink()
    (data_copy / "units.csv").mkdir()
    [skipped, problem] = _problems(data_copy)
    assert skipped[:3] == ("units.csv", None, None)
    assert skipped[3].startswith("did not read; the checks that need it were skipped (")
    assert problem == (
        "units.csv",
        None,
        None,
        "is a directory, not a regular file (resource 'units')",
    )


@pytest.mark.parametrize("kind", ["file", "loop"])
def test_data_dir_that_is_a_file_or_a_symlink_loop(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from analysis import cli

    target = tmp_path / "data"
    if kind == "file":
        target.write_text("not a folder", encoding="utf-8")
        expected = f"error: --data-dir {target}: is a file, not a data folder"
    else:
        target.symlink_to(target)
        expected = f"error: --data-dir {target}: cannot resolve it (Symlink loop from '{target}')"
    assert cli.main(["--data-dir", str(target), "validate"]) == 2
    assert capsys.readouterr().err.strip() == expected


def test_script_in_a_catalogue_name_is_escaped_in_the_dictionary(data_copy: Path) -> None:
    from analysis.contract.dictionary import render

    hostile = '<img src=x onerror="alert(1)"> GDP [click](javascript:alert(1)) *bold*'
    set_cell(data_copy / "catalogue.csv", 2, "name_en", hostile)
    text = render(data_copy)
    assert "<img" not in text and "\\[click\\](javascript" in text
    assert (
        '&lt;img src=x onerror="alert(1)"> GDP \\[click\\](javascript:alert(1)) \\*bold\\*' in text
    )


def test_markdown_sentences_show_html_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython.display

    from analysis.presentation.notebook import md

    shown: list[str] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj.data))
    md("**Growth** of <script>alert(1)</script> and [x](javascript:alert(1)) &lt;b&gt;")
    assert shown == [
        "**Growth** of &lt;script>alert(1)&lt;/script> and [x]\\(javascript:alert(1)) "
        "&amp;lt;b&amp;gt;"
    ]


@pytest.mark.sweep  # no kernel, but about a second: kept out of make test-fast
def test_the_html_export_of_a_hostile_sentence_has_no_live_tag() -> None:
    import nbformat
    from nbconvert import HTMLExporter

    from analysis.contract.text import neutralise_markdown

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("md(...)")
    text = neutralise_markdown('Name: <img src=x onerror="alert(1)"><script>alert(2)</script>')
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": text})]
    nb.cells = [cell]
    body, _ = HTMLExporter(exclude_input=True).from_notebook_node(nb)
    assert "<img src=x" not in body and "<script>alert(2)" not in body
    assert "&lt;img src=x" in body
