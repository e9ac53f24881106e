"""A small national-like batch in which one department breaks a rule (shared by tests).

Three basic courts under one intermediate court, each with 立案庭 and 执行局, under
`shanghai-2022`. Court b's 执行局 reports 12 cases with an electronic seal
(使用电子签章系统的案件数) out of 10 cases in hand (总案件数): 电子签章率 must not exceed 100%.

Hand-checked figures (week 2022-W21):

* 电子签章率 (e_seal_rate): a 执行局 5/10 = 0.5, b 立案庭 30/40 = 0.75, c 执行局 8/16 = 0.5;
  b 执行局 12/10 breaks the rule. Court b summed without it: 30/40 = 0.75 (with it 42/50 =
  0.84, and no rule broken: a silent wrong number). Pooled over the city: (5+30+8)/(10+40+16)
  = 43/66.
* 网上立案率 (online_filing_rate): b 执行局 10/10 = 1.0 (its own rule holds, so it is kept);
  court b without it 40/50 = 0.8 (with it 50/60). Pooled: (80+40+60)/(100+50+80) = 180/230.
* 移动执行使用率 (mobile_enforcement_rate), 0.5 × logins per officer ÷ the pool's + 0.5 × hours
  per officer ÷ the pool's, capped at 1. The 执行局 rows: a 100 logins, 100 hours, 10 officers;
  b 200, 60, 10; c 300, 500, 20. Pool without b: 400/30 logins, 600/30 = 20 hours per officer,
  so a = 0.5 × 10/(40/3) + 0.5 × 10/20 = 0.375 + 0.25 = 0.625 and b = 0.5 × 20/(40/3) +
  0.5 × 6/20 = 0.75 + 0.15 = 0.9. Pool with b (valid): 600/40 = 15 and 660/40 = 16.5, so
  a = 0.5 × 10/15 + 0.5 × 10/16.5 = 7/11 = 0.636363….
"""

from __future__ import annotations

import json
import math
from typing import Any

from courtinfo import SnapshotBatch
from courtinfo.org import Court, CourtLevel, CourtTree

SCHEME = "shanghai-2022"
WEEK = "2022-W21"
#: The row of b's 执行局 in `batch()`.
BAD_ROW = 3

COURTS = (
    Court("city", "上海市第二中级人民法院", CourtLevel.INTERMEDIATE),
    Court("a", "甲区人民法院", CourtLevel.BASIC, "city"),
    Court("b", "乙区人民法院", CourtLevel.BASIC, "city"),
    Court("c", "丙区人民法院", CourtLevel.BASIC, "city"),
)


def tree() -> CourtTree:
    """The city and its three basic courts."""
    return CourtTree(COURTS)


def rows(bad_e_seal: float = 12) -> list[tuple[str, str, dict[str, float]]]:
    """(court, department, values) of every row; b's 执行局 has `bad_e_seal` sealed cases of 10."""
    return [
        ("a", "立案庭", {"filings": 100, "online_filings": 80}),
        (
            "a",
            "执行局",
            {
                "e_seal_cases": 5,
                "cases_in_hand": 10,
                "mobile_logins": 100,
                "mobile_online_hours": 100,
                "enforcement_officers": 10,
            },
        ),
        ("b", "立案庭", {"filings": 50, "online_filings": 40, "e_seal_cases": 30, "cases_in_hand": 40}),
        (
            "b",
            "执行局",
            {
                "filings": 10,
                "online_filings": 10,
                "e_seal_cases": bad_e_seal,
                "cases_in_hand": 10,
                "mobile_logins": 200,
                "mobile_online_hours": 60,
                "enforcement_officers": 10,
            },
        ),
        ("c", "立案庭", {"filings": 80, "online_filings": 60}),
        (
            "c",
            "执行局",
            {
                "e_seal_cases": 8,
                "cases_in_hand": 16,
                "mobile_logins": 300,
                "mobile_online_hours": 500,
                "enforcement_officers": 20,
            },
        ),
    ]


def batch(bad_e_seal: float = 12, period: str = WEEK) -> SnapshotBatch:
    """The rows as one batch (NaN where a row does not give an input)."""
    return weeks({period: bad_e_seal})


def weeks(bad_by_period: dict[str, float]) -> SnapshotBatch:
    """The rows of several periods, b's 执行局 with the sealed cases given for each."""
    table = [(p, c, d, v) for p, bad in bad_by_period.items() for c, d, v in rows(bad)]
    names = sorted({n for *_, v in table for n in v})
    return SnapshotBatch.from_columns(
        court=[c for _, c, _, _ in table],
        department=[d for _, _, d, _ in table],
        period=[p for p, _, _, _ in table],
        columns={n: [v.get(n, math.nan) for *_, v in table] for n in names},
    )


def data_file(bad_e_seal: float = 12) -> str:
    """The rows as a JSON data file with its court tree."""
    courts: list[dict[str, Any]] = [
        {"code": c.code, "name": c.name, "level": c.level.value}
        | ({"parent": c.parent} if c.parent else {})
        for c in COURTS
    ]
    snapshots = [
        {"court": c, "department": d, "period": WEEK, "values": v} for c, d, v in rows(bad_e_seal)
    ]
    return json.dumps({"courts": courts, "snapshots": snapshots}, ensure_ascii=False)
