"""Files read up to a limit: an endless input (a link to /dev/zero, a pipe that never ends)
or an enormous one is refused instead of exhausting memory. Also the one reading of a path
argument and of why a file could not be read, for every reader and writer."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import BinaryIO

from courtinfo.base._errors import CourtinfoError, InputError, shown, wrong_type

#: The largest data file read unless the caller says otherwise (`max_bytes`).
MAX_INPUT_BYTES = 1 << 30

_CHUNK = 1 << 20

#: The way out of a data file past the limit, said in the refusal.
RAISE_THE_LIMIT = "raise the limit with max_bytes=..., or --max-input-size on the command line"


def path_argument(path: object, argument: str, error: type[CourtinfoError] = InputError) -> Path:
    """`path` as a Path; `error` naming `argument` ('load_csv: path') when it is no str or
    os.PathLike of str."""
    if isinstance(path, (str, os.PathLike)) and isinstance(os.fspath(path), str):
        return Path(path)
    raise error(wrong_type(argument, "a file path (str or os.PathLike)", path))


def os_reason(exc: BaseException) -> str:
    """Why a file operation failed, as the system says it ('Permission denied'), else the
    exception's own text."""
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def check_max_bytes(max_bytes: object, function: str) -> int:
    """`max_bytes` when it is a whole number of at least 1; an `InputError` naming it if not."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise InputError(
            wrong_type(f"{function}: max_bytes", "a whole number of bytes, at least 1", max_bytes)
        )
    return max_bytes


def too_large(
    source: str,
    max_bytes: int,
    error: type[CourtinfoError] = InputError,
    way_out: str = RAISE_THE_LIMIT,
) -> CourtinfoError:
    """The error for an input past `max_bytes`, saying `way_out`."""
    msg = f"{source}: larger than the limit of {max_bytes} bytes; refused ({way_out})"
    return error(msg)


def _regular_size(f: BinaryIO) -> int | None:
    """The size of a regular file behind `f`, or None for a pipe, a device or no descriptor."""
    try:
        st = os.fstat(f.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def read_at_most(
    f: BinaryIO,
    max_bytes: int,
    source: str,
    error: type[CourtinfoError] = InputError,
    way_out: str = RAISE_THE_LIMIT,
) -> bytes:
    """Everything `f` holds, refused (`error` naming `source`, `too_large`) past `max_bytes`.

    A regular file larger than the limit is refused before any byte is read; anything else
    is read in chunks and refused one byte past the limit, so memory stays near the limit.
    """
    size = _regular_size(f)
    if size is not None and size > max_bytes:
        raise too_large(source, max_bytes, error, way_out)
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
            raise too_large(source, max_bytes, error, way_out)
        step = _CHUNK
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_file(
    path: Path,
    max_bytes: int,
    error: type[CourtinfoError] = InputError,
    way_out: str = RAISE_THE_LIMIT,
) -> bytes:
    """The bytes of the file at `path` (`read_at_most`), or one `error` naming the file: no
    such file, cannot read the file (the system's reason: a directory, no permission, a path
    holding a NUL), or larger than `max_bytes` (saying `way_out`)."""
    try:
        with path.open("rb") as f:
            return read_at_most(f, max_bytes, str(path), error, way_out)
    except CourtinfoError:  # past the limit (and a ValueError too)
        raise
    except FileNotFoundError:
        msg = f"{path}: no such file"
        raise error(msg) from None
    except OSError as exc:
        msg = f"{path}: cannot read the file ({os_reason(exc)})"
        raise error(msg) from None
    except ValueError as exc:  # an embedded NUL in the path
        msg = f"{shown(str(path))}: cannot read the file ({exc})"
        raise error(msg) from None
