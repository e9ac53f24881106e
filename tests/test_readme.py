"""The README's code runs and prints what its comments say; its commands print what it shows."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from pathlib import Path

import pytest

from courtinfo.cli import main

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)
CONSOLE = re.findall(r"```console\n(.*?)```", README, re.S)


def promises(block: str) -> list[str]:
    """What the block says it prints: the '# ...' lines right after a print line.

    Each comment line states the start of one printed line; text after two spaces is a remark.
    """
    found = []
    for m in re.finditer(r"^[ \t]*print\(.*\n((?:[ \t]*# .+\n?)+)", block, re.M):
        for line in m.group(1).splitlines():
            found.append(line.strip().removeprefix("# ").split("  ")[0].strip())
    return found


def test_promises_are_read_from_comments_after_prints() -> None:
    block = 'x = 1  # not a promise\nprint(x)\n# 1  remark\nfor i in (2, 3):\n    print(i)\n# 2\n# 3\n'
    assert promises(block) == ["1", "2", "3"]


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_block_prints_what_it_promises(block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    for want in promises(block):
        assert any(line.startswith(want) for line in printed), (want, printed)
    assert os.getcwd() == str(ROOT)


def commands(block: str) -> list[tuple[str, list[str]]]:
    """The '$ courtinfo ...' lines of a console block, each with the output shown under it."""
    found: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], []))
        else:
            assert found, f"output before any command: {line!r}"
            found[-1][1].append(line)
    return found


def shows(actual: list[str], shown: list[str]) -> bool:
    """Whether `actual` has the runs of lines `shown` separated by '...', in order.

    Without a leading '...' the first run must open the output.
    """
    runs: list[list[str]] = [[]]
    for line in shown:
        if line == "...":
            runs.append([])
        else:
            runs[-1].append(line)
    at = 0
    for k, run in enumerate(runs):
        if not run:
            continue
        starts = [
            i
            for i in range(at, len(actual) - len(run) + 1)
            if [a.rstrip() for a in actual[i : i + len(run)]] == run
        ]
        if not starts or (k == 0 and starts[0] != 0):
            return False
        at = starts[0] + len(run)
    return True


def test_shows_needs_runs_in_order() -> None:
    out = ["a", "b", "c", "d"]
    assert shows(out, ["a", "b", "...", "d"])
    assert not shows(out, ["b", "...", "d"])  # the first run opens the output
    assert shows(out, ["...", "b", "c"])
    assert not shows(out, ["a", "c"])  # a run is contiguous
    assert not shows(out, ["a", "...", "d", "...", "c"])


CASES = [(cmd, shown) for block in CONSOLE for cmd, shown in commands(block)]


def test_the_readme_documents_every_command() -> None:
    used = {shlex.split(cmd)[1] for cmd, _ in CASES}
    assert used == {"schemes", "show", "evaluate", "bulletin", "rank", "explain", "template"}


@pytest.mark.parametrize(("command", "shown"), CASES, ids=[c for c, _ in CASES])
def test_readme_command_prints_what_it_shows(
    command: str,
    shown: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(ROOT)
    argv = shlex.split(command)
    assert argv[0] == "courtinfo"
    code = main(argv[1:])
    out, err = capsys.readouterr()
    failing = bool(shown) and shown[0].startswith("courtinfo: error: ")
    assert code == (2 if failing else 0), err
    actual = (err if failing else out).splitlines()
    assert shows(actual, shown), "\n".join(actual[:40])


def test_readme_names_its_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'pip install . && courtinfo evaluate --scheme spc-2019 examples/data/changqing-2019.json' in text
    assert 'pip install -e ".[test]" && python -m pytest' in text
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install . && courtinfo evaluate --scheme spc-2019 examples/data/changqing-2019.json' in ci
    assert 'pip install -e ".[test]" && python -m pytest' in ci


def test_the_readme_documents_every_report_name() -> None:
    import courtinfo.report

    missing = [name for name in courtinfo.report.__all__ if f"`{name}" not in README]
    assert missing == []
