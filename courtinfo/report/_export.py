"""Export of results: a tidy pandas DataFrame, records, CSV and JSON, all from columns.

Tidy means one row per court, department, period and indicator, batch rows in order and
indicators in scheme order within each (the order of `Results.rows()`). Every export has the
fields of `ResultRow.to_dict` (`COLUMNS`). The DataFrame is data for analysis: values and
points are unrounded there; records, CSV and JSON are presentation and round points half up
to 4 places. CSV and JSON text is built column by column (one text per distinct label,
target or reason), exactly as `render_csv` and `render_json` write the records.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import numpy as np

from courtinfo.base import InputError, argument, dense_codes, optional_module, round_half_up
from courtinfo.evaluation import RECORD_COLUMNS, Results
from courtinfo.formulas import Status
from courtinfo.indicators import Indicator

if TYPE_CHECKING:
    import pandas as pd

#: The columns of `to_dataframe`, `to_csv` and the keys of `to_records`, in order.
COLUMNS = RECORD_COLUMNS

_MISSING_CODE = {s: s.missing_code for s in Status}


@argument('results', Results, "Results (from courtinfo.evaluate)")
def to_records(results: Results) -> list[dict[str, Any]]:
    """Every result as plain JSON-ready data (see `ResultRow.to_dict`)."""
    return results.to_records()


# -- text, column by column ------------------------------------------------------------

#: Batch rows whose distinct texts are worked out together: a national week is one block.
BLOCK_ROWS = 131072
#: Batch rows written at a time (about 300 KB of CSV): the pieces of a chunk, their list and
#: the buffer records `bytes.join` sets up for them stay in the cache.
CHUNK_ROWS = 128


def _csv_cell(x: object) -> str:
    """A value as `render_csv` writes it: '' for None, repr for floats, quoted when needed."""
    if x is None:
        return ""
    if isinstance(x, float):
        return repr(x)
    if isinstance(x, str) and x.isprintable() and x and "," not in x and '"' not in x:
        return x  # nothing the csv module quotes (a court's code or name): as it is
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([x, ""])
    return out.getvalue()[:-2]


def _json_cell(x: object) -> str:
    return json.dumps(x, ensure_ascii=False, allow_nan=False)


_NAN_BITS = np.array([np.nan]).view(np.int64)[0]


def _float_texts(
    values: np.ndarray, none: str, rounded: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Each float's text as its own repr gives it (`none` for NaN), as UTF-8: one text per
    distinct bit pattern (so -0.0 keeps its sign) and each value's position among them.
    Points are rounded half up first, as `ResultRow.to_dict` does."""
    distinct, inverse = np.unique(_bits(values), return_inverse=True)
    floats = distinct.view(np.float64).tolist()
    if rounded:
        floats = [round_half_up(x) for x in floats]
    shown = list(map(repr, floats))
    if floats and floats[-1] != floats[-1]:  # NaN, the largest bit pattern, comes last
        shown[-1] = none
    # One join, one encode and one split: no Python step per text. No repr has a newline.
    texts = "\n".join(shown).encode().split(b"\n") if shown else []
    return _objects(texts), inverse.reshape(-1)


#: Put between the lines of a table joined at once, then split on; where a text holds it
#: (it never does in practice: a NUL byte), the lines are joined one by one instead.
_SEP = b"\0"


def _joined(columns: list[np.ndarray | bytes], n: int) -> list[bytes]:
    """`n` texts, each the texts of one row of `columns` (arrays of `n` bytes objects, or one
    bytes object for every row) joined: all in one join and one split, with no Python step
    per text."""
    parts = np.empty((n, len(columns) + 1), dtype=object)
    for j, column in enumerate([*columns, _SEP]):
        parts[:, j] = column
    lines = b"".join(parts.reshape(-1).tolist()).split(_SEP)
    if len(lines) != n + 1:  # a text holds the separator
        return [b"".join(row[:-1]) for row in parts.tolist()]
    lines.pop()
    return lines


class _Layout:
    """Where the texts of one format go. A result line is the row's labels (court,
    department, period), then the indicator's head, the value, the middle (missing, reason,
    target, comparator, in_principle, target_status, target_met), gap, points and the
    indicator's tail; `value_end` and `gap_end` follow the value and the gap."""

    def __init__(self, cell: Callable[[object], str], none: str) -> None:
        self.cell = cell
        self.none = none

    def labels(self) -> tuple[str, str, str]:
        """The frames of the row's court, department and period ('{}' for the text)."""
        raise NotImplementedError

    def head(self, ind: Indicator) -> str:
        raise NotImplementedError

    def mid(self, cells: list[str], met: str) -> str:
        raise NotImplementedError

    value_end = gap_end = ""

    def tail(self, ind: Indicator) -> str:
        raise NotImplementedError


class _CsvLayout(_Layout):
    value_end = gap_end = ","

    def __init__(self) -> None:
        super().__init__(_csv_cell, "")

    def labels(self) -> tuple[str, str, str]:
        return "{},", "{},", "{},"

    def head(self, ind: Indicator) -> str:
        return ",".join(map(_csv_cell, (ind.code, ind.number, ind.name_zh, ind.unit.value))) + ","

    def mid(self, cells: list[str], met: str) -> str:
        return ",".join([*cells, met]) + ","

    def tail(self, ind: Indicator) -> str:
        return f",{_csv_cell(ind.max_points)}\n"


_MID_KEYS = ("missing", "reason", "target", "comparator", "in_principle", "target_status")


class _JsonLayout(_Layout):
    value_end = ",\n"
    gap_end = ',\n    "points": '

    def __init__(self) -> None:
        super().__init__(_json_cell, "null")

    def labels(self) -> tuple[str, str, str]:
        return '  {{\n    "court": {},\n', '    "department": {},\n', '    "period": {},\n'

    def head(self, ind: Indicator) -> str:
        fields = (
            ("indicator", ind.code),
            ("number", ind.number),
            ("name_zh", ind.name_zh),
            ("unit", ind.unit.value),
        )
        return "".join(f'    "{k}": {_json_cell(v)},\n' for k, v in fields) + '    "value": '

    def mid(self, cells: list[str], met: str) -> str:
        shown = "".join(f'    "{k}": {t},\n' for k, t in zip(_MID_KEYS, cells, strict=True))
        return f'{shown}    "target_met": {met},\n    "gap": '

    def tail(self, ind: Indicator) -> str:
        # Every record ends with the separator; the writer drops the last one.
        return f',\n    "max_points": {_json_cell(ind.max_points)}\n  }},\n'


class _Indicator:
    """The texts of one indicator that do not depend on the row, worked out once."""

    def __init__(self, results: Results, ind: Indicator, layout: _Layout) -> None:
        self.columns = results.columns(ind.code)
        self.which, self.reasons = results.reasons(ind.code)
        self.head = layout.head(ind)
        self.tail = layout.tail(ind)
        self.targets = len(ind.targets) + 1
        self.mids: dict[int, bytes] = {}
        self.indicator = ind

    def mid(self, key: int, layout: _Layout) -> bytes:
        """The text of missing … target_met for a key (reason, target position, met)."""
        found = self.mids.get(key)
        if found is None:
            cell = layout.cell
            rest, met = divmod(key, 3)
            reason, pos = divmod(rest, self.targets)
            status, text = self.reasons[reason]
            t = self.indicator.targets[pos - 1] if pos > 0 else None
            cells = [
                cell(_MISSING_CODE[status]),
                cell(text),
                cell(None if t is None else t.value),
                cell(None if t is None else t.comparator.value),
                cell(bool(t and t.in_principle)),
                cell(None if t is None else t.status.value),
            ]
            met_text = (cell(False), cell(True), layout.none)[met]
            found = self.mids[key] = layout.mid(cells, met_text).encode()
        return found

    def texts(self, rows: slice, layout: _Layout, table: list[bytes]) -> list[np.ndarray]:
        """Per piece after the row's labels, each row's position in `table`, the texts of
        `rows` added to it: one piece per line where gap and points follow from the value
        and the target (as they do), else one for the value, the middle, gap and points."""
        c = self.columns
        none = layout.none
        values, value_of = _float_texts(c.value[rows], none)
        met = np.where(np.isnan(c.met[rows]), 2, c.met[rows] == 1.0)
        key = (self.which[rows] * self.targets + (c.target[rows] + 1)) * 3 + met
        present, mid_of = dense_codes(key)  # few: reasons x targets x 3
        mids = _objects([self.mid(k, layout) for k in present.tolist()])
        nm = len(mids)
        combos, line_of = dense_codes(value_of * nm + mid_of)
        one = np.empty(len(combos), dtype=np.int64)
        one[line_of] = np.arange(len(line_of))  # a row of each (value, middle)
        gap = c.gap[rows]
        follows = _same_within(_bits(gap), one, line_of) and (
            c.points is None or _same_within(_bits(c.points[rows]), one, line_of)
        )
        head = self.head.encode()
        end = layout.value_end.encode()
        after = (layout.gap_end + (none + self.tail if c.points is None else "")).encode()
        if not follows:
            return self._pieces(rows, layout, table, [head, values, end], value_of, mids, mid_of)
        gaps, gap_of = _float_texts(gap[one], none)
        parts = [head, values[combos // nm], end, mids[combos % nm], gaps[gap_of], after]
        if c.points is not None:
            points, point_of = _float_texts(c.points[rows][one], none, rounded=True)
            parts += [points[point_of], self.tail.encode()]
        at = line_of + len(table)
        table += _joined(parts, len(combos))
        return [at]

    def _pieces(
        self,
        rows: slice,
        layout: _Layout,
        table: list[bytes],
        values: list[np.ndarray | bytes],
        value_of: np.ndarray,
        mids: np.ndarray,
        mid_of: np.ndarray,
    ) -> list[np.ndarray]:
        """The value (`values`: head, texts, end), the middle, gap and points as pieces of
        their own."""
        c = self.columns
        none = layout.none
        out = [value_of + len(table)]
        table += _joined(values, len(values[1]))
        out.append(mid_of + len(table))
        table += mids.tolist()
        after = (layout.gap_end + (none + self.tail if c.points is None else "")).encode()
        gaps, at = _float_texts(c.gap[rows], none)
        out.append(at + len(table))
        table += _joined([gaps, after], len(gaps))
        if c.points is not None:
            pts, at = _float_texts(c.points[rows], none, rounded=True)
            out.append(at + len(table))
            table += _joined([pts, self.tail.encode()], len(pts))
        return out


def _objects(items: list[bytes]) -> np.ndarray:
    """`items` as a numpy array of objects (np.array would make fixed-width bytes)."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _bits(values: np.ndarray) -> np.ndarray:
    """The bit patterns of floats, every NaN as one: equal exactly where repr is equal."""
    bits = np.ascontiguousarray(values, dtype=np.float64).view(np.int64)
    return np.where(np.isnan(values), _NAN_BITS, bits)


def _same_within(bits: np.ndarray, one: np.ndarray, group: np.ndarray) -> bool:
    """Whether every row has the bits of the row `one` of its group."""
    return bool(np.array_equal(bits[one][group], bits))


def _chunks(results: Results, layout: _Layout) -> Iterator[bytes]:
    """The result lines of `results` in `layout`, as UTF-8 text a chunk of rows at a time.

    Each distinct text (a label, a value, a reason with its target) is formatted once per
    block of rows; a chunk is then the pieces of its lines gathered by position from the
    block's table of texts and joined, without a Python step per line.
    """
    b = results.batch
    inds = [_Indicator(results, ind, layout) for ind in results.scheme.indicators]
    if not inds:
        return
    cell = layout.cell
    frames = layout.labels()
    labels = [
        _objects([frame.format(cell(x)).encode() for x in xs] or [b""])
        for frame, xs in zip(
            frames, (b.courts, [d or None for d in b.departments], map(str, b.periods)), strict=True
        )
    ]
    for lo in range(0, len(b), BLOCK_ROWS):
        rows = slice(lo, min(lo + BLOCK_ROWS, len(b)))
        m = rows.stop - rows.start
        courts, departments, periods = labels
        table = _joined(
            [
                courts[b.court_index[rows]],
                departments[b.department_index[rows]],
                periods[b.period_index[rows]],
            ],
            m,
        )
        first = np.arange(m)
        columns = []
        for one in inds:
            columns.append(first)  # the row's labels begin each of its lines
            columns += one.texts(rows, layout, table)
        # A row of positions per piece: a chunk's columns, transposed, are its pieces in order.
        codes = np.stack(columns)
        del columns
        texts = _objects(table)
        for start in range(0, m, CHUNK_ROWS):
            yield b"".join(texts[codes[:, start : start + CHUNK_ROWS].T.reshape(-1)].tolist())


_CSV_HEAD = (",".join(COLUMNS) + "\n").encode()


def _first_write(out: BinaryIO, data: bytes, function: str) -> None:
    """Write `data`, the first bytes; a text file gets an error saying to open it binary."""
    try:
        out.write(data)
    except TypeError:
        if not isinstance(out, io.TextIOBase):
            raise
        msg = f"{function}: out: a binary file (open(path, 'wb')), not a text file: {out!r}"
        raise InputError(msg) from None


@argument('results', Results, "Results (from courtinfo.evaluate)")
def write_csv(results: Results, out: BinaryIO) -> int:
    """Write every result as UTF-8 CSV (the text of `to_csv`) to the binary file `out`, a
    few hundred KB at a time; returns the number of result rows written."""
    _first_write(out, _CSV_HEAD, "write_csv")
    for chunk in _chunks(results, _CsvLayout()):
        out.write(chunk)
    return len(results) * len(results.scheme.indicators)


@argument('results', Results, "Results (from courtinfo.evaluate)")
def write_json(results: Results, out: BinaryIO) -> int:
    """Write every result as a UTF-8 JSON list (the text of `to_json`) to the binary file
    `out`, a few hundred KB at a time; returns the number of result rows written."""
    written = False
    for chunk in _chunks(results, _JsonLayout()):
        # Each record ends with ',\n': written before the next chunk, dropped after the last.
        if written:
            out.write(b",\n")
        else:
            _first_write(out, b"[\n", "write_json")
        out.write(memoryview(chunk)[:-2])
        written = True
    if written:
        out.write(b"\n]\n")
    else:
        _first_write(out, b"[]\n", "write_json")
    return len(results) * len(results.scheme.indicators)


@argument('results', Results, "Results (from courtinfo.evaluate)")
def to_csv(results: Results) -> str:
    """Every result as CSV with the header `COLUMNS`: `render_csv` of the records."""
    buffer = io.BytesIO()
    write_csv(results, buffer)
    return buffer.getvalue().decode()


@argument('results', Results, "Results (from courtinfo.evaluate)")
def to_json(results: Results) -> str:
    """Every result as a JSON list, deterministic: `render_json` of the records."""
    buffer = io.BytesIO()
    write_json(results, buffer)
    return buffer.getvalue().decode()


# -- pandas ----------------------------------------------------------------------------


def _pandas() -> Any:
    return optional_module("pandas", "to_dataframe")


@argument('results', Results, "Results (from courtinfo.evaluate)")
def to_dataframe(results: Results) -> pd.DataFrame:
    """The results as a tidy DataFrame (columns `COLUMNS`), built column-wise without row loops.

    Labels are categoricals; `department` is missing for court-level rows; `missing` is 'NA'
    or 'NAP' where there is no value; `reason` says why; `target_met` and `in_principle` are
    nullable booleans; values, gaps and points are unrounded.
    """
    pdm = _pandas()
    b = results.batch
    inds = results.scheme.indicators
    n, k = len(b), len(inds)
    row = np.repeat(np.arange(n, dtype=np.int64), k)
    col = np.tile(np.arange(k, dtype=np.int64), n)
    cols = [results.columns(i.code) for i in inds]

    def grid(arrays: list[np.ndarray]) -> np.ndarray:
        if not arrays or not n:
            return np.empty(n * k)
        return np.stack(arrays, axis=1).reshape(-1)

    named = [d for d in b.departments if d]
    dept_code = np.array(
        [named.index(d) if d else -1 for d in b.departments] or [-1], dtype=np.int64
    )
    status = grid([c.status.astype(np.int64) for c in cols]).astype(np.int64)
    missing_code = np.select(
        [status == Status.OK, status == Status.NOT_PROVIDED, status == Status.INVALID],
        [-1, 0, 2],
        1,
    )
    comparators = sorted({t.comparator.value for i in inds for t in i.targets})
    target_statuses = sorted({t.status.value for i in inds for t in i.targets})

    def per_target(j: int, of: Callable[[Any], int]) -> np.ndarray:
        table = np.array([of(t) for t in inds[j].targets] + [-1], dtype=np.int64)
        return table[cols[j].target]

    comp_code = grid([per_target(j, lambda t: comparators.index(t.comparator.value)) for j in range(k)])
    status_code = grid([per_target(j, lambda t: target_statuses.index(t.status.value)) for j in range(k)])
    principle = grid([per_target(j, lambda t: int(t.in_principle)) for j in range(k)])
    # Reasons: one text per distinct (status, missing inputs) of each indicator.
    reasons: list[str] = []
    reason_at: dict[str, int] = {}
    reason_cols = []
    for ind in inds:
        which, table = results.reasons(ind.code)
        codes = []
        for _, text in table:
            codes.append(reason_at.setdefault(text, len(reasons)))
            if codes[-1] == len(reasons):
                reasons.append(text)
        reason_cols.append(np.array(codes or [0], dtype=np.int64)[which])
    met = grid([c.met for c in cols])
    empty = np.full(n, np.nan)
    points = grid([c.points if c.points is not None else empty for c in cols])
    names_zh = list(dict.fromkeys(i.name_zh for i in inds))
    name_codes = np.array([names_zh.index(i.name_zh) for i in inds] or [0], dtype=np.int64)
    numbers = pdm.array([i.number for i in inds], dtype="Int64")
    frame = {
        "court": pdm.Categorical.from_codes(b.court_index[row], categories=list(b.courts)),
        "department": pdm.Categorical.from_codes(
            dept_code[b.department_index[row]] if n else row, categories=named
        ),
        "period": pdm.Categorical.from_codes(
            b.period_index[row], categories=[str(p) for p in b.periods]
        ),
        "indicator": pdm.Categorical.from_codes(col, categories=[i.code for i in inds]),
        "number": numbers.take(col) if n else pdm.array([], dtype="Int64"),
        "name_zh": pdm.Categorical.from_codes(name_codes[col], categories=names_zh),
        "unit": np.array([i.unit.value for i in inds], dtype=object)[col],
        "value": grid([c.value for c in cols]),
        "missing": pdm.Categorical.from_codes(missing_code, categories=["NA", "NAP", "INVALID"]),
        "reason": pdm.Categorical.from_codes(
            grid(reason_cols).astype(np.int64) if n else row, categories=reasons
        ),
        "target": grid([c.threshold for c in cols]),
        "comparator": pdm.Categorical.from_codes(
            comp_code.astype(np.int64), categories=comparators
        ),
        "in_principle": principle.astype(np.int64) == 1,
        "target_status": pdm.Categorical.from_codes(
            status_code.astype(np.int64), categories=target_statuses
        ),
        "target_met": pdm.arrays.BooleanArray(met == 1.0, np.isnan(met)),
        "gap": grid([c.gap for c in cols]),
        "points": points,
        "max_points": np.array([np.nan if i.max_points is None else i.max_points for i in inds])[
            col
        ],
    }
    return cast("pd.DataFrame", pdm.DataFrame(frame, columns=list(COLUMNS)))
