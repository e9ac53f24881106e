"""Arguments checked at the door: the function, the argument and the value are named."""

from __future__ import annotations

import pytest

from courtinfo.base import InputError, OrgError, argument, items_of


@argument("text", str, "text (str)")
def _width(text: str, wide: int = 2) -> int:
    return len(text) * wide


def test_argument_passes_the_right_type_and_names_the_wrong_one() -> None:
    assert _width("立案", 2) == 4
    assert _width(text="ab") == 4
    with pytest.raises(InputError) as info:
        _width(3.25)  # type: ignore[arg-type]
    assert str(info.value) == "_width: text must be text (str); got 3.25 of type float"
    with pytest.raises(InputError):
        _width(text=None)  # type: ignore[arg-type]


def test_argument_refuses_a_name_the_function_does_not_have() -> None:
    with pytest.raises(AssertionError):
        argument("nope", str, "text")(_width)


def test_items_of() -> None:
    assert items_of(["a", "b"], str, "names") == ("a", "b")
    assert items_of(iter(()), str, "names") == ()
    with pytest.raises(OrgError) as info:
        items_of(["a", 3], str, "CourtTree: courts", OrgError)
    assert str(info.value) == "CourtTree: courts[1] must be a str; got 3 of type int"
    for wrong in ("ab", b"ab", {"a": 1}, 3.25):
        with pytest.raises(InputError) as err:
            items_of(wrong, str, "names")
        assert str(err.value).startswith("names must be an iterable of str; got ")
