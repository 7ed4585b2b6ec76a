"""The Table Schemas of data/datapackage.json, read into small typed objects.

datapackage.json is the single source of truth: the loader checks exactly what it declares,
so an R or Excel user running `frictionless validate` gets the same contract.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import DataError, Problem
from analysis.paths import display_path

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class ForeignKey:
    field: str
    resource: str
    ref_field: str


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def _field(raw: dict) -> Field:
    c = raw.get("constraints", {})
    enum = c.get("enum")
    return Field(
        name=raw["name"],
        type=raw.get("type", "string"),
        required=bool(c.get("required", False)),
        unique=bool(c.get("unique", False)),
        enum=tuple(enum) if enum is not None else None,
        pattern=c.get("pattern"),
        minimum=c.get("minimum"),
        maximum=c.get("maximum"),
    )


def read_raw(data_dir: Path) -> dict:
    """The descriptor as JSON, or a DataError naming it: the one place that reads the file."""
    path = data_dir / DESCRIPTOR
    where = display_path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem(where, None, None, "file not found")]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise DataError([Problem(where, line, None, f"not valid UTF-8 JSON: {exc}")]) from None
    return raw


def read_descriptor(data_dir: Path) -> dict[str, Resource]:
    """Resources by name, or a DataError naming the descriptor when it cannot be read."""
    raw = read_raw(data_dir)
    resources: dict[str, Resource] = {}
    for res in raw.get("resources", []):
        schema = res.get("schema", {})
        pk = schema.get("primaryKey", [])
        resources[res["name"]] = Resource(
            name=res["name"],
            path=res["path"],
            fields=tuple(_field(f) for f in schema.get("fields", [])),
            primary_key=tuple([pk] if isinstance(pk, str) else pk),
            foreign_keys=tuple(
                ForeignKey(fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
                for fk in schema.get("foreignKeys", [])
            ),
        )
    return resources
