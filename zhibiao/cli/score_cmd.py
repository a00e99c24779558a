"""``zhibiao score RULESET… --actuals FILE``: the filled-in 绩效自评表 of every project.

Exit codes:

- 0 — every row of the actuals file was scored (warnings, such as skipped title rows,
  are printed but do not count);
- 1 — the report was written, but problems were found: an actuals row that could not
  be used (unknown indicator, unclosed quote, …), a ruleset with errors, or an indicator
  the actuals left without a value (scored 0); each problem is printed with its
  file:line or sheet!cell;
- 2 — nothing usable, no report written: a usage error, a file that is missing or
  cannot be read (too large, not a CSV/XLSX/JSON, a zip bomb), no usable ruleset, or an
  actuals file without a single row that gives an indicator its actual (only a
  header, no header, or every row unusable) — a report of zeros would only mislead.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from zhibiao.cli.limits_option import add_limit_option, limits_from
from zhibiao.cli.tables_option import add_table_options, parser_from
from zhibiao.errors import ActualsError
from zhibiao.grammar import IndicatorParser
from zhibiao.limits import Limits
from zhibiao.ruleset.load import find_rulesets, read_ruleset
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.report import Report, reports_to_csv, reports_to_json
from zhibiao.ruleset.ruleset import Ruleset
from zhibiao.ruleset.scoring import route_rows, score_ruleset
from zhibiao.safe_text import visible

__all__ = ("configure", "run")

FORMATS = ("table", "json", "csv", "xlsx", "md")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="RULESET",
                        help="规则集文件或目录 / ruleset files or folders")
    parser.add_argument("--actuals", "-a", type=Path, required=True, metavar="FILE",
                        help="实际值文件（.csv/.xlsx/.json）/ actuals file")
    parser.add_argument("--format", "-f", choices=FORMATS, default="table",
                        help="报告格式（默认 table）/ report format")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT",
                        help="输出文件（默认输出到终端；xlsx 必须指定）/ output file")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="不显示进度 / no progress bar")
    add_limit_option(parser)
    add_table_options(parser)


@contextmanager
def _progress(label: str, total: int, quiet: bool) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal for more than one item; yields the "one done" call."""
    if quiet or total <= 1 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


def _load(paths: list[Path], quiet: bool, limits: Limits, reader: IndicatorParser,
          ) -> tuple[list[Ruleset], list[Problem]]:
    rulesets: list[Ruleset] = []
    problems: list[Problem] = []
    files = find_rulesets(paths)
    with _progress("读取规则集", len(files), quiet) as advance:
        for path in files:
            ruleset, found = read_ruleset(path, reader, limits=limits)
            problems.extend(p for p in found if p.severity == "error")
            if ruleset is not None:
                rulesets.append(ruleset)
            advance()
    return rulesets, problems


def _score(rulesets: list[Ruleset], actuals: Path, quiet: bool, limits: Limits,
           ) -> tuple[list[Report], list[Problem]]:
    from zhibiao.ruleset.actuals import read_actuals

    rows, problems = read_actuals(actuals, limits=limits)
    routed, routing = route_rows(rulesets, rows)
    problems = [*problems, *routing]
    reports: list[Report] = []
    with _progress("评分", len(rulesets), quiet) as advance:
        for ruleset in rulesets:
            report = score_ruleset(ruleset, routed[ruleset.key])
            problems.extend(report.problems)
            problems.extend(_unscored(ruleset, report))
            reports.append(report)
            advance()
    return reports, problems


def _unscored(ruleset: Ruleset, report: Report) -> list[Problem]:
    """Indicators the actuals left without a value: scored 0 and listed (exit code 1),
    each at its line of the ruleset, so that no one files an incomplete 自评表 unawares."""
    problems = [
        Problem(severity="error", code="missing_actual", file=ruleset.path,
                line=indicator.line,
                message=f"指标 {row.id} “{row.name}” 没有实际值（实际值文件中没有这一行，"
                        "或实际值为空），记 0 分（无法评价）")
        for indicator, row in zip(ruleset.indicators, report.rows, strict=True)
        if row.outcome.reason == "missing_actual"]
    if report.budget.spent is None:
        problems.append(Problem(
            severity="error", code="missing_actual", file=ruleset.path,
            message="实际值文件中没有预算执行率（全年执行数），预算执行率记 0 分；"
                    "请补上一行：指标写“预算执行率”，实际值写全年执行数"))
    return problems


def _write(reports: list[Report], fmt: str, output: Path | None) -> None:
    if fmt == "xlsx":
        from zhibiao.ruleset.xlsx import write_xlsx

        assert output is not None
        write_xlsx(reports, output)
        return
    if fmt == "table":
        from rich.console import Console

        from zhibiao.ruleset.terminal import file_console, render_table

        if output is None:
            # Off a terminal rich assumes 80 columns; a 自评表 needs more to stay legible.
            console = Console() if sys.stdout.isatty() else file_console(sys.stdout)
            render_table(reports, console)
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                render_table(reports, file_console(handle))
        return
    if fmt == "json":
        text = reports_to_json(reports) + "\n"
    elif fmt == "csv":
        text = reports_to_csv(reports)
    else:
        text = "\n".join(report.to_markdown() for report in reports)
    if output is None:
        sys.stdout.write(text)
    else:
        # newline="": the same bytes on every system (csv rows end in CRLF, the rest in LF)
        output.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")


def _has_actuals(report: Report) -> bool:
    """Whether any row of the actuals file reached this report."""
    return report.budget.spent is not None or any(r.actual is not None for r in report.rows)


def run(args: argparse.Namespace) -> int:
    missing = [p for p in [*args.paths, args.actuals] if not p.exists()]
    for path in missing:
        print(f"zhibiao score: 找不到 {path}（no such file or folder）", file=sys.stderr)
    if missing:
        return 2
    if args.format == "xlsx" and args.output is None:
        print("zhibiao score: xlsx 格式须用 -o 指定输出文件（xlsx needs -o OUT）", file=sys.stderr)
        return 2
    limits = limits_from(args)
    reader = parser_from(args, "score")
    if reader is None:
        return 2
    rulesets, problems = _load(args.paths, args.quiet, limits, reader)
    if not rulesets:
        for problem in problems:
            print(visible(str(problem)), file=sys.stderr)
        print("zhibiao score: 没有可用的规则集（no usable ruleset）", file=sys.stderr)
        return 2
    try:
        reports, actual_problems = _score(rulesets, args.actuals, args.quiet, limits)
    except ActualsError as exc:
        print(visible(f"zhibiao score: {exc}"), file=sys.stderr)
        return 2
    problems.extend(actual_problems)
    for problem in dict.fromkeys(problems):
        print(visible(str(problem)), file=sys.stderr)
    if not any(_has_actuals(report) for report in reports):
        print(visible(f"zhibiao score: {args.actuals} 中没有可用的实际值行（没有一行对应到指标），"
              "未生成报告（no usable actuals row, no report written）"), file=sys.stderr)
        return 2
    _write(reports, args.format, args.output)  # an unwritable -o: the CLI boundary says why
    if args.output is not None:
        print(f"已写入 {args.output}（{len(reports)} 个项目）", file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(f"zhibiao score: {len(errors)} 个问题，见上（{len(errors)} problems）",
              file=sys.stderr)
    return 1 if errors else 0
