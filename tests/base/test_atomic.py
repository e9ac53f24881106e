"""Tests of atomic_write/atomic_file: a file is written whole or not at all."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from courtinfo.base import InputError, atomic_file, atomic_write


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_writes_text_and_bytes(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    atomic_write(target, "立案庭 3\n")
    assert target.read_bytes() == "立案庭 3\n".encode()
    atomic_write(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    atomic_write(str(target), "a", encoding="gb18030")
    assert target.read_bytes() == b"a"
    assert _leftovers(tmp_path) == []


def test_replacing_keeps_the_permissions_of_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    os.chmod(target, 0o640)
    atomic_write(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.txt"
    old = os.umask(0o022)
    try:
        atomic_write(target, "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_symbolic_link_keeps_pointing_at_the_replaced_file(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_an_error_inside_the_block_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError, match="boom"), atomic_file(target) as out:
        out.write(b"half of the new")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_a_missing_directory_is_named(tmp_path: Path) -> None:
    target = tmp_path / "no" / "out.txt"
    with pytest.raises(InputError) as info:
        atomic_write(target, "x")
    assert str(info.value) == f"{target}: cannot write the file (No such file or directory)"


def test_a_full_device_is_reported() -> None:
    # /dev/full is no regular file: written directly, and every write fails with ENOSPC.
    with pytest.raises(InputError) as info:
        atomic_write("/dev/full", "x" * 10)
    assert str(info.value) == "/dev/full: cannot write the file (No space left on device)"


def test_wrong_arguments_are_named(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        atomic_write(None, "x")  # type: ignore[arg-type]
    assert str(info.value) == (
        "atomic_write: path must be a file path (str or os.PathLike); got None of type NoneType"
    )
    with pytest.raises(InputError) as info:
        atomic_write(tmp_path / "a", 3)  # type: ignore[arg-type]
    assert str(info.value) == "atomic_write: data must be bytes or str; got 3 of type int"
    with pytest.raises(InputError) as info:
        atomic_write(tmp_path / "a", "民", encoding="ascii")
    assert str(info.value) == f"{tmp_path / 'a'}: cannot write '民' in encoding 'ascii'; nothing was written"
    assert not (tmp_path / "a").exists()


_UNDER_A_SIZE_LIMIT = textwrap.dedent(
    """
    import resource, sys
    from courtinfo.base import InputError, atomic_write
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    try:
        atomic_write(sys.argv[1], "新" * 10000)
    except InputError as exc:
        print(exc)
        sys.exit(3)
    """
)


def test_a_real_file_size_limit_leaves_the_old_file_whole(tmp_path: Path) -> None:
    # A full disk, for real: the child may write at most 4096 bytes (RLIMIT_FSIZE).
    target = tmp_path / "results.json"
    target.write_text('{"old": true}\n')
    proc = subprocess.run(
        [sys.executable, "-c", _UNDER_A_SIZE_LIMIT, str(target)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout == f"{target}: cannot write the file (File too large)\n"
    assert target.read_text() == '{"old": true}\n'
    assert _leftovers(tmp_path) == []
