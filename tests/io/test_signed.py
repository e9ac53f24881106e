"""Signed inputs in every reader: a negative value is read exactly where the scheme declares
the input `signed = true`, and refused, by place, everywhere else.

The numbers: a court whose filings fell by 433 from 2076 the year before has a change of
-433 / 2076 = -0.20857418111753372 (-20.86%, 同比下降); one whose filings rose by 17 from 2296 has
17 / 2296 = 0.007404181184668989.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from courtinfo import evaluate
from courtinfo.base import InputError
from courtinfo.data import SnapshotBatch
from courtinfo.indicators import Scheme, scheme_from_data
from courtinfo.io import from_query, load_dataset, read_parquet

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
openpyxl = pytest.importorskip("openpyxl")

SCHEME_DATA = {
    "code": "t", "title_zh": "测试", "title_en": "Test", "issuer": "某法院",
    "document": "X〔2022〕1号", "date": "2022-03-01",
    "inputs": [
        {"id": "change", "label_zh": "收案增减数", "kind": "count", "signed": True},
        {"id": "base", "label_zh": "上年收案数", "kind": "count"},
    ],
    "indicators": [
        {"code": "growth", "name_zh": "收案同比增幅", "name_en": "Growth", "category": "c",
         "unit": "percentage",
         "formula": {"kind": "ratio", "numerator": "change", "denominator": "base", "over": "allow", "signed": True}},
    ],
}
SCHEME: Scheme = scheme_from_data(SCHEME_DATA)
WANT = [-433 / 2076, 17 / 2296]
ROWS = [("a", "2022", -433, 2076), ("b", "2022", 17, 2296)]
#: The same rows with the unsigned input negative: refused even with the scheme.
BAD_ROWS = [("a", "2022", -433, -2076), ("b", "2022", 17, 2296)]


def _csv(tmp_path: Path, rows: list[tuple[str, str, int, int]]) -> Path:
    path = tmp_path / "data.csv"
    path.write_text("court,period,change,base\n" + "".join(f"{c},{p},{x},{b}\n" for c, p, x, b in rows))
    return path


def _xlsx(tmp_path: Path, rows: list[tuple[str, str, int, int]]) -> Path:
    path = tmp_path / "data.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["court", "period", "change", "base"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def _json(tmp_path: Path, rows: list[tuple[str, str, int, int]]) -> Path:
    path = tmp_path / "data.json"
    snaps = [{"court": c, "period": p, "values": {"change": x, "base": b}} for c, p, x, b in rows]
    path.write_text(json.dumps(snaps))
    return path


def _parquet(tmp_path: Path, rows: list[tuple[str, str, int, int]]) -> Path:
    # Written by pyarrow alone, as another system would: no courtinfo metadata in the file.
    path = tmp_path / "data.parquet"
    court, period, change, base = (list(col) for col in zip(*rows, strict=True))
    pq.write_table(pa.table({"court": court, "period": period, "change": change, "base": base}), path)
    return path


WRITERS = {"csv": _csv, "xlsx": _xlsx, "json": _json, "parquet": _parquet}


def _growth(data: object) -> list[float]:
    return [float(v) for v in evaluate(SCHEME, data).values["growth"]]  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_signed_input_is_read_negative_with_its_scheme(tmp_path: Path, fmt: str) -> None:
    data = load_dataset(WRITERS[fmt](tmp_path, ROWS), scheme=SCHEME)
    a = next(s for s in data.snapshots if s.court == "a")
    assert a.values["change"] == -433 and a.signed == {"change"}
    assert _growth(data) == pytest.approx(WANT, rel=1e-15)
    assert round(_growth(data)[0] * 100, 2) == -20.86


@pytest.mark.parametrize(
    ("fmt", "where"),
    [
        ("csv", "data.csv:2 column change: -433 is negative"),
        ("xlsx", "data.xlsx:Sheet!C2: -433 is negative"),
        ("json", "$[0].values.change: -433 is negative"),
        ("parquet", "data.parquet: columns.change[0]: -433.0 is negative"),
    ],
)
def test_without_the_scheme_a_negative_is_refused(tmp_path: Path, fmt: str, where: str) -> None:
    with pytest.raises(InputError) as info:
        load_dataset(WRITERS[fmt](tmp_path, ROWS))
    assert where in str(info.value)
    assert "negative" in str(info.value)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_an_input_not_declared_signed_stays_refused(tmp_path: Path, fmt: str) -> None:
    with pytest.raises(InputError) as info:
        load_dataset(WRITERS[fmt](tmp_path, BAD_ROWS), scheme=SCHEME)
    assert "-2076" in str(info.value) and "negative" in str(info.value)
    assert "change" not in str(info.value).replace("收案增减数", "")


def test_parquet_keeps_the_signed_inputs_it_was_written_with(tmp_path: Path) -> None:
    batch = load_dataset(_csv(tmp_path, ROWS), scheme=SCHEME).batch()
    assert batch.signed == {"change"}
    path = tmp_path / "out.parquet"
    pq.write_table(batch.to_arrow(), path)
    again = read_parquet(path)  # no scheme: the file says which inputs are signed
    assert again.signed == {"change"} and again.columns["change"].tolist() == [-433.0, 17.0]
    assert _growth(again) == pytest.approx(WANT, rel=1e-15)


def _sqlite(rows: list[tuple[str, str, int, int]]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("create table t (court text, period text, change integer, base integer, note text)")
    conn.executemany("insert into t values (?, ?, ?, ?, null)", rows)
    return conn


def test_sql_reads_a_negative_only_for_a_signed_input() -> None:
    conn = _sqlite(ROWS)
    sql = "select court, period, change, base from t order by court"
    batch = from_query(conn, sql, department=None, scheme=SCHEME)
    assert batch.signed == {"change"}
    assert _growth(batch) == pytest.approx(WANT, rel=1e-15)
    # Text cells (a VARCHAR column) are read as CSV cells are: the sign too.
    text = from_query(conn, "select court, period, cast(change as text) as change, base from t order by court", department=None, scheme=SCHEME)
    assert text.columns["change"].tolist() == [-433.0, 17.0]
    with pytest.raises(InputError, match=r"-433"):
        from_query(conn, sql, department=None)
    with pytest.raises(InputError, match=r"-2076"):
        from_query(_sqlite(BAD_ROWS), sql, department=None, scheme=SCHEME)


def test_batch_from_columns_takes_signed_inputs_by_name() -> None:
    cols = {"change": np.array([-433.0, 17.0]), "base": np.array([2076.0, 2296.0])}
    batch = SnapshotBatch.from_columns(court=["a", "b"], period=["2022", "2022"], columns=cols, signed=SCHEME.signed_inputs)
    assert _growth(batch) == pytest.approx(WANT, rel=1e-15)
    with pytest.raises(InputError, match=r"columns\.change.*-433"):
        SnapshotBatch.from_columns(court=["a", "b"], period=["2022", "2022"], columns=cols)
    with pytest.raises(InputError, match=r"columns\.base.*-2076"):
        SnapshotBatch.from_columns(
            court=["a", "b"], period=["2022", "2022"], signed=["change"],
            columns={**cols, "base": np.array([-2076.0, 2296.0])},
        )


def test_the_command_line_reads_negatives_of_the_scheme_it_is_given(tmp_path: Path) -> None:
    scheme_file = tmp_path / "t.json"
    scheme_file.write_text(json.dumps(SCHEME_DATA, ensure_ascii=False))
    data = _csv(tmp_path, ROWS)
    exe = Path(sys.executable).with_name("courtinfo")
    ok = subprocess.run(
        [str(exe), "evaluate", "--scheme", str(scheme_file), "--format", "csv", str(data)],
        capture_output=True, text=True, check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "-0.2085741811175337" in ok.stdout and "0.007404181184668989" in ok.stdout
    bad = subprocess.run(
        [str(exe), "evaluate", "--scheme", str(scheme_file), str(_csv(tmp_path, BAD_ROWS))],
        capture_output=True, text=True, check=False,
    )
    assert bad.returncode != 0 and "-2076" in bad.stderr
