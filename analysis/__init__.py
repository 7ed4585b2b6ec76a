"""Shanghai District Plans Workbook: curated, verifiable figures from district plan reports.

Importing the package reads no file; data is loaded and validated on the first call.
"""

from analysis.data import (
    catalogue,
    districts,
    load_indicators,
    load_projects,
    load_reference,
    sources,
    with_standard_values,
)
from analysis.errors import DataError, NotebookError, Problem, UnknownKeyError, WorkbookError

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
