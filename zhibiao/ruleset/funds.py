"""The 项目资金（万元） block of the 自评表, from the ruleset and the actuals.

Lines: 年度资金总额 — 年初预算数 (the actuals' ``年初预算数`` column on the 预算执行率 row,
else the ruleset's ``project.funds.annual_total``, filed with the budget), 全年预算数 and
全年执行数 (as the 预算执行率 block reads them); then the sources of
``project.funds.sources`` under 年初预算数. A 项目支出 form has the fixed lines
其中：当年财政拨款 (a source whose name holds 财政), 上年结转资金 (结转) and 其他资金 (any
other); a 部门整体 form lists the sources by their own names. Amounts are read as the
budget block reads them and written in 万元 — a bare number in the unit of the
全年预算数, as the 预算执行率 block reads it (万元 when that has none); an amount that cannot
be read is left blank and noted, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from zhibiao.engine.conversion import Mismatch, to_target_unit
from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar import IndicatorParser, Quantity
from zhibiao.report.model import BudgetRow, FundsLine
from zhibiao.ruleset.spec import RulesetSpec

__all__ = ("PROJECT_SOURCE_LINES", "TOTAL_LINE", "funds_lines")

#: The first line of the block.
TOTAL_LINE = "年度资金总额"
#: The source lines of the 项目支出 form, each with the words that put a source there
#: (the last takes every other source).
PROJECT_SOURCE_LINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("其中：当年财政拨款", ("财政",)),
    ("上年结转资金", ("结转",)),
    ("其他资金", ()),
)
_WAN = Decimal(10000)


def _money(text: str | None, role: str, parser: IndicatorParser) -> Quantity | None:
    """``text`` as an amount of money or a bare number; None when it is neither."""
    if text is None or not text.strip() or text.strip().endswith("%"):
        return None
    try:
        quantity = parser.parse_amount(text, role)
    except IndicatorSyntaxError:
        return None
    unit = quantity.unit
    return quantity if unit.is_dimensionless or unit.dimension == "money" else None


def _wan(text: str | None, role: str, parser: IndicatorParser, reference: Quantity,
         notes: list[str]) -> Decimal | None:
    """``text`` (``4000万元``, ``278.4449``) in 万元, a bare number in the unit of
    ``reference``; None (and a note) when it is no amount of money."""
    if text is None or not text.strip() or text.strip().endswith("%"):
        return None
    quantity = _money(text, role, parser)
    if quantity is not None:
        converted = to_target_unit(quantity, reference)
        if not isinstance(converted, Mismatch):
            return converted.value / _WAN
    notes.append(f"{role} “{text}” 不是金额，项目资金表中留空；请写作 278.4449、20万元 这样的形式")
    return None


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    found = [value for value in values if value is not None]
    return sum(found, Decimal(0)) if found else None


def funds_lines(spec: RulesetSpec, budget: BudgetRow, parser: IndicatorParser,
                ) -> tuple[tuple[FundsLine, ...], list[str]]:
    """The lines of the block and the notes on amounts that could not be read."""
    notes: list[str] = []
    funds = spec.project.funds
    initial_text = budget.initial or (funds.annual_total if funds else None)
    annual = _money(budget.budget, "全年预算数", parser)
    reference = annual if annual is not None and not annual.unit.is_dimensionless \
        else parser.parse_amount("1万元")
    total = FundsLine(name=TOTAL_LINE,
                      initial=_wan(initial_text, "年初预算数", parser, reference, notes),
                      annual=_wan(budget.budget, "全年预算数", parser, reference, notes),
                      spent=_wan(budget.spent, "全年执行数", parser, reference, notes))
    sources = [(name, _wan(amount, f"资金来源“{name}”", parser, reference, notes))
               for name, amount in (funds.sources if funds else {}).items()]
    if spec.project.kind == "unit":
        return (total, *(FundsLine(name=name, initial=amount) for name, amount in sources)), \
            notes
    placed: dict[str, list[Decimal | None]] = {line: [] for line, _ in PROJECT_SOURCE_LINES}
    for name, amount in sources:
        line = next(line for line, words in PROJECT_SOURCE_LINES
                    if not words or any(word in name for word in words))
        placed[line].append(amount)
    return (total, *(FundsLine(name=line, initial=_sum(amounts))
                     for line, amounts in placed.items())), notes
