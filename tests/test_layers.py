"""The package's modules import one way: no cycle between any two modules, imports inside
functions included (grimp reads every import statement). The layers themselves are the
import-linter contract in pyproject.toml, which `make test-fast` checks with `lint-imports`."""

from __future__ import annotations

import tomllib

import grimp

from analysis.base.paths import ROOT


def test_no_module_imports_itself_through_another() -> None:
    graph = grimp.build_graph("analysis", include_external_packages=False)
    cycles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.append(" -> ".join([module, *back]))
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_every_subpackage_is_a_layer_of_the_contract() -> None:
    """A new folder under analysis/ must be placed in a layer (import-linter's `exhaustive`
    says so too, but only where lint-imports runs)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    named = {name.strip() for layer in contract["layers"] for name in layer.split("|")}
    folders = {p.parent.name for p in (ROOT / "analysis").glob("*/__init__.py")}
    modules = {p.stem for p in (ROOT / "analysis").glob("*.py") if not p.stem.startswith("_")}
    assert folders | modules == named
