"""Property tests: snapshots, courts, departments and responsibilities survive every round trip
(the cattrs converter, JSON text, CSV text and SnapshotBatch) exactly, value types included."""

from __future__ import annotations

import json
import string
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtinfo.base._errors import ValidationError
from courtinfo.convert._converter import structure, unstructure
from courtinfo.data import department_identity
from courtinfo.data._batch import SnapshotBatch
from courtinfo.data._dataset import Dataset
from courtinfo.data._snapshots import MetricSnapshot
from courtinfo.data._values import MAX_COUNT, Value, ValueKind
from courtinfo.io import dataset_from_csv, dataset_from_json, dataset_to_csv, dataset_to_json
from courtinfo.org import (
    Court,
    CourtLevel,
    CourtTree,
    Department,
    DepartmentKind,
    Person,
    Responsibility,
)
from courtinfo.periods._period import Period, PeriodKind
from courtinfo.testing import assert_snapshots_equal

# Court names are mostly Chinese, with the characters CSV must quote thrown in; no whitespace
# at either end, since CSV label cells are stripped.
_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_LETTERS = st.sampled_from(string.ascii_letters + string.digits + ',"{}-_:（）·')
names = st.text(st.one_of(_HAN, _HAN, _LETTERS), min_size=1, max_size=12)
_INNER = st.text(st.one_of(_HAN, _LETTERS, st.just(" ")), max_size=10)
spaced_names = st.builds(lambda a, mid, b: a + mid + b, names, _INNER, names)
court_names = st.one_of(names, spaced_names)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    kind = draw(st.sampled_from(list(PeriodKind)))
    year = draw(st.integers(1900, 2100))
    if kind is PeriodKind.WEEK:
        return Period.week(year, draw(st.integers(1, 52)))
    if kind is PeriodKind.MONTH:
        return Period.month(year, draw(st.integers(1, 12)))
    if kind is PeriodKind.QUARTER:
        return Period.quarter(year, draw(st.integers(1, 4)))
    if kind is PeriodKind.YEAR:
        return Period.year(year)
    days = st.dates(date(1900, 1, 1), date(2100, 12, 31))
    start, end = sorted((draw(days), draw(days)))
    return Period.range(start, end)


_VALUES: dict[ValueKind, st.SearchStrategy[Any]] = {
    ValueKind.COUNT: st.integers(0, MAX_COUNT),
    ValueKind.MEASURE: st.one_of(
        st.floats(min_value=0.0, max_value=2.0**53, allow_nan=False, allow_infinity=False),
        st.sampled_from([0.0, -0.0, 12.5, 0.1, 1e15, 5e-324, 2.0**53, 2.0**53 - 1]),
    ),
    ValueKind.YES_NO: st.booleans(),
    ValueKind.CHOICE: st.frozensets(st.sampled_from(string.ascii_uppercase)),
}


@st.composite
def value_maps(draw: st.DrawFn) -> dict[str, Value]:
    """Inputs named after their kind, so that one name always holds one kind of value."""
    out: dict[str, Value] = {}
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(list(ValueKind)))
        suffix = draw(
            st.text(st.sampled_from("abcxyz_0123录音庭审网上立案"), min_size=1, max_size=6)
        )
        out[f"{kind}_{suffix}"] = draw(_VALUES[kind])
    return out


# Free-text answers (a website address, 网址): Chinese, CSV's special characters, spaces even
# at either end (text cells are kept as written); never blank, never a control character.
_TEXT_CHARS = st.one_of(
    _HAN,
    _LETTERS,
    st.sampled_from(" ./:;'<>?&=#%，。"),
    st.characters(blacklist_categories=["Cc", "Cs"]),
)
texts = st.text(_TEXT_CHARS, min_size=1, max_size=30).filter(lambda t: t.strip() != "")
text_maps = st.dictionaries(
    st.text(st.sampled_from("q32_网址abc"), min_size=1, max_size=6).map(lambda n: f"t{n}"),
    texts,
    max_size=3,
)

snapshots = st.builds(
    MetricSnapshot,
    court=court_names,
    period=periods(),
    department=st.none() | court_names,
    values=value_maps(),
    platform_values=value_maps(),
    texts=text_maps,
)
snapshot_lists = st.lists(snapshots, max_size=8, unique_by=lambda s: s.key)


def exact(value: object) -> tuple[str, object]:
    """A value with its type, floats by repr (so -0.0 is not 0.0) and choices sorted."""
    if isinstance(value, float):
        return ("float", repr(value))
    if isinstance(value, frozenset):
        return ("frozenset", tuple(sorted(value)))
    return (type(value).__name__, value)


def exactly(snapshot: MetricSnapshot) -> tuple[object, ...]:
    return (
        snapshot.court,
        snapshot.department,
        snapshot.period.kind,
        snapshot.period.start,
        snapshot.period.end,
        {k: exact(v) for k, v in snapshot.values.items()},
        {k: exact(v) for k, v in snapshot.platform_values.items()},
        {k: exact(v) for k, v in snapshot.texts.items()},
    )


def assert_same(got: Any, expected: Any) -> None:
    assert_snapshots_equal(got, expected)  # a readable difference first
    assert list(got) == list(expected)
    assert [exactly(s) for s in got] == [exactly(s) for s in expected]


# -- snapshots -----------------------------------------------------------------------------


@given(snapshots)
def test_converter_round_trip(snapshot: MetricSnapshot) -> None:
    data = unstructure(snapshot)
    json.dumps(data, ensure_ascii=False, allow_nan=False)  # plain JSON data
    assert_same([structure(data, MetricSnapshot)], [snapshot])


@given(snapshot_lists)
def test_json_round_trip(snaps: list[MetricSnapshot]) -> None:
    text = dataset_to_json(Dataset(snaps))
    back = dataset_from_json(text)
    assert_same(back.snapshots, snaps)
    assert dataset_to_json(back) == text


@given(snapshot_lists)
def test_json_list_form_round_trip(snaps: list[MetricSnapshot]) -> None:
    text = json.dumps([unstructure(s) for s in snaps], ensure_ascii=False)
    assert_same(dataset_from_json(text).snapshots, snaps)


@given(snapshot_lists)
def test_csv_round_trip(snaps: list[MetricSnapshot]) -> None:
    text = dataset_to_csv(Dataset(snaps))
    back = dataset_from_csv(text)
    assert_same(back.snapshots, snaps)
    assert dataset_to_csv(back) == text


@settings(deadline=None)
@given(snapshot_lists)
def test_batch_round_trip(snaps: list[MetricSnapshot]) -> None:
    batch = SnapshotBatch.from_snapshots(snaps)
    assert len(batch) == len(snaps)
    assert_same(batch.to_snapshots(), snaps)
    for name in batch.inputs:
        effective = batch.effective(name)
        assert effective is not None
        for i, snap in enumerate(snaps):
            value = snap.get(name)
            assert (value is None) == bool(effective[i] != effective[i])  # NaN when not given
    # Texts: one object column per text input, None where a snapshot gives none.
    assert list(batch.texts) == sorted({n for s in snaps for n in s.texts})
    for name, col in batch.texts.items():
        assert col.tolist() == [s.texts.get(name) for s in snaps]


@given(snapshot_lists)
def test_every_route_agrees(snaps: list[MetricSnapshot]) -> None:
    ds = Dataset(snaps)
    via_json = dataset_from_json(dataset_to_json(ds))
    via_csv = dataset_from_csv(dataset_to_csv(via_json))
    via_batch = SnapshotBatch.from_snapshots(via_csv.snapshots).to_snapshots()
    assert_same(via_batch, snaps)


# -- organisation --------------------------------------------------------------------------

courts = st.builds(
    Court,
    code=names,
    name=court_names,
    level=st.sampled_from(list(CourtLevel)),
    parent=st.none() | names,
)
departments = st.builds(
    Department,
    court=names,
    code=names,
    kind=st.sampled_from(list(DepartmentKind)),
    name=court_names,
    number=st.none() | st.integers(1, 99),
    case_handling_override=st.none() | st.booleans(),
)
name_tuples = st.lists(court_names, max_size=4).map(tuple)


@st.composite
def responsibilities(draw: st.DrawFn) -> Responsibility:
    lead = draw(name_tuples)
    supporting = draw(name_tuples.map(lambda t: tuple(n for n in t if n not in lead)))
    return Responsibility(
        leaders=draw(name_tuples),
        lead_departments=lead,
        supporting_departments=supporting,
        responsible_departments=draw(name_tuples),
        owners=draw(name_tuples),
    )


@given(courts)
def test_court_round_trip(court: Court) -> None:
    data = unstructure(court)
    assert json.loads(json.dumps(data)) == data
    assert structure(json.loads(json.dumps(data)), Court) == court


@given(departments)
def test_department_round_trip(department: Department) -> None:
    data = unstructure(department)
    back = structure(json.loads(json.dumps(data)), Department)
    assert back == department
    assert back.case_handling == department.case_handling


@given(responsibilities())
def test_responsibility_round_trip(responsibility: Responsibility) -> None:
    data = unstructure(responsibility)
    assert structure(json.loads(json.dumps(data)), Responsibility) == responsibility


@given(st.lists(courts, max_size=3), st.lists(departments, max_size=3), snapshot_lists)
def test_dataset_round_trip_through_the_converter(
    cs: list[Court], ds: list[Department], snaps: list[MetricSnapshot]
) -> None:
    dataset = Dataset(snaps, tuple(cs), tuple(ds))
    data = json.loads(json.dumps(unstructure(dataset), ensure_ascii=False))
    assert data.get("courts", []) == [unstructure(c) for c in cs]
    assert [structure(c, Court) for c in data.get("courts", [])] == cs
    assert [structure(d, Department) for d in data.get("departments", [])] == ds
    assert_same([structure(s, MetricSnapshot) for s in data["snapshots"]], snaps)


# -- more value types ----------------------------------------------------------------------


@st.composite
def any_periods(draw: st.DrawFn) -> Period:
    """Every kind, week 53 of the long ISO years included."""
    if draw(st.booleans()):
        year = draw(st.sampled_from([2004, 2009, 2015, 2020, 2026]))
        return Period.week(year, 53)
    return draw(periods())


@given(any_periods())
@settings(deadline=None)
def test_period_round_trip_through_the_converter(period: Period) -> None:
    data = unstructure(period)
    assert type(data) is str
    assert structure(json.loads(json.dumps(data)), Period) == period


def test_period_data_is_its_canonical_string() -> None:
    assert unstructure(Period.week(2020, 53)) == "2020-W53"
    assert structure("2020年第53周", Period) == Period.week(2020, 53)
    assert structure("2019 年 1 月 1 日至 12 月 31 日", Period) == Period.range(
        date(2019, 1, 1), date(2019, 12, 31)
    )


people = st.builds(
    Person, name=court_names, role=st.none() | court_names, department=st.none() | court_names
)


@given(people)
@settings(deadline=None)
def test_person_round_trip(person: Person) -> None:
    data = unstructure(person)
    assert structure(json.loads(json.dumps(data, ensure_ascii=False)), Person) == person


def test_enums_are_written_as_plain_strings() -> None:
    court = unstructure(Court("cq", "济南市长清区人民法院", CourtLevel.BASIC, "jn"))
    assert court == {"code": "cq", "name": "济南市长清区人民法院", "level": "basic", "parent": "jn"}
    assert type(court["level"]) is str
    dept = unstructure(Department.from_name("cq", "民一庭"))
    assert dept == {
        "court": "cq",
        "code": "civil-1",
        "kind": "civil",
        "name": "民一庭",
        "number": 1,
    }
    assert type(dept["kind"]) is str


CITY = CourtTree(
    [
        Court("sd", "山东省高级人民法院", "high"),
        Court("jn", "济南市中级人民法院", "intermediate", "sd"),
        Court("cq", "济南市长清区人民法院", "basic", "jn"),
        Court("cq-ms", "马山人民法庭", "tribunal", "cq"),
    ]
)


def test_court_tree_round_trip() -> None:
    data = json.loads(json.dumps(unstructure(CITY), ensure_ascii=False))
    assert data["courts"][3] == {
        "code": "cq-ms",
        "name": "马山人民法庭",
        "level": "tribunal",
        "parent": "cq",
    }
    back = structure(data, CourtTree)
    assert back == CITY
    assert [c.code for c in back.peers("cq")] == ["cq"]
    assert [c.code for c in back.ancestors("cq-ms")] == ["cq", "jn", "sd"]


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        (
            {"courts": [{"code": "a", "name": "A", "level": "county"}, {"code": "b"}]},
            [
                "$.courts[0]: court level 'county' is not one of supreme, high, "
                "intermediate, basic, tribunal",
                "$.courts[1].name: required field missing",
                "$.courts[1].level: required field missing",
            ],
        ),
        (
            {
                "courts": [
                    {"code": "jn", "name": "济南市中级人民法院", "level": "intermediate"},
                    {
                        "code": "cq",
                        "name": "济南市长清区人民法院",
                        "level": "tribunal",
                        "parent": "jn",
                    },
                ]
            },
            [
                "$: invalid court tree: court 'cq': parent 'jn' is intermediate, "
                "but tribunal courts must be under basic courts"
            ],
        ),
        ({"courts": [], "roots": []}, ["$: unknown field(s) roots"]),
    ],
)
def test_court_tree_errors_name_their_path(data: dict[str, Any], problems: list[str]) -> None:
    with pytest.raises(ValidationError) as info:
        structure(data, CourtTree)
    assert [str(p) for p in info.value.problems] == problems


@st.composite
def court_trees(draw: st.DrawFn) -> tuple[list[Court], list[Department]]:
    """A valid court tree (each parent listed before its children) and departments of its
    courts, with unique codes."""
    codes = draw(st.lists(names, min_size=1, max_size=5, unique=True))
    cs: list[Court] = []
    for code in codes:
        level = draw(st.sampled_from(list(CourtLevel)))
        # A parent one level up (a basic court under an intermediate one), when there is one.
        above = [c.code for c in cs if c.level is level.parent_level]
        parent = draw(st.none() | st.sampled_from(above)) if above else None
        cs.append(Court(code, draw(court_names), level, parent))
    ds = draw(
        st.lists(
            st.builds(
                Department,
                court=st.sampled_from(codes),
                code=names,
                kind=st.sampled_from(list(DepartmentKind)),
                name=court_names,
                number=st.none() | st.integers(1, 99),
                case_handling_override=st.none() | st.booleans(),
            ),
            max_size=4,
            unique_by=lambda d: (d.court, d.code),
        )
    )
    return cs, ds


@given(court_trees(), snapshot_lists)
def test_dataset_with_courts_and_departments_round_trips_through_json_text(
    tree: tuple[list[Court], list[Department]], snaps: list[MetricSnapshot]
) -> None:
    cs, ds = tree
    # Every snapshot's court is in the tree (a court outside it is refused on loading).
    codes = [c.code for c in cs]
    placed = [attrs.evolve(s, court=codes[i % len(codes)]) for i, s in enumerate(snaps)]
    seen: set[object] = set()
    snaps = []
    for s in placed:
        key = (s.court, department_identity(s.department or ""), s.period)
        if key not in seen:
            seen.add(key)
            snaps.append(s)
    dataset = Dataset(snaps, tuple(cs), tuple(ds))
    text = dataset_to_json(dataset)
    back = dataset_from_json(text)
    assert back.courts == tuple(cs)
    assert back.departments == tuple(ds)
    assert_same(back.snapshots, snaps)
    assert dataset_to_json(back) == text
