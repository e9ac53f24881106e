"""The fields of a result as a record: their names and order, and why a result has no value."""

from __future__ import annotations

from courtinfo.formulas import Status

_REASONS = {
    Status.OK: "",
    Status.NOT_PROVIDED: "not provided",
    Status.ZERO_DENOMINATOR: "not applicable: zero denominator",
    Status.NO_CAPABILITY: "not applicable: capability absent",
    Status.CATEGORY_ABSENT: "not applicable: category absent",
    Status.INVALID: "invalid input",
}


#: The keys of `ResultRow.to_dict`, in order: the columns of a results table, also when empty.
RECORD_COLUMNS = (
    "court",
    "department",
    "period",
    "indicator",
    "number",
    "name_zh",
    "unit",
    "value",
    "missing",
    "reason",
    "target",
    "comparator",
    "in_principle",
    "target_status",
    "target_met",
    "gap",
    "points",
    "max_points",
)


def reason_text(status: Status, missing: tuple[str, ...] = ()) -> str:
    """Why a result has no value ('' when it has one), naming the missing inputs."""
    text = _REASONS[status]
    if status is Status.NOT_PROVIDED and missing:
        text += ": " + ", ".join(missing)
    return text
