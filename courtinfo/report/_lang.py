"""The words reports print, in Chinese (the default) and English (`lang="en"`).

Courts read Chinese: every title, heading, header, summary, reason and note a report carries
is chosen here by `lang`, in the wording of the courts' own bulletins (达标, 环比, 个百分点,
全市法院平均 …). Codes (indicator codes, input ids, 'NA'/'NAP') stay in JSON and CSV columns
for machines whatever the language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np

from courtinfo.base import InputError, argument, shown
from courtinfo.evaluation import InvalidRow, Results
from courtinfo.formulas import Ratio, Status, split_reference, term_name
from courtinfo.indicators import Scheme
from courtinfo.org import Department, department_name_zh

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


@argument('scheme', Scheme, "a Scheme (get_scheme, load_scheme)")
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


@argument('scheme', Scheme, "a Scheme (get_scheme, load_scheme)")
def missing_reason(
    scheme: Scheme,
    status: Status,
    missing: Sequence[str],
    lang: Lang,
    invalid: Sequence[InvalidRow] = (),
) -> str:
    """Why a value is missing: '未提供：<labels>', '不适用：分母为0', '数据有误：…' ('' for a
    value). `invalid` gives the rules an invalid result's row breaks (`Results.invalid_at`)."""
    if status is Status.OK:
        return ""
    if status is Status.INVALID:
        if not invalid:
            return pick(lang, "数据有误：由有误的数据计算而来", "invalid input: computed from an invalid result")
        sep = "；" if lang == "zh" else "; "
        return sep.join(dict.fromkeys(invalid_text(scheme, e, lang) for e in invalid))
    if status is Status.NOT_PROVIDED:
        head = pick(lang, "未提供", "not provided")
        if not missing:
            return head
        sep = "、" if lang == "zh" else ", "
        names = sep.join(input_label(scheme, m, lang) for m in missing)
        return head + pick(lang, "：", ": ") + names
    if status is Status.ZERO_DENOMINATOR:
        return pick(lang, "不适用：分母为0", "not applicable: zero denominator")
    if status is Status.CATEGORY_ABSENT:
        return pick(lang, "不适用：无此类别", "not applicable: category absent")
    return pick(lang, "不适用：不具备该功能", "not applicable: capability absent")


def unknown_kind_reason(lang: Lang) -> str:
    """Why a department allowed with unknown_departments="allow" has no target."""
    return pick(check_lang(lang), "无目标：部门类别不明", "no target: department kind unknown")


@argument('label', str, "a department label (str)")
def department_label(
    label: str, lang: Lang, departments: Iterable[Department] = (), court: str | None = None
) -> str:
    """How a report names the department a row labels `label`: in Chinese its name (from
    `departments`, else 立案庭 for filing, 民一庭 for civil-1, else `label`); in English `label`."""
    return label if lang == "en" else department_name_zh(label, departments, court=court)


def yes_no(flag: bool | None, lang: Lang) -> str:
    """是/否 (yes/no in English); '—' for None."""
    if flag is None:
        return "—"
    return pick(lang, "是" if flag else "否", "yes" if flag else "no")


@argument('flag', (bool, np.bool_, type(None)), "True, False or None")
def met_word(flag: bool | None, lang: Lang) -> str:
    """达标/未达标 (met/not met); '—' where no target binds or there is no value."""
    if flag is None:
        return "—"
    return pick(lang, "达标" if flag else "未达标", "met" if flag else "not met")


def period_text(period: object, lang: Lang) -> str:
    """A period as Chinese reads it ('2022年第21周') or its code in English."""
    label = getattr(period, "label_zh", None)
    return str(label) if lang == "zh" and label else str(period)


@argument('code', str, "a missing code such as 'NA', 'NAP' or 'INVALID' (str)")
def missing_word(code: str, lang: Lang) -> str:
    """A missing value's code as a table shows it: 'NA', 'NAP', and 'INVALID' (有误 in Chinese)."""
    return pick(lang, "有误", "INVALID") if code == "INVALID" else code


@argument('scheme', Scheme, "a Scheme (get_scheme, load_scheme)")
def invalid_text(scheme: Scheme, entry: InvalidRow, lang: Lang) -> str:
    """A broken rule with the row's figures: '数据有误：电子签章案件数 12 大于 总案件数 10'.

    In English it is the entry's own reason ('invalid input: (x) must not exceed (y): x=12,
    y=10'); in Chinese a ratio's rule is said with the inputs' labels.
    """
    if lang == "en":
        return entry.reason
    figures = "，".join(
        f"{input_label(scheme, name, lang)} {'未提供' if x != x else f'{x:g}'}"
        for name, x in entry.figures
    )
    formula = scheme.indicator(entry.indicator).formula
    if isinstance(formula, Ratio) and formula.over == "error" and entry.rule == formula.rule:
        num = "＋".join(input_label(scheme, term_name(t), lang) for t in formula.numerator)
        den = "＋".join(input_label(scheme, term_name(t), lang) for t in formula.denominator)
        rule = f"{num}不得大于{den}"
    elif entry.rule.endswith("must not be negative"):
        rule = "分子、分母不得为负"
    else:
        rule = entry.rule
    return f"数据有误：{rule}（{figures}）"


@argument('scheme', Scheme, "a Scheme (get_scheme, load_scheme)")
def invalid_lines(
    scheme: Scheme,
    invalid: Sequence[InvalidRow],
    lang: Lang,
    departments: Sequence[Department] = (),
) -> tuple[str, ...]:
    """One line per row flagged invalid (`Results.invalid`), in `lang`: where it is (全院 for
    a court-level row, a department as `department_label` names it), the indicator and the
    rule it breaks with its figures."""
    out = []
    sep = "，" if lang == "zh" else ", "
    for e in invalid:
        where = (
            department_label(e.department, lang, departments, e.court)
            if e.department
            else pick(lang, "全院", "court level")
        )
        label = scheme.indicator(e.indicator).label
        period = e.period.label_zh if lang == "zh" else str(e.period)
        out.append(f"{e.court} {where} {period} {label}{sep}{invalid_text(scheme, e, lang)}")
    return tuple(out)


@argument('results', Results, "Results (from courtinfo.evaluate)")
def left_out_rows(results: Results) -> tuple[InvalidRow, ...]:
    """The rows flagged invalid that are no rows of `results`: rows a roll-up left out of its
    sums (the CLI's `--rollup` with `--invalid flag` keeps them in `Results.invalid`), to be
    listed beside the rolled-up rows in every format."""
    own = results.invalid_in_batch
    return tuple(e for e, mine in zip(results.invalid, own.tolist(), strict=True) if not mine)


def left_out_heading(lang: Lang) -> str:
    """The heading above the rows a roll-up left out."""
    return pick(check_lang(lang), "数据有误、未计入汇总的行：", "invalid rows left out of the sums:")
