"""Reading up to a limit: a file at the limit is read, one byte more is refused, an endless
input stops one byte past the limit."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest

from courtinfo.base import (
    RAISE_THE_LIMIT,
    InputError,
    SchemeError,
    check_max_bytes,
    os_reason,
    path_argument,
    read_at_most,
    read_file,
)

MESSAGE = (
    "{src}: larger than the limit of {n} bytes; refused (raise the limit with max_bytes=..., "
    "or --max-input-size on the command line)"
)


def test_a_file_at_the_limit_is_read_and_one_byte_more_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_bytes(b"x" * 100)
    with path.open("rb") as f:
        assert read_at_most(f, 100, "d.json") == b"x" * 100
    with path.open("rb") as f, pytest.raises(InputError) as info:
        read_at_most(f, 99, "d.json")
    assert str(info.value) == MESSAGE.format(src="d.json", n=99)


def test_a_larger_regular_file_is_refused_before_a_byte_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as f:
        f.truncate(5 << 30)  # sparse: 5 GiB that take no disk
    with path.open("rb") as f:
        with pytest.raises(InputError):
            read_at_most(f, 1 << 20, "big.json")
        assert f.tell() == 0


class _Endless(io.RawIOBase):
    """Zeros without end, counting what was asked for (no descriptor, like a wrapped stream)."""

    def __init__(self) -> None:
        self.given = 0
        self.largest = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        self.given += n
        self.largest = max(self.largest, n)
        return bytes(n)


def test_an_endless_input_stops_one_byte_past_the_limit() -> None:
    endless = _Endless()
    with pytest.raises(InputError) as info:
        read_at_most(endless, 3 << 20, "zero")  # type: ignore[arg-type]
    assert str(info.value) == MESSAGE.format(src="zero", n=3 << 20)
    assert endless.given == (3 << 20) + 1
    assert endless.largest == 1 << 20  # read in chunks, never the whole limit at once
    with open("/dev/zero", "rb") as zero, pytest.raises(InputError):
        read_at_most(zero, 1000, "/dev/zero")


def test_a_pipe_is_read_in_chunks_to_its_end() -> None:
    reader, writer = os.pipe()
    data = bytes(range(256)) * 10_000  # 2.56 MB: more than one chunk and a pipe's buffer

    def feed() -> None:
        with os.fdopen(writer, "wb") as w:
            w.write(data)

    t = threading.Thread(target=feed)
    t.start()
    with os.fdopen(reader, "rb") as f:
        assert read_at_most(f, len(data), "<pipe>") == data
    t.join()


@pytest.mark.parametrize("value", [0, -1, True, 1.5, "1M", None])
def test_a_limit_that_is_no_whole_number_is_refused(value: object) -> None:
    with pytest.raises(InputError) as info:
        check_max_bytes(value, "load_dataset")
    assert str(info.value) == (
        f"load_dataset: max_bytes must be a whole number of bytes, at least 1; got {value!r} "
        f"of type {type(value).__name__}"
    )


def test_a_path_argument_is_a_path_or_an_error_of_the_class_asked_naming_it() -> None:
    assert path_argument("d.json", "load_json: path") == Path("d.json")
    assert path_argument(Path("d.json"), "load_json: path") == Path("d.json")
    with pytest.raises(InputError) as info:
        path_argument(b"d.json", "load_json: path")
    assert str(info.value) == (
        "load_json: path must be a file path (str or os.PathLike); got b'd.json' of type bytes"
    )
    with pytest.raises(SchemeError, match=r"^load_scheme: path must be a file path"):
        path_argument(3.25, "load_scheme: path", SchemeError)


def test_the_reason_is_the_systems_words_else_the_exceptions() -> None:
    assert os_reason(PermissionError(13, "Permission denied")) == "Permission denied"
    assert os_reason(OSError("no errno")) == "no errno"
    assert os_reason(ValueError("embedded null byte")) == "embedded null byte"


def test_read_file_names_the_file_and_what_went_wrong(tmp_path: Path) -> None:
    data = tmp_path / "d.json"
    data.write_bytes(b"[]")
    assert read_file(data, 2) == b"[]"
    cases = [
        (tmp_path / "gone.json", f"{tmp_path / 'gone.json'}: no such file"),
        (tmp_path, f"{tmp_path}: cannot read the file (Is a directory)"),
        (Path("a\x00b.json"), "'a\\x00b.json': cannot read the file (embedded null byte)"),
        (data, f"{data}: larger than the limit of 1 bytes; refused ({RAISE_THE_LIMIT})"),
    ]
    for path, message in cases:
        with pytest.raises(InputError) as info:
            read_file(path, 1)
        assert str(info.value) == message
    # A scheme: its own error class and way out, the same reasons.
    with pytest.raises(SchemeError) as scheme_info:
        read_file(data, 1, SchemeError, "far more than any scheme")
    assert not isinstance(scheme_info.value, InputError)
    assert str(scheme_info.value) == f"{data}: larger than the limit of 1 bytes; refused (far more than any scheme)"
    with pytest.raises(SchemeError, match=r"gone\.toml: no such file$"):
        read_file(tmp_path / "gone.toml", 1, SchemeError)
