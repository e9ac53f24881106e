"""The organisation model: courts and their tree, departments, people and responsibilities."""

from courtinfo.org._courts import Court, CourtLevel, CourtTree, CourtTreeError
from courtinfo.org._departments import (
    CASE_HANDLING_KINDS,
    DEPARTMENT_ALIASES,
    Department,
    DepartmentKind,
    DepartmentsError,
    check_departments,
    chinese_number,
    department_name_zh,
    resolve_department_kind,
)
from courtinfo.org._people import (
    ALL_BASIC_COURTS,
    ALL_CASE_HANDLING_DEPARTMENTS,
    ALL_ENFORCEMENT_DIVISIONS,
    ALL_INTERMEDIATE_DEPARTMENTS,
    ALL_TRIBUNALS,
    SCOPE_MARKERS,
    Person,
    Responsibility,
)

__all__ = [
    "ALL_BASIC_COURTS",
    "ALL_CASE_HANDLING_DEPARTMENTS",
    "ALL_ENFORCEMENT_DIVISIONS",
    "ALL_INTERMEDIATE_DEPARTMENTS",
    "ALL_TRIBUNALS",
    "CASE_HANDLING_KINDS",
    "DEPARTMENT_ALIASES",
    "SCOPE_MARKERS",
    "Court",
    "CourtLevel",
    "CourtTree",
    "CourtTreeError",
    "Department",
    "DepartmentKind",
    "DepartmentsError",
    "Person",
    "Responsibility",
    "check_departments",
    "chinese_number",
    "department_name_zh",
    "resolve_department_kind",
]
