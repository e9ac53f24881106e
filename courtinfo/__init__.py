"""courtinfo: the indicators by which Chinese courts measure their informatization."""

from typing import TYPE_CHECKING

from courtinfo.base import lazy_face

if TYPE_CHECKING:
    from courtinfo.base import (
        CourtinfoError,
        DuplicateSnapshotError,
        FormulaError,
        FormulaValidationError,
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
        round_half_up,
    )
    from courtinfo.data import (
        COURT_LEVEL,
        Dataset,
        MetricSnapshot,
        Missing,
        SnapshotBatch,
        Value,
        ValueKind,
    )
    from courtinfo.evaluation import (
        SUBTREE,
        Evaluator,
        InvalidRow,
        PeriodRollup,
        ResultRow,
        Results,
        evaluate,
        rollup_departments,
        rollup_periods,
        rollup_tree,
    )
    from courtinfo.formulas import (
        Status,
    )
    from courtinfo.indicators import (
        get_scheme,
        load_scheme,
        schemes,
    )
    from courtinfo.io import (
        dataset_from_csv,
        dataset_from_json,
        dataset_to_csv,
        dataset_to_json,
        load_dataset,
        save_dataset,
    )
    from courtinfo.periods import (
        Period,
        PeriodKind,
    )
else:
    # Each module imported when one of its names is first used: see `lazy_face`.
    __getattr__, __dir__ = lazy_face(
        __name__,
        {
            ".base": ("CourtinfoError", "DuplicateSnapshotError", "FormulaError", "FormulaValidationError", "InputError", "MissingInputError", "OrgError", "PeriodError", "Problem", "RegistryError", "SchemeError", "SchemeValidationError", "UnknownNameError", "ValidationError", "round_half_up"),
            ".data": ("COURT_LEVEL", "Dataset", "MetricSnapshot", "Missing", "SnapshotBatch", "Value", "ValueKind"),
            ".evaluation": ("SUBTREE", "Evaluator", "InvalidRow", "PeriodRollup", "ResultRow", "Results", "evaluate", "rollup_departments", "rollup_periods", "rollup_tree"),
            ".formulas": ("Status",),
            ".indicators": ("get_scheme", "load_scheme", "schemes"),
            ".io": ("dataset_from_csv", "dataset_from_json", "dataset_to_csv", "dataset_to_json", "load_dataset", "save_dataset"),
            ".periods": ("Period", "PeriodKind"),
        },
    )

__all__ = [
    "COURT_LEVEL",
    "SUBTREE",
    "CourtinfoError",
    "Dataset",
    "DuplicateSnapshotError",
    "Evaluator",
    "FormulaError",
    "FormulaValidationError",
    "InputError",
    "InvalidRow",
    "MetricSnapshot",
    "Missing",
    "MissingInputError",
    "OrgError",
    "Period",
    "PeriodError",
    "PeriodKind",
    "PeriodRollup",
    "Problem",
    "RegistryError",
    "ResultRow",
    "Results",
    "SchemeError",
    "SchemeValidationError",
    "SnapshotBatch",
    "Status",
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
    "rollup_periods",
    "rollup_tree",
    "round_half_up",
    "save_dataset",
    "schemes",
]
