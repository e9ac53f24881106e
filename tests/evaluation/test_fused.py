"""Small batches compute plain ratios together: the same numbers as one ratio at a time."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import courtinfo
from courtinfo import Evaluator, InputError, Results, SnapshotBatch
from courtinfo.evaluation._evaluator import ratio_groups
from courtinfo.formulas import Status
from courtinfo.indicators import Scheme, load_scheme, scheme_from_data
from courtinfo.synthetic import generate
from courtinfo.testing import assert_results_equal, strategies

DATA = Path(courtinfo.__file__).parent / "indicators" / "data"
SHIPPED = sorted(p.stem for p in DATA.glob("*.toml"))
INPUTS = ("a", "b", "c", "d")


def _ratio(
    code: str, num: object, den: object, over: str | None = None, kind: str = "ratio"
) -> dict[str, Any]:
    formula = {"kind": kind, "numerator": num, "denominator": den}
    return {
        "code": code,
        "name_zh": code,
        "name_en": code,
        "category": "c",
        "unit": "per_case" if kind == "per_case_average" else "percentage",
        "formula": formula if over is None else {**formula, "over": over},
    }


def _indicators() -> list[dict[str, Any]]:
    return [
        _ratio("ab", "a", "b"),
        _ratio("cd", "c", "d"),
        _ratio("sum", ["a", "c"], ["b", "d"]),
        _ratio("diff", "a", ["b", "-c"]),
        _ratio("diff2", "c", ["d", "-a"]),
        _ratio("capped", "d", "a", over="cap"),
        _ratio("capped2", ["c", "d"], "b", over="cap"),
        _ratio("free", "a", "d", over="allow"),
        _ratio("per_case", "b", "c", kind="per_case_average"),
        {
            "code": "blend",
            "name_zh": "blend",
            "name_en": "blend",
            "category": "c",
            "unit": "percentage",
            "formula": {
                "kind": "blend",
                "components": [{"weight": 0.75, "ref": "ab"}, {"weight": 0.25, "ref": "capped"}],
            },
        },
        _ratio("of_derived", "ab", "capped", over="allow"),
    ]


def _scheme(indicators: list[dict[str, Any]]) -> Scheme:
    return scheme_from_data(
        {
            "code": "shapes",
            "title_zh": "形状",
            "title_en": "shapes",
            "issuer": "test",
            "document": "test",
            "date": "2022-01-01",
            "inputs": [{"id": i, "label_zh": i, "kind": "count"} for i in INPUTS],
            "indicators": indicators,
        }
    )


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    """Every shape a plain ratio takes: sums, a difference, three policies, a derived blend."""
    return _scheme(_indicators())


@pytest.fixture(scope="module")
def lenient() -> Scheme:
    """The same shapes with no rule a row can break: every row gets values or NA/NAP."""
    out = []
    for ind in _indicators():
        formula = ind["formula"]
        if formula["kind"] == "ratio":
            if any(str(t).startswith("-") for t in np.atleast_1d(formula["denominator"])):
                continue  # a difference can go below 0
            over = "allow" if formula.get("over") == "allow" else "cap"
            ind = {**ind, "formula": {**formula, "over": over}}
        out.append(ind)
    return _scheme(out)


def test_one_group_holds_the_plain_ratios_each_with_its_policy(scheme: Scheme) -> None:
    (group,) = ratio_groups(scheme.evaluation_order, {i.code for i in scheme.indicators})
    # The blend, and the ratio over indicators, are computed on their own.
    codes = ["ab", "cd", "sum", "diff", "diff2", "capped", "capped2", "free", "per_case"]
    assert list(group.codes) == codes
    assert group.names == ("a", "b", "c", "d")
    flags = {
        "cap": [c in ("capped", "capped2") for c in codes],
        "forbid_over": [c in ("ab", "cd", "sum", "diff", "diff2") for c in codes],
        "check_sign": [c in ("diff", "diff2") for c in codes],
    }
    for name, want in flags.items():
        np.testing.assert_array_equal(np.ravel(getattr(group.ratios, name)), want, err_msg=name)
    # Term by term: "sum" is (a + c) / (b + d); one-term sums are padded with the zero row (4).
    np.testing.assert_array_equal(np.array(group.ratios.num_index)[:, 2], [0, 2])
    np.testing.assert_array_equal(np.array(group.ratios.den_index)[:, 2], [1, 3])
    np.testing.assert_array_equal(np.array(group.ratios.num_index)[:, 0], [0, 4])
    # "diff" is a / (b - c): its second denominator term subtracts.
    assert group.ratios.den_sign[0] is None
    np.testing.assert_array_equal(np.ravel(group.ratios.den_sign[1])[3:5], [-1.0, -1.0])


def test_a_scheme_of_one_policy_needs_no_columns_of_flags() -> None:
    shanghai = load_scheme(DATA / "shanghai-2022.toml")
    (group,) = ratio_groups(shanghai.evaluation_order, {i.code for i in shanghai.indicators})
    assert len(group.codes) == 18 and group.ratios.check_sign is False
    assert np.ravel(group.ratios.cap).tolist().count(True) == 3  # the three capped rates


def _batch(rows: list[dict[str, float]]) -> SnapshotBatch:
    n = len(rows)
    return SnapshotBatch.from_columns(
        court=[f"c{i}" for i in range(n)],
        period=["2022-W21"] * n,
        columns={k: np.array([r.get(k, math.nan) for r in rows]) for k in INPUTS},
    )


def _outcome(scheme: Scheme, batch: SnapshotBatch, fuse_rows: int) -> Results | str:
    try:
        return Evaluator(scheme, fuse_rows=fuse_rows)(batch)
    except InputError as exc:
        return str(exc)


def _same(one: Results | str, other: Results | str) -> None:
    if isinstance(one, str) or isinstance(other, str):
        assert one == other
        return
    assert_results_equal(one, other)


cell = st.one_of(st.just(math.nan), st.just(0.0), st.integers(0, 12).map(float))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.fixed_dictionaries({k: cell for k in INPUTS}), min_size=1, max_size=6))
def test_fused_equals_one_ratio_at_a_time(scheme: Scheme, rows: list[dict[str, float]]) -> None:
    # Rows often break a rule here: then both ways must refuse with the same message.
    batch = _batch(rows)
    _same(_outcome(scheme, batch, fuse_rows=10**6), _outcome(scheme, batch, fuse_rows=0))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.fixed_dictionaries({k: cell for k in INPUTS}), min_size=1, max_size=6))
def test_fused_values_equal_one_ratio_at_a_time(
    lenient: Scheme, rows: list[dict[str, float]]
) -> None:
    batch = _batch(rows)
    fused, alone = _outcome(lenient, batch, 10**6), _outcome(lenient, batch, 0)
    assert isinstance(fused, Results) and isinstance(alone, Results)
    _same(fused, alone)


def test_hand_checked_row(scheme: Scheme) -> None:
    # a=3 b=4 c=1 d=2: ab 3/4; cd 1/2; sum 4/6; diff 3/(4-1) = 1; diff2 1/(2-3) has a
    # negative denominator, below its numerator: nothing is returned, fused or not.
    rows = [{"a": 3.0, "b": 4.0, "c": 1.0, "d": 2.0}]
    for fuse in (0, 10):
        with pytest.raises(InputError) as exc:
            Evaluator(scheme, fuse_rows=fuse)(_batch(rows))
        assert str(exc.value) == (
            "indicator diff2: (c) must not exceed (d - a): c=1, d=2, a=3 "
            "(court 'c0', period 2022-W21)"
        )
    # a=2 b=5 c=1 d=3: diff 2/4; diff2 1/1; capped 3/2 -> 1; capped2 4/5; free 2/3;
    # per_case 5/1; blend 0.75 x 0.4 + 0.25 x 1; of_derived 0.4 / 1.
    r = Evaluator(scheme)(_batch([{"a": 2.0, "b": 5.0, "c": 1.0, "d": 3.0}]))
    got = {code: r.value(code) for code in r.values}
    assert got == pytest.approx(
        {
            "ab": 0.4,
            "cd": 1 / 3,
            "sum": 3 / 8,
            "diff": 0.5,
            "diff2": 1.0,
            "capped": 1.0,
            "capped2": 0.8,
            "free": 2 / 3,
            "per_case": 5.0,
            "blend": 0.55,
            "of_derived": 0.4,
        },
        abs=1e-15,
    )


def test_zero_and_missing_in_a_fused_row(scheme: Scheme) -> None:
    r = Evaluator(scheme)(_batch([{"a": 0.0, "b": 0.0, "d": 2.0}]))
    assert r.statuses["ab"][0] == Status.ZERO_DENOMINATOR  # 0 / 0: no answer, not 0
    assert r.statuses["cd"][0] == Status.NOT_PROVIDED  # c missing
    assert r.statuses["sum"][0] == Status.NOT_PROVIDED  # (0 + c) / (0 + 2): c missing
    assert r.value("free") == 0.0  # 0 / 2
    assert r.statuses["capped"][0] == Status.ZERO_DENOMINATOR  # 2 / 0


@pytest.mark.parametrize("code", SHIPPED)
def test_shipped_schemes_fused_or_not(code: str) -> None:
    scheme = load_scheme(DATA / f"{code}.toml")
    options: dict[str, Any] = {"provinces": 1, "cities_per_province": 1, "basic_per_city": 2}
    if scheme.period_kind == "week":
        options["weeks"] = 2
    data = generate(scheme, seed=11, missing=0.1, **options)
    batch = data.batch.take(np.arange(min(40, len(data.batch))))
    kw: dict[str, Any] = {"courts": data.tree, "departments": data.departments}
    fused = Evaluator(scheme, fuse_rows=10**6, **kw)(batch)
    alone = Evaluator(scheme, fuse_rows=0, **kw)(batch)
    _same(fused, alone)  # values, statuses, targets and whether each is met


@pytest.mark.parametrize("code", SHIPPED)
def test_generated_batches_fused_and_alone_agree(code: str) -> None:
    # Batches drawn by courtinfo.testing.strategies: valid for the scheme by construction.
    scheme = load_scheme(DATA / f"{code}.toml")

    @settings(max_examples=10, deadline=None)
    @given(batch=strategies.batches(scheme, rows=st.integers(1, 5)))
    def check(batch: SnapshotBatch) -> None:
        fused = Evaluator(scheme, fuse_rows=10**6)(batch)
        alone = Evaluator(scheme, fuse_rows=0)(batch)
        assert_results_equal(fused, alone)

    check()
