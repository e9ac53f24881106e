"""The results table (the CLI's default output) and its Markdown, written from columns.

One line per batch row and indicator: court, department, period, indicator, value, target,
met and reason, laid out as `Table.to_text` and `Table.to_markdown` lay out those cells.
Every distinct text (a label, a value's text, a target, a reason) is made and measured once;
column widths come from those texts; a line is then two pieces, its row's labels and the
rest of it, gathered by position and joined a chunk of rows at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO

import numpy as np

from courtinfo.base import argument, dense_codes
from courtinfo.data import IntArray
from courtinfo.evaluation import Results
from courtinfo.formulas import Status
from courtinfo.indicators import Indicator
from courtinfo.report._export import _first_write, _objects
from courtinfo.report._lang import (
    Lang,
    check_lang,
    met_word,
    missing_reason,
    missing_word,
    unknown_kind_reason,
)
from courtinfo.report._render import _width, format_published, format_target

#: The table's column names, by language.
HEADERS: dict[str, tuple[str, ...]] = {
    "zh": ("法院", "部门", "期间", "指标", "数值", "目标", "达标", "说明"),
    "en": ("court", "department", "period", "indicator", "value", "target", "met", "reason"),
}
#: The column aligned right: the value.
_RIGHT = 4
#: Batch rows written at a time.
CHUNK_ROWS = 4096

#: An indicator's cells after the labels: indicator, value, target, met, reason.
_Cells = tuple[str, str, str, str, str]


def step_texts(xs: list[float], text: Callable[[float], str]) -> tuple[list[str], list[int]]:
    """The texts of `xs`, a monotone sequence, where `text` is a step function of x (a value
    between two with one text has that text): each run's text in order and its length.

    `text` is called a few times per run, not once per value (a week's 40,000 distinct rates
    show as a few hundred percentages): a run is first taken to be as long as the one before,
    then found by doubling steps and halving.
    """
    texts: list[str] = []
    counts: list[int] = []
    known: dict[int, str] = {}

    def at(i: int) -> str:
        found = known.get(i)
        if found is None:
            found = known[i] = text(xs[i])
        return found

    n, lo, last = len(xs), 0, 1
    while lo < n:
        here = at(lo)
        hi, top = lo, n  # xs[hi] shows `here`; no x from top on does
        if last > 1 and lo + last - 1 < n:
            probe = lo + last - 1
            if at(probe) == here:
                hi = probe
            else:
                top = probe
        step = 1
        while hi + step < top and at(hi + step) == here:
            hi += step
            step *= 2
        top = min(top, hi + step)
        while top - hi > 1:
            mid = (hi + top) // 2
            if at(mid) == here:
                hi = mid
            else:
                top = mid
        texts.append(here)
        counts.append(hi - lo + 1)
        last, lo = hi - lo + 1, hi + 1
    return texts, counts


class _Texts:
    """Distinct texts numbered as they come."""

    def __init__(self) -> None:
        self.at: dict[str, int] = {}

    def number(self, text: str) -> int:
        return self.at.setdefault(text, len(self.at))

    def texts(self) -> list[str]:
        return list(self.at)


def _value_texts(results: Results, ind: Indicator, lang: Lang) -> tuple[IntArray, list[str]]:
    """Each row's value text (NA, NAP or 有误 where there is none) as a position in a list.

    Values are taken by bit pattern (-0.0 shows apart from 0.0). Sorted as int64, the
    patterns of each sign run monotone in value (negatives from -0.0 down, then positives
    up), and every text of a value is a step function of it within a sign (rounded as
    shown), so the texts come from `step_texts`, not one call per value.
    """
    c = results.columns(ind.code)
    numbered = _Texts()
    out = np.empty(len(c.value), dtype=np.int64)
    nan = np.isnan(c.value)
    rows = np.flatnonzero(~nan)
    if len(rows):
        bits, inverse = np.unique(c.value[rows].view(np.int64), return_inverse=True)
        floats = bits.view(np.float64).tolist()
        split = int(np.searchsorted(bits, 0))
        runs: list[int] = []
        lengths: list[int] = []
        for part in (floats[:split], floats[split:]):
            texts, counts = step_texts(part, lambda x: format_published(ind, x, lang=lang))
            runs += [numbered.number(t) for t in texts]
            lengths += counts
        out[rows] = np.repeat(np.array(runs, dtype=np.int64), lengths)[inverse.reshape(-1)]
    if nan.any():
        status = c.status.astype(np.int64)
        for s in np.unique(status[nan]).tolist():
            code = Status(s).missing_code
            out[nan & (status == s)] = numbered.number(missing_word(code, lang) if code else "")
    return out, numbered.texts()


def _reason_texts(
    results: Results, ind: Indicator, lang: Lang, unknown: IntArray
) -> tuple[IntArray, list[str]]:
    """Each row's reason as a position in a list: one text per distinct status, missing
    inputs and unknown department kind; a flagged row's from the rules it breaks."""
    scheme = results.scheme
    status = results.statuses[ind.code].astype(np.int64)
    names, mask = results.missing_codes(ind.code)
    numbered = _Texts()
    out = np.empty(len(status), dtype=np.int64)
    invalid = status == Status.INVALID
    rows = np.flatnonzero(~invalid)
    ns = len(Status)
    keys, inverse = np.unique((mask[rows] * ns + status[rows]) * 2 + unknown[rows], return_inverse=True)
    ids = []
    for k in keys.tolist():
        rest, unknown_kind = divmod(k, 2)
        bits, s = divmod(rest, ns)
        missing = tuple(n for j, n in enumerate(names) if bits >> j & 1)
        text = missing_reason(scheme, Status(s), missing, lang, ()) or (
            unknown_kind_reason(lang) if unknown_kind else ""
        )
        ids.append(numbered.number(text))
    out[rows] = np.array(ids or [0], dtype=np.int64)[inverse.reshape(-1)]
    for i in np.flatnonzero(invalid).tolist():
        # Few rows: each names the rules its own row breaks.
        text = missing_reason(scheme, Status.INVALID, (), lang, results.invalid_at(i, ind.code))
        if not text and unknown[i]:
            text = unknown_kind_reason(lang)
        out[i] = numbered.number(text)
    return out, numbered.texts()


def _indicator_cells(
    results: Results, ind: Indicator, lang: Lang, unknown: IntArray
) -> tuple[IntArray, list[_Cells]]:
    """Each row's cells of indicator `ind` as a position in a list of distinct cells."""
    c = results.columns(ind.code)
    unit = ind.unit.value
    value_of, values = _value_texts(results, ind, lang)
    targets = [format_target(None, None, unit)] + [
        format_target(t.value, t.comparator.value, unit) for t in ind.targets
    ]
    target_of = c.target.astype(np.int64) + 1
    mets = [met_word(False, lang), met_word(True, lang), met_word(None, lang)]
    met_of = np.where(np.isnan(c.met), 2, c.met == 1.0)
    reason_of, reasons = _reason_texts(results, ind, lang, unknown)
    nt, nr = len(targets), len(reasons)
    keys, line_of = dense_codes(((value_of * nt + target_of) * 3 + met_of) * nr + reason_of)
    label = f"({ind.number}) {ind.name_zh}" if ind.number is not None else ind.name_zh
    cells: list[_Cells] = []
    for k in keys.tolist():
        rest, r = divmod(k, nr)
        rest, m = divmod(rest, 3)
        v, t = divmod(rest, nt)
        cells.append((label, values[v], targets[t], mets[m], reasons[r]))
    return line_of, cells


def _lines(results: Results, lang: Lang, markdown: bool) -> Iterator[bytes]:
    """The table's text (UTF-8): its head, then its lines a chunk of rows at a time."""
    lang = check_lang(lang)
    b = results.batch
    n = len(b)
    # No indicators, no lines: the widths are the headers'.
    inds = results.scheme.indicators if n else ()
    if not inds:
        n = 0
    unknown_labels = frozenset(results.unknown_departments)
    unknown = np.array(
        [bool(d) and d in unknown_labels for d in b.departments] or [False], dtype=np.int64
    )[b.department_index]
    per_indicator = [_indicator_cells(results, ind, lang, unknown) for ind in inds]

    def present(labels: list[str], index: IntArray) -> list[str]:
        seen = np.bincount(index, minlength=len(labels)) > 0 if n else ()
        return [x for x, s in zip(labels, seen, strict=False) if s]

    label_columns = (
        (list(b.courts), b.court_index),
        (list(b.departments), b.department_index),
        ([str(p) for p in b.periods], b.period_index),
    )
    headers = HEADERS[lang]
    cells = [cell for _, found in per_indicator for cell in found]
    shown = [present(labels, index) for labels, index in label_columns]
    shown += [list({cell[j] for cell in cells}) for j in range(5)]
    widths = [max(map(_width, [h, *texts])) for h, texts in zip(headers, shown, strict=True)]

    def pad(text: str, j: int) -> str:
        fill = " " * (widths[j] - _width(text))
        return fill + text if j == _RIGHT else text + fill

    def escape(text: str) -> str:
        return text.replace("|", "\\|")

    if markdown:
        head = "| " + " | ".join(map(escape, headers)) + " |\n"
        marks = ("---:" if j == _RIGHT else "---" for j in range(len(headers)))
        head += "|" + "|".join(marks) + "|\n"
        def frame(x: str, j: int) -> str:
            return ("| " if j == 0 else "") + escape(x) + " | "

        def rest(cell: _Cells) -> str:
            return " | ".join(map(escape, cell)) + " |\n"

    else:
        head = "  ".join(pad(h, j) for j, h in enumerate(headers)).rstrip() + "\n"
        head += "  ".join("-" * w for w in widths).rstrip() + "\n"
        def frame(x: str, j: int) -> str:
            return pad(x, j) + "  "

        def rest(cell: _Cells) -> str:
            # The met word is never blank: stripping the line's end strips this piece only.
            return "  ".join(pad(x, j) for j, x in enumerate(cell, 3)).rstrip() + "\n"

    yield head.encode()
    if not inds:
        return
    labels = [
        _objects([frame(x, j).encode() for x in texts])
        for j, (texts, _) in enumerate(label_columns)
    ]
    tails = [(line_of, _objects([rest(c).encode() for c in found])) for line_of, found in per_indicator]
    k = len(inds)
    for lo in range(0, n, CHUNK_ROWS):
        rows = slice(lo, min(lo + CHUNK_ROWS, n))
        pieces = np.empty((rows.stop - rows.start, 2 * k), dtype=object)
        pieces[:, 0::2] = (
            labels[0][b.court_index[rows]]
            + labels[1][b.department_index[rows]]
            + labels[2][b.period_index[rows]]
        )[:, None]
        for j, (line_of, texts) in enumerate(tails):
            pieces[:, 2 * j + 1] = texts[line_of[rows]]
        yield b"".join(pieces.reshape(-1).tolist())


def _write(results: Results, out: BinaryIO, lang: Lang, markdown: bool, function: str) -> int:
    chunks = _lines(results, lang, markdown)
    _first_write(out, next(chunks), function)
    for chunk in chunks:
        out.write(chunk)
    return len(results) * len(results.scheme.indicators)


@argument('results', Results, "Results (from courtinfo.evaluate)")
def write_table(results: Results, out: BinaryIO, *, lang: Lang = "zh") -> int:
    """Write every result as the CLI's table (aligned columns, wide characters counted two,
    headers underlined) in UTF-8 to the binary file `out`; returns the result rows written."""
    return _write(results, out, lang, False, "write_table")


@argument('results', Results, "Results (from courtinfo.evaluate)")
def write_markdown(results: Results, out: BinaryIO, *, lang: Lang = "zh") -> int:
    """Write every result as a GitHub-flavoured Markdown table in UTF-8 to the binary file
    `out`; returns the result rows written."""
    return _write(results, out, lang, True, "write_markdown")
