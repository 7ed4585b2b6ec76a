"""What every notebook does first: check parameters, set the style, load the data once."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.contract.package import PathLike
from analysis.data import check_district, load_indicators, load_projects, load_reference, sources
from analysis.labels import check_lang
from analysis.style import use_style


@dataclass(frozen=True)
class Context:
    """The parameters, checked, and the validated tables a notebook works with."""

    district: str
    lang: str
    ind: pd.DataFrame
    proj: pd.DataFrame
    ref: pd.DataFrame
    src: pd.DataFrame

    @property
    def peers(self) -> list[str]:
        return [d for d in self.ind["district"].cat.categories if d != self.district]

    def name(self, district: str | None = None) -> str:
        """District name in the notebook's language."""
        d = self.ind[self.ind["district"] == (district or self.district)].iloc[0]
        return str(d["district_short"] if self.lang == "en" else d["district_zh"])


def setup(
    district: object, lang: object = "en", data_dir: PathLike = None, style: bool = True
) -> Context:
    """Validate parameters before any work (an unknown key stops here, listing valid keys).

    `style=False` skips the chart style and display options, for the command line.
    """
    lang = check_lang(lang)
    district = check_district(district, data_dir)
    if style:
        use_style()
        pd.set_option("display.max_colwidth", None)
        pd.set_option("display.max_rows", 500)  # every row of a table is part of the record
        pd.set_option("display.width", 200)
        pd.set_option("display.precision", 2)
    return Context(
        district=district,
        lang=lang,
        ind=load_indicators(data_dir, standard=True),
        proj=load_projects(data_dir),
        ref=load_reference(data_dir),
        src=sources(data_dir),
    )


def show(fig) -> None:
    """Display a figure as PNG once and release it.

    The plots build figures outside pyplot, so no inline backend is involved: the PNG is drawn
    here in one pass (the plots lay themselves out with tight_layout) and carries no software
    version. No '<Figure …>' text or figure memory is left behind.
    """
    from IPython.display import Image, display

    from analysis.plots import png_bytes

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
