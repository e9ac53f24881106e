"""Every example script runs and prints the numbers it promises."""

from __future__ import annotations

import atexit
import functools
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

from courtinfo import dataset_to_json, evaluate, load_dataset, round_half_up
from courtinfo.cli import main
from courtinfo.evaluation import court_figures, peer_figures
from courtinfo.indicators import get_scheme
from courtinfo.report import Bulletin, bulletin, rank_courts
from courtinfo.testing.pytest_plugin import DATA_FORMATS

EXAMPLES = Path(__file__).parents[1] / "examples"


SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py"))
PNG_DIR = Path(tempfile.mkdtemp(prefix="courtinfo-examples-"))
atexit.register(shutil.rmtree, PNG_DIR, ignore_errors=True)


@functools.cache
def run(name: str) -> str:
    """The output of `examples/<name>`, run once per test session in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "COURTINFO_OUT": str(PNG_DIR)},
        cwd=EXAMPLES.parent,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_example_runs_and_prints(script: str) -> None:
    assert run(script).strip()


def test_changqing_2019() -> None:
    out = run("changqing_2019.py")
    results = evaluate(
        get_scheme("spc-2019"), load_dataset(EXAMPLES / "data" / "changqing-2019.json")
    )
    total = round_half_up(float(results.total_points()[0]))
    assert out.startswith("济南市长清区人民法院 智慧法院建设评价 (2019年度) 2019\n")
    assert f"总分{total:.4f}分（满分58分）（暂定）" in out
    # Q6: 3833 of 4298 hearings recorded: 89.2% of 2 points is 1.7836.
    line = next(ln for ln in out.splitlines() if ln.startswith("(2) 庭审录音录像率"))
    assert line.split()[2:5] == ["89.2%", "1.7836", "2"]
    assert "分类小计" in out and "总分为暂定数，待最高法院平台数据：" in out
    gaps = next(ln for ln in out.splitlines() if ln.startswith("失分最多："))
    lefts = [float(part.split()[-1]) for part in gaps.removeprefix("失分最多：").split("；")]
    assert lefts == sorted(lefts, reverse=True) and len(lefts) == 3


def test_jiading_weekly() -> None:
    out = run("jiading_weekly.py")
    assert out.startswith(
        "generated data: 7 departments × 8 weeks (2022-W14..2022-W21), seed 2022\n"
    )
    assert "上海市嘉定区人民法院 周通报 2022年第21周 (2022-W21)" in out
    assert (
        "电子送达适用率：6个部门中5个达标，1个部门无目标；最低为审监庭（36.7%，目标≥45%）；全院50.9%，达标"
        in out
    )
    report = jiading_bulletin()
    assert report.to_text() in out
    below = len(report.below_target())
    assert f"本周未达标：{below}项（部门×指标）" in out
    # 全院 first, then below-target departments first in every section.
    for section in report.sections:
        assert section.entries[0].department == "全院"
        flags = [e.below_target for e in section.entries[1:]]
        assert flags == sorted(flags, reverse=True)


def test_city_ranking() -> None:
    out = run("city_ranking.py")
    mod = module("city_ranking")
    snaps = mod.generate().snapshots
    pooled = sum(s.values["online_filings"] for s in snaps) / sum(
        s.values["filings"] for s in snaps
    )
    mean = sum(s.values["online_filings"] / s.values["filings"] for s in snaps) / len(snaps)
    filing = out[out.index("辖区法院排名 2022年第21周：网上立案率") :]
    assert f"全市法院平均（合并计算）：{round_half_up(pooled * 100, 1):.1f}%" in filing
    assert pooled != pytest.approx(mean, abs=5e-4)
    assert "全市法院平均（合并计算）：81.5%" in filing
    assert filing.splitlines()[4].split()[:4] == ["1", "jingan", "上海市静安区人民法院", "89.2%"]
    mobile = out[: out.index("辖区法院排名 2022年第21周：网上立案率")]
    ranks = [ln.split()[0] for ln in mobile.splitlines()[4:12]]
    assert ranks == ["1", "1", "1", "1", "5", "6", "7", "8"]  # capped at 100%: a four-way tie
    assert "故全市法院平均为100%" in mobile
    assert (
        "第一方阵（网上立案率）：上海市静安区人民法院、上海市松江区人民法院、上海市长宁区人民法院、"
        "上海市嘉定区人民法院、上海市普陀区人民法院"
    ) in filing


def test_notebook() -> None:
    out = run("notebook.py")
    k = len(get_scheme("shanghai-2022").indicators)
    assert f"56 rows × {k} indicators" in out  # 7 departments × 8 weeks
    assert f"({56 * k}, 18)" in out
    png = PNG_DIR / "e_service_rate_min2.png"
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert f"chart written: {png}" in out


# The data files the README's CLI examples read are the examples' generated data, saved.
SHIPPED = {
    "jiading_weekly": "jiading-2022.json",
    "city_ranking": "shanghai-2nd-2022-W21.json",
}


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_data_is_what_the_example_generates(name: str) -> None:
    path = EXAMPLES / "data" / SHIPPED[name]
    assert path.read_text(encoding="utf-8") == dataset_to_json(module(name).generate()), (
        f"regenerate: courtinfo.save_dataset(generate(), {str(path)!r}) in examples/{name}.py"
    )


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return out


def test_the_cli_bulletin_on_the_shipped_data_is_the_examples(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = cli(
        capsys,
        "bulletin",
        "--scheme",
        "shanghai-2022",
        "--court",
        "shanghai-jiading",
        "--week",
        "2022-W21",
        str(EXAMPLES / "data" / "jiading-2022.json"),
    )
    assert out == jiading_bulletin().to_text() and out in run("jiading_weekly.py")


def test_the_cli_ranking_on_the_shipped_data_is_the_examples(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = cli(
        capsys,
        "rank",
        "--scheme",
        "shanghai-2022",
        "--parent",
        "shanghai-2nd",
        "--period",
        "2022-W21",
        "--indicator",
        "online_filing_rate",
        str(EXAMPLES / "data" / "shanghai-2nd-2022-W21.json"),
    )
    mod = module("city_ranking")
    results = evaluate(get_scheme("shanghai-2022"), mod.generate())
    peers = peer_figures(results, parent=mod.PARENT, period=mod.WEEK)
    ranking = rank_courts(peers, "online_filing_rate")
    assert out == ranking.to_text() and out in run("city_ranking.py")
    assert "优秀标准（前25%）：86.0%" in out


def jiading_bulletin() -> Bulletin:
    """The example's bulletin, built here from its generated data."""
    mod = module("jiading_weekly")
    results = evaluate(get_scheme("shanghai-2022"), mod.generate())
    return bulletin(results, court=mod.COURT, period=mod.WEEK, court_level=court_figures(results))


def test_gushi_2022_reproduces_the_published_bulletin() -> None:
    # 固始县人民法院 2022年2月份审判质效考核指标情况通报, 一、(一)(二)(三): every published figure
    # the counts determine comes out as printed, rounded half up to two places as the notice rounds.
    gushi = module("gushi_2022")
    shown = gushi.figures()
    for code, published in gushi.PUBLISHED.items():
        assert shown[code][0] == published, code
    # By hand: (2313 - 2296) / 2296 = 0.7404%; 450 / 220 = 204.545%; (1643 - 2076) / 2076 =
    # -20.857%; 1119 / 2313 = 48.379%; 78 / 139 = 56.115%; 1030 / 2129 = 48.379%; 10 / 44 = 22.727%;
    # 各类案件 (含执行) 1456 / (1304 + 2577) = 37.516%.
    assert set(gushi.PUBLISHED) == {code for code, (value, _) in shown.items() if value is not None} - {"trial_closed_to_new"}
    assert gushi.COUNTS_2022["all_old"] + gushi.COUNTS_2022["all_new"] == 3881 == 2313 + 1568
    assert shown["trial_closed_to_new"][0] == 68.11  # 1119 / 1643, computed (not in the notice)
    assert shown["trial_closure_rate_change"] == (None, "not provided: trial_closed@year_ago")
    out = run("gushi_2022.py")
    assert "审判类旧存案件同比          204.55%  通报 204.55%  一致" in out
    assert "不一致" not in out


def test_the_vendor_integration_tests_pass_under_pytest() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-o",
            "addopts=",
            "-q",
            "-p",
            "no:cacheprovider",
            str(EXAMPLES / "test_vendor_integration.py"),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=EXAMPLES.parent,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout
    # Four tests, and the file-format test once per format courtinfo writes (JSON, CSV, ...).
    n = 4 + len(DATA_FORMATS)
    assert done.stdout.splitlines()[-1].startswith(f"{n} passed"), done.stdout
