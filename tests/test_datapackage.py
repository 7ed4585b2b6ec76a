"""The Frictionless contract: `frictionless validate` passes; the loader agrees with the schema."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import analysis
from analysis.base.paths import DATA_DIR


def _frictionless() -> str:
    exe = Path(sys.executable).with_name("frictionless")
    return str(exe) if exe.exists() else shutil.which("frictionless") or "frictionless"


@pytest.mark.slow
def test_frictionless_validate_passes() -> None:
    out = subprocess.run(
        [_frictionless(), "validate", "--json", str(DATA_DIR / "datapackage.json")],
        capture_output=True,
        text=True,
    )
    report = json.loads(out.stdout)
    errors = [f"{task['name']}: {e['message']}" for task in report["tasks"] for e in task["errors"]]
    assert report["valid"], "\n".join(errors[:20])
    assert out.returncode == 0


def test_loader_exposes_every_schema_field() -> None:
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    schemas = {
        r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]
    }
    frames = {
        "indicators": analysis.load_indicators(),
        "reference": analysis.load_reference(),
        "districts": analysis.districts(),
        "sources": analysis.sources(),
        "catalogue": analysis.catalogue(),
    }
    for name, frame in frames.items():
        missing = set(schemas[name]) - set(frame.columns)
        assert not missing, f"{name}: {missing}"
    projects = set(analysis.load_projects().columns)
    assert set(schemas["projects"]) <= projects


def test_every_csv_is_described() -> None:
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in descriptor["resources"]}
    assert {p.name for p in DATA_DIR.glob("*.csv")} == described
