"""Golden results: every shipped scheme's example data evaluate to the numbers on file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import attrs
import numpy as np
import pytest

from courtinfo import UnknownNameError, evaluate, load_dataset
from courtinfo.indicators import get_scheme, schemes
from courtinfo.testing import REGENERATE, assert_results_equal, assert_snapshots_equal, golden
from courtinfo.testing._golden import EXAMPLES, GOLDEN_DIR, build

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("code", schemes())
def test_every_shipped_scheme_has_golden_results_that_hold(code: str) -> None:
    g = golden(code)
    assert g.scheme == code and g.cases
    g.check()  # on failure the message ends with the command that regenerates the files


def test_golden_cases_are_the_example_files() -> None:
    spc = golden("spc-2019").case("changqing-2019")
    assert spc.source == "examples/data/changqing-2019.json"
    assert_snapshots_equal(spc.dataset.snapshots, load_dataset(ROOT / spc.source).snapshots)
    # No. 2 庭审录音录像率 of Changqing's answers, as the README prints it.
    i = spc.expected.keys.index(("jinan-changqing", None, "2019"))
    assert spc.expected.values["hearing_recording_rate"][i] == 0.891810144253141
    assert [c.name for c in golden("shanghai-2022").cases] == [
        "jiading-2022",
        "shanghai-2nd-2022-W21",
    ]
    for code in set(schemes()) - set(EXAMPLES):
        (case,) = golden(code).cases
        assert case.name == "synthetic-2026" and "seed=2026" in case.source
        assert len(case.dataset.snapshots) >= 12 and case.dataset.courts


def test_golden_data_sets_are_what_the_command_writes() -> None:
    # The results are compared by `check` (within RTOL); the data sets must match exactly, so
    # an example file changed without regenerating the golden files fails here.
    for code in schemes():
        written = json.loads((GOLDEN_DIR / f"{code}.json").read_text(encoding="utf-8"))
        fresh = json.loads(json.dumps(build(code, ROOT).to_data()))
        for old, new in zip(written["cases"], fresh["cases"], strict=True):
            assert old["dataset"] == new["dataset"], f"{code}: data changed; run {REGENERATE}"
            assert old["expected"]["rows"] == new["expected"]["rows"]


def test_a_changed_result_fails_with_the_command_to_regenerate() -> None:
    case = golden("spc-2019").cases[0]
    values = dict(case.expected.values)
    values["hearing_recording_rate"] = values["hearing_recording_rate"] + 0.01
    changed = attrs.evolve(case, expected=attrs.evolve(case.expected, values=values))
    with pytest.raises(AssertionError) as info:
        changed.check()
    text = str(info.value)
    assert text.startswith(
        "golden results of spc-2019 on changqing-2019 (examples/data/changqing-2019.json): "
        "results differ: 1 of 40 results (1 value, rtol=1e-12, atol=0)\n"
        "  court 'jinan-changqing', court level, period 2019, hearing_recording_rate 庭审录音录像率: "
        "value expected 0.901810144253141, got 0.891810144253141"
    )
    assert text.endswith(f"If the change is intended, regenerate the golden files: {REGENERATE}")
    assert REGENERATE == "python -m courtinfo.testing golden --write"


def test_a_vendor_checks_results_of_their_own_path() -> None:
    case = golden("shanghai-2022").case("jiading-2022")
    batch = case.dataset.batch()
    results = evaluate(get_scheme("shanghai-2022"), batch.take(np.arange(len(batch))[::-1]))
    assert_results_equal(results, case.expected)


def test_unknown_names() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'spc-2019'"):
        golden("spc-2091")
    with pytest.raises(UnknownNameError, match="unknown golden data set 'jiading'"):
        golden("shanghai-2022").case("jiading")


def test_the_check_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "courtinfo.testing", "golden", "--check", "spc-2019"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert (done.returncode, done.stdout) == (0, "spc-2019: golden results agree\n")
    done = subprocess.run(
        [sys.executable, "-m", "courtinfo.testing"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2 and "golden (--write | --check)" in done.stdout
