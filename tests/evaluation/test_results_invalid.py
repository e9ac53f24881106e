"""Results of rows flagged invalid (`evaluate(..., invalid="flag")`): the rules each row
breaks, the reasons every row, record and export shows, and which rows are invalid.

Two courts, 2022-05 and 2022-06, four indicators: 结收比 closed ÷ filed and 发送率 sent ÷
total (neither may exceed 100%), 综合 their half-and-half blend, and 环比 the month-on-month
change of 结收比. Every figure below is worked out by hand in the comments.
"""

from __future__ import annotations

import math

import attrs
import numpy as np
import pytest

from courtinfo import InvalidRow, Period, SchemeError, SnapshotBatch, Status, evaluate
from courtinfo.evaluation import Results, court_figures
from courtinfo.indicators import Scheme, scheme_from_data

NAN = math.nan
MAY, JUNE = Period.month(2022, 5), Period.month(2022, 6)
RATE_RULE = "(closed) must not exceed (filed)"
SEND_RULE = "(sent) must not exceed (total)"
READS_INVALID = "invalid input: computed from an invalid result"


def _indicator(code: str, number: int, name_zh: str, formula: dict[str, object]) -> dict[str, object]:
    """An unscored percentage of category c."""
    return {
        "code": code, "number": number, "name_zh": name_zh, "name_en": code, "category": "c",
        "unit": "percentage", "formula": formula,
    }


def monthly_scheme(*indicators: dict[str, object]) -> Scheme:
    """A monthly scheme of `indicators` over 结案数, 收案数, 电子送达发送数 and 全部送达总数."""
    return scheme_from_data(
        {
            "code": "t", "title_zh": "测试", "title_en": "Test", "issuer": "某法院",
            "document": "X〔2022〕1号", "date": "2022-06-01", "period_kind": "month",
            "categories": [{"code": "c", "name_zh": "质效", "name_en": "q"}],
            "inputs": [
                {"id": "closed", "label_zh": "结案数", "kind": "count"},
                {"id": "filed", "label_zh": "收案数", "kind": "count"},
                {"id": "sent", "label_zh": "电子送达发送数", "kind": "count"},
                {"id": "total", "label_zh": "全部送达总数", "kind": "count"},
            ],
            "indicators": list(indicators),
        }
    )


def scheme() -> Scheme:
    """结收比, 发送率, 综合 and 环比 (see the module's notes)."""
    return monthly_scheme(
        _indicator("rate", 1, "结收比", {"kind": "ratio", "numerator": "closed", "denominator": "filed"}),
        _indicator("send", 2, "发送率", {"kind": "ratio", "numerator": "sent", "denominator": "total"}),
        _indicator("mix", 3, "综合", {"kind": "blend", "components": [
            {"weight": 0.5, "ref": "rate"}, {"weight": 0.5, "ref": "send"}]}),
        _indicator("growth", 4, "环比", {"kind": "change", "of": "rate", "against": "previous"}),
    )


@pytest.fixture(scope="module")
def flagged() -> Results:
    batch = SnapshotBatch.from_columns(
        court=["jd", "jd", "hx", "hx", "jd", "hx"],
        department=[None, "民一庭", None, "民一庭", "民一庭", "民一庭"],
        period=["2022-05"] * 4 + ["2022-06"] * 2,
        columns={
            "closed": np.array([8.0, 12, NAN, 30, 9, 5]),
            "filed": np.array([10.0, 10, 10, 20, 10, 10]),
            "sent": np.array([1.0, 3, 5, 9, 2, 1]),
            "total": np.array([2.0, 4, 2, 3, 4, 2]),
        },
    )
    return evaluate(scheme(), batch, invalid="flag")


def test_every_broken_rule_is_listed_once_with_its_row_and_figures(flagged: Results) -> None:
    # jd 民一庭 closed 12 of 10 filed; hx sent 5 of 2 services; hx 民一庭 breaks both rules.
    assert flagged.invalid == (
        InvalidRow(1, "jd", "民一庭", MAY, "rate", RATE_RULE, (("closed", 12.0), ("filed", 10.0))),
        InvalidRow(2, "hx", None, MAY, "send", SEND_RULE, (("sent", 5.0), ("total", 2.0))),
        InvalidRow(3, "hx", "民一庭", MAY, "rate", RATE_RULE, (("closed", 30.0), ("filed", 20.0))),
        InvalidRow(3, "hx", "民一庭", MAY, "send", SEND_RULE, (("sent", 9.0), ("total", 3.0))),
    )


def test_reasons_name_the_rule_the_result_breaks_or_reads(flagged: Results) -> None:
    jd_rate = f"invalid input: {RATE_RULE}: closed=12, filed=10"
    hx_send = f"invalid input: {SEND_RULE}: sent=5, total=2"
    both = f"invalid input: {RATE_RULE}: closed=30, filed=20; invalid input: {SEND_RULE}: sent=9, total=3"
    want = {
        # jd: 8/10, 1/2 and their blend 0.65; no April to compare with.
        (0, "rate"): (0.8, Status.OK, ""),
        (0, "send"): (0.5, Status.OK, ""),
        (0, "mix"): (0.65, Status.OK, ""),
        (0, "growth"): (None, Status.NOT_PROVIDED, "not provided: closed@previous, filed@previous"),
        # jd 民一庭: 结收比 broken, so is what reads it; 3/4 sent stands.
        (1, "rate"): (None, Status.INVALID, jd_rate),
        (1, "send"): (0.75, Status.OK, ""),
        (1, "mix"): (None, Status.INVALID, jd_rate),
        (1, "growth"): (None, Status.INVALID, jd_rate),
        # hx: closed not given; 5 sent of 2 broken.
        (2, "rate"): (None, Status.NOT_PROVIDED, "not provided: closed"),
        (2, "send"): (None, Status.INVALID, hx_send),
        (2, "mix"): (None, Status.INVALID, hx_send),
        (2, "growth"): (None, Status.NOT_PROVIDED, "not provided: closed, closed@previous, filed@previous"),
        # hx 民一庭 breaks both: each its own rule; what reads them, both rules.
        (3, "rate"): (None, Status.INVALID, f"invalid input: {RATE_RULE}: closed=30, filed=20"),
        (3, "send"): (None, Status.INVALID, f"invalid input: {SEND_RULE}: sent=9, total=3"),
        (3, "mix"): (None, Status.INVALID, both),
        (3, "growth"): (None, Status.INVALID, both),
        # June: 9/10, 2/4, 0.7; 5/10, 1/2, 0.5. The 环比 reads May's broken 结收比: its own
        # rules hold, so the reason is that it reads an invalid result.
        (4, "rate"): (0.9, Status.OK, ""),
        (4, "mix"): (0.7, Status.OK, ""),
        (4, "growth"): (None, Status.INVALID, READS_INVALID),
        (5, "mix"): (0.5, Status.OK, ""),
        (5, "growth"): (None, Status.INVALID, READS_INVALID),
    }
    records = flagged.to_records()
    rows = list(flagged.rows())
    codes = [i.code for i in flagged.scheme.indicators]
    for (i, code), (value, status, reason) in want.items():
        row = flagged.row(i, code)
        assert (row.value, row.status, row.reason) == (value, status, reason), (i, code)
        assert rows[4 * i + codes.index(code)] == row
        record = records[4 * i + codes.index(code)]
        assert (record["value"], record["missing"], record["reason"]) == (
            value, None if status is Status.OK else row.missing, reason
        )
        which, table = flagged.reasons(code)
        assert table[which[i]] == (status, reason), (i, code)
    assert flagged.invalid_reasons("growth") == {
        1: jd_rate, 3: both, 4: READS_INVALID, 5: READS_INVALID
    }
    assert flagged.invalid_at(4, "growth") == ()
    assert [e.indicator for e in flagged.invalid_at(3, "send")] == ["send"]
    assert [e.indicator for e in flagged.invalid_at(3, "mix")] == ["rate", "send"]


def test_invalid_rows_are_those_breaking_a_rule(flagged: Results) -> None:
    # Rows 1-3 break a rule; the June rows (9/10 and 5/10) are sound, their 环比 alone INVALID
    # because it reads a flagged May: they stay in roll-ups and court figures.
    assert flagged.invalid_rows.tolist() == [False, True, True, True, False, False]
    assert flagged.valid_batch().period_index.tolist() == [0, 1, 1]
    june = court_figures(flagged, periods=["2022-06"])
    rate = {c: june.results.values["rate"][june.row("rate", c, JUNE)] for c in ("jd", "hx")}
    assert rate == {"jd": 0.9, "hx": 0.5}
    assert flagged.invalid_rows is flagged.invalid_rows
    with pytest.raises(ValueError, match="read-only"):
        flagged.invalid_rows[0] = True


def test_entries_of_another_batch_are_no_rows_of_this_one(flagged: Results) -> None:
    # The June rows alone (jd 民一庭, hx 民一庭), with the May entries kept as a roll-up keeps
    # the rows it left out, and one June entry of its own (row 1, hx 民一庭).
    june = evaluate(flagged.scheme, flagged.batch.take(np.array([4, 5])))
    own = InvalidRow(1, "hx", "民一庭", JUNE, "rate", RATE_RULE, ())
    # Row 1 of jd's May: the row number is in range but names another row; hx 民一庭 of May
    # at row 3, past the two rows; hx 民一庭 of June named at row 0 (jd's): none is ours.
    elsewhere = InvalidRow(0, "hx", "民一庭", JUNE, "send", SEND_RULE, ())
    mixed = attrs.evolve(june, invalid=(*flagged.invalid, own, elsewhere))
    assert mixed.invalid_in_batch.tolist() == [False, False, False, False, True, False]
    assert mixed.invalid_rows.tolist() == [False, True]
    # Row 0 (jd 民一庭 of June) is a row too.
    first = InvalidRow(0, "jd", "民一庭", JUNE, "rate", RATE_RULE, ())
    assert attrs.evolve(june, invalid=(first,)).invalid_rows.tolist() == [True, False]
    assert mixed.invalid_in_batch is mixed.invalid_in_batch
    with pytest.raises(ValueError, match="read-only"):
        mixed.invalid_in_batch[0] = True
    assert flagged.invalid_in_batch.tolist() == [True] * 4
    assert june.invalid_in_batch.tolist() == [] and june.invalid_rows.tolist() == [False, False]


def test_nothing_flagged_gives_no_invalid_rows_or_reasons(flagged: Results) -> None:
    clean = evaluate(flagged.scheme, flagged.batch.take(np.array([0, 4])), invalid="flag")
    assert clean.invalid == ()
    assert clean.invalid_rows.tolist() == [False, False]
    assert clean.invalid_at(0, "rate") == () and clean.invalid_reasons("rate") == {}
    assert clean.valid_batch() is clean.batch


def test_an_invalid_row_shows_a_figure_not_provided_as_na() -> None:
    entry = InvalidRow(2, "jd", "民一庭", MAY, "rate", RATE_RULE, (("closed", 3.5), ("filed", NAN)))
    assert entry.reason == f"invalid input: {RATE_RULE}: closed=3.5, filed=NA"
    assert entry.to_dict() == {
        "row": 2, "court": "jd", "department": "民一庭", "period": "2022-05", "indicator": "rate",
        "rule": RATE_RULE, "figures": {"closed": 3.5, "filed": None}, "reason": entry.reason,
    }
    bare = InvalidRow(0, "jd", None, MAY, "rate", RATE_RULE, ())
    assert bare.reason == f"invalid input: {RATE_RULE}"


@pytest.mark.parametrize("code", [["rate"], 1, None])
def test_missing_inputs_of_what_is_no_code_names_it(flagged: Results, code: object) -> None:
    with pytest.raises(SchemeError, match=r"^Scheme\.indicator: code must be an indicator code \(str\)"):
        flagged.missing_inputs(code, 0)  # type: ignore[arg-type]
