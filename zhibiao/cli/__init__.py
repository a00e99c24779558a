"""The ``zhibiao`` command line: one sub-command per module, imported only when used.

Exit codes: 0 success, 1 the input had problems (a value did not parse, a ruleset has
errors), 2 usage errors (wrong arguments, unreadable files).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence

__all__ = ("console", "main")

#: sub-command → (module, one-line help in Chinese / English)
COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("zhibiao.cli.parse_cmd", "解析指标值 / parse 指标值 texts"),
    "evaluate": ("zhibiao.cli.evaluate_cmd", "按目标评价一个实际值 / score one actual"),
    "check": ("zhibiao.cli.check_cmd", "检查规则集 / validate rulesets"),
    "score": ("zhibiao.cli.score_cmd", "生成自评表 / score rulesets against actuals"),
    "schema": ("zhibiao.cli.schema_cmd", "输出规则集 JSON Schema / print the ruleset schema"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"zhibiao: 参数错误（usage error）：{message}\n")


def build_parser(command: str | None) -> argparse.ArgumentParser:
    parser = _Parser(prog="zhibiao", description="指标 — 绩效目标指标值解析与自评打分")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module, help_text) in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name == command:
            importlib.import_module(module).configure(sub_parser)
    return parser


def _command(args_list: Sequence[str]) -> str | None:
    return next((a for a in args_list if a in COMMANDS), None)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = _command(args_list)
    parser = build_parser(command)
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return 2
    module = importlib.import_module(COMMANDS[args.command][0])
    code: int = module.run(args)
    return code


def console() -> int:
    """The ``zhibiao`` console script and ``python -m zhibiao``: :func:`main`, own process."""
    # Before building its first validator pydantic looks for plugins among the entry
    # points of every installed distribution (importlib.metadata): a few ms here, more in
    # a large environment, for plugins a one-shot command has no use for. Only this
    # process is affected and an explicit setting wins; library users keep their plugins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # Importing a command (pydantic, our models) creates some 40,000 objects that live as
    # long as the process and almost no garbage. Collecting during the imports, and again
    # in every full collection after them and at exit, only walks them all: ~15 % of the
    # start-up of `zhibiao parse`. So the imports run without the cyclic collector and
    # what they built is frozen (gc.freeze: never walked again); everything the command
    # itself creates is collected as usual.
    command = _command(sys.argv[1:])
    collecting = gc.isenabled()
    gc.disable()
    try:
        if command is not None:
            importlib.import_module(COMMANDS[command][0])
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    return main()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(console())
