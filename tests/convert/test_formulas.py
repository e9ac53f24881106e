"""Formulas as plain data through the one converter, and back."""

from __future__ import annotations

import json
import tomllib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courtinfo.base._errors import ValidationError
from courtinfo.convert._converter import structure, unstructure
from courtinfo.formulas import (
    CapabilityUsage,
    Checklist,
    Component,
    Formula,
    PeerComponent,
    PeerRelative,
    PerCaseAverage,
    Ratio,
    Threshold,
    WeightedBlend,
)


def load(data: object, source: str | None = None) -> Formula:
    """A formula from data through the converter, as the scheme loader reads one."""
    return structure(data, Formula, source)  # type: ignore[type-abstract]


FORMULAS: dict[str, Formula] = {
    "ratio": Ratio(numerator=["q20_4"], denominator=["q20_2", "-q20_3"], over="cap"),
    "ratio_default": Ratio(numerator="q6_2", denominator="q6_1"),
    "per_case_average": PerCaseAverage(numerator="reviews", denominator="cases"),
    "blend": WeightedBlend(
        components=(
            Component(weight="75%", ref="send_rate"),
            Component(weight="25%", formula=Ratio("succeeded", "sent"), default=0.0, cap=1),
        ),
        cap=1,
    ),
    "peer_relative": PeerRelative(
        components=(
            PeerComponent("logins", "officers", "50%", peer="city_logins"),
            PeerComponent("hours", "officers", "50%"),
        )
    ),
    "capability_usage": CapabilityUsage(
        capability="q30_1", capability_weight="2/3", usage=Ratio("q30_3", "q30_2")
    ),
    "capability_alone": CapabilityUsage(
        capability="q23_1", capability_weight=1, absent="not_applicable", usage_cap=None
    ),
    "checklist": Checklist(items=["q1:C", "q1:D"], items_above_basic=["q1:A"]),
    "threshold": Threshold(
        value="q40_1", threshold=5, comparator="at_least", by_level={"intermediate": 10}
    ),
    "threshold_at_most": Threshold(value="q31_2", threshold=30, comparator="at_most"),
}


@pytest.mark.parametrize("key", list(FORMULAS))
def test_every_family_round_trips(key: str) -> None:
    formula = FORMULAS[key]
    data = unstructure(formula)
    assert data["kind"] == type(formula).kind
    assert next(iter(data)) == "kind"  # the kind comes first, as people write it
    # Plain JSON-compatible data...
    assert json.loads(json.dumps(data)) == data
    # ...that reads back to an equal formula of the same class.
    back = load(data)
    assert type(back) is type(formula)
    assert back == formula
    assert unstructure(back) == data


def test_defaults_are_left_out() -> None:
    assert unstructure(FORMULAS["ratio_default"]) == {
        "kind": "ratio",
        "numerator": ["q6_2"],
        "denominator": ["q6_1"],
    }
    assert unstructure(FORMULAS["per_case_average"]) == {
        "kind": "per_case_average",
        "numerator": ["reviews"],
        "denominator": ["cases"],
    }


def test_nested_formulas_are_written_inline() -> None:
    blend = unstructure(FORMULAS["blend"])
    assert blend["components"][1]["formula"] == {
        "kind": "ratio",
        "numerator": ["succeeded"],
        "denominator": ["sent"],
    }
    cap = unstructure(FORMULAS["capability_usage"])
    assert cap["usage"] == {"kind": "ratio", "numerator": ["q30_3"], "denominator": ["q30_2"]}
    assert cap["capability_weight"] == 2 / 3


def test_formulas_as_written_in_a_scheme_file() -> None:
    text = """
    publication = { kind = "ratio", numerator = ["q20_4"], denominator = ["q20_2", "-q20_3"], over = "cap" }
    eservice = { kind = "blend", components = [
        { weight = "75%", ref = "send_rate" },
        { weight = "25%", formula = { kind = "ratio", numerator = "succeeded", denominator = "sent" }, default = 0.0, cap = 1 },
    ], cap = 1 }
    mediation = { kind = "capability_usage", capability = "q30_1", capability_weight = "2/3", usage = { kind = "ratio", numerator = "q30_3", denominator = "q30_2" } }
    mobile = { kind = "peer_relative", components = [
        { numerator = "logins", denominator = "officers", weight = "50%", peer = "city_logins" },
        { numerator = "hours", denominator = "officers", weight = "50%" },
    ] }
    hall = { kind = "checklist", items = ["q1:C", "q1:D"], items_above_basic = ["q1:A"] }
    staff = { kind = "threshold", value = "q40_1", threshold = 5, by_level = { intermediate = 10 } }
    """
    data = tomllib.loads(text)
    assert load(data["publication"]) == FORMULAS["ratio"]
    assert load(data["eservice"]) == FORMULAS["blend"]
    assert load(data["mediation"]) == FORMULAS["capability_usage"]
    assert load(data["mobile"]) == FORMULAS["peer_relative"]
    assert load(data["hall"]) == FORMULAS["checklist"]
    assert load(data["staff"]) == FORMULAS["threshold"]
    # Changqing Q30 through the formula read from text: 2/3 + 1/3 × 163/169 = 0.988166
    mediation = load(data["mediation"])
    assert mediation.evaluate_one({"q30_1": 1, "q30_2": 169, "q30_3": 163}) == pytest.approx(
        0.98816568, abs=1e-8
    )


def test_a_formula_object_passes_through() -> None:
    formula = FORMULAS["ratio"]
    assert load(formula) is formula


def test_unknown_kind_inside_a_formula_names_the_path_and_suggests() -> None:
    data = {
        "kind": "blend",
        "components": [
            {"weight": "75%", "ref": "send_rate"},
            {"weight": "25%", "formula": {"kind": "ratoi", "numerator": "a", "denominator": "b"}},
        ],
    }
    with pytest.raises(ValidationError) as info:
        load(data, source="scheme.toml")
    message = str(info.value)
    assert "$.components[1].formula" in message
    assert "'ratoi'" in message
    assert "did you mean 'ratio'" in message
    assert message.startswith("scheme.toml: ")
    assert [p.path for p in info.value.problems] == ["$.components[1].formula"]


def test_unknown_kind_of_a_usage_formula() -> None:
    data = {
        "kind": "capability_usage",
        "capability": "q30_1",
        "capability_weight": "2/3",
        "usage": {"kind": "ration", "numerator": "q30_3", "denominator": "q30_2"},
    }
    with pytest.raises(
        ValidationError, match=r"\$\.usage: unknown formula 'ration'; did you mean 'ratio'"
    ):
        load(data)


def test_unknown_kind_at_the_top_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as info:
        load({"kind": "ratoi", "numerator": "a", "denominator": "b"})
    assert "did you mean 'ratio'" in str(info.value)
    assert info.value.problems[0].path == "$"


def test_every_problem_is_listed_with_its_path() -> None:
    data: dict[str, Any] = {
        "kind": "blend",
        "components": [
            {"weight": "lots", "ref": "send_rate"},
            {
                "weight": "25%",
                "formula": {"kind": "ratio", "numerator": "a", "denominator": "b", "over": "clip"},
            },
        ],
        "caps": 1,
    }
    with pytest.raises(ValidationError) as info:
        load(data)
    paths = {p.path for p in info.value.problems}
    assert "$.components[0]" in paths or "$.components[0].weight" in paths
    assert "$.components[1].formula.over" in paths
    assert any("caps" in p.message for p in info.value.problems)


def test_a_formula_needs_a_kind() -> None:
    with pytest.raises(ValidationError, match="kind"):
        load({"numerator": "a", "denominator": "b"})
    with pytest.raises(ValidationError):
        load("ratio")


def test_missing_field_is_reported() -> None:
    with pytest.raises(ValidationError) as info:
        load({"kind": "ratio", "numerator": "a"})
    assert [str(p) for p in info.value.problems] == ["$.denominator: required field missing"]


NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
TERMS = st.lists(st.tuples(st.sampled_from(["", "-"]), NAMES).map("".join), min_size=1, max_size=4)


@given(num=TERMS, den=TERMS, over=st.sampled_from(["error", "cap", "allow"]))
def test_any_ratio_round_trips(num: list[str], den: list[str], over: str) -> None:
    formula = Ratio(numerator=num, denominator=den, over=over)  # type: ignore[arg-type]
    assert load(unstructure(formula)) == formula
