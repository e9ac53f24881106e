"""Evaluation beyond one process: a scheme over a dask DataFrame or a Parquet dataset.

    import courtinfo.dask
    frame = courtinfo.dask.evaluate("weekly/", scheme, courts=tree, departments=departments)
    frame.to_parquet("results/")            # or courtinfo.dask.evaluate(..., output="results/")

**The partition rule.** Peer groups are the courts under one parent in one period; so that
none crosses a partition, each court's *region* is its ancestor just below the root of the
tree (its high court, under the Supreme People's Court), and every (region, period) must lie
in one partition: partition by high-court subtree and year, or by period. The rows of the
root and of the regions themselves (the high courts and the Supreme Court), whose peers are
in every partition, are evaluated in a small second step, all together. The rule is checked
on the input's label columns before anything is evaluated; a (region, period) found in two
partitions is refused, naming both.

**Memory.** A first pass reads each partition (for Parquet files, only their label columns
and the rows of roots and regions) and keeps only what is small: the (region, period) keys,
the roots' and regions' rows, and for roll-ups one partial sum per region and period. The
evaluation then reads each partition again in a task of its own, so that a partition's data
and results are freed as soon as they are written (or reduced), whatever the scheduler does
next: peak memory grows with the partitions' size and the number of workers, not with the
number of partitions.

Each partition becomes a `SnapshotBatch` (through Arrow: dictionary labels, numbers without
copies) and goes through one `Evaluator`. Pooled sums are taken in a canonical order
(`courtinfo.data.group_sums`), so the result equals the single-process one bit for bit,
whatever the scheduler, the thread count or the order of the rows. The result is a dask
DataFrame with one row per court, department and period: ``court``, ``department``,
``period``, then ``value:<indicator>`` (NaN where there is no value) and ``status:<indicator>``
(`Status` codes: 0 OK, 1 not provided, 2 zero denominator, 3 no capability, 4 invalid input
with `invalid="flag"`) per indicator.
`rollup_tree` does the same for the court tree's roll-up (`courtinfo.rollup_tree`).

Needs the ``dask`` extra: ``pip install "courtinfo[dask]"``. To run on a cluster, create a
``dask.distributed.Client`` first; dask then sends the partitions to its workers.
"""

from courtinfo.dask._evaluate import evaluate, results_frame
from courtinfo.dask._partitions import batch_frame, regions
from courtinfo.dask._rollup import rollup_tree

__all__ = ["batch_frame", "evaluate", "regions", "results_frame", "rollup_tree"]
