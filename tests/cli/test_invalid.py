"""`--invalid flag`: one bad row flagged, the output written whole, exit status 3 (real runs)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from courtinfo.cli._invalid import EXIT_INVALID_ROWS
from tests import national

SCRIPT = Path(sys.executable).parent / "courtinfo"
WARNING = (
    "courtinfo: warning: {path}: 1 row invalid, flagged and left out of sums, rankings and "
    "averages; first: court 'b', department '执行局', period 2022-W21, indicator e_seal_rate: "
    "invalid input: (e_seal_cases) must not exceed (cases_in_hand): e_seal_cases=12, "
    "cases_in_hand=10"
)


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *argv], capture_output=True, text=True, encoding="utf-8", timeout=120
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("invalid") / "national.json"
    path.write_text(national.data_file(), "utf-8")
    return path


def test_the_status_is_distinct() -> None:
    from courtinfo.cli import _main

    others = [
        getattr(_main, n) for n in dir(_main) if n.startswith("EXIT_") and n != "EXIT_INVALID_ROWS"
    ]
    assert len(others) >= 4  # bad input, bug, cannot write, interrupted …
    assert EXIT_INVALID_ROWS == 3
    assert EXIT_INVALID_ROWS not in [0, *others]


def test_by_default_one_bad_row_fails_the_run_and_nothing_is_written(data: Path) -> None:
    out = data.parent / "kept.json"
    out.write_text("old", "utf-8")
    done = _run("evaluate", "--scheme", national.SCHEME, "--format", "json", "-o", str(out), str(data))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"courtinfo: error: {data}: indicator e_seal_rate: (e_seal_cases) must not exceed "
        "(cases_in_hand): e_seal_cases=12, cases_in_hand=10 (court 'b', department '执行局', "
        "period 2022-W21)"
    ]
    assert out.read_text("utf-8") == "old"


def test_flag_writes_the_json_whole_warns_once_and_exits_3(data: Path) -> None:
    out = data.parent / "results.json"
    done = _run(
        "evaluate", "--scheme", national.SCHEME, "--invalid", "flag", "--format", "json",
        "-o", str(out), str(data),
    )
    assert done.returncode == EXIT_INVALID_ROWS
    assert done.stderr.splitlines() == [WARNING.format(path=data)]
    records = json.loads(out.read_text("utf-8"))
    assert len(records) == 6 * 20  # every row, every indicator of shanghai-2022
    flagged = [r for r in records if r["missing"] == "INVALID"]
    assert [(r["court"], r["department"], r["indicator"], r["value"]) for r in flagged] == [
        ("b", "执行局", "e_seal_rate", None)
    ]
    assert flagged[0]["reason"].endswith("e_seal_cases=12, cases_in_hand=10")
    by = {(r["court"], r["department"], r["indicator"]): r["value"] for r in records}
    assert by["a", "执行局", "mobile_enforcement_rate"] == pytest.approx(0.625, abs=1e-15)
    assert by["b", "执行局", "online_filing_rate"] == 1.0


def test_flag_on_stdout_csv(data: Path) -> None:
    done = _run("evaluate", "--scheme", national.SCHEME, "--invalid", "flag", "--format", "csv", str(data))
    assert done.returncode == EXIT_INVALID_ROWS
    assert len(done.stderr.splitlines()) == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 1 + 6 * 20
    assert [ln.split(",")[:4] for ln in lines if ",INVALID," in ln] == [
        ["b", "执行局", "2022-W21", "e_seal_rate"]
    ]


def test_bulletin_and_rank_flag_too(data: Path) -> None:
    done = _run(
        "bulletin", "--scheme", national.SCHEME, "--invalid", "flag", "--court", "b",
        "--week", national.WEEK, str(data),
    )
    assert done.returncode == EXIT_INVALID_ROWS
    assert done.stderr.splitlines() == [WARNING.format(path=data)]
    assert "数据有误1行：不计入全院汇总、排名与全市平均，见数据有误清单" in done.stdout
    assert "\n数据有误清单\nb 执行局 2022年第21周 (10) 电子签章率，数据有误：" in done.stdout
    done = _run(
        "rank", "--scheme", national.SCHEME, "--invalid", "flag", "--parent", "city",
        "--period", national.WEEK, "--indicator", "e_seal_rate", str(data),
    )
    assert done.returncode == EXIT_INVALID_ROWS
    # b ranks on its 立案庭's 30/40; the city's pool is 43/66 = 65.15%.
    assert "   1  b         乙区人民法院  75.0%" in done.stdout
    assert "全市法院平均（合并计算）：65.2%" in done.stdout
    assert "\n数据有误1行，未参与排名与全市法院平均：\nb 执行局 2022年第21周" in done.stdout
    done = _run("rank", "--scheme", national.SCHEME, "--parent", "city", "--period", national.WEEK, str(data))
    assert done.returncode == 2  # the default still refuses


def test_flag_with_a_roll_up_says_which_rows_were_left_out(data: Path) -> None:
    done = _run(
        "evaluate", "--scheme", national.SCHEME, "--invalid", "flag", "--rollup", "departments",
        str(data),
    )
    assert done.returncode == EXIT_INVALID_ROWS
    lines = done.stdout.splitlines()
    assert lines[0] == "数据有误、未计入汇总的行："
    assert lines[1].startswith("b 执行局 2022年第21周 (10) 电子签章率，数据有误：")
    seal = [ln.split() for ln in lines[2:] if "(10) 电子签章率" in ln]
    assert [(row[0], row[4]) for row in seal] == [("a", "NA"), ("b", "75.0%"), ("c", "NA")]


def test_flag_without_a_bad_row_is_a_plain_success(tmp_path: Path) -> None:
    path = tmp_path / "good.json"
    path.write_text(national.data_file(9), "utf-8")
    done = _run("evaluate", "--scheme", national.SCHEME, "--invalid", "flag", "--format", "json", str(path))
    assert (done.returncode, done.stderr) == (0, "")
    assert not any(r["missing"] == "INVALID" for r in json.loads(done.stdout))


def test_an_unknown_choice_is_refused(data: Path) -> None:
    done = _run("evaluate", "--scheme", national.SCHEME, "--invalid", "skip", str(data))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "courtinfo: error: argument --invalid: invalid choice: 'skip' (choose from 'raise', "
        "'flag') (see 'courtinfo evaluate --help')"
    ]


def test_flag_with_weeks_rolled_up_for_a_monthly_scheme(tmp_path: Path) -> None:
    # jiaozuo-2022 is monthly: weeks are rolled up to months, and the week that breaks a rule
    # (b: 12 online filings of 10 in week 21) is found on the weeks and left out of the month.
    courts = [
        {"code": "city", "level": "intermediate", "name": "某市中级人民法院"},
        {"code": "a", "level": "basic", "name": "甲区人民法院", "parent": "city"},
        {"code": "b", "level": "basic", "name": "乙区人民法院", "parent": "city"},
    ]
    snaps = [
        {"court": c, "department": "立案庭", "period": w, "values": {"filings": 10, "online_filings": n}}
        for w, (na, nb) in (("2022-W20", (8, 10)), ("2022-W21", (8, 12)))
        for c, n in (("a", na), ("b", nb))
    ]
    path = tmp_path / "weeks.json"
    path.write_text(json.dumps({"courts": courts, "snapshots": snaps}, ensure_ascii=False), "utf-8")
    done = _run("evaluate", "--scheme", "jiaozuo-2022", "--rollup", "month", "--format", "json", str(path))
    assert done.returncode == 2  # by default the month's sum 22 > 20 is refused
    done = _run(
        "evaluate", "--scheme", "jiaozuo-2022", "--invalid", "flag", "--rollup", "month",
        "--format", "json", str(path),
    )
    assert done.returncode == EXIT_INVALID_ROWS
    assert "period 2022-W21, indicator online_filing_rate" in done.stderr
    records = json.loads(done.stdout)
    rate = {
        r["court"]: r["value"]
        for r in records
        if r["indicator"] == "online_filing_rate" and r["period"] == "2022-05"
    }
    # a: 16 of 20 over both weeks; b: week 20 alone, 10 of 10.
    assert rate == {"a": 0.8, "b": 1.0}
    # The week left out follows the months, in its own period, saying so.
    assert [(r["court"], r["period"], r["indicator"], r["missing"]) for r in records[-1:]] == [
        ("b", "2022-W21", "online_filing_rate", "INVALID")
    ]
    assert records[-1]["reason"].endswith("; left out of the roll-up")
    assert sum(r["period"] != "2022-05" for r in records) == 1


def test_a_score_report_rolled_up_lists_the_rows_it_left_out(tmp_path: Path) -> None:
    # spc-2019 is yearly and scored: quarters rolled up to 2019, Q2 breaks q6_2 <= q6_1.
    pytest.importorskip("docx")
    openpyxl = pytest.importorskip("openpyxl")
    import docx

    snaps = [
        {"court": "a", "period": q, "values": {"q6_1": 10, "q6_2": n}}
        for q, n in (("2019-Q1", 8), ("2019-Q2", 12), ("2019-Q3", 9), ("2019-Q4", 10))
    ]
    courts = [{"code": "a", "level": "basic", "name": "甲区人民法院"}]
    path = tmp_path / "q.json"
    path.write_text(json.dumps({"courts": courts, "snapshots": snaps}, ensure_ascii=False), "utf-8")
    line = (
        "a 全院 2019年第2季度 (2) 庭审录音录像率，数据有误：完成录音录像的庭审数不得大于庭审总数"
        "（开庭总次数）（完成录音录像的庭审数 12，庭审总数（开庭总次数） 10）"
    )
    args = ("evaluate", "--scheme", "spc-2019", "--invalid", "flag", "--rollup", "year")
    done = _run(*args, str(path))
    assert done.returncode == EXIT_INVALID_ROWS
    text = done.stdout.splitlines()
    # 27 of 30 hearings recorded over Q1, Q3 and Q4: 90.0%, 1.8 of 2 points.
    assert any(x.startswith("(2) 庭审录音录像率") and "90.0%  1.8000" in x for x in text)
    assert text[-2:] == ["数据有误、未计入汇总的行：", line]
    assert text.count(line) == 1  # said once, in the report, not again above it
    for fmt in ("docx", "xlsx"):
        out = tmp_path / f"o.{fmt}"
        done = _run(*args, "--format", fmt, "-o", str(out), str(path))
        assert done.returncode == EXIT_INVALID_ROWS
        if fmt == "docx":
            paras = [p.text for p in docx.Document(str(out)).paragraphs]
            k = paras.index("四、数据有误、未计入汇总的行")
            assert paras[k + 1] == line
        else:
            column = [c.value for c in openpyxl.load_workbook(out)["得分"]["A"]]
            k = column.index("数据有误1行，未计入汇总：")
            assert column[k + 1] == line


def _a_left_out_b_kept(tmp_path: Path, name: str = "q.json", courts_a_b: bool = True) -> Path:
    """a's only quarter (2019-Q2) breaks q6_2 <= q6_1, b's 2019-Q1 is sound (without b with
    `courts_a_b` False): under spc-2019 rolled up to 2019, a has no row, so no score report."""
    snaps = [
        {"court": "a", "period": "2019-Q2", "values": {"q6_1": 10, "q6_2": 12}},
        {"court": "b", "period": "2019-Q1", "values": {"q6_1": 10, "q6_2": 8}},
    ][: 2 if courts_a_b else 1]
    courts = [
        {"code": "c", "level": "intermediate", "name": "某市中级人民法院"},
        {"code": "a", "level": "basic", "name": "甲区人民法院", "parent": "c"},
        {"code": "b", "level": "basic", "name": "乙区人民法院", "parent": "c"},
    ]
    path = tmp_path / name
    path.write_text(json.dumps({"courts": courts, "snapshots": snaps}, ensure_ascii=False), "utf-8")
    return path


def test_a_court_whose_every_row_was_left_out_is_said_above_the_score_reports(
    tmp_path: Path,
) -> None:
    # a's only quarter breaks q6_2 <= q6_1: a has no rolled row, so no score report of its own.
    path = _a_left_out_b_kept(tmp_path)
    done = _run("evaluate", "--scheme", "spc-2019", "--invalid", "flag", "--rollup", "year", str(path))
    assert done.returncode == EXIT_INVALID_ROWS
    text = done.stdout.splitlines()
    k = text.index("数据有误、未计入汇总的行：")
    assert text[k + 1].startswith("a 全院 2019年第2季度 (2) 庭审录音录像率，数据有误：")
    assert text[k + 2].startswith("乙区人民法院 智慧法院建设评价")  # b's report follows
    assert sum(x.startswith("a 全院 2019年第2季度") for x in text) == 1
    assert text[0] == "按时间累计：2019年（2019年第1季度，4个季度中的1个，不完整）"


def test_a_court_whose_every_row_was_left_out_is_listed_in_the_word_and_excel_reports(
    tmp_path: Path,
) -> None:
    # As above: a's only quarter (2019-Q2) is left out, b's 2019-Q1 makes the one report, of b.
    # The Word and Excel reports list a's row (and that b's year is one quarter of four) at the
    # top of that first report: before its part 一, under the 得分 sheet's title.
    pytest.importorskip("docx")
    openpyxl = pytest.importorskip("openpyxl")
    import docx

    path = _a_left_out_b_kept(tmp_path)
    args = ("evaluate", "--scheme", "spc-2019", "--invalid", "flag", "--rollup", "year")
    coverage = "按时间累计：2019年（2019年第1季度，4个季度中的1个，不完整）"
    a_line = (
        "a 全院 2019年第2季度 (2) 庭审录音录像率，数据有误：完成录音录像的庭审数不得大于庭审总数"
        "（开庭总次数）（完成录音录像的庭审数 12，庭审总数（开庭总次数） 10）"
    )
    out = tmp_path / "o.docx"
    done = _run(*args, "--format", "docx", "-o", str(out), str(path))
    assert done.returncode == EXIT_INVALID_ROWS, done.stderr
    paras = [p.text for p in docx.Document(str(out)).paragraphs]
    assert paras[0].startswith("乙区人民法院 智慧法院建设评价")
    assert paras[1:4] == [coverage, "数据有误、未计入汇总的行：", a_line]
    assert paras.index("一、分类得分") > 4 and paras.count(a_line) == 1
    out = tmp_path / "o.xlsx"
    done = _run(*args, "--format", "xlsx", "-o", str(out), str(path))
    assert done.returncode == EXIT_INVALID_ROWS, done.stderr
    column = [c.value for c in openpyxl.load_workbook(out)["得分"]["A"]]
    k = column.index(coverage)
    assert column[k + 1 : k + 3] == ["数据有误、未计入汇总的行：", a_line]
    assert column.index("指标") > k + 2  # above the table's header
    # Every row left out: no report to write, said, not an empty or half-written file.
    only_a = _a_left_out_b_kept(tmp_path, "a.json", courts_a_b=False)
    done = _run(*args, "--format", "docx", "-o", str(tmp_path / "a.docx"), str(only_a))
    assert done.returncode == 2 and not (tmp_path / "a.docx").exists()
    assert done.stderr == (
        f"courtinfo: error: --format docx: {only_a}: no score report to write: no rows to "
        "evaluate, every row was left out (--format table lists them)\n"
    )
