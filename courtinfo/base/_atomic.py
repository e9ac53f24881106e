"""Files written whole or not at all: a failed write never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from courtinfo.base._errors import InputError, shown, wrong_type
from courtinfo.base._reading import os_reason, path_argument


def _cannot(path: Path, exc: BaseException) -> InputError:
    reason = os_reason(exc)
    where = shown(str(path), 200) if "\x00" in str(path) else str(path)
    msg = f"{where}: cannot write the file ({reason})"
    return InputError(msg)


def _open_temporary(directory: Path, name: str) -> tuple[int, Path]:
    """A new file beside the target, created with the usual permissions (0o666 less umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        # os.urandom, not secrets: the same 32 random bits without importing hmac and hashlib.
        temp = directory / f".{name}.{os.urandom(4).hex()}.tmp"
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:  # pragma: no cover - 32 random bits already taken
            continue


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write `path` through, atomically.

    What is written goes to a temporary file in the same directory; when the block ends
    without an error it is flushed, fsynced and renamed over `path` (a symbolic link is
    followed: its target is replaced). On any failure the temporary file is removed and an
    existing `path` is left exactly as it was; an `OSError` (disk full, file-size limit,
    permission) becomes an `InputError` naming the path and the reason. A target that is no
    regular file (``/dev/null``, a pipe) is written directly.
    """
    target = path_argument(path, "atomic_file: path")
    try:
        real = Path(os.path.realpath(target))
        existing = os.stat(real) if real.exists() else None
    except (OSError, ValueError) as exc:
        raise _cannot(target, exc) from None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        try:
            with open(real, "wb") as direct:
                yield direct
        except OSError as exc:
            raise _cannot(target, exc) from None
        return
    try:
        fd, temp = _open_temporary(real.parent, real.name)
    except (OSError, ValueError) as exc:
        raise _cannot(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if existing is not None:
            os.chmod(temp, stat.S_IMODE(existing.st_mode))
        os.replace(temp, real)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise _cannot(target, exc) from None
        raise
    _sync_directory(real.parent)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable, where the platform allows (not on Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(
    path: str | os.PathLike[str], data: bytes | str, *, encoding: str = "utf-8"
) -> None:
    """Write `data` (text is encoded with `encoding`) to `path` atomically (`atomic_file`)."""
    target = path_argument(path, "atomic_write: path")
    if isinstance(data, str):
        try:
            payload = data.encode(encoding)
        except LookupError:
            msg = f"atomic_write: unknown encoding {encoding!r}"
            raise InputError(msg) from None
        except UnicodeEncodeError as exc:
            msg = (
                f"{target}: cannot write {shown(exc.object[exc.start : exc.end])} "
                f"in encoding {encoding!r}; nothing was written"
            )
            raise InputError(msg) from None
    elif isinstance(data, (bytes, bytearray, memoryview)):
        payload = bytes(data)
    else:
        raise InputError(wrong_type("atomic_write: data", "bytes or str", data))
    with atomic_file(target) as out:
        out.write(payload)
