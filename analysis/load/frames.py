"""Loaders: validated tables as typed pandas DataFrames with bilingual labels.

Every loader validates the whole package first (about a tenth of a second), so a notebook never
sees a half-checked table. Results are cached per data folder and file modification times.
"""

from __future__ import annotations

import pandas as pd

from analysis.base.errors import UnknownKeyError
from analysis.contract.package import Package, PathLike, package
from analysis.contract.schema import read_descriptor


def _frame(name: str, data_dir: PathLike) -> pd.DataFrame:
    pkg = package(data_dir)
    rows = pkg.tables[name]
    # a side table may hold its header only (no city pairings): its columns all the same
    columns = None if rows else ["_line", *read_descriptor(pkg.data_dir)[name].field_names]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    printed = [c for c in frame.columns if c.startswith("_printed_")]
    frame = frame.rename(columns={c: c.removeprefix("_printed_") + "_printed" for c in printed})
    frame = frame.rename(columns={"_line": "line"})
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].astype("string")
    return frame


def _categorical(frame: pd.DataFrame, col: str, categories: list | None = None) -> None:
    if col in frame:
        cats = categories if categories is not None else sorted(frame[col].dropna().unique())
        frame[col] = pd.Categorical(frame[col], categories=cats)


def districts(data_dir: PathLike = None) -> pd.DataFrame:
    """District keys with Chinese and English names, in the order of districts.csv."""
    return _frame("districts", data_dir).drop(columns="line")


def sources(data_dir: PathLike = None) -> pd.DataFrame:
    """The source reports, with file paths and checksums."""
    return _frame("sources", data_dir).drop(columns="line")


def catalogue(data_dir: PathLike = None) -> pd.DataFrame:
    """Indicator keys with names, category, usual unit, measure and comparability note."""
    cat = _frame("catalogue", data_dir).drop(columns="line")
    cats = _frame("categories", data_dir).drop(columns="line")
    cats = cats.rename(columns={"name_zh": "category_zh", "name_en": "category_en"})
    return cat.merge(cats, on="category", how="left", validate="many_to_one")


def city_indicators(data_dir: PathLike = None) -> pd.DataFrame:
    """District indicator -> Shanghai's counterpart, how far they compare, and why.

    Columns `city_indicator`, `city_compare` (number or bound) and `city_comparability`, so that
    the indicators frame carries its pairing and no analysis guesses it from names.
    """
    links = _frame("city_indicators", data_dir).drop(columns="line")
    return links.rename(
        columns={
            "compare": "city_compare",
            "comparability": "city_comparability",
            "comparability_zh": "city_comparability_zh",
        }
    )


def check_district(district: object, data_dir: PathLike = None) -> str:
    """The district key itself, or UnknownKeyError listing the valid keys."""
    keys = list(districts(data_dir)["district"])
    if not isinstance(district, str) or district not in keys:
        raise UnknownKeyError("district", district, keys)
    return district


def _add_labels(frame: pd.DataFrame, data_dir: PathLike, district_col: str) -> pd.DataFrame:
    d = districts(data_dir)[["district", "name_zh", "name_en", "short_en"]]
    d = d.rename(
        columns={"name_zh": "district_zh", "name_en": "district_en", "short_en": "district_short"}
    )
    out = frame.merge(d, left_on=district_col, right_on="district", how="left", suffixes=("", "_d"))
    if district_col != "district":
        out = out.drop(columns="district")
    return out


#: The qualifier model: each dimension's codes, from the words in qualifiers.csv. A target with
#: no word on a dimension gets the default: a bare number is exact, no number has no bound.
CODES: dict[str, list[str]] = {
    "bound": ["floor", "about", "ceiling", "exact", "none"],
    "commitment": ["ensure", "strive", "none"],
    "assignment": ["city_assigned", "pegged", "relative", "own"],
    "attribute": ["indicative", "binding", "unstated"],
}
DEFAULT_CODES = {
    "bound": "exact",
    "commitment": "none",
    "assignment": "own",
    "attribute": "unstated",
}


def _backing_words(pkg: Package) -> dict[str, list[str]]:
    """Target id -> the qualifier words other sentences state for it (backing.csv), in id order."""
    out: dict[str, list[str]] = {}
    for row in sorted(pkg.tables.get("backing", []), key=lambda r: str(r["id"])):
        out.setdefault(str(row["target"]), []).append(str(row["qualifier"]))
    return out


def _add_units_and_qualifiers(
    frame: pd.DataFrame, data_dir: PathLike, *, backed: bool = False
) -> pd.DataFrame:
    """Units' English and the four codes of each row's qualifier words. With `backed` (the
    report rows), a dimension the row's own words leave open is coded from the words other
    sentences state for it (backing.csv: 确保 in the sentence behind a target, 主要预期目标 for
    a group), listed in `backing`; the row's own words always decide first."""
    pkg = package(data_dir)
    unit_en = {r["unit"]: r["name_en"] for r in pkg.tables["units"]}
    quals = {r["qualifier"]: r for r in pkg.tables["qualifiers"]}
    frame["unit_en"] = frame["unit"].map(unit_en).astype("string")
    backing = _backing_words(pkg) if backed else {}
    extra = [backing.get(str(i), []) for i in frame["id"]] if backing else [[]] * len(frame)

    def words(q: object) -> list[str]:
        return [w for w in str(q).split(";") if w] if isinstance(q, str) else []

    frame["qualifier_en"] = pd.array(
        ["; ".join(quals[w]["name_en"] for w in words(q)) for q in frame["qualifier"]],
        dtype="string",
    )
    if backed:
        frame["backing"] = pd.array([";".join(b) or pd.NA for b in extra], dtype="string")
        frame["backing_en"] = pd.array(
            ["; ".join(quals[w]["name_en"] for w in b) or pd.NA for b in extra], dtype="string"
        )
    for dim, default in DEFAULT_CODES.items():
        codes = []
        for q, value, more in zip(frame["qualifier"], frame["value"], extra, strict=True):
            found = [quals[w][dim] for w in words(q) if quals[w].get(dim)]
            found += [quals[w][dim] for w in more if quals[w].get(dim)]
            if found:
                codes.append(found[0])
            elif dim == "bound":
                codes.append("exact" if pd.notna(value) else "none")
            else:
                codes.append(default)
        frame[dim] = pd.Categorical(codes, categories=CODES[dim])
    return frame


def _finish(frame: pd.DataFrame, data_dir: PathLike, standard: bool) -> pd.DataFrame:
    order = list(districts(data_dir)["district"])
    _categorical(frame, "district", order)
    for col in ("kind", "indicator", "unit", "qualifier", "category", "source", "list"):
        _categorical(frame, col)
    if standard:
        frame = with_standard_values(frame, data_dir=data_dir)
    return frame.reset_index(drop=True)


#: Optional number columns of indicators.csv (`mayBeAbsent`): a range's high end, a relative
#: target's margin.
NUMERIC_OPTIONAL = ("value_high", "margin")


def load_indicators(
    data_dir: PathLike = None, *, district: str | None = None, standard: bool = False
) -> pd.DataFrame:
    """Seed figures, one per row, with catalogue names and district labels.

    `value` is a float, `value_printed` the text as printed. `standard=True` adds
    `value_std`/`unit_std` (亿元 → yuan, 万人次 → person-times) beside the printed value.
    """
    frame = _frame("indicators", data_dir)
    # optional columns a file may leave out are read as empty: give the numbers their type
    for col in NUMERIC_OPTIONAL:
        if col in frame:
            frame[col] = pd.to_numeric(frame[col].astype("object"), errors="coerce").astype(
                "float64"
            )
        if f"{col}_printed" not in frame:
            frame[f"{col}_printed"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    cat = catalogue(data_dir)[
        [
            "indicator",
            "name_zh",
            "name_en",
            "category",
            "category_en",
            "measure",
            "base",
            "comparability",
        ]
    ]
    frame = frame.merge(cat, on="indicator", how="left", validate="many_to_one")
    frame = frame.merge(
        city_indicators(data_dir), on="indicator", how="left", validate="many_to_one"
    )
    frame = _add_labels(frame, data_dir, "district")
    frame = _add_units_and_qualifiers(frame, data_dir, backed=True)
    if district is not None:
        frame = frame[frame["district"] == check_district(district, data_dir)]
    return _finish(frame, data_dir, standard)


def load_projects(
    data_dir: PathLike = None, *, district: str | None = None, standard: bool = False
) -> pd.DataFrame:
    """Project-list rows (Baoshan 表2, Yangpu 表4 双十, named projects) with district labels."""
    frame = _add_labels(_frame("projects", data_dir), data_dir, "district")
    if district is not None:
        frame = frame[frame["district"] == check_district(district, data_dir)]
    frame = frame.rename(columns={"total_investment": "value"})
    frame = _finish(frame, data_dir, standard)
    return frame.rename(
        columns={
            "value": "total_investment",
            "value_printed": "total_investment_printed",
            "value_std": "total_investment_std",
        }
    )


def load_reference(data_dir: PathLike = None, *, standard: bool = False) -> pd.DataFrame:
    """Figures from outside the seeds (municipal targets, census population), with citations."""
    frame = _frame("reference", data_dir)
    cat = catalogue(data_dir)[["indicator", "name_zh", "name_en", "category", "measure"]]
    frame = frame.merge(cat, on="indicator", how="left", validate="many_to_one")
    frame = _add_units_and_qualifiers(frame, data_dir)
    return _finish(frame, data_dir, standard)


def with_standard_values(frame: pd.DataFrame, data_dir: PathLike = None) -> pd.DataFrame:
    """Add `value_std` and `unit_std`: the value in its standard unit, printed value untouched."""
    units = pd.DataFrame.from_records(package(data_dir).tables["units"])
    factor = dict(zip(units["unit"], units["factor"], strict=True))
    std_unit = dict(zip(units["unit"], units["standard_unit"], strict=True))
    out = frame.copy()
    unit = out["unit"].astype("string")
    out["value_std"] = out["value"].astype("float64") * unit.map(factor).astype("float64")
    out["unit_std"] = unit.map(std_unit).astype("string")
    return out
