"""Shanghai District Plans Workbook: curated, verifiable figures from district plan reports.

Importing the package reads no file; data is loaded and validated on the first call.
"""

import sys

from analysis.base.errors import DataError, NotebookError, Problem, UnknownKeyError, WorkbookError
from analysis.load.frames import (
    catalogue,
    districts,
    load_indicators,
    load_projects,
    load_reference,
    sources,
    with_standard_values,
)

# jsonschema (under nbformat, papermill and frictionless) imports rfc3987_syntax if it is
# installed, and that module builds a Lark grammar at import: 1 s of every process that reads a
# notebook, for the `iri` string format that no schema validated here uses. Marking it absent
# makes jsonschema skip that one format check. pytest does the same first (tests/startup.py).
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

__all__ = [
    "DataError",
    "NotebookError",
    "Problem",
    "UnknownKeyError",
    "WorkbookError",
    "catalogue",
    "districts",
    "load_indicators",
    "load_projects",
    "load_reference",
    "sources",
    "with_standard_values",
]
