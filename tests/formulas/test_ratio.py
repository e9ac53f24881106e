"""Ratios of sums and per-case averages, checked against Changqing's 2019 answers."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtinfo.base import FormulaError
from courtinfo.formulas import (
    Env,
    Outcome,
    PerCaseAverage,
    Ratio,
    RatioGroup,
    Status,
    add_terms,
    ratio_arrays,
    sum_terms,
)

NAN = math.nan
OK, NA, ZERO = Status.OK, Status.NOT_PROVIDED, Status.ZERO_DENOMINATOR


# --- hand-checked values ------------------------------------------------------------------


def test_hearing_recording_rate_changqing_q6() -> None:
    # 庭审录音录像率, national form Q6: ① 4298 hearings, ② 3833 recorded.
    # 3833 / 4298 = 0.891810144253141...
    rate = Ratio(numerator="q6_2", denominator="q6_1")
    out = rate.evaluate({"q6_1": 4298, "q6_2": 3833})
    assert out.value[0] == pytest.approx(0.89181014425, abs=1e-11)
    assert out.status[0] == OK
    assert out.violations is None


def test_judgment_publication_rate_subtracts_withheld_documents() -> None:
    # 裁判文书公开率, Q20: ② 10842 documents, ③ 2595 applied not to publish, ④ 8247 published.
    # 8247 / (10842 − 2595) = 8247 / 8247 = 1.0
    rate = Ratio(numerator=["q20_4"], denominator=["q20_2", "-q20_3"])
    assert rate.references() == ("q20_4", "q20_2", "q20_3")
    out = rate.evaluate({"q20_2": 10842, "q20_3": 2595, "q20_4": 8247})
    assert out.value[0] == 1.0
    assert out.status[0] == OK
    assert out.violations is None


def test_online_deliberation_rate_sums_both_sides() -> None:
    # 在线评议讨论率 (Jiading 13) = (signed panel deliberations a + signed judges' meetings b)
    #                               / (ordinary-procedure panel closures c + judges' meetings d)
    # a = 120, b = 30, c = 300, d = 75: (120 + 30) / (300 + 75) = 150 / 375 = 0.4, the 40% target.
    rate = Ratio(numerator=["a", "b"], denominator=["c", "d"])
    out = rate.evaluate({"a": 120, "b": 30, "c": 300, "d": 75})
    assert out.value[0] == pytest.approx(0.4, abs=1e-15)


def test_plus_sign_is_accepted_on_terms() -> None:
    rate = Ratio(numerator=["+a"], denominator=["c", "+d"])
    assert rate.references() == ("a", "c", "d")
    assert rate.evaluate_one({"a": 1, "c": 1, "d": 3}) == 0.25


def test_a_single_name_is_a_one_term_sum() -> None:
    assert Ratio("q6_2", "q6_1") == Ratio(["q6_2"], ("q6_1",))


# --- missing and not applicable -----------------------------------------------------------


def test_zero_denominator_is_not_applicable_without_a_warning() -> None:
    rate = Ratio(numerator="q6_2", denominator="q6_1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = rate.evaluate({"q6_1": [0, 0], "q6_2": [0, NAN]})
    assert np.isnan(out.value).all()
    # NAP even where the numerator is missing: the rule has no answer for such a row.
    np.testing.assert_array_equal(out.status, [ZERO, ZERO])
    assert Status(out.status[0]).missing_code == "NAP"


def test_zero_denominator_after_subtraction() -> None:
    # Every document withheld: 10842 − 10842 = 0.
    rate = Ratio(numerator=["q20_4"], denominator=["q20_2", "-q20_3"])
    out = rate.evaluate({"q20_2": 10842, "q20_3": 10842, "q20_4": 0})
    assert np.isnan(out.value[0])
    assert out.status[0] == ZERO


def test_missing_input_is_not_provided() -> None:
    rate = Ratio(numerator=["a", "b"], denominator=["c", "d"])
    out = rate.evaluate({"a": [120, 120], "b": [NAN, 30], "c": [300, 300], "d": [75, NAN]})
    np.testing.assert_array_equal(out.status, [NA, NA])
    assert np.isnan(out.value).all()
    assert Status(out.status[0]).missing_code == "NA"


# --- numerator above denominator ----------------------------------------------------------


def test_over_error_flags_recorded_above_hearings() -> None:
    rate = Ratio(numerator="q6_2", denominator="q6_1")  # over="error" is the default
    out = rate.evaluate({"q6_1": [4298, 10], "q6_2": [3833, 11]})
    assert out.violations is not None
    np.testing.assert_array_equal(out.violations, [False, True])
    assert "q6_2" in out.violation and "q6_1" in out.violation
    # The value is still reported; flagging is for the data's owner to act on.
    assert out.value[1] == 1.1
    np.testing.assert_array_equal(out.status, [OK, OK])


def test_over_cap_caps_online_filing_rate() -> None:
    # 网上立案率, Q22: ① 1971 first-instance cases, ③ 6912 online filings (bookings count too).
    # 6912 / 1971 = 3.5068... capped to 1.0.
    rate = Ratio(numerator="q22_3", denominator="q22_1", over="cap")
    out = rate.evaluate({"q22_1": 1971, "q22_3": 6912})
    assert out.value[0] == 1.0
    assert out.violations is None


def test_over_allow_keeps_values_above_one() -> None:
    # 6912 / 1971 = 3.506849315068493
    rate = Ratio(numerator="q22_3", denominator="q22_1", over="allow")
    out = rate.evaluate({"q22_1": 1971, "q22_3": 6912})
    assert out.value[0] == pytest.approx(3.506849315068, abs=1e-12)
    assert out.violations is None


@pytest.mark.parametrize("over", ["error", "cap", "allow"])
def test_negative_denominator_is_flagged_whatever_the_policy(over: str) -> None:
    # More documents withheld (3) than written (2): an input error, flagged under every policy.
    rate = Ratio(numerator=["q20_4"], denominator=["q20_2", "-q20_3"], over=over)  # type: ignore[arg-type]
    out = rate.evaluate({"q20_2": [2, 10], "q20_3": [3, 2], "q20_4": [0, 8]})
    assert out.violations is not None
    np.testing.assert_array_equal(out.violations, [True, False])
    assert "negative" in out.violation or over == "error"


# --- per-case averages --------------------------------------------------------------------


def test_online_file_reviews_per_case() -> None:
    # 案均网上阅卷数 (Jiaozuo target: 0.2 or more): 30 reviews / 150 cases = 0.2.
    avg = PerCaseAverage(numerator="reviews", denominator="cases")
    assert avg.over == "allow"
    assert avg.evaluate_one({"reviews": 30, "cases": 150}) == pytest.approx(0.2, abs=1e-15)
    # Several reviews per case are normal, not an input error: 450 / 150 = 3.0.
    out = avg.evaluate({"reviews": 450, "cases": 150})
    assert out.value[0] == 3.0
    assert out.violations is None


def test_per_case_average_is_registered_on_its_own() -> None:
    assert PerCaseAverage.kind == "per_case_average"
    assert Ratio.kind == "ratio"


# --- batch and single agree ---------------------------------------------------------------

COUNTS = st.one_of(
    st.just(NAN),
    st.just(0.0),
    st.integers(0, 20).map(float),
    st.integers(0, 2**53).map(float),
)


@given(
    rows=st.lists(st.tuples(COUNTS, COUNTS, COUNTS), min_size=1, max_size=12),
    over=st.sampled_from(["error", "cap", "allow"]),
)
@settings(deadline=None)
def test_batch_and_single_agree(rows: list[tuple[float, float, float]], over: str) -> None:
    rate = Ratio(numerator=["a"], denominator=["b", "-c"], over=over)  # type: ignore[arg-type]
    cols = {k: np.array([r[i] for r in rows]) for i, k in enumerate("abc")}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        batch = rate.evaluate(cols)
        for i, (a, b, c) in enumerate(rows):
            one = rate.evaluate({"a": a, "b": b, "c": c})
            np.testing.assert_array_equal(one.value, batch.value[i : i + 1])
            np.testing.assert_array_equal(one.status, batch.status[i : i + 1])
            flagged = one.violations is not None and bool(one.violations[0])
            assert flagged == (batch.violations is not None and bool(batch.violations[i]))
            single = rate.evaluate_one({"a": a, "b": b, "c": c})
            if single is None:
                assert np.isnan(batch.value[i])
            else:
                assert single == batch.value[i]
    # Values exist exactly where the status is OK.
    np.testing.assert_array_equal(np.isnan(batch.value), batch.status != OK)
    if over == "cap":
        assert (batch.value[~np.isnan(batch.value)] <= 1.0).all()
    if over != "allow":
        fine = batch.violations is None or ~batch.violations
        good = batch.value[fine & ~np.isnan(batch.value)]
        assert ((good >= 0.0) & (good <= 1.0)).all()


def test_scale_gives_disposition_time_in_days() -> None:
    # CEPEJ disposition time = 365 × pending at the end ÷ resolved. Croatian commercial courts,
    # 2022: 17,880 unresolved at the end, 28,278 resolved: 365 × 17880 / 28278 = 230.7872 days
    # (published: 231).
    dt = Ratio(numerator="pending_end", denominator="resolved", over="allow", scale=365)
    out = dt.evaluate({"pending_end": [17880, 0, 5], "resolved": [28278, 10, 0]})
    assert out.value[0] == pytest.approx(365 * 17880 / 28278, rel=1e-15)
    assert round(out.value[0], 4) == 230.7872
    assert out.value[1] == 0.0
    assert math.isnan(out.value[2])
    # × 2: 2 × 3 / 4 = 1.5.
    assert Ratio("a", "b", over="allow", scale=2).evaluate_one({"a": 3, "b": 4}) == 1.5
    np.testing.assert_array_equal(out.status, [Status.OK, Status.OK, Status.ZERO_DENOMINATOR])


def test_scale_must_be_a_positive_number() -> None:
    assert Ratio(numerator="a", denominator="b", scale="100").scale == 100.0
    for bad in (0, -365, math.inf, "many", True):
        with pytest.raises(FormulaError, match="scale"):
            Ratio(numerator="a", denominator="b", scale=bad)


def test_a_difference_may_be_negative_only_where_declared() -> None:
    # (本期 − 上期) ÷ 上期 written as a ratio: 1643 new cases against 2076 a year before is
    # (1643 − 2076) / 2076 = −0.20857… (同比下降20.86%).
    growth = {"numerator": ["new", "-new_before"], "denominator": "new_before"}
    columns = {"new": [1643.0], "new_before": [2076.0]}
    refused = Ratio(**growth, over="allow").evaluate(columns)
    assert refused.violations is not None and refused.violations.all()
    assert refused.violation == "numerator and denominator must not be negative"
    allowed = Ratio(**growth, over="allow", signed=True).evaluate(columns)
    assert allowed.violations is None
    assert allowed.value[0] == pytest.approx(-433 / 2076, rel=1e-15)
    assert round(allowed.value[0] * 100, 2) == -20.86


def test_empty_term_lists_are_refused() -> None:
    # A sum of no terms would silently be 0 (a 0/0 NAP, or x/0); a scheme must name a term.
    from courtinfo.base import FormulaError

    with pytest.raises(FormulaError, match="an empty list names nothing"):
        Ratio([], ["q6_1"])
    with pytest.raises(FormulaError, match="an empty list names nothing"):
        Ratio(["q6_2"], [])
    with pytest.raises(FormulaError, match="'' is not a name or a list of names"):
        Ratio("", "q6_1")


def test_a_leading_subtracted_term() -> None:
    # (-a + b) / c: the first term subtracted, as no shipped scheme writes it.
    r = Ratio(["-a", "b"], ["c"])
    out = r.evaluate({"a": [2.0, 5.0], "b": [7.0, 9.0], "c": [10.0, 8.0]})
    assert out.value.tolist() == [0.5, 0.5]
    assert r.references() == ("a", "b", "c")


def test_a_ratio_over_a_derived_indicator_reports_its_nap_not_na() -> None:
    # d had a zero denominator (NAP) in row 0 and no input (NA) in row 1; a ratio reading d
    # says why: NAP stays NAP, NA stays NA, and row 2 computes.
    import numpy as np

    from courtinfo.formulas import Env

    d = np.array([np.nan, np.nan, 0.5])
    d_status = np.array([Status.ZERO_DENOMINATOR, Status.NOT_PROVIDED, Status.OK], dtype=np.uint8)
    cols = {"d": d, "c": np.array([2.0, 2.0, 2.0])}
    env = Env(
        3,
        lambda name: cols[name],
        lambda name: d_status if name == "d" else np.isnan(cols[name]).view(np.uint8),
        computed={"d"},
    )
    out = Ratio(["d"], ["c"]).compute(env)
    assert out.status.tolist() == [Status.ZERO_DENOMINATOR, Status.NOT_PROVIDED, Status.OK]
    assert out.value[2] == 0.25
    assert np.isnan(out.value[:2]).all()


# --- ratios computed together (RatioGroup) ------------------------------------------------

# Four rows: plain, numerator above the denominator, zero denominator, a missing input.
GROUP_COLUMNS = {
    "a": np.array([3.0, 6.0, 0.0, NAN]),
    "b": np.array([4.0, 5.0, 0.0, 2.0]),
    "c": np.array([1.0, 0.0, 1.0, 1.0]),
}
ERROR = Ratio("a", "b")  # 3/4, 6/5 (above: flagged), 0/0, NA
LEADING_MINUS = Ratio(["-c", "a"], "b", over="allow")  # 2/4, 6/5, -1/0 (negative: flagged), NA
CAPPED = Ratio("a", ["b", "c"], over="cap")  # 3/5, 6/5 capped to 1, 0/1, NA


def _check_group(outs: list[Outcome]) -> None:
    error, minus, capped = outs
    np.testing.assert_array_equal(error.value, [0.75, 1.2, NAN, NAN])
    np.testing.assert_array_equal(error.status, [OK, OK, ZERO, NA])
    assert error.violations is not None
    assert error.violations.tolist() == [False, True, False, False]
    assert error.violation == "(a) must not exceed (b)"
    np.testing.assert_array_equal(minus.value, [0.5, 1.2, NAN, NAN])
    np.testing.assert_array_equal(minus.status, [OK, OK, ZERO, NA])
    assert minus.violations is not None
    assert minus.violations.tolist() == [False, False, True, False]
    assert minus.violation == "numerator and denominator must not be negative"
    np.testing.assert_array_equal(capped.value, [0.6, 1.0, 0.0, NAN])
    np.testing.assert_array_equal(capped.status, [OK, OK, OK, NA])
    assert capped.violations is None
    assert capped.violation == ""


def test_ratios_computed_together_each_keep_their_policy() -> None:
    ratios = [ERROR, LEADING_MINUS, CAPPED]
    outs = Ratio.compute_many(ratios, GROUP_COLUMNS)
    _check_group(outs)
    # The same numbers as one ratio at a time (on a batch of plain, unchecked inputs).
    for ratio, out in zip(ratios, outs, strict=True):
        alone = ratio.evaluate(GROUP_COLUMNS)
        np.testing.assert_array_equal(out.value, alone.value)
        np.testing.assert_array_equal(out.status, alone.status)
        if alone.violations is None:
            assert out.violations is None
        else:
            np.testing.assert_array_equal(out.violations, alone.violations)
    # The inputs are read, never written to.
    assert GROUP_COLUMNS["a"][1] == 6.0 and GROUP_COLUMNS["c"].tolist() == [1.0, 0.0, 1.0, 1.0]


def test_a_group_built_once_computes_many_batches() -> None:
    group = RatioGroup.of([ERROR, LEADING_MINUS, CAPPED])
    assert group.names == ("a", "b", "c")
    # Per-ratio policies differ, so each is a column of flags, one row per ratio.
    assert np.asarray(group.cap).ravel().tolist() == [False, False, True]
    assert np.asarray(group.forbid_over).ravel().tolist() == [True, False, False]
    assert np.asarray(group.check_sign).ravel().tolist() == [False, True, False]
    # Term 0 of the numerators subtracts for the second ratio only; term 1 pads with zeros.
    assert group.num_sign[0] is not None and group.num_sign[0].ravel().tolist() == [1, -1, 1]
    assert group.num_sign[1] is None
    assert [i.tolist() for i in group.num_index] == [[0, 2, 0], [3, 0, 3]]
    assert [i.tolist() for i in group.den_index] == [[1, 1, 1], [3, 3, 2]]
    _check_group(Ratio.compute_many(group, GROUP_COLUMNS))
    # Compared and hashed as an object (a cache key), never element by element.
    again = RatioGroup.of([ERROR, LEADING_MINUS, CAPPED])
    assert group == group and group != again and len({group: 1, again: 2}) == 2
    # A batch of one row: 6 / 5 is above, and 0 - 6 is negative.
    one = Ratio.compute_many(group, {"a": np.array([6.0]), "b": np.array([5.0]), "c": np.array([6.0])})
    assert [o.value.tolist() for o in one] == [[1.2], [0.0], [6.0 / 11.0]]
    assert [None if o.violations is None else o.violations.tolist() for o in one] == [
        [True],
        None,
        None,
    ]


def test_a_group_of_one_policy_holds_single_flags() -> None:
    # Every ratio capped and every one subtracting: one flag each, no columns.
    group = RatioGroup.of([Ratio(["a", "-c"], "b", over="cap"), Ratio("a", ["b", "-c"], over="cap")])
    assert (group.cap, group.forbid_over, group.check_sign) == (True, False, True)
    value, status, broken = group.compute([GROUP_COLUMNS[k] for k in group.names], 4)
    # (3 - 1)/4, (6 - 0)/5 capped, (0 - 1)/0, NA; and 3/(4 - 1), 6/5 capped, 0/(0 - 1), NA.
    np.testing.assert_array_equal(value, [[0.5, 1.0, NAN, NAN], [1.0, 1.0, -0.0, NAN]])
    np.testing.assert_array_equal(status, [[OK, OK, ZERO, NA], [OK, OK, OK, NA]])
    assert broken is not None
    assert broken.tolist() == [[False, False, True, False], [False, False, True, False]]
    plain = RatioGroup.of([Ratio("a", "b"), Ratio("c", "b")])
    assert (plain.cap, plain.forbid_over, plain.check_sign) == (False, True, False)
    assert plain.num_sign == (None,) and plain.den_sign == (None,)
    value, status, broken = plain.compute([GROUP_COLUMNS[k] for k in plain.names], 4)
    np.testing.assert_array_equal(value, [[0.75, 1.2, NAN, NAN], [0.25, 0.0, NAN, 0.5]])
    np.testing.assert_array_equal(status, [[OK, OK, ZERO, NA], [OK, OK, ZERO, OK]])
    assert broken is not None
    # 6 > 5 in the first; 1 > 0 in the second (flagged though its value is NAP).
    assert broken.tolist() == [[False, True, False, False], [False, False, True, False]]
    allowed = RatioGroup.of([Ratio("a", "b", over="allow")])
    assert allowed.compute([GROUP_COLUMNS["a"], GROUP_COLUMNS["b"]], 4)[2] is None


def test_a_group_refuses_scaled_or_signed_ratios() -> None:
    for odd in (Ratio("a", "b", scale=100), Ratio("a", "b", signed=True)):
        with pytest.raises(FormulaError, match="a ratio group takes unscaled, unsigned ratios"):
            RatioGroup.of([Ratio("a", "b"), odd])


def test_a_scale_and_a_leading_minus_in_a_denominator() -> None:
    # 100 × 3 / (−1 + 4) = 100.0; the first denominator term subtracted.
    r = Ratio("a", ["-c", "b"], over="allow", scale=100)
    out = r.evaluate({"a": [3.0, 1.0], "b": [4.0, 1.0], "c": [1.0, 3.0]})
    assert out.value.tolist() == [100.0, -50.0]
    assert out.violations is not None and out.violations.tolist() == [False, True]


def test_a_later_term_subtracted_by_some_ratios_of_a_group_only() -> None:
    # Term 1 of the denominators: subtracted by the first ratio, added by the second.
    group = RatioGroup.of([Ratio("a", ["b", "-c"], over="allow"), Ratio("a", ["b", "c"], over="allow")])
    assert group.den_sign[1] is not None and group.den_sign[1].ravel().tolist() == [-1.0, 1.0]
    value, _, broken = group.compute([GROUP_COLUMNS[k] for k in group.names], 4)
    # 3/(4 − 1), 6/(5 − 0), 0/(0 − 1), NA; and 3/(4 + 1), 6/5, 0/(0 + 1), NA.
    np.testing.assert_array_equal(value, [[1.0, 1.2, -0.0, NAN], [0.6, 1.2, 0.0, NAN]])
    # Only the ratio that subtracts is checked for sign: 0 − 1 < 0 in its row 2.
    assert broken is not None
    assert broken.tolist() == [[False, False, True, False], [False, False, False, False]]


def test_in_a_group_only_ratios_that_subtract_are_checked_for_sign() -> None:
    # A group's inputs are promised non-negative, so a plain ratio is never sign-checked,
    # even if a negative number is passed; the one that subtracts is.
    group = RatioGroup.of([Ratio("a", "b", over="allow"), Ratio(["a", "-c"], "b", over="allow")])
    value, _, broken = group.compute([np.array([-1.0]), np.array([2.0]), np.array([0.0])], 1)
    np.testing.assert_array_equal(value, [[-0.5], [-0.5]])
    assert broken is not None and broken.tolist() == [[False], [True]]


def test_which_ratios_are_checked_for_sign() -> None:
    # Inputs not validated (an Env of plain arrays): any negative sum breaks the rule.
    negative = {"a": [-1.0, 1.0], "b": [2.0, 2.0]}
    out = Ratio("a", "b", over="allow").evaluate(negative)
    assert out.violations is not None and out.violations.tolist() == [True, False]
    # Validated inputs (nonnegative): a plain ratio of them cannot go below 0, unchecked;
    # one that subtracts, or reads an input declared signed, is still checked.
    plain = Ratio("a", "b", over="allow").evaluate(negative, nonnegative=True)
    assert plain.violations is None and plain.value.tolist() == [-0.5, 0.5]
    minus = Ratio(["a", "-c"], "b", over="allow").evaluate({**negative, "c": 0.0}, nonnegative=True)
    assert minus.violations is not None and minus.violations.tolist() == [True, False]
    signed_input = Ratio("a", "b", over="allow").evaluate(negative, nonnegative=True, signed={"a"})
    assert signed_input.violations is not None and signed_input.violations.tolist() == [True, False]
    # A ratio declared signed is never checked.
    free = Ratio(["a", "-c"], "b", over="allow", signed=True).evaluate({**negative, "c": 0.0})
    assert free.violations is None and free.value.tolist() == [-0.5, 0.5]


def test_a_ratio_over_a_derived_indicator_is_checked_for_sign() -> None:
    # d is computed (an indicator, which may be negative, e.g. a change): checked even on
    # validated inputs.
    from courtinfo.formulas import Env

    cols = {"d": np.array([-0.25, 0.5]), "c": np.array([1.0, 1.0])}
    ok = np.zeros(2, dtype=np.uint8)
    env = Env(2, lambda name: cols[name], lambda name: ok, computed={"d"}, nonnegative=True)
    out = Ratio("d", "c", over="allow").compute(env)
    assert out.violations is not None and out.violations.tolist() == [True, False]
    assert out.value.tolist() == [-0.25, 0.5]


def test_ratio_arrays_share_a_denominator_and_flag_nothing_unasked() -> None:
    # Two numerator rows over one denominator row: 1/4, 2/4, 0/0; 4/4, 8/4 capped, 1/0.
    num = np.array([[1.0, 2.0, 0.0], [4.0, 8.0, 1.0]])
    den = np.array([4.0, 4.0, 0.0])
    value, status, broken = ratio_arrays(
        num, den, None, None, cap=True, forbid_over=False, check_sign=False
    )
    np.testing.assert_array_equal(value, [[0.25, 0.5, NAN], [1.0, 1.0, NAN]])
    np.testing.assert_array_equal(status, [[OK, OK, ZERO], [OK, OK, ZERO]])
    assert broken is None  # no rule asked for, no array of flags
    _, _, over = ratio_arrays(num, den, None, None, cap=False, forbid_over=True, check_sign=False)
    assert over is not None and over.tolist() == [[False, False, False], [False, True, True]]


def test_add_terms_adds_signed_columns_without_writing_to_them() -> None:
    a, b, c = np.array([1.0, 2.0]), np.array([10.0, 20.0]), np.array([100.0, 200.0])
    # −1 + 10 − 100 and −2 + 20 − 200; then per-row signs: +1 − 10, −2 + 20.
    assert add_terms([a, b, c], [-1.0, None, -1.0]).tolist() == [-91.0, -182.0]
    rows = np.array([1.0, -1.0])
    assert add_terms([a, b], [rows, -rows]).tolist() == [-9.0, 18.0]
    assert add_terms([a, b], [None, None]).tolist() == [11.0, 22.0]
    # A sign is its number: +1.0 adds (it used to subtract, as any float did).
    assert add_terms([a, b], [1.0, 1.0]).tolist() == [11.0, 22.0]
    assert add_terms([a], [None]) is a  # one plain term: the column itself, not a copy
    assert a.tolist() == [1.0, 2.0] and b.tolist() == [10.0, 20.0] and c.tolist() == [100.0, 200.0]
    with pytest.raises(ValueError):
        add_terms([a, b, c], [None, None])  # a sign for every column


def test_sum_terms_adds_and_subtracts_as_a_ratio_does() -> None:
    cols = {"old": np.array([220.0, 5.0]), "new": np.array([2076.0, NAN]), "moved": np.array([16.0, 1.0])}
    # 旧存 + 新收 − 移送: 220 + 2076 − 16 = 2280; a term not provided makes the sum NaN.
    total = sum_terms(("old", "new", "-moved"), cols.__getitem__)
    np.testing.assert_array_equal(total, [2280.0, NAN])
    # A leading subtracted term: −16 + 220 = 204, and −1 + 5 = 4.
    np.testing.assert_array_equal(sum_terms(("-moved", "old"), cols.__getitem__), [204.0, 4.0])
    # The same sum the ratio divides by: 1119 closed over it.
    ratio = Ratio(("closed",), ("old", "new", "-moved"), over="allow")
    out = ratio.compute(Env.from_columns({**cols, "closed": [1119.0, 1.0]}))
    assert out.value[0] == 1119.0 / 2280.0
    with pytest.raises(FormulaError, match="sum_terms: terms must not be empty"):
        sum_terms((), cols.__getitem__)
    with pytest.raises(FormulaError, match="sum_terms: terms must be a non-empty tuple"):
        sum_terms(["old"], cols.__getitem__)  # type: ignore[arg-type]


def test_a_group_reading_a_single_input() -> None:
    # 已结 ÷ 已结 and its capped twin: one input read; the batch's length is that input's.
    group = RatioGroup.of([Ratio("a", "a"), Ratio("a", "a", over="cap")])
    assert group.names == ("a",)
    outs = Ratio.compute_many(group, {"a": np.array([2.0, 0.0, NAN])})
    for out in outs:
        np.testing.assert_array_equal(out.value, [1.0, NAN, NAN])
        np.testing.assert_array_equal(out.status, [OK, ZERO, NA])
        assert out.violations is None


def test_a_group_gathers_its_terms_from_rows_a_caller_stacked() -> None:
    # A caller's rows: c, a, b (sorted names), then NaN and -0.0. The group reads a, b, c
    # at rows 1, 2, 0; an input the caller lacks reads the NaN row.
    group = RatioGroup.of([ERROR, LEADING_MINUS, CAPPED, Ratio("a", "d")])
    rows = group.rows_of({"c": 0, "a": 1, "b": 2}, missing=3, pad=4)
    # (numerator and denominator, term, ratio): ERROR is a / b, LEADING_MINUS (-c + a) / b,
    # CAPPED a / (b + c), a / d reads d from the NaN row; the pad reads -0.0.
    assert rows.tolist() == [[[1, 0, 1, 1], [4, 1, 4, 4]], [[2, 2, 2, 3], [4, 4, 0, 4]]]
    stacked = np.array([[1.0], [6.0], [5.0], [NAN], [-0.0]])
    value, status, broken = group.compute_rows(stacked, rows)
    # 6/5 (above: flagged), (6 - 1)/5, 6/(5 + 1), 6/NaN (NA).
    np.testing.assert_array_equal(value, [[1.2], [1.0], [1.0], [NAN]])
    np.testing.assert_array_equal(status, [[OK], [OK], [OK], [NA]])
    assert broken is not None and broken.ravel().tolist() == [True, False, False, False]
    same = group.compute([np.array([c]) for c in (6.0, 5.0, 1.0, NAN)], 1)
    for a, b in zip(same, (value, status, broken), strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_padded_sum_keeps_a_negative_zero_as_a_ratio_alone_does() -> None:
    # x + -0.0 is x for every x, -0.0 included (x + 0.0 would turn -0.0 into 0.0): a ratio
    # of one numerator term in a group whose longest numerator has two gives the bits of
    # that ratio alone.
    one_term = Ratio("a", "b", over="allow")
    group = RatioGroup.of([one_term, Ratio(["a", "c"], "b", over="allow")])
    columns = {"a": np.array([-0.0]), "b": np.array([4.0]), "c": np.array([1.0])}
    together = Ratio.compute_many(group, columns)[0].value
    alone = one_term.evaluate(columns).value
    assert together.tobytes() == alone.tobytes() == np.array([-0.0]).tobytes()


def test_a_group_and_the_rows_it_gives_are_read_only() -> None:
    # A group is built once and shared by every batch (and `rows_of` once per caller's
    # layout): neither its term positions nor the rows it hands out can be changed by a write.
    group = RatioGroup.of([ERROR, LEADING_MINUS])
    rows = group.rows_of({"a": 0, "b": 1, "c": 2}, missing=3, pad=4)
    assert rows.tolist() == [[[0, 2], [4, 0]], [[1, 1], [4, 4]]]
    for table in (group.terms, rows):
        with pytest.raises(ValueError, match="read-only"):
            table[0, 0, 0] = 9
    assert group.terms.tolist() == [[[0, 2], [3, 0]], [[1, 1], [3, 3]]]


def test_a_group_multiplies_by_signs_only_where_some_ratio_subtracts() -> None:
    # One ratio, a / (b + c): term 1 is a pad (-0.0) on the numerator side and added on the
    # denominator side, so no term is multiplied by a sign; the numerator has 1 term of its own.
    added = RatioGroup.of([Ratio("a", ["b", "c"], over="allow")])
    assert added.signs == (None, None)
    assert [i.tolist() for i in added.num_index] == [[0]] and added.num_sign == (None,)
    assert [i.tolist() for i in added.den_index] == [[1], [2]] and added.den_sign == (None, None)
    # (a - c) / (b - c): term 1 subtracted on both sides, by every ratio of the group.
    both = RatioGroup.of([Ratio(["a", "-c"], ["b", "-c"], over="allow")])
    assert both.signs[0] is None
    assert both.signs[1] is not None and both.signs[1].ravel().tolist() == [-1.0, -1.0]
    # (6 - 1) / (5 - 1) = 1.25, (3 - 1) / (4 - 1) = 2/3.
    columns = {"a": np.array([6.0, 3.0]), "b": np.array([5.0, 4.0]), "c": np.array([1.0, 1.0])}
    value, status, _ = both.compute([columns[k] for k in both.names], 2)
    np.testing.assert_array_equal(value, [[1.25, 2 / 3]])
    np.testing.assert_array_equal(status, [[OK, OK]])
