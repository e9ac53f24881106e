"""Peer-relative usage: Jiading's 移动执行使用率 against the city's courts.

移动执行使用率 = 人均上线次数 / 全市法院人均上线次数 × 50
              + 人均在线总时长 / 全市法院人均在线总时长 × 50   (超过100%记为100%)
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtinfo.formulas import PeerComponent, PeerRelative, Status

NAN = math.nan
OK, NA, ZERO = Status.OK, Status.NOT_PROVIDED, Status.ZERO_DENOMINATOR

MOBILE = PeerRelative(
    components=(
        PeerComponent(numerator="logins", denominator="officers", weight="50%"),
        PeerComponent(numerator="hours", denominator="officers", weight="50%"),
    )
)

# Three courts of one city (one peer group):
#   court   logins  hours  officers   logins/officer  hours/officer
#   A        100     200     10            10              20
#   B        300     300     20            15              15
#   C         50      40      2            25              20
# City, pooled: logins 450 / 32 officers = 14.0625; hours 540 / 32 = 16.875.
# (The mean of the courts' own figures would be 16.667 and 18.333: a different answer.)
CITY = {"logins": [100, 300, 50], "hours": [200, 300, 40], "officers": [10, 20, 2]}
ONE_GROUP = np.array([0, 0, 0])


def test_mobile_enforcement_usage_against_the_pooled_city_figures() -> None:
    out = MOBILE.evaluate(CITY, peer_groups=ONE_GROUP)
    # A: 0.5 × 10/14.0625 + 0.5 × 20/16.875 = 0.5 × 0.711111 + 0.5 × 1.185185 = 0.948148
    # B: 0.5 × 15/14.0625 + 0.5 × 15/16.875 = 0.5 × 1.066667 + 0.5 × 0.888889 = 0.977778
    # C: 0.5 × 25/14.0625 + 0.5 × 20/16.875 = 0.5 × 1.777778 + 0.5 × 1.185185 = 1.481481 → 1.0
    np.testing.assert_allclose(out.value, [0.9481481481, 0.9777777778, 1.0], rtol=0, atol=1e-10)
    np.testing.assert_array_equal(out.status, [OK, OK, OK])


def test_peer_figure_is_the_pooled_ratio_not_the_mean_of_ratios() -> None:
    out = MOBILE.evaluate(CITY, peer_groups=ONE_GROUP)
    pooled = 0.5 * 10 / (450 / 32) + 0.5 * 20 / (540 / 32)
    mean_of_ratios = 0.5 * 10 / ((10 + 15 + 25) / 3) + 0.5 * 20 / ((20 + 15 + 20) / 3)
    assert pooled == pytest.approx(0.948148148, abs=1e-9)
    assert mean_of_ratios == pytest.approx(0.845454545, abs=1e-9)
    assert out.value[0] == pytest.approx(pooled, abs=1e-12)
    assert out.value[0] != pytest.approx(mean_of_ratios, abs=1e-3)


def test_without_cap_values_above_one_stay() -> None:
    uncapped = PeerRelative(components=MOBILE.components, cap=None)
    out = uncapped.evaluate(CITY, peer_groups=ONE_GROUP)
    assert out.value[2] == pytest.approx(1.4814814815, abs=1e-10)


def test_each_group_is_compared_with_its_own_courts() -> None:
    # Two cities side by side in one batch give the same answers as each city alone.
    two = {k: [*v, v[0] * 2, v[1]] for k, v in CITY.items()}
    groups = np.array([0, 0, 0, 1, 1])
    out = MOBILE.evaluate(two, peer_groups=groups)
    np.testing.assert_array_equal(out.value[:3], MOBILE.evaluate(CITY, peer_groups=ONE_GROUP).value)
    # City 2: logins 200 + 300 over 40 officers = 12.5; hours 400 + 300 over 40 = 17.5.
    # Court 1: 0.5 × (200/20)/12.5 + 0.5 × (400/20)/17.5 = 0.4 + 0.571429 = 0.971429
    assert out.value[3] == pytest.approx(0.4 + 0.5 * 20 / 17.5, abs=1e-12)


def test_supplied_city_average_overrides_the_group() -> None:
    # The city's published averages: 12.5 logins and 25 hours per officer.
    # A: 0.5 × 10/12.5 + 0.5 × 20/25 = 0.4 + 0.4 = 0.8
    published = PeerRelative(
        components=(
            PeerComponent("logins", "officers", "50%", peer="city_logins"),
            PeerComponent("hours", "officers", "50%", peer="city_hours"),
        )
    )
    assert published.references() == (
        "logins",
        "officers",
        "city_logins",
        "hours",
        "officers",
        "city_hours",
    )
    cols = {**CITY, "city_logins": [12.5, NAN, NAN], "city_hours": [25.0, NAN, NAN]}
    out = published.evaluate(cols, peer_groups=ONE_GROUP)
    assert out.value[0] == pytest.approx(0.8, abs=1e-15)
    # Rows without a published figure fall back on the pooled group figure.
    assert out.value[1] == pytest.approx(0.9777777778, abs=1e-10)
    # A single court with the published figure needs no court tree at all.
    alone = published.evaluate_one(
        {"logins": 100, "hours": 200, "officers": 10, "city_logins": 12.5, "city_hours": 25}
    )
    assert alone == pytest.approx(0.8, abs=1e-15)


def test_no_court_tree_and_no_supplied_figure_is_not_provided() -> None:
    out = MOBILE.evaluate(CITY)
    assert np.isnan(out.value).all()
    np.testing.assert_array_equal(out.status, [NA, NA, NA])


def test_without_a_peer_figure_zero_officers_is_still_not_applicable() -> None:
    # No figure to compare with: NA, except where the court's own denominator is 0 (NAP),
    # as when a figure exists; one component without a figure leaves the whole value NaN.
    cols = {"logins": [5, 0, np.nan], "hours": [1, 0, 2], "officers": [10, 0, np.nan]}
    out = MOBILE.evaluate(cols)
    assert np.isnan(out.value).all()
    np.testing.assert_array_equal(out.status, [NA, ZERO, NA])
    published = PeerRelative(
        components=(
            PeerComponent("logins", "officers", "50%", peer="city_logins"),
            PeerComponent("hours", "officers", "50%", peer="city_hours"),
        )
    )
    # The logins figure is published, the hours figure is not: still no value.
    half = published.evaluate({**cols, "city_logins": 2.0, "city_hours": NAN})
    assert np.isnan(half.value).all()
    np.testing.assert_array_equal(half.status, [NA, ZERO, NA])
    # Both published: A = 0.5 × (5/10)/2 + 0.5 × (1/10)/0.05 capped, B has no officers.
    both = published.evaluate({**cols, "city_logins": 2.0, "city_hours": 0.05})
    assert both.value[0] == 1.0
    np.testing.assert_array_equal(both.status, [OK, ZERO, NA])


def test_rows_outside_any_group_are_not_provided() -> None:
    out = MOBILE.evaluate(CITY, peer_groups=np.array([0, 0, -1]))
    # A and B pooled: logins 400 / 30, hours 500 / 30.
    # A: 0.5 × 10/(400/30) + 0.5 × 20/(500/30) = 0.375 + 0.6 = 0.975
    assert out.value[0] == pytest.approx(0.975, abs=1e-12)
    assert np.isnan(out.value[2])
    np.testing.assert_array_equal(out.status, [OK, OK, NA])


def test_a_batch_where_no_row_has_a_group_is_not_provided() -> None:
    out = MOBILE.evaluate(CITY, peer_groups=np.array([-1, -1, -1]))
    np.testing.assert_array_equal(out.status, [NA, NA, NA])


def test_missing_figures_are_not_provided_and_left_out_of_the_pool() -> None:
    cols = {"logins": [100, 300, NAN], "hours": [200, 300, 40], "officers": [10, 20, 2]}
    out = MOBILE.evaluate(cols, peer_groups=ONE_GROUP)
    # C reported no logins: it is NA, and the logins pool is A and B only (400 / 30), while
    # the hours pool keeps all three (540 / 32).
    # A: 0.5 × 10/(400/30) + 0.5 × 20/16.875 = 0.375 + 0.592593 = 0.967593
    assert out.value[0] == pytest.approx(0.375 + 0.5 * 20 / 16.875, abs=1e-12)
    np.testing.assert_array_equal(out.status, [OK, OK, NA])


def test_zero_officers_is_not_applicable() -> None:
    cols = {"logins": [100, 0], "hours": [10, 0], "officers": [10, 0]}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = MOBILE.evaluate(cols, peer_groups=np.array([0, 0]))
    # The court with officers is its city's whole pool: 10/10 and 1/1 → 1.0.
    assert out.value[0] == 1.0
    assert np.isnan(out.value[1])
    np.testing.assert_array_equal(out.status, [OK, ZERO])
    assert Status(out.status[1]).missing_code == "NAP"


def test_a_city_with_no_usage_at_all_is_not_applicable() -> None:
    cols = {"logins": [0, 0], "hours": [0, 0], "officers": [10, 5]}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = MOBILE.evaluate(cols, peer_groups=np.array([0, 0]))
    np.testing.assert_array_equal(out.status, [ZERO, ZERO])


# --- batch and single agree ---------------------------------------------------------------

COUNTS = st.one_of(
    st.just(NAN),
    st.just(0.0),
    st.integers(0, 50).map(float),
    st.integers(0, 2**40).map(float),
)
ROW = st.tuples(COUNTS, COUNTS, COUNTS, st.integers(-1, 3))


@given(rows=st.lists(ROW, min_size=1, max_size=15), capped=st.booleans())
@settings(deadline=None)
def test_batch_and_each_group_alone_agree(
    rows: list[tuple[float, float, float, int]], capped: bool
) -> None:
    formula = MOBILE if capped else PeerRelative(components=MOBILE.components, cap=None)
    names = ("logins", "hours", "officers")
    cols = {k: np.array([r[i] for r in rows]) for i, k in enumerate(names)}
    groups = np.array([r[3] for r in rows], dtype=np.int64)
    # Keep one row in a group, so that the batch has a peer figure to compare against.
    groups[0] = max(groups[0], 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        batch = formula.evaluate(cols, peer_groups=groups)
        for g in np.unique(groups):
            rows_g = np.flatnonzero(groups == g)
            if g < 0:
                # Outside any group and nothing supplied: not provided (not applicable where
                # the court's own figure divides by zero officers).
                expected = np.where(cols["officers"][rows_g] == 0, ZERO, NA)
                np.testing.assert_array_equal(batch.status[rows_g], expected)
                continue
            alone = formula.evaluate(
                {k: v[rows_g] for k, v in cols.items()}, peer_groups=np.zeros(len(rows_g), np.int64)
            )
            np.testing.assert_array_equal(alone.value, batch.value[rows_g])
            np.testing.assert_array_equal(alone.status, batch.status[rows_g])
    np.testing.assert_array_equal(np.isnan(batch.value), batch.status != OK)
    got = batch.value[~np.isnan(batch.value)]
    assert (got >= 0.0).all()
    if capped:
        assert (got <= 1.0).all()


@given(
    rows=st.lists(
        # Published city figures: missing, zero, or a realistic per-capita figure.
        st.tuples(
            COUNTS, COUNTS, COUNTS, st.one_of(st.just(NAN), st.just(0.0), st.floats(1e-6, 1e6))
        ),
        min_size=1,
        max_size=12,
    )
)
@settings(deadline=None)
def test_batch_and_single_agree_with_supplied_figures(rows: list[tuple[float, ...]]) -> None:
    formula = PeerRelative(
        components=(
            PeerComponent("logins", "officers", "50%", peer="city"),
            PeerComponent("hours", "officers", "50%", peer="city"),
        )
    )
    names = ("logins", "hours", "officers", "city")
    cols = {k: np.array([r[i] for r in rows]) for i, k in enumerate(names)}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        batch = formula.evaluate(cols)
        for i, row in enumerate(rows):
            values = dict(zip(names, row, strict=True))
            one = formula.evaluate(values)
            np.testing.assert_array_equal(one.value, batch.value[i : i + 1])
            np.testing.assert_array_equal(one.status, batch.status[i : i + 1])
            single = formula.evaluate_one(values)
            assert (single is None and np.isnan(batch.value[i])) or single == batch.value[i]
    got = batch.value[~np.isnan(batch.value)]
    assert ((got >= 0.0) & (got <= 1.0)).all()


def test_a_peer_formula_needs_a_component() -> None:
    from courtinfo import FormulaError

    with pytest.raises(FormulaError, match="needs at least one component"):
        PeerRelative(())


def test_peer_figure_over_a_measure_does_not_depend_on_row_order() -> None:
    # Online hours are measures: pooled in a canonical order, the same bits in any order.
    rng = np.random.default_rng(3)
    n = 3000
    data = {
        "logins": rng.integers(0, 500, n).astype(np.float64),
        "hours": rng.gamma(2.0, 41.7, n),
        "officers": rng.integers(1, 30, n).astype(np.float64),
    }
    groups = rng.integers(0, 4, n)
    first = MOBILE.evaluate(data, peer_groups=groups).value
    for seed in range(4):
        perm = np.random.default_rng(seed).permutation(n)
        shuffled = {k: v[perm] for k, v in data.items()}
        again = MOBILE.evaluate(shuffled, peer_groups=groups[perm]).value
        back = np.empty(n)
        back[perm] = again
        assert back.tobytes() == first.tobytes()


def test_rows_left_out_of_the_pool_are_still_compared_with_it() -> None:
    # B flagged (its figures break a rule elsewhere): the city without B pools logins
    # (100 + 50)/(10 + 2) = 12.5 and hours (200 + 40)/12 = 20 per officer.
    out = MOBILE.evaluate(CITY, peer_groups=ONE_GROUP, unpooled=np.array([False, True, False]))
    # A: 0.5 × 10/12.5 + 0.5 × 20/20 = 0.9; B: 0.5 × 15/12.5 + 0.5 × 15/20 = 0.975;
    # C: 0.5 × 25/12.5 + 0.5 × 20/20 = 1.5, capped at 1.
    np.testing.assert_allclose(out.value, [0.9, 0.975, 1.0], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(out.status, [OK, OK, OK])


def test_slices_of_a_batch_are_compared_with_the_whole_batch_pool() -> None:
    # A long batch is computed in slices of rows: each slice's courts against the city pooled
    # over the whole batch (14.0625 logins, 16.875 hours per officer), not over the slice.
    from courtinfo.formulas import Env

    whole = Env.from_columns(CITY, peer_groups=ONE_GROUP)
    parts = [MOBILE.compute(whole.rows(0, 1)), MOBILE.compute(whole.rows(1, 3))]
    values = np.concatenate([p.value for p in parts])
    np.testing.assert_array_equal(values, MOBILE.compute(whole).value)
    np.testing.assert_allclose(values, [0.9481481481, 0.9777777778, 1.0], rtol=0, atol=1e-10)


def test_uncapped_is_the_sum_of_shares_before_the_cap() -> None:
    from courtinfo.formulas import Env

    # C: 0.5 × 25/14.0625 + 0.5 × 20/16.875 = 0.888889 + 0.592593 = 1.481481, capped at 1.
    env = Env.from_columns(CITY, peer_groups=ONE_GROUP)
    np.testing.assert_allclose(
        MOBILE.uncapped(env).value, [0.9481481481, 0.9777777778, 1.4814814815], rtol=0, atol=1e-10
    )
    assert MOBILE.compute(env).value[2] == 1.0


def test_peer_figure_and_the_rows_pooled() -> None:
    from courtinfo.formulas import Env, pooled_rows

    # B left out of the pool, C's logins not provided: logins pooled over A alone,
    # 100/10 = 10; B still gets the figure, a row of no group (the fourth) none.
    cols = {
        "logins": [100, 300, NAN, 40], "officers": [10, 20, 2, 4], "city_logins": [NAN, 12, NAN, NAN]
    }
    env = Env.from_columns(
        cols, peer_groups=np.array([0, 0, 0, -1]), unpooled=np.array([False, True, False, False])
    )
    logins = MOBILE.components[0]
    np.testing.assert_array_equal(
        pooled_rows(env, env.get("logins"), env.get("officers")), [True, False, False, False]
    )
    np.testing.assert_array_equal(PeerRelative.peer_figure(env, logins), [10, 10, 10, NAN])
    # A supplied figure wins where given (B's 12).
    supplied = PeerComponent("logins", "officers", "50%", peer="city_logins")
    np.testing.assert_array_equal(PeerRelative.peer_figure(env, supplied), [10, 12, 10, NAN])
    # No groups: only the supplied figure; and no row is pooled.
    flat = Env.from_columns(cols)
    np.testing.assert_array_equal(PeerRelative.peer_figure(flat, supplied), [NAN, 12, NAN, NAN])
    assert not pooled_rows(flat, flat.get("logins"), flat.get("officers")).any()


SUPPLIED = PeerRelative(
    components=(
        PeerComponent("logins", "officers", "50%", peer="city_logins"),
        PeerComponent("hours", "officers", "50%", peer="city_hours"),
    )
)
FIGURE = st.one_of(st.just(NAN), st.just(0.0), st.integers(0, 60).map(float))


@given(rows=st.lists(st.tuples(FIGURE, FIGURE, FIGURE, FIGURE, FIGURE), min_size=70, max_size=90))
@settings(deadline=None, max_examples=40)
def test_a_few_rows_stacked_give_the_bits_of_one_component_at_a_time(
    rows: list[tuple[float, float, float, float, float]],
) -> None:
    # Up to 64 rows compute both components as the rows of one array; more rows one
    # component at a time. Each row's figures are its own (published city figures, no
    # groups): every row alone must give the bits it gets among 70 or more.
    names = ("logins", "hours", "officers", "city_logins", "city_hours")
    cols = {k: np.array([r[i] for r in rows]) for i, k in enumerate(names)}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 0 / 0 and NaN are no warnings
        many = SUPPLIED.evaluate(cols)
        for i in range(0, len(rows), 7):
            one = SUPPLIED.evaluate({k: v[i : i + 1] for k, v in cols.items()})
            assert one.status.tobytes() == many.status[i : i + 1].tobytes()
            assert np.isnan(one.value[0]) == np.isnan(many.value[i])
            if not np.isnan(one.value[0]):
                assert one.value.tobytes() == many.value[i : i + 1].tobytes()
    np.testing.assert_array_equal(np.isnan(many.value), many.status != OK)


def test_stacked_components_hand_checked() -> None:
    # Row 0: 0.5 × (12/3)/5 + 0.5 × (30/3)/8 = 0.4 + 0.625, capped at 1. Row 1: no officers
    # (NAP). Row 2: a city figure of 0 (NAP). Row 3: no city hours figure (NA).
    out = SUPPLIED.evaluate(
        {
            "logins": [12, 12, 12, 12],
            "hours": [6, 6, 6, 6],
            "officers": [3, 0, 3, 3],
            "city_logins": [5, 5, 0, 5],
            "city_hours": [8, 8, 8, NAN],
        }
    )
    # Row 0 with 6 hours: 0.4 + 0.5 × (6/3)/8 = 0.4 + 0.125.
    assert out.value[0] == 0.4 + 0.125
    np.testing.assert_array_equal(out.status, [OK, ZERO, ZERO, NA])


@pytest.mark.parametrize("formula", [MOBILE, SUPPLIED])
def test_no_rows_give_no_values(formula: PeerRelative) -> None:
    # Two components on no rows: stacked as rows of no columns would be reshape(-1, 0),
    # which numpy refuses; a batch of no rows has no values, as every other formula gives.
    empty = np.zeros(0)
    out = formula.evaluate(
        {k: empty for k in formula.references()}, peer_groups=np.zeros(0, dtype=np.int64)
    )
    assert out.value.shape == (0,) and out.status.shape == (0,)
