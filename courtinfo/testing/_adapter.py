"""`check_adapter`: every way a vendor's adapter output breaks a scheme, in one list."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from courtinfo.base import CourtinfoError, InputError, ValidationError, shorten, shown, wrong_type
from courtinfo.data import Dataset, MetricSnapshot, SnapshotBatch, normalize_label
from courtinfo.evaluation import as_batch, evaluate
from courtinfo.formulas import split_reference
from courtinfo.indicators import Scheme
from courtinfo.io import dataset_from_data
from courtinfo.org import Department, resolve_department_kind
from courtinfo.testing._rules import formulas

Output = MetricSnapshot | Iterable[MetricSnapshot] | SnapshotBatch | Dataset | Any

#: The paths evaluation gives problems of one input column (``values.q6_1[3]``).
_COLUMN = re.compile(r"^(values|platform_values)\.([^\[\s:]+)")


@attrs.frozen
class AdapterReport:
    """What `check_adapter` found: one line per problem, naming the case it came from."""

    scheme: str
    cases: int
    rows: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        if self.ok:
            return (
                f"adapter output fits scheme {self.scheme!r}: {self.rows} rows from "
                f"{self.cases} cases"
            )
        n = len(self.problems)
        head = (
            f"adapter output breaks scheme {self.scheme!r}: "
            f"{n} problem{'s' if n != 1 else ''} in {self.cases} cases ({self.rows} rows)"
        )
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


def _batch(output: Output) -> tuple[SnapshotBatch, tuple[Department, ...]]:
    """The adapter's output as a batch, with the departments a dataset lists."""
    if type(output).__name__ == "DataFrame":
        return SnapshotBatch.from_dataframe(output), ()
    if not isinstance(output, (SnapshotBatch, Dataset, MetricSnapshot)):
        if isinstance(output, (str, bytes, Mapping)) or not isinstance(output, Iterable):
            msg = (
                f"the adapter returned {type(output).__name__} {shown(output)}; expected "
                "snapshots, a SnapshotBatch, a Dataset, a pandas DataFrame or a list of "
                "snapshot dicts"
            )
            raise InputError(msg)
        output = list(output)
        if output and all(isinstance(x, Mapping) for x in output):
            output = dataset_from_data(output, "output")
    # Snapshots, a batch or a dataset: taken as evaluation takes them.
    batch, _, departments = as_batch(output)
    return batch, departments


def _lines(exc: CourtinfoError) -> list[str]:
    """An error's problems, one a line (a ValidationError's own, or its message's lines)."""
    if isinstance(exc, ValidationError):
        return [str(p) for p in exc.problems]
    return [" ".join(line.strip() for line in str(exc).splitlines())]


def _label_problems(batch: SnapshotBatch, listed: set[tuple[str, str]]) -> list[str]:
    """Department labels that name no department courtinfo knows (its targets won't bind)."""
    out = []
    for dept in batch.departments:
        if not dept or any(d == dept for _, d in listed):
            continue
        try:
            normalize_label(dept, "department")
            resolve_department_kind(dept)
        except CourtinfoError as exc:
            out.append(
                f"department {dept!r}: {exc}; name it as the court does (民一庭, 立案庭 ...) "
                "or list it in the dataset's departments"
            )
    return out


def _required(scheme: Scheme, indicators: Sequence[str] | None) -> dict[str, list[str]]:
    """Input id -> the indicators that read it, for inputs the court itself must give."""
    codes = [i.code for i in scheme.indicators] if indicators is None else list(indicators)
    by_code = {i.code: i for i in scheme.indicators}
    own = {i.id for i in scheme.inputs if not i.platform}
    needs: dict[str, list[str]] = {}

    def walk(code: str, top: str, seen: set[str]) -> None:
        if code in seen:
            return
        seen.add(code)
        for f in formulas(scheme.indicator(code).formula):
            for ref in f.references():
                base = split_reference(ref)[0]
                if base in by_code:
                    walk(base, top, seen)
                elif base in own:
                    needs.setdefault(base, [])
                    if top not in needs[base]:
                        needs[base].append(top)

    for code in codes:
        walk(code, code, set())
    return needs


def check_adapter(
    make_snapshots: Callable[[Any], Output],
    scheme: Scheme,
    *,
    cases: Sequence[Any] | Mapping[str, Any],
    indicators: Sequence[str] | None = None,
    raise_on_problems: bool = True,
) -> AdapterReport:
    """Call a vendor's adapter on each case and list every way its output breaks `scheme`.

    `make_snapshots(case)` turns one case (the vendor's database rows, a file, anything) into
    snapshots, a `SnapshotBatch`, a `Dataset`, a pandas DataFrame or a list of snapshot
    dicts. `cases` is a list, or a dict from a case's name to the case. Listed, per case:
    errors the adapter raises, values courtinfo refuses (negative, NaN, wrong type), labels
    that do not normalise, duplicate rows, inputs the scheme does not declare, values of the
    wrong kind or options not offered, numerators above their denominators, departments
    courtinfo cannot place, and inputs that `indicators` (default: all of the scheme's) read
    but no row provides (platform-supplied inputs excepted). Raises AssertionError with the
    whole list when there is a problem, unless `raise_on_problems` is false; returns an
    `AdapterReport` either way.
    """
    if not callable(make_snapshots):
        expected = "a callable turning one case into snapshots"
        raise InputError(wrong_type("check_adapter: make_snapshots", expected, make_snapshots))
    named = list(cases.items()) if isinstance(cases, Mapping) else list(enumerate(cases))
    required = _required(scheme, indicators)
    problems: list[str] = []
    rows = 0
    for key, case in named:
        where = f"case {key!r}" if isinstance(cases, Mapping) else f"case {key}"
        where += f" ({shorten(repr(case), 40)})" if not isinstance(cases, Mapping) else ""
        found: list[str] = []
        try:
            output = make_snapshots(case)
        except CourtinfoError as exc:
            found += [f"the adapter: {line}" for line in _lines(exc)]
            problems += [f"{where}: {line}" for line in found]
            continue
        except Exception as exc:
            found.append(f"the adapter raised {type(exc).__name__}: {exc}")
            problems += [f"{where}: {line}" for line in found]
            continue
        try:
            batch, departments = _batch(output)
        except CourtinfoError as exc:
            problems += [f"{where}: {line}" for line in _lines(exc)]
            continue
        rows += len(batch)
        listed = {(d.court, d.code) for d in departments}
        found += _label_problems(batch, listed)
        bad_columns: set[str] = set()
        try:
            # Departments of no known kind are named above (with the departments listed).
            evaluate(scheme, batch, allow_extra=False, unknown_departments="allow")
        except CourtinfoError as exc:
            lines = _lines(exc)
            found += lines
            bad_columns = {m[2] for line in lines if (m := _COLUMN.match(line))}
        if bad_columns:
            # Left without the columns already named, the rest is checked against the rules.
            kept = attrs.evolve(
                batch,
                columns={k: v for k, v in batch.columns.items() if k not in bad_columns},
                platform={k: v for k, v in batch.platform.items() if k not in bad_columns},
                kinds={k: v for k, v in batch.kinds.items() if k not in bad_columns},
            )
            try:
                evaluate(scheme, kept, allow_extra=False, unknown_departments="allow")
            except CourtinfoError as exc:
                found += [line for line in _lines(exc) if line not in found]
        given = set(batch.inputs)
        for name, users in required.items():
            if name not in given:
                inp = scheme.input(name)
                found.append(
                    f"input {name!r} ({inp.label_zh}) is in no row; "
                    f"{', '.join(users[:3])}{' ...' if len(users) > 3 else ''} will be not "
                    "provided (NA)"
                )
        problems += [f"{where}: {line}" for line in found]
    report = AdapterReport(scheme.code, len(named), rows, tuple(problems))
    if problems and raise_on_problems:
        raise AssertionError(str(report))
    return report
