"""The README's code runs and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_block_prints_what_it_promises(block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    # Each "# ..." comment right after a print line states the start of what that print shows.
    expected = [
        m.group(1).split("  ")[0].strip()
        for m in re.finditer(r"^print\(.*\n# (.+)$", block, re.M)
    ]
    for want in expected:
        assert any(line.startswith(want) for line in printed), (want, printed)
    assert os.getcwd() == str(ROOT)


def test_readme_names_its_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'pip install . && courtinfo evaluate --scheme spc-2019 examples/data/changqing-2019.json' in text
    assert 'pip install -e ".[test]" && python -m pytest' in text
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install . && courtinfo evaluate --scheme spc-2019 examples/data/changqing-2019.json' in ci
    assert 'pip install -e ".[test]" && python -m pytest' in ci
