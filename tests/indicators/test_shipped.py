"""The shipped schemes: listed from the data folder, loaded by code or from a user's file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from courtinfo import SchemeError, UnknownNameError
from courtinfo.indicators import (
    Scheme,
    get_scheme,
    load_scheme,
    resolve_scheme,
    scheme_from_data,
    scheme_to_data,
    schemes,
)

DATA = Path(__file__).parents[2] / "courtinfo" / "indicators" / "data"


def test_schemes_lists_the_toml_files_sorted() -> None:
    codes = schemes()
    assert codes == sorted(p.stem for p in DATA.glob("*.toml"))
    assert codes == ["cepej", "courtools", "heihe-2021", "jiaozuo-2022", "shanghai-2022", "spc-2019"]


# code: the document each scheme's data file cites, its issuer, and its numbered indicators
DOCUMENTS = {
    "cepej": (
        "CEPEJ CR and DT",
        "European Commission for the Efficiency of Justice (CEPEJ), Council of Europe",
        6,
    ),
    "courtools": ("NCSC CourTools", "National Center for State Courts (NCSC)", 12),
    "heihe-2021": ("黑中法〔2021〕7号", "黑河市中级人民法院", 15),
    "jiaozuo-2022": ("焦中法〔2022〕77号", "焦作市中级人民法院", 15),
    "shanghai-2022": ("嘉法发〔2022〕15号", "上海市嘉定区人民法院", 14),
    "spc-2019": ("济长法发〔2020〕34号", "最高人民法院", 40),
}


@pytest.mark.parametrize(("code", "expected"), DOCUMENTS.items())
def test_each_data_file_cites_its_document(code: str, expected: tuple[str, str, int]) -> None:
    document, _issuer, count = expected
    text = (DATA / f"{code}.toml").read_text(encoding="utf-8")
    assert f'document = "{document}"' in text
    scheme = get_scheme(code)
    assert (scheme.document, scheme.issuer, len(scheme.numbered)) == expected
    assert [i.number for i in scheme.numbered] == list(range(1, count + 1))
    assert all(i.source is not None and i.source.document == document for i in scheme.indicators)


@pytest.mark.parametrize("code", schemes())
def test_every_shipped_scheme_round_trips(code: str, tmp_path: Path) -> None:
    scheme = get_scheme(code)
    data = scheme_to_data(scheme)
    assert scheme_from_data(data) == scheme
    # and through a file, as a court would keep its own copy
    path = tmp_path / f"{code}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_scheme(path) == scheme
    assert scheme_to_data(load_scheme(path)) == data


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
    with pytest.raises(SchemeError, match=r"missing\.toml: no such file$"):
        resolve_scheme(tmp_path / "missing.toml")
    with pytest.raises(UnknownNameError):
        resolve_scheme("no-such-scheme")
