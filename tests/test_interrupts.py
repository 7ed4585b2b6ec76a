"""Interrupts on a real run: Ctrl-C (SIGINT to the terminal's process group) and SIGTERM.

The first signal stops scheduling, kills the running kernels and workers, keeps every good
output byte for byte, leaves no temporary file, prints a summary and exits within 5 s with 130
(or 143). A second signal exits at once. No process outlives the runner.
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

from analysis.base.paths import ROOT


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
        if any("ipykernel" in " ".join(_cmdline(k)) for k in kids):
            return kids
        time.sleep(0.1)
    raise AssertionError("no kernel started")


def _cmdline(proc: psutil.Process) -> list[str]:
    try:
        return proc.cmdline()
    except psutil.Error:
        return []


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
def good(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The outputs of one complete run of notebook 01, for both districts in English."""
    out = tmp_path_factory.mktemp("good")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "run",
            "--output",
            str(out),
            "--lang",
            "en",
            "--notebook",
            "01",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    files = _snapshot(out)
    del files["index.html"]
    return files


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
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
