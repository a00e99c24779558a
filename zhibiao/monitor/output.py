"""Where a monitoring writer puts its output: a path (written whole) or an open stream."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import BinaryIO, TextIO, cast

__all__ = ("Out", "put_bytes", "put_text")

#: A file path, or a stream (binary for xlsx, text for the other formats).
Out = str | os.PathLike[str] | TextIO | BinaryIO


def put_text(text: str, out: Out) -> None:
    """Write ``text`` to ``out``: a path as UTF-8 (with LF line ends), a text stream as
    it is, a binary stream as UTF-8."""
    if isinstance(out, (str, os.PathLike)):
        Path(out).write_text(text, encoding="utf-8", newline="\n")
    elif isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
        cast(TextIO, out).write(text)
    else:
        out.write(text.encode("utf-8"))


def put_bytes(data: bytes, out: Out) -> None:
    """Write ``data`` to ``out``: a path, or a binary stream (at its position, left open)."""
    if isinstance(out, (str, os.PathLike)):
        Path(out).write_bytes(data)
    else:
        cast(BinaryIO, out).write(data)
