"""The data the checks share: a package of typed rows, and one validation's state.

A leaf: the checks (`domain`, `completeness`) and the validator (`package`) all import it, and
it imports none of them, so no check needs to reach the validator lazily.
"""

from __future__ import annotations

import os
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

    def where(self, name: str) -> str:
        """The file of resource `name`, as messages name it."""
        return display_path(self.pkg.data_dir / self.resources[name].path)
