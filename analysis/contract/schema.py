"""The Table Schemas of data/datapackage.json, read into small typed objects.

datapackage.json is the single source of truth: the loader checks exactly what it declares,
so an R or Excel user running `frictionless validate` gets the same contract.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.base.errors import DataError, Problem
from analysis.base.paths import display_path

DESCRIPTOR = "datapackage.json"

#: The field types the table reader converts and checks; any other would be read as text and
#: its constraints never applied, so the descriptor is refused instead.
TYPES = ("string", "integer", "number", "date")


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
    #: `mayBeAbsent` in the descriptor: an optional column a CSV may leave out of its header
    #: (added to the data after its rows were written, so existing files stay valid as they are)
    may_be_absent: bool = False


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

    def header_for(self, present: list[str]) -> list[str]:
        """The header a file with columns `present` must have: every declared field in order,
        less the ones that may be absent and are."""
        return [f.name for f in self.fields if f.name in present or not f.may_be_absent]


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
        may_be_absent=bool(raw.get("mayBeAbsent", False)) and not c.get("required", False),
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
    if not problems:
        problems = _check_schemas(raw["resources"], text, where)
    if problems:
        raise DataError(problems)
    return raw


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _find(text: str, start: int, key: str, value: object) -> int:
    """The offset of `"key": value` at or after `start` (or `start` when it is not found)."""
    shown = json.dumps(value, ensure_ascii=False)
    m = re.compile(r'"' + re.escape(key) + r'"\s*:\s*' + re.escape(shown)).search(text, start)
    return m.start() if m else start


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _hint(value: object, valid: list[str]) -> str:
    close = difflib.get_close_matches(str(value), valid, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? " if close else ""


def _check_schemas(resources: list[dict], text: str, where: str) -> list[Problem]:
    """What each schema declares, before any table is read: field types the reader knows,
    constraints of the right kind, and keys that name declared fields and resources. Otherwise
    a misspelt type is read as text, a string minimum fails inside a comparison, and a foreign
    key to an undeclared resource silently checks nothing."""
    problems: list[Problem] = []
    fields_of = {
        r["name"]: [f["name"] for f in (r.get("schema") or {}).get("fields", [])] for r in resources
    }

    def add(offset: int, message: str, code: str) -> None:
        problems.append(Problem(where, _line_at(text, offset), None, message, code))

    for number, res in enumerate(resources, start=1):
        name = res["name"]
        label = f"resource {number} ({name!r})"
        at = _find(text, 0, "name", name)
        schema = res.get("schema") or {}
        fields = schema.get("fields", [])

        for f in fields:
            f_at = _find(text, at, "name", f["name"])
            what = f"{label}, field {f['name']!r}"
            ftype = f.get("type", "string")
            if ftype not in TYPES:
                add(
                    _find(text, f_at, "type", ftype),
                    f"{what}: type {ftype!r} is not one the tables are read as; "
                    f"{_hint(ftype, list(TYPES))}(valid: {', '.join(TYPES)})",
                    "descriptor-field-type",
                )
            c = f.get("constraints", {})
            if not isinstance(c, dict):
                add(f_at, f'{what}: "constraints" must be an object', "descriptor-constraint")
                continue
            for key in ("required", "unique"):
                if key in c and not isinstance(c[key], bool):
                    add(
                        _find(text, f_at, key, c[key]),
                        f"{what}: {key} {c[key]!r} must be true or false",
                        "descriptor-constraint",
                    )
            for key in ("minimum", "maximum"):
                if key not in c:
                    continue
                if not _is_number(c[key]):
                    add(
                        _find(text, f_at, key, c[key]),
                        f"{what}: {key} {json.dumps(c[key], ensure_ascii=False)} must be a number "
                        "(no quotes)",
                        "descriptor-constraint",
                    )
                elif ftype in TYPES and ftype not in ("integer", "number"):
                    add(
                        _find(text, f_at, key, c[key]),
                        f"{what}: {key} applies to integer and number fields, not {ftype}",
                        "descriptor-constraint",
                    )
            if "enum" in c and not isinstance(c["enum"], list):
                add(f_at, f"{what}: enum must be a list of values", "descriptor-constraint")
            if "pattern" in c and not isinstance(c["pattern"], str):
                add(f_at, f"{what}: pattern must be a string", "descriptor-constraint")
        declared = fields_of[name]
        pk = schema.get("primaryKey", [])
        for key in [pk] if isinstance(pk, str) else pk if isinstance(pk, list) else [None]:
            if key not in declared:
                add(
                    _find(text, at, "primaryKey", pk),
                    f"{label}: primaryKey names {key!r}, which is not one of its fields",
                    "descriptor-primary-key",
                )
        fks = schema.get("foreignKeys", [])
        for fk in fks if isinstance(fks, list) else [None]:
            problems.extend(_check_foreign_key(fk, label, declared, fields_of, text, at, where))
    return problems


def _one(value: object) -> object:
    """A foreign key's `fields` as one name: a string, or a list of one string."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def _check_foreign_key(
    fk: object,
    label: str,
    declared: list[str],
    fields_of: dict[str, list[str]],
    text: str,
    at: int,
    where: str,
) -> list[Problem]:
    def problem(offset: int, message: str) -> list[Problem]:
        return [Problem(where, _line_at(text, offset), None, message, "descriptor-foreign-key")]

    ref = fk.get("reference") if isinstance(fk, dict) else None
    if not isinstance(fk, dict) or not isinstance(ref, dict):
        return problem(
            _find(text, at, "foreignKeys", []) if fk is None else at,
            f'{label}: each foreign key must be an object with "fields" and "reference" '
            '({"resource": …, "fields": …})',
        )
    own = _one(fk.get("fields"))
    fk_at = _find(text, at, "fields", fk.get("fields"))
    if not isinstance(own, str):
        return problem(
            fk_at,
            f"{label}: a foreign key's fields {json.dumps(fk.get('fields'), ensure_ascii=False)} "
            "must name one of its fields (composite keys are not read)",
        )
    what = f"{label}, foreign key on {own!r}"
    if own not in declared:
        return problem(
            fk_at,
            f"{what}: {own!r} is not one of its fields; {_hint(own, declared)}"
            f"(fields: {', '.join(declared)})",
        )
    target = ref.get("resource")
    if target not in fields_of:
        return problem(
            _find(text, fk_at, "resource", target),
            f"{what}: resource {target!r} is not declared; {_hint(target, list(fields_of))}"
            f"(declared: {', '.join(fields_of)})",
        )
    other = _one(ref.get("fields"))
    if not isinstance(other, str) or other not in fields_of[str(target)]:
        return problem(
            _find(text, fk_at, "resource", target),
            f"{what}: reference fields {json.dumps(ref.get('fields'), ensure_ascii=False)} must "
            f"name one field of {target!r} ({', '.join(fields_of[str(target)])})",
        )
    return []


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
                    ForeignKey(
                        _one(fk["fields"]),  # type: ignore[arg-type]
                        fk["reference"]["resource"],
                        _one(fk["reference"]["fields"]),  # type: ignore[arg-type]
                    )
                    for fk in schema.get("foreignKeys", [])
                ),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            where = display_path(data_dir / DESCRIPTOR)
            msg = f"resource {res['name']!r}: malformed schema ({type(exc).__name__}: {exc})"
            raise DataError([Problem(where, None, None, msg, "descriptor-schema")]) from None
    return resources
