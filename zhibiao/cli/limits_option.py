"""``--limit NAME=VALUE``: the door's size limits (:class:`zhibiao.limits.Limits`) set
from the command line, for the rare real file that is larger than the defaults allow.

    zhibiao score rulesets/ -a 全省实际值.csv --limit max_rows=3000000
"""

from __future__ import annotations

import argparse

from pydantic import ValidationError

from zhibiao.limits import DEFAULT_LIMITS, Limits
from zhibiao.validation_messages import chinese_message

__all__ = ("add_limit_option", "limits_from")


def add_limit_option(parser: argparse.ArgumentParser) -> None:
    names = "、".join(Limits.model_fields)
    parser.add_argument("--limit", action="append", default=[], metavar="NAME=VALUE",
                        help=f"放宽或收紧输入大小上限（可重复）：{names} / size limits")


def limits_from(args: argparse.Namespace) -> Limits:
    """The limits the options ask for; a wrong option is a usage error (exit 2)."""
    if not args.limit:
        return DEFAULT_LIMITS
    values: dict[str, str] = {}
    for item in args.limit:
        name, sep, value = item.partition("=")
        if not sep or name.strip() not in Limits.model_fields:
            raise SystemExit(_usage(f"--limit {item}：应写作 NAME=VALUE，NAME 为 "
                                    + "、".join(Limits.model_fields)))
        values[name.strip()] = value.strip().replace(",", "").replace("_", "")
    try:
        return Limits.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise SystemExit(_usage(f"--limit {error['loc'][0]}：{chinese_message(error)}")) from None


def _usage(message: str) -> int:
    import sys

    print(f"zhibiao: 参数错误（usage error）：{message}", file=sys.stderr)
    return 2
