"""Wide CSV datasets, one snapshot a row.

``court,department,period,<input>...,platform:<input>...,text:<input>...``; an empty cell is a
value not provided. ``text:`` columns hold free-text answers (`MetricSnapshot.texts`) exactly
as written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from courtinfo.base import InputError, argument, wrong_type
from courtinfo.data import (
    LABEL_COLUMNS,
    PLATFORM_PREFIX,
    TEXT_PREFIX,
    BoolArray,
    Dataset,
    FloatArray,
    IntArray,
    Value,
    ValueKind,
)
from courtinfo.indicators import Scheme
from courtinfo.io._common import text_argument
from courtinfo.io._table import (
    NOTES_ROW,
    _dataset_by_rows,
    _header,
    _table_columns,
    csv_places,
    dataset_from_table,
)

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
    if not isinstance(value, (frozenset, set)) or not all(isinstance(v, str) for v in value):
        expected = "a value (a number, True/False, a set of option letters) or None"
        raise InputError(wrong_type("format_cell: value", expected, value))
    return "{" + ",".join(sorted(value)) + "}"


#: The most characters a number cell read by byte position may have: fifteen digits stay
#: below 2**53, so float64 holds the digits exactly and one division by a power of ten
#: rounds as `float` does; longer cells (and signs, exponents, spaces) are read as text.
_MOST_CHARS = 15
_NEWLINE, _COMMA, _ZERO, _POINT = 10, 44, 48, 46
_POWERS = 10.0 ** np.arange(_MOST_CHARS + 1)

#: A column read by `_Grid.numbers`: floats (NaN: empty), kind, whole cells of measures.
Numbers = tuple[FloatArray, ValueKind, "BoolArray | None"]


class _Grid:
    """A CSV text that is a plain grid: no quotes, one record a line (LF or CRLF), every line
    holding as many cells as the header, no blank line. Its cells are found by byte position
    in one pass, and columns of plain numbers are read without making a str of each cell;
    anything else (quotes, blank lines, ragged rows, the form's notes row) is read by the
    csv module."""

    __slots__ = ("_buf", "_ends", "_raw", "_starts", "_words", "header", "rows")

    def __init__(self, raw: bytes, starts: IntArray, ends: IntArray) -> None:
        self._raw = raw
        self._buf = np.frombuffer(raw, dtype=np.uint8)
        # The eight bytes before each position as one little-endian word (zeros before the
        # text): a cell of up to eight characters is read in one step.
        padded = b"\0" * 8 + raw
        self._words: npt.NDArray[np.uint64] = np.ndarray(
            (len(raw) + 1,), dtype=np.dtype("<u8"), buffer=padded, strides=(1,)
        )
        self._starts, self._ends = starts, ends
        self.header = self._cells(starts[0], ends[0])
        self.rows = len(starts) - 1

    @classmethod
    def of(cls, text: str) -> _Grid | None:
        """The grid of `text`, or None when it is not a plain grid."""
        if '"' in text or "\x00" in text or NOTES_ROW in text:
            return None
        if "\r" in text:
            if text.count("\r") != text.count("\r\n"):
                return None
            text = text.replace("\r\n", "\n")
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: the csv module reads it
            return None
        if not raw.endswith(b"\n"):
            raw += b"\n"
        buf = np.frombuffer(raw, dtype=np.uint8)
        # No byte of a multi-byte UTF-8 character is a comma or a line feed.
        seps = np.flatnonzero((buf == _NEWLINE) | (buf == _COMMA))
        line_ends = np.flatnonzero(buf[seps] == _NEWLINE)
        width = int(line_ends[0]) + 1 if len(line_ends) else 0
        lines = len(line_ends)
        if width < 2 or lines < 2 or len(seps) != lines * width:
            return None
        if not np.array_equal(line_ends, np.arange(width - 1, len(seps), width)):
            return None
        starts = np.empty_like(seps)
        starts[0] = 0
        starts[1:] = seps[:-1] + 1
        if int((seps - starts).max()) > csv.field_size_limit():
            return None  # the csv module refuses it, and says why
        grid = cls(raw, starts.reshape(lines, width), seps.reshape(lines, width))
        if not any(c.strip() for c in grid.header):
            return None  # a blank first line is skipped, the header comes after
        return grid

    def _cells(self, starts: IntArray, ends: IntArray) -> list[str]:
        raw = self._raw
        cells = [raw[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
        # Labels repeat: each distinct cell is decoded once.
        text = {c: c.decode("utf-8") for c in set(cells)}
        return list(map(text.__getitem__, cells))

    def distinct(self, k: int) -> tuple[list[str], IntArray]:
        """The distinct texts of column `k`'s data cells and each cell's position among them.

        Cells of up to 32 bytes are told apart by their bytes, four words at most, without
        making a str of each; only the distinct ones are decoded.
        """
        starts, ends = self._starts[1:, k], self._ends[1:, k]
        length = ends - starts
        longest = int(length.max(initial=0))
        if longest > 32:
            cells = self.cells(k)
            distinct = list(set(cells))
            at = {c: i for i, c in enumerate(distinct)}
            return distinct, np.fromiter(map(at.__getitem__, cells), np.int64, len(cells))
        # A cell holds no NUL, so its bytes, zeros after them, tell it from every other.
        words = [
            self._words[ends - 8 * i] & _KEEP[np.clip(length - 8 * i, 0, 8)]
            for i in range(max(1, -(-longest // 8)))
        ]
        keys = words[0] if len(words) == 1 else np.stack(words, axis=1)
        if len(words) > 1:
            keys = np.ascontiguousarray(keys).view(np.dtype((np.void, 8 * len(words)))).ravel()
        _, first, index = np.unique(keys, return_index=True, return_inverse=True)
        raw = self._raw
        distinct = [
            raw[s:e].decode("utf-8")
            for s, e in zip(starts[first].tolist(), ends[first].tolist(), strict=True)
        ]
        return distinct, index.reshape(-1).astype(np.int64, copy=False)

    def cells(self, k: int) -> list[str]:
        """The texts of column `k`'s data cells."""
        return self._cells(self._starts[1:, k], self._ends[1:, k])

    def numbers(self, columns: list[int]) -> dict[int, Numbers]:
        """The columns (by position) whose cells are all empty or plain numbers (digits with
        at most one decimal point, fifteen characters at most), one at least given; each as
        `_numbers` reads it from its texts. The others are left out."""
        ends = self._ends[1:, columns]
        length = ends - self._starts[1:, columns]
        longest = length.max(axis=0, initial=0)
        wanted = (longest > 0) & (longest <= _MOST_CHARS)
        if not wanted.any():
            return {}
        columns = [k for k, w in zip(columns, wanted.tolist(), strict=True) if w]
        n = self.rows
        # Column after column, so that each column's cells are one slice.
        ends, length = ends[:, wanted].T.ravel(), length[:, wanted].T.ravel()
        values, pointed, bad = _read_numbers(self._words, self._buf, ends, length, len(columns))
        given = length > 0
        values[~given] = np.nan
        out: dict[int, Numbers] = {}
        for c, k in enumerate(columns):
            if bad[c]:
                continue
            cells = slice(c * n, (c + 1) * n)
            if not pointed[cells].any():
                out[k] = (values[cells], ValueKind.COUNT, None)
            else:
                whole = given[cells] & ~pointed[cells]
                out[k] = (values[cells], ValueKind.MEASURE, whole if whole.any() else None)
        return out


def _lanes(byte: int) -> int:
    """`byte` in each of the eight bytes of a 64-bit word."""
    return int.from_bytes(bytes([byte]) * 8, "little")


#: Per cell length 0-8, the bytes of a little-endian word ending at the cell's end that are
#: the cell's (the high ones), and '0', 0xF0 and 6 in those bytes.
_KEEP = np.array([0] + [(1 << 64) - (1 << 8 * (8 - n)) for n in range(1, 9)], dtype=np.uint64)
_ZEROS, _HIGH, _SIX = (_KEEP & np.uint64(_lanes(b)) for b in (0x30, 0xF0, 0x06))


def _read_numbers(
    words: npt.NDArray[np.uint64], buf: npt.NDArray[np.uint8], ends: IntArray, length: IntArray, width: int
) -> tuple[FloatArray, BoolArray, BoolArray]:
    """The numbers of cells (by end and length) that are plain numbers, column after column
    (`width` columns); which were written with a decimal point; which columns hold a cell
    that is not a plain number.

    Cells of up to eight digits are read eight bytes at once (`words[end]`: the eight bytes
    before `end`) and turned into their number with three multiplications; the others
    (a decimal point, more digits) one character position at a time.
    """
    short = np.minimum(length, 8)
    keep = _KEEP[short]
    x = words[ends] & keep
    zeros, high = _ZEROS[short], _HIGH[short]
    # Every kept byte is 0x30-0x39: its high half is 3, also after adding 6.
    digits_only = ((x & high) == zeros) & (((x + _SIX[short]) & high) == zeros) & (length <= 8)
    x -= zeros  # digit values; bytes before the cell are 0, leading zeros
    x = ((x & np.uint64(_lanes(0x0F))) * np.uint64(10 * 2**8 + 1)) >> np.uint64(8)
    x = ((x & np.uint64(0x00FF00FF00FF00FF)) * np.uint64(100 * 2**16 + 1)) >> np.uint64(16)
    x = ((x & np.uint64(0x0000FFFF0000FFFF)) * np.uint64(10000 * 2**32 + 1)) >> np.uint64(32)
    values = x.astype(np.float64)
    pointed = np.zeros(len(ends), dtype=bool)
    bad = np.zeros(width, dtype=bool)
    rest = np.flatnonzero(~digits_only)
    if not len(rest):
        return values, pointed, bad
    per_column = len(ends) // width
    r_ends, r_length = ends[rest], length[rest]
    number = np.zeros(len(rest))
    point_at = np.full(len(rest), -1, dtype=np.int64)  # digits right of the point
    cells = np.arange(len(rest))
    for j in range(int(r_length.max())):  # the j-th character from the right
        if j:
            cells = cells[r_length[cells] > j]
        found = buf[r_ends[cells] - (j + 1)] - np.uint8(_ZERO)
        is_digit = found <= 9
        place = j - (point_at[cells] >= 0)
        if not is_digit.all():
            other = cells[~is_digit]
            dot = found[~is_digit] == np.uint8(_POINT - _ZERO + 256)
            bad[rest[other[~dot]] // per_column] = True
            dots = other[dot]
            twice = (point_at[dots] >= 0) | (r_length[dots] == 1)
            bad[rest[dots[twice]] // per_column] = True
            point_at[dots] = j
        number[cells[is_digit]] += found[is_digit] * _POWERS[place[is_digit]]
    has_point = point_at >= 0
    number[has_point] /= _POWERS[point_at[has_point]]
    values[rest] = number
    pointed[rest] = has_point
    return values, pointed, bad


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
    grid = _Grid.of(text.removeprefix("\ufeff"))
    if grid is not None:
        place = csv_places(source, grid.header)
        columns = _header(grid.header, 1, place, source, scheme)
        fast = _table_columns(columns, grid.rows, grid.cells, grid.numbers, grid.distinct)
        if fast is not None:
            return fast
        # Something needs a word: the rows read one cell at a time word every problem.
        body = list(_records(text, source))[1:]
        signed = scheme.signed_inputs if scheme is not None else frozenset()
        return _dataset_by_rows(columns, body, source, place, signed)
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


@argument("dataset", Dataset, "a Dataset")
def dataset_to_csv(dataset: Dataset) -> str:
    """The snapshots of `dataset` as wide CSV (courts and departments are not written)."""
    header, rows = wide_layout(dataset, "CSV")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(c if isinstance(c, str) else format_cell(c) for c in row)
    return out.getvalue()
