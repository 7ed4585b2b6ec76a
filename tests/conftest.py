"""Shared fixtures: a private copy of the data package that a test may break."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

# The package is imported inside the fixtures: the pytest process that only hands tests to
# its workers (pytest-xdist) loads this file too, and need not import pandas.

#: Keys no data folder can hold, for tests of unknown keys: the patterns of datapackage.json
#: refuse them (districts ^[a-z][a-z0-9_]*$, sources ^[a-z]+-[0-9]{4}$), so a district or
#: report a user adds can never make them known. tests/test_unknown_keys.py checks that.
UNKNOWN_DISTRICT = "no-such-district-0"
UNKNOWN_SOURCE = "no-such-source-0"


def district_keys() -> list[str]:
    """The districts of the package's data/, in districts.csv's order: what a message that
    lists the valid districts lists."""
    import analysis

    return [str(d) for d in analysis.districts()["district"]]


def source_keys() -> list[str]:
    """The reports of the package's data/, in sources.csv's order."""
    import analysis

    return [str(s) for s in analysis.sources()["source"]]


def results_year(source: str) -> int:
    """The results year of one report of data/sources.csv (e.g. 2023 for baoshan-2024): a
    test about that report's figures reads its year, not the latest year in the data."""
    import analysis

    src = analysis.sources()
    return int(src.loc[src["source"] == source, "results_year"].item())


@pytest.fixture(autouse=True)
def _kernels_only_in_slow_tests(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """A test that starts a kernel must be marked slow, so `make test-fast` stays fast: outside
    slow tests, starting a kernel fails the test with that instruction. Outside slow tests the
    validated-package cache on disk is off too."""
    if request.node.get_closest_marker("slow") is None:
        from jupyter_client.manager import KernelManager

        from analysis.base import cache

        # a unit test may change a check (a limit, a rule) that the disk cache's key cannot see
        monkeypatch.setattr(cache, "DISABLED", {"validated"})

        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("this test starts a Jupyter kernel: mark it @pytest.mark.slow")

        monkeypatch.setattr(KernelManager, "_async_pre_start_kernel", refuse)
    yield


@pytest.fixture(scope="session")
def shared_report(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201 - SharedReport
    """The full report of the shipped data (tests/shared_report.py), built once per pytest run
    for every file that checks it, across xdist workers. Only slow tests may ask for it."""
    from tests.shared_report import build

    return build(tmp_path_factory)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ with seeds/ beside it, as the repository lays them out."""
    from analysis.base.paths import DATA_DIR, SEEDS_DIR

    shutil.copytree(DATA_DIR, tmp_path / "data")
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    return tmp_path / "data"


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell, addressed as a user would: 1-based file line and column name."""
    rows = read_rows(path)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def get_cell(path: Path, line: int, column: str) -> str:
    rows = read_rows(path)
    return rows[line - 1][rows[0].index(column)]


def line_of(path: Path, column: str, value: str) -> int:
    """The 1-based file line of the first row whose `column` holds `value`."""
    rows = read_rows(path)
    col = rows[0].index(column)
    return next(i for i, r in enumerate(rows, start=1) if r[col] == value)


def load_problems(data_dir: Path) -> list[tuple[str, int | None, str | None, str]]:
    """What loading a data folder refuses, as (file name, line, column, message); [] if valid."""
    from analysis import DataError, load_indicators

    try:
        load_indicators(data_dir)
    except DataError as err:
        return [(Path(p.file).name, p.line, p.column, p.message) for p in err.problems]
    return []


#: The longest files of `make test`, run first: `--dist loadfile` hands files to the two workers
#: in collection order, and the third-district check (every kernel-free test again) or the
#: shared report started last leaves the other worker idle until it ends.
FIRST = ("tests/test_third_district.py", "tests/test_runner.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files of FIRST before the rest, each keeping its tests' order."""

    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return FIRST.index(path) if path in FIRST else len(FIRST)

    items.sort(key=rank)  # stable: the rest keep their order
