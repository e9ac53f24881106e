"""Helpers for testing code that feeds courtinfo or reads its results.

`assert_results_equal`, `assert_batches_equal` and `assert_snapshots_equal` compare and say
how two things differ, as `numpy.testing` does for arrays; `check_adapter` checks what a
vendor's adapter makes of its inputs against a scheme; `golden` gives the expected results
of every shipped scheme on its example data. Hypothesis strategies are in
`courtinfo.testing.strategies` (the ``testing`` extra), pytest fixtures in the plug-in that
extra installs.
"""

from courtinfo.testing._adapter import AdapterReport, check_adapter
from courtinfo.testing._bad import BadInput
from courtinfo.testing._compare import (
    ExpectedResults,
    assert_batches_equal,
    assert_results_equal,
    assert_snapshots_equal,
)
from courtinfo.testing._golden import REGENERATE, Golden, GoldenCase, golden, synthetic_dataset

__all__ = [
    "REGENERATE",
    "AdapterReport",
    "BadInput",
    "ExpectedResults",
    "Golden",
    "GoldenCase",
    "assert_batches_equal",
    "assert_results_equal",
    "assert_snapshots_equal",
    "check_adapter",
    "golden",
    "synthetic_dataset",
]
