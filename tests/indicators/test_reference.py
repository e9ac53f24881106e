"""The generated scheme-format reference and JSON Schema: current, complete, and strict."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import courtinfo.indicators as indicators
from courtinfo import SchemeValidationError
from courtinfo.indicators import get_scheme, scheme_from_data, scheme_json_schema, schemes
from courtinfo.indicators._loader import read_document
from courtinfo.indicators._reference import (
    schema_ready,
    scheme_json_schema_text,
    scheme_reference,
    undocumented,
)
from courtinfo.indicators.reference import DOCS_FILE, SCHEMA_FILE, main

ROOT = Path(__file__).parents[2]
DATA = Path(indicators.__file__).parent / "data"
EXAMPLE = ROOT / "docs" / "example-scheme.toml"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = scheme_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _errors(validator: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    return sorted(
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(schema_ready(data))
    )


REGENERATE = "stale: run `python -m courtinfo.indicators.reference --write` and commit the result"


def test_the_shipped_files_are_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == scheme_json_schema_text(), REGENERATE
    assert DOCS_FILE == ROOT / "docs" / "schemes.md"
    assert DOCS_FILE.read_text(encoding="utf-8") == scheme_reference(), REGENERATE
    assert main([]) == 0


def test_every_field_of_the_format_is_described() -> None:
    missing = undocumented()
    assert missing == [], (
        f"describe {missing} with metadata={{'doc': ...}} on the attrs field "
        "(or in FIELD_DOCS of courtinfo/indicators/_reference.py)"
    )


def test_the_reference_lists_every_family_with_a_shipped_example() -> None:
    text = scheme_reference()
    for kind in ("ratio", "per_case_average", "blend", "peer_relative", "capability_usage"):
        assert f"### `{kind}`" in text
    # The blend example is Shanghai's 电子送达适用率 = 发送率 × 75% + 成功率 × 25%.
    assert (
        'formula = {kind = "blend", components = [{weight = 0.75, ref = "e_service_send_rate"}, '
        '{weight = 0.25, ref = "e_service_success_rate"}]}'
    ) in text
    assert "| `over` | `\"error\"` \\| `\"cap\"` \\| `\"allow\"` | `\"error\"` |" in text
    assert "| `spc-2019` | 济长法发〔2020〕34号 |" in text


@pytest.mark.parametrize("code", schemes())
def test_every_shipped_scheme_passes_the_json_schema(
    validator: jsonschema.Draft202012Validator, code: str
) -> None:
    assert _errors(validator, read_document(DATA / f"{code}.toml")) == []


def test_the_documented_example_passes_the_json_schema(
    validator: jsonschema.Draft202012Validator,
) -> None:
    assert _errors(validator, read_document(EXAMPLE)) == []


def _example() -> dict[str, Any]:
    data: dict[str, Any] = read_document(EXAMPLE)
    return copy.deepcopy(data)


def test_a_misspelt_key_is_refused_by_the_schema_and_by_loading(
    validator: jsonschema.Draft202012Validator,
) -> None:
    data = _example()
    data["indicators"][0]["formula"]["ovr"] = "cap"
    data["indicators"][0]["targets"][0]["scope"]["deparments"] = ["民一庭"]
    assert _errors(validator, data)  # the formula no longer matches any family
    with pytest.raises(SchemeValidationError) as caught:
        scheme_from_data(data, source="mini.toml")
    shown = [str(p) for p in caught.value.problems]
    assert "$.indicators[0].formula: unknown field(s) ovr" in shown
    assert "$.indicators[0].targets[0].scope: unknown field(s) deparments" in shown


def test_a_wrong_value_is_refused_by_the_schema(validator: jsonschema.Draft202012Validator) -> None:
    data = _example()
    data["indicators"][0]["unit"] = "percent"
    data["inputs"][0]["kind"] = "number"
    found = _errors(validator, data)
    assert any(e.startswith("indicators/0/unit: 'percent' is not one of") for e in found)
    assert any(e.startswith("inputs/0/kind: 'number' is not one of") for e in found)


def test_weights_may_be_written_as_fraction_text(
    validator: jsonschema.Draft202012Validator,
) -> None:
    schema = scheme_json_schema()
    weight = schema["$defs"]["Component"]["properties"]["weight"]
    one = jsonschema.Draft202012Validator(weight)
    assert one.is_valid(0.75) and one.is_valid("3/4") and one.is_valid("75%")
    assert not one.is_valid("three quarters")


def test_the_schema_file_is_json_with_its_own_id() -> None:
    data = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert data["required"] == ["code", "title_zh", "title_en", "issuer", "document", "date",
                                "indicators"]
    assert get_scheme("spc-2019").code == "spc-2019"
