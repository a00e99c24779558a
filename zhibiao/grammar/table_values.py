"""Values a table gives beside the 指标值, read with one parser's unit table.

- a column header's unit (``%`` over a column of bare ``90``): :func:`header_quantity`
  reads it, :func:`apply_header_unit` gives it to a target's bare numbers;
- a fund amount (``20万元``, ``278.4449``): :func:`read_amount`.

:class:`~zhibiao.grammar.parser.IndicatorParser` offers these as
``parser.with_header_unit(target, "%")`` and ``parser.parse_amount("20万元", "全年预算数")``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zhibiao.errors import EvaluationError, IndicatorSyntaxError
from zhibiao.grammar.models import Comparison, Compound, Quantity, Range, Target
from zhibiao.grammar.unit_models import build_unit

if TYPE_CHECKING:
    from zhibiao.grammar.parser import IndicatorParser
    from zhibiao.grammar.units import UnitTable

__all__ = ("apply_header_unit", "header_quantity", "read_amount")


def header_quantity(parser: IndicatorParser, unit_text: str) -> Quantity:
    """The quantity ``1`` written in the header's unit (``1万元``).

    Raises :class:`~zhibiao.errors.EvaluationError` when ``unit_text`` is not a unit.
    """
    text = unit_text.strip()
    try:
        model = parser.parse("1" + text)
    except IndicatorSyntaxError as exc:
        raise EvaluationError(f"无法识别表头单位 “{unit_text}”：{exc.message}") from None
    if not isinstance(model, Comparison) or (model.quantity.unit.is_dimensionless and \
            not model.quantity.multiplier):
        raise EvaluationError(f"无法识别表头单位 “{unit_text}”（not a unit）")
    return model.quantity


def _with_unit(quantity: Quantity, header: Quantity, units: UnitTable) -> Quantity:
    own, unit = quantity.unit, header.unit
    if own.numerator:
        return quantity
    if own.denominators:  # 每亩300 (/亩) under the header 元: 300元/亩
        if not unit.numerator or unit.denominators:
            return quantity
        unit = build_unit(units, unit.numerator, own.denominators)
    if quantity.multiplier:
        return quantity.model_copy(update={"unit": unit})
    return Quantity(value=quantity.value * header.multiplier_factor, unit=unit,
                    multiplier=header.multiplier, multiplier_factor=header.multiplier_factor)


def apply_header_unit(target: Target, header: Quantity, units: UnitTable) -> Target:
    """``target`` with the header's unit given to its bare numbers (``90`` + ``%`` → 90%)
    and to the rates that lack a numerator (``每亩300`` + ``元`` → 300元/亩); ``units``
    is the parser's unit table."""
    if isinstance(target, Comparison):
        return target.model_copy(
            update={"quantity": _with_unit(target.quantity, header, units)})
    if isinstance(target, Range):
        return target.model_copy(update={"low": _with_unit(target.low, header, units),
                                         "high": _with_unit(target.high, header, units)})
    if isinstance(target, Compound):
        clauses = tuple(apply_header_unit(clause, header, units) for clause in target.clauses)
        return target.model_copy(update={"clauses": clauses})
    return target


def read_amount(parser: IndicatorParser, text: str, role: str) -> Quantity:
    """An amount written as text (``20万元``, ``150,000元``, ``278.4449``).

    Raises :class:`~zhibiao.errors.IndicatorSyntaxError` for text that is no amount;
    ``role`` names it in the message (``全年预算数``).
    """
    model = parser.parse(text)
    if not isinstance(model, Comparison) or not model.implicit_op:
        raise IndicatorSyntaxError(text, 1, f"{role}应为一个金额（如 278.4449 或 20万元）")
    return model.quantity
