"""Where court data come from besides files: SQL databases through DB-API 2.0 connections.

    from courtinfo.sources import from_query, to_sql
    batch = from_query(conn, "SELECT court, department, period, q6_1 FROM weekly WHERE period = ?",
                       ["2022-W21"], scheme=scheme)

`from_query` reads a query into a `SnapshotBatch`; `to_sql` writes results and `dataset_to_sql`
counts, each in one transaction;
`connect` opens a database by URL (sqlite3 files, PostgreSQL with the ``sql`` extra).
"""

from courtinfo.io import (
    DatabaseError,
    connect,
    dataset_to_sql,
    from_query,
    paramstyle_of,
    to_sql,
)

__all__ = [
    "DatabaseError",
    "connect",
    "dataset_to_sql",
    "from_query",
    "paramstyle_of",
    "to_sql",
]
