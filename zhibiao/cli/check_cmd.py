"""``zhibiao check RULESET…``: every problem of every ruleset, with file, line and field."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zhibiao.cli.failures import explain_failure
from zhibiao.cli.limits_option import add_limit_option, limits_from
from zhibiao.cli.tables_option import add_table_options, parser_from
from zhibiao.errors import ZhibiaoError
from zhibiao.grammar import IndicatorParser
from zhibiao.limits import Limits
from zhibiao.ruleset.load import find_rulesets, read_ruleset
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.ruleset import Ruleset
from zhibiao.safe_text import json_text, visible

__all__ = ("configure", "run")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="RULESET",
                        help="规则集文件或目录（目录下的 .toml/.yaml 均检查）/ files or folders")
    parser.add_argument("--json", action="store_true",
                        help="以 JSON Lines 输出每个问题 / one JSON object per problem")
    parser.add_argument("--errors-only", action="store_true",
                        help="只显示错误，不显示警告 / hide warnings")
    add_limit_option(parser)
    add_table_options(parser)


def _read(path: Path, limits: Limits, reader: IndicatorParser,
          ) -> tuple[Ruleset | None, list[Problem]]:
    """:func:`read_ruleset`, with a file that cannot be read at all (nested too deeply, a
    number out of range) reported as its problem, so that the other files are checked."""
    try:
        return read_ruleset(path, reader, limits=limits)
    except (ZhibiaoError, RecursionError, ArithmeticError, UnicodeDecodeError) as exc:
        message, _ = explain_failure(exc, None)
        return None, [Problem(severity="error", code="unreadable", file=str(path),
                              message=message)]


def run(args: argparse.Namespace) -> int:
    files = find_rulesets(args.paths)
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        for path in missing:
            print(f"zhibiao check: 找不到 {path}（no such file or folder）", file=sys.stderr)
        return 2
    if not files:
        print("zhibiao check: 没有找到规则集文件（.toml/.yaml）", file=sys.stderr)
        return 2
    limits = limits_from(args)
    reader = parser_from(args, "check")
    if reader is None:
        return 2
    errors = warnings = 0
    for path in files:
        ruleset, problems = _read(path, limits, reader)
        for problem in problems:
            if problem.severity == "error":
                errors += 1
            else:
                warnings += 1
                if args.errors_only:
                    continue
            if args.json:
                print(json_text(problem.model_dump(), indent=None))
            else:
                print(visible(str(problem)))
        if not args.json and ruleset is not None and not any(
                p.severity == "error" for p in problems):
            print(visible(f"✓ {path}：{ruleset.name}，{len(ruleset.indicators)} 个指标"))
    summary = (f"检查了 {len(files)} 个规则集：{errors} 个错误，{warnings} 个警告"
               f"（{len(files)} rulesets, {errors} errors, {warnings} warnings）")
    print(summary, file=sys.stderr if args.json else sys.stdout)
    return 1 if errors else 0
