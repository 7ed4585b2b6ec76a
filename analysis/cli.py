"""Command line: parses arguments and calls the API, nothing more."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from analysis.base.errors import Interrupted, WorkbookError


def _trust() -> None:
    """Committed notebooks open trusted in JupyterLab after `make report` or `make notebooks`."""
    from analysis.report.lab import trust_notebooks

    trust_notebooks()


def _validate(args: argparse.Namespace) -> int:
    from analysis.load.frames import load_indicators, load_projects, load_reference

    ind = load_indicators(args.data_dir)
    proj = load_projects(args.data_dir)
    ref = load_reference(args.data_dir)
    print(f"valid: {len(ind)} indicator rows, {len(proj)} project rows, {len(ref)} reference rows")
    for district, count in ind.groupby("district", observed=True).size().items():
        print(f"  {district}: {count} indicators")
    return 0


def _run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analysis.load.vocabulary import LANGS
    from analysis.report.runner import run

    if not args.output.strip():
        raise WorkbookError("--output is empty: name a folder, such as reports")
    langs = list(LANGS) if "all" in args.lang else args.lang
    results = run(
        notebook_keys=args.notebook,
        districts=args.district,
        langs=langs,
        jobs=args.jobs,
        output_dir=Path(args.output),
        data_dir=args.data_dir,
        force=args.force,
    )
    _trust()
    return 0 if all(r.ok for r in results) else 1


def _shipped_data_only(args: argparse.Namespace, what: str) -> None:
    """Refuse --data-dir for a command that works on the repository's own data/ alone, rather
    than ignore it silently."""
    if args.data_dir:
        raise WorkbookError(
            f"--data-dir {args.data_dir}: `{args.command}` {what} from the repository's own "
            "data/ and takes no other data folder"
        )


def _figures(args: argparse.Namespace) -> int:
    from analysis.base.paths import display_path
    from analysis.report.figures import write_figures

    _shipped_data_only(args, "redraws the README's figures")
    for path in write_figures():
        print(f"wrote {display_path(path)}")
    return 0


def _refresh(args: argparse.Namespace) -> int:
    from analysis.report.runner import refresh, resolve_notebooks

    _shipped_data_only(args, "re-executes the committed notebooks")
    results = refresh(resolve_notebooks(args.notebook))
    _trust()
    return 0 if all(r.ok for r in results) else 1


def _coverage(args: argparse.Namespace) -> int:
    from analysis.contract.coverage import coverage, report

    results = coverage(args.data_dir)
    print(report(results, show_uncovered=not args.summary))
    uncovered = sum(len(c.uncovered) for c in results)
    if uncovered:
        print(f"{uncovered} number(s) neither curated nor excluded by a rule", file=sys.stderr)
        return 1
    return 0


def _dictionary(args: argparse.Namespace) -> int:
    from analysis.base.paths import display_path
    from analysis.contract.dictionary import write

    print(f"wrote {display_path(write(args.data_dir))}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analysis.base.paths import display_path
    from analysis.report.export import export

    if not args.output.strip():
        raise WorkbookError("--output is empty: name a folder or an .xlsx file")
    for path in export(args.format, Path(args.output), args.data_dir):
        print(f"wrote {display_path(path)}")
    return 0


def _synthetic(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analysis.base.paths import display_path
    from analysis.dev.synthetic import write_synthetic

    _shipped_data_only(args, "takes its schema")
    target = write_synthetic(Path(args.output), args.districts, args.years, args.seed)
    print(f"wrote a SYNTHETIC data package to {display_path(target)}/ (data/ and seeds/)")
    print(f"use it with: python -m analysis --data-dir {display_path(target)}/data run")
    return 0


def _table(args: argparse.Namespace) -> int:
    from analysis.load.frames import districts
    from analysis.presentation import tables
    from analysis.presentation.notebook import setup

    if args.list:
        for name, table in tables.REGISTRY.items():
            print(f"{name:<22} {table.notebook:<22} {table.description}")
        return 0
    if args.name is None:
        raise WorkbookError("table: give a table name (NAME), or --list to see them")
    tables.get(args.name)  # an unknown name is refused before any data is read
    if args.district in (None, "all"):
        keys = list(districts(args.data_dir)["district"].astype(str))
        contexts = [setup(k, args.lang, data_dir=args.data_dir, style=False) for k in keys]
        frame = tables.every_district(args.name, contexts, shown=args.format == "md")
    else:
        ctx = setup(args.district, args.lang, data_dir=args.data_dir, style=False)
        frame = tables.data(args.name, ctx) if args.format == "csv" else tables.show(args.name, ctx)
    sys.stdout.write(tables.render(frame, args.format, args.lang))
    return 0


def _lab(args: argparse.Namespace) -> int:
    from analysis.base.paths import DATA_DIR_ENV, data_dir
    from analysis.report.lab import launch

    if args.data_dir:  # the notebooks' data_dir parameter defaults to $SDPW_DATA_DIR
        os.environ[DATA_DIR_ENV] = str(data_dir(args.data_dir))
    launch(args.lab_args)
    return 0  # not reached: JupyterLab replaces this process


def _bench(args: argparse.Namespace) -> int:
    from analysis.dev.bench import run_bench, summary

    _shipped_data_only(args, "measures the notebooks")
    scale = tuple(int(n) for n in args.scale.split(",")) if args.scale else ()
    result = run_bench(repeat=args.repeat, report=not args.no_report, scale=scale)
    print()
    print(summary(result))
    return 0


def _add_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analysis.base.paths import display_path
    from analysis.curate.add_report import add_report

    added = add_report(
        Path(args.file),
        source=args.source,
        district=args.district,
        results_year=args.results_year,
        plan_year=args.plan_year,
        adopted=args.adopted,
        title_zh=args.title_zh,
        title_en=args.title_en,
        district_zh=args.district_zh,
        district_en=args.district_en,
        issuer_zh=args.issuer_zh,
        issuer_en=args.issuer_en,
        data_dir=args.data_dir,
    )
    print(f"copied {args.file} to {display_path(added.seed)} (sha256 {added.sha256})")
    if added.new_district:
        print(f"added district {args.district!r} to districts.csv")
    print(f"added source {added.source!r} to sources.csv")
    for note in added.notes:
        print(f"note: {note}")
    print(f"next: python -m analysis draft {added.source} --output {added.source}-draft.csv")
    return 0


def _draft(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analysis.base.errors import WorkbookError
    from analysis.base.paths import display_path
    from analysis.curate import projects
    from analysis.curate.draft import check_draft_output, draft, write_draft

    # refused before drafting, which takes a while; checked again when written
    where = check_draft_output(
        Path(args.output), args.data_dir, source=args.source, force=args.force
    )
    project_file = (
        Path(args.projects) if args.projects else projects.default_path(Path(args.output))
    )
    project_where = check_draft_output(
        project_file, args.data_dir, source=args.source, force=args.force
    )
    if project_where == where:
        raise WorkbookError(
            f"--projects {project_file}: it is the --output file; project rows go to a file "
            f"of their own, such as {projects.default_path(Path(args.output))}"
        )
    replaced = [p for p in (where, project_where) if p.exists()]
    result = draft(args.source, args.data_dir)
    path = write_draft(result, Path(args.output), args.data_dir, force=args.force)
    check_draft_output(project_file, args.data_dir, source=args.source, force=args.force)
    project_path = projects.write_rows(
        result.projects, project_file, projects.vocabulary_fields(args.data_dir)
    )
    print(f"wrote {len(result.rows)} draft row(s) for {args.source} to {display_path(path)}")
    print(f"wrote {len(result.projects)} project row(s) to {display_path(project_path)}")
    for old in replaced:
        print(f"note: the file that was at {display_path(old)} is replaced")
    for line in result.summary():
        print(f"  {line}")
    print(f"next: review the file (delete rows you do not want), then "
          f"python -m analysis accept {args.output}")  # fmt: skip
    if result.projects:
        print(
            f"      and the project rows in {display_path(project_path)}: fill in list, name_en "
            "and id, then add them to data/projects.csv (docs/adding-a-report.md)"
        )
    return 0


def _accept(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analysis.curate.accept import accept

    result = accept(Path(args.file), args.data_dir)
    print(result.message())
    return 0


def _remove_report(args: argparse.Namespace) -> int:
    from analysis.curate.remove_report import remove_report

    print(remove_report(args.source, args.data_dir).message())
    return 0


def _draft_eval(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analysis.curate.evaluate import (
        evaluate,
        evaluate_fixtures,
        evaluate_project_fixtures,
        evaluate_projects,
        render,
        render_fixtures,
        render_projects,
    )

    print(render(evaluate(args.district or None, args.data_dir)))
    print()
    print(render_projects(evaluate_projects(args.district or None, args.data_dir)))
    if args.project_layouts:
        print()
        print(render_projects(evaluate_project_fixtures(Path(args.project_layouts), args.data_dir)))
    if args.layouts:
        print()
        print(render_fixtures(evaluate_fixtures(Path(args.layouts), args.data_dir)))
    return 0


def _table_names() -> list[str]:
    from analysis.presentation import tables

    return list(tables.REGISTRY)


def _table_lines() -> str:
    """Each table in a line or two: its name, then what it answers (for `table --help`)."""
    import textwrap

    from analysis.presentation import tables

    lines = ["tables (the CSV beside each report holds every column):"]
    for name, table in tables.REGISTRY.items():
        text = textwrap.fill(
            table.description, width=96, initial_indent=f"  {name:<19} ",
            subsequent_indent=" " * 22,
        )  # fmt: skip
        lines.append(text)
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Shanghai District Plans Workbook: check the data, run the notebooks, export.",
    )
    parser.add_argument(
        "--data-dir",
        default=None,
        help="data folder (default: the package's data/ or $SDPW_DATA_DIR)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    # every subcommand also takes --data-dir after its name; SUPPRESS keeps the earlier value
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    def add(name: str, **kwargs: object) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], **kwargs)

    val = add("validate", help="validate the data package and every quote")
    val.set_defaults(func=_validate)
    run = add("run", help="execute every notebook for every district with papermill into reports/")
    run.add_argument("--district", action="append", help="district key (repeatable; default: all)")
    run.add_argument(
        "--notebook",
        action="append",
        help="notebook key, e.g. 02_growth_targets or 02 (repeatable; default: all)",
    )
    run.add_argument(
        "--lang",
        action="append",
        default=None,
        help="en, zh or all (repeatable; default: en and zh)",
    )
    run.add_argument("--jobs", type=int, default=2, help="parallel worker processes (default: 2)")
    run.add_argument("--output", default="reports", help="output folder (default: reports)")
    run.add_argument(
        "--force",
        action="store_true",
        help="run every notebook, even one whose report is up to date with its inputs",
    )
    run.set_defaults(func=_run)
    ref = add(
        "refresh",
        help="re-execute the committed notebooks in place with their default parameters",
    )
    ref.add_argument("--notebook", action="append", help="notebook key (default: all)")
    ref.set_defaults(func=_refresh)
    cov = add("coverage", help="classify every number in the seeds: curated, excluded or uncovered")
    cov.add_argument("--summary", action="store_true", help="counts only, no list")
    cov.set_defaults(func=_coverage)
    dic = add("dictionary", help="regenerate data/README.md, the data dictionary")
    dic.set_defaults(func=_dictionary)
    exp = add(
        "export",
        help="write the data for Excel (one .xlsx, or CSV with a BOM) or Stata and R (.dta)",
    )
    from analysis.report.export import FORMATS as EXPORT_FORMATS

    exp.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="xlsx",
        help="xlsx (default), csv (one file per table) or dta (Stata 118, labelled; R: haven)",
    )
    exp.add_argument(
        "--output",
        default="reports/export",
        help="folder (or .xlsx file) to write (default: reports/export)",
    )
    exp.set_defaults(func=_export)
    syn = add("synthetic", help="write a clearly marked synthetic data package for scale tests")
    syn.add_argument("--output", default="reports/synthetic", help="folder (default: %(default)s)")
    syn.add_argument("--districts", type=int, default=16)
    syn.add_argument("--years", type=int, default=5)
    syn.add_argument("--seed", type=int, default=1)
    syn.set_defaults(func=_synthetic)
    ben = add("bench", help="time loading, each notebook against a floor, the report")
    ben.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    ben.add_argument("--no-report", action="store_true", help="skip the full-report timings")
    ben.add_argument(
        "--scale", default="2,16", help="district counts for the growth test, e.g. 2,4,8,16"
    )
    ben.set_defaults(func=_bench)
    tab = add(
        "table",
        help="print one analysis table (as a notebook shows it) as CSV or Markdown",
        description="Print one analysis table for one district or all of them.",
        epilog=_table_lines(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tab.add_argument(
        "name", nargs="?", help="table name, e.g. growth, escalation, consistency, social"
    )
    tab.add_argument("--list", action="store_true", help="each table's name, notebook and use")
    tab.add_argument(
        "--district",
        help="district key, e.g. yangpu; default (or 'all'): every district's rows in one table",
    )
    tab.add_argument("--lang", default="en", help="en or zh: headings of the md format")
    tab.add_argument("--format", choices=["csv", "md"], default="csv")
    tab.set_defaults(func=_table)
    lab = add(
        "lab",
        help="JupyterLab on the notebooks: trusted, no news pop-up (other options go to it)",
    )
    lab.set_defaults(func=_lab)
    fig = add("figures", help="redraw the figures the README embeds")
    fig.set_defaults(func=_figures)
    add_r = add(
        "add-report",
        help="copy a report text into the seeds folder and record it in sources.csv",
        description="The seeds folder that goes with a data folder is <data folder>/../seeds.",
    )
    add_r.add_argument("file", help="the report as UTF-8 text")
    add_r.add_argument(
        "--source", required=True, help="source key: <district>-<plan year>, as in sources.csv"
    )
    add_r.add_argument("--district", required=True, help="district key, e.g. jiading")
    add_r.add_argument("--results-year", type=int, required=True, help="year of the results")
    add_r.add_argument("--plan-year", type=int, required=True, help="year of the plan")
    add_r.add_argument("--adopted", required=True, help="date adopted, YYYY-MM-DD")
    add_r.add_argument("--title-zh", required=True, help="title as printed")
    add_r.add_argument("--title-en", required=True, help="title in English")
    add_r.add_argument("--district-zh", help="a new district's name as printed, e.g. 嘉定区")
    add_r.add_argument("--district-en", help="a new district's official English name")
    add_r.add_argument("--issuer-zh", help="issuing body as printed (default: its 发改委)")
    add_r.add_argument("--issuer-en", help="issuing body in English")
    add_r.set_defaults(func=_add_report)
    dra = add("draft", help="draft indicator rows for every number of a report not yet curated")
    dra.add_argument("source", help="source key: <district>-<plan year>, as in sources.csv")
    dra.add_argument("--output", required=True, help="CSV file to write, e.g. draft.csv")
    dra.add_argument(
        "--projects",
        help="CSV file for the rows of project tables, in projects.csv's columns (default: "
        "the output's name with .projects.csv, e.g. draft.projects.csv)",
    )
    dra.add_argument(
        "--force",
        action="store_true",
        help="overwrite an existing file that is not a previous draft (never one in data/, "
        "seeds/, notebooks/, analysis/ or .git)",
    )
    dra.set_defaults(func=_draft)
    acc = add("accept", help="append reviewed draft rows to indicators.csv with new ids, validated")
    acc.add_argument("file", help="the reviewed draft CSV")
    acc.set_defaults(func=_accept)
    rem = add(
        "remove-report",
        help="take a report and its rows back out (refused while other rows depend on them)",
    )
    rem.add_argument("source", help="source key, e.g. jiading-2024")
    rem.set_defaults(func=_remove_report)
    dev = add("draft-eval", help="leave one district out: draft its report, compare with the data")
    dev.add_argument("--district", action="append", help="district to leave out (default: all)")
    dev.add_argument(
        "--layouts",
        help="also draft the hand-made layout fixtures of this folder (its manifest.csv), "
        "e.g. tests/fixtures/draft_layouts",
    )
    dev.add_argument(
        "--project-layouts",
        help="also draft the hand-made project-table fixtures of this folder (its manifest.csv), "
        "e.g. tests/fixtures/draft_projects",
    )
    dev.set_defaults(func=_draft_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if getattr(args, "command", None) == "lab":
        args.lab_args = extra  # everything else is JupyterLab's
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if getattr(args, "command", None) == "run" and args.lang is None:
        args.lang = ["en", "zh"]
    try:
        return args.func(args)
    except Interrupted as exc:  # the runner has printed its summary
        print(f"error: {exc}", file=sys.stderr)
        return exc.status
    except WorkbookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `python -m analysis table … | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
