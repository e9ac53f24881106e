"""Formula families: one array definition per rule, for a snapshot or a million rows."""

from courtinfo.formulas import registry
from courtinfo.formulas._base import Env, Formula, Outcome, Status, StatusArray, divide, nans, worst
from courtinfo.formulas._params import split_reference, split_terms, term_name, weight
from courtinfo.formulas.applicable import Applicable
from courtinfo.formulas.blend import Component, WeightedBlend
from courtinfo.formulas.capability import CapabilityUsage
from courtinfo.formulas.change import SHIFTS, Change, relative_change, shifted
from courtinfo.formulas.checklist import Checklist
from courtinfo.formulas.peer import PeerComponent, PeerRelative, pooled_rows
from courtinfo.formulas.ratio import (
    PerCaseAverage,
    Ratio,
    RatioGroup,
    add_terms,
    ratio_arrays,
    sum_terms,
)
from courtinfo.formulas.registry import register
from courtinfo.formulas.threshold import Threshold

__all__ = [
    "SHIFTS",
    "Applicable",
    "CapabilityUsage",
    "Change",
    "Checklist",
    "Component",
    "Env",
    "Formula",
    "Outcome",
    "PeerComponent",
    "PeerRelative",
    "PerCaseAverage",
    "Ratio",
    "RatioGroup",
    "Status",
    "StatusArray",
    "Threshold",
    "WeightedBlend",
    "add_terms",
    "divide",
    "nans",
    "pooled_rows",
    "ratio_arrays",
    "register",
    "registry",
    "relative_change",
    "shifted",
    "split_reference",
    "split_terms",
    "sum_terms",
    "term_name",
    "weight",
    "worst",
]
