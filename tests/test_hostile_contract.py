"""Issue 20's contract cases (docs/hostile-inputs.md, "The descriptor, facts and values"): a
descriptor that would turn a check off or crash it, a reference fact stated twice, values moved
to another figure of their quote, a reference unit off by 10⁴, empty side tables, and one
unreadable table followed by dozens of derived errors. Each test breaks a private copy of the
data and checks the exact problem; every key and line is taken from the data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from analysis import DataError, load_indicators
from analysis.base.paths import data_dir
from analysis.contract import provenance, values
from analysis.contract.package import MAY_BE_EMPTY, validate_package
from analysis.load import frames
from tests.conftest import read_rows, write_rows
from tests.test_hostile_inputs import _catalogue, _compiled, _given, _string_templates

SECTION = "## The descriptor, facts and values"


def _problems(data_dir: Path) -> list[tuple[str, int | None, str | None, str, str]]:
    with pytest.raises(DataError) as info:
        validate_package(data_dir)
    return [(Path(p.file).name, p.line, p.column, p.message, p.code) for p in info.value.problems]


def _edit_descriptor(data_dir: Path, old: str, new: str) -> tuple[str, int]:
    """Replace the first `old` of datapackage.json (as written) by `new`; its line."""
    path = data_dir / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text, text.count("\n", 0, at) + 1


def _resource_at(text: str, offset: int) -> tuple[int, str]:
    """The number and name of the resource declared before `offset` in the descriptor."""
    resources = json.loads(text)["resources"]
    before = text[:offset]  # a resource's path is unique, and declared beside its name
    found = [
        (before.rfind(f'"path": {json.dumps(r["path"])}'), i, r["name"])
        for i, r in enumerate(resources, start=1)
    ]
    _, number, name = max(found)
    return number, name


# --- 3. the descriptor is validated before any table is read ----------------------------------


def test_a_foreign_key_to_an_undeclared_resource(data_copy: Path) -> None:
    text, line = _edit_descriptor(data_copy, '"resource": "catalogue"', '"resource": "catalog"')
    number, name = _resource_at(text, text.index('"resource": "catalogue"'))
    own = re.findall(r'"fields": "(\w+)"', text[: text.index('"resource": "catalogue"')])[-1]
    declared = ", ".join(r["name"] for r in json.loads(text)["resources"])
    assert _problems(data_copy) == [
        (
            "datapackage.json",
            line,
            None,
            f"resource {number} ({name!r}), foreign key on {own!r}: resource 'catalog' is not "
            f"declared; did you mean 'catalogue'? (declared: {declared})",
            "descriptor-foreign-key",
        )
    ]


def test_a_misspelt_field_type(data_copy: Path) -> None:
    text, line = _edit_descriptor(data_copy, '"type": "number"', '"type": "numbr"')
    at = text.index('"type": "number"')
    number, name = _resource_at(text, at)
    field = re.findall(r'"name": "(\w+)"', text[:at])[-1]
    assert _problems(data_copy) == [
        (
            "datapackage.json",
            line,
            None,
            f"resource {number} ({name!r}), field {field!r}: type 'numbr' is not one the tables "
            "are read as; did you mean 'number'? (valid: string, integer, number, date)",
            "descriptor-field-type",
        )
    ]


def test_a_minimum_written_as_a_string(data_copy: Path) -> None:
    text = (data_copy / "datapackage.json").read_text(encoding="utf-8")
    m = re.search(r'"minimum": (\d+)', text)
    assert m is not None
    _, line = _edit_descriptor(data_copy, m.group(), f'"minimum": "{m.group(1)}"')
    number, name = _resource_at(text, m.start())
    field = re.findall(r'"name": "(\w+)"', text[: m.start()])[-1]
    assert _problems(data_copy) == [
        (
            "datapackage.json",
            line,
            None,
            f'resource {number} ({name!r}), field {field!r}: minimum "{m.group(1)}" must be a '
            "number (no quotes)",
            "descriptor-constraint",
        )
    ]


def test_foreign_key_fields_that_name_no_field_or_several(data_copy: Path) -> None:
    text = (data_copy / "datapackage.json").read_text(encoding="utf-8")
    m = re.search(r'"fields": "(\w+)",\s*"reference"', text)
    assert m is not None
    own = m.group(1)
    number, name = _resource_at(text, m.start())
    _, line = _edit_descriptor(data_copy, m.group(), m.group().replace(own, own + "x", 1))
    [(file, at, _, message, code)] = _problems(data_copy)
    assert (file, at, code) == ("datapackage.json", line, "descriptor-foreign-key")
    assert message.startswith(
        f"resource {number} ({name!r}), foreign key on {own + 'x'!r}: {own + 'x'!r} is not one "
        f"of its fields; did you mean {own!r}? (fields: "
    )
    # a list of one name is a foreign key as Table Schema writes it; of two, one not read
    path = data_copy / "datapackage.json"
    path.write_text(text.replace(m.group(), m.group().replace(f'"{own}"', f'["{own}"]', 1), 1))
    validate_package(data_copy)
    path.write_text(text.replace(m.group(), m.group().replace(f'"{own}"', f'["{own}", "x"]', 1), 1))
    assert _problems(data_copy) == [
        (
            "datapackage.json",
            line,
            None,
            f'resource {number} ({name!r}): a foreign key\'s fields ["{own}", "x"] must name '
            "one of its fields (composite keys are not read)",
            "descriptor-foreign-key",
        )
    ]


# --- 1. a conflicting duplicate reference fact ---------------------------------------------------


def test_a_conflicting_duplicate_reference_fact(data_copy: Path) -> None:
    path = data_copy / "reference.csv"
    rows = read_rows(path)
    head = rows[0]
    col = {c: head.index(c) for c in head}
    line, first = next((i, r) for i, r in enumerate(rows[1:], start=2) if r[col["value"]])
    taken = {r[col["id"]] for r in rows[1:]}
    new_id = next(f"ref-{n:03d}" for n in range(999, 0, -1) if f"ref-{n:03d}" not in taken)
    second = list(first)
    second[col["id"]] = new_id
    second[col["value"]] = str(float(first[col["value"]]) + 4).removesuffix(".0")
    write_rows(path, [*rows, second])
    fact = ", ".join(first[col[c]] for c in values.REFERENCE_KEY)
    q = f" {first[col['qualifier']]}" if first[col["qualifier"]] else ""
    unit = first[col["unit"]]
    assert _problems(data_copy) == [
        (
            "reference.csv",
            len(rows) + 1,
            "value",
            f"the fact ({fact}) is {first[col['value']]} {unit}{q} on line {line}, but "
            f"{second[col['value']]} {unit}{q} here: one fact, one figure (a second citation of "
            "it must state the same number, unit and bound)",
            "reference-fact-conflict",
        )
    ]
    # the same figure cited twice is kept (the analyses prefer the row stating the attribute)
    second[col["value"]] = first[col["value"]]
    write_rows(path, [*rows, second])
    validate_package(data_copy)


def test_a_project_listed_twice(data_copy: Path) -> None:
    path = data_copy / "projects.csv"
    rows = read_rows(path)
    head = rows[0]
    line, first = next((i, r) for i, r in enumerate(rows[1:], start=2) if r[head.index("seq")])
    second = list(first)
    taken = {r[head.index("id")] for r in rows[1:]}
    prefix = first[head.index("id")].split("-")[0]
    second[0] = next(
        f"{prefix}-p{n:03d}" for n in range(999, 0, -1) if f"{prefix}-p{n:03d}" not in taken
    )
    write_rows(path, [*rows, second])
    src, lst, seq = (first[head.index(c)] for c in values.PROJECT_KEY)
    assert _problems(data_copy) == [
        (
            "projects.csv",
            len(rows) + 1,
            "seq",
            f"project {seq} of list {lst} ({src}) already has a row on line {line}: one "
            "project, one row",
            "one-fact-one-row",
        )
    ]


# --- 2. a value moved to another figure of its quote ---------------------------------------------


def _swappable(data_dir: Path) -> tuple[dict, dict]:
    """Two rows of one quote, unit, year and kind, with labels in the quote, in the order of
    their values: A's label and value before B's."""
    pkg = validate_package(data_dir)
    units = [str(r["unit"]) for r in pkg.tables["units"]]
    groups: dict[tuple, list[dict]] = {}
    for row in pkg.tables["indicators"]:
        if row.get("_printed_value") and row.get("label_zh"):
            key = (row["source"], provenance.normalize(str(row["quote"])), row["unit"])
            groups.setdefault(key, []).append(row)
    for (_, q, _), rows in groups.items():
        for a in rows:
            for b in rows:
                la, lb = (provenance.normalize(str(r["label_zh"])) for r in (a, b))
                if (a["year"], a["kind"]) != (b["year"], b["kind"]) or la in lb or lb in la:
                    continue
                if not (0 <= q.find(la) < q.find(lb)):
                    continue
                swapped = [
                    {**a, "_printed_value": b["_printed_value"]},
                    {**b, "_printed_value": a["_printed_value"]},
                ]
                if values.misplaced(swapped, q, units):
                    return a, b
    pytest.skip("no quote of this data holds two labelled figures of one unit")


def test_two_values_swapped_inside_one_quote(data_copy: Path) -> None:
    a, b = _swappable(data_copy)
    path = data_copy / "indicators.csv"
    for row, value in ((a, b["_printed_value"]), (b, a["_printed_value"])):
        rows = read_rows(path)
        rows[row["_line"] - 1][rows[0].index("value")] = str(value)
        write_rows(path, rows)
    la, lb = (provenance.normalize(str(r["label_zh"])) for r in (a, b))
    assert _problems(data_copy) == [
        (
            "indicators.csv",
            a["_line"],
            "value",
            f"value {b['_printed_value']}: the quote prints it after {a['_printed_value']}"
            f"{a['unit']} of row {b['id']} (line {b['_line']}), yet this row's label {la} "
            f"stands before that row's {lb}: are the two values swapped?",
            "value-place",
        )
    ]


def test_a_value_replaced_by_another_figure_of_its_quote(data_copy: Path) -> None:
    a, b = _swappable(data_copy)
    path = data_copy / "indicators.csv"
    rows = read_rows(path)
    rows[a["_line"] - 1][rows[0].index("value")] = str(b["_printed_value"])
    write_rows(path, rows)
    [(file, line, column, message, code)] = _problems(data_copy)
    first, second = sorted((a, b), key=lambda r: r["_line"])
    assert (file, line, column, code) == ("indicators.csv", second["_line"], "value", "value-place")
    assert message.startswith(
        f"value {b['_printed_value']}: the quote prints it once, and row {first['id']} (line "
        f"{first['_line']}) states it too, while the quote's "
    )
    assert message.endswith("is stated by no row: is this value another figure of the quote?")


def test_the_shipped_values_all_stand_at_their_place() -> None:
    """No false alarm: the shipped data validates, and no exception excuses a place."""
    pkg = validate_package(data_dir())
    assert all(r["rule"] != values.PLACE for r in pkg.tables.get("exceptions", []))


# --- 4. a reference unit off by 10⁴ --------------------------------------------------------------


def _smaller_unit(data_dir: Path, unit: str) -> str | None:
    """A unit of the same quantity 10⁴ times smaller (亿元 for 万亿元), if units.csv has one."""
    units = {r["unit"]: r for r in validate_package(data_dir).tables["units"]}
    want = units[unit]["factor"] / 10_000
    return next(
        (
            u
            for u, r in units.items()
            if r["quantity"] == units[unit]["quantity"] and abs(r["factor"] - want) < want * 1e-9
        ),
        None,
    )


@pytest.mark.sweep
def test_a_reference_unit_that_its_note_contradicts(data_copy: Path) -> None:
    path = data_copy / "reference.csv"
    rows = read_rows(path)
    col = {c: rows[0].index(c) for c in rows[0]}
    line, row = next(
        (i, r)
        for i, r in enumerate(rows[1:], start=2)
        if r[col["value"]] and _smaller_unit(data_copy, r[col["unit"]])
    )
    printed, unit = row[col["value"]], row[col["unit"]]
    small = _smaller_unit(data_copy, unit)
    row[col["note"]] = f"Printed {printed}{unit}."
    row[col["unit"]] = str(small)
    write_rows(path, rows)
    problems = _problems(data_copy)
    assert problems[0] == (
        "reference.csv",
        line,
        "unit",
        f"the note prints {printed}{unit}, not a value in {small}",
        "reference-printed-unit",
    )


@pytest.mark.sweep
def test_a_reference_level_off_by_ten_thousand(data_copy: Path) -> None:
    pkg = validate_package(data_copy)
    measure = {r["indicator"]: r["measure"] for r in pkg.tables["catalogue"]}
    others = {r["indicator"] for r in pkg.tables["indicators"] if r.get("value")}
    row = next(
        (
            r
            for r in pkg.tables["reference"]
            if r.get("value")
            and measure[r["indicator"]] in ("level", "count")
            and r["indicator"] in others
            and _smaller_unit(data_copy, str(r["unit"]))
        ),
        None,
    )
    if row is None:
        pytest.skip("no reference level of this data has a district figure beside it")
    path = data_copy / "reference.csv"
    small = str(_smaller_unit(data_copy, str(row["unit"])))
    rows = read_rows(path)
    rows[row["_line"] - 1][rows[0].index("unit")] = small
    rows[row["_line"] - 1][rows[0].index("note")] = ""
    write_rows(path, rows)
    [(file, line, column, message, code)] = _problems(data_copy)
    assert (file, line, column, code) == (
        "reference.csv",
        row["_line"],
        "unit",
        "reference-magnitude",
    )
    assert message.startswith(f"{row['_printed_value']} {small} is ")
    assert f" of {row['indicator']} (median " in message
    assert message.endswith(
        "is the unit off by a power of ten (亿元 for 万亿元, 人 for 万人)? A reference level "
        "stands within 0.01–1000 times its indicator's other figures"
    )


# --- 5. a side table with its header only ---------------------------------------------------------


def test_side_tables_with_their_header_only_are_valid(data_copy: Path) -> None:
    for name in ("city_indicators", "comparability"):
        path = data_copy / f"{name}.csv"
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert len(load_indicators(data_copy)) == len(load_indicators())
    links = frames.city_indicators(data_copy)
    assert links.empty and "city_indicator" in links.columns


def test_an_exceptions_table_with_its_header_only_means_no_exceptions(data_copy: Path) -> None:
    path = data_copy / "exceptions.csv"
    if not path.exists():
        pytest.skip("this data has no exceptions.csv")
    rows = read_rows(path)
    write_rows(path, rows[:1])
    if len(rows) == 1:
        validate_package(data_copy)
        return
    # the rows it excused are refused by their rule, one each; the table itself is not
    problems = _problems(data_copy)
    assert [code for *_, code in problems] == [r[rows[0].index("rule")] for r in rows[1:]]
    assert "exceptions" in MAY_BE_EMPTY


def test_a_required_table_with_its_header_only_is_still_refused(data_copy: Path) -> None:
    path = data_copy / "units.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    problems = _problems(data_copy)
    assert ("units.csv", 2, None, "no data rows: the file has a header only", "no-data-rows") in (
        problems
    )


# --- 6. one table that did not read, and no derived errors ---------------------------------------


SKIPPED = (
    "did not read; the checks that need it were skipped (the foreign keys to it: "
    "backing.qualifier; qualifier words; backing sentences; reference facts stated twice; "
    "reference pages and wordings); fix this file first"
)


def test_qualifiers_saved_as_utf16(data_copy: Path) -> None:
    path = data_copy / "qualifiers.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert _problems(data_copy) == [
        ("qualifiers.csv", None, None, SKIPPED, "checks-skipped"),
        (
            "qualifiers.csv",
            1,
            "qualifier",
            "not UTF-8 (byte 0xff at offset 0); save the file as UTF-8 (Excel: 'CSV UTF-8')",
            "encoding",
        ),
    ]


def test_a_renamed_qualifier_column(data_copy: Path) -> None:
    path = data_copy / "qualifiers.csv"
    rows = read_rows(path)
    assert rows[0][0] == "qualifier"
    rows[0][0] = "qualifiers"
    write_rows(path, rows)
    assert _problems(data_copy) == [
        ("qualifiers.csv", None, None, SKIPPED, "checks-skipped"),
        (
            "qualifiers.csv",
            1,
            None,
            "missing column(s): qualifier (datapackage.json declares them)",
            "missing-column",
        ),
        (
            "qualifiers.csv",
            1,
            None,
            "unexpected column(s): 'qualifiers' (not declared in datapackage.json)",
            "extra-column",
        ),
    ]


# --- the catalogue section -----------------------------------------------------------------------


@pytest.mark.sweep
def test_the_section_lists_each_case_with_messages_the_code_gives() -> None:
    from analysis.base.paths import ROOT

    section = _catalogue().split(SECTION + "\n", 1)[1].split("\n## ", 1)[0]
    for words in (
        "catalog",
        "numbr",
        '"minimum": "2000"',
        "composite",
        "Shanghai 2024 GDP-growth target",
        "listed twice",
        "swapped",
        "another figure",
        "off by 10⁴",
        "header only",
        "UTF-16",
        "renamed",
    ):
        assert words in section, words
    code = _compiled(_string_templates(ROOT / "analysis"))
    tests = _string_templates(ROOT / "tests")
    messages = [
        m
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith(("| Case", "|---"))
        for m in re.findall(r"`([^`]+)`", line.split(" | ")[1])
        if m.count(" ") >= 2
    ]
    assert len(messages) >= 10
    assert [m for m in messages if not _given(m, code, tests, "")] == []
