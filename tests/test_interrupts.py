"""Interrupts on a real run: Ctrl-C (SIGINT to the terminal's process group), SIGTERM, SIGHUP
(the terminal closing) and SIGKILL.

The first signal stops scheduling, kills the running kernels and workers, keeps every good
output byte for byte, leaves no temporary file, prints a summary and exits within 5 s with 130
(143, 129). A second signal exits at once. No process outlives the runner. A SIGKILL cannot be
caught: the next run into the folder removes the temporary files it left, and never a live
run's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from analysis.base import files
from analysis.base.errors import Interrupted
from analysis.base.paths import ROOT
from analysis.report import runner, warm
from analysis.report.index import DATA_FOLDER
from analysis.report.site import LANDING
from tests.conftest import district_keys
from tests.shared_report import copy_into


def _start(output: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "analysis", "run", "--output", str(output), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives a command
    )


def _wait_for_kernels(proc: subprocess.Popen, timeout: float = 90) -> list[psutil.Process]:
    """The runner's descendants once a kernel runs."""
    runner = psutil.Process(proc.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kids = runner.children(recursive=True)
        if any(_is_kernel(k) for k in kids):
            return kids
        time.sleep(0.1)
    raise AssertionError("no kernel started")


def _is_kernel(proc: psutil.Process) -> bool:
    """A kernel started cold (its command line) or forked warm (its process name)."""
    try:
        return "ipykernel" in " ".join(proc.cmdline()) or proc.name() == warm.KERNEL_NAME
    except psutil.Error:
        return False


def _alive(procs: list[psutil.Process]) -> list[int]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p.pid)
        except psutil.Error:
            continue
    return out


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory, shared_report) -> dict[str, bytes]:
    """The outputs of one complete run of notebook 01, for both districts in English: its reports
    and data export as the run's full report wrote them (tests/shared_report.py), then a run of
    those jobs into the folder, which keeps every one (nothing they are made from changed) and
    writes the landing pages of what is there."""
    out = tmp_path_factory.mktemp("good")
    names = [f"01_district_overview [{d}, en]" for d in district_keys()]
    copy_into(shared_report, out, names)
    results = runner.run(notebook_keys=["01"], langs=["en"], output_dir=out, log=lambda _: None)
    assert sorted(r.job.name for r in results) == sorted(names)
    assert all(r.ok and r.kept for r in results), [r.error for r in results]
    files = _snapshot(out)
    del files["index.html"]
    return files


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
)
def test_first_signal_stops_the_run_cleanly(
    tmp_path: Path, good: dict[str, bytes], signum: int, status: int
) -> None:
    for name, data in good.items():  # the folder holds a good earlier report
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    proc = _start(tmp_path, "--lang", "en")
    procs = _wait_for_kernels(proc)
    time.sleep(0.5)
    sent = time.monotonic()
    os.killpg(proc.pid, signum)  # the whole group, as Ctrl-C in a terminal does
    out, err = proc.communicate(timeout=30)
    took = time.monotonic() - sent
    assert proc.returncode == status, err
    assert took < 5, f"exited after {took:.1f} s"
    time.sleep(0.2)
    assert _alive(procs) == [], "no worker or kernel outlives the runner"
    summary = out.strip().splitlines()[-1]
    name = signal.Signals(signum).name
    assert summary.startswith(f"interrupted by {name}: ")
    assert "their earlier outputs left as they were; index: " in summary
    assert err.strip() == f"error: interrupted by {name}"
    assert "Traceback" not in out + err
    after = _snapshot(tmp_path)
    assert not [n for n in after if Path(n).name.startswith(".")], "no temporary file is left"
    for name_, data in good.items():
        assert after[name_] == data, f"{name_} was changed"
    index = after["index.html"].decode()
    for name_ in good:
        if name_.endswith(".html"):
            assert name_ in index, "the index lists every report in the folder"


@pytest.mark.slow
def test_a_second_signal_exits_at_once(tmp_path: Path) -> None:
    proc = _start(tmp_path, "--lang", "en")
    procs = _wait_for_kernels(proc)
    os.killpg(proc.pid, signal.SIGINT)
    time.sleep(0.05)
    sent = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    took = time.monotonic() - sent
    assert proc.returncode == 130, err
    assert took < 2, f"exited after {took:.1f} s"
    deadline = time.monotonic() + 2
    while _alive(procs) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _alive(procs) == [], "no worker or kernel outlives the runner"
    assert not [p for p in tmp_path.rglob(".*") if p.is_file()], "no temporary file is left"


@pytest.mark.slow
def test_a_run_removes_what_a_killed_run_left(tmp_path: Path, shared_report) -> None:
    """SIGKILL leaves the scratch notebooks behind; the next run into the folder removes them.
    The data export is in the folder already (as the run's full report wrote it), so the next run
    keeps it and spends its time on the notebook."""
    copy_into(shared_report, tmp_path)
    proc = _start(tmp_path, "--lang", "en")
    procs = _wait_for_kernels(proc)
    deadline = time.monotonic() + 60
    while not list(tmp_path.rglob(".run.*.ipynb")) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = sorted(p.name for p in tmp_path.rglob(".run.*.ipynb"))
    assert left, "a notebook was executing"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while _alive(procs) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.rglob(".run.*.ipynb")) == left, "SIGKILL leaves them"
    folders = [p.name for p in tmp_path.iterdir() if p.is_dir() and p.name != DATA_FOLDER]
    district = sorted(folders)[0]
    again = subprocess.run(
        [sys.executable, "-m", "analysis", "run", "--output", str(tmp_path), "--lang", "en"]
        + ["--notebook", "01", "--district", district],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert (
        f"removed {len(left)} temporary file(s) in {tmp_path}/ left by an earlier run that was "
        "killed"
    ) in again.stdout.splitlines()
    assert not [p for p in tmp_path.rglob(".*") if p.is_file()], "no temporary file is left"


def _dead_pid() -> int:
    """A PID no process can have: above the kernel's pid_max."""
    try:
        return int(Path("/proc/sys/kernel/pid_max").read_text()) + 1
    except OSError:
        return 2**22 + 1


def test_a_sweep_removes_a_killed_runs_temporaries_and_never_a_live_ones(tmp_path: Path) -> None:
    dead, live = _dead_pid(), os.getpid()
    started = psutil.Process(live).create_time()
    now = time.time()
    sub = tmp_path / "yangpu" / "en"
    sub.mkdir(parents=True)
    cases = {
        # name: (folder, age in seconds, removed?)
        f".run.{dead}.abcdefgh.ipynb": (tmp_path, 60, True),  # its writer is gone
        f".02_growth_targets.html.{dead}.k_9x2b0q.tmp": (sub, 60, True),
        f".probe.{dead}.abcdefgh": (tmp_path, 60, True),
        f".run.{live}.abcdefgh.ipynb": (sub, 0.5, False),  # a live run's (this process)
        f".index.html.{live}.abcdefgh.tmp": (tmp_path, 0.5, False),
        f".run.{live}.reused00.ipynb": (sub, now - started + 60, True),  # before its PID's owner
        f".run.{dead}.zzzzzzzz.ipynb": (tmp_path, -5, False),  # written since the sweep began
        ".run.abcdefgh.ipynb": (tmp_path, 2 * files.LEGACY_AGE, True),  # named without a PID
        ".index.html.abcdefgh.tmp": (sub, files.LEGACY_AGE / 2, False),
        ".gitkeep": (tmp_path, 2 * files.LEGACY_AGE, False),  # not the package's
        ".notes.tmp": (tmp_path, 2 * files.LEGACY_AGE, False),
        "02_growth_targets.failed.ipynb": (sub, 2 * files.LEGACY_AGE, False),
    }
    for name, (folder, age, _) in cases.items():
        (folder / name).write_text("x", encoding="utf-8")
        os.utime(folder / name, (now - age, now - age))
    link = tmp_path / f".run.{dead}.linklink.ipynb"  # a link is not followed, nor removed
    link.symlink_to(tmp_path / ".gitkeep")
    removed = files.sweep_temporaries(tmp_path, before=now - 1)
    expected = {folder / name for name, (folder, _, gone) in cases.items() if gone}
    assert set(removed) == expected
    left = {p for p in tmp_path.rglob("*") if p.is_file() or p.is_symlink()}
    assert left == {folder / n for n, (folder, _, gone) in cases.items() if not gone} | {link}


def test_a_temporary_names_its_writer(tmp_path: Path) -> None:
    path = Path(files.make_temporary(tmp_path, ".run.", ".ipynb"))
    assert files.temporary_owner(path.name) == os.getpid()
    files.atomic_write_text(tmp_path / "index.html", "<p>ok</p>")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, "index.html"])
    assert files.temporary_owner(".index.html.123.abcdefgh.tmp") == 123
    assert files.temporary_owner(".probe.45.abcdefgh") == 45
    assert files.temporary_owner(".run.abcdefgh.ipynb") is None


def test_a_zombie_or_a_reused_pid_is_no_live_writer() -> None:
    """A killed worker nobody reaped still answers os.kill(pid, 0) but writes nothing."""
    child = subprocess.Popen(["true"])
    deadline = time.monotonic() + 10
    while psutil.Process(child.pid).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    try:
        os.kill(child.pid, 0)  # the PID is taken …
        assert not files.process_alive(child.pid)  # … by no live process
    finally:
        child.wait()
    assert files.process_alive(os.getpid(), time.time())
    assert not files.process_alive(os.getpid(), psutil.Process().create_time() - 60)
    assert not files.process_alive(_dead_pid())
    assert not files.process_alive(0)


def test_an_interrupted_run_removes_only_its_own_temporaries(tmp_path: Path) -> None:
    mine, other = os.getpid(), _dead_pid()
    for name in (f".run.{mine}.abcdefgh.ipynb", f".x.html.{mine}.abcdefgh.tmp"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    theirs = tmp_path / f".run.{other}.abcdefgh.ipynb"  # another run's, alive or not
    theirs.write_text("x", encoding="utf-8")
    assert files.remove_temporaries(tmp_path, {mine}) == 2
    assert [p.name for p in tmp_path.iterdir()] == [theirs.name]


def test_a_hangup_stops_cleanly_with_no_terminal_to_print_to(tmp_path: Path) -> None:
    """After SIGHUP the terminal may be gone: the summary cannot be printed, and the run still
    removes its temporaries, writes the index and exits 129."""
    (tmp_path / f".run.{os.getpid()}.abcdefgh.ipynb").write_text("x", encoding="utf-8")

    def gone(line: str) -> None:
        raise OSError(5, "Input/output error")

    with pytest.raises(Interrupted) as info:
        runner._stop(signal.SIGHUP, [], 4, tmp_path, {os.getpid()}, gone)
    assert (info.value.status, str(info.value)) == (129, "interrupted by SIGHUP")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(LANDING.values())
