"""Departments of a court: their kinds, the Chinese names courts use for them, and divisions.

Kinds follow the glossary. Three technical units are kept apart because the documents name them
side by side with different duties: `technology` (技术处, 司法科: systems, courtrooms, machine
rooms), `information_centre` (信息中心, in Heihe housed in the trial management office) and
`equipment` (司法装备科, 行装科: hardware, equipment and its funding).

Case-handling departments (业务部门) are those that file, hear or enforce cases: filing,
criminal, civil, commercial, administrative, environment, bankruptcy, labour, family, juvenile,
enforcement, enforcement_adjudication, trial_supervision, tribunal and compensation. The others
(offices, the enforcement bureau's general section, personnel, technology …) are not.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from courtinfo.base import (
    OrgError,
    Problem,
    UnknownNameError,
    ValidationError,
    argument,
    code_spelling,
    did_you_mean,
    one_spelling,
    shown,
    wrong_type,
)
from courtinfo.org._courts import CourtTree, require_code


class DepartmentKind(enum.StrEnum):
    """What a department does, whatever a given court calls it."""

    FILING = "filing"
    TRIAL_MANAGEMENT = "trial_management"
    TRIAL_SUPERVISION = "trial_supervision"
    ENFORCEMENT = "enforcement"
    ENFORCEMENT_GENERAL = "enforcement_general"
    ENFORCEMENT_ADJUDICATION = "enforcement_adjudication"
    CRIMINAL = "criminal"
    CIVIL = "civil"
    COMMERCIAL = "commercial"
    ADMINISTRATIVE = "administrative"
    ENVIRONMENT = "environment"
    BANKRUPTCY = "bankruptcy"
    LABOUR = "labour"
    FAMILY = "family"
    JUVENILE = "juvenile"
    COMPENSATION = "compensation"
    TRIBUNAL = "tribunal"
    PETITIONS = "petitions"
    GENERAL_OFFICE = "general_office"
    PERSONNEL = "personnel"
    TECHNOLOGY = "technology"
    INFORMATION_CENTRE = "information_centre"
    EQUIPMENT = "equipment"
    PUBLICITY = "publicity"
    RESEARCH = "research"
    DISCIPLINE = "discipline"

    @property
    def label_zh(self) -> str:
        """The canonical Chinese name, e.g. 审判管理办公室."""
        return _LABELS[self][0]

    @property
    def short_zh(self) -> str:
        """The short Chinese name courts write, e.g. 审管办 (may equal `label_zh`)."""
        return _LABELS[self][1]

    @property
    def case_handling(self) -> bool:
        """Whether departments of this kind handle cases (业务部门)."""
        return self in CASE_HANDLING_KINDS


_K = DepartmentKind

# (canonical name, short name)
_LABELS: Final[Mapping[DepartmentKind, tuple[str, str]]] = MappingProxyType(
    {
        _K.FILING: ("立案庭", "立案庭"),
        _K.TRIAL_MANAGEMENT: ("审判管理办公室", "审管办"),
        _K.TRIAL_SUPERVISION: ("审判监督庭", "审监庭"),
        _K.ENFORCEMENT: ("执行局", "执行局"),
        _K.ENFORCEMENT_GENERAL: ("执行局综合处", "执行局综合处"),
        _K.ENFORCEMENT_ADJUDICATION: ("执行裁判庭", "执裁庭"),
        _K.CRIMINAL: ("刑事审判庭", "刑事庭"),
        _K.CIVIL: ("民事审判庭", "民事庭"),
        _K.COMMERCIAL: ("商事审判庭", "商事庭"),
        _K.ADMINISTRATIVE: ("行政审判庭", "行政庭"),
        _K.ENVIRONMENT: ("环境资源审判庭", "环资庭"),
        _K.BANKRUPTCY: ("破产审判庭", "破产庭"),
        _K.LABOUR: ("劳动保障审判庭", "劳保庭"),
        _K.FAMILY: ("家事审判庭", "家事庭"),
        _K.JUVENILE: ("少年审判庭", "少审庭"),
        _K.COMPENSATION: ("赔偿委员会办公室", "赔偿办"),
        _K.TRIBUNAL: ("人民法庭", "人民法庭"),
        _K.PETITIONS: ("信访局", "信访局"),
        _K.GENERAL_OFFICE: ("办公室", "办公室"),
        _K.PERSONNEL: ("政治部", "政治部"),
        _K.TECHNOLOGY: ("技术处", "技术处"),
        _K.INFORMATION_CENTRE: ("信息中心", "信息中心"),
        _K.EQUIPMENT: ("司法装备科", "装备科"),
        _K.PUBLICITY: ("宣传教育处", "宣教处"),
        _K.RESEARCH: ("研究室", "研究室"),
        _K.DISCIPLINE: ("纪检监察室", "纪检监察室"),
    }
)

CASE_HANDLING_KINDS: Final[frozenset[DepartmentKind]] = frozenset(
    {
        _K.FILING,
        _K.CRIMINAL,
        _K.CIVIL,
        _K.COMMERCIAL,
        _K.ADMINISTRATIVE,
        _K.ENVIRONMENT,
        _K.BANKRUPTCY,
        _K.LABOUR,
        _K.FAMILY,
        _K.JUVENILE,
        _K.ENFORCEMENT,
        _K.ENFORCEMENT_ADJUDICATION,
        _K.TRIAL_SUPERVISION,
        _K.TRIBUNAL,
        _K.COMPENSATION,
    }
)

# Names seen in the source documents (and their formal forms) beyond the labels above.
_EXTRA_ALIASES: Final[Mapping[str, DepartmentKind]] = {
    "立案团队": _K.FILING,  # Heihe organises by teams
    "诉讼服务中心": _K.FILING,
    "执行团队": _K.ENFORCEMENT,
    "执行庭": _K.ENFORCEMENT,
    "执行局综合办公室": _K.ENFORCEMENT_GENERAL,
    "刑庭": _K.CRIMINAL,
    "民庭": _K.CIVIL,
    "商庭": _K.COMMERCIAL,
    "环境资源庭": _K.ENVIRONMENT,
    "少年庭": _K.JUVENILE,
    "国家赔偿办公室": _K.COMPENSATION,
    "派出法庭": _K.TRIBUNAL,
    "信访办": _K.PETITIONS,
    "信访办公室": _K.PETITIONS,
    "综合办公室": _K.GENERAL_OFFICE,
    "院办公室": _K.GENERAL_OFFICE,
    "政治处": _K.PERSONNEL,
    "人事处": _K.PERSONNEL,
    "人事科": _K.PERSONNEL,
    "干部科": _K.PERSONNEL,
    "司法科": _K.TECHNOLOGY,  # Heihe: leads courtroom and machine-room construction
    "司法技术处": _K.TECHNOLOGY,
    "信息技术处": _K.TECHNOLOGY,
    "信息管理中心": _K.INFORMATION_CENTRE,
    "行装科": _K.EQUIPMENT,  # 行政装备科, Jiading
    "行政装备科": _K.EQUIPMENT,
    "司法装备处": _K.EQUIPMENT,
    "审判研究室": _K.RESEARCH,
    "调研室": _K.RESEARCH,
    "纪检组": _K.DISCIPLINE,
    "监察室": _K.DISCIPLINE,
}


def _alias_table() -> dict[str, DepartmentKind]:
    table: dict[str, DepartmentKind] = {}
    for kind, (label, short) in _LABELS.items():
        table[label] = kind
        table[short] = kind
    table.update(_EXTRA_ALIASES)
    return table


DEPARTMENT_ALIASES: Final[Mapping[str, DepartmentKind]] = MappingProxyType(_alias_table())
"""Every exact Chinese name `resolve_department_kind` knows, with its kind."""

# Numbered divisions: 民一庭, 刑三庭, 审监二庭, 执行一庭, 民事审判第一庭 …
_NUMBERED_PREFIXES: Final[Mapping[str, DepartmentKind]] = MappingProxyType(
    {
        "民事": _K.CIVIL,
        "民": _K.CIVIL,
        "刑事": _K.CRIMINAL,
        "刑": _K.CRIMINAL,
        "商事": _K.COMMERCIAL,
        "商": _K.COMMERCIAL,
        "行政": _K.ADMINISTRATIVE,
        "审判监督": _K.TRIAL_SUPERVISION,
        "审监": _K.TRIAL_SUPERVISION,
        "执行": _K.ENFORCEMENT,
        "立案": _K.FILING,
    }
)
_NUMBERED = re.compile(
    "^(?P<prefix>"
    + "|".join(sorted(_NUMBERED_PREFIXES, key=len, reverse=True))
    + ")(?:审判)?第?(?P<number>[一二三四五六七八九十]+|[0-9]+)庭$"
)
_DIGITS: Final = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def _parse_number(text: str) -> int | None:
    """1..99 from Arabic digits or Chinese numerals (一, 十, 十二, 二十, 二十三); None if not."""
    if text.isascii() and text.isdigit():
        value = int(text)
        return value if value > 0 else None
    if len(text) == 1:
        return 10 if text == "十" else _DIGITS.get(text)
    tens, sep, units = text.partition("十")
    if not sep or len(tens) > 1 or len(units) > 1:
        return None
    high = 1 if tens == "" else _DIGITS.get(tens)
    low = 0 if units == "" else _DIGITS.get(units)
    if high is None or low is None:
        return None
    return high * 10 + low


def resolve_department_kind(name: str) -> tuple[DepartmentKind, int | None]:
    """The kind and division number of a department's Chinese name.

    民一庭 -> (civil, 1); 审管办 -> (trial_management, None); 马山人民法庭 -> (tribunal, None).
    Raises `UnknownNameError` (with close matches) for a name it does not know.
    """
    key = require_code(name, "resolve_department_kind: name", "a department name (str)").strip()
    kind = DEPARTMENT_ALIASES.get(key)
    if kind is not None:
        return kind, None
    match = _NUMBERED.match(key)
    if match is not None:
        number = _parse_number(match["number"])
        if number is not None:
            return _NUMBERED_PREFIXES[match["prefix"]], number
    # A tribunal is named after its place: 马山人民法庭, 城关派出法庭; 各人民法庭 is all of them.
    if len(key) > 4 and key.endswith(("人民法庭", "派出法庭")) and not key.startswith("各"):
        return _K.TRIBUNAL, None
    raise UnknownNameError("department", name, DEPARTMENT_ALIASES)


def _non_empty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    require_code(value, f"{type(instance).__name__}.{attribute.name}", "a non-empty str")
    if not value.strip():
        msg = f"{type(instance).__name__}.{attribute.name} must not be empty"
        raise OrgError(msg)


def _kind(value: DepartmentKind | str) -> DepartmentKind:
    try:
        return DepartmentKind(value)
    except (ValueError, TypeError):
        known = [k.value for k in DepartmentKind]
        hint = did_you_mean(value, known) if isinstance(value, str) else ""
        msg = f"department kind {shown(value)} is not one of {', '.join(known)}{hint}"
        raise OrgError(msg) from None


def _positive_or_none(
    instance: object, attribute: attrs.Attribute[int | None], value: int | None
) -> None:
    where = f"{type(instance).__name__}.{attribute.name}"
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise OrgError(wrong_type(where, "None or an int of at least 1", value))
    if value is not None and value < 1:
        msg = f"{where} must be None or at least 1, got {value}"
        raise OrgError(msg)


def _default_code(kind: DepartmentKind, number: int | None, name: str) -> str:
    if number is not None:
        return f"{kind}-{number}"
    # Several tribunals share a kind; their place name (马山 of 马山人民法庭) tells them apart.
    if kind is _K.TRIBUNAL:
        place = name.strip().removesuffix("人民法庭").removesuffix("派出法庭")
        if place:
            return f"{kind}-{place}"
    return str(kind)


# The shortest prefix each numbered kind is written with: 民一庭, 审监二庭, 执行一庭.
_NUMBERED_SHORT: Final[Mapping[DepartmentKind, str]] = MappingProxyType(
    {kind: prefix for prefix, kind in sorted(_NUMBERED_PREFIXES.items(), key=lambda kv: -len(kv[0]))}
)


_NUMERALS: Final = "零一二三四五六七八九"


@argument("n", int, "a whole number (int)")
def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals, as division names and notices' parts write them: 1 -> 一,
    12 -> 十二, 40 -> 四十; any other number in digits."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens] + "十")
    return head + (_NUMERALS[ones] if ones else "")


def _name_of_code(code: str) -> str | None:
    """The Chinese name a `Department.from_name` default code stands for, None if none."""
    try:
        return DepartmentKind(code).label_zh
    except ValueError:
        pass
    head, sep, tail = code.partition("-")
    if not sep or not tail:
        return None
    try:
        kind = DepartmentKind(head)
    except ValueError:
        return None
    if kind is _K.TRIBUNAL:
        return f"{tail}人民法庭"
    prefix = _NUMBERED_SHORT.get(kind)
    if prefix is None or not (tail.isascii() and tail.isdigit()) or not 1 <= int(tail) <= 99:
        return None
    return f"{prefix}{chinese_number(int(tail))}庭"


def department_name_zh(
    label: str, departments: Iterable[Department] = (), *, court: str | None = None
) -> str:
    """How Chinese text names the department a data row labels `label`.

    The name of the department of that code in `departments` (of `court`, when given), else
    for a code `Department.from_name` makes the kind's name with its number (filing -> 立案庭,
    civil-1 -> 民一庭, tribunal-马山 -> 马山人民法庭), else `label` as given.
    """
    key = one_spelling(require_code(label, "department_name_zh: label", "a department label (str)"))
    where = None if court is None else one_spelling(court)
    for dept in departments:
        if dept.code == key and (where is None or dept.court == where):
            return dept.name
    return _name_of_code(key) or label


@attrs.frozen
class Department:
    """One department of one court, e.g. 民一庭 of 济南市中级人民法院."""

    # Kept in their one spelling, as the readers keep a snapshot's labels.
    court: str = attrs.field(converter=code_spelling, validator=_non_empty)
    code: str = attrs.field(converter=code_spelling, validator=_non_empty)
    kind: DepartmentKind = attrs.field(converter=_kind)
    name: str = attrs.field(validator=_non_empty)
    number: int | None = attrs.field(default=None, validator=_positive_or_none)
    # Courts organise differently: e.g. a filing division without case work can opt out.
    case_handling_override: bool | None = None

    @property
    def case_handling(self) -> bool:
        """Whether this department handles cases: the override if set, else by kind."""
        if self.case_handling_override is not None:
            return self.case_handling_override
        return self.kind.case_handling

    @classmethod
    def from_name(
        cls,
        court: str,
        name: str,
        code: str | None = None,
        *,
        case_handling: bool | None = None,
    ) -> Department:
        """A department from its Chinese name; kind and number come from the alias table.

        The default code is ``f"{kind}-{number}"`` for numbered divisions (civil-1), the kind
        otherwise (trial_management), and ``tribunal-<place>`` for a named tribunal.
        """
        kind, number = resolve_department_kind(name)
        return cls(
            court=court,
            code=_default_code(kind, number, name) if code is None else code,
            kind=kind,
            name=name.strip(),
            number=number,
            case_handling_override=case_handling,
        )


class DepartmentsError(ValidationError, OrgError):
    """A list of departments with codes used twice in a court, or courts not in the tree;
    `problems` lists every fault found."""

    title = "invalid departments"


@argument("departments", (list, tuple), "a list or tuple of Department", OrgError)
def check_departments(departments: Iterable[Department], tree: CourtTree | None = None) -> None:
    """Refuse, in one `DepartmentsError` (an `OrgError`), duplicate codes within a court and
    courts not in `tree`."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], Department] = {}
    for dept in departments:
        key = (dept.court, dept.code)
        if key in seen:
            other = seen[key]
            problems.append(
                Problem(
                    f"department {dept.code!r} of court {dept.court!r}",
                    f"code used twice ({other.name}, {dept.name})",
                )
            )
        else:
            seen[key] = dept
        if tree is not None and dept.court not in tree:
            problems.append(
                Problem(f"department {dept.code!r}", f"court {dept.court!r} does not exist")
            )
    if problems:
        raise DepartmentsError(problems)
