"""``zhibiao evaluate``: score one actual against one target.

    zhibiao evaluate "≥95%" "92%" --weight 10
    zhibiao evaluate "10万元" "0万元" --weight 10 --category 成本指标 --json
    zhibiao evaluate 278.4449 30.00 --weight 20 --budget

Exit codes: 0 whenever an outcome was produced (including ``not_evaluable``: that is
an answer about the data, and ``--json`` says why); 2 for usage errors — an unparsable
TARGET (the syntax error goes to stderr), a weight that is not a number or is negative,
a bad policy (each wrong setting in Chinese, with what it accepts), an unreadable
policy file.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zhibiao.cli.policy_errors import policy_error_lines
from zhibiao.cli.tables_option import add_table_options, parser_from
from zhibiao.engine import Outcome, Policy, evaluate, evaluate_budget
from zhibiao.engine.explain import pct
from zhibiao.errors import EvaluationError, IndicatorSyntaxError
from zhibiao.safe_text import json_text, visible

__all__ = ("configure", "run")

#: Command-line options that set a policy field directly.
_POLICY_OPTIONS = ("reverse", "qualitative_bands", "rounding", "tolerance", "late",
                   "overshoot_flag", "year", "bare_actual_scale")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="TARGET",
                        help="指标值（目标），如 ≥95%%；--budget 时为全年预算数 / the target")
    parser.add_argument("actual", metavar="ACTUAL", nargs="?", default=None,
                        help="实际完成值，如 92%%；省略表示未填写；--budget 时为全年执行数")
    parser.add_argument("--weight", "-w", required=True, metavar="W",
                        help="分值，如 10 / points of the indicator")
    parser.add_argument("--category", metavar="二级指标",
                        help="二级指标名称，如 成本指标、数量指标 / the 二级 name")
    parser.add_argument("--direction", metavar="正向|反向|等于",
                        help="未写运算符的指标值按何方向计分 / direction of a bare value")
    parser.add_argument("--indicator", metavar="三级指标",
                        help="指标名称：未写运算符的指标值按名称定方向（预算调整率 → 反向），"
                             "评分规则文件写 direction_from_name = false 时不用")
    parser.add_argument("--unit", metavar="UNIT",
                        help="表头给出的单位（目标只写数字时），如 %% 或 万元 / header unit")
    parser.add_argument("--budget", action="store_true",
                        help="预算执行率：TARGET 为全年预算数，ACTUAL 为全年执行数")
    parser.add_argument("--policy", type=Path, metavar="FILE",
                        help="评分规则 TOML 文件（顶层或 [policy] 表）/ policy TOML file")
    parser.add_argument("--reverse", choices=("inverse", "linear"),
                        help="反向指标规则：inverse 目标÷实际（默认）或 linear 线性扣减")
    parser.add_argument("--qualitative-bands", dest="qualitative_bands", metavar="80/60",
                        help="定性三档分界，80/60（默认）或 80/50")
    parser.add_argument("--rounding", metavar="0.01", help="得分精度：0.01（默认）、0.1、1")
    # argparse %-formats help texts (write %% there) but prints a metavar as it is.
    parser.add_argument("--tolerance", metavar="±2%",
                        help="容差：目标值的百分比，如 ±2%%（默认关闭）")
    parser.add_argument("--late", choices=("zero", "proportional_days"),
                        help="逾期计分：zero（默认）或 proportional_days")
    parser.add_argument("--overshoot-flag", dest="overshoot_flag", metavar="1.3",
                        help="超额多少倍需说明偏差原因（默认 1.3；off 关闭）")
    parser.add_argument("--year", metavar="YYYY", help="评价年度 / evaluation year")
    parser.add_argument("--bare-actual-scale", dest="bare_actual_scale",
                        choices=("target", "base", "refuse"),
                        help="未写单位的实际值按目标单位（target，默认）、基本单位（base）读，"
                             "或不读（refuse）")
    parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象 / JSON output")
    add_table_options(parser)


def _policy(args: argparse.Namespace) -> Policy:
    settings: dict[str, Any] = {}
    if args.policy is not None:
        data = tomllib.loads(args.policy.read_text(encoding="utf-8-sig"))
        table = data.get("policy", data)
        if not isinstance(table, dict):
            raise ValueError("[policy] 应为一个表")
        settings.update(table)
    for name in _POLICY_OPTIONS:
        value = getattr(args, name, None)
        if value is not None:
            settings[name] = value
    if args.indicator:  # a name is given to be read, unless the policy file says no
        settings.setdefault("direction_from_name", True)
    return Policy.model_validate(settings)


def _human(outcome: Outcome) -> str:
    lines = [f"状态：{outcome.status.label}（{outcome.status.value}）"]
    score = f"得分：{outcome.score} / {outcome.weight}"
    if outcome.ratio is not None:
        score += f"（完成率 {pct(outcome.ratio)}）"
    lines.append(score)
    if outcome.score_range is not None:
        low, high = outcome.score_range
        lines.append(f"可评定区间：{low}–{high}")
    if outcome.reason:
        lines.append(f"原因：{outcome.reason}")
    if outcome.flags:
        lines.append("标注：" + "、".join(outcome.flags))
    lines.append(f"说明：{outcome.explanation}")
    return "\n".join(lines)


def _reason(exc: OSError | UnicodeDecodeError) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "不是 UTF-8 编码的文本，请另存为 UTF-8"
    from zhibiao.cli.failures import os_error_message

    return os_error_message(exc, None).partition("：")[2]


def run(args: argparse.Namespace) -> int:
    reader = parser_from(args, "evaluate")
    if reader is None:
        return 2
    try:
        policy = _policy(args)
    except ValidationError as exc:
        print("zhibiao evaluate: " + "\n".join(policy_error_lines(exc)), file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        print(f"zhibiao evaluate: 无法读取评分规则文件 {args.policy}：{_reason(exc)}",
              file=sys.stderr)
        return 2
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        print(f"zhibiao evaluate: 评分规则文件 {args.policy} 有误：{exc}", file=sys.stderr)
        return 2
    try:
        if args.budget:
            outcome = evaluate_budget(args.target, args.actual or "", weight=args.weight,
                                      policy=policy, parser=reader)
        else:
            outcome = evaluate(args.target, args.actual, weight=args.weight, policy=policy,
                               direction=args.direction, category=args.category,
                               unit=args.unit, parser=reader, indicator=args.indicator)
    except IndicatorSyntaxError as exc:
        print(visible(f"zhibiao evaluate: {exc}"), file=sys.stderr)
        return 2
    except (EvaluationError, ValueError) as exc:
        print(f"zhibiao evaluate: 参数错误：{exc}", file=sys.stderr)
        return 2
    if args.json:
        sys.stdout.write(json_text(outcome.to_json(), indent=None) + "\n")
    else:
        sys.stdout.write(visible(_human(outcome)) + "\n")
    return 0
