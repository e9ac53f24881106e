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
    with pytest.raises(SchemeError, match=r"nothere\.toml: no such file$"):
        load_scheme(tmp_path / "nothere.toml")
    # A directory: the system's reason, as every reader gives it.
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    with pytest.raises(SchemeError, match=r"dir\.toml: cannot read the file \(Is a directory\)$"):
        load_scheme(folder)


def test_dependency_order_puts_blended_indicators_last(data: dict[str, Any]) -> None:
    blended = copy.deepcopy(data["indicators"][0])
    blended.update(
        code="mix",
        formula={
            "kind": "blend",
            "components": [{"weight": "1/2", "ref": "hall"}, {"weight": "50%", "ref": "rec"}],
        },
        companion=True,  # no points of its own, and no number
    )
    blended.pop("max_points", None)
    blended.pop("number", None)
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


# -- time aggregates, signed inputs, units, rounding ---------------------------------------


def test_a_count_that_reads_as_a_stock_must_declare_its_aggregate(data: dict[str, Any]) -> None:
    bad = copy.deepcopy(data)
    bad["inputs"].append({"id": "officers", "label_zh": "在编执行干警人数", "kind": "count"})
    text = _error(bad)
    assert "$.inputs[3].aggregate" in text
    assert "'officers' (在编执行干警人数) reads as a stock ('人数')" in text
    bad["inputs"][3]["aggregate"] = "last"
    scheme = scheme_from_data(bad)
    assert scheme.input("officers").over_time == "last"
    # A count with no such word is a flow: it sums over time by default.
    assert scheme.input("q6_1").aggregate is None
    assert scheme.input("q6_1").over_time == "sum"
    # Yes/no answers and choices combine as "any"; a measure has no default.
    assert scheme.input("q1").over_time == "any"


def test_an_aggregate_must_suit_the_kind(data: dict[str, Any]) -> None:
    bad = copy.deepcopy(data)
    bad["inputs"][0]["aggregate"] = "any"
    bad["inputs"][2]["aggregate"] = "mean"
    text = _error(bad)
    assert "$.inputs[0].aggregate: a count input cannot aggregate as 'any'; it may be first, last, mean, none, sum" in text
    assert "$.inputs[2].aggregate: a choice input cannot aggregate as 'mean'" in text
    bad["inputs"][1]["aggregate"] = "avg"
    assert "$.inputs[1].aggregate: invalid value, expected Aggregate ('avg' is not a valid Aggregate; valid values: 'sum', 'last', 'first', 'mean', 'all', 'any', 'none')" in _error(bad)


def test_only_counts_and_measures_are_signed(data: dict[str, Any]) -> None:
    bad = copy.deepcopy(data)
    bad["inputs"][2]["signed"] = True
    assert "$.inputs[2].signed: only counts and measures can be signed, not a choice input" in _error(bad)
    good = copy.deepcopy(data)
    good["inputs"][0]["signed"] = True
    assert scheme_from_data(good).input("q6_1").signed


def test_an_unknown_unit_lists_the_valid_ones(data: dict[str, Any]) -> None:
    bad = copy.deepcopy(data)
    bad["indicators"][0]["unit"] = "day"
    text = _error(bad)
    assert "$.indicators[0].unit: invalid value, expected Unit ('day' is not a valid Unit; valid values:" in text
    for unit in ("'percentage'", "'days'", "'count'", "'per_person'", "'percentage_points'"):
        assert unit in text


def test_an_unknown_period_reference_is_refused(data: dict[str, Any]) -> None:
    bad = copy.deepcopy(data)
    bad["indicators"][0]["formula"] = {"kind": "ratio", "numerator": "q6_2@last_year", "denominator": "q6_1"}
    assert "uses 'q6_2@last_year': '@last_year' is not a period reference (@previous, @year_ago)" in _error(bad)
    good = copy.deepcopy(data)
    good["indicators"][0]["formula"] = {"kind": "change", "of": "q6_2", "against": "previous"}
    good["indicators"][0]["unit"] = "percentage"  # a growth rate
    scheme = scheme_from_data(good)
    assert scheme.indicator("rec").formula.references() == ("q6_2", "q6_2@previous")
    assert scheme_from_data(scheme_to_data(scheme)) == scheme


def test_published_rounding_is_for_presentation_only(data: dict[str, Any]) -> None:
    good = copy.deepcopy(data)
    good["indicators"][0]["unit"] = "percentage"
    good["indicators"][0]["rounding"] = {"places": 2}
    scheme = scheme_from_data(good)
    rec = scheme.indicator("rec")
    # 1119 / 2313 = 0.4837872…: published 48.38 (%), half up; 0.0005 rounds away from zero.
    assert rec.published(1119 / 2313) == 48.38
    assert rec.published(0.123450) == 12.35
    assert rec.published(None) is None
    truncated = scheme_from_data(
        {**good, "indicators": [{**good["indicators"][0], "rounding": {"places": 1, "mode": "truncate"}}, good["indicators"][1]]}
    ).indicator("rec")
    assert truncated.published(0.48379) == 48.3
    assert truncated.published(-0.48379) == -48.3
    bad = copy.deepcopy(good)
    bad["indicators"][0]["rounding"] = {"places": -1}
    assert "rounding places must be a whole number from 0 to 12, not -1" in _error(bad)


def test_a_change_in_points_is_of_a_rate(data: dict[str, Any]) -> None:
    bad = copy.deepcopy(data)
    bad["indicators"][0]["formula"] = {"kind": "change", "of": "q6_2", "measure": "points"}
    bad["indicators"][1]["formula"] = {"kind": "change", "of": "rec", "measure": "points"}
    text = _error(bad)
    assert "$.indicators[0].formula.measure: measure \"points\" is the change of a rate in percentage points, but 'q6_2' is an input" in text
    assert "$.indicators[1].formula.measure: measure \"points\" is the change of a rate in percentage points, but indicator 'rec' is in points" in text
    good = copy.deepcopy(data)
    good["indicators"][0]["unit"] = "percentage"
    good["indicators"][1]["formula"] = {"kind": "change", "of": "rec", "measure": "points"}
    good["indicators"][1]["unit"] = "percentage_points"  # a change of a rate reads 个百分点
    assert scheme_from_data(good).indicator("hall").formula.references() == ("rec", "rec@year_ago")


@pytest.mark.parametrize(
    ("unit", "of", "measure", "problem"),
    [
        # A growth rate of 20% shown as 0.20 (a count) or as +20.00个百分点.
        ("count", "q6_2", "relative", "a relative change (增长率) is in 'percentage', not 'count'"),
        ("percentage_points", "q6_2", "relative", "a relative change (增长率) is in 'percentage', not 'percentage_points'"),
        # 433 fewer cases shown as -43300.0%.
        ("percentage", "q6_2", "absolute", "the absolute change of input 'q6_2' is a number of its own unit, not 'percentage': use 'count' (or 'days', 'per_case', 'per_person')"),
        # A rate up from 40% to 45% shown as 5.0% (上升5%) where it rose 5 个百分点.
        ("percentage", "rec", "absolute", "the absolute change of indicator 'rec' is in 'percentage_points', not 'percentage'"),
        ("percentage", "rec", "points", "a change in percentage points is in 'percentage_points', not 'percentage'"),
    ],
)
def test_a_change_is_in_the_unit_of_its_measure(
    data: dict[str, Any], unit: str, of: str, measure: str, problem: str
) -> None:
    bad = copy.deepcopy(data)
    bad["indicators"][0]["unit"] = "percentage"  # rec, a rate
    bad["indicators"][1]["formula"] = {"kind": "change", "of": of, "measure": measure}
    bad["indicators"][1]["unit"] = unit
    assert f"$.indicators[1].unit: {problem}" in _error(bad)
    for good_unit, good_of, good_measure in (("percentage", "q6_2", "relative"), ("count", "q6_2", "absolute"), ("percentage_points", "rec", "absolute")):
        good = copy.deepcopy(data)
        good["indicators"][0]["unit"] = "percentage"
        good["indicators"][1]["formula"] = {"kind": "change", "of": good_of, "measure": good_measure}
        good["indicators"][1]["unit"] = good_unit
        assert scheme_from_data(good).indicator("hall").unit.value == good_unit
