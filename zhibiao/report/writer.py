"""What every report writer is: :class:`Writer`, and the two kinds the formats use.

A writer writes a sequence of reports to ``out``: a path, a binary stream (``BytesIO``,
``sys.stdout.buffer``) or a text stream (``StringIO``, ``sys.stdout``); a stream is
written at its position and left open. The one call is
``writer.write(reports, out, **options)``; a command that writes reports one at a
time as they are scored (``zhibiao score``) opens :meth:`Writer.stream` instead and
adds them one by one, which is what ``write`` does too — so both give the same bytes.

- :class:`TextWriter`: the output is the reports' pieces of text joined (json, jsonl,
  csv, md, html); a piece (:meth:`TextWriter.render`) can be made in another process.
- :class:`WholeWriter`: the output needs every report before it can be written (xlsx);
  the stream holds them and writes at :meth:`ReportStream.close`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, Generic, Protocol, TextIO, TypeVar

__all__ = ("JsonArrayWriter", "Output", "ReportStream", "TextWriter", "WholeWriter", "Writer",
           "indented")

#: The reports a writer writes (:class:`~zhibiao.report.Report` for ``zhibiao score``).
R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)

#: Where a writer writes: a path, or a binary or text stream.
Output = str | os.PathLike[str] | BinaryIO | TextIO | IO[Any]


class ReportStream(Protocol[R_contra]):
    """Reports written one at a time: :meth:`add` each in order, then :meth:`close`."""

    def add(self, report: R_contra | str) -> None:
        """The next report, or its piece already rendered (:meth:`Writer.render`)."""

    def close(self) -> None:
        """Finish the output (the stream written to stays open)."""


class Writer(Generic[R]):
    """One format. Subclasses set :attr:`name`, :attr:`binary`, :attr:`encoding` and
    implement :meth:`stream`."""

    #: The format's name in its registry (``--format``).
    name = ""
    #: Written as bytes (True: only to a file or a binary stream) or as text.
    binary = False
    #: The encoding of a text format written to a path or a binary stream.
    encoding = "utf-8"

    def render(self, report: R) -> str | None:
        """The report's piece of the output, made where it is scored (a worker process
        of ``--jobs``); None when the writer needs the report itself."""
        return None

    def stream(self, out: BinaryIO | TextIO, **options: Any) -> ReportStream[R]:
        """A stream writing to ``out`` (binary for a binary format, text otherwise)."""
        raise NotImplementedError

    def write(self, reports: Iterable[R], out: Output, **options: Any) -> None:
        """Write ``reports`` to ``out`` (a path or a stream)."""
        with self.opened(out) as handle:
            sink = self.stream(handle, **options)
            for report in reports:
                sink.add(report)
            sink.close()

    def to_bytes(self, reports: Iterable[R], **options: Any) -> bytes:
        """The whole output as bytes (what ``write`` puts in a file)."""
        buffer = io.BytesIO()
        self.write(reports, buffer, **options)
        return buffer.getvalue()

    @contextmanager
    def opened(self, out: Output) -> Iterator[Any]:
        """``out`` as the stream this format writes to: a path opened (and closed), a
        binary stream wrapped for a text format (and let go of, not closed)."""
        if isinstance(out, (str, os.PathLike)):
            # newline="": the same bytes on every system (csv rows end in CRLF).
            path = Path(out)
            with path.open("wb") if self.binary else \
                    path.open("w", encoding=self.encoding, newline="") as handle:
                yield handle
            return
        text = isinstance(out, io.TextIOBase) or hasattr(out, "encoding")
        if self.binary:
            if text:
                raise TypeError(f"{self.name} 格式写出字节：请给文件路径或二进制流（如 "
                                "io.BytesIO），而不是文本流（needs a path or a binary stream）")
            yield out
        elif text:
            yield out
        else:
            wrapper = io.TextIOWrapper(out, encoding=self.encoding,  # type: ignore[type-var]
                                       newline="", write_through=True)
            try:
                yield wrapper
                wrapper.flush()
            finally:
                wrapper.detach()  # the caller's stream stays open


class _TextStream(Generic[R]):
    def __init__(self, writer: TextWriter[R], out: TextIO, options: dict[str, Any]) -> None:
        self.writer = writer
        self.out = out
        self.options = options
        self.count = 0

    def add(self, report: R | str) -> None:
        piece = report if isinstance(report, str) else self.writer.piece(report,
                                                                          **self.options)
        writer = self.writer
        self.out.write((writer.head(**self.options) if self.count == 0 else writer.separator)
                       + piece)
        self.count += 1

    def close(self) -> None:
        writer = self.writer
        self.out.write(writer.tail(**self.options) if self.count else
                       writer.empty(**self.options))


class TextWriter(Writer[R]):
    """A text format made of one piece per report: ``head + piece + separator + piece
    … + tail`` (:meth:`empty` when there is no report)."""

    separator = ""

    def piece(self, report: R, **options: Any) -> str:
        raise NotImplementedError

    def head(self, **options: Any) -> str:
        return ""

    def tail(self, **options: Any) -> str:
        return ""

    def empty(self, **options: Any) -> str:
        return self.head(**options) + self.tail(**options)

    def render(self, report: R) -> str | None:
        return self.piece(report)

    def stream(self, out: BinaryIO | TextIO, **options: Any) -> ReportStream[R]:
        return _TextStream(self, out, options)  # type: ignore[arg-type]

    def text(self, reports: Iterable[R], **options: Any) -> str:
        """The whole output as text."""
        buffer = io.StringIO(newline="")
        self.write(reports, buffer, **options)
        return buffer.getvalue()


def indented(text: str, prefix: str) -> str:
    """``text`` with every line ``prefix``-ed: a JSON value nested in an array (JSON writes
    a line break inside a string as ``\\n``, so every ``"\\n"`` ends a line of layout)."""
    return "\n".join(prefix + line for line in text.split("\n"))


class JsonArrayWriter(TextWriter[R]):
    """A JSON array, one element per report: ``[``, the elements separated by ``,`` and a
    line break, ``]`` (``[]`` without reports), ending in a line break."""

    name = "json"
    separator = ",\n"

    def head(self, **options: Any) -> str:
        return "[\n"

    def tail(self, **options: Any) -> str:
        return "\n]\n"

    def empty(self, **options: Any) -> str:
        return "[]\n"


class _WholeStream(Generic[R]):
    def __init__(self, writer: WholeWriter[R], out: BinaryIO, options: dict[str, Any]) -> None:
        self.writer = writer
        self.out = out
        self.options = options
        self.reports: list[R] = []

    def add(self, report: R | str) -> None:
        assert not isinstance(report, str), f"{self.writer.name} is written from the reports"
        self.reports.append(report)

    def close(self) -> None:
        self.out.write(self.writer.whole(self.reports, **self.options))
        self.reports = []


class WholeWriter(Writer[R]):
    """A binary format written at once from every report (:meth:`whole`)."""

    binary = True

    def whole(self, reports: list[R], **options: Any) -> bytes:
        raise NotImplementedError

    def stream(self, out: BinaryIO | TextIO, **options: Any) -> ReportStream[R]:
        return _WholeStream(self, out, options)  # type: ignore[arg-type]
