"""The terminal formats (``table`` of ``zhibiao score``, of ``zhibiao monitor``): rich
output printed on a console, and :class:`ConsoleWriter`, the writer they share.

Written to a file or a pipe, the console is :func:`file_console` — plain text,
:data:`FILE_WIDTH` columns, no colour whatever the environment says — so that the same
reports give the same bytes. With the option ``terminal=True`` (a command writing to a
terminal) it is the console rich finds there: its width and colours.

Text from rulesets, the actuals or the engine goes through :func:`plain`: never read as
rich markup (``[`` in a 指标名称, ``:smile:``), its hidden characters shown
(:mod:`zhibiao.safe_text`).
"""

from __future__ import annotations

from typing import Any, BinaryIO, Generic, TextIO, TypeVar

from rich.console import Console
from rich.text import Text

from zhibiao.report.writer import ReportStream, Writer
from zhibiao.safe_text import visible

__all__ = ("FILE_WIDTH", "ConsoleWriter", "file_console", "plain")

R = TypeVar("R")

#: Width of a table written to a file or a pipe (rich assumes 80 columns there).
FILE_WIDTH = 160


def file_console(file: TextIO) -> Console:
    """A console writing plain text to ``file``: :data:`FILE_WIDTH` columns, no colour,
    whatever the environment says (``FORCE_COLOR``, ``COLUMNS``, ``TERM``), so that the
    same reports give the same bytes."""
    return Console(file=file, width=FILE_WIDTH, force_terminal=False, force_jupyter=False,
                   force_interactive=False, color_system=None, legacy_windows=False,
                   markup=False, emoji=False, highlight=False, tab_size=8)


def plain(text: str, style: str = "") -> Text:
    """Text from a ruleset, the actuals or the engine: plain, hidden characters shown."""
    return Text(visible(text), style=style)


class _ConsoleStream(Generic[R]):
    def __init__(self, writer: ConsoleWriter[R], console: Console) -> None:
        self.writer = writer
        self.console = console
        self.count = 0

    def add(self, report: R | str) -> None:
        assert not isinstance(report, str), f"{self.writer.name} is written from the reports"
        if self.count and self.writer.blank_between:
            self.console.print()
        self.count += 1
        self.writer.print_report(report, self.console)

    def close(self) -> None:
        pass


class ConsoleWriter(Writer[R]):
    """A format printed report by report on a console. Option ``terminal=True``: the
    terminal rich finds; otherwise :func:`file_console` on the output."""

    #: A blank line between two reports.
    blank_between = True

    def print_report(self, report: R, console: Console) -> None:
        """Print one report."""
        raise NotImplementedError

    def stream(self, out: BinaryIO | TextIO, **options: Any) -> ReportStream[R]:
        terminal = bool(options.get("terminal", False))
        return _ConsoleStream(self, Console() if terminal else
                              file_console(out))  # type: ignore[arg-type]
