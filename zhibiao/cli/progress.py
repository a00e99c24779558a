"""The progress bar the commands that read many files show (``score``, ``import``,
``audit``): on a terminal's standard error only, never in a pipe or a log."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ("progress_bar",)


@contextmanager
def progress_bar(label: str, total: int, quiet: bool) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal for more than one item; yields the "one done" call."""
    if quiet or total <= 1 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)
