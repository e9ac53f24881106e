"""`courtinfo check FILE`, run as a person runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "docs" / "example-scheme.toml"


def _check(path: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "courtinfo"
    return subprocess.run(
        [str(script), "check", str(path)], capture_output=True, text=True, check=False
    )


def test_a_sound_scheme_file() -> None:
    done = _check(EXAMPLE)
    assert done.returncode == 0
    assert done.stdout == f"{EXAMPLE}: scheme 'mini' is sound (2 indicators, 3 inputs)\n"
    assert done.stderr == ""


def test_every_problem_is_listed_with_its_path(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    broken = text.replace('denominator = "q6_1" }', 'denominator = "q6_1", ovr = "cap" }', 1).replace(
        'kind = "count"', 'kind = "number"', 1
    )
    assert broken.count("ovr") == 1 and broken.count('"number"') == 1
    path = tmp_path / "broken.toml"
    path.write_text(broken + '\n[[categories]]\ncode = "x"\n', encoding="utf-8")
    done = _check(path)
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert lines[-1] == f"{len(lines) - 1} problems in {path}"
    assert len(lines) - 1 >= 3
    assert any("unknown field(s) ovr" in line for line in lines)
    assert any("$.inputs[0].kind" in line and "'number'" in line for line in lines)
    assert any("$.categories[" in line and "name_zh" in line for line in lines)
    assert all(line.startswith(f"{path}: $.") for line in lines[:-1])


def test_a_file_that_is_not_there() -> None:
    done = _check(ROOT / "no-such-scheme.toml")
    assert done.returncode == 2
    assert "no-such-scheme.toml" in done.stdout
