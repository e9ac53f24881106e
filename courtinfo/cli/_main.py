"""The `courtinfo` command: a thin layer over the library.

    courtinfo schemes
    courtinfo show SCHEME
    courtinfo evaluate --scheme SCHEME FILE [--format table|json|csv|markdown|xlsx|docx]
                       [--rollup departments|tree|month|quarter|year|ytd ...]
    courtinfo evaluate --scheme SCHEME --db URL --query FILE.sql [--format ...]
    courtinfo bulletin --scheme SCHEME --court CODE (--week 2022-W21 | --period 2022-05) FILE
    courtinfo rank --scheme SCHEME --parent CODE --period P --indicator CODE|NAME|total FILE
                   [--leading N] [--format ...]
    courtinfo template --scheme SCHEME [--format csv|xlsx] [-o FILE]

Every command takes `-o/--output FILE` (written atomically; xlsx and docx need it). FILE may
be `-` for standard input, with `--input-format json|csv|xlsx`; `--encoding gb18030` reads a
CSV saved by Chinese Excel, `--sheet NAME` a workbook's sheet other than the first.

SCHEME is a shipped scheme's code or the path of a scheme file. Bad input exits with status 2
and one line on stderr naming the file (or the option), the place in it and the problem. An
unexpected failure, a bug, exits with status 1, also on one line (set COURTINFO_DEBUG=1 for the
traceback); a reader that leaves before the report is written whole (`courtinfo ... |
head -c 1`) ends it with one line and status 141, as a broken pipe ends other commands.

What goes to standard output, the report a court circulates, is in the language asked
(`--lang zh`, the default, or `en`), every line of it: the note on what a roll-up over time
covered and the rows it left out included. What goes to stderr (errors, the warning of rows
flagged invalid, progress) is for whoever runs the command, and is English, as the library's
errors are.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, BinaryIO, NoReturn, cast

import attrs

from courtinfo.base import (
    CourtinfoError,
    ValidationError,
    atomic_file,
    atomic_write,
    os_reason,
    read_at_most,
)
from courtinfo.cli._check import add_check
from courtinfo.cli._db import SourceError, add_db_options, read_db, source_of
from courtinfo.cli._faults import (
    EXIT_STATUSES,
    WholeWriter,
    add_all_problems,
    add_input_options,
    broken_pipe,
    every_problem,
    problem_lines,
    save_problems,
    say,
    silence_stdout,
    to_stdout,
)
from courtinfo.cli._invalid import EXIT_INVALID_ROWS, add_invalid_option, invalid_warning
from courtinfo.cli._progress import Progress
from courtinfo.cli._rollup import (
    ROLLUPS,
    RollupError,
    grain_for,
    left_out_records,
    roll_up,
    with_left_out_csv,
    with_left_out_json,
)
from courtinfo.data import Dataset
from courtinfo.evaluation import (
    UNKNOWN_DEPARTMENTS,
    Evaluator,
    Results,
    evaluate,
)
from courtinfo.formulas import split_reference
from courtinfo.indicators import (
    Indicator,
    Scheme,
    get_scheme,
    resolve_scheme,
    scheme_to_data,
    schemes,
)
from courtinfo.io import (
    INPUT_FORMATS,
    dataset_from_bytes,
    load_dataset,
    read_input,
    write_text,
)
from courtinfo.org import Department
from courtinfo.periods import Period, PeriodKind
from courtinfo.report import (
    LANGS,
    Lang,
    Table,
    format_target,
    invalid_lines,
    left_out_heading,
    left_out_rows,
    render_json,
    to_csv,
    to_json,
    write_csv,
    write_json,
    write_markdown,
    write_table,
)

# What one command alone uses (bulletins, rankings, Word, Excel, the form) is imported in that
# command: the package faces load a module when its name is first used, so each start of the
# command pays only for what it runs.
if TYPE_CHECKING:
    from courtinfo.report import ScoreReport

FORMATS = ("table", "json", "csv", "markdown", "xlsx", "docx")
#: Formats that are files, not text: they need -o.
BINARY_FORMATS = ("xlsx", "docx")
EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 1
#: The report could not be written: stdout closed, a full disk (sysexits' EX_IOERR).
EXIT_CANNOT_WRITE = 74
#: Interrupted (Ctrl-C): 128 + SIGINT, as shells report it.
EXIT_INTERRUPTED = 130
#: Out of memory (sysexits' EX_OSERR: the system could not give what the run needs).
EXIT_OUT_OF_MEMORY = 71


@attrs.frozen
class _Stream:
    """UTF-8 text that `write` writes to a binary file in large pieces, never held whole
    (the CSV or JSON of every result: hundreds of MB for a national week)."""

    write: Callable[[BinaryIO], object]


#: What a command gives to write: text, a file's bytes (xlsx, docx), or text as a stream.
_Output = str | bytes | _Stream


class _Fail(Exception):
    """A one-line error for stderr; `cause` keeps the error with every problem, for
    --all-problems."""

    def __init__(self, message: str, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.cause = cause


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        msg = f"{message} (see '{self.prog} --help')"
        raise _Fail(msg)


def one_line(exc: BaseException, source: str | None = None) -> str:
    """The first problem of `exc` on one line, prefixed by `source`, with a count of the rest."""
    rest = 0
    if isinstance(exc, ValidationError) and exc.problems:
        text = (f"{exc.title}: " if exc.title else "") + str(exc.problems[0])
        rest = len(exc.problems) - 1
        prefixes = (exc.source, source)
    else:
        text = str(exc)
        prefixes = (None, source)
    # A value quoted in a message may hold line breaks; stderr gets one line.
    head = " ".join(ln.strip() for ln in text.splitlines() if ln.strip()) or type(exc).__name__
    for prefix in prefixes:
        if prefix and prefix not in head:
            head = f"{prefix}: {head}"
    return head + (f" (+{rest} more problem{'s' if rest > 1 else ''})" if rest > 0 else "")


def _load(args: argparse.Namespace, scheme: Scheme | None = None) -> Dataset:
    """The dataset of `args.file` (`-`: standard input), read with the command's options."""
    path: str = args.file
    fmt = args.input_format
    limit: int = args.max_input_size
    try:
        if path == "-":
            if fmt is None:
                msg = f"reading standard input ('-') needs --input-format {'|'.join(INPUT_FORMATS)}"
                raise _Fail(msg)
            data = read_at_most(sys.stdin.buffer, limit, "<stdin>")
            return dataset_from_bytes(
                data,
                fmt,
                source="<stdin>",
                encoding=args.encoding,
                sheet_name=args.sheet,
                scheme=scheme,
            )
        if fmt is not None:
            data = read_input(path, max_bytes=limit)
            return dataset_from_bytes(
                data, fmt, source=path, encoding=args.encoding, sheet_name=args.sheet, scheme=scheme
            )
        return load_dataset(
            path, encoding=args.encoding, sheet_name=args.sheet, scheme=scheme, max_bytes=limit
        )
    except OSError as exc:
        msg = f"{path}: {os_reason(exc)}"
        raise _Fail(msg) from None
    except CourtinfoError as exc:
        raise _Fail(one_line(exc, path), exc) from None


def _evaluate(
    scheme: Scheme,
    args: argparse.Namespace,
    rollups: Sequence[str] = (),
    period: Period | None = None,
    progress: Progress | None = None,
    listed: list[Department] | None = None,
) -> tuple[Results, str]:
    """The results of `args.file`, rolled up as asked (or to `period`'s grain when the data are
    finer, e.g. weeks for a month), and a note on what the time roll-up covered; `listed`, if
    given, receives the file's departments (to name them in reports)."""
    if progress is not None:
        progress.stage(f"loading {args.file}")
    data = _load(args, scheme)
    if listed is not None:
        listed.extend(data.departments)
    if progress is not None:
        progress.stage("evaluating")
    try:
        if period is not None:
            grain = grain_for(period, data)
            rollups = (grain,) if grain else ()
        invalid = args.invalid
        unknown = args.unknown_departments
        if not rollups:
            return evaluate(scheme, data, invalid=invalid, unknown_departments=unknown), ""
        rows = None
        if invalid == "flag":
            # Rows breaking a rule are found first, and left out of the sums; they may be
            # finer than the scheme's periods (weeks of a monthly scheme), being rolled up.
            every_kind = attrs.evolve(scheme, other_period_kinds=tuple(PeriodKind))
            source = evaluate(every_kind, data, invalid=invalid, unknown_departments=unknown)
            rows = source.valid_batch()
        rolled = roll_up(scheme, data, rollups, rows, args.lang)
        results = evaluate(
            scheme,
            rolled.batch,
            courts=data.tree(),
            departments=data.departments,
            invalid=invalid,
            unknown_departments=unknown,
        )
        if rows is not None and source.invalid:
            # Kept, though no rows of the output: each format names them (left_out_rows).
            results = attrs.evolve(results, invalid=source.invalid + results.invalid)
        return results, rolled.note
    except RollupError as exc:
        raise _Fail(str(exc)) from None
    except CourtinfoError as exc:
        raise _Fail(one_line(exc, args.file), exc) from None


def _period(option: str, text: str) -> Period:
    """The period given to `option`; a bad one is an error naming the option."""
    try:
        return Period.parse(text)
    except CourtinfoError as exc:
        raise _Fail(f"{option}: {one_line(exc)}") from None


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        msg = f"expected a whole number of at least 1, not {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return n


def _sheet(text: str) -> str | int:
    """--sheet: a sheet's name, or its number from 0."""
    return int(text) if text.isdigit() else text


def _render(report: object, fmt: str) -> str | bytes:
    from courtinfo.report import docx_bytes, excel_bytes

    if fmt == "xlsx":
        return excel_bytes(report)
    if fmt == "docx":
        return docx_bytes(report)
    method = {"table": "to_text", "markdown": "to_markdown", "csv": "to_csv", "json": "to_json"}
    text: str = getattr(report, method[fmt])()
    return text


def _indicator(scheme: Scheme, name: str) -> Indicator:
    """The indicator `--indicator` names, by code or Chinese name."""
    try:
        return scheme.indicator(name)
    except CourtinfoError as exc:
        raise _Fail(f"--indicator: {one_line(exc)}") from None


# -- commands ------------------------------------------------------------------------------


def _cmd_schemes(args: argparse.Namespace) -> str:
    zh = args.lang == "zh"
    rows = []
    for code in schemes():
        try:
            s = get_scheme(code)
            rows.append((code, s.title_zh, s.document, ("计分" if zh else "scored") if s.scored else ""))
        except CourtinfoError as exc:
            rows.append((code, f"(cannot load: {one_line(exc)})", "", ""))
    headers = ("代码", "名称", "文号", "计分") if zh else ("code", "title", "document", "points")
    return Table(headers, tuple(rows)).to_text()


_KINDS_ZH = {"count": "计数", "measure": "数值", "yes_no": "是/否", "choice": "多选"}
_UNITS_ZH = {
    "percentage": "百分比",
    "per_case": "案均",
    "points": "得分",
    "yes_no": "是/否",
    "percentage_points": "百分点",
    "days": "天",
    "count": "数量",
    "per_person": "人均",
}


_PERIODS_ZH = {"week": "周", "month": "月", "quarter": "季度", "year": "年", "range": "时段"}


def _show_text(s: Scheme, lang: Lang) -> str:
    """A scheme as a person reads it: its inputs, then each indicator's formula in words."""
    from courtinfo.report import formula_text

    zh = lang == "zh"
    readers: dict[str, list[str]] = {}
    for ind in s.indicators:
        for ref in ind.formula.references():
            base = split_reference(ref)[0]
            readers.setdefault(base, [])
            if ind.code not in readers[base]:
                readers[base].append(ind.code)
    if zh:
        head = [
            f"{s.code}：{s.title_zh}",
            f"发文：{s.issuer}；文号：{s.document}；日期：{s.date}；"
            f"周期：{_PERIODS_ZH.get(str(s.period_kind), str(s.period_kind))}"
            + (f"；满分{s.max_points:g}分" if s.max_points is not None else ""),
        ]
    else:
        head = [
            f"{s.code}: {s.title_zh}",
            f"{s.title_en}",
            f"issuer {s.issuer}; document {s.document}; date {s.date}; period {s.period_kind}"
            + (f"; maximum {s.max_points:g} points" if s.max_points is not None else ""),
        ]
    rows = []
    for x in s.inputs:
        kind = x.kind.value
        options = "；".join(f"{o.letter}={o.label_zh}" for o in x.options)
        where = ""
        if x.question is not None:
            where = f"第{x.question}题" if zh else f"Q{x.question}"
        rows.append(
            (
                x.id,
                x.label_zh,
                (_KINDS_ZH.get(kind, kind) if zh else kind)
                + (("（平台）" if zh else " (platform)") if x.platform else ""),
                where,
                options,
                "、".join(readers.get(x.id, [])) if zh else ", ".join(readers.get(x.id, [])),
            )
        )
    headers = (
        ("编号", "名称", "类型", "题号", "选项", "用于指标")
        if zh
        else ("id", "label", "kind", "question", "options", "read by")
    )
    out = [*head, ""]
    if rows:
        title = f"输入项（{len(rows)}项）" if zh else f"inputs ({len(rows)})"
        out += [title, Table(headers, tuple(rows)).to_text()]
    out.append(f"指标（{len(s.indicators)}项）" if zh else f"indicators ({len(s.indicators)})")
    for ind in s.indicators:
        unit = ind.unit.value
        if zh:
            extra = [_UNITS_ZH.get(unit, unit)]
            if ind.max_points is not None:
                extra.append(f"满分{ind.max_points:g}分")
            if ind.companion:
                extra.append("辅助指标")
            if ind.direction.value != "higher":
                extra.append("越低越好")
            out.append(f"{ind.label} [{ind.code}]（{'，'.join(extra)}）")
            out.append(f"    计算：{formula_text(s, ind.code, lang)}")
        else:
            extra = [unit]
            if ind.max_points is not None:
                extra.append(f"max {ind.max_points:g} point{'' if ind.max_points == 1 else 's'}")
            if ind.companion:
                extra.append("companion")
            if ind.direction.value != "higher":
                extra.append("lower is better")
            out.append(f"{ind.label} [{ind.code}] {ind.name_en} ({', '.join(extra)})")
            out.append(f"    formula: {formula_text(s, ind.code, lang)}")
        for t in ind.targets:
            value = format_target(t.value, t.comparator.value, unit)
            shown = value if t.value is not None else ("待定" if zh else t.status.value)
            note = ("（原则上）" if zh else " (in principle)") if t.in_principle else ""
            if zh:
                out.append(f"    目标（{t.scope.describe_zh()}）：{shown}{note}")
            else:
                out.append(f"    target {t.scope.describe_zh()}: {shown}{note}")
        r = ind.responsibility
        if r is not None:
            who = "、".join(r.leaders)
            depts = "、".join(r.departments_zh or r.scopes)
            word = "责任：" if zh else "responsible: "
            out.append(f"    {word}{who + ' / ' if who else ''}{depts}")
    return "\n".join(out) + "\n"


def _cmd_show(args: argparse.Namespace) -> str:
    from courtinfo.report import formula_text

    s = resolve_scheme(args.scheme)
    if args.format == "json":
        data = scheme_to_data(s)
        for entry in data.get("indicators", []):
            entry["formula_text"] = formula_text(s, entry["code"], args.lang)
        return render_json(data)
    return _show_text(s, args.lang)


def _cmd_explain(args: argparse.Namespace) -> _Output | tuple[_Output, int]:
    from courtinfo.evaluation import court_figures
    from courtinfo.report import explain

    scheme = resolve_scheme(args.scheme)
    when = _period("--period", args.period)
    try:
        code = scheme.indicator(args.indicator).code
    except CourtinfoError as exc:
        raise _Fail(f"--indicator: {one_line(exc)}") from None
    results, note = _evaluate(scheme, args, period=when)
    try:
        court = _court_code(results, args.court)
        rows = results.select(court=court, department=args.department or "", period=when)
        source = results
        if not rows and not args.department:
            # No court-level row in the file: the 全院 figure is its departments summed.
            figures = court_figures(results, courts=[court], periods=[when])
            found = figures.row(code, court, when)
            rows = [] if found is None else [found]
            source = figures.results
        if not rows:
            who = f"department {args.department!r} of " if args.department else ""
            msg = f"{args.file}: no row for {who}court {args.court!r} in {when}"
            raise _Fail(msg)
        report = explain(source, rows[0], code, lang=args.lang)
    except CourtinfoError as exc:
        raise _Fail(one_line(exc, args.file)) from None
    out = _render(report, args.format)
    if note and isinstance(out, str) and args.format in ("table", "markdown"):
        # A figure of a partial period (8 of 52 weeks) says so, as the other reports do.
        out = note + ("\n" if args.format == "markdown" else "") + out
    return _flagged(args, results, out)


def _flagged(
    args: argparse.Namespace, results: Results, out: _Output
) -> _Output | tuple[_Output, int]:
    """`out`, with the exit status and the stderr line of rows flagged invalid, if any."""
    if not results.invalid:
        return out
    say(invalid_warning(args.file or getattr(args, "query", None), results.invalid))
    return out, EXIT_INVALID_ROWS


def _cmd_evaluate(args: argparse.Namespace) -> _Output | tuple[_Output, int]:
    results, out = _evaluated(args)
    return _flagged(args, results, out)


def _evaluated(args: argparse.Namespace) -> tuple[Results, _Output]:
    """The results of `evaluate` and their output."""
    from courtinfo.report import docx_bytes, excel_bytes, score_reports

    progress: Progress | None = getattr(args, "progress", None)
    try:
        url = source_of(args)
    except SourceError as exc:
        raise _Fail(str(exc)) from None
    scheme = resolve_scheme(args.scheme)
    if url is None:
        results, note = _evaluate(scheme, args, args.rollup or (), progress=progress)
    else:
        if args.rollup:
            msg = "--rollup works on FILE; with --db, sum in the query (GROUP BY)"
            raise _Fail(msg)
        note = ""
        try:
            batch = read_db(url, args.query, scheme, max_bytes=args.max_input_size)
            results = evaluate(
                scheme,
                batch,
                invalid=args.invalid,
                unknown_departments=args.unknown_departments,
            )
        except SourceError as exc:
            raise _Fail(str(exc)) from None
        except CourtinfoError as exc:
            raise _Fail(one_line(exc, args.query), exc) from None
    fmt = args.format
    if progress is not None:
        progress.stage("formatting the results")
    if fmt in ("json", "csv"):
        if left_out_records(results):
            # Rows a roll-up left out of its sums follow the rolled-up rows (table and
            # Markdown say so above them, xlsx under its title): a few rows, as text.
            if fmt == "json":
                return results, with_left_out_json(results, to_json(results))
            return results, with_left_out_csv(results, to_csv(results))
        writer = write_json if fmt == "json" else write_csv
        return results, _Stream(lambda out: writer(results, out))
    if fmt == "xlsx":
        if scheme.scored and len(results) == 1:
            return results, excel_bytes(_noted(score_reports(results), note)[0])
        return results, excel_bytes(results, notes=_note_lines(note))
    if fmt == "docx":
        if not scheme.scored:
            msg = (
                f"--format docx: scheme {scheme.code!r} awards no points, so there is no score "
                "report; write a bulletin (courtinfo bulletin --format docx) or use --format xlsx"
            )
            raise _Fail(msg)
        if not len(results):
            msg = (
                f"--format docx: {args.file or args.query}: no score report to write: no rows "
                "to evaluate" + (", every row was left out (--format table lists them)" if results.invalid else "")
            )
            raise _Fail(msg)
        return results, docx_bytes(_noted(score_reports(results), note))
    if scheme.scored and len(results):
        # The first report carries the note and the rows left out that no report lists.
        reports = _noted(score_reports(results, lang=args.lang), note)
        sep = "\n" if fmt == "table" else "\n---\n\n"
        return results, sep.join(str(_render(rep, fmt)) for rep in reports)
    # Rows a roll-up left out of its sums are no rows of the table: said above it.
    if lines := invalid_lines(scheme, left_out_rows(results), args.lang):
        note += "\n".join([left_out_heading(args.lang), *lines]) + "\n"
    if not len(results):
        source = args.file or args.query
        empty = f"{source}：没有可评价的数据" if args.lang == "zh" else f"{source}: no snapshots to evaluate"
        return results, note + empty + "\n"
    # A national week is 1.4 M lines: written from the columns as they are made.
    write = write_table if fmt == "table" else write_markdown
    head, lang = note.encode(), args.lang
    return results, _Stream(lambda out: (out.write(head), write(results, out, lang=lang)))


def _noted(reports: list[ScoreReport], note: str) -> list[ScoreReport]:
    """`reports`, the first saying `note` (what a roll-up over time covered) before its own
    notes, so that every format of them says it."""
    if note and reports:
        first = reports[0]
        reports[0] = attrs.evolve(first, notes=(*_note_lines(note), *first.notes))
    return reports


def _note_lines(note: str) -> tuple[str, ...]:
    """The lines of a note for a report's `notes`."""
    return tuple(note.rstrip("\n").split("\n")) if note else ()


def _court_code(results: Results, court: str) -> str:
    """`court` as a code: a code in the data as it is, else a Chinese name looked up in the tree."""
    if court in results.batch.courts or results.courts is None:
        return court
    try:
        return results.courts.find(court).code
    except CourtinfoError:
        return court


def _cmd_bulletin(args: argparse.Namespace) -> _Output | tuple[_Output, int]:
    from courtinfo.evaluation import court_figures
    from courtinfo.report import bulletin

    scheme = resolve_scheme(args.scheme)
    if (args.week is None) == (args.period is None):
        raise _Fail(
            "bulletin: give --week (2022-W21) or --period (2022-05, 2022-Q2, 2022), one of them"
        )
    if args.week is not None:
        when = _period("--week", args.week)
        if when.kind is not PeriodKind.WEEK:
            msg = (
                f"--week: {args.week!r} is a {when.kind.value}, not an ISO week such as "
                "2022-W21; for a bulletin of another period use --period"
            )
            raise _Fail(msg)
    else:
        when = _period("--period", args.period)
    listed: list[Department] = []
    results, note = _evaluate(scheme, args, period=when, listed=listed)
    try:
        court = _court_code(results, args.court)
        # The 全院 rows of this period and the one before, rolled up and evaluated once.
        figures = court_figures(
            results,
            courts=[court],
            periods=[when, when.previous()],
            evaluator=Evaluator(scheme, courts=results.courts),
        )
        report = bulletin(
            results,
            court=court,
            period=when,
            court_level=figures,
            lang=args.lang,
            departments=listed,
        )
        # Rows a month's roll-up left out of its sums join the bulletin's list of invalid rows.
        left_out = [e for e in left_out_rows(results) if e.court == court]
        if left_out:
            more = invalid_lines(scheme, left_out, args.lang, listed)
            report = attrs.evolve(report, invalid=report.invalid + more)
    except CourtinfoError as exc:
        raise _Fail(one_line(exc, args.file), exc) from None
    # What a roll-up over time covered, in every format (a Word copy of a partial year too).
    report = attrs.evolve(report, notes=_note_lines(note))
    return _flagged(args, results, _render(report, args.format))


def _cmd_rank(args: argparse.Namespace) -> _Output | tuple[_Output, int]:
    from courtinfo.evaluation import peer_figures
    from courtinfo.report import rank_courts

    scheme = resolve_scheme(args.scheme)
    if args.format == "docx":
        msg = "--format docx: a ranking is written as xlsx, csv, json, markdown or a table"
        raise _Fail(msg)
    indicator = args.indicator
    if indicator != "total":
        indicator = _indicator(scheme, indicator).code
    elif not scheme.scored:
        codes = ", ".join(i.code for i in scheme.numbered)
        msg = (
            f"--indicator total: scheme {scheme.code!r} awards no points, so there is no total; "
            f"rank on one of: {codes}"
        )
        raise _Fail(msg)
    period = _period("--period", args.period)
    results, note = _evaluate(scheme, args, period=period)
    if results.courts is None:
        msg = (
            f'{args.file}: no court tree: ranking needs the file\'s "courts" list '
            '(a JSON file {"courts": [...], "snapshots": [...]})'
        )
        raise _Fail(msg)
    try:
        parent = _court_code(results, args.parent)
        peers = peer_figures(results, parent=parent, period=period)
        # Rows a roll-up left out of its sums join the ranking's list of invalid rows.
        children = {c.code for c in peers.children}
        left_out = tuple(e for e in left_out_rows(results) if e.court in children)
        if left_out:
            peers = attrs.evolve(peers, invalid=peers.invalid + left_out)
        report = rank_courts(peers, indicator, leading_group_size=args.leading, lang=args.lang)
    except CourtinfoError as exc:
        raise _Fail(one_line(exc, args.file), exc) from None
    report = attrs.evolve(report, notes=_note_lines(note))
    return _flagged(args, results, _render(report, args.format))


def _version() -> str:
    import importlib.metadata  # here: it costs every start of the command, and is read rarely

    try:
        return importlib.metadata.version("courtinfo")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout that is not installed
        return "unknown (not installed)"


def _output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (atomically: the old file stays whole if writing fails)",
    )
    p.add_argument(
        "--excel-csv",
        action="store_true",
        help="write CSV as UTF-8 with a byte-order mark, so that Excel shows Chinese",
    )


def _lang_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang",
        choices=LANGS,
        default="zh",
        help="language of the report's text: zh (Chinese, the default) or en",
    )


class _VersionAction(argparse.Action):
    """--version: the installed version, looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show the version and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> NoReturn:
        with contextlib.suppress(AttributeError, OSError):  # stdout closed: as argparse does
            sys.stdout.write(f"courtinfo {_version()}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `courtinfo` command."""
    parser = _Parser(
        prog="courtinfo",
        description="Indicators of Chinese court informatization.",
        epilog=EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    listing = sub.add_parser("schemes", help="list the shipped schemes")
    listing.set_defaults(run=_cmd_schemes, format="table")
    _lang_option(listing)
    _output_options(listing)
    show = sub.add_parser("show", help="a scheme's inputs, indicators, formulas and targets")
    show.add_argument("scheme", metavar="SCHEME", help="a shipped scheme's code or a scheme file")
    show.add_argument("--format", choices=("table", "json"), default="table")
    _lang_option(show)
    show.set_defaults(run=_cmd_show)
    _output_options(show)
    add_all_problems(show)

    def command(name: str, text: str, optional: bool = False) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text)
        p.add_argument("--scheme", required=True, help="a shipped scheme's code or a scheme file")
        p.add_argument("--format", choices=FORMATS, default="table")
        _lang_option(p)
        p.add_argument(
            "file",
            metavar="FILE",
            nargs="?" if optional else None,
            help="snapshots: .json, .csv or .xlsx; - for stdin",
        )
        p.add_argument(
            "--input-format",
            choices=INPUT_FORMATS,
            help="the format of FILE (needed for -, else taken from the suffix)",
        )
        p.add_argument(
            "--encoding",
            default="utf-8",
            help="text encoding of a CSV or JSON FILE (gb18030 or gbk for Chinese Excel's CSV)",
        )
        p.add_argument(
            "--sheet",
            type=_sheet,
            default=0,
            metavar="NAME",
            help="the sheet of an .xlsx FILE: its name, or number from 0 (default the first)",
        )
        p.add_argument(
            "--unknown-departments",
            choices=UNKNOWN_DEPARTMENTS,
            default="refuse",
            help="a department name of no known kind (a typo such as 审监廷): refuse it (the "
            "default) or allow it, evaluated without a target and reported as such",
        )
        _output_options(p)
        add_input_options(p)
        add_invalid_option(p)
        return p

    ev = command(
        "evaluate", "evaluate every snapshot of FILE (or of a database query)", optional=True
    )
    add_db_options(ev)
    ev.add_argument(
        "--rollup",
        action="append",
        choices=ROLLUPS,
        help="roll up before evaluating: over time (month, quarter, year, ytd: one of them), "
        "departments into courts, up the court tree; may be given several times",
    )
    ev.set_defaults(run=_cmd_evaluate)
    bull = command("bulletin", "a court's bulletin (周通报, or a month's, a year's)")
    bull.add_argument("--court", required=True, help="court code (or its Chinese name)")
    bull.add_argument("--week", help="ISO week such as 2022-W21")
    bull.add_argument(
        "--period", help="a month, quarter or year (2022-05, 2022-Q2, 2022), rolled up from weeks"
    )
    bull.set_defaults(run=_cmd_bulletin)
    rank = command("rank", "rank the courts under a parent court")
    rank.add_argument("--parent", required=True, help="the parent court's code")
    rank.add_argument(
        "--period",
        required=True,
        help="period such as 2022-W21, 2022-05 or 2019 (months and years rolled up from weeks)",
    )
    rank.add_argument(
        "--indicator",
        default="total",
        help="indicator code or Chinese name (网上立案率), or 'total' (points)",
    )
    rank.add_argument(
        "--leading",
        type=_positive,
        default=None,
        metavar="N",
        help="size of the leading group (第一方阵); default the scheme's, else 5",
    )
    rank.set_defaults(run=_cmd_rank)
    why = command("explain", "why one row's figure of one indicator is what it is")
    why.add_argument("--court", required=True, help="court code (or its Chinese name)")
    why.add_argument("--period", required=True, help="period such as 2022-W21 or 2019")
    why.add_argument("--department", default=None, help="department (default: the whole court)")
    why.add_argument("--indicator", required=True, help="indicator code")
    why.set_defaults(run=_cmd_explain)
    add_check(sub)
    tmpl = sub.add_parser(
        "template", help="the empty data collection form (数据采集表) of a scheme"
    )
    tmpl.add_argument("--scheme", required=True, help="a shipped scheme's code or a scheme file")
    tmpl.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    _output_options(tmpl)
    tmpl.set_defaults(run=_cmd_template)
    return parser


def _cmd_template(args: argparse.Namespace) -> str | bytes:
    from courtinfo.io import template_csv, template_xlsx

    scheme = resolve_scheme(args.scheme)
    if args.format == "xlsx":
        return template_xlsx(scheme)
    args.excel_csv = True  # a form is opened in Excel: the BOM makes it show Chinese
    return template_csv(scheme)


_BOM = "\ufeff".encode()


class _CannotWrite(Exception):
    """Standard output is closed or refuses the report (a full disk)."""


def _to_stdout(args: argparse.Namespace) -> bool:
    return getattr(args, "output", None) in (None, "-")


def _stream_to_stdout(out: _Stream, bom: bool) -> None:
    """`out` written to standard output as it is made, every write whole (`WholeWriter`);
    made whole first where stdout takes text only or is not UTF-8."""
    binary = getattr(sys.stdout, "buffer", None)
    encoding = "utf-8" if bom else (sys.stdout.encoding or "utf-8")
    if binary is None or codecs.lookup(encoding).name != "utf-8":
        text = io.BytesIO()
        out.write(text)
        to_stdout(text.getvalue().decode(), bom=bom)
        return
    sys.stdout.flush()
    whole = WholeWriter(binary)
    whole.write(_BOM if bom else b"")
    out.write(cast("BinaryIO", whole))
    whole.flush()


def _write(args: argparse.Namespace, out: _Output) -> None:
    """Write the command's output to -o FILE atomically, or to stdout."""
    bom = bool(getattr(args, "excel_csv", False))
    if not _to_stdout(args):
        if isinstance(out, _Stream):
            with atomic_file(args.output) as file:
                file.write(_BOM if bom else b"")
                out.write(file)
        elif isinstance(out, bytes):
            atomic_write(args.output, out)
        else:
            write_text(args.output, out, encoding="utf-8-sig" if bom else "utf-8")
        return
    if isinstance(out, bytes):
        msg = f"--format {args.format} writes a file: give -o FILE"
        raise _Fail(msg)
    if sys.stdout is None:
        raise _CannotWrite(": standard output is closed")
    try:
        if isinstance(out, _Stream):
            _stream_to_stdout(out, bom)
        else:
            to_stdout(out, bom=bom)
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:  # a full disk (/dev/full), a descriptor closed under us
        silence_stdout()
        raise _CannotWrite(f" to standard output ({os_reason(exc)})") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command in `argv` (default: the command line); return the exit status."""
    progress = Progress(sys.stderr)
    try:
        return _main(argv, progress)
    except KeyboardInterrupt:
        # Ctrl-C: one line, no traceback, and the status shells give an interrupted command.
        # A report half written to a pipe nobody reads would block the exit's flush.
        progress.close()
        silence_stdout()
        say("courtinfo: interrupted")
        return EXIT_INTERRUPTED
    finally:
        progress.close()


def _file_head(args: argparse.Namespace | None) -> str:
    """'FILE: ' for a command reading a data file, else ''."""
    source = getattr(args, "file", None)
    return f"{source}: " if source else ""


def _fail(exc: BaseException, line: str, args: argparse.Namespace | None) -> int:
    every = None
    source = getattr(args, "file", None) or getattr(args, "scheme", None)
    if getattr(args, "all_problems", False):
        every = problem_lines(exc, source)
    for text in every or [line]:
        say(text)
    found = every_problem(exc, source) or [line.removeprefix("courtinfo: error: ")]
    save_problems(getattr(args, "problems", None), found)
    return EXIT_BAD_INPUT


def _main(argv: Sequence[str] | None, progress: Progress) -> int:
    parser = build_parser()
    args: argparse.Namespace | None = None
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
        args.progress = progress
        fmt = getattr(args, "format", None)
        if fmt in BINARY_FORMATS and _to_stdout(args):
            msg = f"--format {fmt} writes a file: give -o FILE"
            raise _Fail(msg)
        if getattr(args, "excel_csv", False) and fmt != "csv":
            msg = f"--excel-csv writes CSV; it does not apply to --format {fmt}"
            raise _Fail(msg)
        if sys.stdout is None and _to_stdout(args):
            # Started with stdout closed (`courtinfo ... >&-`): say so before a long run.
            raise _CannotWrite(": standard output is closed")
        out = args.run(args)
        save_problems(getattr(args, "problems", None), [])
        progress.stage("writing")
        status = 0
        if isinstance(out, tuple):  # a command that reports and still fails (check)
            out, status = out
        progress.close()
        try:
            _write(args, out)
        except BrokenPipeError:
            # The reader left before the report was written whole (`| head -c 1`).
            return broken_pipe()
    except SystemExit as exc:  # --help, --version
        progress.close()
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_BAD_INPUT
    except _CannotWrite as exc:
        progress.close()
        say(f"courtinfo: error: cannot write the report{exc}")
        return EXIT_CANNOT_WRITE
    except _Fail as exc:
        progress.close()
        return _fail(exc, f"courtinfo: error: {exc}", args)
    except CourtinfoError as exc:
        progress.close()
        return _fail(exc, f"courtinfo: error: {one_line(exc)}", args)
    except OSError as exc:
        progress.close()
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(exc, f"courtinfo: error: {where}{os_reason(exc)}", args)
    except MemoryError:
        progress.close()
        say(
            f"courtinfo: error: {_file_head(args)}out of memory; split the input or give the command more "
            "memory (--max-input-size SIZE refuses larger inputs before reading them)"
        )
        return EXIT_OUT_OF_MEMORY
    except Exception as exc:
        progress.close()
        if os.environ.get("COURTINFO_DEBUG"):
            raise
        say(
            f"courtinfo: internal error: {_file_head(args)}{type(exc).__name__}: {one_line(exc)} "
            "(a bug: please report it; COURTINFO_DEBUG=1 shows the traceback)"
        )
        return EXIT_INTERNAL_ERROR
    return status


if __name__ == "__main__":
    sys.exit(main())
