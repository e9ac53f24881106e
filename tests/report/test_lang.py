"""The words reports print: Chinese by default, English on request, and the checks of `lang`."""

from __future__ import annotations

import attrs
import numpy as np
import pytest

from courtinfo.base import InputError
from courtinfo.data import SnapshotBatch
from courtinfo.evaluation import InvalidRow, evaluate
from courtinfo.formulas import Status
from courtinfo.indicators import get_scheme
from courtinfo.periods import Period
from courtinfo.report._lang import (
    check_lang,
    input_label,
    left_out_rows,
    met_word,
    missing_reason,
    period_text,
    pick,
    yes_no,
)

SPC = get_scheme("spc-2019")
SHANGHAI = get_scheme("shanghai-2022")


def test_check_lang_takes_zh_and_en_only() -> None:
    assert (check_lang("zh"), check_lang("en")) == ("zh", "en")
    for bad in ("ZH", "cn", None, 1):
        with pytest.raises(InputError) as info:
            check_lang(bad)
        assert "is not 'zh' (Chinese, the default) or 'en' (English)" in str(info.value)


def test_pick_yes_no_and_met_words() -> None:
    assert (pick("zh", "达标", "met"), pick("en", "达标", "met")) == ("达标", "met")
    assert [yes_no(f, "zh") for f in (True, False, None)] == ["是", "否", "—"]
    assert [yes_no(f, "en") for f in (True, False, None)] == ["yes", "no", "—"]
    assert [met_word(f, "zh") for f in (True, False, None)] == ["达标", "未达标", "—"]
    assert [met_word(f, "en") for f in (True, False, None)] == ["met", "not met", "—"]


def test_input_labels_name_inputs_options_and_indicators() -> None:
    assert input_label(SHANGHAI, "online_filings", "zh") == SHANGHAI.input("online_filings").label_zh
    assert input_label(SHANGHAI, "online_filings", "en") == "online_filings"
    choice = next(i for i in SPC.inputs if i.options)
    option = choice.options[0]
    assert input_label(SPC, f"{choice.id}:{option.letter}", "zh") == (
        f"{choice.label_zh}（{option.letter}：{option.label_zh}）"
    )
    # A letter the input does not offer is still shown, without a label.
    assert input_label(SPC, f"{choice.id}:Z", "zh") == f"{choice.label_zh}（Z）"
    first = SHANGHAI.indicators[0]
    assert input_label(SHANGHAI, first.code, "zh") == first.name_zh
    assert input_label(SHANGHAI, "no_such_name", "zh") == "no_such_name"


def test_missing_reasons_in_both_languages() -> None:
    filed = SHANGHAI.input("online_filings").label_zh
    total = SHANGHAI.input("filings").label_zh
    assert missing_reason(SHANGHAI, Status.OK, (), "zh") == ""
    assert missing_reason(SHANGHAI, Status.NOT_PROVIDED, (), "zh") == "未提供"
    assert (
        missing_reason(SHANGHAI, Status.NOT_PROVIDED, ("online_filings", "filings"), "zh")
        == f"未提供：{filed}、{total}"
    )
    assert (
        missing_reason(SHANGHAI, Status.NOT_PROVIDED, ("online_filings", "filings"), "en")
        == "not provided: online_filings, filings"
    )
    assert missing_reason(SHANGHAI, Status.ZERO_DENOMINATOR, (), "zh") == "不适用：分母为0"
    assert missing_reason(SHANGHAI, Status.ZERO_DENOMINATOR, (), "en") == (
        "not applicable: zero denominator"
    )
    assert missing_reason(SHANGHAI, Status.NO_CAPABILITY, (), "zh") == "不适用：不具备该功能"
    assert missing_reason(SHANGHAI, Status.CATEGORY_ABSENT, (), "zh") == "不适用：无此类别"
    assert missing_reason(SHANGHAI, Status.CATEGORY_ABSENT, (), "en") == "not applicable: category absent"


def test_periods_read_in_chinese_or_as_codes() -> None:
    week = Period.parse("2022-W21")
    assert period_text(week, "zh") == "2022年第21周"
    assert period_text(week, "en") == "2022-W21"
    assert period_text(Period.parse("2022-05"), "zh") == "2022年5月"
    assert period_text("不是期间", "zh") == "不是期间"  # anything else is shown as it is


def test_left_out_rows_are_the_invalid_rows_of_no_row_of_the_results() -> None:
    # A month rolled up from weeks: its own rows are jiading's and pudong's May; the week
    # left out (jiading's W21, row 3 of the weeks) is listed, an entry of row 1 (pudong's
    # May) is one of its own rows, and so is not.
    may = Period.parse("2022-05")
    batch = SnapshotBatch.from_columns(
        court=["jiading", "pudong"], department=[None, None], period=["2022-05"] * 2,
        columns={"filings": np.array([10.0, 20.0])},
    )
    results = evaluate(SHANGHAI, batch)
    week = InvalidRow(3, "jiading", None, Period.parse("2022-W21"), "r", "(a) ≤ (b)", ())
    own = InvalidRow(1, "pudong", None, may, "r", "(a) ≤ (b)", ())
    assert left_out_rows(results) == ()
    assert left_out_rows(attrs.evolve(results, invalid=(week, own))) == (week,)
    # jiading's May named at pudong's row: no row of these results.
    moved = attrs.evolve(own, court="jiading")
    assert left_out_rows(attrs.evolve(results, invalid=(own, moved))) == (moved,)
