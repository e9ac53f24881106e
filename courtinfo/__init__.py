"""courtinfo: the indicators by which Chinese courts measure their informatization."""

from courtinfo._batch import COURT_LEVEL, SnapshotBatch
from courtinfo._dataset import Dataset
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
from courtinfo._evaluate import Evaluator, evaluate
from courtinfo._io import (
    dataset_from_csv,
    dataset_from_json,
    dataset_to_csv,
    dataset_to_json,
    load_dataset,
    save_dataset,
)
from courtinfo._periods import Period, PeriodKind
from courtinfo._results import ResultRow, Results
from courtinfo._rollup import SUBTREE, rollup_departments, rollup_tree
from courtinfo._rounding import round_half_up
from courtinfo._snapshots import MetricSnapshot
from courtinfo._values import Missing, Value, ValueKind
from courtinfo.indicators import get_scheme, load_scheme, schemes

__all__ = [
    "COURT_LEVEL",
    "SUBTREE",
    "CourtinfoError",
    "Dataset",
    "DuplicateSnapshotError",
    "Evaluator",
    "FormulaError",
    "InputError",
    "MetricSnapshot",
    "Missing",
    "MissingInputError",
    "OrgError",
    "Period",
    "PeriodError",
    "PeriodKind",
    "Problem",
    "RegistryError",
    "ResultRow",
    "Results",
    "SchemeError",
    "SchemeValidationError",
    "SnapshotBatch",
    "UnknownNameError",
    "ValidationError",
    "Value",
    "ValueKind",
    "dataset_from_csv",
    "dataset_from_json",
    "dataset_to_csv",
    "dataset_to_json",
    "evaluate",
    "get_scheme",
    "load_dataset",
    "load_scheme",
    "rollup_departments",
    "rollup_tree",
    "round_half_up",
    "save_dataset",
    "schemes",
]
