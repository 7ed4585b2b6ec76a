"""A synthetic data package for scale tests: N districts × Y years, same schema, random values.

Everything it writes is marked synthetic: the district names (合成区 / Synthetic), the report
titles, each seed's first line, a SYNTHETIC.txt beside the data, and the package description.
It refuses to write into the repository's own `data/` or `seeds/`. The seeds are generated text,
one sentence per fact, so every row passes the same quote checks as the real data.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import shutil
import string
from pathlib import Path

from analysis.base.errors import WorkbookError
from analysis.base.files import atomic_write_text
from analysis.base.paths import DATA_DIR, SEEDS_DIR
from analysis.contract.schema import read_raw

BANNER = (
    "合成数据（SYNTHETIC DATA）：随机生成，不是真实报告。Generated at random; not a real report."
)

#: (key, label as "printed", decimals) of the figures each synthetic report states.
GROWTH = [
    ("gdp_growth", "地区生产总值增速", 1),
    ("revenue_growth", "区级一般公共预算收入增速", 1),
    ("fixed_asset_investment_growth", "全社会固定资产投资增速", 1),
    ("retail_sales_growth", "社会消费品零售总额增速", 1),
    ("commodity_sales_growth", "商品销售总额增速", 1),
    ("tertiary_value_added_growth", "第三产业增加值增速", 1),
]
LEVELS = {  # level key -> (label, growth key, range in 亿元)
    "gdp": ("地区生产总值", "gdp_growth", (500, 3000)),
    "revenue": ("区级一般公共预算收入", "revenue_growth", (50, 300)),
    "fixed_asset_investment": ("全社会固定资产投资", "fixed_asset_investment_growth", (200, 900)),
    "retail_sales": ("社会消费品零售总额", "retail_sales_growth", (300, 1500)),
    "commodity_sales": ("商品销售总额", "commodity_sales_growth", (2000, 12000)),
}
COUNTS = [  # key, label, unit, range
    ("elderly_care_beds_new", "新增养老床位", "张", (100, 1500)),
    ("lift_installations", "加装电梯", "台", (50, 400)),
    ("new_jobs", "新增就业岗位", "个", (10000, 60000)),
    ("schools_started", "新开工学校", "个", (1, 15)),
    ("affordable_rental_housing_raised", "筹措保障性租赁住房", "套（间）", (1000, 6000)),
]
SPENDING = [  # key, label, unit, range, decimals
    ("social_assistance_amount", "社会救助资金", "亿元", (1, 8), 2),
    ("social_assistance_recipients", "社会救助", "万人次", (20, 90), 2),
    ("medical_aid_amount", "医疗救助资金", "万元", (1000, 5000), 2),
    ("medical_aid_recipients", "医疗救助", "万人次", (3, 15), 2),
    ("elderly_allowance_amount", "老年综合津贴", "亿元", (2, 9), 2),
]
QUALIFIERS = ["", "以上", "左右", "力争"]
#: A figure with a ceiling (以内): its target is met at or below.
CEILING = ("registered_unemployed", "城乡登记失业人数", "人", (8000, 14000))


def _key(i: int) -> str:
    letters = string.ascii_lowercase
    return "syn" + letters[i // 26] + letters[i % 26]


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _csv(path: Path, header: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if r.get(h) is None else r.get(h) for h in header])
    atomic_write_text(path, buf.getvalue())


def _header(desc: dict, name: str) -> list[str]:
    res = next(r for r in desc["resources"] if r["name"] == name)
    return [f["name"] for f in res["schema"]["fields"]]


class _Report:
    """Collects one synthetic report's sentences and the rows that quote them."""

    def __init__(self, d: str, zh: str, source: str, lines: list, rows: list, n: int):
        self.d, self.zh, self.source, self.lines, self.rows, self.n = d, zh, source, lines, rows, n

    def __call__(self, year, kind, key, label, printed, unit, qualifier="", subject=None):
        self.n += 1
        q = qualifier if kind == "target" else ""
        before, after = ("力争", "") if q == "力争" else ("", q)
        verb = "目标" if kind == "target" else "完成"
        sentence = f"{self.zh}{year}年{label}{verb}{before}{printed}{unit}{after}。"
        self.lines.append(sentence)
        self.rows.append(
            {
                "id": f"{self.d}-{self.n:04d}",
                "district": self.d,
                "source": self.source,
                "year": year,
                "kind": kind,
                "indicator": key,
                "label_zh": label,
                "value": printed,
                "unit": unit,
                "qualifier": q or None,
                "subject": subject,
                "quote": sentence,
                "section": "synthetic",
                "note": "synthetic",
            }
        )


def write_synthetic(target: Path, districts: int = 16, years: int = 5, seed: int = 1) -> Path:
    """Write `target`/data and `target`/seeds; returns `target`."""
    target = Path(target).resolve()
    for real in (DATA_DIR.resolve(), SEEDS_DIR.resolve()):
        if target == real.parent or real in (target / "data", target / "seeds"):
            raise WorkbookError(f"refusing to write synthetic data over the real {real}")
    if not 1 <= districts <= 26 * 26 or not 1 <= years <= 20:
        raise WorkbookError("districts must be 1–676 and years 1–20")
    rng = random.Random(seed)
    data, seeds = target / "data", target / "seeds"
    if target.exists():
        shutil.rmtree(target)
    data.mkdir(parents=True)
    seeds.mkdir()
    atomic_write_text(target / "SYNTHETIC.txt", BANNER + "\n")
    desc = read_raw(DATA_DIR)
    desc["name"] = "synthetic-district-plans"
    desc["title"] = "SYNTHETIC data for scale tests"
    desc["description"] = BANNER
    atomic_write_text(
        data / "datapackage.json", json.dumps(desc, ensure_ascii=False, indent=2) + "\n"
    )
    for name in (
        "categories.csv",
        "units.csv",
        "qualifiers.csv",
        "catalogue.csv",
        "city_indicators.csv",
    ):
        shutil.copyfile(DATA_DIR / name, data / name)
    # comparability rows for every district (no district key) hold for synthetic districts too
    lines = (DATA_DIR / "comparability.csv").read_text(encoding="utf-8").splitlines()
    keep = [lines[0], *(r for r in lines[1:] if r.split(",")[1] == "")]
    atomic_write_text(data / "comparability.csv", "\n".join(keep) + "\n")

    plan_years = list(range(2024 - years + 1, 2025))
    district_rows, source_rows, ind_rows, proj_rows, ref_rows = [], [], [], [], []
    for i in range(districts):
        d = _key(i)
        zh, en = f"合成区{i + 1:02d}", f"Synthetic District {i + 1:02d}"
        district_rows.append(
            {"district": d, "name_zh": zh, "name_en": en, "short_en": f"Synthetic {i + 1:02d}"}
        )
        levels = {k: rng.uniform(*rng_) for k, (_, _, rng_) in LEVELS.items()}
        growth_then: dict[str, float] = {}
        n = 0
        for y in plan_years:
            source = f"{d}-{y}"
            lines = [BANNER, f"{zh}{y - 1}年计划执行情况与{y}年计划草案的报告（合成）"]
            rows: list[dict] = []

            fact = _Report(d, zh, source, lines, rows, n)
            growth_now = {}
            for key, label, dec in GROWTH:
                # last year's result lands around last year's target: met, missed or exceeded
                before = growth_then.get(key)
                centre = rng.uniform(-3, 12) if before is None else before
                if before is not None and rng.random() < 0.7:
                    centre += rng.uniform(-2, 2)
                result = _fmt(centre, dec)
                target_ = _fmt(rng.choice([4, 5, 5.5, 6, 7, 8]), dec)
                growth_now[key] = float(target_)
                fact(y - 1, "actual", key, label, result, "%")
                fact(y, "target", key, label, target_, "%", rng.choice(QUALIFIERS))
            growth_then = growth_now
            key, label, unit, (lo, hi) = CEILING
            fact(y - 1, "actual", key, label, str(rng.randint(lo, hi)), unit)
            fact(y, "target", key, label, str(rng.randint(lo, hi)), unit, "以内")
            for key, (label, gkey, _) in LEVELS.items():
                fact(y - 1, "actual", key, label, _fmt(levels[key], 2), "亿元")
                planned = levels[key] * (1 + growth_now[gkey] / 100)
                if rng.random() < 0.25:  # some reports state a level off their own growth target
                    planned *= rng.uniform(0.95, 1.05)
                fact(y, "target", key, label, _fmt(planned, 2), "亿元")
                levels[key] = planned * rng.uniform(0.97, 1.03)
            for key, label, unit, (lo, hi) in COUNTS:
                fact(y - 1, "actual", key, label, str(rng.randint(lo, hi)), unit)
                fact(
                    y, "target", key, label, str(rng.randint(lo, hi)), unit, rng.choice(QUALIFIERS)
                )
            for key, label, unit, (lo, hi), dec in SPENDING:
                fact(y - 1, "actual", key, label, _fmt(rng.uniform(lo, hi), dec), unit)
            if y == plan_years[-1]:
                total = 0.0
                for seq in range(1, 6):
                    amount = round(rng.uniform(0.5, 15), 2)
                    total += amount
                    name = f"合成项目{'甲乙丙丁戊'[seq - 1]}"
                    quote = f"{seq} {name} {amount:.2f} 推进建设"
                    lines.append(quote)
                    proj_rows.append(
                        {
                            "id": f"{d}-p{seq:03d}",
                            "district": d,
                            "source": source,
                            "list": f"{d}-major-{y}",
                            "seq": seq,
                            "category_zh": "合成类项目",
                            "category_en": "Synthetic projects",
                            "name_zh": name,
                            "name_en": f"Synthetic project {seq}",
                            "total_investment": f"{amount:.2f}",
                            "unit": "亿元",
                            "goal_zh": "推进建设",
                            "goal_en": "Advance construction",
                            "year": y,
                            "quote": quote,
                            "section": "synthetic",
                        }
                    )
                fact(y, "target", "gov_investment_projects_total", "合计", f"{total:.2f}", "亿元")
            n = fact.n
            ind_rows += rows
            text = "\n".join(lines) + "\n"
            path = seeds / f"{source}.txt"
            atomic_write_text(path, text)
            source_rows.append(
                {
                    "source": source,
                    "district": d,
                    "title_zh": f"{zh}{y - 1}年计划执行情况与{y}年计划草案的报告（合成数据）",
                    "title_en": f"{en}: {y - 1} results and {y} plan (SYNTHETIC)",
                    "issuer_zh": "合成数据生成器",
                    "issuer_en": "Synthetic data generator",
                    "adopted": f"{y}-01-15",
                    "file": f"seeds/{source}.txt",
                    "original_file": f"{source}.txt",
                    "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                    "results_year": y - 1,
                    "plan_year": y,
                }
            )
        ref_rows.append(
            {
                "scope": d,
                "year": 2020,
                "kind": "census",
                "indicator": "resident_population",
                "label_zh": "常住人口",
                "value": rng.randint(300_000, 2_500_000),
                "unit": "人",
                "citation": "synthetic",
                "note": "synthetic",
            }
        )
    for y in plan_years:
        ref_rows.append(
            {
                "scope": "shanghai",
                "year": y,
                "kind": "target",
                "indicator": "gdp_growth",
                "label_zh": "地区生产总值",
                "value": 5,
                "unit": "%",
                "qualifier": "左右",
                "citation": "synthetic",
                "note": "synthetic",
            }
        )
        ref_rows.append(
            {
                "scope": "shanghai",
                "year": y,
                "kind": "target",
                "indicator": "revenue_growth",
                "label_zh": "地方一般公共预算收入",
                "value": 5,
                "unit": "%",
                "citation": "synthetic",
                "note": "synthetic",
            }
        )
    for k, r in enumerate(ref_rows, start=1):
        r["id"] = f"ref-{k:03d}"
    _csv(data / "districts.csv", _header(desc, "districts"), district_rows)
    _csv(data / "sources.csv", _header(desc, "sources"), source_rows)
    _csv(data / "indicators.csv", _header(desc, "indicators"), ind_rows)
    _csv(data / "projects.csv", _header(desc, "projects"), proj_rows)
    _csv(data / "reference.csv", _header(desc, "reference"), ref_rows)
    return target
