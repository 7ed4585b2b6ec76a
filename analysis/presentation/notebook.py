"""What every notebook does first: check parameters, set the style, load the data once."""

from __future__ import annotations

import pandas as pd

from analysis.contract.package import PathLike
from analysis.load.context import Context, load_context
from analysis.presentation.style import use_style


def setup(
    district: object,
    lang: object = "en",
    data_dir: PathLike = None,
    style: bool = True,
    plan_year: object = None,
) -> Context:
    """What a notebook's first cell calls: `load_context`, then the chart style and display
    options (`style=False` skips them, for the command line)."""
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
