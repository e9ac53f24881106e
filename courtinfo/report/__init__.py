"""Reports over evaluation results: changes, bulletins, rankings, score reports, trends, export."""

from courtinfo.report._bulletin import Bulletin, BulletinEntry, BulletinSection, bulletin
from courtinfo.report._changes import (
    Change,
    ChangeNote,
    Changes,
    Comparison,
    changes,
    comparison_period,
    matching_rows,
)
from courtinfo.report._export import COLUMNS, to_dataframe, to_json, to_records
from courtinfo.report._ranking import (
    DEFAULT_LEADING_GROUP,
    TOTAL,
    Ranking,
    RankingEntry,
    competition_rank,
    court_rows,
    pooled_results,
    rank_courts,
    top_quartile,
)
from courtinfo.report._render import (
    Table,
    display_width,
    format_change,
    format_percent,
    format_points,
    format_target,
    format_value,
)
from courtinfo.report._score import (
    CategoryScore,
    ScoreLine,
    ScoreReport,
    score_report,
    score_reports,
)
from courtinfo.report._trend import Trend, plot_trend, trend

__all__ = [
    "COLUMNS",
    "DEFAULT_LEADING_GROUP",
    "TOTAL",
    "Bulletin",
    "BulletinEntry",
    "BulletinSection",
    "CategoryScore",
    "Change",
    "ChangeNote",
    "Changes",
    "Comparison",
    "Ranking",
    "RankingEntry",
    "ScoreLine",
    "ScoreReport",
    "Table",
    "Trend",
    "bulletin",
    "changes",
    "comparison_period",
    "competition_rank",
    "court_rows",
    "display_width",
    "format_change",
    "format_percent",
    "format_points",
    "format_target",
    "format_value",
    "matching_rows",
    "plot_trend",
    "pooled_results",
    "rank_courts",
    "score_report",
    "score_reports",
    "to_dataframe",
    "to_json",
    "to_records",
    "top_quartile",
    "trend",
]
