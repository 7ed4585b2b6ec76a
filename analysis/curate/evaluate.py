"""Leave one district out: how much of a curated report would the drafting assistant get right?

For each district: copy the data package to a temporary folder, delete the district's rows from
indicators.csv (its projects, the catalogue and the other district's rows stay), draft each of
its reports, and compare with the curated rows it left out. A curated figure is **found** when a
draft row stands at the same printed number (the occurrence its quote names in the seed) with
the same value as printed; its quote then holds that number and passes the provenance check.
Among the found figures, the share with the right year and kind, unit, qualifier and indicator
key. Draft rows that match no curated figure (a second printing of a fact the data keeps once,
in `also_quote`) are counted too: a reviewer deletes them.

The catalogue keeps the keys first written for the left-out district (only its rows are
removed), so the key figure is what a reviewer gets once the catalogue has the key; a second
run drops the keys only that district used, as for a district new to the workbook.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from analysis.base.errors import WorkbookError
from analysis.base.paths import data_dir as resolve_data_dir
from analysis.contract import provenance
from analysis.contract.coverage import coverage_of
from analysis.contract.package import lenient_package
from analysis.contract.schema import read_descriptor
from analysis.curate.draft import draft


@dataclass(frozen=True)
class Score:
    district: str
    curated: int  # curated indicator rows of the district
    found: int  # drafted at the same number with the same value
    year_kind: int
    unit: int
    qualifier: int
    key: int
    key_new: int  # right key when the catalogue lacks the keys only this district used
    drafted: int  # draft rows in all
    extra: int  # draft rows matching no curated row
    misses: tuple[str, ...] = ()
    value: int = 0  # the value with its sign
    year: int = 0
    kind: int = 0
    label: int = 0
    #: confidence level -> (draft rows, rows right in every field); extra rows count as wrong
    levels: tuple[tuple[str, int, int], ...] = ()

    def share(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0


class Levels:
    """Draft rows by confidence level, and how many of them are right in every field."""

    ORDER = ("high", "medium", "low")

    def __init__(self) -> None:
        self.counts = {level: [0, 0] for level in self.ORDER}

    def add(self, confidence: str, right: bool) -> None:
        level = confidence.split(":", 1)[0]
        self.counts[level][0] += 1
        self.counts[level][1] += right

    def extra(self, confidences: Iterable[str]) -> Levels:
        for c in confidences:
            self.add(c, False)
        return self

    def rows(self) -> tuple[tuple[str, int, int], ...]:
        return tuple((level, n, ok) for level, (n, ok) in self.counts.items())


def _read_rows(path: Path) -> list[list[str]]:
    """A data file's rows, header first, as the copy's edits read them."""
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _without(folder: Path, district: str, tmp: Path, own_keys: bool = True) -> Path:
    """A copy of the package without the district's indicator rows (and, with
    `own_keys=False`, without the catalogue keys only those rows used)."""
    data = tmp / "data"
    shutil.copytree(folder, data)
    seeds = folder.parent / "seeds"
    (tmp / "seeds").symlink_to(seeds.resolve(), target_is_directory=True)
    path = data / read_descriptor(data)["indicators"].path
    rows = _read_rows(path)
    col = rows[0].index("district")
    _write_rows(path, [rows[0], *(r for r in rows[1:] if r and r[col] != district)])
    _drop_where(data, "exceptions", "id", {r[0] for r in rows[1:] if r and r[col] == district})
    _drop_rows_naming(data, "indicators", {r[0] for r in rows[1:] if r and r[col] != district})
    _drop_where(data, "parts", "district", {district})
    if not own_keys:
        kept_rows = [r for r in rows[1:] if r and r[col] != district]
        key = rows[0].index("indicator")
        used = {r[key] for r in kept_rows}
        ref = data / read_descriptor(data)["reference"].path
        ref_rows = _read_rows(ref)
        used |= {r[ref_rows[0].index("indicator")] for r in ref_rows[1:] if r}
        left = {r[key] for r in rows[1:] if r and r[col] == district}
        cat = data / read_descriptor(data)["catalogue"].path
        cat_rows = _read_rows(cat)
        keep = {r[0] for r in cat_rows[1:] if r and (r[0] in used or r[0] not in left)}
        base = cat_rows[0].index("base")
        keep |= {r[base] for r in cat_rows[1:] if r and r[0] in keep and r[base]}
        _write_rows(cat, [cat_rows[0], *(r for r in cat_rows[1:] if r and r[0] in keep)])
        _drop_rows_naming(data, "catalogue", keep)
    return data


def _drop_where(data: Path, resource: str, column: str, values: set[str]) -> None:
    """Drop the rows of an optional side table whose `column` holds one of `values`: the
    exceptions excusing rows no longer in the copy, the parts rules of the left-out district
    (parts.csv names its subjects). A header alone may be left."""
    res = read_descriptor(data).get(resource)
    if res is None or not (data / res.path).exists():
        return
    path = data / res.path
    rows = _read_rows(path)
    col = rows[0].index(column)
    _write_rows(path, [rows[0], *(r for r in rows[1:] if r and r[col] not in values)])


def _drop_rows_naming(data: Path, resource: str, keep: set[str]) -> None:
    """Drop the rows of other tables whose foreign key to `resource` names a removed key
    (comparability notes, city pairs about the left-out district's own indicators, backing
    sentences of its targets)."""
    for res in read_descriptor(data).values():
        cols = [fk.field for fk in res.foreign_keys if fk.resource == resource]
        if res.name == resource or not cols:
            continue
        path = data / res.path
        if not path.exists():  # an optional table (backing.csv) left out
            continue
        rows = _read_rows(path)
        idx = [rows[0].index(c) for c in cols]
        kept = [r for r in rows[1:] if r and all(not r[i] or r[i] in keep for i in idx)]
        _write_rows(path, [rows[0], *kept])


def _same_label(drafted: object, curated: object) -> bool:
    """One name: brackets full- or half-width and spaces aside (列入市(区) is 列入市（区）)."""

    def norm(text: object) -> str:
        return re.sub(r"\s", "", str(text)).replace("（", "(").replace("）", ")")

    return norm(drafted) == norm(curated)


def _also_positions(cov, curated: list[dict]) -> dict[str, int]:
    """Where each curated row's also_quote prints its value, in the normalised seed."""
    out: dict[str, int] = {}
    for row in curated:
        also = row.get("also_quote")
        if not also or row["source"] != cov.source:
            continue
        lo = cov.seed.find(provenance.normalize(str(also)))
        if lo < 0:
            continue
        hi = lo + len(provenance.normalize(str(also)))
        for n in cov.numbers:
            if lo <= n.start and n.end <= hi and n.text == str(row["_printed_value"]):
                out[str(row["id"])] = n.start
                break
    return out


def evaluate_district(district: str, data_dir: str | None = None) -> Score:
    folder = resolve_data_dir(data_dir)
    pkg = lenient_package(folder)
    # rows with a number only: a target stated in words has no number for draft to find
    curated = [
        r
        for r in pkg.tables["indicators"]
        if r["district"] == district and r.get("value") is not None
    ]
    sources = [s["source"] for s in pkg.tables["sources"] if s["district"] == district]
    position: dict[str, int] = {}
    # a fact printed twice: the draft keeps one place, the other as also_quote (as the data)
    also_at: dict[str, int] = {}
    for cov in coverage_of(pkg):
        if cov.source in sources:
            for number, row_id in cov.by_row.items():
                position.setdefault(row_id, number.start)
            also_at.update(_also_positions(cov, curated))
    with tempfile.TemporaryDirectory(prefix="sdpw-draft-eval-") as tmp:
        data = _without(folder, district, Path(tmp))
        drafted: dict[tuple[str, int], dict] = {}
        total = 0
        for source in sources:
            for row in draft(source, str(data)).rows:
                drafted[(source, int(row["_start"]))] = row
                total += 1
    with tempfile.TemporaryDirectory(prefix="sdpw-draft-eval-") as tmp:
        data = _without(folder, district, Path(tmp), own_keys=False)
        strict = {
            (source, int(row["_start"])): row["indicator"]
            for source in sources
            for row in draft(source, str(data)).rows
        }
    found = year_kind = unit = qualifier = key = key_new = 0
    value = year = kind = label = 0
    misses: list[str] = []
    matched: set[tuple[str, int]] = set()
    levels = Levels()
    for row in curated:
        at = position.get(str(row["id"]))
        d = drafted.get((str(row["source"]), at)) if at is not None else None
        if d is None and str(row["id"]) in also_at:
            at = also_at[str(row["id"])]
            d = drafted.get((str(row["source"]), at))
        if d is None or d["value"] != str(row["_printed_value"]):
            misses.append(f"{row['id']}: {row['_printed_value']} not drafted")
            continue
        matched.add((str(row["source"]), at))
        found += 1
        ok_yk = d["year"] == row["year"] and d["kind"] == row["kind"]
        year_kind += ok_yk
        unit += d["unit"] == row["unit"]
        qualifier += (d["qualifier"] or None) == (row.get("qualifier") or None)
        key += d["indicator"] == row["indicator"]
        key_new += strict.get((str(row["source"]), at)) == row["indicator"]
        checks = {
            "value": str(d.get("value_signed", d["value"])) == str(row["_printed_value"]),
            "year": d["year"] == row["year"],
            "kind": d["kind"] == row["kind"],
            "unit": d["unit"] == row["unit"],
            "label": _same_label(d["label_zh"], row["label_zh"]),
            "qualifier": (d["qualifier"] or None) == (row.get("qualifier") or None),
            "indicator": d["indicator"] == row["indicator"],
        }
        value += checks["value"]
        year += checks["year"]
        kind += checks["kind"]
        label += checks["label"]
        levels.add(str(d["confidence"]), all(checks.values()))
        if not ok_yk:
            misses.append(
                f"{row['id']}: {row['_printed_value']} drafted {d['year']} {d['kind']}, "
                f"curated {row['year']} {row['kind']}"
            )
    return Score(
        district,
        len(curated),
        found,
        year_kind,
        unit,
        qualifier,
        key,
        key_new,
        total,
        total - len(matched),
        tuple(misses),
        value,
        year,
        kind,
        label,
        levels.extra(str(r["confidence"]) for k, r in drafted.items() if k not in matched).rows(),
    )


def evaluate(districts: list[str] | None = None, data_dir: str | None = None) -> list[Score]:
    """One score per district left out (default: every district with rows)."""
    pkg = lenient_package(resolve_data_dir(data_dir))
    keys = districts or [
        d["district"]
        for d in pkg.tables["districts"]
        if any(r["district"] == d["district"] for r in pkg.tables["indicators"])
    ]
    return [evaluate_district(d, data_dir) for d in keys]


def render(scores: list[Score]) -> str:
    """A table a README can hold, one line per district left out."""
    lines = [
        "| left out | curated figures | value and quote | year and kind | unit | qualifier "
        "| indicator key | key, new district | draft rows (extra) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:

        def pct(part: int, whole: int, s: Score = s) -> str:
            return f"{100 * s.share(part, whole):.1f}%"

        lines.append(
            f"| {s.district} | {s.curated} | {s.found} = {pct(s.found, s.curated)} "
            f"| {pct(s.year_kind, s.found)} | {pct(s.unit, s.found)} "
            f"| {pct(s.qualifier, s.found)} | {pct(s.key, s.found)} | {pct(s.key_new, s.found)} "
            f"| {s.drafted} ({s.extra}) |"
        )
    lines.append("")
    lines.append(
        "Shares after 'value and quote' are of the figures found. 'key, new district': the "
        "catalogue without the keys only the left-out district used, as for a new district."
    )
    lines += ["", *render_fields(scores)]
    return "\n".join(lines)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def render_fields(scores: list[Score]) -> list[str]:
    """Per field (of the figures found) and per confidence level (rows right in every field:
    value with its sign, year, kind, unit, label, qualifier, indicator key), and the noise."""
    lines = [
        "| left out | value with sign | year | kind | unit | label | noise "
        "| high: right | medium: right | low: right |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        by = {level: (n, ok) for level, n, ok in s.levels}
        cells = [
            f"{ok} of {n} = {_pct(ok, n)}" for n, ok in (by.get(k, (0, 0)) for k in Levels.ORDER)
        ]
        lines.append(
            f"| {s.district} | {_pct(s.value, s.found)} | {_pct(s.year, s.found)} "
            f"| {_pct(s.kind, s.found)} | {_pct(s.unit, s.found)} | {_pct(s.label, s.found)} "
            f"| {s.extra} of {s.drafted} = {_pct(s.extra, s.drafted)} | " + " | ".join(cells) + " |"
        )
    return lines


# -- hand-made layout fixtures ------------------------------------------------------------

#: The fields a layout fixture's expected row states, compared with the draft row's.
FIXTURE_FIELDS = {
    "value": "value_signed",
    "year": "year",
    "kind": "kind",
    "unit": "unit",
    "label_zh": "label_zh",
    "qualifier": "qualifier",
    "attribute": "attribute",
    "period": "period",
}


@dataclass
class FixtureScore:
    """How the draft did on one hand-made layout fixture."""

    fixture: str
    expected: int  # figures the fixture expects drafted
    found: int  # drafted at that number
    right: dict[str, int] = field(default_factory=dict)  # field -> right among found
    drafted: int = 0
    noise: int = 0  # draft rows at no expected figure (a row number, a second printing)
    duplicates: int = 0  # second printings of a fact
    duplicates_kept_once: int = 0
    levels: tuple[tuple[str, int, int], ...] = ()
    misses: tuple[str, ...] = ()


def draft_fixture(raw: str, results_year: int, plan_year: int, catalogue) -> object:
    """The draft of a text that is in no sources.csv: every number the coverage rules do not
    exclude (years, dates, names) is drafted."""
    from analysis.contract.coverage import find_numbers
    from analysis.contract.coverage_rules import RULES
    from analysis.curate.draft import draft_text

    numbers, seed = find_numbers(raw)
    by_span = {(n.start, n.end): n for n in numbers}
    norm_at = provenance.norm_offsets(raw)
    excluded = set()
    for rule in RULES:
        for span in rule.spans(raw, seed, norm_at):
            if span in by_span:
                excluded.add(by_span[span])
    return draft_text(
        raw, results_year, plan_year, catalogue, source="fixture", district="fixture",
        numbers=numbers, uncovered={n for n in numbers if n not in excluded}, seed=seed,
    )  # fmt: skip


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def evaluate_fixture(folder: Path, name: str, ry: int, py: int, catalogue) -> FixtureScore:
    """Draft one fixture and compare each expected row with the draft row at its number (the
    expected rows in printed order; each is the next number printed with its digits, after
    passing over `skip` others with the same digits)."""
    from analysis.contract.coverage import find_numbers

    raw = (folder / f"{name}.txt").read_text(encoding="utf-8")
    expected = _read_csv(folder / f"{name}.expected.csv")
    result = draft_fixture(raw, ry, py, catalogue)
    drafted = {int(r["_start"]): r for r in result.rows}
    numbers, _ = find_numbers(raw)
    cursor, matched = 0, set()
    score = FixtureScore(name, 0, 0, dict.fromkeys(FIXTURE_FIELDS, 0), len(result.rows))
    levels, misses = Levels(), []
    for want in expected:
        # `skip`: same-digit numbers to pass over first (a row number 4 before the target 4)
        for k in range(int(want.get("skip") or 0) + 1):
            if k:
                cursor += 1
            while cursor < len(numbers) and numbers[cursor].text != want["printed"]:
                cursor += 1
        if cursor == len(numbers):
            raise ValueError(f"{name}: expected {want['printed']} not printed (in order)")
        at = numbers[cursor].start
        cursor += 1
        row = drafted.get(at)
        if want.get("dup"):
            score.duplicates += 1
            score.duplicates_kept_once += row is None
            if row is not None:
                matched.add(at)
                levels.add(str(row["confidence"]), False)
                misses.append(f"{want['printed']}: a second printing drafted again")
            continue
        score.expected += 1
        if row is None:
            misses.append(f"{want['printed']}: not drafted")
            continue
        matched.add(at)
        score.found += 1
        ok = True
        for name_, col in FIXTURE_FIELDS.items():
            got, exp = str(row[col]), want[name_]
            if name_ in ("value",):
                same = float(got) == float(exp)
            else:
                same = got == exp
            score.right[name_] += same
            if not same:
                ok = False
                misses.append(f"{want['printed']}: {name_} {got!r}, expected {exp!r}")
        levels.add(str(row["confidence"]), ok)
    noise = [r for at, r in drafted.items() if at not in matched]
    score.noise = len(noise)
    misses += [f"{r['value']}: noise ({r['label_zh']})" for r in noise]
    score.levels = levels.extra(str(r["confidence"]) for r in noise).rows()
    score.misses = tuple(misses)
    return score


def evaluate_fixtures(folder: Path, data_dir: str | None = None) -> list[FixtureScore]:
    """Every fixture of `folder`'s manifest.csv (fixture, results_year, plan_year, layout),
    drafted with the data folder's catalogue and units."""
    from analysis.curate.draft import catalogue_of

    if not (folder / "manifest.csv").is_file():
        raise WorkbookError(
            f"--layouts {folder}: no manifest.csv there (fixture, results_year, plan_year, layout)"
        )
    catalogue = catalogue_of(data_dir)
    return [
        evaluate_fixture(
            folder, m["fixture"], int(m["results_year"]), int(m["plan_year"]), catalogue
        )
        for m in _read_csv(folder / "manifest.csv")
    ]


def render_fixtures(scores: list[FixtureScore]) -> str:
    """One line per fixture and a total: per field, noise, duplicates, per confidence level."""
    heads = ["value with sign", "year", "kind", "unit", "label", "qualifier", "attribute",
             "period"]  # fmt: skip
    lines = [
        "| layout | figures | found | " + " | ".join(heads) + " | noise | printed twice, kept "
        "once | high: right | medium: right | low: right |",
        "|---|" + "---|" * (len(heads) + 7),
    ]
    total = FixtureScore("all", 0, 0, dict.fromkeys(FIXTURE_FIELDS, 0))
    levels = {k: [0, 0] for k in Levels.ORDER}
    for s in [*scores, None]:
        if s is None:
            s = total
            s.levels = tuple((k, n, ok) for k, (n, ok) in levels.items())
        else:
            total.expected += s.expected
            total.found += s.found
            total.drafted += s.drafted
            total.noise += s.noise
            total.duplicates += s.duplicates
            total.duplicates_kept_once += s.duplicates_kept_once
            for k in FIXTURE_FIELDS:
                total.right[k] += s.right[k]
            for k, n, ok in s.levels:
                levels[k][0] += n
                levels[k][1] += ok
        by = {k: (n, ok) for k, n, ok in s.levels}
        conf = [f"{ok} of {n}" + (f" = {_pct(ok, n)}" if n else "") for n, ok in
                (by.get(k, (0, 0)) for k in Levels.ORDER)]  # fmt: skip
        lines.append(
            f"| {s.fixture} | {s.expected} | {s.found} = {_pct(s.found, s.expected)} | "
            + " | ".join(_pct(s.right[k], s.found) for k in FIXTURE_FIELDS)
            + f" | {s.noise} of {s.drafted} = {_pct(s.noise, s.drafted)} "
            f"| {s.duplicates_kept_once} of {s.duplicates} | " + " | ".join(conf) + " |"
        )
    return "\n".join(lines)


# -- project lists ------------------------------------------------------------------------

#: The fields of a project row compared with the curated row (projects.csv's columns).
PROJECT_FIELDS = ("seq", "category_zh", "name_zh", "total_investment", "unit", "goal_zh",
                  "progress_zh", "year")  # fmt: skip


@dataclass(frozen=True)
class ProjectScore:
    """How the project draft did on one district's reports, its project rows left out."""

    district: str
    curated: int  # curated project rows of the district
    found: int  # drafted at the same place (their quotes overlap)
    right: tuple[tuple[str, int], ...]  # field -> right among found
    drafted: int
    noise: int  # project draft rows at no curated project
    as_indicators: int  # indicator draft rows at a number of a curated project row
    levels: tuple[tuple[str, int, int], ...] = ()
    misses: tuple[str, ...] = ()

    def of(self, name: str) -> int:
        return dict(self.right)[name]


def _without_projects(folder: Path, district: str, tmp: Path) -> Path:
    """A copy of the package without the district's project rows (projects.csv may not be
    empty: another district's rows must stay)."""
    data = tmp / "data"
    shutil.copytree(folder, data)
    (tmp / "seeds").symlink_to((folder.parent / "seeds").resolve(), target_is_directory=True)
    path = data / read_descriptor(data)["projects"].path
    rows = _read_rows(path)
    col = rows[0].index("district")
    kept = [r for r in rows[1:] if r and r[col] != district]
    if not kept:
        raise WorkbookError(
            f"draft-eval: {district} holds every project row; leaving them out would leave "
            "projects.csv empty, which the package refuses"
        )
    _write_rows(path, [rows[0], *kept])
    return data


def _same_project_field(name: str, drafted: object, curated: object) -> bool:
    d = "" if drafted is None else str(drafted)
    c = "" if curated is None else str(curated)
    if name == "total_investment" and d and c:
        return float(d) == float(c)
    return _same_label(d, c)


def evaluate_projects_of(district: str, data_dir: str | None = None) -> ProjectScore:
    """Draft the district's reports with its project rows left out; compare each drafted
    project row with the curated one whose quote overlaps its own in the seed."""
    folder = resolve_data_dir(data_dir)
    pkg = lenient_package(folder)
    curated = [r for r in pkg.tables["projects"] if r["district"] == district]
    sources = [s["source"] for s in pkg.tables["sources"] if s["district"] == district]
    seeds = {c.source: c.seed for c in coverage_of(pkg) if c.source in sources}

    def span(source: str, quote: object) -> tuple[int, int]:
        q = provenance.normalize(str(quote))
        lo = seeds[source].find(q)
        return (lo, lo + len(q)) if lo >= 0 else (-1, -1)

    with tempfile.TemporaryDirectory(prefix="sdpw-draft-eval-") as tmp:
        data = _without_projects(folder, district, Path(tmp))
        drafted: list[tuple[str, dict]] = []
        indicator_starts: list[tuple[str, int]] = []
        for source in sources:
            result = draft(source, str(data))
            drafted += [(source, r) for r in result.projects]
            indicator_starts += [(source, int(r["_start"])) for r in result.rows]
    spans = {str(c["id"]): span(str(c["source"]), c["quote"]) for c in curated}
    found, right, noise, levels, misses = _compare_projects(
        [(span(source, d["quote"]), source, d) for source, d in drafted], curated, spans
    )
    as_indicators = sum(
        1
        for source, at in indicator_starts
        for c in curated
        if c["source"] == source and spans[str(c["id"])][0] <= at < spans[str(c["id"])][1]
    )
    return ProjectScore(district, len(curated), found, tuple(right.items()), len(drafted),
                        noise, as_indicators, levels, tuple(misses))  # fmt: skip


def _compare_projects(
    drafted: list[tuple[tuple[int, int], str, dict]],
    curated: list[dict],
    spans: dict[str, tuple[int, int]],
) -> tuple[int, dict[str, int], int, tuple[tuple[str, int, int], ...], list[str]]:
    """(found, right per field, noise, levels, misses): each drafted row (its quote's span in
    the normalised seed, its source) against the curated row whose quote overlaps it most."""
    right = dict.fromkeys(PROJECT_FIELDS, 0)
    levels, misses, matched = Levels(), [], set()
    found = noise = 0
    for (lo, hi), source, d in drafted:
        best, overlap = None, 0
        for c in curated:
            c_lo, c_hi = spans[str(c["id"])]
            if c["source"] == source and min(hi, c_hi) - max(lo, c_lo) > overlap:
                best, overlap = c, min(hi, c_hi) - max(lo, c_lo)
        if best is None or str(best["id"]) in matched:
            noise += 1
            levels.add(str(d["confidence"]), False)
            misses.append(f"noise: {d['quote']}")
            continue
        matched.add(str(best["id"]))
        found += 1
        ok = True
        for name in PROJECT_FIELDS:
            want = best.get("_printed_total_investment", best.get(name))
            want = want if name == "total_investment" else best.get(name)
            same = _same_project_field(name, d.get(name), want)
            right[name] += same
            if not same:
                ok = False
                misses.append(f"{best['id']}: {name} {d.get(name)!r}, expected {want!r}")
        levels.add(str(d["confidence"]), ok)
    misses += [f"{c['id']}: not drafted" for c in curated if str(c["id"]) not in matched]
    return found, right, noise, levels.rows(), misses


def evaluate_project_fixture(folder: Path, name: str, ry: int, py: int, catalogue) -> ProjectScore:
    """Draft one hand-made project fixture (`name`.txt) and compare with its expected rows
    (`name`.expected.csv: quote, seq, category_zh, name_zh, total_investment, unit, goal_zh,
    progress_zh, year); also count the indicator draft rows that stand in a project row."""
    from analysis.contract.coverage import find_numbers

    raw = (folder / f"{name}.txt").read_text(encoding="utf-8")
    _, seed = find_numbers(raw)
    expected = _read_csv(folder / f"{name}.expected.csv")
    result = draft_fixture(raw, ry, py, catalogue)

    def span(quote: object) -> tuple[int, int]:
        q = provenance.normalize(str(quote))
        lo = seed.find(q)
        if lo < 0:
            raise ValueError(f"{name}: expected quote not in the fixture: {quote}")
        return lo, lo + len(q)

    curated = [{**e, "id": f"{name}:{k + 1}", "source": "fixture"} for k, e in enumerate(expected)]
    spans = {c["id"]: span(c["quote"]) for c in curated}
    found, right, noise, levels, misses = _compare_projects(
        [(span(d["quote"]), "fixture", d) for d in result.projects], curated, spans
    )
    as_indicators = sum(
        1 for r in result.rows for lo, hi in spans.values() if lo <= int(r["_start"]) < hi
    )
    return ProjectScore(name, len(curated), found, tuple(right.items()), len(result.projects),
                        noise, as_indicators, levels, tuple(misses))  # fmt: skip


def evaluate_project_fixtures(folder: Path, data_dir: str | None = None) -> list[ProjectScore]:
    """Every project fixture of `folder`'s manifest.csv (fixture, results_year, plan_year,
    layout), drafted with the data folder's vocabulary."""
    from analysis.curate.draft import catalogue_of

    if not (folder / "manifest.csv").is_file():
        raise WorkbookError(
            f"--project-layouts {folder}: no manifest.csv there (fixture, results_year, "
            "plan_year, layout)"
        )
    catalogue = catalogue_of(data_dir)
    return [
        evaluate_project_fixture(
            folder, m["fixture"], int(m["results_year"]), int(m["plan_year"]), catalogue
        )
        for m in _read_csv(folder / "manifest.csv")
    ]


def evaluate_projects(
    districts: list[str] | None = None, data_dir: str | None = None
) -> list[ProjectScore]:
    """One project score per district left out (default: every district with project rows)."""
    pkg = lenient_package(resolve_data_dir(data_dir))
    keys = districts or [
        d["district"]
        for d in pkg.tables["districts"]
        if any(r["district"] == d["district"] for r in pkg.tables["projects"])
    ]
    return [evaluate_projects_of(d, data_dir) for d in keys]


def render_projects(scores: list[ProjectScore]) -> str:
    """One line per district left out: project rows found, right per field, noise, the
    indicator rows drafted at a project's numbers, and rows right in every field per level."""
    heads = ["name", "amount", "unit", "seq", "category", "goal", "progress", "year"]
    lines = [
        "| projects left out | curated | found | " + " | ".join(heads) + " | noise "
        "| drafted as indicators | high: right | medium: right | low: right |",
        "|---|" + "---|" * (len(heads) + 7),
    ]
    order = ("name_zh", "total_investment", "unit", "seq", "category_zh", "goal_zh",
             "progress_zh", "year")  # fmt: skip
    if len(scores) > 1:
        scores = [*scores, _project_total(scores)]
    for s in scores:
        by = {k: (n, ok) for k, n, ok in s.levels}
        conf = [f"{ok} of {n}" + (f" = {_pct(ok, n)}" if n else "") for n, ok in
                (by.get(k, (0, 0)) for k in Levels.ORDER)]  # fmt: skip
        lines.append(
            f"| {s.district} | {s.curated} | {s.found} = {_pct(s.found, s.curated)} | "
            + " | ".join(_pct(s.of(k), s.found) for k in order)
            + f" | {s.noise} of {s.drafted} = {_pct(s.noise, s.drafted)} | {s.as_indicators} | "
            + " | ".join(conf)
            + " |"
        )
    return "\n".join(lines)


def _project_total(scores: list[ProjectScore]) -> ProjectScore:
    """Every score summed: the line `all` under a table of several."""
    right = {k: sum(s.of(k) for s in scores) for k in PROJECT_FIELDS}
    levels = tuple(
        (k, sum(n for s in scores for k2, n, _ in s.levels if k2 == k),
         sum(ok for s in scores for k2, _, ok in s.levels if k2 == k))
        for k in Levels.ORDER
    )  # fmt: skip
    return ProjectScore(
        "all", sum(s.curated for s in scores), sum(s.found for s in scores),
        tuple(right.items()), sum(s.drafted for s in scores), sum(s.noise for s in scores),
        sum(s.as_indicators for s in scores), levels,
    )  # fmt: skip
