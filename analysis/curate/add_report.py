"""`python -m analysis add-report`: register a new report text as a seed.

The text is copied into the seeds folder byte for byte (the checksum in sources.csv is that of
the file as received), so every quote can later be checked against it. The seeds folder that
goes with a data folder is always `<data folder>/../seeds`: sources.csv stores `seeds/NAME`
relative to the data folder's parent.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.base.errors import WorkbookError
from analysis.base.files import atomic_write, atomic_write_text, folder_lock
from analysis.base.paths import data_dir as resolve_data_dir
from analysis.base.paths import display_path
from analysis.contract.domain import SeedError, read_regular_file
from analysis.contract.schema import read_descriptor


class AddReportError(WorkbookError):
    """A report the workbook refuses to register; the message says why and what to do."""


@dataclass(frozen=True)
class Added:
    """What add-report wrote."""

    source: str
    seed: Path
    sha256: str
    new_district: bool
    notes: tuple[str, ...] = ()


def seeds_dir(data_dir: Path) -> Path:
    """The seeds folder that goes with a data folder: beside it, named seeds."""
    return data_dir.parent / "seeds"


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]], str]:
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    header = next(csv.reader(io.StringIO(text, newline="")), [])
    return header, rows, text


def _append_row(path: Path, header: list[str], text: str, row: dict[str, object]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(
        ["" if row.get(h) is None else row.get(h) for h in header]
    )
    head = text if text.endswith("\n") or not text else text + "\n"
    atomic_write_text(path, head + buf.getvalue())


def _text_of(file: Path) -> bytes:
    where = display_path(file)
    try:
        raw = read_regular_file(file)
    except SeedError as exc:  # the seeds' own rule: a regular file, at most MAX_SEED_BYTES
        if str(exc) == "not found":
            raise AddReportError(f"{where}: file not found") from None
        raise AddReportError(f"{where}: {exc}; give the report as a text file") from None
    if not raw.strip():
        raise AddReportError(f"{where}: the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AddReportError(
            f"{where}, line {line}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start}); convert it to UTF-8 first (e.g. `iconv -f GB18030 -t UTF-8`)"
        ) from None
    if "\x00" in text:
        raise AddReportError(f"{where}: not a text file (it holds NUL bytes); give the text")
    return raw


def add_report(
    file: Path,
    *,
    source: str,
    district: str,
    results_year: int,
    plan_year: int,
    adopted: str,
    title_zh: str,
    title_en: str,
    district_zh: str | None = None,
    district_en: str | None = None,
    issuer_zh: str | None = None,
    issuer_en: str | None = None,
    data_dir: str | None = None,
) -> Added:
    """Copy `file` into the seeds folder and record it in sources.csv (and districts.csv)."""
    folder = resolve_data_dir(data_dir)
    seeds = seeds_dir(folder)
    if not seeds.is_dir():
        raise AddReportError(
            f"seeds folder {display_path(seeds)} not found: the seeds folder that goes with the "
            f"data folder {display_path(folder)} is its sibling `seeds/` "
            f"(<data folder>/../seeds); create it"
        )
    resources = read_descriptor(folder)
    patterns = {
        (name, f.name): f.pattern
        for name in ("sources", "districts")
        for f in resources[name].fields
        if f.pattern
    }
    for (table, col), value in (
        (("sources", "source"), source),
        (("districts", "district"), district),
    ):
        pat = patterns.get((table, col))
        if pat and not re.fullmatch(pat, value):
            raise AddReportError(f"--{col} {value!r} does not match {pat} ({table}.csv)")
    if plan_year <= results_year:
        raise AddReportError(
            f"--plan-year {plan_year} must come after --results-year {results_year}"
        )
    if plan_year != results_year + 1:
        raise AddReportError(
            f"--results-year {results_year} and --plan-year {plan_year}: a plan report gives the "
            f"results of the year before its plan year (--results-year {plan_year - 1})"
        )
    key_year = source.rsplit("-", 1)[-1]
    if key_year.isdigit() and int(key_year) != plan_year:
        raise AddReportError(
            f"--source {source!r}: the key's year is the plan year, {plan_year} "
            f"(e.g. {source.rsplit('-', 1)[0]}-{plan_year})"
        )
    try:
        dt.date.fromisoformat(adopted)
    except ValueError:
        raise AddReportError(f"--adopted {adopted!r} is not a date (YYYY-MM-DD)") from None
    if not (title_zh.strip() and title_en.strip()):
        raise AddReportError("--title-zh and --title-en must not be empty")

    raw = _text_of(Path(file))
    digest = hashlib.sha256(raw).hexdigest()
    # sources.csv is read, checked and appended to under the data folder's lock
    with folder_lock(folder, "add-report"):
        src_path = folder / resources["sources"].path
        dis_path = folder / resources["districts"].path
        src_header, src_rows, src_text = _read_csv(src_path)
        dis_header, dis_rows, dis_text = _read_csv(dis_path)
        for row in src_rows:
            if row.get("source") == source:
                raise AddReportError(
                    f"source key {source!r} is already in use ({display_path(src_path)}); "
                    "choose another key"
                )
            if row.get("sha256") == digest:
                raise AddReportError(
                    f"{display_path(Path(file))} is already registered as source "
                    f"{row.get('source')!r} ({row.get('file')}); a report is added once"
                )
            if row.get("district") == district and row.get("plan_year") == str(plan_year):
                raise AddReportError(
                    f"district {district!r} already has a report for plan year {plan_year}: "
                    f"{row.get('source')!r}; a district has one report a year"
                )
        known = {r["district"]: r for r in dis_rows}
        notes: list[str] = []
        new_district = district not in known
        if new_district:
            if not (district_zh and district_en):
                raise AddReportError(
                    f"district {district!r} is new: give its names with --district-zh (as printed, "
                    f"e.g. 嘉定区) and --district-en (official English, e.g. 'Jiading District'); "
                    f"known districts: {', '.join(known) or 'none'}"
                )
        else:
            row = known[district]
            for opt, given, have in (
                ("--district-zh", district_zh, row.get("name_zh")),
                ("--district-en", district_en, row.get("name_en")),
            ):
                if given and given != have:
                    raise AddReportError(
                        f"{opt} {given!r} differs from districts.csv's {have!r} for {district!r}"
                    )
            district_zh = row.get("name_zh")
        if issuer_zh is None:
            issuer_zh = f"{district_zh}发展和改革委员会"
            notes.append(f"issuer_zh set to {issuer_zh} (the usual issuer; --issuer-zh to change)")
        if issuer_en is None:
            short = (
                district_en or known.get(district, {}).get("name_en") or district
            ).removesuffix(" District")
            issuer_en = f"{short} District Development and Reform Commission"
            notes.append(f"issuer_en set to {issuer_en} (--issuer-en to change)")

        name = f"{source}{Path(file).suffix or '.txt'}"
        seed = seeds / name
        if seed.exists():
            raise AddReportError(f"{display_path(seed)} already exists; remove it or choose a key")
        # seed first: a sources row never points to a missing file
        atomic_write(seed, lambda tmp: Path(tmp).write_bytes(raw))
        if new_district:
            short_en = (district_en or "").removesuffix(" District")
            _append_row(
                dis_path,
                dis_header,
                dis_text,
                {"district": district, "name_zh": district_zh, "name_en": district_en,
                 "short_en": short_en},
            )  # fmt: skip
        _append_row(
            src_path,
            src_header,
            src_text,
            {
                "source": source,
                "district": district,
                "title_zh": title_zh,
                "title_en": title_en,
                "issuer_zh": issuer_zh,
                "issuer_en": issuer_en,
                "adopted": adopted,
                "file": f"seeds/{name}",
                "original_file": Path(file).name,
                "sha256": digest,
                "results_year": results_year,
                "plan_year": plan_year,
            },
        )
        return Added(source, seed, digest, new_district, tuple(notes))
