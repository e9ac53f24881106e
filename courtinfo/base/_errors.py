"""The exception hierarchy: every error the library raises is a `CourtinfoError`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import ClassVar

import attrs


class CourtinfoError(Exception):
    """Base of every error courtinfo raises on purpose."""


class InputError(CourtinfoError, ValueError):
    """A snapshot value, a column or a data file is wrong."""


class PeriodError(CourtinfoError, ValueError):
    """A period string or span is malformed or impossible."""


class OrgError(CourtinfoError, ValueError):
    """The court tree or a department is inconsistent (cycle, duplicate, impossible parent)."""


class SchemeError(CourtinfoError, ValueError):
    """A scheme file or scheme object is invalid."""


class FormulaError(CourtinfoError, ValueError):
    """A formula is misdeclared, or its inputs break its rule."""


class RegistryError(CourtinfoError, LookupError):
    """A formula name is registered twice."""


def close_matches(name: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Names from `choices` that look like `name`, best first (none for a name that is no str)."""
    if not isinstance(name, str):
        return []
    names = [c for c in choices if isinstance(c, str)]
    return difflib.get_close_matches(name, names, n=n, cutoff=0.6)


def shorten(text: str, limit: int = 60) -> str:
    """`text` cut to `limit` characters, with '...' where it was cut, for messages."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def shown(value: object, limit: int = 60) -> str:
    """`repr(value)`, cut to `limit` characters for messages."""
    return shorten(repr(value), limit)


def wrong_type(argument: str, expected: str, value: object) -> str:
    """'ARGUMENT must be EXPECTED; got VALUE of type T': the message for an ill-typed argument."""
    return f"{argument} must be {expected}; got {shown(value)} of type {type(value).__name__}"


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """A '; did you mean ...?' suffix, or '' when nothing is close."""
    matches = close_matches(name, choices)
    if not matches:
        return ""
    return "; did you mean " + " or ".join(repr(m) for m in matches) + "?"


class UnknownNameError(CourtinfoError, LookupError):
    """A name (input, indicator, court, department, scheme, formula) is not known."""

    def __init__(self, kind: str, name: str, choices: Iterable[str] = ()) -> None:
        self.kind = kind
        self.name = name
        known = list(choices)
        self.suggestions = close_matches(name, known)
        if isinstance(name, str):
            msg = f"unknown {kind} {name!r}{did_you_mean(name, known)}"
        else:
            msg = (
                f"unknown {kind} {shown(name)} of type {type(name).__name__}: {kind} names are str"
            )
        super().__init__(msg)


@attrs.frozen
class Problem:
    """One thing wrong, at a path such as ``$.snapshots[3].values.recorded_hearings``."""

    path: str
    message: str

    def __attrs_post_init__(self) -> None:
        for name in ("path", "message"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise InputError(wrong_type(f"Problem: {name}", "a str", value))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ValidationError(InputError):
    """Several problems found in one document; all of them, not just the first.

    `problems` keeps them, each with its path; the message is rendered from them here and
    nowhere else, so a caller that wants them reads `problems`, never the text.
    """

    #: What the problems are of, leading the message ('invalid court tree'); '' for none.
    title: ClassVar[str] = ""

    def __init__(self, problems: Sequence[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        head = f"{source}: " if source else ""
        if len(self.problems) == 1:
            title = f"{self.title}: " if self.title else ""
            msg = f"{head}{title}{self.problems[0]}"
        else:
            title = f"{self.title}, " if self.title else ""
            lines = "\n".join(f"  {p}" for p in self.problems)
            msg = f"{head}{title}{len(self.problems)} problems:\n{lines}"
        super().__init__(msg)


class DuplicateSnapshotError(ValidationError):
    """Snapshots that share court, department and period; `problems` names each pair."""


class MissingInputError(ValidationError):
    """Strict evaluation met missing inputs; `problems` names each indicator and row."""


class SchemeValidationError(ValidationError, SchemeError):
    """A scheme document has one or more problems."""


class FormulaValidationError(ValidationError, FormulaError):
    """A formula given a parameter of the wrong type or value: the problem's path is the
    parameter (`numerator`, `components[1]`) and `source` the formula class, so a scheme
    file's loader places it under the formula's own path."""
