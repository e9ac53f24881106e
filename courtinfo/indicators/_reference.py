"""The scheme format described from the model itself: a JSON Schema and a Markdown reference.

Both are generated from the attrs classes a scheme file structures into and from the formula
registry, so neither can drift from the code; `tests/indicators/test_reference.py` checks that
the shipped copies (`scheme.schema.json` beside this module, `docs/schemes.md`) are current.
"""

from __future__ import annotations

import datetime
import enum
import itertools
import json
import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from courtinfo.base import SchemeError, argument
from courtinfo.formulas import Formula, registry
from courtinfo.indicators._model import Scheme

#: The address the shipped JSON Schema names itself by.
SCHEMA_ID = "https://courtinfo.invalid/scheme.schema.json"

#: Descriptions of fields that do not carry their own (``metadata={"doc": ...}`` on the field).
#: A new field needs one or the other: the reference test fails on a field with neither.
FIELD_DOCS: Mapping[str, str] = {
    "Scheme.code": "The scheme's code, by which `get_scheme` and the CLI find it (`spc-2019`).",
    "Scheme.title_zh": "The document's title as it is written.",
    "Scheme.title_en": "An English title.",
    "Scheme.issuer": "Who issued the document (上海市嘉定区人民法院).",
    "Scheme.document": "The document number (嘉法发〔2022〕15号).",
    "Scheme.date": "The document's date (a TOML date or an ISO date string).",
    "Scheme.indicators": "The indicators, in the document's order (`[[indicators]]`).",
    "Scheme.inputs": "The raw values the data collection form asks for (`[[inputs]]`).",
    "Scheme.categories": "Groups of indicators, with their maximum points (`[[categories]]`).",
    "Scheme.max_points": "The total points of a scored evaluation; absent when not scored.",
    "Scheme.period_kind": "The period the scheme is evaluated over (week, month, quarter, year, range).",
    "Scheme.other_period_kinds": "Other kinds of period the scheme accepts; data of any other kind is refused.",
    "Scheme.leading_group_size": "How many courts form the leading group (第一方阵) of a ranking.",
    "Scheme.rules_zh": "The document's general rules, quoted.",
    "Scheme.notes": "Where and why this file departs from the document, and defaults it sets.",
    "Category.code": "The category's code, named by `Indicator.category`.",
    "Category.name_zh": "The category's name as written (审判管理类).",
    "Category.name_en": "An English name.",
    "Category.max_points": "The category's maximum points, when scored.",
    "Input.id": "The identifier formulas and data files use (`q5_11`, `e_service_sent`).",
    "Input.label_zh": "The form's wording of the blank, shown in reports and templates.",
    "Input.kind": "The kind of value: a count, a measure, a yes/no answer or a choice.",
    "Input.label_en": "An English label.",
    "Input.options": "The options of a multiple-choice question (choice only).",
    "Input.question": "The question number on the form.",
    "Input.blank": "The blank within the question (① is 1).",
    "Input.platform": "The value is supplied by the Supreme Court's platform (以最高法院数据为准).",
    "Input.fallback": "The input used where this one is not provided (the form's own blank).",
    "Option.letter": "The option's letter (A, B, C …).",
    "Option.label_zh": "The option's wording.",
    "Indicator.code": "The indicator's code, used in results, data and the CLI.",
    "Indicator.name_zh": "The indicator's name exactly as the document writes it.",
    "Indicator.name_en": "An English name.",
    "Indicator.category": "The code of its category.",
    "Indicator.unit": "How the value reads.",
    "Indicator.formula": "How the value is computed: a table with a `kind` (see Formula families).",
    "Indicator.number": "Its number in the scheme's own list (annex 1's (12)).",
    "Indicator.direction": "Whether more is better.",
    "Indicator.rule_zh": "The document's rule for it (口径), quoted.",
    "Indicator.source": "Where the document publishes it.",
    "Indicator.max_points": "Its maximum points, when scored.",
    "Indicator.group": "A group the document sorts it into (`core`, `other`).",
    "Indicator.companion": "An indicator another's rule defines rather than one the list numbers.",
    "Indicator.targets": "Its targets, each for a scope of departments (`[[indicators.targets]]`).",
    "Indicator.responsibility": "Who answers for it: leaders, lead and supporting departments.",
    "Indicator.measures": "Key measures (重点应对措施) and the departments they name.",
    "Indicator.notes": "Where and why this indicator departs from the document.",
    "Source.document": "The document number.",
    "Source.number": "The indicator's number in that document.",
    "Source.note": "A remark on the source.",
    "Measure.text_zh": "The measure as written.",
    "Measure.departments": "The departments it names.",
    "Target.scope": "Whom the target binds.",
    "Target.value": "The threshold: a fraction for rates (不低于45% is 0.45); absent while unset.",
    "Target.comparator": "How a value is held against the threshold.",
    "Target.in_principle": "The document says 原则上 (in principle).",
    "Target.status": "Whether the target has a number yet.",
    "Target.set_by": "Who sets a target still to be set.",
    "Target.text_zh": "The target as the document writes it.",
    "Scope.whole_court": "The court as a whole (全院): the court-level row.",
    "Scope.departments": "Departments by name (民一庭).",
    "Scope.kinds": "Departments of these kinds.",
    "Scope.case_handling": "Every case-handling department (各业务部门).",
    "Scope.all_departments": "Every department (中院各部门).",
    "Scope.excluding": "Kinds of department left out (除刑事庭).",
    "Scope.others": "Any department no other target of the indicator names (其他业务部门).",
    "Responsibility.leaders": "The court leaders in charge (分管院领导).",
    "Responsibility.lead_departments": "The lead departments (牵头部门).",
    "Responsibility.supporting_departments": "The supporting departments (配合部门).",
    "Responsibility.responsible_departments": "The departments responsible (责任部门).",
    "Responsibility.owners": "The people responsible (责任人).",
    "Responsibility.stages": "The stage a lead department assesses ({\"立案庭\" = \"立案阶段\"}).",
    # Formula families
    "Ratio.numerator": "The terms summed above the line; `-x` subtracts x.",
    "Ratio.denominator": "The terms summed below the line; `-x` subtracts x.",
    "Ratio.over": "A numerator above its denominator: an input error, capped at 1, or allowed.",
    "PerCaseAverage.numerator": "The count summed over cases; `-x` subtracts x.",
    "PerCaseAverage.denominator": "The cases; `-x` subtracts x.",
    "PerCaseAverage.over": "A numerator above its denominator: allowed by default (a count per case).",
    "WeightedBlend.components": "The parts blended, each with its weight.",
    "WeightedBlend.cap": "An upper limit of the blended value.",
    "WeightedBlend.difference": "A change, not a mean: weights may be negative and need not add up to 1.",
    "WeightedBlend.mixed_units": "The parts are in different units (a count with a percentage) on purpose.",
    "Component.weight": "The part's weight: a number or a fraction as text (`2/3`, `75%`).",
    "Component.ref": "An indicator or input the part reads.",
    "Component.formula": "A formula computed in place, instead of `ref`.",
    "Component.default": "The value used where the part has none.",
    "Component.cap": "An upper limit of the part's value.",
    "PeerRelative.components": "The rates held against the peers' pooled rate.",
    "PeerRelative.cap": "An upper limit of the value (1 by default).",
    "PeerComponent.numerator": "The input summed above the line.",
    "PeerComponent.denominator": "The input summed below the line.",
    "PeerComponent.weight": "The component's weight.",
    "PeerComponent.peer": "An input supplying the peers' figure instead of pooling the batch.",
    "CapabilityUsage.capability": "The yes/no input asking whether the court has the capability.",
    "CapabilityUsage.capability_weight": "The share of the score the capability alone earns.",
    "CapabilityUsage.usage": "The formula measuring how much the capability is used.",
    "CapabilityUsage.usage_cap": "An upper limit of the usage value.",
    "CapabilityUsage.absent": "A court without the capability: scores 0, or is not applicable.",
    "Checklist.items": "The yes/no inputs (or option letters) that make up the checklist.",
    "Checklist.items_above_basic": "Items counted only above the basic level.",
    "Threshold.value": "The input or indicator held against the threshold.",
    "Threshold.threshold": "The threshold: a number or a fraction as text.",
    "Threshold.comparator": "At least or at most the threshold.",
    "Threshold.by_level": "Thresholds by court level, replacing `threshold` for those levels.",
}

_SYNTAX = """\
# The scheme file format

<!-- Generated by `python -m courtinfo.indicators.reference --write` from the model and the
formula registry; do not edit by hand. tests/indicators/test_reference.py checks it is current. -->

A scheme is one TOML (or JSON) file: what a court notice publishes, written as data. Top-level
keys describe the document; `[[categories]]`, `[[inputs]]` and `[[indicators]]` are arrays of
tables. Every key below is checked on loading: an unknown key (a misspelt `over` or `scope`) is
an error naming its place (`$.indicators[3].formula: unknown field(s) ovr`), and every problem
of a file is reported at once. `courtinfo check FILE` does exactly that and prints them all.

The same rules as a JSON Schema (draft 2020-12) ship with the package as
`courtinfo/indicators/scheme.schema.json` (`courtinfo.indicators.scheme_json_schema()`), for
editors and for checking scheme files in other languages.

Conventions:
- Rates are fractions: a target 不低于45% is `value = 0.45`.
- A formula's terms name inputs or other indicators; `-x` subtracts `x`; `q1:C` reads whether
  option C of the multiple-choice input `q1` was chosen (1 or 0).
- Weights and shares may be written as numbers or as text fractions: `0.75`, `"3/4"`, `"75%"`.
- A field shown with a default may be left out.
"""


def _field_doc(cls: type, field: attrs.Attribute[Any]) -> str:
    doc = field.metadata.get("doc")
    if isinstance(doc, str):
        return doc
    return FIELD_DOCS.get(f"{cls.__name__}.{field.name}", "")


def _tables_in(*types: Any) -> dict[str, type]:
    """The attrs classes (formulas aside) that `types` hold, directly or through their fields,
    by name in the order a reader meets them."""
    found: dict[str, type] = {}

    def walk(tp: Any) -> None:
        for arg in typing.get_args(tp):
            walk(arg)
        table = isinstance(tp, type) and attrs.has(tp) and not issubclass(tp, Formula)
        if table and tp.__name__ not in found:
            found[tp.__name__] = tp
            for _, sub in _fields(tp):
                walk(sub)

    for tp in types:
        walk(tp)
    return found


def _model_classes() -> tuple[type, ...]:
    """Every table of a scheme file: the attrs classes reachable from `Scheme`, formulas aside,
    in the order a reader meets them."""
    return tuple(_tables_in(Scheme).values())


def _registry_items() -> list[tuple[str, type[Formula]]]:
    """The built-in families: installed plug-ins are left out, so the shipped files do not
    depend on what else is installed."""
    return [
        (name, registry.get(name))
        for name in registry.names()
        if registry.origin(name).startswith("courtinfo.")
    ]


def _fields(cls: type) -> Iterator[tuple[attrs.Attribute[Any], Any]]:
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        # A formula's `kind` is its registered name, written by the registry, not a field.
        if not field.init or (field.name == "kind" and issubclass(cls, Formula)):
            continue
        yield field, hints.get(field.name, Any)


def undocumented() -> list[str]:
    """`Class.field` of every scheme-file field that has no description."""
    missing = []
    classes = [*_model_classes(), *(c for _, c in _registry_items()), *_nested_formula_parts()]
    for cls in classes:
        for field, _ in _fields(cls):
            if not _field_doc(cls, field):
                missing.append(f"{cls.__name__}.{field.name}")
    return missing


def _nested_formula_parts() -> list[type]:
    """attrs classes a formula holds (a blend's components), found from the type hints."""
    found = _tables_in(*(tp for _, cls in _registry_items() for _, tp in _fields(cls)))
    return [found[k] for k in sorted(found)]


# -- JSON Schema ---------------------------------------------------------------------------

#: Converters that also take one name where a list is expected (`denominator = "q1"`).
_ONE_OR_MANY = ("names", "some_names", "_strs", "_kinds", "_names")
#: Converters that take a number or a fraction written as text.
_FRACTION = ("weight", "optional_weight", "threshold_number")


def _converter_name(field: attrs.Attribute[Any]) -> str:
    # An attrs.Converter (one that names the field it refuses) wraps the function.
    conv = getattr(field.converter, "converter", field.converter)
    return getattr(conv, "__name__", "") if conv is not None else ""


def _type_schema(tp: Any, field: attrs.Attribute[Any] | None = None) -> dict[str, Any]:
    conv = _converter_name(field) if field is not None else ""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        inner = _type_schema(options[0], field) if len(options) == 1 else {
            "anyOf": [_type_schema(a, field) for a in options]
        }
        return {"anyOf": [inner, {"type": "null"}]} if type(None) in args else inner
    if origin is typing.Literal:
        return {"enum": list(args)}
    if tp is Formula or (isinstance(tp, type) and issubclass(tp, Formula)):
        return {"$ref": "#/$defs/Formula"}
    if origin is tuple:
        item = _type_schema(args[0]) if args else {}
        array = {"type": "array", "items": item}
        return {"anyOf": [item, array]} if conv in _ONE_OR_MANY else array
    if origin in (dict, Mapping) or tp is Mapping or origin is typing.get_origin(Mapping[str, str]):
        value = _type_schema(args[1]) if len(args) == 2 else {}
        return {"type": "object", "additionalProperties": value}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        if conv in _FRACTION:
            return {"anyOf": [{"type": "number"}, {"type": "string", "pattern": _FRACTION_PATTERN}]}
        return {"type": "number"}
    if tp is str:
        return {"type": "string"}
    if tp is datetime.date:
        return {"type": "string", "format": "date"}
    if isinstance(tp, type) and attrs.has(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    msg = f"no JSON Schema for the type {tp!r}"
    raise TypeError(msg)


_FRACTION_PATTERN = r"^\s*[+-]?\d+(\.\d+)?\s*(/\s*\d+(\.\d+)?\s*|%\s*)?$"


def _default_of(field: attrs.Attribute[Any]) -> object:
    default = field.default
    factory = getattr(default, "factory", None)
    if callable(factory) and not getattr(default, "takes_self", False):
        return _plain(factory())
    if default is attrs.NOTHING:
        return attrs.NOTHING
    return _plain(default)


def _plain(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _class_schema(cls: type, kind: str | None = None) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    if kind is not None:
        properties["kind"] = {"const": kind, "description": "The formula family."}
        required.append("kind")
    for field, tp in _fields(cls):
        prop = _type_schema(tp, field)
        doc = _field_doc(cls, field)
        if doc:
            prop = {**prop, "description": doc}
        default = _default_of(field)
        if default is attrs.NOTHING:
            required.append(field.name)
        elif default is not None and default != [] and default != {}:
            prop = {**prop, "default": default}
        properties[field.name] = prop
    schema: dict[str, Any] = {
        "type": "object",
        "description": _first_line(cls.__doc__),
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().split("\n\n")[0].replace("\n", " ")


def scheme_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scheme file, from the model and the registry."""
    defs: dict[str, Any] = {}
    for cls in (*_model_classes()[1:], *_nested_formula_parts()):
        defs[cls.__name__] = _class_schema(cls)
    kinds = _registry_items()
    for name, cls in kinds:
        defs[f"formula:{name}"] = _class_schema(cls, kind=name)
    defs["Formula"] = {
        "description": "A formula: a table whose `kind` names a registered formula family.",
        "oneOf": [{"$ref": f"#/$defs/formula:{name}"} for name, _ in kinds],
    }
    top = _class_schema(Scheme)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "courtinfo scheme file",
        **top,
        "$defs": dict(sorted(defs.items())),
    }


def scheme_json_schema_text() -> str:
    """`scheme_json_schema()` as the shipped file holds it."""
    return json.dumps(scheme_json_schema(), ensure_ascii=False, indent=2) + "\n"


def schema_ready(data: object) -> object:
    """Parsed scheme data as JSON would hold it (TOML dates become ISO text), for validators."""
    if isinstance(data, Mapping):
        return {str(k): schema_ready(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [schema_ready(v) for v in data]
    if isinstance(data, (datetime.date, datetime.datetime)):
        return data.isoformat()
    return data


# -- Markdown reference --------------------------------------------------------------------


def _type_text(tp: Any, field: attrs.Attribute[Any] | None = None) -> str:
    schema = _type_schema(tp, field)
    return _schema_text(schema)


def _schema_text(schema: Mapping[str, Any]) -> str:
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        return "formula" if name == "Formula" else f"[{name}](#{name.lower()})"
    if "anyOf" in schema:
        parts = [_schema_text(s) for s in schema["anyOf"]]
        return " or ".join(dict.fromkeys(parts))
    if "enum" in schema:
        return " \\| ".join(f"`{json.dumps(v, ensure_ascii=False)}`" for v in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        return f"list of {_schema_text(schema['items'])}"
    if kind == "object":
        return f"table of {_schema_text(schema.get('additionalProperties', {}))}"
    if kind == "string" and schema.get("format") == "date":
        return "date"
    if kind == "string" and "pattern" in schema:
        return "fraction text"
    if kind == "null":
        return "null"
    return str(kind or "any")


def _default_text(field: attrs.Attribute[Any]) -> str:
    default = _default_of(field)
    if default is attrs.NOTHING:
        return "required"
    if default is None:
        return "—"
    return f"`{json.dumps(default, ensure_ascii=False)}`"


def _table(cls: type) -> list[str]:
    lines = ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
    for field, tp in _fields(cls):
        doc = _field_doc(cls, field).replace("|", "\\|")
        lines.append(f"| `{field.name}` | {_type_text(tp, field)} | {_default_text(field)} | {doc} |")
    return lines


def _examples(schemes: list[Scheme]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """For each formula kind, the first shipped indicator using it: (scheme, code, data)."""
    from courtinfo.convert import unstructure

    found: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for scheme in schemes:
        for ind in scheme.indicators:
            data = unstructure(ind.formula)
            found.setdefault(str(data["kind"]), (scheme.code, ind.code, data))
    return found


def _inline(value: object) -> str:
    """`value` as a TOML inline value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k} = {_inline(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


@argument('schemes', (list, tuple, type(None)), "a list of Scheme, or None for the shipped ones", SchemeError)
def scheme_reference(schemes: list[Scheme] | None = None) -> str:
    """The Markdown reference of the scheme format (docs/schemes.md)."""
    if schemes is None:
        from courtinfo.indicators._shipped import get_scheme
        from courtinfo.indicators._shipped import schemes as shipped

        schemes = [get_scheme(code) for code in shipped()]
    out = [_SYNTAX]
    sections = [("Top level" if c is Scheme else c.__name__, c) for c in _model_classes()]
    out.append("## Tables\n")
    for title, cls in sections:
        anchor = f'<a id="{cls.__name__.lower()}"></a>'
        out.append(f"### {title} {anchor}\n")
        out.append(_first_line(cls.__doc__) + "\n")
        out.extend(_table(cls))
        out.append("")
        enums = [tp for _, tp in _fields(cls) if isinstance(tp, type) and issubclass(tp, enum.Enum)]
        for tp in enums:
            out.append(f"`{tp.__name__}` values:")
            for member in tp:
                doc = _member_doc(tp, member)
                out.append(f"- `{member.value}`" + (f": {doc}" if doc else ""))
            out.append("")
    out.append("## Formula families\n")
    out.append(
        "`formula = {kind = \"...\", ...}`: the kind names a family in the formula registry; "
        "the other keys are the family's own. Plug-ins registered through the entry-point "
        "group `courtinfo.formulas` appear here when installed.\n"
    )
    examples = _examples(schemes)
    for name, cls in _registry_items():
        out.append(f"### `{name}` <a id=\"formula-{name}\"></a>\n")
        out.append(_doc_text(cls.__doc__) + "\n")
        out.extend(_table(cls))
        out.append("")
        if name in examples:
            code, ind, data = examples[name]
            out.append(f"Example (`{code}`, indicator `{ind}`):\n")
            out.append("```toml")
            out.append(f"formula = {_inline(data)}")
            out.append("```\n")
    for part in _nested_formula_parts():
        out.append(f"### {part.__name__} <a id=\"{part.__name__.lower()}\"></a>\n")
        out.append(_first_line(part.__doc__) + "\n")
        out.extend(_table(part))
        out.append("")
    out.append("## Shipped schemes\n")
    out.append("| code | document | issuer | indicators |")
    out.append("| --- | --- | --- | --- |")
    for scheme in schemes:
        out.append(
            f"| `{scheme.code}` | {scheme.document} | {scheme.issuer} | {len(scheme.indicators)} |"
        )
    return "\n".join(out).rstrip() + "\n"


def _doc_text(doc: str | None) -> str:
    return " ".join(line.strip() for line in (doc or "").strip().splitlines() if line.strip())


def _member_doc(tp: type[enum.Enum], member: enum.Enum) -> str:
    """A member's docstring (the string literal after it in the class body), if any."""
    import ast
    import inspect

    try:
        tree = ast.parse(inspect.getsource(tp))
    except (OSError, TypeError):
        return ""
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    for stmt, nxt in itertools.pairwise(body):
        if (
            isinstance(stmt, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == member.name for t in stmt.targets)
            and isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)
            and isinstance(nxt.value.value, str)
        ):
            return " ".join(nxt.value.value.split())
    return ""


