"""Every class of bad input, and exactly what the user sees (the table in docs/bad-input.md).

Each test asserts the exception class (a `CourtinfoError` subclass) and the key parts of the
message: the field path, the offending value and the rule. For input that arrives in a file,
the test also runs the CLI and checks it exits non-zero with one line on stderr.
"""

from __future__ import annotations

import json
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
from courtinfo._io import dataset_from_data
from courtinfo._periods import Period
from courtinfo.cli import main
from courtinfo.formulas import Status
from courtinfo.indicators import get_scheme, load_scheme
from courtinfo.org import resolve_department_kind

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
    assert "values.q2_1: 2.0 is not a yes/no answer" in line
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
    assert line.endswith("(+1 more problem)")


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


# -- not an error ---------------------------------------------------------------------------


def test_zero_denominator(spc) -> None:
    results = evaluate(spc, dataset_from_data([snap(q6_1=0, q6_2=0)]), strict=False)
    (row,) = [r for r in results.rows() if r.indicator == "hearing_recording_rate"]
    assert row.value is None
    assert row.status is Status.ZERO_DENOMINATOR
    assert row.missing is Missing.NAP
    assert row.points is None


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
            "{path}:2: not UTF-8 text (byte 0xbc at offset 13); save the file as UTF-8",
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


def test_value_kinds_that_do_not_mix(spc) -> None:
    # One input given as a count by one court and as a yes/no answer by another.
    data = dataset_from_data([snap(q6_1=3), snap(court="c2", q6_1=True)])
    with pytest.raises(InputError) as info:
        evaluate(spc, data)
    assert str(info.value) == "input 'q6_1' mixes value kinds: count, yes_no"


# -- known gaps (library bugs found by the issue 7 audit) --------------------------------------


@pytest.mark.parametrize("value", [1e300, 2.0**53 + 2], ids=["1e300", "2**53+2"])
def test_float_count_too_large(spc, value: float) -> None:
    # Any number past 2**53, count or measure: floats are no longer exact there.
    with pytest.raises(InputError, match=r"values\.q6_1: .* exceeds the largest supported value 2\*\*53"):
        evaluate(spc, dataset_from_data([snap(q6_1=value, q6_2=1)]))
    col = np.array([value])
    with pytest.raises(ValidationError, match=r"columns\.q6_1\[0\]: .* exceeds 2\*\*53"):
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


@pytest.mark.xfail(
    strict=True,
    raises=pytest.fail.Exception,
    reason="cattrs' str hook turns any JSON value into a court or department label: null -> "
    "'None', true -> 'True', ['c1'] -> \"['c1']\"; SnapshotBatch.from_columns does the same",
)
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("court", None),
        ("court", True),
        ("court", ["c1"]),
        ("court", {"code": "c1"}),
        ("department", False),
        ("department", ["民一庭"]),
    ],
)
def test_court_and_department_must_be_text(field: str, value: object) -> None:
    doc = {"court": "c1", "period": "2019", field: value}
    with pytest.raises(ValidationError, match=rf"\$\[0\]\.{field}: "):
        dataset_from_data([doc])


@pytest.mark.xfail(
    strict=True,
    raises=pytest.fail.Exception,
    reason="SnapshotBatch.from_columns turns a None court label into the court 'None'",
)
def test_from_columns_refuses_a_missing_court_label() -> None:
    from courtinfo import SnapshotBatch

    with pytest.raises(InputError, match="court"):
        SnapshotBatch.from_columns(court=[None], period=["2019"], columns={})  # type: ignore[list-item]


def _results():  # type: ignore[no-untyped-def]
    return evaluate(get_scheme("spc-2019"), load_dataset(EXAMPLE))


def _bare_exception_cases() -> list[object]:
    from courtinfo import MetricSnapshot, SnapshotBatch
    from courtinfo.org import Department
    from courtinfo.report import changes

    year = Period.parse("2019")
    cases = {
        # data-shaped input reaching a public entry point
        "evaluate-list-of-dicts": lambda: evaluate(get_scheme("spc-2019"), [snap(q6_1=1)]),
        "snapshot-values-not-a-mapping": lambda: MetricSnapshot("c1", year, None, [1, 2]),  # type: ignore[arg-type]
        "snapshot-value-unhashable-list": lambda: MetricSnapshot("c1", year, None, {"q1": [["A"]]}),
        "from-columns-mixed-label-types": lambda: SnapshotBatch.from_columns(
            court=["a", 1],
            period=["2019", "2019"],
            columns={},  # type: ignore[list-item]
        ),
        "department-unknown-kind": lambda: Department("c1", "d", "nope", "X"),  # type: ignore[arg-type]
        # names not known to the results, unlike Results.row and Results.met
        "results-value-unknown-indicator": lambda: _results().value("nope"),
        "results-missing-inputs-unknown-indicator": lambda: _results().missing_inputs("nope", 0),
        "changes-unknown-comparison": lambda: changes(
            _results(), "hearing_recording_rate", "sideways"
        ),
        "results-row-out-of-range": lambda: _results().row(99, "hearing_recording_rate"),
    }
    return [pytest.param(fn, id=name) for name, fn in cases.items()]


@pytest.mark.xfail(
    strict=True,
    raises=(KeyError, ValueError, TypeError, IndexError, AttributeError),
    reason="a bare Python exception escapes a public entry point (see the issue 7 audit)",
)
@pytest.mark.parametrize("call", _bare_exception_cases())
def test_no_bare_python_exception(call) -> None:  # type: ignore[no-untyped-def]
    try:
        call()
    except CourtinfoError:
        return
    pytest.fail("no error at all")
