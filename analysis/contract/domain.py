"""Domain checks: what a schema cannot say. Seed checksums, quote provenance, qualifier words,
unit/indicator agreement and the years a report can speak about."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from analysis.base.paths import display_path
from analysis.contract import provenance, values
from analysis.contract.model import Validation, needs
from analysis.contract.tables import Collector

#: The largest seed read: the reports are about 60 KB; a larger file is not one of them.
MAX_SEED_BYTES = 16 * 1024 * 1024


class SeedError(Exception):
    """A seed that cannot be read safely; the message says why."""


def read_seed(path: Path, seeds_dir: Path) -> bytes:
    """A seed's bytes, read only from a regular file inside the seeds folder, with a size limit.

    A directory, a FIFO (which would block forever), a device or a path outside the folder is
    refused before anything is read, so no message can echo another file's contents.
    """
    try:
        resolved = path.resolve()
        inside = resolved.is_relative_to(seeds_dir.resolve())
    except (OSError, RuntimeError) as exc:
        raise SeedError(f"cannot resolve {path}: {exc}") from None
    if not inside:
        folder = display_path(seeds_dir)
        raise SeedError(f"is outside the seeds folder {folder}/; seeds are read only from there")
    return read_regular_file(resolved)


def read_regular_file(path: Path) -> bytes:
    """A report text's bytes, from a regular file of at most MAX_SEED_BYTES; else a SeedError.

    The file is opened without blocking and checked before anything is read: /dev/zero or a
    FIFO would otherwise be read forever, and a file over the limit is no report. Both the seeds
    (`read_seed`) and `add-report`, which makes a seed of a file from anywhere, read with it.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise SeedError("not found") from None
    except IsADirectoryError:  # Windows cannot open a folder at all
        raise SeedError("is a directory, not a regular file") from None
    except OSError as exc:
        raise SeedError(f"cannot be opened: {exc.strerror}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a FIFO, socket or device"
        raise SeedError(f"is {kind}, not a regular file")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > MAX_SEED_BYTES:
            raise SeedError(f"is {info.st_size} bytes, over the limit of {MAX_SEED_BYTES}")
        raw = handle.read(MAX_SEED_BYTES + 1)
    if len(raw) > MAX_SEED_BYTES:  # it grew while being read
        raise SeedError(f"is over {MAX_SEED_BYTES} bytes, the limit")
    return raw


@dataclass(frozen=True)
class Seed:
    raw: str
    normalized: str


def check_sources(v: Validation) -> None:
    """Verify each seed's checksum; keep the seeds (raw and normalised) by source id in `v`."""
    pkg, resources, out = v.pkg, v.resources, v.out
    seeds: dict[str, Seed] = v.seeds
    where = display_path(pkg.data_dir / resources["sources"].path)
    seeds_dir = pkg.data_dir.parent / "seeds"
    for row in pkg.tables.get("sources", []):
        if row.get("file") is None:
            continue
        path = pkg.data_dir.parent / str(row["file"])
        try:
            raw = read_seed(path, seeds_dir)
        except SeedError as exc:
            out.add(
                where, row["_line"], "file", f"seed {row['file']!r} {exc}", code="seed-unreadable"
            )
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != row.get("sha256"):
            out.add(
                where,
                row["_line"],
                "sha256",
                f"seed {display_path(path)} has sha256 {digest}, not the recorded one: "
                "seeds are never edited",
                code="seed-checksum",
            )
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            msg = f"seed {display_path(path)} is not UTF-8 (byte at offset {exc.start})"
            out.add(where, row["_line"], "file", msg, code="seed-encoding")
            continue
        seeds[str(row["source"])] = Seed(text, provenance.normalize(text))


#: The columns of a table that hold a number its quote must print: a range's two ends.
NUMBER_COLUMNS = {"indicators": ("value", "value_high", "margin")}


def check_range(row: dict, where: str, out: Collector) -> None:
    """A range (`value_high`) has its low end in `value`, below the high end: one row for 8-10%,
    not two unrelated rows."""
    high = row.get("value_high")
    if high is None:
        return
    if row.get("value") is None:
        high_printed = row["_printed_value_high"]
        msg = f"value_high {high_printed} without a value: a range's low end goes in value"
        out.add(where, row["_line"], "value_high", msg, code="range-without-low")
    elif not high > row["value"]:
        msg = (
            f"value_high {row['_printed_value_high']} is not above value {row['_printed_value']}: "
            "a range is printed low to high (8-10%)"
        )
        out.add(where, row["_line"], "value_high", msg, code="range-order")


def check_relative(row: dict, where: str, out: Collector) -> None:
    """A margin belongs to a target relative to another jurisdiction (`relative_to`), and only a
    target is relative: a result is its own figure."""
    relative, margin = row.get("relative_to"), row.get("margin")
    if margin is not None and relative is None:
        msg = (
            f"margin {row['_printed_margin']} without relative_to: a margin is the points above "
            "another jurisdiction (高于全市3个百分点), which relative_to names"
        )
        out.add(where, row["_line"], "margin", msg, code="margin-without-relative")
    if relative is not None and row.get("kind") not in (None, "target"):
        msg = f"relative_to {relative} on a {row['kind']}: only a target is set relative to another"
        out.add(where, row["_line"], "relative_to", msg, code="relative-not-target")


def check_revisions(v: Validation) -> None:
    """A revised target (后调整为1.6%) names the row it revises: an existing target of the same
    fact (district, year, indicator, subject), so both figures are kept as one fact revised."""
    rows = v.pkg.tables.get("indicators", [])
    by_id = {r.get("id"): r for r in rows}
    where = v.where("indicators")
    for row in rows:
        ref = row.get("revises")
        if ref is None:
            continue
        earlier = by_id.get(ref)
        if earlier is None or earlier is row:
            msg = f"revises {ref!r}: no other row has that id (a revision names the row it revises)"
            v.out.add(where, row["_line"], "revises", msg, code="revises-unknown-id")
            continue
        differ = [c for c in values.FACT_KEY if row.get(c) != earlier.get(c)]
        if row.get("kind") != "target" or earlier.get("kind") != "target" or differ:
            what = ", ".join(differ) if differ else "kind (both must be targets)"
            msg = (
                f"revises {ref} (line {earlier['_line']}), which is not the same target: "
                f"{what} differ(s); a revision restates one target's figure"
            )
            v.out.add(where, row["_line"], "revises", msg, code="revises-other-fact")


def as_ordinal(row: dict, text: object) -> bool:
    """A rank (`rank_of`) whose place the text prints as a Chinese ordinal (位居全市第四: value 4):
    its value stands there as 第四, not in digits, so the digit checks do not apply."""
    printed = row.get("_printed_value")
    if row.get("rank_of") is None or printed is None or text is None:
        return False
    return provenance.rank_in_quote(str(printed), str(text))


def check_rank(row: dict, where: str, out: Collector) -> None:
    """A rank (位居全市第四, 中心城区第一) is a place within a named group: unit 位, a whole value
    from 1, and the group (`rank_of`) printed in the quote."""
    group = row.get("rank_of")
    if group is None:
        return
    if row.get("unit") != "位":
        msg = f"rank_of {group} with unit {row.get('unit')}: a rank's unit is 位 (its place)"
        out.add(where, row["_line"], "unit", msg, code="rank-unit")
    value = row.get("value")
    if value is None or value < 1 or value != int(value):
        msg = f"rank_of {group}: the value is the place, a whole number from 1 (4 for 第四)"
        out.add(where, row["_line"], "value", msg, code="rank-value")
    quote = row.get("quote")
    if quote is not None and provenance.normalize(str(group)) not in provenance.normalize(
        str(quote)
    ):
        msg = f"rank_of {group!r} is not in the quote: the group ranked within is printed"
        out.add(where, row["_line"], "rank_of", msg, code="rank-group-not-in-quote")


@needs("sources", what="quotes against their seeds")
def check_quotes(v: Validation) -> None:
    """Every quote (and also_quote) is in its seed, and states the row's value."""
    for name, col in (("indicators", "value"), ("projects", "total_investment")):
        _check_quotes(v, name, col)


def _check_quotes(v: Validation, table: str, value_col: str) -> None:
    seeds, where, out = v.seeds, v.where(table), v.out
    for row in v.pkg.tables.get(table, []):
        entry = seeds.get(str(row.get("source")))
        quote = row.get("quote")
        if entry is None or quote is None:
            continue
        for col in ("quote", "also_quote"):
            text = row.get(col)
            if text is None:
                continue
            seed = entry.normalized
            if not provenance.quote_in_seed(str(text), seed):
                msg = f"{col} not found in seed {row['source']}"
                out.add(
                    where,
                    row["_line"],
                    col,
                    msg + provenance.divergence(str(text), seed),
                    code="quote-not-in-seed",
                )
                continue
            # a second place may print the same number otherwise (7% for the table's 7.0%)
            check = provenance.value_in_quote if col == "quote" else provenance.same_number_in_quote
            for number_col in NUMBER_COLUMNS.get(table, (value_col,)):
                printed = row.get(f"_printed_{number_col}")
                if number_col == "value" and table == "indicators" and as_ordinal(row, text):
                    continue  # a rank printed 第四: its value 4 in words
                if printed is not None and not check(str(printed), str(text)):
                    where_word = "the quote" if col == "quote" else "also_quote"
                    out.add(
                        where,
                        row["_line"],
                        number_col,
                        f"{number_col} {printed} does not appear in {where_word} as a whole number",
                        code="value-not-in-quote",
                    )


def check_wording(row: dict, table: str, where: str, out: Collector) -> None:
    """A row without a number is a target stated in words: it says so, and the words are quoted."""
    words = row.get("wording") if table == "indicators" else row.get("qualifier")
    if any((p.file, p.line, p.column) == (where, row["_line"], "value") for p in out.problems):
        return  # the cell held something that is not a number: already reported
    if row.get("kind") != "target" or words is None:
        need = "a wording" if table == "indicators" else "a qualifier"
        msg = f"missing value: only a target stated in words (with {need}) may have no number"
        out.add(where, row["_line"], "value", msg, code="value-missing")
    elif table == "indicators" and row.get("quote") is not None:
        if provenance.normalize(str(words)) not in provenance.normalize(str(row["quote"])):
            out.add(
                where,
                row["_line"],
                "wording",
                f"wording {words!r} is not in the quote",
                code="wording-not-in-quote",
            )


@needs("units", "exceptions", what="values against their quotes")
def check_values(v: Validation) -> None:
    """A value is the number its quote states for it (see `values`), unless excepted."""
    pkg, resources, seeds, out = v.pkg, v.resources, v.seeds, v.out
    units = [str(r["unit"]) for r in pkg.tables.get("units", []) if r.get("unit")]
    excepted = {
        (r.get("table"), r.get("id"), r.get("rule")): r for r in pkg.tables.get("exceptions", [])
    }
    used: set[tuple] = set()

    def report(table: str, row: dict, rule: str, column: str, message: str) -> None:
        key = (table, row.get("id"), rule)
        if key in excepted:
            used.add(key)
            return
        out.add(
            display_path(pkg.data_dir / resources[table].path),
            row["_line"],
            column,
            message,
            code=rule,
        )

    checked = (
        ("indicators", "value"),
        ("indicators", "value_high"),
        ("projects", "total_investment"),
    )
    for table, col in checked:
        for row in pkg.tables.get(table, []):
            entry = seeds.get(str(row.get("source")))
            printed, quote = row.get(f"_printed_{col}"), row.get("quote")
            if entry is None or printed is None or quote is None:
                continue
            if not provenance.quote_in_seed(str(quote), entry.normalized):
                continue  # reported by check_quotes
            if table == "indicators" and col == "value" and as_ordinal(row, quote):
                continue  # a rank printed 第四 (check_rank): no digits to place
            excluded = values.LazyExcluded(entry.raw)
            unit = row.get("unit")
            if unit is not None and unit not in units:
                continue  # an unknown unit is reported by the foreign-key check
            finding = values.check_value(
                str(printed), unit, str(quote), entry.normalized, excluded, units
            )
            if finding is not None:
                report(table, row, finding.rule, col, f"{col} {printed}: {finding.message}")
    by_quote: dict[tuple, list[dict]] = {}
    for row in pkg.tables.get("indicators", []):
        entry = seeds.get(str(row.get("source")))
        if as_ordinal(row, row.get("quote")):
            continue  # a rank printed 第四: no digits to place among the quote's numbers
        if entry is not None and row.get("quote") is not None and row.get("unit") in units:
            if provenance.quote_in_seed(str(row["quote"]), entry.normalized):
                key = (row["source"], provenance.normalize(str(row["quote"])))
                by_quote.setdefault(key, []).append(row)
    for (_, quote), rows in by_quote.items():
        if len(rows) > 1:
            for row, finding in values.misplaced(rows, quote, units):
                report(
                    "indicators",
                    row,
                    finding.rule,
                    "value",
                    f"value {row['_printed_value']}: {finding.message}",
                )
    seen: dict[tuple, int] = {}
    for row in pkg.tables.get("indicators", []):
        fact = tuple(row.get(c) for c in values.FACT_KEY)
        if any(v is None for v in fact[:4]) or row.get("revises") is not None:
            continue  # a revision states the fact of the row it revises (check_revisions)
        first = seen.setdefault(fact, row["_line"])
        if first != row["_line"]:
            d, y, k, i, s = fact
            named = f"{d}, {y}, {k}, {i}, " + (f"subject {s!r}" if s else "no subject")
            report(
                "indicators",
                row,
                values.ONE_FACT,
                "indicator",
                f"the fact ({named}) already has a row on line {first}: one fact, one row "
                "(a second passage stating it goes in also_quote)",
            )
    seen = {}
    for row in pkg.tables.get("projects", []):
        key = tuple(row.get(c) for c in values.PROJECT_KEY)
        if any(v is None for v in key):
            continue  # a project with no row number is named by nothing else
        first = seen.setdefault(key, row["_line"])
        if first != row["_line"]:
            report(
                "projects",
                row,
                values.ONE_FACT,
                "seq",
                f"project {key[2]} of list {key[1]} ({key[0]}) already has a row on line "
                f"{first}: one project, one row",
            )
    if "exceptions" in resources:
        where = display_path(pkg.data_dir / resources["exceptions"].path)
        ids = {t: {r.get("id") for r in pkg.tables.get(t, [])} for t in ("indicators", "projects")}
        broken = {p.file for p in out.problems}
        for key, row in excepted.items():
            table, row_id, rule = key
            if table is None or row_id is None or rule is None:
                continue
            if display_path(pkg.data_dir / resources[str(table)].path) in broken:
                continue  # its table did not read cleanly: ids and checks are incomplete
            if row_id not in ids.get(str(table), set()):
                msg = f"unknown id {row_id!r} in {table} (an exception names a row it excuses)"
                out.add(where, row["_line"], "id", msg, code="exception-unknown-id")
            elif key not in used and not broken:  # judged only on otherwise valid data
                msg = f"row {row_id} passes rule {rule}: the exception is not needed; delete it"
                out.add(where, row["_line"], "rule", msg, code="exception-unneeded")


@needs("units", "qualifiers", what="reference facts stated twice")
def check_reference_facts(v: Validation) -> None:
    """Two rows of one reference fact (two citations of it) state the same figure, in standard
    units, with the same bound: a second Shanghai target of 9% beside 5% would otherwise be
    taken silently, the analyses choosing one of them by their order."""
    factors = {r["unit"]: r.get("factor") for r in v.pkg.tables.get("units", [])}
    bounds = {r["qualifier"]: r.get("bound") for r in v.pkg.tables.get("qualifiers", [])}
    first: dict[tuple, dict] = {}
    flagged = v.flagged("reference")
    for row in v.pkg.tables.get("reference", []):
        fact = tuple(row.get(c) for c in values.REFERENCE_KEY)
        if any(x is None for x in fact) or row.get("unit") not in factors:
            continue
        if row["_line"] in flagged:
            continue
        other = first.setdefault(fact, row)
        if other is row or _figure(other, factors, bounds) == _figure(row, factors, bounds):
            continue
        v.out.add(
            v.where("reference"),
            row["_line"],  # type: ignore[arg-type]
            "value",
            f"the fact ({', '.join(str(x) for x in fact)}) is {_stated(other)} on line "
            f"{other['_line']}, but {_stated(row)} here: one fact, one figure (a second "
            "citation of it must state the same number, unit and bound)",
            code="reference-fact-conflict",
        )


def _figure(row: dict, factors: dict, bounds: dict) -> tuple:
    """What a reference row states, comparable across units: its standard value and bound."""
    value, factor = row.get("value"), factors.get(row.get("unit"))
    std = round(value * factor, 6) if isinstance(value, float) and factor else value
    words = str(row.get("qualifier") or "").split(";")
    return std, sorted({b for w in words if (b := bounds.get(w))})


def _stated(row: dict) -> str:
    qualifier = f" {row['qualifier']}" if row.get("qualifier") else ""
    value = row.get("_printed_value", "stated in words")
    return f"{value} {row.get('unit')}{qualifier}"


#: How far a reference level may stand from the same indicator's other figures (the districts'
#: rows, else the other reference rows), in standard units: Shanghai's GDP is about 26 times a
#: district's, a per-capita figure about the same, while a unit off by 10⁴ (亿元 for 万亿元,
#: 人 for 万人) moves a figure ten thousand times.
MAGNITUDE = (1 / 100, 1000)


@needs("units", "catalogue", what="reference magnitudes and printed units")
def check_reference_magnitudes(v: Validation) -> None:
    """A reference figure is in its unit: where its note or citation prints the figure, the
    unit printed after it is the row's; a level or count is within MAGNITUDE of the same
    indicator's other figures. A reference row has no seed to check it against, so a unit off
    by 10⁴ would otherwise reach every comparison with the city."""
    units = {r["unit"]: r for r in v.pkg.tables.get("units", [])}
    measure = {r["indicator"]: r.get("measure") for r in v.pkg.tables.get("catalogue", [])}

    def std(row: dict) -> float | None:
        value, unit = row.get("value"), units.get(row.get("unit"))
        factor = unit.get("factor") if unit else None
        ok = isinstance(value, float) and value > 0 and isinstance(factor, float) and factor > 0
        return value * factor if ok else None  # type: ignore[operator]

    anchors: dict[str, list[float]] = {}
    flagged = v.flagged("indicators")  # a value refused there anchors nothing
    for row in v.pkg.tables.get("indicators", []):
        if row["_line"] not in flagged and (x := std(row)) is not None:
            anchors.setdefault(str(row.get("indicator")), []).append(x)
    refs = v.pkg.tables.get("reference", [])
    where = v.where("reference")
    for row in refs:
        printed, unit = row.get("_printed_value"), row.get("unit")
        if printed is None or unit not in units:
            continue
        texts = [(c, str(row[c])) for c in ("note", "citation") if row.get(c) is not None]
        found = [
            (c, values.check_value(str(printed), str(unit), t, "", {}, units)) for c, t in texts
        ]
        col, finding = next(((c, f) for c, f in found if f is not None), (None, None))
        if finding is not None:
            msg = f"the {col} prints {finding.message.removeprefix('the quote prints ')}"
            v.out.add(where, row["_line"], "unit", msg, code="reference-printed-unit")  # type: ignore[arg-type]
            continue  # the unit is wrong: its magnitude says nothing more
        x = std(row)
        if x is None or measure.get(row.get("indicator")) not in ("level", "count"):
            continue
        pool = anchors.get(str(row["indicator"])) or [
            y
            for r in refs
            if r is not row and r.get("indicator") == row["indicator"]
            if (y := std(r)) is not None
        ]
        if not pool:
            continue
        median = sorted(pool)[len(pool) // 2]
        ratio = x / median
        if MAGNITUDE[0] <= ratio <= MAGNITUDE[1]:
            continue
        base = units[unit]["standard_unit"]
        times = f"{ratio:.3g} times" if ratio > 1 else f"1/{1 / ratio:.3g} of"
        v.out.add(
            where,
            row["_line"],  # type: ignore[arg-type]
            "unit",
            f"{printed} {unit} is {x:.3g} {base}, {times} the {len(pool)} other figure(s) of "
            f"{row['indicator']} (median {median:.3g} {base}): is the unit off by a power of ten "
            f"(亿元 for 万亿元, 人 for 万人)? A reference level stands within "
            f"{MAGNITUDE[0]:g}–{MAGNITUDE[1]:g} times its indicator's other figures",
            code="reference-magnitude",
        )


#: The traditional forms of the characters of the bound and peg words (以內, 與經濟增長, 約):
#: a page read in traditional characters prints 5%以內 for the 5%以内 of the row's qualifier.
_TRADITIONAL = str.maketrans("內與經濟長約達", "内与经济长约达")


def _official_host(url: str) -> bool:
    """True for an address on a Chinese government site (gov.cn or a subdomain of it)."""
    host = urlsplit(url).hostname or ""
    return host == "gov.cn" or host.endswith(".gov.cn")


@needs("qualifiers", "units", what="reference pages and wordings")
def check_reference_pages(v: Validation) -> None:
    """A reference row read on a page says which page and how it prints the figure.

    `printed_as` (the words as printed) states the row's value, in its unit where a unit follows
    it, and every bound, peg or commitment word of its qualifier (the attribute 预期性/约束性
    is the column of a table, not a word of the sentence); a row with printed words names its
    page (`url`) and whether the copy is the government's own (`copy`: official, on a gov.cn
    site) or a reprint, which its citation then names as such. A figure typed from memory, a
    bound that the page does not print or a reprint passed off as the official text is refused.
    """
    attribute = {r["qualifier"] for r in v.pkg.tables.get("qualifiers", []) if r.get("attribute")}
    units = [str(r["unit"]) for r in v.pkg.tables.get("units", []) if r.get("unit")]
    where = v.where("reference")
    flagged = v.flagged("reference")
    for row in v.pkg.tables.get("reference", []):
        if row["_line"] in flagged:
            continue
        line = row["_line"]
        printed, url, copy = row.get("printed_as"), row.get("url"), row.get("copy")
        verdict = row.get("kind") == "verdict"
        stated = [c for c in ("indicator", "value", "unit", "qualifier") if row.get(c) is not None]
        if verdict and (stated or printed is None):
            msg = (
                "a verdict is the report's sentence on its year's targets, in printed_as, with no "
                f"{', '.join(stated) or 'indicator, value or unit'}"
                + ("" if printed is not None else ": printed_as is missing")
            )
            column = stated[0] if stated else "printed_as"
            v.out.add(where, line, column, msg, code="reference-verdict")
            continue
        missing = [c for c in ("indicator", "unit") if not verdict and row.get(c) is None]
        if missing:
            msg = f"missing {' and '.join(missing)}: only a verdict has no indicator or unit"
            v.out.add(where, line, missing[0], msg, code="required")
            continue
        if (url is None) != (copy is None) or (printed is not None and url is None):
            have = [c for c, x in (("printed_as", printed), ("url", url), ("copy", copy)) if x]
            msg = (
                f"{' and '.join(have)} without the rest: a row read on a page gives its words "
                "as printed (printed_as), the page's address (url) and copy (official or reprint)"
            )
            v.out.add(where, line, "url" if url is None else "copy", msg, code="reference-page")
            continue
        if copy is not None and (copy == "official") != _official_host(str(url)):
            msg = (
                f"copy {copy!r} but the page is on {urlsplit(str(url)).hostname}: an official "
                "copy is on the government's own site (gov.cn); any other is a reprint"
            )
            v.out.add(where, line, "copy", msg, code="reference-copy")
        elif copy == "reprint" and _is_citation(citation := str(row.get("citation") or "")):
            if "reprint" not in citation.lower():  # a placeholder is reported as such
                msg = "a reprint is named as such: the citation says 'reprint' and where it is"
                v.out.add(where, line, "citation", msg, code="reference-copy")
        if printed is None:
            continue
        words = provenance.normalize(str(printed)).translate(_TRADITIONAL)
        value = row.get("_printed_value")
        if value is not None and not provenance.same_number_in_quote(str(value), words):
            msg = f"printed_as {printed!r} does not print the value {value}"
            v.out.add(where, line, "printed_as", msg, code="reference-printed-value")
            continue
        if value is not None and row.get("unit") is not None:
            finding = values.check_value(str(value), str(row["unit"]), words, "", {}, units)
            if finding is not None:
                msg = f"printed_as {finding.message.removeprefix('the quote ')}"
                v.out.add(where, line, "unit", msg, code="reference-printed-value")
                continue
        for word in str(row.get("qualifier") or "").split(";"):
            if word and word not in attribute and word not in words:
                msg = (
                    f"qualifier {word!r} is not in printed_as {printed!r}: a bound, peg or "
                    "commitment is read in the words the page prints"
                )
                v.out.add(where, line, "qualifier", msg, code="reference-printed-qualifier")


#: Words that hold a citation's place without citing anything.
PLACEHOLDERS = {"tbd", "todo", "fixme", "n/a", "na", "none", "null", "unknown", "source", "xxx"}


def _is_citation(text: str) -> bool:
    """A citation has words (three letters at least, in any script) and is not a placeholder."""
    letters = sum(1 for c in text if c.isalpha())
    return letters >= 3 and text.strip().lower() not in PLACEHOLDERS


@needs("qualifiers", what="qualifier words")
def check_qualifiers(v: Validation) -> None:
    """Every qualifier word of indicators.csv and reference.csv is one of qualifiers.csv."""
    qualifiers = {r["qualifier"] for r in v.pkg.tables.get("qualifiers", [])}
    for name in ("indicators", "reference"):
        where = v.where(name)
        for row in v.pkg.tables.get(name, []):
            for word in str(row.get("qualifier") or "").split(";"):
                if word and word not in qualifiers:
                    msg = f"unknown qualifier {word!r} (valid: {', '.join(sorted(qualifiers))})"
                    v.out.add(where, row["_line"], "qualifier", msg, code="unknown-qualifier")


def check_semantics(v: Validation) -> None:
    """Missing values and wordings, unit factors and citations: checks of a row on its own."""
    pkg, out = v.pkg, v.out
    for name in ("indicators", "reference"):
        where = v.where(name)
        for row in pkg.tables.get(name, []):
            if name == "reference" and row.get("kind") == "verdict":
                continue  # a report's sentence on its year: no number (check_reference_pages)
            if row.get("value") is None:
                check_wording(row, name, where, out)
            if name == "indicators":
                check_range(row, where, out)
                check_rank(row, where, out)
                check_relative(row, where, out)
    check_revisions(v)
    where = v.where("units")
    for row in pkg.tables.get("units", []):
        if row.get("factor") == 0:
            msg = (
                "factor 0: value_std = value × factor would make every figure 0; it must be above 0"
            )
            out.add(where, row["_line"], "factor", msg, code="factor-zero")
    where = v.where("reference")
    for row in pkg.tables.get("reference", []):
        citation = row.get("citation")
        if citation is not None and not _is_citation(str(citation)):
            msg = (
                f"citation {citation!r} is a placeholder: name the title, issuer, date and "
                "address of the source"
            )
            out.add(where, row["_line"], "citation", msg, code="citation-placeholder")


@needs("units", "catalogue", what="units and counts against the catalogue")
def check_measures(v: Validation) -> None:
    """A row's unit measures what its indicator measures; a count is not negative."""
    units = {r["unit"]: r for r in v.pkg.tables.get("units", [])}
    catalogue = {r["indicator"]: r for r in v.pkg.tables.get("catalogue", [])}
    for name in ("indicators", "reference"):
        where = v.where(name)
        for row in v.pkg.tables.get(name, []):
            entry, unit = catalogue.get(row.get("indicator")), units.get(row.get("unit"))
            value = row.get("value")
            if entry and entry["measure"] == "count" and isinstance(value, float) and value < 0:
                msg = f"negative count {row['_printed_value']}: a count cannot be below zero"
                v.out.add(where, row["_line"], "value", msg, code="negative-count")
            if entry and unit and entry["unit"] in units:
                want = units[entry["unit"]]["quantity"]
                if unit["quantity"] != want:
                    msg = (
                        f"unit {row['unit']!r} measures {unit['quantity']}, but indicator "
                        f"{row['indicator']!r} is measured in {want} ({entry['unit']})"
                    )
                    v.out.add(where, row["_line"], "unit", msg, code="unit-quantity")


@needs("districts", what="reference scopes")
def check_scopes(v: Validation) -> None:
    """A reference row speaks for Shanghai or for a district of districts.csv."""
    districts = {r["district"] for r in v.pkg.tables.get("districts", [])}
    where = v.where("reference")
    for row in v.pkg.tables.get("reference", []):
        scope = row.get("scope")
        if scope is not None and scope != "shanghai" and scope not in districts:
            msg = f"unknown scope {scope!r} (valid: shanghai, {', '.join(sorted(districts))})"
            v.out.add(where, row["_line"], "scope", msg, code="unknown-scope")


def restates_results_year(year: int, results_year: int) -> bool:
    """A target for the report's results year restates that year's target beside its result.

    Its own role (not a plan-year promise): fulfilment judges it against the same report's
    result, and the master target table, which lists the plan years' promises, leaves it out.
    """
    return year == results_year


@needs("sources", what="districts and years against their report")
def check_report_years(v: Validation) -> None:
    """A row's district is its report's, and its year one the report can speak about."""
    pkg, out = v.pkg, v.out
    sources = {r["source"]: r for r in pkg.tables.get("sources", [])}
    for name in ("indicators", "projects"):
        where = v.where(name)
        for row in pkg.tables.get(name, []):
            src = sources.get(row.get("source"))
            if src is None:
                continue
            if row.get("district") is not None and row["district"] != src["district"]:
                msg = f"district {row['district']!r} differs from source's {src['district']!r}"
                out.add(where, row["_line"], "district", msg, code="district-mismatch")
            year, lo, hi = row.get("year"), src.get("results_year"), src.get("plan_year")
            if year is None or lo is None or hi is None:
                continue
            # a results table prints the results year's own targets beside its results
            # (年度目标 / 完成数): a restatement, allowed so fulfilment can judge it
            if row.get("kind") == "target" and not (
                restates_results_year(year, lo) or hi <= year <= hi + 6
            ):
                msg = (
                    f"target year {year} outside the report's plan horizon {hi}–{hi + 6} "
                    f"(or its results year {lo}, a restated target)"
                )
                out.add(where, row["_line"], "year", msg, code="year-outside-horizon")
            elif row.get("kind") in ("actual", "estimate") and not lo - 10 <= year <= lo:
                msg = f"{row['kind']} year {year} outside the report's results years {lo - 10}–{lo}"
                out.add(where, row["_line"], "year", msg, code="year-outside-results")
            elif name == "projects" and not lo <= year <= hi:
                msg = f"year {year} outside the report's years {lo}–{hi}"
                out.add(where, row["_line"], "year", msg, code="year-outside-report")


def check_comparability(v: Validation) -> None:
    """comparability.csv: one rule per indicator, district and kind; a Chinese eligible base.

    Checked with the package, so `validate` refuses what a notebook would refuse.
    """
    if "comparability" not in v.resources:
        return
    where = v.where("comparability")
    seen: dict[tuple, object] = {}
    for row in v.pkg.tables.get("comparability", []):
        key = (row.get("indicator"), row.get("district"), row.get("kind"))
        if key in seen:
            msg = (
                f"indicator {key[0]!r} (district {key[1] or 'any'}, kind {key[2] or 'any'}) is "
                f"described twice (first on line {seen[key]}): keep one row"
            )
            v.out.add(where, row["_line"], "indicator", msg, code="duplicate-rule")  # type: ignore[arg-type]
        seen.setdefault(key, row["_line"])
        if row.get("eligible_base") and not row.get("eligible_base_zh"):
            msg = "eligible_base has no Chinese (eligible_base_zh): a Chinese report needs it"
            v.out.add(where, row["_line"], "eligible_base_zh", msg, code="missing-chinese")  # type: ignore[arg-type]
