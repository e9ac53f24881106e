"""courtinfo.dask equals the single-process evaluation bit for bit.

Three provinces over two years (generated: courtinfo.synthetic), written as one Parquet file
per high-court subtree and year, rows in reverse order within each file; evaluated with dask's
synchronous and threaded schedulers, from the files and from a dask DataFrame.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

dask = pytest.importorskip("dask", reason='dask: pip install "courtinfo[dask]"')
dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")

import courtinfo.dask as cd  # noqa: E402
from courtinfo import ValidationError, evaluate, get_scheme  # noqa: E402
from courtinfo.synthetic import Synthetic  # noqa: E402

SCHEME = get_scheme("shanghai-2022")
KEY = ["court", "department", "period"]


@pytest.fixture(scope="module")
def single(data: Synthetic) -> Any:
    results = evaluate(SCHEME, data.batch, courts=data.tree, departments=data.departments)
    return ordered(cd.results_frame(results))


def ordered(frame: Any) -> Any:
    frame = frame.astype({k: str for k in KEY})
    return frame.sort_values(KEY).reset_index(drop=True)


def same_bits(got: Any, expected: Any) -> None:
    assert list(got.columns) == list(expected.columns)
    # Every court (SPC, 3 high, their intermediate and basic courts) x 4 departments x 6 weeks.
    assert len(got) == len(expected) == 528
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    for col in got.columns:
        if col.startswith("value:"):
            a, b = got[col].to_numpy(), expected[col].to_numpy()
            # Bit for bit where there is a value (NaN's own bits may change in Parquet).
            assert (np.isnan(a) == np.isnan(b)).all(), col
            assert a[~np.isnan(a)].tobytes() == b[~np.isnan(b)].tobytes(), col


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
def test_parquet_dataset_equals_single_process(
    data: Synthetic, files: Path, single: Any, scheduler: str
) -> None:
    assert len(list(files.glob("*.parquet"))) == 8  # 3 provinces and the SPC x 2 years
    with dask.config.set(scheduler=scheduler):
        frame = cd.evaluate(files, SCHEME, courts=data.tree, departments=data.departments)
        got = ordered(frame.compute())
    same_bits(got, single)
    # The peer-relative indicator over online hours (a measure) has values to compare.
    assert np.isfinite(got["value:mobile_enforcement_rate"]).sum() > 100


def test_dask_dataframe_and_parquet_output(
    data: Synthetic, files: Path, single: Any, tmp_path: Path
) -> None:
    paths = sorted(files.glob("*.parquet"))
    source = dd.from_map(lambda p: pq.read_table(p).to_pandas(), paths)
    with dask.config.set(scheduler="threads"):
        cd.evaluate(
            source, SCHEME, courts=data.tree, departments=data.departments, output=tmp_path / "out"
        )
    got = ordered(pd.read_parquet(tmp_path / "out"))
    same_bits(got, single)


def test_partitions_that_split_a_peer_group_are_refused(
    data: Synthetic, files: Path, tmp_path: Path
) -> None:
    frame = pd.concat([pq.read_table(p).to_pandas() for p in sorted(files.glob("*.parquet"))])
    shuffled = frame.sample(frac=1.0, random_state=1).reset_index(drop=True)
    source = dd.from_pandas(shuffled, npartitions=3)
    # A dask DataFrame is computed once: the rule is checked when the result is computed.
    frame = cd.evaluate(source, SCHEME, courts=data.tree, departments=data.departments)
    with pytest.raises(
        ValidationError,
        match=r"partition 1: region '\d+', period 202\d-W0\d is also in partition 0",
    ):
        frame.compute(scheduler="synchronous")
    # A Parquet dataset is checked on its label columns before anything is evaluated.
    for k in range(3):
        shuffled.iloc[k::3].to_parquet(tmp_path / f"{k}.parquet")
    with pytest.raises(ValidationError, match=r"partition 1: region .* is also in partition 0"):
        cd.evaluate(tmp_path, SCHEME, courts=data.tree, departments=data.departments)


def test_invalid_flag_through_dask_equals_one_process() -> None:
    from courtinfo import InputError, Status
    from tests import national

    tree = national.tree()
    source = dd.from_pandas(national.batch().to_arrow().to_pandas(), npartitions=1)
    with dask.config.set(scheduler="synchronous"):
        with pytest.raises(ValidationError, match="e_seal_cases=12, cases_in_hand=10"):
            cd.evaluate(source, SCHEME, courts=tree).compute()
        got = ordered(cd.evaluate(source, SCHEME, courts=tree, invalid="flag").compute())
    one = evaluate(SCHEME, national.batch(), courts=tree, invalid="flag")
    pd.testing.assert_frame_equal(got, ordered(cd.results_frame(one)), check_exact=True)
    bad = (got["court"] == "b") & (got["department"] == "执行局")
    assert got.loc[bad, "status:e_seal_rate"].tolist() == [Status.INVALID]
    a = (got["court"] == "a") & (got["department"] == "执行局")
    # a's 移动执行使用率 against the pool without b (see tests/national.py).
    assert got.loc[a, "value:mobile_enforcement_rate"].tolist() == pytest.approx([0.625], abs=1e-15)
    with pytest.raises(InputError, match=r"courtinfo\.dask\.evaluate: invalid must be 'raise'"):
        cd.evaluate(source, SCHEME, courts=tree, invalid="drop")  # type: ignore[arg-type]


def test_a_dask_dataframe_is_computed_once(data: Synthetic, files: Path, single: Any) -> None:
    """Each partition of a dask DataFrame is computed once, for the rule, the first step and
    the second step together; counted in a real dask graph by the function that makes it."""
    paths = sorted(files.glob("*.parquet"))
    calls: list[str] = []

    def load(path: Path) -> Any:
        calls.append(path.name)
        return pq.read_table(path).to_pandas()

    meta = pq.read_table(paths[0]).to_pandas().iloc[:0]
    source = dd.from_delayed([dask.delayed(load)(p) for p in paths], meta=meta, verify_meta=False)
    with dask.config.set(scheduler="threads"):
        got = ordered(
            cd.evaluate(source, SCHEME, courts=data.tree, departments=data.departments).compute()
        )
    same_bits(got, single)
    assert sorted(calls) == [p.name for p in paths]  # 8 partitions, each computed once
    calls.clear()
    with dask.config.set(scheduler="threads"):
        rolled = cd.rollup_tree(source, courts=data.tree, scheme=SCHEME).compute()
    assert len(rolled) == 132  # 22 courts x 6 weeks (tests/dask/test_rollup.py)
    assert sorted(calls) == [p.name for p in paths]


def test_a_scheme_reading_another_period_is_refused(data: Synthetic, files: Path) -> None:
    from courtinfo import SchemeError, load_scheme

    rules = load_scheme(Path(__file__).parents[1] / "testing" / "data" / "cross-rules.toml")
    # Partitions split periods: filed@previous of a year's first week is in another partition.
    with pytest.raises(
        SchemeError,
        match=r"indicators reading another period: filed_vs_last_week \(filed@previous\)",
    ):
        cd.evaluate(files, rules, courts=data.tree, departments=data.departments)
    assert cd.evaluate(files, SCHEME, courts=data.tree, departments=data.departments) is not None
