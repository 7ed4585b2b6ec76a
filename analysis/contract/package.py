"""The validated package: every table read and every check run, cached per folder and mtimes.

Every loader goes through `package()`, so a notebook never sees a half-checked table.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from analysis.base import cache
from analysis.base.errors import DataError, Problem
from analysis.base.paths import data_dir as resolve_data_dir
from analysis.base.paths import display_path
from analysis.contract import backing, completeness, domain, parts
from analysis.contract.model import Package, PathLike, Validation
from analysis.contract.schema import DESCRIPTOR, read_descriptor
from analysis.contract.tables import Collector, check_foreign_keys, read_table

__all__ = [
    "CHECKS",
    "MAY_BE_EMPTY",
    "Package",
    "PathLike",
    "lenient_package",
    "package",
    "validate_package",
]

REQUIRED = (
    "sources",
    "districts",
    "categories",
    "units",
    "qualifiers",
    "catalogue",
    "indicators",
    "projects",
    "reference",
)

#: Resources that may be absent: an absent exceptions.csv means no exceptions, an absent
#: backing.csv no qualifier words from other sentences, an absent parts.csv no figure stated as
#: a sum (a synthetic or a user's own package need have none of them).
OPTIONAL = ("exceptions", "backing", "parts")

#: Side tables whose header alone is a valid state: no exceptions, no city pairings, no
#: comparability rules. Every other table with a header only is refused ("no data rows").
MAY_BE_EMPTY = ("exceptions", "city_indicators", "comparability", "backing", "parts")


#: Every check run once the tables have read, in this order (a later one may use what an
#: earlier one found: the seeds). Each adds its problems to the validation's collector.
CHECKS: tuple[Callable[[Validation], None], ...] = (
    domain.check_sources,
    domain.check_quotes,
    domain.check_values,
    domain.check_qualifiers,
    backing.check_backing,
    parts.check_parts,
    domain.check_reference_facts,
    domain.check_reference_magnitudes,
    domain.check_reference_pages,
    domain.check_semantics,
    domain.check_measures,
    domain.check_scopes,
    domain.check_report_years,
    domain.check_comparability,
    completeness.check,
)


def validate_package(data_dir: Path, complete: bool = True) -> Package:
    """Read every resource and run every check; raise one DataError listing all problems.

    `complete=False` skips the completeness check (a report being curated has no rows yet).
    """
    resources = read_descriptor(data_dir)
    out = Collector()
    missing = [name for name in REQUIRED if name not in resources]
    if missing:
        where = display_path(data_dir / DESCRIPTOR)
        out.add(
            where, None, None, f"missing resource(s): {', '.join(missing)}", code="missing-resource"
        )
        raise DataError(out.problems)
    pkg = Package(data_dir)
    unread = set()
    for name, res in resources.items():
        if name in OPTIONAL and not (data_dir / res.path).exists():
            pkg.tables[name] = []
            continue
        before = len(out.problems)
        pkg.tables[name] = read_table(res, data_dir, out, may_be_empty=name in MAY_BE_EMPTY)
        if not pkg.tables[name] and len(out.problems) > before:
            unread.add(name)
    check_foreign_keys(pkg.tables, data_dir, resources, out)
    validation = Validation(pkg, resources, out, complete=complete, unread=frozenset(unread))
    run_checks(validation)
    if out.problems:
        raise DataError(out.problems)
    return pkg


def run_checks(v: Validation) -> None:
    """Every check of CHECKS, but those that need a table that did not read: each such table
    gets one problem, first, naming what was not checked (its own problems follow)."""
    skipped: dict[str, list[str]] = {}
    for table in sorted(v.unread):
        keys = [
            f"{res.name}.{fk.field}"
            for res in v.resources.values()
            for fk in res.foreign_keys
            if fk.resource == table and res.name != table
        ]
        if keys:
            skipped[table] = [f"the foreign keys to it: {', '.join(keys)}"]
    for check in CHECKS:
        missing = [t for t in getattr(check, "needs", ()) if t in v.unread]
        for table in missing:
            skipped.setdefault(table, []).append(getattr(check, "what", check.__name__))
        if not missing:
            check(v)
    notes = [
        Problem(
            v.where(table),
            None,
            None,
            f"did not read; the checks that need it were skipped ({'; '.join(whats)}); "
            "fix this file first",
            "checks-skipped",
        )
        for table, whats in skipped.items()
    ]
    v.out.problems[:0] = notes


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


@lru_cache(maxsize=8)
def _resource_paths(folder: Path, descriptor_mtime: int | None) -> tuple[str, ...]:
    """The files the descriptor names, read again only when the descriptor changes."""
    return tuple(r.path for r in read_descriptor(folder).values())


def _stamp(folder: Path) -> tuple:
    """Modification times of the package's files, so an edited CSV is re-read."""
    names = [DESCRIPTOR, *_resource_paths(folder, _mtime(folder / DESCRIPTOR))]
    return tuple((n, m) for n in names if (m := _mtime(folder / n)) is not None)


@lru_cache(maxsize=8)
def _package(folder: Path, stamp: tuple) -> Package:
    """Validated once per process and per edit; across processes through the disk cache."""
    entry = cache.key(folder, tuple(name for name, _ in stamp))
    tables = cache.load(entry) if entry else None
    if tables is not None:
        return Package(folder, tables)
    pkg = validate_package(folder)
    if entry:
        cache.store(entry, pkg.tables)
    return pkg


def package(data_dir: PathLike = None) -> Package:
    """The validated package for a data folder (default: the package's data/)."""
    folder = resolve_data_dir(data_dir)
    return _package(folder, _stamp(folder))


def lenient_package(folder: Path) -> Package:
    """The package validated without the completeness check, never from or into the cache."""
    return validate_package(folder, complete=False)
