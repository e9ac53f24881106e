"""Evaluation beyond one process: a scheme over a dask DataFrame or a Parquet dataset.

    import courtinfo.dask
    frame = courtinfo.dask.evaluate("weekly/", scheme, courts=tree, departments=departments)
    frame.to_parquet("results/")            # or courtinfo.dask.evaluate(..., output="results/")

**The partition rule.** Peer groups are the courts under one parent in one period; so that
none crosses a partition, each court's *region* is its ancestor just below the root of the
tree (its high court, under the Supreme People's Court), and every (region, period) must lie
in one partition: partition by high-court subtree and year, or by period. The rows of the
root and of the regions themselves (the high courts and the Supreme Court), whose peers are
in every partition, are evaluated in a small second step, one period group (the periods of
one year) at a time. The rule is checked on the input's label columns: for a Parquet dataset
before anything is evaluated, for a dask DataFrame (computed only once) when the result is
computed; a (region, period) found in two partitions is refused, naming both.
A scheme whose formulas read another period (``x@previous``, ``x@year_ago``: 环比, 同比) is
refused, naming the indicators: the earlier period may lie in another partition.

**Memory.** Each partition is read (or computed) once, by a task of its own that evaluates
(or rolls up) its rows and keeps for the second step only what is small: its (region, period)
keys, its rows of roots and regions, and for roll-ups one partial sum per region and period.
A partition's data and results are freed as soon as they are written (or reduced), and each
year's second step as soon as it is done: peak memory grows with the partitions' size and
the number of workers, not with the number of partitions or of years. (Of a dask DataFrame,
whose years are known only once computed, the roots' and regions' rows wait until every
partition is done.)

Each partition becomes a `SnapshotBatch` (through Arrow: dictionary labels, numbers without
copies; the scheme's kinds and signed inputs, as every reader takes them) and goes through
one `Evaluator`. Pooled sums are taken in a canonical order
(`courtinfo.data.group_sums`), so the result equals the single-process one bit for bit,
whatever the scheduler, the thread count or the order of the rows. The result is a dask
DataFrame with one row per court, department and period: ``court``, ``department``,
``period``, then ``value:<indicator>`` (NaN where there is no value) and ``status:<indicator>``
(`Status` codes: 0 OK, 1 not provided, 2 zero denominator, 3 no capability, 4 category
absent, 5 invalid input with `invalid="flag"`) per indicator.
`rollup_tree` does the same for the court tree's roll-up (`courtinfo.rollup_tree`).

Needs the ``dask`` extra: ``pip install "courtinfo[dask]"``. To run on a cluster, create a
``dask.distributed.Client`` first; dask then sends the partitions to its workers.
"""

from courtinfo.dask._evaluate import evaluate, results_frame
from courtinfo.dask._partitions import batch_frame, regions
from courtinfo.dask._rollup import rollup_tree

__all__ = ["batch_frame", "evaluate", "regions", "results_frame", "rollup_tree"]
