"""One exception family. Every error names its place: file, line and column, or notebook, cell."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class WorkbookError(Exception):
    """Base class: anything the workbook refuses, with a message meant for the user."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell of one data file.

    `code` names the kind of problem (`pattern`, `foreign-key`, `quote-not-in-seed` …) and
    stays the same when the sentence is reworded: match on it, not on the message.
    """

    file: str
    line: int | None
    column: str | None
    message: str
    code: str

    def __str__(self) -> str:
        place = [self.file]
        if self.line is not None:
            place.append(f"line {self.line}")
        if self.column is not None:
            place.append(f'column "{self.column}"')
        return f"{', '.join(place)}: {self.message}"


class DataError(WorkbookError):
    """The data package is invalid. Lists every problem found, not only the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the data package:"
        shown = self.problems[:50]
        lines = [head, *(f"  {p}" for p in shown)]
        if count > len(shown):
            lines.append(f"  … and {count - len(shown)} more")
        super().__init__("\n".join(lines))


class UnknownKeyError(WorkbookError, ValueError):
    """A district, notebook or language key that does not exist; the message lists valid ones."""

    def __init__(self, what: str, key: object, valid: Sequence[str]):
        self.what, self.key, self.valid = what, key, list(valid)
        if isinstance(key, str):
            problem = f"unknown {what} {key!r}"
        else:  # papermill's `-p district 7` passes an int
            problem = f"{what} must be a text key, got {type(key).__name__} {key!r}"
        super().__init__(f"{problem}; valid {what}s: {', '.join(self.valid)}")


class NotebookError(WorkbookError):
    """A notebook failed while executing; names the notebook and the cell."""

    def __init__(self, notebook: str, cell: int | None, ename: str, evalue: str, source: str = ""):
        self.notebook, self.cell, self.ename, self.evalue, self.source = (
            notebook,
            cell,
            ename,
            evalue,
            source,
        )
        where = f"{notebook}, cell {cell}" if cell is not None else notebook
        first = next((line for line in source.splitlines() if line.strip()), "")
        if first:
            where += f" ({first.strip()[:60]})"
        super().__init__(f"{where}: {ename}: {evalue}")


class Interrupted(WorkbookError):
    """A run stopped by SIGINT, SIGTERM or SIGHUP; `status` is the shell's exit status,
    128 + signal."""

    def __init__(self, signum: int, finished: int = 0):
        import signal

        self.signum, self.finished = signum, finished
        self.status = 128 + signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
