"""Parse throughput and start-up time.

    python benchmarks/parse.py [--seconds 3]
    python benchmarks/parse.py --against REV [--alternations 3] [--rounds 5] [--cpu-time] [--cold]

Reports, on one core:
- distinct values/s, uncached: every distinct 指标值 of the four seeds and of the
  self-evaluation data, parsed again and again without the LRU cache;
- values/s, cached: the same through ``parse`` (the LRU cache serves repeats, which
  dominate real tables);
  both after a warm-up second, as the best and the median of ``--rounds`` rounds of
  ``--seconds`` each: on a shared machine the best round is the code's speed (as
  ``timeit`` reports its minimum), the median how much other work got in the way;
- start-up of ``zhibiao parse "≥95%"`` as a new process: warm (grammar tables cached)
  and cold (first run after install: strict grammar build);
- the slowest 1,000-character input among adversarial families (time per parse).

``--against REV`` compares this tree with a git revision A/B in one run, since a shared
machine's speed drifts from minute to minute: the revision's ``zhibiao`` package is
exported (``git archive``) into a temporary directory, and child processes, each with
one of the two packages first on ``PYTHONPATH``, take turns running the same uncached
loop over the same values (this file's), and the same start-up command.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar.parser import IndicatorParser, default_parser

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"


def distinct_values() -> list[str]:
    values: dict[str, None] = {}
    for name in ("seed_values.tsv", "selfeval_values.tsv"):
        with (GOLDEN / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                values.setdefault(row["value"], None)
    return list(values)


def uncached_parse(parser: IndicatorParser) -> Callable[[str], object]:
    """``parser``'s parse with no cache at all: neither the LRU cache of whole values nor
    the one that reads canonical texts back (see IndicatorParser._check_canonical)."""
    def parse_once(text: str) -> object:
        parser._read_canonical.cache_clear()
        return parser._parse(text)
    return parse_once


def rate(function: object, values: list[str], seconds: float,
         clock: Callable[[], float] = time.perf_counter) -> float:
    assert callable(function)
    count = 0
    start = clock()
    while clock() - start < seconds:
        for value in values:
            # not contextlib.suppress: it costs ~0.8 µs a value here, 3 % of a parse
            try:  # noqa: SIM105
                function(value)
            except IndicatorSyntaxError:
                pass
        count += len(values)
    return count / (clock() - start)


def startup(runs: int, cold: bool) -> float:
    exe = shutil.which("zhibiao") or str(Path(sys.executable).with_name("zhibiao"))
    times = []
    for _ in range(runs):
        env = dict(os.environ)
        tmp = tempfile.mkdtemp() if cold else None
        if tmp is not None:
            env["TMPDIR"] = tmp  # lark's cache lives in the temp directory
        start = time.perf_counter()
        subprocess.run([exe, "parse", "≥95%"], check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return statistics.median(times)


def adversarial() -> dict[str, str]:
    n = 1000
    return {
        "CJK text": "提" * n,
        "digits": "9" * n,
        "operators": "≥" * n,
        "near keywords": ("达到" * n)[:n],
        "units": ("个工作日" * n)[:n],
        "compound": ("≥95%," * n)[:n],
        "brackets": ("(" * n)[:n],
        "mixed": ("处置率达100%以上且" * n)[:n],
        "every year": ("每年" * n)[:n],
        # numeral runs: free text once tried a numeral at every character (quadratic)
        "numeral run": "十" * n,
        "numeral digits": ("九" * n)[:n],
        "numerals with units": ("十次" * n)[:n],
        "numerals and text": ("一百二十三万" * n)[:n],
        "scientific notation": ("1e3%;" * n)[:n],
        "exponent letters": ("1e" * n)[:n],
        "dated year ends": ("2027年年底前;" * n)[:n],
        "sentences": ("对困难家庭超出2个月的部分予以补贴;" * n)[:n],
        "juxtaposed values": ("≤1两年=100%" * n)[:n],
        "labelled values": ("处置率达100%" * n)[:n],
        "nouns": ("≥10个项目" * n)[:n],
        "periods and rates": ("每年≥3次/年;" * n)[:n],
        # a unit written before the number (每人每月100元): an unbounded run of 每X was
        # tried at every character of free text (quadratic)
        "per-unit runs": ("每亩每户每人" * n)[:n],
        "per-unit rates": ("每人每月100元;" * n)[:n],
        # the same at the most numbers a cell may hold (parser.MAX_NUMBERS), so that the
        # grammar reads them rather than refusing the cell at once
        "values at the limit": ("处置率达到95%以上;" * n)[:n],
        "numerals at the limit": ("十次" + "提" * 8) * (n // 10),
        "scientific notation at the limit": ("1e3%" + "提" * 6) * (n // 10),
        "periods and rates at the limit": ("每年≥3次/年,abc" * n)[:n],
        "year ends": ("年底前完成;" * n)[:n],
    }


STARTUP = "import zhibiao; zhibiao.parse('≥95%')"


def process_time(package: Path, cold: bool) -> float:
    """CPU time (user + system; wall time where the platform does not say) of a new
    process that imports ``package``'s zhibiao and parses once; ``cold``: with a new
    temp directory, so the grammar is built (lark's cache). CPU time counts the other
    tenants of a busy machine less than wall time does."""
    env = dict(os.environ, PYTHONPATH=str(package))
    with tempfile.TemporaryDirectory() as tmp:
        if cold:
            env["TMPDIR"] = tmp
        before, start = _children_cpu(), time.perf_counter()
        # in the package's directory: ``-c`` puts the working directory first on sys.path
        subprocess.run([sys.executable, "-c", STARTUP], check=True, env=env, cwd=package)
        after, end = _children_cpu(), time.perf_counter()
        return after - before if after is not None and before is not None else end - start


def _children_cpu() -> float | None:
    try:
        import resource
    except ImportError:  # not on this platform
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def export(revision: str, into: Path) -> Path:
    """The ``zhibiao`` package of ``revision`` (of this repository) under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", revision,
                              "zhibiao"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def against(args: argparse.Namespace) -> None:
    """This tree and ``args.against``, alternately, each in child processes."""
    def child(package: Path) -> list[float]:
        command = [sys.executable, __file__, "--uncached-only", "--rounds", str(args.rounds),
                   "--seconds", str(args.seconds), *(["--cpu-time"] if args.cpu_time else [])]
        env = dict(os.environ, PYTHONPATH=str(package))
        output = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
        return [float(word) for word in output.stdout.split()]

    with tempfile.TemporaryDirectory() as tmp:
        sides = {args.against: export(args.against, Path(tmp)), "this tree": ROOT}
        rates: dict[str, list[float]] = {name: [] for name in sides}
        warm: dict[str, list[float]] = {name: [] for name in sides}
        cold: dict[str, list[float]] = {name: [] for name in sides}
        for package in sides.values():
            process_time(package, cold=False)  # build the grammar once before timing
        print(f"uncached values/s, {args.rounds} rounds of {args.seconds:g} s "
              f"({'CPU' if args.cpu_time else 'wall'} time) per run")
        for turn in range(args.alternations):
            for name, package in sides.items():
                got = child(package)
                rates[name] += got
                warm[name] += [process_time(package, cold=False)
                               for _ in range(args.startup_runs)]
                if args.cold:
                    cold[name].append(process_time(package, cold=True))
                print(f"  run {turn + 1}, {name:>10}: best {max(got):,.0f}, "
                      f"median {statistics.median(got):,.0f}", flush=True)
    print(f"all {args.alternations * args.rounds} rounds (best / median / worst), "
          "start-up CPU time (median of runs):")
    for name in sides:
        print(f"  {name:>10}: {max(rates[name]):,.0f} / {statistics.median(rates[name]):,.0f}"
              f" / {min(rates[name]):,.0f} values/s; start-up warm "
              f"{statistics.median(warm[name]) * 1000:.0f} ms"
              + (f", cold {statistics.median(cold[name]) * 1000:.0f} ms" if args.cold else ""))
    old, new = (rates[name] for name in sides)
    print(f"  this tree / {args.against}: best {max(new) / max(old) - 1:+.1%}, "
          f"median {statistics.median(new) / statistics.median(old) - 1:+.1%}")


def main() -> None:
    arg_parser = argparse.ArgumentParser(description=__doc__)
    arg_parser.add_argument("--seconds", type=float, default=1.0, help="per round")
    arg_parser.add_argument("--rounds", type=int, default=7)
    arg_parser.add_argument("--startup-runs", type=int, default=10)
    arg_parser.add_argument("--against", metavar="REV",
                            help="compare with a git revision, alternating (A/B)")
    arg_parser.add_argument("--alternations", type=int, default=3, help="with --against")
    arg_parser.add_argument("--cold", action="store_true",
                            help="with --against: time a cold start-up in every turn too")
    arg_parser.add_argument("--cpu-time", action="store_true",
                            help="with --against: time the rounds in the process's CPU time "
                                 "(on a busy machine, waiting for a core is not counted)")
    arg_parser.add_argument("--uncached-only", action="store_true", help=argparse.SUPPRESS)
    args = arg_parser.parse_args()
    if args.against:
        against(args)
        return

    parser = default_parser()
    values = distinct_values()
    parser.parse("≥95%")  # build (or load) the grammar tables before timing
    if args.uncached_only:  # a child of --against: the rates only
        clock = time.process_time if args.cpu_time else time.perf_counter
        rate(uncached_parse(parser), values, 1.0, clock)
        print(*(rate(uncached_parse(parser), values, args.seconds, clock)
                for _ in range(args.rounds)))
        return
    print(f"distinct values: {len(values)}")
    for name, function in (("uncached", uncached_parse(parser)), ("cached", parser.parse)):
        rate(function, values, 1.0)  # warm-up: caches, branch predictors, CPU clock
        rates = [rate(function, values, args.seconds) for _ in range(args.rounds)]
        print(f"{name + ':':9} {max(rates):,.0f} values/s best of {args.rounds}, "
              f"median {statistics.median(rates):,.0f}")
    print(f"start-up, warm: {startup(args.startup_runs, cold=False) * 1000:.0f} ms (median)")
    print(f"start-up, cold: {startup(2, cold=True) * 1000:.0f} ms (first run after install)")
    worst = 0.0
    for name, text in adversarial().items():
        start = time.perf_counter()
        for _ in range(5):
            with contextlib.suppress(IndicatorSyntaxError):
                uncached_parse(parser)(text)
        elapsed = (time.perf_counter() - start) / 5
        worst = max(worst, elapsed)
        print(f"1,000 chars, {name}: {elapsed * 1000:.1f} ms")
    print(f"slowest 1,000-character input: {worst * 1000:.1f} ms")


if __name__ == "__main__":
    main()
