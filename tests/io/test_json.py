"""JSON datasets: the object and list forms, numbers checked in their text, and every problem
with its `$` path; snapshots read straight into columns give the same dataset, value types and
errors as the snapshots structured one at a time."""

from __future__ import annotations

import json

import pytest

from courtinfo import Dataset, MetricSnapshot, Period
from courtinfo.base import DuplicateSnapshotError, InputError, ValidationError
from courtinfo.indicators import get_scheme, schemes
from courtinfo.io import dataset_from_data, dataset_from_json, dataset_to_data, dataset_to_json
from courtinfo.io._json import _dataset_by_snapshots
from courtinfo.org import Court
from courtinfo.synthetic import generate
from courtinfo.testing import golden
from tests.io.test_io import outcome, read_alike

W21 = Period.parse("2022-W21")
SNAPS = (
    MetricSnapshot("310104", W21, "民一庭", {"filed": 3, "hours": 2.5, "q": frozenset("B")}),
    MetricSnapshot("310104", W21, None, {"filed": 7}),
)
COURTS = (
    Court("31", "上海市高级人民法院", "high"),
    Court("3101", "上海市第一中级人民法院", "intermediate", "31"),
    Court("310104", "徐汇区人民法院", "basic", "3101"),
)


def test_the_object_form_round_trips_with_courts() -> None:
    data = Dataset(SNAPS, COURTS)
    text = dataset_to_json(data)
    assert text.endswith("\n") and "民一庭" in text  # UTF-8 as written, not \\u escapes
    assert list(json.loads(text)) == ["courts", "snapshots"]  # no departments listed
    assert dataset_from_json(text) == data
    assert dataset_from_data(dataset_to_data(data)) == data


def test_the_list_form_is_snapshots_only() -> None:
    text = json.dumps([{"court": "c1", "period": "2022-W21", "values": {"filed": 1}}])
    data = dataset_from_json(text)
    assert data.courts == () and data.snapshots == (MetricSnapshot("c1", W21, None, {"filed": 1}),)
    with pytest.raises(InputError, match="expected a list of snapshots or an object with 'snapshots', got str"):
        dataset_from_data("snapshots", "x.json")


def test_numbers_are_checked_in_their_text() -> None:
    text = '[{"court": "c1", "period": "2022-W21", "values": {"filed": 9007199254740993.0}}]'
    with pytest.raises(InputError, match=r"^d.json: line 1, column \d+: "):
        dataset_from_json(text, "d.json")


def test_malformed_json_and_repeated_keys_name_the_place() -> None:
    with pytest.raises(InputError, match=r"d.json: malformed JSON at line 2, column 1"):
        dataset_from_json('[{"court": "c1",\n]', "d.json")
    with pytest.raises(InputError, match=r"d\.json: key 'court' appears twice in one JSON object"):
        dataset_from_json('[{"court": "c1", "court": "c2", "period": "2022-W21"}]', "d.json")


def test_duplicates_and_mixed_kinds_are_listed_by_path() -> None:
    row = {"court": "c1", "period": "2022-W21", "values": {"filed": 1}}
    with pytest.raises(DuplicateSnapshotError) as info:
        dataset_from_data({"snapshots": [row, row]}, "d.json")
    assert [p.path for p in info.value.problems] == ["$.snapshots[1]"]
    other = {"court": "c2", "period": "2022-W21", "values": {"filed": True}}
    with pytest.raises(ValidationError) as mixed:
        dataset_from_data([row, other], "d.json")
    assert "$[1].values.filed" in str(mixed.value)


def test_a_court_tree_that_is_no_tree_is_placed_under_courts() -> None:
    bad = {
        "courts": [{"code": "310104", "name": "徐汇区人民法院", "level": "basic", "parent": "9"}],
        "snapshots": [],
    }
    with pytest.raises(ValidationError) as info:
        dataset_from_data(bad, "d.json")
    assert all(p.path.startswith("$.courts") for p in info.value.problems), info.value.problems


def same(text: str) -> Dataset | None:
    """Read `text` as columns and one snapshot at a time (see `read_alike`)."""
    return read_alike(
        lambda: dataset_from_json(text, "d.json"),
        lambda: _dataset_by_snapshots(json.loads(text), "d.json"),
    )


@pytest.mark.parametrize("code", sorted(schemes()))
def test_every_shipped_schemes_example_data_reads_as_the_snapshots_read(code: str) -> None:
    for case in golden(code).cases:
        assert same(dataset_to_json(case.dataset)) is not None


def test_a_generated_sample_with_courts_and_departments_reads_as_the_snapshots_read() -> None:
    data = generate(get_scheme("shanghai-2022"), seed=5, weeks=2, provinces=1, missing=0.1)
    ds = Dataset(data.batch.to_snapshots(), courts=tuple(data.tree.courts), departments=data.departments)
    fast = same(dataset_to_json(ds))
    assert fast is not None and fast.courts == ds.courts and fast.departments == ds.departments


def snaps(*items: str) -> str:
    return "[" + ",".join(items) + "]"


@pytest.mark.parametrize(
    ("text", "h"),
    [
        (snaps('{"court":"c1","period":"2022-W21","values":{"h":2.5}}',
               '{"court":"c2","period":"2022-W21","values":{"h":3}}',
               '{"court":"c3","period":"2022-W21"}'), [2.5, 3, None]),
        (snaps('{"court":"c1","department":"民一庭","period":"2022年第21周","values":{"h":true}}',
               '{"court":"c1","department":null,"period":"2022-W21","values":{"h":false}}'), [True, False]),
        (snaps('{"court":"ｃ１","period":"2022-W21","values":{"h":["B","A"]},"texts":{"t":"x"}}',
               '{"court":"c2","period":"2022-W21","values":{"h":"是"},"platform_values":{"h":1}}'), None),
    ],
)
def test_values_read_as_the_snapshots_read(text: str, h: list[object] | None) -> None:
    fast = same(text)
    if h is not None:
        assert fast is not None
        got = [s.values.get("h") for s in fast.snapshots]
        assert got == h and [type(x) for x in got] == [type(x) for x in h]


@pytest.mark.parametrize(
    "text",
    [
        snaps('{"court":"c1","period":"2022-W21","values":{"x":-1}}'),  # negative
        snaps('{"court":"c1","period":"2022-W21","values":{"x":9007199254740993}}'),  # past 2**53
        snaps('{"court":"c1","period":"2022-W21","values":{"x":1.5e300}}'),
        snaps('{"court":"c1","period":"2022-W21","values":{"x":null}}'),
        snaps('{"court":"c1","period":"2022-W21","values":{"x":1}}',
              '{"court":"c1","period":"2022-W21","values":{"x":2}}'),  # duplicate
        snaps('{"court":"c1","period":"2022-W21","values":{"x":true}}',
              '{"court":"c2","period":"2022-W21","values":{"x":2}}'),  # kinds that do not mix
        snaps('{"court":"c1","period":"2022-W21","values":{"x":1},"platform_values":{"x":true}}'),
        snaps('{"court":"c\\u200b1","period":"2022-W21"}'),  # an invisible character
        snaps('{"court":1,"period":"2022-W21"}'),
        snaps('{"court":"c1","department":0,"period":"2022-W21"}'),
        snaps('{"court":"c1","period":"2022-W99"}'),
        snaps('{"court":"c1","period":"2022-W21","texts":{"t":"  "}}'),
        snaps('{"court":"c1","period":"2022-W21","values":{"x":["a"]}}'),
        snaps('{"court":"c1","period":"2022-W21","extra":1}'),
        '{"courts":[{"code":"c1"}],"snapshots":[{"court":"c1","period":"2022-W21"}]}',
        '{"snapshots":[{"court":"c1","period":"2022-W21"}],"more":1}',
    ],
)
def test_problems_are_worded_as_the_snapshots_read_word_them(text: str) -> None:
    fast = outcome(lambda: dataset_from_json(text, "d.json"))
    assert not isinstance(fast, Dataset)
    assert same(text) is None
    assert "d.json" in fast[1]  # type: ignore[index]


@pytest.mark.parametrize(
    ("number", "refused"),
    [("4.0000000000000001", True), ("9007199254740993.0", True), ("4.5", False), ("4.0", False)],
)
def test_whole_looking_numbers_are_checked_in_their_text_as_columns(number: str, refused: bool) -> None:
    text = snaps('{"court":"c1","period":"2022-W21","values":{"x":' + number + "}}")
    got = outcome(lambda: dataset_from_json(text, "d.json"))
    assert isinstance(got, Dataset) is not refused
    if refused:
        assert number in got[1]  # type: ignore[index]


def test_court_codes_with_full_width_brackets_load_and_round_trip() -> None:
    doc = {
        "courts": [
            {"code": "上海高院", "name": "上海市高级人民法院", "level": "high"},
            {
                "code": "上海知识产权法院（试点）",
                "name": "上海知识产权法院（试点）",
                "level": "intermediate",
                "parent": "上海高院",
            },
        ],
        "snapshots": [
            {"court": "上海知识产权法院（试点）", "period": "2022-W10", "values": {"x": 3}}
        ],
    }
    dataset = dataset_from_json(json.dumps(doc, ensure_ascii=False))
    assert dataset.snapshots[0].court == "上海知识产权法院(试点)"
    assert [c.code for c in dataset.courts] == ["上海高院", "上海知识产权法院(试点)"]
    assert dataset.courts[1].name == "上海知识产权法院（试点）"
    assert dataset_from_json(dataset_to_json(dataset)) == dataset
