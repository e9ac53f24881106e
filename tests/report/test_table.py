"""The results table and its Markdown, written from columns: the text of the rows made one
by one and laid out by `Table`, byte for byte."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from courtinfo import Results, evaluate
from courtinfo.formulas import Status
from courtinfo.report import (
    Table,
    _table,
    format_published,
    format_target,
    met_word,
    missing_reason,
    missing_word,
    unknown_kind_reason,
    write_markdown,
    write_table,
)
from tests import national
from tests.evaluation.test_results import SHIPPED, _results
from tests.report import snap, weekly_scheme


def _rows_one_by_one(results: Results, lang: str) -> list[tuple[str, ...]]:
    """The cells of every line made one result row at a time, as the CLI made them."""
    scheme, unknown = results.scheme, frozenset(results.unknown_departments)
    per_row, out = max(len(scheme.indicators), 1), []
    for k, r in enumerate(results.rows()):
        status = Status(r.status)
        invalid = results.invalid_at(k // per_row, r.indicator) if status is Status.INVALID else ()
        out.append(
            (
                r.court,
                r.department or "",
                str(r.period),
                f"({r.number}) {r.name_zh}" if r.number is not None else r.name_zh,
                format_published(scheme.indicator(r.indicator), r.value, lang=lang)  # type: ignore[arg-type]
                if r.value is not None
                else (missing_word(r.missing.value, lang) if r.missing is not None else ""),  # type: ignore[arg-type]
                format_target(r.target, r.comparator, r.unit),
                met_word(r.target_met, lang),  # type: ignore[arg-type]
                missing_reason(scheme, status, r.missing_inputs, lang, invalid)  # type: ignore[arg-type]
                or (unknown_kind_reason(lang) if r.department in unknown else ""),  # type: ignore[arg-type]
            )
        )
    return out


def _expected(results: Results, lang: str) -> tuple[str, str]:
    """The table and the Markdown as `Table` lays out the rows made one by one."""
    table = Table(_table.HEADERS[lang], tuple(_rows_one_by_one(results, lang)), right=frozenset({4}))
    return table.to_text(), table.to_markdown()


def _written(results: Results, lang: Any) -> tuple[str, str]:
    got = []
    for write in (write_table, write_markdown):
        out = io.BytesIO()
        assert write(results, out, lang=lang) == len(results) * len(results.scheme.indicators)
        got.append(out.getvalue().decode())
    return got[0], got[1]


@pytest.mark.parametrize("code", SHIPPED)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_shipped_scheme_is_the_rows_laid_out_one_by_one(
    code: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_table, "CHUNK_ROWS", 7)  # chunk seams inside the data show nothing
    res = _results(code, rows=45)
    assert len(res) > 7
    rows = _rows_one_by_one(res, lang)
    values = {r[4] for r in rows}
    assert "NA" in values and any(v[:1].isdigit() for v in values), values
    assert _written(res, lang) == _expected(res, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_flagged_rows_unknown_departments_signed_zeros_and_chinese_labels(lang: str) -> None:
    flagged = evaluate(national.SCHEME, national.batch(), courts=national.tree(), invalid="flag")
    assert flagged.invalid
    odd = evaluate(
        weekly_scheme(),
        [
            snap("c1", "2022-W21", "审监廷", sent=0, services=7, days=-0.0, cases=3),
            snap("甲区人民法院", "2022-W21", "民二庭", sent=3, services=7, days=0.0, cases=3),
            snap("c2|x", "2022-W20", None, sent=0, services=0, days=5),
        ],
        unknown_departments="allow",
    )
    assert odd.unknown_departments
    for results in (flagged, odd):
        text, markdown = _written(results, lang)
        assert (text, markdown) == _expected(results, lang)
    # Wide characters count two columns: the court column is as wide as 甲区人民法院 (12).
    text, markdown = _written(odd, "zh")
    lines = text.splitlines()
    assert lines[1].split("  ")[0] == "-" * 12
    assert lines[4].startswith("甲区人民法院  民二庭  2022-W21  (1) 电子送达适用率  42.9%")
    # -0.0 days: a text of its own bit pattern, published as 0.00 (never -0.00).
    assert lines[3].startswith("c1            审监廷  2022-W21  (2) 案均审理天数     0.00  —")
    assert lines[5].endswith("≤30.00  达标")  # no reason: no trailing spaces
    assert "| c2\\|x |  | 2022-W20 |" in markdown


@pytest.mark.parametrize("days_mode", ["half_up", "truncate"])
def test_values_dense_about_every_rounding_step_show_as_made_one_by_one(days_mode: str) -> None:
    # Thousands of distinct values, many at or beside a half (44.125%, 230.5 days) and a hair
    # either side, published rounded half up or truncated: each value's text found per step
    # of its rounding is the text `format_published` gives it alone.
    from courtinfo import SnapshotBatch
    from tests.report import published_scheme

    rng = np.random.default_rng(7)
    n = 3000
    services = np.full(n, 100000.0)
    sent = np.concatenate([rng.integers(0, 100001, n - 6), [44125, 44124, 44126, 0, 100000, 45000]])
    cases = rng.integers(1, 9, n).astype(float)
    days = rng.integers(0, 500, n).astype(float)  # over 2, 4, 6 or 8 cases: often a half
    batch = SnapshotBatch.from_columns(
        court=[f"c{i}" for i in range(n)],
        department=["民一庭"] * n,
        period=["2022-W21"] * n,
        columns={"sent": sent, "services": services, "days": days, "cases": cases},
    )
    res = evaluate(published_scheme(days_mode), batch)
    assert len(np.unique(res.values["e_service"])) > 2000
    for lang in ("zh", "en"):
        assert _written(res, lang) == _expected(res, lang)


def test_changes_below_and_above_zero_show_as_made_one_by_one() -> None:
    # Year-on-year changes of many courts: negative and positive percentages, counts and
    # percentage points (rounded half up, truncated, or as shown), zeros among them.
    from courtinfo import SnapshotBatch
    from tests.evaluation.test_shift import _ind, _scheme

    scheme = _scheme(
        [
            _ind("old_growth", "percentage", {"kind": "change", "of": "old"}, rounding={"places": 2}),
            _ind("new_change", "count", {"kind": "change", "of": "new", "measure": "absolute"}),
            _ind("rate", "percentage", {"kind": "ratio", "numerator": "closed", "denominator": ["old", "new"]}),
            _ind("rate_points", "percentage_points", {"kind": "change", "of": "rate", "measure": "points"}),
            _ind(
                "rate_points_cut",
                "percentage_points",
                {"kind": "change", "of": "rate", "measure": "points"},
                rounding={"places": 1, "mode": "truncate"},
            ),
        ]
    )
    rng = np.random.default_rng(3)
    n = 1500
    old, new = rng.integers(0, 60, (2, 2 * n)).astype(float)
    closed = np.minimum(rng.integers(0, 80, 2 * n), old + new).astype(float)
    batch = SnapshotBatch.from_columns(
        court=[f"c{i % n}" for i in range(2 * n)],
        period=["2021"] * n + ["2022"] * n,
        columns={"old": old, "new": new, "closed": closed},
    )
    res = evaluate(scheme, batch)
    points = res.values["rate_points"]
    assert (points < 0).any() and (points > 0).any() and (points == 0).any()
    for lang in ("zh", "en"):
        assert _written(res, lang) == _expected(res, lang)


def test_a_value_text_is_made_once_per_step_of_its_rounding() -> None:
    import itertools

    calls: list[float] = []

    def percent(x: float) -> str:
        calls.append(x)
        return f"{round(x * 100)}%"

    xs = [k / 10000 for k in range(10000)]  # 0% .. 100% (0.995 and up round to 100%)
    runs = [(t, len(list(g))) for t, g in itertools.groupby(map(percent, xs))]
    assert len(runs) == 101
    calls.clear()
    texts, counts = _table.step_texts(xs, percent)
    assert list(zip(texts, counts, strict=True)) == runs
    assert len(calls) < 2000  # against 10,000, one per value
    down = xs[::-1]  # negatives come from -0.0 down: falling values work alike
    assert _table.step_texts(down, percent) == (texts[::-1], counts[::-1])
    assert _table.step_texts([], percent) == ([], [])
    assert _table.step_texts([0.5], percent) == (["50%"], [1])


def test_no_rows_or_no_indicators_give_the_head_alone() -> None:
    empty = evaluate(weekly_scheme(), [])
    for lang in ("zh", "en"):
        assert _written(empty, lang) == _expected(empty, lang)
    assert _written(empty, "zh")[0] == "法院  部门  期间  指标  数值  目标  达标  说明\n" + "  ".join(
        ["----"] * 8
    ) + "\n"
    none = evaluate(weekly_scheme(), [snap("c1", "2022-W21", None, sent=1, services=2)])
    bare = Results(
        none.scheme.__class__(**{**_fields(none.scheme), "indicators": ()}),
        none.batch,
        {},
        {},
        none.target_index,
    )
    assert _written(bare, "en") == _expected(bare, "en")


def _fields(obj: Any) -> dict[str, Any]:
    import attrs

    return {f.name: getattr(obj, f.name) for f in attrs.fields(type(obj)) if f.init}


def test_a_text_file_is_refused() -> None:
    res = evaluate(weekly_scheme(), [snap("c1", "2022-W21", None, sent=1, services=2)])
    with pytest.raises(Exception, match=r"write_table: out: a binary file"):
        write_table(res, io.StringIO())  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_the_command_line_writes_rolled_up_results_as_laid_out_one_by_one(
    fmt: str, tmp_path: Path
) -> None:
    # The month of the national file with b's 执行局 breaking a rule: left out of the sums,
    # said above the table, and the table the rolled-up rows laid out one by one.
    from courtinfo.cli._main import _evaluate, build_parser

    data = tmp_path / "national.json"
    data.write_text(national.data_file(), "utf-8")
    argv = ["evaluate", "--scheme", national.SCHEME, "--invalid", "flag", "--rollup", "month"]
    argv += ["--format", fmt, str(data)]
    done = subprocess.run(
        [sys.executable, "-m", "courtinfo", *argv], capture_output=True, check=False
    )
    assert done.returncode == 3, done.stderr
    args = build_parser().parse_args(argv)
    results, _ = _evaluate(_scheme(args.scheme), args, args.rollup)
    assert {str(p) for p in results.batch.periods} == {"2022-05"}
    text, markdown = _expected(results, "zh")
    want = text if fmt == "table" else markdown
    out = done.stdout.decode()
    head, _, table = out.partition(want.splitlines()[0])
    assert head.startswith("按时间累计：2022年5月（2022年第21周，4周中的1周，不完整）\n")
    assert "\n数据有误、未计入汇总的行：\nb 执行局 2022年第21周 (10) 电子签章率" in head
    assert want.splitlines()[0] + table == want
    assert len(want.splitlines()) == 2 + len(results) * len(results.scheme.indicators) > 20


def _scheme(code: str) -> Any:
    from courtinfo.indicators import get_scheme

    return get_scheme(code)
