"""A scheme applied to a batch: the evaluator, its results, and roll-ups up the court tree."""

from courtinfo.evaluation._evaluator import Evaluator, evaluate
from courtinfo.evaluation._periods import GRAINS, PeriodRollup, rollup_periods
from courtinfo.evaluation._results import (
    RECORD_COLUMNS,
    IndicatorColumns,
    ResultRow,
    Results,
    reason_text,
)
from courtinfo.evaluation._rollup import SUBTREE, rollup_departments, rollup_tree
from courtinfo.evaluation._shift import comparison_period, matching_rows, week_span

__all__ = [
    "GRAINS",
    "RECORD_COLUMNS",
    "SUBTREE",
    "Evaluator",
    "IndicatorColumns",
    "PeriodRollup",
    "ResultRow",
    "Results",
    "comparison_period",
    "evaluate",
    "matching_rows",
    "reason_text",
    "rollup_departments",
    "rollup_periods",
    "rollup_tree",
    "week_span",
]
