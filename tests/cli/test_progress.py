"""Progress on stderr: shown on a terminal during a long run, never in a pipe."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parents[2] / "examples" / "data" / "changqing-2019.json"
CMD = [sys.executable, "-m", "courtinfo", "evaluate", "--scheme", "spc-2019", "--format", "csv"]


def test_a_terminal_sees_the_stages_and_the_line_is_cleared() -> None:
    # Shown from the start (COURTINFO_PROGRESS_AFTER=0) so that a short run shows it too.
    main, child = pty.openpty()
    env = {**os.environ, "COURTINFO_PROGRESS_AFTER": "0"}
    proc = subprocess.run(
        [*CMD, str(EXAMPLE)], stderr=child, stdout=subprocess.PIPE, env=env, timeout=120, check=False
    )
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert proc.returncode == 0
    assert proc.stdout.startswith(b"court,department,period,indicator")
    text = seen.decode()
    assert "courtinfo: " in text and " s" in text, text
    assert text.endswith("\r\x1b[K"), text  # cleared at the end


def test_a_pipe_sees_nothing() -> None:
    env = {**os.environ, "COURTINFO_PROGRESS_AFTER": "0"}
    proc = subprocess.run(
        [*CMD, str(EXAMPLE)], capture_output=True, env=env, timeout=120, check=False
    )
    assert proc.returncode == 0 and proc.stderr == b""
