"""Loaded first by pytest (`-p tests.startup` in pyproject.toml), before nbval imports nbformat.

jsonschema imports rfc3987_syntax when it is installed, which builds a Lark grammar at import:
a second of every pytest process, for the `iri` string format no schema here uses. This module
marks it absent (as `analysis/__init__.py` does for the runner and the command line) without
importing the package, so the pytest process that only hands tests to its workers stays light.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def pytest_configure(config) -> None:  # noqa: ANN001 - pytest's Config
    """nbval's kernels fork from a warm parent, as the report's do (analysis/report/warm.py):
    nbval then checks the notebooks as the runner executes them, in a second less per notebook.
    Only in the processes that run notebooks (a worker, or pytest without xdist)."""
    import os

    if not getattr(config.option, "nbval", False) or os.environ.get("SDPW_WARM") == "off":
        return
    if os.environ.get("PYTEST_XDIST_WORKER") is None and getattr(
        config.option, "numprocesses", None
    ):
        return  # the controller hands notebooks to its workers and runs none
    import nbval.kernel

    from analysis.report.warm import WarmKernelManager

    nbval.kernel.KernelManager = WarmKernelManager  # type: ignore[misc]


#: Seconds one test may take before its process prints every thread's stack and exits. A test
#: that hangs (a kernel that never answers, a child never reaped) then fails, named by xdist's
#: "worker crashed while running", instead of stalling the whole run until CI's limit.
HANG_LIMIT = 900.0


def _stderr_fd(config) -> int:  # noqa: ANN001 - pytest's Config
    """The process's real stderr (fd 2 is pytest's capture file while a test runs)."""
    capman = config.pluginmanager.getplugin("capturemanager")
    capturing = getattr(capman, "_global_capturing", None)
    err = getattr(capturing, "err", None)
    return getattr(err, "targetfd_save", 2)


import pytest  # noqa: E402 - after the rfc3987_syntax stub, which must come first


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):  # noqa: ANN001, ANN201 - pytest's hook
    """Arm the hang limit around each test (setup, call and teardown)."""
    import faulthandler
    import os

    limit = float(os.environ.get("SDPW_TEST_HANG_LIMIT", HANG_LIMIT))
    stream = os.fdopen(os.dup(_stderr_fd(item.config)), "w")
    stream.write("")  # opened now, while the fd is certain to be good
    faulthandler.dump_traceback_later(limit, exit=True, file=stream)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        stream.close()
