"""reports/index.html: the page that links every executed report, rendered from a template."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.labels import LANGS
from analysis.report.files import atomic_write_text

if TYPE_CHECKING:
    from analysis.report.runner import Result

TEMPLATES = Path(__file__).parent / "templates"


def render_index(results: Sequence[Result], output_dir: Path) -> str:
    """The index page: one row per notebook, one cell per district and language."""
    import jinja2

    cols = sorted(
        {(r.job.district, r.job.lang) for r in results}, key=lambda c: (c[0], LANGS.index(c[1]))
    )
    by_notebook: dict[str, dict[tuple[str, str], Result]] = {}
    for r in results:
        by_notebook.setdefault(r.job.notebook.stem, {})[(r.job.district, r.job.lang)] = r
    rows = []
    for stem, cells in sorted(by_notebook.items()):
        links = []
        for col in cols:
            r = cells.get(col)
            if r is None:
                links.append(None)
            elif r.ok:
                target = r.job.target
                links.append(
                    {
                        "ok": True,
                        "html": target.with_suffix(".html").relative_to(output_dir).as_posix(),
                        "ipynb": target.relative_to(output_dir).as_posix(),
                    }
                )
            else:
                links.append({"ok": False, "error": r.error or ""})
        rows.append({"notebook": stem, "links": links})
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True
    )
    return env.get_template("index.html.j2").render(columns=cols, rows=rows)


def write_index(results: Sequence[Result], output_dir: Path) -> Path:
    """Write the index into `output_dir` atomically."""
    path = output_dir / "index.html"
    atomic_write_text(path, render_index(results, output_dir))
    return path
