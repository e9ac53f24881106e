"""The command line a person expects: --version, python -m, -o (atomic), stdin, xlsx/docx, forms."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

from courtinfo.cli import main

ROOT = Path(__file__).parents[2]
DATA = ROOT / "examples" / "data"
CHANGQING = str(DATA / "changqing-2019.json")
JIADING = str(DATA / "jiading-2022.json")
CITY = str(DATA / "shanghai-2nd-2022-W21.json")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_python_dash_m() -> None:
    from importlib.metadata import version

    done = subprocess.run(
        [sys.executable, "-m", "courtinfo", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, f"courtinfo {version('courtinfo')}\n")
    done = subprocess.run(
        [sys.executable, "-m", "courtinfo", "evaluate", "--scheme", "spc-2019", CHANGQING],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "49.2647" in done.stdout


def test_output_file_is_written_and_an_error_leaves_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.txt"
    code, stdout, _ = run(capsys, "evaluate", "--scheme", "spc-2019", CHANGQING, "-o", str(out))
    assert (code, stdout) == (0, "")
    text = out.read_text("utf-8")
    assert "49.2647" in text
    code, _, err = run(
        capsys, "evaluate", "--scheme", "shanghai-2022", CHANGQING, "--output", str(out)
    )
    assert code == 2 and "unknown input 'q1'" in err
    assert out.read_text("utf-8") == text  # the old report is whole
    code, _, err = run(
        capsys, "evaluate", "--scheme", "spc-2019", CHANGQING, "-o", str(tmp_path / "no" / "r.txt")
    )
    assert code == 2 and err.startswith(
        f"courtinfo: error: {tmp_path / 'no' / 'r.txt'}: cannot write"
    )


def test_excel_csv_has_a_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.csv"
    argv = ["evaluate", "--scheme", "spc-2019", "--format", "csv", CHANGQING, "-o", str(out)]
    assert run(capsys, *argv, "--excel-csv")[0] == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfcourt,department,period,indicator")
    assert run(capsys, *argv)[0] == 0
    assert out.read_bytes() == raw[3:]
    code, _, err = run(capsys, "evaluate", "--scheme", "spc-2019", CHANGQING, "--excel-csv")
    assert code == 2 and "--excel-csv writes CSV; it does not apply to --format table" in err


def test_stdin_needs_an_input_format(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    data = Path(CHANGQING).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, _, err = run(capsys, "evaluate", "--scheme", "spc-2019", "-")
    assert code == 2
    assert err == (
        "courtinfo: error: reading standard input ('-') needs --input-format json|csv|xlsx\n"
    )
    done = subprocess.run(
        ["courtinfo", "evaluate", "--scheme", "spc-2019", "--input-format", "json", "-"],
        input=data,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "total 49.2647" in done.stdout.decode() or "49.2647" in done.stdout.decode()


def test_gbk_csv_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.csv"
    path.write_bytes(
        "court,department,period,电子送达发送数,全部送达总数\njiading,民一庭,2022-W21,60,100\n".encode(
            "gbk"
        )
    )
    argv = ["evaluate", "--scheme", "shanghai-2022", "--format", "json", str(path)]
    code, _, err = run(capsys, *argv)
    assert code == 2 and "it reads as GB18030/GBK" in err and "--encoding gb18030" in err
    code, out, err = run(capsys, *argv, "--encoding", "gbk")
    assert code == 0, err
    assert '"indicator": "e_service_send_rate"' in out and '"value": 0.6' in out


def test_week_refuses_a_month(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["bulletin", "--scheme", "shanghai-2022", "--court", "shanghai-jiading", JIADING]
    code, _, err = run(capsys, *base, "--week", "2022-05")
    assert code == 2
    assert err == (
        "courtinfo: error: --week: '2022-05' is a month, not an ISO week such as 2022-W21; "
        "for a bulletin of another period use --period\n"
    )
    code, _, err = run(capsys, *base, "--period", "2022-W21")
    assert code == 0, err


def test_indicator_by_chinese_name(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["rank", "--scheme", "shanghai-2022", "--parent", "shanghai-2nd", "--period", "2022-W21"]
    code, by_name, _ = run(capsys, *argv, "--indicator", "网上立案率", CITY)
    assert code == 0
    code, by_code, _ = run(capsys, *argv, "--indicator", "online_filing_rate", CITY)
    assert by_name == by_code and "上海市静安区人民法院" in by_name
    code, _, err = run(capsys, *argv, "--indicator", "网上立案", CITY)
    assert code == 2 and "did you mean '网上立案率'" in err


def test_xlsx_and_docx_need_an_output_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "evaluate", "--scheme", "spc-2019", "--format", "xlsx", CHANGQING)
    assert (code, out) == (2, "")
    assert err == "courtinfo: error: --format xlsx writes a file: give -o FILE\n"
    bull = ["bulletin", "--scheme", "shanghai-2022", "--court", "嘉定区人民法院", "--week"]
    path = tmp_path / "b.xlsx"
    assert run(capsys, *bull, "2022-W21", JIADING, "--format", "xlsx", "-o", str(path))[0] == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["通报概况", "未达标情况"]
    path = tmp_path / "b.docx"
    assert run(capsys, *bull, "2022-W21", JIADING, "--format", "docx", "-o", str(path))[0] == 0
    assert docx.Document(str(path)).paragraphs[0].text.startswith("上海市嘉定区人民法院 周通报")
    path = tmp_path / "s.xlsx"
    argv = ["evaluate", "--scheme", "spc-2019", CHANGQING, "--format", "xlsx", "-o", str(path)]
    assert run(capsys, *argv)[0] == 0
    assert openpyxl.load_workbook(path).sheetnames == ["得分", "分类小计", "失分"]
    path = tmp_path / "r.xlsx"
    argv = ["rank", "--scheme", "shanghai-2022", "--parent", "shanghai-2nd", "--period"]
    argv += ["2022-W21", "--indicator", "网上立案率", CITY, "--format", "xlsx", "-o", str(path)]
    assert run(capsys, *argv)[0] == 0
    assert openpyxl.load_workbook(path)["排名"]["B4"].value == "jingan"
    code, _, err = run(
        capsys,
        "evaluate",
        "--scheme",
        "shanghai-2022",
        CITY,
        "--format",
        "docx",
        "-o",
        str(tmp_path / "x.docx"),
    )
    assert code == 2 and "awards no points" in err


def test_template_command_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "template", "--scheme", "shanghai-2022")
    assert code == 0
    header = out.lstrip("\ufeff").splitlines()[0].split(",")
    assert header[:4] == ["法院代码", "部门", "期间", "电子送达发送数"]
    form = tmp_path / "form.xlsx"
    assert (
        run(capsys, "template", "--scheme", "spc-2019", "--format", "xlsx", "-o", str(form))[0] == 0
    )
    book = openpyxl.load_workbook(form)
    ws = book["数据采集表"]
    ws.append(["c1", None, "2019", *([None] * (ws.max_column - 3))])
    ws.cell(row=3, column=4 + 6).value = 12  # an answer in one column
    book.save(form)
    code, out, err = run(capsys, "evaluate", "--scheme", "spc-2019", "--format", "json", str(form))
    assert code == 0, err
    assert '"court": "c1"' in out


def test_csv_and_json_are_streamed_whole_to_stdout_and_to_a_file(tmp_path: Path) -> None:
    from courtinfo import evaluate, get_scheme, load_dataset
    from courtinfo.report import to_csv, to_json

    results = evaluate(get_scheme("shanghai-2022"), load_dataset(CITY))
    for fmt, text in (("csv", to_csv(results)), ("json", to_json(results))):
        argv = ["courtinfo", "evaluate", "--scheme", "shanghai-2022", "--format", fmt, CITY]
        done = subprocess.run(argv, capture_output=True, check=False)
        assert (done.returncode, done.stderr) == (0, b"")
        assert done.stdout == text.encode()
        out = tmp_path / f"r.{fmt}"
        done = subprocess.run([*argv, "-o", str(out)], capture_output=True, check=False)
        assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
        assert out.read_bytes() == text.encode()
    done = subprocess.run(
        [*argv[:-2], "csv", CITY, "--excel-csv"], capture_output=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout == b"\xef\xbb\xbf" + to_csv(results).encode()


def test_a_file_limit_hit_while_streaming_leaves_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    out.write_bytes(b"the old report\n")
    # The CSV of this week is 24 KB: an 8 KB file-size limit stops it part-way.
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192)); "
        "from courtinfo.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    argv = ["evaluate", "--scheme", "shanghai-2022", "--format", "csv", CITY, "-o", str(out)]
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stderr.startswith(
        f"courtinfo: error: {out}: cannot write the file (File too large)"
    )
    assert out.read_bytes() == b"the old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]


