"""The columns a scheme's formulas read from one batch, resolved by name."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from courtinfo.base import InputError, wrong_type
from courtinfo.data import FloatArray, IntArray, SnapshotBatch
from courtinfo.evaluation._results import Results
from courtinfo.evaluation._rows import court_levels, peer_groups
from courtinfo.evaluation._shift import matching_rows
from courtinfo.formulas import Env, Status, StatusArray, nans, split_reference
from courtinfo.indicators import Input


class ColumnResolver:
    """What a formula reads by name from one batch (`value` and `status`, an `Env`'s lookup
    and status_of): the one definition of how a name becomes a column.

    An input is its effective column (platform figures where supplied, else the court's),
    filled from its fallback input where it has none, and all NaN when the batch lacks it;
    ``x@previous`` / ``x@year_ago`` is x in the row of the same court and department in the
    comparison period (NaN, not provided, where that row is absent); a computed indicator is
    what its caller put in `values` and `statuses`. Each column is built once and kept in
    `values` (and shifted statuses in `statuses`), for this batch only.

    `inputs` maps the scheme's input ids to their `Input` (for fallbacks). `values` and
    `statuses` are the dicts computed indicators are written to (an evaluator fills them as
    it goes); the resolver writes the columns it builds into them too, so pass copies of
    anything that must stay as it is. A resolver holds no reference to itself (methods, not a
    closure naming itself): dropping it frees the batch at once, without waiting for the
    cyclic garbage collector.
    """

    __slots__ = ("_inputs", "_matches", "batch", "statuses", "values")

    def __init__(
        self,
        batch: SnapshotBatch,
        inputs: Mapping[str, Input],
        values: dict[str, FloatArray] | None = None,
        statuses: dict[str, StatusArray] | None = None,
    ) -> None:
        if not isinstance(batch, SnapshotBatch):
            raise InputError(wrong_type("ColumnResolver: batch", "a SnapshotBatch", batch))
        self.batch = batch
        self._inputs = inputs
        self.values: dict[str, FloatArray] = {} if values is None else values
        self.statuses: dict[str, StatusArray] = {} if statuses is None else statuses
        self._matches: dict[str, IntArray] = {}

    def earlier_rows(self, shift: str) -> IntArray:
        """`matching_rows(batch, shift)`, worked out once per shift."""
        rows = self._matches.get(shift)
        if rows is None:
            rows = self._matches[shift] = matching_rows(self.batch, shift)
        return rows

    def value(self, name: str) -> FloatArray:
        """The float column of an input, a computed indicator or either of them in an earlier
        period (NaN where not provided)."""
        values = self.values
        if name in values:
            return values[name]
        # Only ``x@shift`` names are split: a snapshot's formulas read a dozen plain names.
        base, _, shift = split_reference(name) if "@" in name else (name, "", None)
        if shift is not None:
            # The same court and department in an earlier period; NaN where it is absent.
            rows, source = self.earlier_rows(shift), self.value(base)
            col = np.where(rows >= 0, source[np.maximum(rows, 0)], np.nan)
        else:
            own = self.batch.effective(name)
            inp = self._inputs.get(name)
            if inp is not None and inp.fallback is not None:
                other = self.value(inp.fallback)
                own = other if own is None else np.where(np.isnan(own), other, own)
            col = nans(len(self.batch)) if own is None else own
        # Kept for this batch only: a column read by several indicators is built once.
        values[name] = col
        return col

    def status(self, name: str) -> StatusArray:
        """The status column of `name`: a computed indicator's own (not provided where its
        earlier-period row is absent), else whether the value is NaN (not provided)."""
        statuses = self.statuses
        if name in statuses:
            return statuses[name]
        base, _, shift = split_reference(name) if "@" in name else (name, "", None)
        if shift is not None and base in statuses:
            rows = self.earlier_rows(shift)
            status = np.where(
                rows >= 0, statuses[base][np.maximum(rows, 0)], Status.NOT_PROVIDED
            ).astype(np.uint8)
            statuses[name] = status
            return status
        return np.isnan(self.value(name)).view(np.uint8)


def results_env(results: Results) -> Env:
    """What formulas read over the rows of `results`, as evaluation read it: the batch's
    inputs as `ColumnResolver` reads them, the indicators as computed (copies: the results
    stay as they are), peer groups and court levels from the results' court tree, and the
    rows flagged invalid out of every peer pool. For checking rows against a formula after
    evaluation, or working out one row's figures in an explanation."""
    scheme, batch, tree = results.scheme, results.batch, results.courts
    columns = ColumnResolver(
        batch, {i.id: i for i in scheme.inputs}, dict(results.values), dict(results.statuses)
    )
    return Env(
        len(batch),
        columns.value,
        columns.status,
        peer_groups(batch, tree),
        court_levels(batch, tree),
        computed=frozenset(results.statuses),
        nonnegative=True,
        signed=frozenset(i.id for i in scheme.inputs if i.signed),
        unpooled=results.invalid_rows if results.invalid else None,
    )
