"""JSON datasets: the object and list forms, numbers checked in their text, and every problem
with its `$` path."""

from __future__ import annotations

import json

import pytest

from courtinfo import Dataset, MetricSnapshot, Period
from courtinfo.base import DuplicateSnapshotError, InputError, ValidationError
from courtinfo.io import dataset_from_data, dataset_from_json, dataset_to_data, dataset_to_json
from courtinfo.org import Court

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
