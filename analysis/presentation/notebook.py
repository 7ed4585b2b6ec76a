"""What every notebook does first: check parameters, set the style, load the data once."""

from __future__ import annotations

import ast
import sys
from collections.abc import Sequence

import pandas as pd

from analysis.base.errors import UnknownKeyError
from analysis.contract.package import PathLike
from analysis.load.context import Context, load_context
from analysis.presentation.style import use_style

#: The parameters every notebook's `parameters` cell assigns (tests/test_notebooks.py checks it):
#: the names listed when the cell before an injected one cannot be read as a parameters cell.
PARAMETERS = ("district", "lang", "plan_year", "data_dir")

#: The first line of the cell papermill injects (its Python translator's comment). The
#: notebooks' own parameters cell says more on its first line, so it never looks injected.
INJECTED_COMMENT = "# Parameters"


def _assigned(source: str) -> list[str] | None:
    """The names a cell of plain assignments assigns, in order; None for any other cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    names: list[str] = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else None
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        if not targets or not all(isinstance(t, ast.Name) for t in targets):
            return None
        names += [t.id for t in targets if t.id not in names]  # type: ignore[attr-defined]
    return names


def check_injected(history: Sequence[str]) -> None:
    """Refuse a parameter papermill injected that the notebook does not have.

    papermill only warns about `-p distrct baoshan` and injects `distrct = "baoshan"` below the
    parameters cell, so the notebook would quietly build the default district's report.
    `history` is the kernel's `In`, the cells executed so far (the current one, which calls
    `setup`, never looks injected). The latest injected cell (first line exactly papermill's
    comment, nothing but assignments) is checked against the cell executed just before it, the
    parameters cell. No injected cell (a run with no parameters, JupyterLab, nbval): nothing to
    check.
    """
    cells = list(history)
    for index in range(len(cells) - 1, -1, -1):
        lines = cells[index].strip().splitlines()
        if not lines or lines[0].strip() != INJECTED_COMMENT:
            continue
        injected = _assigned(cells[index])
        if injected is None:
            continue
        valid = (_assigned(cells[index - 1]) if index > 0 else None) or list(PARAMETERS)
        unknown = [name for name in injected if name not in valid]
        if unknown:
            raise UnknownKeyError("parameter", unknown[0], valid)
        return


def _kernel_history() -> list[str]:
    """The cells this IPython kernel has executed (`In`), or none outside IPython. IPython is
    not imported here: a command that calls `setup` outside a kernel does not load it."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return []
    history = shell.user_ns.get("In")
    return [str(cell) for cell in history] if isinstance(history, list) else []


def setup(
    district: object,
    lang: object = "en",
    data_dir: PathLike = None,
    style: bool = True,
    plan_year: object = None,
) -> Context:
    """What a notebook's first cell calls: `load_context`, then the chart style and display
    options (`style=False` skips them, for the command line). In a kernel, a parameter papermill
    injected that the notebook does not have stops here first (`check_injected`)."""
    check_injected(_kernel_history())
    ctx = load_context(district, lang, data_dir, plan_year)
    if style:
        use_style()
        pd.set_option("display.max_colwidth", None)
        pd.set_option("display.max_rows", 500)  # every row of a table is part of the record
        pd.set_option("display.width", 200)
        pd.set_option("display.precision", 2)
    return ctx


def show(fig) -> None:
    """Display a figure as PNG once and release it.

    The plots build figures outside pyplot, so no inline backend is involved: the PNG is drawn
    here in one pass (the plots lay themselves out with tight_layout) and carries no software
    version. No '<Figure …>' text or figure memory is left behind.
    """
    from IPython.display import Image, display

    from analysis.presentation.plots import png_bytes

    display(Image(data=png_bytes(fig)))
    fig.clear()


def md(text: str) -> None:
    """Display Markdown computed from the data.

    The sentence is our Markdown, but the names in it are data: any raw HTML (`<script>`,
    `<img onerror=…>`) is shown as text, never parsed, and a `[text](url)` pasted into a name
    does not become a link.
    """
    from IPython.display import Markdown, display

    from analysis.contract.text import neutralise_markdown

    display(Markdown(neutralise_markdown(text)))
