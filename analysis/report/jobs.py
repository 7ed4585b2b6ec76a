"""A report job (one notebook, district and language) and its result: what the runner
schedules, the workers execute and the index lists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.report.site import Site


@dataclass(frozen=True)
class Job:
    """One notebook for one district in one language, and where its report goes."""

    notebook: Path
    district: str
    lang: str
    output_dir: Path
    data_dir: str | None = None
    site: Site | None = None  # what the page links to; by default the whole workbook

    @property
    def name(self) -> str:
        return f"{self.notebook.stem} [{self.district}, {self.lang}]"

    @property
    def target(self) -> Path:
        return self.output_dir / self.district / self.lang / self.notebook.name


@dataclass(frozen=True)
class Result:
    """How a job ended: `error` says where and why when it failed."""

    job: Job
    ok: bool
    seconds: float
    error: str | None = None
    kept: bool = False  # the report in place was made from the same inputs: not run again
    #: modules the job's process imported that the runner had not (runner.JOB_IMPORTS): none
    imported: tuple[str, ...] = ()
