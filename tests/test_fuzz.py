"""Fuzzing every loader with malformed documents: only `CourtinfoError` may come out.

Hypothesis generates random JSON values, truncated copies of valid files (the example data
set and the shipped scheme TOMLs), valid documents with one field replaced by a value of the
wrong type, random and mutated CSV, and random period strings. Each is fed to the loaders
(`dataset_from_json`, `dataset_from_data`, `dataset_from_csv`, `scheme_from_data`,
`load_scheme`, `Period.parse`) and, for documents that load, to `evaluate`; any exception that
is not a `CourtinfoError` fails the test. The CLI is run on written files: it must either
succeed exactly when the library does, or exit non-zero with one line on stderr and no
traceback.

By default each test runs 40 examples so that the file takes well under a minute. For a
longer run set ``COURTINFO_FUZZ_EXAMPLES``, e.g.::

    COURTINFO_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courtinfo import (
    CourtinfoError,
    Dataset,
    Period,
    dataset_from_csv,
    dataset_from_json,
    dataset_to_csv,
    evaluate,
    load_dataset,
)
from courtinfo.cli import main
from courtinfo.indicators import get_scheme, load_scheme, scheme_from_data, scheme_to_data
from courtinfo.io import dataset_from_data

ROOT = Path(__file__).parent.parent
EXAMPLE_TEXT = (ROOT / "examples" / "data" / "changqing-2019.json").read_text(encoding="utf-8")
EXAMPLE_DATA = json.loads(EXAMPLE_TEXT)
EXAMPLE_CSV = dataset_to_csv(dataset_from_json(EXAMPLE_TEXT))
SCHEME_DIR = ROOT / "courtinfo" / "indicators" / "data"
SCHEME_TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SCHEME_DIR.glob("*.toml"))}
SPC = get_scheme("spc-2019")
SCHEME_DATA = {
    code: json.loads(json.dumps(scheme_to_data(get_scheme(code)), default=str))
    for code in ("spc-2019", "shanghai-2022")
}

EXAMPLES = int(os.environ.get("COURTINFO_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# -- strategies -----------------------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["2019", "2022-W21", "A", "是", "", "q6_1", "{A,B}", "NaN", "-1"])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=25,
)

# Documents shaped like snapshot files, so that the fuzzing gets past the outer checks.
snapshot_keys = st.sampled_from(
    ["court", "period", "department", "values", "platform_values", "texts", "extra"]
)
input_names = st.sampled_from(["q1", "q2_1", "q6_1", "q6_2", "q4", "q13_3", "nope"]) | st.text(
    max_size=6
)
value_dicts = st.dictionaries(input_names, json_values, max_size=4)
snapshot_like = st.fixed_dictionaries(
    {"court": json_values | st.sampled_from(["c1", "jinan"]), "period": json_values},
    optional={
        "department": json_values | st.sampled_from(["民一庭", "审管办"]),
        "values": value_dicts | json_values,
        "platform_values": value_dicts | json_values,
        "texts": st.dictionaries(input_names, st.text(max_size=8) | json_values, max_size=3)
        | json_values,
    },
)
court_like = st.fixed_dictionaries(
    {"code": json_values | st.sampled_from(["c1", "jinan"])},
    optional={
        "name": json_values,
        "level": json_values | st.sampled_from(["basic", "intermediate", "high", "supreme"]),
        "parent": json_values | st.sampled_from(["c1", "jinan", None]),
    },
)
dataset_like = st.lists(snapshot_like, max_size=3) | st.fixed_dictionaries(
    {"snapshots": st.lists(snapshot_like, max_size=3)},
    optional={"courts": st.lists(court_like, max_size=3), "departments": json_values},
)


def paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside `doc` (not the root)."""
    found: list[tuple[Any, ...]] = []
    items: Any = (
        doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    )
    for key, value in items:
        found.append((*prefix, key))
        found.extend(paths(value, (*prefix, key)))
    return found


def mutate(doc: Any, path: tuple[Any, ...], action: str, new: Any) -> Any:
    """A copy of `doc` with the value at `path` replaced, deleted, or given an unknown sibling."""
    out = copy.deepcopy(doc)
    parent = out
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "replace":
        parent[last] = new
    elif action == "delete":
        del parent[last]
    elif isinstance(parent, dict):
        parent["unknown_field"] = new
    else:
        parent.append(new)
    return out


@st.composite
def mutated(draw: st.DrawFn, doc: Any) -> Any:
    path = draw(st.sampled_from(paths(doc)))
    action = draw(st.sampled_from(["replace", "replace", "replace", "delete", "add"]))
    return mutate(doc, path, action, draw(json_values))


# -- helpers --------------------------------------------------------------------------------


def only_courtinfo_errors(fn: Callable[..., Any], *args: Any) -> Any:
    """Call `fn`; a `CourtinfoError` is fine (returns None), anything else fails the test."""
    try:
        return fn(*args)
    except CourtinfoError:
        return None


def load_and_evaluate(loader: Callable[..., Dataset], *args: Any) -> bool:
    """Whether the document loads and evaluates with spc-2019; only CourtinfoError may escape."""
    dataset = only_courtinfo_errors(loader, *args)
    if dataset is None:
        return False
    return only_courtinfo_errors(evaluate, SPC, dataset) is not None


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def check_cli_evaluate(text: str, suffix: str) -> None:
    """Write `text` to a file; the CLI fails cleanly exactly when the library refuses it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"data{suffix}"
        path.write_text(text, encoding="utf-8")
        # The command reads with the scheme, so headers are checked against its inputs.
        ok = load_and_evaluate(lambda p: load_dataset(p, scheme=SPC), path)
        code, _, err = run_cli("evaluate", "--scheme", "spc-2019", str(path))
    assert "Traceback" not in err
    if ok:
        assert code == 0, err
    else:
        assert code != 0
        assert len(err.splitlines()) == 1, err
        assert err.startswith("courtinfo: error: ")


# -- datasets: JSON -------------------------------------------------------------------------


@FUZZ
@given(json_values)
def test_random_json_values(value: Any) -> None:
    load_and_evaluate(dataset_from_data, value)
    load_and_evaluate(dataset_from_json, json.dumps(value))


@FUZZ
@given(dataset_like)
def test_dataset_shaped_documents(doc: Any) -> None:
    load_and_evaluate(dataset_from_data, doc)
    load_and_evaluate(dataset_from_json, json.dumps(doc))


@FUZZ
@given(st.integers(min_value=0, max_value=len(EXAMPLE_TEXT)))
def test_truncated_example_json(cut: int) -> None:
    load_and_evaluate(dataset_from_json, EXAMPLE_TEXT[:cut])


@FUZZ
@given(mutated(EXAMPLE_DATA))
def test_mutated_example_data(doc: Any) -> None:
    load_and_evaluate(dataset_from_data, doc)
    load_and_evaluate(dataset_from_json, json.dumps(doc, ensure_ascii=False))


@FUZZ
@given(st.text(max_size=200))
def test_random_text_as_json(text: str) -> None:
    load_and_evaluate(dataset_from_json, text)


# -- datasets: CSV --------------------------------------------------------------------------

csv_cells = st.text(max_size=8) | st.sampled_from(
    ["", "是", "否", "maybe", "-1", "nan", "inf", "1e400", "{A,Z}", "{}", "2019", "2022-W54", '"']
)


@FUZZ
@given(st.text(max_size=300))
def test_random_csv_text(text: str) -> None:
    load_and_evaluate(dataset_from_csv, text)


@FUZZ
@given(
    st.lists(
        st.lists(csv_cells, max_size=6).map(lambda cells: ",".join(cells)), min_size=1, max_size=4
    ),
    st.sampled_from(["court,period,q6_1,q6_2", "court,department,period,q2_1,q1", "a,b"]),
)
def test_csv_shaped_text(rows: list[str], header: str) -> None:
    load_and_evaluate(dataset_from_csv, "\n".join([header, *rows]) + "\n")


@st.composite
def mutated_csv(draw: st.DrawFn) -> str:
    lines = EXAMPLE_CSV.splitlines()
    kind = draw(st.sampled_from(["cell", "chars", "cut"]))
    if kind == "cut":
        return EXAMPLE_CSV[: draw(st.integers(0, len(EXAMPLE_CSV)))]
    if kind == "chars":
        at = draw(st.integers(0, len(EXAMPLE_CSV)))
        drop = draw(st.integers(0, 5))
        return EXAMPLE_CSV[:at] + draw(st.text(max_size=5)) + EXAMPLE_CSV[at + drop :]
    row = draw(st.integers(0, len(lines) - 1))
    cells = lines[row].split(",")
    cells[draw(st.integers(0, len(cells) - 1))] = draw(csv_cells)
    lines[row] = ",".join(cells)
    return "\n".join(lines) + "\n"


@FUZZ
@given(mutated_csv())
def test_mutated_example_csv(text: str) -> None:
    load_and_evaluate(dataset_from_csv, text)


# -- schemes --------------------------------------------------------------------------------


@FUZZ
@given(st.sampled_from(sorted(SCHEME_DATA)).flatmap(lambda code: mutated(SCHEME_DATA[code])))
def test_mutated_scheme_data(doc: Any) -> None:
    only_courtinfo_errors(scheme_from_data, doc, "s.toml")


@FUZZ
@given(json_values)
def test_random_scheme_data(doc: Any) -> None:
    only_courtinfo_errors(scheme_from_data, doc)


@FUZZ
@given(st.sampled_from(sorted(SCHEME_TEXTS)), st.floats(min_value=0, max_value=1))
def test_truncated_scheme_files(code: str, where: float) -> None:
    text = SCHEME_TEXTS[code]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{code}.toml"
        path.write_text(text[: int(len(text) * where)], encoding="utf-8")
        only_courtinfo_errors(load_scheme, path)


@FUZZ
@given(st.sampled_from(sorted(SCHEME_DATA)).flatmap(lambda code: mutated(SCHEME_DATA[code])))
def test_mutated_scheme_files(doc: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scheme.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        loaded = only_courtinfo_errors(load_scheme, path)
        code, _, err = run_cli("show", str(path))
    assert "Traceback" not in err
    if loaded is None:
        assert code != 0
        assert len(err.splitlines()) == 1, err


# -- periods --------------------------------------------------------------------------------

period_like = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"\A\d{1,5}-[WwQq]?\d{1,3}\Z"),
    st.from_regex(r"\A\d{1,5}年(第\d{1,3}周|\d{1,3}月|第?[\d一二三四五]季度|度)?\Z"),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}\Z"),
    st.from_regex(
        r"\A[自从]?\d{1,5}年\d{1,3}月\d{1,3}日(至|到|-|~)(\d{1,5}年)?\d{1,3}月\d{1,3}日止?\Z"
    ),
)


@FUZZ
@given(period_like)
def test_period_parse(text: str) -> None:
    period = only_courtinfo_errors(Period.parse, text)
    if period is not None:
        assert Period.parse(str(period)) == period


# -- the CLI on written files ---------------------------------------------------------------


@FUZZ
@given(mutated(EXAMPLE_DATA))
def test_cli_on_mutated_json(doc: Any) -> None:
    check_cli_evaluate(json.dumps(doc, ensure_ascii=False), ".json")


@FUZZ
@given(st.integers(min_value=0, max_value=len(EXAMPLE_TEXT)))
def test_cli_on_truncated_json(cut: int) -> None:
    check_cli_evaluate(EXAMPLE_TEXT[:cut], ".json")


@FUZZ
@given(mutated_csv())
def test_cli_on_mutated_csv(text: str) -> None:
    check_cli_evaluate(text, ".csv")


@FUZZ
@given(dataset_like)
def test_cli_on_dataset_shaped_documents(doc: Any) -> None:
    check_cli_evaluate(json.dumps(doc), ".json")


# -- every field, every wrong type: a systematic sweep ---------------------------------------

#: Values of the wrong type (or out of range) put in place of every field in turn.
WRONG = [None, True, -1, 1.5, 1e300, 2**70, "", "x", [], {}, ["A"], {"x": 1}, [[1]]]


def sweep(doc: Any, share: int) -> list[Any]:
    """Copies of `doc` with one field replaced by each wrong value, or deleted; with `share`
    above 1, every share-th of them (a different slice for each path, so all values appear)."""
    out = []
    for i, path in enumerate(paths(doc)):
        for j, new in enumerate([*WRONG, "delete"]):
            if (i + j) % share:
                continue
            action = "delete" if new == "delete" else "replace"
            out.append(mutate(doc, path, action, new))
    return out


#: The full sweep (every path x every wrong value) runs with COURTINFO_FUZZ_EXAMPLES >= 1000;
#: by default about SWEEP_CASES documents per sweep.
SWEEP_FULL = EXAMPLES >= 1000
SWEEP_CASES = 300


def share_of(doc: Any) -> int:
    return 1 if SWEEP_FULL else max(1, len(paths(doc)) * (len(WRONG) + 1) // SWEEP_CASES)


def test_every_field_of_the_example_dataset_given_a_wrong_type() -> None:
    docs = sweep(EXAMPLE_DATA, share_of(EXAMPLE_DATA))
    assert len(docs) >= 0.9 * min(SWEEP_CASES, len(paths(EXAMPLE_DATA)) * (len(WRONG) + 1))
    loaded = sum(load_and_evaluate(dataset_from_data, doc) for doc in docs)
    assert 0 < loaded < len(docs)  # some mutations are harmless, most are refused


@pytest.mark.parametrize("code", sorted(SCHEME_DATA))
def test_every_field_of_a_shipped_scheme_given_a_wrong_type(code: str) -> None:
    docs = sweep(SCHEME_DATA[code], share_of(SCHEME_DATA[code]))
    assert len(docs) >= 0.9 * SWEEP_CASES
    loaded = [s for s in (only_courtinfo_errors(scheme_from_data, d, "s.toml") for d in docs) if s]
    assert len(loaded) < len(docs)


def test_no_text_field_of_the_example_dataset_takes_a_value_that_is_not_text() -> None:
    # A label (court code, court name, level, parent, a snapshot's court and period) given as
    # null, a number, a list or an object is refused, never made into text ('None', '[1]').
    # null is allowed only where the field may be absent (a root court's parent).
    text_paths = [
        p
        for p in paths(EXAMPLE_DATA)
        if "values" not in p and isinstance(_at(EXAMPLE_DATA, p), str)
    ]
    assert len(text_paths) >= 8
    checked = 0
    for path in text_paths:
        for new in WRONG:
            if isinstance(new, str) or (new is None and path[-1] == "parent"):
                continue
            with pytest.raises(CourtinfoError):
                dataset_from_data(mutate(EXAMPLE_DATA, path, "replace", new))
            checked += 1
    assert checked == len(text_paths) * sum(not isinstance(v, str) for v in WRONG) - sum(
        p[-1] == "parent" for p in text_paths
    )


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc
