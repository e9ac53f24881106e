"""Formulas as plain data: ``{"kind": "ratio", "numerator": [...], ...}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cattrs import Converter
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from courtinfo.formulas import Formula, registry

# The hooks below serve Formula and every subclass, so the per-class work is done by
# functions cattrs generates for each class, not by calling the converter again.
_structure_fns: dict[type[Formula], Any] = {}
_unstructure_fns: dict[type[Formula], Any] = {}


def _structure_fn(converter: Converter, cls: type[Formula]) -> Any:
    if cls not in _structure_fns:
        _structure_fns[cls] = make_dict_structure_fn(
            cls,
            converter,
            _cattrs_forbid_extra_keys=True,
            _cattrs_prefer_attrib_converters=True,
            _cattrs_detailed_validation=True,
        )
    return _structure_fns[cls]


def _unstructure_fn(converter: Converter, cls: type[Formula]) -> Any:
    if cls not in _unstructure_fns:
        _unstructure_fns[cls] = make_dict_unstructure_fn(
            cls, converter, _cattrs_omit_if_default=True
        )
    return _unstructure_fns[cls]


def structure_formula(converter: Converter, data: object) -> Formula:
    """A formula object from its data, the class found by ``kind`` in the registry."""
    if isinstance(data, Formula):
        return data
    if not isinstance(data, Mapping) or "kind" not in data:
        msg = f"a formula is a table with a 'kind' naming a registered formula, not {data!r}"
        raise ValueError(msg)
    cls = registry.get(str(data["kind"]))
    rest = {k: v for k, v in data.items() if k != "kind"}
    return _structure_fn(converter, cls)(rest, cls)  # type: ignore[no-any-return]


def unstructure_formula(converter: Converter, formula: Formula) -> dict[str, Any]:
    """A formula's data, with its registered ``kind`` first."""
    body = _unstructure_fn(converter, type(formula))(formula)
    return {"kind": registry.name_of(formula), **body}
