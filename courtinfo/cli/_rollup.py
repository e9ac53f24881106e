"""Roll-ups for the command line: `--rollup` of `evaluate`, month and year periods of
`bulletin` and `rank` made from weekly data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from courtinfo.data import Dataset, SnapshotBatch
from courtinfo.evaluation import (
    GRAINS,
    PeriodRollup,
    Results,
    rollup_departments,
    rollup_periods,
    rollup_tree,
)
from courtinfo.indicators import Scheme
from courtinfo.periods import Period, PeriodKind
from courtinfo.report import COLUMNS, Lang, check_lang, left_out_rows, render_csv, render_json

#: What `--rollup` accepts; one time grain at most, with departments and/or tree.
ROLLUPS = ("departments", "tree", *GRAINS)

_FINER = {PeriodKind.WEEK: 0, PeriodKind.MONTH: 1, PeriodKind.QUARTER: 2, PeriodKind.YEAR: 3}


class RollupError(Exception):
    """A `--rollup` that cannot be done, said in one line."""


@attrs.frozen(eq=False)
class Rolled:
    """A dataset's batch after the roll-ups asked for, and what the time roll-up covered."""

    batch: SnapshotBatch
    over_time: PeriodRollup | None
    note: str


def roll_up(
    scheme: Scheme,
    data: Dataset,
    rollups: Sequence[str],
    batch: SnapshotBatch | None = None,
    lang: Lang = "zh",
) -> Rolled:
    """`data` rolled up over time first (one grain), then into courts, then up the tree.

    `batch` replaces the dataset's own rows (its valid rows, when rows are flagged invalid);
    the note on what the time roll-up covered is in `lang`, as the report it goes above.
    """
    batch = data.batch() if batch is None else batch
    grains = [r for r in dict.fromkeys(rollups) if r in GRAINS]
    if len(grains) > 1:
        msg = f"--rollup: one time grain at a time, not {' and '.join(grains)}"
        raise RollupError(msg)
    over_time = None
    if grains:
        over_time = rollup_periods(batch, grains[0], aggregates=scheme)
        batch = over_time.batch
    if "departments" in rollups:
        batch = rollup_departments(batch)
    if "tree" in rollups:
        tree = data.tree()
        if tree is None:
            msg = '--rollup tree: the file has no court tree (a JSON file {"courts": [...], "snapshots": [...]})'
            raise RollupError(msg)
        batch = rollup_tree(batch, tree)
    return Rolled(batch, over_time, coverage_note(over_time, lang) if over_time else "")


def coverage_note(rolled: PeriodRollup, lang: Lang = "zh") -> str:
    """The line above a report rolled up over time: per period, the source periods it covers,
    and how many of its rows are partial. In Chinese (the default, as the report below it):
    '按时间累计：2019年（2019年第1季度至2019年第4季度，4个季度中的3个，不完整）'."""
    lang = check_lang(lang)
    zh = lang == "zh"
    parts = []
    periods = rolled.batch.period_index
    for k, period in enumerate(rolled.batch.periods):
        rows = np.flatnonzero(periods == k)
        if not len(rows):
            continue
        widest = int(rows[np.argmax(rolled.covered[rows])])
        partial = int(np.count_nonzero(rolled.partial[rows]))
        covers = rolled.covers(widest, lang)
        if partial and not rolled.partial[widest]:
            covers += f"；其中{len(rows)}行中{partial}行不完整" if zh else f"; partial for {partial} of {len(rows)} rows"
        parts.append(f"{period.label_zh}（{covers}）" if zh else f"{period}: {covers}")
    if not parts:
        return ""
    if zh:
        return "按时间累计：" + "；".join(parts) + "\n"
    return "rolled up over time — " + "; ".join(parts) + "\n"


def grain_for(period: Period, data: Dataset) -> str | None:
    """The time grain to roll `data` up to so that it has `period` (None: it has it already)."""
    if period.kind not in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
        return None
    kinds = {p.kind for p in data.batch().periods}
    if kinds and all(k in _FINER and _FINER[k] < _FINER[period.kind] for k in kinds):
        return period.kind.value
    return None


#: What the reason of a row left out of a roll-up adds to the rule it breaks.
LEFT_OUT = "; left out of the roll-up"


def left_out_records(results: Results) -> list[dict[str, Any]]:
    """Records (the keys of `COLUMNS`) of the rows a roll-up left out of its sums, one per
    rule broken: in their own period, without a value (`missing` "INVALID"), the reason
    naming the rule, the figures and that the row was left out."""
    scheme = results.scheme
    out = []
    for e in left_out_rows(results):
        ind = scheme.indicator(e.indicator)
        fields = {
            "court": e.court,
            "department": e.department,
            "period": str(e.period),
            "indicator": ind.code,
            "number": ind.number,
            "name_zh": ind.name_zh,
            "unit": ind.unit.value,
            "missing": "INVALID",
            "reason": e.reason + LEFT_OUT,
            "in_principle": False,
            "max_points": ind.max_points,
        }
        out.append({k: fields.get(k) for k in COLUMNS})
    return out


def with_left_out_json(results: Results, text: str) -> str:
    """`text`, the JSON list of `results`, with the rows left out of the roll-up after them."""
    extra = left_out_records(results)
    if not extra:
        return text
    more = render_json(extra)
    if text.strip() == "[]":
        return more
    # Both lists as render_json writes them: '[\n  {...}\n]\n'; joined into one.
    return text.rstrip().removesuffix("]").rstrip() + ",\n" + more.removeprefix("[\n")


def with_left_out_csv(results: Results, text: str) -> str:
    """`text`, the CSV of `results`, with the rows left out of the roll-up after its rows."""
    extra = left_out_records(results)
    if not extra:
        return text
    rows = render_csv(COLUMNS, [[r[k] for k in COLUMNS] for r in extra])
    return text + rows.partition("\n")[2]
