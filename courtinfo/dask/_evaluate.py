"""`evaluate`: a scheme over every partition, the cross-partition rows in a second step."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from courtinfo.base import SchemeError
from courtinfo.dask._partitions import Job, Source, dask_module, write_parquet
from courtinfo.data import SnapshotBatch
from courtinfo.evaluation import Evaluator, InvalidPolicy, Results, check_invalid_policy
from courtinfo.formulas import split_reference
from courtinfo.indicators import Scheme
from courtinfo.org import CourtTree, Department


def results_frame(results: Results) -> Any:
    """`results` as a pandas DataFrame: one row per batch row, ``value:`` and ``status:``
    columns per indicator (see the package's notes)."""
    pd = dask_module("pandas")
    batch = results.batch
    data: dict[str, Any] = {
        "court": pd.Categorical.from_codes(batch.court_index, list(batch.courts)),
        "department": pd.Categorical.from_codes(batch.department_index, list(batch.departments)),
        "period": pd.Categorical.from_codes(batch.period_index, [str(p) for p in batch.periods]),
    }
    for ind in results.scheme.indicators:
        data[f"value:{ind.code}"] = results.values[ind.code]
        data[f"status:{ind.code}"] = results.statuses[ind.code]
    return pd.DataFrame(data, copy=False)


class _Evaluate(Job):
    """A `Job` that evaluates: one `Evaluator` for every partition and period group."""

    def __init__(
        self,
        scheme: Scheme,
        tree: CourtTree,
        departments: Sequence[Department],
        invalid: InvalidPolicy = "raise",
    ) -> None:
        super().__init__(tree, {i.id: i.kind for i in scheme.inputs}, scheme.signed_inputs)
        self.scheme = scheme
        self.evaluator = Evaluator(scheme, courts=tree, departments=departments, invalid=invalid)

    def empty(self) -> Any:
        pd = dask_module("pandas")
        data: dict[str, Any] = {k: pd.Categorical([]) for k in ("court", "department", "period")}
        for ind in self.scheme.indicators:
            data[f"value:{ind.code}"] = np.zeros(0, dtype=np.float64)
            data[f"status:{ind.code}"] = np.zeros(0, dtype=np.uint8)
        return pd.DataFrame(data)

    def own_step(self, own: SnapshotBatch) -> tuple[Any, Any]:
        return results_frame(self.evaluator(own)), None

    def group_step(self, batch: SnapshotBatch) -> Any:
        return results_frame(self.evaluator(batch))


def refuse_other_periods(scheme: Scheme) -> None:
    """Refuse a scheme whose formulas read another period (``x@previous``, ``x@year_ago``).

    Partitions split periods (by year, or by period), so the earlier period may lie in another
    partition, and the row would read as not provided where one process finds a value.
    """
    reading = [
        f"{ind.code} ({ref})"
        for ind in scheme.indicators
        for ref in ind.formula.references()
        if split_reference(ref)[2] is not None
    ]
    if reading:
        msg = (
            f"courtinfo.dask.evaluate: scheme {scheme.code!r} has indicators reading another "
            f"period: {', '.join(reading)}; partitions split periods, so the earlier period may "
            "lie in another partition; evaluate this scheme in one process (courtinfo.evaluate)"
        )
        raise SchemeError(msg)


def evaluate(
    source: Any,
    scheme: Scheme,
    *,
    courts: CourtTree,
    departments: Sequence[Department] = (),
    output: str | Path | None = None,
    check: bool = True,
    invalid: InvalidPolicy = "raise",
) -> Any:
    """`scheme` evaluated over every partition of `source`; see the package's notes.

    `source` is a dask DataFrame or the path of a Parquet file or directory (each file a
    partition) laid out as CSV files are. Returns a dask DataFrame of results; with `output`
    (a directory that does not exist yet or is empty), writes them there as a Parquet
    dataset, partition by partition, and returns None. With `check` (the default) the
    partition rule is verified: for Parquet before anything is evaluated, for a dask
    DataFrame (computed once) when the result is computed.
    `invalid` is as for `courtinfo.evaluate`: with "flag", a row breaking a rule has the status
    `Status.INVALID` where it breaks, and is left out of its partition's peer pools.
    """
    check_invalid_policy(invalid, "courtinfo.dask.evaluate")
    refuse_other_periods(scheme)
    frame = Source(source).frame_of(_Evaluate(scheme, courts, departments, invalid), check)
    if output is None:
        return frame
    write_parquet(frame, output)
    return None
