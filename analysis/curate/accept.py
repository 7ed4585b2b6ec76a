"""`python -m analysis accept FILE.csv`: append reviewed draft rows to indicators.csv.

The rows get new ids (the district's prefix, numbered on from its last row) and the whole
package is validated with them, in a temporary copy, before anything is written: a row that
fails (a quote changed by hand, a key not in the catalogue, a unit left blank) is reported with
its line in the draft file, and indicators.csv stays as it was. With the rows, the folder's
README.md (the data dictionary, whose counts and district list follow the rows) is rewritten.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from analysis.base.errors import DataError, Problem, WorkbookError
from analysis.base.files import atomic_write_text, csv_text, folder_lock
from analysis.base.paths import data_dir as resolve_data_dir
from analysis.base.paths import display_path
from analysis.contract import completeness, dictionary
from analysis.contract.package import lenient_package
from analysis.contract.schema import DESCRIPTOR, Resource, read_descriptor

#: Columns a draft may carry beside those of indicators.csv; they are not written.
DRAFT_ONLY = ("value_signed", "attribute", "confidence")
#: The data dictionary, rewritten with the rows (`python -m analysis dictionary` writes it too).
DICTIONARY = "README.md"


@dataclass(frozen=True)
class Accepted:
    path: Path
    ids: tuple[str, ...]
    still_to_do: tuple[str, ...]
    dictionary: Path | None = None

    def message(self) -> str:
        lines = [
            f"appended {len(self.ids)} row(s) to {display_path(self.path)} "
            f"({self.ids[0]} … {self.ids[-1]}); the data package is valid"
        ]
        if self.dictionary is not None:
            lines.append(f"rewrote {display_path(self.dictionary)}, the data dictionary")
        if self.still_to_do:
            lines.append("still to do before `validate` passes:")
            lines += [f"  {p}" for p in self.still_to_do]
        else:
            lines.append("next: python -m analysis coverage, then python -m analysis validate")
        return "\n".join(lines)


def _read_draft(
    file: Path, header: list[str], optional: tuple[str, ...] = ()
) -> list[tuple[int, dict[str, str]]]:
    where = display_path(file)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise WorkbookError(f"{where}: file not found") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise WorkbookError(
            f"{where}, line {line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); "
            "save the file as UTF-8 (Excel: 'CSV UTF-8')"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    missing = [c for c in header if c not in columns and c not in optional]
    extra = [c for c in columns if c not in header and c not in DRAFT_ONLY]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing column(s): {', '.join(missing)}")
        if extra:
            parts.append(f"unexpected column(s): {', '.join(extra)}")
        raise WorkbookError(
            f"{where}, line 1: {'; '.join(parts)} (the columns of indicators.csv, as written by "
            "`python -m analysis draft`)"
        )
    rows: list[tuple[int, dict[str, str]]] = []
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any((v or "").strip() for v in row.values()):
            raise WorkbookError(f"{where}, line {start}: blank row; delete it")
        rows.append((start, row))
    if not rows:
        raise WorkbookError(f"{where}: no rows to accept")
    return rows


def _prefixes(rows: list[dict[str, str]]) -> dict[str, str]:
    """The id prefix each district's rows use (bs for baoshan)."""
    out: dict[str, str] = {}
    for r in rows:
        out.setdefault(r["district"], r["id"].split("-", 1)[0])
    return out


def accept(file: Path, data_dir: str | None = None) -> Accepted:
    """Validate the draft's rows together with the data; append them only when all is valid.

    The data folder is locked from the first read to the last write (`folder_lock`): a second
    accept at the same time waits for this one and numbers its rows on from these."""
    folder = resolve_data_dir(data_dir)
    if not folder.is_dir():
        raise WorkbookError(f"data folder {display_path(folder)} not found")
    with folder_lock(folder, "accept"):
        return _accept(Path(file), folder)


def _accept(file: Path, folder: Path) -> Accepted:
    resources = read_descriptor(folder)
    res = resources["indicators"]
    optional = tuple(f.name for f in res.fields if f.may_be_absent)
    number_cols = [f.name for f in res.fields if f.type == "number"]
    path = folder / res.path
    drafted = _read_draft(Path(file), res.field_names, optional)
    existing_text = path.read_text(encoding="utf-8-sig")
    if existing_text and not existing_text.endswith("\n"):
        existing_text += "\n"
    reader = csv.DictReader(io.StringIO(existing_text, newline=""))
    existing = list(reader)
    # the file's own columns; an optional one it leaves out is added when a row fills it
    needed = [c for c in optional if any((r.get(c) or "").strip() for _, r in drafted)]
    header = res.header_for([*(reader.fieldnames or []), *needed])
    if header != (reader.fieldnames or header):
        existing_text = csv_text(header, existing)  # an optional column joins, empty before
    prefixes = _prefixes(existing)
    taken = set(prefixes.values())
    numbers: dict[str, int] = {}
    for r in existing:
        head, _, tail = r["id"].partition("-")
        if tail.isdigit():
            numbers[head] = max(numbers.get(head, 0), int(tail))
    fact_cols = ("source", "quote", "value", "year", "kind", "indicator", "subject")
    seen: dict[tuple, str] = {tuple(r.get(c) or "" for c in fact_cols): r["id"] for r in existing}
    where = display_path(Path(file))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    first_line = existing_text.count("\n") + 1
    line_map: dict[int, int] = {}
    ids: list[str] = []
    accepted: list[tuple[int, dict[str, str]]] = []
    for draft_line, row in drafted:
        district = (row.get("district") or "").strip()
        if district not in prefixes:
            prefix = re.sub(r"[^a-z]", "", district) or "new"
            while prefix in taken:
                prefix += "x"
            prefixes[district] = prefix
            taken.add(prefix)
        prefix = prefixes[district]
        numbers[prefix] = numbers.get(prefix, 0) + 1
        row = {**row, "id": f"{prefix}-{numbers[prefix]:04d}"}
        for col in number_cols:  # 363 .98 copied as the table spaces it: the quote check's number
            if row.get(col):
                row[col] = re.sub(r"\s+", "", row[col])
        fact = tuple(row.get(c) or "" for c in fact_cols)
        if fact in seen:
            was = seen[fact]
            place = (
                f"line {was.removeprefix('draft line ')} of the draft"
                if was.startswith("draft line")
                else f"indicators.csv as {was}"
            )
            raise WorkbookError(
                f"{where}, line {draft_line}: the same fact (source, quote, value, year, kind, "
                f"indicator, subject) is already at {place}; delete one, or set `subject` or "
                "the indicator to tell them apart"
            )
        seen[fact] = f"draft line {draft_line}"
        accepted.append((draft_line, row))
    for draft_line, row in accepted:
        row["revises"] = _revised_id(row, draft_line, accepted, existing, where)
        line_map[first_line + buf.getvalue().count("\n")] = draft_line
        writer.writerow([row.get(h) or "" for h in header])
        ids.append(row["id"])
    new_text = existing_text + buf.getvalue()

    with tempfile.TemporaryDirectory(prefix="sdpw-accept-") as tmp:
        copy = Path(tmp) / "data"
        _copy_package(folder, copy, resources.values())
        (Path(tmp) / "seeds").symlink_to(
            (folder.parent / "seeds").resolve(), target_is_directory=True
        )
        (copy / res.path).write_text(new_text, encoding="utf-8")
        try:
            pkg = lenient_package(copy)
        except DataError as exc:
            raise DataError(_remap(exc.problems, copy, folder, res.path, line_map, where)) from None
        todo = completeness.problems(pkg, resources)
        # the dictionary counts rows and lists districts: it follows the rows it describes
        readme = dictionary.render(copy, pkg.tables)
    atomic_write_text(path, new_text)
    atomic_write_text(folder / DICTIONARY, readme)
    still = tuple(str(_remap([p], copy, folder, res.path, {}, where)[0]) for p in todo)
    return Accepted(path, tuple(ids), still, folder / DICTIONARY)


_REVISES_VALUE = re.compile(r"^value\s+(\S+)$")


def _revised_id(
    row: dict[str, str],
    draft_line: int,
    accepted: list[tuple[int, dict[str, str]]],
    existing: list[dict[str, str]],
    where: str,
) -> str:
    """A draft's `revises` (`value 7`: the row of the same quote and target with that value)
    as the id of that row, among the rows accepted with it or already in indicators.csv; an id
    stays as it is."""
    ref = (row.get("revises") or "").strip()
    m = _REVISES_VALUE.match(ref)
    if m is None:
        return ref
    same = ("source", "quote", "year", "kind", "indicator", "subject")
    hits = [
        r["id"]
        for r in [*(r for _, r in accepted), *existing]
        if r is not row
        and (r.get("value") or "") == m.group(1)
        and all((r.get(c) or "") == (row.get(c) or "") for c in same)
    ]
    if len(hits) != 1:
        found = "no row" if not hits else f"{len(hits)} rows"
        raise WorkbookError(
            f"{where}, line {draft_line}: revises {ref!r}: {found} of the same quote, year, kind "
            f"and indicator with value {m.group(1)}; keep the revised row in the draft, or "
            "write its id"
        )
    return hits[0]


def _copy_package(folder: Path, copy: Path, resources: Iterable[Resource]) -> None:
    """Copy datapackage.json and the files its resources name, nothing else, into `copy`.

    The folder may hold anything beside the package (a link to /, a symlink loop, a big
    file); none of it is validated, so none of it is copied. A resource is copied as the
    regular file it is: read_descriptor has refused a path that resolves outside the folder; a
    folder stays a folder (the check says so), and a missing file, a loop or a FIFO is left
    out, as the real folder's check would find it."""
    copy.mkdir()
    root = folder.resolve()
    for name in (DESCRIPTOR, *(r.path for r in resources)):
        source, target = folder / name, copy / name
        try:
            real = source.resolve(strict=True)
            kind = real.stat().st_mode
        except (OSError, RuntimeError):
            continue
        if not real.is_relative_to(root):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if stat.S_ISDIR(kind):
            target.mkdir(exist_ok=True)
        elif stat.S_ISREG(kind):
            shutil.copyfile(real, target)


def _remap(
    problems: list[Problem],
    copy: Path,
    folder: Path,
    table: str,
    line_map: dict[int, int],
    draft: str,
) -> list[Problem]:
    """Problems found in the temporary copy, named by the real files; a drafted row's problem
    names its line in the draft file. Nothing has been written."""
    out = []
    tmp_table = display_path(copy / table)
    for p in problems:
        file = p.file.replace(display_path(copy), display_path(folder))
        if p.file == tmp_table and p.line in line_map:
            out.append(
                Problem(f"{draft} (nothing written)", line_map[p.line], p.column, p.message, p.code)
            )
        else:
            out.append(Problem(file, p.line, p.column, p.message, p.code))
    return out
