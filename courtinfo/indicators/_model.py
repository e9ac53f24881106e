"""Indicators, their inputs, and the schemes that publish them."""

from __future__ import annotations

import datetime
import enum
import functools

import attrs

from courtinfo.base import SchemeError, UnknownNameError, wrong_type
from courtinfo.data import ValueKind
from courtinfo.formulas import Formula
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


class Direction(enum.StrEnum):
    """Whether more is better."""

    HIGHER = "higher"
    LOWER = "lower"


@attrs.frozen
class Option:
    """One option of a multiple-choice question: its letter and its label."""

    letter: str
    label_zh: str


@attrs.frozen
class Input:
    """A raw value the form asks for: an identifier, a label, a kind, its place on the form.

    `question` and `blank` locate it (question 5 blank ③ is 5 and 3); `platform` marks a
    value the Supreme Court's platform supplies (以最高法院数据为准); `fallback` names the
    input used where this one is not provided.
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

    @property
    def letters(self) -> tuple[str, ...]:
        """The option letters offered (empty unless a multiple-choice input)."""
        return tuple(o.letter for o in self.options)


@attrs.frozen
class Source:
    """Where an indicator is published: the document number and its own number there."""

    document: str
    number: int | None = None
    note: str = ""


@attrs.frozen
class Measure:
    """A key measure (重点应对措施) and the departments it names."""

    text_zh: str
    departments: tuple[str, ...] = ()


@attrs.frozen
class Category:
    """A group of indicators in a scheme (审判管理类 …), with its order and maximum points."""

    code: str
    name_zh: str
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

    @property
    def label(self) -> str:
        """Number and Chinese name as the scheme lists them, e.g. '(12) 多元化解率'."""
        return f"({self.number}) {self.name_zh}" if self.number is not None else self.name_zh


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
    leading_group_size: int | None = None
    rules_zh: tuple[str, ...] = ()
    notes: str = ""

    @property
    def scored(self) -> bool:
        """Whether the scheme awards points (the national evaluation does)."""
        return self.max_points is not None

    def indicator(self, code: str) -> Indicator:
        """The indicator with this code; unknown codes suggest close matches."""
        if not isinstance(code, str):
            raise SchemeError(wrong_type("Scheme.indicator: code", "an indicator code (str)", code))
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise UnknownNameError("indicator", code, [i.code for i in self.indicators])

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

    @functools.cached_property
    def evaluation_order(self) -> tuple[Indicator, ...]:
        """The indicators, each after every indicator it reads (worked out once per scheme)."""
        return dependency_order(self)

    @property
    def numbered(self) -> tuple[Indicator, ...]:
        """The indicators the document numbers, in order (companions left out)."""
        return tuple(i for i in self.indicators if not i.companion)


def dependencies(ind: Indicator, codes: set[str]) -> list[str]:
    return [
        r
        for r in dict.fromkeys(n.partition(":")[0] for n in ind.formula.references())
        if r in codes
    ]


def dependency_order(scheme: Scheme) -> tuple[Indicator, ...]:
    """The indicators in an order where each comes after every indicator it reads."""
    codes = {i.code for i in scheme.indicators}
    by_code = {i.code: i for i in scheme.indicators}
    done: dict[str, Indicator] = {}

    def place(ind: Indicator, path: tuple[str, ...]) -> None:
        if ind.code in done:
            return
        if ind.code in path:
            msg = "derived indicators form a cycle: " + " -> ".join((*path, ind.code))
            raise SchemeError(msg)
        for dep in dependencies(ind, codes):
            place(by_code[dep], (*path, ind.code))
        done[ind.code] = ind

    for ind in scheme.indicators:
        place(ind, ())
    return tuple(done.values())
