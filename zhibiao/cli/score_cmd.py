"""``zhibiao score RULESET… --actuals FILE``: the filled-in 绩效自评表 of every project.

Exit codes:

- 0 — every row of the actuals file was scored (warnings, such as skipped title rows,
  are printed but do not count);
- 1 — the report was written, but problems were found: an actuals row that could not
  be used (unknown indicator, unclosed quote, …), a ruleset with errors, or an indicator
  the actuals left without a value (scored 0); each problem is printed with its
  file:line or sheet!cell;
- 2 — nothing usable, no report written: a usage error, a file that is missing or
  cannot be read (too large, not a CSV/XLSX/JSON, a zip bomb), no usable ruleset, or an
  actuals file without a single row that gives an indicator its actual (only a
  header, no header, or every row unusable) — a report of zeros would only mislead.

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
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from hashlib import blake2b
from pathlib import Path

from zhibiao.cli.limits_option import add_limit_option, limits_from
from zhibiao.cli.score_output import FORMATS, ReportWriter
from zhibiao.cli.tables_option import add_table_options, parser_from
from zhibiao.errors import ActualsError
from zhibiao.grammar import IndicatorParser
from zhibiao.limits import Limits
from zhibiao.ruleset.actuals import ActualRow
from zhibiao.ruleset.actuals_store import ActualsStore
from zhibiao.ruleset.load import find_rulesets, read_ruleset
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.report import Report
from zhibiao.ruleset.ruleset import Ruleset
from zhibiao.ruleset.scoring import route_row, score_ruleset
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
    add_limit_option(parser)
    add_table_options(parser)


@contextmanager
def _progress(label: str, total: int, quiet: bool) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal for more than one item; yields the "one done" call."""
    if quiet or total <= 1 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


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

    def __init__(self, store: ActualsStore, files: list[Path], limits: Limits,
                 reader: IndicatorParser) -> None:
        self.store = store
        self.files = files
        self.limits = limits
        self.reader = reader
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
        for path in self.files:
            ruleset, _ = read_ruleset(path, self.reader, limits=self.limits)
            if ruleset is not None:
                self._know(ruleset.key, ruleset.name)
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

    def rows_for(self, ruleset: Ruleset) -> list[ActualRow]:
        """The rows of ``ruleset`` (the next usable one in the order of the files)."""
        projects = self.store.projects
        if not self.known:
            if ruleset.name in projects and ruleset.name != ruleset.key:
                self._know_all()
            else:
                self._know(ruleset.key, ruleset.name)
                self.scored.append(ruleset.key)
        wanted: list[str | None] = [ruleset.key, *self.by_name.get(ruleset.key, [])]
        if None in projects and (len(self.files) == 1 or self.single == ruleset.key):
            wanted.append(None)
        return self.store.rows(wanted)

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


def _unscored(ruleset: Ruleset, report: Report) -> list[Problem]:
    """Indicators the actuals left without a value: scored 0 and listed (exit code 1),
    each at its line of the ruleset, so that no one files an incomplete 自评表 unawares."""
    problems = [
        Problem(severity="error", code="missing_actual", file=ruleset.path,
                line=indicator.line,
                message=f"指标 {row.id} “{row.name}” 没有实际值（实际值文件中没有这一行，"
                        "或实际值为空），记 0 分（无法评价）")
        for indicator, row in zip(ruleset.indicators, report.rows, strict=True)
        if row.outcome.reason == "missing_actual"]
    if report.budget.spent is None:
        problems.append(Problem(
            severity="error", code="missing_actual", file=ruleset.path,
            message="实际值文件中没有预算执行率（全年执行数），预算执行率记 0 分；"
                    "请补上一行：指标写“预算执行率”，实际值写全年执行数"))
    return problems


def _has_actuals(report: Report) -> bool:
    """Whether any row of the actuals file reached this report."""
    return report.budget.spent is not None or any(r.actual is not None for r in report.rows)


def _stream(files: list[Path], store: ActualsStore, writer: ReportWriter,
            problems: _Problems, args: argparse.Namespace, limits: Limits,
            reader: IndicatorParser) -> int:
    """Load, score and write each ruleset in turn; the number of usable rulesets."""
    router = _Router(store, files, limits, reader)
    usable = 0
    with _progress("评分", len(files), args.quiet) as advance:
        for path in files:
            ruleset, found = read_ruleset(path, reader, limits=limits)
            problems.add([p for p in found if p.severity == "error"])
            if ruleset is not None:
                usable += 1
                report = score_ruleset(ruleset, router.rows_for(ruleset))
                problems.add(router.problems)
                router.problems.clear()
                problems.add(report.problems)
                problems.add(_unscored(ruleset, report))
                if _has_actuals(report):
                    writer.release()
                writer.add(report)
            advance()
    if usable:  # else no row could reach a ruleset: the run stops with exit code 2
        problems.add(router.leftovers())
    return usable


def run(args: argparse.Namespace) -> int:
    missing = [p for p in [*args.paths, args.actuals] if not p.exists()]
    for path in missing:
        print(f"zhibiao score: 找不到 {path}（no such file or folder）", file=sys.stderr)
    if missing:
        return 2
    if args.format == "xlsx" and args.output is None:
        print("zhibiao score: xlsx 格式须用 -o 指定输出文件（xlsx needs -o OUT）", file=sys.stderr)
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
    try:
        usable = _stream(find_rulesets(args.paths), store, writer, problems, args, limits,
                         reader)
    except BaseException:
        writer.abandon()  # no half a report that looks whole; the CLI boundary says why
        raise
    writer.close()
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
