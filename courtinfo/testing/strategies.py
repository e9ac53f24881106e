"""Hypothesis strategies for a scheme's data: valid snapshots, batches and datasets, and bad input.

Valid data keep what the scheme's formulas require, read from the formulas themselves: each
input's value kind (counts as int, measures as float, yes/no as bool, choices as sets of
offered letters, at most one of a 是/否 pair), numerators never above their denominators
where a ratio's rule forbids it (``over = "error"``) and differences never below 0, the
value an input falls back to included. A rule that reads another indicator, an option or an
earlier period (``x@previous``) is checked on the drawn rows, which lose the inputs it reads
where it breaks. Inputs are left out (not provided) and denominators
set to 0 (not applicable) at the rates you choose. Everything shrinks towards small numbers,
every input present, the first court, department and period.

Needs the ``testing`` extra: ``pip install "courtinfo[testing]"``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

try:
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - exercised in a venv without the extra
    from courtinfo.base import missing_extra

    msg = missing_extra("hypothesis", "courtinfo.testing.strategies")
    raise ImportError(msg) from None

from courtinfo.base import (
    CourtinfoError,
    DuplicateSnapshotError,
    PeriodError,
    ValidationError,
)
from courtinfo.data import MAX_COUNT, Dataset, MetricSnapshot, SnapshotBatch, Value, ValueKind
from courtinfo.indicators import Input, Scheme
from courtinfo.org import CourtTree, Department
from courtinfo.periods import Period, PeriodKind
from courtinfo.synthetic import DEPARTMENT_NAMES, court_tree
from courtinfo.testing._bad import BadInput
from courtinfo.testing._rules import Plan, exclusive_options, keep_cross_rules, plan

T = TypeVar("T")
SearchStrategy = st.SearchStrategy

#: Court codes used when none are given: short and readable.
COURTS = ("c1", "c2", "c3")

#: Departments used when none are given: court level (None) first, then six divisions.
DEPARTMENTS: tuple[str | None, ...] = (None, *DEPARTMENT_NAMES[:6])

__all__ = [
    "COURTS",
    "DEPARTMENTS",
    "BadInput",
    "bad_snapshots",
    "batches",
    "datasets",
    "periods",
    "snapshots",
    "values",
]


def _strategy(x: T | SearchStrategy[T]) -> SearchStrategy[T]:
    return x if isinstance(x, SearchStrategy) else st.just(x)


def _scheme_year(scheme: Scheme) -> int:
    m = re.search(r"(\d{4})$", scheme.code)
    return int(m[1]) if m else scheme.date.year


def periods(scheme: Scheme, *, year: int | None = None) -> SearchStrategy[Period]:
    """Periods of the scheme's kind (weeks, months, quarters or the year) in `year`.

    `year` defaults to the year ending the scheme's code (spc-2019: 2019), else its date's.
    """
    y = _scheme_year(scheme) if year is None else year
    kind = PeriodKind(scheme.period_kind)
    if kind is PeriodKind.WEEK:
        return st.integers(1, 52).map(lambda w: Period.week(y, w))
    if kind is PeriodKind.MONTH:
        return st.integers(1, 12).map(lambda m: Period.month(y, m))
    if kind is PeriodKind.QUARTER:
        return st.integers(1, 4).map(lambda q: Period.quarter(y, q))
    return st.just(Period.year(y))


def _rate(draw: Callable[[SearchStrategy[Any]], Any], rate: float) -> bool:
    """True with probability about `rate`; shrinks to True (an input left out is one fewer
    to read in a failing example), unless `rate` is 0."""
    if rate <= 0:
        return False
    if rate >= 1:
        return True
    return bool(draw(st.integers(0, 999)) < round(rate * 1000))


def _value(
    draw: Callable[[SearchStrategy[Any]], Any],
    inp: Input,
    bound: float | None,
    max_value: int,
) -> Value:
    top = max_value if bound is None else min(bound, max_value)
    if inp.kind is ValueKind.COUNT:
        count: int = draw(st.integers(0, math.floor(top)))
        return count
    if inp.kind is ValueKind.MEASURE:
        # Quarters: readable, exact in binary, and never above the bound.
        quarters: int = draw(st.integers(0, math.floor(top * 4)))
        return quarters / 4
    if inp.kind is ValueKind.YES_NO:
        return False if top < 1 else bool(draw(st.booleans()))
    pair = exclusive_options(inp)
    rest = [x for x in inp.letters if x not in pair]
    ticked = set(draw(st.sets(st.sampled_from(rest)))) if rest else set()
    if pair:
        one = draw(st.sampled_from((None, *pair)))
        if one is not None:
            ticked.add(one)
    return frozenset(ticked)


def _draw_values(
    draw: Callable[[SearchStrategy[Any]], Any],
    p: Plan,
    missing: float,
    zero_denominators: float,
    max_value: int,
    inputs: frozenset[str] | None = None,
) -> dict[str, Value]:
    """One row's values, drawn in the plan's order within the ceilings drawn before."""
    own: dict[str, Value] = {}
    eff: dict[str, float] = {}
    for inp in p.order:
        if inputs is not None and inp.id not in inputs:
            eff[inp.id] = math.nan
            continue
        bounds = [b for c in p.ceilings[inp.id] if (b := c.bound(eff)) is not None]
        bound = min(bounds) if bounds else None
        fb = inp.fallback
        if _rate(draw, missing):
            fallen = eff.get(fb, math.nan) if fb is not None else math.nan
            # Left out, the input reads its fallback's value, which must keep its bounds too.
            if bound is None or math.isnan(fallen) or fallen <= bound:
                eff[inp.id] = fallen
                continue
        if inp.id in p.denominators and _rate(draw, zero_denominators):
            value: Value = 0.0 if inp.kind is ValueKind.MEASURE else 0
            value = False if inp.kind is ValueKind.YES_NO else value
        else:
            value = _value(draw, inp, bound, max_value)
        own[inp.id] = value
        eff[inp.id] = float(value) if not isinstance(value, frozenset) else 0.0
    # Only a ceiling dropped to break a cycle can leave a rule broken: leave those inputs out.
    for _ in range(len(p.rules) + 1):
        broken = p.broken(own)
        if not broken:
            break
        for rule in broken:
            for name in rule.names:
                for m in p.chain(name):
                    own.pop(m, None)
    return {name: own[name] for name in sorted(own)}


def values(
    scheme: Scheme,
    *,
    missing: float = 0.1,
    zero_denominators: float = 0.1,
    max_value: int = 1000,
    inputs: Sequence[str] | None = None,
) -> SearchStrategy[dict[str, Value]]:
    """One snapshot's values for `scheme`: a dict from input id to value, valid for its rules.

    `missing` is the chance that an input is left out, `zero_denominators` that an input
    summed in a denominator is 0; counts and measures are at most `max_value`; `inputs`
    limits the inputs drawn (default: every input the scheme declares).
    """
    p = plan(scheme)
    only = _inputs(scheme, inputs)

    y = _scheme_year(scheme)
    first = {
        PeriodKind.WEEK: Period.week(y, 1),
        PeriodKind.MONTH: Period.month(y, 1),
        PeriodKind.QUARTER: Period.quarter(y, 1),
    }.get(PeriodKind(scheme.period_kind), Period.year(y))

    @st.composite
    def draw_values(draw: Callable[[SearchStrategy[Any]], Any]) -> dict[str, Value]:
        own = _draw_values(draw, p, missing, zero_denominators, max_value, only)
        if p.cross:
            # Rules over other indicators hold in a snapshot on its own (no earlier period).
            own = dict(keep_cross_rules(p, [(COURTS[0], None, first, own)])[0].values)
        return own

    return draw_values()


def _inputs(scheme: Scheme, inputs: Sequence[str] | None) -> frozenset[str] | None:
    if inputs is None:
        return None
    for name in inputs:
        scheme.input(name)  # UnknownNameError with close matches
    return frozenset(inputs)


def snapshots(
    scheme: Scheme,
    *,
    court: str | SearchStrategy[str] | None = None,
    department: str | SearchStrategy[str | None] | None = None,
    period: Period | str | SearchStrategy[Period] | None = None,
    missing: float = 0.1,
    zero_denominators: float = 0.1,
    max_value: int = 1000,
    inputs: Sequence[str] | None = None,
) -> SearchStrategy[MetricSnapshot]:
    """Valid snapshots for `scheme`: evaluating one never raises.

    `court`, `department` and `period` are values or strategies; by default one of `COURTS`,
    one of `DEPARTMENTS` (court level first) and a period of the scheme's kind (`periods`);
    ``department=""`` (`COURT_LEVEL`) makes court-level snapshots only.
    `missing`, `zero_denominators`, `max_value` and `inputs` are as for `values`.
    """
    courts = st.sampled_from(COURTS) if court is None else _strategy(court)
    depts: SearchStrategy[str | None]
    if department is None:
        depts = st.sampled_from(DEPARTMENTS)
    elif isinstance(department, str):
        depts = st.just(department or None)
    else:
        depts = department
    if period is None:
        pers = periods(scheme)
    elif isinstance(period, str):
        pers = st.just(Period.parse(period))
    else:
        pers = _strategy(period)
    vals = values(
        scheme,
        missing=missing,
        zero_denominators=zero_denominators,
        max_value=max_value,
        inputs=inputs,
    )
    return st.builds(MetricSnapshot, court=courts, period=pers, department=depts, values=vals)


def _keys(
    draw: Callable[[SearchStrategy[Any]], Any],
    scheme: Scheme,
    rows: int | SearchStrategy[int],
    courts: Sequence[str],
    departments: Sequence[str | None],
) -> list[tuple[str, str | None, Period]]:
    n = draw(_strategy(rows))
    key = st.tuples(st.sampled_from(courts), st.sampled_from(departments), periods(scheme))
    per_year = {PeriodKind.WEEK: 52, PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4}
    room = len(courts) * len(departments) * per_year.get(PeriodKind(scheme.period_kind), 1)
    n = min(n, room)
    return list(draw(st.lists(key, min_size=n, max_size=n, unique=True)))


def batches(
    scheme: Scheme,
    *,
    rows: int | SearchStrategy[int] = st.integers(1, 6),  # noqa: B008
    courts: Sequence[str] | CourtTree = COURTS,
    departments: Sequence[str | None] = DEPARTMENTS,
    missing: float = 0.1,
    zero_denominators: float = 0.1,
    max_value: int = 1000,
) -> SearchStrategy[SnapshotBatch]:
    """Valid batches for `scheme`: `rows` snapshots (an int or a strategy of ints) for
    distinct courts, departments and periods, courts from `courts` (codes or a court tree).

    There are fewer rows when `courts` × `departments` × periods leaves no room for more.
    """
    codes = list(courts.codes if isinstance(courts, CourtTree) else courts)
    tree = courts if isinstance(courts, CourtTree) else None
    p = plan(scheme)

    @st.composite
    def draw_batch(draw: Callable[[SearchStrategy[Any]], Any]) -> SnapshotBatch:
        keys = _keys(draw, scheme, rows, codes, list(departments))
        drawn = [
            (c, d, per, _draw_values(draw, p, missing, zero_denominators, max_value))
            for c, d, per in keys
        ]
        return SnapshotBatch.from_snapshots(keep_cross_rules(p, drawn, tree))

    return draw_batch()


def datasets(
    scheme: Scheme,
    *,
    rows: int | SearchStrategy[int] = st.integers(1, 8),  # noqa: B008
    missing: float = 0.1,
    zero_denominators: float = 0.1,
    max_value: int = 1000,
) -> SearchStrategy[Dataset]:
    """Valid datasets for `scheme`: a small court tree (an intermediate court and 1 to 3
    basic courts), some of its departments listed, and snapshots of its courts.

    Snapshots name a listed department by its code (``civil-1``) and others by their Chinese
    names, as data files do.
    """
    p = plan(scheme)

    @st.composite
    def draw_dataset(draw: Callable[[SearchStrategy[Any]], Any]) -> Dataset:
        tree = court_tree(
            provinces=1,
            cities_per_province=1,
            basic_per_city=draw(st.integers(1, 3)),
            supreme=False,
            seed=0,
        )
        codes = [c.code for c in tree.courts][1:]  # the high court reports nothing
        names = draw(st.lists(st.sampled_from(DEPARTMENT_NAMES[:6]), max_size=3, unique=True))
        listed = [Department.from_name(c, name) for c in codes for name in names]
        labels: list[str | None] = [None, *DEPARTMENT_NAMES[:3], *(d.code for d in listed)]
        keys = _keys(draw, scheme, rows, codes, list(dict.fromkeys(labels)))
        drawn = [
            (c, d, per, _draw_values(draw, p, missing, zero_denominators, max_value))
            for c, d, per in keys
        ]
        snaps = keep_cross_rules(p, drawn, tree)
        return Dataset(snaps, courts=tuple(tree.courts), departments=tuple(listed))

    return draw_dataset()


# -- bad input -----------------------------------------------------------------------------


def _numeric(scheme: Scheme, *kinds: ValueKind) -> list[Input]:
    return [i for i in scheme.inputs if i.kind in kinds]


def bad_snapshots(
    scheme: Scheme, *, problems: Sequence[str] | None = None
) -> SearchStrategy[BadInput]:
    """Bad input for `scheme`, one class at a time, with the error courtinfo raises for it.

    Each `BadInput` is a valid snapshot with one thing made wrong: a negative, NaN, infinite
    or too large value, text that is no value, an unknown input, a yes/no answer that is
    neither, an option not offered, a value of the wrong kind, a fractional count, a
    numerator above its denominator, an impossible period, a label that is not text, or a
    duplicate snapshot. `problems` limits the classes (see `BadInput.PROBLEMS`); classes the
    scheme gives no occasion for (no multiple-choice input) are left out.
    """
    p = plan(scheme)
    counts = _numeric(scheme, ValueKind.COUNT)
    numbers = _numeric(scheme, ValueKind.COUNT, ValueKind.MEASURE)
    yes_no = _numeric(scheme, ValueKind.YES_NO)
    choices = [i for i in scheme.inputs if i.kind is ValueKind.CHOICE and len(i.letters) < 26]
    over = [
        r
        for r in p.rules
        if r.forbid_over
        and all(scheme.input(n).kind in (ValueKind.COUNT, ValueKind.MEASURE) for n in r.names)
    ]
    declared = {i.id for i in scheme.inputs}
    # Few values besides the bad one: the example reads at a glance.
    base = snapshots(scheme, missing=0.8, zero_denominators=0.1, max_value=100)

    def number(inp: Input, x: int) -> int | float:
        return float(x) if inp.kind is ValueKind.MEASURE else x

    def put(name: str, value: object) -> Callable[[MetricSnapshot], BadInput]:
        def make(s: MetricSnapshot) -> BadInput:
            return BadInput.of(s, values={**s.values, name: value})

        return make

    makers: dict[str, SearchStrategy[BadInput]] = {}

    def case(problem: str, error: type[CourtinfoError], strategy: SearchStrategy[BadInput]) -> None:
        makers[problem] = strategy.map(lambda b: attrs.evolve(b, problem=problem, error=error))

    if numbers:
        pick = st.sampled_from(numbers)
        case(
            "negative value",
            ValidationError,
            st.tuples(base, pick, st.integers(1, 100)).map(
                lambda t: put(t[1].id, -number(t[1], t[2]))(t[0])
            ),
        )
        case(
            "NaN",
            ValidationError,
            st.tuples(base, pick).map(lambda t: put(t[1].id, math.nan)(t[0])),
        )
        case(
            "infinity",
            ValidationError,
            st.tuples(base, pick).map(lambda t: put(t[1].id, math.inf)(t[0])),
        )
        case(
            "value above 2**53",
            ValidationError,
            st.tuples(base, pick, st.integers(1, 1000)).map(
                lambda t: put(t[1].id, number(t[1], MAX_COUNT + 2 * t[2]))(t[0])
            ),
        )
        case(
            "text that is no value",
            ValidationError,
            st.tuples(base, pick, st.sampled_from(["many", "n/a", "十二"])).map(
                lambda t: put(t[1].id, t[2])(t[0])
            ),
        )
        case(
            "a set of options for a number",
            ValidationError,
            st.tuples(base, pick).map(lambda t: put(t[1].id, frozenset("A"))(t[0])),
        )
    if counts:
        case(
            "fractional count",
            ValidationError,
            st.tuples(base, st.sampled_from(counts), st.integers(0, 100)).map(
                lambda t: put(t[1].id, t[2] + 0.5)(t[0])
            ),
        )
    case(
        "unknown input",
        ValidationError,
        st.tuples(base, st.sampled_from(sorted(declared)), st.integers(0, 5)).map(
            lambda t: put(_unknown(t[1], t[2], declared), 1)(t[0])
        ),
    )
    if yes_no:
        case(
            "yes/no answer that is neither",
            ValidationError,
            st.tuples(base, st.sampled_from(yes_no), st.integers(2, 9)).map(
                lambda t: put(t[1].id, t[2])(t[0])
            ),
        )
    if choices:
        case(
            "option not offered",
            ValidationError,
            st.tuples(base, st.sampled_from(choices)).map(
                lambda t: put(t[1].id, frozenset({_not_offered(t[1])}))(t[0])
            ),
        )
        case(
            "a number for a choice",
            ValidationError,
            st.tuples(base, st.sampled_from(choices), st.integers(1, 9)).map(
                lambda t: put(t[1].id, t[2] + 0.5)(t[0])
            ),
        )
    if over:

        @st.composite
        def above(draw: Callable[[SearchStrategy[Any]], Any]) -> BadInput:
            s = draw(base)
            rule = draw(st.sampled_from(over))
            vals: dict[str, object] = dict(s.values)
            den = 0
            plus_den = [n for n in rule.denominator if not n.startswith("-")]
            for t in rule.denominator:
                name = t.lstrip("+-").strip()
                x = 0 if t.startswith("-") else draw(st.integers(0, 100))
                den += x
                vals[name] = number(scheme.input(name), x)
            first = True
            for t in rule.numerator:
                name = t.lstrip("+-").strip()
                x = den + draw(st.integers(1, 100)) if first and not t.startswith("-") else 0
                first = first and t.startswith("-")
                if name not in plus_den:
                    vals[name] = number(scheme.input(name), x)
            return BadInput.of(s, values=vals)

        case("numerator above denominator", ValidationError, above())
    case(
        "impossible period",
        PeriodError,
        st.tuples(base, st.sampled_from(_bad_periods(scheme))).map(
            lambda t: BadInput.of(t[0], period=t[1])
        ),
    )
    case(
        "court that is not text",
        ValidationError,
        st.tuples(base, st.sampled_from([None, 1, True])).map(
            lambda t: BadInput.of(t[0], court=t[1])
        ),
    )
    case(
        "control character in a label",
        ValidationError,
        # Inside the label: white space at its ends is trimmed, not refused.
        st.tuples(base, st.sampled_from(["\x00", "\t", "\n", "\u200b"])).map(
            lambda t: BadInput.of(t[0], court=f"{t[0].court[:1]}{t[1]}{t[0].court[1:]}")
        ),
    )
    case(
        "duplicate snapshot",
        DuplicateSnapshotError,
        base.map(lambda s: BadInput.of(s, duplicate=True)),
    )
    chosen = list(makers) if problems is None else list(problems)
    unknown = [c for c in chosen if c not in BadInput.PROBLEMS]
    if unknown:
        msg = f"unknown problem {unknown[0]!r}; the classes are {', '.join(BadInput.PROBLEMS)}"
        raise ValueError(msg)
    picked = [makers[c] for c in chosen if c in makers]
    if not picked:
        msg = f"scheme {scheme.code!r} gives no occasion for {', '.join(chosen)}"
        raise ValueError(msg)
    return st.one_of(picked)


def _unknown(name: str, n: int, declared: set[str]) -> str:
    """A name like a declared one, which the scheme does not declare (a typo)."""
    for suffix in (f"{n}", "x", "_x", f"_{n}x"):
        candidate = f"{name}{suffix}"
        if candidate not in declared:
            return candidate
    return f"{name}_unknown"


def _not_offered(inp: Input) -> str:
    return next(x for x in "ZYXWVUTSRQPONMLKJIHGFEDCBA" if x not in inp.letters)


def _bad_periods(scheme: Scheme) -> list[str]:
    y = _scheme_year(scheme)
    return {
        PeriodKind.WEEK: [f"{y}-W54", f"{y}-W00"],
        PeriodKind.MONTH: [f"{y}-13", f"{y}-00"],
        PeriodKind.QUARTER: [f"{y}-Q5", f"{y}-Q0"],
    }.get(PeriodKind(scheme.period_kind), [f"{y}-13", f"{y}-W54"])
