"""SnapshotBatch.from_dataframe: a pandas frame laid out as the CSV files are, into columns."""

from __future__ import annotations

import attrs
import numpy as np
import pandas as pd
import pytest

from courtinfo import (
    DuplicateSnapshotError,
    InputError,
    MetricSnapshot,
    Period,
    Problem,
    SnapshotBatch,
    ValidationError,
    ValueKind,
    evaluate,
)
from courtinfo.data import describe_snapshot, duplicate_problems, platform_first
from courtinfo.indicators import get_scheme


def test_a_frame_becomes_a_batch_of_its_own_copies() -> None:
    hearings = np.array([10.0, 40.0, np.nan])
    frame = pd.DataFrame(
        {
            "court": ["jiading", "jiading", "jiading"],
            "department": ["民一庭", "刑事庭", None],
            "period": ["2022-W21", "2022-W21", "2022年第21周"],
            "hearings": hearings,
            "online_hearings": pd.array([4, 30, None], dtype="Int64"),
            "platform:online_hearings": [np.nan, 36.0, np.nan],
        }
    )
    batch = SnapshotBatch.from_dataframe(frame)
    assert batch.periods == (batch.periods[0],) and str(batch.periods[0]) == "2022-W21"
    # The batch's own copy: a later write into the frame changes nothing in it.
    assert not np.shares_memory(batch.columns["hearings"], frame["hearings"].to_numpy())
    assert not batch.columns["hearings"].flags.writeable
    assert batch.columns["online_hearings"].tolist()[:2] == [4.0, 30.0]
    assert np.isnan(batch.columns["online_hearings"][2])  # pd.NA: not provided
    assert batch.department_labels() == ["民一庭", "刑事庭", ""]  # None: the court itself
    r = evaluate(get_scheme("shanghai-2022"), batch)
    # 4 / 10; the platform's 36 of 40 wins over the court's 30; the court row has no hearings.
    assert r.values["online_hearing_rate"][:2].tolist() == [0.4, 0.9]
    assert r.row(2, "online_hearing_rate").reason == "not provided: online_hearings, hearings"


def test_kinds_can_be_given() -> None:
    frame = pd.DataFrame({"court": ["a"], "period": ["2019"], "q1": [5]})
    batch = SnapshotBatch.from_dataframe(frame, kinds={"q1": ValueKind.CHOICE})
    assert batch.row(0).values["q1"] == frozenset("AC")


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"court": ["a"], "hearings": [1]}), "missing column 'period'"),
        (
            pd.DataFrame({"court": ["a"], "period": ["2019"], "hearings": ["many"]}),
            r"column 'hearings': dtype \w+ is not numeric",
        ),
    ],
)
def test_bad_frames_are_refused_by_name(frame: pd.DataFrame, message: str) -> None:
    with pytest.raises(InputError, match=message):
        SnapshotBatch.from_dataframe(frame)


def test_text_columns_of_a_frame_are_texts() -> None:
    frame = pd.DataFrame(
        {
            "court": ["a", "b"],
            "period": ["2019", "2019"],
            "q32_3": [281, 120],
            "text:q32_2": ["http://jncqqfy.sdcourt.go", None],
        }
    )
    batch = SnapshotBatch.from_dataframe(frame)
    assert batch.inputs == ("q32_3",)
    assert batch.texts["q32_2"].tolist() == ["http://jncqqfy.sdcourt.go", None]
    assert batch.row(0).texts == {"q32_2": "http://jncqqfy.sdcourt.go"}
    assert batch.row(1).texts == {}
    frame["text:q32_2"] = [np.nan, ""]
    with pytest.raises(ValidationError) as info:
        SnapshotBatch.from_dataframe(frame)
    assert str(info.value) == "texts.q32_2[1]: '' is not a text answer (court 'b', period 2019)"


def test_signed_inputs_may_be_negative_others_not() -> None:
    import pytest as _pytest

    from courtinfo.base import ValidationError as _VE
    from courtinfo.data import MetricSnapshot as _MS
    from courtinfo.periods import Period as _P

    batch = SnapshotBatch.from_columns(
        court=["a", "b"], period=["2022-05", "2022-05"],
        columns={"balance": np.array([-3.0, 2.0]), "n": np.array([1.0, 2.0])},
        signed=["balance"],
    )
    assert batch.signed == {"balance"}
    assert batch.row(0).values["balance"] == -3 and batch.row(0).signed == {"balance"}
    assert SnapshotBatch.from_snapshots(batch.to_snapshots()).signed == {"balance"}
    with _pytest.raises(_VE, match=r"columns.n\[0\]: -1.0 is negative"):
        SnapshotBatch.from_columns(court=["a"], period=["2022-05"], columns={"n": np.array([-1.0])}, signed=["balance"])
    snap = _MS("a", _P.month(2022, 5), values={"balance": -2.5}, signed={"balance"})
    assert snap.values["balance"] == -2.5
    with _pytest.raises(_VE, match=r"-2.5 is negative; measures cannot be below 0"):
        _MS("a", _P.month(2022, 5), values={"balance": -2.5})


def test_the_platforms_figure_counts_where_supplied_else_the_courts() -> None:
    own, plat = np.array([1.0, 2.0, np.nan]), np.array([10.0, np.nan, np.nan])
    np.testing.assert_array_equal(platform_first(own, plat), [10.0, 2.0, np.nan])
    assert platform_first(own, None) is own
    assert platform_first(None, plat) is plat
    assert platform_first(None, None) is None


W21 = Period.parse("2022-W21")
DUPS = [
    MetricSnapshot("a", W21, None, {"q6_1": 3}),
    MetricSnapshot("b", W21, "民一庭", {"q6_1": 2.5}),
    MetricSnapshot("a", W21, None, {"q6_1": 4}),
    MetricSnapshot("b", W21, "民事审判第一庭", {"q6_1": 1}),
    MetricSnapshot("a", W21, "民一庭", {"q6_1": 1}),
]


def _json_place(i: int, field: str, name: str) -> str:
    return f"$[{i}]" + (f".{field}.{name}" if field else "")


def test_duplicates_are_placed_by_the_reader() -> None:
    # a's court row twice; b's 民一庭 under two names; a's 民一庭 is a row of its own.
    same = "duplicates $[1]: court 'b', department '民事审判第一庭', period 2022-W21"
    assert duplicate_problems(DUPS, _json_place, _json_place) == [
        Problem("$[2]", "duplicates $[0]: court 'a', department None, period 2022-W21"),
        Problem("$[3]", same + " (the same department as '民一庭')"),
    ]
    lines = [2, 3, 5, 6, 7]
    assert duplicate_problems(
        DUPS[:3], lambda i, f, n: f"d.csv:{lines[i]}", lambda i, f, n: f"line {lines[i]}"
    ) == [Problem("d.csv:5", "duplicates line 2: court 'a', department None, period 2022-W21")]
    assert duplicate_problems(DUPS[:2], _json_place, _json_place) == []
    assert describe_snapshot(DUPS[1]) == "court 'b', department '民一庭', period 2022-W21"


def test_from_snapshots_refuses_duplicates_as_readers_do() -> None:
    with pytest.raises(DuplicateSnapshotError) as info:
        SnapshotBatch.from_snapshots(DUPS)
    assert list(info.value.problems) == [
        Problem("snapshots[2]", "duplicates snapshots[0]: court 'a', department None, period 2022-W21"),
        Problem(
            "snapshots[3]",
            "duplicates snapshots[1]: court 'b', department '民事审判第一庭', period 2022-W21"
            " (the same department as '民一庭')",
        ),
    ]


def test_a_batch_of_one_and_the_rows_of_its_values() -> None:
    # The evaluator reads a snapshot's values as the rows of one array, with rows of its
    # own below them (NaN, -0.0); the batch's columns are views of those rows.
    from courtinfo.data._batch import _ONE_ORDER

    snap = MetricSnapshot(
        "c1",
        Period.parse("2022-W21"),
        "民一庭",
        {"b": 2, "a": 1.5, "c": True},
        platform_values={"a": 3},
    )
    batch, rows = SnapshotBatch._of_one_rows(snap, pad=(np.nan, -0.0))
    assert rows.shape == (5, 1) and not rows.flags.writeable
    assert rows[:3].ravel().tolist() == [1.5, 2.0, 1.0]  # a, b, c: sorted names
    assert np.isnan(rows[3, 0]) and rows[4].tobytes() == np.array([-0.0]).tobytes()
    assert list(batch.columns) == ["a", "b", "c"]
    assert all(np.shares_memory(col, rows) for col in batch.columns.values())
    assert batch.platform["a"].tolist() == [3.0]
    # Every field is set, as the checked constructor sets them.
    assert sorted(_ONE_ORDER) == sorted(f.name for f in attrs.fields(SnapshotBatch))
    built = SnapshotBatch.from_snapshots([snap, MetricSnapshot("c2", snap.period, None, {})])
    first = built.take(np.array([0]))
    assert batch.to_snapshots() == first.to_snapshots() == [snap]
    assert (batch.courts, batch.departments, batch.periods) == (("c1",), ("民一庭",), (snap.period,))
    # Without a pad and without values: no rows.
    empty, none = SnapshotBatch._of_one_rows(MetricSnapshot("c1", snap.period, None, {}))
    assert none.shape == (0, 1) and len(empty) == 1 and not empty.columns
