"""The cell path every tabular reader feeds: one cell's text to a value, form headers, and the
same message whatever the file format."""

from __future__ import annotations

import pytest

from courtinfo.base import InputError, ValidationError
from courtinfo.indicators import get_scheme
from courtinfo.io import LABEL_ALIASES, NOTES_ROW, dataset_from_csv, form_header, parse_cell


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("", None),
        ("  ", None),
        ("42", 42),
        ("+7", 7),
        ("007", 7),
        ("-0", 0),
        ("2.5", 2.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("是", True),
        ("否", False),
        ("YES", True),
        ("false", False),
        ("{C, A}", frozenset("AC")),
        ("{}", frozenset()),
    ],
)
def test_a_cell_s_text_is_its_value(text: str, value: object) -> None:
    got = parse_cell(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12件", "'12件' is not a number, a yes/no answer"),
        ("-3", "-3 is negative; counts cannot be below 0"),
        ("nan", "NaN is not a value; leave the input out to mark it not provided"),
        ("9007199254740993.0", "9007199254740993.0"),
        ("1" * 25, "has 25 digits; counts stop at 2**53"),
    ],
)
def test_a_cell_that_is_no_value_is_refused_naming_it(text: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_cell(text)
    assert message in str(info.value)


def test_form_headers_carry_the_question_and_the_blank() -> None:
    spc = get_scheme("spc-2019")
    with_blank = next(i for i in spc.inputs if i.question is not None and i.blank is not None)
    circled = "①②③④⑤⑥⑦⑧⑨⑩"[with_blank.blank - 1]
    assert form_header(with_blank) == f"{with_blank.label_zh}（第{with_blank.question}题{circled}）"
    plain = next(i for i in get_scheme("shanghai-2022").inputs if i.question is None)
    assert form_header(plain) == plain.label_zh


def test_chinese_label_headers_and_the_notes_row_are_read() -> None:
    assert LABEL_ALIASES == {"法院代码": "court", "部门": "department", "期间": "period"}
    scheme = get_scheme("shanghai-2022")
    text = (
        "法院代码,部门,期间,网上立案数,总立案数\n"
        f"{NOTES_ROW},,,填整数,填整数\n"
        "jiading,立案庭,2022-W21,837,870\n"
    )
    data = dataset_from_csv(text, "form.csv", scheme=scheme)
    assert [s.values for s in data.snapshots] == [{"online_filings": 837, "filings": 870}]


def test_a_cell_holding_only_a_line_break_is_blank_not_a_crash() -> None:
    # A quoted CSV field left open holds the line break: white space, so not provided.
    data = dataset_from_csv('court,period,q6_1,q6_2\nc1,2022-W01,,"\n', "d.csv")
    assert [s.values for s in data.snapshots] == [{}]
    with pytest.raises(ValidationError) as info:
        dataset_from_csv('court,period,q6_1,q6_2\n0,0,,"\n', "d.csv")
    assert [p.path for p in info.value.problems] == ["d.csv:2 column period"]


def test_only_the_row_under_the_header_can_be_the_form_s_notes() -> None:
    text = (
        f"court,period,filed\n{NOTES_ROW},填期间,填整数\n"
        f"c1,2022-W21,3\n{NOTES_ROW},2022-W21,4\n"
    )
    data = dataset_from_csv(text, "form.csv")
    # A court so named (hypothesis found one) is data, never silently dropped.
    assert [(s.court, s.values) for s in data.snapshots] == [("c1", {"filed": 3}), (NOTES_ROW, {"filed": 4})]
