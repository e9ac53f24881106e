"""Quarters as the notices write them in Chinese numerals (2022年第一季度 … 第四季度)."""

from __future__ import annotations

import pytest

from courtinfo.periods import Period


@pytest.mark.parametrize(("text", "quarter"), [("一", 1), ("二", 2), ("三", 3), ("四", 4)])
def test_quarters_in_chinese_numerals(text: str, quarter: int) -> None:
    assert Period.parse(f"2022年第{text}季度") == Period.quarter(2022, quarter)
    assert Period.parse(f"2022年第{quarter}季度") == Period.quarter(2022, quarter)
