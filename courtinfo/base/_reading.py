"""Files read up to a limit: an endless input (a link to /dev/zero, a pipe that never ends)
or an enormous one is refused instead of exhausting memory."""

from __future__ import annotations

import io
import os
import stat
from typing import BinaryIO

from courtinfo.base._errors import InputError, wrong_type

#: The largest data file read unless the caller says otherwise (`max_bytes`).
MAX_INPUT_BYTES = 1 << 30

_CHUNK = 1 << 20


def check_max_bytes(max_bytes: object, function: str) -> int:
    """`max_bytes` when it is a whole number of at least 1; an `InputError` naming it if not."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise InputError(
            wrong_type(f"{function}: max_bytes", "a whole number of bytes, at least 1", max_bytes)
        )
    return max_bytes


def too_large(source: str, max_bytes: int) -> InputError:
    """The error for an input past `max_bytes`."""
    msg = (
        f"{source}: larger than the limit of {max_bytes} bytes; refused "
        "(raise the limit with max_bytes=..., or --max-input-size on the command line)"
    )
    return InputError(msg)


def _regular_size(f: BinaryIO) -> int | None:
    """The size of a regular file behind `f`, or None for a pipe, a device or no descriptor."""
    try:
        st = os.fstat(f.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def read_at_most(f: BinaryIO, max_bytes: int, source: str) -> bytes:
    """Everything `f` holds, refused (`InputError` naming `source`) past `max_bytes` bytes.

    A regular file larger than the limit is refused before any byte is read; anything else
    is read in chunks and refused one byte past the limit, so memory stays near the limit.
    """
    size = _regular_size(f)
    if size is not None and size > max_bytes:
        raise too_large(source, max_bytes)
    chunks: list[bytes] = []
    total = 0
    step = size + 1 if size is not None else _CHUNK
    while True:
        chunk = f.read(min(step, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise too_large(source, max_bytes)
        step = _CHUNK
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
