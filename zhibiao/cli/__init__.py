"""The ``zhibiao`` command line: one sub-command per module, imported only when used.

Exit codes: 0 success, 1 the input had problems (a value did not parse, a ruleset has
errors), 2 usage errors (wrong arguments, unreadable or unwritable files), 130
interrupted (Ctrl-C). Whatever fails, the command prints a Chinese message, not a
traceback (:mod:`zhibiao.cli.failures`); ``--debug`` or ``ZHIBIAO_DEBUG=1`` adds it.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path

from zhibiao.cli.failures import (
    EXIT_INTERRUPTED,
    explain_failure,
    release_quietly,
    silence_stdout,
)

__all__ = ("console", "main")

#: sub-command → (module, one-line help in Chinese / English)
COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("zhibiao.cli.parse_cmd", "解析指标值 / parse 指标值 texts"),
    "evaluate": ("zhibiao.cli.evaluate_cmd", "按目标评价一个实际值 / score one actual"),
    "check": ("zhibiao.cli.check_cmd", "检查规则集 / validate rulesets"),
    "score": ("zhibiao.cli.score_cmd", "生成自评表 / score rulesets against actuals"),
    "schema": ("zhibiao.cli.schema_cmd", "输出规则集 JSON Schema / print the ruleset schema"),
    "batch": ("zhibiao.cli.batch_cmd", "为长表逐行评分 / score a long table of rows"),
    "monitor": ("zhibiao.cli.monitor_cmd", "绩效运行监控（执行监控表）/ mid-year monitoring"),
    "serve": ("zhibiao.cli.serve_cmd", "HTTP 服务与试算台 / the HTTP service and playground"),
    "import": ("zhibiao.cli.import_cmd", "从绩效目标表/自评表导入规则集 / import tables"),
    "audit": ("zhibiao.cli.audit_cmd", "核对已填写的自评表 / re-score filled 自评表"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"zhibiao: 参数错误（usage error）：{message}\n")


def build_parser(command: str | None) -> argparse.ArgumentParser:
    parser = _Parser(prog="zhibiao", description="指标 — 绩效目标指标值解析与自评打分")
    parser.add_argument("--debug", action="store_true",
                        help="出错时显示 traceback（也可设 ZHIBIAO_DEBUG=1）/ show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module, help_text) in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name == command:
            importlib.import_module(module).configure(sub_parser)
    return parser


def _command(args_list: Sequence[str]) -> str | None:
    return next((a for a in args_list if a in COMMANDS), None)


def _debugging(args_list: list[str]) -> bool:
    return "--debug" in args_list or os.environ.get("ZHIBIAO_DEBUG", "") not in ("", "0")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = _debugging(args_list)
    # --debug may come anywhere (after the sub-command too): it is taken out here.
    args_list = [arg for arg in args_list if arg != "--debug"]
    command = _command(args_list)
    args: argparse.Namespace | None = None
    try:
        parser = build_parser(command)
        args = parser.parse_args(args_list)
        if args.command is None:
            parser.print_help()
            return 2
        module = importlib.import_module(COMMANDS[args.command][0])
        code: int = module.run(args)
        sys.stdout.flush()  # a full disk behind stdout fails here, not at exit
        return code
    except KeyboardInterrupt:
        if debug:
            traceback.print_exc()
        print("\nzhibiao: 已中断（interrupted）", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the boundary: every failure becomes a message
        if debug:
            traceback.print_exc()
        given = getattr(args, "output", None)  # -o of score and schema
        output = Path(given) if isinstance(given, (str, Path)) else None
        message, code = explain_failure(exc, output)
        if isinstance(exc, OSError) and exc.filename is None and output is None:
            silence_stdout()  # stdout could not be written: do not fail again at exit
        print(f"zhibiao{' ' + command if command else ''}: {message}", file=sys.stderr)
        release_quietly(exc)
        return code


def console() -> int:
    """The ``zhibiao`` console script and ``python -m zhibiao``: :func:`main`, own process."""
    # Before building its first validator pydantic looks for plugins among the entry
    # points of every installed distribution (importlib.metadata): a few ms here, more in
    # a large environment, for plugins a one-shot command has no use for. Only this
    # process is affected and an explicit setting wins; library users keep their plugins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # openpyxl warns in English about what it skips in a workbook it reads (a WPS export
    # without a default style, an extension it does not know): nothing a user can act on,
    # and what zhibiao reads is checked and reported in Chinese. This process only.
    warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
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
    except KeyboardInterrupt:
        print("\nzhibiao: 已中断（interrupted）", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    return main()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(console())
