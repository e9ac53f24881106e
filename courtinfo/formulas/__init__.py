"""Formula families: one array definition per rule, for a snapshot or a million rows."""

# _serial registers the converter hooks that read and write formulas as plain data.
from courtinfo.formulas import _serial as _serial
from courtinfo.formulas import registry
from courtinfo.formulas._base import Env, Formula, Outcome, Status, StatusArray, divide, worst
from courtinfo.formulas.blend import Component, WeightedBlend
from courtinfo.formulas.capability import CapabilityUsage
from courtinfo.formulas.checklist import Checklist
from courtinfo.formulas.peer import PeerComponent, PeerRelative
from courtinfo.formulas.ratio import PerCaseAverage, Ratio
from courtinfo.formulas.registry import register
from courtinfo.formulas.threshold import Threshold

__all__ = [
    "CapabilityUsage",
    "Checklist",
    "Component",
    "Env",
    "Formula",
    "Outcome",
    "PeerComponent",
    "PeerRelative",
    "PerCaseAverage",
    "Ratio",
    "Status",
    "StatusArray",
    "Threshold",
    "WeightedBlend",
    "divide",
    "register",
    "registry",
    "worst",
]
