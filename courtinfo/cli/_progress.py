"""Progress on stderr for long runs: the stage (loading, evaluating, writing) and the seconds.

Shown only when stderr is a terminal and the run has lasted `after` seconds (2 by default,
`COURTINFO_PROGRESS_AFTER` to change it); nothing at all otherwise, so pipes and logs stay
clean. The line is cleared when the run ends.
"""

from __future__ import annotations

import os
import threading
import time
from typing import TextIO


class Progress:
    """The current stage of a command, redrawn on one stderr line by a background thread."""

    def __init__(self, stream: TextIO, after: float | None = None) -> None:
        self.stream = stream
        try:
            wait = float(os.environ.get("COURTINFO_PROGRESS_AFTER", "2"))
        except ValueError:
            wait = 2.0
        self.after = wait if after is None else after
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())
        self._stage = ""
        self._start = time.monotonic()
        self._shown = False
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def stage(self, text: str) -> None:
        """Say what the command is doing now (shown only on a terminal, after a while)."""
        self._stage = text
        if not self.enabled or self._done.is_set():
            return
        self._draw()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="courtinfo-progress", daemon=True)
            self._thread.start()

    def close(self) -> None:
        """Stop, and clear the line if anything was shown."""
        with self._lock:
            self._done.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._shown:
            self._shown = False
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _run(self) -> None:
        while not self._done.wait(0.25):
            self._draw()

    def _draw(self) -> None:
        with self._lock:
            elapsed = time.monotonic() - self._start
            if elapsed >= self.after and not self._done.is_set():
                self.stream.write(f"\r\x1b[Kcourtinfo: {self._stage} ... {elapsed:.0f} s")
                self.stream.flush()
                self._shown = True
