"""SQL databases through any DB-API 2.0 connection: counts in, results out.

`from_query` reads a query's rows in batches (`fetchmany`) straight into the columns of a
`SnapshotBatch`, with the checks and messages of the file readers, each naming the query's
column and the row's court, department and period. `to_sql` writes results, one row per court,
department, period and indicator (the columns of the CSV export), inside one transaction.
sqlite3 from the standard library works as it is; psycopg, pymysql, oracledb, dmPython or any
other driver works the same way.
"""

from __future__ import annotations

import contextlib
import decimal
import re
import sqlite3
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from courtinfo.base import (
    CourtinfoError,
    DuplicateSnapshotError,
    InputError,
    PeriodError,
    Problem,
    ValidationError,
    argument,
    did_you_mean,
    optional_module,
    shown,
    wrong_type,
)
from courtinfo.data import (
    LABEL_COLUMNS,
    PLATFORM_PREFIX,
    TEXT_PREFIX,
    Column,
    Dataset,
    SnapshotBatch,
    ValueKind,
    choice_mask,
    normalize_label,
    text_problem,
)
from courtinfo.evaluation import RECORD_COLUMNS, Results
from courtinfo.indicators import Scheme
from courtinfo.io._csv import format_cell, wide_layout
from courtinfo.io._table import InputNames, parse_cell

#: Rows fetched (and written) per round trip.
BATCH_ROWS = 10_000

#: How many bad cells a message lists.
_MAX_LISTED = 10

#: SQL types of the results table's columns (portable spellings: sqlite3, PostgreSQL, MySQL).
_SQL_TYPES = {
    "number": "INTEGER",
    "value": "DOUBLE PRECISION",
    "target": "DOUBLE PRECISION",
    "in_principle": "BOOLEAN",
    "target_met": "BOOLEAN",
    "gap": "DOUBLE PRECISION",
    "points": "DOUBLE PRECISION",
    "max_points": "DOUBLE PRECISION",
}

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?")

#: Python types of cells that go into a float64 column in one numpy call (None becomes NaN).
_NUMERIC_TYPES = frozenset({int, float, bool, decimal.Decimal, type(None)})


class DatabaseError(CourtinfoError):
    """The database refused a statement; nothing was written."""


def _targets(
    names: Sequence[str],
    court: str,
    department: str | None,
    period: str,
    columns: Mapping[str, str] | None,
    scheme: Scheme | None,
) -> list[tuple[str, str]]:
    """(field, input) for every result column; field is a label column, `values`,
    `platform` or `texts`."""
    problems: list[Problem] = []
    labels = {court: "court", period: "period"}
    if department is not None:
        labels[department] = "department"
    ids: set[str] = set()
    spellings = None
    if scheme is not None:
        ids = {i.id for i in scheme.inputs}
        spellings = InputNames(scheme)
    out: list[tuple[str, str]] = []
    for name in names:
        if name in labels:
            out.append((labels[name], name))
            continue
        given = columns.get(name) if columns is not None else name
        if given is None:
            out.append(("skip", name))  # a column the mapping leaves out
            continue
        try:
            # The one spelling of a label, as CSV headers are read (NFKC, no space at the ends).
            given = normalize_label(given, "input")
        except InputError as exc:
            problems.append(Problem(f"query column {name!r}", str(exc)))
            continue
        field = "values"
        if given.startswith(PLATFORM_PREFIX):
            field, given = "platform", given.removeprefix(PLATFORM_PREFIX).strip()
        elif given.startswith(TEXT_PREFIX):
            field, given = "texts", given.removeprefix(TEXT_PREFIX).strip()
        if spellings is not None and scheme is not None and given not in ids:
            found = spellings.lookup(given)
            if found is None:
                msg = (
                    f"is neither an input id nor a label of scheme {scheme.code!r}"
                    + did_you_mean(given, [*ids, *(i.label_zh for i in scheme.inputs)])
                )
                problems.append(Problem(f"query column {name!r}", msg))
                continue
            given = found
        out.append((field, given))
    for label, what in labels.items():
        if label not in names:
            msg = f"the query has no column {label!r} for the {what}; its columns are " + (
                ", ".join(repr(n) for n in names) or "none"
            )
            problems.append(Problem("", msg))
    seen: dict[tuple[str, str], str] = {}
    for name, target in zip(names, out, strict=False):
        if target[0] in ("skip", "court", "period", "department"):
            continue
        if target in seen:
            msg = f"names the same input as column {seen[target]!r}: {target[1]!r}"
            problems.append(Problem(f"query column {name!r}", msg))
        seen.setdefault(target, name)
    if columns is not None:
        for name in columns:
            if name not in names:
                msg = f"is not a column of the query; its columns are {', '.join(names)}"
                problems.append(Problem(f"columns[{name!r}]", msg))
    if problems:
        raise ValidationError(problems)
    return out


def _numbers(
    cells: Sequence[Any], signed: bool = False
) -> tuple[Column, list[tuple[int, str]], ValueKind | None]:
    """A float64 column of database cells (None: not provided), the cells that are not
    values as (row, problem), and the kind their Python types say; text cells below 0 are
    values only when `signed`."""
    types = set(map(type, cells))
    if types <= _NUMERIC_TYPES:
        col = np.array(cells, dtype=np.float64)
        bad: list[tuple[int, str]] = []
        if int(np.count_nonzero(np.isnan(col))) != cells.count(None):
            # NaN stored in the database is not a value: only NULL is "not provided".
            bad = [
                (i, f"{c!r} is not a number; leave the cell NULL for a value not provided")
                for i, c in enumerate(cells)
                if c is not None and c != c
            ]
        kind = None
        if types - {type(None)} == {bool}:
            kind = ValueKind.YES_NO
        elif types - {type(None)} <= {int, bool}:
            kind = ValueKind.COUNT
        elif types - {type(None)}:
            kind = ValueKind.MEASURE
        return col, bad, kind
    col = np.full(len(cells), np.nan)
    bad = []
    kinds: set[ValueKind] = set()
    for i, cell in enumerate(cells):
        if cell is None:
            continue
        try:
            value = parse_cell(cell, signed) if isinstance(cell, str) else cell
            if isinstance(value, frozenset):
                col[i] = choice_mask(value)
                kinds.add(ValueKind.CHOICE)
            elif isinstance(value, (bool, int, float, decimal.Decimal)):
                col[i] = float(value)
                kinds.add(
                    ValueKind.YES_NO
                    if isinstance(value, bool)
                    else ValueKind.COUNT
                    if isinstance(value, int)
                    else ValueKind.MEASURE
                )
            elif value is not None:
                bad.append((i, f"{shown(cell)} of type {type(cell).__name__} is not a value"))
        except InputError as exc:
            bad.append((i, str(exc)))
    kind = None
    if len(kinds) == 1:
        kind = kinds.pop()
    elif kinds and kinds <= {ValueKind.COUNT, ValueKind.MEASURE}:
        kind = ValueKind.MEASURE
    return col, bad, kind


def _connection(connection: object, function: str) -> None:
    """Refuse what is no DB-API connection (it has no `cursor()`), naming the argument."""
    if not callable(getattr(connection, "cursor", None)):
        expected = "a DB-API connection (sqlite3.connect, psycopg.connect, ...)"
        raise InputError(wrong_type(f"{function}: connection", expected, connection))


def from_query(
    connection: Any,
    sql: str,
    params: Sequence[Any] | Mapping[str, Any] | None = None,
    *,
    court: str = "court",
    department: str | None = "department",
    period: str = "period",
    columns: Mapping[str, str] | None = None,
    scheme: Scheme | None = None,
    batch_rows: int = BATCH_ROWS,
) -> SnapshotBatch:
    """The snapshots a query returns, as a checked `SnapshotBatch`.

    `connection` is any DB-API 2.0 connection; `sql` and `params` are passed to its cursor as
    they are (write placeholders in the driver's `paramstyle`: ``?`` for sqlite3, ``%s`` for
    psycopg). `court`, `department` and `period` name the query's label columns; without a
    department column (or with `department=None`) every row is court level. Every other column
    is an input, named by its input id, or by its Chinese label when `scheme` is given
    (``platform:``/``text:`` prefixes as in CSV files); `columns` maps query columns to
    inputs instead (columns it leaves out are not read).
    Cells are numbers, booleans, NULL (not provided), or text as in CSV cells (是/否,
    ``{A,C}``). Bad cells are refused together, each naming the column and the row's court,
    department and period. A negative value is read only for an input `scheme` declares
    signed.
    """
    _connection(connection, "from_query")
    if not isinstance(sql, str):
        msg = f"from_query: sql must be a str, not {type(sql).__name__}"
        raise InputError(msg)
    cursor = connection.cursor()
    try:
        if params is None:
            cursor.execute(sql)
        else:
            cursor.execute(sql, params)
        if cursor.description is None:
            msg = "from_query: the statement returns no rows (not a SELECT?)"
            raise InputError(msg)
        names = [str(d[0]) for d in cursor.description]
        if department == "department" and department not in names:
            department = None  # as in CSV files, the department column is optional
        targets = _targets(names, court, department, period, columns, scheme)
        chunks: list[list[tuple[Any, ...]]] = [[] for _ in names]
        while True:
            rows = cursor.fetchmany(batch_rows)
            if not rows:
                break
            for k, cells in enumerate(zip(*rows, strict=True)):
                chunks[k].append(cells)
    finally:
        cursor.close()
    return _batch(names, targets, chunks, scheme)


def _batch(
    names: Sequence[str],
    targets: Sequence[tuple[str, str]],
    chunks: Sequence[Sequence[tuple[Any, ...]]],
    scheme: Scheme | None,
) -> SnapshotBatch:
    labels: dict[str, list[Any]] = {}
    values: dict[str, Column] = {}
    platform: dict[str, Column] = {}
    texts: dict[str, list[Any]] = {}
    kinds: dict[str, ValueKind] = {}
    declared = {i.id: i.kind for i in scheme.inputs} if scheme is not None else {}
    signed = scheme.signed_inputs if scheme is not None else frozenset()
    bad: list[tuple[int, str, str]] = []  # (row, query column, problem)
    for name, (field, target), parts in zip(names, targets, chunks, strict=True):
        cells: list[Any] = [c for part in parts for c in part]
        if field in ("court", "department", "period"):
            labels[field] = cells
        elif field == "texts":
            for i, c in enumerate(cells):
                problem = None if c is None else text_problem(c)
                if problem:
                    bad.append((i, name, problem))
            texts[target] = cells
        elif field != "skip":
            col, refused, kind = _numbers(cells, target in signed)
            bad += [(i, name, p) for i, p in refused]
            (values if field == "values" else platform)[target] = col
            kinds[target] = declared.get(target) or kinds.get(target) or kind or ValueKind.MEASURE
    n = len(labels["court"])
    court = labels["court"]
    period = labels["period"]
    department = labels.get("department")
    column_of = {target: name for name, target in zip(names, targets, strict=True)}

    def where(i: int) -> str:
        dept = department[i] if department is not None else None
        text = f"court {court[i]!r}" + (f", department {dept!r}" if dept else "")
        return f"{text}, period {period[i]}"

    if bad:
        bad.sort()
        listed = [
            Problem(f"query row {i + 1} column {name!r}", f"{p} ({where(i)})")
            for i, name, p in bad[:_MAX_LISTED]
        ]
        if len(bad) > _MAX_LISTED:
            listed.append(Problem("", f"... and {len(bad) - _MAX_LISTED} more bad cells"))
        raise ValidationError(listed)
    try:
        return SnapshotBatch.from_columns(
            court=court,
            period=period,
            department=department,
            columns=values,
            platform=platform,
            kinds=kinds,
            texts=texts,
            signed=signed & (values.keys() | platform.keys()),
        )
    except DuplicateSnapshotError as exc:
        raise DuplicateSnapshotError([_query_row(p) for p in exc.problems]) from None
    except (ValidationError, PeriodError) as exc:
        problems = getattr(exc, "problems", (Problem("", str(exc)),))
        raise ValidationError([_query_problem(p, column_of, where, n) for p in problems]) from None


_PATH = re.compile(r"(court|department|period|columns\.(.+)|platform\.(.+)|texts\.(.+))\[(\d+)\]")


def _query_row(problem: Problem) -> Problem:
    """A batch's problem of whole rows (``row 3: duplicates row 1``) named by query rows."""

    def renumber(text: str) -> str:
        return re.sub(r"\brow (\d+)", lambda m: f"query row {int(m[1]) + 1}", text)

    return Problem(renumber(problem.path), renumber(problem.message))


def _query_problem(
    problem: Problem, column_of: Mapping[tuple[str, str], str], where: Any, n: int
) -> Problem:
    """A batch's problem (``columns.q1[3]``) named by the query's column and row."""
    m = _PATH.fullmatch(problem.path)
    if m is None:
        return problem
    row = int(m[5])
    if m[2] is not None:
        name = column_of.get(("values", m[2]), m[2])
    elif m[3] is not None:
        name = column_of.get(("platform", m[3]), PLATFORM_PREFIX + m[3])
    elif m[4] is not None:
        name = column_of.get(("texts", m[4]), TEXT_PREFIX + m[4])
    else:
        name = column_of.get((m[1], m[1]), m[1])
    message = problem.message
    if m[2] is None and m[3] is None and m[4] is None and row < n:
        message = f"{message} ({where(row)})"
    return Problem(f"query row {row + 1} column {name!r}", message)


# -- writing results --------------------------------------------------------------------------


def paramstyle_of(connection: Any) -> str:
    """The placeholder style of the driver module `connection` comes from (PEP 249)."""
    _connection(connection, "paramstyle_of")
    module = sys.modules.get(type(connection).__module__.split(".")[0])
    style = getattr(module, "paramstyle", None)
    if style not in ("qmark", "numeric", "named", "format", "pyformat"):
        msg = (
            f"cannot tell the placeholder style of {type(connection).__module__} connections; "
            "pass paramstyle='qmark', 'numeric', 'named', 'format' or 'pyformat'"
        )
        raise InputError(msg)
    return str(style)


def _placeholders(style: str, names: Sequence[str]) -> str:
    if style == "qmark":
        return ", ".join("?" for _ in names)
    if style == "numeric":
        return ", ".join(f":{k + 1}" for k in range(len(names)))
    if style == "named":
        return ", ".join(f":{n}" for n in names)
    if style == "format":
        return ", ".join("%s" for _ in names)
    return ", ".join(f"%({n})s" for n in names)


@argument('results', Results, "Results (from courtinfo.evaluate)")
def result_rows(results: Results) -> Iterable[tuple[Any, ...]]:
    """The results as rows of `RECORD_COLUMNS` (as the CSV export writes them)."""
    for rec in results.to_records():
        yield tuple(rec[c] for c in RECORD_COLUMNS)


@argument('results', Results, "Results (from courtinfo.evaluate)")
def to_sql(
    results: Results,
    connection: Any,
    table: str,
    *,
    create: bool = True,
    paramstyle: str | None = None,
    batch_rows: int = 1_000,
) -> int:
    """Write `results` into `table`, one row per court, department, period and indicator.

    The columns are those of the CSV export (`RECORD_COLUMNS`); with `create` the table is
    created if it does not exist. Every row is written in one transaction, committed at the
    end: if anything fails (a constraint, the disk, a dropped connection) it is rolled back,
    the table is left as it was and a `DatabaseError` says why. Placeholders follow the
    driver's `paramstyle` unless one is given. Returns the number of rows written.
    """
    names = list(RECORD_COLUMNS)
    types = [_SQL_TYPES.get(c, "TEXT") for c in names]
    rows = list(result_rows(results))
    return _write(connection, table, names, types, rows, create, paramstyle, batch_rows, "to_sql")


def dataset_to_sql(
    dataset: Dataset,
    connection: Any,
    table: str,
    *,
    create: bool = True,
    paramstyle: str | None = None,
    batch_rows: int = 1_000,
) -> int:
    """Write the snapshots of `dataset` into `table` laid out as the wide CSV: one row a
    snapshot, columns court, department, period and one per input (``platform:``/``text:``
    columns named so), in one transaction as `to_sql` does; `from_query` reads it back.

    Whole-number columns are BIGINT, other numbers DOUBLE PRECISION, and columns of 是/否,
    option sets (``{A,C}``) and texts TEXT, written as in CSV cells. Returns the rows written.
    """
    if not isinstance(dataset, Dataset):
        raise InputError(wrong_type("dataset_to_sql: dataset", "a Dataset", dataset))
    names, cells = wide_layout(dataset, "SQL")
    columns = list(zip(*cells, strict=True)) if cells else [() for _ in names]
    types = ["TEXT"] * len(LABEL_COLUMNS) + [_column_type(c) for c in columns[len(LABEL_COLUMNS) :]]
    rows = [
        tuple(
            v
            if v is None or (isinstance(v, (int, float, str)) and not isinstance(v, bool))
            else format_cell(v)
            for v in row
        )
        for row in cells
    ]
    return _write(
        connection, table, names, types, rows, create, paramstyle, batch_rows, "dataset_to_sql"
    )


def _column_type(cells: Sequence[Any]) -> str:
    given = [c for c in cells if c is not None]
    if given and all(isinstance(c, int) and not isinstance(c, bool) for c in given):
        return "BIGINT"
    if all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in given):
        return "DOUBLE PRECISION"
    return "TEXT"


def _write(
    connection: Any,
    table: str,
    names: Sequence[str],
    types: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    create: bool,
    paramstyle: str | None,
    batch_rows: int,
    function: str,
) -> int:
    """Insert `rows` into `table` in one transaction (creating it first with `create`)."""
    if not isinstance(table, str) or not _IDENTIFIER.fullmatch(table):
        msg = f"{function}: table {shown(table)} is not a plain SQL name (letters, digits, _; schema.table)"
        raise InputError(msg)
    style = paramstyle or paramstyle_of(connection)
    quoted = ".".join(f'"{part}"' for part in table.split("."))
    keys = [f"c{k}" for k in range(len(names))] if style in ("named", "pyformat") else names
    create_sql = (
        f"CREATE TABLE IF NOT EXISTS {quoted} ("
        + ", ".join(f'"{c}" {t}' for c, t in zip(names, types, strict=True))
        + ")"
    )
    insert_sql = (
        f"INSERT INTO {quoted} ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in names)}) "
        f"VALUES ({_placeholders(style, keys)})"
    )
    params: list[Any] = (
        [dict(zip(keys, r, strict=True)) for r in rows]
        if style in ("named", "pyformat")
        else list(rows)
    )
    cursor = connection.cursor()
    written = 0
    try:
        _begin(connection, cursor)
        if create:
            cursor.execute(create_sql)
        for start in range(0, len(params), batch_rows):
            cursor.executemany(insert_sql, params[start : start + batch_rows])
            written += len(params[start : start + batch_rows])
        connection.commit()
    except Exception as exc:
        # A connection that is gone cannot roll back: the server drops the transaction.
        with contextlib.suppress(Exception):
            connection.rollback()
        msg = (
            f"{function}: writing table {table!r} failed "
            + (
                "while committing"
                if written == len(rows)
                else f"after {written} of {len(rows)} rows"
            )
            + " "
            f"({type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else exc!r}); "
            "the transaction was rolled back and the table is as it was"
        )
        raise DatabaseError(msg) from exc
    finally:
        with contextlib.suppress(Exception):  # a cursor of a dead connection
            cursor.close()
    return len(rows)


def _begin(connection: Any, cursor: Any) -> None:
    """Open a transaction where the driver would not: sqlite3 outside one (it would commit
    CREATE TABLE at once), and any connection in autocommit mode."""
    if isinstance(connection, sqlite3.Connection):
        if not connection.in_transaction:
            cursor.execute("BEGIN")
    elif getattr(connection, "autocommit", False) is True:
        cursor.execute("BEGIN")


# -- connecting by URL ------------------------------------------------------------------------


def connect(url: str) -> Any:
    """A DB-API connection for a database URL, as SQLAlchemy spells them, without SQLAlchemy.

    ``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db`` or a plain file path open
    an existing sqlite3 file; ``postgresql://user@host:port/db`` (also ``postgres://``,
    ``postgresql+psycopg://``) connects with psycopg (``pip install "courtinfo[sql]"``). For
    any other database, connect with its driver and call `from_query` on the connection.
    """
    if not isinstance(url, str) or not url:
        msg = f"connect: url must be a non-empty str, not {shown(url)}"
        raise InputError(msg)
    scheme, sep, rest = url.partition("://")
    if not sep:
        return _sqlite(Path(url), url)
    dialect = scheme.split("+")[0].lower()
    if dialect == "sqlite":
        if rest in ("", "/", "/:memory:"):
            return sqlite3.connect(":memory:")
        return _sqlite(Path(rest.removeprefix("/")), url)
    if dialect in ("postgresql", "postgres"):
        psycopg = optional_module("psycopg", f"{url}: connecting to PostgreSQL", InputError)
        try:
            return psycopg.connect("postgresql://" + rest)
        except psycopg.Error as exc:
            msg = f"{_safe(url)}: cannot connect ({str(exc).strip().splitlines()[0]})"
            raise DatabaseError(msg) from None
    msg = (
        f"{_safe(url)}: no built-in driver for {dialect!r} databases (sqlite, postgresql); "
        "connect with the database's own DB-API driver and call courtinfo.sources.from_query"
    )
    raise InputError(msg)


def _safe(url: str) -> str:
    """`url` without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def _sqlite(path: Path, given: str) -> sqlite3.Connection:
    if not path.is_file():
        msg = f"{given}: no such sqlite3 database file"
        raise InputError(msg)
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
    except sqlite3.Error as exc:
        msg = f"{given}: not a sqlite3 database ({exc})"
        raise InputError(msg) from None
    return conn
