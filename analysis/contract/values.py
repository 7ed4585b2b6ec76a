"""A value must be the number its quote states for it, not merely a number in the quote.

`provenance.value_in_quote` proves that the digits stand in the quote; these checks prove that
they stand there *as this row's figure*:

- **unit**: where the quote prints a unit right after the value, it is the row's unit (or the
  first part of a per-unit such as 平方米/千人, printed 每千人42平方米; a measure word 个 may come
  between, as in 1个百分点). 1806.05 亿元 is not 1806.05 万元, and 1.7% is not 1.7 亿元.
- **not a label**: a value that the seed prints, at that place, as a table row number, a year or
  part of a name (the coverage rules that exclude numbers from curation) is refused: project 1's
  investment is not the 1 that opens its row.
- **one fact, one row**: (district, year, kind, indicator, subject) names one fact.

A row that must break a rule says so in `data/exceptions.csv`, with the reason; an exception that
no longer excuses anything is itself refused, so the list cannot go stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from analysis.contract import provenance
from analysis.contract.coverage_rules import RULES as COVERAGE_RULES

#: The rules an exception may name, as in data/exceptions.csv `rule`.
UNIT = "value-unit"
LABEL = "value-label"
ONE_FACT = "one-fact-one-row"
RULES = (UNIT, LABEL, ONE_FACT)

#: The columns that name one fact in indicators.csv.
FACT_KEY = ("district", "year", "kind", "indicator", "subject")


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str


@lru_cache(maxsize=8)
def excluded_numbers(raw_seed: str) -> dict[tuple[int, int], str]:
    """Normalised (start, end) of every number a coverage rule excludes -> the rule's name."""
    norm_at = provenance.norm_offsets(raw_seed)
    seed = provenance.normalize(raw_seed)
    out: dict[tuple[int, int], str] = {}
    for rule in COVERAGE_RULES:
        for span in rule.spans(raw_seed, seed, norm_at):
            out.setdefault(span, rule.name)
    return out


class LazyExcluded:
    """`excluded_numbers` of a seed, computed on the first look-up only: most values are
    settled by the unit printed after them, and the rules cost a few tens of milliseconds."""

    def __init__(self, raw_seed: str):
        self.raw_seed = raw_seed

    def get(self, span: tuple[int, int]) -> str | None:
        return excluded_numbers(self.raw_seed).get(span)


def _unit_after(text: str, units: Iterable[str]) -> str | None:
    """The longest unit that `text` starts with, if any."""
    return max((u for u in units if text.startswith(u)), key=len, default=None)


def _accepted(unit: str, extra: Iterable[str] = ()) -> set[str]:
    accepted = {unit, *extra}
    if "/" in unit:  # 平方米/千人 is printed 每千人 42 平方米
        accepted.add(unit.split("/", 1)[0])
    return accepted


def check_value(
    printed: str,
    unit: str | None,
    quote: str,
    seed: str,
    excluded: dict[tuple[int, int], str] | LazyExcluded,
    units: Iterable[str],
) -> Finding | None:
    """Why the quote does not state `printed` as this row's figure, or None when it does.

    Every place the quote prints the value is tried; one place that fits is enough.
    """
    q = provenance.normalize(quote)
    starts = _find_all(seed, q)
    units = tuple(units)
    accepted = _accepted(unit) if unit else set()
    first: Finding | None = None
    for m in provenance.value_pattern(printed).finditer(q):
        after = q[m.end() :]
        found = _unit_after(after, units)
        if found == "/" and after[1:2].isdigit():
            found = None  # 1/6: a fraction's numerator, not a value followed by a unit
        if found == "个" and _unit_after(after[1:], units) in accepted:
            found = _unit_after(after[1:], units)  # 1个百分点
        if found is not None and unit is not None:
            if found in accepted:
                return None
            first = first or Finding(
                UNIT, f"the quote prints {printed}{found}, not a value in {unit}"
            )
            continue
        rules = [excluded.get((at + m.start(), at + m.end())) for at in starts]
        if starts and all(rules):
            first = first or Finding(
                LABEL, f"the quote prints {printed} as a {rules[0]}, not as a quantity"
            )
            continue
        return None
    return first


def _find_all(haystack: str, needle: str) -> list[int]:
    out, i = [], haystack.find(needle)
    while needle and i >= 0:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out
