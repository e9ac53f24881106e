"""Read-only tables: every change refused with a message; hashable; copied and pickled whole."""

from __future__ import annotations

import copy
import pickle

import pytest

from courtinfo.base import ReadOnlyDict


class Values(ReadOnlyDict[int]):
    _WHAT = "a snapshot's values"
    _INSTEAD = "make a new snapshot"


def test_every_change_is_refused() -> None:
    d = Values({"q6_1": 3})
    changes = [
        lambda: d.__setitem__("q6_1", 4),
        lambda: d.__delitem__("q6_1"),
        lambda: d.update(q6_2=1),
        lambda: d.setdefault("q6_2", 1),
        lambda: d.pop("q6_1"),
        lambda: d.popitem(),
        lambda: d.clear(),
    ]
    for change in changes:
        with pytest.raises(
            TypeError, match=r"^a snapshot's values are read-only; make a new snapshot$"
        ):
            change()
    with pytest.raises(
        TypeError, match=r"these values are read-only; make a new one with attrs\.evolve"
    ):
        ReadOnlyDict({"a": 1})["b"] = 2
    assert d == {"q6_1": 3}


def test_hash_copy_and_pickle() -> None:
    d = Values({"q6_1": 3, "q6_2": 2})
    assert hash(d) == hash(Values({"q6_2": 2, "q6_1": 3}))
    assert hash(d) != hash(Values({"q6_1": 3}))
    assert copy.copy(d) is d
    assert copy.deepcopy(d) is d
    back = pickle.loads(pickle.dumps(d))
    assert type(back) is Values
    assert back == d
