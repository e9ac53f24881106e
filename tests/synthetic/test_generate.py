"""The synthetic data generator: deterministic, shaped like the tree, valid for every scheme."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pytest

import courtinfo
from courtinfo import SnapshotBatch, evaluate
from courtinfo.evaluation._rows import peer_groups
from courtinfo.formulas import Env, Formula, PeerRelative, Ratio, WeightedBlend
from courtinfo.formulas.capability import CapabilityUsage
from courtinfo.formulas.peer import pooled_peer_ratio
from courtinfo.indicators import Scheme, load_scheme, scheme_from_data
from courtinfo.org import Department
from courtinfo.synthetic import DEPARTMENT_NAMES, Synthetic, generate

DATA = Path(courtinfo.__file__).parent / "indicators" / "data"
SHIPPED = sorted(p.stem for p in DATA.glob("*.toml"))
SMALL: dict[str, Any] = {"provinces": 1, "cities_per_province": 2, "basic_per_city": 2}


def load(code: str) -> Scheme:
    return load_scheme(DATA / f"{code}.toml")


def small(code: str, **kw: Any) -> Synthetic:
    """A few courts and periods of a shipped scheme."""
    s = load(code)
    options: dict[str, Any] = {**SMALL, "seed": 7}
    if s.period_kind == "week":
        options["weeks"] = 3
    elif s.period_kind in ("month", "quarter"):
        options["departments"] = 20
    else:
        options |= {"provinces": 2, "cities_per_province": 2, "basic_per_city": 3}
    return generate(s, **(options | kw))


def same(a: SnapshotBatch, b: SnapshotBatch) -> bool:
    if (a.courts, a.departments, a.periods) != (b.courts, b.departments, b.periods):
        return False
    for x, y in (
        (a.court_index, b.court_index),
        (a.department_index, b.department_index),
        (a.period_index, b.period_index),
    ):
        if not np.array_equal(x, y):
            return False
    for cols_a, cols_b in ((a.columns, b.columns), (a.platform, b.platform)):
        if cols_a.keys() != cols_b.keys():
            return False
        if not all(np.array_equal(cols_a[k], cols_b[k], equal_nan=True) for k in cols_a):
            return False
    return dict(a.kinds) == dict(b.kinds)


# --- determinism ----------------------------------------------------------------------------


def test_same_seed_same_data_whatever_the_threads() -> None:
    s = load("shanghai-2022")
    one = generate(s, **SMALL, weeks=4, seed=3, threads=1)
    two = generate(s, **SMALL, weeks=4, seed=3, threads=2)
    assert one.tree == two.tree
    assert one.departments == two.departments
    assert same(one.batch, two.batch)


def test_another_seed_other_data() -> None:
    s = load("shanghai-2022")
    a = generate(s, **SMALL, weeks=4, seed=3).batch
    b = generate(s, **SMALL, weeks=4, seed=4).batch
    assert not same(a, b)


# --- shape ----------------------------------------------------------------------------------


def test_every_court_has_every_department_in_every_period() -> None:
    data = small("shanghai-2022")
    tree, depts, batch = data
    n_courts, n_depts, n_periods = len(tree), 20, 3
    assert batch.courts == tree.codes
    assert len(batch) == n_courts * n_depts * n_periods
    assert [str(p) for p in batch.periods] == ["2022-W01", "2022-W02", "2022-W03"]
    # One row per court, department and period.
    assert len(np.unique(batch.row_keys())) == len(batch)
    assert np.array_equal(np.bincount(batch.court_index), np.full(n_courts, n_depts * n_periods))
    # The departments: 20 per court, labelled in the batch by their codes.
    assert Counter(d.court for d in depts) == {c: n_depts for c in tree.codes}
    assert [d.name for d in depts if d.court == "SPC"] == list(DEPARTMENT_NAMES[:20])
    assert set(batch.departments) == {d.code for d in depts}
    assert {"filing", "civil-1", "enforcement", "tribunal-城关"} <= set(batch.departments)
    batch.validated()  # no negative, fractional or duplicate values


def test_yearly_schemes_get_one_court_level_row_per_court() -> None:
    data = small("spc-2019")
    assert data.departments == ()
    assert data.batch.departments == ("",)
    assert len(data.batch) == len(data.tree)
    assert [str(p) for p in data.batch.periods] == ["2019"]


def test_monthly_schemes_get_twelve_months() -> None:
    data = small("jiaozuo-2022", departments=2)
    assert [str(p) for p in data.batch.periods] == [f"2022-{m:02d}" for m in range(1, 13)]
    assert data.batch.departments == ("filing", "civil-1")


def test_department_names_and_periods_may_be_given() -> None:
    periods = [courtinfo.Period.parse("2022-W21")]
    data = generate(
        load("shanghai-2022"), **SMALL, departments=["执行局", "民一庭"], periods=periods
    )
    assert data.batch.departments == ("enforcement", "civil-1")
    assert data.batch.periods == tuple(periods)


# --- values ---------------------------------------------------------------------------------


def ratios(formula: Formula) -> Iterator[Ratio]:
    if isinstance(formula, Ratio):
        yield formula
    elif isinstance(formula, WeightedBlend):
        for c in formula.components:
            if c.formula is not None:
                yield from ratios(c.formula)
    elif isinstance(formula, CapabilityUsage) and formula.usage is not None:
        yield from ratios(formula.usage)


def signed_sum(batch: SnapshotBatch, terms: tuple[str, ...]) -> npt.NDArray[np.float64]:
    total = np.zeros(len(batch))
    for t in terms:
        col = batch.effective(t.lstrip("+-"))
        assert col is not None, t
        total = total - col if t.startswith("-") else total + col
    return total


@pytest.mark.parametrize("code", SHIPPED)
def test_numerators_stay_within_their_denominators(code: str) -> None:
    s = load(code)
    batch = small(code).batch
    for ind in s.indicators:
        for r in ratios(ind.formula):
            num, den = signed_sum(batch, r.numerator), signed_sum(batch, r.denominator)
            both = ~np.isnan(num) & ~np.isnan(den)
            assert (num[both] >= 0).all() and (den[both] >= 0).all(), ind.code
            if r.over == "error":
                assert (num[both] <= den[both]).all(), ind.code


@pytest.mark.parametrize("code", SHIPPED)
def test_values_have_their_kinds(code: str) -> None:
    s = load(code)
    batch = small(code).batch
    for inp in s.inputs:
        col = batch.columns.get(inp.id, batch.platform.get(inp.id))
        if col is None:
            continue
        given = col[~np.isnan(col)]
        if inp.kind is courtinfo.ValueKind.YES_NO:
            assert set(given.tolist()) <= {0.0, 1.0}
        elif inp.kind is courtinfo.ValueKind.CHOICE:
            offered = sum(1 << (ord(o.letter) - ord("A")) for o in inp.options)
            assert not (given.astype(np.int64) & ~offered).any()
        elif inp.kind is courtinfo.ValueKind.COUNT:
            assert (given == np.floor(given)).all()
        assert (given >= 0).all()


def test_yes_and_no_options_are_exclusive() -> None:
    batch = small("spc-2019").batch
    q1 = batch.columns["q1"].astype(np.int64)  # A: platform built, B: not built
    assert (((q1 & 1) > 0) ^ ((q1 & 2) > 0)).all()


def test_missing_values_and_zero_denominators_come_at_the_rates_asked() -> None:
    s = load("shanghai-2022")
    none = generate(s, **SMALL, weeks=8, missing=0, zero_denominators=0).batch
    assert not any(np.isnan(c).any() for c in none.columns.values())
    many = generate(s, **SMALL, weeks=8, missing=0.05, zero_denominators=0.2).batch
    share = np.isnan(many.columns["hearings"]).mean()
    assert 0.03 < share < 0.07
    assert (many.columns["hearings"] == 0).mean() > (none.columns["hearings"] == 0).mean()


def test_peer_figures_are_left_to_the_tree() -> None:
    batch = small("shanghai-2022").batch
    assert "city_logins_per_officer" not in batch.columns
    officers = batch.columns["enforcement_officers"]
    enforcement = batch.department_index == batch.departments.index("enforcement")
    assert np.nanmin(officers[enforcement]) >= 0 and np.nanmean(officers[enforcement]) > 1
    # Staff are a level, not a flow: the same in every week of a court department.
    per_combo = officers.reshape(-1, len(batch.periods))
    steady = np.nanmax(per_combo, axis=1) == np.nanmin(per_combo, axis=1)
    assert steady.mean() > 0.95


def test_targets_are_met_by_some_rows_and_missed_by_others() -> None:
    s = load("shanghai-2022")
    data = small("shanghai-2022", weeks=6)
    results = evaluate(s, data.batch, courts=data.tree, departments=data.departments)
    met = results.met("record_reform_rate")
    assert 0.1 < np.nanmean(met) < 0.9


def test_constraints_hold_for_awkward_schemes() -> None:
    # Subtracted terms, a pair of inputs bounding each other, and a fallback in a ratio.
    data = {
        "code": "awkward",
        "title_zh": "测试",
        "title_en": "Test",
        "issuer": "某法院",
        "document": "X〔2022〕1号",
        "date": "2022-05-31",
        "inputs": [
            {"id": i, "label_zh": label, "kind": "count"}
            for i, label in [
                ("a", "案件数"),
                ("b", "撤回数"),
                ("c", "收案数"),
                ("d", "移送数"),
                ("x", "甲数"),
                ("y", "乙数"),
                ("p", "平台结案数"),
                ("q", "结案数"),
                ("r", "及时结案数"),
            ]
        ]
        + [
            {"id": "pf", "label_zh": "平台数", "kind": "count", "platform": True, "fallback": "q"},
        ],
        "indicators": [
            {
                "code": code,
                "name_zh": code,
                "name_en": code,
                "category": "a",
                "unit": "percentage",
                "formula": {"kind": "ratio", "numerator": num, "denominator": den},
            }
            for code, num, den in [
                ("diff", ["a", "-b"], ["c", "-d"]),
                ("xy", "x", "y"),
                ("yx", "y", "x"),
                ("fb", "r", "pf"),
            ]
        ],
    }
    scheme = scheme_from_data(data)
    synth = generate(scheme, **SMALL, weeks=6, missing=0.05)
    results = evaluate(scheme, synth.batch)  # raises if any rule is broken
    assert np.nanmin(results.values["diff"]) >= 0
    assert np.nanmax(results.values["xy"]) <= 1
    assert np.isnan(synth.batch.platform["pf"]).mean() > 0.08  # the fallback gets used


# --- one code path: a batch equals its rows evaluated one by one --------------------------


def with_peer_figures(scheme: Scheme, data: Synthetic) -> dict[str, npt.NDArray[np.float64]]:
    """Per peer input, the group figure the batch path computes from the tree."""
    batch = data.batch
    n = len(batch)

    def lookup(name: str) -> npt.NDArray[np.float64]:
        col = batch.effective(name)
        return np.full(n, np.nan) if col is None else col

    env = Env(n, lookup, peer_groups=peer_groups(batch, data.tree))
    out: dict[str, npt.NDArray[np.float64]] = {}
    for ind in scheme.indicators:
        if isinstance(ind.formula, PeerRelative):
            for c in ind.formula.components:
                if c.peer is not None:
                    out[c.peer] = pooled_peer_ratio(env, lookup(c.numerator), lookup(c.denominator))
    return out


@pytest.mark.parametrize("code", SHIPPED)
def test_batch_equals_every_row_evaluated_alone(code: str) -> None:
    scheme = load(code)
    data = small(code, weeks=2)
    if scheme.period_kind == "month":
        data = small(code, periods=[courtinfo.Period.parse("2022-03")])
    tree, depts, batch = data
    full = evaluate(scheme, batch, courts=tree, departments=depts)
    full_met = {i.code: full.met(i.code) for i in scheme.indicators}
    peers = with_peer_figures(scheme, data)
    by_court: dict[str, list[Department]] = {}
    for d in depts:
        by_court.setdefault(d.court, []).append(d)
    for i in range(len(batch)):
        snap = batch.row(i)
        extra = {k: float(v[i]) for k, v in peers.items() if not np.isnan(v[i])}
        if extra:
            snap = attrs.evolve(snap, values={**snap.values, **extra})
        one = evaluate(scheme, snap, courts=tree, departments=by_court.get(snap.court, ()))
        for ind in scheme.indicators:
            c = ind.code
            where = f"{c} at row {i} ({batch.describe_row(i)})"
            assert np.array_equal(one.values[c], full.values[c][i : i + 1], equal_nan=True), where
            assert one.statuses[c][0] == full.statuses[c][i], where
            assert one.target_index[c][0] == full.target_index[c][i], where
            met = one.met(c)
            assert np.array_equal(met, full_met[c][i : i + 1], equal_nan=True), where
