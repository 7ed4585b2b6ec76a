"""The Table Schemas of data/datapackage.json, read into small typed objects.

datapackage.json is the single source of truth: the loader checks exactly what it declares,
so an R or Excel user running `frictionless validate` gets the same contract.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.base.errors import DataError, Problem
from analysis.base.paths import display_path

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
    c = raw.get("constraints") or {}
    enum = c.get("enum")
    return Field(
        name=raw["name"],
        type=raw.get("type", "string"),
        required=bool(c.get("required", False)),
        unique=bool(c.get("unique", False)),
        enum=tuple(str(e) for e in enum) if isinstance(enum, list) else None,
        pattern=c.get("pattern"),
        minimum=c.get("minimum"),
        maximum=c.get("maximum"),
    )


def _line_of(text: str, needle: str) -> int | None:
    """The 1-based line of the descriptor where `needle` first stands, to point a user there."""
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _name_line(text: str, name: str) -> int | None:
    """The line of `"name": "<name>"`, where a resource is declared."""
    m = re.search(r'"name"\s*:\s*' + re.escape(json.dumps(name, ensure_ascii=False)), text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _check_shape(raw: object, text: str, data_dir: Path, where: str) -> list[Problem]:
    """What the descriptor must be before any table is read: an object whose resources each
    have a name, a path inside the data folder and fields with names and valid patterns."""
    if not isinstance(raw, dict):
        kind = type(raw).__name__
        return [
            Problem(
                where,
                1,
                None,
                f'the top level is a {kind}, not an object with "resources"',
                "descriptor-shape",
            )
        ]
    resources = raw.get("resources")
    if not isinstance(resources, list):
        return [
            Problem(
                where,
                _line_of(text, '"resources"'),
                None,
                '"resources" must be a list',
                "descriptor-shape",
            )
        ]
    problems: list[Problem] = []
    folder = data_dir.resolve()
    for number, res in enumerate(resources, start=1):
        if not isinstance(res, dict):
            problems.append(
                Problem(
                    where, None, None, f"resource {number} is not an object", "descriptor-shape"
                )
            )
            continue
        name = res.get("name")
        line = _name_line(text, name) if isinstance(name, str) and name else None
        label = f"resource {number} ({name!r})" if isinstance(name, str) else f"resource {number}"
        if not isinstance(name, str) or not name:
            problems.append(
                Problem(where, line, None, f'{label} has no "name"', "descriptor-shape")
            )
            continue
        path = res.get("path")
        if not isinstance(path, str) or not path:
            problems.append(
                Problem(
                    where, line, None, f'{label} has no "path" (its CSV file)', "descriptor-shape"
                )
            )
        else:
            try:
                inside = (data_dir / path).resolve().is_relative_to(folder)
            except (OSError, RuntimeError):
                inside = False
            if not inside:
                problems.append(
                    Problem(
                        where,
                        _line_of(text, json.dumps(path, ensure_ascii=False)),
                        None,
                        f"{label}: path {path!r} is outside the data folder; tables are read "
                        "only from there",
                        "path-outside",
                    )
                )
        schema = res.get("schema", {})
        fields = schema.get("fields", []) if isinstance(schema, dict) else None
        if not isinstance(fields, list) or not all(
            isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields
        ):
            problems.append(
                Problem(
                    where, line, None, f'{label}: every field needs a "name"', "descriptor-shape"
                )
            )
            continue
        for f in fields:
            c = f.get("constraints") or {}
            pattern = c.get("pattern") if isinstance(c, dict) else None
            if pattern is None:
                continue
            try:
                re.compile(str(pattern))
            except re.error as exc:
                problems.append(
                    Problem(
                        where,
                        _line_of(text, json.dumps(pattern, ensure_ascii=False)),
                        None,
                        f"{label}, field {f['name']!r}: pattern {pattern!r} is not a valid "
                        f"regular expression ({exc})",
                        "pattern-invalid",
                    )
                )
    return problems


def read_raw(data_dir: Path) -> dict:
    """The descriptor as JSON, or a DataError naming it: the one place that reads the file."""
    path = data_dir / DESCRIPTOR
    where = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text)
    except FileNotFoundError:
        raise DataError([Problem(where, None, None, "file not found", "file-not-found")]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise DataError(
            [Problem(where, line, None, f"not valid UTF-8 JSON: {exc}", "descriptor-json")]
        ) from None
    except IsADirectoryError:
        raise DataError(
            [Problem(where, None, None, "is a directory, not a file", "not-a-file")]
        ) from None
    problems = _check_shape(raw, text, data_dir, where)
    if problems:
        raise DataError(problems)
    return raw


def read_descriptor(data_dir: Path) -> dict[str, Resource]:
    """Resources by name, or a DataError naming the descriptor when it cannot be read."""
    raw = read_raw(data_dir)
    resources: dict[str, Resource] = {}
    for res in raw.get("resources", []):
        schema = res.get("schema") or {}
        pk = schema.get("primaryKey", [])
        try:
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
        except (KeyError, TypeError, AttributeError) as exc:
            where = display_path(data_dir / DESCRIPTOR)
            msg = f"resource {res['name']!r}: malformed schema ({type(exc).__name__}: {exc})"
            raise DataError([Problem(where, None, None, msg, "descriptor-schema")]) from None
    return resources
