"""The chart of the html 自评表: inline SVG, no script — a bar per 一级指标 (得分 over
分值) and the budget execution (执行率 against 100%).

Every text is escaped; every number is written as the JSON export writes it, so that
the chart can be checked against the JSON.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from zhibiao.engine.totals import BUDGET_BLOCK
from zhibiao.report.model import Report, number_text, percent_text
from zhibiao.safe_text import html_text

__all__ = ("chart_svg",)

_WIDTH = 640
_LABEL = 150
_BAR = 360
_ROW = 28
_HUNDRED = Decimal(100)


def _bar_width(value: Decimal, scale: Decimal) -> str:
    """The width of a bar, in whole pixels (0 when the scale is 0)."""
    if scale <= 0 or value <= 0:
        return "0"
    return str(int(min(value / scale, Decimal(1)) * _BAR))


def chart_svg(report: Report) -> str:
    """The chart of ``report`` as an ``<svg>`` element."""
    blocks = [b for b in report.totals.blocks if b.level == 1 and b.name != BUDGET_BLOCK]
    budget = report.budget
    scale = max([b.weight for b in blocks] + [budget.points, Decimal(1)])
    rows: list[str] = []
    y = 30
    for block in blocks:
        rows.append(_score_bar(block.name, block.score, block.weight, scale, y, "block"))
        y += _ROW
    rows.append(_score_bar(BUDGET_BLOCK, budget.outcome.score, budget.points, scale, y,
                           "budget"))
    y += _ROW + 16
    ratio = budget.outcome.ratio
    rows.append(f'<text x="0" y="{y - 4}" class="head">预算执行</text>')
    y += 8
    width = _bar_width(ratio * _HUNDRED, _HUNDRED) if ratio is not None else "0"
    rate = percent_text(ratio) if ratio is not None else "—"
    rows.append(
        f'<g class="execution" data-ratio="{escape(rate)}">'
        f'<text x="0" y="{y + 15}">执行率</text>'
        f'<rect x="{_LABEL}" y="{y}" width="{_BAR}" height="20" class="frame"/>'
        f'<rect x="{_LABEL}" y="{y}" width="{width}" height="20" class="spent"/>'
        f'<text x="{_LABEL + _BAR + 8}" y="{y + 15}">{escape(rate)}</text></g>')
    y += _ROW + 8
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{_WIDTH}" '
            f'height="{y}" viewBox="0 0 {_WIDTH} {y}" role="img" '
            f'aria-label="各一级指标得分与分值、预算执行率">'
            f'<text x="0" y="16" class="head">得分 / 分值</text>{"".join(rows)}</svg>')


def _score_bar(name: str, score: Decimal, points: Decimal, scale: Decimal, y: int,
               kind: str) -> str:
    return (f'<g class="{kind}" data-name="{html_text(name)}" data-score="{number_text(score)}" '
            f'data-points="{number_text(points)}">'
            f'<text x="0" y="{y + 15}">{html_text(name)}</text>'
            f'<rect x="{_LABEL}" y="{y}" width="{_bar_width(points, scale)}" height="20" '
            f'class="points"/>'
            f'<rect x="{_LABEL}" y="{y}" width="{_bar_width(score, scale)}" height="20" '
            f'class="score"/>'
            f'<text x="{_LABEL + _BAR + 8}" y="{y + 15}">'
            f'{number_text(score)} / {number_text(points)}</text></g>')
