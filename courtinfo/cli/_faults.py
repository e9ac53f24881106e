"""The command line under faults: input size limits, every problem of a bad file on request
(on stderr, or in a file), and standard output that is closed, full or a broken pipe."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import re
import sys
from typing import BinaryIO

from courtinfo.base import MAX_INPUT_BYTES, CourtinfoError, ValidationError
from courtinfo.io import write_text

#: The reader of standard output left before the report was written whole (`courtinfo ... |
#: head -c 1`): 128 + SIGPIPE, the status a shell gives a command that a broken pipe ends, so
#: a script running with `set -o pipefail` sees it as it sees any other command cut short.
EXIT_BROKEN_PIPE = 141

#: The exit statuses, as `courtinfo --help` lists them (README and docs/bad-input.md alike).
EXIT_STATUSES = """\
exit statuses:
  0    done (also when a reader takes part of a report the pipe held whole)
  1    a bug: one line 'courtinfo: internal error: ...' (COURTINFO_DEBUG=1: the traceback)
  2    bad input: a data or scheme file, an option, an input past --max-input-size
  3    --invalid flag flagged rows breaking a rule; the output is written whole
  71   out of memory
  74   the report cannot be written to standard output (closed, or a full disk)
  130  interrupted (Ctrl-C)
  141  the reader of standard output left before the report was written whole (broken pipe)
each ends with one line on stderr, never a traceback"""

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
    """--all-problems and --problems FILE, for a command that reads a data or scheme file."""
    parser.add_argument(
        "--all-problems",
        action="store_true",
        help="list every problem of a bad file or scheme on stderr, one a line, then their "
        "count (by default: the first and how many more)",
    )
    parser.add_argument(
        "--problems",
        metavar="FILE",
        help="also write every problem of a bad file or scheme to FILE: UTF-8, one a line "
        "with its place (FILE: $.path: message), written atomically; an empty FILE when "
        "the input had none",
    )


def every_problem(exc: BaseException | None, source: str | None) -> list[str] | None:
    """Every problem of the validation error in `exc` (or its `cause`), one a line with its
    source and place; None when there is no list of problems."""
    while exc is not None and not isinstance(exc, ValidationError):
        exc = getattr(exc, "cause", None)
    if exc is None or not exc.problems:
        return None
    where = exc.source or source
    head = f"{where}: " if where else ""
    title = f"{exc.title}: " if exc.title else ""
    return [f"{head}{title}{_flat(str(p))}" for p in exc.problems]


def problem_lines(exc: BaseException | None, source: str | None) -> list[str] | None:
    """Every problem of `exc` for --all-problems: one a line, then the count; None when there
    is no list of problems."""
    found = every_problem(exc, source)
    if found is None:
        return None
    n = len(found)
    return [f"courtinfo: error: {line}" for line in found] + [
        f"courtinfo: error: {n} problem{'s' if n != 1 else ''}"
    ]


def save_problems(path: str | None, problems: list[str]) -> None:
    """Write --problems FILE: `problems`, one a line (none: an empty file, so that a file
    left by an earlier run never stands for this one). A FILE that cannot be written gets
    its own line on stderr; the command's status stays what the input made it."""
    if path is None:
        return
    try:
        write_text(path, "".join(f"{line}\n" for line in problems))
    except CourtinfoError as exc:
        say(f"courtinfo: error: --problems {_flat(str(exc))}")


def _flat(text: str) -> str:
    return " ".join(ln.strip() for ln in text.splitlines() if ln.strip())


def say(line: str) -> None:
    """One line on stderr, if there is a stderr to write to."""
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            print(line, file=sys.stderr, flush=True)


class WholeWriter:
    """A binary file (standard output) to which every write is written whole or raises.

    CPython's buffered writer, when the reader of a pipe leaves while a large write waits,
    returns a short count and keeps the broken pipe to itself, and a text stream ignores the
    count: a report cut short by `| head -c 1` would end with status 0. Writing the rest
    raises the BrokenPipeError."""

    def __init__(self, file: BinaryIO) -> None:
        self._file = file

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            n = self._file.write(view)
            if not n:
                raise BlockingIOError(errno.EAGAIN, "standard output took no bytes")
            view = view[n:]
        return len(data)

    def flush(self) -> None:
        self._file.flush()


def to_stdout(text: str, *, bom: bool = False) -> None:
    """`text` written whole to standard output (UTF-8 with a BOM for Excel when `bom`), or
    an OSError: BrokenPipeError for a reader that left, ENOSPC for /dev/full."""
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # a text-only stdout (an embedding program's): no short writes
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    sys.stdout.flush()
    encoding = "utf-8-sig" if bom else (sys.stdout.encoding or "utf-8")
    whole = WholeWriter(binary)
    whole.write(text.encode(encoding, sys.stdout.errors or "strict"))
    whole.flush()


def broken_pipe() -> int:
    """The end of a command whose reader left before the report was written whole: one line
    on stderr and `EXIT_BROKEN_PIPE`; stdout is silenced so the interpreter's last flush
    does not fail again."""
    silence_stdout()
    say("courtinfo: output closed early (broken pipe)")
    return EXIT_BROKEN_PIPE


def silence_stdout() -> None:
    """Point stdout at devnull, so that the interpreter's last flush has nothing to fail on."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
