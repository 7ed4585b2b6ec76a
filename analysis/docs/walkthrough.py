"""The walk-through of docs/adding-a-report.md, run for real on a copy of the data.

A short report text for a district that is not in data/ (the example below, made up for the
guide) goes through add-report, draft, accept, coverage and validate in a temporary folder; each
block of output the guide shows is what the commands print there, with the temporary folder's
paths written as the guide's (`data/`, `seeds/`, `~/Downloads/`). `analysis.docs.blocks` puts
them in the guide's generated blocks, and a test fails when the guide and the commands part.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import shutil
import tempfile
from pathlib import Path

#: The example report: made up for the guide, in the form of a real one.
SOURCE = "jiading-2024"
TEXT = (
    "关于嘉定区2023年国民经济和社会发展计划执行情况与2024年国民经济和社会发展计划草案的报告\n"
    "一、2023年国民经济和社会发展计划执行情况\n"
    "全区实现地区生产总值 2700.36 亿元，同比增长 5.8%。\n"
    "完成全社会固定资产投资 560 亿元，增长 10%。\n"
    "二、2024年国民经济和社会发展的主要目标\n"
    "地区生产总值增长 5%左右，区级一般公共预算收入增长 4%。\n"
)
ADD_REPORT = [
    "add-report", "~/Downloads/jiading-2024.txt", "--source", SOURCE,
    "--district", "jiading", "--results-year", "2023", "--plan-year", "2024",
    "--adopted", "2024-01-18",
    "--title-zh", TEXT.split("\n", 1)[0],
    "--title-en", "Report on Jiading District's 2023 plan and 2024 draft plan",
    "--district-zh", "嘉定区", "--district-en", "Jiading District",
]  # fmt: skip
DRAFT = f"{SOURCE}-draft.csv"


def _run(argv: list[str], root: Path) -> str:
    """stdout and stderr of one command, run in process, with the folder's paths as the guide's."""
    from analysis.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        main([*argv, "--data-dir", str(root / "data")])
    text = out.getvalue().replace(str(root / "Downloads"), "~/Downloads")
    return text.replace(f"{root}/", "").rstrip("\n")


def _fence(text: str) -> str:
    return f"```\n{text}\n```"


@functools.cache
def outputs() -> dict[str, str]:
    """Each step's output, by block name."""
    from analysis.base.paths import DATA_DIR, SEEDS_DIR

    with tempfile.TemporaryDirectory(prefix="sdpw-guide-") as tmp:
        root = Path(tmp).resolve()
        shutil.copytree(DATA_DIR, root / "data")
        shutil.copytree(SEEDS_DIR, root / "seeds")
        (root / "Downloads").mkdir()
        (root / "Downloads" / "jiading-2024.txt").write_text(TEXT, encoding="utf-8")
        args = [a.replace("~/Downloads", str(root / "Downloads")) for a in ADD_REPORT]
        out = {"guide-add-report": _run(args, root)}
        out["guide-no-rows"] = _run(["validate"], root)
        draft = root / DRAFT
        out["guide-draft"] = _run(["draft", SOURCE, "--output", str(draft)], root)
        with draft.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        growth = next(r for r in rows[1:] if r[rows[0].index("unit")] == "%")
        out["guide-confidence"] = growth[rows[0].index("confidence")]
        # a reviewer's slip: one character of a quote changed
        bad = root / "bad" / DRAFT
        bad.parent.mkdir()
        quote = rows[0].index("quote")
        edited = [r[:] for r in rows]
        edited[2][quote] = edited[2][quote].replace("5.8", "5.9")
        with bad.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows(edited)
        out["guide-accept-refused"] = _run(["accept", str(bad)], root).replace("bad/", "")
        out["guide-accept"] = _run(["accept", str(draft)], root)
        cover = _run(["coverage", "--summary"], root).split("\n")
        start = next(i for i, line in enumerate(cover) if line.startswith(f"{SOURCE} ("))
        end = next(
            (i for i in range(start + 1, len(cover)) if not cover[i].startswith(" ")), len(cover)
        )
        out["guide-coverage"] = "\n".join(cover[start:end])
        out["guide-validate"] = _run(["validate"], root)
    return {name: _fence(text) for name, text in out.items()}


#: The guide's output blocks, in the order the guide shows them.
NAMES = (
    "guide-add-report", "guide-no-rows", "guide-draft", "guide-confidence",
    "guide-accept", "guide-accept-refused", "guide-coverage", "guide-validate",
)  # fmt: skip
