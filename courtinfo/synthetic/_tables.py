"""The tables the generator draws by: department names, sizes and magnitudes by label."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from courtinfo.org import CourtLevel, DepartmentKind

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

#: Department names, most common first; `departments=20` takes the first twenty.
DEPARTMENT_NAMES: tuple[str, ...] = (
    "立案庭",
    "民一庭",
    "民二庭",
    "民三庭",
    "刑一庭",
    "刑二庭",
    "商事庭",
    "行政庭",
    "执行局",
    "审监庭",
    "审管办",
    "办公室",
    "环资庭",
    "家事庭",
    "少审庭",
    "执裁庭",
    "城关人民法庭",
    "破产庭",
    "政治部",
    "技术处",
    "执行局综合处",
    "劳保庭",
    "刑三庭",
    "民四庭",
    "研究室",
    "信访局",
    "赔偿办",
    "宣教处",
    "司法装备科",
    "马山人民法庭",
)

_K = DepartmentKind
LEVEL_SIZE = {
    CourtLevel.SUPREME: 0.3,
    CourtLevel.HIGH: 0.4,
    CourtLevel.INTERMEDIATE: 0.7,
    CourtLevel.BASIC: 1.0,
    CourtLevel.TRIBUNAL: 0.3,
}
#: A court-level row (no departments) stands for about this many busy departments.
COURT_ROW_SCALE = 8.0

# -- magnitudes by label --------------------------------------------------------------------

#: (keywords, mean per busy department-week at an average basic court); first match wins.
MAGNITUDES: tuple[tuple[tuple[str, ...], float], ...] = (
    (("条目",), 250.0),
    (("送达",), 40.0),
    (("立案",), 25.0),
    (("庭审", "开庭"), 15.0),
    (("文书",), 12.0),
    (("案件", "结案", "归档", "收案"), 18.0),
    (("评议", "会议"), 2.0),
    (("拍卖",), 0.5),
)
DEFAULT_MAGNITUDE = 8.0

#: Keywords of values that are levels, not flows: the same every period.
STOCK_WORDS = ("人数", "干警", "人才", "法庭数", "人员")
STOCK_MAGNITUDES: tuple[tuple[tuple[str, ...], float], ...] = (
    (("法庭数",), 4.0),
    (("人才",), 3.0),
)
DEFAULT_STOCK = 6.0

_CASE_WORK = {k: 1.0 for k in _K if k.case_handling}
AFFINITIES: tuple[tuple[tuple[str, ...], dict[DepartmentKind, float], float], ...] = (
    (
        ("执行",),
        {_K.ENFORCEMENT: 1.0, _K.ENFORCEMENT_GENERAL: 0.5, _K.ENFORCEMENT_ADJUDICATION: 0.2},
        0.0,
    ),
    (("立案",), {_K.FILING: 1.0, _K.TRIBUNAL: 0.5, _K.ENFORCEMENT: 0.3}, 0.02),
    (
        ("法庭数",),
        {_K.GENERAL_OFFICE: 1.0, _K.EQUIPMENT: 1.0, _K.TECHNOLOGY: 1.0, _K.TRIBUNAL: 1.0},
        0.0,
    ),
    (("归档", "卷宗", "条目"), {**_CASE_WORK, _K.GENERAL_OFFICE: 0.5}, 0.02),
    (("人数", "干警", "人员"), {k: 1.0 for k in _K}, 1.0),
)
DEFAULT_AFFINITY: tuple[dict[DepartmentKind, float], float] = (
    {**_CASE_WORK, _K.FILING: 0.4},
    0.02,
)

#: Per officer per week: logins, hours online (the guideline asks 2 hours a day).
PER_STAFF_COUNT = 6.0
PER_STAFF_MEASURE = 9.0

YES_WORDS = ("是",)
NO_WORDS = ("否",)
