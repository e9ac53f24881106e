"""Indicators, targets and schemes, and the schemes that ship with the library."""

from courtinfo.indicators._loader import (
    check_scheme,
    load_scheme,
    scheme_from_data,
    scheme_to_data,
)
from courtinfo.indicators._model import (
    Aggregate,
    Category,
    Direction,
    Indicator,
    Input,
    Measure,
    Option,
    Rounding,
    RoundingMode,
    Scheme,
    Source,
    Unit,
    dependency_order,
    published_figure,
)
from courtinfo.indicators._reference import scheme_json_schema, scheme_reference
from courtinfo.indicators._shipped import get_scheme, resolve_scheme, schemes
from courtinfo.indicators._targets import Comparator, Scope, Target, TargetStatus, pick_target

__all__ = [
    "Aggregate",
    "Category",
    "Comparator",
    "Direction",
    "Indicator",
    "Input",
    "Measure",
    "Option",
    "Rounding",
    "RoundingMode",
    "Scheme",
    "Scope",
    "Source",
    "Target",
    "TargetStatus",
    "Unit",
    "check_scheme",
    "dependency_order",
    "get_scheme",
    "load_scheme",
    "pick_target",
    "published_figure",
    "resolve_scheme",
    "scheme_from_data",
    "scheme_json_schema",
    "scheme_reference",
    "scheme_to_data",
    "schemes",
]
