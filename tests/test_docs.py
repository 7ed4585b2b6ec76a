"""The documents: a README a user reads, no stale figure, no timing outside docs/performance.md,
no broken link.

Every figure that derives from the data or the code sits in a generated block
(analysis/docs/blocks.py) and is computed again here from data/ (districts and years
come from data/sources.csv); measured timings live only in docs/performance.md, dated.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from analysis.base.paths import DATA_DIR, ROOT
from analysis.docs import blocks as docs_blocks

DOCS = docs_blocks.documents()
PERFORMANCE = ROOT / "docs" / "performance.md"
#: Checked by tests/test_draft.py, which computes the evaluation anyway.
ELSEWHERE = {"draft-eval"}


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_readme_is_at_most_16_kb() -> None:
    size = len((ROOT / "README.md").read_bytes())
    assert size <= 16 * 1024, f"README.md is {size} bytes; move detail to docs/"


def test_the_documents_are_there() -> None:
    names = {_name(p) for p in DOCS}
    for doc in ("adding-a-report", "hostile-inputs", "data-model", "performance"):
        assert f"docs/{doc}.md" in names


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    kept = "".join(c for c in text if c in " -" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", _text(path), flags=re.S)
    return {_slug(m) for m in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def _links(text: str) -> list[str]:
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)  # code, not links: [`name`](path) keeps its link
    return re.findall(r"\]\(([^)\s]+)\)", text)


def test_slug_is_githubs() -> None:
    assert _slug("1. Register the text") == "1-register-the-text"
    assert _slug("Provenance: how a quote is verified") == "provenance-how-a-quote-is-verified"


@pytest.mark.parametrize("path", DOCS, ids=_name)
def test_every_relative_link_resolves(path: Path) -> None:
    broken = []
    for link in _links(_text(path)):
        if re.match(r"[a-z]+:", link):  # https:, mailto:
            continue
        file, _, anchor = link.partition("#")
        target = (path.parent / file).resolve() if file else path
        if not target.exists():
            broken.append(link)
        elif anchor and target.suffix == ".md" and anchor not in _anchors(target):
            broken.append(link)
    assert broken == [], f"{_name(path)}: links that do not resolve"


def test_the_link_check_can_fail(tmp_path: Path) -> None:
    assert _links("see [a](docs/none.md), [`b`](x) and `[c](y)` and\n```\n[d](z)\n```") == [
        "docs/none.md",
        "x",
    ]


@pytest.fixture(scope="module")
def computed() -> dict[str, str]:
    names = {n for p in DOCS for n, _ in docs_blocks.blocks(_text(p))} - ELSEWHERE
    return {n: docs_blocks.BLOCKS[n]() for n in sorted(names)}


@pytest.mark.parametrize("path", DOCS, ids=_name)
@pytest.mark.sweep
def test_every_generated_block_is_current(path: Path, computed: dict[str, str]) -> None:
    text = _text(path)
    assert text.count("<!-- generated: ") == text.count("<!-- end generated -->")
    for name, body in docs_blocks.blocks(text):
        assert name in docs_blocks.BLOCKS, f"{_name(path)}: unknown block {name!r}"
        if name not in ELSEWHERE:
            assert body == computed[name], (
                f"{_name(path)}: block {name!r} is stale; run "
                "`python -m analysis.docs.blocks`"
            )


def test_the_counts_are_generated_where_a_user_reads_them() -> None:
    readme = dict(docs_blocks.blocks(_text(ROOT / "README.md")))
    assert {"reports", "data-counts", "validate", "consistency"} <= set(readme)
    guide = dict(docs_blocks.blocks(_text(ROOT / "docs" / "adding-a-report.md")))
    assert set(guide) >= {"draft-eval", *docs_blocks.docs_walkthrough.NAMES}


@pytest.mark.sweep
def test_the_generated_counts_are_the_data(computed: dict[str, str]) -> None:
    """The blocks count what data/ holds: one line per report of sources.csv, with its years."""
    import csv

    def rows(name: str) -> list[dict[str, str]]:
        with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    sources, ind = rows("sources.csv"), rows("indicators.csv")
    for s in sources:
        n = sum(r["source"] == s["source"] for r in ind)
        line = f"| {s['results_year']} results and {s['plan_year']} plan | {s['adopted']} | {n} |"
        assert line in computed["reports"], s["source"]
    assert computed["reports"].count("\n") == len(sources) + 1
    counts = computed["data-counts"]
    assert f"The data holds {len(ind)} figures from {len(sources)} reports" in counts
    assert f"{len(rows('reference.csv'))} reference figures" in counts
    assert f"{len(rows('catalogue.csv'))} indicator keys" in counts
    first = computed["validate"].splitlines()[1]
    assert first.startswith(f"valid: {len(ind)} indicator rows, {len(rows('projects.csv'))} ")
    assert first.endswith(f", {len(rows('reference.csv'))} reference rows")
    for d in {s["district"] for s in sources}:
        n = sum(r["district"] == d for r in ind)
        assert f"  {d}: {n} indicators" in computed["validate"]


def test_a_stale_block_is_rewritten() -> None:
    text = "a\n<!-- generated: validate -->\nvalid: 4 rows\n<!-- end generated -->\nb"
    new = docs_blocks.rewrite(text, {"validate": "```\nnew\n```"})
    assert new == "a\n<!-- generated: validate -->\n```\nnew\n```\n<!-- end generated -->\nb"
    assert docs_blocks.blocks(new) == [("validate", "```\nnew\n```")]


_TIMING = re.compile(r"\d+(?:[.,]\d+)?\s*(?:s|ms|µs|sec|secs|seconds?|min|mins|minutes?)(?![\w(])")


def test_the_timing_pattern() -> None:
    for timing in ("41 s", "0.08 s", "30 µs", "107s", "2 seconds", "1.5 min"):
        assert _TIMING.search(f"took {timing}."), timing
    for other in ("16 MB", "5G", "16 report(s)", "3 steps", "exit 130", "24 sources"):
        assert not _TIMING.search(other), other


@pytest.mark.parametrize("path", [p for p in DOCS if p != PERFORMANCE], ids=_name)
def test_no_timing_outside_performance(path: Path) -> None:
    """A timing in seconds is measured, so it cannot be checked: it belongs, dated, in
    docs/performance.md only."""
    text = _text(path)
    found = [m.group(0) for m in _TIMING.finditer(text)]
    assert found == [], f"{_name(path)} states timings; move them to docs/performance.md"


def _tables(text: str) -> list[list[list[str]]]:
    out, current = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            current.append([c.strip() for c in line.strip().strip("|").split(" | ")])
        elif current:
            out.append(current)
            current = []
    return out


def test_performance_has_its_dated_measured_tables() -> None:
    tables = [t for t in _tables(_text(PERFORMANCE)) if "Date" in t[0] and "Measured" in t[0]]
    assert tables, "docs/performance.md has no table with Measured and Date columns"
    commands = []
    for table in tables:
        date, measured = table[0].index("Date"), table[0].index("Measured")
        for row in table[2:]:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[date]), row
            assert _TIMING.search(row[measured]) or "×" in row[measured], row
            assert row[table[0].index("Machine")], row
        commands += [row[0] for row in table[2:]]
    for command in ("make report", "make test"):
        assert any(f"`time {command}`" == c for c in commands), command


def test_readme_lists_every_csv_of_data() -> None:
    table = next(t for t in _tables(_text(ROOT / "README.md")) if t[0][0] == "File")
    listed = {row[0].strip("`") for row in table[2:]}
    assert listed == {p.name for p in DATA_DIR.glob("*.csv")}


def test_data_model_names_every_table() -> None:
    import json

    text = _text(ROOT / "docs" / "data-model.md")
    desc = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    missing = [r["path"] for r in desc["resources"] if f"`{r['path']}`" not in text]
    assert missing == []


def test_readme_states_the_run_defaults() -> None:
    from analysis.cli import build_parser

    parser = build_parser()
    run = parser._subparsers._group_actions[0].choices["run"]  # noqa: SLF001
    defaults = {a.dest: a.default for a in run._actions}  # noqa: SLF001
    readme = _text(ROOT / "README.md")
    assert f"| `--jobs N` | parallel worker processes (default: {defaults['jobs']}) |" in readme
    assert f"(default: `{defaults['output']}/`)" in readme
