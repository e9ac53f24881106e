"""The one spelling of labels and codes."""

from __future__ import annotations

import pytest

from courtinfo.base import code_spelling, one_spelling


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("上海知识产权法院（试点）", "上海知识产权法院(试点)"),
        ("\u3000民一庭 ", "民一庭"),
        ("ＳＨ０１", "SH01"),
        (" civil-1\t", "civil-1"),
        ("民一庭", "民一庭"),
    ],
)
def test_one_spelling(text: str, spelled: str) -> None:
    assert one_spelling(text) == spelled


def test_code_spelling_leaves_what_is_no_text_to_the_validator() -> None:
    assert code_spelling(12) == 12
    assert code_spelling(None) is None
    assert code_spelling("（一）") == "(一)"
