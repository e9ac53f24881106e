"""How the generator draws each input of a scheme, read from its formulas: subsets under their
wholes, platform figures tracking the court's, stocks, and an order to draw in."""

from __future__ import annotations

from courtinfo.indicators import get_scheme
from courtinfo.synthetic import Ceiling, acyclic_ceilings, ratio_ceilings
from courtinfo.synthetic._plan import Spec, _drop_cycles, draw_levels, plan

SPECS = plan(get_scheme("shanghai-2022"))


def pools(name: str) -> list[tuple[str, ...]]:
    return [p.names for p in SPECS[name].pools]


def test_numerators_are_drawn_under_their_denominators() -> None:
    # 电子送达发送率 = e_service_sent / all_services, over = "error".
    assert pools("e_service_sent") == [("all_services",)]
    assert pools("online_filings") == [("filings",)]
    # web_entries is the rest of archived_entries after born_digital_entries.
    assert pools("web_entries") == [("archived_entries", "born_digital_entries")]
    assert pools("filings") == []


def test_free_inputs_follow_what_they_relate_to_and_stocks_stay_put() -> None:
    scale = SPECS["mobile_logins"].scale
    assert scale is not None and scale.sources == ("enforcement_officers",)
    assert SPECS["enforcement_officers"].stock  # 在编执行干警人数: the same every week
    assert SPECS["courtrooms"].stock and not SPECS["filings"].stock
    rate = SPECS["online_filings"].rate
    assert rate is not None and 0 < rate <= 1.05


def test_draw_levels_put_every_input_after_what_bounds_it() -> None:
    levels = draw_levels(SPECS)
    assert sorted(n for level in levels for n in level) == sorted(SPECS)
    where = {n: k for k, level in enumerate(levels) for n in level}
    for name, spec in SPECS.items():
        for dep in spec.deps:
            assert where[dep] < where[name], (dep, name)
    assert where["web_entries"] == 2 and where["filings"] == 0
    assert draw_levels({}) == []


def test_ratio_ceilings_keep_subtracted_terms_and_numerators_within_their_sums() -> None:
    # 结收比 = closed ÷ (old + new − moved), over = "error": moved ≤ old + new, and
    # closed ≤ old + new − moved; a subtracted numerator term within the numerator.
    assert ratio_ceilings(("closed", "-redo"), ("old", "new", "-moved"), True) == [
        ("moved", Ceiling(("old", "new"))),
        ("redo", Ceiling(("closed",))),
        ("closed", Ceiling(("old", "new"), ("moved",))),
    ]
    # Two added numerator terms: the second within what the first leaves.
    assert ratio_ceilings(("a", "b"), ("d",), True) == [
        ("a", Ceiling(("d",))),
        ("b", Ceiling(("d",), ("a",))),
    ]
    # A numerator allowed above its denominator: only the subtracted terms are bounded.
    assert ratio_ceilings(("a",), ("d", "-e"), False) == [("e", Ceiling(("d",)))]


def test_a_ceiling_is_its_sum_not_below_zero_and_none_when_a_value_is_missing() -> None:
    ceiling = Ceiling(("old", "new"), ("moved",))
    assert ceiling.names == ("old", "new", "moved")
    assert ceiling.bound({"old": 220.0, "new": 2076.0, "moved": 16.0}) == 2280.0
    assert ceiling.bound({"old": 1.0, "new": 0.0, "moved": 5.0}) == 0.0
    assert ceiling.bound({"old": 1.0, "new": float("nan"), "moved": 0.0}) is None


def test_acyclic_ceilings_drop_the_ceiling_that_closes_a_cycle_and_order_the_rest() -> None:
    # a ≤ b (ratio a/b) and b ≤ a (ratio b/a): the walk starts at a, goes on to b, and
    # b's ceiling a (still being visited) is dropped; c ≤ a − b keeps both its names.
    ceilings = {
        "c": [Ceiling(("a",), ("b",))],
        "a": [Ceiling(("b",))],
        "b": [Ceiling(("a",)), Ceiling(("d",))],
        "d": [],
        "p": [],
        "own": [],
    }
    found = acyclic_ceilings(ceilings, {"p": "own"})
    assert found.ceilings == {
        "c": (Ceiling(("a",), ("b",)),),
        "a": (Ceiling(("b",)),),
        "b": (Ceiling(("d",)),),
        "d": (),
        "p": (),
        "own": (),
    }
    # Each input after what bounds it; a platform figure after its fallback (own).
    assert found.order == ("d", "b", "a", "c", "own", "p")
    # The same ceilings from b first: now a's ceiling b closes the cycle.
    again = acyclic_ceilings({"b": ceilings["b"], "a": ceilings["a"], "d": []}, {})
    assert again.ceilings["a"] == () and again.ceilings["b"] == tuple(ceilings["b"])
    assert again.order == ("a", "d", "b")


def test_a_spec_whose_ceiling_was_dropped_is_marked() -> None:
    # No shipped scheme's ceilings form a cycle: every spec keeps all it was given.
    assert not any(spec.dropped for spec in SPECS.values())
    # filings ≤ online_filings and online_filings ≤ filings: the second is dropped.
    specs = {
        "filings": Spec(SPECS["filings"].input, [Ceiling(("online_filings",))]),
        "online_filings": Spec(SPECS["online_filings"].input, [Ceiling(("filings",))]),
    }
    _drop_cycles(specs)
    assert specs["filings"].pools == [Ceiling(("online_filings",))]
    assert not specs["filings"].dropped
    assert specs["online_filings"].pools == [] and specs["online_filings"].dropped
