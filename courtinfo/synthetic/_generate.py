"""`generate`: a court tree's rows for a scheme, repaired where a ratio could break; presets."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple

import numpy as np

from courtinfo.base import InputError
from courtinfo.data import COURT_LEVEL, SnapshotBatch, platform_first
from courtinfo.formulas import sum_terms, term_name
from courtinfo.indicators import Scheme
from courtinfo.org import CourtTree, Department
from courtinfo.periods import Period, PeriodKind
from courtinfo.synthetic._draw import Drawer, Frame
from courtinfo.synthetic._plan import Reading, Spec, draw_levels, plan
from courtinfo.synthetic._tables import DEPARTMENT_NAMES, F64, LEVEL_SIZE
from courtinfo.synthetic._tree import court_tree


class Synthetic(NamedTuple):
    """What `generate` returns: the tree, every department of every court, and the rows."""

    tree: CourtTree
    departments: tuple[Department, ...]
    batch: SnapshotBatch


def _season(periods: Sequence[Period]) -> F64:
    """How busy each period is: one per 7 days, quieter in holiday weeks, busier in December."""
    out = []
    for p in periods:
        f = p.days / 7.0
        if p.kind is PeriodKind.WEEK:
            if p.iso_week in (5, 6):  # Spring Festival (春节) falls in late January or February
                f *= 0.55
            elif p.iso_week == 40:  # National Day golden week (国庆)
                f *= 0.6
            elif p.iso_week >= 49:  # year-end closing push (年底结案)
                f *= 1.15
        out.append(f)
    return np.array(out, dtype=np.float64)


def _default_periods(scheme: Scheme, year: int, weeks: int) -> list[Period]:
    kind = scheme.period_kind
    if kind == PeriodKind.MONTH:
        return [Period.month(year, m) for m in range(1, 13)]
    if kind == PeriodKind.QUARTER:
        return [Period.quarter(year, q) for q in range(1, 5)]
    if kind in (PeriodKind.YEAR, PeriodKind.RANGE):
        return [Period.year(year)]
    last = Period.week(year, 1).start.replace(month=12, day=28).isocalendar().week
    return [Period.week(year, w) for w in range(1, min(weeks, last) + 1)]


def _scheme_year(scheme: Scheme) -> int:
    m = re.search(r"(\d{4})$", scheme.code)
    return int(m[1]) if m else scheme.date.year


def _department_templates(departments: int | Sequence[str]) -> list[Department]:
    if isinstance(departments, int):
        if not 0 <= departments <= len(DEPARTMENT_NAMES):
            msg = f"departments must be 0..{len(DEPARTMENT_NAMES)} or a list of names"
            raise InputError(msg)
        names: Sequence[str] = DEPARTMENT_NAMES[:departments]
    else:
        names = departments
    templates = [Department.from_name("_", name) for name in names]
    codes = [d.code for d in templates]
    if len(set(codes)) != len(codes):
        msg = f"department names give duplicate codes: {codes}"
        raise InputError(msg)
    return templates


def generate(
    scheme: Scheme,
    *,
    provinces: int = 2,
    cities_per_province: float = 3,
    basic_per_city: float = 4,
    departments: int | Sequence[str] | None = None,
    weeks: int = 52,
    year: int | None = None,
    periods: Sequence[Period] | None = None,
    supreme: bool = True,
    missing: float = 0.002,
    zero_denominators: float = 0.005,
    seed: int = 0,
    threads: int | None = None,
) -> Synthetic:
    """A court tree, its departments and one row per court department and period.

    `departments` is how many of `DEPARTMENT_NAMES` every court has (0: one court-level row
    per court and period) or the names themselves; by default 20 for weekly, monthly and
    quarterly schemes and 0 for yearly ones (the national evaluation is per court). The batch labels departments by their codes
    (``civil-1``) as `Department.from_name` makes them. Periods are the scheme's kind in
    `year` (default: the year ending the scheme's code, else its date's): the first `weeks`
    ISO weeks, the 12 months, the 4 quarters or the year; `periods` overrides. `missing`
    is the share of cells left empty (NaN; a tenth more for inputs with a fallback, so that
    the fallback is used; 0: none at all); `zero_denominators` the share of flow counts
    forced to 0 on top of those that are 0 by chance. Inputs a peer-relative formula reads
    as the published peer figure are not generated: the tree gives the peer groups.
    Same arguments, same data, whatever `threads`.
    """
    tree = court_tree(
        provinces=provinces,
        cities_per_province=cities_per_province,
        basic_per_city=basic_per_city,
        supreme=supreme,
        seed=seed,
    )
    if departments is None:
        departments = 0 if _is_yearly(scheme) else 20
    templates = _department_templates(departments)
    plist = (
        list(periods)
        if periods is not None
        else _default_periods(scheme, year if year is not None else _scheme_year(scheme), weeks)
    )
    if not plist:
        msg = "no periods to generate"
        raise InputError(msg)

    codes = tree.codes
    n_courts, n_depts, n_periods = len(codes), max(len(templates), 1), len(plist)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2]))
    levels = [c.level for c in tree.courts]
    size = np.array([LEVEL_SIZE[lv] for lv in levels]) * rng.lognormal(0.0, 0.6, n_courts)
    frame = Frame(
        n_courts=n_courts,
        n_depts=n_depts,
        n_periods=n_periods,
        court_of_combo=np.repeat(np.arange(n_courts, dtype=np.int64), n_depts),
        dept_of_combo=np.tile(np.arange(n_depts, dtype=np.int64), n_courts),
        court_size=size,
        court_quality=rng.normal(0.0, 1.0, n_courts),
        court_level=levels,
        period_factor=_season(plist),
        dept_kinds=tuple(t.kind for t in templates) if templates else (None,),
    )

    specs = plan(scheme)
    drawer = Drawer(frame, specs, seed, missing, zero_denominators)
    workers = threads if threads is not None else min(4, os.cpu_count() or 1)
    names = [n for level in draw_levels(specs) for n in level if not specs[n].skip]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for level in draw_levels(specs):
            todo = [n for n in level if not specs[n].skip]
            for name, (values, stock) in zip(todo, pool.map(drawer.draw, todo), strict=True):
                drawer.done[name] = values
                drawer.is_stock[name] = stock

        def finish(name: str) -> F64:
            col = np.asarray(drawer.rows_of(name), dtype=np.float64)
            if not col.flags.owndata or not col.flags.writeable:
                col = col.copy()
            return drawer.blank(name, col)

        finished = dict(zip(names, pool.map(finish, names), strict=True))
    drawer.done.clear()

    columns = {n: c for n, c in finished.items() if not specs[n].input.platform}
    platform = {n: c for n, c in finished.items() if specs[n].input.platform}
    _repair(scheme, specs, columns, platform)
    dept_index = frame.per_row(frame.dept_of_combo)
    batch = SnapshotBatch(
        courts=codes,
        court_index=frame.per_row(frame.court_of_combo),
        departments=tuple(t.code for t in templates) if templates else (COURT_LEVEL,),
        department_index=dept_index,
        periods=tuple(plist),
        period_index=np.tile(np.arange(n_periods, dtype=np.int64), frame.combos),
        columns={n: columns[n] for n in sorted(columns)},
        platform={n: platform[n] for n in sorted(platform)},
        kinds={i.id: i.kind for i in scheme.inputs if i.id in finished},
    ).validated()  # checked once here, as `from_columns` checks, not at every evaluation
    depts = tuple(
        Department(court=code, code=t.code, kind=t.kind, name=t.name, number=t.number)
        for code in codes
        for t in templates
    )
    return Synthetic(tree, depts, batch)


def _repair(
    scheme: Scheme,
    specs: Mapping[str, Spec],
    columns: dict[str, F64],
    platform: dict[str, F64],
) -> None:
    """Blank the rows that would still break a ratio's rule (only cycles and fallbacks can)."""

    def effective(name: str) -> F64 | None:
        # As evaluation reads an input: the platform's figure first, then along its fallbacks.
        col: F64 | None = None
        for m in scheme.fallback_chain(name) or (name,):
            own = platform_first(columns.get(m), platform.get(m))
            if own is not None:
                col = own if col is None else np.where(np.isnan(col), own, col)
        return col

    reading = Reading()
    for ind in scheme.indicators:
        reading.walk(ind.formula, None)
    for use in reading.ratios:
        terms = [*use.numerator, *use.denominator]
        names = [term_name(t) for t in terms]
        if not all(n in specs for n in names):
            continue
        if not any(specs[n].dropped or specs[n].input.fallback for n in names):
            continue  # drawn within its ceilings: nothing can break
        cols = [effective(n) for n in names]
        if any(c is None for c in cols):
            continue

        def get(n: str) -> F64:
            c = effective(n)
            assert c is not None
            return c

        num, den = sum_terms(use.numerator, get), sum_terms(use.denominator, get)
        with np.errstate(invalid="ignore"):
            broken = (num < 0) | (den < 0)
            if use.over == "error":
                broken |= num > den
        if not broken.any():
            continue
        for n in names:
            for m in scheme.fallback_chain(n):
                for store in (columns, platform):
                    if m in store:
                        store[m][broken] = np.nan


# -- presets ------------------------------------------------------------------------------


def _is_yearly(scheme: Scheme) -> bool:
    return scheme.period_kind in (PeriodKind.YEAR, PeriodKind.RANGE)


def national(scheme: Scheme, seed: int = 0, **options: Any) -> Synthetic:
    """Every court of the country: 1 + 31 + 372 + 3,100 = 3,504 courts.

    Weekly and monthly schemes get 20 departments per court (3,644,160 rows over 52 weeks);
    yearly ones (the national evaluation) one court-level row per court. `options` are passed
    to `generate`.
    """
    kw: dict[str, Any] = {
        "provinces": 31,
        "cities_per_province": 12,
        "basic_per_city": 3100 / 372,
        **options,
    }
    return generate(scheme, seed=seed, **kw)


def province(scheme: Scheme, seed: int = 0, **options: Any) -> Synthetic:
    """One province under its high court: 16 cities, 130 basic courts, 147 courts in all."""
    kw: dict[str, Any] = {
        "provinces": 1,
        "cities_per_province": 16,
        "basic_per_city": 130 / 16,
        "supreme": False,
        **options,
    }
    return generate(scheme, seed=seed, **kw)
