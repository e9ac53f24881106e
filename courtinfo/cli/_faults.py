"""The command line under faults: input size limits, every problem of a bad file on request,
and standard output that is closed, full or a broken pipe."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys

from courtinfo.base import MAX_INPUT_BYTES, ValidationError

_SIZE = re.compile(r"(\d+)\s*(?:([KMGT])(?:i?B)?|B)?", re.IGNORECASE)
_SHIFT = {None: 0, "K": 10, "M": 20, "G": 30, "T": 40}


def size(text: str) -> int:
    """A size in bytes: 5000, 64K, 10M, 2G (powers of 1024; KB, MiB and the like too)."""
    m = _SIZE.fullmatch(text.strip())
    if m is None or int(m[1]) < 1:
        msg = f"expected a size such as 5000, 64K, 10M or 2G, not {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(m[1]) << _SHIFT[m[2].upper() if m[2] else None]


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """--max-input-size and --all-problems, for a command that reads a data file."""
    parser.add_argument(
        "--max-input-size",
        type=size,
        default=MAX_INPUT_BYTES,
        metavar="SIZE",
        help="refuse an input (FILE, standard input, --query) larger than SIZE: 5000 (bytes), "
        "64K, 10M, 2G (default 1G); an endless one (/dev/zero) is refused one byte past it",
    )
    add_all_problems(parser)


def add_all_problems(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--all-problems",
        action="store_true",
        help="list every problem of a bad file or scheme on stderr, one a line, then their "
        "count (by default: the first and how many more)",
    )


def problem_lines(exc: BaseException | None, source: str | None) -> list[str] | None:
    """Every problem of the validation error in `exc` (or its `cause`), one a line and then
    the count, for --all-problems; None when there is no list of problems."""
    while exc is not None and not isinstance(exc, ValidationError):
        exc = getattr(exc, "cause", None)
    if exc is None or not exc.problems:
        return None
    where = exc.source or source
    head = f"{where}: " if where else ""
    title = f"{exc.title}: " if exc.title else ""
    lines = [f"courtinfo: error: {head}{title}{_flat(str(p))}" for p in exc.problems]
    n = len(exc.problems)
    lines.append(f"courtinfo: error: {n} problem{'s' if n != 1 else ''}")
    return lines


def _flat(text: str) -> str:
    return " ".join(ln.strip() for ln in text.splitlines() if ln.strip())


def say(line: str) -> None:
    """One line on stderr, if there is a stderr to write to."""
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            print(line, file=sys.stderr, flush=True)


def silence_stdout() -> None:
    """Point stdout at devnull, so that the interpreter's last flush has nothing to fail on."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
