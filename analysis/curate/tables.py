"""Results and plan tables read by their structure, in every layout reports are stored in.

A table is found by its header: a run of at least three cells that are column names (序号, 指标,
指标类型, 单位, 年度目标, 完成数, 同比增长 …), with a name column and a value column. The header
and the rows may stand

- one row per line, cells parted by tabs, `|` or spaces;
- one cell per line (blank lines between them or not);
- flattened onto one line after the caption (表3 … 序号 指标 单位 年度目标 完成数 1 地区生产总值 …).

Rows are cut by their row numbers where the header has 序号 (a row starts at the next number
in sequence followed by a name), else by the line, else by the header's width. Each cell then
takes its meaning from its column: 年度目标 / 年初目标 / 目标 → a target of the table's year;
完成数 / 完成情况 / 全年完成 → an actual; 预计 / 全年完成预计 → an estimate; 同比增长 / 增速 →
the growth of the row's indicator; 指标类型 / 属性 → the attribute (预期性, 约束性), never part of
the label; 单位 (or a unit in brackets after the name or in the header) → the unit when the cell
prints none. The table's year is the one its caption or column prints, else the results year
(the plan year for a plan table: its caption or section sets targets). Row numbers are never
values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.contract.provenance import NUMBER

#: A period shorter than the year, as printed in a header, a caption or before a figure (the
#: months' first digit not the tail of another number: 4.11－11月 is 1-11月 after a table row).
PERIOD = re.compile(
    r"(上半年|前三季度|一季度|第一季度|前两季度|(?<![\d.])\d{1,2}\s*[-－—~至]\s*\d{1,2}\s*月)"
)
_YEAR = re.compile(r"(\d{4})\s*年")


def period_of(printed: str) -> str:
    """A period as indicators.csv stores it: whitespace deleted and the months joined by a plain
    hyphen (1 －11 月 → 1-11月), so the schema's one pattern checks every printed form."""
    bare = re.sub(r"\s+", "", printed)
    return re.sub(r"(\d)[－—~至](\d)", r"\1-\2", bare)


_UNIT_IN_BRACKETS = re.compile(r"[（(]\s*([^（）()]{1,8}?)\s*[）)]\s*$")
_ATTRIBUTES = ("预期性", "约束性")
_LABEL_HEADS = ("指标", "指标名称", "主要指标", "指标内容", "名称", "指标项目")
_SEQ_HEADS = ("序号", "序", "编号")
_ATTR_HEADS = ("指标类型", "属性", "指标属性", "类型", "性质")
_UNIT_HEADS = ("单位", "计量单位")
_OTHER_HEADS = ("类别", "备注", "责任单位", "领域")


@dataclass(frozen=True)
class Column:
    """What a column holds: seq, label, attr, unit, other, or a value column (target, actual,
    estimate, growth), with the year and period its header prints."""

    role: str
    head: str
    year: int | None = None
    period: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class CellFact:
    """The meaning of a number that stands in a table cell."""

    year: int
    kind: str  # target, actual, estimate
    head: str  # the column's header, as the reason
    label: str
    unit: str | None  # the row's unit (unit column, the name's brackets or the header's)
    attribute: str | None
    growth: bool  # a growth column (the number is the growth of the row's indicator)
    period: str | None
    row_lo: int  # the row's raw span: its quote
    row_hi: int
    cell_lo: int  # the cell's raw span
    cell_hi: int
    aligned: bool  # the row had one cell per column (else cells were placed by their look)


@dataclass
class Tables:
    """Every table number's meaning by its raw offset, and the raw offsets of row numbers and
    of numbers inside a name (part of a label, never a value)."""

    facts: dict[int, CellFact] = field(default_factory=dict)
    row_numbers: set[int] = field(default_factory=set)
    in_labels: set[int] = field(default_factory=set)
    headers: list[tuple[int, int]] = field(default_factory=list)  # raw spans of headers
    #: a number whose digits the table spaces out (363 .98, 3 63.98): the raw offset of its
    #: first piece -> the number as the quote check reads it (spaces deleted: 363.98)
    spaced: dict[int, str] = field(default_factory=dict)
    #: raw offsets of the later pieces of a spaced number: part of it, never a value of their own
    spaced_tails: set[int] = field(default_factory=set)
    #: a target column's cell stating the target in words (稳步增长, 完成市下达指标): its words
    #: and meaning, for a row with no number
    words: list[tuple[str, CellFact]] = field(default_factory=list)


@dataclass(frozen=True)
class _Cell:
    lo: int
    hi: int
    text: str


def column_of(text: str) -> Column | None:
    """The column a header cell names, or None when the text names none."""
    t = re.sub(r"\s+", "", text).strip("|｜")
    unit = None
    if m := _UNIT_IN_BRACKETS.search(t):
        unit, t = m.group(1), t[: m.start()]
    if not t or len(t) > 14 or NUMBER.fullmatch(t):
        return None
    ym = _YEAR.search(t)
    year = int(ym.group(1)) if ym else None
    period_m = PERIOD.search(t)
    period = period_of(period_m.group(1)) if period_m else None
    bare = _YEAR.sub("", t)
    if bare in _SEQ_HEADS:
        return Column("seq", t)
    if bare in _LABEL_HEADS or re.fullmatch(r"主要[\u4e00-\u9fff]{0,6}指标(名称)?", bare):
        return Column("label", t)  # 主要经济社会指标: the name column
    if bare in _ATTR_HEADS:
        return Column("attr", t)
    if bare in _UNIT_HEADS:
        return Column("unit", t)
    if bare in _OTHER_HEADS:
        return Column("other", t)
    if re.search("[\u4e00-\u9fff]", bare) is None:
        return None
    if "预计" in bare:
        return Column("estimate", t, year, period, unit)
    if re.search("目标|计划|预期", bare):
        return Column("target", t, year, period, unit)
    if re.search("完成|实际|实绩|执行|绝对值", bare) or (period and len(bare) <= 8):
        return Column("actual", t, year, period, unit)
    if re.fullmatch(r"(同比|比上年|可比)?(增长|增速|增幅|增减)(率|幅度)?(%)?|同比(%)?", bare):
        return Column("growth", t, year, period, unit or "%")
    return None


#: Header words a space may split (指标 类型): read as one cell when joined they name a column
#: and apart the first does not name one of its own kind.
_SPLIT_HEADS = ("指标类型", "指标属性", "计量单位", "年度目标", "完成情况", "同比增长")
#: A header over several columns whose own names follow later in the header: 完成情况 over
#: 完成数 / 同比增长 (or 绝对值 / 同比增长), printed after 年度目标 when flattened.
_GROUP_HEADS = ("完成情况", "执行情况", "完成")


def _join_split_heads(raw: str, cells: list[_Cell]) -> list[_Cell]:
    """Header cells with a head a space split (指标 类型) joined back into one cell: only
    across a space, and only where the first part names no column, or one the header names
    again (主要经济社会指标 is the name column, so 指标 类型 is the attribute's)."""
    roles = [c.role if c else None for c in (column_of(x.text) for x in cells)]
    out: list[_Cell] = []
    for k, cell in enumerate(cells):
        prev = out[-1] if out else None
        joined = prev.text + cell.text if prev else ""
        if prev and joined in _SPLIT_HEADS and not raw[prev.hi : cell.lo].strip(" \u3000"):
            own = roles[k - 1]
            if own is None or roles.count(own) > 1:
                out[-1] = _merged(prev, cell)
                continue
        out.append(cell)
    return out


def _ungroup(cols: list[Column]) -> list[Column]:
    """The columns in the order the rows print their cells: a group head (完成情况) stands for
    the sub-columns the header prints at its end (完成数, 同比增长), where the rows print them."""
    roles = [c.role for c in cols]
    for g, col in enumerate(cols):
        if re.sub(r"\s+", "", col.head) not in _GROUP_HEADS or g + 1 >= len(cols):
            continue
        tail = len(cols)
        while tail > g + 1 and roles[tail - 1] in ("actual", "growth"):
            tail -= 1
        subs = cols[tail:]
        between = cols[g + 1 : tail]
        if len(subs) >= 2 and between and all(c.role not in ("actual", "growth") for c in between):
            return [*cols[:g], *subs, *between]
    return cols


def _valid_header(cols: list[Column]) -> bool:
    roles = [c.role for c in cols]
    values = {"target", "actual", "estimate", "growth"}
    return "label" in roles and any(r in values for r in roles) and len(cols) >= 3


def _split_line(raw: str, lo: int, hi: int) -> list[_Cell]:
    """The cells of one line: parted by tabs or `|` when it has them, else by spaces."""
    line = raw[lo:hi]
    sep = r"\t|[|｜]" if re.search(r"[\t|｜]", line) else r"[ \u3000]+"
    cells, pos = [], 0
    for m in [*re.finditer(sep, line), None]:
        end = m.start() if m else len(line)
        text = line[pos:end]
        stripped = text.strip()
        if stripped:
            off = text.index(stripped[0])
            cells.append(_Cell(lo + pos + off, lo + pos + off + len(stripped), stripped))
        elif m is not None and re.search(r"\t|[|｜]", m.group()) and pos > 0:
            cells.append(_Cell(lo + pos, lo + pos, ""))  # an empty cell keeps its column
        if m:
            pos = m.end()
    # a trailing separator leaves no empty cell
    while cells and cells[-1].text == "" and re.search(r"[|｜]\s*$", line):
        cells.pop()
    return cells


def _lines(raw: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in raw.splitlines(keepends=True):
        out.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return out


def _is_prose(text: str) -> bool:
    t = text.strip()
    return (
        t.endswith(("。", "：", ":", "；"))
        or len(re.sub(r"\s", "", t)) > 40
        or re.match(
            r"^\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|表\s*\S{1,3}\s)", t
        )
        is not None
    )


def _caption_before(raw: str, lines: list[tuple[int, int]], i: int, head_lo: int) -> str:
    """The caption: text before the header on its line, else the nearest non-blank line
    above (two at most)."""
    lo, _ = lines[i]
    before = raw[lo:head_lo].strip()
    if before:
        return before
    seen = 0
    for j in range(i - 1, -1, -1):
        text = raw[lines[j][0] : lines[j][1]].strip()
        if text:
            if len(text) <= 40:
                return text
            seen += 1
            if seen >= 1:
                break
    return ""


def _table_year(caption: str, cols: list[Column], ry: int, py: int, plan: bool) -> int:
    years = [int(y) for y in _YEAR.findall(caption)]
    if years:
        return years[-1]
    if plan:
        return py
    return ry


def _label_cell(text: str) -> tuple[str, str | None]:
    """A name cell as a label and the unit in brackets after it."""
    t = re.sub(r"\s+", "", text)
    t = re.sub(r"^[*＊#＃△▲]+|^(其中[:：]?)", "", t)
    unit = None
    if m := _UNIT_IN_BRACKETS.search(t):
        inner = m.group(1)
        if not re.search(r"\d", inner) and len(inner) <= 6:
            unit, t = inner, t[: m.start()]
    return t.strip("*＊"), unit


def _number_like(text: str) -> bool:
    return bool(NUMBER.search(text)) and len(re.sub(r"[^\u4e00-\u9fff]", "", text)) <= 6


def read_tables(raw: str, ry: int, py: int, units: set[str], plan_section: list[bool]) -> Tables:
    """Every results or plan table of `raw`. `plan_section[i]`: line i stands in a section
    that sets targets (its heading names the plan year, 目标 or 计划)."""
    lines = _lines(raw)
    out = Tables()
    i = 0
    while i < len(lines):
        lo, hi = lines[i]
        found = _header_at(raw, lines, i)
        if found is None:
            i += 1
            continue
        mode, cols, head_cells, next_i, rest_cells = found
        caption = _caption_before(raw, lines, i, head_cells[0].lo)
        kinds = {c.role for c in cols}
        plan = (
            bool(re.search("目标|计划|预期", caption)) and not re.search("完成|执行", caption)
        ) or (plan_section[i] and not kinds & {"actual", "estimate"} and "完成" not in caption)
        year = _table_year(caption, cols, ry, py, plan)
        period_m = PERIOD.search(caption)
        out.headers.append((head_cells[0].lo, head_cells[-1].hi))
        rows, i = _rows(raw, lines, mode, cols, next_i, rest_cells)
        for row in rows:
            row = _join_spaced(raw, row, len(cols), out)
            period = period_of(period_m.group(1)) if period_m else None
            _read_row(row, cols, year, period, units, out)
    return out


_PIECE = re.compile(r"\d+(?:\.\d+)?")


def _join_spaced(raw: str, row: list[_Cell], width: int, out: Tables) -> list[_Cell]:
    """A row's cells with a number whose digits the table spaces out joined into one cell, as
    the quote check reads it once spaces are deleted: a piece that opens with its decimal point
    (363 .98) always; a short whole piece before a number (3 63.98) only while the row has
    more cells than the header has columns, and only where that is the one such pair (else two
    numbers of adjacent columns, 5 5.2, would be joined). Cells parted by a tab or | never."""

    def spaced_apart(a: _Cell, b: _Cell) -> bool:
        gap = raw[a.hi : b.lo]
        return bool(gap) and not gap.strip() and "\t" not in gap

    def join(cells: list[_Cell], k: int) -> list[_Cell]:
        a, b = cells[k], cells[k + 1]
        text = a.text + b.text
        out.spaced[a.lo] = out.spaced.pop(a.lo, a.text) + b.text
        out.spaced_tails.update(b.lo + m.start() for m in NUMBER.finditer(b.text))
        out.spaced_tails.discard(a.lo)
        return [*cells[:k], _Cell(a.lo, b.hi, text), *cells[k + 2 :]]

    cells = list(row)
    k = 0
    while k + 1 < len(cells):
        a, b = cells[k], cells[k + 1]
        if (
            _PIECE.fullmatch(a.text)
            and re.fullmatch(r"\.\d+", b.text)
            and "." not in a.text
            and spaced_apart(a, b)
        ):
            cells = join(cells, k)
            continue
        k += 1
    pairs = [
        k
        for k in range(len(cells) - 1)
        if re.fullmatch(r"\d{1,3}", cells[k].text)
        and _PIECE.fullmatch(cells[k + 1].text)
        and spaced_apart(cells[k], cells[k + 1])
        and k > 0  # a row's first cell is its number (序号), never a piece
    ]
    if len(cells) == width + 1 and len(pairs) == 1:
        cells = join(cells, pairs[0])
    return cells


def _header_at(raw: str, lines: list[tuple[int, int]], i: int):
    """A header starting on line i: (mode, columns, header cells, next line, cells after the
    header on its line), or None."""
    lo, hi = lines[i]
    cells = _split_line(raw, lo, hi)
    cells = _join_split_heads(raw, cells) if len(cells) >= 3 else cells
    cols = [column_of(c.text) for c in cells]
    # one row per line: every cell of the line names a column
    if len(cells) >= 3 and all(cols):
        picked = [c for c in cols if c]
        if _valid_header(picked):
            return "line", _ungroup(picked), cells, i + 1, []
    # flattened: a run of column names inside a line of spaced words, the rows after it (a
    # tab- or |-separated header has its rows on lines of their own)
    if len(cells) >= 5 and not re.search(r"[\t|｜]", raw[lo:hi]):
        for start in range(len(cells)):
            run = []
            for c in cols[start:]:
                if c is None:
                    break
                run.append(c)
            if len(run) >= 3 and _valid_header(run) and start + len(run) < len(cells):
                return (
                    "flat",
                    _ungroup(run),
                    cells[start : start + len(run)],
                    i + 1,
                    cells[start + len(run) :],
                )
    # one cell per line: this line and the next non-blank ones each name one column
    if len(cells) == 1 and cols[0] is not None:
        run_cells, run_cols, j = [], [], i
        while j < len(lines):
            text = raw[lines[j][0] : lines[j][1]].strip()
            if not text:
                j += 1
                continue
            col = column_of(text)
            if col is None:
                break
            one = _split_line(raw, *lines[j])
            run_cells.append(one[0])
            run_cols.append(col)
            j += 1
        if len(run_cols) >= 3 and _valid_header(run_cols):
            return "cells", _ungroup(run_cols), run_cells, j, []
    return None


def _rows(raw, lines, mode, cols, i, rest):
    """The rows after a header: lists of cells, and the line after the table."""
    has_seq = any(c.role == "seq" for c in cols)
    if mode == "line":
        rows = []
        while i < len(lines):
            lo, hi = lines[i]
            text = raw[lo:hi]
            if not text.strip():
                i += 1
                if rows:
                    break
                continue
            if re.fullmatch(r"[\s|｜:：\-—]+", text):
                i += 1
                continue
            cells = _split_line(raw, lo, hi)
            if len(cells) < 2 or (_is_prose(text) and len(cells) < len(cols) - 1):
                break
            if _header_at(raw, lines, i) is not None:
                break
            rows.append(cells)
            i += 1
        return rows, i
    cells = list(rest)
    if mode == "cells":
        while i < len(lines):
            lo, hi = lines[i]
            text = raw[lo:hi].strip()
            if not text:
                i += 1
                continue
            if _is_prose(text) or _header_at(raw, lines, i) is not None:
                break
            one = _split_line(raw, lo, hi)
            cells.append(_Cell(one[0].lo, one[-1].hi, raw[one[0].lo : one[-1].hi]))
            i += 1
    if has_seq:
        return _cut_by_seq(cells), i
    n = len(cols)
    return [cells[k : k + n] for k in range(0, len(cells), n)], i


def _cut_by_seq(cells: list[_Cell]) -> list[list[_Cell]]:
    """Rows that start at the next row number in sequence, followed by a name."""
    rows: list[list[_Cell]] = []
    want = None
    for k, c in enumerate(cells):
        t = c.text.strip()
        nxt = cells[k + 1].text if k + 1 < len(cells) else ""
        starts = (
            t.isdigit()
            and (want is None or int(t) == want)
            and re.search("[\u4e00-\u9fff]", nxt) is not None
            and not _number_like(nxt)
        )
        if starts:
            rows.append([c])
            want = int(t) + 1
        elif rows:
            rows[-1].append(c)
    return rows


def _place(row: list[_Cell], cols: list[Column], units: set[str]) -> tuple[list, bool]:
    """(cell, column) pairs: one cell per column in order when the row has as many; else each
    cell by its look (a number for the seq, the name, an attribute word, a unit), the rest of
    the cells to the value columns in order."""
    if len(row) == len(cols):
        pairs = list(zip(row, cols, strict=True))
        if all(_fits(cell, col) for cell, col in pairs):
            return pairs, True
    pairs = []
    free = list(cols)

    def take(role: str) -> Column | None:
        for c in free:
            if c.role == role:
                free.remove(c)
                return c
        return None

    rest = []
    for k, cell in enumerate(row):
        t = cell.text.strip()
        if k == 0 and t.isdigit() and any(c.role == "seq" for c in free):
            pairs.append((cell, take("seq")))
        elif t in _ATTRIBUTES and any(c.role == "attr" for c in free):
            pairs.append((cell, take("attr")))
        elif t in units and any(c.role == "unit" for c in free):
            pairs.append((cell, take("unit")))
        elif (
            not _number_like(t)
            and re.search("[\u4e00-\u9fff]", t)
            and any(c.role == "label" for c in free)
        ):
            pairs.append((cell, take("label")))
        else:
            rest.append(cell)
    values = [c for c in free if c.role in ("target", "actual", "estimate", "growth")]
    if len(rest) > len(values):  # 增长7% （后调整为1.6%左右）: a bracket continues its cell
        rest = _join_brackets(rest)
    if len(rest) > len(values):  # 有效期内高企总数4922家 ——: a dash after a cell is its own
        rest = [c for c in rest if not re.fullmatch(r"[-—–]+", c.text.strip())] or rest
    for cell in rest:
        while values and values[0].role == "growth" and not _rate_like(cell.text):
            values.pop(0)  # 1916家 is no growth rate: the growth column is left empty
        if not values:
            break
        pairs.append((cell, values.pop(0)))
    return pairs, False


def _fits(cell: _Cell, col: Column) -> bool:
    """Whether a cell can stand in a column: a name is no number, an attribute cell holds an
    attribute word (or nothing), a row number is a number."""
    t = cell.text.strip()
    if col.role == "attr":
        return t in _ATTRIBUTES or not t or re.fullmatch(r"[-—–/]+", t) is not None
    if col.role == "label":
        return not _number_like(t) or re.search("[\u4e00-\u9fff]{2}", t) is not None
    if col.role == "seq":
        return t.isdigit() or not t
    return True


def _rate_like(text: str) -> bool:
    """A growth cell: a rate, a dash or words (a note such as 有效期内高企总数4922家 too),
    never a bare amount with its unit (1916家)."""
    t = re.sub(r"\s+", "", text)
    return "%" in t or not NUMBER.search(t) or "百分点" in t or _note(t)


def _note(text: str) -> bool:
    """Words with a figure of their own in a value cell (有效期内高企总数4922家)."""
    return len(re.findall("[\u4e00-\u9fff]", text)) >= 4 and "%" not in text


def _join_brackets(cells: list[_Cell]) -> list[_Cell]:
    out: list[_Cell] = []
    for cell in cells:
        if out and re.match(r"[（(]", cell.text.strip()):
            out[-1] = _merged(out[-1], cell)
        else:
            out.append(cell)
    return out


def _merged(a: _Cell, b: _Cell) -> _Cell:
    """Two cells as one, the gap between them kept as spaces: an offset into the text stays
    an offset into the raw text."""
    return _Cell(a.lo, b.hi, f"{a.text}{' ' * (b.lo - a.hi)}{b.text}")


def _read_row(row, cols, year, period, units, out: Tables) -> None:
    if not row:
        return
    pairs, aligned = _place(row, cols, units)
    label, unit, attribute = "", None, None
    for cell, col in pairs:
        if col.role == "label":
            label, unit_b = _label_cell(cell.text)
            unit = unit or unit_b
        elif col.role == "unit" and cell.text.strip():
            unit = re.sub(r"\s+", "", cell.text)
        elif col.role == "attr" and cell.text.strip():
            attribute = re.sub(r"\s+", "", cell.text)
    row_lo, row_hi = row[0].lo, max(c.hi for c in row)
    for cell, col in pairs:
        spans = [(cell.lo + m.start(), m) for m in NUMBER.finditer(cell.text)]
        if col.role == "seq":
            out.row_numbers.update(at for at, _ in spans)
            continue
        if col.role in ("label", "unit", "attr", "other"):
            out.in_labels.update(at for at, _ in spans)
            continue
        kind = "target" if col.role == "target" else col.role
        growth = col.role == "growth"
        if growth:
            kind = "actual"
        own_label = label
        note = growth and _note(re.sub(r"\s+", "", cell.text))
        if note:
            growth = False  # a figure with words of its own, not the row's growth
            first = NUMBER.search(cell.text)
            own_label = re.sub(r"\s+", "", cell.text[: first.start()]) if first else label
        words = re.sub(r"\s+", "", cell.text)
        if col.role == "target" and not spans and len(re.findall("[\u4e00-\u9fff]", words)) >= 2:
            spans = [(cell.lo, None)]  # a target in words: one fact for the cell, no number
        for at, number in spans:
            fact = CellFact(
                year=col.year or year,
                kind=kind,
                head=col.head,
                label=own_label or label,
                unit=col.unit if growth else (None if note else unit or col.unit),
                attribute=attribute,
                growth=growth,
                period=col.period or period,
                row_lo=row_lo,
                row_hi=row_hi,
                cell_lo=cell.lo,
                cell_hi=cell.hi,
                aligned=aligned,
            )
            if number is None:
                out.words.append((words, fact))
            else:
                out.facts[at] = fact
