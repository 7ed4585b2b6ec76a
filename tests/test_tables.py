"""The table registry: one column list per table, for notebooks, the command line and CSV."""

from __future__ import annotations

import csv
import io

import pytest

from analysis import cli, tables
from analysis.errors import UnknownKeyError
from analysis.notebook import setup


@pytest.fixture(scope="module")
def ctx():
    return setup("baoshan", "en", style=False)


@pytest.mark.parametrize("name", list(tables.REGISTRY))
def test_every_table_computes_with_its_declared_columns(ctx, name: str) -> None:
    data = tables.data(name, ctx)
    shown = tables.show(name, ctx)
    assert len(data) == len(shown) > 0, name
    assert "name" not in data.columns, "a label column is split into name_zh and name_en"
    assert list(shown.index) == list(range(len(shown)))


def test_csv_keeps_keys_and_both_languages(ctx) -> None:
    text = tables.render(tables.data("growth", ctx), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {"district", "name_zh", "name_en", "target_id"} <= rows[0].keys()
    assert {r["district"] for r in rows} == {"yangpu", "baoshan"}


def test_markdown_escapes_pipes_and_newlines() -> None:
    import pandas as pd

    md = tables.render(pd.DataFrame({"a": ["x|y", "l1\nl2"], "b": [1, None]}), "md")
    assert md.splitlines() == ["| a | b |", "|---|---|", "| x\\|y | 1.0 |", "| l1 l2 |  |"]


def test_an_unknown_table_lists_the_valid_names() -> None:
    with pytest.raises(UnknownKeyError, match="unknown table 'nope'; valid tables: headline"):
        tables.get("nope")


def test_cli_prints_a_table_and_takes_data_dir_after_the_subcommand(
    data_copy, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["table", "consistency", "--district", "baoshan", "--data-dir", str(data_copy)])
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("district,name_zh,name_en,base_level,")
    assert "10658.54" in out and "-469.2567" in out, "floats printed without binary noise"


def test_data_dir_before_the_subcommand_still_works(data_copy, capsys) -> None:
    assert cli.main(["--data-dir", str(data_copy), "validate"]) == 0
    assert capsys.readouterr().out.startswith("valid: ")
