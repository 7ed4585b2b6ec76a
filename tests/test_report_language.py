"""Executed reports, measured: a `zh` report is Chinese, an `en` report has no Chinese-only cell,
and every notebook tells the truth on data with three districts and two reports each (slow)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from analysis.dev.synthetic import write_synthetic
from analysis.report import language
from analysis.report.execute import execute
from analysis.report.runner import notebooks

#: Columns of an English report that keep the Chinese beside the English on purpose.
BESIDE = {"As printed", "Source quote", "Target as printed", "Project, as printed",
          "Subject, as printed"}  # fmt: skip
#: Columns whose text the data holds in English only (data/city_indicators.csv `comparability`,
#: data/comparability.csv `eligible_base`): measured apart until the data has Chinese notes.
DATA_NOTES_EN = {"与全市可比性", "缺少的基数"}
#: Upper bounds on what is left, measured on the committed data (see the closing note).
MAX_EN_SHARE_WITH_NOTES = 0.03


@pytest.fixture(scope="module")
def reports(shared_report) -> dict[tuple[str, str], object]:
    """yangpu's notebooks in both languages, as the run's one full report executed them (the
    runner writes the notebook `execute` returns, with the same parameters)."""
    out = shared_report.out / "yangpu"
    for name in notebooks():
        for lang in ("en", "zh"):
            result = shared_report.results[f"{name} [yangpu, {lang}]"]
            assert result.ok, result.error
    return {
        (name, lang): nbformat.read(out / lang / path.name, as_version=4)
        for name, path in notebooks().items()
        for lang in ("en", "zh")
    }


@pytest.mark.slow
@pytest.mark.parametrize("name", list(notebooks()))
def test_a_chinese_report_is_chinese(reports, name: str) -> None:
    share, words = language.english_share(reports[name, "zh"], skip=DATA_NOTES_EN)
    print(f"{name} zh: English words {len(words)}, share {share:.2%} (data notes apart)")
    assert words == [], f"English in the zh report of {name}: {sorted(set(words))}"
    total, _ = language.english_share(reports[name, "zh"])
    print(f"{name} zh: share with the English-only data notes {total:.2%}")
    assert total <= MAX_EN_SHARE_WITH_NOTES


@pytest.mark.slow
@pytest.mark.parametrize("name", list(notebooks()))
def test_an_english_report_has_no_chinese_only_cell(reports, name: str) -> None:
    share, cells = language.chinese_only_cells(reports[name, "en"], BESIDE)
    print(f"{name} en: Chinese-only cells {len(cells)}, share {share:.2%}")
    assert cells == [], f"Chinese-only cells in the en report of {name}: {cells[:10]}"


YEAR = re.compile(r"20\d\d(?!\d)")
REAL_NAMES = re.compile(r"Yangpu|Baoshan|杨浦|宝山")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_notebook_tells_the_truth_on_three_districts_with_two_reports(
    tmp_path: Path, lang: str
) -> None:
    """The earlier report of a synthetic district: a sentence naming the later plan year, a real
    district or no district at all is false for it."""
    write_synthetic(tmp_path / "syn", districts=3, years=2, seed=7)
    data = tmp_path / "syn" / "data"
    rows = (data / "sources.csv").read_text(encoding="utf-8").splitlines()
    years = sorted({int(r.rsplit(",", 2)[-1]) for r in rows[1:]})
    plan = years[0]  # the earlier report: its plan year and the year before are all it may name
    allowed = {str(plan - 1), str(plan)}
    census = [r.split(",")[2] for r in (data / "reference.csv").read_text("utf-8").splitlines()
              if ",resident_population," in r]  # fmt: skip
    allowed |= set(census)  # the census year of the population shown for scale
    names = {"en": "Synthetic 02", "zh": "合成区02"}
    for name, path in notebooks().items():
        nb = execute(path, tmp_path / "out", {"district": "synab", "lang": lang,
                                               "plan_year": plan}, data_dir=str(data))  # fmt: skip
        prose, cells = language.visible_text(nb, lang)
        said = "\n".join(prose + [head for head, _ in cells] + [h for _, h in cells if not _])
        assert set(YEAR.findall(said)) <= allowed, (name, set(YEAR.findall(said)) - allowed)
        assert not REAL_NAMES.search(said), (name, REAL_NAMES.findall(said))
        if name.startswith("01"):
            assert names[lang] in "\n".join(prose + [t for _, t in cells]), name
