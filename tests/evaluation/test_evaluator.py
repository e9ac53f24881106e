"""Evaluator: a scheme prepared once, called per snapshot or batch; trusted and untrusted cells."""

from __future__ import annotations

from pathlib import Path

import attrs
import numpy as np
import pytest

from courtinfo import (
    Evaluator,
    InputError,
    MetricSnapshot,
    Period,
    SnapshotBatch,
    ValidationError,
    ValueKind,
    evaluate,
)
from courtinfo.evaluation import Results
from courtinfo.indicators import Scheme, load_scheme
from courtinfo.org import Department, DepartmentKind
from courtinfo.testing import assert_results_equal

EXAMPLE = Path(__file__).parents[2] / "docs" / "example-scheme.toml"
W21 = Period.parse("2022-W21")


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return load_scheme(EXAMPLE)


def test_one_evaluator_many_snapshots(scheme: Scheme) -> None:
    ev = Evaluator(scheme)
    snaps = [
        MetricSnapshot("c1", W21, "民一庭", {"q6_1": 10, "q6_2": 4}),
        MetricSnapshot("c1", W21, "刑一庭", {"q6_1": 8, "q6_2": 8}),
        MetricSnapshot("c2", W21, "民一庭", {"q6_1": 0, "q6_2": 0}),
    ]
    for s in snaps * 2:  # the second round reads the department facts it remembered
        mine, fresh = ev(s), evaluate(scheme, s)
        assert_results_equal(mine, fresh)
        assert mine.row(0, "rec") == fresh.row(0, "rec")
    # 民一庭 handles cases: bound by the 0.45 target; 刑一庭 is excluded from it.
    assert ev(snaps[0]).row(0, "rec").target == 0.45
    assert ev(snaps[1]).row(0, "rec").target is None


def test_a_kept_evaluator_checks_each_snapshot_of_a_layout_it_passed_before(scheme: Scheme) -> None:
    # The evaluator remembers that snapshots of these names and value types passed; a
    # snapshot of other names, another value type or another sign is checked again.
    ev = Evaluator(scheme)
    good = MetricSnapshot("c1", W21, "民一庭", {"q6_1": 10, "q6_2": 4})
    assert ev(good).value("rec") == 0.4
    assert ev(good, allow_extra=True).value("rec") == 0.4
    with pytest.raises(ValidationError, match="unknown input 'q6_3'"):
        ev(MetricSnapshot("c1", W21, "民一庭", {"q6_1": 10, "q6_3": 4}))
    with pytest.raises(ValidationError, match=r"values.q6_2: \['A'\] is a set of options"):
        ev(MetricSnapshot("c1", W21, "民一庭", {"q6_1": 10, "q6_2": ["A"]}))
    with pytest.raises(ValidationError, match=r"-4\.0 is negative, but scheme"):
        ev(MetricSnapshot("c1", W21, "民一庭", {"q6_1": 10, "q6_2": -4}, signed=["q6_2"]))
    assert ev(MetricSnapshot("c2", W21, "民一庭", {"q6_1": 9, "q6_2": 3})).value("rec") == 1 / 3


def test_listed_departments_give_their_kind(scheme: Scheme) -> None:
    # The label 'd7' says nothing; the department list says it is a civil division.
    dept = Department(court="c1", code="d7", kind=DepartmentKind.CIVIL, name="民七庭")
    s = MetricSnapshot("c1", W21, "d7", {"q6_1": 10, "q6_2": 5})
    with pytest.raises(InputError) as info:
        Evaluator(scheme)(s)  # not silently a department without a target
    assert str(info.value) == (
        "department 'd7' (court 'c1', period 2022-W21) is of no known kind, so no target would "
        "bind it; declare it in the data's departments list, or allow it with "
        'unknown_departments="allow" (command line: --unknown-departments allow)'
    )
    allowed = Evaluator(scheme, unknown_departments="allow")(s)
    assert allowed.row(0, "rec").target is None
    assert allowed.unknown_departments == ("d7",)
    # Declared for another court only: still unknown in c1.
    elsewhere = Department(court="c2", code="d7", kind=DepartmentKind.CIVIL, name="民七庭")
    with pytest.raises(InputError, match="department 'd7' \\(court 'c1'"):
        Evaluator(scheme, departments=[elsewhere])(s)
    row = Evaluator(scheme, departments=[dept])(s).row(0, "rec")
    assert (row.target, row.target_met) == (0.45, True)


def test_batches_from_the_builders_are_checked() -> None:
    s = MetricSnapshot("c1", W21, None, {"q6_1": 3})
    assert SnapshotBatch.from_snapshots([s]).checked
    built = SnapshotBatch.from_columns(court=["c1"], period=["2022-W21"], columns={"q6_1": [3]})
    assert built.checked
    assert not attrs.evolve(built, checked=False).checked


def test_an_unchecked_batch_is_checked_before_use(scheme: Scheme) -> None:
    # Made by hand with the attrs constructor: nothing has looked at its cells yet.
    raw = SnapshotBatch(
        courts=("c1",),
        court_index=np.array([0, 0]),
        departments=("民一庭", "民二庭"),
        department_index=np.array([0, 1]),
        periods=(W21,),
        period_index=np.array([0, 0]),
        columns={"q6_1": np.array([10.0, -4.0]), "q6_2": np.array([2.0, 1.0])},
        kinds={"q6_1": ValueKind.COUNT, "q6_2": ValueKind.COUNT},
    )
    assert not raw.checked
    with pytest.raises(ValidationError) as exc:
        evaluate(scheme, raw)
    assert str(exc.value) == (
        "columns.q6_1[1]: -4.0 is negative; counts cannot be below 0 (court 'c1', department '民二庭', period 2022-W21)"
    )
    good = attrs.evolve(raw, columns={"q6_1": np.array([10.0, 4.0]), "q6_2": raw.columns["q6_2"]})
    np.testing.assert_array_equal(evaluate(scheme, good).values["rec"], [0.2, 0.25])


def test_a_choice_column_needs_its_kind(scheme: Scheme) -> None:
    # Options A and C as a bit mask (A = 1, C = 4): a number unless the batch says otherwise.
    cols = {"q1": np.array([5], dtype=np.int64), "q6_1": np.array([1]), "q6_2": np.array([1])}
    guessed = SnapshotBatch.from_columns(court=["c1"], period=["2022-W21"], columns=cols)
    with pytest.raises(InputError, match=r"values\.q1: 5 is a count, but input 'q1' \(功能\)"):
        evaluate(scheme, guessed)
    kinds = {"q1": ValueKind.CHOICE, "q6_1": ValueKind.COUNT, "q6_2": ValueKind.COUNT}
    told = SnapshotBatch.from_columns(court=["c1"], period=["2022-W21"], columns=cols, kinds=kinds)
    assert evaluate(scheme, told).value("hall") == 1.0  # both options offered are ticked


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "cannot evaluate NoneType None: expected a MetricSnapshot, snapshots, "),
        (5, "cannot evaluate int 5: expected"),
        ("data.json", "cannot evaluate str 'data.json': expected"),
        ({"court": "c1"}, "cannot evaluate dict {'court': 'c1'}: expected"),
        ([{"court": "c1"}], "snapshots[0]: dict {'court': 'c1'} is not a MetricSnapshot"),
    ],
)
def test_what_is_not_data_is_refused_by_name(scheme: Scheme, data: object, message: str) -> None:
    with pytest.raises(InputError) as exc:
        evaluate(scheme, data)  # type: ignore[arg-type]
    assert str(exc.value).startswith(message)


def test_a_negative_value_needs_an_input_the_scheme_declares_signed() -> None:
    import numpy as _np
    import pytest as _pytest

    from courtinfo.base import InputError as _IE
    from courtinfo.data import SnapshotBatch as _SB
    from courtinfo.evaluation import evaluate as _evaluate
    from courtinfo.indicators import scheme_from_data as _load

    def scheme(signed: bool, strict: bool = True) -> Scheme:
        return _load(
            {
                "code": "t", "title_zh": "测试", "title_en": "Test", "issuer": "某法院",
                "document": "X〔2022〕1号", "date": "2022-03-01",
                "inputs": [
                    {"id": "change", "label_zh": "案件增减数", "kind": "count", "signed": signed},
                    {"id": "base", "label_zh": "上年案件数", "kind": "count"},
                ],
                "indicators": [
                    {"code": "r", "name_zh": "增幅", "name_en": "Growth", "category": "c", "unit": "percentage",
                     "formula": {"kind": "ratio", "numerator": "change", "denominator": "base", "over": "allow", "signed": True}},
                    {"code": "strict", "name_zh": "增幅", "name_en": "Growth", "category": "c", "unit": "percentage",
                     "formula": {"kind": "ratio", "numerator": "change", "denominator": "base", "over": "allow"}},
                ][: 2 if strict else 1],
            }
        )

    batch = _SB.from_columns(
        court=["a", "b"], period=["2022-W21", "2022-W21"],
        columns={"change": _np.array([-433.0, 17.0]), "base": _np.array([2076.0, 2296.0])},
        signed=["change"],
    )
    with _pytest.raises(_IE, match=r"values.change: -433.0 is negative, but scheme 't' does not declare input 'change' signed \(court 'a', period 2022-W21\)"):
        _evaluate(scheme(False), batch)
    # Declared signed: the signed ratio takes it; the unsigned one refuses the negative row.
    with _pytest.raises(_IE, match=r"indicator strict: numerator and denominator must not be negative: change=-433, base=2076"):
        _evaluate(scheme(True), batch)
    ok = _evaluate(scheme(True, strict=False), batch)
    _np.testing.assert_allclose(ok.values["r"], [-433 / 2076, 17 / 2296], rtol=1e-15)


def _small(code: str, seed: int) -> tuple[Scheme, SnapshotBatch, dict[str, object]]:
    """A shipped scheme, a few courts' synthetic batch (a tenth missing), and the tree and
    departments to evaluate it with."""
    from courtinfo.indicators import get_scheme
    from courtinfo.synthetic import generate

    scheme = get_scheme(code)
    options: dict[str, object] = {"provinces": 1, "cities_per_province": 2, "basic_per_city": 3}
    if scheme.period_kind == "week":
        options["weeks"] = 3
    data = generate(scheme, seed=seed, missing=0.1, **options)  # type: ignore[arg-type]
    return scheme, data.batch, {"courts": data.tree, "departments": data.departments}


def _assert_same_bits(a: Results, b: Results) -> None:
    for ind in a.scheme.indicators:
        c = ind.code
        assert a.values[c].tobytes() == b.values[c].tobytes(), c
        assert a.statuses[c].tobytes() == b.statuses[c].tobytes(), c
        assert a.met(c).tobytes() == b.met(c).tobytes(), c
        assert a.columns(c).gap.tobytes() == b.columns(c).gap.tobytes(), c
    assert a.to_records() == b.to_records()


@pytest.mark.parametrize("code", ["shanghai-2022", "spc-2019", "jiaozuo-2022", "heihe-2021"])
def test_threads_give_the_bits_of_one_thread(code: str) -> None:
    scheme, batch, kw = _small(code, seed=2)
    one = Evaluator(scheme, **kw)(batch)  # type: ignore[arg-type]
    many = Evaluator(scheme, threads=2, thread_rows=1, **kw)(batch)  # type: ignore[arg-type]
    assert len(one) == len(many) >= 10
    _assert_same_bits(one, many)


@pytest.mark.parametrize("code", sorted(__import__("courtinfo").indicators.schemes()))
def test_a_long_batch_in_chunks_gives_the_bits_of_one_chunk(code: str) -> None:
    # Slices of 1 or 3 rows cut through peer groups, courts and periods: the peer pools are
    # the whole batch's, each row's arithmetic its own, so every bit is that of one slice.
    scheme, batch, kw = _small(code, seed=3)
    from courtinfo.evaluation._evaluator import CHUNKED_FROM

    whole = Evaluator(scheme, chunk_rows=10**9, fuse_rows=0, **kw)(batch)  # type: ignore[arg-type]
    compared = 0
    for options in (
        {"chunk_rows": 1},
        {"chunk_rows": 1, "threads": 2, "thread_rows": 1},
        {"chunk_rows": 3},
    ):
        ev = Evaluator(scheme, fuse_rows=0, **options, **kw)  # type: ignore[arg-type]
        if len(batch) < CHUNKED_FROM * ev.chunk_rows:
            continue  # a court-level scheme's few rows: slices of 1 only
        _assert_same_bits(ev(batch), whole)
        compared += 1
    assert compared >= 2


def test_chunk_rows_must_be_a_whole_number_of_at_least_one() -> None:
    for bad in (0, -3, 2.5, False):
        with pytest.raises(InputError, match="chunk_rows must be a whole number"):
            Evaluator("shanghai-2022", chunk_rows=bad)  # type: ignore[arg-type]


def test_threads_must_be_a_whole_number_of_at_least_one() -> None:
    from courtinfo.indicators import get_scheme

    for bad in (0, -1, 1.5, True):
        with pytest.raises(InputError, match="threads must be a whole number"):
            Evaluator(get_scheme("shanghai-2022"), threads=bad)  # type: ignore[arg-type]


def test_errors_name_the_court_and_period_of_the_bad_row() -> None:
    # Two courts, two weeks, the small and the large batch path: every message names the row
    # that is wrong, not the first court or period of the batch.
    from pathlib import Path

    from courtinfo import MetricSnapshot, MissingInputError, Period, Problem, ValidationError
    from courtinfo.evaluation import Evaluator
    from courtinfo.indicators import load_scheme

    scheme = load_scheme(Path(__file__).parents[2] / "docs" / "example-scheme.toml")
    w20, w21 = Period.parse("2022-W20"), Period.parse("2022-W21")
    rows = [
        MetricSnapshot("a", w20, None, {"q6_1": 10, "q6_2": 5, "q1": ["C"]}),
        MetricSnapshot("b", w20, None, {"q6_1": 10, "q1": ["C"]}),
        MetricSnapshot("a", w21, None, {"q6_1": 10, "q6_2": 5, "q1": ["C"]}),
        MetricSnapshot("b", w21, None, {"q6_1": 10, "q6_2": 4, "q1": ["C"]}),
    ]
    for fuse_rows in (0, 64):
        evaluator = Evaluator(scheme, fuse_rows=fuse_rows)
        with pytest.raises(MissingInputError) as info:
            evaluator(rows, strict=True)
        assert info.value.problems == (
            Problem("indicator rec", "missing q6_2 (court 'b', period 2022-W20)"),
        )
        bad = [*rows[:3], MetricSnapshot("b", w21, None, {"q6_1": 10, "q6_2": 12, "q1": ["C"]})]
        with pytest.raises(ValidationError) as info2:
            evaluator(bad)
        assert [p.message.rsplit("(", 1)[1] for p in info2.value.problems] == [
            "court 'b', period 2022-W21)"
        ]


# -- one bad row: invalid="raise" (the default) or "flag" ------------------------------------


def test_a_broken_rule_raises_by_default_naming_every_row() -> None:
    from tests import national

    table = national.batch()
    # A second bad row: c's 立案庭 files 60 online of 50.
    columns = {k: np.array(v) for k, v in table.columns.items()}
    columns["filings"][4] = 50
    twice = SnapshotBatch.from_columns(
        court=table.court_index_labels(),
        department=table.department_labels(),
        period=table.period_labels(),
        columns=columns,
    )
    for invalid in ({}, {"invalid": "raise"}):
        with pytest.raises(ValidationError) as info:
            evaluate(national.SCHEME, twice, courts=national.tree(), **invalid)  # type: ignore[arg-type]
        assert [str(p) for p in info.value.problems] == [
            "indicator online_filing_rate: (online_filings) must not exceed (filings): "
            "online_filings=60, filings=50 (court 'c', department '立案庭', period 2022-W21)",
            "indicator e_seal_rate: (e_seal_cases) must not exceed (cases_in_hand): "
            "e_seal_cases=12, cases_in_hand=10 (court 'b', department '执行局', period 2022-W21)",
        ]


def test_flag_gives_the_other_rows_their_exact_values() -> None:
    from courtinfo import Status
    from tests import national

    res = evaluate(national.SCHEME, national.batch(), courts=national.tree(), invalid="flag")
    na, ok, bad = Status.NOT_PROVIDED, Status.OK, Status.INVALID
    assert res.statuses["e_seal_rate"].tolist() == [na, ok, ok, bad, na, ok]
    np.testing.assert_array_equal(
        res.values["e_seal_rate"], [np.nan, 0.5, 0.75, np.nan, np.nan, 0.5]
    )
    # The bad row's other indicators, whose rules hold, keep their values: 10/10 online filings.
    np.testing.assert_array_equal(
        res.values["online_filing_rate"], [0.8, np.nan, 0.8, 1.0, 0.75, np.nan]
    )
    assert res.row(national.BAD_ROW, "online_filing_rate").status is Status.OK
    row = res.row(national.BAD_ROW, "e_seal_rate")
    assert (row.value, row.status, row.target_met, row.missing) == (None, bad, None, "INVALID")
    assert row.reason == (
        "invalid input: (e_seal_cases) must not exceed (cases_in_hand): "
        "e_seal_cases=12, cases_in_hand=10"
    )
    assert res.invalid_rows.tolist() == [False, False, False, True, False, False]


def test_flagged_rows_are_listed_with_the_rule_and_the_figures() -> None:
    from courtinfo import InvalidRow
    from tests import national

    res = evaluate(national.SCHEME, national.batch(), courts=national.tree(), invalid="flag")
    assert res.invalid == (
        InvalidRow(
            row=3,
            court="b",
            department="执行局",
            period=W21,
            indicator="e_seal_rate",
            rule="(e_seal_cases) must not exceed (cases_in_hand)",
            figures=(("e_seal_cases", 12.0), ("cases_in_hand", 10.0)),
        ),
    )
    assert res.invalid[0].to_dict()["figures"] == {"e_seal_cases": 12.0, "cases_in_hand": 10.0}
    assert len(res.valid_batch()) == 5
    assert res.valid_batch().court_index_labels() == ["a", "a", "b", "c", "c"]
    # Nothing broken: nothing listed, and the same numbers as the default.
    clean = evaluate(national.SCHEME, national.batch(9), courts=national.tree(), invalid="flag")
    assert clean.invalid == ()
    assert clean.valid_batch() is clean.batch
    assert_results_equal(clean, evaluate(national.SCHEME, national.batch(9), courts=national.tree()))


def test_a_flagged_row_is_left_out_of_the_peer_pool() -> None:
    from tests import national

    flagged = evaluate(national.SCHEME, national.batch(), courts=national.tree(), invalid="flag")
    valid = evaluate(national.SCHEME, national.batch(9), courts=national.tree())
    mobile = "mobile_enforcement_rate"
    # a against the pool of a and c: 0.5 × 10/(400/30) + 0.5 × 10/(600/30) = 0.375 + 0.25.
    assert flagged.value(mobile, 1) == pytest.approx(0.625, abs=1e-15)
    # b, flagged, still gets its value against that pool: 0.75 + 0.15.
    assert flagged.value(mobile, 3) == pytest.approx(0.9, abs=1e-15)
    # With b valid, b pools too: 0.5 × 10/15 + 0.5 × 10/16.5 = 7/11.
    assert valid.value(mobile, 1) == pytest.approx(7 / 11, abs=1e-15)
    assert flagged.value(mobile, 5) == valid.value(mobile, 5) == 1.0  # capped


def test_a_result_read_from_an_invalid_one_is_invalid() -> None:
    from courtinfo import Status

    snaps = [
        MetricSnapshot("c1", W21, "立案庭", {"e_service_sent": 12, "all_services": 10,
                                             "e_service_succeeded": 5, "e_service_total": 10}),
        MetricSnapshot("c2", W21, "立案庭", {"e_service_sent": 6, "all_services": 10,
                                             "e_service_succeeded": 5, "e_service_total": 10}),
    ]
    res = evaluate("shanghai-2022", snaps, invalid="flag")
    # 电子送达适用率 = 75% × 发送率 + 25% × 成功率: c1's 发送率 12/10 is invalid, so is the blend.
    assert res.statuses["e_service_send_rate"].tolist() == [Status.INVALID, Status.OK]
    assert res.statuses["e_service_rate"].tolist() == [Status.INVALID, Status.OK]
    assert res.value("e_service_rate", 1) == pytest.approx(0.75 * 0.6 + 0.25 * 0.5, abs=1e-15)
    assert res.value("e_service_success_rate", 0) == 0.5
    # Listed once, where the rule broke; the blend's reason is that rule.
    assert [(e.court, e.indicator) for e in res.invalid] == [("c1", "e_service_send_rate")]
    assert res.row(0, "e_service_rate").reason == (
        "invalid input: (e_service_sent) must not exceed (all_services): "
        "e_service_sent=12, all_services=10"
    )


@pytest.mark.parametrize(
    "options",
    [
        {"fuse_rows": 0},
        {"fuse_rows": 64},
        {"threads": 2, "thread_rows": 1},
        {"fuse_rows": 0, "chunk_rows": 1},
    ],
    ids=["one-by-one", "fused", "threads", "chunks"],
)
def test_every_path_flags_the_same(options: dict[str, int]) -> None:
    from tests import national

    ev = Evaluator(national.SCHEME, courts=national.tree(), invalid="flag", **options)
    res = ev(national.batch())
    reference = evaluate(national.SCHEME, national.batch(), courts=national.tree(), invalid="flag")
    assert_results_equal(res, reference)
    assert res.invalid == reference.invalid
    assert ev.invalid == "flag"


@pytest.mark.parametrize("value", ["Flag", "ignore", None, True, ""])
def test_an_unknown_invalid_policy_is_refused_naming_it(value: object) -> None:
    from courtinfo.evaluation import check_invalid_policy

    with pytest.raises(InputError) as info:
        evaluate("shanghai-2022", MetricSnapshot("c1", W21), invalid=value)  # type: ignore[arg-type]
    assert str(info.value) == (
        "Evaluator: invalid must be 'raise' (refuse a batch in which a row breaks a rule, the "
        "default) or 'flag' (flag such rows and evaluate the rest), not "
        f"{check_repr(value)}"
    )
    with pytest.raises(InputError):
        check_invalid_policy(value, "f")


def check_repr(value: object) -> str:
    from courtinfo.base import shown

    return shown(value)


def test_the_invalid_policy_is_read_only() -> None:
    ev = Evaluator("shanghai-2022")
    assert ev.invalid == "raise"
    with pytest.raises(AttributeError):
        ev.invalid = "flag"  # type: ignore[misc]
