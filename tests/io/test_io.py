"""Tests of courtinfo.io: snapshot files as JSON and wide CSV, and every way they can be wrong."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from courtinfo.base._errors import DuplicateSnapshotError, InputError, Problem, ValidationError
from courtinfo.data._dataset import BatchSnapshots, Dataset
from courtinfo.data._snapshots import MetricSnapshot
from courtinfo.io import (
    dataset_from_csv,
    dataset_from_data,
    dataset_from_json,
    dataset_to_csv,
    dataset_to_data,
    dataset_to_json,
    format_cell,
    load_csv,
    load_dataset,
    load_json,
    parse_cell,
    save_csv,
    save_dataset,
    save_json,
)
from courtinfo.org import Court, CourtLevel, Department, DepartmentKind
from courtinfo.periods._period import Period
from courtinfo.testing import assert_batches_equal

L = CourtLevel
JN = "济南市中级人民法院"
CQ = "济南市长清区人民法院"

SNAPSHOTS = (
    MetricSnapshot(
        JN,
        Period.parse("2022-W21"),
        values={
            "recorded_hearings": 3_000_000_000,
            "online_filing_rate": 12.5,
            "has_e_archive": True,
            "capabilities": frozenset("CDE"),
            "none_ticked": frozenset(),
        },
        platform_values={"recorded_hearings": 3_000_000_001},
    ),
    MetricSnapshot(
        JN, Period.parse("2022-W21"), department="民一庭", values={"has_e_archive": False}
    ),
    MetricSnapshot(CQ, Period.parse("2022-Q2"), values={"recorded_hearings": 0}),
)
# The snapshots name their courts by the tree's codes (a court outside the tree is refused).
COURTS = (Court(JN, JN, L.INTERMEDIATE), Court(CQ, CQ, L.BASIC, JN))
DEPARTMENTS = (Department.from_name(JN, "民一庭"),)
DATASET = Dataset(SNAPSHOTS, COURTS, DEPARTMENTS)

EXPECTED_CSV = """\
court,department,period,capabilities,has_e_archive,none_ticked,online_filing_rate,recorded_hearings,platform:recorded_hearings
济南市中级人民法院,,2022-W21,"{C,D,E}",是,{},12.5,3000000000,3000000001
济南市中级人民法院,民一庭,2022-W21,,否,,,,
济南市长清区人民法院,,2022-Q2,,,,,0,
"""


def typed(snapshot: MetricSnapshot) -> tuple[object, ...]:
    """A snapshot with each value's type beside it: == alone takes True for 1 and 1.0 for 1."""

    def cells(values: dict[str, object]) -> dict[str, tuple[str, object]]:
        return {k: (type(v).__name__, v) for k, v in values.items()}

    return (*snapshot.key, cells(snapshot.values), cells(snapshot.platform_values))  # type: ignore[arg-type]


def outcome(read: Callable[[], Dataset]) -> Dataset | tuple[str, str]:
    """What `read` gives: a dataset, or its error's type name and message."""
    try:
        return read()
    except Exception as exc:
        return (type(exc).__name__, str(exc))


def read_alike(
    fast: Callable[[], Dataset], slow: Callable[[], Dataset]
) -> Dataset | None:
    """Read one input as columns (`fast`) and one row at a time (`slow`): equal snapshots,
    value types and texts, equal batches; or equal errors (then None)."""
    got, want = outcome(fast), outcome(slow)
    if not isinstance(want, Dataset):
        assert got == want
        return None
    assert isinstance(got, Dataset), got
    assert isinstance(got.snapshots, BatchSnapshots)
    assert got == want
    assert [typed(s) for s in got.snapshots] == [typed(s) for s in want.snapshots]
    assert [s.texts for s in got.snapshots] == [s.texts for s in want.snapshots]
    assert_batches_equal(got.batch(), want.batch())
    return got


def message(info: pytest.ExceptionInfo[BaseException]) -> str:
    return str(info.value)


# -- JSON ----------------------------------------------------------------------------------


def test_json_text_is_sorted_readable_and_exact() -> None:
    data = json.loads(dataset_to_json(DATASET))
    assert data["courts"] == [
        {"code": JN, "name": JN, "level": "intermediate"},
        {"code": CQ, "name": CQ, "level": "basic", "parent": JN},
    ]
    assert data["departments"] == [
        {"court": JN, "code": "civil-1", "kind": "civil", "name": "民一庭", "number": 1}
    ]
    assert data["snapshots"][0] == {
        "court": JN,
        "period": "2022-W21",
        "values": {
            "capabilities": ["C", "D", "E"],
            "has_e_archive": True,
            "none_ticked": [],
            "online_filing_rate": 12.5,
            "recorded_hearings": 3000000000,
        },
        "platform_values": {"recorded_hearings": 3000000001},
    }
    assert data["snapshots"][1] == {
        "court": JN,
        "department": "民一庭",
        "period": "2022-W21",
        "values": {"has_e_archive": False},
    }
    text = dataset_to_json(Dataset(SNAPSHOTS[2:]))
    assert text == (
        "{\n"
        '  "snapshots": [\n'
        "    {\n"
        '      "court": "济南市长清区人民法院",\n'
        '      "period": "2022-Q2",\n'
        '      "values": {\n'
        '        "recorded_hearings": 0\n'
        "      }\n"
        "    }\n"
        "  ]\n"
        "}\n"
    )


def test_json_round_trip_keeps_values_and_their_types() -> None:
    back = dataset_from_json(dataset_to_json(DATASET))
    assert back == DATASET
    assert [typed(s) for s in back.snapshots] == [typed(s) for s in SNAPSHOTS]
    first = back.snapshots[0]
    assert first.values["recorded_hearings"] == 3_000_000_000
    assert type(first.values["recorded_hearings"]) is int
    assert first.values["has_e_archive"] is True
    assert first.values["none_ticked"] == frozenset()
    assert first.get("recorded_hearings") == 3_000_000_001
    assert back.courts[1].parent == JN
    assert back.departments[0].kind is DepartmentKind.CIVIL
    tree = back.tree()
    assert tree is not None and tree.parent(CQ) == COURTS[0]


def test_json_output_is_byte_identical_for_the_same_input(tmp_path: Path) -> None:
    # The same snapshot built with its values in another order writes the same bytes.
    reordered = MetricSnapshot(
        JN,
        Period.parse("2022-W21"),
        values=dict(reversed(list(SNAPSHOTS[0].values.items()))),
        platform_values=SNAPSHOTS[0].platform_values,
    )
    other = Dataset((reordered, *SNAPSHOTS[1:]), COURTS, DEPARTMENTS)
    save_json(DATASET, tmp_path / "a.json")
    save_json(other, tmp_path / "b.json")
    a, b = (tmp_path / "a.json").read_bytes(), (tmp_path / "b.json").read_bytes()
    assert a == b
    assert "济南市中级人民法院".encode() in a  # ensure_ascii=False
    save_json(load_dataset(tmp_path / "a.json"), tmp_path / "c.json")
    assert (tmp_path / "c.json").read_bytes() == a


def test_json_list_form_and_plain_data() -> None:
    text = '[{"court": "济南市长清区人民法院", "period": "2022年第2季度", "values": {"x": "是"}}]'
    ds = dataset_from_json(text)
    assert ds.courts == () and ds.departments == ()
    assert ds.snapshots == (MetricSnapshot(CQ, Period.quarter(2022, 2), values={"x": True}),)
    assert dataset_from_data(dataset_to_data(DATASET)) == DATASET


def test_load_and_save_by_suffix(tmp_path: Path) -> None:
    save_dataset(DATASET, tmp_path / "week.json")
    save_dataset(DATASET, tmp_path / "week.CSV")
    assert load_dataset(tmp_path / "week.json") == DATASET
    assert load_json(str(tmp_path / "week.json")) == DATASET
    assert load_dataset(str(tmp_path / "week.CSV")) == Dataset(SNAPSHOTS)
    assert (tmp_path / "week.CSV").read_text(encoding="utf-8") == EXPECTED_CSV


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dataset_to_json(DATASET).encode())
    assert load_dataset(path) == DATASET
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + EXPECTED_CSV.encode())
    assert load_dataset(path) == Dataset(SNAPSHOTS)


@pytest.mark.parametrize("name", ["week.xls", "week", "week.json.bak"])
def test_unknown_suffix_names_the_file(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match=r"use \.json, \.csv, \.xlsx or \.parquet") as info:
        load_dataset(tmp_path / name)
    assert message(info).startswith(f"{tmp_path / name}: cannot tell the file format")
    with pytest.raises(InputError, match="cannot tell the file format"):
        save_dataset(DATASET, tmp_path / name)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_dataset(tmp_path / "nope.json")
    assert message(info) == f"{tmp_path / 'nope.json'}: no such file"
    with pytest.raises(InputError, match="no such file"):
        load_csv(tmp_path / "nope.csv")


def test_a_directory_is_not_a_file(tmp_path: Path) -> None:
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(InputError, match=r"dir\.json: cannot read the file"):
        load_dataset(tmp_path / "dir.json")


@pytest.mark.parametrize(
    ("call", "function"),
    [
        (lambda p: load_dataset(p), "load_dataset"),
        (lambda p: load_json(p), "load_json"),
        (lambda p: load_csv(p), "load_csv"),
        (lambda p: save_dataset(DATASET, p), "save_dataset"),
        (lambda p: save_json(DATASET, p), "save_json"),
        (lambda p: save_csv(DATASET, p), "save_csv"),
    ],
)
def test_a_path_that_is_no_path(call, function: str) -> None:  # type: ignore[no-untyped-def]
    for bad, shown in ((None, "None of type NoneType"), (b"w.json", "b'w.json' of type bytes")):
        with pytest.raises(InputError) as info:
            call(bad)
        assert message(info) == (
            f"{function}: path must be a file path (str or os.PathLike); got {shown}"
        )
    # A NUL in a path (open() would raise ValueError: embedded null byte).
    with pytest.raises(InputError) as info:
        call("w\x00.json")
    verb = "read" if function.startswith("load") else "write"
    assert message(info) == f"'w\\x00.json': cannot {verb} the file (embedded null byte)"


def test_text_that_is_no_str() -> None:
    with pytest.raises(InputError) as info:
        dataset_from_csv(b"court,period\n")  # type: ignore[arg-type]
    assert message(info) == (
        "dataset_from_csv: text must be a str; got b'court,period\\n' of type bytes "
        "(decode the bytes as UTF-8 first, or read the file with load_dataset)"
    )
    with pytest.raises(InputError) as info:
        dataset_from_json(["[]"])  # type: ignore[arg-type]
    assert message(info) == "dataset_from_json: text must be a str; got ['[]'] of type list"


def test_non_utf8_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes(b'[\n  {"court": "' + "济南".encode("gbk") + b'", "period": "2022"}\n]')
    with pytest.raises(InputError) as info:
        load_dataset(path)
    assert message(info) == (
        f"{path}:2: not UTF-8 text (byte 0xbc at offset 15); it reads as GB18030/GBK, what "
        "Excel saves on Chinese Windows: give encoding='gb18030' (command line: --encoding "
        "gb18030), or save it as UTF-8"
    )
    assert load_dataset(path, encoding="gbk").snapshots[0].court == "济南"
    path = tmp_path / "gbk.csv"
    path.write_bytes(b"court,period\n" + "济南,2022\n".encode("gbk"))
    with pytest.raises(InputError, match=r"gbk\.csv:2: not UTF-8 text"):
        load_dataset(path)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"snapshots": [\n  {"court": "a",}\n]}', "line 2, column 17: Expecting property name"),
        ('[\n  {"court": "济南", "period": "2022"\n', "line 3, column 1: Expecting ',' delimiter"),
        ("", "line 1, column 1: Expecting value"),
    ],
)
def test_malformed_json(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_dataset(path)
    assert message(info).startswith(f"{path}: malformed JSON at {where}")
    with pytest.raises(InputError, match=f"^<string>: malformed JSON at {where}"):
        dataset_from_json(text)


def test_every_problem_reported_at_once_with_path_and_file(tmp_path: Path) -> None:
    doc = {
        "snapshots": [
            {"court": JN, "period": "2022-W21", "values": {"recorded_hearings": 5}},
            {"court": JN, "period": "2022-W99"},
            {"court": CQ, "period": "2022-W21", "values": {"capabilities": ["C", "x"]}},
            {"court": CQ, "period": "2022-W22", "values": {"recorded_hearings": -4}},
            {"court": CQ, "period": "2022-W23", "values": {"online": "abc"}},
            {"court": CQ, "period": "2022-W24", "extra": 1},
        ],
        "courts": [{"code": "jn", "name": JN, "level": "city"}],
    }
    path = tmp_path / "week.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_dataset(path)
    err = info.value
    assert err.source == str(path)
    assert err.problems[:-1] == (
        Problem("$.snapshots[1].period", "'2022-W99': ISO year 2022 has only 52 weeks"),
        Problem("$.snapshots[2].values.capabilities", "options 'x' are not option letters A-Z"),
        Problem(
            "$.snapshots[3].values.recorded_hearings", "-4 is negative; counts cannot be below 0"
        ),
        Problem(
            "$.snapshots[4].values.online",
            "'abc' is not a number, a yes/no answer (是/否) or a list of options",
        ),
        Problem("$.snapshots[5]", "unknown field(s) extra"),
    )
    # The court's own wording of a bad level belongs to org; only where it is matters here.
    assert err.problems[-1].path.startswith("$.courts[0]")
    assert "'city'" in err.problems[-1].message
    text = str(err)
    assert text.startswith(f"{path}: 6 problems:\n")
    assert "  $.snapshots[3].values.recorded_hearings: -4 is negative" in text


def test_list_form_paths_start_at_the_root() -> None:
    with pytest.raises(ValidationError) as info:
        dataset_from_json(
            '[{"court": "a", "period": "2022"}, {"court": "", "period": "2022"}]', "w"
        )
    assert str(info.value) == "w: $[1].court: '' is not a court code"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"snapshots"',
            "f.json: expected a list of snapshots or an object with 'snapshots', got str",
        ),
        ("{}", "f.json: $.snapshots: required field missing"),
        ('{"snapshots": [], "courts": [], "notes": 1}', "f.json: $: unknown field(s) notes"),
        (
            '{"snapshots": [], "snapshots": []}',
            "f.json: key 'snapshots' appears twice in one JSON object",
        ),
    ],
)
def test_document_shape_errors(text: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        dataset_from_json(text, "f.json")
    assert str(info.value).startswith(expected)


def test_court_tree_is_validated_at_load(tmp_path: Path) -> None:
    doc = {
        "courts": [
            {"code": "sd", "name": "山东省高级人民法院", "level": "high", "parent": "jn"},
            {"code": "jn", "name": JN, "level": "intermediate", "parent": "sd"},
        ],
        "snapshots": [],
    }
    path = tmp_path / "tree.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_dataset(path)
    text = str(info.value)
    assert text.startswith(f"{path}: ")
    assert "$.courts: court 'sd': parent links form a cycle: 'sd' -> 'jn' -> 'sd'" in text
    assert "$.courts: court 'sd': parent 'jn' is intermediate" in text


def test_departments_are_checked_against_the_tree() -> None:
    doc = {
        "courts": [{"code": "jn", "name": JN, "level": "intermediate"}],
        "departments": [{"court": "qd", "code": "civil-1", "kind": "civil", "name": "民一庭"}],
        "snapshots": [],
    }
    with pytest.raises(ValidationError) as info:
        dataset_from_data(doc, "d.json")
    assert (
        str(info.value) == "d.json: $.departments: department 'civil-1': court 'qd' does not exist"
    )


def test_duplicate_snapshots_refused_at_load_naming_both(tmp_path: Path) -> None:
    doc = {
        "snapshots": [
            {"court": JN, "period": "2022-W21", "values": {"x": 1}},
            {"court": JN, "period": "2022-W21", "department": "民一庭"},
            {"court": JN, "period": "2022年第21周", "values": {"x": 2}},
        ]
    }
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DuplicateSnapshotError) as info:
        load_dataset(path)
    assert str(info.value) == (
        f"{path}: $.snapshots[2]: duplicates $.snapshots[0]: "
        f"court '{JN}', department None, period 2022-W21"
    )
    with pytest.raises(DuplicateSnapshotError, match=r"^s: \$\[2\]: duplicates \$\[0\]"):
        dataset_from_data(doc["snapshots"], "s")


# -- CSV -----------------------------------------------------------------------------------


def test_csv_text_is_exact() -> None:
    assert dataset_to_csv(DATASET) == EXPECTED_CSV  # courts and departments are not written
    assert dataset_to_csv(Dataset(())) == "court,department,period\n"


def test_csv_round_trip_keeps_values_and_their_types(tmp_path: Path) -> None:
    back = dataset_from_csv(EXPECTED_CSV)
    assert back == Dataset(SNAPSHOTS)
    assert [typed(s) for s in back.snapshots] == [typed(s) for s in SNAPSHOTS]
    save_csv(back, tmp_path / "a.csv")
    save_csv(load_csv(tmp_path / "a.csv"), tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.csv").read_bytes() == EXPECTED_CSV.encode()


def test_empty_choice_round_trip() -> None:
    ds = Dataset([MetricSnapshot(JN, Period.parse("2022-05"), values={"c": frozenset()})])
    text = dataset_to_csv(ds)
    assert text == "court,department,period,c\n济南市中级人民法院,,2022-05,{}\n"
    back = dataset_from_csv(text)
    assert back.snapshots[0].values == {"c": frozenset()}
    assert dataset_from_json(dataset_to_json(ds)).snapshots[0].values == {"c": frozenset()}


def test_csv_reading_is_lenient_where_it_is_safe() -> None:
    text = (
        "court , period,platform: x , y,z\n"
        "\n"
        ' 济南市中级人民法院 ,2022年5月, 7 ,YES,"{ A , C }"\n'
        ",,,,\n"
        "济南市长清区人民法院,2022-05,,False,\n"
    )
    ds = dataset_from_csv(text, "m.csv")
    assert ds.snapshots == (
        MetricSnapshot(
            JN,
            Period.month(2022, 5),
            values={"y": True, "z": frozenset("AC")},
            platform_values={"x": 7},
        ),
        MetricSnapshot(CQ, Period.month(2022, 5), values={"y": False}),
    )


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("", None),
        ("  ", None),
        ("0", 0),
        ("3000000000", 3_000_000_000),
        ("9007199254740992", 2**53),
        ("007", 7),
        ("-0", 0),
        ("+3", 3),
        ("12.5", 12.5),
        ("12.0", 12.0),
        ("1e+15", 1e15),
        (".5", 0.5),
        ("0.1", 0.1),
        ("是", True),
        ("否", False),
        ("Yes", True),
        ("no", False),
        ("TRUE", True),
        ("false", False),
        ("{C,D,E}", frozenset("CDE")),
        ("{}", frozenset()),
        ("{ }", frozenset()),
    ],
)
def test_parse_cell(cell: str, value: object) -> None:
    got = parse_cell(cell)
    assert got == value
    assert type(got) is type(value)


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("abc", "'abc' is not a number, a yes/no answer (是/否/yes/no/true/false)"),
        ("1_000", "'1_000' is not a number"),
        ("３", "'３' is not a number"),
        ("-4", "-4 is negative; counts cannot be below 0"),
        ("-0.5", "-0.5 is negative; measures cannot be below 0"),
        ("9007199254740993", "9007199254740993 exceeds the largest supported count 2**53"),
        ("1" * 5000, "111111111111... has 5000 digits; counts stop at 2**53"),
        ("-" + "0" * 5000 + "4", "-4 is negative"),
        ("nan", "NaN is not a value"),
        ("inf", "inf is infinite"),
        ("1e999", "inf is infinite"),
        ("1e+16", "1e+16 exceeds the largest supported value 2**53"),
        ("{c}", "options 'c' are not option letters A-Z"),
        ("{C,,D}", "options '' are not option letters A-Z"),
        ("C,D", "'C,D' is not a number"),
    ],
)
def test_parse_cell_refuses(cell: str, problem: str) -> None:
    with pytest.raises(InputError) as info:
        parse_cell(cell)
    assert str(info.value).startswith(problem)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, ""),
        (True, "是"),
        (False, "否"),
        (0, "0"),
        (3_000_000_000, "3000000000"),
        (12.5, "12.5"),
        (0.1, "0.1"),
        (1e15, "1000000000000000.0"),
        (frozenset("EDC"), "{C,D,E}"),
        (frozenset(), "{}"),
    ],
)
def test_format_cell(value: object, cell: str) -> None:
    assert format_cell(value) == cell  # type: ignore[arg-type]
    assert parse_cell(cell) == value


def test_csv_cell_problems_collected_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "week.csv"
    path.write_text(
        "court,department,period,recorded_hearings,platform:recorded_hearings,caps\n"
        f"{JN},,2022-W21,abc,3,{{C}}\n"
        "\n"
        f"{JN},民一庭,2022-W99,-4,,{{c}}\n"
        ",,2022-W21,1,1,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as info:
        load_dataset(path)
    err = info.value
    assert err.source == str(path)
    assert [str(p) for p in err.problems] == [
        f"{path}:2 column recorded_hearings: 'abc' is not a number, a yes/no answer "
        "(是/否/yes/no/true/false) or a set of options such as {C,D,E}",
        f"{path}:4 column period: '2022-W99': ISO year 2022 has only 52 weeks",
        f"{path}:4 column recorded_hearings: -4 is negative; counts cannot be below 0",
        f"{path}:4 column caps: options 'c' are not option letters A-Z",
        f"{path}:5 column court: empty; every row needs a court",
    ]
    assert str(err).startswith("5 problems:\n")


def test_a_single_bad_cell_reads_file_line_column() -> None:
    with pytest.raises(ValidationError) as info:
        dataset_from_csv("court,period,x\na,2022,12.5.1\n", "w.csv")
    assert str(info.value) == (
        "w.csv:2 column x: '12.5.1' is not a number, a yes/no answer (是/否/yes/no/true/false) "
        "or a set of options such as {C,D,E}"
    )


def test_cell_problems_stop_being_listed_at_a_limit() -> None:
    rows = "".join(f"court{i},2022,-1\n" for i in range(150))
    with pytest.raises(ValidationError) as info:
        dataset_from_csv("court,period,x\n" + rows, "big.csv")
    problems = info.value.problems
    assert len(problems) == 101
    assert str(problems[0]) == "big.csv:2 column x: -1 is negative; counts cannot be below 0"
    assert str(problems[-1]) == "... and 50 more problems"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "court,department,period,a,b,c,d\nx,,2022,1,2,3,4\nx,,2023,1,2\n",
            "f.csv:3: row has 5 cells, header has 7",
        ),
        (
            "court,department,period,a,b,c,d\nx,,2022,1,2,3,4,5,6\n",
            "f.csv:2: row has 9 cells, header has 7",
        ),
        (
            "court,x\na,1\n",
            "f.csv:1: missing required column 'period'; the header starts "
            "court,department,period,...",
        ),
        ("\n\nperiod,court,period\n", "f.csv:3: duplicate header 'period' (columns 1 and 3)"),
        ("court,period,,x\n", "f.csv:1: column 3 has an empty header"),
        ("court,period,platform:\n", "f.csv:1: column 3 header 'platform:' names no input"),
        (
            "court,period,platform:x,platform: x\n",
            "f.csv:1: duplicate header 'platform: x' (columns 3 and 4)",
        ),
        ("", "f.csv: no header row; expected court,department,period,<input>..."),
        ("\n  \n", "f.csv: no header row; expected court,department,period,<input>..."),
    ],
)
def test_csv_structure_errors(text: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        dataset_from_csv(text, "f.csv")
    assert str(info.value) == expected


def test_a_header_with_several_faults_lists_them_all() -> None:
    with pytest.raises(ValidationError) as info:
        dataset_from_csv("court,court,\n", "h.csv")
    assert [str(p) for p in info.value.problems] == [
        "h.csv:1: duplicate header 'court' (columns 1 and 2)",
        "h.csv:1: column 3 has an empty header",
        "h.csv:1: missing required column 'period'; the header starts court,department,period,...",
    ]


def test_csv_duplicates_named_by_line(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text(
        f"court,department,period,x\n{JN},,2022-W21,1\n{JN},民一庭,2022-W21,1\n{JN},,2022年第21周,2\n",
        encoding="utf-8",
    )
    with pytest.raises(DuplicateSnapshotError) as info:
        load_dataset(path)
    assert str(info.value) == (
        f"{path}:4: duplicates line 2: court '{JN}', department None, period 2022-W21"
    )


def test_csv_refuses_inputs_that_cannot_be_columns() -> None:
    snap = MetricSnapshot(JN, Period.parse("2022"), values={"court": 1, "platform:x": 2, " y": 3})
    with pytest.raises(InputError) as info:
        dataset_to_csv(Dataset([snap]))
    # ' y' is the input 'y': names are normalised when the snapshot is made.
    assert snap.values["y"] == 3
    assert str(info.value) == "inputs 'court', 'platform:x' cannot be CSV column names"


def test_platform_and_court_values_side_by_side() -> None:
    text = "court,period,x,platform:x\n济南市中级人民法院,2022,3,5\n济南市长清区人民法院,2022,4,\n"
    a, b = dataset_from_csv(text).snapshots
    assert (a.values, a.platform_values, a.get("x")) == ({"x": 3}, {"x": 5}, 5)
    assert (b.values, b.platform_values, b.get("x")) == ({"x": 4}, {}, 4)
    assert dataset_to_csv(dataset_from_csv(text)) == (
        "court,department,period,x,platform:x\n"
        "济南市中级人民法院,,2022,3,5\n"
        "济南市长清区人民法院,,2022,4,\n"
    )


def test_quoted_cells_and_commas_in_names() -> None:
    snap = MetricSnapshot(
        '法院,"甲"', Period.parse("2019-01-01/2019-06-30"), values={"c": frozenset("AB")}
    )
    text = dataset_to_csv(Dataset([snap]))
    assert text == 'court,department,period,c\n"法院,""甲""",,2019-01-01/2019-06-30,"{A,B}"\n'
    assert dataset_from_csv(text).snapshots == (snap,)


# -- free-text answers ---------------------------------------------------------------------

SITE = "http://jncqqfy.sdcourt.go"
WITH_TEXTS = (
    MetricSnapshot(
        CQ, Period.parse("2019"), values={"q32_1": True, "q32_3": 281}, texts={"q32_2": SITE}
    ),
    MetricSnapshot(JN, Period.parse("2019"), values={"q32_1": False}),
    MetricSnapshot(
        "青岛", Period.parse("2019"), texts={"note": ' 见附件，"甲", 乙 ', "q32_2": "网址"}
    ),
)


def test_texts_in_json_exactly_and_only_when_given() -> None:
    data = dataset_to_data(Dataset(WITH_TEXTS))
    assert data["snapshots"][0] == {
        "court": CQ,
        "period": "2019",
        "values": {"q32_1": True, "q32_3": 281},
        "texts": {"q32_2": SITE},
    }
    assert "texts" not in data["snapshots"][1]  # no key when empty: older files stay as they are
    text = dataset_to_json(Dataset(WITH_TEXTS[:1]))
    assert '      "texts": {\n        "q32_2": "http://jncqqfy.sdcourt.go"\n      },\n' in text
    back = dataset_from_json(dataset_to_json(Dataset(WITH_TEXTS)))
    assert back.snapshots == WITH_TEXTS
    assert back.snapshots[2].texts == {"note": ' 见附件，"甲", 乙 ', "q32_2": "网址"}


def test_bad_texts_in_json_are_named_by_path() -> None:
    doc = [
        {"court": CQ, "period": "2019", "texts": {"q32_2": 281}},
        {"court": JN, "period": "2019", "texts": ["x"]},
    ]
    with pytest.raises(ValidationError) as info:
        dataset_from_data(doc, "a.json")
    assert [str(p) for p in info.value.problems] == [
        "$[0].texts.q32_2: 281 of type int is not a text answer; expected a non-empty str",
        "$[1].texts: ['x'] of type list must be a table of text answers "
        "(a mapping from input name to text)",
    ]


def test_texts_in_csv_are_text_columns() -> None:
    text = dataset_to_csv(Dataset(WITH_TEXTS))
    assert text == (
        "court,department,period,q32_1,q32_3,text:note,text:q32_2\n"
        f"{CQ},,2019,是,281,,{SITE}\n"
        f"{JN},,2019,否,,,\n"
        '青岛,,2019,,," 见附件，""甲"", 乙 ",网址\n'
    )
    back = dataset_from_csv(text)
    assert back.snapshots == WITH_TEXTS
    assert dataset_to_csv(back) == text
    # A blank cell is an answer not given; a text that looks like a value stays text.
    lenient = dataset_from_csv("court,period, text: q32_2 ,text:n\na,2019,  ,是\n")
    assert lenient.snapshots[0].texts == {"n": "是"}
    assert lenient.snapshots[0].values == {}


def test_bad_text_cells_are_named_by_line_and_column() -> None:
    text = 'court,period,text:q32_2\na,2019,"http://a\nb"\nb,2019,ok\n'
    with pytest.raises(ValidationError) as info:
        dataset_from_csv(text, "w.csv")
    assert str(info.value) == (
        "w.csv:2 column text:q32_2: 'http://a\\nb' contains the control character U+000A; "
        "a text answer is plain text"
    )
    with pytest.raises(ValidationError) as info:
        dataset_from_csv("court,period,text:\na,2019,x\n", "w.csv")
    assert str(info.value) == "w.csv:1: column 3 header 'text:' names no input"


def test_csv_refuses_text_inputs_that_cannot_be_columns() -> None:
    period = Period.parse("2022")
    snap = MetricSnapshot(JN, period, values={"text:x": 1}, texts={" y": "z"})
    with pytest.raises(InputError) as info:
        dataset_to_csv(Dataset([snap]))
    assert snap.texts == {"y": "z"}
    assert str(info.value) == "inputs 'text:x' cannot be CSV column names"


# -- saving whole or not at all ------------------------------------------------------------


def test_save_dataset_refuses_what_is_no_dataset_before_touching_the_file(tmp_path: Path) -> None:
    target = tmp_path / "d.json"
    target.write_text("[]\n")
    for save in (save_dataset, save_json, save_csv):
        with pytest.raises(InputError) as info:
            save(None, target)  # type: ignore[arg-type]
        name = save.__name__
        assert str(info.value) == f"{name}: dataset must be a Dataset; got None of type NoneType"
    assert target.read_text() == "[]\n"
    with pytest.raises(InputError):
        save_dataset(None, tmp_path / "new.json")  # type: ignore[arg-type]
    assert not (tmp_path / "new.json").exists()


def test_save_dataset_under_a_real_file_size_limit_keeps_the_old_file(tmp_path: Path) -> None:
    import subprocess
    import sys

    target = tmp_path / "d.json"
    old = dataset_to_json(Dataset([MetricSnapshot(JN, Period.parse("2022"), values={"x": 1})]))
    target.write_text(old)
    script = (
        "import resource, sys\n"
        "from courtinfo import Dataset, MetricSnapshot, Period, save_dataset\n"
        "from courtinfo.base import InputError\n"
        "snaps = [MetricSnapshot(f'c{i}', Period.parse('2022'), values={'x': i}) for i in range(500)]\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))\n"
        "try:\n"
        "    save_dataset(Dataset(snaps), sys.argv[1])\n"
        "except InputError as exc:\n"
        "    print(exc)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(target)], capture_output=True, text=True, timeout=60
    )
    assert proc.stdout == f"{target}: cannot write the file (File too large)\n", proc.stderr
    assert target.read_text() == old
    assert [p.name for p in tmp_path.iterdir()] == ["d.json"]
