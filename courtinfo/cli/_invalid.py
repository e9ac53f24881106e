"""`--invalid flag` of the commands that evaluate: rows breaking a rule flagged, not fatal.

By default (`--invalid raise`) one row whose inputs break a rule (a numerator above its
denominator) fails the command with status 2, nothing written. With `--invalid flag` the
rows are flagged (`Status.INVALID`, see `evaluate`), the output is written whole, one line on
stderr counts them, and the command exits with `EXIT_INVALID_ROWS`, so that scripts notice.
"""

from __future__ import annotations

import argparse

from courtinfo.evaluation import INVALID_POLICIES, InvalidRow

#: The output was written, but some rows broke a rule and were flagged (`--invalid flag`).
EXIT_INVALID_ROWS = 3


def add_invalid_option(parser: argparse.ArgumentParser) -> None:
    """`--invalid raise|flag` on a command that evaluates."""
    parser.add_argument(
        "--invalid",
        choices=INVALID_POLICIES,
        default="raise",
        help="what a row breaking a rule (a numerator above its denominator) does: raise "
        "(the default: the command fails, nothing is written) or flag (the row is marked "
        f"INVALID, left out of sums, rankings and averages; exit status {EXIT_INVALID_ROWS})",
    )


def invalid_warning(source: str | None, invalid: tuple[InvalidRow, ...]) -> str:
    """The one stderr line for rows flagged: how many, and the first."""
    rows = {(e.court, e.department, e.period) for e in invalid}
    first = invalid[0]
    where = f"court {first.court!r}" + (
        f", department {first.department!r}" if first.department else ""
    )
    head = f"{source}: " if source else ""
    return (
        f"courtinfo: warning: {head}{len(rows)} row{'s' if len(rows) != 1 else ''} invalid, "
        f"flagged and left out of sums, rankings and averages; first: {where}, period "
        f"{first.period}, indicator {first.indicator}: {first.reason}"
    )
