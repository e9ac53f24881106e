"""Tests of MetricSnapshot (courtinfo.data._snapshots) and SnapshotBatch (courtinfo.data._batch)."""

from __future__ import annotations

import copy
import math
import pickle

import attrs
import numpy as np
import pytest

from courtinfo.base._errors import DuplicateSnapshotError, InputError, Problem, ValidationError
from courtinfo.data._batch import SnapshotBatch
from courtinfo.data._snapshots import MetricSnapshot
from courtinfo.data._values import ValueKind
from courtinfo.periods._period import Period

JN = "济南市中级人民法院"
CQ = "济南市长清区人民法院"
QD = "青岛市中级人民法院"
W21 = Period.parse("2022-W21")
W22 = Period.parse("2022-W22")


# -- MetricSnapshot ------------------------------------------------------------------------


def test_snapshot_keeps_values_and_normalizes_loose_forms() -> None:
    raw = {
        "recorded_hearings": 3_000_000_000,
        "online_filing_rate": 12.5,
        "has_e_archive": "是",
        "no_paper": "No",
        "capabilities": ["C", "D", "E"],
        "count_np": np.int64(7),
        "rate_np": np.float64(0.25),
    }
    snap = MetricSnapshot(JN, W21, values=raw)
    assert snap.values == {
        "recorded_hearings": 3_000_000_000,
        "online_filing_rate": 12.5,
        "has_e_archive": True,
        "no_paper": False,
        "capabilities": frozenset("CDE"),
        "count_np": 7,
        "rate_np": 0.25,
    }
    assert type(snap.values["count_np"]) is int
    assert type(snap.values["rate_np"]) is float
    assert snap.key == (JN, None, W21)
    raw["recorded_hearings"] = 1
    assert snap.values["recorded_hearings"] == 3_000_000_000  # a private copy


def test_bool_stays_a_yes_no_answer_not_a_count() -> None:
    snap = MetricSnapshot(JN, W21, values={"yes": True, "one": 1, "no": False, "zero": 0})
    assert snap.values["yes"] is True
    assert snap.values["no"] is False
    assert type(snap.values["one"]) is int
    assert type(snap.values["zero"]) is int


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (-4, "-4 is negative; counts cannot be below 0"),
        (-0.5, "-0.5 is negative; measures cannot be below 0"),
        (2**53 + 1, "9007199254740993 exceeds the largest supported count 2**53"),
        (math.nan, "NaN is not a value; leave the input out to mark it not provided"),
        (math.inf, "inf is infinite"),
        (-math.inf, "-inf is infinite"),
        ("abc", "'abc' is not a number, a yes/no answer (是/否) or a list of options"),
        ("12", "'12' is not a number, a yes/no answer (是/否) or a list of options"),
        (["C", "c"], "options 'c' are not option letters A-Z"),
        (["AB"], "options 'AB' are not option letters A-Z"),
        ([1], "options 1 are not option letters A-Z"),
        (None, "None of type NoneType is not a snapshot value"),
        ({"A": 1}, "{'A': 1} of type dict is not a snapshot value"),
    ],
)
def test_bad_values_are_refused_at_their_path(value: object, problem: str) -> None:
    with pytest.raises(ValidationError) as info:
        MetricSnapshot(JN, W21, platform_values={"recorded_hearings": value})
    assert info.value.problems == (Problem("platform_values.recorded_hearings", problem),)


def test_every_problem_of_a_snapshot_at_once() -> None:
    with pytest.raises(ValidationError) as info:
        MetricSnapshot("", "2022-W21", department="", values={"a": -1, "b": math.nan})  # type: ignore[arg-type]
    # A blank department is the court-level row (as in every data format), not a problem.
    assert [p.path for p in info.value.problems] == [
        "court",
        "period",
        "values.a",
        "values.b",
    ]
    assert str(info.value).startswith("4 problems:\n  court: '' is not a court code\n")


def test_get_prefers_the_platform_value() -> None:
    snap = MetricSnapshot(
        JN,
        W21,
        values={"recorded_hearings": 3, "has_e_archive": False},
        platform_values={"recorded_hearings": 5, "platform_only": 12.5},
    )
    assert snap.get("recorded_hearings") == 5
    assert snap.get("has_e_archive") is False
    assert snap.get("platform_only") == 12.5
    assert snap.get("absent") is None


def test_snapshot_is_frozen_and_compared_by_value() -> None:
    a = MetricSnapshot(JN, W21, department="民一庭", values={"x": 1})
    b = MetricSnapshot(JN, W21, department="民一庭", values={"x": 1})
    assert a == b
    assert a != MetricSnapshot(JN, W21, values={"x": 1})
    with pytest.raises(AttributeError):
        a.court = CQ  # type: ignore[misc]


def test_values_are_read_only_so_validation_cannot_be_bypassed() -> None:
    snap = MetricSnapshot(JN, W21, values={"recorded_hearings": 3833}, platform_values={"x": 1})
    attempts = [
        lambda: snap.values.__setitem__("recorded_hearings", -4),
        lambda: snap.values.__delitem__("recorded_hearings"),
        lambda: snap.values.update(recorded_hearings=-4),
        lambda: snap.values.setdefault("new", -4),
        lambda: snap.values.pop("recorded_hearings"),
        lambda: snap.values.popitem(),
        lambda: snap.values.clear(),
        lambda: snap.platform_values.__setitem__("x", -4),
        lambda: snap.platform_values.__ior__({"x": -4}),
    ]
    for attempt in attempts:
        with pytest.raises(TypeError, match="read-only"):
            attempt()
    assert snap.values == {"recorded_hearings": 3833}
    assert snap.platform_values == {"x": 1}
    # A changed snapshot is a new one, validated again.
    assert attrs.evolve(snap, values={"recorded_hearings": 4298}).values == {
        "recorded_hearings": 4298
    }
    with pytest.raises(ValidationError, match=r"values\.recorded_hearings: -4 is negative"):
        attrs.evolve(snap, values={"recorded_hearings": -4})
    # Reading is a plain dict's: merging gives a new, ordinary dict.
    merged = snap.values | {"hearings": 4298}
    assert merged == {"recorded_hearings": 3833, "hearings": 4298}
    assert type(merged) is dict


def test_snapshots_are_hashable_values() -> None:
    a = MetricSnapshot(JN, W21, values={"x": 1, "q1": ["C", "B"]}, platform_values={"x": 2})
    b = MetricSnapshot(JN, W21, values={"q1": ["B", "C"], "x": 1}, platform_values={"x": 2})
    c = MetricSnapshot(JN, W21, values={"x": 1, "q1": ["B", "C"]})  # no platform value
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, c}) == 2
    assert {a: "seen"}[b] == "seen"


def test_snapshots_pickle_and_copy_exactly() -> None:
    snap = MetricSnapshot(
        CQ,
        Period.parse("2019"),
        department="立案庭",
        values={"q22_1": 1971, "q22_3": 6912, "q22_2": True, "q1": frozenset("BCDEFGHIJK")},
        platform_values={"q31_2": 5.0},
    )
    for copied in (pickle.loads(pickle.dumps(snap)), copy.deepcopy(snap), copy.copy(snap)):
        assert copied == snap
        assert type(copied.values) is type(snap.values)
        assert copied.values["q22_3"] == 6912
        with pytest.raises(TypeError, match="read-only"):
            copied.values["q22_3"] = -1  # type: ignore[index]


def test_court_and_platform_values_side_by_side() -> None:
    # Changqing Q12: the court answers 4617 cases searched point to point; the Supreme
    # Court's platform supplies the total-to-total count (以最高人民法院数据为准), and for Q13
    # its own online auction count (150 here) beside the court's 144.
    snap = MetricSnapshot(
        CQ,
        Period.parse("2019 年 1 月 1 日至 12 月 31 日"),
        values={"q12_1": 4617, "q12_2": 4617, "q13_2": 144, "q13_3": 144},
        platform_values={"q12_platform_searches": 4600, "q13_3": 150},
    )
    assert snap.values["q13_3"] == 144  # the court's answer is kept …
    assert snap.platform_values["q13_3"] == 150
    assert snap.get("q13_3") == 150  # … but the platform's wins
    assert snap.get("q12_platform_searches") == 4600
    assert snap.get("q12_2") == 4617
    batch = SnapshotBatch.from_snapshots([snap])
    assert batch.to_snapshots() == [snap]


# -- SnapshotBatch from and to snapshots ---------------------------------------------------

SNAPSHOTS = [
    MetricSnapshot(
        JN,
        W21,
        values={
            "recorded_hearings": 3_000_000_000,
            "online_filing_rate": 12.5,
            "has_e_archive": True,
            "capabilities": frozenset("CDE"),
        },
        platform_values={"recorded_hearings": 3_000_000_001},
    ),
    MetricSnapshot(
        JN, W21, department="民一庭", values={"has_e_archive": False, "none": frozenset()}
    ),
    MetricSnapshot(CQ, W22, values={"recorded_hearings": 0, "online_filing_rate": 0.0}),
]


def test_from_snapshots_builds_categorical_columns() -> None:
    batch = SnapshotBatch.from_snapshots(SNAPSHOTS)
    assert len(batch) == 3
    assert batch.courts == (CQ, JN) or batch.courts == (JN, CQ)
    assert [batch.court_of(i) for i in range(3)] == [JN, JN, CQ]
    assert [batch.department_of(i) for i in range(3)] == [None, "民一庭", None]
    assert [batch.period_of(i) for i in range(3)] == [W21, W21, W22]
    assert batch.inputs == (
        "capabilities",
        "has_e_archive",
        "none",
        "online_filing_rate",
        "recorded_hearings",
    )
    assert batch.kinds == {
        "recorded_hearings": ValueKind.COUNT,
        "online_filing_rate": ValueKind.MEASURE,
        "has_e_archive": ValueKind.YES_NO,
        "capabilities": ValueKind.CHOICE,
        "none": ValueKind.CHOICE,
    }
    np.testing.assert_array_equal(batch.columns["recorded_hearings"], [3e9, np.nan, 0.0])
    np.testing.assert_array_equal(batch.columns["has_e_archive"], [1.0, 0.0, np.nan])
    # C, D, E are bits 2, 3, 4.
    np.testing.assert_array_equal(batch.columns["capabilities"], [28.0, np.nan, np.nan])
    np.testing.assert_array_equal(batch.columns["none"], [np.nan, 0.0, np.nan])
    np.testing.assert_array_equal(
        batch.platform["recorded_hearings"], [3_000_000_001, np.nan, np.nan]
    )
    assert set(batch.platform) == {"recorded_hearings"}
    assert batch.describe_row(1) == f"court '{JN}', department '民一庭', period 2022-W21"


def test_to_snapshots_gives_back_exactly_what_went_in() -> None:
    back = SnapshotBatch.from_snapshots(SNAPSHOTS).to_snapshots()
    assert back == SNAPSHOTS
    first = back[0]
    assert type(first.values["recorded_hearings"]) is int
    assert first.values["has_e_archive"] is True
    assert first.values["capabilities"] == frozenset("CDE")
    assert back[1].values["none"] == frozenset()
    assert type(back[2].values["online_filing_rate"]) is float
    assert back[0].platform_values == {"recorded_hearings": 3_000_000_001}


def test_a_batch_of_none_and_a_batch_of_one() -> None:
    assert SnapshotBatch.from_snapshots([]).to_snapshots() == []
    one = SnapshotBatch.from_snapshots(SNAPSHOTS[:1])
    assert len(one) == 1
    assert one.row(0) == SNAPSHOTS[0]


def test_counts_and_measures_mixed_make_a_measure_column() -> None:
    snaps = [
        MetricSnapshot(JN, W21, values={"x": 3}),
        MetricSnapshot(CQ, W21, values={"x": 2.5}),
    ]
    batch = SnapshotBatch.from_snapshots(snaps)
    assert batch.kinds["x"] is ValueKind.MEASURE
    assert [s.values["x"] for s in batch.to_snapshots()] == [3.0, 2.5]


def test_other_kinds_may_not_mix() -> None:
    snaps = [
        MetricSnapshot(JN, W21, values={"x": 1}),
        MetricSnapshot(CQ, W21, platform_values={"x": True}),
    ]
    with pytest.raises(InputError, match="input 'x' mixes value kinds: count, yes_no"):
        SnapshotBatch.from_snapshots(snaps)


def test_effective_takes_the_platform_value_where_supplied() -> None:
    snaps = [
        MetricSnapshot(JN, W21, values={"x": 3}, platform_values={"x": 5}),
        MetricSnapshot(CQ, W21, values={"x": 4}),
        MetricSnapshot(QD, W21, platform_values={"x": 6, "p": 1.5}),
        MetricSnapshot(JN, W22, values={"own": 2}),
    ]
    batch = SnapshotBatch.from_snapshots(snaps)
    np.testing.assert_array_equal(batch.effective("x"), [5.0, 4.0, 6.0, np.nan])
    np.testing.assert_array_equal(batch.effective("p"), [np.nan, np.nan, 1.5, np.nan])
    np.testing.assert_array_equal(batch.effective("own"), [np.nan, np.nan, np.nan, 2.0])
    assert batch.effective("absent") is None


def test_duplicates_are_refused_naming_both() -> None:
    snaps = [
        MetricSnapshot(JN, W21, values={"x": 1}),
        MetricSnapshot(JN, W21, department="民一庭"),
        MetricSnapshot(JN, Period.parse("2022年第21周"), values={"x": 2}),
    ]
    with pytest.raises(DuplicateSnapshotError) as info:
        SnapshotBatch.from_snapshots(snaps)
    assert str(info.value) == (
        f"snapshots[2]: duplicates snapshots[0]: court '{JN}', department None, period 2022-W21"
    )


# -- SnapshotBatch from columns ------------------------------------------------------------


def test_from_columns_holds_its_own_read_only_copies() -> None:
    counts = np.array([3_000_000_000, 0, 7], dtype=np.int64)
    rates = np.array([12.5, np.nan, 0.25], dtype=np.float64)
    plat = np.array([np.nan, 4.0, np.nan])
    batch = SnapshotBatch.from_columns(
        court=[JN, CQ, QD],
        period=["2022-W21", W21, "2022-W21"],
        department=[None, "民一庭", ""],
        columns={"recorded_hearings": counts, "online_filing_rate": rates},
        platform={"recorded_hearings": plat},
    )
    # Writing into the arrays passed changes nothing in the batch; its own are read-only.
    counts[0], rates[0], plat[1] = 1, 99.0, 0.0
    assert batch.columns["recorded_hearings"][0] == 3_000_000_000
    assert batch.columns["online_filing_rate"][0] == 12.5
    assert batch.platform["recorded_hearings"][1] == 4.0
    with pytest.raises(ValueError, match="read-only"):
        batch.columns["recorded_hearings"][0] = 5
    counts[0], rates[0], plat[1] = 3_000_000_000, 12.5, 4.0
    assert batch.kinds == {
        "recorded_hearings": ValueKind.COUNT,
        "online_filing_rate": ValueKind.MEASURE,
    }
    assert batch.to_snapshots() == [
        MetricSnapshot(
            JN, W21, values={"recorded_hearings": 3_000_000_000, "online_filing_rate": 12.5}
        ),
        MetricSnapshot(
            CQ,
            W21,
            department="民一庭",
            values={"recorded_hearings": 0},
            platform_values={"recorded_hearings": 4},
        ),
        MetricSnapshot(QD, W21, values={"recorded_hearings": 7, "online_filing_rate": 0.25}),
    ]
    assert type(batch.row(0).values["recorded_hearings"]) is int
    np.testing.assert_array_equal(batch.effective("recorded_hearings"), [3e9, 4.0, 7.0])


def test_from_columns_converts_other_numeric_dtypes() -> None:
    batch = SnapshotBatch.from_columns(
        court=[JN, CQ],
        period=["2022", "2022"],
        columns={"small": np.array([1, 2], dtype=np.int32), "flag": np.array([True, False])},
        kinds={"small": ValueKind.COUNT, "flag": ValueKind.YES_NO},
    )
    assert batch.columns["small"].dtype == np.float64
    assert [s.values for s in batch.to_snapshots()] == [
        {"small": 1, "flag": True},
        {"small": 2, "flag": False},
    ]


def test_from_columns_refuses_text_columns() -> None:
    with pytest.raises(InputError, match="column 'x': dtype <U3 is not numeric"):
        SnapshotBatch.from_columns(court=[JN], period=["2022"], columns={"x": np.array(["abc"])})


@pytest.mark.parametrize(
    ("column", "kind", "path", "rule", "court"),
    [
        (np.array([3.0, -2.0]), ValueKind.COUNT, "columns.x[1]", "is negative", QD),
        (np.array([3, -2], dtype=np.int64), ValueKind.COUNT, "columns.x[1]", "is negative", QD),
        (np.array([np.inf, 1.0]), ValueKind.MEASURE, "columns.x[0]", "is infinite", JN),
        (
            np.array([1.0, 0.5]),
            ValueKind.YES_NO,
            "columns.x[1]",
            "is not a yes/no answer (0 or 1)",
            QD,
        ),
        (np.array([2.0, np.nan]), ValueKind.YES_NO, "columns.x[0]", "is not a yes/no answer", JN),
        (np.array([1.5, 1.0]), ValueKind.COUNT, "columns.x[0]", "is not a whole number", JN),
        (np.array([0.0, 2.0**54]), ValueKind.COUNT, "columns.x[1]", "exceeds the largest supported count 2**53", QD),
    ],
)
def test_column_validation_names_row_and_court(
    column: np.ndarray, kind: ValueKind, path: str, rule: str, court: str
) -> None:
    with pytest.raises(ValidationError) as info:
        SnapshotBatch.from_columns(
            court=[JN, QD],
            period=["2022-W21", "2022-W21"],
            columns={"x": column},
            kinds={"x": kind},
        )
    (problem,) = info.value.problems
    assert problem.path == path
    assert rule in problem.message
    assert problem.message.endswith(f"(court '{court}', period 2022-W21)")


def test_platform_columns_are_validated_too() -> None:
    with pytest.raises(ValidationError) as info:
        SnapshotBatch.from_columns(
            court=[JN, QD],
            period=["2022-W21", "2022-W21"],
            department=["民一庭", None],
            columns={},
            platform={"x": np.array([-1.0, 1.0])},
        )
    (problem,) = info.value.problems
    assert problem.path == "platform.x[0]"
    assert problem.message.endswith(
        f"is negative; measures cannot be below 0 (court '{JN}', department '民一庭', period 2022-W21)"
    )


def test_many_bad_rows_are_summarized() -> None:
    n = 25
    with pytest.raises(ValidationError) as info:
        SnapshotBatch.from_columns(
            court=[f"court{i}" for i in range(n)], period=["2022"] * n, columns={"x": -np.ones(n)}
        )
    problems = info.value.problems
    assert len(problems) == 11
    assert problems[-1] == Problem("columns.x", "and 15 more rows whose value is negative; measures cannot be below 0")


def test_from_columns_refuses_duplicate_rows() -> None:
    with pytest.raises(DuplicateSnapshotError) as info:
        SnapshotBatch.from_columns(
            court=[JN, CQ, JN],
            period=["2022-W21", "2022-W21", W21],
            columns={"x": np.array([1.0, 2.0, 3.0])},
        )
    assert str(info.value) == f"row 2: duplicates row 0: court '{JN}', period 2022-W21"


def test_from_columns_refuses_duplicates_written_two_ways() -> None:
    with pytest.raises(DuplicateSnapshotError):
        SnapshotBatch.from_columns(court=[JN, JN], period=["2022-W21", "2022年第21周"], columns={})


def test_take_keeps_labels() -> None:
    batch = SnapshotBatch.from_snapshots(SNAPSHOTS)
    picked = batch.take(np.array([2, 0]))
    assert picked.to_snapshots() == [SNAPSHOTS[2], SNAPSHOTS[0]]
    masked = batch.take(np.array([False, True, False]))
    assert masked.to_snapshots() == [SNAPSHOTS[1]]


def test_values_are_a_table_of_input_values() -> None:
    # (input, value) pairs are a table too, as dict.items() gives them.
    assert MetricSnapshot(JN, W21, values=[("x", 1)]).values == {"x": 1}
    table = "must be a table of input values (a mapping from input name to value)"
    for raw, shown in (
        ([1, 2], "[1, 2] of type list"),
        (5, "5 of type int"),
        ("ab", "'ab' of type str"),
    ):
        with pytest.raises(ValidationError) as info:
            MetricSnapshot(JN, W21, values=raw)  # type: ignore[arg-type]
        assert str(info.value) == f"values: {shown} {table}"
    with pytest.raises(ValidationError) as info:
        MetricSnapshot(JN, W21, platform_values=[["x", 1]])  # type: ignore[list-item]
    assert str(info.value) == f"platform_values: [['x', 1]] of type list {table}"
    # Input names are text: 1 is not made into '1'.
    with pytest.raises(ValidationError) as info:
        MetricSnapshot(JN, W21, values={1: 3, "y": 2})  # type: ignore[dict-item]
    assert str(info.value) == "values[1]: input name 1 of type int is not text"
    # A list holding a list is not a set of options (and no TypeError: unhashable type).
    with pytest.raises(ValidationError) as info:
        MetricSnapshot(JN, W21, values={"q1": [["A"], "B"]})
    assert str(info.value) == "values.q1: options ['A'] are not option letters A-Z"


def test_labels_are_plain_text() -> None:
    with pytest.raises(ValidationError) as info:
        MetricSnapshot("c\x00", W21, department="民一\n庭")
    assert str(info.value) == (
        "2 problems:\n"
        "  court: 'c\\x00' contains the control character U+0000; a court code is plain text\n"
        "  department: '民一\\n庭' contains the control character U+000A; a department is plain text"
    )
    # A line break at either end is white space, removed like any other.
    assert MetricSnapshot("c", W21, department="民一庭\n").department == "民一庭"


# -- free-text answers ---------------------------------------------------------------------

SITE = "http://jncqqfy.sdcourt.go"


def test_texts_are_kept_exactly_and_read_only() -> None:
    snap = MetricSnapshot(CQ, Period.parse("2019"), values={"q32_1": True}, texts={"q32_2": SITE})
    assert snap.texts == {"q32_2": SITE}
    assert snap.values == {"q32_1": True}  # a text is not a value …
    assert snap.get("q32_2") is None  # … and not what an input counts as
    assert MetricSnapshot(CQ, W21).texts == {}
    # Kept as written: no stripping, no 是/否 made into yes/no.
    assert MetricSnapshot(CQ, W21, texts={"a": " 是 "}).texts == {"a": " 是 "}
    assert MetricSnapshot(CQ, W21, texts=[("a", "网址")]).texts == {"a": "网址"}
    for attempt in (
        lambda: snap.texts.__setitem__("q32_2", "x"),
        lambda: snap.texts.pop("q32_2"),
        lambda: snap.texts.clear(),
    ):
        with pytest.raises(TypeError) as info:
            attempt()
        assert str(info.value) == (
            "snapshot texts are read-only; make a new snapshot with attrs.evolve"
        )
    assert snap.texts == {"q32_2": SITE}
    with pytest.raises(ValidationError) as err:
        attrs.evolve(snap, texts={"q32_2": ""})
    assert str(err.value) == "texts.q32_2: '' is not a text answer"


def test_texts_take_part_in_equality_hash_pickle_and_copy() -> None:
    a = MetricSnapshot(CQ, W21, texts={"q32_2": SITE})
    b = MetricSnapshot(CQ, W21, texts={"q32_2": SITE})
    c = MetricSnapshot(CQ, W21, texts={"q32_2": SITE + "/"})
    assert a == b and hash(a) == hash(b)
    assert a != c and a != MetricSnapshot(CQ, W21)
    assert len({a, b, c}) == 2
    for copied in (pickle.loads(pickle.dumps(a)), copy.deepcopy(a), copy.copy(a)):
        assert copied == a
        assert type(copied.texts) is type(a.texts)
        with pytest.raises(TypeError, match="read-only"):
            copied.texts["q32_2"] = "x"  # type: ignore[index]


@pytest.mark.parametrize(
    ("texts", "problem"),
    [
        ({"q32_2": ""}, "texts.q32_2: '' is not a text answer"),
        (
            {"q32_2": "  "},
            "texts.q32_2: '  ' is blank; leave the answer out when the form's blank is empty",
        ),
        (
            {"q32_2": 281},
            "texts.q32_2: 281 of type int is not a text answer; expected a non-empty str",
        ),
        (
            {"q32_2": None},
            "texts.q32_2: None of type NoneType is not a text answer; expected a non-empty str",
        ),
        (
            {"q32_2": "http://a\nb"},
            "texts.q32_2: 'http://a\\nb' contains the control character U+000A; "
            "a text answer is plain text",
        ),
        ({"": SITE}, "texts['']: '' is not an input id"),
        (
            {"q32\t2": SITE},
            "texts['q32\\t2']: 'q32\\t2' contains the control character U+0009; "
            "an input id is plain text",
        ),
        ({2: SITE}, "texts[2]: input name 2 of type int is not text"),
        (
            [SITE],
            "texts: ['http://jncqqfy.sdcourt.go'] of type list must be a table of text answers "
            "(a mapping from input name to text)",
        ),
        (
            SITE,
            "texts: 'http://jncqqfy.sdcourt.go' of type str must be a table of text answers "
            "(a mapping from input name to text)",
        ),
    ],
)
def test_bad_texts_are_refused_at_their_path(texts: object, problem: str) -> None:
    with pytest.raises(ValidationError) as info:
        MetricSnapshot(CQ, W21, texts=texts)  # type: ignore[arg-type]
    assert str(info.value) == problem


def test_a_batch_carries_texts_through_every_route() -> None:
    snaps = [
        MetricSnapshot(CQ, W21, values={"q32_1": True}, texts={"q32_2": SITE}),
        MetricSnapshot(JN, W21, values={"q32_1": False}),
        MetricSnapshot(QD, W21, texts={"q32_2": "法院网站", "note": "见附件"}),
    ]
    batch = SnapshotBatch.from_snapshots(snaps)
    assert list(batch.texts) == ["note", "q32_2"]
    assert batch.texts["q32_2"].dtype == object
    assert batch.texts["q32_2"].tolist() == [SITE, None, "法院网站"]
    assert batch.texts["note"].tolist() == [None, None, "见附件"]
    assert batch.inputs == ("q32_1",)  # texts are not inputs
    assert batch.to_snapshots() == snaps
    picked = batch.take(np.array([2, 0]))
    assert picked.texts["q32_2"].tolist() == ["法院网站", SITE]
    assert picked.to_snapshots() == [snaps[2], snaps[0]]
    assert batch.take(np.array([False, True, False])).to_snapshots() == [snaps[1]]
    # A batch of one (its own fast path), with and without texts.
    one = SnapshotBatch.from_snapshots(snaps[:1])
    assert {k: v.tolist() for k, v in one.texts.items()} == {"q32_2": [SITE]}
    assert one.row(0) == snaps[0]
    plain = SnapshotBatch.from_snapshots(snaps[1:2])
    assert plain.texts == {}
    assert plain.row(0) == snaps[1]
    # Without texts, a batch of many has none either.
    assert SnapshotBatch.from_snapshots(SNAPSHOTS).texts == {}


def test_from_columns_takes_texts_and_refuses_bad_ones() -> None:
    batch = SnapshotBatch.from_columns(
        court=[CQ, JN],
        period=["2019", "2019"],
        columns={"q32_3": np.array([281.0, np.nan])},
        texts={"q32_2": [SITE, None]},
    )
    assert batch.texts["q32_2"].tolist() == [SITE, None]
    assert batch.row(0).texts == {"q32_2": SITE}
    assert batch.row(1).texts == {}
    with pytest.raises(ValidationError) as info:
        SnapshotBatch.from_columns(
            court=[CQ, JN],
            period=["2019", "2019"],
            columns={},
            texts={"q32_2": ["", 281]},
        )
    assert str(info.value) == (
        "2 problems:\n"
        f"  texts.q32_2[0]: '' is not a text answer (court '{CQ}', period 2019)\n"
        "  texts.q32_2[1]: 281 of type int is not a text answer; expected a non-empty str "
        f"(court '{JN}', period 2019)"
    )
    with pytest.raises(ValidationError) as info:
        SnapshotBatch.from_columns(
            court=[CQ, JN], period=["2019", "2019"], columns={}, texts={"q32_2": [SITE]}
        )
    assert str(info.value) == "texts.q32_2: has shape (1,), expected (2,)"
    with pytest.raises(InputError) as err:
        SnapshotBatch.from_columns(court=[CQ], period=["2019"], columns={}, texts={"q32_2": SITE})
    assert str(err.value) == (
        "from_columns: texts['q32_2'] must be a sequence of text answers (str or None); "
        f"got '{SITE}' of type str"
    )
