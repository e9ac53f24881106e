"""The words reports print, in Chinese (the default) and English (`lang="en"`).

Courts read Chinese: every title, heading, header, summary, reason and note a report carries
is chosen here by `lang`, in the wording of the courts' own bulletins (达标, 环比, 个百分点,
全市法院平均 …). Codes (indicator codes, input ids, 'NA'/'NAP') stay in JSON and CSV columns
for machines whatever the language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from courtinfo.base import InputError, shown
from courtinfo.formulas import Status, split_reference
from courtinfo.indicators import Scheme

#: The languages a report is written in.
Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


def check_lang(lang: object) -> Lang:
    """`lang` if it is 'zh' or 'en'; an `InputError` naming both otherwise."""
    if lang == "zh":
        return "zh"
    if lang == "en":
        return "en"
    msg = f"lang {shown(lang)} is not 'zh' (Chinese, the default) or 'en' (English)"
    raise InputError(msg)


def pick(lang: Lang, zh: str, en: str) -> str:
    """The Chinese or the English of a text."""
    return zh if lang == "zh" else en


def input_label(scheme: Scheme, name: str, lang: Lang) -> str:
    """How a report names input `name`: its Chinese label (its id in English, as data shows)."""
    if lang == "en":
        return name
    base, letter, _ = split_reference(name)
    found = next((i for i in scheme.inputs if i.id == base), None)
    if found is None:
        ind = next((i for i in scheme.indicators if i.code == base), None)
        return ind.name_zh if ind is not None else name
    if letter:
        option = next((o for o in found.options if o.letter == letter), None)
        return f"{found.label_zh}（{letter}{'：' + option.label_zh if option else ''}）"
    return found.label_zh


def missing_reason(scheme: Scheme, status: Status, missing: Sequence[str], lang: Lang) -> str:
    """Why a value is missing: '未提供：<labels>', '不适用：分母为0' ('' for a value)."""
    if status is Status.OK:
        return ""
    if status is Status.NOT_PROVIDED:
        head = pick(lang, "未提供", "not provided")
        if not missing:
            return head
        sep = "、" if lang == "zh" else ", "
        names = sep.join(input_label(scheme, m, lang) for m in missing)
        return head + pick(lang, "：", ": ") + names
    if status is Status.ZERO_DENOMINATOR:
        return pick(lang, "不适用：分母为0", "not applicable: zero denominator")
    return pick(lang, "不适用：不具备该功能", "not applicable: capability absent")


def yes_no(flag: bool | None, lang: Lang) -> str:
    """是/否 (yes/no in English); '—' for None."""
    if flag is None:
        return "—"
    return pick(lang, "是" if flag else "否", "yes" if flag else "no")


def met_word(flag: bool | None, lang: Lang) -> str:
    """达标/未达标 (met/not met); '—' where no target binds or there is no value."""
    if flag is None:
        return "—"
    return pick(lang, "达标" if flag else "未达标", "met" if flag else "not met")


def period_text(period: object, lang: Lang) -> str:
    """A period as Chinese reads it ('2022年第21周') or its code in English."""
    label = getattr(period, "label_zh", None)
    return str(label) if lang == "zh" and label else str(period)
