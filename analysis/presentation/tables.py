"""Every analysis table by name: what the notebooks show, `python -m analysis table NAME` prints
and R, Stata and Excel users take as CSV. One list of columns per table, used by all three.

A table is computed from a notebook `Context` (district, language, loaded data). Its CSV keeps
keys and both languages' names (`district`, `name_zh`, `name_en`); its display heads each column
in the notebook's language.
"""

from __future__ import annotations

import hashlib
import html
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
from pandas.io.formats.style import Styler

from analysis.analyses import fulfilment, investment, overview, ratchet, social, targets
from analysis.base.errors import UnknownKeyError
from analysis.contract.text import escape_markdown, spreadsheet_csv_text
from analysis.load.context import Context
from analysis.load.vocabulary import LANGS
from analysis.presentation import labels, narrative
from analysis.presentation.compact import compact

FORMATS = ("csv", "md")

#: The output type that carries a shown table's CSV in the executed notebook, so the report
#: writes the rows the reader saw without computing them again. Front-ends do not know it and
#: show the HTML; nbval compares it like any output.
CSV_MIME = "application/vnd.sdpw.table+csv"


@dataclass(frozen=True)
class Table:
    """One named table: the notebook that shows it, what it answers, how to compute it."""

    name: str
    notebook: str
    description: str
    columns: tuple[str, ...]
    compute: Callable[[Context], pd.DataFrame]


REGISTRY: dict[str, Table] = {}


def register(
    name: str, notebook: str, description: str, columns: list[str]
) -> Callable[[Callable[[Context], pd.DataFrame]], Callable[[Context], pd.DataFrame]]:
    """Decorator: add a table computed by the decorated function of a Context."""

    def add(compute: Callable[[Context], pd.DataFrame]) -> Callable[[Context], pd.DataFrame]:
        if name in REGISTRY:
            raise ValueError(f"table {name!r} registered twice")
        REGISTRY[name] = Table(name, notebook, description, tuple(columns), compute)
        return compute

    return add


def get(name: str) -> Table:
    """A table by name, or UnknownKeyError listing the valid names."""
    if name not in REGISTRY:
        raise UnknownKeyError("table", name, list(REGISTRY))
    return REGISTRY[name]


def raw_columns(table: Table, frame: pd.DataFrame) -> list[str]:
    """The CSV columns: keys as they are, a label column as both languages' names."""
    out: list[str] = []
    for col in table.columns:
        sources = labels._LABEL_SOURCES.get(col, {})
        wanted = [col] if col in frame or not sources else [sources["zh"], sources["en"]]
        out += [c for c in wanted if c in frame and c not in out]
    return out


def data(name: str, ctx: Context, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The table as data (keys, both languages): what the CSV holds."""
    table = get(name)
    frame = table.compute(ctx) if frame is None else frame
    return frame[raw_columns(table, frame)].reset_index(drop=True)


def labelled(name: str, ctx: Context, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The table as a reader sees it, as data: headed in the notebook's language, its years from
    the data, its codes and booleans in words of that language."""
    table = get(name)
    frame = table.compute(ctx) if frame is None else frame
    years = getattr(ctx, "years", None)
    out = labels.table(frame, list(table.columns), ctx.lang, years)
    named = labels.translate_values(out, ctx.lang, _english(ctx), labels.zh_names(ctx.ind))
    return _list_names(named, ctx)


def _list_names(shown: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """A Chinese reader sees a project list by its heading as printed, never by its key."""
    heading = labels.COLUMNS["list"][1]
    if ctx.lang != "zh" or heading not in shown or ctx.proj is None or ctx.proj.empty:
        return shown
    lists = investment.project_lists(ctx.proj)
    names = {str(r["list"]): narrative.list_name_zh(r) for _, r in lists.iterrows()}
    return shown.assign(**{heading: shown[heading].map(lambda v: names.get(str(v), v))})


def every_district(name: str, contexts: list[Context], shown: bool = False) -> pd.DataFrame:
    """One table for every district, in one tidy frame: each district's table in turn (as data,
    or `shown=True` as a reader sees it), a row that several districts' tables share (a peer or
    the city) once. A table that names no district gains the district of the view it came from,
    first (its key as data, its name as shown); nothing else changes, so a row reads as it does
    in that district's report."""
    parts = []
    for ctx in contexts:
        frame = labelled(name, ctx) if shown else data(name, ctx)
        heading = labels.COLUMNS["district"][LANGS.index(ctx.lang)] if shown else "district"
        if heading not in frame:
            mine = ctx.ind[ctx.ind["district"] == ctx.district]
            named = labels.district_name(mine, ctx.lang).dropna()
            value = named.iloc[0] if shown and len(named) else ctx.district
            frame.insert(0, heading, value)
        parts.append(frame)
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True)
    return out.astype("object").drop_duplicates().reset_index(drop=True)


def _english(ctx: Context) -> dict[str, str]:
    """The English of the printed words a table of this view may show: the indicators', then the
    city's and other years' qualifier words and the reports' verdicts (reference.csv)."""
    english = english_names(ctx.ind)
    if isinstance(getattr(ctx, "ref", None), pd.DataFrame):
        english = english_names(ctx.ref) | english
        if "printed_as" in ctx.ref:
            said = ctx.ref.loc[ctx.ref["kind"] == "verdict", "printed_as"].dropna()
            english |= {str(v): labels.verdict_en(str(v)) for v in said}
    return english


def english_names(ind: pd.DataFrame) -> dict[str, str]:
    """Printed Chinese units and qualifiers -> their English, from the indicators' own columns."""
    out: dict[str, str] = {}
    for zh, en in (("unit", "unit_en"), ("qualifier", "qualifier_en")):
        if zh in ind and en in ind:
            pairs = ind[[zh, en]].dropna().astype("string").drop_duplicates(zh)
            out.update({z: e for z, e in zip(pairs[zh], pairs[en], strict=True) if e and z != e})
    for zh, en in (("qualifier", "qualifier_en"), ("backing", "backing_en")):
        if zh not in ind or en not in ind:  # the words one by one, for the city's and backing's
            continue
        for q, e in ind[[zh, en]].dropna().astype("string").itertuples(index=False):
            zs, es = q.split(";"), [p.strip() for p in e.split(";")]
            if len(zs) == len(es):
                out.update({z: x for z, x in zip(zs, es, strict=True) if z and x and z not in out})
    out.update(labels.WORDS_EN)
    out.pop("%", None)
    return out


def _decimals(values: pd.Series) -> int:
    """The fewest decimals (at most 4) that print every value of a column exactly as stored:
    a figure printed as 3.40 was stored as 3.4 and shows as 3.4, never as 3.400000e+00."""
    best = 0
    for v in values.dropna():
        for d in range(5):
            if abs(round(float(v), d) - float(v)) < 1e-9 * max(1.0, abs(float(v))):
                break
        best = max(best, d)
    return best


def _is_year(heading: object, numbers: pd.Series) -> bool:
    """A column of calendar years (headed as a year, every value a plausible year): printed as
    four plain digits, never with a thousands separator."""
    named = any(word in str(heading).lower() for word in ("year", "年份", "年度"))
    values = numbers.dropna()
    return named and len(values) > 0 and bool(values.between(1900, 2200).all())


def _is_id(heading: object, values: pd.Series) -> bool:
    text = values.dropna().astype("string")
    return len(text) > 0 and bool(text.str.fullmatch(r"[a-z]{2,4}-p?\d{3,4}").all())


def _spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each text cell a spreadsheet would evaluate (`=…`, `+…`, `-…`, `@…`)
    marked as text with an apostrophe; numbers stay numbers, with their sign."""
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        out[col] = series.map(lambda v: spreadsheet_csv_text(v) if isinstance(v, str) else v)
    return out


def csv_text(frame: pd.DataFrame) -> str:
    """A table as a CSV for spreadsheets, R and Stata, with the safety of the data export: UTF-8
    with a byte-order mark (so Excel reads Chinese), CRLF line ends, and a text cell that a
    spreadsheet would evaluate (`=…`, `+…`, `-…`, `@…`) marked as text with an apostrophe.
    Numbers stay numbers, with their sign."""
    buffer = io.StringIO()
    _spreadsheet_safe(frame).to_csv(
        buffer, index=False, lineterminator="\r\n", float_format="%.10g"
    )
    return "\ufeff" + buffer.getvalue()


class Shown(Styler):
    """A Styler whose plain-text form is the table's text, not an object at a memory address:
    the same bytes run after run (nbval, the determinism test) and readable without HTML.
    A table shown by name (`show`) also carries its CSV (`CSV_MIME`) for the report, and its
    footnotes (`notes`) under it."""

    table_name: str = ""
    csv: str = ""
    notes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        text = self.data.to_string(index=False, na_rep="—")
        return "\n".join([text, *(f"[{i}] {n}" for i, n in enumerate(self.notes, 1))])

    def _repr_html_(self) -> str | None:
        table = super()._repr_html_()
        if table is None or not self.notes:
            return table
        items = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return f'{table}<ol class="sdpw-notes">{items}</ol>\n'

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
        data = {"text/plain": repr(self)}
        html_text = self._repr_html_()
        if html_text is not None:
            data["text/html"] = html_text
        if not self.csv:
            return data, {}
        data[CSV_MIME] = self.csv
        return data, {CSV_MIME: {"table": self.table_name}}


#: How every table shows a missing value.
MISSING = "—"


def column_formats(frame: pd.DataFrame, lang: str = "en") -> dict[object, object]:
    """Each column's format: yes/no (是/否) for booleans, a whole number with thousands
    separators (a year without), else the column's own decimals. The notebook's Styler and the
    Markdown of `table --format md` both use it, so a count prints 325 in both, never 325.0."""
    formats: dict[object, object] = {}
    for col in frame.columns:
        values = frame[col]
        if pd.api.types.is_bool_dtype(values):
            yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
            formats[col] = lambda v, yes=yes, no=no: yes if v else no
        elif pd.api.types.is_numeric_dtype(values):
            numbers = pd.to_numeric(values, errors="coerce")
            if (
                pd.api.types.is_integer_dtype(values)
                or (numbers.dropna() == numbers.dropna().round()).all()
            ):
                formats[col] = "{:.0f}" if _is_year(col, numbers) else "{:,.0f}"
            else:
                formats[col] = f"{{:,.{_decimals(numbers)}f}}"
    return formats


def _formatted(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The cells as text, each column in its format, a missing value as MISSING."""
    frame = frame.infer_objects()  # a column of numbers joined across districts as objects
    out = frame.astype("string")
    for col, fmt in column_formats(frame, lang).items():
        show = fmt if callable(fmt) else fmt.format  # type: ignore[union-attr]
        out[col] = [MISSING if pd.isna(v) else show(v) for v in frame[col]]
    return out.fillna(MISSING)


def styled(frame: pd.DataFrame, uid: str, lang: str = "en") -> Styler:
    """The one formatter: thousands separators, each column's own decimals, no scientific
    notation, "—" for a missing value, no index, ids on one line, every string escaped: the
    cells and the headers too (a pivot heads its columns with names from the data, such as the
    districts of the comparison; pandas escapes only the cells unless told).

    The uuid is derived from the content (no random HTML ids) so executed notebooks are
    deterministic for nbval and the determinism test.
    """
    if frame.index.name is not None or isinstance(frame.index, pd.MultiIndex):
        frame = frame.reset_index()  # a named index (a pivot's row labels) becomes a column
    frame = frame.reset_index(drop=True)
    digest = hashlib.sha1(
        (uid + frame.to_csv(index=False)).encode("utf-8"), usedforsecurity=False
    ).hexdigest()[:10]
    styler = Shown(frame, uuid=f"{uid}_{digest}", cell_ids=False)
    formats = column_formats(frame, lang)
    nowrap = [
        i for i, col in enumerate(frame.columns) if col not in formats and _is_id(col, frame[col])
    ]
    styler.format(formats, na_rep=MISSING, escape="html")
    styler.format_index(escape="html", axis="columns")
    styler.format_index(escape="html", axis="index")
    styler.hide(axis="index")
    styles = [{"selector": "td, th", "props": "text-align: left; vertical-align: top;"}]
    styles += [{"selector": f"td.col{i}", "props": "white-space: nowrap;"} for i in nowrap]
    styler.set_table_styles(styles)
    return styler


def quotes(ctx: Context) -> dict[str, str]:
    """Every row id a table can show -> the words that back it, with where they are: a seed
    figure's verbatim quote, a project's row as printed, a reference figure's citation."""
    out: dict[str, str] = {}
    for frame, text, file in (
        (ctx.ind, "quote", "indicators.csv"),
        (ctx.proj, "quote", "projects.csv"),
        (ctx.ref, "citation", "reference.csv"),
    ):
        if frame is None or "id" not in frame or text not in frame:
            continue
        for key, words in zip(frame["id"].astype("string"), frame[text], strict=True):
            if isinstance(words, str) and words:
                sep = "，" if ctx.lang == "zh" else ", "
                out[str(key)] = (
                    f"{words} ({file}{sep}{key})"
                    if ctx.lang == "en"
                    else (f"{words}（{file}{sep}{key}）")
                )
    return out


def _hover(ids: object, quoted: Mapping[str, str]) -> str:
    """The hover text of a figure backed by one id or several (`a;b`): each one's words."""
    if not isinstance(ids, str) or not ids:
        return ""
    return "\n".join(quoted[i] for i in ids.split(";") if i in quoted)


def reader_view(
    name: str, ctx: Context, frame: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, tuple[str, ...]]:
    """The table as a reader sees it on the page: the compact view's columns (`compact`),
    headed and worded in the notebook's language; the hover text of each cell (the quote behind
    a figure, '' for none); and the footnotes the note marker column numbers."""
    table = get(name)
    spec = compact(name, table.columns)
    frame = table.compute(ctx) if frame is None else frame
    frame = frame.reset_index(drop=True)
    english, keys = _english(ctx), labels.zh_names(ctx.ind)
    plan = labels.headings(frame, list(spec.columns), ctx.lang, ctx.years)
    shown = labels.translate_values(
        labels.table(frame, list(spec.columns), ctx.lang, ctx.years), ctx.lang, english, keys
    )
    shown = _list_names(shown, ctx)
    quoted = quotes(ctx)
    tips = pd.DataFrame("", index=shown.index, columns=shown.columns)
    for col, id_col in spec.quotes.items():
        if col in plan and id_col in frame:
            tips[plan[col][1]] = frame[id_col].map(lambda v: _hover(v, quoted))
    notes: list[str] = []
    if spec.notes:
        texts = labels.translate_values(
            frame[[c for c in spec.notes if c in frame]].astype(object), ctx.lang, english, keys
        )
        if ctx.lang == "zh":
            for col in spec.notes:  # a note column with a Chinese twin (city_comparability_zh)
                twin = labels._LABEL_SOURCES.get(col, {}).get("zh")
                if col in texts and twin and twin in frame:
                    texts[col] = frame[twin]
        for col in texts.columns:  # a note that needs its kind said first ("Second tier: …")
            if col in labels.NOTE_PREFIX:
                prefix = labels.NOTE_PREFIX[col][LANGS.index(ctx.lang)]
                sep = "：" if ctx.lang == "zh" else ": "
                texts[col] = texts[col].map(
                    lambda v, p=prefix, s=sep: f"{p}{s}{v}" if isinstance(v, str) and v else v
                )
        marks = []
        for row in texts.itertuples(index=False):
            numbers = []
            for value in row:
                if isinstance(value, str) and value.strip():
                    if value not in notes:
                        notes.append(value)
                    numbers.append(str(notes.index(value) + 1))
            marks.append(", ".join(dict.fromkeys(numbers)))
        if notes:
            heading = labels.fill(labels.COLUMNS["notes"][LANGS.index(ctx.lang)], ctx.lang)
            shown[heading] = marks
            tips[heading] = ""
    return shown, tips, tuple(notes)


def show(
    name: str, ctx: Context, frame: pd.DataFrame | None = None, view: pd.DataFrame | None = None
) -> Styler:
    """The table as a notebook shows it: its reader view (`reader_view`: the compact columns,
    each figure's quote on hover, long notes as footnotes), formatted (`styled`), carrying the
    whole table as CSV (`csv_text`) for the file beside the report.

    `view` shows the same figures laid out for reading (one column per district, labels already
    in the notebook's language) while the CSV keeps the table's tidy rows."""
    frame = get(name).compute(ctx) if frame is None else frame
    if view is None:
        shown, tips, notes = reader_view(name, ctx, frame)
    else:
        shown, tips, notes = view, None, ()
    out = styled(shown, name if view is None else f"{name}_view", ctx.lang)
    if tips is not None and (tips != "").any().any():
        out.cell_ids = True  # pandas renders a title only on cells with ids (content-derived)
        out.set_tooltips(tips.map(lambda t: html.escape(t, quote=True)), as_title_attribute=True)
    if isinstance(out, Shown):
        out.table_name = name
        out.csv = csv_text(data(name, ctx, frame))
        out.notes = notes
    return out


def render(frame: pd.DataFrame | Styler, fmt: str, lang: str = "en") -> str:
    """CSV (UTF-8, no index, a formula-like text cell marked as text as in `csv_text`) or a
    Markdown table (of a shown table's data, in the formats the notebook shows: `column_formats`),
    every header and cell escaped as text: no HTML, link, emphasis or math from the data, one
    line each."""
    if isinstance(frame, Styler):
        frame = frame.data
    if fmt == "csv":
        buf = io.StringIO()
        _spreadsheet_safe(frame).to_csv(buf, index=False, lineterminator="\n", float_format="%.10g")
        return buf.getvalue()
    if fmt == "md":
        cells = _formatted(frame, lang)
        head = "| " + " | ".join(escape_markdown(c) for c in cells.columns) + " |"
        rule = "|" + "---|" * len(cells.columns)
        body = [
            "| " + " | ".join(escape_markdown(v) for v in row) + " |"
            for row in cells.itertuples(index=False)
        ]
        return "\n".join([head, rule, *body]) + "\n"
    raise UnknownKeyError("format", fmt, FORMATS)


# --- 01 district overview ----------------------------------------------------------------------


@register(
    "headline",
    "01_district_overview",
    "The district's headline results and targets as printed, each with its quote.",
    ["district", "name", "label_zh", "year", "kind", "value_printed", "unit", "qualifier", "quote",
     "id"],
)  # fmt: skip
def _headline(ctx: Context) -> pd.DataFrame:
    return overview.headline_rows(ctx.ind, ctx.district)


@register(
    "compare",
    "01_district_overview",
    "Headline figures of every district, each marked actual, estimate (预计) or target, with its "
    "scope and whether it may be set beside the other districts' (data/comparability.csv).",
    ["district", "name", "year", "kind", "value_printed", "unit", "qualifier", "scope",
     "comparable", "id"],
)  # fmt: skip
def _compare(ctx: Context) -> pd.DataFrame:
    return overview.compare_rows(ctx.ind, ctx.comp)


# --- 02 growth targets -------------------------------------------------------------------------


def _master(ctx: Context):
    return targets.master_table(ctx.ind, ctx.ref, ctx.src, ctx.comp, ctx.parts)


#: The master table's CSV columns (issue 9): keys and codes, then the city and the row ids.
TARGET_COLUMNS = [
    "district", "indicator", "name", "subject", "unit", "result_year", "result_value",
    "result_qualifier", "result_kind", "target_year", "target_value", "target_wording", "bound",
    "commitment", "assignment", "attribute", "backing", "second_tier", "second_tier_level",
    "change", "change_pct", "direction", "not_compared",
    "bound_vs_result", "city_target_value", "city_bound", "city_attribute", "escalation",
    "escalation_unit", "bound_escalation", "city_comparability", "target_id", "result_id",
    "city_target_id", "second_tier_id", "tier_of",
]  # fmt: skip


@register(
    "targets",
    "02_growth_targets",
    "The master target table: every plan-year target of the district, numeric or in words, with "
    "its last result, the four qualifier codes and the city's counterpart target.",
    TARGET_COLUMNS,
)
def _targets(ctx: Context) -> pd.DataFrame:
    master = _master(ctx)
    return master[master["district"] == ctx.district].reset_index(drop=True)


@register(
    "target_summary",
    "02_growth_targets",
    "Per district: targets below, at and above the last result; pegged, assigned, and bounds "
    "tightened against the city.",
    ["district", "targets", "with_number", "in_words", "with_result", "compared_with_result",
     "below", "equal", "above",
     "pegged", "city_assigned", "ensure", "strive", "with_city_target", "tighter", "same_bound",
     "looser"],
)  # fmt: skip
def _target_summary(ctx: Context) -> pd.DataFrame:
    return targets.summary(_master(ctx))


@register(
    "qualifiers",
    "02_growth_targets",
    "Targets per district by qualifier code on each dimension (bound, commitment, assignment, "
    "attribute).",
    ["district", "dimension", "code", "targets"],
)
def _qualifiers(ctx: Context) -> pd.DataFrame:
    return targets.qualifier_codes(_master(ctx))


@register(
    "growth",
    "02_growth_targets",
    "Each numeric growth target against the latest result for the same indicator.",
    ["district", "name", "target_label_zh", "result", "result_kind", "target", "qualifier",
     "bound", "assignment", "change_pp", "not_compared", "result_id", "target_id"],
)  # fmt: skip
def _growth(ctx: Context) -> pd.DataFrame:
    return targets.growth_targets(ctx.ind, ctx.results_year, ctx.comp)


@register(
    "escalation",
    "02_growth_targets",
    "District targets with a Shanghai counterpart: escalation in number and in bound.",
    ["district", "name", "target_wording", "bound", "assignment", "city_target_value",
     "city_qualifier", "city_bound", "city_attribute", "escalation", "escalation_unit",
     "bound_escalation", "city_comparability", "target_id", "city_target_id"],
)  # fmt: skip
def _escalation(ctx: Context) -> pd.DataFrame:
    return targets.escalation(_master(ctx))


@register(
    "results_vs_city",
    "02_growth_targets",
    "Each district's last result against Shanghai's result for the same year.",
    ["district", "name", "year", "result", "qualifier", "city_result", "city_qualifier", "gap_city",
     "unit", "city_comparability", "result_id", "city_result_id"],
)  # fmt: skip
def _results_vs_city(ctx: Context) -> pd.DataFrame:
    return targets.results_vs_city(ctx.ind, ctx.ref, ctx.src)


@register(
    "implied_levels",
    "02_growth_targets",
    "The level each growth target implies from the latest result, and the base a stated level "
    "implies.",
    ["district", "name", "base_level", "target", "qualifier", "implied_level", "stated_level",
     "implied_base", "level_unit", "not_compared", "base_id", "target_id", "stated_id"],
)  # fmt: skip
def _implied(ctx: Context) -> pd.DataFrame:
    return targets.implied_levels(ctx.ind, ctx.results_year, ctx.comp)


@register(
    "consistency",
    "02_growth_targets",
    "Stated target levels against the levels their growth targets imply, and the base each "
    "stated level implies.",
    ["district", "name", "base_level", "target", "implied_level", "stated_level", "gap",
     "gap_pct", "growth_from_levels", "rounding_pct", "implied_base", "base_gap",
     "base_gap_pct", "reading", "explanation"],
)  # fmt: skip
def _consistency(ctx: Context) -> pd.DataFrame:
    return targets.consistency_checks(ctx.ind, ctx.results_year, ctx.comp)


# --- 03 investment -----------------------------------------------------------------------------


@register(
    "investment",
    "03_investment",
    "Fixed-asset and other investment figures of every district, as printed.",
    ["district", "name", "label_zh", "year", "kind", "value", "unit", "qualifier", "id"],
)
def _investment(ctx: Context) -> pd.DataFrame:
    return investment.investment_indicators(ctx.ind)


@register(
    "project_categories",
    "03_investment",
    "Listed projects by category: count, total investment and share of the list.",
    ["list", "category_zh", "category_en", "projects", "total", "share"],
)
def _categories(ctx: Context) -> pd.DataFrame:
    lists, _ = investment.lists_for(ctx.proj, ctx.district, "amounts")
    frames = [investment.by_category(ctx.proj, key).assign(list=key) for key in lists["list"]]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["list"])


@register(
    "largest_projects",
    "03_investment",
    "The five largest projects of each list by total investment.",
    ["list", "seq", "name_zh", "name_en", "category_en", "total_investment", "unit", "id"],
)
def _largest(ctx: Context) -> pd.DataFrame:
    lists, _ = investment.lists_for(ctx.proj, ctx.district, "amounts")
    frames = [investment.largest(ctx.proj, key, n=5).assign(list=key) for key in lists["list"]]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["list"])


@register(
    "project_progress",
    "03_investment",
    "Each listed project's annual goal against its reported progress.",
    ["list", "seq", "project_category", "project", "goal", "progress", "met", "id"],
)
def _progress(ctx: Context) -> pd.DataFrame:
    lists, _ = investment.lists_for(ctx.proj, ctx.district, "goals")
    frames = [investment.goal_progress(ctx.proj, key).assign(list=key) for key in lists["list"]]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["list"])


# --- 04 social spending ------------------------------------------------------------------------


@register(
    "social",
    "04_social_spending",
    "Social spending by programme: per beneficiary (with what was counted) and per capita only "
    "on a cited eligible base; nested programmes marked.",
    ["district", "programme", "label_zh", "amount", "amount_unit", "beneficiaries", "per_unit",
     "yuan_per_beneficiary", "per_capita", "base_indicator", "base_value", "base_citation",
     "base_missing", "part_of", "compared", "amount_id", "beneficiaries_id"],
)  # fmt: skip
def _social(ctx: Context) -> pd.DataFrame:
    return social.spending(ctx.ind, ctx.ref, ctx.comp, ctx.results_year)


@register(
    "service_outputs",
    "04_social_spending",
    "Social-service outputs: the latest result against the plan year's target; a ratio only for "
    "an annual flow against an annual target of the same scope.",
    ["district", "name", "result", "result_unit", "result_period", "target", "target_qualifier",
     "target_period", "target_vs_result", "comparison", "result_id", "target_id"],
)  # fmt: skip
def _outputs(ctx: Context) -> pd.DataFrame:
    return social.service_outputs(ctx.ind, ctx.comp, ctx.results_year)


# --- plan fulfilment (issue 12) ----------------------------------------------------------------


@register(
    "fulfilment",
    "02_growth_targets",
    "Each target for a year against the result for that year: met, missed or exceeded by its "
    "bound (floor, ceiling, about); pending while no later report or reference gives the result.",
    ["district", "name", "year", "fulfilled_target", "qualifier", "bound", "fulfilled_result",
     "result_kind", "unit", "status", "margin", "not_compared", "report_verdict", "target_id",
     "result_id",
     "pegged_to", "verdict_id"],
)  # fmt: skip
def _fulfilment(ctx: Context) -> pd.DataFrame:
    panel = ctx.ind if ctx.panel is None else ctx.panel
    return fulfilment.of_district(
        panel, ctx.ref, ctx.district, ctx.plan_year, ctx.comp, ctx.parts
    )


# --- the ratchet: each year's target against the year before ---------------------------------


@register(
    "ratchet",
    "02_growth_targets",
    "Each plan year's target beside the year before's result and target, per jurisdiction (the "
    "district and Shanghai) and indicator: the gap to the last result, the revision against the "
    "last target, last year's miss by its bound, and Shanghai's target; a pair comparability.csv "
    "refuses is not compared.",
    ["district", "name", "year", "year_target", "qualifier", "bound", "unit", "last_result",
     "last_result_kind", "gap_to_last_result", "last_target", "last_qualifier", "revision",
     "last_margin", "last_status", "city_target", "gap_to_city", "not_compared", "target_id",
     "last_result_id", "last_target_id", "city_target_id"],
)  # fmt: skip
def _ratchet(ctx: Context) -> pd.DataFrame:
    panel = ctx.ind if ctx.panel is None else ctx.panel
    return ratchet.of_district(panel, ctx.ref, ctx.comp, ctx.district, ctx.plan_year)
