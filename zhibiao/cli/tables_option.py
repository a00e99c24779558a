"""``--units FILE`` and ``--vocabulary FILE``: a rule author's own units and words, added
to the package's tables. ``parse``, ``evaluate``, ``check`` and ``score`` read targets
and actuals with the same parser, so a unit known to one is known to all.

    zhibiao score rulesets/ -a 实际值.csv --units 地方单位.txt
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zhibiao.cli.failures import os_error_message
from zhibiao.errors import DataFileError
from zhibiao.grammar import IndicatorParser, default_parser

__all__ = ("add_table_options", "parser_from")


def add_table_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--units", type=Path, help="追加的单位表文件 / extra units file")
    parser.add_argument("--vocabulary", type=Path, help="追加的词表文件 / extra vocabulary file")


def parser_from(args: argparse.Namespace, command: str) -> IndicatorParser | None:
    """The parser the options ask for (the package's own without them), or ``None``
    after saying on stderr why a file cannot be used (the command then exits 2)."""
    if not args.units and not args.vocabulary:
        return default_parser()
    try:
        return IndicatorParser.from_files(args.units, args.vocabulary)
    except DataFileError as exc:
        print(f"zhibiao {command}: 无法读取数据文件：{exc}", file=sys.stderr)
    except OSError as exc:
        print(f"zhibiao {command}: {os_error_message(exc, None)}", file=sys.stderr)
    return None
