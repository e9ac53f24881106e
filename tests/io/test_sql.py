"""SQL round trips against sqlite3 and a real PostgreSQL server: counts in, results out.

Jiading's weekly counts (examples/data/jiading-2022.json, 嘉法发〔2022〕15号) go into a table,
come back through `from_query`, are evaluated, written with `to_sql` and read back.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from courtinfo import (
    Dataset,
    DuplicateSnapshotError,
    InputError,
    MetricSnapshot,
    Period,
    SnapshotBatch,
    ValidationError,
    dataset_from_csv,
    evaluate,
    get_scheme,
    load_dataset,
)
from courtinfo.evaluation import RECORD_COLUMNS
from courtinfo.sources import DatabaseError, dataset_to_sql, from_query, paramstyle_of, to_sql

ROOT = Path(__file__).parents[2]
JIADING = ROOT / "examples" / "data" / "jiading-2022.json"
SHANGHAI = get_scheme("shanghai-2022")


@pytest.fixture(params=["sqlite", "postgresql"])
def conn(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    if request.param == "sqlite":
        c = sqlite3.connect(tmp_path / "court.db")
        yield c
        c.close()
        return
    psycopg = pytest.importorskip("psycopg", reason='psycopg: pip install "courtinfo[sql]"')
    dsn = request.getfixturevalue("postgres_dsn")
    c = psycopg.connect(dsn)
    # Each test gets an empty schema of its own, dropped afterwards.
    schema = f"t{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    with c.cursor() as cur:
        cur.execute(f"CREATE SCHEMA {schema}")
        cur.execute(f"SET search_path TO {schema}")
    c.commit()
    yield c
    c.rollback()
    with c.cursor() as cur:
        cur.execute(f"DROP SCHEMA {schema} CASCADE")
    c.commit()
    c.close()


def mark(conn: Any) -> str:
    return "?" if paramstyle_of(conn) == "qmark" else "%s"


def load_counts(conn: Any, batch: SnapshotBatch, table: str = "weekly") -> None:
    """The batch as a table: court, department, period, one column per input."""
    assert dataset_to_sql(Dataset(batch.to_snapshots()), conn, table) == len(batch)


def test_paramstyle_of_each_driver(conn: Any) -> None:
    expected = "qmark" if isinstance(conn, sqlite3.Connection) else "pyformat"
    assert paramstyle_of(conn) == expected


def test_counts_in_evaluate_results_out_and_back(conn: Any) -> None:
    dataset = load_dataset(JIADING)
    load_counts(conn, dataset.batch())
    batch = from_query(
        conn,
        f"SELECT * FROM weekly WHERE period >= {mark(conn)} ORDER BY period, department",
        ["2022-W14"],
        scheme=SHANGHAI,
    )
    assert len(batch) == 56  # 7 departments x 8 weeks
    assert {s.key: s for s in batch.to_snapshots()} == {s.key: s for s in dataset.snapshots}
    results = evaluate(SHANGHAI, batch)
    i = results.select(court="shanghai-jiading", department="立案庭", period="2022-W14")[0]
    # 电子送达发送率 = 电子送达发送数 / 全部送达总数 = 55 / 169 (立案庭, 2022-W14)
    assert results.value("e_service_send_rate", i) == 55 / 169
    from_file = evaluate(SHANGHAI, dataset)
    order = [
        from_file.select(court=s.court, department=s.department or "", period=s.period)[0]
        for s in batch.to_snapshots()
    ]
    for code, column in results.values.items():
        np.testing.assert_array_equal(column, from_file.values[code][order])

    assert to_sql(results, conn, "results") == 56 * len(SHANGHAI.indicators) == 1120
    cur = conn.cursor()
    cur.execute("SELECT * FROM results")
    assert [d[0] for d in cur.description] == list(RECORD_COLUMNS)
    rows = cur.fetchall()
    assert len(rows) == 1120
    p = mark(conn)
    cur.execute(
        f"SELECT value, missing, reason, target, comparator, number FROM results "
        f"WHERE department = {p} AND period = {p} AND indicator = {p}",
        ["立案庭", "2022-W14", "e_service_send_rate"],
    )
    assert cur.fetchall() == [(55 / 169, None, "", None, None, None)]
    # Every record written as the CSV export has it (NA/NAP, reasons, targets, booleans).
    written = {(r[0], r[1], r[2], r[3]): r for r in rows}
    for rec in results.to_records():
        row = written[rec["court"], rec["department"], rec["period"], rec["indicator"]]
        assert tuple(row) == tuple(rec[c] for c in RECORD_COLUMNS)


def test_inputs_by_chinese_label_and_a_column_mapping(conn: Any) -> None:
    cur = conn.cursor()
    cur.execute(
        "CREATE TABLE t (fy TEXT, bm TEXT, zq TEXT, a INTEGER, b INTEGER, hours DOUBLE PRECISION,"
        " note TEXT)"
    )
    p = mark(conn)
    cur.executemany(
        f"INSERT INTO t VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})",
        [
            ("shanghai-jiading", "立案庭", "2022年第21周", 837, 870, 12.5, "ok"),
            ("shanghai-jiading", "民一庭", "2022-W21", None, 0, None, None),
        ],
    )
    conn.commit()
    sql = (
        'SELECT fy, bm, zq, a AS "网上立案数", b AS "总立案数", hours AS "在线总时长(小时)" FROM t'
    )
    batch = from_query(conn, sql, court="fy", department="bm", period="zq", scheme=SHANGHAI)
    snaps = {s.department: s for s in batch.to_snapshots()}
    assert snaps["立案庭"].values == {
        "online_filings": 837,
        "filings": 870,
        "mobile_online_hours": 12.5,
    }
    assert str(snaps["立案庭"].period) == "2022-W21"
    assert snaps["民一庭"].values == {"filings": 0}
    results = evaluate(SHANGHAI, batch, allow_extra=True)
    rate = results.values["online_filing_rate"]
    row = results.select(department="立案庭")[0]
    assert rate[row] == 837 / 870

    mapped = from_query(
        conn,
        "SELECT fy, zq, b, note FROM t WHERE bm = '立案庭'",
        court="fy",
        department=None,
        period="zq",
        columns={"b": "filings", "note": "text:filings_note"},
    )
    assert mapped.inputs == ("filings",)
    assert mapped.columns["filings"].tolist() == [870.0]
    assert mapped.texts["filings_note"].tolist() == ["ok"]
    with pytest.raises(DuplicateSnapshotError, match=r"query row 2: duplicates query row 1: "):
        from_query(conn, "SELECT fy, zq FROM t", court="fy", department=None, period="zq")


#: Labels as staff type them: ideographic spaces (U+3000), full-width letters (NFKC), spaces
#: at the ends; the same in a CSV file and in a query (court, department, input header).
MESSY = [
    ("ｓｈａｎｇｈａｉ-jiading\u3000", "民一庭 ", 3, 4),
    (" shanghai-jiading", "\u3000立案庭", 5, 8),
]
MESSY_HEADERS = ("电子送达发送数\u3000", " 全部送达总数")


def test_query_labels_are_spelled_as_csv_spells_them(conn: Any) -> None:
    cur = conn.cursor()
    cur.execute("CREATE TABLE t (court TEXT, department TEXT, period TEXT, a INTEGER, b INTEGER)")
    p = mark(conn)
    cur.executemany(
        f"INSERT INTO t VALUES ({p}, {p}, {p}, {p}, {p})",
        [(c, d, "2022-W21", a, b) for c, d, a, b in MESSY],
    )
    conn.commit()
    a, b = MESSY_HEADERS
    sql = f'SELECT court, department, period, a AS "{a}", b AS "{b}" FROM t ORDER BY a'
    batch = from_query(conn, sql, scheme=SHANGHAI)
    header = ",".join(["court", "department", "period", *MESSY_HEADERS])
    lines = [f"{c},{d},2022-W21,{x},{y}" for c, d, x, y in MESSY]
    csv_batch = dataset_from_csv("\n".join([header, *lines]) + "\n", scheme=SHANGHAI).batch()
    assert batch.to_snapshots() == csv_batch.to_snapshots()
    assert [(s.court, s.department, dict(s.values)) for s in batch.to_snapshots()] == [
        ("shanghai-jiading", "民一庭", {"e_service_sent": 3, "all_services": 4}),
        ("shanghai-jiading", "立案庭", {"e_service_sent": 5, "all_services": 8}),
    ]
    rate = evaluate(SHANGHAI, batch).values["e_service_send_rate"]
    assert rate.tolist() == [0.75, 0.625]
    # A space inside a label is part of it in both: no input is called so.
    with pytest.raises(ValidationError) as info:
        from_query(conn, 'SELECT court, department, period, a AS "电子送达 发送数" FROM t', scheme=SHANGHAI)
    assert str(info.value).startswith(
        "query column '电子送达 发送数': is neither an input id nor a label of scheme 'shanghai-2022'"
    )
    with pytest.raises(ValidationError, match="no input of scheme 'shanghai-2022' is called '电子送达 发送数'"):
        dataset_from_csv("court,period,电子送达 发送数\nc,2022-W21,3\n", scheme=SHANGHAI)
    # An invisible character is refused, naming its position, as in a CSV header.
    with pytest.raises(ValidationError) as info:
        from_query(conn, 'SELECT court, department, period, a AS "电子送达\u200b发送数" FROM t', scheme=SHANGHAI)
    assert str(info.value) == (
        "query column '电子送达\\u200b发送数': '电子送达\\u200b发送数' holds the invisible character "
        "U+200B (ZERO WIDTH SPACE) at position 5; an input id is plain text: delete it and type "
        "the label again"
    )
    with pytest.raises(ValidationError) as info:
        dataset_from_csv("court,period,电子送达\u200b发送数\nc,2022-W21,3\n", "d.csv", scheme=SHANGHAI)
    assert str(info.value.problems[0]) == (
        "d.csv:1: column 3 header: '电子送达\\u200b发送数' holds the invisible character U+200B "
        "(ZERO WIDTH SPACE) at position 5; an input id is plain text: delete it and type the "
        "label again"
    )


def test_bad_cells_name_the_query_column_and_the_row(conn: Any) -> None:
    cur = conn.cursor()
    cur.execute(
        "CREATE TABLE t (court TEXT, department TEXT, period TEXT, filings INTEGER, x TEXT)"
    )
    p = mark(conn)
    cur.executemany(
        f"INSERT INTO t VALUES ({p}, {p}, {p}, {p}, {p})",
        [
            ("shanghai-jiading", "立案庭", "2022-W21", 870, "3"),
            ("shanghai-jiading", "民一庭", "2022-W21", -4, "many"),
            ("shanghai-jiading", "民二庭", "2022-W99", 1, "2"),
        ],
    )
    conn.commit()
    with pytest.raises(ValidationError) as info:
        from_query(
            conn,
            "SELECT * FROM t ORDER BY department",
            columns={"x": "online_filings", "filings": "filings"},
        )
    text = str(info.value)
    assert "query row 1 column 'x': 'many' is not a number" in text
    assert "department '民一庭', period 2022-W21" in text
    with pytest.raises(ValidationError) as info:
        from_query(
            conn, "SELECT court, department, period, filings FROM t WHERE department <> '民二庭'"
        )
    assert "column 'filings'" in str(info.value)
    assert "-4.0 is negative; counts cannot be below 0 (court 'shanghai-jiading', department '民一庭', period 2022-W21)" in (
        str(info.value)
    )
    with pytest.raises(ValidationError, match=r"query row 1 column 'period'.*2022-W99"):
        from_query(conn, "SELECT court, department, period FROM t WHERE department = '民二庭'")
    with pytest.raises(ValidationError, match="no column 'court' for the court"):
        from_query(conn, "SELECT department, period FROM t")
    with pytest.raises(ValidationError, match="query column 'hours': is neither an input id nor a label"):
        from_query(
            conn, "SELECT court, department, period, filings AS hours FROM t", scheme=SHANGHAI
        )


def test_a_constraint_violation_midway_leaves_the_table_as_it_was(conn: Any) -> None:
    results = evaluate(SHANGHAI, load_dataset(JIADING))
    cur = conn.cursor()
    cols = ", ".join(f'"{c}" TEXT' for c in RECORD_COLUMNS)
    cur.execute(f"CREATE TABLE results ({cols}, UNIQUE (court, department, period, indicator))")
    # A row already there clashes with the 900th record: after several batches of 100.
    clash = results.to_records()[899]
    p = mark(conn)
    cur.execute(
        f"INSERT INTO results (court, department, period, indicator, reason) "
        f"VALUES ({p}, {p}, {p}, {p}, {p})",
        [clash["court"], clash["department"], clash["period"], clash["indicator"], "before"],
    )
    conn.commit()
    with pytest.raises(DatabaseError, match=r"failed after 800 of 1120 rows.*rolled back"):
        to_sql(results, conn, "results", batch_rows=100)
    cur = conn.cursor()
    cur.execute("SELECT court, indicator, reason FROM results")
    assert cur.fetchall() == [(clash["court"], clash["indicator"], "before")]


def test_a_new_table_is_not_left_behind_by_a_failure(conn: Any) -> None:
    results = evaluate(SHANGHAI, load_dataset(JIADING))
    with pytest.raises(DatabaseError):
        to_sql(
            results,
            conn,
            "fresh",
            batch_rows=100,
            paramstyle="numeric" if mark(conn) == "%s" else "format",
        )
    cur = conn.cursor()
    probe = (
        "SELECT name FROM sqlite_master WHERE name = 'fresh'"
        if isinstance(conn, sqlite3.Connection)
        else "SELECT tablename FROM pg_tables WHERE tablename = 'fresh'"
    )
    cur.execute(probe)
    assert cur.fetchall() == []


def test_other_placeholder_styles_on_sqlite(tmp_path: Path) -> None:
    results = evaluate(SHANGHAI, load_dataset(JIADING))
    for style in ("qmark", "named", "numeric"):
        c = sqlite3.connect(tmp_path / f"{style}.db", isolation_level=None)  # autocommit
        assert to_sql(results, c, "results", paramstyle=style) == 1120
        assert c.execute("SELECT count(*), sum(value IS NULL) FROM results").fetchone()[0] == 1120
        c.close()


def test_autocommit_postgres_is_still_one_transaction(postgres_dsn: str) -> None:
    psycopg = pytest.importorskip("psycopg")
    results = evaluate(SHANGHAI, load_dataset(JIADING))
    with psycopg.connect(postgres_dsn, autocommit=True) as c:
        c.execute("DROP TABLE IF EXISTS auto_results")
        c.execute(
            "CREATE TABLE auto_results ("
            + ", ".join(f'"{col}" TEXT' for col in RECORD_COLUMNS)
            + ", CHECK (indicator <> 'online_filing_rate'))"
        )
        with pytest.raises(DatabaseError, match="check constraint"):
            to_sql(results, c, "auto_results", batch_rows=50)
        assert c.execute("SELECT count(*) FROM auto_results").fetchone() == (0,)
        c.execute("DROP TABLE auto_results")


def test_a_dropped_connection_midway_leaves_the_table_as_it_was(postgres_dsn: str) -> None:
    # A real failure, not a constraint: the server process ends during the inserts (a
    # trigger terminates its own backend at the 500th row); a fresh connection finds the
    # table as it was.
    psycopg = pytest.importorskip("psycopg")
    results = evaluate(SHANGHAI, load_dataset(JIADING))
    with psycopg.connect(postgres_dsn, autocommit=True) as admin:
        admin.execute("DROP TABLE IF EXISTS dropped")
        admin.execute(
            "CREATE TABLE dropped (" + ", ".join(f'"{c}" TEXT' for c in RECORD_COLUMNS) + ")"
        )
        admin.execute("INSERT INTO dropped (court) VALUES ('before')")
        admin.execute(
            textwrap.dedent(
                """
                CREATE OR REPLACE FUNCTION die_at_500() RETURNS trigger AS $$
                BEGIN
                  IF (SELECT count(*) FROM dropped) >= 500 THEN
                    PERFORM pg_terminate_backend(pg_backend_pid());
                  END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql;
                CREATE TRIGGER die BEFORE INSERT ON dropped
                  FOR EACH ROW EXECUTE FUNCTION die_at_500();
                """
            )
        )
    victim = psycopg.connect(postgres_dsn)
    with pytest.raises(DatabaseError, match="rolled back"):
        to_sql(results, victim, "dropped", batch_rows=100)
    victim.close()
    with psycopg.connect(postgres_dsn, autocommit=True) as admin:
        assert admin.execute("SELECT court FROM dropped").fetchall() == [("before",)]
        admin.execute("DROP TABLE dropped")
        admin.execute("DROP FUNCTION die_at_500()")


def test_a_full_disk_midway_leaves_the_sqlite_table_as_it_was(tmp_path: Path) -> None:
    # A real full disk: the writer runs under RLIMIT_FSIZE in a subprocess.
    db = tmp_path / "full.db"
    c = sqlite3.connect(db)
    c.execute("CREATE TABLE results (" + ", ".join(f'"{x}"' for x in RECORD_COLUMNS) + ")")
    c.execute("INSERT INTO results (court) VALUES ('before')")
    c.commit()
    c.close()
    script = textwrap.dedent(
        f"""
        import resource, signal, sqlite3, sys
        from courtinfo import evaluate, get_scheme, load_dataset
        from courtinfo.sources import DatabaseError, to_sql
        results = evaluate(get_scheme("shanghai-2022"), load_dataset({str(JIADING)!r}))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        size = {db.stat().st_size}
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 32768, size + 32768))
        conn = sqlite3.connect({str(db)!r})
        try:
            to_sql(results, conn, "results", batch_rows=100)
        except DatabaseError as exc:
            print(exc)
            sys.exit(3)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 3, proc.stderr
    assert "rolled back" in proc.stdout
    assert "disk I/O error" in proc.stdout or "full" in proc.stdout
    c = sqlite3.connect(db)
    assert c.execute("SELECT court FROM results").fetchall() == [("before",)]
    assert c.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    c.close()


def test_counts_of_every_kind_go_into_a_table_and_come_back_exactly(conn: Any) -> None:
    w21 = Period.parse("2022-W21")
    snaps = (
        MetricSnapshot(
            "jiading",
            w21,
            values={"filed": 60, "hours": 3.0, "share": 0.25, "q1": frozenset("AC"), "yes": True},
            platform_values={"filed": 58},
            texts={"note": "庭审直播 3 场"},
            department="民一庭",
        ),
        MetricSnapshot("jiading", w21, values={"filed": 7, "hours": 1.5, "yes": False}),
    )
    assert dataset_to_sql(Dataset(snaps), conn, "counts") == 2
    cur = conn.cursor()
    cur.execute('SELECT court, department, filed, hours, q1, yes, "platform:filed", "text:note" FROM counts')
    assert sorted(cur.fetchall(), key=lambda r: r[2]) == [
        ("jiading", None, 7, 1.5, None, "否", None, None),
        ("jiading", "民一庭", 60, 3.0, "{A,C}", "是", 58, "庭审直播 3 场"),
    ]
    back = from_query(conn, "SELECT * FROM counts ORDER BY filed DESC").to_snapshots()
    assert tuple(back) == snaps
    assert [type(back[0].values[k]) for k in ("filed", "hours")] == [int, float]


def test_dataset_to_sql_refuses_what_it_cannot_write_before_touching_the_database(
    conn: Any,
) -> None:
    with pytest.raises(InputError, match="dataset_to_sql: dataset must be a Dataset; got None"):
        dataset_to_sql(None, conn, "counts")  # type: ignore[arg-type]
    snap = MetricSnapshot("c1", Period.parse("2022-W21"), values={"filed": 1})
    with pytest.raises(InputError, match="table 'counts; DROP' is not a plain SQL name"):
        dataset_to_sql(Dataset((snap,)), conn, "counts; DROP")
