"""A scheme applied to a batch: the evaluator, its results, and roll-ups up the court tree."""

from courtinfo.evaluation._columns import ColumnResolver, results_env
from courtinfo.evaluation._courts import (
    SET_LABEL,
    CourtFigures,
    PeerFigures,
    court_figures,
    peer_figures,
)
from courtinfo.evaluation._evaluator import (
    INVALID_POLICIES,
    UNKNOWN_DEPARTMENTS,
    Evaluator,
    InvalidPolicy,
    as_batch,
    check_invalid_policy,
    evaluate,
)
from courtinfo.evaluation._periods import GRAINS, PeriodRollup, rollup_periods
from courtinfo.evaluation._records import RECORD_COLUMNS, reason_text
from courtinfo.evaluation._results import IndicatorColumns, InvalidRow, ResultRow, Results
from courtinfo.evaluation._rollup import SUBTREE, rollup_departments, rollup_tree
from courtinfo.evaluation._shift import comparison_period, matching_rows, week_span

__all__ = [
    "GRAINS",
    "INVALID_POLICIES",
    "RECORD_COLUMNS",
    "SET_LABEL",
    "SUBTREE",
    "UNKNOWN_DEPARTMENTS",
    "ColumnResolver",
    "CourtFigures",
    "Evaluator",
    "IndicatorColumns",
    "InvalidPolicy",
    "InvalidRow",
    "PeerFigures",
    "PeriodRollup",
    "ResultRow",
    "Results",
    "as_batch",
    "check_invalid_policy",
    "comparison_period",
    "court_figures",
    "evaluate",
    "matching_rows",
    "peer_figures",
    "reason_text",
    "results_env",
    "rollup_departments",
    "rollup_periods",
    "rollup_tree",
    "week_span",
]
