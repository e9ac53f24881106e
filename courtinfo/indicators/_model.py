"""Indicators, their inputs, and the schemes that publish them."""

from __future__ import annotations

import datetime
import enum
import functools
import math
import numbers
import unicodedata
from decimal import ROUND_DOWN, Decimal

import attrs

from courtinfo.base import (
    Problem,
    SchemeError,
    SchemeValidationError,
    UnknownNameError,
    argument,
    no_negative_zero,
    of_type,
    one_spelling,
    round_half_up,
    wrong_type,
)
from courtinfo.data import ValueKind
from courtinfo.formulas import Formula, split_reference
from courtinfo.indicators._targets import Target
from courtinfo.org import Responsibility


class Unit(enum.StrEnum):
    """How an indicator's value reads."""

    PERCENTAGE = "percentage"
    """A rate kept as a fraction (0.45) and shown as a percentage (45%)."""
    PER_CASE = "per_case"
    """A count per case (案均网上阅卷数 0.2)."""
    POINTS = "points"
    """A share of the maximum points of a scored evaluation (shown as points)."""
    YES_NO = "yes_no"
    """Done or not done (1 or 0)."""
    PERCENTAGE_POINTS = "percentage_points"
    """A difference of two rates, kept as a fraction (0.0397) and shown in points (3.97个百分点)."""
    DAYS = "days"
    """A duration in days (CEPEJ disposition time, 平均审理天数)."""
    COUNT = "count"
    """A number of things (cases, hearings) or a change in one."""
    PER_PERSON = "per_person"
    """A count per person (人均结案数, 人均上线次数)."""


class Aggregate(enum.StrEnum):
    """How an input's values over several periods make the value of the longer period."""

    SUM = "sum"
    """A flow: the total over the periods (filings, hearings). The default for counts."""
    LAST = "last"
    """A stock at the end: the value of the latest period (officers on staff, pending at the end)."""
    FIRST = "first"
    """A stock at the start: the value of the earliest period (pending at the start, 旧存)."""
    MEAN = "mean"
    """The average over the periods (average staffing, an average waiting time)."""
    ALL = "all"
    """Yes only if yes in every period (a yes/no answer, or options ticked in every period)."""
    ANY = "any"
    """Yes if yes in any period (options ticked in any period). The default for yes/no and choices."""
    NONE = "none"
    """Not defined over a longer period (所有办案件数 = closed + pending): rolled up as not provided."""


#: The aggregate an input has when its scheme does not declare one (None: it must declare one
#: before it can be rolled up over time).
DEFAULT_AGGREGATE: dict[ValueKind, Aggregate | None] = {
    ValueKind.COUNT: Aggregate.SUM,
    ValueKind.YES_NO: Aggregate.ANY,
    ValueKind.CHOICE: Aggregate.ANY,
    ValueKind.MEASURE: None,
}


class RoundingMode(enum.StrEnum):
    """How a source rounds the figures it publishes."""

    HALF_UP = "half_up"
    """To the nearest, ties away from zero (四舍五入): 48.375 -> 48.38."""
    TRUNCATE = "truncate"
    """Digits past the last place dropped: 48.379 -> 48.37."""


@attrs.frozen
class Rounding:
    """How the source publishes an indicator's figure: places shown, and the rounding rule.

    For presentation only: values stay unrounded inside. Places count in the unit as shown,
    so a percentage with `places = 2` publishes 0.483787 as 48.38 (%).
    """

    places: int = attrs.field(
        default=2,
        metadata={
            "doc": "Decimal places of the published figure, in the unit as shown (48.38 for 48.38%)."
        },
    )
    mode: RoundingMode = attrs.field(
        default=RoundingMode.HALF_UP,
        metadata={"doc": "half_up (四舍五入) or truncate (digits past the last place dropped)."},
    )

    @places.validator
    def _check_places(self, attribute: object, value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 12:
            msg = f"rounding places must be a whole number from 0 to 12, not {value!r}"
            raise SchemeError(msg)

    def apply(self, shown: float) -> float:
        """`shown` (a figure in the unit as shown) rounded as the source publishes it."""
        x = float(shown)
        if math.isnan(x) or math.isinf(x):
            return x
        # ×100 leaves float noise (0.29 * 100 = 28.999999999999996): trimmed far below the
        # last place shown, so 29% truncated to two places stays 29.00, not 28.99.
        x = round(x, self.places + 6)
        if self.mode is RoundingMode.HALF_UP:
            return round_half_up(x, self.places)
        quantum = Decimal(1).scaleb(-self.places)
        return no_negative_zero(float(Decimal(repr(x)).quantize(quantum, rounding=ROUND_DOWN)))


class Direction(enum.StrEnum):
    """Whether more is better."""

    HIGHER = "higher"
    LOWER = "lower"


@attrs.frozen
class Option:
    """One option of a multiple-choice question: its letter and its label."""

    letter: str = attrs.field(validator=of_type(str, "a str", SchemeError))
    label_zh: str = attrs.field(validator=of_type(str, "a str", SchemeError))


@attrs.frozen
class Input:
    """A raw value the form asks for: an identifier, a label, a kind, its place on the form.

    `question` and `blank` locate it (question 5 blank ③ is 5 and 3); `platform` marks a
    value the Supreme Court's platform supplies (以最高法院数据为准); `fallback` names the
    input used where this one is not provided. `aggregate` says how values of several
    periods make one (a flow sums, a stock takes the last); `signed` lets values be negative.
    """

    id: str
    label_zh: str
    kind: ValueKind
    label_en: str = ""
    options: tuple[Option, ...] = ()
    question: int | None = None
    blank: int | None = None
    platform: bool = False
    fallback: str | None = None
    aggregate: Aggregate | None = attrs.field(
        default=None,
        metadata={
            "doc": "How values over several periods combine when rolled up over time: sum "
            "(a flow; default for counts), last (a stock at the end), first (a stock at the "
            "start), mean, all/any (yes/no and choices; default any), none (not rolled up). "
            "Measures have no default.",
        },
    )
    signed: bool = attrs.field(
        default=False,
        metadata={
            "doc": "Values may be negative (a change, a balance); otherwise a negative value is refused."
        },
    )

    @property
    def over_time(self) -> Aggregate | None:
        """The aggregate used over time: the declared one, else the kind's default (None: none)."""
        return self.aggregate if self.aggregate is not None else DEFAULT_AGGREGATE[self.kind]

    @property
    def letters(self) -> tuple[str, ...]:
        """The option letters offered (empty unless a multiple-choice input)."""
        return tuple(o.letter for o in self.options)


@attrs.frozen
class Source:
    """Where an indicator is published: the document number and its own number there."""

    document: str = attrs.field(validator=of_type(str, "a str", SchemeError))
    number: int | None = None
    note: str = ""


@attrs.frozen
class Measure:
    """A key measure (重点应对措施) and the departments it names."""

    text_zh: str = attrs.field(validator=of_type(str, "a str", SchemeError))
    departments: tuple[str, ...] = ()


@attrs.frozen
class Category:
    """A group of indicators in a scheme (审判管理类 …), with its order and maximum points."""

    code: str = attrs.field(validator=of_type(str, "a str", SchemeError))
    name_zh: str = attrs.field(validator=of_type(str, "a str", SchemeError))
    name_en: str = ""
    max_points: float | None = None


@attrs.frozen
class Indicator:
    """An indicator: what it is called, how it is computed, and what it is held to.

    `number` is its place in the scheme's own list (annex 1's (12)); `source.number` its
    number in the issuing document (Shanghai High Court data number 3). `companion` marks an
    indicator the rule of another defines (电子送达发送率) rather than one the list numbers.
    """

    code: str
    name_zh: str
    name_en: str
    category: str
    unit: Unit
    formula: Formula
    number: int | None = None
    direction: Direction = Direction.HIGHER
    rule_zh: str = ""
    source: Source | None = None
    max_points: float | None = None
    group: str | None = None
    companion: bool = False
    targets: tuple[Target, ...] = ()
    responsibility: Responsibility | None = None
    measures: tuple[Measure, ...] = ()
    notes: str = ""
    rounding: Rounding | None = attrs.field(
        default=None,
        metadata={
            "doc": "How the source rounds the published figure, e.g. {places = 2, mode = "
            '"half_up"}; for presentation only (values stay unrounded).',
        },
    )

    def published(self, value: float | None) -> float | None:
        """`value` as the source publishes it: in the unit as shown (percent for rates,
        points for changes of rates), rounded by `rounding` when the indicator states it."""
        return published_figure(value, self.unit, self.rounding)

    @property
    def label(self) -> str:
        """Number and Chinese name as the scheme lists them, e.g. '(12) 多元化解率'."""
        return f"({self.number}) {self.name_zh}" if self.number is not None else self.name_zh


#: Units whose fraction is shown ×100 (0.4838 as 48.38%, 0.0397 as 3.97个百分点).
_SHOWN_IN_HUNDREDTHS = frozenset({Unit.PERCENTAGE, Unit.PERCENTAGE_POINTS})


@argument("value", (numbers.Real, type(None)), "a number or None")
def published_figure(
    value: float | None, unit: Unit | str, rounding: Rounding | None
) -> float | None:
    """`value` (unrounded, as evaluated) as a source publishes a figure of `unit`: ×100 for
    rates and changes of rates, then rounded by `rounding` when one is stated; None for a
    value not provided. The one place published figures are made, for tests and reports."""
    if value is None or math.isnan(value):
        return None
    shown = value * 100 if Unit(unit) in _SHOWN_IN_HUNDREDTHS else float(value)
    return shown if rounding is None else rounding.apply(shown)


@attrs.frozen
class Scheme:
    """A published set of indicators, with targets and, when scored, maximum points."""

    code: str
    title_zh: str
    title_en: str
    issuer: str
    document: str
    date: datetime.date
    indicators: tuple[Indicator, ...]
    inputs: tuple[Input, ...] = ()
    categories: tuple[Category, ...] = ()
    max_points: float | None = None
    period_kind: str = "week"
    other_period_kinds: tuple[str, ...] = ()
    leading_group_size: int | None = None
    rules_zh: tuple[str, ...] = ()
    notes: str = ""

    @property
    def scored(self) -> bool:
        """Whether the scheme awards points (the national evaluation does)."""
        return self.max_points is not None

    @functools.cached_property
    def signed_inputs(self) -> frozenset[str]:
        """The inputs declared `signed = true`: the only ones whose values may be negative."""
        return frozenset(i.id for i in self.inputs if i.signed)

    def indicator(self, code: str) -> Indicator:
        """The indicator with this code or Chinese name (`网上立案率`); unknown names suggest
        close codes and names."""
        if not isinstance(code, str):
            raise SchemeError(wrong_type("Scheme.indicator: code", "an indicator code (str)", code))
        for ind in self.indicators:
            if ind.code == code:
                return ind
        name = one_spelling(code)
        for ind in self.indicators:
            if unicodedata.normalize("NFKC", ind.name_zh) == name or ind.code == name:
                return ind
        known = [i.code for i in self.indicators] + [i.name_zh for i in self.indicators]
        raise UnknownNameError("indicator", code, known)

    def input(self, id: str) -> Input:
        """The declared input with this identifier."""
        if not isinstance(id, str):
            raise SchemeError(wrong_type("Scheme.input: id", "an input identifier (str)", id))
        for inp in self.inputs:
            if inp.id == id:
                return inp
        raise UnknownNameError("input", id, [i.id for i in self.inputs])

    def category(self, code: str) -> Category:
        """The category with this code."""
        if not isinstance(code, str):
            raise SchemeError(wrong_type("Scheme.category: code", "a category code (str)", code))
        for cat in self.categories:
            if cat.code == code:
                return cat
        raise UnknownNameError("category", code, [c.code for c in self.categories])

    def fallback_chain(self, id: str) -> tuple[str, ...]:
        """Input `id` and the inputs it falls back to, in turn (a value missing in one is
        taken from the next): evaluation reads the first that has one. Empty when no input
        has that id; a chain that comes back stops there."""
        by_id = self._inputs_by_id
        out: list[str] = []
        current: str | None = id
        while current is not None and current in by_id and current not in out:
            out.append(current)
            current = by_id[current].fallback
        return tuple(out)

    @functools.cached_property
    def _inputs_by_id(self) -> dict[str, Input]:
        return {i.id: i for i in self.inputs}

    @functools.cached_property
    def evaluation_order(self) -> tuple[Indicator, ...]:
        """The indicators, each after every indicator it reads (worked out once per scheme)."""
        by_code = {i.code: i for i in self.indicators}
        return tuple(by_code[name] for name in self.reads() if name in by_code)

    def reads(self, *codes: str) -> tuple[str, ...]:
        """The indicators `codes` (every indicator when none is given) and every name they read,
        directly or through other indicators: each once, options stripped (``q1:C`` reads
        ``q1``), in the order of reading, each indicator after the names it reads.

        This is the scheme's one dependency walk: the evaluation order, the check of a scheme
        file, a ranking's cut-down scheme and a row's missing inputs all read it. Indicators
        that read each other are a `SchemeValidationError` naming the cycle.
        """
        by_code = {i.code: i for i in self.indicators}
        for code in codes:
            self.indicator(code)  # UnknownNameError with close matches
        done: dict[str, None] = {}
        path: list[str] = []

        def visit(name: str) -> None:
            if name in done:
                return
            ind = by_code.get(name)
            if ind is not None:
                if name in path:
                    cycle = " -> ".join([*path[path.index(name) :], name])
                    msg = f"derived indicators form a cycle: {cycle}"
                    raise SchemeValidationError([Problem("$.indicators", msg)])
                path.append(name)
                for ref in ind.formula.references():
                    visit(split_reference(ref)[0])
                path.pop()
            done[name] = None

        for code in codes or by_code:
            visit(code)
        return tuple(done)

    @property
    def numbered(self) -> tuple[Indicator, ...]:
        """The indicators the document numbers, in order (companions left out)."""
        return tuple(i for i in self.indicators if not i.companion)


@argument('scheme', Scheme, "a Scheme (get_scheme, load_scheme)", SchemeError)
def dependency_order(scheme: Scheme) -> tuple[Indicator, ...]:
    """The indicators in an order where each comes after every indicator it reads."""
    return scheme.evaluation_order
