"""The command line's roll-ups: which grain a period asks for, and the coverage note."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from courtinfo import load_dataset
from courtinfo.base import InputError
from courtinfo.cli._rollup import RollupError, coverage_note, grain_for, roll_up
from courtinfo.data import SnapshotBatch
from courtinfo.evaluation import rollup_periods
from courtinfo.indicators import get_scheme
from courtinfo.periods import Period

JIADING = Path(__file__).parents[2] / "examples" / "data" / "jiading-2022.json"


def test_a_month_or_year_of_weekly_data_is_rolled_up_to_it() -> None:
    data = load_dataset(JIADING)  # weeks 2022-W14..W21
    assert grain_for(Period.month(2022, 5), data) == "month"
    assert grain_for(Period.year(2022), data) == "year"
    assert grain_for(Period.quarter(2022, 2), data) == "quarter"
    assert grain_for(Period.week(2022, 21), data) is None  # the data have it already


def test_coverage_note_names_the_weeks_of_each_period() -> None:
    data = load_dataset(JIADING)
    rolled = rollup_periods(data.batch(), "quarter", aggregates=get_scheme("shanghai-2022"))
    # Q2 2022 has 13 ISO weeks by Thursday (April 7 … June 30): W14..W26; the file has W14..W21.
    assert coverage_note(rolled) == "按时间累计：2022年第2季度（2022年第14周至2022年第21周，13周中的8周，不完整）\n"
    assert coverage_note(rolled, "en") == (
        "rolled up over time — 2022-Q2: 2022-W14..2022-W21 (8 of 13 weeks), partial\n"
    )
    with pytest.raises(InputError, match="lang 'fr' is not 'zh'"):
        coverage_note(rolled, "fr")  # type: ignore[arg-type]


def test_coverage_note_counts_the_partial_rows_of_a_whole_period() -> None:
    # Court a reports 2022-01..03 (Q1 whole); court b only 2022-02: one of Q1's two rows is partial.
    rows = [("a", m) for m in ("2022-01", "2022-02", "2022-03")] + [("b", "2022-02")]
    batch = SnapshotBatch.from_columns(court=[c for c, _ in rows], period=[m for _, m in rows], columns={"n": np.ones(4)})
    rolled = rollup_periods(batch, "quarter", aggregates={"n": "sum"})
    assert rolled.batch.columns["n"].tolist() == [3.0, 1.0]
    assert coverage_note(rolled) == "按时间累计：2022年第1季度（2022年1月至2022年3月，共3个月；其中2行中1行不完整）\n"
    assert coverage_note(rolled, "en") == (
        "rolled up over time — 2022-Q1: 2022-01..2022-03 (3 of 3 months); partial for 1 of 2 rows\n"
    )
    assert rolled.covers(1, "zh") == "2022年2月，3个月中的1个，不完整"
    one = SnapshotBatch.from_columns(court=["a"], period=["2021"], columns={"n": np.array([2.0])})
    years = rollup_periods(one, "year", aggregates={"n": "sum"})
    assert (years.covers(0, "zh"), years.covers(0)) == ("2021年，共1年", "2021 (1 of 1 year)")


def test_one_time_grain_at_a_time() -> None:
    data = load_dataset(JIADING)
    with pytest.raises(RollupError, match="one time grain at a time, not month and ytd"):
        roll_up(get_scheme("shanghai-2022"), data, ["month", "ytd"])
    both = roll_up(get_scheme("shanghai-2022"), data, ["month", "departments"])
    assert {str(p) for p in both.batch.periods} == {"2022-04", "2022-05"}
    assert both.batch.departments == ("",)  # court-level rows only


def _sums(department: str | None, weeks: list[str], *names: str) -> list[int]:
    import json

    raw = json.loads(JIADING.read_text(encoding="utf-8"))["snapshots"]
    rows = [s for s in raw if (department is None or s.get("department") == department) and s["period"] in weeks]
    return [sum(s["values"][n] for s in rows) for n in names]


def test_every_time_grain_from_the_command_line_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    # The data are 2022-W14..W21 (Thursdays April 7 .. May 26). 电子送达发送率 = 发送数 ÷ 送达总数,
    # each summed over the weeks of the period: flows.
    import json

    from courtinfo.cli import main

    weeks = [f"2022-W{w}" for w in range(14, 22)]
    names = ("e_service_sent", "all_services")

    def rate(department: str | None, some: list[str]) -> float:
        sent, services = _sums(department, some, *names)
        return sent / services

    def records(*argv: str) -> dict[tuple[str, str], float]:
        assert main(["evaluate", "--scheme", "shanghai-2022", "--format", "json", *argv, str(JIADING)]) == 0
        out = capsys.readouterr().out
        return {(r["department"], r["period"]): r["value"] for r in json.loads(out) if r["indicator"] == "e_service_send_rate"}

    quarter = records("--rollup", "quarter")
    assert quarter["立案庭", "2022-Q2"] == pytest.approx(rate("立案庭", weeks), rel=1e-15)
    year = records("--rollup", "year")
    assert year["立案庭", "2022"] == pytest.approx(rate("立案庭", weeks), rel=1e-15)
    month = records("--rollup", "month")
    assert month["立案庭", "2022-04"] == pytest.approx(rate("立案庭", weeks[:4]), rel=1e-15)
    ytd = records("--rollup", "ytd")
    # 1-N周累计: the span of ISO 2022 weeks 1..18 (Monday 2022-01-03 to Sunday 2022-05-08) holds
    # the data's W14..W18; weeks 1..21 all eight.
    assert ytd["立案庭", "2022-01-03/2022-05-08"] == pytest.approx(rate("立案庭", weeks[:5]), rel=1e-15)
    assert ytd["立案庭", "2022-01-03/2022-05-29"] == pytest.approx(rate("立案庭", weeks), rel=1e-15)
    both = records("--rollup", "ytd", "--rollup", "departments")
    assert both[None, "2022-01-03/2022-05-29"] == pytest.approx(rate(None, weeks), rel=1e-15)

    # The bulletin of a year and the ranking of a month, from the same weekly data.
    argv = ["bulletin", "--scheme", "shanghai-2022", "--court", "shanghai-jiading", "--period", "2022", "--format", "json", str(JIADING)]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    # (2) 庭审记录改革适用率 = 改革庭审数 ÷ 庭审数, each summed over the year's weeks so far.
    section = next(s for s in report["sections"] if s["indicator"] == "record_reform_rate")
    by_dept = {e["department"]: e["value"] for e in section["entries"]}
    reform_names = ("record_reform_hearings", "hearings")
    reform, hearings = _sums("刑事庭", weeks, *reform_names)
    assert by_dept["刑事庭"] == pytest.approx(reform / hearings, rel=1e-15)
    reform, hearings = _sums(None, weeks, *reform_names)
    assert by_dept["全院"] == pytest.approx(reform / hearings, rel=1e-15)
    argv = ["rank", "--scheme", "shanghai-2022", "--parent", "shanghai-2nd", "--period", "2022-05", "--indicator", "e_service_send_rate", "--format", "json", str(JIADING)]
    assert main(argv) == 0
    ranking = json.loads(capsys.readouterr().out)
    # May 2022: the weeks whose Thursdays are May 5 .. 26, W18..W21, every department pooled.
    assert ranking["entries"][0]["value"] == pytest.approx(rate(None, weeks[4:]), rel=1e-15)
    assert ranking["entries"][0]["rank"] == 1


def test_a_partial_year_is_said_in_every_format_of_a_bulletin_and_a_ranking(tmp_path: Path) -> None:
    # The file has 2022-W14..W21: a bulletin or ranking of 2022 adds 8 of its 52 weeks. Text
    # said so above the report; a Word or Excel copy, or JSON, said nothing: a year's figures
    # that are 8 weeks' read as the whole year's.
    import json
    import subprocess
    import sys

    pytest.importorskip("docx")
    openpyxl = pytest.importorskip("openpyxl")
    import docx

    script = Path(sys.executable).parent / "courtinfo"
    partial = "按时间累计：2022年（2022年第14周至2022年第21周，52周中的8周，不完整）"
    bulletin = ["bulletin", "--scheme", "shanghai-2022", "--court", "shanghai-jiading", "--period", "2022"]
    rank = ["rank", "--scheme", "shanghai-2022", "--parent", "shanghai-2nd", "--period", "2022", "--indicator", "e_service_send_rate"]

    def run(*argv: str) -> str:
        done = subprocess.run([str(script), *argv, str(JIADING)], capture_output=True, text=True, encoding="utf-8", timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    for argv in (bulletin, rank):
        assert run(*argv).splitlines()[0] == partial
        assert run(*argv, "--format", "markdown").startswith(partial + "  \n\n")
        assert json.loads(run(*argv, "--format", "json"))["notes"] == [partial]
        assert run(*argv, "--lang", "en").splitlines()[0] == (
            "rolled up over time — 2022: 2022-W14..2022-W21 (8 of 52 weeks), partial"
        )
    out = tmp_path / "b.docx"
    run(*bulletin, "--format", "docx", "-o", str(out))
    paras = [p.text for p in docx.Document(str(out)).paragraphs]
    assert paras[0].startswith("上海市嘉定区人民法院 通报 2022年") and paras[1] == partial
    for argv, sheet in ((bulletin, 0), (rank, 0)):
        out = tmp_path / "r.xlsx"
        run(*argv, "--format", "xlsx", "-o", str(out))
        column = [c.value for c in openpyxl.load_workbook(out).worksheets[sheet]["A"]]
        assert column[1] == partial, column[:4]  # under the sheet's title


def test_a_partial_period_is_said_in_the_workbook_of_rolled_up_results(tmp_path: Path) -> None:
    import subprocess
    import sys

    from courtinfo.base import InputError
    from courtinfo.report import excel_bytes

    openpyxl = pytest.importorskip("openpyxl")
    script = Path(sys.executable).parent / "courtinfo"
    out = tmp_path / "q.xlsx"
    argv = ["evaluate", "--scheme", "shanghai-2022", "--rollup", "quarter", "--format", "xlsx", "-o", str(out), str(JIADING)]
    done = subprocess.run([str(script), *argv], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    column = [c.value for c in openpyxl.load_workbook(out)["评价结果"]["A"]]
    assert column[1] == "按时间累计：2022年第2季度（2022年第14周至2022年第21周，13周中的8周，不完整）"
    assert column[2].startswith("方案：shanghai-2022")
    with pytest.raises(InputError, match="to_excel: notes must be a list of lines"):
        excel_bytes(None, notes="按时间累计")


def test_an_explanation_of_a_partial_year_says_it_is_partial(capsys: pytest.CaptureFixture[str]) -> None:
    from courtinfo.cli import main

    argv = ["explain", "--scheme", "shanghai-2022", "--court", "shanghai-jiading", "--period", "2022",
            "--department", "立案庭", "--indicator", "e_service_send_rate", str(JIADING)]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    # 电子送达发送率 of 立案庭 over the file's 8 weeks: 495 ÷ 1405, a year of 8 of its 52 weeks.
    sent, services = _sums("立案庭", [f"2022-W{w}" for w in range(14, 22)], "e_service_sent", "all_services")
    assert (sent, services) == (495, 1405)
    assert lines[0] == "按时间累计：2022年（2022年第14周至2022年第21周，52周中的8周，不完整）"
    assert lines[3] == "本行：电子送达发送率 = 495 ÷ 1405 = 35.2%"
