"""Export: a tidy DataFrame, and records/JSON without pandas."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from courtinfo import InputError, Results, evaluate
from courtinfo.report import (
    COLUMNS,
    _export,
    render_csv,
    render_json,
    to_csv,
    to_dataframe,
    to_json,
    to_records,
    write_csv,
    write_json,
)
from tests.evaluation.test_results import SHIPPED, _results
from tests.report import scored_scheme, snap, weekly_scheme


def results() -> Results:
    return evaluate(
        weekly_scheme(),
        [
            snap("c1", "2022-W21", "民二庭", sent=38, services=100, days=400, cases=10),
            snap("c1", "2022-W21", None, sent=0, services=0),
            snap("c2", "2022-W20", "刑事庭", sent=9, services=10),
        ],
    )


def test_tidy_frame_one_row_per_row_and_indicator() -> None:
    res = results()
    df = to_dataframe(res)
    assert list(df.columns) == list(COLUMNS)
    assert len(df) == 3 * 2
    assert list(df["indicator"]) == ["e_service", "duration"] * 3
    assert list(df["court"]) == ["c1", "c1", "c1", "c1", "c2", "c2"]
    assert df["department"].isna().tolist() == [False, False, True, True, False, False]
    assert list(df["period"].astype(str)) == ["2022-W21"] * 4 + ["2022-W20"] * 2
    np.testing.assert_allclose(df["value"], [0.38, 40.0, np.nan, np.nan, 0.9, np.nan])
    assert df["missing"].tolist()[2:4] == ["NAP", "NA"]
    assert df["target_met"].tolist() == [False, False, pd.NA, pd.NA, True, pd.NA]
    assert df["target"].tolist()[:2] == [0.45, 30.0]
    assert df["comparator"].tolist()[:2] == ["at_least", "at_most"]
    assert df["number"].tolist() == [1, 2] * 3
    assert df["name_zh"].tolist()[:2] == ["电子送达适用率", "案均审理天数"]


def test_frame_agrees_with_records() -> None:
    res = results()
    df = to_dataframe(res)
    recs = to_records(res)
    assert [r["indicator"] for r in recs] == list(df["indicator"])
    for rec, value in zip(recs, df["value"], strict=True):
        assert (rec["value"] is None and np.isnan(value)) or rec["value"] == value


def test_points_are_unrounded_in_the_frame_and_rounded_in_records() -> None:
    res = evaluate(scored_scheme(), snap("c", "2019", None, a1=1, b1=6, a2=1, b2=3, a3=0, b3=1))
    df = to_dataframe(res)
    assert df["points"].tolist()[0] == pytest.approx(1 / 6, abs=1e-15)
    assert to_records(res)[0]["points"] == 0.1667
    assert df["max_points"].tolist() == [1.0, 1.0, 1.0]


def test_json_is_a_list_of_rows() -> None:
    data = json.loads(to_json(results()))
    assert len(data) == 6
    assert data[0]["indicator"] == "e_service" and data[0]["name_zh"] == "电子送达适用率"
    assert to_json(results()) == to_json(results())


def test_empty_results() -> None:
    res = evaluate(weekly_scheme(), [])
    assert to_dataframe(res).shape == (0, len(COLUMNS))
    assert to_records(res) == []


def test_import_without_pandas_or_matplotlib() -> None:
    code = (
        "import sys; sys.modules['pandas'] = None; sys.modules['matplotlib'] = None\n"
        "import courtinfo, courtinfo.report, courtinfo.cli\n"
        "from courtinfo.report import to_dataframe\n"
        "from tests.report import weekly_scheme, snap\n"
        "res = courtinfo.evaluate(weekly_scheme(), snap('c', '2022-W21', None, sent=1, services=2))\n"
        "try:\n    to_dataframe(res)\nexcept courtinfo.CourtinfoError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == 'to_dataframe needs pandas: pip install "courtinfo[pandas]"'


@pytest.mark.parametrize("code", ["shanghai-2022", "spc-2019", "heihe-2021", "jiaozuo-2022"])
def test_csv_json_and_frame_from_columns_equal_the_records(code: str) -> None:


    res = _results(code, rows=120)
    records = to_records(res)
    assert to_csv(res) == render_csv(COLUMNS, ([r[k] for k in COLUMNS] for r in records))
    assert to_json(res) == render_json(records)
    df = to_dataframe(res)
    assert list(df.columns) == list(COLUMNS) and len(df) == len(records)
    for name in ("reason", "comparator", "target_status", "missing", "indicator"):
        got = [None if isinstance(x, float) or x is pd.NA else x for x in df[name].tolist()]
        assert got == [r[name] for r in records], name
    for name in ("value", "target", "gap"):
        want = [np.nan if r[name] is None else r[name] for r in records]
        np.testing.assert_array_equal(df[name].to_numpy(dtype=float), want, err_msg=name)
    assert df["in_principle"].tolist() == [r["in_principle"] for r in records]
    assert [None if x is pd.NA else x for x in df["target_met"].tolist()] == [
        r["target_met"] for r in records
    ]


def test_csv_quotes_labels_and_reasons_as_the_csv_module_does() -> None:

    res = evaluate(
        weekly_scheme(),
        [
            snap('c,"1"', "2022-W21", "民二庭", sent=38, services=100, days=400, cases=10),
            snap("c2", "2022-W21", None, sent=3),
        ],
    )
    records = to_records(res)
    text = to_csv(res)
    assert text == render_csv(COLUMNS, ([r[k] for k in COLUMNS] for r in records))
    assert text.splitlines()[1].startswith('"c,""1""",民二庭,2022-W21,e_service,1,')
    assert to_json(evaluate(weekly_scheme(), [])) == "[]\n"


# -- rows flagged invalid ------------------------------------------------------------------


def test_every_export_shows_a_flagged_row_with_its_rule_and_figures() -> None:
    from tests import national

    res = evaluate(national.SCHEME, national.batch(), courts=national.tree(), invalid="flag")
    reason = (
        "invalid input: (e_seal_cases) must not exceed (cases_in_hand): "
        "e_seal_cases=12, cases_in_hand=10"
    )
    records = to_records(res)
    flagged = [r for r in records if r["missing"] == "INVALID"]
    assert [(r["court"], r["department"], r["indicator"]) for r in flagged] == [
        ("b", "执行局", "e_seal_rate")
    ]
    assert (flagged[0]["value"], flagged[0]["reason"], flagged[0]["target_met"]) == (
        None,
        reason,
        None,
    )
    # JSON and CSV are the records, column by column; the DataFrame too.
    assert json.loads(to_json(res)) == json.loads(render_json(records))
    assert to_csv(res) == render_csv(COLUMNS, [tuple(r.values()) for r in records])
    df = to_dataframe(res)
    rows = df[df["missing"] == "INVALID"]
    assert rows["reason"].astype(str).tolist() == [reason]
    assert list(df["missing"].cat.categories) == ["NA", "NAP", "INVALID"]
    # Every other record is the default's, where nothing is broken.
    clean = to_records(evaluate(national.SCHEME, national.batch(9), courts=national.tree()))
    kept = [k for k, r in enumerate(records) if not (r["court"] == "b" and r["department"] == "执行局")]
    same = [
        k
        for k in kept
        if records[k]["indicator"] != "mobile_enforcement_rate"  # b's row leaves the pool
    ]
    assert [records[k] for k in same] == [clean[k] for k in same]


def test_arrow_export_shows_a_flagged_row() -> None:
    pytest.importorskip("pyarrow")
    from tests import national

    res = evaluate(national.SCHEME, national.batch(), courts=national.tree(), invalid="flag")
    table = res.to_arrow().to_pylist()
    assert table == to_records(res)


# -- CSV and JSON written column by column, byte for byte the rows rendered one by one ---


def _one_by_one(res: Results) -> list[dict[str, Any]]:
    """The records as `ResultRow.to_dict` gives them, one row and one indicator at a time."""
    inds = res.scheme.indicators
    return [res.row(i, ind.code).to_dict() for i in range(len(res)) for ind in inds]


@pytest.mark.parametrize("code", SHIPPED)
@pytest.mark.parametrize("chunk", [7, _export.CHUNK_ROWS])
def test_csv_and_json_are_the_rows_rendered_one_by_one(
    code: str, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small blocks and chunks put their boundaries inside the data: no seam shows.
    monkeypatch.setattr(_export, "CHUNK_ROWS", chunk)
    monkeypatch.setattr(_export, "BLOCK_ROWS", 3 * chunk)
    res = _results(code, rows=45)
    assert len(res) > 7
    records = _one_by_one(res)
    statuses = {r["missing"] for r in records}
    assert None in statuses and "NA" in statuses, statuses
    want_csv = render_csv(COLUMNS, ([r[k] for k in COLUMNS] for r in records))
    want_json = render_json(records)
    assert to_csv(res) == want_csv
    assert to_json(res) == want_json
    for write, want in ((write_csv, want_csv), (write_json, want_json)):
        out = io.BytesIO()
        assert write(res, out) == len(records) == len(res) * len(res.scheme.indicators)
        assert out.getvalue() == want.encode()


def test_gap_and_points_written_as_pieces_of_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    # A line's gap and points follow from its value and target, so each (value, target) has
    # one text; were they ever to differ within one, they are written piece by piece.
    monkeypatch.setattr(_export, "_same_within", lambda *_: False)
    for code in ("spc-2019", "shanghai-2022"):
        res = _results(code, rows=30)
        records = _one_by_one(res)
        assert to_csv(res) == render_csv(COLUMNS, ([r[k] for k in COLUMNS] for r in records))
        assert to_json(res) == render_json(records)


def test_csv_and_json_of_awkward_labels_flagged_rows_and_signed_zeros(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests import national

    monkeypatch.setattr(_export, "CHUNK_ROWS", 2)
    monkeypatch.setattr(_export, "BLOCK_ROWS", 5)
    res = evaluate(national.SCHEME, national.batch(), courts=national.tree(), invalid="flag")
    assert res.invalid
    records = _one_by_one(res)
    assert to_csv(res) == render_csv(COLUMNS, ([r[k] for k in COLUMNS] for r in records))
    assert to_json(res) == render_json(records)
    # Court labels the CSV must quote, a court-level row, and a value of -0.0 whose sign
    # repr keeps (one text per bit pattern, not per value: -0.0 == 0.0).
    odd = evaluate(
        weekly_scheme(),
        [
            snap('c,"1"', "2022-W21", "民二庭", sent=0, services=7, days=-0.0, cases=3),
            snap("c2", "2022-W21", None, sent=0, services=7, days=0.0, cases=3),
            snap("c3", "2022-W20", "刑事庭", sent=-0.0, services=7, days=5, cases=0),
        ],
    )
    values = [r["value"] for r in _one_by_one(odd)]
    assert any(math.copysign(1, v) < 0 for v in values if v == 0.0), values
    records = _one_by_one(odd)
    assert to_csv(odd) == render_csv(COLUMNS, ([r[k] for k in COLUMNS] for r in records))
    assert to_json(odd) == render_json(records)
    assert to_csv(odd).splitlines()[1].startswith('"c,""1""')


def test_odd_floats_are_written_as_repr_writes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each float is formatted once per distinct bit pattern: the smallest ratio counts allow
    # (1 / 2**53, written with an exponent), the largest counts, signed zero, NaN (no value),
    # points rounded half up from the same values, floats whose shortest repr is long; in
    # small chunks, so that one text serves rows of several chunks.
    monkeypatch.setattr(_export, "CHUNK_ROWS", 2)
    monkeypatch.setattr(_export, "BLOCK_ROWS", 4)
    big = 2**53
    rows = [
        {"a1": 1, "b1": big, "a2": big - 1, "b2": big, "a3": 1, "b3": 3},
        {"a1": 0, "b1": 10, "a2": -0.0, "b2": 7, "a3": 2, "b3": 3},
        {"a1": 1, "b1": big, "a2": 1, "b2": 10, "a3": 0, "b3": 0},
        {"a1": 7, "b1": 9, "a2": 3, "b2": 10, "a3": 1, "b3": 3},
        {"a1": 5, "b1": 9, "a3": 2, "b3": 3},
    ]
    res = evaluate(
        scored_scheme((1.0, 0.3, 7.5)),
        [snap(f"c{k}", "2022-W21", None, **v) for k, v in enumerate(rows)],
    )
    records = _one_by_one(res)
    values = [r["value"] for r in records]
    assert 1 / big in values and (big - 1) / big in values and 0.3 in values and None in values
    assert any(v == 0.0 and math.copysign(1, v) < 0 for v in values if v is not None)
    assert [r["points"] for r in records if r["indicator"] == "i3"] == [2.5, 5.0, 0.0, 2.5, 5.0]
    want_csv = render_csv(COLUMNS, ([r[k] for k in COLUMNS] for r in records))
    assert to_csv(res) == want_csv
    assert "1.1102230246251565e-16," in want_csv and ",-0.0," in want_csv
    assert to_json(res) == render_json(records)


def test_a_text_holding_the_separator_is_joined_line_by_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Lines are joined at once with a separator between them and split on it; a text that
    # holds the separator (here ',', in every CSV line) makes them be joined one by one.
    res = _results("shanghai-2022", rows=20)
    want_csv, want_json = to_csv(res), to_json(res)
    monkeypatch.setattr(_export, "_SEP", b",")
    assert to_csv(res) == want_csv
    assert to_json(res) == want_json


@given(st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.floats()))
def test_a_cell_is_written_as_the_csv_module_writes_it(x: object) -> None:
    # Plain text skips the csv module; anything it would quote or change goes through it.
    want = "" if x is None else repr(x) if isinstance(x, float) else None
    if want is None:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow([x, ""])
        want = out.getvalue()[:-2]
    assert _export._csv_cell(x) == want


def test_no_rows_or_no_indicators() -> None:
    empty = evaluate(weekly_scheme(), [])
    out = io.BytesIO()
    assert write_csv(empty, out) == 0
    assert out.getvalue().decode() == ",".join(COLUMNS) + "\n" == to_csv(empty)
    out = io.BytesIO()
    assert write_json(empty, out) == 0 and out.getvalue() == b"[]\n"


def test_a_text_file_is_refused_with_what_to_open_instead(tmp_path: Path) -> None:
    res = results()
    for write in (write_csv, write_json):
        with (
            open(tmp_path / "r.txt", "w", encoding="utf-8") as text,
            pytest.raises(InputError) as info,
        ):
            write(res, text)  # type: ignore[arg-type]
        assert str(info.value).startswith(
            f"{write.__name__}: out: a binary file (open(path, 'wb')), not a text file"
        )
