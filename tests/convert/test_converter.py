"""The one converter: value types to plain data and back, and every problem with its path."""

from __future__ import annotations

import datetime
import json

import pytest

from courtinfo import MetricSnapshot, Period
from courtinfo.base import ValidationError
from courtinfo.convert import structure, unstructure
from courtinfo.org import Court, CourtLevel, CourtTree


def test_a_snapshot_round_trips_through_plain_json_data() -> None:
    snap = MetricSnapshot(
        "310104",
        Period.parse("2022-W21"),
        "民一庭",
        {"filed": 60, "hours": 2.5, "q1": frozenset("CA"), "yes": True},
        platform_values={"filed": 58},
        texts={"note": "备注"},
    )
    data = unstructure(snap)
    assert data["period"] == "2022-W21" and data["values"]["q1"] == ["A", "C"]
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    assert structure(json.loads(text), MetricSnapshot) == snap


def test_periods_dates_enums_and_trees_structure_from_text() -> None:
    assert structure("2022-05", Period) == Period.month(2022, 5)
    assert structure("2022-03-01", datetime.date) == datetime.date(2022, 3, 1)
    assert structure("basic", CourtLevel) is CourtLevel.BASIC
    tree = structure(
        {"courts": [{"code": "31", "name": "上海高院", "level": "high"}]}["courts"],
        tuple[Court, ...],
    )
    assert CourtTree(tree).codes == ("31",)


def test_every_problem_is_listed_with_its_path() -> None:
    bad = {"court": "c1", "period": "2022-W99", "values": {"filed": 1}, "colour": "red"}
    with pytest.raises(ValidationError) as info:
        structure(bad, MetricSnapshot, source="data.json")
    assert [str(p) for p in info.value.problems] == [
        "$.period: '2022-W99': ISO year 2022 has only 52 weeks",
        "$: unknown field(s) colour",
    ]
    assert str(info.value).startswith("data.json")


def test_a_snapshot_s_own_checks_are_placed_under_dollar() -> None:
    bad = {"court": "c1", "period": "2022-W21", "values": {"filed": -1, "q": 1.5}}
    with pytest.raises(ValidationError) as info:
        structure(bad, MetricSnapshot)
    paths = [p.path for p in info.value.problems]
    assert paths == ["$.values.filed"], info.value.problems
    assert "-1" in info.value.problems[0].message


def test_a_list_names_the_index_and_a_required_field() -> None:
    with pytest.raises(ValidationError) as info:
        structure([{"court": "c1", "period": "2022-W01"}, {"period": "2022-W01"}], list[MetricSnapshot])
    assert [str(p) for p in info.value.problems] == ["$[1].court: required field missing"]


def test_wrong_types_at_the_top_are_one_problem_at_dollar() -> None:
    with pytest.raises(ValidationError) as info:
        structure(42, Period)
    assert [p.path for p in info.value.problems] == ["$"]
    assert "42" in str(info.value)
