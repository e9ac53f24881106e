"""A league table of a city's basic courts for one week: 移动执行使用率 and 网上立案率.

The courts are real Shanghai district courts placed under 上海市第二中级人民法院 for the
example; the counts are invented (seeded numpy generator). 移动执行使用率 compares each court's
logins and hours online per enforcement officer with the pooled figures of all the courts
under the same parent (全市法院), 50/50, capped at 100%, as 嘉法发〔2022〕15号 defines it.

For each indicator the table gives the competition rank (ties share a rank: 1, 1, 3), the
peer average computed from the pooled inputs (not the mean of the courts' rates), the
top-quartile benchmark (75th percentile) and the leading group (第一方阵, top five).

Run: python examples/city_ranking.py
"""

from __future__ import annotations

import numpy as np

from courtinfo import Dataset, MetricSnapshot, Period, evaluate
from courtinfo.evaluation import peer_figures
from courtinfo.indicators import get_scheme
from courtinfo.org import Court, CourtLevel
from courtinfo.report import rank_courts

PARENT = "shanghai-2nd"
WEEK = Period.parse("2022-W21")
SEED = 7

# code, name, enforcement officers, weekly filings, diligence
BASIC_COURTS = (
    ("jingan", "上海市静安区人民法院", 48, 620, 1.10),
    ("putuo", "上海市普陀区人民法院", 36, 480, 0.95),
    ("changning", "上海市长宁区人民法院", 30, 410, 1.05),
    ("jiading", "上海市嘉定区人民法院", 42, 700, 1.00),
    ("jinshan", "上海市金山区人民法院", 22, 300, 0.80),
    ("fengxian", "上海市奉贤区人民法院", 28, 390, 0.90),
    ("songjiang", "上海市松江区人民法院", 40, 690, 1.08),
    ("qingpu", "上海市青浦区人民法院", 26, 350, 0.85),
)


def generate(seed: int = SEED) -> Dataset:
    """One court-level row per basic court for WEEK, with the court tree."""
    rng = np.random.default_rng(seed)
    courts = [Court(PARENT, "上海市第二中级人民法院", CourtLevel.INTERMEDIATE)]
    snaps = []
    for code, name, officers, filings, diligence in BASIC_COURTS:
        courts.append(Court(code, name, CourtLevel.BASIC, PARENT))
        n_filings = int(rng.poisson(filings))
        online = int(rng.binomial(n_filings, min(1.0, 0.82 * diligence)))
        values = {
            "enforcement_officers": officers,
            "mobile_logins": int(rng.poisson(officers * 9.0 * diligence)),
            "mobile_online_hours": round(officers * 11.0 * diligence * rng.normal(1.0, 0.05), 1),
            "filings": n_filings,
            "online_filings": online,
        }
        snaps.append(MetricSnapshot(code, WEEK, None, values))
    return Dataset(snaps, courts=tuple(courts))


def main() -> None:
    scheme = get_scheme("shanghai-2022")
    results = evaluate(scheme, generate())
    # The courts' figures and their pools, evaluated once for both tables.
    peers = peer_figures(results, parent=PARENT, period=WEEK)
    for code in ("mobile_enforcement_rate", "online_filing_rate"):
        ranking = rank_courts(peers, code)
        print(ranking.to_text())
        if code == "mobile_enforcement_rate":
            print(
                "（移动执行使用率以全市法院人均登录次数和在线时长合并计算为基准，"
                "故全市法院平均为100%。）\n"
            )
        leading = "、".join(e.name for e in ranking.entries if e.leading)
        print(f"第一方阵（{ranking.name_zh}）：{leading}\n")


if __name__ == "__main__":
    main()
