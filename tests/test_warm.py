"""Warm kernels (analysis/report/warm.py): forked from a parent that has imported what notebooks
import, yet each a kernel of its own, interruptible, killed with whoever started it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from analysis.base.paths import ROOT
from analysis.report import warm

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not warm.supported(), reason="warm kernels need Linux pidfds"),
]


@pytest.fixture
def zygote() -> Iterator[warm.Zygote]:
    """A zygote of the test's own, named in the environment as the runner names its own."""
    with warm.started() as z:
        assert z is not None
        yield z


def _kernel(**kwargs: object):
    km = warm.WarmKernelManager(kernel_name="python3")
    km.start_kernel(extra_arguments=["--IPKernelApp.log_level=CRITICAL"], **kwargs)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return km, kc


def _run(kc, code: str, timeout: float = 30, **kwargs: object) -> dict:
    """Execute `code`; its reply's content, and the text it printed (under "stdout")."""
    out: list[str] = []

    def hook(msg: dict) -> None:
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])

    reply = kc.execute_interactive(code, output_hook=hook, timeout=timeout, **kwargs)
    return {**reply["content"], "stdout": "".join(out)}


def _stop(km, kc) -> None:
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def test_a_kernel_is_forked_warm_and_runs_code(zygote: warm.Zygote) -> None:
    km, kc = _kernel()
    try:
        proc = psutil.Process(km.provisioner.pid)
        assert proc.ppid() == zygote.process.pid, "forked by the zygote"
        assert proc.name() == warm.KERNEL_NAME
        reply = _run(kc, "import sys; print('pandas' in sys.modules, 'seaborn' in sys.modules)")
        assert reply["status"] == "ok"
        assert reply["stdout"].split() == ["True", "True"], "imported before the first cell"
        assert _run(kc, "print(6 * 7)")["stdout"].strip() == "42"
    finally:
        _stop(km, kc)
    assert not psutil.pid_exists(proc.pid) or proc.status() == psutil.STATUS_ZOMBIE


def test_no_state_leaks_from_one_kernel_to_the_next(zygote: warm.Zygote) -> None:
    first = _kernel()
    try:
        code = (
            "import analysis, pandas as pd\n"
            "analysis.LEAK = 1\nLEAK = 2\npd.set_option('display.precision', 9)"
        )
        assert _run(first[1], code)["status"] == "ok"
    finally:
        _stop(*first)
    second = _kernel()
    try:
        check = textwrap.dedent(
            """
            import analysis, pandas as pd
            precision = pd.get_option("display.precision")
            print(hasattr(analysis, "LEAK"), "LEAK" in globals(), precision)
            """
        )
        assert _run(second[1], check)["stdout"].split() == ["False", "False", "6"]
    finally:
        _stop(*second)


def test_a_kernel_starts_in_the_folder_and_environment_asked_for(
    zygote: warm.Zygote, tmp_path: Path
) -> None:
    env = {**os.environ, "SDPW_TEST_MARK": "here"}
    km, kc = _kernel(cwd=str(tmp_path), env=env)
    try:
        code = "import os, sys; print(os.getcwd(), os.environ.get('SDPW_TEST_MARK'), sys.path[0])"
        cwd, mark, first = _run(kc, code)["stdout"].split()
        assert (Path(cwd), mark, Path(first)) == (tmp_path, "here", tmp_path)
    finally:
        _stop(km, kc)


def test_an_interrupt_reaches_the_forked_kernel(zygote: warm.Zygote) -> None:
    km, kc = _kernel()
    try:
        # stop_on_error=False: after an error ipykernel aborts requests that arrive before its
        # abort window closes (kernelbase._abort_queues), which under load caught the next request.
        msg_id = kc.execute("import time; time.sleep(60)", stop_on_error=False)
        time.sleep(1)
        start = time.monotonic()
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=10)
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        assert time.monotonic() - start < 5
        # Alive and running code, read from the reply itself.
        after = _run(kc, "alive = 6 * 7", user_expressions={"alive": "alive"})
        assert after["status"] == "ok"
        assert after["user_expressions"]["alive"]["data"]["text/plain"] == "42"
    finally:
        _stop(km, kc)


def test_a_stream_handed_to_the_kernel_is_its_own(zygote: warm.Zygote, tmp_path: Path) -> None:
    """nbval starts its kernels with stderr=/dev/null: a file the kernel writes to directly."""
    log = tmp_path / "stderr.txt"
    with log.open("w") as stream:
        km, kc = _kernel(stderr=stream)
        try:
            _run(kc, "import os; os.write(2, b'to the file')")
        finally:
            _stop(km, kc)
    assert log.read_text() == "to the file"


def test_a_notebook_runs_the_same_warm_and_cold(monkeypatch: pytest.MonkeyPatch) -> None:
    """The committed notebook 03, executed warm and cold: the same bytes."""
    from analysis.report.execute import drop_papermill_metadata, execute, to_text

    notebook = ROOT / "notebooks" / "03_investment.ipynb"
    texts = []
    for setting in ("", "off"):
        monkeypatch.setenv(warm.WARM_ENV, setting)
        nb = execute(notebook, notebook.parent, output_name=notebook)
        drop_papermill_metadata(nb)
        texts.append(to_text(nb))
    assert texts[0] == texts[1]


def test_with_warm_kernels_off_a_kernel_starts_cold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(warm.WARM_ENV, "off")
    km, kc = _kernel()
    try:
        assert "ipykernel_launcher" in " ".join(psutil.Process(km.provisioner.pid).cmdline())
    finally:
        _stop(km, kc)


def test_the_zygote_and_its_kernels_die_with_their_caller(tmp_path: Path) -> None:
    """A caller SIGKILLed with a kernel running leaves no zygote and no kernel behind."""
    script = textwrap.dedent(
        """
        import sys, time
        from analysis.report import warm
        km = warm.WarmKernelManager(kernel_name="python3")
        km.start_kernel()
        print(km.provisioner.pid, flush=True)
        time.sleep(120)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    try:
        kernel = psutil.Process(int(proc.stdout.readline()))  # type: ignore[union-attr]
        zygote = psutil.Process(kernel.ppid())
        assert zygote.ppid() == proc.pid
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()  # type: ignore[union-attr]
    gone, alive = psutil.wait_procs([kernel, zygote], timeout=5)
    assert alive == [], "the zygote and its kernel outlive the caller"
