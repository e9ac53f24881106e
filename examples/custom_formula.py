"""Adding a formula of your own: an IT vendor's rule in a few lines, used from a scheme.

Jiaozuo Intermediate Court (焦中法〔2022〕77号) assesses online file review (网上阅卷) by two
standards: 网上阅卷及时通过率达到98%以上 and 案均网上阅卷数达到0.2以上. The assessment asks
whether each standard is met (达标), which none of the built-in formula families says directly.
So we write a formula family ``rate_at_least``, register it under that name, refer to it from a
scheme written as TOML text, and evaluate it for a few courts at once.

Run:  python examples/custom_formula.py      (the courts' numbers below are illustrative)
"""

from __future__ import annotations

import tomllib
import unicodedata

import attrs
import numpy as np

import courtinfo.formulas
from courtinfo import SchemeValidationError
from courtinfo.formulas import Env, Formula, Outcome, Status, divide, worst
from courtinfo.indicators import scheme_from_data, scheme_to_data


# --- 1. The formula: a frozen attrs class with typed parameters, registered by name. --------
@courtinfo.formulas.register("rate_at_least")
@attrs.frozen
class RateAtLeast(Formula):
    """1 when numerator / denominator reaches `target` (达标), else 0."""

    numerator: str
    denominator: str
    target: float

    def references(self) -> tuple[str, ...]:
        return (self.numerator, self.denominator)

    def compute(self, env: Env) -> Outcome:
        # One array definition for every row: a single court is a batch of one.
        num, den = env.get(self.numerator), env.get(self.denominator)
        met = (divide(num, den) >= self.target).astype(np.float64)
        status = worst(env.status(self.numerator), env.status(self.denominator))
        status = np.where(den == 0, np.uint8(Status.ZERO_DENOMINATOR), status).astype(np.uint8)
        return Outcome.of(met, status)  # NaN wherever the status is not OK


# --- 2. A scheme that uses it next to a built-in family. ------------------------------------
SCHEME_TOML = """
code = "jiaozuo-review"
title_zh = "网上阅卷考核"
title_en = "Online file review assessment"
issuer = "焦作市中级人民法院"
document = "焦中法〔2022〕77号"
date = 2022-07-28

[[inputs]]
id = "requests"
label_zh = "网上阅卷申请数"
kind = "count"

[[inputs]]
id = "approved_in_time"
label_zh = "网上阅卷及时通过数"
kind = "count"

[[inputs]]
id = "cases"
label_zh = "案件数"
kind = "count"

[[indicators]]
code = "reviews_per_case"
name_zh = "案均网上阅卷数"
name_en = "Online file reviews per case"
category = "review"
unit = "per_case"
formula = { kind = "per_case_average", numerator = "requests", denominator = "cases" }

[[indicators]]
code = "per_case_met"
name_zh = "案均网上阅卷数达标"
name_en = "Reviews per case at least 0.2"
category = "review"
unit = "yes_no"
formula = { kind = "rate_at_least", numerator = "requests", denominator = "cases", target = 0.2 }

[[indicators]]
code = "timely_rate"
name_zh = "网上阅卷及时通过率"
name_en = "Online file reviews approved in time"
category = "review"
unit = "percentage"
formula = { kind = "ratio", numerator = "approved_in_time", denominator = "requests" }

[[indicators]]
code = "timely_met"
name_zh = "网上阅卷及时通过率达标"
name_en = "Timely approval rate at least 98%"
category = "review"
unit = "yes_no"
formula = { kind = "rate_at_least", numerator = "approved_in_time", denominator = "requests", target = 0.98 }
"""

# --- 3. A few courts' numbers, one row each (NaN: not reported). ----------------------------
COURTS = ["解放区法院", "山阳区法院", "修武县法院", "温县法院", "孟州市法院"]
COLUMNS = {
    "cases": np.array([1500, 1200, 800, 0, 950], dtype=np.float64),
    "requests": np.array([330, 180, 160, 0, 240], dtype=np.float64),
    "approved_in_time": np.array([328, 174, 160, 0, np.nan], dtype=np.float64),
}


def cell(outcome: Outcome, i: int, unit: str) -> str:
    """Row i of an outcome as a person reads it, or NA / NAP where there is no value."""
    code = Status(outcome.status[i]).missing_code
    if code is not None:
        return code
    value = float(outcome.value[i])
    if unit == "yes_no":
        return "达标" if value == 1.0 else "未达标"
    if unit == "percentage":
        return f"{value:.1%}"
    return f"{value:.3f}"


def pad(text: str, width: int) -> str:
    """Right-align text in a terminal, counting each Chinese character as two columns."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
    return " " * max(0, width - len(text) - wide) + text


def main() -> None:
    scheme = scheme_from_data(tomllib.loads(SCHEME_TOML), source="jiaozuo-review.toml")
    print(f"{scheme.title_zh} ({scheme.document}), {len(scheme.indicators)} indicators")
    origin = courtinfo.formulas.registry.origin("rate_at_least")
    print(f"kind 'rate_at_least' is registered by {origin}; the scheme as data says:")
    print(f"  {scheme_to_data(scheme)['indicators'][-1]['formula']}")
    print()

    # Every indicator for every court at once: one numpy pass per formula.
    outcomes = {ind.code: ind.formula.evaluate(COLUMNS) for ind in scheme.indicators}
    print(pad("", 12) + "".join(pad(ind.name_zh, 26) for ind in scheme.indicators))
    for i, court in enumerate(COURTS):
        cells = (cell(outcomes[ind.code], i, ind.unit) for ind in scheme.indicators)
        print(pad(court, 12) + "".join(pad(c, 26) for c in cells))
    print("NA: an input was not reported; NAP: the rule has no answer (no cases, no requests).")

    # One court on its own is a batch of one, through the same code.
    one = scheme.indicator("timely_met").formula.evaluate_one(
        {"approved_in_time": 328, "requests": 330}
    )
    print(f"\n解放区法院 alone: 328 / 330 = 99.4% ≥ 98% → {one}")

    # A misspelt kind is caught when the scheme loads, with the place and a suggestion.
    broken = SCHEME_TOML.replace('kind = "rate_at_least"', 'kind = "rate_at_leats"', 1)
    try:
        scheme_from_data(tomllib.loads(broken), source="jiaozuo-review.toml")
    except SchemeValidationError as exc:
        print(f"\nA misspelt kind:\n  {exc}")


if __name__ == "__main__":
    main()
