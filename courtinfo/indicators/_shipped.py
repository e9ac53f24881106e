"""The schemes that ship with courtinfo (`indicators/data/<code>.toml`), and user scheme files."""

from __future__ import annotations

import os
from pathlib import Path

from courtinfo.base import SchemeError, UnknownNameError, wrong_type
from courtinfo.indicators._loader import load_scheme
from courtinfo.indicators._model import Scheme

_DATA = Path(__file__).parent / "data"
_SUFFIXES = (".toml", ".json")


def schemes() -> list[str]:
    """The codes of the shipped schemes, sorted (e.g. 'shanghai-2022', 'spc-2019')."""
    return sorted(p.stem for p in _DATA.glob("*.toml"))


def get_scheme(code: str) -> Scheme:
    """The shipped scheme `code`, loaded afresh; unknown codes suggest close matches."""
    if not isinstance(code, str):
        raise SchemeError(
            wrong_type("get_scheme: code", "a scheme code (str) such as 'spc-2019'", code)
        )
    path = _DATA / f"{code}.toml"
    if code not in schemes():
        raise UnknownNameError("scheme", code, schemes())
    return load_scheme(path)


def resolve_scheme(code_or_path: str | Path) -> Scheme:
    """A shipped scheme by its code, or the scheme in a `.toml`/`.json` file at a path.

    A string is read as a path when it names an existing file, ends in .toml or .json,
    or contains a path separator; otherwise as a shipped scheme's code.
    """
    if not isinstance(code_or_path, (str, os.PathLike)) or not isinstance(
        os.fspath(code_or_path), str
    ):
        expected = "a scheme code (str) or the path of a scheme file (str or os.PathLike)"
        raise SchemeError(wrong_type("resolve_scheme: code_or_path", expected, code_or_path))
    text = os.fspath(code_or_path)
    as_path = Path(code_or_path)
    looks_like_path = (
        isinstance(code_or_path, Path)
        or as_path.suffix.lower() in _SUFFIXES
        or "/" in text
        or "\\" in text
        or as_path.is_file()
    )
    if looks_like_path and text not in schemes():
        return load_scheme(as_path)
    return get_scheme(text)
