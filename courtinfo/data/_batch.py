"""Many snapshots as columns: the form every evaluation works on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from courtinfo.base import DuplicateSnapshotError, InputError, Problem, ValidationError
from courtinfo.data._arrow import arrow_fields, batch_to_arrow
from courtinfo.data._cells import (
    COURT_LEVEL,
    MAX_LISTED,
    PLATFORM_PREFIX,
    TEXT_PREFIX,
    Column,
    TextColumn,
    check_labels,
    column_problems,
    guess_kinds,
    input_names,
    period_label,
    require_labels,
    text_cell,
    text_column,
    value_column,
)
from courtinfo.data._labels import department_identity
from courtinfo.data._snapshots import MetricSnapshot, names_set, text_problem
from courtinfo.data._values import (
    FloatArray,
    IntArray,
    Value,
    ValueKind,
    from_float,
    kind_of,
    to_float,
    unify_kinds,
)
from courtinfo.periods import Period

#: The kind of a snapshot value by its exact type (`kind_of` for anything else).
_KIND_OF_TYPE = {
    bool: ValueKind.YES_NO,
    int: ValueKind.COUNT,
    float: ValueKind.MEASURE,
    frozenset: ValueKind.CHOICE,
}




def _labels_and_index(values: Sequence[Any] | npt.NDArray[Any]) -> tuple[tuple[Any, ...], IntArray]:
    arr = np.asarray(values, dtype=object)
    labels, index = np.unique(arr, return_inverse=True)
    return tuple(labels.tolist()), index.astype(np.int64, copy=False).reshape(-1)


def _kinds_of(mappings: Iterable[Mapping[str, Value]]) -> dict[str, ValueKind]:
    """The kind of every input in `mappings`; counts and measures mixed make a measure."""
    kinds: dict[str, ValueKind] = {}
    mixed: dict[str, set[ValueKind]] = {}
    for mapping in mappings:
        by_type = dict(zip(mapping, map(_KIND_OF_TYPE.get, map(type, mapping.values())), strict=True))
        if not kinds and None not in by_type.values():
            # The first table of exact value types (one snapshot's values): taken whole.
            kinds = by_type  # type: ignore[assignment]
            continue
        for name, v in mapping.items():
            kind = by_type[name] or kind_of(v)
            first = kinds.setdefault(name, kind)
            if first is not kind:
                mixed.setdefault(name, {first}).add(kind)
    kinds.update(unify_kinds(mixed))
    return kinds


def one_layout(
    snap: MetricSnapshot,
) -> tuple[Mapping[str, ValueKind], tuple[str, ...], tuple[str, ...]]:
    """The kinds of a snapshot's values and the sorted names of its values and platform
    values: all a batch of it needs besides the numbers, the same for every snapshot with
    the same names and value types (`layout_key`)."""
    kinds = _kinds_of((snap.values, snap.platform_values))
    return kinds, tuple(sorted(snap.values)), tuple(sorted(snap.platform_values))


def layout_key(snap: MetricSnapshot) -> tuple[object, ...]:
    """What `one_layout` depends on: the names and exact types of the values, in order."""
    values, platform = snap.values, snap.platform_values
    return (
        tuple(values),
        tuple(map(type, values.values())),
        tuple(platform),
        tuple(map(type, platform.values())),
    )


def _labels_of(values: list[str]) -> tuple[tuple[str, ...], IntArray]:
    """Sorted distinct labels and each value's position among them, without numpy objects."""
    labels = tuple(sorted(set(values)))
    if len(labels) == 1:
        return labels, np.zeros(len(values), dtype=np.int64)
    position = {label: i for i, label in enumerate(labels)}
    return labels, np.fromiter((position[v] for v in values), dtype=np.int64, count=len(values))


def same_department(later: str | None, first: str | None) -> str:
    """' (the same department as '民一庭')' when a duplicate names the first row's department
    another way, else ''."""
    return "" if later == first else f" (the same department as {first!r})"


def _snapshot_place(i: int, field: str, name: str) -> str:
    return f"snapshots[{i}]"


def describe_snapshot(snap: MetricSnapshot) -> str:
    """Court, department and period of a snapshot, for messages."""
    return f"court {snap.court!r}, department {snap.department!r}, period {snap.period}"


#: Where a problem is, from a snapshot's position, a field and an input ('' and '' for the
#: snapshot as a whole): `$[3].values.q6_1`, `d.csv:5 column q6_1`, `snapshots[3]`.
Place = Callable[[int, str, str], str]


def duplicate_problems(
    snapshots: Sequence[MetricSnapshot], path: Place, named: Place
) -> list[Problem]:
    """A problem at each snapshot sharing court, department and period with an earlier one
    (two names of one department, 民事审判第一庭 and 民一庭, are one department); `path`
    places it, `named` names the earlier one in the message."""
    first: dict[tuple[str, tuple[str, ...], Period], int] = {}
    problems: list[Problem] = []
    for i, snap in enumerate(snapshots):
        key = (snap.court, department_identity(snap.department or COURT_LEVEL), snap.period)
        j = first.setdefault(key, i)
        if j != i:
            text = f"duplicates {named(j, '', '')}: {describe_snapshot(snap)}" + same_department(
                snap.department, snapshots[j].department
            )
            problems.append(Problem(path(i, "", ""), text))
    return problems


def _department_identities(labels: Sequence[str]) -> IntArray | None:
    """Each department label's position among the departments they stand for
    (`department_identity`), or None when every label is a department of its own."""
    identities = [department_identity(d) for d in labels]
    position: dict[tuple[str, ...], int] = {}
    merged = [position.setdefault(x, len(position)) for x in identities]
    if len(position) == len(labels):
        return None
    return np.array(merged, dtype=np.int64)


def _read_only(col: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """`col` if it is read-only, else a read-only view of it."""
    if not col.flags.writeable:
        return col
    view = col.view()
    view.flags.writeable = False
    return view


def _within(index: IntArray, size: int) -> bool:
    """Whether every position in `index` is in 0..size-1 (one row without reductions)."""
    if len(index) == 1:
        return 0 <= int(index[0]) < size
    return int(index.min()) >= 0 and int(index.max()) < size


def platform_first(own: Column | None, platform: Column | None) -> Column | None:
    """The column that counts: the platform's figures where supplied (以最高法院数据为准),
    else the court's own; None when there is neither."""
    if platform is None:
        return own
    if own is None:
        return platform
    return np.where(np.isnan(platform), own, platform)


@attrs.frozen(eq=False)
class SnapshotBatch:
    """Snapshots as columns: categorical court, department and period, one array per input.

    Court-reported values live in `columns`, platform-supplied ones in `platform`; NaN marks a
    value not provided. Free-text answers (`MetricSnapshot.texts`) live in `texts`, object
    arrays with None where none was given: they are carried through, never evaluated. Build
    one with `from_snapshots` or `from_columns`; a single snapshot is a batch of one.
    """

    courts: tuple[str, ...]
    court_index: IntArray
    departments: tuple[str, ...]
    department_index: IntArray
    periods: tuple[Period, ...]
    period_index: IntArray
    columns: Mapping[str, Column]
    platform: Mapping[str, Column] = attrs.field(factory=dict)
    kinds: Mapping[str, ValueKind] = attrs.field(factory=dict)
    texts: Mapping[str, TextColumn] = attrs.field(factory=dict)
    checked: bool = attrs.field(default=False, kw_only=True)
    """True once every cell is known good (see `validated`): evaluation then trusts them."""
    signed: frozenset[str] = attrs.field(factory=frozenset, converter=names_set, kw_only=True)
    """The inputs whose values may be negative (declared signed in the scheme)."""

    def __attrs_post_init__(self) -> None:
        n = len(self.court_index)
        problems: list[Problem] = []
        for name, index, labels in (
            ("court_index", self.court_index, self.courts),
            ("department_index", self.department_index, self.departments),
            ("period_index", self.period_index, self.periods),
        ):
            if len(index) != n:
                problems.append(Problem(name, f"has {len(index)} rows, expected {n}"))
            elif n and not _within(index, len(labels)):
                problems.append(Problem(name, f"points outside its {len(labels)} labels"))
        groups = [("columns", self.columns), ("platform", self.platform)]
        if self.texts:
            groups.append(("texts", self.texts))
        for field, cols in groups:
            if {col.shape for col in cols.values()} <= {(n,)}:
                continue  # the usual case, seen in one pass
            for name, col in cols.items():
                if col.shape != (n,):
                    problems.append(
                        Problem(f"{field}.{name}", f"has shape {col.shape}, expected ({n},)")
                    )
        if problems:
            raise ValidationError(problems)
        # A batch's own columns are read-only (a write raises), so its results stay true.
        for field in ("columns", "platform", "texts"):
            cols = getattr(self, field)
            if any(col.flags.writeable for col in cols.values()):
                object.__setattr__(self, field, {k: _read_only(v) for k, v in cols.items()})

    def __len__(self) -> int:
        return len(self.court_index)

    # -- building -------------------------------------------------------------------------

    @classmethod
    def from_snapshots(cls, snapshots: Iterable[MetricSnapshot]) -> SnapshotBatch:
        """Columns from snapshots; refuses two snapshots for the same court, department, period."""
        snaps = list(snapshots)
        if len(snaps) == 1:
            return cls._of_one(snaps[0])
        problems = duplicate_problems(snaps, _snapshot_place, _snapshot_place)
        if problems:
            raise DuplicateSnapshotError(problems)
        kinds = _kinds_of(m for s in snaps for m in (s.values, s.platform_values))
        n = len(snaps)

        def build(attr: str) -> dict[str, Column]:
            names = sorted({k for s in snaps for k in getattr(s, attr)})
            out: dict[str, Column] = {name: np.full(n, np.nan) for name in names}
            for i, s in enumerate(snaps):
                for name, v in getattr(s, attr).items():
                    out[name][i] = to_float(v)
            return out

        texts: dict[str, TextColumn] = {}
        for i, s in enumerate(snaps):
            for name, text in s.texts.items():
                if name not in texts:
                    texts[name] = np.full(n, None, dtype=object)
                texts[name][i] = text
        courts, court_index = _labels_of([s.court for s in snaps])
        departments, department_index = _labels_of([s.department or COURT_LEVEL for s in snaps])
        period_of = {str(s.period): s.period for s in snaps}
        period_labels, period_index = _labels_of([str(s.period) for s in snaps])
        # Every cell was checked when its snapshot was made, and duplicates just above.
        return cls(
            courts=courts,
            court_index=court_index,
            departments=departments,
            department_index=department_index,
            periods=tuple(period_of[p] for p in period_labels),
            period_index=period_index,
            columns=build("values"),
            platform=build("platform_values"),
            kinds=kinds,
            texts={name: texts[name] for name in sorted(texts)},
            checked=True,
            signed=frozenset(name for s in snaps for name in s.signed),
        )

    @classmethod
    def _of_one(
        cls,
        snap: MetricSnapshot,
        layout: tuple[Mapping[str, ValueKind], tuple[str, ...], tuple[str, ...]] | None = None,
    ) -> SnapshotBatch:
        """A batch of one snapshot: one array of its values, a view per input (the request
        path, where building the batch must cost little next to evaluating it).

        `layout` is what `one_layout` gives for the snapshot, when the caller has kept it
        from an earlier snapshot of the same names and value types.
        """
        return cls._of_one_rows(snap, layout)[0]

    @classmethod
    def _of_one_rows(
        cls,
        snap: MetricSnapshot,
        layout: tuple[Mapping[str, ValueKind], tuple[str, ...], tuple[str, ...]] | None = None,
        pad: tuple[float, ...] = (),
    ) -> tuple[SnapshotBatch, FloatArray]:
        """`_of_one`, and the array its columns of `values` are rows of: one row per value in
        sorted name order, then a row per number of `pad` (rows an evaluator reads beside the
        values: NaN for an input not given, -0.0 to pad a sum), shape (values + pad, 1)."""
        kinds, names, platform_names = layout or one_layout(snap)
        choice = ValueKind.CHOICE in kinds.values()
        stacked = _NO_ROWS
        columns: dict[str, Column] = {}
        if names or pad:
            cells = list(map(snap.values.__getitem__, names))
            if choice:
                cells = [to_float(v) for v in cells]
            # numpy turns bools and ints to floats; iterating the rows of a (k, 1) array makes
            # the one-row views in C (the names run out before the pad rows).
            stacked = np.array([*cells, *pad], dtype=np.float64).reshape(-1, 1)
            stacked.flags.writeable = False  # and so every row view of it
            columns = dict(zip(names, stacked, strict=False))
        platform: dict[str, Column] = {}
        if platform_names:
            cells = list(map(snap.platform_values.__getitem__, platform_names))
            if choice:
                cells = [to_float(v) for v in cells]
            rows = np.array(cells, dtype=np.float64).reshape(-1, 1)
            rows.flags.writeable = False
            platform = dict(zip(platform_names, rows, strict=True))
        one = _ONE_ROW  # read-only: shared by the three label indexes of every batch of one
        # Built here from a validated snapshot: every field is known good, so the checks
        # and converters of __init__ (more than the rest of a one-row batch) are skipped,
        # and the fields are set in their order by their slots' own setters.
        batch = object.__new__(cls)
        for setter, value in zip(
            _SETTERS,
            (
                (snap.court,),
                one,
                (snap.department or COURT_LEVEL,),
                one,
                (snap.period,),
                one,
                columns,
                platform,
                kinds,
                # A dict literal when there are none: cheaper than a comprehension.
                {n: text_cell(snap.texts[n]) for n in sorted(snap.texts)} if snap.texts else {},
                True,
                snap.signed,
            ),
            strict=True,
        ):
            setter(batch, value)
        return batch, stacked

    @classmethod
    def from_dataframe(
        cls, frame: Any, *, kinds: Mapping[str, ValueKind] | None = None
    ) -> SnapshotBatch:
        """A batch from a pandas DataFrame laid out as the CSV files are.

        Columns ``court`` and ``period`` (``department`` optional, empty for court level), one
        column per input, ``platform:<input>`` for values the platform supplies and
        ``text:<input>`` for free-text answers (missing cells: no answer). float64 and int64
        columns are copied like every other (see `from_columns`); nullable columns become
        float64 with NaN.
        """
        names = [str(c) for c in frame.columns]
        require_labels(names, "frame")
        columns: dict[str, Column] = {}
        platform: dict[str, Column] = {}
        texts: dict[str, TextColumn] = {}
        for name, label in zip(names, frame.columns, strict=True):
            if name in ("court", "department", "period"):
                continue
            series = frame[label]
            if name.startswith(TEXT_PREFIX):
                cells = series.astype(object).where(series.notna(), None).to_numpy()
                texts[name.removeprefix(TEXT_PREFIX).strip()] = cells
                continue
            if series.dtype in (np.float64, np.int64):
                values = series.to_numpy()
            else:
                try:
                    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
                except (TypeError, ValueError):
                    msg = f"column {name!r}: dtype {series.dtype} is not numeric"
                    raise InputError(msg) from None
            if name.startswith(PLATFORM_PREFIX):
                platform[name.removeprefix(PLATFORM_PREFIX).strip()] = values
            else:
                columns[name] = values
        department = None
        if "department" in names:
            dept = frame["department"]
            department = dept.astype(object).where(dept.notna(), None).to_numpy()
        return cls.from_columns(
            court=frame["court"].to_numpy(),
            period=frame["period"].to_numpy(),
            department=department,
            columns=columns,
            platform=platform,
            kinds=kinds,
            texts=texts,
        )

    @classmethod
    def from_arrow(
        cls,
        table: Any,
        *,
        kinds: Mapping[str, ValueKind] | None = None,
        signed: Iterable[str] = (),
    ) -> SnapshotBatch:
        """A batch from a pyarrow Table laid out as the CSV files are (the ``arrow`` extra).

        Dictionary-encoded label columns become the batch's labels and label indices as they
        are, without sorting strings; float64 and int64 columns without nulls are used without
        a copy; nulls are values not provided. Kinds and signed inputs stored by `to_arrow`
        come back; `signed` names more inputs whose values may be negative.
        """
        return cls(**arrow_fields(table, kinds, signed)).validated()

    def to_arrow(self) -> Any:
        """The batch as a pyarrow Table (see `from_arrow`): dictionary-encoded labels, nulls
        for values not provided, every input's kind in the schema metadata."""
        return batch_to_arrow(self)

    @classmethod
    def from_columns(
        cls,
        *,
        court: Sequence[str] | npt.NDArray[Any],
        period: Sequence[Period | str] | npt.NDArray[Any],
        columns: Mapping[str, Column],
        department: Sequence[str | None] | npt.NDArray[Any] | None = None,
        platform: Mapping[str, Column] | None = None,
        kinds: Mapping[str, ValueKind] | None = None,
        texts: Mapping[str, Sequence[str | None] | npt.NDArray[Any]] | None = None,
        signed: Iterable[str] = (),
    ) -> SnapshotBatch:
        """A batch from label sequences and value arrays.

        The batch holds its own read-only copies of the arrays: writing into an array after
        passing it changes neither the batch nor any result computed from it.

        Court codes must be non-empty str, departments str or None ('' and None: court level),
        periods `Period` or period text; anything else is refused, by row, in a ValidationError.
        `texts` are free-text answers per input, a str or None (no answer) per row; `signed`
        names the inputs whose values may be negative.
        """
        n, court_labels, dept_labels = check_labels(court, period, department)
        columns = input_names("columns", columns)
        platform = input_names("platform", platform)
        texts = input_names("texts", texts)
        courts, court_index = _labels_and_index(court_labels)
        dept = [COURT_LEVEL] * n if dept_labels is None else dept_labels
        departments, department_index = _labels_and_index(dept)
        raw_periods, raw_index = _labels_and_index([str(p) for p in period])
        # Two spellings of one period (2022年第21周, 2022-W21) must become one label.
        canonical, merged = _labels_and_index(
            [period_label(p, k, raw_index) for k, p in enumerate(raw_periods)]
        )
        period_index = merged[raw_index] if len(raw_index) else raw_index
        periods = tuple(Period.parse(p) for p in canonical)
        return cls(
            courts=tuple(str(c) for c in courts),
            court_index=court_index,
            departments=tuple(str(d) for d in departments),
            department_index=department_index,
            periods=periods,
            period_index=period_index,
            columns={k: value_column(k, v) for k, v in columns.items()},
            platform={k: value_column(k, v) for k, v in (platform or {}).items()},
            kinds=dict(kinds) if kinds else guess_kinds(columns, platform or {}),
            texts={k: text_column(k, v) for k, v in (texts or {}).items()},
            signed=frozenset(signed),
        ).validated()

    # -- reading ---------------------------------------------------------------------------

    @property
    def inputs(self) -> tuple[str, ...]:
        """Every input that has a column, court-reported or platform-supplied."""
        return tuple(sorted(set(self.columns) | set(self.platform)))

    def court_of(self, i: int) -> str:
        return self.courts[int(self.court_index[i])]

    def department_of(self, i: int) -> str | None:
        return self.departments[int(self.department_index[i])] or None

    def period_of(self, i: int) -> Period:
        return self.periods[int(self.period_index[i])]

    def describe_row(self, i: int) -> str:
        """Court, department and period of row `i`, for messages."""
        dept = self.department_of(i)
        where = f"court {self.court_of(i)!r}" + (f", department {dept!r}" if dept else "")
        return f"{where}, period {self.period_of(i)}"

    def court_index_labels(self) -> list[str]:
        """The court code of every row."""
        return [self.courts[i] for i in self.court_index.tolist()]

    def department_labels(self) -> list[str]:
        """The department label of every row ('' for court-level rows)."""
        return [self.departments[i] for i in self.department_index.tolist()]

    def period_labels(self) -> list[Period]:
        """The period of every row."""
        return [self.periods[i] for i in self.period_index.tolist()]

    def effective(self, name: str) -> Column | None:
        """The column that counts for `name`: platform values where supplied, else the court's."""
        plat = self.platform.get(name)
        if plat is None:  # most inputs: no call on a snapshot's path
            return self.columns.get(name)
        return platform_first(self.columns.get(name), plat)

    def row(self, i: int) -> MetricSnapshot:
        """Row `i` as a snapshot, exactly as it went in."""

        def cells(cols: Mapping[str, Column]) -> dict[str, Value]:
            out: dict[str, Value] = {}
            for name, col in cols.items():
                x = float(col[i])
                if x == x:  # not NaN (a Python float test: np.isnan on one number is slow)
                    out[name] = from_float(x, self.kinds.get(name, ValueKind.MEASURE))
            return out

        return MetricSnapshot(
            court=self.court_of(i),
            period=self.period_of(i),
            department=self.department_of(i),
            values=cells(self.columns),
            platform_values=cells(self.platform),
            texts={name: col[i] for name, col in self.texts.items() if col[i] is not None},
            signed=self.signed,
        )

    def to_snapshots(self) -> list[MetricSnapshot]:
        """Every row as a snapshot (the way back from `from_snapshots`)."""
        return [self.row(i) for i in range(len(self))]

    def take(self, rows: npt.NDArray[Any]) -> SnapshotBatch:
        """The rows picked by an index array or a boolean mask, labels kept as they are."""
        return attrs.evolve(
            self,
            court_index=self.court_index[rows],
            department_index=self.department_index[rows],
            period_index=self.period_index[rows],
            columns={k: v[rows] for k, v in self.columns.items()},
            platform={k: v[rows] for k, v in self.platform.items()},
            texts={k: v[rows] for k, v in self.texts.items()},
        )

    def row_keys(self) -> IntArray:
        """One integer per row, equal exactly when court, department and period are equal."""
        nd, np_ = len(self.departments), len(self.periods)
        return (self.court_index * nd + self.department_index) * np_ + self.period_index

    # -- checking --------------------------------------------------------------------------

    def validated(self) -> SnapshotBatch:
        """The batch, marked `checked`, after refusing bad cells (negative, infinite, ill-typed)
        and duplicate rows."""
        problems: list[Problem] = []
        for field, cols in (("columns", self.columns), ("platform", self.platform)):
            for name, col in cols.items():
                kind = self.kinds.get(name, ValueKind.MEASURE)
                problems += column_problems(
                    f"{field}.{name}", col, kind, self.describe_row, signed=name in self.signed
                )
        for name, texts in self.texts.items():
            found = [
                (i, problem)
                for i, text in enumerate(texts.tolist())
                if text is not None and (problem := text_problem(text))
            ]
            for i, problem in found[:MAX_LISTED]:
                problems.append(
                    Problem(f"texts.{name}[{i}]", f"{problem} ({self.describe_row(i)})")
                )
            if len(found) > MAX_LISTED:
                text = f"{len(found) - MAX_LISTED} more rows are not text answers"
                problems.append(Problem(f"texts.{name}", text))
        if problems:
            raise ValidationError(problems)
        done = self if self.checked else attrs.evolve(self, checked=True)
        if len(self) < 2:
            return done
        keys = self.row_keys()
        if len(self.departments) > 1:
            # Two names of one department (民事审判第一庭, 民一庭) are one department.
            same = _department_identities(self.departments)
            if same is not None:
                nd, np_ = len(self.departments), len(self.periods)
                keys = (self.court_index * nd + same[self.department_index]) * np_ + self.period_index
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        dup = np.flatnonzero(ordered[1:] == ordered[:-1])
        if len(dup):
            lines = []
            for j in dup[:MAX_LISTED]:
                later = int(order[j + 1])
                # The first row of the key, not the previous duplicate of it.
                first = int(order[np.searchsorted(ordered, ordered[j + 1])])
                text = f"duplicates row {first}: {self.describe_row(later)}" + same_department(
                    self.department_of(later), self.department_of(first)
                )
                lines.append(Problem(f"row {later}", text))
            raise DuplicateSnapshotError(lines)
        return done


#: The fields of a batch, in the order `_of_one_rows` gives them (a test checks they are all).
_ONE_ORDER = (
    "courts",
    "court_index",
    "departments",
    "department_index",
    "periods",
    "period_index",
    "columns",
    "platform",
    "kinds",
    "texts",
    "checked",
    "signed",
)

#: Their slots' setters: a batch of one is assembled without `__init__`'s checks.
_SETTERS = tuple(getattr(SnapshotBatch, name).__set__ for name in _ONE_ORDER)

#: The label index of a batch of one (`_of_one_rows`): row 0 is label 0.
_ONE_ROW = np.zeros(1, dtype=np.int64)
_ONE_ROW.flags.writeable = False

#: The rows of a batch of one that has no values and no pad (`_of_one_rows`).
_NO_ROWS = np.empty((0, 1))
_NO_ROWS.flags.writeable = False
