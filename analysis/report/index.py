"""reports/index.html: the page that links every executed report, rendered from a template.

The index lists every report present in the output folder, not only this run's: a run of one
notebook into a full report keeps the other links. It carries a generator mark, so that the runner
recognises its own index and refuses to overwrite a user's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.labels import LANGS
from analysis.report.files import atomic_write_text

if TYPE_CHECKING:
    from analysis.report.runner import Result

TEMPLATES = Path(__file__).parent / "templates"

#: The mark our index carries (a <meta name="generator">), and how far into the file to look.
GENERATOR = "shanghai-district-plans-workbook"
_MARK = f'<meta name="generator" content="{GENERATOR}">'

_KEY = re.compile(r"[a-z][a-z0-9_]*")
_NOTEBOOK = re.compile(r"[0-9][0-9]_[A-Za-z0-9_]+")


def is_our_index(path: Path) -> bool:
    """True when `path` is an index this workbook wrote (it carries the generator mark)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return _MARK.encode() in head


@dataclass(frozen=True)
class _Entry:
    notebook: str
    district: str
    lang: str
    ok: bool
    html: str = ""
    ipynb: str = ""
    error: str = ""


def _present(output_dir: Path) -> list[_Entry]:
    """Reports already in the folder: <district>/<lang>/<notebook>.html beside its .ipynb."""
    found = []
    for html in sorted(output_dir.glob("*/*/*.html")):
        lang_dir = html.parent
        district, lang, stem = lang_dir.parent.name, lang_dir.name, html.stem
        if lang not in LANGS or not _KEY.fullmatch(district) or not _NOTEBOOK.fullmatch(stem):
            continue
        if not html.with_suffix(".ipynb").is_file():
            continue
        rel = html.relative_to(output_dir)
        found.append(
            _Entry(stem, district, lang, True, rel.as_posix(), rel.with_suffix(".ipynb").as_posix())
        )
    return found


def _entries(results: Sequence[Result], output_dir: Path) -> list[_Entry]:
    by_key = {(e.notebook, e.district, e.lang): e for e in _present(output_dir)}
    for r in results:
        key = (r.job.notebook.stem, r.job.district, r.job.lang)
        if r.ok:
            target = r.job.target
            by_key[key] = _Entry(
                *key,
                True,
                target.with_suffix(".html").relative_to(output_dir).as_posix(),
                target.relative_to(output_dir).as_posix(),
            )
        else:  # the earlier report, if any, is still there: keep its links beside the failure
            old = by_key.get(key)
            html, ipynb = (old.html, old.ipynb) if old else ("", "")
            by_key[key] = _Entry(*key, False, html, ipynb, error=r.error or "")
    return list(by_key.values())


def render_index(results: Sequence[Result], output_dir: Path) -> str:
    """The index page: one row per notebook, one cell per district and language."""
    import jinja2

    entries = _entries(results, output_dir)
    cols = sorted({(e.district, e.lang) for e in entries}, key=lambda c: (c[0], LANGS.index(c[1])))
    by_notebook: dict[str, dict[tuple[str, str], _Entry]] = {}
    for e in entries:
        by_notebook.setdefault(e.notebook, {})[(e.district, e.lang)] = e
    rows = []
    for stem, cells in sorted(by_notebook.items()):
        links = []
        for col in cols:
            e = cells.get(col)
            if e is None:
                links.append(None)
            elif e.ok:
                links.append({"ok": True, "html": e.html, "ipynb": e.ipynb})
            else:
                links.append({"ok": False, "error": e.error, "html": e.html, "ipynb": e.ipynb})
        rows.append({"notebook": stem, "links": links})
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True
    )
    return env.get_template("index.html.j2").render(columns=cols, rows=rows, generator=GENERATOR)


def write_index(results: Sequence[Result], output_dir: Path) -> Path:
    """Write the index into `output_dir` atomically."""
    path = output_dir / "index.html"
    atomic_write_text(path, render_index(results, output_dir))
    return path
