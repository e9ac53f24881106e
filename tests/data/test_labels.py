"""Tests of normalize_label/normalize_labels: one spelling of each label in every format."""

from __future__ import annotations

import numpy as np
import pytest

from courtinfo.base import InputError, ValidationError
from courtinfo.data import (
    MetricSnapshot,
    SnapshotBatch,
    department_identity,
    normalize_label,
    normalize_labels,
)
from courtinfo.io import dataset_from_csv, dataset_from_json
from courtinfo.periods import Period

Y = Period.parse("2022")


@pytest.mark.parametrize(
    ("text", "what", "expected"),
    [
        ("立案庭", "department", "立案庭"),
        (" 立案庭\u3000", "department", "立案庭"),
        ("\t立案庭\n", "department", "立案庭"),
        ("\u00a0c1\u00a0", "court", "c1"),
        ("ＡＢ１", "court", "AB1"),  # full-width letters and digits (NFKC)
        ("q6_1 ", "input", "q6_1"),
        ("", "department", ""),
        ("\u3000 ", "department", ""),
    ],
)
def test_one_spelling(text: str, what: str, expected: str) -> None:
    assert normalize_label(text, what) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "what", "message"),
    [
        (
            "立案\u200b庭",
            "department",
            "'立案\\u200b庭' holds the invisible character U+200B (ZERO WIDTH SPACE) at position 3;"
            " a department is plain text: delete it and type the label again",
        ),
        (
            " \ufeffc1",
            "court",
            "' \\ufeffc1' holds the invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE) at "
            "position 2; a court code is plain text: delete it and type the label again",
        ),
        (
            "q6\u200d1",
            "input",
            "'q6\\u200d1' holds the invisible character U+200D (ZERO WIDTH JOINER) at position 3;"
            " an input id is plain text: delete it and type the label again",
        ),
        ("", "court", "'' is not a court code"),
        ("\u3000", "court", "'\\u3000' is blank; a court code cannot be empty"),
        (" ", "input", "' ' is blank; an input id cannot be empty"),
        ("c\x001", "court", "'c\\x001' contains the control character U+0000; a court code is plain text"),
        (None, "court", "None of type NoneType is not a court code; expected a non-empty str"),
        (3, "department", "3 of type int is not a department; expected a non-empty str"),
    ],
)
def test_refused(text: object, what: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        normalize_label(text, what)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_what_is_checked() -> None:
    with pytest.raises(InputError, match="what must be one of 'court', 'department', 'input'"):
        normalize_label("x", "courts")  # type: ignore[arg-type]


def test_a_column_of_labels() -> None:
    out = normalize_labels(np.array(["a ", "b", " a"], dtype=object), "court")
    assert out.dtype == object and out.tolist() == ["a", "b", "a"]
    assert normalize_labels(["民一庭", None, " "], "department").tolist() == ["民一庭", "", ""]
    with pytest.raises(ValidationError) as info:
        normalize_labels(["a", "", "\u200bx", [1]], "court", field="court_code")
    assert [p.path for p in info.value.problems] == ["court_code[1]", "court_code[2]", "court_code[3]"]
    with pytest.raises(ValidationError) as info:
        normalize_labels([" "] * 12, "court")
    assert len(info.value.problems) == 11
    assert str(info.value.problems[-1]) == "court: 2 more rows are not a court code"


def test_every_format_gives_the_same_snapshot() -> None:
    csv_text = "court,department,period,q6_1 \nc1, 立案庭\u3000,2022,3\n"
    js = '[{"court": "c1 ", "department": "立案庭 ", "period": "2022", "values": {" q6_1": 3}}]'
    made = MetricSnapshot("\u3000c1", Y, department="立案庭\n", values={"q6_1\u3000": 3})
    batch = SnapshotBatch.from_columns(
        court=["c1\t"], period=["2022"], department=[" 立案庭"], columns={" q6_1": np.array([3])}
    )
    expected = MetricSnapshot("c1", Y, department="立案庭", values={"q6_1": 3})
    assert dataset_from_csv(csv_text).snapshots == (expected,)
    assert dataset_from_json(js).snapshots == (expected,)
    assert made == expected
    assert batch.to_snapshots() == [expected]


def test_a_blank_department_is_the_court_level_everywhere() -> None:
    assert MetricSnapshot("c1", Y, department="\u3000").department is None
    assert dataset_from_json('[{"court": "c1", "department": " ", "period": "2022"}]').snapshots[
        0
    ].department is None
    assert dataset_from_csv("court,department,period\nc1,\u3000,2022\n").snapshots[0].department is None
    batch = SnapshotBatch.from_columns(court=["c1"], period=["2022"], department=[" "], columns={})
    assert batch.department_of(0) is None


def test_two_spellings_of_one_label_are_one_key() -> None:
    # JSON kept "立案庭 " and "立案庭" as two departments; now they are duplicates.
    js = (
        '[{"court": "c1", "department": "立案庭 ", "period": "2022"},'
        ' {"court": "c1", "department": "立案庭", "period": "2022"}]'
    )
    with pytest.raises(InputError) as info:
        dataset_from_json(js, "d.json")
    assert str(info.value) == (
        "d.json: $[1]: duplicates $[0]: court 'c1', department '立案庭', period 2022"
    )
    with pytest.raises(InputError) as info:
        SnapshotBatch.from_columns(
            court=["c1", "c1 "], period=["2022", "2022"], department=["立案庭 ", "立案庭"], columns={}
        )
    assert str(info.value) == "row 1: duplicates row 0: court 'c1', department '立案庭', period 2022"


def test_input_names_written_two_ways_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        dataset_from_json('[{"court": "c1", "period": "2022", "values": {"q": 1, " q": 2}}]', "d.json")
    assert str(info.value) == "d.json: $[0].values[' q']: input name ' q' is 'q' written another way; give it once"
    with pytest.raises(ValidationError) as info:
        SnapshotBatch.from_columns(
            court=["c1"], period=["2022"], columns={"q": np.array([1]), "q\u3000": np.array([2])}
        )
    assert str(info.value) == "columns['q\\u3000']: input name 'q\\u3000' is 'q' written another way; give it once"
    with pytest.raises(ValidationError) as info:
        dataset_from_csv("court,period,q\u200b\nc1,2022,1\n", "d.csv")
    assert str(info.value) == (
        "d.csv:1: column 3 header: 'q\\u200b' holds the invisible character U+200B (ZERO WIDTH SPACE) "
        "at position 2; an input id is plain text: delete it and type the label again"
    )


@pytest.mark.parametrize(
    ("label", "identity"),
    [
        ("民一庭", ("civil", "1")),
        ("民事审判第一庭", ("civil", "1")),
        ("民1庭", ("civil", "1")),
        ("刑庭", ("criminal",)),
        ("刑事审判庭", ("criminal",)),
        ("刑事庭", ("criminal",)),
        ("刑一庭", ("criminal", "1")),
        ("审管办", ("trial_management",)),
        ("审判管理办公室", ("trial_management",)),
        ("立案庭", ("立案庭", "")),  # a court may have 诉讼服务中心 beside it
        ("诉讼服务中心", ("诉讼服务中心", "")),
        ("马山人民法庭", ("马山人民法庭", "")),
        ("civil-1", ("civil-1", "")),  # a code: its departments list says what it is
        ("审监廷", ("审监廷", "")),  # no known kind
        ("", ("", "")),
    ],
)
def test_department_identity(label: str, identity: tuple[str, ...]) -> None:
    assert department_identity(label) == identity
