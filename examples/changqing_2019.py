"""The 2019 national smart-court evaluation (智慧法院建设评价) of 济南市长清区人民法院.

The court's answers on the 2019 data collection form (济长法发〔2020〕34号, annex 2) are in
`examples/data/changqing-2019.json`; the `spc-2019` scheme scores them. The report shows the
points per indicator, the subtotals per category, the total, and the points left on the table
with the leaders and departments the notice makes responsible for each (强弱项补短板).

Run: python examples/changqing_2019.py
"""

from __future__ import annotations

from pathlib import Path

from courtinfo import evaluate, load_dataset
from courtinfo.indicators import get_scheme
from courtinfo.report import format_points, score_report

DATA = Path(__file__).parent / "data" / "changqing-2019.json"


def main() -> None:
    scheme = get_scheme("spc-2019")
    results = evaluate(scheme, load_dataset(DATA))
    report = score_report(results, court="jinan-changqing", period="2019")
    print(report.to_text())
    worst = report.left_on_table[:3]
    print("失分最多：" + "；".join(f"{ln.label} {format_points(ln.left)}" for ln in worst))
    if report.without_value:
        missing = "；".join(f"{ln.label}（{ln.reason}）" for ln in report.without_value)
        print(f"无数值：{missing}")


if __name__ == "__main__":
    main()
