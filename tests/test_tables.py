"""The table registry: one column list per table, for notebooks, the command line and CSV."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

import analysis
from analysis import cli
from analysis.base.errors import UnknownKeyError
from analysis.presentation import tables
from analysis.presentation.notebook import setup


@pytest.fixture(scope="module")
def ctx():
    return setup("baoshan", "en", style=False)


@pytest.mark.parametrize("name", list(tables.REGISTRY))
@pytest.mark.sweep
def test_every_table_computes_with_its_declared_columns(ctx, name: str) -> None:
    data = tables.data(name, ctx)
    shown = tables.show(name, ctx).data
    assert len(data) == len(shown) > 0, name
    assert "name" not in data.columns, "a label column is split into name_zh and name_en"
    assert list(shown.index) == list(range(len(shown)))


def test_csv_keeps_keys_and_both_languages(ctx) -> None:
    text = tables.render(tables.data("growth", ctx), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {"district", "name_zh", "name_en", "target_id"} <= rows[0].keys()
    keys = {r["district"] for r in rows}
    # district keys, not names: the focus district and its peers
    assert "baoshan" in keys and len(keys) > 1 and keys <= set(analysis.districts()["district"])


def test_markdown_escapes_pipes_and_newlines() -> None:
    import pandas as pd

    md = tables.render(pd.DataFrame({"a": ["x|y", "l1\nl2"], "b": [1, None]}), "md")
    assert md.splitlines() == ["| a | b |", "|---|---|", "| x\\|y | 1 |", "| l1 l2 | — |"]


def test_markdown_prints_the_notebook_formats_on_hand_made_rows() -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {"year": [2023, 2024], "count": [325.0, 1200.0], "rate": [5.5, None], "ok": [True, False],
         "joined": pd.Series([1391.0, None], dtype=object)}  # as rows of districts joined
    )  # fmt: skip
    md = tables.render(frame, "md", "zh")
    assert md.splitlines()[2:] == [
        "| 2023 | 325 | 5.5 | 是 | 1,391 |", "| 2024 | 1,200 | — | 否 | — |",
    ]  # fmt: skip


def test_an_unknown_table_lists_the_valid_names() -> None:
    with pytest.raises(UnknownKeyError, match="unknown table 'nope'; valid tables: headline"):
        tables.get("nope")


@pytest.mark.sweep
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


def test_the_formatter_is_for_people_and_deterministic() -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "Value": [10658.54, 1.2e-5 * 0 + 12.0, float("nan")],
            "Count": pd.array([1200, None, 3], dtype="Int64"),
            "Met": [True, False, True],
            "Name": ["<b>x</b>", "a&b", None],
            "Row id": ["bs-0007", "yp-p012", "ref-101"],
        },
        index=[5, 6, 7],
    )
    html = tables.styled(frame, "t", "en").to_html()
    assert html == tables.styled(frame, "t", "en").to_html(), "no random ids"
    assert "10,658.54" in html and "12.00" in html and "1,200" in html
    assert "e+" not in html and "NaN" not in html and "<NA>" not in html and "—" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x" not in html, "data strings are escaped"
    assert ">yes<" in html and ">no<" in html
    assert "row_heading" not in html, "no index"
    assert "td.col4" in html and "white-space: nowrap" in html, "ids on one line"
    assert ">是<" in tables.styled(frame, "t", "zh").to_html()


def test_reports_in_view_pick_one_report_per_district() -> None:
    import pandas as pd

    from analysis.load.context import reports_in_view

    src = pd.DataFrame(
        {
            "source": ["a-1", "a-2", "b-1", "c-2", "c-3"],
            "district": ["a", "a", "b", "c", "c"],
            "plan_year": [2031, 2032, 2031, 2032, 2033],
            "adopted": ["2031-01-01", "2032-01-01", "2031-01-01", "2032-01-01", "2033-01-01"],
        }
    )
    latest = reports_in_view(src, "a")
    assert list(latest["source"]) == ["a-2", "b-1", "c-2"], "no peer ahead of the focus district"
    assert list(reports_in_view(src, "a", 2031)["source"]) == ["a-1", "b-1"]
    assert list(reports_in_view(src, "c")["source"]) == ["a-2", "b-1", "c-3"]
    with pytest.raises(UnknownKeyError, match="unknown plan_year '2030'; valid plan_years: 2031"):
        reports_in_view(src, "a", 2030)


def test_years_print_without_a_thousands_separator_and_counts_with_one() -> None:
    import pandas as pd

    from analysis.presentation.tables import styled

    frame = pd.DataFrame({"Year": [2023, 2024], "完成年份": [2023.0, None], "Projects": [12000, 5]})
    html = styled(frame, "t").to_html()
    assert "2,023" not in html and "2,024" not in html
    assert ">2023<" in html and ">2024<" in html
    assert ">12,000<" in html, "a count keeps its thousands separator"


def test_every_registered_table_is_shown_by_its_notebook() -> None:
    """The convention: each table is shown by its notebook, so its CSV beside the report is the
    rows the reader saw (taken from the outputs, not computed a second time)."""
    import re

    import nbformat

    from analysis.base.paths import NOTEBOOKS_DIR

    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        source = "\n".join(
            c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
        )
        shown = set(re.findall(r"""\btable\(\s*["']([a-z_]+)["']""", source))
        registered = {t.name for t in tables.REGISTRY.values() if t.notebook == path.stem}
        assert registered <= shown, f"{path.name} does not show {sorted(registered - shown)}"


def test_a_shown_table_carries_its_csv_and_a_view_keeps_the_tidy_rows(ctx) -> None:
    shown = tables.show("growth", ctx)
    data, meta = shown._repr_mimebundle_()
    assert meta == {tables.CSV_MIME: {"table": "growth"}}
    assert data[tables.CSV_MIME] == tables.csv_text(tables.data("growth", ctx))
    assert "text/html" in data and "0x" not in data["text/plain"]
    wide = pd.DataFrame({"Indicator": ["GDP"], "Yangpu": [5.0]})
    rows = tables.data("compare", ctx)
    data, _ = tables.show("compare", ctx, view=wide)._repr_mimebundle_()
    assert "Yangpu" in data["text/html"] and data[tables.CSV_MIME] == tables.csv_text(rows)
    assert "<th" in data["text/html"] and "compare_view" in data["text/html"]


@pytest.mark.sweep
def test_table_without_a_district_holds_every_districts_rows_once(capsys) -> None:
    """`table NAME` (or `--district all`) is each district's table in one: every district of the
    data, each row of each district's table present, a row two tables share (the city's) once."""
    keys = list(analysis.districts()["district"].astype(str))
    assert cli.main(["table", "fulfilment"]) == 0
    text = capsys.readouterr().out
    every = pd.read_csv(io.StringIO(text), dtype=str)
    assert cli.main(["table", "fulfilment", "--district", "all"]) == 0
    assert capsys.readouterr().out == text
    per = []
    for key in keys:
        assert cli.main(["table", "fulfilment", "--district", key]) == 0
        per.append(pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str))
    union = pd.concat(per, ignore_index=True).drop_duplicates()
    assert len(every) == len(union)
    assert set(every["district"].dropna()) == set(union["district"].dropna())
    assert set(every["district"]) - {"shanghai"} <= set(keys)
    seen = set(map(tuple, every.fillna("").to_numpy()))
    assert all(tuple(r) in seen for r in union.fillna("").to_numpy())


@pytest.mark.sweep
def test_a_table_with_no_district_column_gains_the_views_district() -> None:
    contexts = [setup(k, "en", style=False) for k in analysis.districts()["district"]]
    name = next(n for n, t in tables.REGISTRY.items() if "district" not in t.columns)
    out = tables.every_district(name, contexts)
    assert list(out.columns)[0] == "district"
    assert set(out["district"]) <= {c.district for c in contexts}
    zh = tables.every_district(name, [setup(c.district, "zh", style=False) for c in contexts],
                               shown=True)  # fmt: skip
    assert list(zh.columns)[0] == "区" and not set(zh["区"]) & {c.district for c in contexts}


def test_table_list_describes_every_table(capsys) -> None:
    assert cli.main(["table", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(tables.REGISTRY)
    for line, table in zip(lines, tables.REGISTRY.values(), strict=True):
        assert table.notebook in line and table.description in line


def test_table_help_describes_every_table(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["table", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for name, table in tables.REGISTRY.items():
        assert f"{name} {' '.join(table.description.split())}" in out, name


def test_table_without_a_name_says_what_to_give(capsys) -> None:
    assert cli.main(["table"]) != 0
    assert "--list" in capsys.readouterr().err


@pytest.mark.parametrize("district", [str(d) for d in analysis.districts()["district"]])
def test_a_pair_refused_in_one_table_is_compared_in_none(district: str) -> None:
    """The service outputs (04) and the master target table (02) judge a target against its
    result with one rule: a pair one refuses, the other gives no direction, and the reverse."""
    ctx = setup(district, "en", style=False)
    outputs = tables.data("service_outputs", ctx)
    master = tables.data("targets", ctx).set_index("target_id")
    refused_words = ("running total", "scope differs", "counts differ")
    both = outputs.dropna(subset=["target_id", "result_id"])
    both = both[both["target_id"].isin(master.index)]
    for row in both.itertuples():
        refused = any(w in str(row.comparison) for w in refused_words)
        in_master = master.loc[row.target_id]
        if in_master["result_id"] != row.result_id:
            continue  # the two tables set the target against different results
        assert refused == pd.notna(in_master["not_compared"]), row.target_id
        if refused:
            assert in_master["direction"] == "n/a" and pd.isna(in_master["change"])
