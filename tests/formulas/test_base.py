"""The formula contract: divide, Outcome, statuses and the Env a formula reads."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtinfo.base._errors import UnknownNameError
from courtinfo.data._values import choice_mask
from courtinfo.formulas import Env, Formula, Outcome, Ratio, Status, divide, worst
from courtinfo.formulas._base import cap, status_where

NAN = math.nan
OK, NA, ZERO, NOCAP = (
    Status.OK,
    Status.NOT_PROVIDED,
    Status.ZERO_DENOMINATOR,
    Status.NO_CAPABILITY,
)


# --- divide -------------------------------------------------------------------------------


def test_divide_gives_nan_not_a_warning_where_the_denominator_is_zero() -> None:
    num = np.array([1.0, 0.0, NAN, 3833.0, -1.0, np.inf])
    den = np.array([0.0, 0.0, 0.0, 4298.0, 0.0, np.inf])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):  # numpy's own error mode must not trip either
            out = divide(num, den)
    # 1/0, 0/0, NaN/0 and -1/0 have no answer; 3833/4298 is Changqing's Q6 recording rate;
    # inf/inf is NaN (an invalid operation numpy would otherwise warn about).
    np.testing.assert_array_equal(out, [NAN, NAN, NAN, 3833 / 4298, NAN, NAN])


def test_divide_propagates_missing_values() -> None:
    out = divide(np.array([NAN, 1.0]), np.array([2.0, NAN]))
    assert np.isnan(out).all()


# Denominators of realistic size (counts, rates, per-capita figures).
DENOMINATORS = st.one_of(st.just(NAN), st.just(0.0), st.floats(1e-9, 1e12), st.floats(-1e12, -1e-9))


@given(
    st.lists(
        st.tuples(st.one_of(st.just(NAN), st.floats(-1e12, 1e12)), DENOMINATORS),
        min_size=1,
        max_size=20,
    )
)
@settings(deadline=None)
def test_divide_is_plain_division_wherever_it_is_defined(pairs: list[tuple[float, float]]) -> None:
    num = np.array([p[0] for p in pairs])
    den = np.array([p[1] for p in pairs])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = divide(num, den)
    for x, y, got in zip(num, den, out, strict=True):
        if y == 0 or math.isnan(x) or math.isnan(y):
            assert math.isnan(got)
        else:
            assert got == x / y  # bitwise the same number as Python's division


def test_divide_does_not_warn_on_overflow() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = divide(np.array([1.0]), np.array([5e-324]))
    assert np.isinf(out[0])


def test_cap_limits_values_and_keeps_nan() -> None:
    values = np.array([0.5, 3.5068, NAN])
    np.testing.assert_array_equal(cap(values, 1.0), [0.5, 1.0, NAN])
    assert cap(values, None) is values


# --- statuses -----------------------------------------------------------------------------


def test_missing_codes_follow_cepej() -> None:
    assert OK.missing_code is None
    assert NA.missing_code == "NA"
    assert ZERO.missing_code == "NAP"
    assert NOCAP.missing_code == "NAP"
    assert Status.INVALID.missing_code == "INVALID"


def test_status_codes_grow_with_severity() -> None:
    # INVALID is the largest: a result computed from an invalid one is invalid too.
    assert [int(s) for s in Status] == [0, 1, 2, 3, 4, 5]
    assert max(Status) == Status.INVALID
    a = np.array([OK, NOCAP, ZERO], dtype=np.uint8)
    b = np.array([Status.INVALID, Status.INVALID, OK], dtype=np.uint8)
    np.testing.assert_array_equal(worst(a, b), [Status.INVALID, Status.INVALID, ZERO])


def test_worst_takes_the_largest_code_row_by_row() -> None:
    a = np.array([OK, NA, ZERO, OK], dtype=np.uint8)
    b = np.array([OK, OK, NA, NOCAP], dtype=np.uint8)
    c = np.array([NA, OK, OK, OK], dtype=np.uint8)
    np.testing.assert_array_equal(worst(a, b, c), [NA, NA, ZERO, NOCAP])
    np.testing.assert_array_equal(worst(a), a)


def test_status_where_builds_statuses_from_masks() -> None:
    out = status_where(
        3,
        not_provided=np.array([True, False, True]),
        zero_denominator=np.array([False, False, True]),
    )
    assert out.dtype == np.uint8
    np.testing.assert_array_equal(out, [NA, OK, ZERO])


# --- Outcome ------------------------------------------------------------------------------


def test_outcome_of_blanks_every_value_whose_status_is_not_ok() -> None:
    value = np.array([0.25, 0.5, 0.75, 1.0])
    status = np.array([OK, NA, ZERO, NOCAP], dtype=np.uint8)
    out = Outcome.of(value, status)
    np.testing.assert_array_equal(out.value, [0.25, NAN, NAN, NAN])
    assert out.status is status
    assert out.violations is None
    assert out.violation == ""
    # Compared and hashed as an object, never element by element (its fields are arrays).
    same = Outcome.of(value, status)
    assert out == out and out != same and len({out, same}) == 2


# --- Env ----------------------------------------------------------------------------------


def test_env_from_columns_broadcasts_numbers_to_the_longest_column() -> None:
    env = Env.from_columns({"q6_1": 4298, "q6_2": [3833, 0, 4298]})
    assert env.n == 3
    np.testing.assert_array_equal(env.get("q6_1"), [4298.0, 4298.0, 4298.0])
    assert env.peer_groups is None
    assert np.isnan(env.court_level).all()


def test_env_unknown_input_suggests_close_names() -> None:
    env = Env.from_columns({"q6_1": 4298, "q6_2": 3833})
    with pytest.raises(UnknownNameError) as info:
        env.get("q6_3")
    assert info.value.kind == "input"
    assert "q6_1" in info.value.suggestions


def test_env_reads_options_from_a_choice_bit_mask() -> None:
    # Changqing Q1 ticked B and C..K: A (the guidance platform) is bit 0 and not set.
    ticked = choice_mask("BCDEFGHIJK")
    env = Env.from_columns({"q1": [ticked, choice_mask("A"), NAN]})
    np.testing.assert_array_equal(env.get("q1:A"), [0.0, 1.0, NAN])
    np.testing.assert_array_equal(env.get("q1:B"), [1.0, 0.0, NAN])
    np.testing.assert_array_equal(env.get("q1:K"), [1.0, 0.0, NAN])
    np.testing.assert_array_equal(env.status("q1:C"), [OK, OK, NA])


def test_env_status_is_na_where_a_column_is_nan_unless_told_otherwise() -> None:
    env = Env.from_columns({"x": [1.0, NAN]})
    np.testing.assert_array_equal(env.status("x"), [OK, NA])

    told = np.array([ZERO, OK], dtype=np.uint8)
    env2 = Env(2, lambda name: np.array([NAN, 1.0]), status_of=lambda name: told)
    assert env2.status("ind") is told


# --- Formula ------------------------------------------------------------------------------


def test_formula_is_abstract() -> None:
    with pytest.raises(TypeError):
        Formula()  # type: ignore[abstract]


def test_evaluate_one_gives_a_float_or_none() -> None:
    rate = Ratio(numerator="q6_2", denominator="q6_1")
    # Changqing Q6: 3833 of 4298 hearings recorded.
    assert rate.evaluate_one({"q6_2": 3833, "q6_1": 4298}) == 3833 / 4298
    assert rate.evaluate_one({"q6_2": None, "q6_1": 4298}) is None
    assert rate.evaluate_one({"q6_2": 0, "q6_1": 0}) is None


def test_env_defaults_and_court_levels() -> None:
    env = Env.from_columns({})
    assert env.n == 1  # no column: a batch of one row
    assert env.nonnegative is False and not env.signed
    assert env.derived("x") is False  # no statuses known: every name is a plain input
    levels = np.array([1.0, NAN])
    told = Env(2, lambda name: np.zeros(2), court_level=levels, nonnegative=True, signed={"d"})
    assert told.court_level is levels
    assert told.nonnegative is True and told.signed == {"d"}


def test_env_derived_names_and_their_statuses() -> None:
    cols = {"ind": np.array([NAN, 0.5]), "ind@previous": np.array([0.25, NAN]), "q1": np.array([4.0, 1.0])}
    own = np.array([ZERO, OK], dtype=np.uint8)
    env = Env(2, cols.__getitem__, lambda name: own, computed={"ind"})
    # A computed indicator, in its own period or an earlier one, says why it has no value.
    assert env.derived("ind") and env.derived("ind@previous")
    assert not env.derived("q1") and not env.derived("ind:A")
    assert env.status("ind") is own
    np.testing.assert_array_equal(env.status("q1"), [OK, OK])
    # Without `computed`, every name has its status asked for, options excepted.
    every = Env(2, cols.__getitem__, lambda name: own)
    assert every.derived("q1") and not every.derived("q1:C")


def test_env_reads_an_option_in_an_earlier_period() -> None:
    # q1:C@year_ago is option C of q1's answer a year earlier: bit 2 of that column.
    cols = {"q1": np.array([choice_mask("C"), 0.0]), "q1@year_ago": np.array([0.0, choice_mask("AC")])}
    env = Env(2, cols.__getitem__)
    np.testing.assert_array_equal(env.get("q1:C@year_ago"), [0.0, 1.0])
    np.testing.assert_array_equal(env.get("q1:C"), [1.0, 0.0])
    np.testing.assert_array_equal(env.get("q1:A@year_ago"), [0.0, 1.0])


def test_divide_broadcasts_a_number() -> None:
    np.testing.assert_array_equal(divide(np.array([1.0, 3.0]), np.array(2.0)), [0.5, 1.5])
    np.testing.assert_array_equal(divide(np.array([1.0, 3.0]), np.array(0.0)), [NAN, NAN])


def test_blanks_give_the_same_bits_on_few_rows_and_on_many() -> None:
    # A few cells are picked from a table, many made in one pass: the same 0.0 and NaN,
    # so a ratio of one row has the bits it has among a million.
    from courtinfo.formulas._base import blanks

    mask = np.arange(200) % 3 == 0
    many = blanks(mask)
    few = np.concatenate([blanks(mask[i : i + 8]) for i in range(0, 200, 8)])
    assert many.tobytes() == few.tobytes()
    assert np.isnan(many).tolist() == mask.tolist()
    assert (many[~mask] == 0.0).all() and not np.signbit(many[~mask]).any()
    # Added to a column: the masked cells blanked, the others kept (a 0 denominator blanked).
    den = np.array([4.0, 0.0, -0.0, 2.5])
    np.testing.assert_array_equal(den + blanks(den == 0.0), [4.0, np.nan, np.nan, 2.5])


def test_blanks_table_is_read_only() -> None:
    # The one table every small `blanks` picks from is shared: nobody may write into it.
    from courtinfo.formulas._base import _ZERO_OR_NAN, blanks

    with pytest.raises(ValueError, match="read-only"):
        _ZERO_OR_NAN[0] = 1.0
    out = blanks(np.array([True, False]))
    out[1] = 7.0  # a fresh array, not a view of the table
    np.testing.assert_array_equal(blanks(np.array([False])), [0.0])


def test_env_derived_shifted_names_follow_computed() -> None:
    cols = {"ind@previous": np.array([0.25]), "q1@previous": np.array([3.0])}
    own = np.array([ZERO], dtype=np.uint8)
    told = Env(1, cols.__getitem__, lambda name: own, computed={"ind"})
    # An earlier period's input is no indicator: its status is its NaN-ness.
    assert told.derived("ind@previous") is True
    assert told.derived("q1@previous") is False
    np.testing.assert_array_equal(told.status("q1@previous"), [OK])
    # Without `computed`, an earlier period's name has its status asked for too.
    every = Env(1, cols.__getitem__, lambda name: own)
    assert every.derived("q1@previous") is True
    assert every.status("q1@previous") is own


def test_env_rows_is_a_slice_of_the_whole_batch() -> None:
    # Rows 1..2 of a batch of four: every column and fact sliced, the whole batch shared.
    cols = {"x": np.array([1.0, 2.0, 3.0, 4.0])}
    statuses = np.array([OK, ZERO, NA, OK], dtype=np.uint8)
    whole = Env(
        4,
        cols.__getitem__,
        lambda name: statuses,
        np.array([0, 0, 1, 1], dtype=np.int64),
        np.array([1.0, 2.0, 3.0, NAN]),
        computed={"x"},
        nonnegative=True,
        signed={"x"},
        unpooled=np.array([False, True, False, True]),
    )
    assert whole.whole is whole
    part = whole.rows(1, 3)
    assert part.n == 2 and part.whole is whole
    np.testing.assert_array_equal(part.get("x"), [2.0, 3.0])
    np.testing.assert_array_equal(part.status("x"), [ZERO, NA])
    np.testing.assert_array_equal(part.peer_groups, [0, 1])
    np.testing.assert_array_equal(part.court_level, [2.0, 3.0])
    np.testing.assert_array_equal(part.unpooled, [True, False])
    assert part.derived("x") and part.nonnegative is True and part.signed == {"x"}
    # A slice of a slice is a slice of the whole batch.
    inner = part.rows(1, 2)
    assert inner.whole is whole
    np.testing.assert_array_equal(inner.get("x"), [2.0])
    # Without statuses, peer groups, levels or exclusions, a slice has none either.
    bare = Env(4, cols.__getitem__).rows(2, 4)
    assert bare.peer_groups is None and bare.unpooled is None and not bare.derived("x")
    np.testing.assert_array_equal(bare.court_level, [NAN, NAN])
    np.testing.assert_array_equal(bare.status("x"), [OK, OK])


def test_env_memo_computes_once_for_the_whole_batch() -> None:
    whole = Env(4, lambda name: np.zeros(4))
    calls: list[int] = []

    def make() -> int:
        calls.append(1)
        return 42 + len(calls)

    assert whole.rows(0, 2).memo("pool", make) == 43
    assert whole.rows(2, 4).memo("pool", make) == 43  # another chunk: the same figure
    assert whole.memo("pool", make) == 43
    assert whole.memo("other", make) == 44
    assert len(calls) == 2
