"""courtinfo.dask.rollup_tree equals courtinfo.rollup_tree bit for bit, and so does evaluating
its rows; with dask's synchronous and threaded schedulers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

dask = pytest.importorskip("dask", reason='dask: pip install "courtinfo[dask]"')
pd = pytest.importorskip("pandas")

import courtinfo.dask as cd  # noqa: E402
from courtinfo import SUBTREE, InputError, evaluate, get_scheme, rollup_tree  # noqa: E402
from courtinfo.synthetic import Synthetic  # noqa: E402

SCHEME = get_scheme("shanghai-2022")
KEY = ["court", "department", "period"]


def ordered(frame: Any) -> Any:
    frame = frame.astype({k: str for k in KEY})
    return frame.sort_values(KEY).reset_index(drop=True)


def same_bits(got: Any, want: Any) -> None:
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    pd.testing.assert_frame_equal(got, want, check_exact=True, check_categorical=False)
    for col in got.columns[3:]:
        a, b = got[col].to_numpy(), want[col].to_numpy()
        assert (np.isnan(a) == np.isnan(b)).all(), col
        assert a[~np.isnan(a)].tobytes() == b[~np.isnan(b)].tobytes(), col


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
@pytest.mark.parametrize("missing", ["propagate", "skip"])
def test_rollup_equals_single_process(
    data: Synthetic, files: Path, scheduler: str, missing: str
) -> None:
    want = ordered(cd.batch_frame(rollup_tree(data.batch, data.tree, missing=missing)))  # type: ignore[arg-type]
    with dask.config.set(scheduler=scheduler):
        frame = cd.rollup_tree(files, courts=data.tree, missing=missing, scheme=SCHEME)
        # 8 files, then the high courts' and national rows of each year (2021, 2022).
        assert frame.npartitions == 10
        got = ordered(frame.compute())
    # 22 courts (the SPC, 3 high courts, 6 intermediate and 12 basic) x 6 weeks.
    assert len(got) == 132 and set(got["department"]) == {SUBTREE}
    same_bits(got, want)
    # The national row of a week sums every department-week of that week (counts: exact).
    week = data.batch.period_index == 0
    national = got[(got["court"] == data.tree.codes[0]) & (got["period"] == "2021-W01")]
    total = data.batch.columns["hearings"][week]
    expected = float(total.sum()) if missing == "propagate" else float(np.nansum(total))
    if missing == "skip" or not np.isnan(total).any():
        assert national["hearings"].iloc[0] == expected


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
def test_evaluating_the_rollup_equals_single_process(
    data: Synthetic, files: Path, scheduler: str
) -> None:
    rolled = rollup_tree(data.batch, data.tree)
    want = ordered(cd.results_frame(evaluate(SCHEME, rolled, courts=data.tree)))
    with dask.config.set(scheduler=scheduler):
        source = cd.rollup_tree(files, courts=data.tree, scheme=SCHEME)
        got = ordered(cd.evaluate(source, SCHEME, courts=data.tree).compute())
    assert len(got) == 132
    pd.testing.assert_frame_equal(got, want, check_exact=True, check_categorical=False)
    for col in got.columns:
        if col.startswith("value:"):
            a, b = got[col].to_numpy(), want[col].to_numpy()
            assert a[~np.isnan(a)].tobytes() == b[~np.isnan(b)].tobytes(), col
    # The peer-relative indicator compares the high courts with one another: it has values.
    high = got["court"].isin([c.code for c in data.tree.children(data.tree.codes[0])])
    assert np.isfinite(got.loc[high, "value:mobile_enforcement_rate"]).sum() > 0


def test_rollup_written_as_parquet(data: Synthetic, files: Path, tmp_path: Path) -> None:
    out = tmp_path / "rolled"
    cd.rollup_tree(files, courts=data.tree, scheme=SCHEME, output=out)
    got = ordered(pd.read_parquet(out))
    want = ordered(cd.batch_frame(rollup_tree(data.batch, data.tree)))
    same_bits(got, want)
    with pytest.raises(InputError, match="exists and is not an empty directory"):
        cd.rollup_tree(files, courts=data.tree, scheme=SCHEME, output=out)
    with pytest.raises(InputError, match="missing must be 'propagate' or 'skip', not 'all'"):
        cd.rollup_tree(files, courts=data.tree, missing="all")
