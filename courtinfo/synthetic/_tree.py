"""The court tree: the Supreme Court, high courts, intermediate and basic courts."""

from __future__ import annotations

import numpy as np

from courtinfo.base import InputError
from courtinfo.org import Court, CourtLevel, CourtTree
from courtinfo.synthetic._tables import I64

#: The 31 provincial-level units of the mainland with their administrative division codes.
PROVINCES: tuple[tuple[str, str], ...] = (
    ("11", "北京市"),
    ("12", "天津市"),
    ("13", "河北省"),
    ("14", "山西省"),
    ("15", "内蒙古自治区"),
    ("21", "辽宁省"),
    ("22", "吉林省"),
    ("23", "黑龙江省"),
    ("31", "上海市"),
    ("32", "江苏省"),
    ("33", "浙江省"),
    ("34", "安徽省"),
    ("35", "福建省"),
    ("36", "江西省"),
    ("37", "山东省"),
    ("41", "河南省"),
    ("42", "湖北省"),
    ("43", "湖南省"),
    ("44", "广东省"),
    ("45", "广西壮族自治区"),
    ("46", "海南省"),
    ("50", "重庆市"),
    ("51", "四川省"),
    ("52", "贵州省"),
    ("53", "云南省"),
    ("54", "西藏自治区"),
    ("61", "陕西省"),
    ("62", "甘肃省"),
    ("63", "青海省"),
    ("64", "宁夏回族自治区"),
    ("65", "新疆维吾尔自治区"),
)


def _split(total: int, parts: int, rng: np.random.Generator) -> I64:
    """`total` items over `parts` holders, each at least one, sizes varying like real ones."""
    if parts == 0:
        return np.zeros(0, dtype=np.int64)
    total = max(total, parts)
    weights = rng.lognormal(0.0, 0.4, parts)
    extra = rng.multinomial(total - parts, weights / weights.sum())
    return (1 + extra).astype(np.int64)


def court_tree(
    *,
    provinces: int = 2,
    cities_per_province: float = 3,
    basic_per_city: float = 4,
    supreme: bool = True,
    seed: int = 0,
) -> CourtTree:
    """A court tree: the Supreme Court (if `supreme`), high courts, intermediate, basic courts.

    The means `cities_per_province` and `basic_per_city` may be fractional: the totals are
    their products (rounded) and the sizes vary from province to province and city to city.
    Codes follow the administrative division codes: ``SPC``, ``31`` (上海市高级人民法院),
    ``3101`` (an intermediate court), ``310104`` (a basic court).
    """
    if provinces < 1 or cities_per_province < 1 or basic_per_city < 1:
        msg = "a court tree needs at least one province, city per province and basic court per city"
        raise InputError(msg)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1]))
    cities = _split(round(provinces * cities_per_province), provinces, rng)
    basics = _split(round(int(cities.sum()) * basic_per_city), int(cities.sum()), rng)
    courts: list[Court] = []
    top: str | None = None
    if supreme:
        top = "SPC"
        courts.append(Court("SPC", "最高人民法院", CourtLevel.SUPREME))
    city_no = 0
    for p in range(provinces):
        code, name = PROVINCES[p] if p < len(PROVINCES) else (f"{70 + p}", f"第{p + 1}省")
        courts.append(Court(code, f"{name}高级人民法院", CourtLevel.HIGH, top))
        short = name.removesuffix("省").removesuffix("市")
        for c in range(int(cities[p])):
            city = f"{code}{c + 1:02d}"
            courts.append(
                Court(city, f"{short}第{c + 1}中级人民法院", CourtLevel.INTERMEDIATE, code)
            )
            for b in range(int(basics[city_no])):
                courts.append(
                    Court(
                        f"{city}{b + 1:02d}",
                        f"{short}第{c + 1}中院辖区第{b + 1}基层人民法院",
                        CourtLevel.BASIC,
                        city,
                    )
                )
            city_no += 1
    return CourtTree(courts)
