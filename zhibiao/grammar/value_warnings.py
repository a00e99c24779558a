"""Doubtful readings of a parsed 指标值 that are not errors: flagged, never guessed quietly.

``=2单`` before 单 was in the unit table read as the number 2 with the noun 单: a value
whose unit position holds a word the unit table does not know. ``zhibiao parse --json``
lists these under ``warnings`` and ``zhibiao check`` reports them with file and line.
A cell holding only a unit (``公里``, ``万亩``: a template whose number was never filled
in) reads as a qualitative phrase and is flagged the same way. A rate per thing with no
unit before the slash (``每亩300`` → ``300/亩``: 元 or 千克 per 亩?) is read as written and
flagged: the numerator is the author's to say. A number inside an indicator name that
is no age or type (``年巡查(访)2次完成率≥90%``: part of the name, or a target too?) is read
as part of the label and flagged (sentences.py, rule 4), and so is the bound computed
from a target relative to a base value (``比2015年(24.31)降低10个百分点`` → ≤14.31%, rule 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from zhibiao.grammar.models import (
    Comparison,
    Compound,
    Qualitative,
    Quantity,
    Range,
    Target,
    Unit,
)
from zhibiao.grammar.numerals import format_decimal
from zhibiao.grammar.sentences import SentenceRule
from zhibiao.grammar.units import UnitTable, default_unit_table
from zhibiao.grammar.vocabulary import default_vocabulary

__all__ = ("NUMBER_IN_LABEL", "RATE_WITHOUT_UNIT", "RELATIVE_TARGET", "UNIT_WITHOUT_NUMBER",
           "UNREGISTERED_UNIT", "ValueWarning", "value_warnings")

#: Code of the warning for a word in the unit position that is not in the unit table.
UNREGISTERED_UNIT = "unregistered_unit"
#: Code of the warning for a value that is only a unit (公里, 万人): the number is missing.
UNIT_WITHOUT_NUMBER = "unit_without_number"
#: Code of the warning for a rate per thing with no unit of its own (每亩300 → 300/亩).
RATE_WITHOUT_UNIT = "rate_without_unit"
#: Code of the warning for a number inside a label that may be a target of its own.
NUMBER_IN_LABEL = "number_in_label"
#: Code of the warning for a bound computed from a base value and a change (≤14.31%).
RELATIVE_TARGET = "relative_target"
_SHOWN = 8  # characters of the word quoted in the message


@dataclass(frozen=True, slots=True)
class ValueWarning:
    """One doubtful reading: a stable English ``code``, a Chinese ``message`` and ``hint``."""

    code: str
    message: str
    hint: str


def value_warnings(model: Target) -> tuple[ValueWarning, ...]:
    """The warnings of a parsed value, clause by clause (empty for most values)."""
    clauses = model.clauses if isinstance(model, Compound) else (model,)
    found: list[ValueWarning] = []
    for clause in clauses:
        if isinstance(clause, Qualitative) and _is_unit(clause.text.strip(),
                                                        default_unit_table()):
            found.append(_unit_only(clause.text.strip()))
        if isinstance(clause, Comparison | Range):
            quantity = clause.quantity if isinstance(clause, Comparison) else clause.high
            if clause.noun and quantity.unit.is_dimensionless:
                found.append(_unregistered(clause.noun, quantity.multiplier))
            per = _per_thing(quantity.unit, default_unit_table())
            if per is not None:
                found.append(_rate_without_unit(quantity, per))
            if clause.label is not None and any(ch.isdigit() for ch in clause.label):
                found.extend(_numbers_in_label(clause.label, default_unit_table()))
            if isinstance(clause, Comparison) and clause.note is not None \
                    and "百分点" in clause.note:
                found.extend(_relative(clause))
    return tuple(found)


@cache
def _sentence_rule() -> SentenceRule:
    return SentenceRule(default_vocabulary())


def _relative(clause: Comparison) -> list[ValueWarning]:
    assert clause.note is not None
    relative = _sentence_rule().relative_target(clause.note)
    if relative is None or relative[1] is None:
        return []
    op, computed, arithmetic = relative[0], relative[1], relative[2]
    bound = f"{clause.op.symbol}{clause.quantity}"
    if (op, computed) != (clause.op, clause.quantity.value) or clause.quantity.unit.name != "%":
        return [ValueWarning(
            RELATIVE_TARGET,
            f"说明中的相对基期目标 “{clause.note}” 换算为 {op.symbol}{format_decimal(computed)}%，"
            f"与值 “{bound}” 不一致",
            "核对基期值和变化的百分点，或删去说明中的相对写法")]
    return [ValueWarning(
        RELATIVE_TARGET,
        f"相对基期的目标 “{clause.note}”：按 {arithmetic} 读作 “{bound}”",
        f"请核对换算；也可以直接写目标值，例如 “{bound}”")]


def _numbers_in_label(label: str, units: UnitTable) -> list[ValueWarning]:
    found = []
    for at, number, after in _sentence_rule().numbers_outside_names(label):
        unit = max((w for w in units.written if after.startswith(w)), key=len, default="")
        written = number + unit
        found.append(ValueWarning(
            NUMBER_IN_LABEL,
            f"“{written}” 写在指标名称 “{label}” 中，按名称的一部分读取，不作为目标值",
            f"如果 “{written}” 也是一项目标，请与后面的值分开写，"
            f"例如 “{label[:at]}{written};…”"))
    return found


def _unregistered(noun: str, multiplier: str) -> ValueWarning:
    word = noun if len(noun) <= _SHOWN else noun[:_SHOWN] + "…"
    read = f"数值后没有单位，“{word}” 按名词处理"
    if multiplier:
        read += f"（{multiplier} 是数量级）"
    return ValueWarning(
        UNREGISTERED_UNIT, f"未登记的计量单位 “{word}”：{read}",
        "如果它是计量单位，请加入单位表 units.txt（或用 --units 传入自己的单位表，见 "
        "docs/extending.md）；如果是名词，请在数字后写明单位，例如 “≥10个项目”")


def _per_thing(unit: Unit, units: UnitTable) -> str | None:
    """The first denominator that is not a time unit, when the rate has no numerator
    (``/亩`` → 亩; ``/年`` is a frequency, 3/年 three times a year, and is not flagged)."""
    if unit.numerator:
        return None
    return next((name for name in unit.denominators
                 if name in units.definitions and not units.definitions[name].is_time), None)


def _rate_without_unit(quantity: Quantity, per: str) -> ValueWarning:
    number, rate = quantity.number_text(), quantity.unit.name
    return ValueWarning(
        RATE_WITHOUT_UNIT,
        f"按{per}计的比率 “{rate}” 没有计量单位：照写读作 “{number}{rate}”，"
        f"是金额（元/{per}）、重量（千克/{per}）还是其他，值中没有写明",
        f"在数字后写明单位，例如 “{number}元{rate}”")


def _is_unit(text: str, units: UnitTable) -> bool:
    """``text`` is a written unit, optionally after a multiplier (公里, 万亩, 万人)."""
    return text in units.written or any(
        text.startswith(word) and text[len(word):] in units.written
        for word in units.multipliers)


def _unit_only(unit: str) -> ValueWarning:
    return ValueWarning(
        UNIT_WITHOUT_NUMBER, f"指标值只有计量单位 “{unit}”，没有数值；是否漏填？",
        f"在单位前填写数值和运算符，例如 “≥10{unit}”；如果确是定性描述，请写成可评判的措辞")
