"""The weekly bulletin (周通报) of 上海市嘉定区人民法院 for 2022-W21, on generated data.

嘉法发〔2022〕15号 sets per-department targets for full-process online case handling and asks
the trial supervision division (审监庭) for a weekly bulletin (共性对策4). The counts here are
invented, drawn from a seeded numpy generator with proportions of the order a basic court's
departments see in a week, so the output is the same on every run.

Run: python examples/jiading_weekly.py
"""

from __future__ import annotations

import numpy as np

from courtinfo import Dataset, MetricSnapshot, Period, evaluate
from courtinfo.evaluation import court_figures
from courtinfo.indicators import get_scheme
from courtinfo.org import Court, CourtLevel
from courtinfo.report import bulletin

COURT = "shanghai-jiading"
WEEK = Period.parse("2022-W21")
WEEKS = [WEEK.shift(k) for k in range(-7, 1)]  # eight ISO weeks ending 2022-W21
SEED = 2022

COURTS = (
    Court("shanghai-2nd", "上海市第二中级人民法院", CourtLevel.INTERMEDIATE),
    Court(COURT, "上海市嘉定区人民法院", CourtLevel.BASIC, "shanghai-2nd"),
)

# Per department: diligence (scales every rate), weekly services, hearings, judgments, filings.
DEPARTMENTS = {
    "立案庭": (1.03, 180, 50, 30, 900),
    "民一庭": (1.02, 320, 140, 120, 0),
    "民二庭": (0.86, 260, 110, 95, 0),
    "商事庭": (0.97, 280, 120, 110, 0),
    "刑事庭": (0.85, 90, 60, 55, 0),
    "执行局": (1.00, 400, 150, 160, 250),
    "审监庭": (0.93, 40, 15, 12, 0),
}

# The share each count takes of its base, before diligence and the weekly improvement.
BASE = {
    "e_service_sent": 0.36,
    "e_service_succeeded": 0.90,
    "record_reform_hearings": 0.68,
    "online_hearings": 0.27,
    "single_track_archived": 0.985,
    "template_documents": 0.97,
    "proofread_documents": 0.96,
    "online_reviewed_documents": 0.98,
    "e_seal_cases": 0.95,
    "online_filings": 0.88,
    "random_assignments": 0.995,
    "born_digital_entries": 0.45,
    "web_entries": 0.12,
    "sealed_panel_deliberations": 0.40,
}


def generate(seed: int = SEED) -> Dataset:
    """Eight weeks of every department's counts, as a dataset with the court tree."""
    rng = np.random.default_rng(seed)
    snaps = []
    for k, week in enumerate(WEEKS):
        for dept, (diligence, services, hearings, judgments, filings) in DEPARTMENTS.items():
            lift = 1.0 + 0.006 * k  # a little better every week

            def share(
                name: str, base: int, lift: float = lift, diligence: float = diligence
            ) -> int:
                p = min(1.0, BASE[name] * diligence * lift * rng.normal(1.0, 0.03))
                return int(rng.binomial(base, max(p, 0.0)))

            n_services = int(rng.poisson(services))
            n_hearings = int(rng.poisson(hearings))
            n_judgments = int(rng.poisson(judgments))
            sent = share("e_service_sent", n_services)
            archived = int(judgments * 0.9)
            panel_closed = int(judgments * 0.25)
            v: dict[str, int | float] = {
                "all_services": n_services,
                "e_service_sent": sent,
                "e_service_total": sent,
                "e_service_succeeded": share("e_service_succeeded", sent),
                "hearings": n_hearings,
                "record_reform_hearings": share("record_reform_hearings", n_hearings),
                "online_hearings": share("online_hearings", n_hearings),
                "archived_cases": archived,
                "single_track_archived": share("single_track_archived", archived),
                "judgments": n_judgments,
                "template_documents": share("template_documents", n_judgments),
                "proofread_documents": share("proofread_documents", n_judgments),
                "online_reviewed_documents": share("online_reviewed_documents", n_judgments),
                "cases_in_hand": judgments * 8,
                "e_seal_cases": share("e_seal_cases", judgments * 8),
                "archived_entries": archived * 35,
                "born_digital_entries": share("born_digital_entries", archived * 35),
                "web_entries": share("web_entries", archived * 35),
                "ordinary_panel_closed": panel_closed,
                "judges_meetings": 3,
                "sealed_panel_deliberations": share("sealed_panel_deliberations", panel_closed),
                "sealed_judges_meetings": int(rng.binomial(3, 0.5)),
            }
            if filings:
                n_filings = int(rng.poisson(filings))
                v["filings"] = n_filings
                v["online_filings"] = share("online_filings", n_filings)
                v["online_filing_applications"] = v["online_filings"] + int(rng.poisson(8))
                v["random_assignments"] = share("random_assignments", n_filings)
            if dept == "执行局":
                officers = 42
                v["enforcement_officers"] = officers
                v["mobile_logins"] = int(rng.poisson(officers * 9.0 * diligence * lift))
                v["mobile_online_hours"] = round(officers * rng.normal(11.0, 1.0) * lift, 1)
                v["city_logins_per_officer"] = 9.6
                v["city_online_hours_per_officer"] = 11.5
            snaps.append(MetricSnapshot(COURT, week, dept, v))
    return Dataset(snaps, courts=COURTS)


def main() -> None:
    scheme = get_scheme("shanghai-2022")
    data = generate()
    results = evaluate(scheme, data)
    # The 全院 rows: the departments summed by the roll-up, evaluated once.
    whole = court_figures(results, courts=[COURT], periods=[WEEK, WEEK.previous()])
    report = bulletin(results, court=COURT, period=WEEK, court_level=whole)
    print(
        f"generated data: {len(DEPARTMENTS)} departments × {len(WEEKS)} weeks "
        f"({WEEKS[0]}..{WEEKS[-1]}), seed {SEED}\n"
    )
    print(report.to_text())
    print(f"本周未达标：{len(report.below_target())}项（部门×指标）")
    for dept, labels in report.below_target_by_department().items():
        print(f"  {dept}（{len(labels)}项）：{'、'.join(labels)}")


if __name__ == "__main__":
    main()
