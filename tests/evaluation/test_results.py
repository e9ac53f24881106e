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
from courtinfo import Evaluator, ResultRow, Results, SnapshotBatch
from courtinfo.formulas import Status
from courtinfo.indicators import Indicator, Target, load_scheme
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


def _results(code: str, rows: int = 300) -> Results:
    scheme = load_scheme(DATA / f"{code}.toml")
    options: dict[str, Any] = {"provinces": 1, "cities_per_province": 2, "basic_per_city": 2}
    if scheme.period_kind == "week":
        options["weeks"] = 2
    data = generate(scheme, seed=5, missing=0.15, **options)
    batch: SnapshotBatch = data.batch
    batch = batch.take(np.arange(min(rows, len(batch))))
    return Evaluator(scheme, courts=data.tree, departments=data.departments)(batch)


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
