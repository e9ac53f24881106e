"""Scheme files: a user's own scheme loads, and every load error names file, path and problem."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from courtinfo import SchemeError, SchemeValidationError
from courtinfo.indicators import dependency_order, load_scheme, scheme_from_data, scheme_to_data

EXAMPLE = Path(__file__).parents[2] / "docs" / "example-scheme.toml"


@pytest.fixture
def data() -> dict[str, Any]:
    return scheme_to_data(load_scheme(EXAMPLE))


def test_user_scheme_file_loads_and_round_trips(data: dict[str, Any]) -> None:
    scheme = load_scheme(EXAMPLE)
    assert scheme.code == "mini"
    assert [i.code for i in scheme.indicators] == ["rec", "hall"]
    assert scheme.indicator("rec").targets[0].value == 0.45
    assert scheme_from_data(data) == scheme


def test_user_scheme_in_json_loads(tmp_path: Path, data: dict[str, Any]) -> None:
    import json

    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_scheme(path) == load_scheme(EXAMPLE)


def _error(data: dict[str, Any], source: str = "mine.toml") -> str:
    with pytest.raises(SchemeValidationError) as info:
        scheme_from_data(data, source=source)
    return str(info.value)


def test_unknown_formula(data: dict[str, Any]) -> None:
    data["indicators"][1]["formula"]["kind"] = "chcklist"
    msg = _error(data)
    assert msg.startswith("mine.toml: ")
    assert "$.indicators[1].formula: unknown formula 'chcklist'; did you mean 'checklist'?" in msg


def test_input_used_but_not_declared(data: dict[str, Any]) -> None:
    data["indicators"][0]["formula"]["numerator"] = ["q6_3"]
    msg = _error(data)
    assert (
        "$.indicators[0].formula: uses 'q6_3', which is neither a declared input nor an indicator; did you mean 'q6_2'"
        in msg
    )


def test_option_not_offered(data: dict[str, Any]) -> None:
    data["indicators"][1]["formula"]["items"] = ["q1:D"]
    assert "uses option 'D', which input 'q1' does not offer (AC)" in _error(data)


def test_cycle_between_derived_indicators(data: dict[str, Any]) -> None:
    a = copy.deepcopy(data["indicators"][0])
    a.update(
        code="a", formula={"kind": "blend", "components": [{"weight": 1, "ref": "b"}]}, max_points=0
    )
    b = copy.deepcopy(a)
    b.update(code="b", formula={"kind": "blend", "components": [{"weight": 1, "ref": "a"}]})
    data["indicators"] += [a, b]
    assert "$.indicators: derived indicators form a cycle: a -> b -> a" in _error(data)


def test_target_for_unknown_department_kind(data: dict[str, Any]) -> None:
    data["indicators"][0]["targets"][0]["scope"]["excluding"] = ["crimnal"]
    msg = _error(data)
    assert "$.indicators[0].targets[0].scope" in msg
    assert "unknown department kind 'crimnal'; did you mean 'criminal'" in msg


def test_points_that_do_not_add_up(data: dict[str, Any]) -> None:
    data["indicators"][0]["max_points"] = 1.5
    msg = _error(data)
    assert (
        "$.categories[0].max_points: category 'a' has maximum 3 but its indicators add up to 2.5"
        in msg
    )
    assert "$.max_points: the scheme's maximum is 3 but its indicators add up to 2.5" in msg


def test_every_problem_is_listed_at_once(data: dict[str, Any]) -> None:
    data["indicators"][0]["formula"]["numerator"] = ["nope"]
    data["indicators"][1]["max_points"] = 5
    msg = _error(data)
    assert msg.startswith("mine.toml: 3 problems:")


def test_wrong_type_and_unknown_field(data: dict[str, Any]) -> None:
    data["indicators"][0]["number"] = "two"
    data["indicators"][0]["colour"] = "red"
    msg = _error(data)
    assert "$.indicators[0].number: invalid value, expected int" in msg
    assert "unknown field(s) colour" in msg


def test_malformed_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('code = "x"\ntitle_zh = \n', encoding="utf-8")
    with pytest.raises(SchemeError, match=r"bad\.toml: malformed TOML: .*line 2"):
        load_scheme(path)


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(SchemeError, match=r"nothere\.toml: cannot read"):
        load_scheme(tmp_path / "nothere.toml")


def test_dependency_order_puts_blended_indicators_last(data: dict[str, Any]) -> None:
    blended = copy.deepcopy(data["indicators"][0])
    blended.update(
        code="mix",
        formula={
            "kind": "blend",
            "components": [{"weight": "1/2", "ref": "hall"}, {"weight": "50%", "ref": "rec"}],
        },
        max_points=0,
    )
    data["indicators"].insert(0, blended)
    scheme = scheme_from_data(data)
    assert [i.code for i in dependency_order(scheme)] == ["hall", "rec", "mix"]


# -- the same errors from a file a court wrote: each names the file, the path and the problem --

CYCLE = """
[[indicators]]
code = "a"
name_zh = "甲"
name_en = "A"
category = "a"
unit = "points"
max_points = 0
formula = { kind = "blend", components = [{ weight = 1, ref = "b" }] }

[[indicators]]
code = "b"
name_zh = "乙"
name_en = "B"
category = "a"
unit = "points"
max_points = 0
formula = { kind = "blend", components = [{ weight = 1, ref = "a" }] }
"""

# what to change in docs/example-scheme.toml (old text, new text), and the expected lines
FILE_ERRORS = [
    pytest.param(
        ('kind = "checklist"', 'kind = "chcklist"'),
        ["$.indicators[1].formula: unknown formula 'chcklist'; did you mean 'checklist'?"],
        id="unknown formula",
    ),
    pytest.param(
        ('numerator = "q6_2"', 'numerator = "q6_3"'),
        [
            "$.indicators[0].formula: uses 'q6_3', which is neither a declared input nor an"
            " indicator; did you mean 'q6_2' or 'q6_1'?"
        ],
        id="input used but not declared",
    ),
    pytest.param(
        ('items = ["q1:C"]', 'items = ["q1:C", "q9"]'),
        ["$.indicators[1].formula: uses 'q9', which is neither a declared input nor an indicator"],
        id="checklist item not declared",
    ),
    pytest.param(
        ('\n[[indicators]]\ncode = "hall"', CYCLE + '\n[[indicators]]\ncode = "hall"'),
        ["$.indicators: derived indicators form a cycle: a -> b -> a"],
        id="cycle",
    ),
    pytest.param(
        ('excluding = ["criminal"]', 'excluding = ["crimnal"]'),
        [
            "$.indicators[0].targets[0].scope: unknown department kind 'crimnal';"
            " did you mean 'criminal'"
        ],
        id="unknown department kind excluded",
    ),
    pytest.param(
        ('excluding = ["criminal"]', 'kinds = ["filng"]'),
        [
            "$.indicators[0].targets[0].scope: unknown department kind 'filng'; did you mean 'filing'"
        ],
        id="unknown department kind targeted",
    ),
    pytest.param(
        ("max_points = 2\n", "max_points = 1.5\n"),
        [
            "2 problems:",
            "$.categories[0].max_points: category 'a' has maximum 3 but its indicators add up to 2.5",
            "$.max_points: the scheme's maximum is 3 but its indicators add up to 2.5",
        ],
        id="points do not add up",
    ),
    pytest.param(
        ("max_points = 1\nformula", "formula"),
        [
            "$.indicators[1].max_points: 'hall' has no maximum points in a scored scheme",
            "$.max_points: the scheme's maximum is 3 but its indicators add up to 2",
        ],
        id="points missing",
    ),
]


@pytest.mark.parametrize(("edit", "lines"), FILE_ERRORS)
def test_load_error_from_a_file(tmp_path: Path, edit: tuple[str, str], lines: list[str]) -> None:
    old, new = edit
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "mine.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(SchemeValidationError) as info:
        load_scheme(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: "), msg
    for line in lines:
        assert line in msg, msg
