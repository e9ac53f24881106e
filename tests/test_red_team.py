"""The red-team table: messy input as court staff and vendors really send it, each case with
its exact outcome (the error text naming the place and the value, or the number accepted).

Sections: labels in data files (JSON and CSV alike), periods, numbers, scheme files, API
misuse, and the command line run in real subprocesses. docs/bad-input.md names these cases.
"""

from __future__ import annotations

import copy
import functools
import importlib
import inspect
import io
import json
import os
import pickle
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import courtinfo.formulas as F
import courtinfo.indicators as IND
import courtinfo.io as IO
import courtinfo.org as ORG
import courtinfo.report as REP
import courtinfo.testing as TST
from courtinfo import (
    CourtinfoError,
    Dataset,
    DuplicateSnapshotError,
    MetricSnapshot,
    Period,
    SnapshotBatch,
    dataset_from_csv,
    dataset_from_json,
    dataset_to_csv,
    dataset_to_json,
    evaluate,
    load_dataset,
    load_scheme,
    rollup_departments,
    rollup_periods,
    rollup_tree,
    round_half_up,
    save_dataset,
)
from courtinfo.base import (
    FormulaError,
    FormulaValidationError,
    InputError,
    Problem,
    SchemeValidationError,
    shown,
)
from courtinfo.evaluation import Evaluator, peer_figures
from courtinfo.indicators import get_scheme, scheme_from_data, scheme_to_data
from courtinfo.io import dataset_from_data
from courtinfo.org import Court, CourtTree
from courtinfo.report import rank_courts
from courtinfo.sources import from_query

ROOT = Path(__file__).parents[1]
SCRIPT = Path(sys.executable).parent / "courtinfo"
CHANGQING = ROOT / "examples" / "data" / "changqing-2019.json"

# -- 1. labels: one spelling in every format ----------------------------------------------

#: (case, court cell, department cell, expected (court, department) or the problem's text)
LABELS: list[tuple[str, str, str, tuple[str, str | None] | str]] = [
    ("plain", "c1", "立案庭", ("c1", "立案庭")),
    ("trailing-space", "c1 ", "立案庭 ", ("c1", "立案庭")),
    ("leading-space", " c1", " 立案庭", ("c1", "立案庭")),
    ("ideographic-space", "\u3000c1\u3000", "立案庭\u3000", ("c1", "立案庭")),
    ("no-break-space", "\u00a0c1", "立案庭\u00a0", ("c1", "立案庭")),
    ("tab-at-end", "c1\t", "立案庭\t", ("c1", "立案庭")),
    ("full-width-letters", "ｃ１", "立案庭", ("c1", "立案庭")),
    ("full-width-digit-in-department", "c1", "民１庭", ("c1", "民1庭")),
    ("blank-department", "c1", "   ", ("c1", None)),
    ("ideographic-blank-department", "c1", "\u3000", ("c1", None)),
    ("empty-department", "c1", "", ("c1", None)),
    (
        "zero-width-space-in-court",
        "c\u200b1",
        "立案庭",
        "'c\\u200b1' holds the invisible character U+200B (ZERO WIDTH SPACE) at position 2; "
        "a court code is plain text: delete it and type the label again",
    ),
    (
        "bom-before-department",
        "c1",
        "\ufeff立案庭",
        "'\\ufeff立案庭' holds the invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE) at "
        "position 1; a department is plain text: delete it and type the label again",
    ),
    (
        "zero-width-joiner-in-department",
        "c1",
        "立案\u200d庭",
        "'立案\\u200d庭' holds the invisible character U+200D (ZERO WIDTH JOINER) at position 3; "
        "a department is plain text: delete it and type the label again",
    ),
    (
        "left-to-right-mark-in-court",
        "c1\u200e",
        "立案庭",
        "'c1\\u200e' holds the invisible character U+200E (LEFT-TO-RIGHT MARK) at position 3; "
        "a court code is plain text: delete it and type the label again",
    ),
    (
        "soft-hyphen-in-court",
        "c\u00ad1",
        "立案庭",
        "'c\\xad1' holds the invisible character U+00AD (SOFT HYPHEN) at position 2; "
        "a court code is plain text: delete it and type the label again",
    ),
    ("blank-court", "\u3000", "立案庭", "'\\u3000' is blank; a court code cannot be empty"),
    (
        "control-character-in-court",
        "c\x071",
        "立案庭",
        "'c\\x071' contains the control character U+0007; a court code is plain text",
    ),
]


def _json_doc(court: str, department: str) -> str:
    return json.dumps(
        [{"court": court, "department": department, "period": "2022-W21", "values": {"x": 3}}],
        ensure_ascii=False,
    )


def _csv_doc(court: str, department: str) -> str:
    return f'court,department,period,x\n"{court}","{department}",2022-W21,3\n'


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize(
    ("court", "department", "expected"),
    [pytest.param(c, d, e, id=case) for case, c, d, e in LABELS],
)
def test_labels(fmt: str, court: str, department: str, expected: object) -> None:
    text = _json_doc(court, department) if fmt == "json" else _csv_doc(court, department)
    where = "$[0].court" if fmt == "json" else "d.csv:2 column court"
    if isinstance(expected, tuple):
        snap = (dataset_from_json if fmt == "json" else dataset_from_csv)(text, f"d.{fmt}").snapshots[0]
        assert (snap.court, snap.department, dict(snap.values)) == (*expected, {"x": 3})
        return
    with pytest.raises(InputError) as info:
        (dataset_from_json if fmt == "json" else dataset_from_csv)(text, f"d.{fmt}")
    field = "court" if expected.startswith(repr(court)[:-1]) else "department"
    where = where.replace("court", field)
    if fmt == "csv" and not court.strip():
        expected = "empty; every row needs a court"  # the CSV reader's word for a blank cell
    head = "d.json: " if fmt == "json" else ""
    assert str(info.value) == f"{head}{where}: {expected}"


@pytest.mark.parametrize(
    ("court", "department", "expected"),
    [pytest.param(c, d, e, id=case) for case, c, d, e in LABELS],
)
def test_labels_in_python(court: str, department: str, expected: object) -> None:
    """MetricSnapshot and SnapshotBatch.from_columns give the same spelling as the files."""
    if isinstance(expected, tuple):
        snap = MetricSnapshot(court, Period.parse("2022-W21"), department, {"x": 3})
        batch = SnapshotBatch.from_columns(
            court=[court], period=["2022-W21"], department=[department], columns={"x": np.array([3])}
        )
        assert (snap.court, snap.department) == expected
        assert batch.to_snapshots() == [snap]
        return
    with pytest.raises(InputError) as info:
        MetricSnapshot(court, Period.parse("2022-W21"), department, {"x": 3})
    field = "court" if expected.startswith(repr(court)[:-1]) else "department"
    assert str(info.value) == f"{field}: {expected}"
    with pytest.raises(InputError) as info:
        SnapshotBatch.from_columns(
            court=[court], period=["2022-W21"], department=[department], columns={"x": np.array([3])}
        )
    assert str(info.value) == f"{field}[0]: {expected}"


def test_two_spellings_of_one_department_are_duplicates_in_json_as_in_csv() -> None:
    rows = [("c1", "立案庭 "), ("c1", "立案庭")]
    text = json.dumps(
        [{"court": c, "department": d, "period": "2022-W21"} for c, d in rows], ensure_ascii=False
    )
    with pytest.raises(InputError) as info:
        dataset_from_json(text, "d.json")
    assert str(info.value) == "d.json: $[1]: duplicates $[0]: court 'c1', department '立案庭', period 2022-W21"
    csv_text = "court,department,period\nc1,立案庭 ,2022-W21\nc1,立案庭,2022-W21\n"
    with pytest.raises(InputError) as info:
        dataset_from_csv(csv_text, "d.csv")
    assert str(info.value) == "d.csv:3: duplicates line 2: court 'c1', department '立案庭', period 2022-W21"


# -- 1b. the same bad cell in every format the library reads ----------------------------------

HEADER = ("court", "department", "period", "e_service_sent", "all_services")

#: (case, rows of HEADER's cells). shanghai-2022: e_service_send_rate = e_service_sent /
#: all_services, so the accepted row gives 3/4 = 0.75.
CELLS: list[tuple[str, list[tuple[Any, ...]]]] = [
    ("accepted", [("c1", "民一庭", "2022-W21", 3, 4)]),
    ("negative-count", [("c1", "民一庭", "2022-W21", -3, 4)]),
    ("word-for-a-count", [("c1", "民一庭", "2022-W21", "many", 4)]),
    ("blank-court", [("\u3000", "民一庭", "2022-W21", 3, 4)]),
    ("invisible-character-in-court", [("c\u200b1", "民一庭", "2022-W21", 3, 4)]),
    ("two-digit-year", [("c1", "民一庭", "22年第21周", 3, 4)]),
    ("same-department-twice", [("c1", "民一庭", "2022-W21", 3, 4), ("c1", "民一庭 ", "2022-W21", 1, 4)]),
    ("nan", [("c1", "民一庭", "2022-W21", float("nan"), 4)]),
]

_INVISIBLE = (
    "'c\\u200b1' holds the invisible character U+200B (ZERO WIDTH SPACE) at position 2; a court "
    "code is plain text: delete it and type the label again"
)
_TWO_DIGITS = "'22年第21周': the year '22' has 2 digits; write it in full (2022, not 22)"
_WORD = "'many' is not a number, a yes/no answer (是/否/yes/no/true/false) or a set of options such as {C,D,E}"
_DUP = "court 'c1', department '民一庭', period 2022-W21"
_ROW = " (court 'c1', department '民一庭', period 2022-W21)"

#: What each format gives for each case: the exact error text ({f} is the file), or the rate.
EXPECTED: dict[str, dict[str, str | float | None]] = {
    "json": {
        "negative-count": "{f}: $[0].values.e_service_sent: -3 is negative; counts cannot be below 0",
        "word-for-a-count": "{f}: $[0].values.e_service_sent: 'many' is not a number, a yes/no answer (是/否) or a list of options",
        "blank-court": "{f}: $[0].court: '\\u3000' is blank; a court code cannot be empty",
        "invisible-character-in-court": "{f}: $[0].court: " + _INVISIBLE,
        "two-digit-year": "{f}: $[0].period: " + _TWO_DIGITS,
        "same-department-twice": "{f}: $[1]: duplicates $[0]: " + _DUP,
        "nan": "{f}: $[0].values.e_service_sent: NaN is not a value; leave the input out to mark it not provided",
    },
    "csv": {
        "negative-count": "{f}:2 column e_service_sent: -3 is negative; counts cannot be below 0",
        "word-for-a-count": "{f}:2 column e_service_sent: " + _WORD,
        "blank-court": "{f}:2 column court: empty; every row needs a court",
        "invisible-character-in-court": "{f}:2 column court: " + _INVISIBLE,
        "two-digit-year": "{f}:2 column period: " + _TWO_DIGITS,
        "same-department-twice": "{f}:3: duplicates line 2: " + _DUP,
        "nan": "{f}:2 column e_service_sent: NaN is not a value; leave the input out to mark it not provided",
    },
    "xlsx": {
        "negative-count": "{f}:Sheet!D2: -3 is negative; counts cannot be below 0",
        "word-for-a-count": "{f}:Sheet!D2: " + _WORD,
        "blank-court": "{f}:Sheet!A2: empty; every row needs a court",
        "invisible-character-in-court": "{f}:Sheet!A2: " + _INVISIBLE,
        "two-digit-year": "{f}:Sheet!C2: " + _TWO_DIGITS,
        "same-department-twice": "{f}:Sheet row 3: duplicates row 2: " + _DUP,
        "nan": "{f}:Sheet!D2: NaN is not a value; leave the input out to mark it not provided",
    },
    "parquet": {
        "negative-count": "{f}: columns.e_service_sent[0]: -3.0 is negative; counts cannot be below 0" + _ROW,
        "word-for-a-count": "{f}: column 'e_service_sent': Arrow type string is not numeric",
        "blank-court": "{f}: court[0]: '\\u3000' is blank; a court code cannot be empty",
        "invisible-character-in-court": "{f}: court[0]: " + _INVISIBLE,
        "two-digit-year": "{f}: period[0]: " + _TWO_DIGITS,
        "same-department-twice": "{f}: row 1: duplicates row 0: " + _DUP,
        "nan": "{f}: e_service_sent[0]: NaN is not a value; leave the cell null for a value not provided",
    },
    "sqlite": {
        "negative-count": "query row 1 column 'e_service_sent': -3.0 is negative; counts cannot be below 0" + _ROW,
        "word-for-a-count": "query row 1 column 'e_service_sent': " + _WORD + _ROW,
        "blank-court": "query row 1 column 'court': '\\u3000' is blank; a court code cannot be empty "
        "(court '\\u3000', department '民一庭', period 2022-W21)",
        "invisible-character-in-court": "query row 1 column 'court': " + _INVISIBLE
        + " (court 'c\\u200b1', department '民一庭', period 2022-W21)",
        "two-digit-year": "query row 1 column 'period': " + _TWO_DIGITS
        + " (court 'c1', department '民一庭', period 22年第21周)",
        "same-department-twice": "query row 2: duplicates query row 1: " + _DUP,
        # sqlite3 stores a NaN as NULL: the database itself makes it a value not provided.
        "nan": None,
    },
}
EXPECTED["gbk.csv"] = EXPECTED["csv"]


def _write(fmt: str, path: Path, rows: list[tuple[Any, ...]]) -> None:
    if fmt == "json":
        docs = [dict(zip(HEADER[:3], r[:3], strict=True)) | {"values": dict(zip(HEADER[3:], r[3:], strict=True))} for r in rows]
        path.write_text(json.dumps(docs, ensure_ascii=False), "utf-8")
    elif fmt in ("csv", "gbk.csv"):
        text = "".join(",".join(str(c) for c in r) + "\n" for r in [HEADER, *rows])
        path.write_bytes(text.encode("gb18030" if fmt == "gbk.csv" else "utf-8"))
    elif fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        for r in [HEADER, *rows]:
            # Excel has no NaN: a NaN is written as the text a spreadsheet shows.
            sheet.append(["nan" if isinstance(c, float) and c != c else c for c in r])
        book.save(path)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = list(zip(*rows, strict=True))
        pq.write_table(pa.table({h: list(c) for h, c in zip(HEADER, columns, strict=True)}), path)
    else:
        conn = sqlite3.connect(path)
        conn.execute("create table t (court text, department text, period text, e_service_sent, all_services)")
        conn.executemany("insert into t values (?, ?, ?, ?, ?)", rows)
        conn.commit()
        conn.close()


def _read_any(fmt: str, path: Path) -> Any:
    scheme = get_scheme("shanghai-2022")
    if fmt == "sqlite":
        conn = sqlite3.connect(path)
        try:
            return from_query(conn, "select * from t", scheme=scheme)
        finally:
            conn.close()
    if fmt == "gbk.csv":
        return load_dataset(path, encoding="gb18030")
    return load_dataset(path, scheme=scheme) if fmt in ("csv", "xlsx") else load_dataset(path)


@pytest.mark.parametrize("fmt", ["json", "csv", "gbk.csv", "xlsx", "parquet", "sqlite"])
@pytest.mark.parametrize(("case", "rows"), CELLS, ids=[c for c, _ in CELLS])
def test_every_format(tmp_path: Path, fmt: str, case: str, rows: list[tuple[Any, ...]]) -> None:
    if case == "word-for-a-count" and fmt == "parquet":
        rows = [(*r[:3], str(r[3]), r[4]) for r in rows]  # a text column: Arrow has no mixed one
    path = tmp_path / f"d.{'db' if fmt == 'sqlite' else fmt}"
    _write(fmt, path, rows)
    expected = EXPECTED[fmt].get(case, 0.75)
    if isinstance(expected, str):
        with pytest.raises(InputError) as info:
            _read_any(fmt, path)
        assert str(info.value) == expected.replace("{f}", str(path))
    else:
        results = evaluate("shanghai-2022", _read_any(fmt, path))
        assert results.row(0, "e_service_send_rate").value == expected


# -- 2. periods: never reinterpreted --------------------------------------------------------

PERIODS: list[tuple[str, str]] = [
    ("2022年第21周", "2022-W21"),
    ("2022 年第 21 周", "2022-W21"),
    ("２０２２年第２１周", "2022-W21"),
    ("2022-W21", "2022-W21"),
    ("2022年5月", "2022-05"),
    ("2022年第2季度", "2022-Q2"),
    ("2019年", "2019"),
    ("2019年1月1日至12月31日", "2019-01-01/2019-12-31"),
    ("22年第21周", "'22年第21周': the year '22' has 2 digits; write it in full (2022, not 22)"),
    ("22年5月", "'22年5月': the year '22' has 2 digits; write it in full (2022, not 22)"),
    ("22年", "'22年': the year '22' has 2 digits; write it in full (2022, not 22)"),
    ("022年第2季度", "'022年第2季度': the year '022' has 3 digits; write it in full (2022, not 22)"),
    ("9年", "'9年': the year '9' has 1 digit; write it in full (2022, not 22)"),
    (
        "2019年1月1日至19年12月31日",
        "'2019年1月1日至19年12月31日': the year '19' has 2 digits; write it in full (2022, not 22)",
    ),
    ("20 22年第21周", "'20 22年第21周': digits broken by white space; write the number without spaces"),
    ("2022年第2 1周", "'2022年第2 1周': digits broken by white space; write the number without spaces"),
    ("2022-W2 1", "'2022-W2 1': digits broken by white space; write the number without spaces"),
    ("2022年5\u3000月", "2022-05"),
]


@pytest.mark.parametrize(("text", "expected"), PERIODS)
def test_periods(text: str, expected: str) -> None:
    if not expected.startswith("'"):
        assert str(Period.parse(text)) == expected
        return
    with pytest.raises(CourtinfoError) as info:
        Period.parse(text)
    assert str(info.value) == expected


def test_a_two_digit_year_in_a_file_is_refused_at_its_place() -> None:
    with pytest.raises(InputError) as info:
        dataset_from_csv("court,period,x\nc1,22年第21周,3\n", "d.csv")
    assert str(info.value) == (
        "d.csv:2 column period: '22年第21周': the year '22' has 2 digits; write it in full (2022, not 22)"
    )


# -- 3. numbers: checked in their text -------------------------------------------------------

NUMBERS: list[tuple[str, float | int | str]] = [
    ("3", 3),
    ("3.0", 3.0),
    ("0.1", 0.1),
    ("9007199254740992", 9007199254740992),
    ("9007199254740992.0", 9007199254740992.0),
    ("1e3", 1000.0),
    ("4.5e-1", 0.45),
    (
        "9007199254740993.0",
        "9007199254740993.0 is not exactly the number float64 holds (9007199254740992.0); a count "
        "is a whole number written without a decimal point, a measure needs fewer digits",
    ),
    (
        "4.0000000000000001",
        "4.0000000000000001 is not exactly the number float64 holds (4.0); a count is a whole "
        "number written without a decimal point, a measure needs fewer digits",
    ),
    (
        "0.99999999999999999",
        "0.99999999999999999 is not exactly the number float64 holds (1.0); a count is a whole "
        "number written without a decimal point, a measure needs fewer digits",
    ),
    (
        "9007199254740993e0",
        "9007199254740993e0 is not exactly the number float64 holds (9007199254740992.0); a "
        "count is a whole number written without a decimal point, a measure needs fewer digits",
    ),
    ("9007199254740993", "9007199254740993 exceeds the largest supported count 2**53"),
]


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_numbers(fmt: str, text: str, expected: object) -> None:
    if fmt == "json":
        doc = '[{"court": "c1", "period": "2022", "values": {"x": ' + text + "}}]"
        read: Callable[[], Dataset] = lambda: dataset_from_json(doc, "d.json")  # noqa: E731
    else:
        doc = f"court,period,x\nc1,2022,{text}\n"
        read = lambda: dataset_from_csv(doc, "d.csv")  # noqa: E731
    if not isinstance(expected, str):
        value = read().snapshots[0].values["x"]
        assert (value, type(value)) == (expected, type(expected))
        return
    with pytest.raises(InputError) as info:
        read()
    if "exceeds" in expected:
        where = "d.json: $[0].values.x" if fmt == "json" else "d.csv:2 column x"
    else:
        where = "d.json: line 1, column 52" if fmt == "json" else "d.csv:2 column x"
    assert str(info.value) == f"{where}: {expected}"


# -- 4. scheme files: every impossible value, all at once ------------------------------------


def _shanghai() -> dict[str, Any]:
    return copy.deepcopy(SHANGHAI)


SHANGHAI = scheme_to_data(get_scheme("shanghai-2022"))


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    """A change to a scheme document: `path` like 'indicators.3.targets.0.value'."""

    def change(doc: dict[str, Any]) -> None:
        keys: list[Any] = [int(k) if k.isdigit() else k for k in path.split(".")]
        node: Any = doc
        for k in keys[:-1]:
            node = node[k]
        node[keys[-1]] = value

    return change


SCHEMES: list[tuple[str, Callable[[dict[str, Any]], None], Problem]] = [
    (
        "target-90-for-0.90",
        _set("indicators.3.targets.0.value", 90),
        Problem(
            "$.indicators[3].targets[0].value",
            "target 90 of a percentage indicator is outside [0, 1]: targets are fractions; did you mean 0.90?",
        ),
    ),
    (
        "target-45-for-0.45",
        _set("indicators.0.targets.0.value", 45),
        Problem(
            "$.indicators[0].targets[0].value",
            "target 45 of a percentage indicator is outside [0, 1]: targets are fractions; did you mean 0.45?",
        ),
    ),
    (
        "target-negative",
        _set("indicators.0.targets.0.value", -0.1),
        Problem(
            "$.indicators[0].targets[0].value",
            "target -0.1 of a percentage indicator is outside [0, 1]: targets are fractions",
        ),
    ),
    (
        "target-1.5",
        _set("indicators.0.targets.0.value", 1.5),
        Problem(
            "$.indicators[0].targets[0].value",
            "target 1.5 of a percentage indicator is outside [0, 1]: targets are fractions; did you mean 0.01?",
        ),
    ),
    (
        "target-nan",
        _set("indicators.0.targets.0.value", float("nan")),
        Problem(
            "$.indicators[0].targets[0].value",
            "nan is not a number a scheme can use (NaN and infinities are refused)",
        ),
    ),
    (
        "target-inf",
        _set("indicators.0.targets.0.value", float("inf")),
        Problem(
            "$.indicators[0].targets[0].value",
            "inf is not a number a scheme can use (NaN and infinities are refused)",
        ),
    ),
    (
        "weight-nan",
        _set("indicators.0.formula.components.0.weight", float("nan")),
        Problem(
            "$.indicators[0].formula.components[0].weight",
            "nan is not a number a scheme can use (NaN and infinities are refused)",
        ),
    ),
    (
        "weight-negative",
        _set("indicators.0.formula.components.0.weight", -0.75),
        Problem(
            "$.indicators[0].formula.components[0].weight",
            "weight -0.75 is negative; only a blend declared difference = true subtracts",
        ),
    ),
    (
        "weights-not-adding-up",
        _set("indicators.0.formula.components.0.weight", 0.7),
        Problem(
            "$.indicators[0].formula.components",
            "the weights add up to 0.95, not 1; declare difference = true for a change (one weight 1, one -1)",
        ),
    ),
    (
        "weights-in-percent-not-adding-up",
        _set("indicators.0.formula.components.0.weight", "70%"),
        Problem(
            "$.indicators[0].formula.components",
            "the weights add up to 0.95, not 1; declare difference = true for a change (one weight 1, one -1)",
        ),
    ),
    (
        "blend-without-components",
        _set("indicators.0.formula.components", []),
        Problem("$.indicators[0].formula.components", "a blend needs at least one component"),
    ),
    (
        "blend-of-a-count-into-a-percentage",
        _set("indicators.0.formula.components.1.ref", "e_service_sent"),
        Problem(
            "$.indicators[0].formula.components[1].ref",
            "blends 'e_service_sent' (count) into a percentage indicator; declare mixed_units = true "
            "if the document really adds them",
        ),
    ),
    (
        "max-points-zero",
        _set("indicators.0.max_points", 0),
        Problem("$.indicators[0].max_points", "max_points 0 must be a number above 0"),
    ),
    (
        "max-points-negative",
        _set("indicators.2.max_points", -1),
        Problem("$.indicators[2].max_points", "max_points -1 must be a number above 0"),
    ),
    (
        "scheme-max-points-zero",
        _set("max_points", 0),
        Problem("$.max_points", "max_points 0 must be a number above 0"),
    ),
    (
        "leading-group-zero",
        _set("leading_group_size", 0),
        Problem("$.leading_group_size", "leading_group_size 0 must be a whole number of at least 1"),
    ),
    (
        "leading-group-text",
        _set("leading_group_size", "3"),
        Problem("$.leading_group_size", "leading_group_size '3' must be a whole number of at least 1"),
    ),
    (
        "leading-group-fraction",
        _set("leading_group_size", 2.5),
        Problem("$.leading_group_size", "leading_group_size 2.5 must be a whole number of at least 1"),
    ),
    (
        "period-kind-weekly",
        _set("period_kind", "weekly"),
        Problem(
            "$.period_kind",
            "'weekly' is not one of week, month, quarter, year, range; did you mean 'week'?",
        ),
    ),
    (
        "period-kind-chinese",
        _set("period_kind", "周"),
        Problem("$.period_kind", "'周' is not one of week, month, quarter, year, range"),
    ),
    (
        "other-period-kind",
        _set("other_period_kinds", ["month", "years"]),
        Problem(
            "$.other_period_kinds[1]",
            "'years' is not one of week, month, quarter, year, range; did you mean 'year'?",
        ),
    ),
    (
        "number-twice",
        _set("indicators.1.number", 1),
        Problem("$.indicators[1].number", "number 1 is also indicator $.indicators[0] ('e_service_rate')"),
    ),
    (
        "scope-unknown-department",
        _set("indicators.0.targets.1.scope", {"departments": ["审监廷"]}),
        Problem(
            "$.indicators[0].targets[1].scope.departments[0]",
            "unknown department '审监廷'; did you mean '审监庭'?",
        ),
    ),
    (
        "scope-binding-nobody",
        _set("indicators.0.targets.1.scope", {"case_handling": False}),
        Problem(
            "$.indicators[0].targets[1].scope",
            "the scope binds no department: give whole_court, departments, kinds, case_handling, "
            "all_departments or others",
        ),
    ),
    (
        "scope-unknown-kind",
        _set("indicators.0.targets.1.scope", {"kinds": ["filling"]}),
        Problem(
            "$.indicators[0].targets[1].scope",
            "unknown department kind 'filling'; did you mean 'filing'?",
        ),
    ),
    (
        "formula-terms-a-number",
        _set("indicators.5.formula.numerator", 3.25),
        Problem("$.indicators[5].formula.numerator", "3.25 is not a name or a list of names"),
    ),
    (
        "formula-weight-a-word",
        _set("indicators.0.formula.components.0.weight", "many"),
        Problem(
            "$.indicators[0].formula.components[0].weight",
            "'many' is not a number or a fraction such as '2/3' or '75%'",
        ),
    ),
    (
        "formula-scale-zero",
        _set("indicators.5.formula.scale", 0),
        Problem(
            "$.indicators[5].formula.scale",
            "0 must be a positive finite number (365 for days, 100 for ×100)",
        ),
    ),
    (
        # bool("false") is True: the input took negative values, read as a fall (同比下降).
        "input-signed-in-quotes",
        _set("inputs.0.signed", "false"),
        Problem("$.inputs[0].signed", "'false' is not true or false (write it without quotes)"),
    ),
    (
        "formula-signed-a-word",
        _set("indicators.5.formula.signed", "no"),
        Problem("$.indicators[5].formula.signed", "'no' is not true or false"),
    ),
    (
        "indicator-companion-a-number",
        _set("indicators.0.companion", 0),
        Problem("$.indicators[0].companion", "0 is not true or false"),
    ),
]


@pytest.mark.parametrize(("change", "problem"), [pytest.param(c, p, id=i) for i, c, p in SCHEMES])
def test_scheme_values(change: Callable[[dict[str, Any]], None], problem: Problem) -> None:
    doc = _shanghai()
    change(doc)
    with pytest.raises(SchemeValidationError) as info:
        scheme_from_data(doc, "s.json")
    assert problem in info.value.problems, info.value.problems


def test_every_scheme_problem_is_listed_at_once() -> None:
    doc = _shanghai()
    for _, change, _ in SCHEMES[:3] + SCHEMES[12:13] + SCHEMES[18:19]:
        change(doc)
    doc["indicators"][5]["formula"]["kind"] = "ratoi"  # a typing problem as well
    with pytest.raises(SchemeValidationError) as info:
        scheme_from_data(doc, "s.json")
    paths = [p.path for p in info.value.problems]
    assert paths == [
        "$.period_kind",
        "$.indicators[0].max_points",
        "$.indicators[0].targets[0].value",
        "$.indicators[3].targets[0].value",
        "$.indicators[5].formula",
    ]


def test_a_difference_blend_may_subtract() -> None:
    doc = _shanghai()
    doc["indicators"][0]["formula"].update(difference=True)
    doc["indicators"][0]["formula"]["components"][1]["weight"] = -1
    doc["indicators"][0]["formula"]["components"][0]["weight"] = 1
    doc["indicators"][0]["unit"] = "percentage_points"
    doc["indicators"][0]["targets"] = []
    scheme = scheme_from_data(doc)
    assert scheme.indicators[0].formula.difference is True  # type: ignore[attr-defined]


# -- 5. the Python API, misused ------------------------------------------------------------

W21 = Period.parse("2022-W21")
SNAP = MetricSnapshot("c1", W21, values={"e_service_sent": 3, "all_services": 4})


def _weekly_tree() -> CourtTree:
    return CourtTree((Court("shanghai-jiading", "上海市嘉定区人民法院", "basic"),))  # type: ignore[arg-type]


API: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    (
        "evaluate-scheme-none",
        lambda: evaluate(None, SNAP),  # type: ignore[arg-type]
        CourtinfoError,
        "evaluate: scheme must be a Scheme, or a shipped scheme's code (str) such as 'spc-2019'; "
        "got None of type NoneType",
    ),
    (
        "evaluate-scheme-unknown-code",
        lambda: evaluate("shanghai-2023", SNAP),
        CourtinfoError,
        "unknown scheme 'shanghai-2023'; did you mean 'shanghai-2022'?",
    ),
    (
        "evaluate-departments-of-str",
        lambda: evaluate("shanghai-2022", SNAP, departments=["立案庭"]),  # type: ignore[list-item]
        InputError,
        "Evaluator: departments[0] must be a Department; got '立案庭' of type str "
        "(make one with Department(court, '立案庭', kind=...))",
    ),
    (
        "evaluate-departments-str",
        lambda: evaluate("shanghai-2022", SNAP, departments="立案庭"),  # type: ignore[arg-type]
        InputError,
        "Evaluator: departments must be a sequence of Department; got '立案庭' of type str",
    ),
    (
        "evaluate-courts-list",
        lambda: evaluate("shanghai-2022", SNAP, courts=["c1"]),  # type: ignore[arg-type]
        InputError,
        "Evaluator: courts must be a CourtTree or None; got ['c1'] of type list",
    ),
    (
        "evaluate-court-outside-the-tree",
        lambda: evaluate("shanghai-2022", MetricSnapshot("shanghai-jiadng", W21), courts=_weekly_tree()),
        InputError,
        "court: court 'shanghai-jiadng' is not in the court tree; did you mean 'shanghai-jiading'?",
    ),
    (
        "evaluate-yearly-scheme-on-weeks",
        lambda: evaluate("spc-2019", MetricSnapshot("c1", W21, values={"q6_1": 3})),
        InputError,
        "period: 2022-W21 is a week period, finer than the year periods scheme 'spc-2019' is "
        "for; roll the data up (rollup_periods), or list 'week' in the scheme's other_period_kinds",
    ),
    (
        "evaluate-weekly-scheme-on-a-day-range",
        lambda: evaluate("shanghai-2022", MetricSnapshot("c1", Period.parse("2022-05-02/2022-05-04"))),
        InputError,
        "period: 2022-05-02/2022-05-04 is a range period, finer than the week periods scheme "
        "'shanghai-2022' is for; roll the data up (rollup_periods), or list 'range' in the "
        "scheme's other_period_kinds",
    ),
    (
        "save-dataset-none",
        lambda: save_dataset(None, "never-written.json"),  # type: ignore[arg-type]
        InputError,
        "save_dataset: dataset must be a Dataset; got None of type NoneType",
    ),
    (
        "load-dataset-limit",
        lambda: load_dataset(CHANGQING, max_bytes=100),
        InputError,
        f"{CHANGQING}: larger than the limit of 100 bytes; refused (raise the limit with "
        "max_bytes=..., or --max-input-size on the command line)",
    ),
    (
        "load-dataset-limit-not-a-number",
        lambda: load_dataset(CHANGQING, max_bytes="1M"),  # type: ignore[arg-type]
        InputError,
        "load_dataset: max_bytes must be a whole number of bytes, at least 1; got '1M' of type str",
    ),
    (
        "from-columns-name-twice",
        lambda: SnapshotBatch.from_columns(
            court=["c1"], period=["2022-W21"], columns={"x": [1], "ｘ": [2]}  # type: ignore[dict-item]
        ),
        InputError,
        "columns['ｘ']: input name 'ｘ' is 'x' written another way; give it once",
    ),
    (
        "snapshot-input-name-invisible",
        lambda: MetricSnapshot("c1", W21, values={"x\u200b": 1}),
        InputError,
        "values['x\\u200b']: 'x\\u200b' holds the invisible character U+200B (ZERO WIDTH SPACE) "
        "at position 2; an input id is plain text: delete it and type the label again",
    ),
    # Formulas built in Python name their class, the parameter and the value.
    (
        "formula-terms-a-number",
        lambda: F.Ratio(3.25, "q6_1"),  # type: ignore[arg-type]
        FormulaValidationError,
        "Ratio: numerator: 3.25 is not a name or a list of names",
    ),
    (
        "formula-no-terms",
        lambda: F.PerCaseAverage("q6_2", []),
        FormulaValidationError,
        "PerCaseAverage: denominator: an empty list names nothing; give at least one input or indicator",
    ),
    (
        "formula-name-a-number",
        lambda: F.Threshold(0.45, "45%"),  # type: ignore[arg-type]
        FormulaValidationError,
        "Threshold: value: 0.45 is not an input or indicator name (a str such as 'q6_1')",
    ),
    (
        "formula-weight-a-word",
        lambda: F.Component("three quarters", "e_service_send_rate"),
        FormulaValidationError,
        "Component: weight: 'three quarters' is not a number or a fraction such as '2/3' or '75%'",
    ),
    (
        "formula-weight-yes-no",
        lambda: F.PeerComponent("logins", "officers", True),
        FormulaValidationError,
        "PeerComponent: weight: True is a yes/no, not a number",
    ),
    (
        "formula-a-part-that-is-no-component",
        lambda: F.WeightedBlend((F.Component(0.75, "a"), "b")),  # type: ignore[arg-type]
        FormulaValidationError,
        "WeightedBlend: components[1]: 'b' is not a Component",
    ),
    (
        "formula-threshold-by-level-a-word",
        lambda: F.Threshold("it_staff", 5, by_level={"basic": "few"}),  # type: ignore[dict-item]
        FormulaValidationError,
        "Threshold: by_level['basic']: 'few' is not a number or a fraction such as '2/3' or '75%'",
    ),
    (
        "formula-usage-not-a-formula",
        lambda: F.CapabilityUsage("q2_1", 0.5, usage="q6_2"),  # type: ignore[arg-type]
        FormulaValidationError,
        "CapabilityUsage: usage: 'q6_2' is not a formula (Ratio(...), ...) or None",
    ),
    (
        "formula-applicable-to-no-formula",
        lambda: F.Applicable("civil_exists", "civil_resolved"),  # type: ignore[arg-type]
        FormulaValidationError,
        "Applicable: formula: 'civil_resolved' is not a formula (Ratio(...), ...)",
    ),
    (
        "formula-flag-not-a-bool",
        lambda: F.Ratio("q6_2", "q6_1", signed="no"),  # type: ignore[arg-type]
        FormulaValidationError,
        "Ratio: signed: 'no' is not true or false",
    ),
    (
        "formula-over-misspelt",
        lambda: F.Ratio("q6_2", "q6_1", over="clip"),  # type: ignore[arg-type]
        FormulaError,
        "Ratio.over must be one of 'error', 'cap', 'allow', not 'clip'",
    ),
    (
        "weight-a-word",
        lambda: F.weight("many"),
        FormulaValidationError,
        "weight: value: 'many' is not a number or a fraction such as '2/3' or '75%'",
    ),
    (
        "unknown-kind-reason-lang",
        lambda: REP.unknown_kind_reason("zh-CN"),  # type: ignore[arg-type]
        InputError,
        "lang 'zh-CN' is not 'zh' (Chinese, the default) or 'en' (English)",
    ),
    (
        "assert-snapshots-equal-a-number",
        lambda: TST.assert_snapshots_equal([SNAP], 3.25),  # type: ignore[arg-type]
        InputError,
        "assert_snapshots_equal: expected must be an iterable of MetricSnapshot; got 3.25 of type float",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "message"), [pytest.param(c, e, m, id=i) for i, c, e, m in API]
)
def test_api_misuse(call: Callable[[], object], error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == message


def test_a_scheme_code_is_accepted_where_a_scheme_is() -> None:
    by_code = evaluate("shanghai-2022", SNAP)
    by_scheme = evaluate(get_scheme("shanghai-2022"), SNAP)
    # 电子送达发送率 3/4.
    assert by_code.row(0, "e_service_send_rate").value == 0.75
    assert by_scheme.row(0, "e_service_send_rate").value == 0.75


def test_evaluator_settings_are_read_only() -> None:
    ev = Evaluator("shanghai-2022")
    for name, value in (("scheme", get_scheme("spc-2019")), ("courts", None), ("departments", ())):
        with pytest.raises(AttributeError):
            setattr(ev, name, value)
    assert ev.scheme.code == "shanghai-2022"


def test_results_court_trees_and_datasets_pickle() -> None:
    dataset = load_dataset(CHANGQING)
    results = evaluate("spc-2019", dataset)
    tree = dataset.tree()
    assert tree is not None
    for value in (dataset, tree):
        assert pickle.loads(pickle.dumps(value)) == value
    again = pickle.loads(pickle.dumps(results))
    assert [r.to_dict() for r in again.rows()] == [r.to_dict() for r in results.rows()]
    assert again.total_points()[0] == results.total_points()[0]


# -- 5b. every public callable of every face, given a wrong first argument ----------------

FACES = (
    "courtinfo",
    "courtinfo.report",
    "courtinfo.indicators",
    "courtinfo.formulas",
    "courtinfo.org",
    "courtinfo.io",
    "courtinfo.sources",
    "courtinfo.testing",
)


@functools.cache
def _world() -> dict[str, Any]:
    """Real values for the arguments after the first: the example files, evaluated."""
    from courtinfo.evaluation import peer_figures

    sh2 = load_dataset(ROOT / "examples" / "data" / "shanghai-2nd-2022-W21.json")
    results = evaluate("shanghai-2022", sh2)
    scheme = get_scheme("shanghai-2022")
    changqing = load_dataset(CHANGQING)
    return {
        "scheme": scheme,
        "results": results,
        "peers": peer_figures(results, parent="shanghai-2nd", period=W21),
        "tree": sh2.tree(),
        "batch": changqing.batch(),
        "dataset": changqing,
        "spc_results": evaluate("spc-2019", changqing),
    }


def _w(key: str) -> Any:
    return _world()[key]


_OUT = Path("/nonexistent-courtinfo-red-team")  # never written: the first argument is refused

#: Public callables whose first argument is not checked, on purpose: enums look members up by
#: value as every Python enum does (ValueError), records the library builds for its callers
#: (results, reports, batches from columns), the abstract formula, type aliases, and callables
#: without arguments.
NOT_AUDITED = {
    "Missing", "PeriodKind", "ValueKind", "ChangeNote", "Comparison", "Aggregate", "Comparator",
    "Direction", "RoundingMode", "TargetStatus", "Unit", "Status", "CourtLevel", "DepartmentKind",
    "PeriodRollup", "ResultRow", "InvalidRow", "Results", "SnapshotBatch", "Bulletin", "BulletinEntry",
    "BulletinSection", "CategoryScore", "Change", "Changes", "Explanation", "Ranking",
    "RankingEntry", "ScoreLine", "ScoreReport", "SectionCounts", "Trend", "Indicator", "Input",
    "Scheme", "Env", "Outcome", "RatioGroup", "Formula", "AdapterReport", "BadInput",
    "ExpectedResults", "Golden", "GoldenCase", "Lang", "StatusArray", "schemes", "cjk_font",
    "scheme_json_schema", "add_terms", "divide", "nans", "pooled_rows", "ratio_arrays",
    "relative_change", "worst",
    "docx_bytes", "excel_bytes", "to_docx", "to_excel",
}

#: Public callables whose wrong first argument is not refused yet: strict xfails, so a fix
#: shows (empty: every audited callable names its argument).
NOT_YET: set[str] = set()


def _faces() -> dict[str, tuple[str, Any]]:
    found: dict[str, tuple[str, Any]] = {}
    seen: set[int] = set()
    for face in FACES:
        module = importlib.import_module(face)
        for name in module.__all__:
            obj = getattr(module, name)
            if not callable(obj) or (isinstance(obj, type) and issubclass(obj, BaseException)):
                continue
            if id(obj) not in seen:
                seen.add(id(obj))
                found[f"{face}.{name}"] = (name, obj)
    return found


#: (public name, call with the wrong value `w` first and real values after it, wrong value).
WRONG: list[tuple[str, Callable[[Any], object], object]] = [
    ("courtinfo.Dataset", lambda w: Dataset(w), 3.25),
    ("courtinfo.Evaluator", lambda w: Evaluator(w), 3.25),
    ("courtinfo.MetricSnapshot", lambda w: MetricSnapshot(w, W21), 3.25),
    ("courtinfo.Period", lambda w: Period(w, W21.start, W21.end), 3.25),
    ("courtinfo.Problem", lambda w: Problem(w, "m"), 3.25),
    ("courtinfo.dataset_from_csv", lambda w: dataset_from_csv(w), 3.25),
    ("courtinfo.dataset_from_json", lambda w: dataset_from_json(w), 3.25),
    ("courtinfo.dataset_to_csv", lambda w: dataset_to_csv(w), 3.25),
    ("courtinfo.dataset_to_json", lambda w: dataset_to_json(w), 3.25),
    ("courtinfo.evaluate", lambda w: evaluate(w, _w("dataset")), 3.25),
    ("courtinfo.get_scheme", lambda w: get_scheme(w), 3.25),
    ("courtinfo.load_dataset", lambda w: load_dataset(w), 3.25),
    ("courtinfo.load_scheme", lambda w: load_scheme(w), 3.25),
    ("courtinfo.rollup_departments", lambda w: rollup_departments(w), 3.25),
    ("courtinfo.rollup_periods", lambda w: rollup_periods(w, aggregates=_w("scheme")), 3.25),
    ("courtinfo.rollup_tree", lambda w: rollup_tree(w, _w("tree")), 3.25),
    ("courtinfo.round_half_up", lambda w: round_half_up(w), "3.25"),
    ("courtinfo.save_dataset", lambda w: save_dataset(w, _OUT / "d.json"), 3.25),
    ("courtinfo.report.bulletin", lambda w: REP.bulletin(w, court="c", period=W21), 3.25),
    ("courtinfo.report.changes", lambda w: REP.changes(w, "x"), 3.25),
    ("courtinfo.report.check_lang", lambda w: REP.check_lang(w), 3.25),
    ("courtinfo.report.chinese_number", lambda w: REP.chinese_number(w), "3.25"),
    ("courtinfo.report.comparison_period", lambda w: REP.comparison_period(w, REP.Comparison.PREVIOUS), 3.25),
    ("courtinfo.report.competition_rank", lambda w: REP.competition_rank(w), "3.25"),
    ("courtinfo.report.display_width", lambda w: REP.display_width(w), 3.25),
    ("courtinfo.report.explain", lambda w: REP.explain(w, 0, "x"), 3.25),
    ("courtinfo.report.format_change", lambda w: REP.format_change(w, "percentage"), "3.25"),
    ("courtinfo.report.format_percent", lambda w: REP.format_percent(w), "3.25"),
    ("courtinfo.report.format_points", lambda w: REP.format_points(w), "3.25"),
    ("courtinfo.report.format_published", lambda w: REP.format_published(w, 0.5), 3.25),
    ("courtinfo.report.format_target", lambda w: REP.format_target(w, "at_least", "percentage"), "3.25"),
    ("courtinfo.report.format_value", lambda w: REP.format_value(w, "percentage"), "3.25"),
    ("courtinfo.report.format_shown", lambda w: REP.format_shown(w, "percentage"), "3.25"),
    ("courtinfo.report.format_yes_no", lambda w: REP.format_yes_no(w), 3.25),
    ("courtinfo.report.department_label", lambda w: REP.department_label(w, "zh"), 3.25),
    ("courtinfo.report.formula_text", lambda w: REP.formula_text(w, "x"), 3.25),
    ("courtinfo.report.group_ranks", lambda w: REP.group_ranks(w, [0, 0]), "3.25"),
    ("courtinfo.report.input_label", lambda w: REP.input_label(w, "x", "zh"), 3.25),
    ("courtinfo.report.invalid_lines", lambda w: REP.invalid_lines(w, (), "zh"), 3.25),
    ("courtinfo.report.invalid_text", lambda w: REP.invalid_text(w, None, "zh"), 3.25),
    ("courtinfo.report.issued_text", lambda w: REP.issued_text(w), 3.25),
    ("courtinfo.report.left_out_heading", lambda w: REP.left_out_heading(w), 3.25),
    ("courtinfo.report.left_out_rows", lambda w: REP.left_out_rows(w), 3.25),
    ("courtinfo.report.matching_rows", lambda w: REP.matching_rows(w), 3.25),
    ("courtinfo.report.met_word", lambda w: REP.met_word(w, "zh"), 3.25),
    ("courtinfo.report.missing_word", lambda w: REP.missing_word(w, "zh"), 3.25),
    ("courtinfo.report.missing_reason", lambda w: REP.missing_reason(w, F.Status.OK, (), "zh"), 3.25),
    ("courtinfo.report.plot_trend", lambda w: REP.plot_trend(w, _OUT / "t.png"), 3.25),
    ("courtinfo.report.rank_courts", lambda w: REP.rank_courts(w), 3.25),
    ("courtinfo.report.render_csv", lambda w: REP.render_csv(w, []), 3.25),
    ("courtinfo.report.render_json", lambda w: REP.render_json(w), {1, 2}),
    ("courtinfo.report.score_report", lambda w: REP.score_report(w), 3.25),
    ("courtinfo.report.score_reports", lambda w: REP.score_reports(w), 3.25),
    ("courtinfo.report.to_csv", lambda w: REP.to_csv(w), 3.25),
    ("courtinfo.report.to_dataframe", lambda w: REP.to_dataframe(w), 3.25),
    ("courtinfo.report.to_json", lambda w: REP.to_json(w), 3.25),
    ("courtinfo.report.to_records", lambda w: REP.to_records(w), 3.25),
    ("courtinfo.report.write_csv", lambda w: REP.write_csv(w, io.BytesIO()), 3.25),
    ("courtinfo.report.write_json", lambda w: REP.write_json(w, io.BytesIO()), 3.25),
    ("courtinfo.report.write_markdown", lambda w: REP.write_markdown(w, io.BytesIO()), 3.25),
    ("courtinfo.report.write_table", lambda w: REP.write_table(w, io.BytesIO()), 3.25),
    ("courtinfo.report.top_quartile", lambda w: REP.top_quartile(w), "3.25"),
    ("courtinfo.report.unknown_kind_reason", lambda w: REP.unknown_kind_reason(w), 3.25),
    ("courtinfo.report.trend", lambda w: REP.trend(w, "x", court="c"), 3.25),
    ("courtinfo.report.Table", lambda w: REP.Table(w, ()), 3.25),
    ("courtinfo.indicators.Category", lambda w: IND.Category(w, "名"), 3.25),
    ("courtinfo.indicators.Option", lambda w: IND.Option(w, "名"), 3.25),
    ("courtinfo.indicators.Measure", lambda w: IND.Measure(w), 3.25),
    ("courtinfo.indicators.Source", lambda w: IND.Source(w), 3.25),
    ("courtinfo.indicators.Rounding", lambda w: IND.Rounding(w), "3.25"),
    ("courtinfo.indicators.Scope", lambda w: IND.Scope(w), 3.25),
    ("courtinfo.indicators.Target", lambda w: IND.Target(w), 3.25),
    ("courtinfo.indicators.check_scheme", lambda w: IND.check_scheme(w), 3.25),
    ("courtinfo.indicators.dependency_order", lambda w: IND.dependency_order(w), 3.25),
    ("courtinfo.indicators.pick_target", lambda w: IND.pick_target(w, None, None, False), 3.25),
    ("courtinfo.indicators.published_figure", lambda w: IND.published_figure(w, "percentage", None), "3.25"),
    ("courtinfo.indicators.resolve_scheme", lambda w: IND.resolve_scheme(w), 3.25),
    ("courtinfo.indicators.scheme_from_data", lambda w: IND.scheme_from_data(w), 3.25),
    ("courtinfo.indicators.scheme_reference", lambda w: IND.scheme_reference(w), 3.25),
    ("courtinfo.indicators.scheme_to_data", lambda w: IND.scheme_to_data(w), 3.25),
    ("courtinfo.formulas.Ratio", lambda w: F.Ratio(w, "b"), 3.25),
    ("courtinfo.formulas.PerCaseAverage", lambda w: F.PerCaseAverage(w, "b"), 3.25),
    ("courtinfo.formulas.Threshold", lambda w: F.Threshold(w, 1.0), 3.25),
    ("courtinfo.formulas.Checklist", lambda w: F.Checklist(w), 3.25),
    # "3.25" is a weight as scheme files write one (text fractions: "3/4", "75%"): None is not.
    ("courtinfo.formulas.Component", lambda w: F.Component(w, "a"), None),
    ("courtinfo.formulas.WeightedBlend", lambda w: F.WeightedBlend(w), 3.25),
    ("courtinfo.formulas.PeerComponent", lambda w: F.PeerComponent(w, "b", 1.0), 3.25),
    ("courtinfo.formulas.PeerRelative", lambda w: F.PeerRelative(w), 3.25),
    ("courtinfo.formulas.Change", lambda w: F.Change(w), 3.25),
    ("courtinfo.formulas.CapabilityUsage", lambda w: F.CapabilityUsage(w, 1.0), 3.25),
    ("courtinfo.formulas.Applicable", lambda w: F.Applicable(w, F.Ratio("a", "b")), 3.25),
    ("courtinfo.formulas.register", lambda w: F.register(w), 3.25),
    ("courtinfo.formulas.shifted", lambda w: F.shifted(w, "year_ago"), 3.25),
    ("courtinfo.formulas.split_reference", lambda w: F.split_reference(w), 3.25),
    ("courtinfo.formulas.split_terms", lambda w: F.split_terms(w), 3.25),
    ("courtinfo.formulas.sum_terms", lambda w: F.sum_terms(w, F.nans), 3.25),
    ("courtinfo.formulas.weight", lambda w: F.weight(w), "many"),
    ("courtinfo.formulas.term_name", lambda w: F.term_name(w), 3.25),
    ("courtinfo.org.Court", lambda w: ORG.Court(w, "名", "basic"), 3.25),
    ("courtinfo.org.CourtTree", lambda w: ORG.CourtTree(w), 3.25),
    ("courtinfo.org.Department", lambda w: ORG.Department(w, "d", "filing", "立案庭"), 3.25),
    ("courtinfo.org.Person", lambda w: ORG.Person(w), 3.25),
    ("courtinfo.org.Responsibility", lambda w: ORG.Responsibility(w), 3.25),
    ("courtinfo.org.check_departments", lambda w: ORG.check_departments(w), 3.25),
    ("courtinfo.org.department_name_zh", lambda w: ORG.department_name_zh(w), 3.25),
    ("courtinfo.org.resolve_department_kind", lambda w: ORG.resolve_department_kind(w), 3.25),
    ("courtinfo.io.connect", lambda w: IO.connect(w), 3.25),
    ("courtinfo.io.dataset_from_bytes", lambda w: IO.dataset_from_bytes(w, "json"), 3.25),
    ("courtinfo.io.dataset_from_data", lambda w: IO.dataset_from_data(w), 3.25),
    ("courtinfo.io.dataset_from_table", lambda w: IO.dataset_from_table(w, []), 3.25),
    ("courtinfo.io.dataset_from_xlsx", lambda w: IO.dataset_from_xlsx(w), 3.25),
    ("courtinfo.io.dataset_to_data", lambda w: IO.dataset_to_data(w), 3.25),
    ("courtinfo.io.dataset_to_sql", lambda w: IO.dataset_to_sql(w, sqlite3.connect(":memory:"), "t"), 3.25),
    ("courtinfo.io.dataset_to_xlsx", lambda w: IO.dataset_to_xlsx(w), 3.25),
    ("courtinfo.io.save_xlsx", lambda w: IO.save_xlsx(w, _OUT / "d.xlsx"), 3.25),
    ("courtinfo.io.decode", lambda w: IO.decode(w, "utf-8", "s"), 3.25),
    ("courtinfo.io.form_header", lambda w: IO.form_header(w), 3.25),
    ("courtinfo.io.form_inputs", lambda w: IO.form_inputs(w), 3.25),
    ("courtinfo.io.format_cell", lambda w: IO.format_cell(w), "3.25"),
    ("courtinfo.io.from_query", lambda w: IO.from_query(w, "select 1"), 3.25),
    ("courtinfo.io.input_note", lambda w: IO.input_note(w), 3.25),
    ("courtinfo.io.load_csv", lambda w: IO.load_csv(w), 3.25),
    ("courtinfo.io.load_json", lambda w: IO.load_json(w), 3.25),
    ("courtinfo.io.load_parquet", lambda w: IO.load_parquet(w), 3.25),
    ("courtinfo.io.load_xlsx", lambda w: IO.load_xlsx(w), 3.25),
    ("courtinfo.io.openpyxl_module", lambda w: IO.openpyxl_module(w), 3.25),
    ("courtinfo.io.paramstyle_of", lambda w: IO.paramstyle_of(w), 3.25),
    ("courtinfo.io.parse_cell", lambda w: IO.parse_cell(w), 3.25),
    ("courtinfo.io.read_input", lambda w: IO.read_input(w), 3.25),
    ("courtinfo.io.read_parquet", lambda w: IO.read_parquet(w), 3.25),
    ("courtinfo.io.read_parquet_table", lambda w: IO.read_parquet_table(w), 3.25),
    ("courtinfo.io.result_rows", lambda w: IO.result_rows(w), 3.25),
    ("courtinfo.io.save_csv", lambda w: IO.save_csv(w, _OUT / "d.csv"), 3.25),
    ("courtinfo.io.save_json", lambda w: IO.save_json(w, _OUT / "d.json"), 3.25),
    ("courtinfo.io.save_parquet", lambda w: IO.save_parquet(w, _OUT / "d.parquet"), 3.25),
    ("courtinfo.io.save_template", lambda w: IO.save_template(w, _OUT / "f.csv"), 3.25),
    ("courtinfo.io.template_csv", lambda w: IO.template_csv(w), 3.25),
    ("courtinfo.io.template_xlsx", lambda w: IO.template_xlsx(w), 3.25),
    ("courtinfo.io.to_sql", lambda w: IO.to_sql(w, sqlite3.connect(":memory:"), "t"), 3.25),
    ("courtinfo.io.write_parquet", lambda w: IO.write_parquet(w, _OUT / "d.parquet"), 3.25),
    ("courtinfo.io.write_text", lambda w: IO.write_text(w, "x"), 3.25),
    ("courtinfo.testing.assert_batches_equal", lambda w: TST.assert_batches_equal(w, _w("batch")), 3.25),
    ("courtinfo.testing.assert_results_equal", lambda w: TST.assert_results_equal(w, _w("spc_results")), 3.25),
    ("courtinfo.testing.assert_snapshots_equal", lambda w: TST.assert_snapshots_equal(w, _w("dataset").snapshots), 3.25),
    ("courtinfo.testing.check_adapter", lambda w: TST.check_adapter(w, _w("scheme"), cases=[1]), 3.25),
    ("courtinfo.testing.golden", lambda w: TST.golden(w), 3.25),
    ("courtinfo.testing.synthetic_dataset", lambda w: TST.synthetic_dataset(w), 3.25),
]


def test_every_public_callable_is_in_the_wrong_type_table() -> None:
    listed = {name for name, _, _ in WRONG}
    missing = [
        full for full, (name, _) in _faces().items() if full not in listed and name not in NOT_AUDITED
    ]
    assert missing == []
    assert not listed - set(_faces())


@pytest.mark.parametrize(
    ("name", "call", "wrong"),
    [
        pytest.param(
            n, c, w, id=n.removeprefix("courtinfo."),
            marks=[pytest.mark.xfail(strict=True, reason="not checked yet")] if n in NOT_YET else [],
        )
        for n, c, w in WRONG
    ],
)
def test_a_wrong_first_argument_is_named(name: str, call: Callable[[Any], object], wrong: object) -> None:
    obj = _faces()[name][1]
    first = next(iter(inspect.signature(obj).parameters))
    with pytest.raises(CourtinfoError) as info:
        call(wrong)
    text = str(info.value)
    assert first in text, text
    assert shown(wrong) in text or repr(wrong) in text, text


# -- 6. the command line, in real subprocesses ------------------------------------------------


def _run(*argv: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *argv], capture_output=True, text=True, encoding="utf-8", timeout=120, **kw
    )


@pytest.fixture(scope="module")
def bad_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data file with three problems: a negative count, a blank court, a two-digit year."""
    path = tmp_path_factory.mktemp("red") / "bad.json"
    rows = [
        {"court": "c1", "period": "2019", "values": {"q6_1": -3}},
        {"court": " ", "period": "2019"},
        {"court": "c2", "period": "19年"},
    ]
    path.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    return path


def test_cli_first_problem_and_count(bad_data: Path) -> None:
    done = _run("evaluate", "--scheme", "spc-2019", str(bad_data))
    assert done.returncode == 2
    assert done.stderr == (
        f"courtinfo: error: {bad_data}: $[0].values.q6_1: -3 is negative; counts cannot be below 0"
        " (+2 more problems)\n"
    )


def test_cli_all_problems(bad_data: Path) -> None:
    done = _run("evaluate", "--scheme", "spc-2019", "--all-problems", str(bad_data))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"courtinfo: error: {bad_data}: $[0].values.q6_1: -3 is negative; counts cannot be below 0",
        f"courtinfo: error: {bad_data}: $[1].court: ' ' is blank; a court code cannot be empty",
        f"courtinfo: error: {bad_data}: $[2].period: '19年': the year '19' has 2 digits; write it in "
        "full (2022, not 22)",
        "courtinfo: error: 3 problems",
    ]


@pytest.fixture(scope="module")
def bad_scheme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """shanghai-2022 with five problems: a period kind, points, two targets, a formula kind."""
    doc = _shanghai()
    for _, change, _ in SCHEMES[:3] + SCHEMES[12:13] + SCHEMES[18:19]:
        change(doc)
    doc["indicators"][5]["formula"]["kind"] = "ratoi"
    path = tmp_path_factory.mktemp("red") / "s.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return path


def test_cli_scheme_file_first_problem_all_problems_and_check(bad_scheme: Path) -> None:
    first = (
        f"{bad_scheme}: $.period_kind: 'weekly' is not one of week, month, quarter, year, range; "
        "did you mean 'week'?"
    )
    argv = ("evaluate", "--scheme", str(bad_scheme), str(CHANGQING))
    done = _run(*argv)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"courtinfo: error: {first} (+4 more problems)\n"
    every = _run(*argv, "--all-problems").stderr.splitlines()
    assert len(every) == 6
    assert every[0] == f"courtinfo: error: {first}"
    assert [line.split(": ")[3] for line in every[:5]] == [
        "$.period_kind",
        "$.indicators[0].max_points",
        "$.indicators[0].targets[0].value",
        "$.indicators[3].targets[0].value",
        "$.indicators[5].formula",
    ]
    assert every[5] == "courtinfo: error: 5 problems"
    checked = _run("check", str(bad_scheme))
    assert checked.returncode == 2
    assert checked.stdout.splitlines()[0] == first
    assert checked.stdout.splitlines()[1:] == [line.removeprefix("courtinfo: error: ") for line in every[1:5]] + [
        f"5 problems in {bad_scheme}"
    ]


def _interrupt_while_reading(tmp_path: Path, argv: list[str], stdin: int | None) -> None:
    """Ctrl-C while the command waits for input that never comes (a FIFO or a silent pipe)."""
    proc = subprocess.Popen(
        [str(SCRIPT), *argv], stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    # The command is waiting once its stat shows it sleeping in a read of the pipe.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            wchan = Path(f"/proc/{proc.pid}/wchan").read_text()
        except OSError:
            wchan = ""
        if "pipe" in wchan or "fifo" in wchan:
            break
        time.sleep(0.05)
    time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, out, err) == (130, "", "courtinfo: interrupted\n")


def test_cli_ctrl_c_ends_with_130(tmp_path: Path) -> None:
    fifo = tmp_path / "data.json"
    os.mkfifo(fifo)
    writer = -1

    def open_writer() -> None:
        nonlocal writer
        while writer < 0:
            try:  # succeeds once the command has opened the FIFO for reading
                writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                time.sleep(0.05)

    import threading

    opener = threading.Thread(target=open_writer, daemon=True)
    opener.start()
    try:
        _interrupt_while_reading(tmp_path, ["evaluate", "--scheme", "spc-2019", str(fifo)], None)
    finally:
        opener.join(timeout=5)
        if writer >= 0:
            os.close(writer)


def test_cli_ctrl_c_while_the_report_waits_for_its_reader() -> None:
    # 560 KB of JSON into a pipe nobody reads: the command waits in write() until Ctrl-C.
    argv = ["evaluate", "--scheme", "shanghai-2022", "--format", "json",
            str(ROOT / "examples" / "data" / "jiading-2022.json")]
    proc = subprocess.Popen([str(SCRIPT), *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        wchan = ""
        while "pipe_write" not in wchan and time.monotonic() < deadline:
            time.sleep(0.05)
            try:
                wchan = Path(f"/proc/{proc.pid}/wchan").read_text()
            except OSError:
                wchan = ""
        assert "pipe_write" in wchan
        proc.send_signal(signal.SIGINT)
        assert proc.stderr is not None
        err = proc.stderr.read()  # the report stays unread: stdout is never drained
        assert (proc.wait(timeout=60), err) == (130, b"courtinfo: interrupted\n")
    finally:
        proc.kill()
        proc.wait()


def test_cli_ctrl_c_while_standard_input_is_silent(tmp_path: Path) -> None:
    reader, writer = os.pipe()
    try:
        argv = ["evaluate", "--scheme", "spc-2019", "--input-format", "json", "-"]
        _interrupt_while_reading(tmp_path, argv, reader)
    finally:
        os.close(reader)
        os.close(writer)


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Endless and enormous inputs: links to /dev/zero, sparse files past the limits (no disk
    used), and a sqlite database for --query."""
    d = tmp_path_factory.mktemp("faults")
    for name in ("zero.json", "zero.csv", "zero.xlsx", "zero.toml", "zero.sql"):
        (d / name).symlink_to("/dev/zero")
    for name, size in (("big.json", (1 << 30) + 1), ("big.parquet", (2 << 20) + 1), ("huge.json", 3 << 30)):
        with (d / name).open("wb") as f:
            f.truncate(size)
    import sqlite3

    conn = sqlite3.connect(d / "w.db")
    conn.execute("create table t (court text, period text, q6_1 integer)")
    conn.commit()
    conn.close()
    return {"dir": str(d), "ci": str(SCRIPT), "changqing": str(CHANGQING)}


LIMIT = "larger than the limit of {n} bytes; refused (raise the limit with max_bytes=..., or --max-input-size on the command line)"

#: (case, shell command, exit status, the one line on stderr). {ci} is the venv's courtinfo.
CLI_FAULTS: list[tuple[str, str, int, str]] = [
    (
        "stdout-closed",
        "{ci} schemes >&-",
        74,
        "courtinfo: error: cannot write the report: standard output is closed",
    ),
    (
        "stdout-closed-before-a-long-run",
        "{ci} evaluate --scheme spc-2019 {changqing} >&-",
        74,
        "courtinfo: error: cannot write the report: standard output is closed",
    ),
    (
        "stdout-full",
        "{ci} schemes > /dev/full",
        74,
        "courtinfo: error: cannot write the report to standard output (No space left on device)",
    ),
    (
        "stdout-full-excel-csv",
        "{ci} evaluate --scheme spc-2019 --format csv --excel-csv {changqing} > /dev/full",
        74,
        "courtinfo: error: cannot write the report to standard output (No space left on device)",
    ),
    (
        "endless-json-behind-a-link",
        "{ci} evaluate --scheme spc-2019 --max-input-size 1M {dir}/zero.json",
        2,
        "courtinfo: error: {dir}/zero.json: " + LIMIT.format(n=1 << 20),
    ),
    (
        "endless-csv-behind-a-link-64K",
        "{ci} evaluate --scheme spc-2019 --max-input-size 64K {dir}/zero.csv",
        2,
        "courtinfo: error: {dir}/zero.csv: " + LIMIT.format(n=1 << 16),
    ),
    (
        "endless-xlsx-behind-a-link",
        "{ci} evaluate --scheme spc-2019 --max-input-size 100000 {dir}/zero.xlsx",
        2,
        "courtinfo: error: {dir}/zero.xlsx: " + LIMIT.format(n=100000),
    ),
    (
        "endless-stdin",
        "{ci} evaluate --scheme spc-2019 --input-format json --max-input-size 2MiB - < /dev/zero",
        2,
        "courtinfo: error: <stdin>: " + LIMIT.format(n=2 << 20),
    ),
    (
        "endless-file-named-with-input-format",
        "{ci} evaluate --scheme spc-2019 --input-format csv --max-input-size 1K /dev/zero",
        2,
        "courtinfo: error: /dev/zero: " + LIMIT.format(n=1024),
    ),
    (
        "dev-zero-has-no-suffix",
        "{ci} evaluate --scheme spc-2019 /dev/zero",
        2,
        "courtinfo: error: /dev/zero: cannot tell the file format from no suffix; use .json, .csv, .xlsx or .parquet",
    ),
    (
        "file-past-the-default-limit-refused-unread",
        "{ci} evaluate --scheme spc-2019 {dir}/big.json",
        2,
        "courtinfo: error: {dir}/big.json: " + LIMIT.format(n=1 << 30),
    ),
    (
        "parquet-past-the-limit",
        "{ci} evaluate --scheme spc-2019 --max-input-size 2M {dir}/big.parquet",
        2,
        "courtinfo: error: {dir}/big.parquet: " + LIMIT.format(n=2 << 20),
    ),
    (
        "a-real-file-past-a-small-limit",
        "{ci} evaluate --scheme spc-2019 --max-input-size 3000 {changqing}",
        2,
        "courtinfo: error: {changqing}: " + LIMIT.format(n=3000),
    ),
    (
        "endless-scheme-file",
        "{ci} evaluate --scheme {dir}/zero.toml {changqing}",
        2,
        "courtinfo: error: {dir}/zero.toml: larger than the limit of 67108864 bytes; refused (far more than any scheme)",
    ),
    (
        "endless-query-file",
        "{ci} evaluate --scheme spc-2019 --db {dir}/w.db --query {dir}/zero.sql --max-input-size 8K",
        2,
        "courtinfo: error: --query {dir}/zero.sql: " + LIMIT.format(n=8192),
    ),
    (
        "size-that-is-no-size",
        "{ci} evaluate --scheme spc-2019 --max-input-size lots {changqing}",
        2,
        "courtinfo: error: argument --max-input-size: expected a size such as 5000, 64K, 10M or 2G, "
        "not 'lots' (see 'courtinfo evaluate --help')",
    ),
    (
        "size-zero",
        "{ci} rank --scheme spc-2019 --parent jinan --period 2019 --max-input-size 0 {changqing}",
        2,
        "courtinfo: error: argument --max-input-size: expected a size such as 5000, 64K, 10M or 2G, "
        "not '0' (see 'courtinfo rank --help')",
    ),
    (
        "out-of-memory",
        # A 3 GiB sparse file under a 4G limit, read by a process allowed 1 GiB of memory.
        "ulimit -v 1048576; OPENBLAS_NUM_THREADS=1 {ci} evaluate --scheme spc-2019 "
        "--max-input-size 4G {dir}/huge.json",
        71,
        "courtinfo: error: {dir}/huge.json: out of memory; split the input or give the command "
        "more memory (--max-input-size SIZE refuses larger inputs before reading them)",
    ),
    (
        "broken-pipe-on-a-large-report",
        # 560 KB of JSON into a reader that takes one byte and leaves: the report is cut
        # short, so one line and 141 (128 + SIGPIPE, as a shell reports a broken pipe).
        "set -o pipefail; {ci} evaluate --scheme shanghai-2022 --format json "
        "{root}/examples/data/jiading-2022.json | head -c 1 > /dev/null",
        141,
        "courtinfo: output closed early (broken pipe)",
    ),
    (
        "broken-pipe-on-a-large-table",
        "set -o pipefail; {ci} evaluate --scheme shanghai-2022 "
        "{root}/examples/data/jiading-2022.json | head -c 1 > /dev/null",
        141,
        "courtinfo: output closed early (broken pipe)",
    ),
    (
        "a-small-report-read-in-part-was-written-whole",
        # The whole report fits in the pipe before head leaves: written, so status 0.
        "set -o pipefail; {ci} schemes | head -c 1 > /dev/null",
        0,
        "",
    ),
]


@pytest.mark.parametrize(
    ("command", "status", "line"), [pytest.param(c, s, ln, id=i) for i, c, s, ln in CLI_FAULTS]
)
def test_cli_faults(faults: dict[str, str], command: str, status: int, line: str) -> None:
    names = {**faults, "root": str(ROOT)}
    done = subprocess.run(
        ["bash", "-c", command.format(**names)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (status, line.format(**names) + "\n" if line else "")


@pytest.mark.parametrize(
    "argv",
    [
        ["schemes"],
        ["evaluate", "--scheme", "spc-2019", "--format", "csv", "--excel-csv", str(CHANGQING)],
        ["evaluate", "--scheme", "spc-2019", "--format", "json", str(CHANGQING)],
        ["rank", "--scheme", "spc-2019", "--parent", "jinan", "--period", "2019", str(CHANGQING)],
    ],
    ids=["schemes", "csv-for-excel", "json", "rank"],
)
def test_cli_reader_gone_before_the_report(argv: list[str]) -> None:
    # Standard output a pipe whose reader has closed: every output path ends the same way.
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run([str(SCRIPT), *argv], stdout=writer, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (141, b"courtinfo: output closed early (broken pipe)\n")


def test_cli_reader_leaving_mid_report() -> None:
    # The reader takes one byte of a 560 KB report and leaves while the command still writes:
    # the buffered write returns short and would hide the broken pipe; it must not.
    reader, writer = os.pipe()
    argv = ["evaluate", "--scheme", "shanghai-2022", "--format", "csv",
            str(ROOT / "examples" / "data" / "jiading-2022.json")]
    proc = subprocess.Popen([str(SCRIPT), *argv], stdout=writer, stderr=subprocess.PIPE)
    os.close(writer)
    try:
        assert os.read(reader, 1) == b"c"  # the CSV header's first byte
    finally:
        os.close(reader)
    assert proc.stderr is not None
    err = proc.stderr.read()
    assert (proc.wait(timeout=120), err) == (141, b"courtinfo: output closed early (broken pipe)\n")


def test_cli_help_lists_every_exit_status() -> None:
    # The statuses the command can end with, from the code; the help and the README list each.
    from courtinfo.cli import _faults, _invalid, _main

    codes = {0} | {
        value
        for module in (_main, _faults, _invalid)
        for name, value in vars(module).items()
        if name.startswith("EXIT_") and isinstance(value, int)
    }
    assert codes == {0, 1, 2, 3, 71, 74, 130, 141}
    shown = _run("--help", env={**os.environ, "COLUMNS": "200"}).stdout
    listed = shown[shown.index("exit statuses:") :].splitlines()[1:]
    assert {int(line.split()[0]) for line in listed if line[:3].strip().isdigit()} == codes
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme[readme.index("| status | meaning |") :].split("\n\n")[0].splitlines()[2:]
    assert {int(row.split("|")[1]) for row in table} == codes


def test_cli_problems_file(bad_data: Path, bad_scheme: Path, tmp_path: Path) -> None:
    listed = tmp_path / "problems.txt"
    listed.write_text("left by an earlier run\n", "utf-8")
    done = _run("evaluate", "--scheme", "spc-2019", "--problems", str(listed), str(bad_data))
    # stderr as without the option: the first problem and the count of the rest.
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"courtinfo: error: {bad_data}: $[0].values.q6_1: -3 is negative; counts cannot be below 0"
        " (+2 more problems)\n"
    )
    assert listed.read_bytes().decode("utf-8").splitlines() == [
        f"{bad_data}: $[0].values.q6_1: -3 is negative; counts cannot be below 0",
        f"{bad_data}: $[1].court: ' ' is blank; a court code cannot be empty",
        f"{bad_data}: $[2].period: '19年': the year '19' has 2 digits; write it in full (2022, not 22)",
    ]
    # A scheme file's problems, each at its place in the scheme file.
    done = _run("evaluate", "--scheme", str(bad_scheme), "--problems", str(listed), str(CHANGQING))
    assert done.returncode == 2
    lines = listed.read_text("utf-8").splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "$.period_kind",
        "$.indicators[0].max_points",
        "$.indicators[0].targets[0].value",
        "$.indicators[3].targets[0].value",
        "$.indicators[5].formula",
    ]
    assert all(line.startswith(f"{bad_scheme}: ") for line in lines)
    # An error without a list of problems: its one line.
    done = _run("evaluate", "--scheme", "spc-2091", "--problems", str(listed), str(CHANGQING))
    assert listed.read_text("utf-8") == "unknown scheme 'spc-2091'; did you mean 'spc-2019'?\n"
    # A sound input: an empty file, never the list of an earlier run.
    done = _run("evaluate", "--scheme", "spc-2019", "--problems", str(listed), str(CHANGQING))
    assert (done.returncode, done.stderr, listed.read_bytes()) == (0, "", b"")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["problems.txt"]  # no temporary left
    # A FILE that cannot be written is said too; the status is the input's.
    nowhere = tmp_path / "missing" / "p.txt"
    done = _run("evaluate", "--scheme", "spc-2019", "--problems", str(nowhere), str(bad_data))
    assert done.returncode == 2
    assert done.stderr.splitlines()[1] == (
        f"courtinfo: error: --problems {nowhere}: cannot write the file (No such file or directory)"
    )


def test_cli_size_units_and_the_help() -> None:
    # The same file under a limit just above its size gives the checked total (49.2647 points).
    size = CHANGQING.stat().st_size
    for limit in (str(size), "4K"):
        done = _run("rank", "--scheme", "spc-2019", "--parent", "jinan", "--period", "2019",
                    "--max-input-size", limit, str(CHANGQING))
        assert done.returncode == 0, done.stderr
        assert "49.2647" in done.stdout.splitlines()[4]
    shown = _run("evaluate", "--help", env={**os.environ, "COLUMNS": "200"}).stdout
    assert "--max-input-size SIZE" in shown
    assert "64K, 10M, 2G (default 1G)" in shown
    assert "--all-problems" in shown
    assert "--problems FILE" in shown


def test_cli_output_file_under_a_size_limit_is_untouched(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    out.write_text("old\n")
    script = (
        "import resource, sys\n"
        "from courtinfo.cli import main\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "evaluate", "--scheme", "spc-2019", "--format", "csv",
         str(CHANGQING), "-o", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert (done.returncode, done.stderr) == (
        2, f"courtinfo: error: {out}: cannot write the file (File too large)\n"
    )
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


def test_cli_saved_dataset_round_trip(tmp_path: Path) -> None:
    # What courtinfo writes reads back equal (atomic writes change nothing of the content).
    dataset = load_dataset(CHANGQING)
    target = tmp_path / "copy.json"
    save_dataset(dataset, target)
    assert load_dataset(target) == dataset
    assert target.read_text("utf-8") == dataset_to_json(dataset)


# -- one bad row must not sink a national run: invalid="raise" | "flag" -----------------------


def _national(invalid: str = "flag", bad: float = 12) -> Any:
    from tests import national

    return evaluate(national.SCHEME, national.batch(bad), courts=national.tree(), invalid=invalid)  # type: ignore[arg-type]


def _error_text(call: Callable[[], object]) -> str:
    try:
        call()
    except CourtinfoError as exc:
        return f"{type(exc).__name__}: {exc}"
    return "no error"


def _two_bad_rows() -> Any:
    from tests import national

    table = national.batch()
    columns = {k: np.array(v) for k, v in table.columns.items()}
    columns["online_filings"][0] = 101  # a's 立案庭: 101 of 100 filed online
    batch = SnapshotBatch.from_columns(
        court=table.court_index_labels(),
        department=table.department_labels(),
        period=table.period_labels(),
        columns=columns,
    )
    return evaluate(national.SCHEME, batch, courts=national.tree(), invalid="flag")


def _court_figure(code: str, court: str) -> float:
    from courtinfo.evaluation import court_figures

    figures = court_figures(_national())
    row = figures.row(code, court, "2022-W21")
    assert row is not None
    return float(figures.results.values[code][row])


def _pooled(code: str) -> float:
    from courtinfo.evaluation import peer_figures

    return peer_figures(_national(), parent="city", period="2022-W21").pooled_value(code)


_RULE = "(e_seal_cases) must not exceed (cases_in_hand)"

#: (case, what is computed, its exact value); the batch is tests/national.py's (hand-checked).
ONE_BAD_ROW: list[tuple[str, Callable[[], object], object]] = [
    (
        "default-raises-naming-the-row",
        lambda: _error_text(lambda: _national("raise")),
        f"ValidationError: indicator e_seal_rate: {_RULE}: e_seal_cases=12, cases_in_hand=10 "
        "(court 'b', department '执行局', period 2022-W21)",
    ),
    ("flag-status", lambda: _national().row(3, "e_seal_rate").status.name, "INVALID"),
    ("flag-missing-code", lambda: _national().row(3, "e_seal_rate").to_dict()["missing"], "INVALID"),
    (
        "flag-reason-rule-and-values",
        lambda: _national().row(3, "e_seal_rate").reason,
        f"invalid input: {_RULE}: e_seal_cases=12, cases_in_hand=10",
    ),
    ("flag-value-none", lambda: _national().value("e_seal_rate", 3), None),
    ("flag-row-other-rule-holds", lambda: _national().value("online_filing_rate", 3), 1.0),
    (
        "flag-others-exact",
        lambda: [_national().value("e_seal_rate", i) for i in (1, 2, 5)],
        [0.5, 0.75, 0.5],
    ),
    ("flag-peer-pool-without-it", lambda: _national().value("mobile_enforcement_rate", 1), 0.625),
    ("flag-own-peer-value", lambda: _national().value("mobile_enforcement_rate", 3), 0.9),
    ("valid-peer-pool-with-it", lambda: _national("raise", 9).value("mobile_enforcement_rate", 1), 7 / 11),
    ("flag-court-figure-without-it", lambda: _court_figure("e_seal_rate", "b"), 0.75),
    ("flag-court-figure-other-rule", lambda: _court_figure("online_filing_rate", "b"), 0.8),
    ("flag-city-average-without-it", lambda: _pooled("e_seal_rate"), 43 / 66),
    ("flag-valid-batch", lambda: len(_national().valid_batch()), 5),
    (
        "flag-listed",
        lambda: [(e.court, e.department, e.indicator, e.figures) for e in _national().invalid],
        [("b", "执行局", "e_seal_rate", (("e_seal_cases", 12.0), ("cases_in_hand", 10.0)))],
    ),
    (
        "flag-two-rows-listed-in-row-order",
        lambda: [(e.row, e.indicator) for e in _two_bad_rows().invalid],
        [(0, "online_filing_rate"), (3, "e_seal_rate")],
    ),
    (
        "flag-json-lists-it",
        lambda: [
            (r["court"], r["indicator"], r["missing"])
            for r in json.loads(_json(_national()))
            if r["missing"] == "INVALID"
        ],
        [("b", "e_seal_rate", "INVALID")],
    ),
    ("flag-xlsx-reads-有误", lambda: _xlsx_value(_national(), "b", "e_seal_rate"), "有误"),
    ("flag-docx-bulletin-reads-有误", lambda: _docx_cells(_national(), "b")[1], "有误"),
    ("flag-nothing-broken", lambda: _national("flag", 9).invalid, ()),
    (
        "policy-misspelt",
        lambda: _error_text(lambda: _national("Flag")),
        "InputError: Evaluator: invalid must be 'raise' (refuse a batch in which a row breaks a "
        "rule, the default) or 'flag' (flag such rows and evaluate the rest), not 'Flag'",
    ),
    (
        "policy-none",
        lambda: _error_text(lambda: Evaluator("shanghai-2022", invalid=None)),  # type: ignore[arg-type]
        "InputError: Evaluator: invalid must be 'raise' (refuse a batch in which a row breaks a "
        "rule, the default) or 'flag' (flag such rows and evaluate the rest), not None",
    ),
]


def _xlsx_value(results: Any, court: str, code: str) -> object:
    """The value cell of `court`'s 执行局 row of `code` in the results workbook, read back."""
    import io

    openpyxl = pytest.importorskip("openpyxl")
    from courtinfo.report import excel_bytes

    sheet = openpyxl.load_workbook(io.BytesIO(excel_bytes(results)))["评价结果"]
    found = [r[7] for r in sheet.iter_rows(values_only=True) if r[0] == court and r[2] == "执行局" and r[6] == code]
    assert len(found) == 1
    return found[0]


def _docx_cells(results: Any, court: str) -> list[str]:
    """The 执行局 row of the 电子签章率 table of `court`'s bulletin as a Word file, read back."""
    import io

    docx = pytest.importorskip("docx")
    from courtinfo.evaluation import court_figures
    from courtinfo.report import bulletin, docx_bytes

    report = bulletin(results, court=court, period=W21, court_level=court_figures(results))
    doc = docx.Document(io.BytesIO(docx_bytes(report)))
    # The document's tables: one per section, in order, then the below-target list.
    k = next(k for k, s in enumerate(report.sections) if s.label.endswith("电子签章率"))
    return next([c.text for c in row.cells] for row in doc.tables[k].rows if row.cells[0].text == "执行局")


def _json(results: Any) -> str:
    from courtinfo.report import to_json

    return to_json(results)


@pytest.mark.parametrize(
    ("compute", "expected"), [pytest.param(c, e, id=i) for i, c, e in ONE_BAD_ROW]
)
def test_one_bad_row(compute: Callable[[], object], expected: object) -> None:
    got = compute()
    if isinstance(expected, float):
        assert got == pytest.approx(expected, abs=1e-15)
    else:
        assert got == expected


def test_cli_one_bad_row_flagged_exits_3_with_one_line(tmp_path: Path) -> None:
    from tests import national

    data = tmp_path / "national.json"
    data.write_text(national.data_file(), "utf-8")
    out = tmp_path / "r.json"
    done = _run("evaluate", "--scheme", national.SCHEME, "--invalid", "flag", "--format", "json",
                "-o", str(out), str(data))
    assert done.returncode == 3
    assert len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith(f"courtinfo: warning: {data}: 1 row invalid, flagged")
    assert sum(r["missing"] == "INVALID" for r in json.loads(out.read_text("utf-8"))) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["national.json", "r.json"]


#: The line every format gives the row `--rollup` left out (b's 执行局, 12 sealed of 10 cases).
_LEFT_OUT_RULE = (
    "invalid input: (e_seal_cases) must not exceed (cases_in_hand): e_seal_cases=12, "
    "cases_in_hand=10; left out of the roll-up"
)
_LEFT_OUT_ZH = "b 执行局 2022年第21周 (10) 电子签章率，数据有误：使用电子签章系统的案件数不得大于总案件数"


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv", "xlsx"])
def test_cli_rollup_names_the_rows_it_left_out_in_every_format(tmp_path: Path, fmt: str) -> None:
    from tests import national

    data = tmp_path / "national.json"
    data.write_text(national.data_file(), "utf-8")
    out = tmp_path / f"r.{fmt}"
    done = _run("evaluate", "--scheme", national.SCHEME, "--invalid", "flag", "--rollup",
                "departments", "--format", fmt, "-o", str(out), str(data))
    assert done.returncode == 3 and len(done.stderr.splitlines()) == 1
    if fmt in ("table", "markdown"):
        lines = out.read_text("utf-8").splitlines()
        assert lines[0] == "数据有误、未计入汇总的行：" and lines[1].startswith(_LEFT_OUT_ZH)
    elif fmt == "json":
        records = json.loads(out.read_text("utf-8"))
        # The three courts' rows (20 indicators each), then the row left out, in its own week.
        assert len(records) == 61 and {r["department"] for r in records[:60]} == {None}
        last = records[60]
        assert (last["court"], last["department"], last["period"], last["indicator"]) == (
            "b", "执行局", "2022-W21", "e_seal_rate"
        )
        assert (last["value"], last["missing"], last["reason"]) == (None, "INVALID", _LEFT_OUT_RULE)
        # b's 电子签章率 summed without it: 30/40 (its 立案庭 alone).
        seal = {r["court"]: r["value"] for r in records[:60] if r["indicator"] == "e_seal_rate"}
        assert seal == {"a": None, "b": 0.75, "c": None}
    elif fmt == "csv":
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
        assert len(rows) == 61
        assert (rows[60]["court"], rows[60]["department"], rows[60]["period"]) == ("b", "执行局", "2022-W21")
        assert (rows[60]["value"], rows[60]["missing"], rows[60]["reason"]) == ("", "INVALID", _LEFT_OUT_RULE)
    else:
        openpyxl = pytest.importorskip("openpyxl")
        sheet = openpyxl.load_workbook(out)["评价结果"]
        assert sheet["A3"].value == "数据有误、未计入汇总的行："
        assert sheet["A4"].value.startswith(_LEFT_OUT_ZH)
        assert sheet["A5"].value == "法院代码"  # the table's header under them


@pytest.mark.parametrize(
    ("command", "fmt"),
    [(c, f) for c in ("bulletin", "rank") for f in ("table", "markdown", "json", "xlsx", "docx") if (c, f) != ("rank", "docx")],
)
def test_cli_month_bulletin_and_ranking_name_the_rows_left_out(tmp_path: Path, command: str, fmt: str) -> None:
    # A month rolled up from the week: b's 执行局 breaks its rule, is left out of the month's
    # sums, and is listed with the bulletin's (the ranking's) invalid rows in every format.
    from tests import national

    data = tmp_path / "national.json"
    data.write_text(national.data_file(), "utf-8")
    out = tmp_path / f"r.{fmt}"
    argv = (
        ["bulletin", "--court", "b"]
        if command == "bulletin"
        else ["rank", "--parent", "city", "--indicator", "e_seal_rate"]
    )
    done = _run(*argv, "--scheme", national.SCHEME, "--invalid", "flag", "--period", "2022-05",
                "--format", fmt, "-o", str(out), str(data))
    assert done.returncode == 3 and len(done.stderr.splitlines()) == 1
    if fmt == "json":
        listed = json.loads(out.read_text("utf-8"))["invalid"]
    elif fmt == "xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.load_workbook(out)
        listed = [str(r[0]) for ws in book.worksheets for r in ws.iter_rows(values_only=True) if r[0]]
    elif fmt == "docx":
        docx = pytest.importorskip("docx")
        listed = [p.text for p in docx.Document(str(out)).paragraphs]
    else:
        listed = out.read_text("utf-8").splitlines()
    found = [line.removeprefix("- ") for line in listed if line.removeprefix("- ").startswith(_LEFT_OUT_ZH)]
    assert len(found) == 1, listed


# -- 7. departments and courts: one department under two names, courts outside the tree -----

#: (first row's department, second row's): one department written two ways, so the second
#: row duplicates the first in every reader.
ALIASES: list[tuple[str, str]] = [
    ("民一庭", "民事审判第一庭"),
    ("民事审判第一庭", "民一庭"),
    ("民一庭", "民1庭"),
    ("刑庭", "刑事审判庭"),
    ("审监庭", "审判监督庭"),
    ("审管办", "审判管理办公室"),
]

#: Two departments, though their names look alike: both rows are kept.
NOT_ALIASES: list[tuple[str, str]] = [
    ("民一庭", "民二庭"),
    ("刑庭", "刑一庭"),  # the criminal division and its first division
    ("立案庭", "诉讼服务中心"),  # often two bodies of one court
    ("马山人民法庭", "城关人民法庭"),
]

#: Every reader and constructor of snapshots.
READERS = [
    "json",
    "csv",
    "csv-gbk",
    "xlsx",
    "parquet",
    "sql",
    "from_columns",
    "from_dataframe",
    "snapshots",
]


def _two_rows(reader: str, first: str, second: str, tmp: Path) -> list[str | None]:
    """The departments `reader` reads from two rows of court c1 in 2019, one per department
    (or its error)."""
    depts = [first, second]
    csv_text = f"court,department,period,q6_1\nc1,{first},2019,3\nc1,{second},2019,4\n"
    batch: SnapshotBatch
    if reader == "json":
        doc = [{"court": "c1", "department": d, "period": "2019", "values": {"q6_1": 3}} for d in depts]
        ds = dataset_from_json(json.dumps(doc, ensure_ascii=False), "d.json")
        return [s.department for s in ds.snapshots]
    if reader == "csv":
        return [s.department for s in dataset_from_csv(csv_text, "d.csv").snapshots]
    if reader == "csv-gbk":
        path = tmp / "gbk.csv"
        path.write_bytes(csv_text.encode("gbk"))
        return [s.department for s in load_dataset(path, encoding="gb18030").snapshots]
    if reader == "xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        for line in csv_text.splitlines():
            book.active.append([int(c) if c.isdigit() and len(c) == 1 else c for c in line.split(",")])
        path = tmp / "d.xlsx"
        book.save(path)
        return [s.department for s in load_dataset(path).snapshots]
    if reader == "parquet":
        pa = pytest.importorskip("pyarrow")
        pq = pytest.importorskip("pyarrow.parquet")
        path = tmp / "d.parquet"
        table = {"court": ["c1", "c1"], "department": depts, "period": ["2019"] * 2, "q6_1": [3, 4]}
        pq.write_table(pa.table(table), path)
        return [s.department for s in load_dataset(path).snapshots]
    if reader == "sql":
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE TABLE t (court TEXT, department TEXT, period TEXT, q6_1 INTEGER)")
        conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", [("c1", d, "2019", 3) for d in depts])
        batch = from_query(conn, "SELECT * FROM t ORDER BY rowid")
        return [batch.department_of(i) for i in range(len(batch))]
    if reader == "from_columns":
        batch = SnapshotBatch.from_columns(
            court=["c1", "c1"], period=["2019", "2019"], department=depts,
            columns={"q6_1": np.array([3.0, 4.0])},
        )
        return [batch.department_of(i) for i in range(len(batch))]
    if reader == "from_dataframe":
        pd = pytest.importorskip("pandas")
        frame = pd.DataFrame({"court": ["c1", "c1"], "department": depts, "period": ["2019"] * 2, "q6_1": [3, 4]})
        batch = SnapshotBatch.from_dataframe(frame)
        return [batch.department_of(i) for i in range(len(batch))]
    assert reader == "snapshots"
    snaps = [MetricSnapshot("c1", Period.parse("2019"), d, {"q6_1": 3}) for d in depts]
    results = evaluate("spc-2019", snaps)
    return [results.batch.department_of(i) for i in range(len(results))]


def _duplicate_text(reader: str, first: str, second: str, tmp: Path) -> str:
    """The whole message a reader gives for the second row duplicating the first."""
    what = (
        f"court 'c1', department {second!r}, period 2019 (the same department as {first!r})"
    )
    return {
        "json": f"d.json: $[1]: duplicates $[0]: {what}",
        "csv": f"d.csv:3: duplicates line 2: {what}",
        "csv-gbk": f"{tmp / 'gbk.csv'}:3: duplicates line 2: {what}",
        "xlsx": f"{tmp / 'd.xlsx'}:Sheet row 3: duplicates row 2: {what}",
        "parquet": f"{tmp / 'd.parquet'}: row 1: duplicates row 0: {what}",
        "sql": f"query row 2: duplicates query row 1: {what}",
        "from_columns": f"row 1: duplicates row 0: {what}",
        "from_dataframe": f"row 1: duplicates row 0: {what}",
        "snapshots": f"snapshots[1]: duplicates snapshots[0]: {what}",
    }[reader]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("first", "second"), ALIASES)
def test_one_department_under_two_names_is_a_duplicate(
    reader: str, first: str, second: str, tmp_path: Path
) -> None:
    with pytest.raises(DuplicateSnapshotError) as info:
        _two_rows(reader, first, second, tmp_path)
    assert str(info.value) == _duplicate_text(reader, first, second, tmp_path)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("first", "second"), NOT_ALIASES)
def test_departments_alike_but_distinct_are_both_kept(
    reader: str, first: str, second: str, tmp_path: Path
) -> None:
    assert _two_rows(reader, first, second, tmp_path) == [first, second]


def test_one_department_under_two_names_is_never_summed_in_a_roll_up() -> None:
    # A dataset made in Python is checked when it is evaluated or rolled up, not only on loading.
    snaps = [
        MetricSnapshot("c1", Period.parse("2019"), d, {"q6_1": 10, "q6_2": 4})
        for d in ("民一庭", "民事审判第一庭")
    ]
    raw = Dataset(snaps)
    expected = (
        "snapshots[1]: duplicates snapshots[0]: court 'c1', department '民事审判第一庭', "
        "period 2019 (the same department as '民一庭')"
    )
    with pytest.raises(DuplicateSnapshotError) as info:
        evaluate("spc-2019", raw)
    assert str(info.value) == expected
    batch = SnapshotBatch(
        courts=("c1",),
        court_index=np.zeros(2, dtype=np.int64),
        departments=("民一庭", "民事审判第一庭"),
        department_index=np.array([0, 1]),
        periods=(Period.parse("2019"),),
        period_index=np.zeros(2, dtype=np.int64),
        columns={"q6_1": np.array([10.0, 10.0])},
    )
    with pytest.raises(DuplicateSnapshotError) as info:
        rollup_departments(batch)  # never 20 hearings for the court
    assert str(info.value) == (
        "row 1: duplicates row 0: court 'c1', department '民事审判第一庭', period 2019 "
        "(the same department as '民一庭')"
    )


JINAN = [
    {"code": "jinan", "name": "济南市中级人民法院", "level": "intermediate"},
    {"code": "jinan-changqing", "name": "济南市长清区人民法院", "level": "basic", "parent": "jinan"},
    {"code": "jinan-lixia", "name": "济南市历下区人民法院", "level": "basic", "parent": "jinan"},
    {"code": "jinan-shizhong", "name": "济南市市中区人民法院", "level": "basic", "parent": "jinan"},
]

#: The courts' hearings and recorded hearings in 2019 (the third court sent nothing).
HEARINGS = [("jinan-changqing", 120, 90), ("jinan-lixia", 200, 150)]


def _jinan_rows(court: str) -> list[dict[str, Any]]:
    """The hearings rows with the second court's code replaced by `court`."""
    rows = [{"court": c, "period": "2019", "values": {"q6_1": h, "q6_2": r}} for c, h, r in HEARINGS]
    rows[1]["court"] = court
    return rows


#: (reader, the message for a row of court 'jinan-lixai', not in the tree)
OUTSIDE_TREE: list[tuple[str, str]] = [
    ("json", "d.json: $.snapshots[1].court: court 'jinan-lixai' is not in the court tree; did you mean 'jinan-lixia' or 'jinan' or 'jinan-changqing'?"),
    ("parquet", "{tmp}/d.parquet: court[1]: court 'jinan-lixai' is not in the court tree; did you mean 'jinan-lixia' or 'jinan' or 'jinan-changqing'?"),
    ("csv", "court: court 'jinan-lixai' is not in the court tree; did you mean 'jinan-lixia' or 'jinan' or 'jinan-changqing'?"),
    ("sql", "court: court 'jinan-lixai' is not in the court tree; did you mean 'jinan-lixia' or 'jinan' or 'jinan-changqing'?"),
    ("from_columns", "court: court 'jinan-lixai' is not in the court tree; did you mean 'jinan-lixia' or 'jinan' or 'jinan-changqing'?"),
]


@pytest.mark.parametrize(("reader", "message"), OUTSIDE_TREE, ids=[r for r, _ in OUTSIDE_TREE])
def test_a_court_outside_the_court_tree_is_refused(reader: str, message: str, tmp_path: Path) -> None:
    rows = _jinan_rows("jinan-lixai")
    tree = CourtTree(tuple(Court(**c) for c in JINAN))
    with pytest.raises(InputError) as info:
        if reader == "json":
            dataset_from_json(json.dumps({"courts": JINAN, "snapshots": rows}, ensure_ascii=False), "d.json")
        elif reader == "parquet":
            save_dataset(dataset_from_data(_jinan_rows("jinan-lixia")), tmp_path / "ok.parquet")
            pq = pytest.importorskip("pyarrow.parquet")
            # The stored tree beside rows that name a court outside it (another tool wrote it).
            table = SnapshotBatch.from_snapshots(dataset_from_data(rows).snapshots).to_arrow()
            meta = dict(table.schema.metadata or {})
            meta[b"courtinfo.dataset"] = json.dumps({"courts": JINAN}, ensure_ascii=False).encode()
            pq.write_table(table.replace_schema_metadata(meta), tmp_path / "d.parquet")
            load_dataset(tmp_path / "d.parquet")
        else:
            # Formats without a court tree: the tree given to the evaluator refuses the court.
            if reader == "csv":
                csv_text = "court,period,q6_1,q6_2\n" + "".join(
                    f"{r['court']},2019,{r['values']['q6_1']},{r['values']['q6_2']}\n" for r in rows
                )
                data: Any = dataset_from_csv(csv_text, "d.csv")
            elif reader == "sql":
                conn = sqlite3.connect(":memory:")
                conn.execute("CREATE TABLE t (court TEXT, period TEXT, q6_1 INTEGER, q6_2 INTEGER)")
                conn.executemany(
                    "INSERT INTO t VALUES (?, ?, ?, ?)",
                    [(r["court"], "2019", r["values"]["q6_1"], r["values"]["q6_2"]) for r in rows],
                )
                data = from_query(conn, "SELECT * FROM t")
            else:
                data = SnapshotBatch.from_columns(
                    court=[r["court"] for r in rows], period=["2019", "2019"],
                    columns={"q6_1": np.array([120.0, 200.0]), "q6_2": np.array([90.0, 150.0])},
                )
            evaluate("spc-2019", data, courts=tree)
    assert str(info.value) == message.replace("{tmp}", str(tmp_path))


def test_no_court_is_dropped_from_a_ranking_or_a_roll_up() -> None:
    doc = {"courts": JINAN, "snapshots": _jinan_rows("jinan-lixia")}
    dataset = dataset_from_json(json.dumps(doc, ensure_ascii=False), "d.json")
    results = evaluate("spc-2019", dataset)
    ranking = rank_courts(
        peer_figures(results, parent="jinan", period="2019"), "hearing_recording_rate"
    )
    # Every court under jinan, the one that sent nothing too, each once.
    assert [(e.court, e.value, e.rank) for e in ranking.entries] == [
        ("jinan-changqing", 0.75, 1),  # 90 / 120
        ("jinan-lixia", 0.75, 1),  # 150 / 200
        ("jinan-shizhong", None, None),
    ]
    assert ranking.entries[2].reason == "无数据"  # listed as sending nothing, not left out
    assert ranking.peer_average == 240 / 320  # pooled: (90 + 150) / (120 + 200)
    tree = dataset.tree()
    assert tree is not None
    rolled = rollup_tree(dataset.batch(), tree)
    row = {rolled.court_of(i): i for i in range(len(rolled))}["jinan"]
    assert rolled.columns["q6_1"][row] == 320.0  # 120 + 200: no court left out
    assert rolled.columns["q6_2"][row] == 240.0


# -- 8. department names of no known kind -------------------------------------------------

_WAYS = (
    'eclare it in the data\'s departments list, or allow it with unknown_departments="allow" '
    "(command line: --unknown-departments allow)"
)

#: (label, the close matches part of the message: '' when nothing is close)
UNKNOWN: list[tuple[str, str]] = [
    ("审监廷", "; did you mean '审监庭'?"),  # 廷 typed for 庭
    ("立案厅", "; did you mean '立案庭'?"),
    ("审管室", "; did you mean '审管办' or '审判管理办公室'?"),
    ("d7", ""),
    ("Civil Division 1", ""),
]


#: Electronic services: 3 of 4 sent electronically, 3 of 4 succeeded: (1) 电子送达适用率
#: = 0.75 × 3/4 + 0.25 × 3/4 = 0.75.
VALUES = {"e_service_sent": 3, "all_services": 4, "e_service_succeeded": 3, "e_service_total": 4}


def _unknown_text(label: str, hint: str) -> str:
    ways = f" D{_WAYS}" if hint else f"; d{_WAYS}"
    return (
        f"department {label!r} (court 'c1', period 2022-W21) is of no known kind, so no target "
        f"would bind it{hint}{ways}"
    )


@pytest.mark.parametrize(("label", "hint"), UNKNOWN)
def test_a_department_of_no_known_kind_is_refused_unless_allowed(label: str, hint: str) -> None:
    snap = MetricSnapshot("c1", W21, label, VALUES)
    with pytest.raises(InputError) as info:
        evaluate("shanghai-2022", snap)
    assert str(info.value) == _unknown_text(label, hint)
    allowed = evaluate("shanghai-2022", snap, unknown_departments="allow")
    assert allowed.unknown_departments == (label,)
    row = allowed.row(0, "e_service_rate")
    assert (row.value, row.target) == (0.75, None)  # computed, but no target binds it
    # Declared in the data file's departments list: its kind gives it its target.
    doc = {
        "courts": [{"code": "c1", "name": "某某区人民法院", "level": "basic"}],
        "departments": [{"court": "c1", "code": label, "kind": "trial_supervision", "name": "审监庭"}],
        "snapshots": [{"court": "c1", "department": label, "period": "2022-W21",
                       "values": VALUES}],
    }
    declared = evaluate("shanghai-2022", dataset_from_json(json.dumps(doc, ensure_ascii=False)))
    assert declared.unknown_departments == ()
    row = declared.row(0, "e_service_rate")
    assert (row.value, row.target, row.target_met) == (0.75, 0.45, True)


def test_an_unknown_department_policy_is_checked() -> None:
    with pytest.raises(InputError) as info:
        evaluate("shanghai-2022", SNAP, unknown_departments="Allow")
    assert str(info.value) == (
        "Evaluator: unknown_departments must be 'refuse' or 'allow', not 'Allow'"
    )


@pytest.fixture(scope="module")
def typo_week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Jiading's weeks with 审监庭 typed 审监廷 (examples/data/jiading-2022.json)."""
    doc = json.loads((ROOT / "examples" / "data" / "jiading-2022.json").read_text("utf-8"))
    for snap in doc["snapshots"]:
        if snap.get("department") == "审监庭":
            snap["department"] = "审监廷"
    path = tmp_path_factory.mktemp("typo") / "jiading.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return path


#: The first section's summary of Jiading's W21 bulletin with 审监廷 allowed: 审监廷 (36.7%,
#: below 45% as 审监庭) and 刑事庭 (no target in the scheme) have none; the 5 others meet it.
TYPO_SUMMARY = {
    "zh": "电子送达适用率：5个部门中5个达标，2个部门无目标；最低为民二庭（46.5%，目标≥45%）；全院50.9%，达标",
    "en": "电子送达适用率: 5 of 5 departments meet the target; 2 without a target; lowest 民二庭 46.5% "
    "(target ≥45%); 全院 50.9%, met",
}


def test_bulletins_count_and_name_departments_of_no_known_kind(typo_week: Path) -> None:
    from courtinfo.evaluation import court_figures
    from courtinfo.report import bulletin, docx_bytes, excel_bytes

    dataset = load_dataset(typo_week)
    with pytest.raises(InputError, match=r"department '审监廷' .*did you mean '审监庭'"):
        evaluate("shanghai-2022", dataset)
    results = evaluate("shanghai-2022", dataset, unknown_departments="allow")
    assert results.unknown_departments == ("审监廷",)
    whole = court_figures(
        results, courts=["shanghai-jiading"], periods=[W21, Period.parse("2022-W20")]
    )
    for lang, reason in (("zh", "无目标：部门类别不明"), ("en", "no target: department kind unknown")):
        report = bulletin(
            results, court="shanghai-jiading", period=W21, court_level=whole, lang=lang  # type: ignore[arg-type]
        )
        section = report.sections[0]
        assert section.summary == TYPO_SUMMARY[lang]
        assert section.counts is not None
        assert (section.counts.assessed, section.counts.met, section.counts.without_target) == (5, 5, 2)
        typo = next(e for e in section.entries if e.department == "审监廷")
        assert typo.value is not None and round(typo.value, 3) == 0.367
        assert (typo.target, typo.met, typo.kind_unknown, typo.reason) == (None, None, True, reason)
        crim = next(e for e in section.entries if e.department == "刑事庭")
        assert (crim.target, crim.reason, crim.kind_unknown) == (None, "", False)  # a known kind
        text, markdown = report.to_text(), report.to_markdown()
        assert TYPO_SUMMARY[lang] in text and TYPO_SUMMARY[lang] in markdown
        assert reason in text and reason in markdown
    report = bulletin(results, court="shanghai-jiading", period=W21, court_level=whole)
    openpyxl = pytest.importorskip("openpyxl")
    import io

    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(report)))
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert TYPO_SUMMARY["zh"] in cells
    assert "无目标：部门类别不明" in cells
    docx = pytest.importorskip("docx")
    doc = docx.Document(io.BytesIO(docx_bytes(report)))
    paragraphs = [p.text for p in doc.paragraphs]
    assert TYPO_SUMMARY["zh"] in paragraphs
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    typo_row = next(r for r in rows if r[0] == "审监廷")
    assert typo_row[:3] == ["审监廷", "36.7%", "无目标：部门类别不明"]


def test_cli_unknown_departments(typo_week: Path) -> None:
    done = _run("evaluate", "--scheme", "shanghai-2022", str(typo_week))
    assert done.returncode == 2
    assert done.stderr == (
        f"courtinfo: error: {typo_week}: department '审监廷' (court 'shanghai-jiading', period "
        "2022-W14) is of no known kind, so no target would bind it; did you mean '审监庭'? "
        f"D{_WAYS}\n"
    )
    done = _run(
        "bulletin", "--scheme", "shanghai-2022", "--court", "shanghai-jiading", "--week",
        "2022-W21", "--unknown-departments", "allow", str(typo_week),
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert TYPO_SUMMARY["zh"] in done.stdout.splitlines()
    line = next(x for x in done.stdout.splitlines() if x.startswith("审监廷"))
    assert line.split()[1:3] == ["36.7%", "—"] and line.endswith("无目标：部门类别不明")
    done = _run("evaluate", "--scheme", "shanghai-2022", "--unknown-departments", "maybe", str(typo_week))
    assert done.returncode == 2
    assert "--unknown-departments: invalid choice: 'maybe' (choose from 'refuse', 'allow')" in done.stderr


# -- 7. the table of bad input names tests that exist -----------------------------------------


def _named_tests(cell: str) -> list[tuple[str, str | None]]:
    """(file, test function or None) for every test a Test cell of docs/bad-input.md names: a
    `tests/x.py::name`, a `::name` of the file named before it, a bare `test_name` (of
    tests/test_bad_input.py unless a file came before), or a file alone."""
    found: list[tuple[str, str | None]] = []
    current = "tests/test_bad_input.py"
    for code in re.findall(r"`([^`]+)`", cell):
        m = re.fullmatch(r"(tests/[\w/]+\.py)?(?:::)?(test_\w+)?(?:\[[^\]]*\])?", code.strip())
        if m is None or not (m[1] or m[2]):
            continue
        if m[1]:
            current = m[1]
        found.append((current, m[2]))
    return found


def test_every_test_the_bad_input_table_names_exists() -> None:
    text = (ROOT / "docs" / "bad-input.md").read_text("utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("|---")]
    named = [t for row in rows[1:] for t in _named_tests(row.rstrip(" |").rsplit(" | ", 1)[-1])]
    assert len(named) > 100
    absent = []
    for path, name in named:
        source = ROOT / path
        if not source.is_file():
            absent.append(path)
        elif name is not None and not re.search(rf"^(?:async )?def {name}\(", source.read_text("utf-8"), re.M):
            absent.append(f"{path}::{name}")
    assert absent == []
