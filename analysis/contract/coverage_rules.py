"""The rules that exclude a number from curation, each with a name and a reason.

A rule is a regular expression. Where it matches, the numbers inside its group `n` (or inside the
whole match, when it has no such group) are excluded. `on="text"` rules run over the seed with
all whitespace deleted; `on="line"` rules run over each line as printed, for things that only
the layout shows (a page number alone on its line).

A rule must never swallow a real quantity: each is anchored on the words that make a number a
date, a label or a name (年, 月, 表, 号线, 第…届). `tests/test_coverage.py` holds the cases each
rule must and must not match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from analysis.contract.provenance import NUMBER as _DIGITS


@lru_cache(maxsize=8)
def separated(raw: str) -> tuple[str, list[int]]:
    """The seed with whitespace deleted, except that a NUL stays between two numbers that only
    whitespace parted (`18\t2023年` → `18\x002023年`), so no rule sees them as one number.
    Returns the text and, for each of its offsets, the offset in the normalised seed."""
    chars: list[str] = []
    mapping: list[int] = []
    norm = 0
    gap = False
    for ch in raw:
        if ch.isspace():
            gap = True
            continue
        if gap and ch.isdigit() and chars and chars[-1].isdigit():
            chars.append("\x00")
            mapping.append(norm)
        chars.append(ch)
        mapping.append(norm)
        norm += 1
        gap = False
    mapping.append(norm)
    return "".join(chars), mapping


@dataclass(frozen=True)
class Rule:
    name: str
    reason: str
    pattern: str
    on: str = "text"  # "text": whitespace deleted; "line": each raw line
    #: a regex with `{n}` for the number: the rule applies only where the raw seed matches it
    requires: str | None = None

    def spans(self, raw: str, seed: str, norm_at: list[int]) -> Iterator[tuple[int, int]]:
        """Normalised (start, end) of every number the rule excludes."""
        regex = re.compile(self.pattern)
        if self.on == "text":
            text, mapping = separated(raw)
            chunks = [(text, 0, mapping)]
        else:
            chunks, pos = [], 0
            for line in raw.split("\n"):
                chunks.append((line, pos, norm_at))
                pos += len(line) + 1
        for text, offset, mapping in chunks:
            for m in regex.finditer(text):
                lo, hi = m.span("n") if "n" in regex.groupindex else m.span()
                if lo < 0:
                    continue
                for d in _DIGITS.finditer(text, lo, hi):
                    if d.end() > hi:
                        continue
                    if self.requires and not re.search(
                        self.requires.replace("{n}", re.escape(d.group())), raw, re.M
                    ):
                        continue
                    if mapping is None:
                        yield d.start() + offset, d.end() + offset
                    else:
                        yield mapping[d.start() + offset], mapping[d.end() + offset]


YEAR = r"(?:19|20)\d{2}"

RULES: list[Rule] = [
    Rule(
        "calendar year",
        "a year such as 2023年 or the ends of a range such as 2023-2025年 dates a fact; it is "
        "not one",
        rf"(?<![\d.])(?P<n>{YEAR}(?:[-—–~至到]{YEAR})?)(?=年|[)）]|[-—–~至到]{YEAR})",
    ),
    Rule(
        "year in a title or name",
        "a year inside a title, plan or award name (《…2023-2025…》, “2023年度…”) names the "
        "document",
        rf"(?<![\d.])(?P<n>{YEAR})(?=版|年度|届)",
    ),
    Rule(
        "month and day",
        "a date such as 2月26日 or 1月 places a fact in time",
        r"(?<![\d.])(?P<n>(?:\d{1,2}[-—–~至])?\d{1,2}月(?:\d{1,2}日)?)",
    ),
    Rule(
        "document number",
        "the issue number of a document such as 宝发改规〔2024〕1号",
        r"〔\d{4}〕\d+号",
    ),
    Rule(
        "table or annex number",
        "the number of a table or an annex (表 1, 附件 2) labels the layout",
        r"(?:表|附件)(?P<n>\d{1,2})(?!\d)",
    ),
    Rule(
        "page number",
        "a page number such as - 8 - alone on its line",
        r"^\s*[-—–]\s*\d{1,3}\s*[-—–]\s*$",
        on="line",
    ),
    Rule(
        "footnote marker",
        "a footnote's number alone on its line, between the words it annotates; only where a "
        "footnote with that number exists",
        r"^\s*\d{1,2}\s*$",
        on="line",
        requires=r"^\s*{n}\s*(?:“[^”]{1,30}”[^：:\n]{0,12}|[^\s：:，。]{1,20})[：:]",
    ),
    Rule(
        "footnote number",
        "the number that opens a footnote such as 9 “双十佳”：指…",
        r"^\s*(?P<n>\d{1,2})\s*(?:“[^”]{1,30}”[^：:\n]{0,12}|[^\s：:，。\d]{1,20})[：:]",
        on="line",
    ),
    Rule(
        "ordinal of a session or event",
        "the ordinal of a congress, session or recurring event (第9届, 第4次会议, 第23届工博会) "
        "names it",
        r"第(?P<n>\d+)(?=届|次会议|次全体会议|次全会)",
    ),
    Rule(
        "rail line",
        "a metro or rail line number such as 轨交18号线 or 18号线 names a line",
        r"(?P<n>\d+)(?=号线)",
    ),
    Rule(
        "plot or block name",
        "numbers that name a plot or block (05-06地块, 02B1-04地块, 154街坊) are addresses",
        r"(?P<n>[A-Za-z0-9]+(?:[-、][A-Za-z0-9]+)*)(?=地块|街坊)",
    ),
    Rule(
        "table row number",
        "the sequence number (序号) that opens a row of a tab-separated table",
        r"^(?P<n>\d{1,3})\t",
        on="line",
    ),
    Rule(
        "code with letters",
        "digits joined to Latin letters form a name or code (5G, PM2.5, O2O, NICE2035, 110KV, "
        "G90), not a quantity; a ranking such as TOP30 is not excluded",
        r"(?<![A-Za-z])(?!TOP)[A-Za-z]+[-_{]{0,2}(?P<n>\d+(?:\.\d+)?)",
    ),
    Rule(
        "code with letters after",
        "digits followed directly by Latin letters (5G, 4A, 2023DAF) name a thing",
        r"(?<![\d.])(?P<n>\d+(?:\.\d+)?)(?=[A-Za-z])",
    ),
    Rule(
        "year in an event name",
        "a year that opens the name of a recurring event (2023世界人工智能大会) names the event",
        rf"(?<![\d.])(?P<n>{YEAR})(?![场个家项人次余多万亿年月])"
        r"(?=[\u4e00-\u9fff“”·]{0,14}?(?:大会|峰会|论坛|赛|节|博览会|展会|周|季|(?<!发)展|马拉松))",
    ),
    Rule(
        "version number",
        "a version such as 6.0版 or 首席服务员2.0 names an edition of a policy",
        r"(?<![\d.])(?P<n>\d{1,2}\.0)(?=版|项目|先锋|行动|[、，。”）])",
    ),
    Rule(
        "policy named by its article count",
        "a policy known by its number of articles, such as 科创“30条” or “杨浦20条计划”",
        r"(?P<n>\d+)(?=条”|条计划)",
    ),
    Rule(
        "anniversary",
        "N周年 (the 75th anniversary) dates the year, it does not measure the plan",
        r"(?P<n>\d+)(?=周年)",
    ),
    Rule(
        "road or route code",
        "a road or expressway code such as G1503 or S20",
        r"(?<![A-Za-z])[GS](?P<n>\d{1,4})(?!\d)",
    ),
    Rule(
        "formula name",
        "numbers inside a slogan or a framework's name such as “1+X+12” or “1+2+3+4”",
        r"“[^”]{0,12}\d\s*\+[^”]{0,20}”",
    ),
    Rule(
        "five-year plan",
        "十四五-style plan names written with digits, such as 14th Five-Year Plan abbreviations",
        r"(?P<n>1[0-9])(?=五)",
    ),
    Rule(
        "formula part glossed",
        "a digit in quotes that a footnote glosses as one part of a formula name (“1”指…, "
        "“12”指…) labels the part; it counts nothing",
        r"“(?P<n>\d+)”(?=指|即)",
    ),
    Rule(
        "lane or house number",
        "the lane (弄) or house (号) number of a street address, such as 邯郸路500、524弄 or "
        "控江路501-515号, is an address",
        r"路(?P<n>\d+(?:弄?[-、]\d+)*)(?=弄|号(?!线))",
    ),
    Rule(
        "N-minute service circle",
        "“15分钟（社区）生活圈”, “15分钟就业服务圈” name a planning concept and its award, not a "
        "time",
        r"(?P<n>\d+)(?=分钟[^”，。]{0,10}圈)",
    ),
    Rule(
        "ordinal of a batch",
        "第11批次, 第5批, 第2轮 names which round of applications or designations it was",
        r"第(?P<n>\d+)(?=批|轮)",
    ),
    Rule(
        "age threshold",
        "90周岁及以上 says who is eligible; the quantity is what they receive",
        r"(?P<n>\d{1,3})(?=周岁(?:及以上|以上))",
    ),
    Rule(
        "round-the-clock",
        "24小时开放 describes opening hours, not an amount",
        r"(?P<n>24)(?=小时(?:开放|营业|服务|不打烊))",
    ),
    Rule(
        "list item number",
        "the number of an item in an enumerated list such as 附件：1、… 2、…",
        r"^\s*(?P<n>\d{1,2})、",
        on="line",
    ),
    Rule(
        "numbered site name",
        "a number that names a site or building, such as 复旦科创中心0-2号基地",
        r"(?<![\d.])(?P<n>\d+(?:-\d+)?)(?=号(?:基地|楼|门|仓库|码头))",
    ),
    Rule(
        "year before an event ordinal",
        "a year opening an event name followed by its ordinal (2023第三届…大赛) names the event",
        r"(?<![\d.])(?P<n>(?:19|20)\d{2})(?=第[一二三四五六七八九十百\d]+届)",
    ),
    Rule(
        "horizon year in a programme name",
        "面向2030农业现代化 names a programme by its horizon year",
        r"(?:面向|迈向)(?P<n>(?:19|20)\d{2})(?!\d)",
    ),
    Rule(
        "number in a quoted plan name",
        "“数字生活100”行动计划: the number is part of the plan's name",
        r"“[\u4e00-\u9fff]{1,8}(?P<n>\d+)”(?=行动计划|计划|工程|行动)",
    ),
]
