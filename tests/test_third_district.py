"""A third district with two reports, added through the commands: add-report, draft, accept."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import analysis
from analysis.analyses.fulfilment import fulfilment
from analysis.base.paths import DATA_DIR, ROOT, SEEDS_DIR
from analysis.cli import main
from analysis.contract import dictionary
from analysis.report import runner
from tests.third_district import EXPECTED, REPORTS, add_third_district, drafted


@pytest.fixture
def third(tmp_path: Path) -> Path:
    shutil.copytree(DATA_DIR, tmp_path / "data")
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    add_third_district(tmp_path / "data", tmp_path)
    return tmp_path / "data"


@pytest.mark.sweep
def test_third_district_through_the_commands(third: Path, capsys) -> None:
    for source, expected in EXPECTED.items():
        assert drafted(third.parent / f"{source}-draft.csv") == expected
        seed = third.parent / "seeds" / f"{source}.txt"
        assert seed.read_text(encoding="utf-8") == REPORTS[source][1], "copied byte for byte"
    capsys.readouterr()
    assert main(["validate", "--data-dir", str(third)]) == 0
    assert "testdist: 16 indicators" in capsys.readouterr().out
    assert main(["coverage", "--data-dir", str(third)]) == 0
    # accept rewrote the data dictionary: it lists the new district and counts its rows
    readme = (third / "README.md").read_text(encoding="utf-8")
    assert readme == dictionary.render(third)
    assert "| `testdist` | 测试区 | Test District |" in readme
    ind = analysis.load_indicators(str(third), standard=True)
    assert set(ind.loc[ind["district"] == "testdist", "source"]) == set(REPORTS)
    # the 2024 targets (first report) against the 2024 results (second report)
    out = fulfilment(ind, analysis.load_reference(str(third)))
    got = {
        (r.indicator, r.target, r.result, r.status)
        for r in out[out["district"] == "testdist"].itertuples()
    }
    assert got == {
        ("gdp_growth", "6", "5.9", "met"),  # about 6: 5.5–6.5
        ("revenue_growth", "5", "4", "missed"),
        ("elderly_care_beds_new", "500", "620", "exceeded"),
    }


@pytest.mark.slow
def test_notebook_01_runs_on_the_third_district(third: Path, tmp_path: Path) -> None:
    results = runner.run(
        notebook_keys=["01"],
        districts=["testdist"],
        langs=["en"],
        jobs=1,
        output_dir=tmp_path / "out",
        data_dir=str(third),
        log=lambda _: None,
    )
    assert [r.ok for r in results] == [True], [r.error for r in results]
    html = (tmp_path / "out" / "testdist" / "en" / "01_district_overview.html").read_text(
        encoding="utf-8"
    )
    assert "1610.2" in html  # the latest report's GDP


def _tracked_copy(root: Path, dest: Path) -> Path:
    """The repository's tracked files, as they are in the work tree, with their times (so make
    finds the venv's stamp newer than pyproject.toml and requirements.lock, as here)."""
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("needs a git checkout (the tracked files are what is copied)")
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        src = root / name
        if src.is_file():  # a tracked file deleted in the work tree is not copied
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


def _fast_suite(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`make test-fast`'s commands in `repo`, with its sweeps too: every test that starts no
    kernel (a sweep over every chart or table is where a third district shows most). Run
    directly, not through make: the venv is shared with this run, and a setup that make found
    due would point it at the copy."""
    run = {"cwd": repo, "env": env, "capture_output": True, "text": True, "timeout": 900}
    python = str(repo / ".venv" / "bin" / "python")
    for lint in ([python, "-m", "ruff", "check", "analysis", "tests", "notebooks"],
                 [str(repo / ".venv" / "bin" / "lint-imports")]):  # fmt: skip
        done = subprocess.run(lint, **run)
        if done.returncode:
            return done
    return subprocess.run(
        [python, "-m", "pytest", "-p", "no:nbval", "-m", "not slow", "-q", "-n", "2",
         "--ignore=tests/browser", "tests"], **run,
    )  # fmt: skip


@pytest.mark.slow
def test_the_fast_suite_passes_with_a_third_district(tmp_path: Path) -> None:
    """A user adds a district as the README says (add-report, draft, accept into data/ and
    seeds/) and every test that starts no kernel still passes (`make test-fast` and its
    sweeps): no test names the shipped districts as all there is, none uses a key a user may
    add as its unknown key, and nothing generated goes stale."""
    repo = _tracked_copy(ROOT, tmp_path / "repo")
    (repo / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    work = tmp_path / "work"
    work.mkdir()
    add_third_district(repo / "data", work, "pudong", "浦东新区", "Pudong New Area")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("PYTEST")}
    # its own temporary folder: pytest prunes old runs in /tmp/pytest-of-USER, and another run
    # pruning there at the same moment fails this one's cleanup
    env["TMPDIR"] = str(tmp_path / "tmp")
    (tmp_path / "tmp").mkdir()
    # the venv is this checkout's, linked: its editable install points here, not at the copy
    editable = "test_the_project_is_installed_editable_from_this_checkout"
    # -x: the first failure is the answer; the rest of the suite need not run after it
    env["PYTEST_ADDOPTS"] = f"-x --deselect tests/test_environment.py::{editable}"
    # the guide's last step: `make notebooks` rewrites the documents' generated blocks (counts,
    # the draft-eval table) for the data as it now is (its re-executed notebooks are nbval's)
    subprocess.run(
        [str(repo / ".venv" / "bin" / "python"), "-m", "analysis.docs.blocks"],
        cwd=repo, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    where = subprocess.run(
        [str(repo / ".venv" / "bin" / "python"), "-c", "import analysis; print(analysis.__file__)"],
        cwd=repo, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert Path(where.stdout.strip()) == repo / "analysis" / "__init__.py", "the copy's package"
    done = _fast_suite(repo, env)
    tail = "\n".join((done.stdout + done.stderr).splitlines()[-60:])
    assert done.returncode == 0, f"the fast suite fails with a third district:\n{tail}"
