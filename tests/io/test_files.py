"""Files court staff have: CSV saved by Chinese Excel (GBK/GB18030, BOM), encodings named, not guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from courtinfo import Dataset, MetricSnapshot, Period
from courtinfo.base import InputError
from courtinfo.indicators import get_scheme
from courtinfo.io import dataset_from_bytes, load_csv, load_dataset, save_csv, write_text

TEXT = "court,department,period,电子送达发送数,全部送达总数\njiading,民一庭,2022-W21,60,100\n"
WANT = Dataset(
    [
        MetricSnapshot(
            "jiading",
            Period.parse("2022-W21"),
            "民一庭",
            {"e_service_sent": 60, "all_services": 100},
        )
    ]
)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "GB18030", "cp936"])
def test_gbk_csv_with_chinese_headers(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(TEXT.encode("gbk"))
    shanghai = get_scheme("shanghai-2022")
    assert load_dataset(path, encoding=encoding, scheme=shanghai) == WANT
    assert load_csv(path, encoding=encoding, scheme=shanghai) == WANT


def test_gbk_without_the_encoding_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(TEXT.encode("gbk"))
    with pytest.raises(InputError) as info:
        load_dataset(path)
    # Line 1, the header: 电 is 0xb5 0xe7 in GBK, after "court,department,period," (24 bytes).
    assert str(info.value) == (
        f"{path}:1: not UTF-8 text (byte 0xb5 at offset 24); it reads as GB18030/GBK, what "
        "Excel saves on Chinese Windows: give encoding='gb18030' (command line: --encoding "
        "gb18030), or save it as UTF-8"
    )


def test_utf8_read_as_gbk_is_refused_not_garbled(tmp_path: Path) -> None:
    path = tmp_path / "utf8.csv"
    path.write_bytes(TEXT.encode("utf-8"))
    with pytest.raises(InputError) as info:
        load_dataset(path, encoding="gbk")
    assert str(info.value) == (
        f"{path}: the file is UTF-8 text, not gbk; read it without an encoding (UTF-8 is the default)"
    )
    ascii_only = tmp_path / "ascii.csv"
    ascii_only.write_bytes(b"court,period,x\nc1,2019,4\n")
    assert len(load_dataset(ascii_only, encoding="gbk").snapshots) == 1


def test_bytes_that_are_neither(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"court,period\n\xff\xff,2019\n")
    with pytest.raises(
        InputError, match=r"bad\.csv:2: not gb18030 text \(byte 0xff at offset 13\)"
    ):
        load_dataset(path, encoding="gb18030")
    with pytest.raises(InputError, match=r"bad\.csv:2: not UTF-8 text .*; save the file as UTF-8$"):
        load_dataset(path)


def test_unknown_encoding_is_named() -> None:
    with pytest.raises(
        InputError, match="unknown encoding 'gbkk'; for Chinese Excel files use 'gb18030'"
    ):
        dataset_from_bytes(b"", "csv", encoding="gbkk")
    with pytest.raises(
        InputError, match="unknown input format 'txt'; expected one of json, csv, xlsx"
    ):
        dataset_from_bytes(b"", "txt")


def test_excel_csv_has_a_bom_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    save_csv(WANT, path, encoding="utf-8-sig")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfcourt,department,period,all_services,e_service_sent\n")
    assert load_dataset(path) == WANT
    save_csv(WANT, path, encoding="gb18030")
    assert load_dataset(path, encoding="gb18030") == WANT
    with pytest.raises(InputError, match=r"'民' cannot be written in ascii"):
        write_text(tmp_path / "a.csv", "民", encoding="ascii")
