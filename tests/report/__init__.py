"""Shared builders for the report tests: a small weekly scheme and a small scored one."""

from __future__ import annotations

import datetime
from typing import Any

from courtinfo import MetricSnapshot, Period
from courtinfo.indicators import Scheme, scheme_from_data


def weekly_scheme(**extra: Any) -> Scheme:
    """Two indicators: a rate (higher is better, target 45% for case-handling departments,
    a named responsible leader) and a per-case average where lower is better."""
    data: dict[str, Any] = {
        "code": "mini-weekly",
        "title_zh": "测试周通报",
        "title_en": "Test bulletin",
        "issuer": "某法院",
        "document": "X〔2022〕1号",
        "date": datetime.date(2022, 5, 31),
        "period_kind": "week",
        "categories": [{"code": "core", "name_zh": "核心指标"}],
        "inputs": [
            {"id": "sent", "label_zh": "电子送达数", "kind": "count"},
            {"id": "services", "label_zh": "送达总数", "kind": "count"},
            {"id": "days", "label_zh": "审理天数", "kind": "count"},
            {"id": "cases", "label_zh": "结案数", "kind": "count"},
        ],
        "indicators": [
            {
                "code": "e_service",
                "number": 1,
                "name_zh": "电子送达适用率",
                "name_en": "E-service rate",
                "category": "core",
                "unit": "percentage",
                "formula": {"kind": "ratio", "numerator": "sent", "denominator": "services"},
                "targets": [{"scope": {"case_handling": True}, "value": 0.45}],
                "responsibility": {"leaders": ["张三"], "lead_departments": ["审管办"]},
            },
            {
                "code": "duration",
                "number": 2,
                "name_zh": "案均审理天数",
                "name_en": "Days per case",
                "category": "core",
                "unit": "per_case",
                "direction": "lower",
                "formula": {
                    "kind": "per_case_average",
                    "numerator": "days",
                    "denominator": "cases",
                },
                "targets": [
                    {"scope": {"case_handling": True}, "value": 30, "comparator": "at_most"}
                ],
            },
        ],
    }
    data.update(extra)
    return scheme_from_data(data)


def scored_scheme(maxima: tuple[float, ...] = (1.0, 1.0, 1.0)) -> Scheme:
    """One ratio indicator a/b per maximum, all in one category, scored out of their sum."""
    inputs = []
    indicators = []
    for k, m in enumerate(maxima, start=1):
        inputs += [
            {"id": f"a{k}", "label_zh": f"分子{k}", "kind": "count"},
            {"id": f"b{k}", "label_zh": f"分母{k}", "kind": "count"},
        ]
        indicators.append(
            {
                "code": f"i{k}",
                "number": k,
                "name_zh": f"指标{k}",
                "name_en": f"Indicator {k}",
                "category": "cat",
                "unit": "points",
                "max_points": m,
                "formula": {"kind": "ratio", "numerator": f"a{k}", "denominator": f"b{k}"},
                "responsibility": {
                    "leaders": [f"领导{k}"],
                    "responsible_departments": [f"部门{k}"],
                },
            }
        )
    return scheme_from_data(
        {
            "code": "mini-scored",
            "title_zh": "测试评价",
            "title_en": "Test evaluation",
            "issuer": "最高人民法院",
            "document": "X〔2020〕1号",
            "date": datetime.date(2020, 7, 15),
            "period_kind": "year",
            "other_period_kinds": ["week"],
            "max_points": sum(maxima),
            "categories": [{"code": "cat", "name_zh": "审判管理类", "max_points": sum(maxima)}],
            "inputs": inputs,
            "indicators": indicators,
        }
    )


def week(text: str) -> Period:
    return Period.parse(text)


def snap(court: str, period: str, dept: str | None, **values: Any) -> MetricSnapshot:
    return MetricSnapshot(court, Period.parse(period), dept, values)


#: One department's week under `published_scheme`: 44125 / 100000 = 44.125% sent
#: electronically, 461 days over 2 cases = 230.5 days per case.
PUBLISHED = {"sent": 44125, "services": 100000, "days": 461, "cases": 2}


def published_scheme(days_mode: str = "half_up") -> Scheme:
    """`weekly_scheme` with published rounding: the rate to two places half up (44.125% is
    published 44.13%), the duration in whole days, half up or truncated (230.5 is 231 or 230)."""
    from courtinfo.indicators import scheme_to_data

    data = scheme_to_data(weekly_scheme())
    data["indicators"][0]["rounding"] = {"places": 2, "mode": "half_up"}
    data["indicators"][1].update(unit="days", rounding={"places": 0, "mode": days_mode})
    return scheme_from_data(data)


def scored_flagged() -> Any:
    """A scored result whose (1) is published truncated to two places (44129 / 100000 =
    44.129% is 44.12%) and whose (2) breaks its rule (5 of 4), flagged: `Status.INVALID`."""
    from courtinfo import evaluate
    from courtinfo.indicators import scheme_to_data

    data = scheme_to_data(scored_scheme())
    data["indicators"][0].update(unit="percentage", rounding={"places": 2, "mode": "truncate"})
    values = {"a1": 44129, "b1": 100000, "a2": 5, "b2": 4, "a3": 1, "b3": 1}
    return evaluate(scheme_from_data(data), snap("c", "2019", None, **values), invalid="flag")
