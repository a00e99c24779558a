"""Errors raised by zhibiao.

Every error derives from :class:`ZhibiaoError` and from the matching built-in
(``ValueError``), so callers may catch either. Details are kept as fields and the
message is built from them; every error pickles.
"""

from __future__ import annotations

import unicodedata

from zhibiao.safe_text import visible

__all__ = (
    "ActualsError",
    "DataFileError",
    "EvaluationError",
    "IndicatorSyntaxError",
    "RulesetError",
    "ZhibiaoError",
)


class ZhibiaoError(Exception):
    """Root of every error zhibiao raises on purpose."""


class IndicatorSyntaxError(ZhibiaoError, ValueError):
    """A 指标值 text that does not follow the notation.

    Fields: ``text`` (the input as given), ``column`` (1-based, in ``text``),
    ``reason`` (what was wrong, in Chinese), ``expected`` (what could have come there,
    in domain words), ``hint`` (how to fix it, in Chinese) and ``suggestion`` (a
    corrected word for a near miss such as 工作曰 → 工作日, or ``None``).
    """

    def __init__(
        self,
        text: str,
        column: int,
        reason: str,
        *,
        expected: tuple[str, ...] = (),
        hint: str = "",
        suggestion: str | None = None,
    ) -> None:
        self.text = text
        self.column = column
        self.reason = reason
        self.expected = tuple(expected)
        self.hint = hint
        self.suggestion = suggestion
        super().__init__(text, column, reason, self.expected, hint, suggestion)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_syntax_error, (self.text, self.column, self.reason, self.expected,
                                        self.hint, self.suggestion))

    @property
    def excerpt(self) -> str:
        """The offending line with a caret under the column."""
        line = self.text.replace("\n", " ")
        if len(line) > 60:
            start = max(0, self.column - 30)
            line = line[start:start + 60]
            caret_at = self.column - 1 - start
        else:
            caret_at = self.column - 1
        # Hidden characters are shown as <U+202E> (a bidi override would reorder the
        # line on the screen); wide (CJK) characters take two terminal cells.
        shown = [visible(ch) for ch in line]
        pad = sum(2 if _is_wide(ch) else 1 for part in shown[:caret_at] for ch in part)
        return f"{''.join(shown)}\n{' ' * pad}^"

    @property
    def message(self) -> str:
        """One-line message: reason, position, expectation and suggestion."""
        parts = [f"第 {self.column} 个字符处：{self.reason}"]
        if self.expected:
            parts.append("此处应为：" + "、".join(self.expected))
        if self.suggestion:
            parts.append(f"是否想写“{self.suggestion}”？")
        return "；".join(parts)

    def __str__(self) -> str:
        text = f"无法解析指标值 “{visible(self.text)}”：{self.message}\n{self.excerpt}"
        if self.hint:
            text += f"\n提示：{self.hint}"
        return text


def _rebuild_syntax_error(
    text: str, column: int, reason: str, expected: tuple[str, ...], hint: str,
    suggestion: str | None,
) -> IndicatorSyntaxError:
    return IndicatorSyntaxError(text, column, reason, expected=expected, hint=hint,
                                suggestion=suggestion)


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


class DataFileError(ZhibiaoError, ValueError):
    """A unit or vocabulary data file that cannot be read (file, line, reason)."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(path, line, reason)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


class RulesetError(ZhibiaoError, ValueError):
    """A ruleset that cannot be loaded; ``problems`` lists every problem found."""

    def __init__(self, path: str, problems: tuple[object, ...]) -> None:
        self.path = path
        self.problems = tuple(problems)
        super().__init__(path, self.problems)

    def __str__(self) -> str:
        lines = [f"规则集 {self.path} 有 {len(self.problems)} 个问题："]
        lines.extend(f"  {p}" for p in self.problems)
        return "\n".join(lines)


class ActualsError(ZhibiaoError, ValueError):
    """An actuals file that cannot be read at all (file, reason)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(path, reason)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class EvaluationError(ZhibiaoError, ValueError):
    """Arguments to ``evaluate`` that are wrong in kind (not a data problem)."""
