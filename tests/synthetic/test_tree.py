"""The synthetic court tree: the national shape, codes after the administrative divisions,
sizes that vary, and the refusal of an empty tree."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from courtinfo.base import InputError
from courtinfo.org import CourtLevel
from courtinfo.synthetic import court_tree
from courtinfo.synthetic._tree import PROVINCES, _split


def test_the_national_tree_has_3504_courts_on_four_levels() -> None:
    tree = court_tree(provinces=31, cities_per_province=12, basic_per_city=3100 / 372)
    levels = Counter(c.level for c in tree)
    assert levels == {
        CourtLevel.SUPREME: 1,
        CourtLevel.HIGH: 31,
        CourtLevel.INTERMEDIATE: 372,
        CourtLevel.BASIC: 3100,
    }
    # Every intermediate court has basic courts, every high court intermediate ones.
    assert all(tree.children(c.code) for c in tree if c.level is not CourtLevel.BASIC)
    assert tree.get("31").name == "上海市高级人民法院"


def test_codes_follow_the_administrative_divisions() -> None:
    tree = court_tree(provinces=2, cities_per_province=2, basic_per_city=2, supreme=False, seed=1)
    high = [c for c in tree if c.level is CourtLevel.HIGH]
    assert [(c.code, c.name) for c in high] == [("11", "北京市高级人民法院"), ("12", "天津市高级人民法院")]
    for court in tree:
        if court.parent is not None:
            # 11 → 1101 → 110101: each level adds two digits to its parent's code.
            assert court.code.startswith(court.parent) and len(court.code) == len(court.parent) + 2
    assert "SPC" not in tree and len(PROVINCES) == 31


def test_the_same_seed_gives_the_same_tree() -> None:
    a = court_tree(provinces=3, cities_per_province=2.5, basic_per_city=3.3, seed=5)
    assert a == court_tree(provinces=3, cities_per_province=2.5, basic_per_city=3.3, seed=5)
    counts = Counter(c.level for c in a)
    # Fractional means: totals are their products, rounded (3 × 2.5 ≈ 8 cities, 8 × 3.3 ≈ 26).
    assert (counts[CourtLevel.INTERMEDIATE], counts[CourtLevel.BASIC]) == (8, 26)


def test_split_gives_each_holder_at_least_one() -> None:
    sizes = _split(10, 4, np.random.default_rng(0))
    assert sizes.sum() == 10 and sizes.min() >= 1 and len(sizes) == 4
    assert _split(2, 5, np.random.default_rng(0)).tolist() == [1, 1, 1, 1, 1]
    assert _split(3, 0, np.random.default_rng(0)).tolist() == []


def test_an_empty_tree_is_refused() -> None:
    with pytest.raises(InputError, match="at least one province"):
        court_tree(provinces=0)
