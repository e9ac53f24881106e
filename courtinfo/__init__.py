"""courtinfo: the indicators by which Chinese courts measure their informatization."""

from courtinfo._batch import SnapshotBatch
from courtinfo._errors import (
    CourtinfoError,
    DuplicateSnapshotError,
    FormulaError,
    InputError,
    MissingInputError,
    OrgError,
    PeriodError,
    Problem,
    RegistryError,
    SchemeError,
    SchemeValidationError,
    UnknownNameError,
    ValidationError,
)
from courtinfo._periods import Period, PeriodKind
from courtinfo._snapshots import MetricSnapshot
from courtinfo._values import Missing, Value, ValueKind

__all__ = [
    "CourtinfoError",
    "DuplicateSnapshotError",
    "FormulaError",
    "InputError",
    "Missing",
    "MetricSnapshot",
    "MissingInputError",
    "OrgError",
    "Period",
    "PeriodError",
    "PeriodKind",
    "Problem",
    "RegistryError",
    "SchemeError",
    "SchemeValidationError",
    "SnapshotBatch",
    "UnknownNameError",
    "ValidationError",
    "Value",
    "ValueKind",
]
