"""固始县人民法院's 2022年2月 审判质效通报, reproduced from its published counts.

The court published its 1-2月 figures (2022-01-01 to 2022-02-28) against the same span of 2021:
https://gsxfy.hncourt.gov.cn/public/detail.php?id=2808, part 一. `examples/gushi-2022.toml` writes
its 结案率 and 同比 as a scheme, with no code: 同比 reads last year's row of the same court through
``x@year_ago``. This script evaluates the published counts and prints each figure beside the one
the notice prints.

Run: python examples/gushi_2022.py
"""

from __future__ import annotations

from pathlib import Path

from courtinfo import MetricSnapshot, Period, evaluate, load_scheme

SCHEME = load_scheme(Path(__file__).with_name("gushi-2022.toml"))
THIS_YEAR = Period.parse("2022-01-01/2022-02-28")
LAST_YEAR = Period.parse("2021-01-01/2021-02-28")

# 一、(一)(二)(三): the counts as the notice publishes them. Last year it gives only 审判类 受理 2296
# and 旧存 220, so 新收 was 2296 - 220 = 2076.
COUNTS_2022 = {
    "all_old": 1304, "all_new": 2577, "all_closed": 1456,
    "trial_old": 670, "trial_new": 1643, "trial_closed": 1119,
    "criminal_old": 47, "criminal_new": 92, "criminal_closed": 78,
    "civil_old": 602, "civil_new": 1527, "civil_closed": 1030,
    "administrative_old": 21, "administrative_new": 23, "administrative_closed": 10,
}
COUNTS_2021 = {"trial_old": 220, "trial_new": 2296 - 220}

# The figures the notice prints, in the unit it prints them (%).
PUBLISHED = {
    "all_closure_rate": 37.52,  # 各类案件(含执行) 结案率总体水平为37.52%
    "trial_accepted_growth": 0.74,  # 受理 同比上升0.74%
    "trial_old_growth": 204.55,  # 旧存 同比上升204.55%
    "trial_new_growth": -20.86,  # 新收 同比下降20.86%
    "trial_closure_rate": 48.38,  # 审判类案件结案率 48.38%
    "criminal_closure_rate": 56.12,
    "civil_closure_rate": 48.38,
    "administrative_closure_rate": 22.73,
}


def figures() -> dict[str, tuple[float | None, str]]:
    """Every indicator for 2022 as the notice would print it (None: no value), and why not."""
    results = evaluate(
        SCHEME,
        [
            MetricSnapshot("gushi", THIS_YEAR, values=COUNTS_2022),
            MetricSnapshot("gushi", LAST_YEAR, values=COUNTS_2021),
        ],
    )
    row = results.select(period=THIS_YEAR)[0]
    out = {}
    for ind in SCHEME.indicators:
        r = results.row(int(row), ind.code)
        out[ind.code] = (ind.published(r.value), r.reason)
    return out


def main() -> None:
    shown = figures()
    print(f"{SCHEME.issuer} {SCHEME.document} — 1-2月 {THIS_YEAR} 对比 去年同期 {LAST_YEAR}")
    for ind in SCHEME.indicators:
        value, reason = shown[ind.code]
        text = f"— ({reason})" if value is None else f"{value:.2f}"
        unit = "个百分点" if ind.unit == "percentage_points" else "%"
        published = PUBLISHED.get(ind.code)
        check = "" if published is None else ("  通报 " + f"{published:.2f}{unit}" + ("  一致" if value == published else "  不一致"))
        print(f"{ind.name_zh:<16} {text:>8}{unit if value is not None else ''}{check}")


if __name__ == "__main__":
    main()
