"""The benchmark: data loading, each notebook against a floor notebook, the report's parallelism,
how time grows with the number of districts, and each chart's drawing time at 2 and at 16
districts.

The floor notebook imports the same libraries and sets up the same style and font as every
notebook, and does nothing else; it runs the same way (papermill, a fresh kernel) in the same
run. A notebook's ratio to it is the cost of its own analysis, independent of the machine.
Every figure is a median over `repeat` runs.
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from analysis.base.paths import NOTEBOOKS_DIR
from analysis.load.vocabulary import LANGS
from analysis.report import runner


def notebook_imports(folder: Path = NOTEBOOKS_DIR) -> list[str]:
    """Every import statement of the numbered notebooks, once each, in first-seen order."""
    import ast

    seen: dict[str, None] = {}
    for path in runner.notebooks(folder).values():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Import | ast.ImportFrom):
                    seen.setdefault(ast.unparse(node), None)
    return list(seen)


def floor_source(folder: Path = NOTEBOOKS_DIR) -> str:
    """The floor's code: what every notebook imports, the style set up, nothing computed."""
    imports = "\n".join(notebook_imports(folder))
    return f"{imports}\nfrom analysis.presentation.style import use_style\n\nuse_style()\n"


#: The issue's floor: a bare notebook that imports pandas, matplotlib and seaborn and draws one
#: chart, run by papermill's API in a fresh (cold) kernel. What a report would cost if each of its
#: notebooks cost only that: the full report is measured against it.
BARE_SOURCE = (
    "import matplotlib.pyplot as plt\n"
    "import pandas as pd\n"
    "import seaborn as sns\n\n"
    'frame = pd.DataFrame({"x": ["a", "b", "c"], "y": [1.0, 2.0, 1.5]})\n'
    'sns.barplot(data=frame, x="x", y="y")\n'
    "plt.show()\n"
)

AIMS = {
    "report_ratio": 0.8,
    "notebook_ratio": 1.3,
    "jobs_ratio": 0.6,
    "load_seconds": 0.3,
    "scale_exponent": 1.0,
    "unchanged_ratio": 0.2,
}


def floor_notebook(folder: Path) -> Path:
    """Write the floor notebook: the notebooks' parameters and imports, and nothing else."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('district = "yangpu"\nlang = "en"\ndata_dir = None')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(floor_source())]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = folder / "00_floor.ipynb"
    nbformat.write(nb, path)
    return path


def bare_notebook(folder: Path) -> Path:
    """Write the bare floor notebook (BARE_SOURCE)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(BARE_SOURCE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.metadata["kernelspec"]["language"] = "python"
    path = folder / "00_bare.ipynb"
    nbformat.write(nb, path)
    return path


def bare_seconds(notebook: Path) -> float:
    """The bare notebook executed by papermill's API with jupyter_client's own kernel manager:
    a cold kernel, the imports, the chart."""
    import papermill as pm

    start = time.perf_counter()
    pm.execute_notebook(
        str(notebook), str(notebook.with_suffix(".out.ipynb")), kernel_name="python3",
        progress_bar=False, log_output=False, cwd=str(notebook.parent),
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],  # its TCP warning is noise here
    )  # fmt: skip
    return time.perf_counter() - start


#: Run in a fresh interpreter: one notebook for one district through the runner, then the peak
#: resident memory of the largest process it started (a worker or its kernel, which Linux
#: reports for waited-for descendants as RUSAGE_CHILDREN's ru_maxrss, in KiB).
_PEAK_SCRIPT = """
import json, resource, sys
from pathlib import Path
from analysis.report import runner
results = runner.run(notebook_keys=[sys.argv[1]], districts=[sys.argv[2]], langs=["en"],
                     jobs=1, output_dir=Path(sys.argv[3]), data_dir=sys.argv[4],
                     log=lambda _: None, force=True)
print(json.dumps({"ok": all(r.ok for r in results),
                  "peak_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def peak_memory_mib(notebook: str, district: str, out: Path, data_dir: str) -> float:
    """Peak resident memory (MiB) of the largest process of a one-notebook run."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _PEAK_SCRIPT, notebook, district, str(out), data_dir],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"the memory run failed: {done.stderr.strip()[-500:]}")
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    if not answer["ok"]:
        raise RuntimeError("the memory run's notebook failed")
    return answer["peak_kib"] / 1024


def edit_one_district(data_dir: Path, district: str) -> None:
    """Change one of `district`'s indicator rows (its note), as a curator's edit would: the
    package stays valid, and only that district's rows differ."""
    import csv
    import io

    path = data_dir / "indicators.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    row = next(r for r in rows if r["district"] == district)
    note = (row.get("note") or "").strip()
    row["note"] = f"{note} (edited)" if note else "(edited)"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


#: District counts of the synthetic packages each chart is drawn on.
CHART_DISTRICTS = (2, 16)


def chart_seconds(
    folder: Path,
    districts: int,
    repeat: int = 3,
    warm_up: bool = True,
    names: tuple[str, ...] = (),
) -> dict[str, float]:
    """Each chart drawn and saved as PNG, as the notebook draws it, on a synthetic package of
    `districts` districts (2 years): the median seconds per chart, its table computed before the
    clock starts. One warm-up draw of every chart first (the font cache, seaborn's imports),
    unless `warm_up` is off (a test of the plumbing, not of the figures). `names`: only these
    charts (default every chart)."""
    from analysis.dev.synthetic import write_synthetic
    from analysis.presentation import plots
    from analysis.presentation.notebook import setup

    target = write_synthetic(folder / f"charts{districts}", districts=districts, years=2, seed=1)
    ctx = setup("synaa", "en", data_dir=str(target / "data"))
    draws = plots.drawings(ctx, names)
    for draw in draws.values() if warm_up else ():
        plots.png_bytes(draw())

    def once(draw: Callable[[], object]) -> float:
        start = time.perf_counter()
        plots.png_bytes(draw())  # type: ignore[arg-type]
        return time.perf_counter() - start

    return {name: _median(lambda d=draw: once(d), repeat) for name, draw in draws.items()}


def _median(fn: Callable[[], float], repeat: int) -> float:
    return statistics.median(fn() for _ in range(repeat))


def load_seconds(data_dir: str | None = None) -> float:
    """Load and validate every table from disk, with no cache (in memory or on disk)."""
    from analysis.base import cache
    from analysis.contract import package, provenance
    from analysis.load import frames as data

    package._package.cache_clear()
    package._resource_paths.cache_clear()
    provenance.normalized_seed.cache_clear()
    with cache.disabled("validated"):
        start = time.perf_counter()
        data.load_indicators(data_dir, standard=True)
        data.load_projects(data_dir)
        data.load_reference(data_dir)
        return time.perf_counter() - start


def _execute(notebook: Path, out: Path, district: str, data_dir: str | None) -> float:
    """One notebook run as the report runs it, its page's font subset cut afresh: a fresh
    report cuts a subset per page, and repeating the same page must not make it free. (The
    validated package stays cached on disk, as every kernel of a report after the first finds
    it.)"""
    from analysis.base import cache
    from analysis.report import fonts

    fonts.woff_subset.cache_clear()
    with cache.disabled("fonts"):
        result = runner.execute(runner.Job(notebook, district, "en", out, data_dir))
    if not result.ok:
        raise RuntimeError(result.error)
    return result.seconds


@dataclass
class Bench:
    load: float
    floor: float
    notebooks: dict[str, float]
    jobs1: float | None
    jobs2: float | None
    scale: dict[int, float]
    #: median over rounds of notebook time / floor time in the same round
    round_ratios: dict[str, float] | None = None
    #: chart name -> {districts: seconds to draw and save it}
    charts: dict[str, dict[int, float]] | None = None
    #: a second full report with nothing changed (every report kept), seconds
    unchanged: float | None = None
    #: the bare floor notebook (cold kernel, imports, one chart), seconds
    bare: float | None = None
    #: how many notebooks the full report executes
    report_notebooks: int = 0
    #: after one district's edit: (seconds, reports run again, reports in all, district)
    edited: tuple[float, int, int, str] | None = None
    #: districts -> peak resident memory (MiB) of the largest process of a 02 run
    memory: dict[int, float] | None = None

    @property
    def ratios(self) -> dict[str, float]:
        if self.round_ratios is not None:
            return self.round_ratios
        return {k: v / self.floor for k, v in self.notebooks.items()}


def run_bench(
    repeat: int = 3,
    district: str = "yangpu",
    report: bool = True,
    scale: tuple[int, ...] = (),
    log: Callable[[str], None] = print,
) -> Bench:
    """Measure everything; `scale` lists district counts to time on synthetic data."""
    load = _median(load_seconds, max(repeat, 5))
    log(f"load and validate all data: {load:.3f} s")
    with tempfile.TemporaryDirectory(prefix="sdpw-bench-") as tmp:
        work = Path(tmp)
        bare_nb = bare_notebook(work)
        bare_seconds(bare_nb)  # warm-up: the disk cache, as for the floor below
        bare = _median(lambda: bare_seconds(bare_nb), repeat)
        log(f"bare notebook (cold kernel, pandas, matplotlib, seaborn, one chart): {bare:.2f} s")
        floor_nb = floor_notebook(work)
        # one warm-up run: the first kernel pays for the disk cache
        _execute(floor_nb, work / "out", district, None)
        # interleaved rounds: the floor and every notebook once per round, so that drift in the
        # machine's speed during the benchmark affects both sides of each ratio alike
        paths = runner.notebooks(NOTEBOOKS_DIR)
        floors: list[float] = []
        rounds: dict[str, list[float]] = {key: [] for key in paths}
        for _ in range(repeat):
            floors.append(_execute(floor_nb, work / "out", district, None))
            for key, path in paths.items():
                rounds[key].append(_execute(path, work / "out", district, None))
        floor = statistics.median(floors)
        log(f"floor notebook: {floor:.2f} s")
        times = {key: statistics.median(v) for key, v in rounds.items()}
        ratios = {
            key: statistics.median(t / f for t, f in zip(v, floors, strict=True))
            for key, v in rounds.items()
        }
        for key in paths:
            log(f"{key}: {times[key]:.2f} s, {ratios[key]:.2f}× the floor")
        jobs1 = jobs2 = unchanged = edited = None
        notebooks_run = 0
        if report:
            import shutil

            from analysis.base.paths import DATA_DIR, SEEDS_DIR

            data = work / "pkg" / "data"  # a copy, so that one district's edit can be timed
            shutil.copytree(DATA_DIR, data)
            shutil.copytree(SEEDS_DIR, work / "pkg" / "seeds")

            def wall(jobs: int, force: bool = True) -> tuple[float, list[runner.Result]]:
                start = time.perf_counter()
                results = runner.run(
                    langs=LANGS, jobs=jobs, output_dir=work / f"r{jobs}", log=lambda _: None,
                    force=force, data_dir=str(data),
                )  # fmt: skip
                if not all(r.ok for r in results):
                    raise RuntimeError("the report failed during the benchmark")
                return time.perf_counter() - start, results

            jobs1 = _median(lambda: wall(1)[0], repeat)
            jobs2 = _median(lambda: wall(2)[0], repeat)
            unchanged, again = wall(2, force=False)  # the same report, nothing changed
            notebooks_run = len(again)
            if not all(r.kept for r in again):
                raise RuntimeError("a report with nothing changed was run again")
            district = sorted({r.job.district for r in again})[0]
            edit_one_district(data, district)
            seconds, after = wall(2, force=False)
            edited = (seconds, sum(not r.kept for r in after), len(after), district)
            log(
                f"full report: --jobs 1 {jobs1:.1f} s, --jobs 2 {jobs2:.1f} s, "
                f"ratio {jobs2 / jobs1:.2f}"
            )
        grown: dict[int, float] = {}
        memory: dict[int, float] = {}
        if scale:
            from analysis.dev.synthetic import write_synthetic

            growth_nb = runner.notebooks(NOTEBOOKS_DIR)["02_growth_targets"]

            for n in scale:
                folder = write_synthetic(work / f"syn{n}", districts=n, years=5, seed=1)
                key = str(folder / "data")
                t_load = _median(lambda k=key: load_seconds(k), repeat)
                out = work / f"o{n}"
                t_nb = _median(lambda k=key, o=out: _execute(growth_nb, o, "synaa", k), repeat)
                grown[n] = t_load + t_nb
                memory[n] = peak_memory_mib("02", "synaa", work / f"m{n}", key)
                log(
                    f"{n} districts: load {t_load:.3f} s, 02_growth_targets {t_nb:.2f} s, "
                    f"peak memory {memory[n]:.0f} MiB"
                )
        charts: dict[str, dict[int, float]] = {}
        for n in CHART_DISTRICTS:
            for name, seconds in chart_seconds(work, n, repeat).items():
                charts.setdefault(name, {})[n] = seconds
        for name, by_n in charts.items():
            log(_chart_line(name, by_n, floor))
    return Bench(
        load, floor, times, jobs1, jobs2, grown, ratios, charts, unchanged,
        bare=bare, report_notebooks=notebooks_run, edited=edited, memory=memory or None,
    )  # fmt: skip


def _chart_line(name: str, by_n: dict[int, float], floor: float) -> str:
    """One chart's drawing time at each district count, in seconds and against the floor."""
    parts = [f"{n} districts {t:.2f} s = {t / floor:.2f}× floor" for n, t in sorted(by_n.items())]
    return f"chart {name}: " + ", ".join(parts)


def _growth(by_n: dict[int, float]) -> tuple[tuple[int, float], tuple[int, float], float]:
    """The smallest and largest district counts with their figures, and the exponent k of
    figure ∝ n^k between them (1 is linear)."""
    import math

    (n0, v0), (n1, v1) = sorted(by_n.items())[0], sorted(by_n.items())[-1]
    return (n0, v0), (n1, v1), math.log(v1 / v0) / math.log(n1 / n0)


def summary(b: Bench) -> str:
    """The figures against the aims, one line each, with the machine they came from."""
    lines = [
        f"machine: {platform.machine()}, {os.cpu_count()} CPU(s), Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}",
        f"load and validate all data: {b.load:.3f} s (aim < {AIMS['load_seconds']} s: "
        f"{'met' if b.load < AIMS['load_seconds'] else 'MISSED'})",
        f"floor notebook, with its page: {b.floor:.2f} s",
    ]
    if b.bare is not None:
        lines.insert(2, f"bare notebook (cold kernel, pandas, matplotlib, seaborn, one chart): "
                        f"{b.bare:.2f} s")  # fmt: skip
    if b.bare and b.jobs2 and b.report_notebooks:
        budget = b.report_notebooks * b.bare / 2
        ratio = b.jobs2 / budget
        verdict = "met" if ratio <= AIMS["report_ratio"] else "MISSED"
        lines.append(
            f"full report, --jobs 2: {b.jobs2:.1f} s = {ratio:.2f}× ({b.report_notebooks} "
            f"notebooks × the bare notebook / 2 cores = {budget:.1f} s) "
            f"(aim ≤ {AIMS['report_ratio']}: {verdict})"
        )
    for key, ratio in b.ratios.items():
        verdict = "met" if ratio <= AIMS["notebook_ratio"] else "MISSED"
        lines.append(
            f"{key}: {b.notebooks[key]:.2f} s = {ratio:.2f}× floor "
            f"(aim ≤ {AIMS['notebook_ratio']}×: {verdict})"
        )
    if b.jobs1 and b.jobs2:
        ratio = b.jobs2 / b.jobs1
        verdict = "met" if ratio <= AIMS["jobs_ratio"] else "MISSED"
        lines.append(
            f"full report: --jobs 1 {b.jobs1:.1f} s, --jobs 2 {b.jobs2:.1f} s, ratio "
            f"{ratio:.2f} (aim ≤ {AIMS['jobs_ratio']}: {verdict})"
        )
    if b.unchanged is not None and b.jobs2:
        ratio = b.unchanged / b.jobs2
        verdict = "met" if ratio <= AIMS["unchanged_ratio"] else "MISSED"
        lines.append(
            f"second report, nothing changed: {b.unchanged:.1f} s = {ratio:.2f}× the first "
            f"(aim ≤ {AIMS['unchanged_ratio']}: {verdict})"
        )
    if b.edited is not None and b.jobs2:
        seconds, ran, total, district = b.edited
        lines.append(
            f"after an edit to one row of {district}: {ran} of {total} reports ran again, "
            f"{seconds:.1f} s = {seconds / b.jobs2:.2f}× the first (every report compares "
            f"every district, so each depends on that district's rows; the landing pages too)"
        )
    if len(b.scale) >= 2:
        (n0, t0), (n1, t1), exponent = _growth(b.scale)
        verdict = "met" if exponent <= AIMS["scale_exponent"] else "MISSED"
        lines.append(
            f"growth {n0}→{n1} districts: {t0:.2f} s → {t1:.2f} s, time ∝ n^{exponent:.2f} "
            f"(aim: no worse than linear: {verdict})"
        )
    if b.memory and len(b.memory) >= 2:
        (n0, m0), (n1, m1), exponent = _growth(b.memory)
        verdict = "met" if exponent <= AIMS["scale_exponent"] else "MISSED"
        lines.append(
            f"peak memory of a worker's largest process (02_growth_targets) {n0}→{n1} districts: "
            f"{m0:.0f} → {m1:.0f} MiB, memory ∝ n^{exponent:.2f} "
            f"(aim: no worse than linear: {verdict})"
        )
    for name, by_n in (b.charts or {}).items():
        lines.append(_chart_line(name, by_n, b.floor))
    return "\n".join(lines)
