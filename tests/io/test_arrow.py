"""Arrow tables and Parquet files: exact round trips of labels, values, NA, platform values
and texts; dictionary labels used as they are; numbers without copies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pa = pytest.importorskip("pyarrow", reason='pyarrow: pip install "courtinfo[arrow]"')
pq = pytest.importorskip("pyarrow.parquet")

from courtinfo import (  # noqa: E402
    InputError,
    MetricSnapshot,
    Period,
    SnapshotBatch,
    ValidationError,
    evaluate,
    get_scheme,
    load_dataset,
    save_dataset,
)
from courtinfo.io import read_parquet, write_parquet  # noqa: E402
from courtinfo.synthetic import generate  # noqa: E402

ROOT = Path(__file__).parents[2]
CHANGQING = ROOT / "examples" / "data" / "changqing-2019.json"
JIADING = ROOT / "examples" / "data" / "jiading-2022.json"


def same_batch(a: SnapshotBatch, b: SnapshotBatch) -> None:
    assert a.to_snapshots() == b.to_snapshots()
    assert dict(a.kinds) == dict(b.kinds)
    for field in ("columns", "platform"):
        left, right = getattr(a, field), getattr(b, field)
        assert left.keys() == right.keys()
        for name in left:
            assert (
                np.asarray(left[name], dtype=np.float64).tobytes()
                == np.asarray(right[name], dtype=np.float64).tobytes()
            ), name
    assert {k: v.tolist() for k, v in a.texts.items()} == {
        k: v.tolist() for k, v in b.texts.items()
    }


def test_changqing_form_round_trips_exactly() -> None:
    # Every kind of answer: choices (q1 bit masks), yes/no, counts, measures, a text (q32②).
    batch = load_dataset(CHANGQING).batch()
    table = batch.to_arrow()
    assert table.schema.field("q1").type == pa.int64()
    assert table.schema.field("q2_1").type == pa.bool_()
    assert table.schema.field("q31_1").type == pa.float64()
    assert table.column("text:q32_2").to_pylist() == batch.texts["q32_2"].tolist()
    same_batch(SnapshotBatch.from_arrow(table), batch)


def test_generated_data_with_platform_values_and_gaps_round_trip(tmp_path: Path) -> None:
    spc = get_scheme("spc-2019")
    data = generate(spc, provinces=1, cities_per_province=2, basic_per_city=2, missing=0.05)
    batch = data.batch
    assert batch.platform and any(np.isnan(c).any() for c in batch.columns.values())
    table = batch.to_arrow()
    nans = sum(int(np.isnan(c).sum()) for c in batch.columns.values())
    nulls = sum(table.column(n).null_count for n in batch.columns)
    assert nulls == nans > 0  # NA as null, cell for cell
    same_batch(SnapshotBatch.from_arrow(table), batch)
    path = tmp_path / "spc.parquet"
    write_parquet(batch, path)
    same_batch(read_parquet(path), batch)
    a = evaluate(spc, batch, courts=data.tree)
    b = evaluate(spc, read_parquet(path), courts=data.tree)
    for code in a.values:
        assert a.values[code].tobytes() == b.values[code].tobytes()


def test_dictionary_labels_are_used_without_sorting() -> None:
    court = pa.DictionaryArray.from_arrays(
        pa.array([0, 1, 0, 1], type=pa.int32()), pa.array(["yuhuan", "jiading"])
    )
    period = pa.DictionaryArray.from_arrays(
        pa.array([0, 0, 1, 1], type=pa.int32()), pa.array(["2022-W21", "2022年第20周"])
    )
    dept = pa.DictionaryArray.from_arrays(
        pa.array([0, 0, 0, None], type=pa.int32()), pa.array(["立案庭 "])
    )
    hours = pa.array([1.5, 2.25, 3.0, 4.0])
    table = pa.table({"court": court, "department": dept, "period": period, "hours": hours})
    batch = SnapshotBatch.from_arrow(table)
    assert batch.courts == ("yuhuan", "jiading")  # the dictionary's order, not sorted
    assert batch.court_index.tolist() == [0, 1, 0, 1]
    assert [str(p) for p in batch.periods] == ["2022-W21", "2022-W20"]
    assert batch.departments == ("立案庭", "")  # normalised; a null is the court level
    assert batch.department_of(3) is None
    # float64 without nulls: the batch reads Arrow's buffer, no copy.
    assert np.shares_memory(batch.columns["hours"], table.column("hours").chunk(0).to_numpy())
    assert batch.columns["hours"].tolist() == [1.5, 2.25, 3.0, 4.0]


def test_spellings_of_one_label_merge_and_chunks_unify() -> None:
    t1 = pa.table({"court": ["a"], "period": ["2022-W21"], "x": pa.array([1], pa.int64())})
    t2 = pa.table({"court": ["a "], "period": ["2022年第22周"], "x": pa.array([None], pa.int64())})
    batch = SnapshotBatch.from_arrow(pa.concat_tables([t1, t2]))
    assert batch.courts == ("a",)
    assert [str(p) for p in batch.period_labels()] == ["2022-W21", "2022-W22"]
    assert np.isnan(batch.columns["x"][1]) and batch.columns["x"][0] == 1.0


def test_bad_tables_are_refused_by_row() -> None:
    with pytest.raises(ValidationError, match=r"x\[1\]: NaN is not a value"):
        SnapshotBatch.from_arrow(
            pa.table({"court": ["a", "b"], "period": ["2022"] * 2, "x": [1.0, np.nan]})
        )
    with pytest.raises(ValidationError, match=r"court\[1\]: null; every row needs a court"):
        SnapshotBatch.from_arrow(pa.table({"court": ["a", None], "period": ["2022"] * 2}))
    with pytest.raises(ValidationError, match=r"negative"):
        SnapshotBatch.from_arrow(pa.table({"court": ["a"], "period": ["2022"], "x": [-1]}))
    with pytest.raises(InputError, match="missing column 'period'"):
        SnapshotBatch.from_arrow(pa.table({"court": ["a"]}))
    with pytest.raises(InputError, match="not numeric"):
        SnapshotBatch.from_arrow(pa.table({"court": ["a"], "period": ["2022"], "x": ["3"]}))


def test_chunks_with_nulls_stored_nans_and_huge_counts_are_read_by_row(tmp_path: Path) -> None:
    # Three chunks (row groups) of every type: nulls are values not provided, a NaN stored in
    # a float cell is refused at its row, a count past 2**53 beside a null is named by the
    # count rule (a cast to float would refuse the whole column without saying where).
    path = tmp_path / "d.parquet"
    table = pa.table(
        {
            "court": ["a", "b", "c", "d", "e"],
            "period": ["2022-W21"] * 5,
            "n": pa.array([1, None, 3, 4, None], type=pa.int64()),
            "m": pa.array([0.5, 1.5, None, 2.0, 2.5], type=pa.float64()),
            "s": pa.array([1, 2, 3, None, 5], type=pa.int32()),
            "y": pa.array([True, None, False, True, True]),
        }
    )
    pq.write_table(table, path, row_group_size=2)
    assert pq.read_table(path).column("n").num_chunks == 3
    batch = read_parquet(path)
    np.testing.assert_array_equal(batch.columns["n"], [1, np.nan, 3, 4, np.nan])
    np.testing.assert_array_equal(batch.columns["m"], [0.5, 1.5, np.nan, 2.0, 2.5])
    np.testing.assert_array_equal(batch.columns["s"], [1, 2, 3, np.nan, 5])
    np.testing.assert_array_equal(batch.columns["y"], [1, np.nan, 0, 1, 1])
    assert [batch.kinds[k].value for k in "nmsy"] == ["count", "measure", "count", "yes_no"]
    nan = table.set_column(3, "m", pa.array([0.5, 1.5, None, np.nan, 2.5]))
    pq.write_table(nan, path, row_group_size=2)
    with pytest.raises(ValidationError) as info:
        read_parquet(path)
    assert str(info.value) == (
        f"{path}: m[3]: NaN is not a value; leave the cell null for a value not provided"
    )
    huge = table.set_column(2, "n", pa.array([1, None, 3, 2**60 + 1, None], type=pa.int64()))
    pq.write_table(huge, path, row_group_size=2)
    with pytest.raises(ValidationError) as info:
        read_parquet(path)
    assert str(info.value) == (
        f"{path}: columns.n[3]: 1.152921504606847e+18 exceeds the largest supported count "
        "2**53 (court 'd', period 2022-W21)"
    )


def test_results_to_arrow_are_the_records() -> None:
    for scheme, path in (("shanghai-2022", JIADING), ("spc-2019", CHANGQING)):
        results = evaluate(get_scheme(scheme), load_dataset(path))
        table = results.to_arrow()
        assert table.to_pylist() == results.to_records()
    # 电子送达发送率, 立案庭, 2022-W14 = 55 / 169
    rows = table.num_rows
    assert rows == 40
    jiading = evaluate(get_scheme("shanghai-2022"), load_dataset(JIADING)).to_arrow()
    picked = [
        r
        for r in jiading.to_pylist()
        if (r["department"], r["period"], r["indicator"])
        == ("立案庭", "2022-W14", "e_service_send_rate")
    ]
    assert [r["value"] for r in picked] == [55 / 169]


def test_parquet_dataset_keeps_courts_and_departments(tmp_path: Path) -> None:
    dataset = load_dataset(JIADING)
    path = tmp_path / "jiading.parquet"
    save_dataset(dataset, path)
    assert load_dataset(path) == dataset
    assert pq.read_table(path).schema.field("court").type == pa.dictionary(pa.int32(), pa.string())


def test_cli_reads_parquet_files(tmp_path: Path) -> None:
    path = tmp_path / "jiading.parquet"
    save_dataset(load_dataset(JIADING), path)
    outs = [
        subprocess.run(
            [
                sys.executable,
                "-m",
                "courtinfo",
                "evaluate",
                "--scheme",
                "shanghai-2022",
                "--format",
                "csv",
                str(f),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
        for f in (JIADING, path)
    ]
    assert outs[0] == outs[1] and len(outs[0].splitlines()) == 1121
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet")
    out = subprocess.run(
        [sys.executable, "-m", "courtinfo", "evaluate", "--scheme", "shanghai-2022", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 2 and "cannot read it as Parquet" in out.stderr


def test_changqing_form_round_trips_through_a_parquet_file(tmp_path: Path) -> None:
    # Choices, yes/no, counts, measures, a text and values not provided, through the file.
    batch = load_dataset(CHANGQING).batch()
    path = tmp_path / "changqing.parquet"
    write_parquet(batch, path)
    back = read_parquet(path)
    same_batch(back, batch)
    assert back.texts["q32_2"].tolist() == batch.texts["q32_2"].tolist() != []


def test_results_through_a_parquet_file_are_the_records(tmp_path: Path) -> None:
    for scheme, path in (("shanghai-2022", JIADING), ("spc-2019", CHANGQING)):
        results = evaluate(get_scheme(scheme), load_dataset(path))
        pq.write_table(results.to_arrow(), tmp_path / "results.parquet")
        back = pq.read_table(tmp_path / "results.parquet").to_pylist()
        assert back == results.to_records()
        assert "NA" in {r["missing"] for r in back}
    # A zero denominator: not applicable (NAP), with its reason, through the file too.
    week = MetricSnapshot("jiading", Period.parse("2022-W21"), "民一庭", {"e_service_sent": 0, "all_services": 0})
    results = evaluate(get_scheme("shanghai-2022"), week)
    pq.write_table(results.to_arrow(), tmp_path / "nap.parquet")
    back = pq.read_table(tmp_path / "nap.parquet").to_pylist()
    assert back == results.to_records()
    assert [r["missing"] for r in back if r["indicator"] == "e_service_send_rate"] == ["NAP"]
