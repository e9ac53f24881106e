"""assert_results_equal, assert_snapshots_equal, assert_batches_equal: each kind of difference."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import attrs
import numpy as np
import pytest

from courtinfo import CourtinfoError, MetricSnapshot, Period, SnapshotBatch, evaluate
from courtinfo.indicators import get_scheme
from courtinfo.testing import (
    ExpectedResults,
    assert_batches_equal,
    assert_results_equal,
    assert_snapshots_equal,
)

SHANGHAI = get_scheme("shanghai-2022")
W21 = Period.parse("2022-W21")
# 民一庭's week from the README: 60/100 sent, 45/50 succeeded, 电子送达适用率 60% × 75% + 90% × 25%.
BASE = MetricSnapshot(
    "jiading",
    W21,
    "民一庭",
    {"e_service_sent": 60, "all_services": 100, "e_service_succeeded": 45, "e_service_total": 50},
)
WHERE = "court 'jiading', department '民一庭', period 2022-W21"


def failure(actual: object, expected: object, **kw: object) -> str:
    with pytest.raises(AssertionError) as info:
        assert_results_equal(actual, expected, **kw)  # type: ignore[arg-type]
    return str(info.value)


def with_values(**values: int) -> MetricSnapshot:
    merged = {**BASE.values, **values}
    return attrs.evolve(BASE, values={k: v for k, v in merged.items() if v >= 0})


def test_equal_results_pass_whatever_the_row_order() -> None:
    other = MetricSnapshot("jiading", W21, "民二庭", {"hearings": 10, "online_hearings": 4})
    assert_results_equal(evaluate(SHANGHAI, [BASE, other]), evaluate(SHANGHAI, [other, BASE]))
    assert_results_equal(
        evaluate(SHANGHAI, BASE), ExpectedResults.from_results(evaluate(SHANGHAI, BASE))
    )


def test_a_value_that_differs_is_named_with_both_values() -> None:
    # 50/100 sent: the send rate 0.5 and the blended rate 0.5 × 0.75 + 0.9 × 0.25 = 0.6.
    text = failure(evaluate(SHANGHAI, with_values(e_service_sent=50)), evaluate(SHANGHAI, BASE))
    assert text == (
        "results differ: 2 of 20 results (2 values)\n"
        f"  {WHERE}, e_service_rate 电子送达适用率: value expected 0.6749999999999999, got 0.6\n"
        f"  {WHERE}, e_service_send_rate 电子送达发送率: value expected 0.6, got 0.5"
    )


def test_tolerances_accept_close_values_and_name_themselves() -> None:
    expected = ExpectedResults.from_results(evaluate(SHANGHAI, BASE))
    shifted = attrs.evolve(
        expected,
        values={**expected.values, "e_service_rate": expected.values["e_service_rate"] + 1e-9},
    )
    assert_results_equal(shifted, expected, atol=1e-8)
    assert_results_equal(shifted, expected, rtol=1e-8)
    text = failure(shifted, expected, rtol=1e-12, check_targets=False)
    assert text.splitlines()[0] == "results differ: 1 of 20 results (1 value, rtol=1e-12, atol=0)"


def test_a_status_that_differs_is_named_with_the_values() -> None:
    text = failure(evaluate(SHANGHAI, with_values(e_service_sent=-1)), evaluate(SHANGHAI, BASE))
    assert text == (
        "results differ: 2 of 20 results (2 statuses, 1 target met)\n"
        f"  {WHERE}, e_service_rate 电子送达适用率: status expected OK, got NOT_PROVIDED "
        "(value expected 0.6749999999999999, got none); target expected met, got none\n"
        f"  {WHERE}, e_service_send_rate 电子送达发送率: status expected OK, got NOT_PROVIDED "
        "(value expected 0.6, got none)"
    )
    # Without statuses only the values are compared: a value against none still differs.
    assert "2 values" in failure(
        evaluate(SHANGHAI, with_values(e_service_sent=-1)),
        evaluate(SHANGHAI, BASE),
        check_status=False,
        check_targets=False,
    )


def test_not_applicable_against_not_provided() -> None:
    zero = with_values(all_services=0, e_service_sent=0)
    missing = with_values(all_services=-1, e_service_sent=-1)
    text = failure(evaluate(SHANGHAI, zero), evaluate(SHANGHAI, missing))
    assert (
        f"  {WHERE}, e_service_send_rate 电子送达发送率: "
        "status expected NOT_PROVIDED, got ZERO_DENOMINATOR"
    ) in text.splitlines()


def test_a_target_that_differs_unless_targets_are_not_checked() -> None:
    expected = ExpectedResults.from_results(evaluate(SHANGHAI, BASE))
    assert expected.targets["e_service_rate"].tolist() == [0.45]
    other = attrs.evolve(
        expected,
        targets={**expected.targets, "e_service_rate": np.array([0.7])},
        met={**expected.met, "e_service_rate": np.array([0.0])},
    )
    assert failure(other, expected) == (
        "results differ: 1 of 20 results (1 target, 1 target met)\n"
        f"  {WHERE}, e_service_rate 电子送达适用率: target expected 0.45, got 0.7; "
        "target expected met, got not met"
    )
    assert_results_equal(other, expected, check_targets=False)


def test_rows_missing_on_either_side_are_listed() -> None:
    other = attrs.evolve(BASE, department="立案庭")
    text = failure(evaluate(SHANGHAI, [BASE, other]), evaluate(SHANGHAI, BASE))
    assert text == (
        "results differ: 1 row only in actual\n"
        "rows only in actual: court 'jiading', department '立案庭', period 2022-W21"
    )
    text = failure(evaluate(SHANGHAI, BASE), evaluate(SHANGHAI, [BASE, other]))
    assert text.splitlines()[-1] == (
        "rows only in expected: court 'jiading', department '立案庭', period 2022-W21"
    )
    court = attrs.evolve(BASE, department=None)
    assert failure(evaluate(SHANGHAI, court), evaluate(SHANGHAI, BASE)).splitlines()[1:] == [
        f"rows only in expected: {WHERE}",
        "rows only in actual: court 'jiading', court level, period 2022-W21",
    ]


def test_indicators_missing_on_either_side_are_listed() -> None:
    full = ExpectedResults.from_results(evaluate(SHANGHAI, BASE))
    names = {k: v for k, v in full.names.items() if k != "online_hearing_rate"}
    fewer = attrs.evolve(full, names=names)
    assert failure(fewer, full) == (
        "results differ: indicators differ\nindicators only in expected: online_hearing_rate"
    )
    assert failure(full, fewer).splitlines()[1] == "indicators only in actual: online_hearing_rate"


def test_results_of_another_scheme() -> None:
    spc = evaluate(get_scheme("spc-2019"), MetricSnapshot("jiading", Period.year(2022), None, {}))
    text = failure(spc, evaluate(SHANGHAI, BASE))
    assert "scheme: expected 'shanghai-2022', got 'spc-2019'" in text.splitlines()


def test_many_differences_show_the_first_ten_and_count_the_rest() -> None:
    weeks = [Period.week(2022, w) for w in range(1, 13)]
    snaps = [attrs.evolve(BASE, period=w) for w in weeks]
    changed = [attrs.evolve(s, values={**s.values, "e_service_sent": 50}) for s in snaps]
    lines = failure(evaluate(SHANGHAI, changed), evaluate(SHANGHAI, snaps)).splitlines()
    assert lines[0] == "results differ: 24 of 240 results (24 values)"
    assert len(lines) == 12 and lines[-1] == "  ... and 14 more"
    assert lines[1].startswith(
        "  court 'jiading', department '民一庭', period 2022-W01, e_service_rate"
    )


def test_what_is_not_results_is_refused() -> None:
    # A CourtinfoError naming the argument and the value, never a bare TypeError.
    with pytest.raises(CourtinfoError) as info:
        assert_results_equal([], evaluate(SHANGHAI, BASE))  # type: ignore[arg-type]
    assert str(info.value) == (
        "assert_results_equal: actual must be Results or ExpectedResults (evaluate the data "
        "first: courtinfo.evaluate); got [] of type list"
    )


def test_expected_results_round_trip_through_data() -> None:
    zero = attrs.evolve(BASE, department=None, values={"all_services": 0, "e_service_sent": 0})
    results = evaluate(SHANGHAI, [BASE, zero])
    table = ExpectedResults.from_results(results)
    again = ExpectedResults.from_data(table.to_data())
    assert_results_equal(again, results)
    assert set(again.keys) == {("jiading", "民一庭", "2022-W21"), ("jiading", None, "2022-W21")}
    assert again.to_data()["indicators"]["e_service_send_rate"]["status"] == [
        "ZERO_DENOMINATOR" if k[1] is None else "OK" for k in again.keys
    ]


# -- snapshots and batches -----------------------------------------------------------------


def test_snapshots_differ_value_by_value() -> None:
    other = attrs.evolve(BASE, values={**BASE.values, "e_service_sent": 61, "hearings": 3})
    with pytest.raises(AssertionError) as info:
        assert_snapshots_equal([other], [BASE])
    assert str(info.value) == (
        "snapshots differ: 2 values\n"
        f"  {WHERE}, values.e_service_sent: expected 60 (count), got 61 (count)\n"
        f"  {WHERE}, values.hearings: expected not provided, got 3 (count)"
    )
    assert_snapshots_equal(other, other)


def test_snapshots_compare_kinds_but_counts_and_measures_agree() -> None:
    measure = attrs.evolve(BASE, values={**BASE.values, "e_service_sent": 60.0})
    assert_snapshots_equal(measure, BASE)
    yes = attrs.evolve(BASE, values={**BASE.values, "e_service_sent": True})
    with pytest.raises(AssertionError, match=r"expected 60 \(count\), got True \(yes_no\)"):
        assert_snapshots_equal(yes, BASE)
    texts = attrs.evolve(BASE, texts={"q32_2": "http://a.example"})
    with pytest.raises(
        AssertionError, match=r"texts\.q32_2: expected 'http://a\.example', got not"
    ):
        assert_snapshots_equal(BASE, texts)


def test_batches_differ_cell_by_cell_and_by_kind() -> None:
    one = SnapshotBatch.from_snapshots([BASE, attrs.evolve(BASE, department="立案庭")])
    assert_batches_equal(SnapshotBatch.from_snapshots(one.to_snapshots()[::-1]), one)
    two = SnapshotBatch.from_columns(
        court=["jiading"],
        period=["2022-W21"],
        department=["民一庭"],
        columns={"e_service_sent": np.array([60.5])},
    )
    with pytest.raises(AssertionError) as info:
        assert_batches_equal(two, one)
    lines = str(info.value).splitlines()
    assert lines[0] == "batches differ: 4 values, 1 row only in expected"
    assert f"  {WHERE}, values.e_service_sent: expected 60 (count), got 60.5 (measure)" in lines
    assert lines[-2:] == ["input kinds differ:", "  e_service_sent: expected count, got measure"]
    with pytest.raises(CourtinfoError) as err:
        assert_batches_equal([], one)  # type: ignore[arg-type]
    assert str(err.value) == "assert_batches_equal: actual must be a SnapshotBatch; got [] of type list"


def test_the_message_shown_in_the_readme() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Testing your integration\n", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    shown = re.search(r"```text\n(.*?)```", section, re.S)
    assert code is not None and shown is not None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code.group(1), "README.md", "exec"), {})
    assert out.getvalue() == shown.group(1)
    # One value, two statuses, one target and a row on either side, as the README shows.
    assert shown.group(1).splitlines()[0] == (
        "results differ: 3 of 20 results (1 value, 2 statuses, 1 target met), "
        "1 row only in expected, 1 row only in actual"
    )


def test_subset_and_concat_compare_rows_evaluated_alone_with_the_batch() -> None:
    other = MetricSnapshot("jiading", W21, "民二庭", {"hearings": 10, "online_hearings": 4})
    whole = ExpectedResults.from_results(evaluate(SHANGHAI, [BASE, other]))
    alone = ExpectedResults.concat([evaluate(SHANGHAI, other), evaluate(SHANGHAI, BASE)])
    assert_results_equal(alone, whole)
    one = whole.subset(rows=[0], indicators=["online_hearing_rate"])
    assert one.indicators == ("online_hearing_rate",) and len(one) == 1
    assert failure(one, whole.subset(indicators=["online_hearing_rate"])).startswith(
        "results differ: 1 row only in expected"
    )
