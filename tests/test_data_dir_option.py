"""`--data-dir` is honoured by every command that reads data, and refused, with the reason, by
the ones that work on the repository's own data/ alone: never silently ignored."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from analysis.cli import main
from tests.conftest import line_of, set_cell


@pytest.mark.sweep
def test_a_table_reads_the_side_tables_of_the_folder_given(data_copy: Path, capsys) -> None:
    """`table compare` once read the repository's comparability.csv whatever --data-dir said."""
    path = data_copy / "comparability.csv"
    line = line_of(path, "indicator", "revenue")
    set_cell(path, line, "scope", "a_scope_only_this_copy_has")
    assert main(["--data-dir", str(data_copy), "table", "compare", "--district", "yangpu"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert "a_scope_only_this_copy_has" in {r["scope"] for r in rows}
    assert main(["table", "compare", "--district", "yangpu"]) == 0
    shipped = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert "a_scope_only_this_copy_has" not in {r["scope"] for r in shipped}


@pytest.mark.parametrize("command", ["figures", "refresh", "bench", "synthetic"])
def test_a_command_on_the_shipped_data_refuses_another_folder(
    command: str, data_copy: Path, capsys
) -> None:
    argv = [command, "--data-dir", str(data_copy)]
    if command == "synthetic":
        argv += ["--output", str(data_copy.parent / "synthetic")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"--data-dir {data_copy}: `{command}`" in err
    assert "takes no other data folder" in err
