"""Optional extras: one table of libraries and extras, one line when a library is missing."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

from courtinfo.base import (
    EXTRAS,
    CourtinfoError,
    InputError,
    install_command,
    missing_extra,
    optional_module,
)

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _requirement_names(extra: str) -> set[str]:
    extras = tomllib.loads(PYPROJECT.read_text("utf-8"))["project"]["optional-dependencies"]
    return {re.split(r"[\[<>=~! ]", r, maxsplit=1)[0].lower() for r in extras[extra]}


@pytest.mark.parametrize("module", sorted(EXTRAS))
def test_every_library_is_in_the_extra_named_for_it(module: str) -> None:
    package, extra = EXTRAS[module]
    assert package in _requirement_names(extra)


def test_the_line_names_the_package_and_the_extra() -> None:
    assert install_command("excel") == 'pip install "courtinfo[excel]"'
    assert missing_extra("docx", "to_docx") == 'to_docx needs python-docx: pip install "courtinfo[word]"'
    # A submodule is installed with its library.
    assert missing_extra("pyarrow.parquet", "reading Parquet files") == (
        'reading Parquet files needs pyarrow: pip install "courtinfo[arrow]"'
    )


def test_an_installed_library_is_imported() -> None:
    import pandas

    assert optional_module("pandas", "to_dataframe") is pandas


def test_a_missing_library_is_one_line_of_the_error_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # what an uninstalled library does
    with pytest.raises(CourtinfoError) as info:
        optional_module("openpyxl", "to_excel")
    assert type(info.value) is CourtinfoError
    assert str(info.value) == 'to_excel needs openpyxl: pip install "courtinfo[excel]"'
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(InputError, match=r'^x\.parquet: reading needs pyarrow: pip install "courtinfo\[arrow\]"$'):
        optional_module("pyarrow.parquet", "x.parquet: reading", InputError)
