"""Coverage: is every number in every seed curated, or excluded by a named rule?

A number is a run of Arabic digits with an optional decimal part, found in the seed as printed
and located in the seed with all whitespace deleted (the provenance normalisation). Numbers are
found before whitespace is deleted, so `3 129、130 街坊` stays three numbers (3, 129, 130) and
does not become 3129.

A number is **curated** when a row of `data/` quotes the passage it stands in and names it: the
row's value (or a project's sequence number, total investment, or a number inside its name,
goal or progress). Otherwise it is **excluded** when one of the rules in
`analysis/contract/coverage_rules.py` matches it, and **uncovered** when none does.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from analysis.base.paths import data_dir as default_dir
from analysis.contract import provenance
from analysis.contract.coverage_rules import RULES, Rule
from analysis.contract.model import Package
from analysis.contract.package import lenient_package

NUMBER = provenance.NUMBER


@dataclass(frozen=True)
class Number:
    """One number as printed in a seed."""

    text: str
    line: int  # 1-based line in the seed file
    start: int  # offset in the normalised seed
    end: int

    def context(self, seed: str, width: int = 18) -> str:
        """The normalised text around the number, the number in brackets."""
        return (
            seed[max(0, self.start - width) : self.start]
            + f"[{self.text}]"
            + seed[self.end : self.end + width]
        )


@dataclass
class SeedCoverage:
    """The classification of every number in one seed."""

    source: str
    file: str
    seed: str
    numbers: list[Number]
    status: dict[Number, str] = field(default_factory=dict)  # "curated" or "rule:<name>"
    by_row: dict[Number, str] = field(default_factory=dict)  # curated number -> row id

    @property
    def uncovered(self) -> list[Number]:
        return [n for n in self.numbers if n not in self.status]

    def counts(self) -> Counter:
        out = Counter(self.status.values())
        out["uncovered"] = len(self.uncovered)
        return out


def find_numbers(raw: str) -> tuple[list[Number], str]:
    """Every number in the raw seed, with its offsets in the normalised seed."""
    norm_at = provenance.norm_offsets(raw)
    numbers = []
    line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
    for m in NUMBER.finditer(raw):
        line = bisect_left(line_starts, m.start() + 1)
        numbers.append(Number(m.group(), line, norm_at[m.start()], norm_at[m.end()]))
    return numbers, provenance.normalize(raw)


def _occurrences(haystack: str, needle: str) -> list[int]:
    out, i = [], haystack.find(needle)
    while needle and i >= 0:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


def _equal(a: str, b: str) -> bool:
    try:
        return float(a) == float(b)
    except ValueError:
        return False


def _mark_curated(cov: SeedCoverage, rows: list[tuple[str, list[str], list[str]]]) -> None:
    """rows: (row id, its quotes, the number texts it states). A second quote (also_quote) may
    print the number otherwise (7 for 7.0).

    Each stated number covers ONE printed number: the first one with its text, not yet covered,
    inside an occurrence of the quote. So "新增 1 个 G1 级" covers the 1, not the 1 of G1, and
    two rows quoting "10 项技术和 10 项实践" cover both tens.
    """
    starts = [n.start for n in cov.numbers]
    for row_id, quotes, values in rows:
        for rank, quote in enumerate(quotes):
            q = provenance.normalize(quote)
            spans = [(at, at + len(q)) for at in _occurrences(cov.seed, q)]
            for value in values:
                digits = value.lstrip("-")  # a printed -4.3 is the number 4.3 after its sign
                for lo, hi in spans:
                    i = bisect_left(starts, lo)
                    hit = None
                    while i < len(cov.numbers) and cov.numbers[i].end <= hi:
                        n = cov.numbers[i]
                        same = n.text == digits or (rank > 0 and _equal(n.text, digits))
                        if same and n not in cov.status:
                            hit = n
                            break
                        i += 1
                    pieces = [] if hit is not None else _spaced_pieces(cov, starts, lo, hi, digits)
                    for n in [hit] if hit is not None else pieces:
                        cov.status[n] = "curated"
                        cov.by_row[n] = row_id
                    if hit is not None or pieces:
                        break


def _spaced_pieces(
    cov: SeedCoverage, starts: list[int], lo: int, hi: int, digits: str
) -> list[Number]:
    """The printed pieces of a number whose digits the seed spaces out (363 .98, 3 63.98):
    numbers in the quote's span where the normalised seed reads `digits` whole from the first
    one's start. All of them are covered by the one value; none when there is no such place."""
    i = bisect_left(starts, lo)
    while i < len(cov.numbers) and cov.numbers[i].end <= hi:
        n = cov.numbers[i]
        end = n.start + len(digits)
        # whole in the quote, as the quote check reads it (the quote may end at the number)
        whole = cov.seed[n.start : end] == digits and not cov.seed[end:hi][:1].isdigit()
        if whole and n not in cov.status and len(n.text) < len(digits):
            return [m for m in cov.numbers[i:] if m.start < end and m not in cov.status]
        i += 1
    return []


def _apply_rules(cov: SeedCoverage, raw: str, rules: list[Rule]) -> None:
    by_span = {(n.start, n.end): n for n in cov.numbers}
    norm_at = provenance.norm_offsets(raw)
    for rule in rules:
        for start, end in rule.spans(raw, cov.seed, norm_at):
            n = by_span.get((start, end))
            if n is not None and n not in cov.status:
                cov.status[n] = f"rule:{rule.name}"


def _row_numbers(row: dict, fields: tuple[str, ...]) -> list[str]:
    values: list[str] = []
    for f in fields:
        v = row.get(f)
        if v is None:
            continue
        if f.startswith("_printed") or f == "seq":
            values.append(str(v))
        else:
            values.extend(NUMBER.findall(str(v)))
    return values


def coverage(data_dir: Path | None = None, rules: list[Rule] | None = None) -> list[SeedCoverage]:
    """Classify every number of every seed listed in sources.csv.

    A report being curated (no rows yet) is read too: completeness is not required here.
    """
    return coverage_of(lenient_package(default_dir(data_dir)), rules)


def coverage_of(
    pkg: Package, rules: list[Rule] | None = None, only: str | None = None
) -> list[SeedCoverage]:
    """Coverage of a validated package's seeds (`only`: one source key)."""
    folder = pkg.data_dir
    rules = RULES if rules is None else rules
    results = []
    for src in pkg.tables["sources"]:
        if only is not None and src["source"] != only:
            continue
        path = (folder.parent / src["file"]).resolve()
        raw = path.read_text(encoding="utf-8")
        numbers, seed = find_numbers(raw)
        cov = SeedCoverage(src["source"], str(src["file"]), seed, numbers)
        rows = []
        for row in pkg.tables["indicators"]:
            if row["source"] == src["source"]:
                quotes = [row["quote"]] + ([row["also_quote"]] if row.get("also_quote") else [])
                values = [
                    str(row[f"_printed_{c}"])
                    for c in ("value", "value_high", "margin")
                    if f"_printed_{c}" in row
                ]
                rows.append((row["id"], quotes, values))
        for row in pkg.tables["projects"]:
            if row["source"] == src["source"]:
                values = _row_numbers(
                    row, ("seq", "_printed_total_investment", "name_zh", "goal_zh", "progress_zh")
                )
                rows.append((row["id"], [row["quote"]], values))
        _mark_curated(cov, rows)
        _apply_rules(cov, raw, rules)
        results.append(cov)
    return results


def report(results: list[SeedCoverage], show_uncovered: bool = True) -> str:
    """A summary per seed and per class, then each uncovered number in its context."""
    lines = []
    for cov in results:
        counts = cov.counts()
        lines.append(f"{cov.source} ({cov.file}): {len(cov.numbers)} numbers")
        lines.append(f"  curated: {counts.get('curated', 0)}")
        for rule in RULES:
            k = counts.get(f"rule:{rule.name}", 0)
            if k:
                lines.append(f"  excluded, {rule.name}: {k}")
        lines.append(f"  uncovered: {counts['uncovered']}")
        if show_uncovered:
            for n in cov.uncovered:
                lines.append(f"    line {n.line}: {n.text:>8}  …{n.context(cov.seed)}…")
    return "\n".join(lines)
