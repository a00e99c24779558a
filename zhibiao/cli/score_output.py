"""Writing the reports of ``zhibiao score`` one project at a time.

Each report is written as soon as it is scored and then forgotten, so memory does not
grow with the number of projects. Two exceptions hold reports: ``xlsx`` (a workbook is
written whole, with a summary sheet over all projects) and — until the first report
that any actuals row reached — every format: when no report has one, nothing is
written at all (exit code 2; a report of zeros would only mislead).

The formats are the ``score`` writers of :mod:`zhibiao.report` (``table``, ``json``,
``jsonl``, ``csv``, ``xlsx``, ``md``, ``html``), each used through the same stream
(:meth:`Writer.stream <zhibiao.report.Writer.stream>`). When the run fails midway (an
internal error, Ctrl-C, a full disk), the output file is removed: a report cut short
must not pass for a whole one.

:class:`ReportOutput` is the same for the reports of any kind in the registry (``zhibiao
monitor`` uses it for its ``monitor`` reports); :class:`ReportWriter` is the one of
``zhibiao score``.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

from zhibiao.cli.score_pool import Rendered
from zhibiao.report import Report, ReportStream, format_names, get_writer

__all__ = ("FORMATS", "ReportOutput", "ReportWriter")

R = TypeVar("R")

#: The formats of ``zhibiao score`` (the ``score`` reports of :mod:`zhibiao.report`).
FORMATS = format_names("score")


class ReportOutput(Generic[R]):
    """Writes reports of ``kind`` in ``fmt`` to ``output`` (standard output when None),
    with the writer the registry holds for ``fmt``.

    :meth:`add` every report in order, :meth:`release` once a report is worth writing
    (reports before it are held until then), :meth:`close` at the end. The file is
    opened at the release: a run that writes nothing leaves no file behind.
    """

    def __init__(self, fmt: str, output: Path | None, kind: str = "score") -> None:
        self.fmt = fmt
        self.output = output
        self.writer = get_writer(fmt, kind)
        self.count = 0
        self._held: list[R | Rendered] = []
        self._released = False
        self._file: IO[Any] | None = None
        self._sink: ReportStream[R] | None = None

    @property
    def released(self) -> bool:
        return self._released

    def add(self, report: R | Rendered) -> None:
        """The next report, or its text already rendered (:func:`render`)."""
        if self._released:
            self._write(report)
        else:
            self._held.append(report)

    def release(self) -> None:
        if self._released:
            return
        self._open()  # an unwritable file fails here: the writer stays unreleased
        self._released = True
        held, self._held = self._held, []
        for report in held:
            self._write(report)

    def close(self) -> None:
        """Finish the output (an unreleased writer writes nothing)."""
        if not self._released:
            self._held = []
            return
        assert self._sink is not None
        self._sink.close()
        self._sink = None
        if self._file is not None:
            self._file.close()
        self._file = None

    def abandon(self) -> None:
        """Stop after a failure: the output file (if opened) is closed and, when it is a
        regular file, removed, so that a report cut short is never taken for a whole
        one. A device or a pipe (``-o /dev/stdout``) is only closed."""
        self._held = []
        self._sink = None
        stream, self._file = self._file, None
        if stream is None:
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
        writer = self.writer
        if self.output is None:
            out: Any = sys.stdout.buffer if writer.binary else sys.stdout
        else:
            # newline="": the same bytes on every system (csv rows end in CRLF, the rest
            # in LF); utf-8-sig writes the byte-order mark once, before the first text.
            self._file = out = self.output.open("wb") if writer.binary else \
                self.output.open("w", encoding=writer.encoding, newline="")
        # Off a terminal rich assumes 80 columns; a 自评表 needs more to stay legible.
        terminal = self.output is None and sys.stdout.isatty()
        self._sink = writer.stream(out, terminal=terminal)

    def _write(self, report: R | Rendered) -> None:
        self.count += 1
        assert self._sink is not None
        self._sink.add(report.text if isinstance(report, Rendered) else report)


class ReportWriter(ReportOutput[Report]):
    """The reports of ``zhibiao score`` (:class:`ReportOutput` of kind ``score``)."""
