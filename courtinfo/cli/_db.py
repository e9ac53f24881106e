"""`courtinfo evaluate --db URL --query FILE.sql`: snapshots read from a database."""

from __future__ import annotations

import argparse

from courtinfo.base import MAX_INPUT_BYTES, CourtinfoError, InputError
from courtinfo.data import SnapshotBatch
from courtinfo.indicators import Scheme
from courtinfo.io import read_input
from courtinfo.sources import connect, from_query


class SourceError(Exception):
    """A one-line error about --db or --query, for stderr."""


def add_db_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reading from a database instead of FILE")
    group.add_argument(
        "--db",
        metavar="URL",
        help="postgresql://user@host/db (needs courtinfo[sql]), sqlite:///path.db or a sqlite file",
    )
    group.add_argument(
        "--query",
        metavar="FILE.sql",
        help="a SELECT returning court, department, period and one column per input "
        "(input ids or the scheme's Chinese labels)",
    )


def source_of(args: argparse.Namespace) -> str | None:
    """The database URL when --db is given; checks FILE, --db and --query go together."""
    if args.db is None and args.query is None:
        if args.file is None:
            msg = "the following arguments are required: FILE (or --db URL and --query FILE.sql)"
            raise SourceError(msg)
        return None
    if args.file is not None:
        raise SourceError("give either FILE or --db/--query, not both")
    if args.db is None or args.query is None:
        missing = "--query FILE.sql" if args.query is None else "--db URL"
        raise SourceError(f"--db and --query go together: {missing} is missing")
    return str(args.db)


def read_db(
    url: str, query_file: str, scheme: Scheme, *, max_bytes: int = MAX_INPUT_BYTES
) -> SnapshotBatch:
    """The snapshots the query in `query_file` returns from the database at `url`."""
    try:
        sql = read_input(query_file, max_bytes=max_bytes).decode("utf-8")
    except InputError as exc:
        raise SourceError(f"--query {exc}") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"--query {query_file}: cannot read it ({exc})") from None
    try:
        conn = connect(url)
    except CourtinfoError as exc:
        raise SourceError(f"--db {exc}") from None
    try:
        return from_query(conn, sql.strip().rstrip(";"), scheme=scheme)
    except CourtinfoError as exc:
        raise SourceError(f"{query_file}: {exc}".splitlines()[0] + _more(exc)) from None
    except Exception as exc:  # the driver's own errors: bad SQL, missing tables
        msg = f"{query_file}: the database refused the query ({type(exc).__name__}: {exc})"
        raise SourceError(msg.splitlines()[0]) from None
    finally:
        conn.close()


def _more(exc: CourtinfoError) -> str:
    problems = getattr(exc, "problems", ())
    return f" (+{len(problems) - 1} more problems)" if len(problems) > 1 else ""
