"""``zhibiao score RULESET… --actuals FILE``: the filled-in 绩效自评表 of every project.

Exit codes:

- 0 — every row of the actuals file was scored (warnings, such as skipped title rows,
  are printed but do not count);
- 1 — the report was written, but problems were found: an actuals row that could not
  be used (unknown indicator, unclosed quote, …), a ruleset with errors, or an indicator
  the actuals left without a value (scored 0); each problem is printed with its
  file:line or sheet!cell;
- 2 — nothing usable, no report written: a usage error, a file that is missing or
  cannot be read (too large, not a CSV/XLSX/JSON, a zip bomb), no usable ruleset, an
  actuals file without a single row that gives an indicator its actual (only a
  header, no header, or every row unusable) — a report of zeros would only mislead —,
  or a worker process of ``--jobs`` that died (killed for memory, say).

Streaming: the actuals file is read first (its rows kept compact, grouped by project),
then each ruleset is loaded, scored and written before the next one is read, so memory
stays flat however many projects there are; the reports come out in the order of the
ruleset files, byte for byte as when everything was held. Problems are printed as they
are found: the actuals file's first, then each ruleset's, then the rows that reached no
ruleset. Rows that name a project by its name rather than its key, and rows without a
project when several rulesets are scored, need to know every ruleset before the first
is scored: then the rulesets are read once more up front (the run takes longer; memory
stays flat). The one difference from scoring everything at once: two rulesets with the
same key, the later one named in the actuals — the earlier report is already written,
so those rows are reported for it (``late_project_name``) instead.

``--jobs N`` loads, scores and renders the rulesets in N worker processes
(:mod:`zhibiao.cli.score_pool`): the same bytes, problems and exit code as one.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterable
from concurrent.futures.process import BrokenProcessPool
from hashlib import blake2b
from pathlib import Path

from zhibiao.cli.limits_option import add_limit_option, limits_from
from zhibiao.cli.progress import progress_bar
from zhibiao.cli.score_output import FORMATS, ReportWriter
from zhibiao.cli.score_pool import (
    Identities,
    Routing,
    ScorePool,
    job_count,
    routed_projects,
    score_file,
    sequential,
)
from zhibiao.cli.tables_option import add_table_options, parser_from
from zhibiao.errors import ActualsError
from zhibiao.grammar import IndicatorParser
from zhibiao.limits import Limits
from zhibiao.report import get_writer
from zhibiao.ruleset.actuals_store import ActualsStore
from zhibiao.ruleset.cache import RulesetCache
from zhibiao.ruleset.load import find_rulesets, read_ruleset
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.scoring import has_actuals, route_row, score_ruleset, unscored
from zhibiao.safe_text import visible

__all__ = ("configure", "run")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="RULESET",
                        help="规则集文件或目录 / ruleset files or folders")
    parser.add_argument("--actuals", "-a", type=Path, required=True, metavar="FILE",
                        help="实际值文件（.csv/.xlsx/.json）/ actuals file")
    parser.add_argument("--format", "-f", choices=FORMATS, default="table",
                        help="报告格式（默认 table；jsonl 每行一个项目）/ report format")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT",
                        help="输出文件（默认输出到终端；xlsx 必须指定）/ output file")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="不显示进度 / no progress bar")
    parser.add_argument("--jobs", "-j", type=job_count, default=1, metavar="N",
                        help="同时评分的进程数（默认 1；auto 为 CPU 核数）/ worker processes")
    add_limit_option(parser)
    add_table_options(parser)


class _Problems:
    """Problems printed as they are found, each once; errors counted (repeats too).

    A problem is known again by a 128-bit digest of it, not kept: a run with a million
    problems does not hold a million problems."""

    def __init__(self) -> None:
        self._seen: set[bytes] = set()
        self.errors = 0

    def add(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            if problem.severity == "error":
                self.errors += 1
            digest = blake2b(problem.model_dump_json().encode(), digest_size=16).digest()
            if digest not in self._seen:
                self._seen.add(digest)
                print(visible(str(problem)), file=sys.stderr)


class _Router:
    """Which actuals rows each ruleset gets, as :func:`route_rows` routes them with every
    ruleset known: the rows naming its key; those naming a project name that is no
    ruleset's key and that only one ruleset has, with this key; those naming no project
    when it is the only ruleset. Routing by key needs nothing more. A project name in the
    actuals, or rows without a project among several rulesets, need every ruleset known
    before the first is scored: the files are then read once more up front
    (:meth:`_know_all`), as soon as a ruleset's name is seen among the actuals' projects.

    One case cannot be set right that way: two rulesets with the same key, the later one
    named in the actuals. The earlier one was scored without the rows naming the later
    one; each such row is reported (``late_project_name``), never dropped silently."""

    def __init__(self, store: ActualsStore, files: list[Path], identities: Identities,
                 ) -> None:
        self.store = store
        self.files = files
        self.identities = identities
        self.count = 0  # usable rulesets: those scored so far, or all of them
        self.keys: set[str] = set()
        self.names: dict[str, list[str]] = {}
        self.first: str | None = None
        self.known = False
        self.scored: list[str] = []  # keys scored before every ruleset was known
        self.by_name: dict[str, list[str]] = {}  # key → the names in the actuals that reach it
        self.problems: list[Problem] = []
        if None in store.projects and len(files) > 1:
            self._know_all()

    def _know(self, key: str, name: str) -> None:
        self.count += 1
        self.first = self.first or key
        self.keys.add(key)
        self.names.setdefault(name, []).append(key)

    def _know_all(self) -> None:
        self.count, self.keys, self.names, self.first = 0, set(), {}, None
        for identity in self.identities(self.files):
            if identity is not None:
                self._know(*identity)
        self.known = True
        for project in sorted(p for p in self.store.projects if p is not None):
            keys = self.names.get(project, [])
            if project not in self.keys and len(keys) == 1:
                self.by_name.setdefault(keys[0], []).append(project)
        for key in dict.fromkeys(self.scored):
            for row in self.store.rows(self.by_name.get(key, [])):
                self.problems.append(Problem(
                    severity="error", code="late_project_name", file=row.source,
                    line=row.row, cell=row.cell,
                    message=f"项目名称 “{row.project}” 的规则集与先前已评分的另一规则集项目键"
                            f"同为 “{key}”：此行未计入先前那个规则集的报告。"
                            "请给每个规则集不同的项目键（project.key），或在实际值文件中写项目键"))

    @property
    def single(self) -> str | None:
        """The key of the only usable ruleset (None when there are several)."""
        return self.first if self.count == 1 else None

    @property
    def routing(self) -> Routing:
        """What a worker needs to route rows as :meth:`wanted` does (every ruleset known:
        the names that reach each key, the single key; else only keys route)."""
        return (self.by_name, self.single) if self.known else ({}, None)

    def wanted(self, key: str, name: str) -> list[str | None]:
        """The projects of the actuals whose rows go to the ruleset ``key`` named
        ``name`` (the next usable one in the order of the files)."""
        if not self.known:
            if name in self.store.projects and name != key:
                self._know_all()
            else:
                self._know(key, name)
                self.scored.append(key)
        return routed_projects(key, self.by_name, self.single, self.store.projects,
                               len(self.files))

    def _reached(self, project: str | None) -> bool:
        if project is None:
            return self.single is not None
        return project in self.keys or len(self.names.get(project, ())) == 1

    def leftovers(self) -> list[Problem]:
        """The problems of the rows that reached no ruleset, in the order of the file
        (once every ruleset has been scored)."""
        stray = [project for project in self.store.projects if not self._reached(project)]
        problems = []
        for row in self.store.rows(stray):
            routed = route_row(row, self.keys, self.names, self.single)
            assert isinstance(routed, Problem), "a stray row reached a ruleset"
            problems.append(routed)
        return problems


def _stream(files: list[Path], store: ActualsStore, writer: ReportWriter,
            problems: _Problems, args: argparse.Namespace, limits: Limits,
            reader: IndicatorParser) -> int:
    """Load, score and write each ruleset in turn; the number of usable rulesets."""
    router = _Router(store, files, lambda paths: sequential(paths, limits, reader))
    cache = RulesetCache(reader)  # this run's: the rulesets share what they repeat
    usable = 0
    with progress_bar("评分", len(files), args.quiet) as advance:
        for path in files:
            ruleset, found = read_ruleset(path, reader, limits=limits, cache=cache)
            problems.add([p for p in found if p.severity == "error"])
            if ruleset is not None:
                usable += 1
                wanted = router.wanted(ruleset.key, ruleset.name)
                report = score_ruleset(ruleset, store.rows(wanted))
                problems.add(router.problems)
                router.problems.clear()
                problems.add(report.problems)
                problems.add(unscored(ruleset, report))
                if has_actuals(report):
                    writer.release()
                writer.add(report)
            advance()
    if usable:  # else no row could reach a ruleset: the run stops with exit code 2
        problems.add(router.leftovers())
    return usable


def _stream_jobs(pool: ScorePool, store: ActualsStore, writer: ReportWriter,
                 problems: _Problems, args: argparse.Namespace, reader: IndicatorParser,
                 ) -> int:
    """:func:`_stream` with the rulesets loaded, scored and rendered by ``pool``."""
    files = pool.files
    router = _Router(store, files, pool.identities)
    results = pool.results(0, router.routing)
    usable = 0
    with progress_bar("评分", len(files), args.quiet) as advance:
        for index, path in enumerate(files):
            scored = next(results)
            problems.add(scored.errors)
            if scored.identity is not None:
                usable += 1
                known = router.known
                wanted = router.wanted(*scored.identity)
                problems.add(router.problems)
                router.problems.clear()
                if wanted != scored.wanted:  # routed before every ruleset was known
                    scored = score_file(path, store, router.routing, len(files), pool.limits,
                                        args.format, reader)
                if router.known and not known:  # the workers start again, knowing all
                    results = pool.results(index + 1, router.routing)
                assert scored.problems is not None and scored.report is not None
                problems.add(scored.problems)
                if scored.reached:
                    writer.release()
                writer.add(scored.report)
            advance()
    if usable:
        problems.add(router.leftovers())
    return usable


def run(args: argparse.Namespace) -> int:
    missing = [p for p in [*args.paths, args.actuals] if not p.exists()]
    for path in missing:
        print(f"zhibiao score: 找不到 {path}（no such file or folder）", file=sys.stderr)
    if missing:
        return 2
    if get_writer(args.format).binary and args.output is None:
        print(f"zhibiao score: {args.format} 格式须用 -o 指定输出文件"
              f"（{args.format} needs -o OUT）", file=sys.stderr)
        return 2
    limits = limits_from(args)
    reader = parser_from(args, "score")
    if reader is None:
        return 2
    try:
        store, actual_problems = ActualsStore.read(args.actuals, limits=limits)
    except ActualsError as exc:
        print(visible(f"zhibiao score: {exc}"), file=sys.stderr)
        return 2
    # What is loaded once (the grammar and its word lists, the actuals rows) lives to
    # the end: frozen, the collector does not walk it again with every project.
    gc.collect()
    gc.freeze()
    problems = _Problems()
    problems.add(actual_problems)
    writer = ReportWriter(args.format, args.output)
    files = find_rulesets(args.paths)
    jobs = min(args.jobs, len(files))
    pool = ScorePool(jobs, store, files, limits, args.format, (args.units, args.vocabulary)) \
        if jobs > 1 else None
    try:
        if pool is None:
            usable = _stream(files, store, writer, problems, args, limits, reader)
        else:
            usable = _stream_jobs(pool, store, writer, problems, args, reader)
            pool.close()
        writer.close()  # a whole-file format (xlsx) is built here: inside the guard
    except BrokenProcessPool:
        assert pool is not None
        pool.restart(wait=False)
        writer.abandon()
        print(f"zhibiao score: 有评分进程意外退出（多半是内存不足被系统终止），未生成报告；"
              f"请用较小的 --jobs（现为 {jobs}）重新运行（a worker process died, no report "
              "written）", file=sys.stderr)
        return 2
    except BaseException:
        if pool is not None:
            pool.restart(wait=False)  # the workers stop with the run
        writer.abandon()  # no half a report that looks whole; the CLI boundary says why
        raise
    if not usable:
        print("zhibiao score: 没有可用的规则集（no usable ruleset）", file=sys.stderr)
        return 2
    if not writer.released:
        print(visible(f"zhibiao score: {args.actuals} 中没有可用的实际值行（没有一行对应到指标），"
              "未生成报告（no usable actuals row, no report written）"), file=sys.stderr)
        return 2
    if args.output is not None:
        print(f"已写入 {args.output}（{writer.count} 个项目）", file=sys.stderr)
    if problems.errors:
        print(f"zhibiao score: {problems.errors} 个问题，见上（{problems.errors} problems）",
              file=sys.stderr)
    return 1 if problems.errors else 0
