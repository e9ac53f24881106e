"""Comparing results, batches and snapshots, with differences a person can read."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from courtinfo.base import InputError, items_of, wrong_type
from courtinfo.data import FloatArray, MetricSnapshot, SnapshotBatch, Value, ValueKind, kind_of
from courtinfo.evaluation import Results
from courtinfo.formulas import Status

#: How many differences a failure message lists before saying how many more there are.
MAX_SHOWN = 10

Key = tuple[str, str | None, str]

_NUMBERS = {ValueKind.COUNT, ValueKind.MEASURE}


@attrs.frozen(eq=False)
class ExpectedResults:
    """Results as plain columns, keyed by court, department and period.

    What golden files hold and what `assert_results_equal` compares: build one from
    `Results` with `from_results`, or from the data a golden file stores with `from_data`.
    `statuses` hold `Status` names ('OK', 'NOT_PROVIDED', 'ZERO_DENOMINATOR', ...).
    """

    scheme: str
    keys: tuple[Key, ...]
    names: Mapping[str, str]
    values: Mapping[str, FloatArray]
    statuses: Mapping[str, tuple[str, ...]]
    targets: Mapping[str, FloatArray]
    met: Mapping[str, FloatArray]

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicator codes, in the scheme's order."""
        return tuple(self.names)

    @classmethod
    def from_results(cls, results: Results) -> ExpectedResults:
        """The columns of `results` that evaluation decides: values, statuses, targets, met."""
        batch = results.batch
        keys = tuple(
            (c, d or None, str(p))
            for c, d, p in zip(
                batch.court_index_labels(),
                batch.department_labels(),
                batch.period_labels(),
                strict=True,
            )
        )
        codes = [ind.code for ind in results.scheme.indicators if ind.code in results.values]
        return cls(
            scheme=results.scheme.code,
            keys=keys,
            names={ind.code: ind.name_zh for ind in results.scheme.indicators if ind.code in codes},
            values={c: np.asarray(results.values[c], dtype=np.float64) for c in codes},
            statuses={
                c: tuple(Status(int(s)).name for s in np.asarray(results.statuses[c]).tolist())
                for c in codes
            },
            targets={c: results.target_values(c) for c in codes},
            met={c: results.met(c) for c in codes},
        )

    def subset(
        self, *, rows: Sequence[int] | None = None, indicators: Iterable[str] | None = None
    ) -> ExpectedResults:
        """Some rows (by position) and some indicators (by code) of these results."""
        keep = list(range(len(self))) if rows is None else list(rows)
        at = np.array(keep, dtype=np.int64)
        codes = (
            list(self.names)
            if indicators is None
            else [c for c in self.names if c in set(indicators)]
        )
        return ExpectedResults(
            scheme=self.scheme,
            keys=tuple(self.keys[i] for i in keep),
            names={c: self.names[c] for c in codes},
            values={c: self.values[c][at] for c in codes},
            statuses={c: tuple(self.statuses[c][i] for i in keep) for c in codes},
            targets={c: self.targets[c][at] for c in codes},
            met={c: self.met[c][at] for c in codes},
        )

    @classmethod
    def concat(cls, parts: Sequence[Results | ExpectedResults]) -> ExpectedResults:
        """The rows of several results of one scheme, one after another (say each row of a
        batch evaluated alone, to compare with the batch evaluated whole)."""
        tables = [_table(p) for p in parts]
        if not tables:
            msg = "ExpectedResults.concat: no results to join"
            raise ValueError(msg)
        first = tables[0]
        return cls(
            scheme=first.scheme,
            keys=tuple(k for t in tables for k in t.keys),
            names=dict(first.names),
            values={c: np.concatenate([t.values[c] for t in tables]) for c in first.names},
            statuses={c: tuple(s for t in tables for s in t.statuses[c]) for c in first.names},
            targets={c: np.concatenate([t.targets[c] for t in tables]) for c in first.names},
            met={c: np.concatenate([t.met[c] for t in tables]) for c in first.names},
        )

    def to_data(self) -> dict[str, Any]:
        """Plain JSON-ready data (NaN as null), one entry per indicator."""
        return {
            "scheme": self.scheme,
            "rows": [{"court": c, "department": d, "period": p} for c, d, p in self.keys],
            "indicators": {
                code: {
                    "name_zh": self.names[code],
                    "value": _floats(self.values[code]),
                    "status": list(self.statuses[code]),
                    "target": _floats(self.targets[code]),
                    "met": _floats(self.met[code]),
                }
                for code in self.names
            },
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ExpectedResults:
        """The inverse of `to_data`."""
        indicators: Mapping[str, Mapping[str, Any]] = data["indicators"]
        return cls(
            scheme=str(data["scheme"]),
            keys=tuple(
                (str(r["court"]), r["department"] or None, str(r["period"])) for r in data["rows"]
            ),
            names={code: str(col["name_zh"]) for code, col in indicators.items()},
            values={code: _array(col["value"]) for code, col in indicators.items()},
            statuses={code: tuple(col["status"]) for code, col in indicators.items()},
            targets={code: _array(col["target"]) for code, col in indicators.items()},
            met={code: _array(col["met"]) for code, col in indicators.items()},
        )


def _floats(column: FloatArray) -> list[float | None]:
    return [None if math.isnan(x) else x for x in column.tolist()]


def _array(cells: Sequence[float | None]) -> FloatArray:
    return np.array([np.nan if x is None else x for x in cells], dtype=np.float64)


def _table(results: Results | ExpectedResults, argument: str = "results") -> ExpectedResults:
    if isinstance(results, ExpectedResults):
        return results
    if isinstance(results, Results):
        return ExpectedResults.from_results(results)
    expected = "Results or ExpectedResults (evaluate the data first: courtinfo.evaluate)"
    raise InputError(wrong_type(argument, expected, results))


def describe_key(key: Key) -> str:
    """'court 'c1', department '民一庭', period 2022-W21' (court level: no department)."""
    court, dept, period = key
    where = f"court {court!r}" + (f", department {dept!r}" if dept else ", court level")
    return f"{where}, period {period}"


def _num(x: float) -> str:
    return "none" if math.isnan(x) else repr(float(x))


def _met(x: float) -> str:
    return "none" if math.isnan(x) else ("met" if x == 1.0 else "not met")


def _close(a: FloatArray, b: FloatArray, rtol: float, atol: float) -> np.ndarray:
    """Where two columns agree: both NaN, or within atol + rtol × |expected|."""
    both_nan = np.isnan(a) & np.isnan(b)
    with np.errstate(invalid="ignore"):
        near = np.abs(a - b) <= atol + rtol * np.abs(b)
    same: np.ndarray = both_nan | (near & ~np.isnan(a) & ~np.isnan(b)) | (a == b)
    return same


_PLURALS = {"status": "statuses", "met": "targets met", "value": "values", "row": "rows"}


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {'target met' if word == 'met' else word}"
    return f"{n} {_PLURALS.get(word, word + 's')}"


def _listed(items: Sequence[str], limit: int = 5) -> str:
    head = "; ".join(items[:limit])
    return head + (f"; and {len(items) - limit} more" if len(items) > limit else "")


def results_differences(
    actual: Results | ExpectedResults,
    expected: Results | ExpectedResults,
    *,
    rtol: float = 0.0,
    atol: float = 0.0,
    check_status: bool = True,
    check_targets: bool = True,
) -> str | None:
    """What `assert_results_equal` would say, or None when the results agree."""
    got = _table(actual, "assert_results_equal: actual")
    want = _table(expected, "assert_results_equal: expected")
    head: list[str] = []
    if got.scheme != want.scheme:
        head.append(f"scheme: expected {want.scheme!r}, got {got.scheme!r}")
    position = {k: i for i, k in enumerate(got.keys)}
    common = [(j, position[k]) for j, k in enumerate(want.keys) if k in position]
    want_rows = np.array([j for j, _ in common], dtype=np.int64)
    got_rows = np.array([i for _, i in common], dtype=np.int64)
    codes = [c for c in want.indicators if c in got.names]
    lines: list[tuple[int, int, str]] = []  # (expected row, indicator position, text)
    counts = {"value": 0, "status": 0, "target": 0, "met": 0}
    for pos, code in enumerate(codes):
        if not len(common):
            break
        a_val, e_val = got.values[code][got_rows], want.values[code][want_rows]
        bad_value = ~_close(a_val, e_val, rtol, atol)
        bad_status = np.zeros(len(common), dtype=bool)
        a_st = np.array(got.statuses[code], dtype=object)[got_rows]
        e_st = np.array(want.statuses[code], dtype=object)[want_rows]
        if check_status:
            bad_status = a_st != e_st
        bad_target = bad_met = np.zeros(len(common), dtype=bool)
        if check_targets:
            a_t, e_t = got.targets[code][got_rows], want.targets[code][want_rows]
            a_m, e_m = got.met[code][got_rows], want.met[code][want_rows]
            bad_target = ~_close(a_t, e_t, rtol, atol)
            bad_met = ~_close(a_m, e_m, 0.0, 0.0)
        for r in np.flatnonzero(bad_value | bad_status | bad_target | bad_met).tolist():
            parts = []
            if bad_status[r]:
                counts["status"] += 1
                values = ""
                if bad_value[r]:
                    values = f" (value expected {_num(e_val[r])}, got {_num(a_val[r])})"
                parts.append(f"status expected {e_st[r]}, got {a_st[r]}{values}")
            elif bad_value[r]:
                counts["value"] += 1
                parts.append(f"value expected {_num(e_val[r])}, got {_num(a_val[r])}")
            if bad_target[r]:
                counts["target"] += 1
                parts.append(f"target expected {_num(e_t[r])}, got {_num(a_t[r])}")
            if bad_met[r]:
                counts["met"] += 1
                parts.append(f"target expected {_met(e_m[r])}, got {_met(a_m[r])}")
            row = int(want_rows[r])
            where = f"{describe_key(want.keys[row])}, {code} {want.names[code]}"
            lines.append((row, pos, f"{where}: {'; '.join(parts)}"))
    only_want = [describe_key(k) for k in want.keys if k not in position]
    want_keys = set(want.keys)
    only_got = [describe_key(k) for k in got.keys if k not in want_keys]
    missing_codes = [c for c in want.indicators if c not in got.names]
    extra_codes = [c for c in got.indicators if c not in want.names]
    if not (head or lines or only_want or only_got or missing_codes or extra_codes):
        return None
    summary = []
    if lines:
        kinds = ", ".join(_plural(n, k) for k, n in counts.items() if n)
        tol = f", rtol={rtol:g}, atol={atol:g}" if rtol or atol else ""
        summary.append(f"{len(lines)} of {len(common) * len(codes)} results ({kinds}{tol})")
    if only_want:
        summary.append(f"{_plural(len(only_want), 'row')} only in expected")
    if only_got:
        summary.append(f"{_plural(len(only_got), 'row')} only in actual")
    if missing_codes or extra_codes:
        summary.append("indicators differ")
    out = ["results differ: " + ", ".join(summary or ["scheme"])]
    lines.sort()
    out += [f"  {text}" for _, _, text in lines[:MAX_SHOWN]]
    if len(lines) > MAX_SHOWN:
        out.append(f"  ... and {len(lines) - MAX_SHOWN} more")
    out += head
    if only_want:
        out.append(f"rows only in expected: {_listed(only_want)}")
    if only_got:
        out.append(f"rows only in actual: {_listed(only_got)}")
    if missing_codes:
        out.append(f"indicators only in expected: {', '.join(missing_codes)}")
    if extra_codes:
        out.append(f"indicators only in actual: {', '.join(extra_codes)}")
    return "\n".join(out)


def assert_results_equal(
    actual: Results | ExpectedResults,
    expected: Results | ExpectedResults,
    *,
    rtol: float = 0.0,
    atol: float = 0.0,
    check_status: bool = True,
    check_targets: bool = True,
) -> None:
    """Raise AssertionError listing how `actual` differs from `expected`, row by row.

    Rows are matched by court, department and period (their order does not matter), values
    compared within ``atol + rtol × |expected|`` (exactly by default; no value on both sides
    agrees), statuses (OK, NOT_PROVIDED, ZERO_DENOMINATOR, NO_CAPABILITY) unless
    `check_status` is false, and the target binding each row and whether it is met unless
    `check_targets` is false. The message names the first differences as court, department,
    period and indicator, says how many there are in all, and which rows and indicators one
    side lacks.
    """
    text = results_differences(
        actual,
        expected,
        rtol=rtol,
        atol=atol,
        check_status=check_status,
        check_targets=check_targets,
    )
    if text is not None:
        raise AssertionError(text)


# -- snapshots and batches ---------------------------------------------------------------


def _shown_value(value: Value | str | None) -> str:
    if value is None:
        return "not provided"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, frozenset):
        return "{" + ",".join(sorted(value)) + "} (options)"
    return f"{value!r} ({kind_of(value).value})"


def _same_value(a: Value | str | None, b: Value | str | None, rtol: float, atol: float) -> bool:
    if a is None or b is None or isinstance(a, (str, frozenset)) or isinstance(b, (str, frozenset)):
        return a == b
    if kind_of(a) != kind_of(b) and {kind_of(a), kind_of(b)} != _NUMBERS:
        return False
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    return abs(float(a) - float(b)) <= atol + rtol * abs(float(b))


def _snapshot_lines(
    got: MetricSnapshot, want: MetricSnapshot, rtol: float, atol: float
) -> list[str]:
    out = []
    fields: list[tuple[str, Mapping[str, Any], Mapping[str, Any]]] = [
        ("values", got.values, want.values),
        ("platform_values", got.platform_values, want.platform_values),
        ("texts", got.texts, want.texts),
    ]
    for field, a, b in fields:
        for name in sorted(a.keys() | b.keys()):
            x, y = a.get(name), b.get(name)
            if not _same_value(x, y, rtol, atol):
                out.append(f"{field}.{name}: expected {_shown_value(y)}, got {_shown_value(x)}")
    return out


def snapshots_differences(
    actual: Iterable[MetricSnapshot] | MetricSnapshot,
    expected: Iterable[MetricSnapshot] | MetricSnapshot,
    *,
    rtol: float = 0.0,
    atol: float = 0.0,
    what: str = "snapshots",
) -> str | None:
    """What `assert_snapshots_equal` would say, or None when the snapshots agree."""
    got = [actual] if isinstance(actual, MetricSnapshot) else list(actual)
    want = [expected] if isinstance(expected, MetricSnapshot) else list(expected)
    by_key = {_snap_key(s): s for s in got}
    lines: list[str] = []
    for snap in want:
        other = by_key.get(_snap_key(snap))
        if other is None:
            continue
        for line in _snapshot_lines(other, snap, rtol, atol):
            lines.append(f"{describe_key(_snap_key(snap))}, {line}")
    want_keys = {_snap_key(s) for s in want}
    only_want = [describe_key(_snap_key(s)) for s in want if _snap_key(s) not in by_key]
    only_got = [describe_key(_snap_key(s)) for s in got if _snap_key(s) not in want_keys]
    if not (lines or only_want or only_got):
        return None
    summary = []
    if lines:
        summary.append(_plural(len(lines), "value"))
    if only_want:
        summary.append(f"{_plural(len(only_want), 'row')} only in expected")
    if only_got:
        summary.append(f"{_plural(len(only_got), 'row')} only in actual")
    out = [f"{what} differ: " + ", ".join(summary)]
    out += [f"  {line}" for line in lines[:MAX_SHOWN]]
    if len(lines) > MAX_SHOWN:
        out.append(f"  ... and {len(lines) - MAX_SHOWN} more")
    if only_want:
        out.append(f"rows only in expected: {_listed(only_want)}")
    if only_got:
        out.append(f"rows only in actual: {_listed(only_got)}")
    return "\n".join(out)


def _snap_key(s: MetricSnapshot) -> Key:
    return (s.court, s.department or None, str(s.period))


def assert_snapshots_equal(
    actual: Iterable[MetricSnapshot] | MetricSnapshot,
    expected: Iterable[MetricSnapshot] | MetricSnapshot,
    *,
    rtol: float = 0.0,
    atol: float = 0.0,
) -> None:
    """Raise AssertionError listing how the snapshots differ, value by value.

    Snapshots are matched by court, department and period; values, platform values and
    free-text answers compared by kind (3 and True differ; a count 3 and a measure 3.0 agree)
    and within ``atol + rtol × |expected|``.
    """
    # Checked (and read once, a generator too) before comparing: a wrong type is named.
    got, want = (
        (snaps,) if isinstance(snaps, MetricSnapshot)
        else items_of(snaps, MetricSnapshot, f"assert_snapshots_equal: {name}")
        for name, snaps in (("actual", actual), ("expected", expected))
    )
    text = snapshots_differences(got, want, rtol=rtol, atol=atol)
    if text is not None:
        raise AssertionError(text)


def assert_batches_equal(
    actual: SnapshotBatch,
    expected: SnapshotBatch,
    *,
    rtol: float = 0.0,
    atol: float = 0.0,
    check_kinds: bool = True,
) -> None:
    """Raise AssertionError listing how two batches differ, row by row and cell by cell.

    Rows are matched by court, department and period; with `check_kinds` the value kind of
    every input must agree too (a count column against a yes/no column).
    """
    for name, batch in (("actual", actual), ("expected", expected)):
        if not isinstance(batch, SnapshotBatch):
            raise InputError(wrong_type(f"assert_batches_equal: {name}", "a SnapshotBatch", batch))
    text = snapshots_differences(
        actual.to_snapshots(), expected.to_snapshots(), rtol=rtol, atol=atol, what="batches"
    )
    lines = [] if text is None else text.splitlines()
    if check_kinds:
        kinds = []
        for name in sorted(actual.kinds.keys() | expected.kinds.keys()):
            a, b = actual.kinds.get(name), expected.kinds.get(name)
            if a != b and a is not None and b is not None:
                kinds.append(f"  {name}: expected {b.value}, got {a.value}")
        if kinds:
            lines = (lines or ["batches differ: input kinds"]) + ["input kinds differ:", *kinds]
    if lines:
        raise AssertionError("\n".join(lines))
