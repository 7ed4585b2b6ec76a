"""What a reader sees of each table: a compact view that fits the page.

A registered table keeps every column in its CSV (keys, codes, ids, both languages). The page
and the notebook show at most `MAX_SHOWN` of them: the figure, the target as printed, the codes
that matter, the comparison and the city. The row ids leave the view and become each figure's
hover text (its verbatim quote, the file and the row id), and long notes leave it for numbered
footnotes under the table, so no row grows tall with text off to the side.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: The most columns a compact view shows, the note marker column included.
MAX_SHOWN = 11


@dataclass(frozen=True)
class Compact:
    """A table's reader view: the columns shown, the columns whose text becomes footnotes, and
    for a shown figure the id column whose row's quote is its hover text."""

    columns: tuple[str, ...]
    notes: tuple[str, ...] = ()
    quotes: Mapping[str, str] = field(default_factory=dict)


COMPACT: dict[str, Compact] = {
    "headline": Compact(
        ("district", "name", "year", "kind", "value_printed", "unit", "qualifier", "quote"),
        quotes={"value_printed": "id"},
    ),
    "compare": Compact(
        ("district", "name", "year", "kind", "value_printed", "unit", "qualifier", "comparable"),
        quotes={"value_printed": "id"},
    ),
    "targets": Compact(
        ("name", "unit", "result_value", "target_wording", "bound", "commitment", "attribute",
         "direction", "city_target_value", "escalation"),
        notes=("second_tier", "backing", "not_compared", "city_comparability"),
        quotes={"result_value": "result_id", "target_wording": "target_id",
                "city_target_value": "city_target_id"},
    ),  # fmt: skip
    "target_summary": Compact(
        ("district", "targets", "compared_with_result", "below", "equal", "above", "pegged",
         "city_assigned", "tighter", "looser"),
    ),  # fmt: skip
    "qualifiers": Compact(("district", "dimension", "code", "targets")),
    "growth": Compact(
        ("district", "name", "result", "result_kind", "target", "qualifier", "bound",
         "assignment", "change_pp"),
        quotes={"result": "result_id", "target": "target_id"},
    ),  # fmt: skip
    "escalation": Compact(
        ("district", "name", "target_wording", "bound", "city_target_value", "city_qualifier",
         "city_bound", "escalation", "escalation_unit", "bound_escalation"),
        notes=("city_comparability",),
        quotes={"target_wording": "target_id", "city_target_value": "city_target_id"},
    ),  # fmt: skip
    "results_vs_city": Compact(
        ("district", "name", "year", "result", "qualifier", "city_result", "city_qualifier",
         "gap_city", "unit"),
        notes=("city_comparability",),
        quotes={"result": "result_id", "city_result": "city_result_id"},
    ),  # fmt: skip
    "implied_levels": Compact(
        ("district", "name", "base_level", "target", "qualifier", "implied_level",
         "stated_level", "implied_base", "level_unit"),
        quotes={"base_level": "base_id", "target": "target_id", "stated_level": "stated_id"},
    ),  # fmt: skip
    "consistency": Compact(
        ("district", "name", "base_level", "target", "implied_level", "stated_level", "gap_pct",
         "reading"),
        notes=("explanation",),
    ),  # fmt: skip
    "fulfilment": Compact(
        ("district", "name", "year", "fulfilled_target", "qualifier", "bound",
         "fulfilled_result", "unit", "status", "margin"),
        notes=("not_compared", "report_verdict"),
        quotes={"fulfilled_target": "target_id", "fulfilled_result": "result_id"},
    ),  # fmt: skip
    "ratchet": Compact(
        ("district", "name", "year", "year_target", "qualifier", "last_result",
         "gap_to_last_result", "last_target", "revision", "last_status"),
        notes=("not_compared",),
        quotes={"year_target": "target_id", "last_result": "last_result_id",
                "last_target": "last_target_id"},
    ),  # fmt: skip
    "investment": Compact(
        ("district", "name", "year", "kind", "value", "unit", "qualifier"),
        quotes={"value": "id"},
    ),
    "project_categories": Compact(("list", "category_zh", "category_en", "projects", "total",
                                   "share")),
    "largest_projects": Compact(
        ("list", "seq", "name_zh", "name_en", "category_en", "total_investment", "unit"),
        quotes={"total_investment": "id"},
    ),
    "project_progress": Compact(
        ("list", "seq", "project_category", "project", "goal", "progress", "met"),
        quotes={"progress": "id"},
    ),
    "social": Compact(
        ("district", "programme", "amount", "amount_unit", "beneficiaries", "per_unit",
         "yuan_per_beneficiary", "per_capita", "part_of", "compared"),
        notes=("base_missing",),
        quotes={"amount": "amount_id", "beneficiaries": "beneficiaries_id"},
    ),  # fmt: skip
    "service_outputs": Compact(
        ("district", "name", "result", "result_unit", "result_period", "target",
         "target_qualifier", "target_period", "target_vs_result"),
        notes=("comparison",),
        quotes={"result": "result_id", "target": "target_id"},
    ),  # fmt: skip
}


def is_id_column(col: str) -> bool:
    """A row id (`id`, `target_id`, …): for tracing, never a column a reader reads."""
    return col == "id" or col.endswith("_id")


def compact(name: str, columns: tuple[str, ...]) -> Compact:
    """The reader view of a table: its own, else every column but the ids (a table with no
    view of its own is small enough, or a test says otherwise)."""
    return COMPACT.get(name) or Compact(tuple(c for c in columns if not is_id_column(c)))
