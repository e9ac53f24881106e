"""How the generator draws each input of a scheme, read from its formulas: subsets under their
wholes, platform figures tracking the court's, stocks, and an order to draw in."""

from __future__ import annotations

from courtinfo.indicators import get_scheme
from courtinfo.synthetic._plan import draw_levels, plan

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
