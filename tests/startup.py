"""Loaded first by pytest (`-p tests.startup` in pyproject.toml), before nbval imports nbformat.

jsonschema imports rfc3987_syntax when it is installed, which builds a Lark grammar at import:
a second of every pytest process, for the `iri` string format no schema here uses. This module
marks it absent (as `analysis/__init__.py` does for the runner and the command line) without
importing the package, so the pytest process that only hands tests to its workers stays light.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
