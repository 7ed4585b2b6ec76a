"""Command line: parses arguments and calls the API, nothing more."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from analysis.errors import Interrupted, WorkbookError


def _validate(args: argparse.Namespace) -> int:
    from analysis.data import load_indicators, load_projects, load_reference

    ind = load_indicators(args.data_dir)
    proj = load_projects(args.data_dir)
    ref = load_reference(args.data_dir)
    print(f"valid: {len(ind)} indicator rows, {len(proj)} project rows, {len(ref)} reference rows")
    for district, count in ind.groupby("district", observed=True).size().items():
        print(f"  {district}: {count} indicators")
    return 0


def _run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analysis.labels import LANGS
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
    )
    return 0 if all(r.ok for r in results) else 1


def _figures(args: argparse.Namespace) -> int:
    from analysis.paths import display_path
    from analysis.report.figures import write_figures

    for path in write_figures():
        print(f"wrote {display_path(path)}")
    return 0


def _refresh(args: argparse.Namespace) -> int:
    from analysis.report.runner import refresh, resolve_notebooks

    results = refresh(resolve_notebooks(args.notebook))
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
    from analysis.paths import display_path
    from analysis.report.dictionary import write

    print(f"wrote {display_path(write(args.data_dir))}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analysis.paths import display_path
    from analysis.report.export import export

    if not args.output.strip():
        raise WorkbookError("--output is empty: name a folder or an .xlsx file")
    for path in export(args.format, Path(args.output), args.data_dir):
        print(f"wrote {display_path(path)}")
    return 0


def _synthetic(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analysis.dev.synthetic import write_synthetic
    from analysis.paths import display_path

    target = write_synthetic(Path(args.output), args.districts, args.years, args.seed)
    print(f"wrote a SYNTHETIC data package to {display_path(target)}/ (data/ and seeds/)")
    print(f"use it with: python -m analysis --data-dir {display_path(target)}/data run")
    return 0


def _table(args: argparse.Namespace) -> int:
    from analysis import tables
    from analysis.notebook import setup

    tables.get(args.name)  # an unknown name is refused before any data is read
    ctx = setup(args.district, args.lang, data_dir=args.data_dir, style=False)
    frame = tables.data(args.name, ctx) if args.format == "csv" else tables.show(args.name, ctx)
    sys.stdout.write(tables.render(frame, args.format))
    return 0


def _bench(args: argparse.Namespace) -> int:
    from analysis.dev.bench import run_bench, summary

    scale = tuple(int(n) for n in args.scale.split(",")) if args.scale else ()
    result = run_bench(repeat=args.repeat, report=not args.no_report, scale=scale)
    print()
    print(summary(result))
    return 0


def _table_names() -> list[str]:
    from analysis import tables

    return list(tables.REGISTRY)


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
    exp = add("export", help="write the data for Excel: one .xlsx, or CSV with a BOM")
    exp.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
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
        description="Tables: " + ", ".join(_table_names()),
    )
    tab.add_argument("name", help="table name, e.g. growth, escalation, consistency, social")
    tab.add_argument("--district", required=True, help="district key, e.g. yangpu")
    tab.add_argument("--lang", default="en", help="en or zh: headings of the md format")
    tab.add_argument("--format", choices=["csv", "md"], default="csv")
    tab.set_defaults(func=_table)
    fig = add("figures", help="redraw the figures the README embeds")
    fig.set_defaults(func=_figures)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
