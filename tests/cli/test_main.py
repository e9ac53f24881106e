"""The `courtinfo` command: every subcommand, every format, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from courtinfo import Dataset, dataset_to_json, evaluate, load_dataset, round_half_up
from courtinfo.cli import main
from courtinfo.evaluation import court_figures, peer_figures
from courtinfo.indicators import get_scheme, scheme_to_data, schemes
from courtinfo.org import Court, Department
from courtinfo.report import bulletin, rank_courts
from tests.report import snap, weekly_scheme

CHANGQING = Path(__file__).parents[2] / "examples" / "data" / "changqing-2019.json"
W21 = "2022-W21"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """A scheme file (the small weekly scheme as JSON) and a data file with a court tree."""
    scheme = tmp_path / "mini.json"
    scheme.write_text(json.dumps(scheme_to_data(weekly_scheme()), ensure_ascii=False), "utf-8")
    courts = (
        Court("city", "某市中级人民法院", "intermediate"),  # type: ignore[arg-type]
        Court("a", "甲区人民法院", "basic", "city"),  # type: ignore[arg-type]
        Court("b", "乙区人民法院", "basic", "city"),  # type: ignore[arg-type]
    )
    snaps = [
        snap("a", W21, "民一庭", sent=5, services=10, days=250, cases=10),
        snap("a", W21, "民二庭", sent=38, services=100, days=400, cases=10),
        snap("a", "2022-W20", "民二庭", sent=30, services=100),
        snap("b", W21, None, sent=9, services=10),
    ]
    data = tmp_path / "data.json"
    data.write_text(dataset_to_json(Dataset(snaps, courts=courts)), "utf-8")
    return {"scheme": str(scheme), "data": str(data), "dir": str(tmp_path)}


def test_schemes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "schemes")
    assert (code, err) == (0, "")
    listed = [line.split()[0] for line in out.splitlines()[2:]]
    assert listed == schemes()
    assert "上海市嘉定区人民法院全流程网上办案工作目标及方案（试行）" in out
    assert out.split()[:4] == ["代码", "名称", "文号", "计分"]  # Chinese, as every report
    assert next(ln for ln in out.splitlines() if ln.startswith("spc-2019 ")).endswith("  计分")
    code, out, err = run(capsys, "schemes", "--lang", "en")
    assert out.split()[:4] == ["code", "title", "document", "points"] and "  scored\n" in out


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "shanghai-2022")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "shanghai-2022：上海市嘉定区人民法院全流程网上办案工作目标及方案（试行）"
    assert lines[1].endswith("；日期：2022-05-31；周期：周")  # the period in Chinese, not 'week'
    i = lines.index("(1) 电子送达适用率 [e_service_rate]（百分比）")
    assert lines[i + 1] == "    计算：电子送达适用率 = 电子送达发送率 × 75% + 电子送达成功率 × 25%"
    assert "    计算：网上立案率 = 网上立案数 ÷ 总立案数" in lines
    assert "    目标（立案庭）：≥90%（原则上）" in lines
    row = next(ln for ln in lines if ln.startswith("e_service_sent "))
    assert row.split() == ["e_service_sent", "电子送达发送数", "计数", "e_service_send_rate"]
    code, out, _ = run(capsys, "show", "spc-2019")
    assert "满分58分" in out and "    责任：韩广峰 / 审管办" in out
    assert "(3) 电子签章率 [electronic_seal_rate]（得分，满分1分）\n" in out
    assert (
        "    计算：庭审录音录像率 = 完成录音录像的庭审数 ÷ 庭审总数（开庭总次数）\n" in out
    )
    code, out, _ = run(capsys, "show", "--lang", "en", "spc-2019")
    assert "maximum 58 points" in out and "    responsible: 韩广峰 / 审管办" in out
    assert "(2) 庭审录音录像率 [hearing_recording_rate] Hearing audio-video recording rate (points, max 2 points)\n" in out
    assert "    formula: hearing_recording_rate = q6_2 ÷ q6_1\n" in out
    code, out, _ = run(capsys, "show", "--format", "json", "shanghai-2022")
    data = json.loads(out)
    first = data["indicators"][0]
    assert first["formula"]["kind"] == "blend"
    assert first["formula_text"] == "电子送达适用率 = 电子送达发送率 × 75% + 电子送达成功率 × 25%"
    code, out, _ = run(capsys, "show", "jiaozuo-2022")
    assert code == 0
    lines = out.splitlines()
    i = lines.index("(8) 律师服务平台应用率 [lawyer_platform_rate]（百分比）")
    assert lines[i + 3] == (
        "    责任：立案庭（立案阶段）、审管办（审判阶段）、信访局、民一庭、民二庭、民三庭、"
        "环资庭、审监二庭、破产庭、劳保庭、家事庭、少审庭、行政庭、赔偿办、刑一庭、刑二庭、刑三庭"
    )


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    data = str(Path(__file__).parents[2] / "examples" / "data" / "jiading-2022.json")
    args = ["explain", "--scheme", "shanghai-2022", "--court", "嘉定区人民法院", "--period", W21]
    code, out, err = run(capsys, *args, "--department", "审监庭", "--indicator", "record_reform_rate", data)
    assert (code, err) == (0, "")
    # 6 of 13 hearings under the reform: 46.2%, against 60% for the other case-handling divisions.
    assert out.splitlines() == [
        "shanghai-jiading 审监庭 2022-W21 庭审记录改革适用率",
        "公式：庭审记录改革适用率 = 适用庭审记录改革数 ÷ 所有庭审数",
        "本行：庭审记录改革适用率 = 6 ÷ 13 = 46.2%",
        "目标：≥60%（原则上），适用范围“其他业务部门”（原文：其他业务部门:原则上不低于60）；"
        "审监庭适用的各条目标中此条最具体（共3条）",
        # 60% of 13 is 7.8: 8 needed, 2 more than 6.
        "状态：未达标，需再增加适用庭审记录改革数2件方可达标",
    ]
    # The whole court, summed from its departments: 592/1560 × 75% + 531/592 × 25% = 50.9%.
    code, out, err = run(capsys, *args, "--indicator", "e_service_rate", data)
    assert (code, err) == (0, "")
    assert "本行：电子送达适用率 = 592 ÷ 1560 × 75% + 531 ÷ 592 × 25% = 50.9%" in out
    code, out, _ = run(capsys, *args, "--lang", "en", "--format", "json", "--indicator", "e_service_rate", data)
    assert json.loads(out)["status"] == "status: met"
    err = one_line_error(capsys, *args, "--indicator", "e_servce_rate", data)
    assert "did you mean 'e_service_rate'" in err


def test_evaluate_json_rows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "evaluate", "--scheme", "spc-2019", "--format", "json", str(CHANGQING)
    )
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert len(rows) == 40
    assert {"indicator", "name_zh", "number", "value", "points", "max_points"} <= set(rows[0])
    rec = next(r for r in rows if r["indicator"] == "hearing_recording_rate")
    # Q6: 3833 of 4298 hearings recorded, out of 2 points.
    assert (rec["number"], rec["name_zh"], rec["max_points"]) == (2, "庭审录音录像率", 2.0)
    assert rec["value"] == pytest.approx(3833 / 4298)
    assert rec["points"] == round_half_up(2 * 3833 / 4298) == 1.7836


def test_evaluate_table_of_a_scored_scheme_is_the_score_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "evaluate", "--scheme", "spc-2019", str(CHANGQING))
    assert code == 0
    total = evaluate(get_scheme("spc-2019"), load_dataset(CHANGQING)).total_points()[0]
    assert out.startswith("济南市长清区人民法院 智慧法院建设评价 (2019年度) 2019\n")
    assert f"总分{round_half_up(float(total)):.4f}分（满分58分）（暂定）" in out
    assert "失分情况（共失8.7353分），按失分从多到少" in out
    code, en, _ = run(capsys, "evaluate", "--scheme", "spc-2019", "--lang", "en", str(CHANGQING))
    assert f"total {round_half_up(float(total)):.4f} of 58 points (provisional)" in en
    assert "失分 points left on the table" in en
    code, md, _ = run(
        capsys, "evaluate", "--scheme", "spc-2019", "--format", "markdown", str(CHANGQING)
    )
    assert md.startswith("# 济南市长清区人民法院")


def test_evaluate_unscored_formats(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    code, out, _ = run(capsys, "evaluate", "--scheme", files["scheme"], files["data"])
    assert code == 0
    assert out.splitlines()[0].split() == ["法院", "部门", "期间", "指标", "数值", "目标", "达标", "说明"]
    fields = [line.split() for line in out.splitlines()]
    assert ["a", "民二庭", "2022-W21", "(1)", "电子送达适用率", "38.0%", "≥45%", "未达标"] in fields
    missing = ["b", "2022-W21", "(2)", "案均审理天数", "NA", "—", "—", "未提供：审理天数、结案数"]
    assert missing in fields
    code, out, _ = run(capsys, "evaluate", "--lang", "en", "--scheme", files["scheme"], files["data"])
    assert code == 0
    assert out.splitlines()[0].split() == [
        "court",
        "department",
        "period",
        "indicator",
        "value",
        "target",
        "met",
        "reason",
    ]
    fields = [line.split() for line in out.splitlines()]
    assert ["a", "民二庭", "2022-W21", "(1)", "电子送达适用率", "38.0%", "≥45%", "not", "met"] in fields
    # A missing value shows its code in the value column and the reason last.
    missing = ["b", "2022-W21", "(2)", "案均审理天数", "NA", "—", "—", "not", "provided:"]
    assert [*missing, "days,", "cases"] in fields
    code, out, _ = run(
        capsys, "evaluate", "--scheme", files["scheme"], "--format", "csv", files["data"]
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (
        len(rows) == 8
        and rows[0]["indicator"] == "e_service"
        and rows[0]["name_zh"] == "电子送达适用率"
    )
    code, out, _ = run(
        capsys, "evaluate", "--scheme", files["scheme"], "--format", "markdown", files["data"]
    )
    assert "| a | 民二庭 | 2022-W21 | (1) 电子送达适用率 | 38.0% | ≥45% | 未达标 |  |" in out


def test_bulletin(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    args = ["bulletin", "--scheme", files["scheme"], "--court", "a", "--week", W21, files["data"]]
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, "")
    res = evaluate(weekly_scheme(), load_dataset(files["data"]))
    whole = court_figures(res, courts=["a"])
    assert out == bulletin(res, court="a", period=W21, court_level=whole).to_text()
    # 全院: the two departments summed, (5 + 38) / (10 + 100).
    assert "电子送达适用率：2个部门中1个达标；最低为民二庭（38.0%，目标≥45%）；全院39.1%" in out
    code, en, _ = run(capsys, *args, "--lang", "en")
    assert en == bulletin(res, court="a", period=W21, court_level=whole, lang="en").to_text()
    assert (
        "电子送达适用率: 1 of 2 departments meet the target; lowest 民二庭 38.0% (target ≥45%)"
        in en
    )
    code, by_name, _ = run(capsys, *args[:4], "甲区人民法院", *args[5:])
    assert by_name == out  # a court may be named in Chinese
    for fmt in ("json", "csv", "markdown"):
        code, text, _ = run(capsys, *args, "--format", fmt)
        assert code == 0 and text == run(capsys, *args, "--format", fmt)[1]  # deterministic
    assert json.loads(run(capsys, *args, "--format", "json")[1])["court_name"] == "甲区人民法院"


def test_rank(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    args = ["rank", "--scheme", files["scheme"], "--parent", "city", "--period", W21]
    code, out, _ = run(capsys, *args, "--indicator", "e_service", files["data"])
    assert code == 0
    res = evaluate(weekly_scheme(), load_dataset(files["data"]))
    peers = peer_figures(res, parent="city", period=W21)
    assert out == rank_courts(peers, "e_service").to_text()
    assert "全市法院平均（合并计算）：43.3%" in out  # (5 + 38 + 9) / (10 + 100 + 10)
    code, en, _ = run(capsys, *args, "--lang", "en", "--indicator", "e_service", files["data"])
    assert "peer average (pooled inputs): 43.3%" in en
    lines = out.splitlines()
    assert lines[4].split()[:4] == ["1", "b", "乙区人民法院", "90.0%"]
    code, out, _ = run(capsys, *args, "--indicator", "e_service", "--format", "json", files["data"])
    assert [e["court"] for e in json.loads(out)["entries"]] == ["b", "a"]


def one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("courtinfo: error: ") and err.endswith("\n")
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    err = one_line_error(capsys, "evaluate", "--scheme", "spc-2019", str(missing))
    assert err == f"courtinfo: error: {missing}: no such file\n"


def test_malformed_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"snapshots": [\n  {"court": "a",\n}', "utf-8")
    err = one_line_error(capsys, "evaluate", "--scheme", "spc-2019", str(bad))
    assert err.startswith(f"courtinfo: error: {bad}: malformed JSON at line 3, column 1")


def test_many_problems_give_the_first_and_a_count(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "court,period,e_service_sent\na,2022-W21,abc\nb,2022-W21,x\nc,2022-W21,y\n", "utf-8"
    )
    err = one_line_error(capsys, "evaluate", "--scheme", "shanghai-2022", str(bad))
    assert err.startswith(f"courtinfo: error: {bad}:2 column e_service_sent: 'abc' is not a number")
    assert err.endswith(" (+2 more problems)\n")


def test_unknown_input_names_the_file_and_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "unknown.json"
    bad.write_text(
        '[{"court": "a", "period": "2022-W21", "values": {"e_service_sentt": 1}}]', "utf-8"
    )
    err = one_line_error(capsys, "evaluate", "--scheme", "shanghai-2022", str(bad))
    assert err.startswith(
        f"courtinfo: error: {bad}: values.e_service_sentt: unknown input 'e_service_sentt'"
    )
    assert "did you mean 'e_service_sent'" in err


def test_unknown_scheme_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    err = one_line_error(capsys, "show", "spc-2020")
    assert err == "courtinfo: error: unknown scheme 'spc-2020'; did you mean 'spc-2019'?\n"


def test_unknown_indicator_and_court(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    args = ["rank", "--scheme", files["scheme"], "--parent", "city", "--period", W21]
    err = one_line_error(capsys, *args, "--indicator", "e_servise", files["data"])
    assert err == (
        "courtinfo: error: --indicator: unknown indicator 'e_servise'; did you mean 'e_service'?\n"
    )
    err = one_line_error(capsys, *args, files["data"])
    assert err == (
        "courtinfo: error: --indicator total: scheme 'mini-weekly' awards no points, so there is "
        "no total; rank on one of: e_service, duration\n"
    )
    err = one_line_error(
        capsys,
        "bulletin",
        "--scheme",
        files["scheme"],
        "--court",
        "aa",
        "--week",
        W21,
        files["data"],
    )
    assert err == f"courtinfo: error: {files['data']}: unknown court 'aa'; did you mean 'a'?\n"


def test_bad_arguments_are_one_line_too(capsys: pytest.CaptureFixture[str]) -> None:
    err = one_line_error(capsys, "evaluate", "--scheme", "spc-2019")
    assert "the following arguments are required: FILE" in err
    err = one_line_error(capsys, "evaluate", "--scheme", "spc-2019", "--format", "xml", "f.json")
    assert "invalid choice: 'xml'" in err
    one_line_error(capsys, "frobnicate")
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "evaluate" in out


def test_the_installed_script() -> None:
    script = Path(sys.executable).parent / "courtinfo"
    done = subprocess.run(
        [str(script), "schemes"], capture_output=True, text=True, encoding="utf-8"
    )
    assert done.returncode == 0 and "spc-2019" in done.stdout
    done = subprocess.run(
        [str(script), "show", "spc-2020"], capture_output=True, text=True, encoding="utf-8"
    )
    assert done.returncode == 2
    assert done.stderr == "courtinfo: error: unknown scheme 'spc-2020'; did you mean 'spc-2019'?\n"


def test_evaluate_json_of_an_unscored_scheme(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    code, out, _ = run(
        capsys, "evaluate", "--scheme", files["scheme"], "--format", "json", files["data"]
    )
    rows = json.loads(out)
    assert code == 0 and len(rows) == 8  # 4 snapshots × 2 indicators
    first = rows[0]
    assert (first["court"], first["department"], first["period"]) == ("a", "民一庭", W21)
    assert (first["indicator"], first["number"], first["name_zh"]) == ("e_service", 1, "电子送达适用率")
    assert (first["value"], first["target"], first["target_met"]) == (0.5, 0.45, True)
    assert (first["points"], first["max_points"]) == (None, None)
    b = rows[-1]  # court b: no days or cases
    assert (b["indicator"], b["value"], b["missing"]) == ("duration", None, "NA")
    assert b["reason"] == "not provided: days, cases"


def test_record_columns_are_the_keys_of_a_record(files: dict[str, str]) -> None:
    from courtinfo.evaluation import RECORD_COLUMNS

    res = evaluate(weekly_scheme(), load_dataset(files["data"]))
    assert tuple(res.to_records()[0]) == RECORD_COLUMNS


def test_evaluate_an_empty_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from courtinfo.evaluation import RECORD_COLUMNS

    empty = tmp_path / "empty.json"
    empty.write_text("[]", "utf-8")
    base = ["evaluate", "--scheme", "spc-2019"]
    assert run(capsys, *base, str(empty)) == (0, f"{empty}：没有可评价的数据\n", "")  # as the report, Chinese
    assert run(capsys, *base, "--lang", "en", str(empty)) == (0, f"{empty}: no snapshots to evaluate\n", "")
    assert run(capsys, *base, "--format", "json", str(empty)) == (0, "[]\n", "")
    code, out, _ = run(capsys, *base, "--format", "csv", str(empty))
    assert (code, out) == (0, ",".join(RECORD_COLUMNS) + "\n")


def test_bad_week_or_period_names_the_option(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    err = one_line_error(
        capsys,
        "bulletin",
        "--scheme",
        files["scheme"],
        "--court",
        "a",
        "--week",
        "2022-W99",
        files["data"],
    )
    assert err == "courtinfo: error: --week: '2022-W99': ISO year 2022 has only 52 weeks\n"
    err = one_line_error(
        capsys,
        "rank",
        "--scheme",
        files["scheme"],
        "--parent",
        "city",
        "--period",
        "last week",
        "--indicator",
        "e_service",
        files["data"],
    )
    assert err.startswith("courtinfo: error: --period: 'last week': not a period; expected one of")


def test_rank_leading_group_option(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    args = ["rank", "--scheme", files["scheme"], "--parent", "city", "--period", W21]
    args += ["--indicator", "e_service", "--format", "json"]
    _, out, _ = run(capsys, *args, files["data"])
    data = json.loads(out)
    assert data["leading_group_size"] == 5
    assert [e["leading"] for e in data["entries"]] == [True, True]
    code, out, _ = run(capsys, *args, "--leading", "1", files["data"])
    data = json.loads(out)
    assert code == 0 and data["leading_group_size"] == 1
    assert [(e["court"], e["leading"]) for e in data["entries"]] == [("b", True), ("a", False)]
    err = one_line_error(capsys, *args, "--leading", "0", files["data"])
    assert "argument --leading: expected a whole number of at least 1, not '0'" in err


def test_rank_needs_the_court_tree(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "flat.csv"
    data.write_text("court,period,sent,services\na,2022-W21,1,2\n", "utf-8")
    scheme = tmp_path / "mini.json"
    scheme.write_text(json.dumps(scheme_to_data(weekly_scheme()), ensure_ascii=False), "utf-8")
    err = one_line_error(
        capsys,
        "rank",
        "--scheme",
        str(scheme),
        "--parent",
        "city",
        "--period",
        W21,
        "--indicator",
        "e_service",
        str(data),
    )
    assert err.startswith(f"courtinfo: error: {data}: no court tree: ranking needs the file's")


def test_an_unexpected_failure_is_one_line_too(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from courtinfo import report

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    # The command takes `bulletin` from the report package when it runs.
    monkeypatch.setattr(report, "bulletin", broken)
    monkeypatch.delenv("COURTINFO_DEBUG", raising=False)
    argv = ["bulletin", "--scheme", files["scheme"], "--court", "a", "--week", W21, files["data"]]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (1, "")
    assert err == (
        f"courtinfo: internal error: {files['data']}: KeyError: 'boom' "
        "(a bug: please report it; COURTINFO_DEBUG=1 shows the traceback)\n"
    )
    monkeypatch.setenv("COURTINFO_DEBUG", "1")
    with pytest.raises(KeyError, match="boom"):
        main(argv)


def test_a_closed_pipe_ends_with_one_line_and_141() -> None:
    # `courtinfo ... | head` when head has already gone: stdout is a pipe with no reader.
    script = Path(sys.executable).parent / "courtinfo"
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run([str(script), "schemes"], stdout=writer, stderr=subprocess.PIPE)
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (141, b"courtinfo: output closed early (broken pipe)\n")


def test_rank_on_total_points(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "rank", "--scheme", "spc-2019", "--parent", "jinan", "--period", "2019", str(CHANGQING)
    )
    assert code == 0
    total = evaluate(get_scheme("spc-2019"), load_dataset(CHANGQING)).total_points()[0]
    shown = f"{round_half_up(float(total)):.4f}"
    assert shown == "49.2647"
    assert out.startswith("济南市中级人民法院辖区法院排名 2019年：总分\n")
    assert out.splitlines()[4].split() == ["1", "jinan-changqing", "济南市长清区人民法院", shown, "是"]
    assert f"全市法院平均（合并计算）：{shown}" in out  # one court: the pool is itself


def test_output_file_is_written_whole_or_not_at_all(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    out_path = Path(files["dir"]) / "results.json"
    argv = ["evaluate", "--scheme", files["scheme"], "--format", "json", files["data"]]
    code, out, err = run(capsys, *argv, "-o", str(out_path))
    assert (code, out, err) == (0, "", "")
    assert len(json.loads(out_path.read_text("utf-8"))) == 8
    # A size limit of 100 bytes, for real, in a child process: the old file stays whole.
    before = out_path.read_bytes()
    script = (
        "import resource, sys\n"
        "from courtinfo.cli import main\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *argv[:-1], "--format", "csv", files["data"], "-o", str(out_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == f"courtinfo: error: {out_path}: cannot write the file (File too large)\n"
    assert out_path.read_bytes() == before
    assert sorted(p.name for p in Path(files["dir"]).iterdir()) == ["data.json", "mini.json", "results.json"]

JIADING = Path(__file__).parents[2] / "examples" / "data" / "jiading-2022.json"


def _weekly_sums(department: str, weeks: list[str], *names: str) -> list[int]:
    raw = json.loads(JIADING.read_text(encoding="utf-8"))["snapshots"]
    rows = [s for s in raw if s.get("department") == department and s["period"] in weeks]
    assert len(rows) == len(weeks)
    return [sum(s["values"][n] for s in rows) for n in names]


def test_evaluate_rolls_weeks_up_into_months(capsys: pytest.CaptureFixture[str]) -> None:
    # May 2022 has the ISO weeks whose Thursdays are May 5, 12, 19 and 26: W18..W21.
    may = ["2022-W18", "2022-W19", "2022-W20", "2022-W21"]
    sent, services = _weekly_sums("立案庭", may, "e_service_sent", "all_services")
    args = ["evaluate", "--scheme", "shanghai-2022", "--rollup", "month", "--format", "json", str(JIADING)]
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, "")
    records = {(r["department"], r["period"], r["indicator"]): r for r in json.loads(out)}
    assert records["立案庭", "2022-05", "e_service_send_rate"]["value"] == pytest.approx(sent / services, rel=1e-12)
    # 所有办案件数 (closed + pending) is not defined over a month: 电子签章率 is not provided.
    assert records["立案庭", "2022-05", "e_seal_rate"]["value"] is None
    code, out, err = run(capsys, *args[:5], "--rollup", "departments", str(JIADING))
    assert code == 0, err
    assert out.startswith(
        "按时间累计：2022年4月（2022年第14周至2022年第17周，共4周）；"
        "2022年5月（2022年第18周至2022年第21周，共4周）\n法院"
    )
    code, out, err = run(capsys, *args[:5], "--rollup", "departments", "--lang", "en", str(JIADING))
    assert code == 0, err
    assert out.startswith(
        "rolled up over time — 2022-04: 2022-W14..2022-W17 (4 of 4 weeks); "
        "2022-05: 2022-W18..2022-W21 (4 of 4 weeks)\ncourt"
    )
    code, out, err = run(capsys, *args[:3], "--rollup", "ytd", "--rollup", "tree", str(JIADING))
    assert code == 0, err
    assert "2022年第1周至" not in out and "2022年第14周至2022年第21周，21周中的8周，不完整" in out
    code, _, err = run(capsys, *args[:3], "--rollup", "year", str(JIADING))
    assert code == 0, err
    code, _, err = run(capsys, *args[:3], "--rollup", "quarter", str(JIADING))
    assert code == 0, err
    code, _, err = run(capsys, *args[:3], "--rollup", "year", "--rollup", "month", str(JIADING))
    assert code == 2 and err == "courtinfo: error: --rollup: one time grain at a time, not year and month\n"


def test_bulletin_and_rank_of_a_month_from_weekly_data(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["bulletin", "--scheme", "shanghai-2022", "--court", "shanghai-jiading", "--period", "2022-05", str(JIADING)]
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, "")
    assert "上海市嘉定区人民法院 通报 2022年5月 (2022-05)" in out
    assert "环比：与2022年4月（2022-04）比较" in out
    code, out, err = run(capsys, *args[:-1], "--format", "json", str(JIADING))
    assert code == 0, err
    report = json.loads(out)  # no note before JSON
    assert (report["period"], report["previous_period"]) == ("2022-05", "2022-04")
    code, _, err = run(capsys, *args[:5], str(JIADING))
    assert code == 2 and "give --week (2022-W21) or --period" in err
    rank = ["rank", "--scheme", "shanghai-2022", "--parent", "shanghai-2nd", "--period", "2022", "--indicator", "e_service_send_rate", str(JIADING)]
    code, out, err = run(capsys, *rank)
    assert (code, err) == (0, "")
    assert out.startswith("按时间累计：2022年（2022年第14周至2022年第21周，52周中的8周，不完整）\n")


def test_bulletin_names_departments_labelled_by_code(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], tmp_path: Path
) -> None:
    courts = (Court("a", "甲区人民法院", "basic"),)  # type: ignore[arg-type]
    snaps = [
        snap("a", W21, "civil-1", sent=5, services=10),
        snap("a", W21, "filing", sent=38, services=100),
    ]
    plain, listed = tmp_path / "codes.json", tmp_path / "listed.json"
    plain.write_text(dataset_to_json(Dataset(snaps, courts=courts)), "utf-8")
    named = Department(court="a", code="filing", kind="filing", name="诉讼服务中心")
    listed.write_text(dataset_to_json(Dataset(snaps, courts=courts, departments=[named])), "utf-8")
    args = ["bulletin", "--scheme", files["scheme"], "--court", "a", "--week", W21]
    code, out, err = run(capsys, *args, str(plain))
    assert (code, err) == (0, "")
    # 全院: (5 + 38) / (10 + 100) = 39.1%.
    assert "；最低为立案庭（38.0%，目标≥45%）；全院39.1%" in out
    assert "民一庭" in out and "civil-1" not in out and "filing" not in out
    code, out, err = run(capsys, *args, str(listed))
    assert (code, err) == (0, "")
    assert "；最低为诉讼服务中心（38.0%，目标≥45%）" in out and "民一庭" in out
    code, out, _ = run(capsys, *args, "--lang", "en", str(listed))
    assert "lowest filing 38.0% (target ≥45%)" in out
