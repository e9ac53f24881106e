"""Every class of bad input, and exactly what the user sees (the table in docs/bad-input.md).

Each test asserts the exception class (a `CourtinfoError` subclass) and the key parts of the
message: the field path, the offending value and the rule. For input that arrives in a file,
the test also runs the CLI and checks it exits non-zero with one line on stderr.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from courtinfo import (
    CourtinfoError,
    DuplicateSnapshotError,
    InputError,
    Missing,
    MissingInputError,
    PeriodError,
    SchemeError,
    SchemeValidationError,
    SnapshotBatch,
    UnknownNameError,
    ValidationError,
    dataset_from_csv,
    dataset_from_json,
    evaluate,
    load_dataset,
)
from courtinfo.cli import main
from courtinfo.formulas import Status
from courtinfo.indicators import get_scheme, load_scheme
from courtinfo.io import dataset_from_data
from courtinfo.org import DepartmentKind, resolve_department_kind
from courtinfo.periods._period import Period

DATA = Path(__file__).parent.parent / "courtinfo" / "indicators" / "data"
EXAMPLE = Path(__file__).parent.parent / "examples" / "data" / "changqing-2019.json"


@pytest.fixture(scope="module")
def spc():
    return get_scheme("spc-2019")


def snap(period: str = "2019", court: str = "c1", **values: object) -> dict[str, object]:
    return {"court": court, "period": period, "values": values}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run the CLI; assert it failed with exactly one stderr line and no traceback."""
    code = main(list(argv))
    out = capsys.readouterr()
    assert code != 0, out.out
    lines = out.err.splitlines()
    assert len(lines) == 1, out.err
    assert "Traceback" not in out.err
    assert lines[0].startswith("courtinfo: error: ")
    return code, lines[0]


def cli_evaluate(capsys: pytest.CaptureFixture[str], path: Path, scheme: str = "spc-2019") -> str:
    _, line = run_cli(capsys, "evaluate", "--scheme", scheme, str(path))
    return line


def json_file(tmp_path: Path, *snaps: dict[str, object]) -> Path:
    return write(tmp_path, "data.json", json.dumps(list(snaps), ensure_ascii=False))


# -- values ---------------------------------------------------------------------------------


def test_negative_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValidationError) as info:
        dataset_from_data([snap(q6_1=-3)], "d.json")
    msg = str(info.value)
    assert "$[0].values.q6_1" in msg
    assert "-3 is negative" in msg
    assert "counts cannot be below 0" in msg
    assert isinstance(info.value, InputError)
    line = cli_evaluate(capsys, json_file(tmp_path, snap(q6_1=-3)))
    assert "$[0].values.q6_1: -3 is negative" in line
    assert "data.json" in line


def test_nan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = '[{"court": "c1", "period": "2019", "values": {"q6_1": NaN}}]'
    with pytest.raises(ValidationError) as info:
        dataset_from_json(text, "d.json")
    msg = str(info.value)
    assert "$[0].values.q6_1" in msg
    assert "NaN is not a value" in msg
    assert "leave the input out" in msg
    line = cli_evaluate(capsys, write(tmp_path, "nan.json", text))
    assert "$[0].values.q6_1: NaN is not a value" in line
    # The same from a CSV cell.
    with pytest.raises(ValidationError, match=r"d\.csv:2 column q6_1: NaN is not a value"):
        dataset_from_csv("court,period,q6_1\nc1,2019,nan\n", "d.csv")


def test_infinity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = '[{"court": "c1", "period": "2019", "values": {"q6_1": Infinity}}]'
    with pytest.raises(ValidationError) as info:
        dataset_from_json(text, "d.json")
    assert "$[0].values.q6_1: inf is infinite" in str(info.value)
    line = cli_evaluate(capsys, write(tmp_path, "inf.json", text))
    assert "$[0].values.q6_1: inf is infinite" in line
    with pytest.raises(ValidationError, match=r"d\.csv:2 column q6_1: -?inf is infinite"):
        dataset_from_csv("court,period,q6_1\nc1,2019,-inf\n", "d.csv")


def test_non_numeric_string(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValidationError) as info:
        dataset_from_data([snap(q6_1="many")], "d.json")
    msg = str(info.value)
    assert "$[0].values.q6_1" in msg
    assert "'many' is not a number" in msg
    line = cli_evaluate(capsys, json_file(tmp_path, snap(q6_1="many")))
    assert "$[0].values.q6_1: 'many' is not a number" in line
    # In CSV the cell is named by file, line and column.
    with pytest.raises(ValidationError) as info:
        dataset_from_csv("court,period,q6_1\nc1,2019,many\n", "d.csv")
    assert "d.csv:2 column q6_1: 'many' is not a number" in str(info.value)


def test_yes_no_neither(spc, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A number other than 0/1 for a yes/no input is refused by evaluation.
    with pytest.raises(InputError) as info:
        evaluate(spc, dataset_from_data([snap(q2_1=2)]))
    msg = str(info.value)
    assert "values.q2_1" in msg
    assert "2.0 is not a yes/no answer" in msg
    assert "court 'c1', period 2019" in msg
    line = cli_evaluate(capsys, json_file(tmp_path, snap(q2_1=2)))
    assert "values.q2_1[0]: 2.0 is not a yes/no answer (0 or 1)" in line
    # A word that is neither yes nor no is refused when the data is read.
    with pytest.raises(ValidationError) as info:
        dataset_from_data([snap(q2_1="maybe")])
    assert "$[0].values.q2_1: 'maybe' is not a number, a yes/no answer" in str(info.value)


def test_choice_option_not_offered(spc, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError) as info:
        evaluate(spc, dataset_from_data([snap(q1=["A", "Z"])]))
    msg = str(info.value)
    assert "values.q1" in msg
    assert "ticks an option not offered (offered: ABCDEFGHIJK)" in msg
    line = cli_evaluate(capsys, json_file(tmp_path, snap(q1=["A", "Z"])))
    assert "values.q1" in line
    assert "not offered (offered: ABCDEFGHIJK)" in line
    # Something that is not an option letter at all is refused when read.
    with pytest.raises(
        ValidationError, match=r"\$\[0\]\.values\.q1: options 'AB' are not option letters A-Z"
    ):
        dataset_from_data([snap(q1=["AB"])])


def test_numerator_above_denominator(
    spc, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(InputError) as info:
        evaluate(spc, dataset_from_data([snap(q6_1=10, q6_2=12)]))
    msg = str(info.value)
    assert "indicator hearing_recording_rate" in msg
    assert "(q6_2) must not exceed (q6_1)" in msg
    assert "q6_2=12, q6_1=10" in msg
    line = cli_evaluate(capsys, json_file(tmp_path, snap(q6_1=10, q6_2=12)))
    assert (
        "indicator hearing_recording_rate: (q6_2) must not exceed (q6_1): q6_2=12, q6_1=10" in line
    )


# -- names ----------------------------------------------------------------------------------


def test_unknown_input(spc, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError) as info:
        evaluate(spc, dataset_from_data([snap(q6_11=10)]))
    msg = str(info.value)
    assert "values.q6_11" in msg
    assert "unknown input 'q6_11' for scheme 'spc-2019'" in msg
    assert "did you mean 'q6_1'" in msg
    line = cli_evaluate(capsys, json_file(tmp_path, snap(q6_11=10)))
    assert "unknown input 'q6_11'" in line
    assert "did you mean 'q6_1'" in line
    # allow_extra lets it through.
    evaluate(spc, dataset_from_data([snap(q6_11=10)]), allow_extra=True)


def test_unknown_indicator(spc, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UnknownNameError) as info:
        spc.indicator("hearing_recordng_rate")
    assert info.value.kind == "indicator"
    assert info.value.name == "hearing_recordng_rate"
    assert info.value.suggestions[0] == "hearing_recording_rate"
    assert str(info.value).startswith("unknown indicator 'hearing_recordng_rate'; did you mean")
    assert isinstance(info.value, LookupError)
    path = write(tmp_path, "data.json", EXAMPLE.read_text(encoding="utf-8"))
    _, line = run_cli(
        capsys,
        "rank",
        "--scheme",
        "spc-2019",
        "--parent",
        "jinan",
        "--period",
        "2019",
        "--indicator",
        "hearing_recordng_rate",
        str(path),
    )
    assert "unknown indicator 'hearing_recordng_rate'" in line
    assert "did you mean 'hearing_recording_rate'" in line


def test_unknown_department() -> None:
    with pytest.raises(UnknownNameError) as info:
        resolve_department_kind("火星庭")
    assert info.value.kind == "department"
    assert str(info.value).startswith("unknown department '火星庭'")


def test_unknown_court() -> None:
    tree = load_dataset(EXAMPLE).tree()
    with pytest.raises(UnknownNameError) as info:
        tree.get("jinan-changqin")
    assert str(info.value) == "unknown court 'jinan-changqin'; did you mean 'jinan-changqing'?"
    assert info.value.suggestions == ["jinan-changqing"]


def test_unknown_scheme(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UnknownNameError) as info:
        get_scheme("spc-2091")
    assert str(info.value) == "unknown scheme 'spc-2091'; did you mean 'spc-2019'?"
    _, line = run_cli(capsys, "evaluate", "--scheme", "spc-2091", str(json_file(tmp_path, snap())))
    assert line == "courtinfo: error: unknown scheme 'spc-2091'; did you mean 'spc-2019'?"
    _, line = run_cli(capsys, "show", "spc-2091")
    assert "unknown scheme 'spc-2091'" in line


# -- missing inputs -------------------------------------------------------------------------


def test_missing_inputs(spc) -> None:
    data = dataset_from_data([snap(q6_1=10)])
    results = evaluate(spc, data)
    (row,) = [r for r in results.rows() if r.indicator == "hearing_recording_rate"]
    assert row.value is None
    assert row.status is Status.NOT_PROVIDED
    assert row.missing is Missing.NA
    assert row.missing_inputs == ("q6_2",)
    with pytest.raises(MissingInputError) as info:
        evaluate(spc, data, strict=True)
    msg = str(info.value)
    assert "indicator hearing_recording_rate: missing q6_2 (court 'c1', period 2019)" in msg
    assert isinstance(info.value, InputError)


# -- periods --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("2022-W54", "'2022-W54': ISO year 2022 has only 52 weeks"),
        ("2021-W53", "'2021-W53': ISO year 2021 has only 52 weeks"),
        ("2022-13", "'2022-13': month 13 is not in 01..12"),
        ("2022-Q5", "'2022-Q5': quarter 5 is not in 1..4"),
        ("2022年2月30日至3月5日", "2022-02 has no day 30 (it has 28 days)"),
        ("last year", "'last year': not a period; expected one of 2022-W21"),
    ],
)
def test_bad_period(
    text: str, rule: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(PeriodError) as info:
        Period.parse(text)
    assert rule in str(info.value)
    with pytest.raises(ValidationError) as info2:
        dataset_from_data([snap(period=text)], "d.json")
    assert "$[0].period" in str(info2.value)
    assert rule in str(info2.value)
    line = cli_evaluate(capsys, json_file(tmp_path, snap(period=text)))
    assert "$[0].period" in line
    assert rule in line


def test_duplicate_snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(DuplicateSnapshotError) as info:
        dataset_from_data([snap(q6_1=1), snap(q6_1=2)], "d.json")
    msg = str(info.value)
    assert "$[1]: duplicates $[0]: court 'c1', department None, period 2019" in msg
    line = cli_evaluate(capsys, json_file(tmp_path, snap(q6_1=1), snap(q6_1=2)))
    assert "$[1]: duplicates $[0]" in line
    with pytest.raises(DuplicateSnapshotError, match=r"d\.csv:3: duplicates line 2"):
        dataset_from_csv("court,period,q6_1\nc1,2019,1\nc1,2019,2\n", "d.csv")


# -- files ----------------------------------------------------------------------------------


def test_malformed_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = '[{"court": "c1",\n  "period": }]'
    with pytest.raises(InputError) as info:
        dataset_from_json(text, "d.json")
    assert str(info.value) == "d.json: malformed JSON at line 2, column 13: Expecting value"
    path = write(tmp_path, "bad.json", text)
    line = cli_evaluate(capsys, path)
    assert line == f"courtinfo: error: {path}: malformed JSON at line 2, column 13: Expecting value"


def test_csv_wrong_headers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "name,when,q6_1\nc1,2019,3\n"
    with pytest.raises(ValidationError) as info:
        dataset_from_csv(text, "d.csv")
    msg = str(info.value)
    assert "d.csv:1: missing required column 'court'" in msg
    assert "d.csv:1: missing required column 'period'" in msg
    assert len(info.value.problems) == 2
    line = cli_evaluate(capsys, write(tmp_path, "bad.csv", text))
    assert "bad.csv:1: missing required column 'court'" in line
    # The command knows the scheme, so 'name' and 'when' are refused as inputs too.
    assert line.endswith("(+3 more problems)")


def test_csv_ragged_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "court,period,q6_1\nc1,2019,3\nc2,2019\n"
    with pytest.raises(ValidationError) as info:
        dataset_from_csv(text, "d.csv")
    assert str(info.value) == "d.csv:3: row has 2 cells, header has 3"
    path = write(tmp_path, "ragged.csv", text)
    line = cli_evaluate(capsys, path)
    assert line == f"courtinfo: error: {path}:3: row has 2 cells, header has 3"


# -- scheme files ---------------------------------------------------------------------------


def _edited(tmp_path: Path, code: str, old: str, new: str) -> Path:
    text = (DATA / f"{code}.toml").read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path, f"{code}-edited.toml", text.replace(old, new, 1))


HEARINGS = 'formula = { kind = "ratio", numerator = "q6_2", denominator = "q6_1", over = "error" }'


@pytest.mark.parametrize(
    ("code", "old", "new", "expected"),
    [
        pytest.param(
            "spc-2019",
            HEARINGS,
            HEARINGS.replace('"ratio"', '"ratoi"'),
            "$.indicators[1].formula: unknown formula 'ratoi'; did you mean 'ratio'?",
            id="unknown-formula",
        ),
        pytest.param(
            "spc-2019",
            HEARINGS,
            HEARINGS.replace('"q6_2"', '"q6_9"'),
            "$.indicators[1].formula: uses 'q6_9', which is neither a declared input nor an indicator",
            id="undeclared-input",
        ),
        pytest.param(
            "spc-2019",
            HEARINGS,
            HEARINGS.replace('"q6_1"', '"hearing_recording_rate"'),
            "$.indicators: derived indicators form a cycle: "
            "hearing_recording_rate -> hearing_recording_rate",
            id="cycle",
        ),
        pytest.param(
            "shanghai-2022",
            'kinds = ["filing"]',
            'kinds = ["filling"]',
            "unknown department kind 'filling'; did you mean 'filing'?",
            id="unknown-department-kind",
        ),
        pytest.param(
            "spc-2019",
            "max_points = 58",
            "max_points = 60",
            "$.max_points: the scheme's maximum is 60 but its indicators add up to 58",
            id="points-total",
        ),
        pytest.param(
            "spc-2019",
            "max_points = 21",
            "max_points = 20",
            "$.categories[0].max_points: category 'trial_management' has maximum 20 "
            "but its indicators add up to 21",
            id="points-category",
        ),
        pytest.param(
            "spc-2019",
            'code = "spc-2019"',
            'code = "spc-2019',
            "malformed TOML",
            id="malformed-toml",
        ),
    ],
)
def test_scheme_file_errors(
    code: str,
    old: str,
    new: str,
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _edited(tmp_path, code, old, new)
    with pytest.raises(SchemeError) as info:
        load_scheme(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: ")
    assert expected in msg
    if expected != "malformed TOML":
        assert isinstance(info.value, SchemeValidationError)
    data = json_file(tmp_path, snap())
    line = cli_evaluate(capsys, data, scheme=str(path))
    assert expected in line
    assert str(path) in line


def test_scheme_errors_are_all_listed(spc) -> None:
    """Several scheme problems are reported at once; the CLI shows the first and a count."""
    from courtinfo.indicators import scheme_from_data, scheme_to_data

    data = scheme_to_data(spc)
    data["max_points"] = 60
    data["indicators"][1]["formula"]["numerator"] = ["q6_9"]
    with pytest.raises(SchemeValidationError) as info:
        scheme_from_data(data, "s.toml")
    assert len(info.value.problems) == 2
    assert str(info.value).startswith("s.toml: 2 problems:")


def test_scheme_file_holding_a_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "s.json", '[{"code": "spc-2019"}]')
    with pytest.raises(SchemeValidationError) as info:
        load_scheme(path)
    assert str(info.value) == f"{path}: a scheme is a table/object, not a list"
    line = cli_evaluate(capsys, json_file(tmp_path, snap()), scheme=str(path))
    assert line == f"courtinfo: error: {path}: a scheme is a table/object, not a list"


# -- not an error ---------------------------------------------------------------------------


def test_zero_denominator(spc) -> None:
    results = evaluate(spc, dataset_from_data([snap(q6_1=0, q6_2=0)]), strict=False)
    (row,) = [r for r in results.rows() if r.indicator == "hearing_recording_rate"]
    assert row.value is None
    assert row.status is Status.ZERO_DENOMINATOR
    assert row.missing is Missing.NAP
    assert row.points == 0.0  # scores 0, with its reason


def test_every_error_is_a_courtinfo_error() -> None:
    for cls in (
        InputError,
        PeriodError,
        SchemeError,
        ValidationError,
        DuplicateSnapshotError,
        MissingInputError,
        UnknownNameError,
        SchemeValidationError,
    ):
        assert issubclass(cls, CourtinfoError)


# -- values of the wrong kind ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "given", "takes"),
    [
        ("q6_1", ["A"], "['A'] is a set of options", "takes a count"),
        ("q2_1", ["A"], "['A'] is a set of options", "takes a yes/no answer"),
        ("q2_1", [], "[] is a set of options", "takes a yes/no answer"),
        ("q1", 1.5, "1.5 is a number", "takes a set of options (offered: ABCDEFGHIJK)"),
        ("q1", True, "True is a yes/no answer", "takes a set of options (offered: ABCDEFGHIJK)"),
    ],
)
def test_value_of_wrong_kind(spc, name: str, value: object, given: str, takes: str) -> None:
    # Refused, not coerced to the column's float encoding (['A'] -> 1.0, 1.5 -> option A).
    with pytest.raises(InputError) as exc:
        evaluate(spc, dataset_from_data([snap(q6_2=0, **{name: value})]))
    text = str(exc.value)
    assert f"values.{name}: {given}, but input {name!r} (" in text
    assert f") {takes} (court 'c1', period 2019)" in text


# -- counts too large, files that cannot be read, kinds that do not mix -----------------------


def test_count_too_large(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Counts live in float64 columns, exact up to 2**53; a larger whole number is refused.
    with pytest.raises(ValidationError) as info:
        dataset_from_data([snap(q6_1=2**70)], "d.json")
    expected = "$[0].values.q6_1: 1180591620717411303424 exceeds the largest supported count 2**53"
    assert str(info.value) == f"d.json: {expected}"
    line = cli_evaluate(capsys, json_file(tmp_path, snap(q6_1=2**70)))
    assert line.endswith(expected)
    # Exactly 2**53 is still a count.
    assert dataset_from_data([snap(q6_1=2**53)]).snapshots[0].values == {"q6_1": 2**53}
    with pytest.raises(ValidationError) as info:
        dataset_from_csv("court,period,q6_1\nc1,2019,9007199254740993\n", "d.csv")
    assert str(info.value) == (
        "d.csv:2 column q6_1: 9007199254740993 exceeds the largest supported count 2**53"
    )
    with pytest.raises(
        ValidationError, match=r"d\.csv:2 column q6_1: 123456789012\.\.\. has 25 digits"
    ):
        dataset_from_csv("court,period,q6_1\nc1,2019,1234567890123456789012345\n", "d.csv")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param("gone.json", None, "{path}: no such file", id="no-such-file"),
        pytest.param(
            "data.txt",
            "[]",
            "{path}: cannot tell the file format from suffix '.txt'",
            id="unknown-suffix",
        ),
        pytest.param(
            "empty.json", "", "{path}: malformed JSON at line 1, column 1", id="empty-json"
        ),
        pytest.param("empty.csv", "", "{path}: no header row", id="empty-csv"),
        pytest.param(
            "gbk.csv",
            b"court,period\n\xbc\xc3,2019\n",
            "{path}:2: not UTF-8 text (byte 0xbc at offset 13); it reads as GB18030/GBK",
            id="not-utf8",
        ),
        pytest.param(
            "twice.json",
            '[{"court": "c1", "court": "c2", "period": "2019"}]',
            "{path}: key 'court' appears twice in one JSON object",
            id="repeated-key",
        ),
        pytest.param(
            "deep.json",
            "[" * 100_000 + "]" * 100_000,
            "{path}: unreadable JSON: maximum recursion depth exceeded",
            id="too-deep",
        ),
        pytest.param(
            "long.json",
            '[{"court": "c1", "period": "2019", "values": {"q6_1": ' + "9" * 5000 + "}}]",
            "{path}: unreadable JSON: Exceeds the limit (4300 digits)",
            id="huge-number",
        ),
    ],
)
def test_file_errors(
    name: str,
    text: str | bytes | None,
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    elif text is not None:
        path.write_text(text, encoding="utf-8")
    want = expected.format(path=path)
    with pytest.raises(InputError) as info:
        load_dataset(path)
    assert str(info.value).startswith(want)
    assert len(str(info.value).splitlines()) == 1
    line = cli_evaluate(capsys, path)
    assert line.startswith(f"courtinfo: error: {want}")


def test_value_kinds_that_do_not_mix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # One input given as a count by one court and as a yes/no answer by another: refused on
    # loading, at the later value's path, naming the first one and the snapshot.
    rule = "an input takes one kind of value in every snapshot (counts and measures may mix)"
    with pytest.raises(ValidationError) as info:
        dataset_from_data([snap(q6_1=3), snap(court="c2", q6_1=True)], "d.json")
    assert str(info.value) == (
        "d.json: $[1].values.q6_1: True is a yes/no answer, but $[0].values.q6_1 is a count; "
        f"{rule} (court 'c2', department None, period 2019)"
    )
    # Court-reported and platform-supplied values of one input count as one input.
    with pytest.raises(
        ValidationError,
        match=r"^d\.json: \$\[1\]\.platform_values\.q1: 1 is a count, "
        r"but \$\[0\]\.values\.q1 is a set of options; ",
    ):
        dataset_from_data(
            [snap(q1=["A"]), {"court": "c2", "period": "2019", "platform_values": {"q1": 1}}],
            "d.json",
        )
    # Counts and measures mix (the column becomes a measure column).
    assert len(dataset_from_data([snap(q6_1=3), snap(court="c2", q6_1=2.5)]).snapshots) == 2
    text = "court,period,q6_1,platform:q6_1\nc1,2019,3,\nc2,2019,,是\n"
    with pytest.raises(ValidationError) as info:
        dataset_from_csv(text, "d.csv")
    assert str(info.value) == (
        "d.csv:3 column platform:q6_1: True is a yes/no answer, but line 2 column q6_1 is a count; "
        f"{rule} (court 'c2', department None, period 2019)"
    )
    path = json_file(tmp_path, snap(q6_1=3), snap(court="c2", q6_1=True))
    line = cli_evaluate(capsys, path)
    assert line.startswith(f"courtinfo: error: {path}: $[1].values.q6_1: True is a yes/no answer")
    # Snapshots made in Python meet the rule when they become columns (no path to name there).
    from courtinfo import MetricSnapshot

    year = Period.parse("2019")
    snaps = [
        MetricSnapshot("c1", year, None, {"q6_1": 3}),
        MetricSnapshot("c2", year, None, {"q6_1": True}),
    ]
    with pytest.raises(InputError) as info:
        SnapshotBatch.from_snapshots(snaps)
    assert str(info.value) == f"input 'q6_1' mixes value kinds: count, yes_no; {rule}"


def test_snapshot_values_not_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = {"court": "c1", "period": "2019", "values": [1]}
    want = "$[0].values: [1] of type list must be a table of input values (a mapping from input name to value)"
    with pytest.raises(ValidationError) as info:
        dataset_from_data([doc], "d.json")
    assert str(info.value) == f"d.json: {want}"
    path = json_file(tmp_path, doc)
    assert cli_evaluate(capsys, path) == f"courtinfo: error: {path}: {want}"


def test_text_answer_that_is_not_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A free-text answer (Q32②, the website address) is a non-blank str without control
    # characters, never a value made into text.
    doc = {"court": "c1", "period": "2019", "texts": {"q32_2": 281, "q32_9": " "}}
    want = (
        "2 problems:\n"
        "  $[0].texts.q32_2: 281 of type int is not a text answer; expected a non-empty str\n"
        "  $[0].texts.q32_9: ' ' is blank; leave the answer out when the form's blank is empty"
    )
    with pytest.raises(ValidationError) as info:
        dataset_from_data([doc], "d.json")
    assert str(info.value) == f"d.json: {want}"
    path = json_file(tmp_path, doc)
    assert cli_evaluate(capsys, path) == (
        f"courtinfo: error: {path}: $[0].texts.q32_2: 281 of type int is not a text answer; "
        "expected a non-empty str (+1 more problem)"
    )
    text = 'court,period,q32_3,text:q32_2\nc1,2019,281,"http://a\x07"\n'
    with pytest.raises(ValidationError) as info:
        dataset_from_csv(text, "d.csv")
    assert str(info.value) == (
        "d.csv:2 column text:q32_2: 'http://a\\x07' contains the control character U+0007; "
        "a text answer is plain text"
    )


def test_control_character_in_a_csv_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "court,department,period,q6_1\nc1,,2019,3\nc\x002,,2019,4\nc3,民一庭\x07,2019,5\n"
    with pytest.raises(ValidationError) as info:
        dataset_from_csv(text, "d.csv")
    assert str(info.value) == (
        "2 problems:\n"
        "  d.csv:3 column court: 'c\\x002' contains the control character U+0000; "
        "a court code is plain text\n"
        "  d.csv:4 column department: '民一庭\\x07' contains the control character U+0007; "
        "a department is plain text"
    )
    path = write(tmp_path, "nul.csv", text)
    line = cli_evaluate(capsys, path)
    assert line.startswith(
        f"courtinfo: error: {path}:3 column court: 'c\\x002' contains the control"
    )
    # The same rule for JSON labels.
    with pytest.raises(ValidationError) as info:
        dataset_from_data([{"court": "c\x00", "period": "2019"}], "d.json")
    assert str(info.value) == (
        "d.json: $[0].court: 'c\\x00' contains the control character U+0000; a court code is plain text"
    )


# -- gaps found by the issue 7 audit, now refused ----------------------------------------------


@pytest.mark.parametrize("value", [1e300, 2.0**53 + 2], ids=["1e300", "2**53+2"])
def test_float_count_too_large(spc, value: float) -> None:
    # Any number past 2**53, count or measure: floats are no longer exact there.
    with pytest.raises(
        InputError, match=r"values\.q6_1: .* exceeds the largest supported value 2\*\*53"
    ):
        evaluate(spc, dataset_from_data([snap(q6_1=value, q6_2=1)]))
    col = np.array([value])
    with pytest.raises(ValidationError, match=r"columns\.q6_1\[0\]: .* exceeds the largest supported value 2\*\*53"):
        SnapshotBatch.from_columns(court=["c1"], period=["2019"], columns={"q6_1": col})


def test_huge_measure_does_not_overflow_silently() -> None:
    from courtinfo import MetricSnapshot
    from courtinfo.org import Court, CourtTree

    scheme = get_scheme("shanghai-2022")
    tree = CourtTree(
        [
            Court("p", "P", "intermediate"),  # type: ignore[arg-type]
            Court("a", "A", "basic", "p"),  # type: ignore[arg-type]
            Court("b", "B", "basic", "p"),  # type: ignore[arg-type]
        ]
    )
    week = Period.parse("2022-W21")
    values = {"mobile_logins": 5, "mobile_online_hours": 1.7e308, "enforcement_officers": 2}
    # Refused where it is given, before a pooled sum can overflow to inf.
    with pytest.raises(ValidationError, match=r"values\.mobile_online_hours: 1\.7e\+308 exceeds"):
        MetricSnapshot("a", week, None, values)
    # Up to the bound, two courts at the peer average both get the full 100%.
    values["mobile_online_hours"] = 2.0**53
    snaps = [MetricSnapshot(c, week, None, values) for c in "ab"]
    r = evaluate(scheme, snaps, courts=tree)
    assert r.values["mobile_enforcement_rate"].tolist() == [1.0, 1.0]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("court", None, "null is not a court code; expected a non-empty string"),
        ("court", True, "true is not a court code; expected a non-empty string"),
        ("court", ["c1"], '["c1"] is not a court code; expected a non-empty string'),
        (
            "court",
            {"code": "c1"},
            '{"code": "c1"} is not a court code; expected a non-empty string',
        ),
        (
            "department",
            False,
            "false is not a department code; expected a non-empty string or null",
        ),
        (
            "department",
            ["民一庭"],
            '["民一庭"] is not a department code; expected a non-empty string or null',
        ),
    ],
)
def test_court_and_department_must_be_text(
    field: str, value: object, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Never turned into text ('None', 'True', "['c1']"): refused at the label's path.
    doc = {"court": "c1", "period": "2019", field: value}
    with pytest.raises(ValidationError) as info:
        dataset_from_data([doc], "d.json")
    assert str(info.value) == f"d.json: $[0].{field}: {expected}"
    path = json_file(tmp_path, doc)
    assert cli_evaluate(capsys, path) == f"courtinfo: error: {path}: $[0].{field}: {expected}"


def test_snapshot_labels_must_be_text_in_python() -> None:
    from courtinfo import MetricSnapshot

    year = Period.parse("2019")
    with pytest.raises(ValidationError) as info:
        MetricSnapshot(None, year, False)  # type: ignore[arg-type]
    assert str(info.value) == (
        "2 problems:\n"
        "  court: None of type NoneType is not a court code; expected a non-empty str\n"
        "  department: False of type bool is not a department; expected a non-empty str"
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        pytest.param(
            {"court": [None], "period": ["2019"]},
            "court[0]: None of type NoneType is not a court code; expected a non-empty str",
            id="court-none",
        ),
        pytest.param(
            {"court": ["a", ""], "period": ["2019", "2019"]},
            "court[1]: '' is not a court code",
            id="court-empty",
        ),
        pytest.param(
            {"court": ["a", "b"], "period": ["2019", "2019"], "department": [None, 3]},
            "department[1]: 3 of type int is not a department; expected a non-empty str",
            id="department-int",
        ),
        pytest.param(
            {"court": np.array(["a", "b\x01"]), "period": ["2019", "2019"]},
            "court[1]: 'b\\x01' contains the control character U+0001; a court code is plain text",
            id="court-control-character",
        ),
        pytest.param(
            {"court": "ab", "period": ["2019", "2019"]},
            "from_columns: court must be a sequence of court codes (str); got 'ab' of type str",
            id="court-a-str",
        ),
        pytest.param(
            {"court": ["a", "b"], "period": ["2019", None]},
            "period[1]: None of type NoneType is not a period",
            id="period-none",
        ),
        pytest.param(
            {"court": ["a", "b"], "period": ["2019", "2019-13"]},
            "period[1]: '2019-13': month 13 is not in 01..12",
            id="period-impossible",
        ),
        pytest.param(
            {"court": ["a"], "period": ["2019", "2019"]},
            "period: has 2 labels, but court has 1",
            id="period-length",
        ),
    ],
)
def test_from_columns_refuses_labels_that_are_not_text(
    kwargs: dict[str, object], expected: str
) -> None:
    # A None court label is not the court 'None'; mixed label types do not reach np.unique.
    with pytest.raises(ValidationError) as info:
        SnapshotBatch.from_columns(columns={}, **kwargs)  # type: ignore[arg-type]
    assert str(info.value) == expected


def test_from_columns_accepts_court_level_departments() -> None:
    batch = SnapshotBatch.from_columns(
        court=["a", "b"], period=["2019", "2019"], department=[None, ""], columns={}
    )
    assert batch.department_labels() == ["", ""]
    assert batch.courts == ("a", "b")


def _results():  # type: ignore[no-untyped-def]
    return evaluate(get_scheme("spc-2019"), load_dataset(EXAMPLE))


def _exact(text: str) -> str:
    return re.escape(text)


_KINDS = ", ".join(k.value for k in DepartmentKind)


def _bare_exception_cases() -> list[object]:
    """(call, the CourtinfoError subclass it raises, a regex its whole message matches)."""
    from courtinfo import MetricSnapshot, OrgError
    from courtinfo.indicators import resolve_scheme
    from courtinfo.org import Court, CourtTree, Department
    from courtinfo.report import changes

    year = Period.parse("2019")
    tree = CourtTree([Court("c1", "C1", "basic")])  # type: ignore[arg-type]
    no_str = "must be {what}; got None of type NoneType"
    cases: dict[str, tuple[object, type[CourtinfoError], str]] = {
        # data-shaped input reaching a public entry point
        "evaluate-list-of-dicts": (
            lambda: evaluate(get_scheme("spc-2019"), [snap(q6_1=1)]),
            InputError,
            r"snapshots\[0\]: .*is not a MetricSnapshot.*",
        ),
        "snapshot-values-not-a-mapping": (
            lambda: MetricSnapshot("c1", year, None, [1, 2]),  # type: ignore[arg-type]
            ValidationError,
            _exact(
                "values: [1, 2] of type list must be a table of input values "
                "(a mapping from input name to value)"
            ),
        ),
        "snapshot-value-unhashable-list": (
            lambda: MetricSnapshot("c1", year, None, {"q1": [["A"]]}),
            ValidationError,
            _exact("values.q1: options ['A'] are not option letters A-Z"),
        ),
        "from-columns-mixed-label-types": (
            lambda: SnapshotBatch.from_columns(
                court=["a", 1],  # type: ignore[list-item]
                period=["2019", "2019"],
                columns={},
            ),
            ValidationError,
            _exact("court[1]: 1 of type int is not a court code; expected a non-empty str"),
        ),
        "department-unknown-kind": (
            lambda: Department("c1", "d", "nope", "X"),  # type: ignore[arg-type]
            OrgError,
            _exact(f"department kind 'nope' is not one of {_KINDS}"),
        ),
        "department-misspelt-kind": (
            lambda: Department("c1", "d", "civl", "X"),  # type: ignore[arg-type]
            OrgError,
            _exact(f"department kind 'civl' is not one of {_KINDS}; did you mean 'civil'?"),
        ),
        # names not known to the results, as Results.row and Results.met give them
        "results-value-unknown-indicator": (
            lambda: _results().value("nope"),
            UnknownNameError,
            _exact("unknown indicator 'nope'"),
        ),
        "results-value-misspelt-indicator": (
            lambda: _results().value("hearing_recordng_rate"),
            UnknownNameError,
            _exact("unknown indicator 'hearing_recordng_rate'; did you mean ")
            + r"'hearing_recording_rate'.*\?",
        ),
        "results-missing-inputs-unknown-indicator": (
            lambda: _results().missing_inputs("nope", 0),
            UnknownNameError,
            _exact("unknown indicator 'nope'"),
        ),
        "changes-unknown-comparison": (
            lambda: changes(_results(), "hearing_recording_rate", "sideways"),
            InputError,
            _exact(
                "comparison 'sideways' is not one of 'previous', 'year_ago' "
                "(previous: 环比, the period before; year_ago: 同比, a year earlier)"
            ),
        ),
        "results-row-out-of-range": (
            lambda: _results().row(99, "hearing_recording_rate"),
            InputError,
            _exact("Results.row: row 99 is out of range; the results have 1 row (row 0)"),
        ),
        "results-row-not-a-number": (
            lambda: _results().row("0", "hearing_recording_rate"),  # type: ignore[arg-type]
            InputError,
            _exact("Results.row: row must be a row number (int); got '0' of type str"),
        ),
        # None (or another non-str) where a name or a path is expected
        "get-scheme-none": (
            lambda: get_scheme(None),  # type: ignore[arg-type]
            SchemeError,
            _exact(
                "get_scheme: code " + no_str.format(what="a scheme code (str) such as 'spc-2019'")
            ),
        ),
        "resolve-scheme-none": (
            lambda: resolve_scheme(None),  # type: ignore[arg-type]
            SchemeError,
            _exact(
                "resolve_scheme: code_or_path must be a scheme code (str) or the path of a "
                "scheme file (str or os.PathLike); got None of type NoneType"
            ),
        ),
        "load-scheme-none": (
            lambda: load_scheme(None),  # type: ignore[arg-type]
            SchemeError,
            _exact("load_scheme: path " + no_str.format(what="a file path (str or os.PathLike)")),
        ),
        "load-dataset-none": (
            lambda: load_dataset(None),  # type: ignore[arg-type]
            InputError,
            _exact("load_dataset: path " + no_str.format(what="a file path (str or os.PathLike)")),
        ),
        "dataset-from-json-none": (
            lambda: dataset_from_json(None),  # type: ignore[arg-type]
            InputError,
            _exact("dataset_from_json: text " + no_str.format(what="a str")),
        ),
        "dataset-from-json-bytes": (
            lambda: dataset_from_json(b"[]"),  # type: ignore[arg-type]
            InputError,
            _exact(
                "dataset_from_json: text must be a str; got b'[]' of type bytes "
                "(decode the bytes as UTF-8 first, or read the file with load_dataset)"
            ),
        ),
        "dataset-from-csv-none": (
            lambda: dataset_from_csv(None),  # type: ignore[arg-type]
            InputError,
            _exact("dataset_from_csv: text " + no_str.format(what="a str")),
        ),
        "resolve-department-kind-none": (
            lambda: resolve_department_kind(None),  # type: ignore[arg-type]
            OrgError,
            _exact(
                "resolve_department_kind: name " + no_str.format(what="a department name (str)")
            ),
        ),
        "court-code-none": (
            lambda: Court(None, "C1", "basic"),  # type: ignore[arg-type]
            OrgError,
            _exact("Court.code " + no_str.format(what="a non-empty str")),
        ),
        "court-tree-get-none": (
            lambda: tree.get(None),  # type: ignore[arg-type]
            OrgError,
            _exact("CourtTree.get: code " + no_str.format(what="a court code (str)")),
        ),
        "scheme-indicator-none": (
            lambda: get_scheme("spc-2019").indicator(None),  # type: ignore[arg-type]
            SchemeError,
            _exact("Scheme.indicator: code " + no_str.format(what="an indicator code (str)")),
        ),
    }
    return [pytest.param(*case, id=name) for name, case in cases.items()]


@pytest.mark.parametrize(("call", "error", "message"), _bare_exception_cases())
def test_no_bare_python_exception(call, error: type[CourtinfoError], message: str) -> None:  # type: ignore[no-untyped-def]
    # A CourtinfoError subclass, with its message naming the argument, the value and the rule;
    # never a bare KeyError, TypeError, ValueError, IndexError or AttributeError.
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, CourtinfoError)
    assert re.fullmatch(message, str(info.value)), str(info.value)
