"""A scheme applied to a batch: the evaluator, its results, and roll-ups up the court tree."""

from courtinfo.evaluation._evaluator import Evaluator, evaluate
from courtinfo.evaluation._results import RECORD_COLUMNS, ResultRow, Results
from courtinfo.evaluation._rollup import SUBTREE, rollup_departments, rollup_tree

__all__ = [
    "RECORD_COLUMNS",
    "SUBTREE",
    "Evaluator",
    "ResultRow",
    "Results",
    "evaluate",
    "rollup_departments",
    "rollup_tree",
]
