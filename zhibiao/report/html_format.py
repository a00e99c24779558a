"""``html``: the 自评表 as one self-contained, printable HTML file — the same form as
the xlsx (:mod:`zhibiao.report.xlsx_form`), a chart (:mod:`zhibiao.report.html_chart`)
and the 得分说明, one ``<section>`` per report, each starting a new printed page.

Nothing is loaded from the network and nothing runs: the style sheet is inline (A4
landscape for print, the header row repeated on every printed page), the chart is
inline SVG, there is no script. Every text from a ruleset, the actuals or the engine is
escaped with its hidden characters made visible (:func:`zhibiao.safe_text.html_text`):
an indicator named ``<script>`` shows as that text. Numbers are the JSON export's; the
ruleset's file name is not shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from zhibiao.engine.outcome import tidy_ratio
from zhibiao.engine.totals import BUDGET_BLOCK
from zhibiao.report.html_chart import chart_svg
from zhibiao.report.model import FundsLine, Report, ReportRow, number_text, percent_text
from zhibiao.report.writer import TextWriter
from zhibiao.report.xlsx_form import REASON_MISSING_TEXT, TABLE_HEADER
from zhibiao.safe_text import html_text

__all__ = ("WRITER", "HtmlWriter", "report_html")

_STYLE = """
@page { size: A4 landscape; margin: 10mm; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei",
       serif; font-size: 10pt; color: #000; margin: 0 auto; max-width: 277mm; }
section.form { page-break-after: always; break-after: page; padding: 4mm 0; }
section.form:last-of-type { page-break-after: auto; break-after: auto; }
h1 { font-size: 16pt; text-align: center; margin: 0; }
p.year { text-align: center; margin: 2pt 0 6pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin-bottom: 6pt; }
th, td { border: 1px solid #000; padding: 2pt 3pt; vertical-align: middle;
         word-wrap: break-word; overflow-wrap: anywhere; }
th { background: #f2f2f2; font-weight: bold; text-align: center; }
td.num, td.c { text-align: center; }
tr.subtotal td, tr.total td { font-weight: bold; }
td.missing { background: #ffc7ce; color: #9c0006; font-weight: bold; }
td.review { background: #ffc7ce; }
td.label { background: #f2f2f2; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
svg.chart { display: block; margin: 6pt 0; font-size: 11px; }
svg.chart .head { font-weight: bold; }
svg.chart .points { fill: #d9d9d9; }
svg.chart .score { fill: #4472c4; }
svg.chart .frame { fill: none; stroke: #808080; }
svg.chart .spent { fill: #70ad47; }
h2 { font-size: 11pt; margin: 8pt 0 2pt; }
ul { margin: 0; padding-left: 16pt; }
@media print { svg.chart { break-inside: avoid; } }
"""
_WIDTHS = (7, 10, 11, 24, 14, 14, 8, 8, 30)  # as the xlsx columns A–I
_TWO = Decimal("0.01")


def _t(text: str | None) -> str:
    """User or engine text, hidden characters shown, escaped (empty for None)."""
    return html_text(text or "")


def _cell(value: Decimal | None) -> str:
    """Points and scores as the form prints them: two decimals (more when the value has
    them: a number is never rounded here)."""
    if value is None:
        return ""
    exponent = value.as_tuple().exponent
    if value.is_finite() and isinstance(exponent, int) and exponent >= -2:
        return f"{value.quantize(_TWO):f}"
    return number_text(value)


def _amount(value: Decimal | None) -> str:
    """An amount in 万元 as the xlsx form shows it (``#,##0.00##``)."""
    if value is None:
        return ""
    exponent = value.as_tuple().exponent
    if value.is_finite() and isinstance(exponent, int) and exponent >= -2:
        return f"{value.quantize(_TWO):,f}"
    return f"{value:,f}" if value.is_finite() else number_text(value)


def _td(text: str, cls: str = "", span: int = 1, rows: int = 1, attrs: str = "") -> str:
    extra = (f' class="{cls}"' if cls else "") + (f' colspan="{span}"' if span > 1 else "") \
        + (f' rowspan="{rows}"' if rows > 1 else "") + attrs
    return f"<td{extra}>{text}</td>"


def _th(text: str, span: int = 1, rows: int = 1) -> str:
    extra = (f' colspan="{span}"' if span > 1 else "") + (f' rowspan="{rows}"' if rows > 1 else "")
    return f"<th{extra}>{text}</th>"


def _colgroup() -> str:
    total = sum(_WIDTHS)
    return "<colgroup>" + "".join(f'<col style="width:{w * 100 / total:.2f}%">'
                                  for w in _WIDTHS) + "</colgroup>"


def _funds(report: Report) -> list[str]:
    b = report.budget
    lines: Sequence[FundsLine] = report.funds or (FundsLine(name="年度资金总额"),)
    label = "年度预算（万元）" if report.kind == "unit" else "项目资金（万元）"
    out = [f"<tr>{_th(label, rows=1 + len(lines))}{_th('', 2)}{_th('年初预算数')}"
           f"{_th('全年预算数')}{_th('全年执行数')}{_th('分值')}{_th('执行率')}{_th('得分')}</tr>"]
    ratio = b.outcome.ratio
    for index, line in enumerate(lines):
        amounts = "".join(_td(_amount(v), "num") for v in (line.initial, line.annual, line.spent))
        if index == 0:
            rate = "" if ratio is None else percent_text(tidy_ratio(ratio))
            tail = (_td(_cell(b.points), "num", attrs=' data-json="budget.points"')
                    + _td(rate, "num", attrs=' data-json="budget.ratio"')
                    + _td(_cell(b.outcome.score), "num", attrs=' data-json="budget.score"'))
        else:
            tail = _td("—", "c") * 3
        out.append(f'<tr class="funds">{_td(_t(line.name), "c", 2)}{amounts}{tail}</tr>')
    return out


def _indicator(row: ReportRow, first_of_block: int, first_of_run: int) -> str:
    cells = []
    if first_of_block:
        cells.append(_td(_t(row.level1), "c", rows=first_of_block))
    if first_of_run:
        cells.append(_td(_t(row.level2), "c", rows=first_of_run))
    review = ' class="c review"' if row.review_required else ' class="c"'
    cells += [_td(_t(row.name)), _td(_t(row.form_target), "c"),
              f"<td{review}>{_t(row.actual)}</td>",
              _td(_cell(row.points), "num points"), _td(_cell(row.score), "num score")]
    if row.reason_missing:
        cells.append(_td(REASON_MISSING_TEXT, "missing"))
    else:
        cells.append(_td(_t(row.reason)))
    return f'<tr class="indicator" data-id="{_t(row.id)}">{"".join(cells)}</tr>'


def _indicators(report: Report) -> list[str]:
    blocks = [b for b in report.totals.blocks if b.level == 1 and b.name != BUDGET_BLOCK]
    groups = [(b, [r for r in report.rows if r.level1 == b.name]) for b in blocks]
    groups = [(b, rows) for b, rows in groups if rows]
    body = sum(len(rows) + 1 for _, rows in groups)
    out = [f'<tr>{_th("绩效指标")}' + "".join(_th(text) for text in TABLE_HEADER) + "</tr>"]
    label = f'<td class="label" rowspan="{body}"></td>' if body > 1 else '<td class="label"></td>'
    for block, rows in groups:
        for index, row in enumerate(rows):
            run = 0
            if index == 0 or rows[index - 1].level2 != row.level2:
                run = 1
                while index + run < len(rows) and rows[index + run].level2 == row.level2:
                    run += 1
            line = _indicator(row, len(rows) if index == 0 else 0, run)
            if label:  # the first row of the body opens the column under 绩效指标
                line = line.replace(">", ">" + label, 1)
                label = ""
            out.append(line)
        points = sum((r.points for r in rows), Decimal(0))
        score = sum((r.score for r in rows), Decimal(0))
        out.append(f'<tr class="subtotal" data-name="{_t(block.name)}">'
                   f'{_td(_t(block.name) + "小计", "c", 5)}{_td(_cell(points), "num points")}'
                   f'{_td(_cell(score), "num score")}{_td(f"{len(rows)} 项指标")}</tr>')
    totals = report.totals
    if totals.not_applicable:
        out.append(f'<tr class="total applicable">{_td("各项得分合计（适用分值）", "c", 6)}'
                   f'{_td(_cell(totals.applicable_weight), "num points")}'
                   f'{_td(_cell(totals.raw_score), "num score")}'
                   f'{_td("不适用指标的分值从满分中剔除，总分按适用分值折算为百分制")}</tr>')
    out.append(f'<tr class="total grand">{_td("总分", "c", 6)}'
               f'{_td(_cell(totals.total_weight), "num points")}'
               f'{_td(_cell(totals.total), "num score")}'
               f'{_td("自评等级：" + _t(totals.grade))}</tr>')
    return out


def report_html(report: Report) -> str:
    """One report as a ``<section>`` of the html file."""
    r = report
    title = "部门整体支出绩效自评表" if r.kind == "unit" else "项目支出绩效自评表"
    year = f"（{r.year}年度）" if r.year else "（    年度）"
    name_label = "部门（单位）名称" if r.kind == "unit" else "项目名称"
    unit_label = "单位名称" if r.kind == "unit" else "实施单位"
    head = [f"<tr>{_th(name_label, 2)}{_td(_t(r.project), span=7)}</tr>",
            f"<tr>{_th('主管部门', 2)}{_td(_t(r.department), span=3)}{_th(unit_label)}"
            f"{_td(_t(r.unit), span=3)}</tr>"]
    goals = [f"<tr>{_th('年度总体目标', rows=2)}{_th('预期目标', 4)}{_th('实际完成情况', 4)}</tr>",
             f'<tr class="goal">{_td(_t(r.goal), span=4)}{_td(_t(r.goal_actual), span=4)}</tr>']
    table = "\n".join([*head, *_funds(r), *goals])
    indicators = _indicators(r)
    explanations = [f"{_t(row.id)} {_t(row.name)}：{_t(row.outcome.explanation)}"
                    for row in r.rows]
    explanations += [f"{BUDGET_BLOCK}：{_t(r.budget.outcome.explanation)}",
                     f"总分：{_t(r.totals.explanation)}"]
    parts = [f'<section class="form" data-key="{_t(r.key)}">', f"<h1>{title}</h1>",
             f'<p class="year">{year}</p>',
             f'<table class="head">{_colgroup()}<tbody>\n{table}\n</tbody></table>',
             f'<table class="indicators">{_colgroup()}<thead>{indicators[0]}</thead>'
             f"<tbody>\n" + "\n".join(indicators[1:]) + "\n</tbody></table>",
             chart_svg(r), "<h2>得分说明</h2>", _list(explanations)]
    if r.notes:
        parts += ["<h2>说明</h2>", _list([_t(n) for n in r.notes])]
    if r.problems:
        parts += ["<h2>实际值文件中的问题</h2>", _list([_t(str(p)) for p in r.problems])]
    parts.append("</section>\n")
    return "\n".join(parts)


def _list(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


class HtmlWriter(TextWriter[Report]):
    """One html document; a ``<section>`` per report."""

    name = "html"

    def piece(self, report: Report, **options: Any) -> str:
        return report_html(report)

    def head(self, **options: Any) -> str:
        return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                "<title>绩效自评表</title>\n"
                f"<style>{_STYLE}</style>\n</head>\n<body>\n")

    def tail(self, **options: Any) -> str:
        return "</body>\n</html>\n"


WRITER = HtmlWriter()
