"""The charts: each draws only rows of the table it stands beside (never a pair that table
refuses), and each stays legible and bounded on the 16-district synthetic package."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from PIL import Image  # noqa: E402

from analysis.presentation import plots, tables  # noqa: E402
from analysis.presentation.style import FOCUS, MIN_FONT_PT  # noqa: E402
from analysis.report import runner  # noqa: E402
from tests.conftest import district_keys  # noqa: E402

#: What the issue asks of every chart at 16 districts: at most this tall, in pixels as saved.
MAX_HEIGHT_PX = 1800


def _marks(fig: Figure) -> list[float]:
    """Every x a chart draws a mark or bar end at, over all its panels."""
    xs: list[float] = []
    for ax in fig.axes:
        for coll in ax.collections:
            if isinstance(coll, PathCollection):
                xs += [float(x) for x in np.asarray(coll.get_offsets())[:, 0]]
        for patch in ax.patches:
            if isinstance(patch, Rectangle) and patch.get_height() < 1:
                xs.append(float(patch.get_x() + patch.get_width()))
    return xs


def _names(district: str) -> dict[str, str]:
    return {"district_short": district.title(), "district_zh": district + "区"}


def _compare_rows() -> pd.DataFrame:
    rows = []
    for district, gdp, growth in (("aa", 100.0, 5.5), ("bb", 200.0, 7.25)):
        base = {"district": district, **_names(district), "year": 2023, "kind": "actual"}
        rows.append(
            base | {"indicator": "gdp", "name_en": "GDP", "name_zh": "地区生产总值",
                    "value": gdp, "unit": "亿元", "comparable": "comparable", "id": f"{district}-1"}
        )  # fmt: skip
        rows.append(
            base | {"indicator": "gdp_growth", "name_en": "GDP growth", "name_zh": "增速",
                    "value": growth, "unit": "%", "id": f"{district}-2",
                    "comparable": "not comparable: scope differs (aa x vs bb y)"}
        )  # fmt: skip
    return pd.DataFrame(rows)


def test_overview_draws_no_pair_the_compare_table_refuses() -> None:
    compare = _compare_rows()
    drawn = plots.overview_rows(compare)
    assert set(drawn["id"]) == {"aa-1", "bb-1"}, "the refused growth rates are left out"
    assert set(drawn["id"]) <= set(compare["id"]), "only the table's own rows"
    marks = _marks(plots.overview(compare, "aa", "en"))
    assert sorted(marks) == [100.0, 200.0]
    assert 5.5 not in marks and 7.25 not in marks


def test_service_outputs_chart_draws_only_the_ratios_the_table_gives() -> None:
    base = {"indicator": "beds", "name_en": "Beds", "name_zh": "床位", "result_unit": "张"}
    outputs = pd.DataFrame(
        [
            base | {"district": "aa", **_names("aa"), "target_vs_result": 1.5, "result": 200,
                    "target": 300},
            base | {"district": "bb", **_names("bb"), "target_vs_result": np.nan, "result": 5000,
                    "target": 400, "comparison": "running total: no ratio"},
        ]
    )  # fmt: skip
    assert list(plots.outputs_rows(outputs)["district"]) == ["aa"]
    marks = _marks(plots.target_over_result(outputs, "aa", "en"))
    assert 1.5 in marks and not any(abs(m - 400 / 5000) < 1e-9 for m in marks)


def test_fulfilment_strip_draws_judged_targets_only() -> None:
    base = {"indicator": "gdp_growth", "name_en": "GDP growth", "name_zh": "增速", "unit": "%"}
    ful = pd.DataFrame(
        [
            base | {"district": "aa", **_names("aa"), "year": 2023, "status": "missed",
                    "margin": -1.25},
            base | {"district": "aa", **_names("aa"), "year": 2024, "status": "pending",
                    "margin": np.nan},
            base | {"district": "shanghai", "district_short": "Shanghai", "district_zh": "上海市",
                    "year": 2023, "status": "met", "margin": 0.0},
        ]
    )  # fmt: skip
    drawn = plots.fulfilment_rows(ful)
    assert list(drawn["status"]) == ["missed", "met"]
    assert sorted(_marks(plots.fulfilment(ful, "aa", "en"))) == [-1.25, 0.0]


def test_city_mark_only_where_the_escalation_table_compares_by_number() -> None:
    esc = pd.DataFrame(
        {
            "indicator": ["gdp_growth", "revenue_growth"],
            "escalation": [1.0, np.nan],
            "escalation_unit": ["pp", ""],
            "city_target_value": [5.0, 4.0],
        }
    )
    assert plots.city_marks(esc) == {"gdp_growth": 5.0}, "a pair compared by bound has no mark"


def test_growth_chart_joins_result_and_target_only_where_the_table_gives_the_change() -> None:
    base = {"indicator": "gdp_growth", "name_en": "GDP growth", "name_zh": "增速"}
    growth = pd.DataFrame(
        [
            base | {"district": "aa", **_names("aa"), "result": 4.0, "result_kind": "actual",
                    "target": 6.0, "bound": "floor", "change_pp": 2.0},
            base | {"district": "bb", **_names("bb"), "result": np.nan, "result_kind": pd.NA,
                    "target": 5.0, "bound": "about", "change_pp": np.nan},
        ]
    )  # fmt: skip
    fig = plots.growth(growth, "aa", "en")
    lines = [c for ax in fig.axes for c in ax.collections if not isinstance(c, PathCollection)]
    assert sum(len(c.get_segments()) for c in lines) == 1, "one result-target pair, not two"
    assert sorted(_marks(fig)) == [4.0, 5.0, 6.0]


@pytest.mark.sweep
def test_a_growth_panel_whose_districts_differ_in_scope_says_so() -> None:
    """可比 growth beside 同比 growth shares a panel but is not read across districts: the
    panel says so, from comparability.csv; a panel of one scope says nothing."""
    rows = []
    for key, name in (("gdp_growth", "GDP growth"), ("retail_growth", "Retail growth")):
        for d in ("aa", "bb"):
            rows.append({"indicator": key, "name_en": name, "name_zh": "增速", "district": d,
                         **_names(d), "result": 4.0, "result_kind": "actual", "target": 5.0,
                         "bound": "floor", "change_pp": 1.0})  # fmt: skip
    growth = pd.DataFrame(rows)
    comp = pd.DataFrame(
        {"indicator": ["gdp_growth", "gdp_growth"], "district": ["aa", "bb"], "kind": [None, None],
         "scope": ["comparable_prices", "prices_not_stated"]}
    )  # fmt: skip
    assert plots.scopes_differ(growth, comp) == {"gdp_growth"}
    assert plots.scopes_differ(growth, None) == set()
    titles = [ax.get_title(loc="left") for ax in plots.growth(growth, "aa", "en", comp=comp).axes]
    marked = [t for t in titles if "scopes differ" in t]
    assert len(marked) == 1 and marked[0].startswith("GDP growth")
    zh = [ax.get_title(loc="left") for ax in plots.growth(growth, "aa", "zh", comp=comp).axes]
    assert sum("口径不同" in t for t in zh) == 1


@pytest.mark.sweep
def test_escalation_sets_no_share_on_a_growth_rate_axis() -> None:
    """A share in points and a growth rate stand in separate panels, each with its own scale."""
    rows = []
    for key, name, gap in (("gdp_growth", "GDP growth", 1.0), ("rd_share", "R&D share", -14.0)):
        rows.append(
            {"district": "aa", **_names("aa"), "indicator": key, "name_en": name,
             "name_zh": name, "escalation": gap, "escalation_unit": "pp",
             "bound_escalation": "same"}
        )  # fmt: skip
    fig = plots.escalation(pd.DataFrame(rows), "aa", "en")
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert len(panels) == 2
    limits = {ax.get_title(loc="left").split(" (")[0]: ax.get_xlim() for ax in panels}
    assert limits["GDP growth"][1] < 14, "the growth panel's scale is its own"


def test_the_focus_district_is_highlighted_the_same_way() -> None:
    fig = plots.overview(_compare_rows(), "bb", "en")
    ax = fig.axes[0]
    colours = {t.get_text(): t.get_color() for t in ax.get_yticklabels()}
    assert colours["Bb"] == FOCUS and colours["Aa"] != FOCUS


def test_every_notebook_has_a_chart() -> None:
    """The landing page shows each notebook's first chart as its thumbnail."""
    for path in runner.notebooks().values():
        nb = nbformat.read(path, as_version=4)
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert any("image/png" in o.get("data", {}) for o in outputs), path.name


def test_every_chart_stands_beside_a_registered_table_of_its_notebook() -> None:
    sources = {
        key: "\n".join(c.source for c in nbformat.read(p, as_version=4).cells)
        for key, p in runner.notebooks().items()
    }
    for chart in plots.CHARTS.values():
        table = tables.get(chart.table)
        assert f'"{chart.table}"' in sources[table.notebook], (chart.name, table.notebook)


# --- the 16-district synthetic package ---------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic16(tmp_path_factory: pytest.TempPathFactory):
    from analysis.dev.synthetic import write_synthetic
    from analysis.presentation.notebook import setup

    folder = write_synthetic(tmp_path_factory.mktemp("syn16"), districts=16, years=2, seed=1)
    return setup("synaa", "en", data_dir=str(folder / "data"))


def chart_figures(ctx, names: tuple[str, ...] = ()) -> dict[str, Figure]:
    """Every chart (or those named) as its notebook draws it, on the context's data."""
    return {name: draw() for name, draw in plots.drawings(ctx, names).items()}


@pytest.fixture(scope="module")
def figures16(synthetic16) -> dict[str, Figure]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph or a failed layout fails here
        return chart_figures(synthetic16)


@pytest.mark.sweep
def test_every_chart_is_bounded_and_legible_at_16_districts(figures16) -> None:
    figures = figures16
    assert set(plots.CHARTS) <= {n.split(":")[0] for n in figures}
    for name, fig in figures.items():
        width, height = Image.open(io.BytesIO(plots.png_bytes(fig))).size
        assert height <= MAX_HEIGHT_PX, f"{name}: {height} px tall"
        assert height <= 2 * width, f"{name}: {width}×{height} px"
        small = [
            (t.get_text(), t.get_fontsize())
            for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and t.get_fontsize() < MIN_FONT_PT
        ]
        assert not small, f"{name}: text below {MIN_FONT_PT} pt: {small[:3]}"


@pytest.mark.sweep
def test_a_chart_keeps_its_size_from_2_to_16_districts(figures16, tmp_path: Path) -> None:
    """Small multiples: more districts make a panel a little taller, never a strip per row."""
    from analysis.dev.synthetic import write_synthetic
    from analysis.presentation.notebook import setup

    folder = write_synthetic(tmp_path / "syn2", districts=2, years=2, seed=1)
    two = setup("synaa", "en", data_dir=str(folder / "data"))
    names = ("growth", "escalation", "service_outputs", "consistency")
    small, large = chart_figures(two, names), figures16
    for name in names:
        h2, h16 = small[name].get_size_inches()[1], large[name].get_size_inches()[1]
        assert h16 <= 2.5 * h2, f"{name}: {h2:.1f} in at 2 districts, {h16:.1f} in at 16"


@pytest.mark.sweep
def test_every_chart_draws_in_chinese_on_the_shipped_data_without_a_warning() -> None:
    """A zh report is Chinese throughout: every chart's words come out in the bundled font."""
    from analysis.presentation.notebook import setup

    ctx = setup(district_keys()[0], "zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would raise here
        for name, draw in plots.drawings(ctx).items():
            assert plots.png_bytes(draw()).startswith(b"\x89PNG"), name
