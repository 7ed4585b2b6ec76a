"""`python -m analysis remove-report SOURCE`: take a report and its rows back out of the data.

What `add-report` and `accept` put in comes out: the report's row in sources.csv, its indicator
and project rows (and the backing sentences of its targets), its district when no other report
of it is left, and its seed file. It is refused, with nothing changed, while anything else
depends on them: an exception in exceptions.csv excusing one of its rows, or a comparability row
naming a district that would go.
The package without the report is validated in a temporary copy first; the files are then
rewritten atomically, rows before the source, the seed last, so a crash midway never leaves a
row whose source is gone.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from analysis.base.errors import DataError, UnknownKeyError, WorkbookError
from analysis.base.files import atomic_write_text, csv_text, folder_lock
from analysis.base.paths import data_dir as resolve_data_dir
from analysis.base.paths import display_path
from analysis.contract import dictionary
from analysis.contract.package import lenient_package
from analysis.contract.schema import read_descriptor
from analysis.curate.accept import DICTIONARY, _copy_package
from analysis.curate.add_report import seeds_dir


class RemoveReportError(WorkbookError):
    """A report that cannot be removed now; the message names what depends on it."""


@dataclass(frozen=True)
class Removed:
    source: str
    indicator_rows: int
    project_rows: int
    district: str | None  # the district removed with its last report
    seed: Path | None

    def message(self) -> str:
        lines = [
            f"removed source {self.source!r} from sources.csv, with {self.indicator_rows} "
            f"indicator row(s) and {self.project_rows} project row(s)"
        ]
        if self.district:
            lines.append(f"removed district {self.district!r}: it has no other report")
        if self.seed is not None:
            lines.append(f"deleted the seed {display_path(self.seed)}")
        lines.append("the data package is valid; the data dictionary is rewritten")
        return "\n".join(lines)


def _table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def remove_report(source: str, data_dir: str | None = None) -> Removed:
    """Remove `source` and everything it brought; refuse while other rows depend on it."""
    folder = resolve_data_dir(data_dir)
    if not folder.is_dir():
        raise WorkbookError(f"data folder {display_path(folder)} not found")
    with folder_lock(folder, "remove-report"):
        return _remove(source, folder)


def _remove(source: str, folder: Path) -> Removed:
    resources = read_descriptor(folder)
    paths = {name: folder / res.path for name, res in resources.items()}
    src_header, sources = _table(paths["sources"])
    match = [r for r in sources if r.get("source") == source]
    if not match:
        raise UnknownKeyError("source", source, [r["source"] for r in sources])
    src = match[0]
    district = src.get("district", "")
    new: dict[str, tuple[list[str], list[dict[str, str]]]] = {}
    gone: set[str] = set()
    counts = {}
    for name in ("indicators", "projects"):
        header, rows = _table(paths[name])
        kept = [r for r in rows if r.get("source") != source]
        gone |= {r["id"] for r in rows if r.get("source") == source}
        counts[name] = len(rows) - len(kept)
        new[name] = (header, kept)
    new["sources"] = (src_header, [r for r in sources if r.get("source") != source])
    if "backing" in paths and paths["backing"].exists():  # its sentences go with its targets
        header, rows = _table(paths["backing"])
        new["backing"] = (header, [r for r in rows if r.get("target") not in gone])
    blockers: list[str] = []
    if "exceptions" in paths and paths["exceptions"].exists():
        _, exceptions = _table(paths["exceptions"])
        for line, r in enumerate(exceptions, start=2):
            if r.get("id") in gone:
                blockers.append(
                    f"{display_path(paths['exceptions'])}, line {line}: the exception for "
                    f"{r['id']} ({r.get('rule')}) excuses a row of {source}"
                )
    last = not any(r.get("district") == district for r in new["sources"][1])
    if last:
        dis_header, districts = _table(paths["districts"])
        new["districts"] = (dis_header, [r for r in districts if r.get("district") != district])
        for name, res in resources.items():
            cols = [fk.field for fk in res.foreign_keys if fk.resource == "districts"]
            if not cols or name in new or not paths[name].exists():
                continue
            _, rows = _table(paths[name])
            for line, r in enumerate(rows, start=2):
                if any(r.get(c) == district for c in cols):
                    blockers.append(
                        f"{display_path(paths[name])}, line {line}: names district "
                        f"{district!r}, which would go with its last report"
                    )
    if blockers:
        raise RemoveReportError(
            f"refusing to remove {source!r}, nothing changed: other rows depend on it; remove "
            "or change them first:\n  " + "\n  ".join(blockers)
        )
    texts = {name: csv_text(*table) for name, table in new.items()}
    with tempfile.TemporaryDirectory(prefix="sdpw-remove-") as tmp:
        copy = Path(tmp) / "data"
        _copy_package(folder, copy, resources.values())
        (Path(tmp) / "seeds").symlink_to(seeds_dir(folder).resolve(), target_is_directory=True)
        for name, text in texts.items():
            (copy / resources[name].path).write_text(text, encoding="utf-8")
        try:
            pkg = lenient_package(copy)
        except DataError as exc:
            raise RemoveReportError(
                f"refusing to remove {source!r}, nothing changed: the data would not be valid "
                f"without it:\n{exc}"
            ) from None
        readme = dictionary.render(copy, pkg.tables)
    for name in ("backing", "indicators", "projects", "sources", "districts"):
        if name in texts:
            atomic_write_text(paths[name], texts[name])
    atomic_write_text(folder / DICTIONARY, readme)
    seed = folder.parent / str(src.get("file", ""))
    used = any(r.get("file") == src.get("file") for r in new["sources"][1])
    removed_seed = None
    if src.get("file") and not used and seed.is_file() and seed.parent == seeds_dir(folder):
        seed.unlink()
        removed_seed = seed
    return Removed(
        source, counts["indicators"], counts["projects"], district if last else None, removed_seed
    )
