"""The formula registry: stable names, clear errors, plugins."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import numpy as np
import pytest

from courtinfo._errors import CourtinfoError, FormulaError, RegistryError, UnknownNameError
from courtinfo.formulas import (
    CapabilityUsage,
    Checklist,
    Env,
    Formula,
    Outcome,
    PeerRelative,
    PerCaseAverage,
    Ratio,
    Threshold,
    WeightedBlend,
    register,
    registry,
)

BUILT_INS = {
    "blend": WeightedBlend,
    "capability_usage": CapabilityUsage,
    "checklist": Checklist,
    "peer_relative": PeerRelative,
    "per_case_average": PerCaseAverage,
    "ratio": Ratio,
    "threshold": Threshold,
}

TEST_NAME = "test_registry_difference"


@attrs.frozen
class Difference(Formula):
    """a − b: a vendor's formula, registered by the tests below."""

    a: str
    b: str

    def references(self) -> tuple[str, ...]:
        return (self.a, self.b)

    def compute(self, env: Env) -> Outcome:
        status = np.maximum(env.status(self.a), env.status(self.b))
        return Outcome.of(env.get(self.a) - env.get(self.b), status)


@pytest.fixture
def clean() -> Iterator[None]:
    """Whatever a test registers under TEST_NAME is gone afterwards."""
    yield
    registry.remove(TEST_NAME)


def test_built_ins_are_listed() -> None:
    names = registry.names()
    assert set(BUILT_INS) <= set(names)
    assert names == sorted(names)
    for name, cls in BUILT_INS.items():
        assert registry.get(name) is cls
        assert cls.kind == name
        assert registry.name_of(cls) == name
        assert registry.origin(name) == f"{cls.__module__}.{cls.__qualname__}"


def test_register_and_use_a_new_formula(clean: None) -> None:
    cls = register(TEST_NAME)(Difference)
    assert cls is Difference
    assert registry.get(TEST_NAME) is Difference
    assert TEST_NAME in registry.names()
    assert registry.name_of(Difference(a="x", b="y")) == TEST_NAME
    # 收案 − 结案 = 未结: 10065 − 7267 = 2798 (numbers from Changqing Q5, for the arithmetic).
    assert Difference(a="x", b="y").evaluate_one({"x": 10065, "y": 7267}) == 2798.0


def test_registering_a_name_twice_names_both_origins(clean: None) -> None:
    with pytest.raises(RegistryError) as info:
        register("ratio")(Difference)
    message = str(info.value)
    assert "'ratio'" in message
    assert "courtinfo.formulas.ratio.Ratio" in message
    assert f"{__name__}.Difference" in message
    assert isinstance(info.value, CourtinfoError)
    # The table is unchanged.
    assert registry.get("ratio") is Ratio


def test_registering_the_same_class_twice_is_also_an_error(clean: None) -> None:
    registry.add(TEST_NAME, Difference, origin="first place")
    with pytest.raises(RegistryError, match="first place"):
        registry.add(TEST_NAME, Difference, origin="second place")


def test_unknown_name_suggests_close_matches() -> None:
    with pytest.raises(UnknownNameError) as info:
        registry.get("ratoi")
    assert info.value.kind == "formula"
    assert info.value.name == "ratoi"
    assert "ratio" in info.value.suggestions
    assert "did you mean 'ratio'" in str(info.value)
    with pytest.raises(UnknownNameError):
        registry.origin("tresholds")


def test_remove_takes_a_name_out(clean: None) -> None:
    registry.add(TEST_NAME, Difference)
    registry.remove(TEST_NAME)
    assert TEST_NAME not in registry.names()
    with pytest.raises(UnknownNameError):
        registry.get(TEST_NAME)
    registry.remove(TEST_NAME)  # removing again is harmless
    # ...and the name is free again.
    registry.add(TEST_NAME, Difference)
    assert registry.get(TEST_NAME) is Difference


class NotAFormula:
    pass


@attrs.frozen
class AttrsButNotAFormula:
    x: int = 0


class PlainFormula(Formula):
    """A Formula subclass that is not an attrs class."""

    def references(self) -> tuple[str, ...]:
        return ()

    def compute(self, env: Env) -> Outcome:
        return Outcome.of(np.zeros(env.n), np.zeros(env.n, np.uint8))


@pytest.mark.parametrize("cls", [NotAFormula, AttrsButNotAFormula, PlainFormula, int, "ratio"])
def test_only_attrs_formula_classes_are_accepted(cls: object, clean: None) -> None:
    with pytest.raises(FormulaError, match="not an attrs subclass"):
        registry.add(TEST_NAME, cls)  # type: ignore[arg-type]
    assert TEST_NAME not in registry.names()


def test_an_unregistered_formula_has_no_name() -> None:
    @attrs.frozen
    class Unregistered(Difference):
        pass

    with pytest.raises(FormulaError, match="not a registered formula"):
        registry.name_of(Unregistered(a="x", b="y"))


def test_a_subclass_of_a_registered_formula_is_not_its_parent() -> None:
    # PerCaseAverage subclasses Ratio but has its own name; a Ratio keeps "ratio".
    assert registry.name_of(PerCaseAverage("a", "b")) == "per_case_average"
    assert registry.name_of(Ratio("a", "b")) == "ratio"
