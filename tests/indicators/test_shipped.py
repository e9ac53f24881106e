"""The shipped schemes: listed from the data folder, loaded by code or from a user's file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from courtinfo import SchemeError, UnknownNameError
from courtinfo.indicators import Scheme, get_scheme, resolve_scheme, schemes

DATA = Path(__file__).parents[2] / "courtinfo" / "indicators" / "data"


def test_schemes_lists_the_toml_files_sorted() -> None:
    codes = schemes()
    assert codes == sorted(p.stem for p in DATA.glob("*.toml"))
    assert {"jiaozuo-2022", "shanghai-2022", "spc-2019"} <= set(codes)


@pytest.mark.parametrize("code", schemes())
def test_every_shipped_scheme_loads_under_its_code(code: str) -> None:
    scheme = get_scheme(code)
    assert isinstance(scheme, Scheme)
    assert scheme.code == code


def test_get_scheme_loads_afresh() -> None:
    assert get_scheme("shanghai-2022") == get_scheme("shanghai-2022")
    assert get_scheme("shanghai-2022") is not get_scheme("shanghai-2022")


def test_known_facts() -> None:
    spc = get_scheme("spc-2019")
    assert spc.scored and spc.max_points == 58
    assert len(spc.numbered) == 40
    jiaozuo = get_scheme("jiaozuo-2022")
    assert jiaozuo.leading_group_size == 5
    sh = get_scheme("shanghai-2022")
    assert sh.indicator("e_service_rate").number == 1


def test_unknown_code_suggests_close_ones() -> None:
    with pytest.raises(
        UnknownNameError, match=r"unknown scheme 'spc-2020'; did you mean 'spc-2019'\?"
    ) as err:
        get_scheme("spc-2020")
    assert err.value.kind == "scheme"
    assert "spc-2019" in err.value.suggestions


def test_resolve_scheme_by_code_or_path(tmp_path: Path) -> None:
    assert resolve_scheme("spc-2019").code == "spc-2019"
    copy = tmp_path / "mine.toml"
    shutil.copy(DATA / "shanghai-2022.toml", copy)
    assert resolve_scheme(str(copy)).code == "shanghai-2022"
    assert resolve_scheme(copy).code == "shanghai-2022"
    with pytest.raises(SchemeError, match="cannot read"):
        resolve_scheme(tmp_path / "missing.toml")
    with pytest.raises(UnknownNameError):
        resolve_scheme("no-such-scheme")
