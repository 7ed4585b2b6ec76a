"""The report runner and the notebooks under papermill: every district, both languages.

One session-wide run of the full report feeds the parametrized checks, so each notebook is
executed once per district and language, as `make report` does it.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from analysis.base import files
from analysis.base.errors import UnknownKeyError, WorkbookError
from analysis.base.paths import ROOT
from analysis.load.frames import districts
from analysis.load.vocabulary import LANGS
from analysis.report import execute, pages, runner
from analysis.report.site import LANDING
from tests.conftest import UNKNOWN_DISTRICT
from tests.shared_report import copy_into

NOTEBOOKS = list(runner.notebooks())
DISTRICTS = list(districts()["district"])
DISTRICT_NAMES = {
    (key, lang): pages.make_site(ROOT / "notebooks").district_name(key, lang)
    for key in DISTRICTS
    for lang in LANGS
}


@pytest.fixture(scope="session")
def report(shared_report) -> tuple[Path, dict[str, runner.Result]]:
    """The run's one full report (conftest `shared_report`), shared with other files."""
    lines = shared_report.lines
    assert lines[0].startswith(f"running {len(NOTEBOOKS) * len(DISTRICTS) * len(LANGS)} notebook")
    assert any(line.startswith("[1/") for line in lines), "progress is shown"
    return shared_report.out, shared_report.results


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("district", DISTRICTS)
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_notebook_runs_for_every_district(report, notebook, district, lang) -> None:
    out, results = report
    r = results[f"{notebook} [{district}, {lang}]"]
    assert r.ok, r.error
    nb = nbformat.read(out / district / lang / f"{notebook}.ipynb", as_version=4)
    params = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert f'district = "{district}"' in params[0].source
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            assert o["output_type"] != "error"
            assert not (o["output_type"] == "stream" and o["name"] == "stderr"), o["text"]
    timing = {"start_time", "end_time", "duration"}
    assert not timing & nb.metadata.get("papermill", {}).keys(), "no run-to-run timing is kept"
    assert not any(timing & c.metadata.get("papermill", {}).keys() for c in nb.cells)
    html = (out / district / lang / f"{notebook}.html").read_text(encoding="utf-8")
    assert "ctx = setup(" not in html, "the HTML export hides code"
    assert "<img" in html or notebook.startswith("01"), "charts are embedded"
    assert "<script" not in html, "no require.js, no MathJax: no request leaves the page"
    assert "<title>Notebook</title>" not in html and f"{DISTRICT_NAMES[district, lang]} · " in html
    assert "@font-face{" in html, "the CJK font travels with the page"
    tables = pages.notebook_tables(notebook)
    assert tables, "every notebook has tables to download"
    for name in tables:
        csv = out / district / lang / "csv" / f"{name}.csv"
        assert csv.read_text(encoding="utf-8").startswith("\ufeff"), name
        assert f'href="csv/{name}.csv"' in html, name


@pytest.mark.slow
def test_index_links_every_report(report) -> None:
    out, results = report
    landing = {lang: (out / LANDING[lang]).read_text(encoding="utf-8") for lang in LANGS}
    for r in results.values():
        href = r.job.target.with_suffix(".html").relative_to(out).as_posix()
        assert f'href="{href}"' in landing[r.job.lang], href
    for page in landing.values():
        assert page.count('<img src="data:image/png;base64,') >= len(NOTEBOOKS) - 1, "thumbnails"
    # the run wrote the data export, and each landing page links every file of it
    exported = sorted(p for p in (out / "data").rglob("*") if p.is_file())
    assert any(p.suffix == ".xlsx" for p in exported) and any(p.suffix == ".csv" for p in exported)
    for page in landing.values():
        for path in exported:
            assert f'href="{path.relative_to(out).as_posix()}" download' in page, path


def _valid_districts() -> str:
    return ", ".join(districts()["district"])


def test_unknown_district_is_refused_before_any_kernel(tmp_path: Path) -> None:
    with pytest.raises(UnknownKeyError) as info:
        runner.run(districts=[UNKNOWN_DISTRICT], output_dir=tmp_path / "r", log=lambda _: None)
    assert str(info.value) == (
        f"unknown district '{UNKNOWN_DISTRICT}'; valid districts: {_valid_districts()}"
    )
    assert not (tmp_path / "r").exists(), "nothing was started or written"


def test_unknown_notebook_is_refused_with_the_valid_keys(tmp_path: Path) -> None:
    with pytest.raises(UnknownKeyError) as info:
        runner.run(notebook_keys=["99"], output_dir=tmp_path / "r", log=lambda _: None)
    assert str(info.value) == "unknown notebook '99'; valid notebooks: " + ", ".join(NOTEBOOKS)


def test_cli_reports_a_bad_key_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    from analysis.cli import main

    assert main(["run", "--district", UNKNOWN_DISTRICT]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == (
        f"error: unknown district '{UNKNOWN_DISTRICT}'; valid districts: {_valid_districts()}"
    )
    assert captured.out == ""


def _broken_notebook(folder: Path) -> Path:
    """A notebook whose third cell raises, after two cells that work."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('district = "yangpu"\nlang = "en"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        params,
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise ValueError('broken on purpose')"),
        nbformat.v4.new_code_cell("y = 2"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "09_broken.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_a_failing_notebook_is_named_with_its_cell_and_good_outputs_stay(
    tmp_path: Path, shared_report
) -> None:
    folder = tmp_path / "nbs"
    _broken_notebook(folder)
    good = runner.notebooks()["01_district_overview"]
    (folder / good.name).write_bytes(good.read_bytes())
    out = tmp_path / "reports"
    copy_into(shared_report, out)  # the data export is in place: the runs keep it
    lines: list[str] = []
    results = runner.run(
        districts=["baoshan"], output_dir=out, log=lines.append, notebooks_dir=folder
    )
    by_name = {r.job.notebook.stem: r for r in results}
    assert by_name["01_district_overview"].ok
    assert (out / "baoshan/en/01_district_overview.html").exists()
    bad = by_name["09_broken"]
    assert not bad.ok
    assert bad.error.startswith(
        f"{folder / '09_broken.ipynb'}, cell 3 (raise ValueError('broken on purpose')): "
        "ValueError: broken on purpose"
    )
    assert bad.error.endswith("baoshan/en/09_broken.failed.ipynb)")
    assert any("FAILED 09_broken [baoshan, en]" in line for line in lines)
    partial = nbformat.read(out / "baoshan/en/09_broken.failed.ipynb", as_version=4)
    assert partial.cells[2].execution_count is not None, "the cells before the failure ran"
    assert not (out / "baoshan/en/09_broken.ipynb").exists()
    assert "failed" in (out / "index.html").read_text(encoding="utf-8")

    # a second, failing run never overwrites the good output of the first
    before = (out / "baoshan/en/01_district_overview.ipynb").read_bytes()
    (folder / good.name).write_text(
        (folder / good.name).read_text(encoding="utf-8").replace("ctx = setup(", "ctx = setupX("),
        encoding="utf-8",
    )
    again = runner.run(
        districts=["baoshan"],
        notebook_keys=["01"],
        output_dir=out,
        log=lambda _: None,
        notebooks_dir=folder,
    )
    assert not again[0].ok and "NameError" in again[0].error
    assert (out / "baoshan/en/01_district_overview.ipynb").read_bytes() == before


@pytest.mark.slow
def test_cli_exits_non_zero_when_a_notebook_fails(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    shared_report,
) -> None:
    from analysis import cli

    folder = tmp_path / "nbs"
    _broken_notebook(folder)
    copy_into(shared_report, tmp_path)  # the data export is in place: the run keeps it
    monkeypatch.setattr(runner, "NOTEBOOKS_DIR", folder)
    code = cli.main(["run", "--district", "yangpu", "--lang", "en", "--output", str(tmp_path)])
    assert code == 1
    printed = capsys.readouterr().out
    assert "FAILED 09_broken [yangpu, en]" in printed
    assert "0 succeeded, 1 failed" in printed


def test_unwritable_output_folder_is_refused_before_any_kernel(tmp_path: Path) -> None:
    blocker = tmp_path / "reports"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    with pytest.raises(WorkbookError) as info:
        runner.run(output_dir=blocker / "out", log=lambda _: None)
    assert str(info.value).startswith(f"cannot write to output folder {blocker / 'out'}: ")
    assert blocker.read_text(encoding="utf-8").startswith("a file")


@pytest.mark.slow
def test_notebook_run_directly_with_an_unknown_district_stops_in_its_first_cell(
    tmp_path: Path,
) -> None:
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as info:
        pm.execute_notebook(
            str(runner.notebooks()["02_growth_targets"]),
            str(tmp_path / "out.ipynb"),
            parameters={"district": UNKNOWN_DISTRICT},
            progress_bar=False,
            kernel_name="python3",
        )
    assert info.value.ename == "UnknownKeyError"
    assert info.value.evalue == (
        f"unknown district '{UNKNOWN_DISTRICT}'; valid districts: {_valid_districts()}"
    )
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    failing = [
        i for i, c in enumerate(nb.cells) for o in c.get("outputs", []) if o.output_type == "error"
    ]
    first_code = next(
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
        and not {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))
    )
    assert failing == [first_code]


def _cells(name: str = "02_growth_targets") -> tuple[str, str]:
    """A committed notebook's parameters cell and its first code cell (which calls setup)."""
    nb = nbformat.read(runner.notebooks()[name], as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    return code[0].source, code[1].source


def _injected(**parameters: object) -> str:
    """The cell papermill injects for `-p NAME VALUE`, made by papermill's own translator."""
    from papermill.translators import translate_parameters

    return translate_parameters("python3", "python", parameters, "Parameters")


def test_a_misspelt_papermill_parameter_is_refused() -> None:
    """`-p distrct baoshan`: papermill only warns, so the first cell refuses the name."""
    from analysis.presentation.notebook import check_injected

    params, first = _cells()
    history = ["", params, _injected(distrct=DISTRICTS[-1]), first]
    with pytest.raises(UnknownKeyError) as info:
        check_injected(history)
    assert str(info.value) == (
        "unknown parameter 'distrct'; valid parameters: district, lang, plan_year, data_dir"
    )
    history[2] = _injected(district=DISTRICTS[-1], lang="zh", data_dir="/x", Lang="en")
    with pytest.raises(UnknownKeyError, match="^unknown parameter 'Lang'; "):
        check_injected(history)
    # no parameters cell before it (papermill then injects at the top): the notebooks' names
    with pytest.raises(UnknownKeyError, match="^unknown parameter 'distrct'; valid parameters: "):
        check_injected(["", _injected(distrct="x"), first])


@pytest.mark.parametrize(
    "history",
    [
        [],  # outside a kernel
        ["", "{params}", "{first}"],  # no parameters injected: JupyterLab, nbval, refresh
        ["", "{params}", "{injected}", "{first}"],  # the runner's parameters
        ["", "{params}", "# Parameters\nprint(distrct)", "{first}"],  # not papermill's cell
        ["", "{params}", "# Parameters\ndistrct = (", "{first}"],  # nor this
        ["", "{params}", "{first}", "distrct = 1", "{first}"],  # a name of the user's own
    ],
)
def test_injected_parameters_the_notebook_has_are_accepted(history: list[str]) -> None:
    from analysis.presentation.notebook import check_injected

    params, first = _cells()
    injected = _injected(district=DISTRICTS[-1], lang="zh", data_dir="/data", plan_year=2024)
    check_injected([h.format(params=params, first=first, injected=injected) for h in history])


def test_every_notebook_has_the_parameters_setup_lists() -> None:
    """The names the refusal falls back on are every notebook's parameters, in order."""
    from analysis.presentation.notebook import PARAMETERS, _assigned

    for name in runner.notebooks():
        params, first = _cells(name)
        assert _assigned(params) == list(PARAMETERS), name
        assert "setup(" in first, f"{name}: the first code cell checks the parameters"


@pytest.mark.slow
def test_notebook_run_directly_with_a_misspelt_parameter_stops_in_its_first_cell(
    tmp_path: Path,
) -> None:
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as info:
        pm.execute_notebook(
            str(runner.notebooks()["02_growth_targets"]),
            str(tmp_path / "out.ipynb"),
            parameters={"distrct": DISTRICTS[-1]},
            progress_bar=False,
            kernel_name="python3",
        )
    assert info.value.ename == "UnknownKeyError"
    assert info.value.evalue == (
        "unknown parameter 'distrct'; valid parameters: district, lang, plan_year, data_dir"
    )
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    failing = [
        i for i, c in enumerate(nb.cells) for o in c.get("outputs", []) if o.output_type == "error"
    ]
    first_code = next(
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
        and not {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))
    )
    assert failing == [first_code]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("district", 7, "district must be a text key, got int 7; valid districts: {districts}"),
        ("lang", "EN", "unknown lang 'EN'; valid langs: en, zh"),
    ],
)
def test_papermill_parameters_of_the_wrong_kind(name, value, message) -> None:
    from analysis.presentation.notebook import setup

    kwargs = {"district": "yangpu", "lang": "en", name: value}
    with pytest.raises(UnknownKeyError) as info:
        setup(**kwargs)
    assert str(info.value) == message.format(districts=_valid_districts())


def test_a_kernel_that_dies_at_start_is_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    import papermill as pm

    calls: list[dict] = []

    def flaky(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) < execute.START_ATTEMPTS:
            raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(pm, "execute_notebook", flaky)
    execute.execute_with_retry("in.ipynb", "out.ipynb")
    assert len(calls) == execute.START_ATTEMPTS
    assert calls[0]["extra_arguments"] == ["--IPKernelApp.log_level=CRITICAL"]

    calls.clear()
    with pytest.raises(RuntimeError, match="something else"):

        def broken(*args, **kwargs):
            calls.append(kwargs)
            raise RuntimeError("something else")

        monkeypatch.setattr(pm, "execute_notebook", broken)
        execute.execute_with_retry("in.ipynb", "out.ipynb")
    assert len(calls) == 1, "other errors are not retried"


def test_outputs_are_ordinary_readable_files(tmp_path: Path) -> None:
    target = tmp_path / "x" / "page.html"
    files.atomic_write_text(target, "<p>ok</p>")
    assert target.read_text(encoding="utf-8") == "<p>ok</p>"
    assert target.stat().st_mode & 0o777 == 0o666 & ~files.UMASK


# --- issue 13: the output folder is the user's; --jobs and repeated keys ----------------------


@pytest.mark.parametrize(
    ("output", "message"),
    [
        (
            "/",
            "refusing --output /: it is the filesystem root; choose a folder of its own, such "
            "as reports",
        ),
        (
            str(ROOT),
            f"refusing --output {ROOT}: it is the repository root (the report goes in "
            "reports/); choose a folder of its own, such as reports",
        ),
        (
            "data",
            "refusing --output data: it is the data folder (outputs never go next to the "
            "data); choose a folder of its own, such as reports",
        ),
        ("", "--output is empty: name a folder, such as reports"),
        (
            "data/reports",
            "refusing --output data/reports: it is inside the data folder; choose a "
            "folder of its own, such as reports",
        ),
    ],
)
def test_output_folders_where_a_report_does_not_belong(
    output: str, message: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from analysis import cli

    monkeypatch.chdir(ROOT)
    before = sorted(p.name for p in (ROOT / "data").iterdir())
    assert cli.main(["run", "--output", output]) == 2
    assert capsys.readouterr().err.strip() == f"error: {message}"
    assert sorted(p.name for p in (ROOT / "data").iterdir()) == before


def test_an_index_html_the_runner_did_not_write_is_refused(tmp_path: Path) -> None:
    mine = tmp_path / "index.html"
    mine.write_text("<h1>my own page</h1>", encoding="utf-8")
    with pytest.raises(WorkbookError) as info:
        runner.run(output_dir=tmp_path, log=lambda _: None)
    assert str(info.value) == (
        f"refusing --output {tmp_path}: it holds an index.html that this workbook did not write, "
        "which the report would overwrite; choose another folder or move that file"
    )
    assert mine.read_text(encoding="utf-8") == "<h1>my own page</h1>"


def test_the_runners_own_index_is_accepted(tmp_path: Path) -> None:
    from analysis.report.index import is_our_index, write_index

    path = write_index([], tmp_path)
    assert is_our_index(path)
    assert runner.check_output_dir(tmp_path) == tmp_path.resolve()


def _fake_execute(job: runner.Job) -> runner.Result:
    """Stands in for papermill in the forked worker: writes the two outputs, starts no kernel."""
    job.target.parent.mkdir(parents=True, exist_ok=True)
    job.target.with_suffix(".html").write_text(f"<p>{job.name}</p>", encoding="utf-8")
    job.target.write_text("{}", encoding="utf-8")
    return runner.Result(job, True, 0.0)


@pytest.mark.slow  # no kernel, but about a second: kept out of make test-fast
def test_jobs_are_capped_and_repeated_keys_run_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "execute", _fake_execute)
    lines: list[str] = []
    results = runner.run(
        notebook_keys=["01", "01_district_overview", "district_overview"],
        districts=["yangpu", "yangpu"],
        langs=["en", "en"],
        jobs=100,
        output_dir=tmp_path,
        log=lines.append,
    )
    assert [r.job.name for r in results] == ["01_district_overview [yangpu, en]"]
    assert lines[0] == f"running 1 notebook(s) with 1 worker(s) into {tmp_path}/"


@pytest.mark.slow  # no kernel, but about a second: kept out of make test-fast
def test_the_index_lists_every_report_in_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "execute", _fake_execute)
    runner.run(langs=["en", "zh"], output_dir=tmp_path, log=lambda _: None)
    def links() -> int:
        en = (tmp_path / "index.html").read_text(encoding="utf-8").count('">report</a>')
        return en + (tmp_path / "index.zh.html").read_text(encoding="utf-8").count('">报告</a>')

    assert links() == len(NOTEBOOKS) * len(DISTRICTS) * 2
    runner.run(notebook_keys=["02"], districts=["yangpu"], output_dir=tmp_path, log=lambda _: None)
    assert links() == len(NOTEBOOKS) * len(DISTRICTS) * 2, "one notebook's run keeps the others"


def test_the_index_escapes_what_it_shows(tmp_path: Path) -> None:
    from analysis.report.index import render_index

    job = runner.Job(Path("01_district_overview.ipynb"), "yangpu", "en", tmp_path)
    bad = runner.Result(job, False, 0.0, '"><script>alert(1)</script>')
    page = render_index([bad], tmp_path)
    assert "<script>alert" not in page
    assert 'title="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page


def test_a_folder_that_cannot_be_created_fails_that_job_alone(tmp_path: Path) -> None:
    (tmp_path / "baoshan").write_text("a file where a folder should be", encoding="utf-8")
    job = runner.Job(runner.notebooks()["01_district_overview"], "baoshan", "en", tmp_path)
    r = runner.execute(job)
    assert not r.ok
    assert r.error == (
        f"01_district_overview [baoshan, en]: cannot create the folder {tmp_path}/baoshan/en: "
        "Not a directory"
    )


def test_a_read_only_folder_fails_that_job_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "yangpu" / "en").mkdir(parents=True)
    monkeypatch.setattr(runner.os, "access", lambda path, mode: False)  # as root, chmod is moot
    job = runner.Job(runner.notebooks()["01_district_overview"], "yangpu", "en", tmp_path)
    r = runner.execute(job)
    assert r.error == (
        f"01_district_overview [yangpu, en]: cannot write to the folder {tmp_path}/yangpu/en: "
        "permission denied"
    )


@pytest.mark.slow
def test_one_unwritable_job_folder_fails_that_job_and_the_index_is_written(
    tmp_path: Path, shared_report
) -> None:
    (tmp_path / "baoshan").write_text("a file named baoshan", encoding="utf-8")
    copy_into(shared_report, tmp_path)  # the data export is in place: the run keeps it
    lines: list[str] = []
    results = runner.run(notebook_keys=["01"], output_dir=tmp_path, log=lines.append)
    by = {r.job.district: r for r in results}
    assert by["yangpu"].ok and not by["baoshan"].ok
    assert "cannot create the folder" in by["baoshan"].error
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "yangpu/en/01_district_overview.html" in index and "failed" in index
    assert lines[-1].startswith("1 succeeded, 1 failed; index: ")


@pytest.mark.slow  # no kernel, but about a second: kept out of make test-fast
def test_an_index_that_cannot_be_written_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from analysis.report import index

    monkeypatch.setattr(runner, "execute", _fake_execute)

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(index, "atomic_write_text", full)
    with pytest.raises(WorkbookError) as info:
        runner.run(notebook_keys=["01"], districts=["yangpu"], output_dir=tmp_path, log=print)
    assert str(info.value) == (
        f"cannot write the index {tmp_path}/index.html: No space left on device; the 1 "
        "report(s) written are in place"
    )
    assert (tmp_path / "yangpu/en/01_district_overview.html").exists()


@pytest.mark.slow
def test_no_job_of_the_report_imports_a_module_the_runner_did_not(report) -> None:
    """Each of the report's jobs ran in a process that imported nothing of its own: what the
    runner imports before it forks (`runner.preload`) is all a job needs. An import in a job is
    time every job pays again, and where Python 3.11's import lock can fail."""
    _, results = report
    assert {n: r.imported for n, r in results.items() if r.imported} == {}, (
        "add these to runner.JOB_IMPORTS"
    )
