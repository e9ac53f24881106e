"""People and responsibility assignments: who leads, which departments answer, who does the work."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from courtinfo.base import InputError, OrgError, ReadOnlyDict, wrong_type

# Scopes the documents write where a department name would go. They stand for many units at
# once, so they are kept as written and recognised, never resolved to a single department.
ALL_BASIC_COURTS: Final = "各基层法院"
"""Every basic court under the issuing court (Jiaozuo's 责任部门 lists)."""
ALL_INTERMEDIATE_DEPARTMENTS: Final = "中院各部门"
"""Every department of the intermediate court itself."""
ALL_ENFORCEMENT_DIVISIONS: Final = "执行局各庭室"
"""Every division and office of the enforcement bureau."""
ALL_CASE_HANDLING_DEPARTMENTS: Final = "各业务部门"
"""Every case-handling department (业务部门) of the court."""
ALL_TRIBUNALS: Final = "各人民法庭"
"""Every people's tribunal of a basic court."""

SCOPE_MARKERS: Final[frozenset[str]] = frozenset(
    {
        ALL_BASIC_COURTS,
        ALL_INTERMEDIATE_DEPARTMENTS,
        ALL_ENFORCEMENT_DIVISIONS,
        ALL_CASE_HANDLING_DEPARTMENTS,
        ALL_TRIBUNALS,
    }
)


def _non_empty_or_none(
    instance: object, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is not None and not isinstance(value, str):
        where = f"{type(instance).__name__}: {attribute.name}"
        raise OrgError(wrong_type(where, "a non-empty str or None", value))
    if value is not None and not value.strip():
        msg = f"{type(instance).__name__}.{attribute.name} must be None or non-empty"
        raise OrgError(msg)


@attrs.frozen
class Person:
    """A named person, with the role (院长, 庭长, 审管办主任 …) and department when known."""

    name: str
    role: str | None = attrs.field(default=None, validator=_non_empty_or_none)
    department: str | None = attrs.field(default=None, validator=_non_empty_or_none)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise OrgError(wrong_type("Person: name", "a non-empty str", self.name))
        if not self.name.strip():
            msg = "Person.name must not be empty"
            raise OrgError(msg)


def _names(values: Iterable[str]) -> tuple[str, ...]:
    # A lone string means one name; iterating it would split 韩广峰 into characters. What is
    # no name is passed on as it is, for `_all_non_empty` to refuse by the field's name.
    if isinstance(values, str):
        return (values.strip(),)
    if isinstance(values, (bytes, Mapping)) or not isinstance(values, Iterable):
        return values  # type: ignore[return-value]
    return tuple(v.strip() if isinstance(v, str) else v for v in values)


def _all_non_empty(
    instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    where = f"{type(instance).__name__}: {attribute.name}"
    if not isinstance(value, tuple):
        raise OrgError(wrong_type(where, "a name (str) or an iterable of names", value))
    for i, v in enumerate(value):
        if not isinstance(v, str):
            raise OrgError(wrong_type(f"{where}[{i}]", "a name (str)", v))
    if any(not v for v in value):
        msg = f"{type(instance).__name__}.{attribute.name} has an empty name: {value!r}"
        raise OrgError(msg)


class Stages(ReadOnlyDict[str]):
    """Lead department -> the stage (阶段) it assesses; a dict that refuses changes."""

    __slots__ = ()
    _WHAT = "responsibility stages"


def _stages(value: object) -> Stages:
    if isinstance(value, Stages):
        return value
    if not isinstance(value, Mapping):
        msg = f"Responsibility.stages must map a department to its stage, not {value!r}"
        raise OrgError(msg)
    out: dict[str, str] = {}
    for department, stage in value.items():
        if not isinstance(department, str) or not isinstance(stage, str):
            msg = f"Responsibility.stages: {department!r} = {stage!r} is not a name and a stage"
            raise OrgError(msg)
        if not department.strip() or not stage.strip():
            msg = f"Responsibility.stages has an empty name or stage: {department!r} = {stage!r}"
            raise OrgError(msg)
        out[department.strip()] = stage.strip()
    return Stages(out)


@attrs.frozen
class Responsibility:
    """Who answers for one indicator or task, with every name as the document writes it.

    `lead_departments` are the lead (assessing) departments, 牵头(考核)部门; those marked
    （配合） go to `supporting_departments` without the mark. `responsible_departments`
    (责任部门) may hold scope markers such as `ALL_BASIC_COURTS` (各基层法院).

    `stages` qualifies lead departments by the stage each assesses, for documents that split
    the lead that way: 立案庭（立案阶段）、审管办（审判阶段） is ``lead_departments = ("立案庭",
    "审管办")`` with ``stages = {"立案庭": "立案阶段", "审管办": "审判阶段"}``. The names stay plain
    department names, so they resolve; `label` and `departments_zh` write them back with the
    stage, as the document does.
    """

    leaders: tuple[str, ...] = attrs.field(
        default=(), converter=_names, validator=_all_non_empty
    )
    lead_departments: tuple[str, ...] = attrs.field(
        default=(), converter=_names, validator=_all_non_empty
    )
    supporting_departments: tuple[str, ...] = attrs.field(
        default=(), converter=_names, validator=_all_non_empty
    )
    responsible_departments: tuple[str, ...] = attrs.field(
        default=(), converter=_names, validator=_all_non_empty
    )
    owners: tuple[str, ...] = attrs.field(
        default=(), converter=_names, validator=_all_non_empty
    )
    stages: Mapping[str, str] = attrs.field(factory=Stages, converter=_stages)

    def __attrs_post_init__(self) -> None:
        both = sorted(set(self.lead_departments) & set(self.supporting_departments))
        if both:
            msg = f"departments both lead and supporting: {', '.join(both)}"
            raise OrgError(msg)
        stray = [d for d in self.stages if d not in self.lead_departments]
        if stray:
            msg = f"stages given for departments that do not lead: {', '.join(stray)}"
            raise OrgError(msg)

    def label(self, department: str) -> str:
        """`department` as the document writes it: with its stage, 立案庭（立案阶段）, if it has one."""
        stage = self.stages.get(department)
        return department if stage is None else f"{department}（{stage}）"

    @property
    def departments_zh(self) -> tuple[str, ...]:
        """`departments`, each lead department with its stage: 立案庭（立案阶段）、审管办（审判阶段）."""
        return tuple(self.label(d) for d in self.departments)

    @property
    def includes_all_basic_courts(self) -> bool:
        """Whether every basic court (各基层法院) is responsible."""
        return ALL_BASIC_COURTS in self.responsible_departments

    @property
    def includes_all_intermediate_departments(self) -> bool:
        """Whether every department of the intermediate court (中院各部门) is responsible."""
        return ALL_INTERMEDIATE_DEPARTMENTS in self.responsible_departments

    @property
    def scopes(self) -> tuple[str, ...]:
        """The scope markers among the responsible departments, in written order."""
        return tuple(d for d in self.responsible_departments if d in SCOPE_MARKERS)

    @property
    def named_responsible_departments(self) -> tuple[str, ...]:
        """The responsible departments that name one department (no scope markers)."""
        return tuple(d for d in self.responsible_departments if d not in SCOPE_MARKERS)

    @property
    def departments(self) -> tuple[str, ...]:
        """Every single department involved: lead, supporting, then responsible; no repeats."""
        names = (
            *self.lead_departments,
            *self.supporting_departments,
            *self.named_responsible_departments,
        )
        return tuple(dict.fromkeys(names))

    @classmethod
    def parse_zh(cls, text: str) -> Responsibility:
        """Read an assignment as the documents write it.

        Understands 责任领导/牵头领导, 牵头部门/牵头考核部门, 责任部门 and 责任人, each followed by
        a colon and names separated by spaces, 、, ， or ；, e.g.
        ``牵头考核部门：立案庭、审管办（配合） 责任部门：立案庭、信访局；各基层法院``.
        A lead department marked （配合） supports; one marked with a stage, 立案庭（立案阶段）,
        leads for that stage (`stages`). Other brackets stay part of the name as written,
        separators inside them included: 各业务部门(除刑事庭、立案庭、审监庭) is one name.
        Full-width and half-width brackets are alike.
        """
        clean = text.replace("*", "")  # Heihe's notice is in Markdown bold
        found = list(_LABEL.finditer(clean))
        if not found:
            msg = f"no responsibility label ({', '.join(_FIELDS)}) in {text!r}"
            raise InputError(msg)
        values: dict[str, list[str]] = {}
        for i, match in enumerate(found):
            end = found[i + 1].start() if i + 1 < len(found) else len(clean)
            names = _tokens(clean[match.end() : end])
            values.setdefault(_FIELDS[match["label"]], []).extend(names)
        lead: list[str] = []
        supporting: list[str] = []
        stages: dict[str, str] = {}
        for name in values.get("lead_departments", []):
            if mark := _SUPPORTING.fullmatch(name):
                supporting.append(mark["name"])
            elif mark := _STAGE.fullmatch(name):
                lead.append(mark["name"])
                stages[mark["name"]] = mark["stage"]
            else:
                lead.append(name)
        return cls(
            leaders=values.get("leaders", ()),
            lead_departments=lead,
            supporting_departments=supporting,
            responsible_departments=values.get("responsible_departments", ()),
            owners=values.get("owners", ()),
            stages=stages,
        )


_FIELDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "责任领导": "leaders",
        "牵头领导": "leaders",
        "牵头考核部门": "lead_departments",
        "牵头部门": "lead_departments",
        "责任部门": "responsible_departments",
        "责任人": "owners",
    }
)
_LABEL: Final = re.compile("(?P<label>" + "|".join(_FIELDS) + r")\s*[:：]")
_SEPARATORS: Final = "、，,；;。"  # and any whitespace
_OPENING: Final = "（(【"
_CLOSING: Final = "）)】"
_SUPPORTING: Final = re.compile(r"(?P<name>.+?)[（(]\s*配合\s*[）)]")
_STAGE: Final = re.compile(r"(?P<name>[^（(]+?)[（(]\s*(?P<stage>[^（()）]*阶段)\s*[）)]")


def _tokens(chunk: str) -> list[str]:
    names: list[str] = []
    for raw in _split(chunk):
        name = raw
        # A closing bracket of the sentence around the labels, e.g. …执行团队）, is not part of
        # the name; a balanced annotation such as 审管办（配合） is.
        while name and name[-1] in _CLOSING and _depth(name) < 0:
            name = name[:-1]
        while name and name[0] in _OPENING and _depth(name) > 0:
            name = name[1:]
        if _wrapped(name):
            # A whole list in brackets, as Shanghai writes (各人民法庭、执行局、执裁庭).
            names.extend(_tokens(name[1:-1]))
        elif name:
            names.append(name)
    return names


def _split(chunk: str) -> list[str]:
    """`chunk` cut at separators outside brackets."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, char in enumerate(chunk):
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(depth - 1, 0)
        elif depth == 0 and (char in _SEPARATORS or char.isspace()):
            parts.append(chunk[start:i])
            start = i + 1
    parts.append(chunk[start:])
    return [p for p in parts if p]


def _wrapped(name: str) -> bool:
    """Whether the bracket opening `name` closes at its very end: (立案庭、审监庭)."""
    if len(name) < 2 or name[0] not in _OPENING or name[-1] not in _CLOSING:
        return False
    depth = 0
    for i, char in enumerate(name):
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth -= 1
            if depth == 0:
                return i == len(name) - 1
    return False


def _depth(text: str) -> int:
    """Opening minus closing brackets."""
    return sum(text.count(c) for c in _OPENING) - sum(text.count(c) for c in _CLOSING)
