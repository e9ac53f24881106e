"""Reports over evaluation results: changes, bulletins, rankings, score reports, trends, export."""

from typing import TYPE_CHECKING

from courtinfo.base import lazy_face

if TYPE_CHECKING:
    from courtinfo.org import chinese_number
    from courtinfo.report._bulletin import (
        WHOLE_COURT,
        Bulletin,
        BulletinEntry,
        BulletinSection,
        SectionCounts,
        bulletin,
    )
    from courtinfo.report._changes import (
        Change,
        ChangeNote,
        Changes,
        Comparison,
        changes,
        comparison_period,
        matching_rows,
    )
    from courtinfo.report._docx import (
        docx_bytes,
        issued_text,
        to_docx,
    )
    from courtinfo.report._explain import (
        Explanation,
        explain,
        formula_text,
    )
    from courtinfo.report._export import (
        COLUMNS,
        to_csv,
        to_dataframe,
        to_json,
        to_records,
        write_csv,
        write_json,
    )
    from courtinfo.report._lang import (
        LANGS,
        Lang,
        check_lang,
        department_label,
        input_label,
        invalid_lines,
        invalid_text,
        left_out_heading,
        left_out_rows,
        met_word,
        missing_reason,
        missing_word,
        unknown_kind_reason,
    )
    from courtinfo.report._ranking import (
        DEFAULT_LEADING_GROUP,
        TOTAL,
        Ranking,
        RankingEntry,
        competition_rank,
        group_ranks,
        rank_courts,
        top_quartile,
    )
    from courtinfo.report._render import (
        Table,
        display_width,
        format_change,
        format_percent,
        format_points,
        format_published,
        format_shown,
        format_target,
        format_value,
        format_yes_no,
        render_csv,
        render_json,
    )
    from courtinfo.report._score import (
        CategoryScore,
        ScoreLine,
        ScoreReport,
        score_report,
        score_reports,
    )
    from courtinfo.report._table import write_markdown, write_table
    from courtinfo.report._trend import (
        Trend,
        cjk_font,
        plot_trend,
        trend,
    )
    from courtinfo.report._xlsx import (
        excel_bytes,
        to_excel,
    )
else:
    # Each module imported when one of its names is first used: see `lazy_face`.
    __getattr__, __dir__ = lazy_face(
        __name__,
        {
            "._bulletin": ("WHOLE_COURT", "Bulletin", "BulletinEntry", "BulletinSection", "SectionCounts", "bulletin"),
            "._changes": ("Change", "ChangeNote", "Changes", "Comparison", "changes", "comparison_period", "matching_rows"),
            # The Chinese numerals of division names, which notices number their parts with.
            "courtinfo.org": ("chinese_number",),
            "._docx": ("docx_bytes", "issued_text", "to_docx"),
            "._explain": ("Explanation", "explain", "formula_text"),
            "._export": ("COLUMNS", "to_csv", "to_dataframe", "to_json", "to_records", "write_csv", "write_json"),
            "._lang": ("LANGS", "Lang", "check_lang", "department_label", "input_label", "invalid_lines", "invalid_text", "left_out_heading", "left_out_rows", "met_word", "missing_reason", "missing_word", "unknown_kind_reason"),
            "._ranking": ("DEFAULT_LEADING_GROUP", "TOTAL", "Ranking", "RankingEntry", "competition_rank", "group_ranks", "rank_courts", "top_quartile"),
            "._render": ("Table", "display_width", "format_change", "format_percent", "format_points", "format_published", "format_shown", "format_target", "format_value", "format_yes_no", "render_csv", "render_json"),
            "._score": ("CategoryScore", "ScoreLine", "ScoreReport", "score_report", "score_reports"),
            "._table": ("write_markdown", "write_table"),
            "._trend": ("Trend", "cjk_font", "plot_trend", "trend"),
            "._xlsx": ("excel_bytes", "to_excel"),
        },
    )

__all__ = [
    "COLUMNS",
    "DEFAULT_LEADING_GROUP",
    "LANGS",
    "TOTAL",
    "WHOLE_COURT",
    "Bulletin",
    "BulletinEntry",
    "BulletinSection",
    "CategoryScore",
    "Change",
    "ChangeNote",
    "Changes",
    "Comparison",
    "Explanation",
    "Lang",
    "Ranking",
    "RankingEntry",
    "ScoreLine",
    "ScoreReport",
    "SectionCounts",
    "Table",
    "Trend",
    "bulletin",
    "changes",
    "check_lang",
    "chinese_number",
    "cjk_font",
    "comparison_period",
    "competition_rank",
    "department_label",
    "display_width",
    "docx_bytes",
    "excel_bytes",
    "explain",
    "format_change",
    "format_percent",
    "format_points",
    "format_published",
    "format_shown",
    "format_target",
    "format_value",
    "format_yes_no",
    "formula_text",
    "group_ranks",
    "input_label",
    "invalid_lines",
    "invalid_text",
    "issued_text",
    "left_out_heading",
    "left_out_rows",
    "matching_rows",
    "met_word",
    "missing_reason",
    "missing_word",
    "plot_trend",
    "rank_courts",
    "render_csv",
    "render_json",
    "score_report",
    "score_reports",
    "to_csv",
    "to_dataframe",
    "to_docx",
    "to_excel",
    "to_json",
    "to_records",
    "top_quartile",
    "trend",
    "unknown_kind_reason",
    "write_csv",
    "write_json",
    "write_markdown",
    "write_table",
]
