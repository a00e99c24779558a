"""``zhibiao audit FILE… [--format table|json|xlsx|md] [-o OUT]``: check filled 绩效自评表.

Every row of every table in the files (``.xlsx``, ``.csv``, tab-separated text; a folder
is searched for them) is re-scored under the policy and compared with the 得分 the
table publishes (:mod:`zhibiao.audit`); the 项目资金 block and the 总分 too. The
formats are the ``audit`` writers of the report room (:mod:`zhibiao.report`). With more
than one file, a progress bar runs on standard error (on a terminal); a summary table
(tables, rows, differing rows, problems) closes every run on standard error.

The policy is the default one with ``direction_from_name`` on (a 指标值 without
operator takes the direction its 三级指标 name gives); ``--policy FILE`` (a TOML file,
top level or ``[policy]``, as for ``zhibiao evaluate``) changes any setting, that one
included.

Exit codes: 0 — every row, budget and total matches and no problem was found; 1 — the
report was written and something differs, could not be compared, or a problem was
found (each with its sheet!cell); 2 — nothing usable, no report: a usage error, a file
or folder that does not exist, a policy file that is wrong, or no table in any file.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rich import box
from rich.console import Console
from rich.table import Table

from zhibiao.audit import AUDIT_POLICY, AuditResult, audit, find_tables
from zhibiao.audit.model import AuditDocument
from zhibiao.cli.limits_option import add_limit_option, limits_from
from zhibiao.cli.policy_errors import policy_error_lines
from zhibiao.cli.progress import progress_bar
from zhibiao.cli.score_output import ReportOutput
from zhibiao.engine import Policy
from zhibiao.report import format_names, get_writer
from zhibiao.report.console import file_console
from zhibiao.safe_text import visible

__all__ = ("FORMATS", "configure", "run", "summary_table")

_NAME = "zhibiao audit"
#: The formats of ``zhibiao audit`` (the ``audit`` reports of :mod:`zhibiao.report`).
FORMATS = format_names("audit")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="FILE",
                        help="已填写的自评表（.xlsx/.csv/.txt）或目录 / filled tables or folders")
    parser.add_argument("--format", "-f", choices=FORMATS, default="table",
                        help="报告格式（默认 table）/ report format")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT",
                        help="输出文件（默认输出到终端；xlsx 必须指定）/ output file")
    parser.add_argument("--policy", type=Path, metavar="FILE",
                        help="评分规则 TOML 文件（顶层或 [policy] 表；默认按指标名称定方向）"
                             "/ policy TOML file")
    parser.add_argument("--headers", type=Path, default=None, metavar="FILE",
                        help="追加的表头词表（格式同内置 headers.toml）/ extra header words")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="不显示进度和汇总 / no progress bar, no summary")
    add_limit_option(parser)


def _policy(path: Path | None) -> Policy:
    if path is None:
        return AUDIT_POLICY
    data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    table = data.get("policy", data)
    if not isinstance(table, dict):
        raise ValueError("[policy] 应为一个表")
    settings: dict[str, Any] = {"direction_from_name": True, **table}
    return Policy.model_validate(settings)


def summary_table(result: AuditResult) -> Table:
    """表数、行数、不一致、问题 per file and in all."""
    table = Table(title="核对汇总（summary）", box=box.SIMPLE_HEAD)
    for header in ("来源", "表", "行", "不一致", "问题", "结论"):
        table.add_column(header)
    by_source: dict[str, list[AuditDocument]] = {}
    for document in result.documents:
        by_source.setdefault(document.source, []).append(document)

    def line(name: str, documents: list[AuditDocument]) -> list[str]:
        differing = sum(d.differs for d in documents)
        verdicts = {d.verdict for d in documents}
        verdict = "不一致" if "differs" in verdicts else (
            "一致" if verdicts == {"match"} else "部分无法核对")
        return [name, str(len(documents)), str(sum(len(d.all_rows) for d in documents)),
                str(differing), str(sum(len(d.problems) for d in documents)), verdict]

    for source, documents in by_source.items():
        table.add_row(*line(source, documents))
    if len(by_source) > 1:
        table.add_row(*line("合计", result.documents), style="bold")
    return table


def _write(result: AuditResult, fmt: str, output: Path | None) -> None:
    out: ReportOutput[AuditDocument] = ReportOutput(fmt, output, "audit")
    try:
        out.release()
        for document in result.documents:
            out.add(document)
        out.close()
    except BaseException:
        out.abandon()
        raise


def run(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"{_NAME}: 找不到 {path}（no such file or folder）", file=sys.stderr)
    if missing:
        return 2
    if args.headers is not None and not args.headers.is_file():
        print(f"{_NAME}: 找不到表头词表 {args.headers}（no such file）", file=sys.stderr)
        return 2
    if get_writer(args.format, "audit").binary and args.output is None:
        print(f"{_NAME}: {args.format} 格式须用 -o 指定输出文件（{args.format} needs -o OUT）",
              file=sys.stderr)
        return 2
    try:
        policy = _policy(args.policy)
    except ValidationError as exc:
        print(f"{_NAME}: " + "\n".join(policy_error_lines(exc)), file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError, ValueError, tomllib.TOMLDecodeError) as exc:
        print(f"{_NAME}: 评分规则文件 {args.policy} 无法使用：{exc}", file=sys.stderr)
        return 2
    limits = limits_from(args)
    files = find_tables(args.paths)
    if not files:
        print(f"{_NAME}: 目录中没有 .xlsx/.csv/.txt 文件（no table files）", file=sys.stderr)
        return 2
    with progress_bar("核对", len(files), args.quiet) as advance:
        result = audit(files, policy=policy, limits=limits, headers=args.headers,
                       progress=advance)
    if not any(document.rows or document.budget for document in result.documents):
        for document in result.documents:
            for problem in document.problems:
                print(visible(str(problem)), file=sys.stderr)
        print(f"{_NAME}: 没有找到可核对的自评表，未生成报告（no table to audit）",
              file=sys.stderr)
        return 2
    _write(result, args.format, args.output)
    if not args.quiet:
        console = Console(stderr=True) if sys.stderr.isatty() else file_console(sys.stderr)
        console.print(summary_table(result))
    if args.output is not None:
        print(f"已写入 {args.output}（{len(result.documents)} 个表）", file=sys.stderr)
    return 0 if result.clean else 1
