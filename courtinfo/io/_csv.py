"""Wide CSV datasets, one snapshot a row.

``court,department,period,<input>...,platform:<input>...,text:<input>...``; an empty cell is a
value not provided. ``text:`` columns hold free-text answers (`MetricSnapshot.texts`) exactly
as written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from courtinfo.base import InputError
from courtinfo.data import LABEL_COLUMNS, PLATFORM_PREFIX, TEXT_PREFIX, Dataset, Value
from courtinfo.indicators import Scheme
from courtinfo.io._common import text_argument
from courtinfo.io._table import dataset_from_table

# -- CSV -----------------------------------------------------------------------------------


def format_cell(value: Value | None) -> str:
    """How a value is written in a CSV cell; exact, so that `parse_cell` gives it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return "{" + ",".join(sorted(value)) + "}"


def _records(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each non-blank CSV record."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if any(c.strip() for c in cells):
                yield start, cells
    except csv.Error as exc:
        msg = f"{source}:{reader.line_num}: {exc}"
        raise InputError(msg) from None


def dataset_from_csv(
    text: str, source: str = "<string>", *, scheme: Scheme | None = None
) -> Dataset:
    """The snapshots a wide CSV text holds; every cell problem is reported at once, by line.

    With `scheme`, headers may be the inputs' Chinese labels (see `form_header`).
    """
    text = text_argument(text, "dataset_from_csv")
    records = _records(text, source)
    first = next(records, None)
    if first is None:
        msg = f"{source}: no header row; expected {','.join(LABEL_COLUMNS)},<input>..."
        raise InputError(msg)
    return dataset_from_table(first[1], list(records), source, header_line=first[0], scheme=scheme)


def wide_layout(dataset: Dataset, what: str) -> tuple[list[str], list[list[Value | str | None]]]:
    """The header and the rows of `dataset` laid out as the wide CSV (and xlsx) file holds them:
    labels, then own values, ``platform:`` and ``text:`` columns; None is a cell left empty."""
    snaps = dataset.snapshots
    own = sorted({k for s in snaps for k in s.values})
    plat = sorted({k for s in snaps for k in s.platform_values})
    texts = sorted({k for s in snaps for k in s.texts})
    bad = [n for n in own if n in LABEL_COLUMNS or n.startswith((PLATFORM_PREFIX, TEXT_PREFIX))]
    bad += [n for n in own + plat + texts if not n or n != n.strip()]
    if bad:
        names = ", ".join(repr(n) for n in sorted(set(bad)))
        msg = f"inputs {names} cannot be {what} column names"
        raise InputError(msg)
    header = [
        *LABEL_COLUMNS,
        *own,
        *(PLATFORM_PREFIX + n for n in plat),
        *(TEXT_PREFIX + n for n in texts),
    ]
    rows: list[list[Value | str | None]] = [
        [
            s.court,
            s.department,
            str(s.period),
            *(s.values.get(n) for n in own),
            *(s.platform_values.get(n) for n in plat),
            *(s.texts.get(n) for n in texts),
        ]
        for s in snaps
    ]
    return header, rows


def dataset_to_csv(dataset: Dataset) -> str:
    """The snapshots of `dataset` as wide CSV (courts and departments are not written)."""
    header, rows = wide_layout(dataset, "CSV")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(c if isinstance(c, str) else format_cell(c) for c in row)
    return out.getvalue()
