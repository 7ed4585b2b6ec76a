"""`python -m analysis draft SOURCE`: candidate indicator rows for every number of a report that
coverage finds neither curated nor excluded by a rule.

Each draft row is a guess a reviewer checks, never data: the quote is the sentence (or table row)
verbatim, so it passes the provenance check as written; the value is the number as printed;
everything else (year, kind, unit, qualifier, label, indicator key) is read from the words around
the number, and the `confidence` column says, field by field, what the guess rests on.

- year and kind: a table column headed "<results year> 年完成" or "<plan year> 年目标"; else
  the section (a heading naming the results year or 执行情况/完成/总体情况 → results; naming the
  plan year or 目标/计划/任务 → plan); 预计 earlier in the sentence → an estimate; an explicit
  year just before the number, or 上年, overrides the year.
- unit: the longest unit of units.csv printed right after the number (万余人 reads as 万人).
- qualifier: a bound word right before (突破, 超过, 逾, 近, 约, 不低于) or after (以上, 左右, 以内,
  余/多) the number, 力争 earlier in its clause, 与…保持同步 after it.
- label_zh: the name printed before the number in its clause, without the verb (完成, 达到,
  同比增长…), or after the number and unit when the clause starts with a verb (新增 … 张养老床位).
  A growth rate without a name of its own takes the name of the level before it.
- indicator: the catalogue key whose Chinese name, or a label already curated for it, is most
  like the printed label, among keys measured in the unit's quantity (a growth rate prefers a
  key whose base is the level named).
"""

from __future__ import annotations

import bisect
import csv
import io
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from analysis.base.errors import UnknownKeyError, WorkbookError
from analysis.base.files import atomic_write_text
from analysis.base.paths import data_dir as resolve_data_dir
from analysis.base.paths import protected_folder
from analysis.contract import provenance
from analysis.contract.coverage import coverage_of
from analysis.contract.package import Package, lenient_package
from analysis.contract.schema import read_descriptor
from analysis.curate import projects as project_lists
from analysis.curate.tables import PERIOD, period_of, read_tables

#: Sentence ends and item bullets: a quote never runs across them.
_STOPS = "。；;！？!?●\uf06c\uf0d8\uf0b7■◆"
_CLAUSE = "，,、：:（）()" + _STOPS
_L1 = re.compile(r"^\s*([一二三四五六七八九十]+)、\s*(\S.*)$")
_L2 = re.compile(r"^\s*（([一二三四五六七八九十]+)）\s*(\S.*)$")
_ANNEX = re.compile(r"^\s*附件\s*(\d+)\s*$")
_TABLE = re.compile(r"^\s*表\s*(\d+)\s*[:：]?\s*(\S.*)?$")
_COLUMN = re.compile(r"(\d{4})\s*年\s*(完成|目标|计划|预计)")
_YEAR_BEFORE = re.compile(r"(\d{4})年(?:[^，,；;。0-9]{0,6})$")

_BEFORE_QUALIFIERS = (("不低于", "不低于"), ("突破", "突破"), ("迈上", "迈上"), ("超过", "超"),
                      ("超", "超"), ("逾", "逾"), ("近", "近"), ("约", "约"))  # fmt: skip
_AFTER_QUALIFIERS = (("以上", "以上"), ("左右", "左右"), ("以内", "以内"), ("余", "余"),
                     ("多", "余"))  # fmt: skip
_IN_STEP = ("与全市保持同步", "与经济增长保持同步", "与经济保持同步")
#: The groups a rank is printed within (位居全市第四, 中心城区第一), longest first.
_RANK_GROUPS = "全市各区|中心城区|五个新城|郊区|全市|全国|全省|全区|新城|长三角"
_RANK_VERB = "(?:位居|位列|居于|稳居|跃居|名列|排名|排在|保持|继续|居|列|排)"
#: A rank in digits: the clause before the number ends with the group and 第 (位列全市第4).
_RANK_BEFORE = re.compile(rf"(?P<group>{_RANK_GROUPS})(?:排名|排位|排)?第$")
#: A rank in Chinese numerals (位居全市第四); not 第二届, 第三批 (an edition or a batch).
_RANK_WORDS = re.compile(
    rf"(?P<group>{_RANK_GROUPS})\s*(?:排名|排位|排)?\s*第\s*(?P<n>[一二三四五六七八九十]{{1,3}})"
    r"(?![一二三四五六七八九十届批次轮期个家条项号部年季])"
)
#: What ends a label before a rank: the verb, the group and 第 (…规模位列全市第).
_RANK_TAIL = re.compile(rf"{_RANK_VERB}?(?:{_RANK_GROUPS})(?:排名|排位|排)?第$")
#: Words between a name and its number, stripped from the end of a label.
_VERBS = ("同比增长", "可比增长", "同比下降", "同比减少", "同比回落", "回落", "下滑", "同比",
          "比上年增长", "增长", "提高", "下降", "减少", "达到", "总数达", "总量达",
          "累计达", "累计培育", "全年", "竣工", "在完成", "上年", "开工", "分别", "较上年",
          "较上届提升", "较上届", "获得", "共计", "合计", "完成", "实现", "预计", "力争", "确保",
          "控制在",
          "超过", "突破", "迈上", "不低于", "保持", "新增", "新建", "建成", "累计", "达", "为",
          "约", "近", "逾", "超", "共", "已", "计", "有")  # fmt: skip
#: A clause that opens with one of these counts what follows the number (新增 1380 张养老床位).
_LEADING_VERBS = ("新增", "新建", "建成", "完成", "培育", "引进", "举办", "开展", "实施", "推进",
                  "打造", "创建", "新开工", "开工", "竣工", "交付", "累计", "共", "全年", "成立",
                  "发放", "帮助", "改造", "提供", "惠及", "招引", "落地", "组织", "服务",
                  "接待", "推出", "聚焦", "加快")  # fmt: skip
#: A clause before a number that is all verb: the name follows the number.
_VERB_ONLY = re.compile(
    r"^(?:全年|累计)?(?:新开工|开工|竣工|新建|建成|开工建设|新开工建设|开办|成立)+$"
)
#: Verbs of reach a count's name keeps: it counts those reached (惠及 2200 余家企业: 惠及企业).
_KEPT_VERBS = ("惠及", "覆盖", "服务")
_GROWTH_WORDS = ("增长", "增速", "下降", "提高", "降低", "减少", "回落", "下滑")


#: The draft's own columns after those of indicators.csv: the value with its sign (a fall
#: printed 下降4% is -4; `value` keeps the digits as printed), the target's attribute from a
#: 指标类型 column, and what each guess rests on. (A period shorter than the year is a column of
#: indicators.csv itself, `period`.)
DRAFT_COLUMNS = ("value_signed", "attribute", "confidence")


@dataclass
class DraftResult:
    """Draft rows for one source, and the numbers that could not be drafted."""

    source: str
    rows: list[dict[str, object]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: rows of project tables, in projects.csv's columns (curate/projects.py): never indicators
    projects: list[dict[str, object]] = field(default_factory=list)

    def summary(self) -> list[str]:
        out = []
        for what, rows in (("confidence", self.rows), ("project rows", self.projects)):
            by = {"high": 0, "medium": 0, "low": 0}
            for r in rows:
                by[str(r["confidence"]).split(":", 1)[0]] += 1
            if rows or what == "confidence":
                out.append(f"{what}: {by['high']} high, {by['medium']} medium, {by['low']} low")
        out += [f"not drafted: {s}" for s in self.skipped]
        return out


@dataclass
class _Context:
    annex: str = ""
    l1: str = ""
    l1_title: str = ""
    l2: str = ""
    table: str = ""
    phase: str = "results"  # results or plan
    phase_why: str = "no section heading yet: read as results"
    columns: dict[int, tuple[int, str, str]] = field(default_factory=dict)
    tab_table: bool = False
    table_phase: tuple[str, str] | None = None  # a table caption naming its year

    def effective_phase(self) -> tuple[str, str]:
        return self.table_phase or (self.phase, self.phase_why)

    def section(self) -> str:
        head = f"{self.l1}（{self.l2}" if self.l1 and self.l2 else self.l1_title
        parts = [p for p in (self.annex, self.table or head) if p]
        return " ".join(parts) or "正文"


def _phase(title: str, results_year: int, plan_year: int) -> tuple[str, str] | None:
    flat = provenance.normalize(title)
    if str(plan_year) + "年" in flat and re.search("目标|计划|任务|草案|要求|安排", flat):
        if not (str(results_year) + "年" in flat and "执行情况" in flat):
            return "plan", f"section '{flat[:30]}' names the plan year"
    if str(results_year) + "年" in flat or re.search("执行情况|总体情况|完成情况", flat):
        return "results", f"section '{flat[:30]}' reports results"
    if re.search("目标|任务|措施", flat):
        return "plan", f"section '{flat[:30]}' sets targets"
    return None


def _line_contexts(raw: str, results_year: int, plan_year: int) -> list[tuple[int, _Context]]:
    """For each line start, the context it opens (a copy of the running context)."""
    ctx = _Context()
    out: list[tuple[int, _Context]] = []
    pos = 0
    for line in raw.splitlines(keepends=True):
        text = line.rstrip("\r\n")
        heading = True
        if m := _ANNEX.match(text):
            ctx = _Context(annex=f"附件{m.group(1)}", phase=ctx.phase, phase_why=ctx.phase_why)
        elif m := _L1.match(text):
            ctx.l1, ctx.l2, ctx.table, ctx.tab_table = m.group(1), "", "", False
            ctx.l1_title = provenance.normalize(text)
            ctx.table_phase = None
            ctx.columns = {}
            ph = _phase(text, results_year, plan_year)
            if ph:
                ctx.phase, ctx.phase_why = ph
        elif m := _L2.match(text):
            ctx.l2 = f"{m.group(1)}）{provenance.normalize(m.group(2))}"
            ctx.table, ctx.tab_table, ctx.columns, ctx.table_phase = "", False, {}, None
        elif (m := _TABLE.match(text)) and len(provenance.normalize(text)) < 40:
            title = provenance.normalize(m.group(2) or "")
            ctx.table, ctx.tab_table, ctx.columns = f"表{m.group(1)} {title}".strip(), False, {}
            ctx.table_phase = _phase(title, results_year, plan_year)
        else:
            heading = False
        if not heading and "\t" in text:
            cells = text.split("\t")
            found = {i: _COLUMN.search(c) for i, c in enumerate(cells)}
            if any(found.values()):
                ctx.columns, last = {}, None
                for i, _c in enumerate(cells):
                    if found[i]:
                        y, word = int(found[i].group(1)), found[i].group(2)
                        kind = (
                            "estimate"
                            if word == "预计"
                            else ("actual" if word == "完成" else "target")
                        )
                        last = (y, kind, provenance.normalize(cells[i]))
                    if last:
                        ctx.columns[i] = last
            ctx.tab_table = True
        elif not heading and text.strip() and ctx.tab_table:
            ctx.tab_table, ctx.columns = False, {}  # a paragraph ends a tab-separated table
            if ctx.table:
                ctx.table, ctx.table_phase = "", None
        out.append((pos, _copy(ctx)))
        pos += len(line)
    return out


def _copy(ctx: _Context) -> _Context:
    return _Context(**{**ctx.__dict__, "columns": dict(ctx.columns)})


def _column_of(line: str, columns: dict[int, tuple[int, str, str]], cell: int) -> tuple:
    """The year column a cell stands in. A row whose filled value cells all fall under one year
    although the header has several (a misaligned row) is read in order: k-th cell, k-th year."""
    cells = line.rstrip("\r\n").split("\t")
    filled = [i for i in columns if i < len(cells) and cells[i].strip()]
    groups = list(dict.fromkeys(columns[i][:2] for i in columns))
    if len(filled) == len(groups) > 1 and len({columns[i][:2] for i in filled}) == 1:
        year, kind = groups[filled.index(cell)]
        head = next(v[2] for v in columns.values() if v[:2] == (year, kind))
        return year, kind, head + " (row read in order: misaligned cells)"
    return columns[cell]


def _row_label(line: str, ctx: _Context, part: int) -> str | None:
    """The name column of a tab-separated table row (the cell before the year columns with the
    most Chinese), its `part`-th name when the row states several separated by '/'."""
    cells = line.rstrip("\r\n").split("\t")
    first = min(ctx.columns) if ctx.columns else len(cells)
    named = [provenance.normalize(c) for c in cells[:first]]
    if not named:
        return None
    # the name column: the most Chinese, the later cell on a tie (类别 comes before 指标内容)
    best = max(reversed(named), key=lambda c: len(re.sub(r"[^\u4e00-\u9fff]", "", c)))
    parts = [p for p in best.split("/") if p]
    if not parts:
        return None
    return parts[part] if part < len(parts) else parts[-1]


def _row_unit(line: str, ctx: _Context, part: int) -> str | None:
    """The 计量单位 cell of a tab-separated table row (the cell just before the year columns),
    its `part`-th unit when it lists several separated by '/'."""
    cells = line.rstrip("\r\n").split("\t")
    if not ctx.columns or min(ctx.columns) < 1 or min(ctx.columns) > len(cells):
        return None
    parts = [p for p in provenance.normalize(cells[min(ctx.columns) - 1]).split("/") if p]
    if not parts:
        return None
    return parts[part] if part < len(parts) else parts[-1]


def _tidy(span: str) -> str:
    """A raw passage as a quote: line breaks (and the spaces around them) dropped."""
    out = re.sub(r"[ \t\u3000\r]*\n\s*", "", span)
    return re.sub(r"[ \t\u3000]+", " ", out).strip()


def _bounds(raw: str, at: int, end: int) -> tuple[int, int]:
    """The sentence around a number: from the last stop or bullet before it to the next stop."""
    lo = at
    while lo > 0 and raw[lo - 1] not in _STOPS:
        lo -= 1
    hi = end
    while hi < len(raw) and raw[hi] not in _STOPS:
        hi += 1
    if hi < len(raw) and raw[hi] in "。；;！？!?":
        hi += 1
    return lo, hi


def _short_line_ends(raw: str) -> list[int]:
    """Where a line that stops well short of the text's usual width ends: in text extracted
    from a PDF (hard line breaks at a fixed width) that is the end of an item or paragraph,
    even without a full stop."""
    lines, pos = [], 0
    for line in raw.splitlines(keepends=True):
        lines.append((pos, pos + len(line.rstrip("\r\n")), len(provenance.normalize(line))))
        pos += len(line)
    lengths = sorted(n for _, _, n in lines if n)
    if not lengths:
        return []
    width = lengths[int(0.9 * (len(lengths) - 1))]
    return [end for _, end, n in lines if 0 < n < 0.8 * width]


def _heading_cut(lo: int, at: int, heading_ends: list[int]) -> int:
    """A quote starts after the last heading line before the number."""
    for h in heading_ends:
        if lo < h <= at:
            lo = h
    return lo


def _unit_after(after: str, units: list[str]) -> tuple[str | None, str | None, int]:
    """(unit, qualifier 余 when 万余/余 precedes the unit, characters consumed)."""
    qual, skip = None, 0
    t = after
    if t[:1] in ("余", "多"):
        qual, t, skip = "余", t[1:], 1
    if t[:2] in ("万余", "万多"):
        qual, t, skip = "余", "万" + t[2:], 1
    if t.startswith("个百分点"):
        return "百分点", qual, skip + 4
    best = max((u for u in units if t.startswith(u)), key=len, default=None)
    return best, qual, skip + (len(best) if best else 0)


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"[\s“”\"《》（）()、，,：:]", "", text)
    return {t[i : i + 2] for i in range(len(t) - 1)} or ({t} if t else set())


def _similarity(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class _Catalogue:
    """Catalogue keys by name and by labels already curated, filtered by the unit's quantity."""

    def __init__(self, pkg: Package):
        self.units = {r["unit"]: r for r in pkg.tables["units"]}
        self.entries = {r["indicator"]: r for r in pkg.tables["catalogue"]}
        self.qualifiers = {str(r["qualifier"]) for r in pkg.tables["qualifiers"]}
        names: list[tuple[str, str, set[str]]] = []
        for key, r in self.entries.items():
            names.append((key, str(r["name_zh"]), _bigrams(str(r["name_zh"]))))
        seen = set()
        for r in pkg.tables["indicators"]:
            pair = (r["indicator"], r["label_zh"])
            if pair not in seen:
                seen.add(pair)
                names.append(
                    (str(r["indicator"]), str(r["label_zh"]), _bigrams(str(r["label_zh"])))
                )
        self.names = names
        # the names whose key measures each quantity, in the same order (None: every name)
        self.by_quantity: dict[str | None, list[tuple[str, str, set[str]]]] = {}
        for entry in names:
            quantity = self.quantity(entry[0])
            if quantity is not None:
                self.by_quantity.setdefault(quantity, []).append(entry)
        self.by_quantity[None] = names
        self.projects = project_lists.vocabulary(pkg)
        self._suggested: dict[tuple, tuple[str | None, float, str]] = {}

    def quantity(self, key: str) -> str | None:
        unit = self.units.get(self.entries[key]["unit"])
        return unit["quantity"] if unit else None

    def suggest(
        self, label: str, unit: str | None, growth: bool, level_key: str | None
    ) -> tuple[str | None, float, str]:
        """The likeliest catalogue key for a label, with its score and why (remembered: a
        report repeats its labels, and each comparison runs over every name)."""
        args = (label, unit, growth, level_key)
        if args not in self._suggested:
            self._suggested[args] = self._suggest(*args)
        return self._suggested[args]

    def _suggest(
        self, label: str, unit: str | None, growth: bool, level_key: str | None
    ) -> tuple[str | None, float, str]:
        want = self.units[unit]["quantity"] if unit in self.units else None
        if growth and level_key:
            for key, r in self.entries.items():
                if r.get("base") == level_key and r["measure"] == "growth":
                    if want is None or self.quantity(key) == want:
                        return key, 0.9, f"growth rate of {level_key} (its base)"
        grams = _bigrams(label)
        best: tuple[float, str, str] = (0.0, "", "")
        for key, name, g in self.by_quantity.get(want, []):
            score = 1.0 if name == label else _similarity(grams, g)
            if growth and want == "percent":
                score += 0.05 if self.entries[key]["measure"] == "growth" else -0.05
            if score > best[0]:
                best = (score, key, name)
        if best[0] <= 0.2:
            return None, 0.0, "no catalogue key is like the label: add one to catalogue.csv"
        how = "equals" if best[0] >= 1.0 else f"is like (similarity {best[0]:.2f})"
        return best[1], best[0], f"label {how} '{best[2]}'"


def _cell_text(raw: str, place: _Place, cell) -> str:
    """The table cell a number stands in (a column's cell, or a tab-separated line's), else ''."""
    if cell is not None:
        return raw[cell.cell_lo : cell.cell_hi]
    return place.line.split("\t")[place.cell] if place.cell >= 0 else ""


def _key_rank(score: float, reason: str) -> str:
    """How sure a key is: a catalogue name equal to the label (or the growth rate of the level
    named before it) is sure; a key only suggested by a name like the label's is at best
    medium, and low below a similarity of 0.85 (measured: such keys were right in half the
    rows of the leave-one-out)."""
    if "is like" in reason:
        return "medium" if score >= 0.85 else "low"
    return "high" if score >= 0.85 else "medium" if score >= 0.6 else "low"


def _level(rank: list[str]) -> str:
    if "low" in rank:
        return "low"
    return "medium" if "medium" in rank else "high"


@dataclass
class _Place:
    """Where a number stands: its quote's span, its clause, and a table row's cells."""

    lo: int
    hi: int
    ctx: _Context
    line: str
    cell: int  # tab-separated cell index; -1 outside a table row
    sentence_before: str  # normalised, from the quote's start to the number
    clause_before: str
    after: str  # normalised, from the number to a little past the quote's end
    row_label: str | None = None
    row_unit: str | None = None
    in_quote: str = ""  # normalised, from the number to the quote's end: where a name may follow


@dataclass
class _Why:
    """The reasons for each guess and how sure each is."""

    reasons: list[str] = field(default_factory=list)
    rank: list[str] = field(default_factory=list)

    def add(self, reason: str, rank: str | None = None) -> None:
        self.reasons.append(reason)
        if rank:
            self.rank.append(rank)

    def text(self) -> str:
        return f"{_level(self.rank)}: " + "; ".join(self.reasons)


class _Seed:
    """A seed's text with its line contexts, heading ends and short-line ends."""

    def __init__(self, raw: str, results_year: int, plan_year: int):
        self.raw = raw
        self.contexts = _line_contexts(raw, results_year, plan_year)
        self.starts = [p for p, _ in self.contexts]
        self.heading_ends = []
        for p, nxt in zip(self.starts, self.starts[1:] + [len(raw)], strict=True):
            text = raw[p:nxt].strip()
            if text and (
                _L1.match(text)
                or _L2.match(text)
                or _ANNEX.match(text)
                or (_TABLE.match(text) and len(provenance.normalize(text)) < 40)
            ):
                self.heading_ends.append(nxt)
        self.short_ends = _short_line_ends(raw)

    def place(self, at: int, end: int) -> _Place:
        raw = self.raw
        li = bisect.bisect_right(self.starts, at) - 1
        line_start, ctx = self.contexts[li]
        line_end = self.starts[li + 1] if li + 1 < len(self.starts) else len(raw)
        line = raw[line_start:line_end]
        if "\t" in line and ctx.tab_table:  # a table row is its own quote
            lo, hi, cell = line_start, line_end, raw[line_start:at].count("\t")
        else:
            lo, hi = _bounds(raw, at, end)
            lo, cell = _heading_cut(lo, at, self.heading_ends), -1
            k = bisect.bisect_left(self.short_ends, at)
            if k > 0 and self.short_ends[k - 1] > lo:
                lo = self.short_ends[k - 1]
            if k < len(self.short_ends) and self.short_ends[k] < hi:
                hi = self.short_ends[k]
        before = provenance.normalize(raw[lo:at])
        masked = _mask_asides(before)
        clause_start = max(masked.rfind(c) for c in _CLAUSE + "\t ") + 1
        place = _Place(
            lo, hi, ctx, line, cell, before, before[clause_start:],
            provenance.normalize(raw[end : min(len(raw), hi + 40)]),
        )  # fmt: skip
        place.in_quote = provenance.normalize(raw[end:hi])
        if cell >= 0:
            cell_start = raw.rfind("\t", line_start, at) + 1 or line_start
            cell_text = provenance.normalize(raw[cell_start:at])
            part = cell_text.count("/")
            place.clause_before = re.split(r"[/，,、（(]", cell_text)[-1]
            place.row_label = _row_label(line, ctx, part)
            place.row_unit = _row_unit(line, ctx, part)
        return place


def _unit(place: _Place, units: dict) -> tuple[str | None, str | None, int, str]:
    """(unit, 余 when printed with it, characters used after the number, why)."""
    unit, q_unit, used = _unit_after(place.after, list(units))
    row_unit = place.row_unit
    if row_unit in units and (unit is None or row_unit.startswith(unit)) and row_unit != unit:
        return row_unit, q_unit, used, "the row's 计量单位 column"
    return unit, q_unit, used, "printed after the number"


def _qualifiers(place: _Place, q_unit: str | None, used: int) -> list[str]:
    """Bound words around the number, in printed order."""
    before, rest = place.clause_before, place.after[used:]
    quals: list[str] = []
    for word, q in _BEFORE_QUALIFIERS:
        if before.endswith(word):
            quals.append(q)
            break
    if "力争" in before and "力争" not in quals:
        quals.insert(0, "力争")
    if q_unit:
        quals.append(q_unit)
    for word, q in _AFTER_QUALIFIERS:
        if rest.startswith(word) and q not in quals:
            quals.append(q)
            break
    quals += [w for w in _IN_STEP if w in place.after[used : used + 12]]
    return quals


def _year_kind(place: _Place, ry: int, py: int, why: _Why) -> tuple[int, str]:
    """A table column's year, else the section's, corrected by the wording."""
    ctx, clause = place.ctx, place.clause_before
    if place.cell in ctx.columns:
        year, kind, head = _column_of(place.line, ctx.columns, place.cell)
        why.add(f"year/kind: table column '{head}'", "high")
        return year, kind
    phase, phase_why = ctx.effective_phase()
    kind = "target" if phase == "plan" else "actual"
    year = py if kind == "target" else ry
    why.add(f"year/kind: {phase_why}", "medium")
    if kind == "actual" and _PLAN_PROSE.search(place.sentence_before):
        kind, year = "target", py
        why.add("plan words in the sentence (今年…目标, 主要目标为): a target of the plan year")
    elif "预计" in place.sentence_before:
        kind, year = "estimate", ry
        why.add("预计 earlier in the sentence: estimate")
    elif (
        kind == "actual"
        and re.search("力争|确保|计划到|目标", clause)
        and str(py) in place.sentence_before
    ):
        kind, year = "target", py
        why.add("a target word and the plan year in the clause")
    ym = _YEAR_BEFORE.search(clause)
    if ym:
        y = int(ym.group(1))
        ok = py <= y <= py + 6 if kind == "target" else ry - 10 <= y <= ry
        if ok and y != year:
            year = y
            why.add(f"year {y} printed before the number")
    elif kind != "target" and re.search("(?<![较比])上年", clause):
        year = ry - 1
        why.add("上年 before the number: the year before")
    return year, kind


#: A short aside in brackets is part of a name, not a clause break: 指数（AQI）, 中心（点）.
_SHORT_BRACKETS = re.compile(r"[（(](?:[A-Za-z0-9.]{1,6}|[^\W\d一二三四五六七八九十]{1,2})[）)]")
#: When and how firmly, before a name: never the name's (全年, 2025年, 力争).
_PREFIX = re.compile(r"^(全年|全区|\d{4}年|力争|确保|计划)+")


def _mask_asides(text: str) -> str:
    """`text` with its short asides in brackets blanked out, at the same length: a search for
    clause breaks then finds none inside them."""
    return _SHORT_BRACKETS.sub(lambda b: "_" * len(b.group()), text)
#: A number standing alone in text; digits inside a name (5G, G1, PM2.5, PM_{2.5}) are not.
_NUMBER_IN_TEXT = re.compile(r"(?<![A-Za-z_{.])\d+(?:\.\d+)?(?![A-Za-z}])")


def _respective(sentence_before: str) -> str | None:
    """The name of the k-th figure after 分别 (A、B…分别为 a、b): the list's k-th item; after
    examples (新能源汽车、新一代信息技术等战略性新兴产业产值分别…) the name they share; a short
    later item is the first one's part (投资备案项目和总投资: 投资备案项目总投资)."""
    head, sep, tail = sentence_before.rpartition("分别")
    if not sep or re.search(r"[，,；;。]", tail):
        return None
    if _cjk(re.sub(r"为|同比|可比|增长|下降|达到?|亿元|万元|万|亿|个|和|及", "", tail)):
        return None  # the figures follow 分别 with only verbs, units and separators
    k = len(_NUMBER_IN_TEXT.findall(tail))
    names = re.split(r"[，,；;：:]", head)[-1]
    names = re.sub(r"^(全区|全市|全年)", "", names)
    shared = list(_EXAMPLES.finditer(names))
    if shared:
        name = names[shared[-1].end() :]
        return name if _cjk(name) >= 2 else None
    items = [i for i in re.split(r"[、和及]", names) if i]
    if len(items) < 2 or k >= len(items):
        return None
    item = re.split("各项|各类", items[k])[0] if k == len(items) - 1 else items[k]
    if k and _cjk(item) <= 3 and not items[0].endswith(item):
        item = items[0] + item
    return item if _cjk(item) >= 2 else None


def _cjk(text: str) -> int:
    return len(re.sub(r"[^\u4e00-\u9fff]", "", text))


#: What follows a name in "100 项年度重大工程加快推进": the work done, not the name.
_TRAILING = re.compile(
    r"(加快推进|有序推进|顺利推进|推进|试点建设|建设|竣工|合作|实现全覆盖|创建|工作|(?<=改造)任务|落地|名单|(?<=整治)工程|(?<=工程)举措|全覆盖)$"
)
#: A word whose last character is also a verb _VERBS strips (约, 达, 为): kept whole.
_WORD_ENDING = re.compile(r"(签约|节约|履约|制约|合约|到达|抵达|作为|成为|行为)$")
#: Markers before a name, never the name's own (共有数字经济企业, 其中发明专利, 入选第四批…).
_MARKERS = re.compile(
    r"^(共有|共建|共收到|收到|共|已积累|积累|已完成|企业获得|各类|确立|设置|支出|筹措|培育|其中|举办|建成|获评|获得|获"
    r"|的|我区|在[\u4e00-\u9fff]{2,6}举办"
    r"|入选(?:全市)?(?:首批|第[一二三四五六七八九十]+批)?|新（改）建|新\(改\)建|实事项目)+"
)
#: After a count, who is counted and what they did (5 家企业入选…, 7 个街道完成…创建): the name
#: is what they joined or won, so the subject and its verb go.
_SUBJECT = re.compile(
    r"^(?:(?:企业|街道|项目)(?=成功|入选|获评|创建|完成|纳入|申报))?(?:成功申报|入选|获评|创建|完成)?"
    r"(?:全市)?(?:首批|第[一二三四五六七八九十]+批)?(?=[\u4e00-\u9fff“])"
)
#: What a name after a number is doing (50 所实验校开展…, 5 座调蓄池工程加快建设): not the name.
_ACTION = re.compile(
    r"(?<=[\u4e00-\u9fff”）)]{2})(开展|全部|入驻|加快|授牌|推送|达标率|有效衔接|共同|发布"
    r"|全年|市级评估|按时|被|通过|注册|落户|参与|推动|在|完成|推进情况|获得)"
)
_MEDALS = ("金", "银", "铜")
#: 等 closing a list of examples (not 等级, 一等奖).
_EXAMPLES = re.compile(r"(?<![一二三优])等(?![级奖])")
#: A name's list number and count, printed around it: (一)…类项目(6项).
_ENUMERATED = re.compile(r"^[（(][一二三四五六七八九十]+[)）]|[（(]\d+[项个][)）]$")
#: Medals counted (1 金 2 银 3 铜): the metal is the name.
_MEDAL = re.compile(r"^([金银铜])(?=牌|的|[^\u4e00-\u9fff]|$)")


def _labels(place: _Place, used: int) -> tuple[str, str, str]:
    """The name printed before the number (without its verb), the one printed after it, and
    the name before with its leading verb (新增落地企业: what the catalogue key may name)."""
    before = _NUMBER_IN_TEXT.split(place.clause_before)[-1]
    measure = bool(re.search(r"\d", place.clause_before))
    ranked = _RANK_TAIL.sub("", before)  # …规模位列全市第4: the name, not the rank
    before = ranked if ranked or not place.clause_before.endswith("第") else ""
    for _ in range(3):
        for v in _VERBS:
            if _WORD_ENDING.search(before) and len(v) == 1 or before.endswith("新" + v):
                continue  # 签约, 节约: the word's own last character, not 约 (about); 新开工
            if before.endswith(v) and len(before) > len(v):
                before = before[: -len(v)]
                break
            if before == v:
                before = ""
    before = re.sub(r"^(<[a-z/]+>|[”’」』》）)]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)+", "", before)  # markup, a mark
    before = _ENUMERATED.sub("", before)  # (一)重点转型区域类项目(6项): the name between
    before = before.rsplit("将", 1)[-1] if _cjk(before.rsplit("将", 1)[-1]) >= 4 else before
    if "的" in before[1:-1]:  # 引进培育落地宝山的科技型企业: what the verbs' phrase qualifies
        head, tail = before.rsplit("的", 1)
        if head.startswith(_LEADING_VERBS) and _cjk(tail) >= 2:
            before = tail
    examples = list(_EXAMPLES.finditer(before[:-1]))
    if examples and examples[-1].start() > 0:  # 太平洋机电地块等低效产业用地盘活: examples first
        before = before[examples[-1].end() :]
    if measure:  # a measure word right after an earlier number (3 个…): not the name's
        before = re.sub(
            r"^(余|多)?(平方公里|万方|公里|个|家|项|名|人|套|户|所|座|条|张|台)(?=[\u4e00-\u9fff]{2})",
            "",
            before,
        )
        status = re.match(r"^[\u4e00-\u9fff]{2,4}?(已[\u4e00-\u9fff]{2})$", before)
        if status:  # 2201 套房源已入住 1985 户: the second count is of those 已入住
            before = status.group(1)
    unmarked = _MARKERS.sub("", _PREFIX.sub("", before))
    before = unmarked if _cjk(unmarked) >= 2 else before  # 全区共有数字经济企业, 支出帮扶金
    full = _PREFIX.sub("", before)
    bare = _MARKERS.sub("", _LEADING.sub("", before))
    if _cjk(bare) >= 4 or bare == full or not bare:  # 实现全区 12 个街镇: no name before
        before = bare  # a verb is cut only from a name that stays a name (完成整改 stays)
    else:
        before = full
    rest = place.in_quote[used:]
    masked = _mask_asides(rest)
    cut = re.search(f"[{re.escape(_CLAUSE)}]", masked)
    masked = masked[: cut.start()] if cut else masked
    # 及/和 join two counted names when another number follows (1 家社区及 3 家高校…), or a
    # name and a task (创建和验收); else a name of two parts (跨国公司地区总部和外资研发中心)
    joins = r"|及|和"
    if not re.search(r"(?<![A-Za-z])\d|[一二三四五六七八九十][大项个]", masked):
        joins = r"|[及和](?=[\u4e00-\u9fff]{0,3}$|[\u4e00-\u9fff“”]{10})"
    cut = re.search(rf"[，,。；;、：:（(]{joins}|(?<![参给授])与|(?<![A-Za-z])\d", masked)
    after = rest[: cut.start() if cut else len(masked)][:24]
    medal = _MEDAL.match(rest)
    if medal:
        return before, medal.group(1), full
    after = re.sub(
        r"^(余|的)(?=[\u4e00-\u9fff]{2})", "", after
    )  # 2000 余居村民: 余 is the number's
    if "的" in after[1:] and not re.search(
        "^的|的$", after
    ):  # 高品质的艺术普及教育活动, 重点地块的转型调整方案
        head, tail = after.split("的", 1)
        if head.count("“") == head.count("”"):  # not inside a quoted name (“家门口的好去处”)
            if head.startswith("具有") or _cjk(head) <= 3:
                after = tail
            elif re.match("落地|落实|转型|调整|建设|工作", tail):
                after = head
    after = re.sub(r"^(家庭|居民)(?=[\u4e00-\u9fff]{4})", "", after)  # 200 户家庭居家环境…
    subject = _SUBJECT.sub("", after)
    after = subject if _cjk(subject) >= 4 else after
    action = _ACTION.search(after)
    after = after[: action.start()] if action else after
    after = _TRAILING.sub("", after) if _cjk(_TRAILING.sub("", after)) >= 2 else after
    return before, after, full


def draft(source: str, data_dir: str | None = None) -> DraftResult:
    """Draft rows for every uncovered number of `source`'s seed."""
    folder = resolve_data_dir(data_dir)
    pkg = lenient_package(folder)
    sources = {r["source"]: r for r in pkg.tables["sources"]}
    if source not in sources:
        raise UnknownKeyError("source", source, list(sources))
    src = sources[source]
    cov = coverage_of(pkg, only=source)[0]
    raw = (folder.parent / str(src["file"])).read_text(encoding="utf-8")
    # a rank printed in words has no digits for coverage to see: the rows already curated
    ranked = frozenset(
        (provenance.normalize(str(r["quote"])), str(r.get("_printed_value")))
        for r in pkg.tables["indicators"]
        if r["source"] == source and r.get("rank_of") is not None
    )
    return draft_text(
        raw,
        int(src["results_year"]),
        int(src["plan_year"]),
        _Catalogue(pkg),
        source=source,
        district=str(src["district"]),
        numbers=cov.numbers,
        uncovered=set(cov.uncovered),
        seed=cov.seed,
        ranked=ranked,
    )


def catalogue_of(data_dir: str | None = None) -> _Catalogue:
    """The catalogue a draft suggests keys from (for drafting a text not in sources.csv)."""
    return _Catalogue(lenient_package(resolve_data_dir(data_dir)))


#: Words that make a growth rate printed right after them a fall (the value's sign).
_FALL = re.compile(r"(下降|减少|回落|降低|下滑)(了)?(约|近|超|逾|超过)?$")
#: A label that itself names a fall: its rate is stated positive (能耗下降率 2.5%).
_FALL_NAME = re.compile("下降|减少|降低|回落|削减")
#: Plan words in prose: the sentence states targets of the plan year wherever it stands.
_PLAN_PROSE = re.compile(
    r"(建议)?今年(?!以来)[^。；]*?(目标|预期|力争|计划|安排)|主要(预期)?目标(为|是)"
)
#: Leading verbs and markers, never part of an indicator's name. 新增, 新建 and 累计 stay: they
#: tell a flow from a running total (新增落地企业 beside 累计落地企业).
_LEADING = re.compile(
    r"^(全年|全区|\d{4}年|力争|确保|计划|共计|实现|完成|预计|达到|开展|发放|提供|促成|招引|达成"
    r"|(?:新增|新建|累计)(?=发放|接待|排查|举办|开展|完成|实现|帮助|提供|培育|引进|建成|打造))+"
)


def _sign(raw: str, m: re.Match, clause_before: str, label: str, growth: bool) -> tuple[str, str]:
    """(the value with its sign, why): a minus printed right before the digits (not a range's
    dash: 12-15, 1-11月) is part of the value; 下降/减少/回落 right before a growth rate make it
    negative, unless the label itself names a fall (能耗下降率)."""
    at = m.start()
    prev = raw[at - 1] if at > 0 else ""
    prev2 = raw[at - 2] if at > 1 else ""
    if prev in "-−－" and not (prev2.isalnum() or prev2 in ".%"):
        return "-" + m.group(), "a minus printed before the number"
    if growth and _FALL.search(clause_before) and not _FALL_NAME.search(label):
        word = _FALL.search(clause_before).group(1)
        return "-" + m.group(), f"{word} before a growth rate: a fall"
    return m.group(), ""


def draft_text(
    raw: str,
    ry: int,
    py: int,
    catalogue: _Catalogue,
    *,
    source: str,
    district: str,
    numbers: list,
    uncovered: set,
    seed: str,
    ranked: frozenset[tuple[str, str]] = frozenset(),
) -> DraftResult:
    """Draft rows for the uncovered `numbers` of `raw` (a report of results year `ry` and plan
    year `py`); `seed` is the normalised text the quotes must stand in; `ranked` the (quote,
    value) of ranks in words already curated, which no digit coverage sees."""
    if not raw.strip():
        return DraftResult(source)
    text_seed = _Seed(raw, ry, py)
    plan_lines = [c.phase == "plan" for _, c in text_seed.contexts]
    tables = read_tables(raw, ry, py, set(catalogue.units), plan_lines)
    result = DraftResult(source)

    def where(at: int) -> tuple[str, str]:
        ctx = text_seed.contexts[bisect.bisect_right(text_seed.starts, at) - 1][1]
        return ctx.section(), ctx.effective_phase()[0]

    result.projects, skipped, project_spans = project_lists.draft_rows(
        raw, ry, py, catalogue.projects, source=source, district=district, seed=seed, where=where
    )
    result.skipped += skipped
    project_starts = [lo for lo, _ in project_spans]
    facts: dict[tuple, dict] = {}
    loosely: dict[tuple, dict] = {}
    # the level a growth rate without a name of its own belongs to: (quote start, label, key)
    last_level: tuple[int, str, str | None] = (-1, "", None)
    # the share or rate named earlier in the sentence (之比为 4.5%，较上年提高 0.2 个百分点)
    last_rate: tuple[int, str] = (-1, "")
    # the name of the sentence's last count (新开工建设 8 所学校，竣工 13 所: 学校)
    last_named: tuple[int, str, str | None] = (-1, "", None)
    matches = provenance.NUMBER.finditer(raw)
    for m, number in zip(matches, numbers, strict=True):
        if m.start() in tables.row_numbers or m.start() in tables.in_labels:
            continue  # a row number or part of a name: never a value
        if m.start() in tables.spaced_tails:
            continue  # a later piece of a number the table spaces out (3 63.98): drafted whole
        k = bisect.bisect_right(project_starts, m.start()) - 1
        if k >= 0 and m.start() < project_spans[k][1]:
            continue  # a project row's number: drafted as a project row, never an indicator
        cell = tables.facts.get(m.start())
        why = _Why()
        if cell is not None:
            place = _cell_place(raw, m, cell, text_seed)
        else:
            place = text_seed.place(m.start(), m.end())
        ends = _range_ends(raw, m, list(catalogue.units))
        if ends is not None and ends[0] == "high":
            continue  # a range's high end: drafted with its low end, as `value_high`
        unit, q_unit, used, unit_why = _unit(place, catalogue.units)
        if ends is not None and unit is None:
            unit, unit_why = ends[2], f"printed after the range's high end {ends[1]}"
        if cell is not None and unit is None and cell.unit:
            unit, unit_why = cell.unit, f"the row's unit ({cell.unit})"
        rank = _RANK_BEFORE.search(place.clause_before) if unit in (None, "位") else None
        if rank is not None:  # 位列全市第4: a place within 全市
            unit, unit_why = "位", f"a rank within {rank.group('group')} (第{m.group()})"
        quals = _qualifiers(place, q_unit, used)
        if "迈上" in quals:
            why.add("a threshold (迈上…新台阶): a floor the level has crossed, not a point "
                    "estimate")  # fmt: skip
        if cell is not None and cell.attribute in ("预期性", "约束性") and cell.kind == "target":
            quals.append(cell.attribute)  # the target's attribute, as reference.csv keeps it
        if cell is not None:
            year, kind = cell.year, cell.kind
            why.add(f"year/kind: table column '{cell.head}'", "high" if cell.aligned else "medium")
        else:
            year, kind = _year_kind(place, ry, py, why)
        period = _period(place, cell, raw, m.start())
        if kind == "target" and year == ry:
            why.add(f"a target of {year}, restated beside its result: kept as the results "
                    "year's target, judged by fulfilment against this report's result")  # fmt: skip
        elif kind == "target" and year < py:
            why.add(f"a target of {year}, before the results year {ry}: accept refuses it, "
                    "only the results year's targets may be restated")  # fmt: skip
        if place.cell >= 0 and "/" in place.line.split("\t")[place.cell]:
            why.add("the cell states several figures parted by '/': each read by its position",
                    "medium")  # fmt: skip
        elif len(provenance.NUMBER.findall(_cell_text(raw, place, cell))) > 1:
            # 当年立项完工 200 台，结转完工 100 台: each figure names a part, the row one whole
            why.add("the cell states several figures, each with words of its own: the row's key "
                    "may fit one of them only", "medium")  # fmt: skip
        # -- label
        before, after, full = _labels(place, used)
        growth = unit in ("%", "百分点") and (
            (cell is not None and cell.growth)
            or any(w in place.clause_before[-8:] for w in _GROWTH_WORDS)
        )
        level_key = None
        if cell is not None and cell.label:
            label = cell.label
            why.add("label: the row's name cell")
        elif growth and _cjk(before) < 2:
            if place.row_label and place.cell >= 0 and "/" in place.line:
                label = place.row_label  # a '/'-parted row: the growth's own part, by position
                why.add("label: the row's name of this part")
            elif last_level[0] == place.lo and last_level[1]:
                label, level_key = last_level[1], last_level[2]
                why.add("label: the level named before this growth rate")
            elif unit == "百分点" and last_rate[0] == place.lo and last_rate[1]:
                label = last_rate[1]
                why.add("label: the rate named before this change in points", "low")
            else:
                label = before or after
                why.add("label: no name before the growth rate", "low")
        elif place.row_label and (
            _cjk(before) < 2 or place.cell >= 0 and len(place.row_label) <= 30
        ):  # a table row's name, not the words in its cell (达到常住人口每千人 42 平方米)
            label = place.row_label
            why.add("label: the row's 指标内容")
        elif after in _MEDALS:
            label = after
            why.add("label: the medal counted")
        elif (
            place.clause_before.startswith(_LEADING_VERBS)
            and len(before) <= 6
            or _cjk(before) < 2
            or bool(_EXAMPLES.search(before[-1:]))  # 安波路、淞沪路等 9 个项目完工: the name after
            or bool(re.search("[的和及]$", place.clause_before))  # 《纲要》的 25 项主要指标
            or bool(_VERB_ONLY.match(place.clause_before))  # 新开工建设 8 所学校
            or bool(  # 为 325 名出行困难重度残疾人进行上门体检: those served, not 为 (is)
                place.clause_before.endswith("为")
                and str(unit).endswith(("名", "户", "家", "人"))
                and _cjk(after) >= 4
            )
        ) and len(after) >= 2:
            label = after
            verb = re.sub(r"^(全年|全区|累计)", "", place.clause_before)
            if (
                2 <= _cjk(verb) == len(verb) <= 4
                and _cjk(after) <= 4
                and verb.startswith(_KEPT_VERBS)
            ):
                label = verb + after  # 惠及 2200 余家企业: 惠及企业, not 企业
            why.add("label: printed after the number")
        else:
            label = before or after
            why.add("label: printed before the number")
            if before and after and place.in_quote[used:].startswith("的"):
                label = f"{before}的{after}"  # 节约 1% 的用电量: the name around the number
        if (
            _cjk(label) < 2
            and label not in _MEDALS
            and cell is None
            and last_level[0] == place.lo
            and last_level[1]
        ):
            label = last_level[1]  # 合计 25.5 万元: the amount of what the sentence named
            flow = re.match("新增|累计", label)
            if (
                flow
                and re.search(r"(新增|累计)$", place.clause_before)
                and flow.group() != place.clause_before[-2:]
            ):  # 新增落地企业 185 家、累计 539 家: the running total of the same name
                label = place.clause_before[-2:] + label[2:]
            why.add("label: none printed beside the number: the name earlier in the sentence")
        topic = re.search(
            r"(?:^|[。；;])([\u4e00-\u9fff“”]{2,12})[：:][^：:]*$", place.sentence_before
        )
        if _cjk(label) <= 2 and cell is None and topic and label not in _MEDALS:
            label = topic.group(1)  # 保障性租赁住房：已完成筹措 5757 套、供应 2823 套
            why.add("label: the topic the sentence opens with", "low")
        label = _ENUMERATED.sub("", _ENUMERATED.sub("", label)) or label  # (一)…(6项)
        respective = _respective(place.sentence_before) if cell is None else None
        if respective:
            label = respective
            why.add("label: the k-th name of the list before 分别", "low")
        if not label and last_named[0] == place.lo and unit == last_named[2]:
            label = last_named[1]
            why.add("label: none beside the number: the last count's of the sentence", "low")
        if not label:
            label = place.clause_before or after or "?"
            why.rank.append("low")
        # -- indicator
        key, score, reason = catalogue.suggest(label, unit, growth, level_key)
        if label == before and full != before and level_key is None:
            k2, s2, w2 = catalogue.suggest(full, unit, growth, None)
            if s2 >= score:  # the verb may be the key's (新增 → a key of new ones)
                key, score, reason = k2, s2, w2
        if (
            score < 0.85
            and level_key is None
            and cell is None
            and label not in _MEDALS
            and not respective
        ):
            for other in (before, after, place.row_label):
                if other and _VERB_ONLY.match(other):
                    continue  # 新开工建设: a verb names nothing, however like a key's name
                if other and other != label and len(other) >= 2:
                    k2, s2, w2 = catalogue.suggest(other, unit, growth, None)
                    if s2 > score + 0.1:
                        key, score, reason, label = k2, s2, w2, other
        why.add(f"indicator: {reason}", _key_rank(score, reason))
        if unit is None and key and catalogue.entries[key]["unit"] in catalogue.units:
            unit = str(catalogue.entries[key]["unit"])
            why.add("unit: none printed after the number: the suggested key's unit", "low")
        elif unit is None and label in _MEDALS and "个" in catalogue.units:
            unit = "个"  # 1 金 2 银: medals are counted, 个 as any count without its own unit
            why.add("unit: a medal count, none printed", "low")
        elif unit is None:
            why.add("unit: none printed after the number: fill it in", "low")
        else:
            why.add(f"unit: {unit_why}")
        if (
            (key or cell is None and _cjk(label) >= 4)
            and not growth
            and unit not in ("%", "百分点")
        ):
            last_level = (place.lo, label, key)
        if unit == "%" and not growth and _cjk(label) >= 2:
            last_rate = (place.lo, label)
        if unit not in ("%", "百分点") and _cjk(label) >= 2:
            last_named = (place.lo, label, unit)
        value, sign_why = _sign(raw, m, place.clause_before, label, growth)
        if sign_why:
            why.add(f"sign: {sign_why}")
        digits = tables.spaced.get(m.start(), m.group())
        if digits != m.group():  # 363 .98: the number as the quote check reads it
            value = ("-" if value.startswith("-") else "") + digits
            spaced = raw[cell.cell_lo : cell.cell_hi] if cell is not None else m.group()
            why.add(f"digits spaced out in the table ({spaced}): read "
                    f"as {digits}, as the quote check reads it once spaces are deleted",
                    "medium")  # fmt: skip
        if period:
            why.add(f"period {period}: not a full-year figure; stored with it (`period`) and "
                    "kept out of full-year comparisons", "low")  # fmt: skip
        if ends is not None:
            why.add(f"a range {m.group()}-{ends[1]}: one row, value the low end and value_high "
                    "the high end")  # fmt: skip
        elif span := _range_of(raw, m):
            why.add(f"one end of the range {span}: indicators.csv holds no range yet; keep one "
                    "row for it and say the range in `note`", "low")  # fmt: skip
        if number not in uncovered:
            continue
        printed = value if value.startswith("-") and raw[m.start() - 1] == "-" else digits
        quote = _quote(raw, place, cell, printed, seed, why)
        if quote is None:
            result.skipped.append(
                f"line {number.line}: {m.group()} (…{number.context(seed)}…): its sentence "
                "does not hold it as a whole number once spaces are deleted; curate it by hand"
            )
            continue
        fact = (value, unit, year, kind, key, label, period)
        first = facts.get(fact) if key and _cjk(label) >= 4 else None
        loose = (value, unit, year, kind, period)
        if first is None and loose in loosely and _cjk(label) >= 2:
            other = loosely[loose]  # the same figure, named a little otherwise (a table's row,
            # then the prose): one fact when the names are alike or the keys the same
            alike = _similarity(_bigrams(label), _bigrams(str(other["label_zh"]))) >= 0.25
            if alike or (key and key == other["indicator"]):
                first = other
        if first is not None and first["quote"] != quote:
            if not first["also_quote"]:
                first["also_quote"] = quote
            first["confidence"] = (
                f"{first['confidence']}; also printed at line {number.line}: kept once, "
                "that place as also_quote"
            )
            continue
        if first is not None:
            why.add(f"the same fact as the draft row for line {first['_line']}: delete one", "low")
        note = ""
        if value != printed:
            note = f"printed as a fall ({sign_why.split(' ', 1)[0]}): the growth is {value}"
        relative = _RELATIVE_BEFORE.search(place.clause_before) if unit == "百分点" else None
        margin, wording = "", ""
        if relative is not None and kind == "target":
            # 增速高于全市3个百分点: the 3 is the margin over the city, not the target's value
            margin, wording = printed, relative.group(0) + printed + place.after[:used]
            label = _relative_label(label)
            key = catalogue.suggest(label, "%", True, None)[0] or key
            unit = str(catalogue.entries[key]["unit"]) if key else "%"
            printed = value = ""
            why.add(f"relative to the city ({wording}): margin {margin}, value empty, judged "
                    "against Shanghai's result", "medium")  # fmt: skip
        revised = result.rows[-1] if result.rows and _REVISED.search(place.clause_before) else None
        if revised is not None and (revised["quote"], revised["kind"]) != (quote, "target"):
            revised = None
        if revised is not None:
            # 增长7%（后调整为1.6%左右）: the later figure revises the earlier, one target
            year, kind, key = revised["year"], "target", revised["indicator"]
            label = revised["label_zh"]
            why.add(f"revises {revised['value']} printed before it (调整为): both kept, this one "
                    "judged", "medium")  # fmt: skip
        row = {
            "id": "",
            "district": district,
            "source": source,
            "year": year,
            "kind": kind,
            "indicator": key or "",
            "label_zh": label,
            "value": printed,
            "unit": unit or "",
            "qualifier": ";".join(quals),
            "quote": quote,
            "section": place.ctx.section(),
            "note": note,
            "also_quote": "",
            "value_high": ends[1] if ends is not None else "",
            "relative_to": "shanghai" if margin else "",
            "margin": margin,
            "wording": wording,
            "revises": f"value {revised['value']}" if revised is not None else "",
            "value_signed": value,
            "attribute": (cell.attribute or "") if cell is not None else "",
            "period": period or "",
            "rank_of": rank.group("group") if rank is not None else "",
            "confidence": why.text(),
            "_start": number.start,
            "_line": number.line,
        }
        facts.setdefault(fact, row)
        loosely.setdefault(loose, row)
        result.rows.append(row)
    result.rows += _relative_in_words(raw, text_seed, catalogue, where, seed, source, district, py)
    result.rows += _words_in_cells(raw, tables.words, catalogue, text_seed, seed, source, district)
    ranks = _ranks_in_words(raw, text_seed, catalogue, seed, source, district, ry, py)
    result.rows += [
        r for r in ranks if (provenance.normalize(r["quote"]), r["value"]) not in ranked
    ]
    return result


#: What a rank ranks when the clause names only a measure: the name earlier in the sentence's.
_RANKED_MEASURES = ("增幅", "增速", "增长", "总量", "规模", "数量")


def _ranks_in_words(
    raw: str, text_seed: _Seed, catalogue: _Catalogue, seed: str, source: str, district: str,
    ry: int, py: int,
) -> list[dict]:  # fmt: skip
    """A rank printed in Chinese numerals (位居全市第四, 中心城区第一), which no digit search sees:
    a row with the place as its value (4), unit 位 and the group as `rank_of`."""
    rows = []
    for m in _RANK_WORDS.finditer(raw):
        n = provenance.ordinal_value(m.group("n"))
        if n is None:
            continue
        place = text_seed.place(m.start(), m.end())
        quote = _tidy(raw[place.lo : place.hi])
        if not provenance.quote_in_seed(quote, seed) or not provenance.rank_in_quote(str(n), quote):
            continue
        why = _Why()
        year, kind = _year_kind(place, ry, py, why)
        clauses = re.split(r"[，,；;：:、]", place.sentence_before)
        named = clauses[-1]
        label = _LEADING.sub("", re.sub(f"{_RANK_VERB}+$", "", named)) or named
        if label in _RANKED_MEASURES and len(clauses) > 1:  # 收入 281.87 亿元，增幅位居全市第一
            earlier = _LEADING.sub("", _NUMBER_IN_TEXT.split(clauses[-2])[0])
            label = earlier + label if _cjk(earlier) >= 2 else label
        key, score, reason = catalogue.suggest(label, "位", False, None)
        if key and catalogue.entries[key]["unit"] != "位":
            key = None  # a rank's key counts places (…全市排名), not the level ranked
        why.add(f"a rank printed in words (第{m.group('n')}): value {n}, within {m.group('group')}")
        why.add(f"indicator: {reason}" if key else "indicator: no rank key: add one", "low")
        rows.append(
            {
                "id": "", "district": district, "source": source, "year": year, "kind": kind,
                "indicator": key or "", "label_zh": label or "?", "value": str(n), "unit": "位",
                "qualifier": "", "quote": quote, "section": place.ctx.section(), "note": "",
                "also_quote": "", "value_high": "", "relative_to": "", "margin": "",
                "wording": "", "revises": "", "value_signed": str(n), "attribute": "",
                "period": "", "rank_of": m.group("group"), "confidence": why.text(),
                "_start": -1 - m.start(), "_line": raw.count("\n", 0, m.start()) + 1,
            }
        )  # fmt: skip
    return rows


def _words_in_cells(
    raw: str, words: list, catalogue: _Catalogue, text_seed: _Seed, seed: str, source: str,
    district: str,
) -> list[dict]:  # fmt: skip
    """A target column's cell that states the target in words (稳步增长, 完成市下达指标): a target
    row with an empty value, the words as `wording`, a qualifier word of qualifiers.csv among
    them as `qualifier`; never dropped for want of a number."""
    rows = []
    for text, cell in words:
        quote = _tidy(raw[cell.row_lo : cell.row_hi])
        if not cell.label or not provenance.quote_in_seed(quote, seed):
            continue
        quals = [q for q in sorted(catalogue.qualifiers, key=len, reverse=True) if q in text]
        quals = [q for q in quals if not any(q != o and q in o for o in quals)]  # longest
        if cell.attribute in ("预期性", "约束性"):
            quals.append(cell.attribute)
        # 稳步增长 beside a level in 亿元: a target for its growth, a rate
        growth = cell.growth or bool(re.search("增长|增速|同步", text)) or "增速" in cell.label
        unit = "%" if growth else cell.unit if cell.unit in catalogue.units else None
        key = catalogue.suggest(cell.label, unit, growth, None)[0]
        if unit is None and key:
            unit = str(catalogue.entries[key]["unit"])
        ctx = text_seed.contexts[bisect.bisect_right(text_seed.starts, cell.cell_lo) - 1][1]
        rows.append(
            {
                "id": "", "district": district, "source": source, "year": cell.year,
                "kind": "target", "indicator": key or "", "label_zh": cell.label,
                "value": "", "unit": unit or "", "qualifier": ";".join(quals), "quote": quote,
                "section": ctx.section(), "note": "", "also_quote": "", "value_high": "",
                "relative_to": "", "margin": "", "wording": text, "revises": "",
                "value_signed": "", "attribute": cell.attribute or "", "period": cell.period or "",
                "confidence": f"low: a target in words in the column '{cell.head}' ({text}): "
                "no number, kept with its words as wording",
                "_start": -1 - cell.cell_lo, "_line": raw.count("\n", 0, cell.cell_lo) + 1,
            }
        )  # fmt: skip
    return rows


#: 调整为 right before a figure: it revises the target printed before it (后调整为1.6%左右).
_REVISED = re.compile(r"(?:后|年中|其后|后期)?(?:调整|下调|上调|调减|调增)(?:为|至|到)$")
#: 高于全市 (平均水平) right before a margin in points: a target relative to the city.
_RELATIVE_BEFORE = re.compile(r"(?:高于|快于|好于)全市(?:平均水平|平均)?$")
#: The same in words, with no number: 高于全市平均水平, 与全市(保持)同步.
_RELATIVE_WORDS = re.compile(
    r"(?:高于|快于|好于)全市(?:平均水平|平均)?(?!\s*\d)|与全市(?:保持)?同步"
)


def _relative_label(label: str) -> str:
    """The indicator's name of 地区生产总值增速高于全市: the phrase and 增速/增长 cut."""
    cut = re.split(r"(?:高于|快于|好于|与)全市", label, maxsplit=1)[0]
    return re.sub(r"(?:增速|增幅|增长|的|，|,)+$", "", cut) or label


def _relative_in_words(
    raw: str, text_seed: _Seed, catalogue: _Catalogue, where, seed: str, source: str,
    district: str, py: int,
) -> list[dict]:  # fmt: skip
    """Targets relative to the city stated in words (高于全市平均水平, 稳定增长，与全市同步) in a
    plan passage, with no number before them in their sentence (5%左右，与全市保持同步 is the
    number's qualifier): a row with an empty value, relative_to shanghai, the words as wording."""
    rows = []
    for m in _RELATIVE_WORDS.finditer(raw):
        if where(m.start())[1] != "plan":
            continue
        place = text_seed.place(m.start(), m.end())
        parts = re.split(r"[，,；;：:]", place.sentence_before)
        # its own clause names the indicator (收入增速高于全市平均水平), else the clause before
        # (居民人均可支配收入稳定增长，与全市同步); a number there makes the words its qualifier
        named = parts[-1] if _cjk(parts[-1]) >= 2 else (parts[-2] if len(parts) > 1 else "")
        if re.search(r"\d", named) or _cjk(named) < 2:
            continue
        quote = _tidy(raw[place.lo : place.hi])
        if not provenance.quote_in_seed(quote, seed):
            continue
        label = _relative_label(re.sub(r"(?:稳定|平稳|持续|保持)?(?:增长|提高)$", "", named))
        key = catalogue.suggest(label, "%", True, None)[0] if len(label) >= 2 else None
        rows.append(
            {
                "id": "", "district": district, "source": source, "year": py,
                "kind": "target", "indicator": key or "", "label_zh": label or "?",
                "value": "", "unit": str(catalogue.entries[key]["unit"]) if key else "%",
                "qualifier": "", "quote": quote, "section": place.ctx.section(), "note": "",
                "also_quote": "", "value_high": "", "relative_to": "shanghai", "margin": "",
                "wording": provenance.normalize(m.group()), "revises": "", "value_signed": "",
                "attribute": "", "period": "",
                "confidence": f"low: relative to the city in words ({m.group()}): no number, "
                "judged against Shanghai's result for the year",
                "_start": -1 - m.start(), "_line": raw.count("\n", 0, m.start()) + 1,
            }
        )  # fmt: skip
    return rows


def _quote(raw: str, place: _Place, cell, printed: str, seed: str, why: _Why) -> str | None:
    """The quote: the sentence, or the table row. The provenance check deletes every space, so
    a row whose cells are numbers parted only by spaces (980 1012.6) would read as one number:
    the quote is then cut to end at the number's cell, or to start at it."""
    spans = [(place.lo, place.hi)]
    if cell is not None:
        spans += [(place.lo, cell.cell_hi), (cell.cell_lo, place.hi), (cell.cell_lo, cell.cell_hi)]
    for k, (lo, hi) in enumerate(spans):
        quote = _tidy(raw[lo:hi])
        if provenance.quote_in_seed(quote, seed) and provenance.value_in_quote(printed, quote):
            if k:
                why.add("quote: the row cut at the number's cell (the next or the previous cell "
                        "is a number parted only by spaces)")  # fmt: skip
            return quote
    return None


_RANGE_AFTER = re.compile(r"\s*[-－—~～至]\s*(\d+(?:\.\d+)?)(?!\s*(?:\d|月|年|日|号))")
_RANGE_BEFORE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[-－—~～至]\s*$")


def _range_of(raw: str, m: re.Match) -> str | None:
    """`8-10` when the number is an end of a printed range (not a span of months, 1-11月, nor a
    code, B2-05)."""
    after = _RANGE_AFTER.match(raw, m.end())
    if after and not re.match(r"[A-Za-z]", raw[m.start() - 1 : m.start()]):
        return f"{m.group()}-{after.group(1)}"
    before = _RANGE_BEFORE.search(raw[max(0, m.start() - 16) : m.start()])
    if before and not re.match(r"\s*(?:\d|月|年|日|号)", raw[m.end() : m.end() + 2]):
        lo = m.start() - len(before.group(0))
        if not re.match(r"[A-Za-z]", raw[lo - 1 : lo]):
            return f"{before.group(1)}-{m.group()}"
    return None


_DASH = r"\s*[%％]?\s*[-－—–~～至]\s*"
_HIGH_AFTER = re.compile(_DASH + r"(\d+(?:\.\d+)?)")
_LOW_BEFORE = re.compile(r"(?<![\d.A-Za-z])(\d+(?:\.\d+)?)" + _DASH + r"$")
#: Units after a range's high end that make it a span of dates, not a range target.
_DATE_UNITS = ("年", "月", "日", "号")


def _range_ends(raw: str, m: re.Match, units: list[str]) -> tuple[str, str, str] | None:
    """(`low` or `high`, the other end as printed, the unit after the high end) when the number
    is an end of a range target (8-10%, 12-15亿美元, 1-2个百分点, 8%—10%, 8至10%): the high end
    carries a unit, so a plot code (05-06 地块) or a span of years (2022-2025) is none."""

    def unit_at(at: int) -> str | None:
        unit = _unit_after(raw[at : at + 16].lstrip(), units)[0]
        return None if unit is None or unit.startswith(_DATE_UNITS) else unit

    if not re.match(r"[A-Za-z]", raw[m.start() - 1 : m.start()]):
        after = _HIGH_AFTER.match(raw, m.end())
        if after and float(after.group(1)) > float(m.group()):
            unit = unit_at(after.end())
            if unit is not None:
                return "low", after.group(1), unit
    before = _LOW_BEFORE.search(raw[max(0, m.start() - 24) : m.start()])
    if before and float(before.group(1)) < float(m.group()):
        unit = unit_at(m.end())
        if unit is not None:
            return "high", before.group(1), unit
    return None


def _cell_place(raw: str, m: re.Match, cell, seed: _Seed) -> _Place:
    """A table cell's number: the row is its quote, the cell its clause."""
    li = bisect.bisect_right(seed.starts, m.start()) - 1
    ctx = seed.contexts[li][1]
    before = provenance.normalize(raw[cell.cell_lo : m.start()])
    return _Place(
        cell.row_lo, cell.row_hi, ctx, raw[cell.row_lo : cell.row_hi], -1, before, before,
        provenance.normalize(raw[m.end() : cell.cell_hi]),
    )  # fmt: skip


def _period(place: _Place, cell, raw: str, at: int) -> str | None:
    """A period shorter than the year: the column's or caption's, else printed earlier on the
    number's line (1－11月，…完成268.9亿元), else earlier in its sentence. The line first: a
    table row before it with no full stop runs into the sentence (4.1 then 1－11月)."""
    if cell is not None:
        return cell.period
    line_start = raw.rfind("\n", place.lo, at) + 1 or place.lo
    found = PERIOD.search(provenance.normalize(raw[line_start:at]))
    found = found or PERIOD.search(place.sentence_before)
    return period_of(found.group(1)) if found else None


def _is_draft(path: Path) -> bool:
    """A file whose first line is a draft's header (with `confidence`, which indicators.csv
    never has): a previous draft, which a new one may replace."""
    with path.open("rb") as handle:
        head = handle.read(64 * 1024).decode("utf-8-sig", errors="replace")
    columns = next(csv.reader(io.StringIO(head.split("\n", 1)[0].rstrip("\r"))), [])
    return {"id", "quote", "confidence"} <= set(columns)


def check_draft_output(
    path: Path, data_dir: str | None = None, *, source: str = "SOURCE", force: bool = False
) -> Path:
    """The draft's file, or a WorkbookError naming `--output` and why it is refused.

    Never a folder, nor a file inside the data or seeds folders, the notebooks, the code or
    .git (a seed overwritten changes its checksum and the package is refused), nor any system
    folder, even with --force; an existing file only when it is a previous draft, or with
    --force."""
    example = f"{source}-draft.csv"
    if str(path) == "":
        raise WorkbookError(f"--output is empty: name the draft's file, such as {example}")
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError) as exc:
        raise WorkbookError(f"--output {path}: cannot resolve it ({exc})") from None
    hit = protected_folder(resolved, resolve_data_dir(data_dir))
    if hit is not None:
        folder, what = hit
        where = "" if resolved == folder else "inside "
        raise WorkbookError(
            f"refusing --output {path}: it is {where}{what}; write the draft to a file of its "
            f"own outside it, such as {example}"
        )
    try:
        info = resolved.stat()
    except FileNotFoundError:
        return resolved
    except OSError as exc:
        raise WorkbookError(f"--output {path}: cannot read it ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise WorkbookError(
            f"refusing --output {path}: it is a folder; name the draft's file, such as "
            f"{Path(path) / example}"
        )
    if not stat.S_ISREG(info.st_mode):
        raise WorkbookError(
            f"refusing --output {path}: it is a FIFO, socket or device, not a regular file; "
            f"name the draft's file, such as {example}"
        )
    if not force and not _is_draft(resolved):
        raise WorkbookError(
            f"refusing --output {path}: the file exists and is not a draft (its first line is "
            f"not a draft's header); choose a new file, such as {example}, or add --force to "
            "overwrite it"
        )
    return resolved


def write_draft(
    result: DraftResult, path: Path, data_dir: str | None = None, *, force: bool = False
) -> Path:
    """The draft as CSV in the columns of indicators.csv (from datapackage.json) + confidence.

    UTF-8 with a byte-order mark, so that Excel shows the Chinese text; `accept` reads it. The
    path is checked by `check_draft_output` first: a previous draft is replaced, anything else
    only with `force`, and nothing in a protected folder ever.
    """
    folder = resolve_data_dir(data_dir)
    header = [*read_descriptor(folder)["indicators"].field_names, *DRAFT_COLUMNS]
    path = Path(path)
    check_draft_output(path, data_dir, source=result.source, force=force)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in result.rows:
        w.writerow(["" if row.get(h) is None else row.get(h) for h in header])
    atomic_write_text(path, "\ufeff" + buf.getvalue())
    return path
