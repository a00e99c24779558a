"""``zhibiao parse``: parse 指标值 given as arguments, or one per line on stdin (``-``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator

from zhibiao.cli.tables_option import add_table_options, parser_from
from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar import (
    Compound,
    Target,
    result_json,
    value_warnings,
)
from zhibiao.safe_text import visible

__all__ = ("configure", "describe", "run")

_KIND_NAMES = {
    "comparison": "比较", "range": "范围", "deadline": "期限", "qualitative": "定性",
    "not_applicable": "不适用", "compound": "复合",
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("values", nargs="+", metavar="VALUE",
                        help="指标值；写 - 则从标准输入逐行读取 / values, or - for stdin")
    parser.add_argument("--json", action="store_true",
                        help="输出 JSON Lines（每行一个结果）/ JSON Lines output")
    add_table_options(parser)


def _inputs(values: list[str]) -> Iterator[str]:
    for value in values:
        if value == "-":
            for line in sys.stdin:
                yield line.rstrip("\r\n")
        else:
            yield value


def describe(model: Target) -> str:
    """One readable line: kind in Chinese, canonical text, the parts that matter."""
    kind = _KIND_NAMES[model.kind]
    if isinstance(model, Compound):
        inner = "；".join(describe(clause) for clause in model.clauses)
        return f"{kind}[{inner}]"
    return f"{kind} {model}"


def run(args: argparse.Namespace) -> int:
    parser = parser_from(args, "parse")
    if parser is None:
        return 2
    failed = 0
    out = sys.stdout
    for text in _inputs(args.values):
        try:
            model = parser.parse(text)
        except IndicatorSyntaxError as exc:
            failed += 1
            if args.json:
                out.write(json.dumps(result_json(text, error=exc), ensure_ascii=False) + "\n")
            else:
                out.write(f"✗ {visible(text)}\n  {str(exc).replace(chr(10), chr(10) + '  ')}\n")
            continue
        if args.json:
            out.write(json.dumps(result_json(text, model), ensure_ascii=False) + "\n")
        else:
            out.write(f"✓ {visible(text)}  →  {describe(model)}\n")
            for warning in value_warnings(model):
                out.write(f"  ⚠ {warning.message}\n  提示：{warning.hint}\n")
    return 1 if failed else 0
