"""A policy that does not validate, told in Chinese: the setting, what was wrong, what
it accepts.

``Policy(...)`` and ``Policy.model_validate(...)`` raise pydantic's ``ValidationError``
(a library caller constructing a model gets the usual pydantic error, with our Chinese
words inside); the command line shows these lines instead of pydantic's English report::

    评分规则有误（1 处）：
      rounding（得分精度）：rounding 应为 1、0.1、0.01、0.001 或 0.0001；可写：…

The reason itself comes from :func:`zhibiao.validation_messages.chinese_message`, the
one translation of pydantic's messages (shared with the ruleset schema problems).
"""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from zhibiao.validation_messages import chinese_message

__all__ = ("SETTINGS", "policy_error_lines")

#: Setting → (its name in Chinese, what it accepts).
SETTINGS: dict[str, tuple[str, str]] = {
    "reverse": ("反向指标计分", "inverse（默认）、linear，或 倒数、线性"),
    "bare_value": ("未写运算符时的方向", "正向（默认）、反向、等于，或 higher、lower、exact"),
    "bare_value_by_category": ("按二级指标的方向", '一个表，如 {成本指标 = "反向"}'),
    "qualitative_bands": ("定性三档分界", "“80/60”（默认）或 “80/50”：100 以内由高到低的两个数"),
    "qualitative_position": ("档内取分位置", "top（默认）、middle、bottom"),
    "late": ("逾期计分", "zero（默认）、proportional_days，或 零分、按天"),
    "overshoot_flag": ("超额标注倍数", "大于 1 且不超过 1000 的数，如 1.3 或 “130%”；off 关闭"),
    "overshoot_cut": ("超额扣分倍数", "大于 1 且不超过 1000 的数，如 1.5 或 “150%”；off 不扣"),
    "tolerance": ("容差", "0 到 100 之间的百分数，如 “±2%” 或 2；off 关闭"),
    "rounding": ("得分精度", "1、0.1、0.01（默认）、0.001、0.0001，或 两位小数、一位小数、整数"),
    "rounding_mode": ("取舍方式", "half_up（默认）、half_even、down、up"),
    "rate_quantum": ("完成率精度", "1、0.1、0.01、0.001、0.0001；off 不取舍（默认）"),
    "budget_rate_quantum": ("预算执行率精度", "1、0.1、0.01、0.001（默认）、0.0001；off 不取舍"),
    "grades": ("等级下限", "一个表，如 {优 = 90, 良 = 80, 中 = 60}：0 到 100 之间、互不相同"),
    "year": ("评价年度", "1900 到 2199 之间的四位年份，如 2024；off 不指定"),
}

def _field(error: ErrorDetails) -> str | None:
    """The setting an error is about: its location, or the word its message starts with
    (checks across settings are reported on the whole policy)."""
    loc = error.get("loc") or ()
    if loc and isinstance(loc[0], str):
        return loc[0]
    message = str(error.get("ctx", {}).get("error", ""))
    return next((name for name in sorted(SETTINGS, key=len, reverse=True)
                 if message.startswith(name)), None)


def _line(error: ErrorDetails) -> str:
    kind = error.get("type", "")
    field = _field(error)
    if kind == "extra_forbidden":
        return (f"{field}：不是评分规则的设置项；可用的设置项："
                + "、".join(SETTINGS))
    reason = chinese_message(error)  # one translation of pydantic's messages, shared
    if field is None:
        return reason
    name, accepted = SETTINGS.get(field, ("", ""))
    text = f"{field}（{name}）：{reason}" if name else f"{field}：{reason}"
    written = repr(error.get("input"))
    if kind == "value_error" and error.get("loc") and not isinstance(error.get("input"), dict) \
            and written not in text:
        text += f"（写的是 {written}）"
    if accepted:
        text += f"；可写：{accepted}"
    return text


def policy_error_lines(exc: ValidationError) -> list[str]:
    """The errors of a policy, one Chinese line each (headed by a count)."""
    lines = list(dict.fromkeys(_line(error) for error in exc.errors()))
    return [f"评分规则有误（{len(lines)} 处）：", *(f"  {line}" for line in lines)]
