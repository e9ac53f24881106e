"""`courtinfo evaluate --db URL --query FILE.sql`, run as a real subprocess."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from courtinfo import load_dataset
from tests.io.test_sql import JIADING, load_counts

COURTINFO = [sys.executable, "-m", "courtinfo"]


def cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COURTINFO, *argv], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Path:
    db = tmp_path / "court.db"
    conn = sqlite3.connect(db)
    load_counts(conn, load_dataset(JIADING).batch())
    conn.close()
    return db


def query_file(tmp_path: Path, sql: str) -> str:
    path = tmp_path / "weekly.sql"
    path.write_text(sql, encoding="utf-8")
    return str(path)


def lines(text: str) -> list[str]:
    head, *rows = text.splitlines()
    return [head, *sorted(rows)]


def test_sqlite_by_url_and_by_path_give_what_the_file_gives(
    sqlite_db: Path, tmp_path: Path
) -> None:
    from_file = cli("evaluate", "--scheme", "shanghai-2022", "--format", "csv", str(JIADING))
    assert from_file.returncode == 0, from_file.stderr
    sql = query_file(
        tmp_path, "SELECT * FROM weekly WHERE period BETWEEN '2022-W14' AND '2022-W21';\n"
    )
    for db in (f"sqlite:///{sqlite_db}", str(sqlite_db)):
        out = cli(
            "evaluate", "--scheme", "shanghai-2022", "--format", "csv", "--db", db, "--query", sql
        )
        assert out.returncode == 0, out.stderr
        assert lines(out.stdout) == lines(from_file.stdout)
        assert len(out.stdout.splitlines()) == 1 + 1120
    # 电子送达发送率, 立案庭, 2022-W14: 55 / 169
    row = next(r for r in out.stdout.splitlines() if ",立案庭,2022-W14,e_service_send_rate," in r)
    assert f",{55 / 169!r}," in row


def test_postgresql_url(postgres_dsn: str, tmp_path: Path) -> None:
    psycopg = pytest.importorskip("psycopg")
    parts = dict(item.split("=", 1) for item in postgres_dsn.split())
    with psycopg.connect(postgres_dsn) as conn:
        with conn.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS weekly")
        conn.commit()
        load_counts(conn, load_dataset(JIADING).batch())
    url = (
        f"postgresql://{parts['user']}@/{parts['dbname']}?host={parts['host']}&port={parts['port']}"
    )
    sql = query_file(
        tmp_path,
        'SELECT court, department, period, online_filings AS "网上立案数", filings AS "总立案数" '
        "FROM weekly WHERE department = '立案庭' ORDER BY period",
    )
    try:
        out = cli(
            "evaluate", "--scheme", "shanghai-2022", "--format", "csv", "--db", url, "--query", sql
        )
        assert out.returncode == 0, out.stderr
        rate = [r for r in out.stdout.splitlines() if ",online_filing_rate," in r]
        assert len(rate) == 8
        assert rate[0].startswith("shanghai-jiading,立案庭,2022-W14,online_filing_rate,")
    finally:
        with psycopg.connect(postgres_dsn) as conn:
            conn.execute("DROP TABLE weekly")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--db", "sqlite:///nowhere.db", "--query", "Q"],
            "sqlite:///nowhere.db: no such sqlite3 database file",
        ),
        (["--db", "DB"], "--db and --query go together: --query FILE.sql is missing"),
        (["--query", "Q"], "--db and --query go together: --db URL is missing"),
        (["FILE", "--db", "DB", "--query", "Q"], "give either FILE or --db/--query, not both"),
        (
            ["--db", "mysql://u:secret@h/db", "--query", "Q"],
            "mysql://u:***@h/db: no built-in driver for 'mysql'",
        ),
        (
            ["--db", "DB", "--query", "BAD"],
            "the database refused the query (OperationalError: no such table: missing_table)",
        ),
        (
            ["--db", "DB", "--query", "NEG"],
            "query row 1 column 'filings': -1.0 is negative; counts cannot be below 0 "
            "(court 'c', period 2022-W21)",
        ),
    ],
)
def test_bad_options_and_queries_exit_2_on_one_line(
    sqlite_db: Path, tmp_path: Path, argv: list[str], message: str
) -> None:
    bad = tmp_path / "bad.sql"
    bad.write_text("SELECT * FROM missing_table", encoding="utf-8")
    neg = tmp_path / "neg.sql"
    neg.write_text("SELECT 'c' AS court, '2022-W21' AS period, -1 AS filings", encoding="utf-8")
    names: dict[str, Any] = {
        "DB": str(sqlite_db),
        "Q": str(bad),
        "BAD": str(bad),
        "NEG": str(neg),
        "FILE": str(JIADING),
    }
    out = cli("evaluate", "--scheme", "shanghai-2022", *(names.get(a, a) for a in argv))
    assert out.returncode == 2, out.stderr
    assert len(out.stderr.splitlines()) == 1
    assert message in out.stderr
    assert "secret" not in out.stderr


def test_no_psycopg_names_the_extra(tmp_path: Path) -> None:
    # A venv without psycopg is not at hand; the import is blocked instead.
    script = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from courtinfo.cli import main\n"
        "sys.exit(main(['evaluate', '--scheme', 'shanghai-2022', '--db', 'postgresql://h/db', "
        f"'--query', {str(JIADING)!r}]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert out.returncode == 2
    assert 'pip install "courtinfo[sql]"' in out.stderr
