"""The data model: values, snapshots, batches of snapshots as columns, datasets."""

from courtinfo.data._batch import SnapshotBatch
from courtinfo.data._cells import (
    COURT_LEVEL,
    LABEL_COLUMNS,
    PLATFORM_PREFIX,
    TEXT_PREFIX,
    Column,
    TextColumn,
    column_problems,
)
from courtinfo.data._dataset import BatchSnapshots, Dataset
from courtinfo.data._labels import LabelKind, label_problem, normalize_label, normalize_labels
from courtinfo.data._snapshots import MetricSnapshot, text_problem
from courtinfo.data._sums import group_sums
from courtinfo.data._values import (
    KIND_NOUN,
    KIND_RULE,
    MAX_COUNT,
    YES_WORDS,
    BoolArray,
    FloatArray,
    IntArray,
    Missing,
    Value,
    ValueKind,
    cell_rules,
    choice_mask,
    exact_float,
    from_float,
    kind_of,
    normalize_value,
    to_float,
    value_problem,
)

__all__ = [
    "COURT_LEVEL",
    "KIND_NOUN",
    "KIND_RULE",
    "LABEL_COLUMNS",
    "MAX_COUNT",
    "PLATFORM_PREFIX",
    "TEXT_PREFIX",
    "YES_WORDS",
    "BatchSnapshots",
    "BoolArray",
    "Column",
    "Dataset",
    "FloatArray",
    "IntArray",
    "LabelKind",
    "MetricSnapshot",
    "Missing",
    "SnapshotBatch",
    "TextColumn",
    "Value",
    "ValueKind",
    "cell_rules",
    "choice_mask",
    "column_problems",
    "exact_float",
    "from_float",
    "group_sums",
    "kind_of",
    "label_problem",
    "normalize_label",
    "normalize_labels",
    "normalize_value",
    "text_problem",
    "to_float",
    "value_problem",
]
