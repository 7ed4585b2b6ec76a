"""The data the checks share: a package of typed rows, and one validation's state.

A leaf: the checks (`domain`, `completeness`) and the validator (`package`) all import it, and
it imports none of them, so no check needs to reach the validator lazily.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from analysis.base.paths import display_path
from analysis.contract.schema import Resource
from analysis.contract.tables import Collector, Row

PathLike = str | os.PathLike[str] | None


@dataclass
class Package:
    """Validated tables, each a list of typed rows; `printed` keeps numbers as printed."""

    data_dir: Path
    tables: dict[str, list[Row]] = field(default_factory=dict)


@dataclass
class Validation:
    """One run of the checks: what each reads (the package, the descriptor's resources, the
    seeds read so far) and where each adds what it finds (`out`).

    `complete` is False for the curating commands, which read a report before its rows exist.
    """

    pkg: Package
    resources: dict[str, Resource]
    out: Collector
    complete: bool = True
    seeds: dict = field(default_factory=dict)
    #: Resources whose file did not read (no rows, and a problem in the file): a check that
    #: looks things up in one of them would report every row as wrong, so it is skipped.
    unread: frozenset[str] = frozenset()

    def readable(self, *names: str) -> bool:
        """True when every one of `names` read; a check consults it before a look-up."""
        return not any(n in self.unread for n in names)

    def flagged(self, name: str) -> set[int]:
        """The lines of resource `name` with a problem so far: a check comparing rows with
        each other leaves them out, so one bad cell is not reported again as a conflict."""
        where = self.where(name)
        return {p.line for p in self.out.problems if p.file == where and p.line is not None}

    def where(self, name: str) -> str:
        """The file of resource `name`, as messages name it."""
        return display_path(self.pkg.data_dir / self.resources[name].path)


Check = Callable[[Validation], None]


def needs(*tables: str, what: str) -> Callable[[Check], Check]:
    """Declare the tables a check looks things up in, and what it checks (`what`, as the
    message names it): when one of them did not read, the validator skips the check and says
    so, instead of reporting every row against an empty table."""

    def mark(check: Check) -> Check:
        check.needs = tables  # type: ignore[attr-defined]
        check.what = what  # type: ignore[attr-defined]
        return check

    return mark
