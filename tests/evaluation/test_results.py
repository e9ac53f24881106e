"""Results built from columns: the same rows and records as the per-row definition.

`_old_row` is the definition every row used to be built by, one target, one comparison and
one walk of the formula at a time; the columns must give exactly the same rows (values,
reasons, targets, met flags, gaps and points) on every shipped scheme.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import courtinfo
from courtinfo import (
    Evaluator,
    InputError,
    Missing,
    Period,
    ResultRow,
    Results,
    SnapshotBatch,
    UnknownNameError,
    evaluate,
)
from courtinfo.formulas import Status
from courtinfo.indicators import Indicator, Target, load_scheme, scheme_from_data
from courtinfo.synthetic import generate

DATA = Path(courtinfo.__file__).parent / "indicators" / "data"
SHIPPED = sorted(p.stem for p in DATA.glob("*.toml"))


def _old_missing(results: Results, code: str, row: int) -> tuple[str, ...]:
    scheme, batch = results.scheme, results.batch
    declared = {i.id for i in scheme.inputs}
    by_code = {i.code: i for i in scheme.indicators}
    seen: dict[str, None] = {}

    def absent(name: str) -> bool:
        col = batch.effective(name)
        return col is None or bool(np.isnan(col[row]))

    def walk(ind: Indicator) -> None:
        for ref in ind.formula.references():
            base = ref.partition(":")[0]
            if base in by_code:
                walk(by_code[base])
            elif base in declared and base not in seen and absent(base):
                seen[base] = None

    walk(by_code[code])
    return tuple(seen)


def _old_row(results: Results, i: int, code: str) -> ResultRow:
    ind = results.scheme.indicator(code)
    x = float(results.values[code][i])
    status = Status(int(results.statuses[code][i]))
    k = int(results.target_index[code][i])
    target: Target | None = ind.targets[k] if k >= 0 else None
    value = None if np.isnan(x) else x
    pts = None if ind.max_points is None else x * ind.max_points
    return ResultRow(
        court=results.batch.court_of(i),
        department=results.batch.department_of(i),
        period=results.batch.period_of(i),
        indicator=code,
        number=ind.number,
        name_zh=ind.name_zh,
        unit=ind.unit.value,
        value=value,
        status=status,
        missing_inputs=_old_missing(results, code, i) if status is Status.NOT_PROVIDED else (),
        target=None if target is None else target.value,
        comparator=None if target is None else target.comparator.value,
        in_principle=bool(target and target.in_principle),
        target_status=None if target is None else target.status.value,
        target_met=None if target is None or value is None else target.met(value),
        gap=None if target is None or value is None else target.gap(value),
        # A scored indicator without a value scores 0, its reason saying why.
        points=None if pts is None else 0.0 if np.isnan(pts) else pts,
        max_points=ind.max_points,
    )


def _evaluator(code: str, seed: int = 5) -> tuple[Evaluator, SnapshotBatch]:
    """An evaluator of a shipped scheme for a small generated tree, and the tree's batch."""
    scheme = load_scheme(DATA / f"{code}.toml")
    options: dict[str, Any] = {"provinces": 1, "cities_per_province": 2, "basic_per_city": 2}
    if scheme.period_kind == "week":
        options["weeks"] = 2
    data = generate(scheme, seed=seed, missing=0.15, **options)
    return Evaluator(scheme, courts=data.tree, departments=data.departments), data.batch


def _results(code: str, rows: int = 300) -> Results:
    evaluator, batch = _evaluator(code)
    return evaluator(batch.take(np.arange(min(rows, len(batch)))))


@pytest.mark.parametrize("code", SHIPPED)
def test_rows_from_columns_equal_the_per_row_definition(code: str) -> None:
    results = _results(code)
    inds = results.scheme.indicators
    old = [_old_row(results, i, ind.code) for i in range(len(results)) for ind in inds]
    new = list(results.rows())
    assert len(new) == len(old) == len(results) * len(inds)
    statuses = {r.status for r in new}
    assert Status.OK in statuses and Status.NOT_PROVIDED in statuses, statuses
    if any(t.value is not None for ind in inds for t in ind.targets):
        assert any(r.target_met is False for r in new) and any(r.target_met for r in new)
    if results.scheme.scored:
        assert any(r.points for r in new)
    assert any(r.missing_inputs for r in new)
    for a, b in zip(new, old, strict=True):
        assert a == b
    assert results.to_records() == [r.to_dict() for r in old]
    for k in (0, len(results) // 2, len(results) - 1):
        for ind in inds:
            assert results.row(k, ind.code) == _old_row(results, k, ind.code)


def test_columns_are_computed_once_and_read_only() -> None:
    results = _results("shanghai-2022", rows=40)
    first = results.columns("record_reform_rate")
    assert results.columns("record_reform_rate") is first
    assert results.met("record_reform_rate") is first.met
    with pytest.raises(ValueError, match="read-only"):
        first.met[0] = 0.0


def test_gap_and_met_by_hand() -> None:
    # record_reform_rate binds filing divisions at >= 70%, enforcement at = 100%, other
    # case-handling departments at >= 60%.
    results = _results("shanghai-2022", rows=200)
    c = results.columns("record_reform_rate")
    for i in range(len(results)):
        k = int(c.target[i])
        v = float(c.value[i])
        if k < 0 or v != v:
            assert np.isnan(c.met[i]) and np.isnan(c.gap[i])
            continue
        t = c.indicator.targets[k]
        assert t.value is not None
        want_gap = abs(v - t.value) if t.comparator == "equal" else max(0.0, t.value - v)
        assert c.gap[i] == want_gap
        assert c.met[i] == float(t.met(v))


# --- one court, three departments, two years: every figure checked by hand ---------------

NAN = float("nan")


@pytest.fixture(scope="module")
def small() -> Results:
    """结收比 (closed ÷ filed, 10 points) and its 同比 growth (5 points) for 2021-05, 2022-05."""
    scheme = scheme_from_data(
        {
            "code": "t", "title_zh": "测试", "title_en": "Test", "issuer": "某法院",
            "document": "X〔2022〕1号", "date": "2022-06-01", "period_kind": "month",
            "max_points": 15,
            "categories": [{"code": "c", "name_zh": "质效", "name_en": "q", "max_points": 15}],
            "inputs": [
                {"id": "closed", "label_zh": "结案数", "kind": "count"},
                {"id": "filed", "label_zh": "收案数", "kind": "count"},
            ],
            "indicators": [
                {
                    "code": "rate", "number": 1, "name_zh": "结收比", "name_en": "Clearance",
                    "category": "c", "unit": "percentage", "max_points": 10,
                    "formula": {"kind": "ratio", "numerator": "closed", "denominator": "filed", "over": "allow"},
                    "targets": [
                        {"scope": {"whole_court": True}, "value": 0.8},
                        {"scope": {"departments": ["民一庭"]}, "value": 1.0, "comparator": "equal",
                         "in_principle": True},
                        {"scope": {"departments": ["刑一庭"]}, "status": "to_be_set", "set_by": "审管办"},
                    ],
                },
                {
                    "code": "growth", "number": 2, "name_zh": "结案同比", "name_en": "Closed, year on year",
                    "category": "c", "unit": "percentage", "max_points": 5,
                    "formula": {"kind": "change", "of": "closed", "against": "year_ago"},
                    "targets": [{"scope": {"whole_court": True}, "value": 0.1, "comparator": "at_most"}],
                },
            ],
        }
    )
    batch = SnapshotBatch.from_columns(
        court=["jd"] * 6,
        department=[None, "民一庭", "刑一庭", None, "民一庭", "刑一庭"],
        period=["2021-05"] * 3 + ["2022-05"] * 3,
        columns={
            "closed": np.array([40.0, 20, 5, 45, NAN, 6]),
            "filed": np.array([50.0, 20, 10, 50, 25, 0]),
        },
    )
    return evaluate(scheme, batch)


def test_small_results_by_hand(small: Results) -> None:
    got = [
        (r.department, str(r.period), r.indicator, r.value, r.missing, r.missing_inputs, r.target,
         r.comparator, r.in_principle, r.target_status, r.target_met, r.gap, r.points)
        for r in small.rows()
    ]
    OK_, NA_, NAP_ = None, Missing.NA, Missing.NAP
    assert got == [
        # 40/50 meets at least 80%; a year earlier there is no row: 同比 is not provided.
        (None, "2021-05", "rate", 0.8, OK_, (), 0.8, "at_least", False, "set", True, 0.0, 8.0),
        (None, "2021-05", "growth", None, NA_, ("closed@year_ago",), 0.1, "at_most", False, "set",
         None, None, 0.0),
        # 20/20 equals 100% (原则上); 民一庭 has no growth target.
        ("民一庭", "2021-05", "rate", 1.0, OK_, (), 1.0, "equal", True, "set", True, 0.0, 10.0),
        ("民一庭", "2021-05", "growth", None, NA_, ("closed@year_ago",), None, None, False, None,
         None, None, 0.0),
        # 5/10: 刑一庭's target is to be set by 审管办: no number, no verdict.
        ("刑一庭", "2021-05", "rate", 0.5, OK_, (), None, "at_least", False, "to_be_set", None,
         None, 5.0),
        ("刑一庭", "2021-05", "growth", None, NA_, ("closed@year_ago",), None, None, False, None,
         None, None, 0.0),
        # 45/50 = 90%; (45 − 40)/40 = 12.5% is above the at-most 10%: short by 2.5 points.
        (None, "2022-05", "rate", 0.9, OK_, (), 0.8, "at_least", False, "set", True, 0.0, 9.0),
        (None, "2022-05", "growth", 0.125, OK_, (), 0.1, "at_most", False, "set", False,
         0.125 - 0.1, 0.625),
        # 民一庭 reported no closures in 2022-05: both NA, naming the input.
        ("民一庭", "2022-05", "rate", None, NA_, ("closed",), 1.0, "equal", True, "set", None,
         None, 0.0),
        ("民一庭", "2022-05", "growth", None, NA_, ("closed",), None, None, False, None, None,
         None, 0.0),
        # 6/0 is not applicable; (6 − 5)/5 = 20%.
        ("刑一庭", "2022-05", "rate", None, NAP_, (), None, "at_least", False, "to_be_set", None,
         None, 0.0),
        ("刑一庭", "2022-05", "growth", 0.2, OK_, (), None, None, False, None, None, None, 1.0),
    ]
    assert small.to_records() == [r.to_dict() for r in small.rows()]
    for i in range(len(small)):
        for code in ("rate", "growth"):
            assert small.row(i, code) == list(small.rows())[2 * i + (code == "growth")]
    # 8 + 0, 10 + 0, 5 + 0, 9 + 0.625, 0 + 0, 0 + 1.
    assert small.total_points().tolist() == [8.0, 10.0, 5.0, 9.625, 0.0, 1.0]


def test_columns_by_code_or_chinese_name(small: Results) -> None:
    c = small.columns("结收比")
    assert c is small.columns("rate") and c.indicator.code == "rate"
    np.testing.assert_array_equal(small.target_values("rate"), [0.8, 1.0, NAN, 0.8, 1.0, NAN])
    np.testing.assert_array_equal(small.met("rate"), [1.0, 1.0, NAN, 1.0, NAN, NAN])
    np.testing.assert_array_equal(c.target, [0, 1, 2, 0, 1, 2])
    np.testing.assert_array_equal(c.gap, [0.0, 0.0, NAN, 0.0, NAN, NAN])
    pts = small.points("growth")
    assert pts is not None and pts.tolist() == [0.0, 0.0, 0.0, 0.625, 0.0, 1.0]
    np.testing.assert_array_equal(small.met("growth"), [NAN, NAN, NAN, 0.0, NAN, NAN])
    assert small.columns("growth").target.tolist() == [0, -1, -1, 0, -1, -1]
    assert len(small.target_index) == 2 and list(small.target_index) == ["rate", "growth"]
    for col in (c.target, c.threshold, c.met, c.gap, c.points):
        assert col is not None and not col.flags.writeable
    assert small.target_index["growth"].tolist() == [0, -1, -1, 0, -1, -1]


def test_missing_inputs_select_and_value(small: Results) -> None:
    assert small.missing_inputs("结案同比", 0) == ("closed@year_ago",)
    assert small.missing_inputs("rate", 4) == ("closed",)
    assert small.missing_inputs("rate", -2) == ("closed",)  # from the end, as a list
    assert small.missing_inputs("rate", 3) == ()
    # Asked of a row that has a value: nothing missing, a year earlier included (row 0).
    assert small.missing_inputs("growth", 3) == ()
    assert small.missing_inputs("growth", 5) == ()
    names, mask = small.missing_codes("growth")
    assert names == ("closed", "closed@year_ago")
    assert mask.tolist() == [2, 2, 2, 0, 1, 0]
    assert small.select(court="jd") == [0, 1, 2, 3, 4, 5]
    assert small.select(court="hx") == []
    assert small.select(department="") == [0, 3]
    assert small.select(department="刑一庭", period="2022-05") == [5]
    assert small.select(period=Period.month(2021, 5)) == [0, 1, 2]
    assert small.select(period="2020-05") == []
    assert small.value("rate", 3) == 0.9
    assert small.value("结收比") == 0.8
    assert small.value("rate", 4) is None
    assert small.value("growth", -1) == 0.2
    with pytest.raises(UnknownNameError):
        small.value("rat")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (6, r"^Results\.value: row 6 is out of range; the results have 6 rows \(0 to 5\)$"),
        (-7, r"^Results\.value: row -7 is out of range"),
        (True, r"Results\.value: row"),
        (1.0, r"Results\.value: row"),
    ],
)
def test_row_numbers_are_checked(small: Results, row: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        small.value("rate", row)  # type: ignore[arg-type]


def test_row_ranges_of_one_row_and_of_none(small: Results) -> None:
    one = evaluate(small.scheme, small.batch.take(np.array([3])))
    assert one.value("rate", -1) == 0.9
    with pytest.raises(InputError, match=r"row 1 is out of range; the results have 1 row \(row 0\)$"):
        one.row(1, "rate")
    none = evaluate(small.scheme, small.batch.take(np.array([], dtype=np.int64)))
    with pytest.raises(InputError, match=r"Results\.missing_inputs: row 0 is out of range; the results have no rows$"):
        none.missing_inputs("rate", 0)


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    """The same bytes, NaN in the same places (a NaN's sign and payload are not a number)."""
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind != "f":
        return a.tobytes() == b.tobytes()
    nan = np.isnan(a)
    return bool(np.array_equal(nan, np.isnan(b))) and a[~nan].tobytes() == b[~nan].tobytes()


@pytest.mark.parametrize("code", SHIPPED)
def test_small_batches_and_snapshots_give_the_bits_of_one_indicator_at_a_time(code: str) -> None:
    # A big batch works out each indicator's met flags on its own (`TargetPlan.met`); a
    # batch of at most STACK_ROWS rows (one snapshot) all indicators at once
    # (`TargetStack.met`). Both must give the same flags for the same values.
    from courtinfo.evaluation._results import STACK_ROWS, TargetPlan

    evaluator, batch = _evaluator(code, seed=7)
    scheme = evaluator.scheme
    parts: list[Any] = [batch.row(i) for i in (0, 1, len(batch) // 2, len(batch) - 1)]
    for lo in range(0, min(len(batch), 3 * STACK_ROWS), STACK_ROWS):
        parts.append(batch.take(np.arange(lo, min(lo + STACK_ROWS, len(batch)))))
    met = missing = 0
    for part in parts:
        results = evaluator(part)
        assert len(results) <= STACK_ROWS
        index = results.target_index
        for ind in scheme.indicators:
            plan = TargetPlan.of(ind, index.per_fact[ind.code])
            alone = plan.met(results.values[ind.code], index.fact_of_row)
            assert _same_bits(results.met(ind.code), alone), ind.code
            met += int(np.nansum(alone))
            missing += int(np.isnan(alone).sum())
    assert missing > 0
    if any(t.value is not None for ind in scheme.indicators for t in ind.targets):
        assert met > 0  # some targets met, so the comparison means something


@pytest.mark.parametrize("code", SHIPPED)
def test_a_snapshot_of_every_department_meets_its_targets_as_the_batch_does(code: str) -> None:
    # One snapshot's flags come from its department fact's column of the stacked targets,
    # compared only with the comparators that column uses (shanghai-2022: a 立案庭's
    # 庭审录音录像改革率 equal to 100%, the other rates at least their targets): the flags of one indicator at a time, bit for bit, for a snapshot of each
    # department and court.
    from courtinfo.evaluation._results import TargetPlan

    evaluator, batch = _evaluator(code, seed=11)
    rows: dict[tuple[str, str], int] = {}
    for i, label in enumerate(batch.department_labels()):
        rows.setdefault((label, batch.court_of(i)[:3]), i)
    comparators = set()
    for i in rows.values():
        one = evaluator(batch.row(i))
        index = one.target_index
        for ind in evaluator.scheme.indicators:
            plan = TargetPlan.of(ind, index.per_fact[ind.code])
            alone = plan.met(one.values[ind.code], index.fact_of_row)
            assert _same_bits(one.met(ind.code), alone), (i, ind.code)
            k = int(index[ind.code][0])
            if k >= 0 and ind.targets[k].value is not None:
                comparators.add(ind.targets[k].comparator)
    assert len(rows) >= 3
    if code == "shanghai-2022":
        assert len(comparators) >= 2  # facts whose columns use two comparators


def test_one_row_is_compared_with_each_indicators_own_comparator(small: Results) -> None:
    # The court-level row's column: 结收比 at least 80%, 同比 at most 10%. 0.9 meets the
    # first and 0.125 misses the second; swapped comparators would say the opposite.
    index = small.target_index
    stack = index.stack(small.scheme.indicators)
    fact = int(index.fact_of_row[3])
    values = np.array([[0.9], [0.125]])
    one = stack.met(values, np.array([fact]))
    assert one.ravel().tolist() == [1.0, 0.0]
    two = stack.met(np.repeat(values, 2, axis=1), np.array([fact, fact]))
    assert two[:, :1].tobytes() == one.tobytes()


def test_met_alone_is_the_met_of_the_columns() -> None:
    for rows in (40, 300):  # every indicator at once, and one at a time
        results = _results("shanghai-2022", rows=rows)
        met = results.met("record_reform_rate")
        assert results.columns("record_reform_rate").met is met
        name_zh = results.scheme.indicator("record_reform_rate").name_zh
        assert results.met(name_zh) is met  # by its Chinese name too
        with pytest.raises(ValueError, match="read-only"):
            met[0] = 0.0


def test_a_kept_evaluator_gives_what_a_fresh_one_gives() -> None:
    # The evaluator keeps, per set of court and department labels, each label's department
    # fact and the courts' places in the tree: batches with other labels must not see them.
    scheme = load_scheme(DATA / "shanghai-2022.toml")
    data = generate(scheme, seed=9, missing=0.1, provinces=1, cities_per_province=2, basic_per_city=2, weeks=2)
    batch: SnapshotBatch = data.batch
    kw: dict[str, Any] = {"courts": data.tree, "departments": data.departments}
    kept = Evaluator(scheme, **kw)
    first_court = batch.court_index == 0
    parts = [
        batch,
        batch.take(np.flatnonzero(first_court)),  # fewer courts
        batch.take(np.flatnonzero(batch.department_index % 3 == 1)),  # fewer departments
        batch.take(np.flatnonzero(~first_court)),
        batch,
    ]
    for part in parts:
        got, want = kept(part), Evaluator(scheme, **kw)(part)
        assert len(got) == len(part)
        for ind in scheme.indicators:
            for field in ("value", "status", "target", "met"):
                a = getattr(got.columns(ind.code), field)
                b = getattr(want.columns(ind.code), field)
                assert _same_bits(a, b), (ind.code, field)


def test_met_of_a_long_column_in_slices_equals_a_whole_column_comparison() -> None:
    # record_reform_rate: filing >= 70%, enforcement = 100%, other case-handling >= 60%; a
    # fourth fact has no target. A column longer than CHUNK_ROWS is worked out in slices;
    # it must equal one comparison of the whole column against each row's threshold.
    from courtinfo.evaluation._results import CHUNK_ROWS, TargetPlan

    ind = load_scheme(DATA / "shanghai-2022.toml").indicator("record_reform_rate")
    rng = np.random.default_rng(4)
    n = 2 * CHUNK_ROWS + 17
    value = rng.choice([0.55, 0.6, 0.6 - 1e-13, 0.65, 0.7, 0.7 - 2e-12, 1.0, 1.0 - 1e-13, np.nan], n)
    fact_of_row = rng.integers(0, 4, n)
    target_of_fact = np.array([0, 1, 2, -1])
    plan = TargetPlan.of(ind, target_of_fact)
    got = plan.met(value, fact_of_row)
    threshold = np.array([ind.targets[k].value for k in range(3)] + [np.nan])[fact_of_row]
    want = np.full(n, np.nan)
    for k, t in enumerate(ind.targets):
        rows = (fact_of_row == k) & ~np.isnan(value)
        want[rows] = t.comparator.met_where(value[rows], threshold[rows])
    assert _same_bits(got, want)
    # 0.6 - 1e-13 meets >= 60% (float noise); 0.7 - 2e-12 does not meet >= 70%.
    assert (got[(fact_of_row == 2) & (value == 0.6 - 1e-13)] == 1.0).all()
    assert (got[(fact_of_row == 0) & (value == 0.7 - 2e-12)] == 0.0).all()
    assert np.isnan(got[fact_of_row == 3]).all()
