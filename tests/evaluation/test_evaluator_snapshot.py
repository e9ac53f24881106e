"""One snapshot through a kept Evaluator gives the bits of the big-batch path, on every scheme.

A snapshot takes the small path: its batch of one built from the kept layout, the plain
ratios gathered from its values' rows in one step (`RatioGroup.compute_rows`), the peer
formula's components stacked, every `met` from the department's column of stacked targets.
A batch evaluated with `fuse_rows=0` takes the other path: one indicator at a time, each
`met` on its own (`TargetPlan.met`). Values, statuses, targets, met flags and gaps must be
the same bytes, and NaN in the same places.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtinfo import Evaluator, MetricSnapshot, Period, Results, SnapshotBatch, ValidationError
from courtinfo.formulas import Status
from courtinfo.indicators import get_scheme, schemes
from courtinfo.synthetic import generate
from courtinfo.testing import strategies

SCHEMES = sorted(schemes())
W21 = Period.parse("2022-W21")


def _row_bits(results: Results, i: int) -> dict[str, tuple[bytes, ...]]:
    """Row i of every indicator as bytes: value, status, target, threshold, met, gap; NaN
    as one pattern (its payload is not a number, so not compared)."""
    out = {}
    for ind in results.scheme.indicators:
        c = ind.code
        cols = results.columns(c)
        parts = []
        for a in (cols.value, cols.status, cols.target, cols.threshold, results.met(c), cols.gap):
            cell = a[i : i + 1]
            if cell.dtype.kind == "f" and np.isnan(cell[0]):
                cell = np.array([np.nan])
            parts.append(cell.tobytes())
        out[c] = tuple(parts)
    return out


def _assert_rows_equal(one: Results, batch: Results, i: int) -> None:
    mine, theirs = _row_bits(one, 0), _row_bits(batch, i)
    for code, bits in mine.items():
        assert bits == theirs[code], (code, i, one.value(code), batch.value(code, i))


def _data(code: str, seed: int) -> Any:
    scheme = get_scheme(code)
    options: dict[str, Any] = {"provinces": 1, "cities_per_province": 1, "basic_per_city": 2}
    if scheme.period_kind == "week":
        options["weeks"] = 2
    # Many cells missing and many zero denominators: NA and NAP in most indicators.
    return generate(scheme, seed=seed, missing=0.15, zero_denominators=0.2, **options)


@pytest.mark.parametrize("code", SCHEMES)
def test_each_snapshot_gives_the_bits_of_the_whole_batch(code: str) -> None:
    data = _data(code, seed=5)
    scheme, batch = get_scheme(code), data.batch
    # Without a court tree a row's figures are its own: the whole batch at once, indicator
    # by indicator, holds every snapshot's answer.
    whole = Evaluator(scheme, departments=data.departments, fuse_rows=0)(batch)
    kept = Evaluator(scheme, departments=data.departments)
    statuses: set[int] = set()
    for i in range(len(batch)):
        one = kept(batch.row(i))
        assert len(one) == 1
        _assert_rows_equal(one, whole, i)
        statuses |= {int(s[0]) for s in one.statuses.values()}
    # The rows held values, missing inputs (NA) and zero denominators (NAP) alike.
    assert {Status.OK, Status.NOT_PROVIDED} <= statuses
    if code != "cepej":  # CEPEJ's NAP is a declared category, not a zero denominator
        assert Status.ZERO_DENOMINATOR in statuses


@pytest.mark.parametrize("code", SCHEMES)
def test_each_snapshot_with_a_court_tree_gives_the_bits_of_its_batch_of_one(code: str) -> None:
    # With a court tree a snapshot is its own peer group: the batch of that one row,
    # evaluated by the big-batch path, is what it must equal.
    data = _data(code, seed=6)
    scheme, batch = get_scheme(code), data.batch
    kept = Evaluator(scheme, courts=data.tree, departments=data.departments)
    alone = Evaluator(scheme, courts=data.tree, departments=data.departments, fuse_rows=0)
    for i in range(0, len(batch), 3):
        _assert_rows_equal(kept(batch.row(i)), alone(batch.take(np.array([i]))), 0)


def _shanghai(values: dict[str, float], department: str = "civil-1") -> MetricSnapshot:
    return MetricSnapshot("c1", W21, department, values)


# The peer formula of shanghai-2022 (移动执行使用率): logins and online hours per officer
# against the city's published figures, 50/50, capped at 100%.
PEER_INPUTS = (
    "mobile_logins",
    "mobile_online_hours",
    "enforcement_officers",
    "city_logins_per_officer",
    "city_online_hours_per_officer",
)
figure = st.one_of(st.just(math.nan), st.just(0.0), st.integers(0, 40).map(float))


@settings(max_examples=150, deadline=None)
@given(st.fixed_dictionaries({k: figure for k in PEER_INPUTS}), st.sampled_from(["enforcement", "civil-1"]))
def test_the_peer_formula_of_one_snapshot_is_that_of_the_batch(
    cells: dict[str, float], department: str
) -> None:
    values = {k: v for k, v in cells.items() if not math.isnan(v)}
    snap = _shanghai({**values, "hearings": 10, "online_hearings": 3}, department)
    scheme = get_scheme("shanghai-2022")
    one = Evaluator(scheme)(snap)
    batch = Evaluator(scheme, fuse_rows=0)(SnapshotBatch.from_snapshots([snap, _other()]))
    _assert_rows_equal(one, batch, 0)


def _other() -> MetricSnapshot:
    # A second row, so that the batch is not a batch of one.
    return MetricSnapshot("c2", W21, "civil-1", {"mobile_logins": 5, "enforcement_officers": 2})


def test_a_hand_checked_peer_figure_and_its_statuses() -> None:
    # 12 logins and 30 hours for 3 officers against the city's 5 and 8 per officer:
    # 0.5 × (4 / 5) + 0.5 × (10 / 8) = 0.4 + 0.625 = 1.025, capped at 1.
    scheme = get_scheme("shanghai-2022")
    ev = Evaluator(scheme)
    code = "mobile_enforcement_rate"
    full = {
        "mobile_logins": 12,
        "mobile_online_hours": 30,
        "enforcement_officers": 3,
        "city_logins_per_officer": 5,
        "city_online_hours_per_officer": 8,
    }
    assert ev(_shanghai(full)).value(code) == 1.0
    # 6 hours instead: 0.4 + 0.5 × (2 / 8) = 0.525.
    assert ev(_shanghai({**full, "mobile_online_hours": 6})).value(code) == 0.4 + 0.125
    # No officers: no answer (NAP); a city figure of 0 likewise; no city figure: NA.
    assert ev(_shanghai({**full, "enforcement_officers": 0})).statuses[code][0] == Status.ZERO_DENOMINATOR
    assert ev(_shanghai({**full, "city_logins_per_officer": 0})).statuses[code][0] == Status.ZERO_DENOMINATOR
    no_city = {k: v for k, v in full.items() if k != "city_online_hours_per_officer"}
    assert ev(_shanghai(no_city)).statuses[code][0] == Status.NOT_PROVIDED


@pytest.mark.parametrize("code", SCHEMES)
def test_drawn_snapshots_give_the_bits_of_the_batch(code: str) -> None:
    scheme = get_scheme(code)
    kept = Evaluator(scheme)  # kept across examples, as a service keeps it

    @settings(max_examples=15, deadline=None)
    @given(batch=strategies.batches(scheme, rows=st.integers(1, 5)))
    def check(batch: SnapshotBatch) -> None:
        whole = Evaluator(scheme, fuse_rows=0)(batch)
        for i in range(len(batch)):
            _assert_rows_equal(kept(batch.row(i)), whole, i)

    check()


def test_a_row_breaking_a_rule_is_refused_or_flagged_as_in_the_batch() -> None:
    # 5 online filings of 4 filings breaks 网上立案率's rule; 3 random assignments are fine.
    scheme = get_scheme("shanghai-2022")
    snap = _shanghai({"online_filings": 5, "filings": 4, "random_assignments": 3})
    batch = SnapshotBatch.from_snapshots([snap])
    messages = []
    for ev in (Evaluator(scheme), Evaluator(scheme, fuse_rows=0)):
        with pytest.raises(ValidationError) as exc:
            ev(snap if ev.fuse_rows else batch)
        messages.append(str(exc.value))
    assert messages[0] == messages[1]
    assert "indicator online_filing_rate: (online_filings) must not exceed (filings)" in messages[0]
    one = Evaluator(scheme, invalid="flag")(snap)
    alone = Evaluator(scheme, invalid="flag", fuse_rows=0)(batch)
    _assert_rows_equal(one, alone, 0)
    assert one.statuses["online_filing_rate"][0] == Status.INVALID
    assert one.value("random_assignment_rate") == 0.75
    assert [(r.indicator, r.figures) for r in one.invalid] == [
        ("online_filing_rate", (("online_filings", 5.0), ("filings", 4.0)))
    ]
    assert one.invalid == alone.invalid


def test_a_snapshot_of_platform_figures_or_fallbacks_reads_them_by_name() -> None:
    # Platform figures count over the court's own (以最高法院数据为准): such snapshots read
    # their inputs by name rather than from the rows of their values, with the same bits.
    scheme = get_scheme("shanghai-2022")
    snap = MetricSnapshot(
        "c1",
        W21,
        "civil-1",
        {"online_filings": 3, "filings": 4},
        platform_values={"online_filings": 2},
    )
    ev = Evaluator(scheme)
    one = ev(snap)
    assert one.value("online_filing_rate") == 0.5
    _assert_rows_equal(one, Evaluator(scheme, fuse_rows=0)(SnapshotBatch.from_snapshots([snap])), 0)


@pytest.mark.parametrize("code", SCHEMES)
def test_a_batch_of_no_rows_has_no_results_on_every_scheme(code: str) -> None:
    # The few-rows paths (a snapshot's) must not take a batch of no rows: shanghai-2022's
    # two-part peer formula stacked its parts as reshape(-1, 0) and numpy refused.
    scheme = get_scheme(code)
    for ev in (Evaluator(scheme), Evaluator(scheme, fuse_rows=0)):
        out = ev(SnapshotBatch.from_snapshots([]))
        assert len(out) == 0
        for ind in scheme.indicators:
            assert out.values[ind.code].shape == (0,)
            assert out.met(ind.code).shape == (0,)
