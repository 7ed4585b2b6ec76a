"""Executing one notebook with papermill: the single pipeline behind `run` and `refresh`.

A notebook runs into a scratch file beside its target, named with the process's PID so that a
later run can sweep it should this one be killed (`analysis.base.files`). What changes from run
to run (papermill's timestamps, the scratch name, random cell ids) is stripped, so two runs give
identical bytes. A failure raises `ExecutionFailed`, which names the notebook and the cell as
numbered in the source and carries the partly executed notebook.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.base.errors import NotebookError
from analysis.base.files import make_temporary
from analysis.base.paths import data_dir as resolve_data_dir
from analysis.base.paths import display_path

if TYPE_CHECKING:  # nbformat takes a second to import (jsonschema): only where it runs
    import nbformat

#: Passed to papermill for every kernel: the kernel's own log (a warning about local TCP, a
#: KeyboardInterrupt at shutdown) is noise beside the progress lines; errors inside a notebook are
#: still reported from its outputs.
KERNEL_OPTIONS: dict[str, object] = {"extra_arguments": ["--IPKernelApp.log_level=CRITICAL"]}

#: Kernel start-up failures worth another attempt. jupyter_client picks free TCP ports and the
#: kernel binds them later, so two workers starting kernels at once can collide.
START_FAILURES = ("Kernel died before replying to kernel_info", "Kernel didn't respond in")
START_ATTEMPTS = 3

#: Cells papermill adds, which the source notebook does not have.
PAPERMILL_TAGS = ("injected-parameters", "papermill-error-cell-tag")


class ExecutionFailed(NotebookError):
    """A cell raised; `partial` is the notebook as far as it ran (papermill's error cells kept)."""

    def __init__(self, error: NotebookError, partial: nbformat.NotebookNode):
        super().__init__(error.notebook, error.cell, error.ename, error.evalue, error.source)
        self.partial = partial


def execute_with_retry(*args: object, **kwargs: object) -> nbformat.NotebookNode:
    """papermill.execute_notebook, retried when the kernel dies before it starts."""
    import papermill as pm

    from analysis.report.warm import WarmAsyncKernelManager

    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            return pm.execute_notebook(
                *args, **kwargs, **KERNEL_OPTIONS, kernel_manager_class=WarmAsyncKernelManager
            )
        except RuntimeError as exc:
            if isinstance(exc, pm.PapermillExecutionError) or attempt == START_ATTEMPTS:
                raise
            if not any(text in str(exc) for text in START_FAILURES):
                raise


def _is_papermills(cell: nbformat.NotebookNode) -> bool:
    return any(tag in cell.metadata.get("tags", []) for tag in PAPERMILL_TAGS)


def strip_timing(nb: nbformat.NotebookNode, output_path: Path | None = None) -> None:
    """Remove what changes from run to run: papermill's timestamps and durations, the scratch
    file's name and the random id of the cells papermill adds."""
    meta = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "exception"):
        meta.pop(key, None)
    if "output_path" in meta:
        meta["output_path"] = output_path.name if output_path else None
    if "input_path" in meta:
        meta["input_path"] = Path(meta["input_path"]).name
    for index, cell in enumerate(nb.cells):
        pm = cell.metadata.get("papermill", {})
        for key in ("start_time", "end_time", "duration", "exception", "status"):
            pm.pop(key, None)
        cell.metadata.pop("execution", None)
        if _is_papermills(cell):
            cell["id"] = f"papermill-{index}"


def source_cell_number(executed: nbformat.NotebookNode, cell_index: int) -> int:
    """papermill's `cell_index` (in the notebook with its parameters cell, before the error
    cells were added) as the 1-based cell number a user sees in the source notebook."""
    tags = [c.metadata.get("tags", []) for c in executed.cells]
    cells = [c for c, t in zip(executed.cells, tags, strict=True) if PAPERMILL_TAGS[1] not in t]
    injected = sum(1 for c in cells[:cell_index] if _is_papermills(c))
    return cell_index + 1 - injected


def execute(
    notebook: Path,
    scratch_dir: Path,
    parameters: Mapping[str, object] | None = None,
    data_dir: str | None = None,
    output_name: Path | None = None,
) -> nbformat.NotebookNode:
    """Execute `notebook` and return it, stripped of timing; raise ExecutionFailed on a failing
    cell. Nothing is written but a scratch file in `scratch_dir`, removed before returning."""
    import nbformat
    import papermill as pm

    scratch_dir.mkdir(parents=True, exist_ok=True)
    scratch = make_temporary(scratch_dir, ".run.", ".ipynb")  # .run.PID.XXXXXXXX.ipynb
    params = dict(parameters or {})
    if data_dir:  # the notebook's own parameter: the kernel reads that folder, whatever its cwd
        params["data_dir"] = str(resolve_data_dir(data_dir))
    try:
        nb = execute_with_retry(
            str(notebook),
            scratch,
            parameters=params,
            cwd=str(notebook.parent),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            report_mode=False,
            # papermill would otherwise write (and validate) the whole notebook twice per
            # cell; it still writes the scratch once at the end, and on a failure
            request_save_on_cell_execute=False,
        )
        strip_timing(nb, output_name)
        return nb
    except pm.PapermillExecutionError as exc:
        nb = nbformat.read(scratch, as_version=4)
        strip_timing(nb, output_name)
        cell = source_cell_number(nb, exc.cell_index)
        error = NotebookError(display_path(notebook), cell, exc.ename, exc.evalue, exc.source)
        raise ExecutionFailed(error, nb) from None
    finally:
        Path(scratch).unlink(missing_ok=True)


def drop_papermill_metadata(nb: nbformat.NotebookNode) -> None:
    """A notebook as committed: no trace of papermill in its metadata."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)


def to_text(nb: nbformat.NotebookNode) -> str:
    """The notebook as written to disk."""
    import nbformat

    return nbformat.writes(nb) + "\n"
