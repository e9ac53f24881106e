"""The formula registry: stable names, clear errors, plugins."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import numpy as np
import pytest

from courtinfo.base._errors import CourtinfoError, FormulaError, RegistryError, UnknownNameError
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


def test_a_class_keeps_its_one_name(clean: None) -> None:
    # Registering Ratio again under a second name would rename it: schemes would then be
    # written back with the new kind. Refused, naming the first registration.
    with pytest.raises(RegistryError) as info:
        registry.add(TEST_NAME, Ratio, origin="a vendor")
    message = str(info.value)
    assert "courtinfo.formulas.ratio.Ratio is already registered as 'ratio' (by " in message
    assert "(by courtinfo.formulas.ratio.Ratio); " in message  # where the first one came from
    assert f"a vendor cannot register it again as {TEST_NAME!r}" in message
    assert Ratio.kind == "ratio"
    assert registry.name_of(Ratio("a", "b")) == "ratio"
    assert TEST_NAME not in registry.names()


# -- plugins found through entry points ----------------------------------------------------

VENDOR_MODULE = "courtinfo_registry_test_vendor"
VENDOR_SOURCE = """
import attrs
import numpy as np

from courtinfo.formulas import Env, Formula, Outcome


@attrs.frozen
class Sum(Formula):
    a: str
    b: str

    def references(self):
        return (self.a, self.b)

    def compute(self, env: Env) -> Outcome:
        status = np.maximum(env.status(self.a), env.status(self.b))
        return Outcome.of(env.get(self.a) + env.get(self.b), status)


@attrs.frozen
class Clash(Sum):
    pass
"""


@pytest.fixture
def vendor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Install, on sys.path only, a vendor whose entry points are the given lines."""

    def install(*entry_points: str) -> None:
        (tmp_path / f"{VENDOR_MODULE}.py").write_text(VENDOR_SOURCE, encoding="utf-8")
        info = tmp_path / "registry_test_vendor-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: registry-test-vendor\nVersion: 1.0\n", encoding="utf-8"
        )
        lines = "\n".join(["[courtinfo.formulas]", *entry_points])
        (info / "entry_points.txt").write_text(lines + "\n", encoding="utf-8")
        monkeypatch.syspath_prepend(str(tmp_path))
        registry._entry_points_loaded = False

    yield install
    for name in ("vendor_sum", "vendor_broken", "ratio_clash"):
        registry.remove(name)
    registry._BROKEN.clear()
    registry._entry_points_loaded = False
    sys.modules.pop(VENDOR_MODULE, None)
    importlib.invalidate_caches()


def test_a_broken_plugin_does_not_hide_the_others(vendor: Callable[..., None]) -> None:
    vendor(
        "vendor_broken = no_such_module_for_courtinfo_tests:Nothing",
        f"vendor_sum = {VENDOR_MODULE}:Sum",
        f"ratio = {VENDOR_MODULE}:Clash",
    )
    sum_cls = registry.get("vendor_sum")
    assert registry.origin("vendor_sum") == f"entry point {VENDOR_MODULE}:Sum"
    # 收案 7267 + 未结 2798 = 10065 (Changqing Q5 ①).
    assert sum_cls(a="x", b="y").evaluate_one({"x": 7267, "y": 2798}) == 10065.0
    assert registry.get("ratio") is Ratio  # the built-in keeps its name
    # Asked for by name, the broken plugin says why, every time.
    for _ in range(2):
        with pytest.raises(FormulaError) as info:
            registry.get("vendor_broken")
        assert "formula plugin 'vendor_broken'" in str(info.value)
        assert "no_such_module_for_courtinfo_tests:Nothing" in str(info.value)
    # Listing the table reports every failure at once, the clash with both origins.
    with pytest.raises(FormulaError) as listed:
        registry.names()
    text = str(listed.value)
    assert "vendor_broken" in text
    assert (
        "formula name 'ratio' is registered twice: by courtinfo.formulas.ratio.Ratio "
        f"and by entry point {VENDOR_MODULE}:Clash"
    ) in text


def test_a_plugin_taking_a_built_in_name_is_a_registry_error(vendor: Callable[..., None]) -> None:
    vendor(f"ratio = {VENDOR_MODULE}:Clash")
    with pytest.raises(RegistryError) as info:
        registry.names()
    assert str(info.value) == (
        "formula name 'ratio' is registered twice: by courtinfo.formulas.ratio.Ratio "
        f"and by entry point {VENDOR_MODULE}:Clash"
    )
    assert registry.get("ratio") is Ratio


def test_unknown_names_still_suggest_after_plugins_load(vendor: Callable[..., None]) -> None:
    vendor(f"vendor_sum = {VENDOR_MODULE}:Sum")
    with pytest.raises(UnknownNameError) as info:
        registry.get("vendor_sun")
    assert info.value.suggestions == ["vendor_sum"]
    assert "vendor_sum" in registry.names()


def test_loading_plugins_again_keeps_their_registrations(vendor: Callable[..., None]) -> None:
    # A second load (after a reset) meets the names its first load registered: the same
    # entry point, so not a clash.
    vendor(f"vendor_sum = {VENDOR_MODULE}:Sum")
    assert "vendor_sum" in registry.names()
    first = registry.get("vendor_sum")
    registry._entry_points_loaded = False
    assert "vendor_sum" in registry.names()
    assert registry.get("vendor_sum") is first


def test_a_fresh_process_finds_plugins_the_first_time_a_name_is_asked(tmp_path: Path) -> None:
    # Nothing loaded at import; the first unknown name reads the entry points.
    (tmp_path / f"{VENDOR_MODULE}.py").write_text(VENDOR_SOURCE, encoding="utf-8")
    info = tmp_path / "registry_test_vendor-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: registry-test-vendor\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[courtinfo.formulas]\nvendor_sum = {VENDOR_MODULE}:Sum\n", encoding="utf-8"
    )
    code = (
        "from courtinfo.formulas import registry; "
        "print(registry._entry_points_loaded, registry.get('vendor_sum').__name__, "
        "registry._entry_points_loaded)"
    )
    paths = [str(tmp_path), *sys.path]
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)},
        capture_output=True, text=True, check=True, timeout=120,
    )
    assert done.stdout.split() == ["False", "Sum", "True"]


@pytest.mark.parametrize("name", ["", "   ", 3, None])
def test_a_formula_name_must_be_a_non_empty_str(name: object, clean: None) -> None:
    with pytest.raises(FormulaError, match=r"register: name"):
        register(name)  # type: ignore[arg-type]
    with pytest.raises(FormulaError, match=r"add: name"):
        registry.add(name, Difference)  # type: ignore[arg-type]
