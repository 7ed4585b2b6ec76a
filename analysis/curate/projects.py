"""Project lists drafted as rows for projects.csv, never as indicators.

A report's project table (表2 2024 年…重大政府投资项目计划, 表4 年度基础设施“双十”项目进展情况)
prints one project a row: 序号, 项目名称, 投资总额 (亿元), 目标 or 年度目标, 项目进展情况, with
category rows between ((一) 重点转型区域类项目 (6 项), or 路 / 水 / 电 alone on a line). The
indicator draft would read each amount as a figure of the year and each row number as a count;
here each row becomes one candidate row in projects.csv's columns instead, and the indicator
draft passes over every number inside a project row (its 合计 and the categories' counts stay
indicators).

A table is found by its header: a 项目名称 (or 名称, 项目) cell among column names, with at least
one of an investment, a goal or a progress column. The header and the rows may stand one row a
line (cells parted by tabs, `|` or spaces), one cell a line, or flattened onto one line; a header
cut over lines (年度 / 目标) is joined, and a header printed again after a page break is passed
over. Rows are cut at their row numbers (the next number in sequence, at a line's start or right
after the previous row's last cell), else one a line. Each row is read from its right end: the
last column's cell first (a goal or progress word, an amount), then the one before it, and what
is left after the row number is the name as printed (a name broken over lines is joined without
a space; the spaces printed inside it are kept).

Each row's `confidence` says, field by field, what the guess rests on; `high` only where every
field read from the text is sure: a row number in sequence, every column's cell found, the amount
under a total-investment column with its unit in projects.csv's enum, the goal and progress words
in its enums, the year printed in the caption (or a progress column in a results section). The
list key, the English names and the id are the reviewer's (docs/adding-a-report.md).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from analysis.base.files import atomic_write_text
from analysis.base.paths import data_dir as resolve_data_dir
from analysis.contract import provenance
from analysis.contract.model import Package
from analysis.contract.schema import read_descriptor

NUMBER = provenance.NUMBER

_SEQ_HEADS = {"序号", "序", "编号", "项目编号"}
_CATEGORY_HEADS = {"类别", "分类", "项目类别", "领域", "板块", "类型", "项目类型"}
_NAME_HEADS = {"项目名称", "名称", "项目", "工程名称", "项目内容"}
_PROGRESS = re.compile(r"^(项目)?(进展|进展情况|推进情况|完成情况|实施情况|执行情况|进度|"
                       r"建设进度|建设进展|工程进度)$")  # fmt: skip
_GOAL = re.compile(r"^(\d{4}年|年度|建设|节点|年度建设|工作|计划)?(目标|计划|形象进度|计划进度)$")
_INVESTMENT = re.compile(r"投资")
_TOTAL_INVESTMENT = re.compile(r"总投资|投资总额|总额|估算|概算")
_OTHER_HEADS = {"备注", "建设内容", "建设规模", "建设单位", "责任单位", "牵头单位", "主体",
                "建设地点", "开工时间", "竣工时间", "建设年限", "起止年限", "建设性质",
                "主要内容", "项目概况"}  # fmt: skip
_UNIT_IN_BRACKETS = re.compile(r"[（(]\s*([^（）()]{1,8}?)\s*[）)]$")
#: A category row: (一) 重点转型区域类项目 (6 项), the count kept for the indicator draft.
_MARKER = re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]\s*")
_COUNT = re.compile(r"^[（(]\s*\d+\s*个?项\s*[)）]$")
_TOTAL_ROW = re.compile(r"^(合计|总计|小计|共计)")
#: A goal or progress cell: a short phrase of what the year brings to a project.
_WORK_WORD = re.compile(
    r"^(已|基本|部分|全面|主体|完成|推进|启动|加快|实现|力争|年内|全年)?[\u4e00-\u9fff]{0,6}?"
    r"(开工|竣工|完工|建设|腾地|封顶|完成|投用|使用|运营|通车|交付|前期|启动|建成|续建|新建|"
    r"推进|验收|贯通|征收|动迁)$"
)
_YEAR = re.compile(r"(\d{4})\s*年")
_TABLE_NO = re.compile(r"表\s*(\d+)")
_HEADING = re.compile(
    r"^\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）\S{12,}|表\s*\d+|附件\s*\d+\s*$|注[:：])"
)

#: The draft's own column after projects.csv's: what each guess rests on.
PROJECT_DRAFT_COLUMNS = ("confidence",)


@dataclass(frozen=True)
class Head:
    """What a project table's column holds: seq, category, name, investment, goal, progress,
    other; an investment column's unit and whether it is the total (else a year's)."""

    role: str
    text: str
    unit: str | None = None
    total: bool = True


def head_of(text: str) -> Head | None:
    """The column a header cell names, or None when it names none."""
    t = re.sub(r"\s+", "", text).strip("|｜")
    unit = None
    if m := _UNIT_IN_BRACKETS.search(t):
        unit, t = m.group(1), t[: m.start()]
    if not t or len(t) > 14:
        return None
    if t in _SEQ_HEADS:
        return Head("seq", t)
    if t in _CATEGORY_HEADS:
        return Head("category", t)
    if t in _NAME_HEADS:
        return Head("name", t)
    if t in _OTHER_HEADS:
        return Head("other", t)
    if _INVESTMENT.search(t):
        total = bool(_TOTAL_INVESTMENT.search(t)) and not re.search(r"年度|当年|\d{4}年", t)
        return Head("investment", t, unit, total)
    if _PROGRESS.match(t):
        return Head("progress", t)
    if _GOAL.match(t):
        return Head("goal", t)
    return None


@dataclass(frozen=True)
class _Tok:
    text: str
    lo: int  # raw span
    hi: int
    line: int  # line index
    first: bool  # the first non-empty cell of its line


@dataclass
class ProjectRow:
    """One project as the table prints it, with what each field rests on."""

    seq: int | None
    category: str
    name: str
    amount: str | None
    unit: str | None
    goal: str
    progress: str
    quote: str
    lo: int  # raw span of the row: the indicator draft passes over its numbers
    hi: int
    annual: str | None = None  # an amount under a year's investment column (kept in note)
    others: list[tuple[str, str]] = field(default_factory=list)  # (备注, its cell): in note
    reasons: list[str] = field(default_factory=list)
    ranks: list[str] = field(default_factory=list)

    def why(self, reason: str, rank: str | None = None) -> None:
        self.reasons.append(reason)
        if rank:
            self.ranks.append(rank)

    def confidence(self) -> str:
        level = "low" if "low" in self.ranks else "medium" if "medium" in self.ranks else "high"
        return f"{level}: " + "; ".join(self.reasons)


@dataclass
class ProjectTable:
    """A project table: its caption, columns, the raw span of its rows, and the rows."""

    caption: str
    heads: list[Head]
    lo: int
    hi: int
    rows: list[ProjectRow] = field(default_factory=list)
    head_lo: int = 0  # where the header starts (its section is the rows' section)

    @property
    def year(self) -> int | None:
        years = [int(y) for y in _YEAR.findall(self.caption)]
        return years[-1] if years else None

    @property
    def table_no(self) -> str | None:
        m = _TABLE_NO.search(self.caption)
        return m.group(1) if m else None

    def has(self, role: str) -> bool:
        return any(h.role == role for h in self.heads)


def _lines(raw: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in raw.splitlines(keepends=True):
        out.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return out


def _cells(raw: str, lo: int, hi: int, line: int) -> list[_Tok]:
    """A line's cells: parted by tabs or `|` when it has them, else by spaces."""
    text = raw[lo:hi]
    sep = r"\t|[|｜]" if re.search(r"[\t|｜]", text) else r"[ \u3000]+"
    out: list[_Tok] = []
    pos = 0
    for m in [*re.finditer(sep, text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            at = lo + pos + chunk.index(stripped[0])
            out.append(_Tok(stripped, at, at + len(stripped), line, not out))
        if m:
            pos = m.end()
    return out


def _merge_heads(cells: list[_Tok]) -> tuple[list[tuple[Head, _Tok]], int]:
    """The leading run of header cells, fragments joined (年度 + 目标, 投资总额 + (亿元)),
    and how many cells it used."""
    heads: list[tuple[Head, _Tok]] = []
    k = 0
    while k < len(cells):
        c = cells[k]
        if heads and _UNIT_IN_BRACKETS.fullmatch(re.sub(r"\s", "", c.text)):
            h, t = heads[-1]
            if h.role == "investment" and h.unit is None:
                unit = _UNIT_IN_BRACKETS.search(re.sub(r"\s", "", c.text)).group(1)
                heads[-1] = (Head(h.role, h.text, unit, h.total), t)
                k += 1
                continue
        h = head_of(c.text)
        if h is not None:
            heads.append((h, c))
            k += 1
            continue
        # a name cut into pieces: 年度 / 目标, or 项 目 名 称 spaced out
        for j in (4, 3, 2):
            if k + j <= len(cells) and (h2 := head_of("".join(t.text for t in cells[k : k + j]))):
                heads.append((h2, c))
                k += j
                break
        else:
            break
    return heads, k


def _valid(heads: list[Head]) -> bool:
    roles = [h.role for h in heads]
    return (
        "name" in roles
        and (any(r in roles for r in ("investment", "goal", "progress")) or "seq" in roles)
        and len(heads) >= 3
    )


def _is_prose(text: str) -> bool:
    t = text.strip()
    return bool(re.search("[。，；]", t)) or _HEADING.match(t) is not None


def _fits(head: Head, text: str) -> bool:
    """A cell's text may stand in the column (read from a row's right end)."""
    t = re.sub(r"\s", "", text)
    if head.role == "investment":
        return re.fullmatch(r"\d+(?:\.\d+)?(亿元|万元|亿)?", t) is not None
    if head.role in ("goal", "progress"):
        return len(t) <= 12 and _WORK_WORD.match(t) is not None
    if head.role == "other":  # 备注: never a goal word nor an amount
        return not NUMBER.fullmatch(t) and _WORK_WORD.match(t) is None
    return False


def _assign(right: list[Head], texts: list[str]) -> list[str | None]:
    """Which of a row's last cells stand in the columns after the name (None: the row prints
    no cell there), read from the right end: the assignment that fills the most columns, a
    named column (an amount, a goal) counting twice a 备注, one cell at least left for the
    name."""

    def fits(head: Head, text: str) -> bool:
        if head.role == "other":  # 备注 may hold any words, never an amount
            return not NUMBER.fullmatch(re.sub(r"\s", "", text))
        return _fits(head, text)

    def best(c: int, end: int) -> tuple[int, list[str | None]]:
        """Columns right[:c + 1] over texts[:end]: (score, cell per column)."""
        if c < 0:
            return 0, []
        score, out = best(c - 1, end)
        options = [(score, [*out, None])]
        if end >= 2 and fits(right[c], texts[end - 1]):
            score, out = best(c - 1, end - 1)
            gain = 1 if right[c].role == "other" else 2
            options.append((score + gain, [*out, texts[end - 1]]))
        return max(options, key=lambda o: o[0])  # the first on a tie: a column left empty

    return best(len(right) - 1, len(texts))[1]


def find_tables(raw: str) -> list[ProjectTable]:
    """Every project table of a text, with its rows read."""
    lines = _lines(raw)
    out: list[ProjectTable] = []
    i = 0
    while i < len(lines):
        lo, hi = lines[i]
        cells = _cells(raw, lo, hi, i)
        start = next((k for k, c in enumerate(cells) if head_of(c.text) is not None), None)
        if start is None or not any(h.role == "name" for h, _ in _merge_heads(cells[start:])[0]):
            i += 1
            continue
        # a header cut over lines (one cell a line, 年度 / 目标): earlier lines of column names
        before: list[_Tok] = []
        j = i - 1
        while j >= 0 and i - j <= 4:
            prev = _cells(raw, *lines[j], j)
            if not prev:
                j -= 1
                continue
            heads, used = _merge_heads(prev)
            if used == len(prev) and all(h.role in ("seq", "category") for h, _ in heads):
                before = prev + before
                j -= 1
                continue
            break
        caption_tokens = cells[:start]
        tokens = before + cells[start:]
        m = i + 1
        while m < len(lines):  # the rows: every line until prose or a heading
            text = raw[lines[m][0] : lines[m][1]]
            if text.strip() and _is_prose(text):
                break
            tokens += _cells(raw, *lines[m], m)
            m += 1
        heads, used = _merge_heads(tokens)
        if not _valid([h for h, _ in heads]):
            i += 1
            continue
        caption = " ".join(t.text for t in caption_tokens) or _caption_above(raw, lines, i, before)
        body = tokens[used:]
        table = ProjectTable(caption, [h for h, _ in heads], 0, 0, head_lo=tokens[0].lo)
        _read_rows(raw, table, body)
        if table.rows:
            table.lo, table.hi = table.rows[0].lo, table.rows[-1].hi
            out.append(table)
        i = max(m, i + 1)
    return out


_ITEM = re.compile(r"^\s*(?:(\d{1,2})\s*[.．、]|[（(]\s*(\d{1,2})\s*[)）])\s*(\S.*)$")
_LEAD = re.compile(r"(项目|工程)[^。]{0,20}(清单|名单|计划|安排|如下|[:：]\s*$)")
_ITEM_AMOUNT = re.compile(r"总投资(?:约|达|为|近)?\s*(\d+(?:\.\d+)?)\s*(亿元|万元)")
_PROJECT_NOUN = re.compile(
    r"(工程|项目|中心|园区?|馆|站|路|桥|线|楼|院|校|学校|基地|公园|绿地|设施|[一二三四五]期|"
    r"改造|新建|扩建|改建)$"
)
#: Verbs a numbered item may open with, never part of the project's name.
_ITEM_VERBS = re.compile(r"^(加快推进|有序推进|全力推进|推进|加快|建成|完成|实施|启动|开工建设|"
                         r"新开工|开工|竣工|续建)")  # fmt: skip


def find_lists(raw: str) -> list[ProjectTable]:
    """Numbered project lists outside a table: a lead line naming projects (…重大项目清单：)
    and items numbered 1, 2, 3 … (1. / 1、 / （1）), each a project's name, with 总投资 … 亿元
    and a goal clause (年内竣工) where printed."""
    lines = _lines(raw)
    out: list[ProjectTable] = []
    i = 0
    while i < len(lines):
        m = _ITEM.match(raw[lines[i][0] : lines[i][1]])
        if not m or (m.group(1) or m.group(2)) != "1":
            i += 1
            continue
        lead = _caption_above(raw, lines, i, [])
        if not _LEAD.search(lead):
            i += 1
            continue
        heads = [Head("seq", "序号"), Head("name", "项目名称"), Head("investment", "总投资"),
                 Head("goal", "目标")]  # fmt: skip
        table = ProjectTable(lead, heads, 0, 0, head_lo=lines[i][0])
        expected, k = 1, i
        while k < len(lines):
            text = raw[lines[k][0] : lines[k][1]]
            if not text.strip():
                k += 1
                continue
            m = _ITEM.match(text)
            if not m or int(m.group(1) or m.group(2)) != expected:
                break
            row = _list_item(raw, lines[k], m)
            if row is None:
                break
            table.rows.append(row)
            expected, k = expected + 1, k + 1
        if len(table.rows) >= 2:
            table.lo, table.hi = table.rows[0].lo, table.rows[-1].hi
            out.append(table)
        i = max(k, i + 1)
    return out


def _list_item(raw: str, line: tuple[int, int], m: re.Match) -> ProjectRow | None:
    """One numbered item as a project row, or None when it names no project."""
    lo, hi = line
    body = m.group(3)
    clauses = re.split(r"[，,；;。]", body)
    name = re.split(r"[（(]\s*总投资|[:：]", clauses[0])[0].strip()
    bare = _ITEM_VERBS.sub("", name).strip()
    amount = _ITEM_AMOUNT.search(body)
    if not re.search(r"[\u4e00-\u9fff]{2}", bare) or not (_PROJECT_NOUN.search(bare) or amount):
        return None
    goal = next((c.strip() for c in clauses[1:] if c.strip() and _WORK_WORD.match(c.strip())), "")
    row = ProjectRow(int(m.group(1) or m.group(2)), "", bare, None, None, goal, "",
                     "", lo, hi)  # fmt: skip
    row.why("a numbered list, not a table: each field read from the item's words", "medium")
    row.why("seq: the item's number, in sequence")
    verb = name[: len(name) - len(bare)]
    row.why("name: the item's first clause" + (f", without its verb '{verb}'" if verb else ""))
    if amount:
        row.amount, row.unit = amount.group(1), amount.group(2)
        row.why(f"amount: 总投资 … {row.unit}")
    if goal:
        row.why(f"goal: the clause '{goal}'")
    return row


def _caption_above(raw: str, lines: list[tuple[int, int]], i: int, before: list[_Tok]) -> str:
    """The nearest short non-blank line above the header (three lines up at most)."""
    top = before[0].line if before else i
    for j in range(top - 1, max(-1, top - 4), -1):
        text = raw[lines[j][0] : lines[j][1]].strip()
        if text:
            return re.sub(r"\s+", " ", text) if len(provenance.normalize(text)) <= 50 else ""
    return ""


def _drop_headers(tokens: list[_Tok]) -> list[_Tok]:
    """The body without a header printed again (after a page break): runs of two or more
    column names."""
    out: list[_Tok] = []
    k = 0
    while k < len(tokens):
        heads, used = _merge_heads(tokens[k:])
        if len(heads) >= 2 and any(h.role == "name" for h, _ in heads):
            k += used
            continue
        out.append(tokens[k])
        k += 1
    return out


def _read_rows(raw: str, table: ProjectTable, tokens: list[_Tok]) -> None:
    """Cut the body into rows at their row numbers (or one a line) and read each."""
    tokens = _drop_headers(tokens)
    heads = table.heads
    roles = [h.role for h in heads]
    name_at = roles.index("name")
    right = [h for h in heads[name_at + 1 :]]
    has_seq = "seq" in roles
    last = right[-1] if right else None
    named = [h for h in right if h.role != "other"]
    category, category_how = "", ""
    rows: list[tuple[list[_Tok], str, str]] = []  # (tokens, category, how)
    current: list[_Tok] | None = None
    expected = 1
    k = 0
    while k < len(tokens):
        t = tokens[k]
        text = re.sub(r"\s", "", t.text)
        # a category row: (一) 重点转型区域类项目 (6 项)
        if _MARKER.match(text):
            rest = _MARKER.sub("", text)
            k += 1
            if not rest and k < len(tokens):
                rest = re.sub(r"\s", "", tokens[k].text)
                k += 1
            if k < len(tokens) and _COUNT.match(re.sub(r"\s", "", tokens[k].text)):
                k += 1
            elif k + 1 < len(tokens) and _COUNT.match(
                re.sub(r"\s", "", tokens[k].text + tokens[k + 1].text)
            ):
                k += 2
            rest = _COUNT.sub("", re.sub(r"[（(]\s*\d+\s*个?项\s*[)）]$", "", rest))
            category, category_how = rest, "category row (一)…"
            current = None
            continue
        if re.fullmatch("[一二三四五六七八九十]+", text) and k + 1 < len(tokens):
            # a category row numbered in words alone: 一 | 科技产业类 67项
            k += 1
            category = re.sub(r"\d+\s*个?项$", "", re.sub(r"\s", "", tokens[k].text))
            category_how, current = "category row 一 …", None
            k += 1
            if k < len(tokens) and re.fullmatch(r"\d+\s*个?项", tokens[k].text.strip()):
                k += 1
            continue
        if _TOTAL_ROW.match(text):  # 合计 101.94: the list's total, an indicator
            current = None
            k += 1
            while k < len(tokens) and tokens[k].line == t.line:
                k += 1
            continue
        # the row so far ends in a cell of a named column and has a cell for each (备注 may
        # stay empty): a row number may follow on the same line (a flattened table)
        complete = (
            current is not None
            and last is not None
            and any(_fits(h, current[-1].text) for h in named)
            and len(current) >= has_seq + 1 + len(named)
        )
        starts = False
        if has_seq and text == str(expected) or has_seq and text == "1" and category_how:
            after = tokens[k + 1].text if k + 1 < len(tokens) else ""
            measure = re.match(r"^(个|条|项|号|座|所|家|期|街坊|地块)", after) and len(after) <= 4
            if after and not measure:  # 6 条, 85 街坊: a number inside the name
                starts = t.first or current is None or complete
        elif not has_seq and t.first:
            starts = True
        if starts:
            current = [t]
            rows.append((current, category, category_how))
            if has_seq:
                expected = int(text) + 1
            k += 1
            continue
        # a category alone on its line (路, 水): the row before is complete, the line holds
        # nothing else, and the next line opens the next row
        alone = t.first and (k + 1 == len(tokens) or tokens[k + 1].line != t.line)
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if (
            alone
            and (current is None or complete)
            and len(text) <= 12
            and not NUMBER.search(text)
            and not _WORK_WORD.match(text)
            and (nxt is None or re.sub(r"\s", "", nxt.text) in (str(expected), "1"))
        ):
            category = text
            category_how = "category column" if "category" in roles else "a line alone"
            current = None
            k += 1
            continue
        if current is not None:
            current.append(t)
        k += 1
    for toks, cat, how in rows:
        row = _read_row(raw, table, toks, has_seq, right, cat, how)
        if row is not None:
            table.rows.append(row)


def _read_row(
    raw: str,
    table: ProjectTable,
    toks: list[_Tok],
    has_seq: bool,
    right: list[Head],
    category: str,
    category_how: str,
) -> ProjectRow | None:
    """One row from its right end: the last column's cell, then the one before…; the rest
    after the row number is the name."""
    seq = int(toks[0].text) if has_seq else None
    rest = toks[1:] if has_seq else toks
    taken = _assign(right, [t.text for t in rest])
    values = {h.role: re.sub(r"\s+", "", v) for h, v in zip(right, taken, strict=True) if v}
    missing = [h.text for h, v in zip(right, taken, strict=True) if not v and h.role != "other"]
    rest = rest[: len(rest) - sum(1 for v in taken if v)]
    if not rest:
        return None
    parts: list[str] = []
    for a, b in zip([None, *rest], rest, strict=False):
        if a is not None:
            parts.append(" " if a.line == b.line else "")
        parts.append(re.sub(r"\s+", " ", b.text))
    name = "".join(parts).strip()
    lo, hi = toks[0].lo, toks[-1].hi
    row = ProjectRow(seq, category, name, None, None, values.get("goal", ""),
                     values.get("progress", ""), "", lo, hi)  # fmt: skip
    row.others = [(h.text, v) for h, v in zip(right, taken, strict=True) if v and h.role == "other"]
    if has_seq:
        row.why("seq: the row's number, in sequence")
    if re.search(r"[\u4e00-\u9fff]{2}", name) is None:
        row.why("name: no Chinese name left after the row's cells: read it by hand", "low")
    elif missing:
        row.why(f"name: the row prints no cell for {', '.join(missing)}: the name may hold one",
                "medium")  # fmt: skip
    else:
        row.why("name: what the row prints between its number and its cells")
    if category:
        row.why(f"category: {category_how}", "medium" if category_how == "a line alone" else None)
    invest = next((h for h in right if h.role == "investment"), None)
    if invest is not None and "investment" in values:
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(亿元|万元|亿)?", values["investment"])
        amount, cell_unit = m.group(1), m.group(2)
        unit = cell_unit or invest.unit
        if not invest.total:
            row.annual = amount
            row.why(f"amount: column '{invest.text}' is a year's investment, not the total: "
                    f"{amount} is kept in note only", "low")  # fmt: skip
        else:
            row.amount, row.unit = amount, unit
            row.why(f"amount: column '{invest.text}'")
            if unit is None:
                row.why("unit: none printed in the column or the cell: fill it in", "low")
            else:
                row.why(f"unit: {'the cell' if cell_unit else 'the column header'} ({unit})")
    return row


@dataclass
class Vocabulary:
    """What a project draft takes from the data: projects.csv's columns and the enums of unit,
    goal_zh and progress_zh (datapackage.json), the English the data already gives categories,
    goals and progress, and the quotes of rows already curated (by source, normalised)."""

    fields: list[str]
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    english: dict[str, dict[str, str]] = field(default_factory=dict)
    curated: dict[str, set[str]] = field(default_factory=dict)


def vocabulary(pkg: Package) -> Vocabulary:
    """The project vocabulary of a data package."""
    resource = read_descriptor(pkg.data_dir)["projects"]
    enums = {f.name: f.enum for f in resource.fields if f.enum}
    english: dict[str, dict[str, str]] = {"category": {}, "goal": {}, "progress": {}}
    curated: dict[str, set[str]] = {}
    for r in pkg.tables.get("projects", []):
        for what in english:
            zh, en = r.get(f"{what}_zh"), r.get(f"{what}_en")
            if zh and en:
                english[what].setdefault(str(zh), str(en))
        curated.setdefault(str(r["source"]), set()).add(provenance.normalize(str(r["quote"])))
    return Vocabulary(list(resource.field_names), enums, english, curated)


def draft_rows(
    raw: str,
    ry: int,
    py: int,
    vocab: Vocabulary,
    *,
    source: str,
    district: str,
    seed: str,
    where: Callable[[int], tuple[str, str]] | None = None,
) -> tuple[list[dict[str, object]], list[str], list[tuple[int, int]]]:
    """Draft rows in projects.csv's columns for every project table of `raw` (a report of
    results year `ry` and plan year `py`; `seed` is its normalised text), the rows that could
    not be drafted, and the raw spans of every project row (the indicator draft passes over
    their numbers). A row whose quote is already curated for `source` is not drafted again;
    `where(offset)` gives the section and the phase (results or plan) of a place."""
    english, enums, fields = vocab.english, vocab.enums, vocab.fields
    curated = vocab.curated.get(source, set())
    out: list[dict[str, object]] = []
    skipped: list[str] = []
    spans: list[tuple[int, int]] = []
    for table in sorted([*find_tables(raw), *find_lists(raw)], key=lambda t: t.head_lo):
        section, phase = where(table.head_lo) if where else ("", "results")
        if table.year is not None:
            year, year_why, year_rank = table.year, f"the caption prints {table.year}", None
        elif phase == "plan":
            year, year_why = py, "a plan section: the plan year"
            year_rank = None if not table.has("progress") else "medium"
        else:
            year, year_why = ry, "a results section: the results year"
            year_rank = None if table.has("progress") else "medium"
        list_key = f"{district}-{'table' + table.table_no if table.table_no else 'projects'}-{year}"
        for row in table.rows:
            spans.append((row.lo, row.hi))
            quote = _quote(raw, row)
            row.quote = quote
            if provenance.normalize(quote) in curated:
                continue
            if not provenance.quote_in_seed(quote, seed) or (
                row.amount and not provenance.value_in_quote(row.amount, quote)
            ):
                skipped.append(f"project row {row.seq or '?'} ({row.name}): its quote does not "
                               "hold its amount as a whole number once spaces are deleted; "
                               "curate it by hand")  # fmt: skip
                continue
            row.why(f"year: {year_why}", year_rank)
            for col, value in (("goal_zh", row.goal), ("progress_zh", row.progress)):
                if value and value not in enums.get(col, [value]):
                    row.why(f"{col}: '{value}' is not in {col}'s enum in datapackage.json: add "
                            "it there or reword it", "medium")  # fmt: skip
            if row.unit and row.unit not in enums.get("unit", [row.unit]):
                row.why(f"unit: '{row.unit}' is not in unit's enum in datapackage.json", "low")
            row.why(f"list: '{list_key}' is a placeholder: name the list "
                    "(<district>-<what>-<year>); name_en is yours to write")  # fmt: skip
            notes = [f"{head}: {cell}" for head, cell in row.others]
            if row.annual:
                notes.append(f"the row prints {row.annual} under a year's investment column")
            note = "; ".join(notes)
            values = {
                "id": "",
                "district": district,
                "source": source,
                "list": list_key,
                "seq": row.seq if row.seq is not None else "",
                "category_zh": row.category,
                "category_en": english.get("category", {}).get(row.category, ""),
                "name_zh": row.name,
                "name_en": "",
                "total_investment": row.amount or "",
                "unit": row.unit or "",
                "goal_zh": row.goal,
                "goal_en": english.get("goal", {}).get(row.goal, ""),
                "progress_zh": row.progress,
                "progress_en": english.get("progress", {}).get(row.progress, ""),
                "year": year,
                "quote": quote,
                "section": section or table.caption,
                "note": note,
                "confidence": row.confidence(),
                "_start": row.lo,
            }
            out.append({k: values.get(k, "") for k in [*fields, *PROJECT_DRAFT_COLUMNS, "_start"]})
    return out, skipped, sorted(spans)


def _quote(raw: str, row: ProjectRow) -> str:
    """The row as printed, its cells parted by one space, a line break inside a cell (a name
    cut over lines) dropped."""
    text = raw[row.lo : row.hi]
    text = re.sub(r"[ \t\u3000\r]*\n\s*", "\n", text)
    pieces = [re.sub(r"[ \t\u3000]+", " ", p).strip() for p in text.split("\n")]
    out = ""
    for p in pieces:
        if not p:
            continue
        if out and (
            re.fullmatch(r"\d+", out.split(" ")[-1])
            and len(out.split(" ")) == 1
            or _WORK_WORD.match(p.split(" ")[0])
            or NUMBER.fullmatch(p.split(" ")[0])
        ):
            out += " " + p  # a new cell on the next line (the row number, a goal, an amount)
        else:
            out += p
    return out.strip()


def default_path(output: Path) -> Path:
    """Where `draft --output draft.csv` writes its project rows: draft.projects.csv."""
    stem = output.name[: -len(".csv")] if output.name.lower().endswith(".csv") else output.name
    return output.with_name(f"{stem}.projects.csv")


def write_rows(rows: list[dict[str, object]], path: Path, fields: list[str]) -> Path:
    """The project rows as CSV in projects.csv's columns + confidence, UTF-8 with a byte-order
    mark (Excel shows the Chinese); a header alone when the report prints no project table,
    so that a previous draft's rows never stay behind. The caller checks the path first
    (draft.check_draft_output)."""
    header = [*fields, *PROJECT_DRAFT_COLUMNS]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow(["" if row.get(h) is None else row.get(h) for h in header])
    atomic_write_text(path, "\ufeff" + buf.getvalue())
    return path


def vocabulary_fields(data_dir: str | None = None) -> list[str]:
    """projects.csv's columns, from datapackage.json."""
    return list(read_descriptor(resolve_data_dir(data_dir))["projects"].field_names)
