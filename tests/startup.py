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
