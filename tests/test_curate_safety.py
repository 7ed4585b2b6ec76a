"""Issue 20: the curating commands (draft, accept, add-report) and the report's output folder
against hostile paths and a second command at once. Nothing good is overwritten, nothing half
written, nothing read without bound; each refusal names the option and why.

Every test works on a copy of the data (or on the repository's folders, never written), and
takes its districts, sources and rows from the data, so it holds for any data folder.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import threading
from pathlib import Path

import pytest

from analysis.base import files
from analysis.base.errors import WorkbookError
from analysis.base.paths import ROOT, SEEDS_DIR
from analysis.cli import main
from analysis.contract.domain import MAX_SEED_BYTES
from analysis.contract.package import validate_package
from analysis.curate import accept as accept_module
from analysis.curate.accept import accept
from analysis.curate.add_report import AddReportError, add_report
from analysis.curate.draft import DraftResult, check_draft_output, write_draft
from analysis.report import runner
from tests.conftest import read_rows, source_keys, write_rows

SOURCE = source_keys()[0]


# --- case 1: draft --output never overwrites a seed, a notebook, the code or a file ----------


def _a_seed() -> Path:
    return sorted(p for p in SEEDS_DIR.iterdir() if p.is_file())[0]


def _a_notebook() -> Path:
    return sorted((ROOT / "notebooks").glob("*.ipynb"))[0]


@pytest.mark.parametrize(
    ("output", "what"),
    [
        (lambda: _a_seed(), "inside the seeds folder"),
        (lambda: _a_notebook(), "inside the notebooks folder"),
        (lambda: ROOT / "data", "the data folder"),
        (lambda: ROOT / "data" / "draft.csv", "inside the data folder"),
        (lambda: ROOT / "analysis" / "draft.csv",
         "inside the repository's analysis/ folder (the code)"),
        (lambda: ROOT / ".git" / "draft.csv", "inside the repository's .git folder"),
        (lambda: Path("/etc/draft.csv"), "inside the system folder /etc"),
    ],
)  # fmt: skip
def test_draft_refuses_an_output_in_a_protected_folder_even_with_force(
    output, what: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    path = output()
    before = path.read_bytes() if path.is_file() else None
    for force in ([], ["--force"]):
        assert main(["draft", SOURCE, "--output", str(path), *force]) == 2
        assert capsys.readouterr().err.strip() == (
            f"error: refusing --output {path}: it is {what}; write the draft to a file of its "
            f"own outside it, such as {SOURCE}-draft.csv"
        )
    if before is not None:
        assert path.read_bytes() == before, "the file is unchanged"


def test_draft_refuses_the_seeds_folder_beside_the_data_folder_given(data_copy: Path) -> None:
    seed = sorted((data_copy.parent / "seeds").iterdir())[0]
    digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    with pytest.raises(WorkbookError) as info:
        check_draft_output(seed, str(data_copy), source=SOURCE, force=True)
    assert str(info.value) == (
        f"refusing --output {seed}: it is inside the seeds folder beside the data folder given; "
        f"write the draft to a file of its own outside it, such as {SOURCE}-draft.csv"
    )
    assert hashlib.sha256(seed.read_bytes()).hexdigest() == digest


def test_draft_refuses_a_link_to_a_seed(tmp_path: Path) -> None:
    link = tmp_path / "draft.csv"
    link.symlink_to(_a_seed())
    with pytest.raises(WorkbookError, match="it is inside the seeds folder; write the draft"):
        check_draft_output(link, source=SOURCE, force=True)


def test_draft_refuses_a_folder_with_a_file_name_to_use(tmp_path: Path, capsys) -> None:
    assert main(["draft", SOURCE, "--output", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"error: refusing --output {tmp_path}: it is a folder; name the draft's file, such as "
        f"{tmp_path / f'{SOURCE}-draft.csv'}"
    )


def test_draft_refuses_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(WorkbookError, match="it is a FIFO, socket or device, not a regular file"):
        check_draft_output(fifo, source=SOURCE)


def _result() -> DraftResult:
    return DraftResult(SOURCE, rows=[{"id": "", "source": SOURCE, "confidence": "low: test"}])


def test_draft_keeps_a_file_that_is_not_a_draft_unless_forced(tmp_path: Path, capsys) -> None:
    mine = tmp_path / "notes.csv"
    mine.write_text("my,own\nnotes,here\n", encoding="utf-8")
    assert main(["draft", SOURCE, "--output", str(mine)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"error: refusing --output {mine}: the file exists and is not a draft (its first line "
        f"is not a draft's header); choose a new file, such as {SOURCE}-draft.csv, or add "
        "--force to overwrite it"
    )
    assert mine.read_text(encoding="utf-8") == "my,own\nnotes,here\n"
    write_draft(_result(), mine, force=True)  # --force: the user said so
    assert mine.read_text(encoding="utf-8-sig").splitlines()[0].endswith(",confidence")


def test_draft_replaces_a_previous_draft_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from analysis.curate import draft as draft_module

    path = tmp_path / "d.csv"
    write_draft(DraftResult(SOURCE), path)
    monkeypatch.setattr(draft_module, "draft", lambda source, data_dir=None: _result())
    assert main(["draft", SOURCE, "--output", str(path)]) == 0  # no --force: the last draft
    assert len(path.read_text(encoding="utf-8-sig").splitlines()) == 2
    assert f"note: the file that was at {path} is replaced" in capsys.readouterr().out.splitlines()


# --- the hand-made rows of the accept tests ----------------------------------------------------


def _split_off(data: Path, n: int) -> tuple[list[str], list[list[str]]]:
    """Take the last n rows of one district (none that exceptions.csv names) out of the copy's
    indicators.csv; return the header and those rows, ids emptied, as a draft gives them."""
    path = data / "indicators.csv"
    rows = read_rows(path)
    header, body = rows[0], rows[1:]
    excused = {r[1] for r in read_rows(data / "exceptions.csv")[1:]}
    district = body[-1][header.index("district")]
    mine = [
        i
        for i, r in enumerate(body)
        if r[header.index("district")] == district and r[0] not in excused
    ][-n:]
    taken = [body[i] for i in mine]
    write_rows(path, [header] + [r for i, r in enumerate(body) if i not in set(mine)])
    return header, [["", *r[1:]] for r in taken]


def _draft(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


# --- case 2: two accepts at once ---------------------------------------------------------------


@pytest.mark.sweep
def test_two_accepts_at_once_keep_every_row(data_copy: Path, tmp_path: Path) -> None:
    header, rows = _split_off(data_copy, 6)
    drafts = [_draft(tmp_path / f"d{k}.csv", header, rows[k::2]) for k in (0, 1)]
    start = threading.Barrier(2)
    results: dict[int, object] = {}

    def run(k: int) -> None:
        start.wait()
        try:
            results[k] = accept(drafts[k], str(data_copy))
        except Exception as exc:  # noqa: BLE001 - the test reports it below
            results[k] = exc

    threads = [threading.Thread(target=run, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    ids = [i for k in (0, 1) for i in results[k].ids]  # type: ignore[union-attr]
    assert len(ids) == len(set(ids)) == 6, "each row its own id"
    after = read_rows(data_copy / "indicators.csv")
    assert set(ids) <= {r[0] for r in after}, "both accepts' rows are there"
    validate_package(data_copy)


@pytest.mark.sweep
def test_an_accept_while_another_holds_the_folder_waits_then_is_refused(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    header, rows = _split_off(data_copy, 1)
    before = (data_copy / "indicators.csv").read_bytes()
    monkeypatch.setattr(files, "LOCK_WAIT", 0.2)
    with files.folder_lock(data_copy, "accept"), pytest.raises(WorkbookError) as info:
        accept(_draft(tmp_path / "d.csv", header, rows), str(data_copy))
    assert str(info.value) == (
        f"accept: another accept or add-report is writing to the data folder {data_copy}; "
        "waited 0.2 s for it to finish; nothing was written, run this again when it has finished"
    )
    assert (data_copy / "indicators.csv").read_bytes() == before


# --- case 3: add-report reads a regular file of at most 16 MB ----------------------------------


def _add(file: Path, data: Path) -> None:
    add_report(
        file, source="testdist-2024", district="testdist", results_year=2023, plan_year=2024,
        adopted="2024-01-20", title_zh="报告", title_en="Report", district_zh="测试区",
        district_en="Test District", data_dir=str(data),
    )  # fmt: skip


def _fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "pipe.txt")
    return tmp / "pipe.txt"


def _big(tmp: Path) -> Path:
    """A sparse file one byte over the limit: no disk space used."""
    path = tmp / "big.txt"
    path.touch()
    os.truncate(path, MAX_SEED_BYTES + 1)
    return path


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda tmp: Path("/dev/zero"), "is a FIFO, socket or device, not a regular file"),
        (_fifo, "is a FIFO, socket or device, not a regular file"),
        (lambda tmp: tmp, "is a directory, not a regular file"),
        (_big, f"is {MAX_SEED_BYTES + 1} bytes, over the limit of {MAX_SEED_BYTES}"),
    ],
    ids=["dev-zero", "fifo", "folder", "over-16-MB"],
)
def test_add_report_reads_only_a_regular_file_within_the_seed_limit(
    data_copy: Path, tmp_path: Path, make, problem: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    file = make(folder)
    before = {p.name: p.read_bytes() for p in data_copy.iterdir()}
    seeds = sorted(p.name for p in (data_copy.parent / "seeds").iterdir())
    with pytest.raises(AddReportError) as info:
        _add(file, data_copy)
    assert str(info.value) == f"{file}: {problem}; give the report as a text file"
    assert {p.name: p.read_bytes() for p in data_copy.iterdir()} == before
    assert sorted(p.name for p in (data_copy.parent / "seeds").iterdir()) == seeds


# --- case 4: accept copies the package's files, never what links point to ----------------------


def test_accept_copies_only_the_package_and_follows_no_link(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (data_copy / "disk").symlink_to("/", target_is_directory=True)
    (data_copy / "loop").symlink_to(data_copy / "loop")
    (data_copy / "notes").mkdir()
    (data_copy / "notes" / "up").symlink_to(data_copy.parent, target_is_directory=True)

    def no_tree(*args: object, **kwargs: object) -> None:
        raise AssertionError("accept copied a whole folder")

    monkeypatch.setattr(accept_module.shutil, "copytree", no_tree)
    header, rows = _split_off(data_copy, 2)
    result = accept(_draft(tmp_path / "d.csv", header, rows), str(data_copy))
    assert len(result.ids) == 2
    assert (data_copy / "loop").is_symlink() and (data_copy / "disk").is_symlink()


# --- case 5: a district's 10,000th row ---------------------------------------------------------


@pytest.mark.sweep
def test_accept_numbers_past_9999(data_copy: Path, tmp_path: Path) -> None:
    header, rows = _split_off(data_copy, 2)
    path = data_copy / "indicators.csv"
    table = read_rows(path)
    district = rows[0][header.index("district")]
    excused = {r[1] for r in read_rows(data_copy / "exceptions.csv")[1:]}
    last = max(
        i
        for i, r in enumerate(table)
        if r[header.index("district")] == district and r[0] not in excused
    )
    prefix = table[last][0].split("-", 1)[0]
    table[last][0] = f"{prefix}-9999"
    write_rows(path, table)
    first = accept(_draft(tmp_path / "a.csv", header, rows[:1]), str(data_copy))
    assert first.ids == (f"{prefix}-10000",)
    second = accept(_draft(tmp_path / "b.csv", header, rows[1:]), str(data_copy))
    assert second.ids == (f"{prefix}-10001",)
    ids = [r[0] for r in read_rows(path)[1:]]
    assert len(ids) == len(set(ids)) and ids[-3:] == [f"{prefix}-{n}" for n in (9999, 10000, 10001)]
    validate_package(data_copy)


# --- case 6: the report's --output, with another data folder ----------------------------------


def _refused(output: Path, data: Path | None, what: str) -> None:
    with pytest.raises(WorkbookError) as info:
        runner.check_output_dir(output, str(data) if data else None)
    assert str(info.value) == (
        f"refusing --output {output}: it is {what}; choose a folder of its own, such as reports"
    )


def test_output_refuses_the_data_folder_given_and_its_seeds(data_copy: Path) -> None:
    seeds = data_copy.parent / "seeds"
    _refused(data_copy, data_copy, "the data folder given with --data-dir")
    _refused(data_copy / "reports", data_copy, "inside the data folder given with --data-dir")
    _refused(seeds, data_copy, "the seeds folder beside the data folder given")
    _refused(seeds / "reports", data_copy, "inside the seeds folder beside the data folder given")


@pytest.mark.parametrize(
    ("output", "what"),
    [
        (ROOT / ".git", "the repository's .git folder"),
        (ROOT / ".git" / "hooks", "inside the repository's .git folder"),
        (ROOT / "analysis", "the repository's analysis/ folder (the code)"),
        (ROOT / "notebooks" / "out", "inside the notebooks folder"),
        (ROOT / "seeds" / "out", "inside the seeds folder"),
        (Path("/etc"), "the system folder /etc"),
        (Path("/usr/share/reports"), "inside the system folder /usr"),
        (Path("/bin"), "the system folder /bin"),
        (Path("/var"), "the system folder /var"),
        (Path("/"), "the filesystem root"),
    ],
)
def test_output_refuses_the_code_git_and_system_folders(
    output: Path, what: str, data_copy: Path
) -> None:
    _refused(output, data_copy, what)
    _refused(output, None, what)


def test_output_refuses_the_home_folder_itself_but_not_a_folder_in_it() -> None:
    home = Path.home()
    if home.resolve() in (Path("/"), ROOT):
        pytest.skip("the home folder is / or the repository here")
    _refused(home, None, "your home folder")
    assert runner.check_output_dir(home / "sdpw-reports") == (home / "sdpw-reports").resolve()


def test_output_allows_reports_and_an_ordinary_new_folder(data_copy: Path, tmp_path: Path) -> None:
    assert runner.check_output_dir(ROOT / "reports", str(data_copy)) == ROOT / "reports"
    new = tmp_path / "out" / "mine"
    assert runner.check_output_dir(new, str(data_copy)) == new.resolve()
    assert runner.check_output_dir(data_copy.parent / "reports", str(data_copy))
