"""The keys tests use as unknown can never be known: the schema's patterns refuse them."""

from __future__ import annotations

import json
import re

from analysis.base.paths import DATA_DIR
from tests.conftest import UNKNOWN_DISTRICT, UNKNOWN_SOURCE


def _pattern(resource: str, field: str) -> str:
    desc = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == resource)
    return next(f for f in res["schema"]["fields"] if f["name"] == field)["constraints"]["pattern"]


def test_the_unknown_district_is_refused_by_the_districts_pattern() -> None:
    assert re.search(_pattern("districts", "district"), "yangpu"), "the pattern is the one used"
    assert not re.search(_pattern("districts", "district"), UNKNOWN_DISTRICT)
    assert not re.search(_pattern("comparability", "district"), UNKNOWN_DISTRICT)


def test_the_unknown_source_is_refused_by_the_sources_pattern() -> None:
    assert re.search(_pattern("sources", "source"), "yangpu-2024"), "the pattern is the one used"
    assert not re.search(_pattern("sources", "source"), UNKNOWN_SOURCE)
