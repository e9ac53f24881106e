"""Without the testing extra: strategies name the extra; the pytest plug-in stays out of the way."""

from __future__ import annotations

import subprocess
import sys

HIDE = "import sys; sys.modules['hypothesis'] = None; "


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", HIDE + code], capture_output=True, text=True, check=False
    )


def test_strategies_without_hypothesis_name_the_extra() -> None:
    done = run("import courtinfo.testing.strategies")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        'ImportError: courtinfo.testing.strategies needs hypothesis: pip install "courtinfo[testing]"'
    )


def test_the_rest_of_courtinfo_testing_needs_no_hypothesis() -> None:
    done = run(
        "import courtinfo.testing as t, courtinfo.testing.pytest_plugin as p; "
        "print(t.golden('spc-2019').cases[0].name, p.ACTIVE, hasattr(p, 'courtinfo_scheme'))"
    )
    assert (done.returncode, done.stdout) == (0, "changqing-2019 False False\n"), done.stderr
