"""`courtinfo check FILE`: every problem of a scheme file, with the messages loading gives."""

from __future__ import annotations

import argparse
from typing import Any

from courtinfo.base import SchemeError, ValidationError
from courtinfo.indicators import load_scheme


def add_check(sub: Any) -> None:
    """Add the `check` command to the subcommands `sub`."""
    check = sub.add_parser("check", help="check a scheme file and list every problem")
    check.add_argument("file", metavar="FILE", help="a scheme file (.toml or .json)")
    check.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> tuple[str, int]:
    """The report on `args.file` and the exit status: 0 when sound, 2 with its problems."""
    try:
        scheme = load_scheme(args.file)
    except ValidationError as exc:
        head = f"{exc.source}: " if exc.source else ""
        lines = [f"{head}{p}" for p in exc.problems]
        count = len(lines)
        lines.append(f"{count} problem{'s' if count != 1 else ''} in {args.file}")
        return "\n".join(lines) + "\n", 2
    except SchemeError as exc:
        return f"{exc}\n1 problem in {args.file}\n", 2
    counts = f"{len(scheme.indicators)} indicators, {len(scheme.inputs)} inputs"
    return f"{args.file}: scheme {scheme.code!r} is sound ({counts})\n", 0
