"""Writing the reports of ``zhibiao score`` one project at a time.

Each report is written as soon as it is scored and then forgotten, so memory does not
grow with the number of projects. Two exceptions hold reports: ``xlsx`` (a workbook is
written whole, with a summary sheet over all projects) and — until the first report
that any actuals row reached — every format: when no report has one, nothing is
written at all (exit code 2; a report of zeros would only mislead).

Formats: ``json`` is an array with one compact report per line; ``jsonl`` is one
compact report per line, nothing else (a line is a whole project: rows, budget block,
totals, notes and problems); ``csv`` one header and then the rows of every report;
``md`` and ``table`` the reports one after another. When the run fails midway (an
internal error, Ctrl-C, a full disk), the output file is removed: a report cut short
must not pass for a whole one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from zhibiao.cli.score_pool import Rendered, render
from zhibiao.ruleset.report import Report, csv_header

if TYPE_CHECKING:  # rich is imported only for the table format
    from rich.console import Console

__all__ = ("FORMATS", "ReportWriter")

FORMATS = ("table", "json", "jsonl", "csv", "xlsx", "md")


class ReportWriter:
    """Writes reports in ``fmt`` to ``output`` (standard output when None).

    :meth:`add` every report in order, :meth:`release` once a report is worth writing
    (reports before it are held until then), :meth:`close` at the end. The file is
    opened at the release: a run that writes nothing leaves no file behind.
    """

    def __init__(self, fmt: str, output: Path | None) -> None:
        self.fmt = fmt
        self.output = output
        self.count = 0
        self._held: list[Report | Rendered] = []
        self._released = False
        self._stream: TextIO | None = None
        self._console: Console | None = None

    @property
    def released(self) -> bool:
        return self._released

    def add(self, report: Report | Rendered) -> None:
        """The next report, or its text already rendered (:func:`render`)."""
        if self._released and self.fmt != "xlsx":
            self._write(report)
        else:
            self._held.append(report)

    def release(self) -> None:
        if self._released:
            return
        if self.fmt != "xlsx":
            self._open()  # an unwritable file fails here: the writer stays unreleased
        self._released = True
        if self.fmt == "xlsx":
            return
        held, self._held = self._held, []
        for report in held:
            self._write(report)

    def close(self) -> None:
        """Finish the output (an unreleased writer writes nothing)."""
        if not self._released:
            self._held = []
            return
        if self.fmt == "xlsx":
            from zhibiao.ruleset.xlsx import write_xlsx

            assert self.output is not None
            reports = [report for report in self._held if isinstance(report, Report)]
            assert len(reports) == len(self._held), "xlsx is written from the reports"
            write_xlsx(reports, self.output)
            self.count = len(self._held)
            self._held = []
            return
        if self.fmt == "json":
            self._put("\n]\n")
        if self._stream is not None and self._stream is not sys.stdout:
            self._stream.close()
        self._stream = None

    def abandon(self) -> None:
        """Stop after a failure: the output file (if opened) is closed and, when it is a
        regular file, removed, so that a report cut short is never taken for a whole
        one. A device or a pipe (``-o /dev/stdout``) is only closed."""
        self._held = []
        stream, self._stream = self._stream, None
        if stream is None or stream is sys.stdout:
            return
        regular = False
        with contextlib.suppress(OSError, ValueError):
            regular = stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
        with contextlib.suppress(OSError):  # the failure reported says what went wrong
            stream.close()
        if regular and self.output is not None:
            with contextlib.suppress(OSError):
                self.output.unlink()

    def _open(self) -> None:
        if self.output is None:
            self._stream = sys.stdout
        else:
            # newline="": the same bytes on every system (csv rows end in CRLF, the rest
            # in LF); utf-8-sig writes the byte-order mark once, before the first text.
            self._stream = self.output.open(
                "w", encoding="utf-8-sig" if self.fmt == "csv" else "utf-8", newline="")
        if self.fmt == "table":
            from rich.console import Console

            from zhibiao.ruleset.terminal import file_console

            # Off a terminal rich assumes 80 columns; a 自评表 needs more to stay legible.
            self._console = Console() if self.output is None and sys.stdout.isatty() \
                else file_console(self._stream)
        elif self.fmt == "csv":
            self._put(csv_header())

    def _write(self, report: Report | Rendered) -> None:
        first = self.count == 0
        self.count += 1
        if self.fmt == "table":
            from zhibiao.ruleset.terminal import render_table

            assert self._console is not None and isinstance(report, Report)
            if not first:
                self._console.print()
            render_table([report], self._console)
            return
        rendered = render(self.fmt, report) if isinstance(report, Report) else report
        assert isinstance(rendered, Rendered)
        if self.fmt == "json":
            self._put(("[\n" if first else ",\n") + rendered.text)
        elif self.fmt == "jsonl":
            self._put(rendered.text + "\n")
        elif self.fmt == "md":
            self._put(("" if first else "\n") + rendered.text)
        else:
            self._put(rendered.text)

    def _put(self, text: str) -> None:
        assert self._stream is not None
        self._stream.write(text)
