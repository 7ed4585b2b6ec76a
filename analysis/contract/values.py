"""A value must be the number its quote states for it, not merely a number in the quote.

`provenance.value_in_quote` proves that the digits stand in the quote; these checks prove that
they stand there *as this row's figure*:

- **unit**: where the quote prints a unit right after the value, it is the row's unit (or the
  first part of a per-unit such as 平方米/千人, printed 每千人42平方米; a measure word 个 may come
  between, as in 1个百分点). 1806.05 亿元 is not 1806.05 万元, and 1.7% is not 1.7 亿元.
- **not a label**: a value that the seed prints, at that place, as a table row number, a year or
  part of a name (the coverage rules that exclude numbers from curation) is refused: project 1's
  investment is not the 1 that opens its row.
- **its place**: rows sharing a quote state its figures in the order of their labels (a table
  row 社会消费品零售总额/商品销售总额 … 增长20.4%/增长1.5%), and two rows do not take one printed
  figure while another of their unit is stated by no row: swapped or moved values are refused.
- **one fact, one row**: (district, year, kind, indicator, subject) names one fact, and (source,
  list, seq) one project; in reference.csv, (scope, year, kind, indicator) may be cited twice,
  but both rows state one figure (in standard units) with one bound.

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
PLACE = "value-place"
RULES = (UNIT, LABEL, ONE_FACT, PLACE)

#: The columns that name one fact in indicators.csv.
FACT_KEY = ("district", "year", "kind", "indicator", "subject")
#: ... in projects.csv: a list's row number names one project.
PROJECT_KEY = ("source", "list", "seq")
#: ... in reference.csv. Two citations of one fact may both be kept (the analyses prefer the
#: one stating the target's attribute), but they must state the same figure.
REFERENCE_KEY = ("scope", "year", "kind", "indicator")


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


def _places(q: str, printed: str, unit: str, units: tuple[str, ...]) -> list[int]:
    """Where the normalised quote prints `printed` followed by `unit` (as `check_value` reads
    a unit after a value)."""
    accepted = _accepted(unit)
    out = []
    for m in provenance.value_pattern(printed).finditer(q):
        after = q[m.end() :]
        found = _unit_after(after, units)
        if found == "个" and _unit_after(after[1:], units) in accepted:
            found = _unit_after(after[1:], units)
        if found in accepted:
            out.append(m.start())
    return out


def misplaced(rows: list[dict], quote: str, units: Iterable[str]) -> list[tuple[dict, Finding]]:
    """The rows of one quote whose value stands at another row's place.

    Only rows of one unit, year and kind are compared, each value where the quote prints it
    with that unit, each label where it first stands (labels one inside the other are skipped):
    - **order**: when A's label stands before B's, A's value does not stand after all of B's;
    - **one place, one row**: two indicators do not take the one place printing their value
      while the quote prints another figure of their unit that no row of it states.
    """
    q, units = provenance.normalize(quote), tuple(units)
    info = []
    for row in rows:
        printed, unit = row.get("_printed_value"), row.get("unit")
        if printed is None or unit is None:
            continue
        label = provenance.normalize(str(row.get("label_zh") or ""))
        at = q.find(label) if label else -1
        # a range (8-10%) prints its unit after the high end: that is where the row stands
        high = row.get("_printed_value_high")
        places = _places(q, str(printed), str(unit), units)
        if high is not None:
            places = sorted({*places, *_places(q, str(high), str(unit), units)})
        info.append((row, places, label, at))
    claimed = {p for _, places, _, _ in info for p in places}
    out: list[tuple[dict, Finding]] = []
    for i, (a, pa, la, at_a) in enumerate(info):
        for b, pb, lb, at_b in info[i + 1 :]:
            same = (a["unit"], a.get("year"), a.get("kind")) == (
                b["unit"],
                b.get("year"),
                b.get("kind"),
            )
            if not same or not pa or not pb:
                continue
            if pa == pb and len(pa) == 1 and a.get("indicator") != b.get("indicator"):
                free = _free_figure(q, str(a["unit"]), units, claimed)
                if free is not None:
                    out.append(
                        (
                            b,
                            Finding(
                                PLACE,
                                f"the quote prints it once, and row {a.get('id')} (line "
                                f"{a['_line']}) states it too, while the quote's {free} is "
                                "stated by no row: is this value another figure of the quote?",
                            ),
                        )
                    )
                continue
            if at_a < 0 or at_b < 0 or la in lb or lb in la:
                continue
            (x, px, lx), (y, py, ly) = sorted(
                [(a, pa, la), (b, pb, lb)], key=lambda t: q.find(t[2])
            )
            if min(px) > max(py):
                out.append(
                    (
                        x,
                        Finding(
                            PLACE,
                            f"the quote prints it after {y['_printed_value']}{y['unit']} of row "
                            f"{y.get('id')} (line {y['_line']}), yet this row's label {lx} "
                            f"stands before that row's {ly}: are the two values swapped?",
                        ),
                    )
                )
    return out


def _free_figure(q: str, unit: str, units: tuple[str, ...], claimed: set[int]) -> str | None:
    """A figure the quote prints in `unit` at a place no row of it states, as printed."""
    for m in provenance.NUMBER.finditer(q):
        if m.start() not in claimed and m.start() in _places(q, m.group(), unit, units):
            return m.group() + unit
    return None
