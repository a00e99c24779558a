"""``zhibiao score --jobs N``: the rulesets loaded, scored and rendered by N processes.

Each worker process takes one ruleset file at a time: it reads and checks it, gives it
its rows of the actuals file, scores it and renders the report in the output format
(``table`` and ``xlsx``, which the parent writes from the report itself, send the
report back instead). The parent takes the results in the order of the files — the
output is byte for byte that of ``--jobs 1`` — and prints the problems in the same
order. The actuals file is read once, by the parent, before the workers start; they
inherit its rows (on Linux by ``fork``, without a copy until a page is written) and
each holds one ruleset and its report at a time, so the memory of a worker stays flat
however many projects there are.

Routing: a worker hands a ruleset the rows naming its key (and, once every ruleset is
known, the project names that reach it: :func:`routed_projects`). Whether a name in the
actuals is some ruleset's name is learnt only when that ruleset is read; the parent
follows the files in order exactly as ``--jobs 1`` does, and when it learns that every
ruleset must be known first, it reads their keys and names (in the workers), checks
each result against the rows it should have had (scoring it again itself when they
differ) and starts the workers again from the next file with the full routing.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from zhibiao.grammar import IndicatorParser, default_parser
from zhibiao.limits import Limits
from zhibiao.report import Report, get_writer
from zhibiao.ruleset.actuals_store import ActualsStore
from zhibiao.ruleset.load import read_ruleset
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.scoring import has_actuals, score_ruleset, unscored

__all__ = ("Identities", "Rendered", "Routing", "ScorePool", "Scored", "job_count", "render",
           "routed_projects", "score_file", "sequential")

#: Routing known to a worker: project name → the keys it reaches, and the single key.
Routing = tuple[Mapping[str, list[str]], str | None]
#: The key and name of each ruleset file (None when it does not load), in order.
Identities = Callable[[list[Path]], Iterable[tuple[str, str] | None]]
#: ``--units`` and ``--vocabulary``, from which a worker builds its parser.
Tables = tuple[Path | None, Path | None]


def job_count(text: str) -> int:
    """``--jobs``: a whole number ≥ 1, or ``auto`` (the cores this process may use)."""
    if text == "auto":
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on Linux
            return max(1, os.cpu_count() or 1)
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        import argparse

        raise argparse.ArgumentTypeError(f"--jobs 应为正整数或 auto，而不是 “{text}”")
    return jobs


def routed_projects(key: str, by_name: Mapping[str, list[str]], single: str | None,
                    projects: frozenset[str | None], files: int) -> list[str | None]:
    """The project texts of the actuals whose rows go to the ruleset ``key``: its key,
    the names that reach it (``by_name``), and the rows without a project when it is the
    only ruleset (``single``, or one file)."""
    wanted: list[str | None] = [key, *by_name.get(key, [])]
    if None in projects and (files == 1 or single == key):
        wanted.append(None)
    return wanted


@dataclass(frozen=True, slots=True)
class Rendered:
    """A report already written out in its format (without what joins it to the others)."""

    text: str


def render(fmt: str, report: Report) -> Rendered | Report:
    """The piece of ``report`` in ``fmt`` (:meth:`Writer.render
    <zhibiao.report.Writer.render>`); a format that writes from the reports themselves
    (``table``, ``xlsx``) keeps the report."""
    text = get_writer(fmt).render(report)
    return report if text is None else Rendered(text)


@dataclass(frozen=True, slots=True)
class Scored:
    """What became of one ruleset file: its errors; when it loaded, its key and name,
    the projects whose rows it was given, and then its report's problems, whether any
    row reached it, and the report (rendered in a worker)."""

    errors: list[Problem]
    identity: tuple[str, str] | None = None
    wanted: list[str | None] | None = None
    problems: list[Problem] | None = None
    reached: bool = False
    report: Rendered | Report | None = None


def score_file(path: Path, store: ActualsStore, routing: Routing, files: int,
               limits: Limits, fmt: str, reader: IndicatorParser) -> Scored:
    """Load (with ``reader``), route, score and render (:func:`render`) one ruleset
    file."""
    ruleset, found = read_ruleset(path, reader, limits=limits)
    errors = [p for p in found if p.severity == "error"]
    if ruleset is None:
        return Scored(errors)
    by_name, single = routing
    wanted = routed_projects(ruleset.key, by_name, single, store.projects, files)
    report = score_ruleset(ruleset, store.rows(wanted))
    return Scored(errors, (ruleset.key, ruleset.name), wanted,
                  [*report.problems, *unscored(ruleset, report)], has_actuals(report),
                  render(fmt, report))


# ---- the worker processes ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Given:
    """What every worker is given when it starts."""

    store: ActualsStore
    files: int
    limits: Limits
    fmt: str
    routing: Routing
    reader: IndicatorParser


_GIVEN: list[_Given] = []  # the worker's, once started


def tables_parser(tables: Tables) -> IndicatorParser:
    """The parser of ``--units`` / ``--vocabulary`` (the package's own without them):
    a worker builds its own, as a parser is not sent between processes."""
    units, vocabulary = tables
    if units is None and vocabulary is None:
        return default_parser()
    return IndicatorParser.from_files(units, vocabulary)


def _start(store: ActualsStore, files: int, limits: Limits, fmt: str, tables: Tables,
           routing: Routing) -> None:
    _GIVEN[:] = [_Given(store, files, limits, fmt, routing, tables_parser(tables))]
    gc.freeze()  # what the worker was given lives to the end: not walked again


def _work(path: Path) -> Scored:
    given = _GIVEN[0]
    return score_file(path, given.store, given.routing, given.files, given.limits, given.fmt,
                      given.reader)


def _identity(path: Path, limits: Limits, reader: IndicatorParser) -> tuple[str, str] | None:
    ruleset, _ = read_ruleset(path, reader, limits=limits)
    return None if ruleset is None else (ruleset.key, ruleset.name)


def _worker_identity(path: Path) -> tuple[str, str] | None:
    given = _GIVEN[0]
    return _identity(path, given.limits, given.reader)


class ScorePool:
    """``jobs`` worker processes over the ruleset files, results in the files' order.

    The workers are given the actuals and the routing once, when they start (a routing
    that knows every ruleset holds all their names: it is not sent with each file). A
    worker that dies (killed for memory, say) fails the run with ``BrokenProcessPool``
    — never a run that waits for ever or a report short of a project."""

    #: Files handed to a worker at a time, at most: each round trip costs the main
    #: process about a millisecond (its threads take turns), so a province's files go
    #: 32 at a time; a few files go in smaller chunks, so that every worker gets some.
    CHUNK = 32

    def __init__(self, jobs: int, store: ActualsStore, files: list[Path], limits: Limits,
                 fmt: str, tables: Tables) -> None:
        self.jobs = jobs
        self.files = files
        self.limits = limits
        self._args = (store, len(files), limits, fmt, tables)
        self._pool: ProcessPoolExecutor | None = None
        self._routing: Routing = ({}, None)
        self._chunk = max(1, min(self.CHUNK, len(files) // (4 * jobs)))

    def _open(self, routing: Routing) -> ProcessPoolExecutor:
        if self._pool is not None and routing is not self._routing:
            self.restart()
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._routing = routing
            self._pool = ProcessPoolExecutor(self.jobs, context, _start, (*self._args, routing))
        return self._pool

    def identities(self, paths: list[Path]) -> Iterator[tuple[str, str] | None]:
        """The key and name of each ruleset file (None when it does not load), in order."""
        return self._open(self._routing).map(_worker_identity, paths, chunksize=self._chunk)

    def results(self, start: int, routing: Routing) -> Iterator[Scored]:
        """The files from ``start`` on, scored with ``routing``, in order."""
        return self._open(routing).map(_work, self.files[start:], chunksize=self._chunk)

    def restart(self, *, wait: bool = True) -> None:
        """Drop the work not yet started (its results are no longer wanted) and stop the
        workers (at once when ``wait`` is false: the run is failing)."""
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def sequential(paths: Iterable[Path], limits: Limits, reader: IndicatorParser,
               ) -> Iterator[tuple[str, str] | None]:
    """:meth:`ScorePool.identities` in this process."""
    return (_identity(path, limits, reader) for path in paths)
