"""The figures the documents state, computed from the data and the code.

A document (README.md, CONTRIBUTING.md, docs/*.md) holds each figure that derives from the data
in a generated block::

    <!-- generated: NAME -->
    ...
    <!-- end generated -->

`python -m analysis.docs.blocks` rewrites every block in place; a test fails while a
block differs from what `BLOCKS[NAME]` gives today, so no document shows a stale count.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import sys
from collections.abc import Callable
from pathlib import Path

from analysis.base.paths import ROOT
from analysis.docs import walkthrough as docs_walkthrough

DOCS_DIR = ROOT / "docs"

_BLOCK = re.compile(
    r"(<!-- generated: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)\n?(<!-- end generated -->)", re.S
)


def documents() -> list[Path]:
    """Every document a user or contributor reads: README, CONTRIBUTING and docs/*.md."""
    return [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted(DOCS_DIR.glob("*.md"))]


def _tables() -> dict:
    from analysis.contract.package import package

    return package().tables


def _names() -> dict[str, tuple[str, str]]:
    return {d["district"]: (d["short_en"], d["name_zh"]) for d in _tables()["districts"]}


def reports() -> str:
    """The reports in data/sources.csv, one line each, with what the data holds of them."""
    t = _tables()
    names = _names()
    lines = [
        "| District | Report | Adopted | Figures | Listed projects |",
        "|---|---|---|---|---|",
    ]
    for s in t["sources"]:
        en, zh = names[s["district"]]
        figures = sum(r["source"] == s["source"] for r in t["indicators"])
        projects = sum(r["source"] == s["source"] for r in t["projects"])
        lines.append(
            f"| {en} {zh} | {s['results_year']} results and {s['plan_year']} plan "
            f"| {s['adopted']} | {figures} | {projects} |"
        )
    return "\n".join(lines)


def data_counts() -> str:
    """What data/ holds, counted."""
    t = _tables()
    names = _names()
    ind = t["indicators"]
    kinds = {"actual": "results", "estimate": "estimates", "target": "targets"}
    parts = []
    for d in t["districts"]:
        rows = [r for r in ind if r["district"] == d["district"]]
        counts = [
            f"{sum(r['kind'] == k for r in rows)} {word}"
            for k, word in kinds.items()
            if any(r["kind"] == k for r in rows)
        ]
        words = sum(r["kind"] == "target" and r.get("value") is None for r in rows)
        in_words = f", {words} of the targets stated in words with no number" if words else ""
        parts.append(f"{names[d['district']][0]} {len(rows)}: {', '.join(counts)}{in_words}")
    return (
        f"The data holds {len(ind)} figures from {len(t['sources'])} reports "
        f"({'; '.join(parts)}), {len(t['projects'])} listed projects, "
        f"{len(t['catalogue'])} indicator keys in {len(t['categories'])} categories, "
        f"{len(t['units'])} units as printed, {len(t['qualifiers'])} qualifier words and "
        f"{len(t['reference'])} reference figures from outside the reports, each with its "
        f"citation; `exceptions.csv` names {len(t['exceptions'])} rows that must break a value "
        "check, each with the reason."
    )


def consistency() -> str:
    """The consistency check's readings: stated levels against the growth targets."""
    from analysis.presentation import tables
    from analysis.presentation.notebook import setup

    first = next(iter(_names()))
    ctx = setup(first, "en", style=False)
    frame = tables.data("consistency", ctx)
    names = _names()
    results, plan = ctx.results_year, ctx.plan_year
    lines = []
    for r in frame.itertuples():
        lines.append(
            f"- {names[r.district][0]}, {r.name_en} ({r.name_zh}): the stated {plan} level "
            f"{r.stated_level:.2f} ÷ (1 + {r.target:g}%) = {r.implied_base:.2f}, against the "
            f"printed {results} level {r.base_level:.2f} ({r.base_gap_pct:+.2f}%; the rounding "
            f"of the printed rate allows ±{r.rounding_pct:.2f}%): {r.reading}."
        )
    return "\n".join(lines).replace("+-", "−").replace("(-", "(−")


def validate_output() -> str:
    """What `python -m analysis validate` prints for data/."""
    from analysis.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["validate"])
    return "```\n" + out.getvalue().rstrip("\n") + "\n```"


def draft_eval() -> str:
    """The leave-one-out table of `python -m analysis draft-eval` (a few seconds)."""
    from analysis.curate.evaluate import evaluate, render

    return render(evaluate())


#: Block name -> how to compute its text.
BLOCKS: dict[str, Callable[[], str]] = {
    "reports": reports,
    "data-counts": data_counts,
    "consistency": consistency,
    "validate": validate_output,
    "draft-eval": draft_eval,
}
for _name in docs_walkthrough.NAMES:
    BLOCKS[_name] = functools.partial(lambda name: docs_walkthrough.outputs()[name], _name)


def blocks(text: str) -> list[tuple[str, str]]:
    """(name, text) of each generated block of a document."""
    return [(m["name"], m["body"]) for m in _BLOCK.finditer(text)]


def rewrite(text: str, computed: dict[str, str]) -> str:
    """The document with every block named in `computed` replaced by its text."""

    def one(m: re.Match) -> str:
        body = computed.get(m["name"], m["body"])
        return m.group(1) + body + "\n" + m.group(4)

    return _BLOCK.sub(one, text)


def update(paths: list[Path] | None = None) -> list[Path]:
    """Rewrite the generated blocks of every document; return those that changed."""
    cache: dict[str, str] = {}
    changed = []
    for path in paths or documents():
        text = path.read_text(encoding="utf-8")
        for name, _ in blocks(text):
            if name not in cache:
                cache[name] = BLOCKS[name]()
        new = rewrite(text, cache)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    for p in update():
        print(f"updated {p.relative_to(ROOT)}")
    sys.exit(0)
