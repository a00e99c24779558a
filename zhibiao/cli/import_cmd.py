"""``zhibiao import FILE|DIR… -o DIR``: rulesets (and actuals) from the tables people have.

Reads 绩效目标表 and filled 绩效自评表 (``.xlsx``, ``.csv``, tab-separated PDF text; see
:mod:`zhibiao.importer`) and writes one ``KEY.toml`` per table, plus ``KEY.actuals.csv``
for a filled one. Every written ruleset is checked as ``zhibiao check`` would; every
problem is printed with its cell. Exit 0 when all went well (warnings allowed), 1 when
a table had errors, 2 for usage errors (a missing file, an unwritable folder). A folder
is searched as ``zhibiao audit`` searches it; with more than one file a progress bar
runs on standard error (on a terminal; ``-q`` hides it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zhibiao.cli.limits_option import add_limit_option, limits_from
from zhibiao.cli.progress import progress_bar
from zhibiao.importer import find_tables, read_many
from zhibiao.importer.export import actuals_csv, ruleset_toml
from zhibiao.ruleset.load import read_ruleset
from zhibiao.ruleset.problems import Problem
from zhibiao.safe_text import json_text, visible

__all__ = ("configure", "run")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="FILE|DIR",
                        help="绩效目标表/自评表（.xlsx/.csv/.txt），或含有它们的目录 / "
                             "tables to import, or folders of them")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                        help="写入规则集的目录 / folder for the rulesets")
    parser.add_argument("--headers", type=Path, default=None, metavar="FILE",
                        help="追加的表头词表（格式同内置 headers.toml）/ extra header words")
    parser.add_argument("--json", action="store_true",
                        help="以 JSON Lines 输出每个问题 / one JSON object per problem")
    parser.add_argument("--errors-only", action="store_true",
                        help="只显示错误，不显示警告 / hide warnings")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="不显示进度 / no progress bar")
    add_limit_option(parser)


def _print(problem: Problem, args: argparse.Namespace) -> None:
    if args.errors_only and problem.severity != "error":
        return
    if args.json:
        print(json_text(problem.model_dump(), indent=None))
    else:
        print(visible(str(problem)))


def run(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"zhibiao import: 找不到 {path}（no such file or folder）", file=sys.stderr)
    if missing:
        return 2
    files = find_tables(args.paths)
    if not files:
        print("zhibiao import: 目录中没有 .xlsx/.csv/.txt 文件（no table files）", file=sys.stderr)
        return 2
    if args.headers is not None and not args.headers.is_file():
        print(f"zhibiao import: 找不到表头词表 {args.headers}（no such file）", file=sys.stderr)
        return 2
    limits = limits_from(args)
    with progress_bar("导入", len(files), args.quiet) as advance:
        result = read_many(files, limits=limits, headers=args.headers, progress=advance)
    problems = list(result.problems)
    args.output.mkdir(parents=True, exist_ok=True)
    written = 0
    for document in result.documents:
        if document.ruleset is None:
            continue
        target = args.output / f"{document.key}.toml"
        target.write_text(ruleset_toml(document), encoding="utf-8")
        written += 1
        _, checked = read_ruleset(target, limits=limits)
        problems.extend(checked)
        actuals = actuals_csv(document)
        note = ""
        if actuals is not None:
            (args.output / f"{document.key}.actuals.csv").write_text(actuals, encoding="utf-8")
            note = " + 实际值"
        if not args.json:
            where = document.sheet or document.source
            print(visible(f"✓ {where} → {target}{note}：{document.ruleset.project.name}，"
                          f"{len(document.ruleset.indicators)} 个指标"))
    for problem in problems:
        _print(problem, args)
    errors = sum(p.severity == "error" for p in problems)
    summary = (f"导入了 {written} 个表：{errors} 个错误，{len(problems) - errors} 个警告"
               f"（{written} tables, {errors} errors, {len(problems) - errors} warnings）")
    print(summary, file=sys.stderr if args.json else sys.stdout)
    return 1 if errors else 0
