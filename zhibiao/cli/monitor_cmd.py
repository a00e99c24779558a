"""``zhibiao monitor RULESET… -a TO_DATE --as-of DATE``: the 绩效目标执行监控表 of every project.

Mid-year monitoring (绩效运行监控, 财预〔2019〕136号): the same rulesets as ``zhibiao
score``, the actuals to date; each indicator's projected year-end value, 偏差 and
完成目标可能性 (see :mod:`zhibiao.monitor`). The formats are the ``monitor`` writers of
the report room (:mod:`zhibiao.report`), written as ``zhibiao score`` writes its own
(:class:`~zhibiao.cli.score_output.ReportOutput`).

Exit codes, as for ``score``: 0 — every row used, no problem; 1 — the report was
written, but problems were found (an actual that cannot be read, an indicator without
a row, a ruleset whose year does not hold the date …), each printed with its
file:line or sheet!cell; 2 — nothing usable, no report written: a usage error, a file
that is missing or cannot be read, no usable ruleset, no ruleset whose year holds the
date, or no actuals row that reached an indicator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path

from zhibiao.cli.limits_option import add_limit_option, limits_from
from zhibiao.cli.score_output import ReportOutput
from zhibiao.cli.tables_option import add_table_options, parser_from
from zhibiao.errors import ActualsError
from zhibiao.monitor import MonitorReport
from zhibiao.monitor.projection import BASES
from zhibiao.monitor.run import AsOfError, as_of_date, monitor_run
from zhibiao.report import format_names, get_writer
from zhibiao.ruleset.actuals import read_actuals
from zhibiao.ruleset.load import find_rulesets, read_ruleset
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.ruleset import Ruleset
from zhibiao.safe_text import visible

__all__ = ("FORMATS", "configure", "run")

_NAME = "zhibiao monitor"
#: The formats of ``zhibiao monitor`` (the ``monitor`` reports of :mod:`zhibiao.report`).
FORMATS = format_names("monitor")


def _date(text: str) -> dt.date:
    try:
        return as_of_date(text)
    except AsOfError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="RULESET",
                        help="规则集文件或目录 / ruleset files or folders")
    parser.add_argument("--actuals", "-a", type=Path, required=True, metavar="TO_DATE",
                        help="截至日期的执行情况（.csv/.xlsx/.json）/ actuals to date")
    parser.add_argument("--as-of", required=True, type=_date, metavar="DATE",
                        help="执行情况的截至日期，如 2023-06-30、2023年6月30日 / "
                             "the date the actuals run to")
    parser.add_argument("--basis", choices=tuple(BASES),
                        help="外推依据（默认取规则集 [monitor] basis，否则 calendar）：calendar "
                             "日历天数、workdays 法定工作日、schedule 月度计划 / projection basis")
    parser.add_argument("--format", "-f", choices=FORMATS, default="table",
                        help="报告格式（默认 table）/ report format")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT",
                        help="输出文件（默认输出到终端；xlsx 必须指定）/ output file")
    add_limit_option(parser)
    add_table_options(parser)


def _print(problems: Iterable[Problem]) -> int:
    """Print each problem once; the number of errors."""
    seen: set[str] = set()
    errors = 0
    for problem in problems:
        errors += problem.severity == "error"
        line = visible(str(problem))
        if line not in seen:
            seen.add(line)
            print(line, file=sys.stderr)
    return errors


def _write(reports: list[MonitorReport], fmt: str, output: Path | None) -> None:
    """Write ``reports`` in ``fmt`` to ``output`` (standard output when None); when that
    fails midway, the file is removed (a report cut short never passes for a whole one)."""
    out: ReportOutput[MonitorReport] = ReportOutput(fmt, output, "monitor")
    try:
        out.release()
        for report in reports:
            out.add(report)
        out.close()
    except BaseException:
        out.abandon()
        raise


def run(args: argparse.Namespace) -> int:
    missing = [p for p in [*args.paths, args.actuals] if not p.exists()]
    for path in missing:
        print(f"{_NAME}: 找不到 {path}（no such file or folder）", file=sys.stderr)
    if missing:
        return 2
    if get_writer(args.format, "monitor").binary and args.output is None:
        print(f"{_NAME}: {args.format} 格式须用 -o 指定输出文件（{args.format} needs -o OUT）",
              file=sys.stderr)
        return 2
    limits = limits_from(args)
    reader = parser_from(args, "monitor")
    if reader is None:
        return 2
    try:
        rows, problems = read_actuals(args.actuals, limits=limits)
    except ActualsError as exc:
        print(visible(f"{_NAME}: {exc}"), file=sys.stderr)
        return 2
    errors = _print(problems)
    rulesets: list[Ruleset] = []
    for path in find_rulesets(args.paths):
        ruleset, found = read_ruleset(path, reader, limits=limits)
        errors += _print(p for p in found if p.severity == "error")
        if ruleset is not None:
            rulesets.append(ruleset)
    if not rulesets:
        print(f"{_NAME}: 没有可用的规则集（no usable ruleset）", file=sys.stderr)
        return 2
    monitored = monitor_run(rulesets, rows, args.as_of, args.basis, str(args.actuals))
    errors += _print(monitored.problems)
    if monitored.refusal is not None:
        print(visible(f"{_NAME}: {monitored.refusal.message}"), file=sys.stderr)
        return 2
    reports = monitored.reports
    _write(reports, args.format, args.output)
    if args.output is not None:
        print(f"已写入 {args.output}（{len(reports)} 个项目）", file=sys.stderr)
    if errors:
        print(f"{_NAME}: {errors} 个问题，见上（{errors} problems）", file=sys.stderr)
    return 1 if errors else 0
