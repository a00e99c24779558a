"""Scoring a province: 1,000, 3,000 and 10,000 projects × 20 indicators, end to end.

    python benchmarks/score.py [--projects 1000 3000 10000] [--indicators 20]
                               [--format jsonl] [--jobs 1 2] [--api]
    python benchmarks/score.py --against REV [--alternations 3] [--projects 3000] [--jobs 1 2]

For each size, writes generated rulesets (real 指标值 from the seed tables) and one
actuals CSV into a temporary folder, then runs ``python -m zhibiao score FOLDER
--actuals FILE --format FORMAT -o OUT`` as a new process (reading the actuals, loading,
checking and scoring every ruleset, writing the report) and reports its wall time,
indicators/s, CPU time (user + system: steadier than the wall time on a shared machine)
and peak memory (the child's ``ru_maxrss``, through ``os.wait4``; with ``--jobs N`` the
largest of the main process and its workers, and the CPU time of all of them). ``--api`` also times
the same work through the API (``load_ruleset`` + ``Ruleset.score``, everything held).

``--against REV`` compares this tree with a git revision A/B in one run, since a shared
machine's speed drifts from minute to minute: the revision's ``zhibiao`` package is
exported (``git archive``) into a temporary directory, and the two packages take turns
scoring the same generated batch (``--alternations`` times each, for every ``--jobs``),
each run a new process with its package first on ``PYTHONPATH``. It prints each side's
best and median indicators per CPU second and per wall second, its peak memory, the
ratios, and whether the two wrote the same bytes (they must).
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import zhibiao
from zhibiao.ruleset.load import load_ruleset

ROOT = Path(__file__).resolve().parents[1]

LEVELS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
          ("产出指标", "成本指标"), ("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标"),
          ("满意度指标", "服务对象满意度指标")]
TARGETS = [("≥95%", ["96%", "92%", "≥95%"]), ("≥12次", ["12次", "10次", "15次"]),
           ("≤30个工作日", ["25个工作日", "33个工作日"]), ("≤20万元", ["18.5万元", "21万元"]),
           ("年底前完成", ["11月", "次年1月"]), ("显著提升", ["达成预期指标", "基本达到"]),
           ("每年≥3次", ["3次", "2次"]), ("100%", ["100", "98%"]), ("≥90%", ["93%", "88%"]),
           ("据实支付", ["18.2万元"]), ("本指标不适用", ["本指标不适用"])]


def write_batch(folder: Path, projects: int, indicators: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    actuals = folder / "batch.actuals.csv"
    with actuals.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["project", "indicator", "actual", "reason"])
        for p in range(projects):
            key = f"p{p:04d}"
            lines = [f'[project]\nname = "项目{p}"\nyear = 2024\n'
                     f'[project.funds]\nannual_total = "{rng.randint(10, 900)}万元"\n']
            for i in range(indicators):
                level1, level2 = LEVELS[i % len(LEVELS)]
                target, candidates = TARGETS[rng.randrange(len(TARGETS))]
                lines.append(f'[[indicators]]\nid = "{i + 1}"\nlevel1 = "{level1}"\n'
                             f'level2 = "{level2}"\nname = "指标{i + 1}"\nvalue = "{target}"\n')
                writer.writerow([key, str(i + 1), rng.choice(candidates), ""])
            writer.writerow([key, "预算执行率", f"{rng.randint(5, 900)}万元", ""])
            (folder / f"{key}.toml").write_text("\n".join(lines), encoding="utf-8")
    return actuals


def run_cli(folder: Path, actuals: Path, fmt: str, jobs: int = 1,
            package: Path | None = None, out: Path | None = None,
            ) -> tuple[float, float, int, Path]:
    """Wall seconds, CPU seconds and peak RSS (bytes) of one ``zhibiao score`` process
    (with its workers), with the ``zhibiao`` under ``package`` (default: the one this
    script imported)."""
    out = out or folder / f"report.{fmt}"
    command = [sys.executable, "-m", "zhibiao", "score", str(folder), "--actuals",
               str(actuals), "--format", fmt, "-o", str(out), "--quiet"]
    if jobs != 1:  # (a zhibiao before --jobs can be measured with --jobs 1)
        command += ["--jobs", str(jobs)]
    # The child runs in the batch's folder and imports the zhibiao this script imported
    # (not one that happens to sit in the current directory).
    package_root = str(package or Path(zhibiao.__file__).resolve().parents[1])
    paths = [package_root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    start = time.perf_counter()
    child = subprocess.Popen(command, stderr=subprocess.DEVNULL, cwd=folder, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):
        raise SystemExit(f"zhibiao score failed with exit code {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, out


def count_reports(out: Path, fmt: str) -> int:
    """The reports in ``out``, read a line at a time: this process stays small, so that
    the next child's peak memory (which counts this process's pages until it execs) is
    its own."""
    if fmt not in ("json", "jsonl"):
        return -1
    count = 0
    with out.open(encoding="utf-8") as handle:
        try:
            for line in handle:
                if line.strip() not in ("[", "]"):
                    count += bool(json.loads(line.rstrip().removesuffix(",")))
        except json.JSONDecodeError:  # indented, as zhibiao wrote JSON before issue 13
            return len(json.loads(out.read_text(encoding="utf-8")))
    return count


def run_api(folder: Path, actuals: Path, rows: int) -> None:
    start = time.perf_counter()
    rulesets = [load_ruleset(p) for p in sorted(folder.glob("p*.toml"))]
    loaded = time.perf_counter() - start
    by_project: dict[str, list[dict[str, str]]] = {}
    with actuals.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_project.setdefault(row["project"], []).append(row)
    start = time.perf_counter()
    for ruleset in rulesets:
        ruleset.score(by_project[ruleset.key])
    scored = time.perf_counter() - start
    print(f"  API: load + check {loaded:.1f} s, score {scored:.1f} s "
          f"({rows / scored:,.0f} indicators/s)")


def export(revision: str, into: Path) -> Path:
    """The ``zhibiao`` package of ``revision`` (of this repository) under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", revision,
                              "zhibiao"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def against(args: argparse.Namespace) -> None:
    """This tree and ``args.against``, alternately, on the same batches."""
    this = Path(zhibiao.__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory(prefix="zhibiao-against-") as tmp:
        sides = {args.against: export(args.against, Path(tmp)), "this tree": this}
        for package in sides.values():  # the grammar's tables cached before timing
            subprocess.run([sys.executable, "-m", "zhibiao", "parse", "≥95%"], check=True,
                           capture_output=True, cwd=package,
                           env={**os.environ, "PYTHONPATH": str(package)})
        for projects in args.projects:
            folder = Path(tempfile.mkdtemp(prefix="zhibiao-bench-"))
            try:
                actuals = write_batch(folder, projects, args.indicators)
                rows = projects * args.indicators
                for jobs in args.jobs:
                    _alternate(args, sides, folder, actuals, rows, jobs)
            finally:
                shutil.rmtree(folder, ignore_errors=True)


def _alternate(args: argparse.Namespace, sides: dict[str, Path], folder: Path,
               actuals: Path, rows: int, jobs: int) -> None:
    cpu: dict[str, list[float]] = {name: [] for name in sides}
    wall: dict[str, list[float]] = {name: [] for name in sides}
    peak: dict[str, int] = dict.fromkeys(sides, 0)
    outs = {name: folder / f"report-{n}.{args.format}" for n, name in enumerate(sides)}
    for _ in range(args.alternations):
        for name, package in sides.items():
            seconds, cpu_seconds, rss, _ = run_cli(folder, actuals, args.format, jobs,
                                                   package, outs[name])
            wall[name].append(rows / seconds)
            cpu[name].append(rows / cpu_seconds)
            peak[name] = max(peak[name], rss)
    print(f"{rows // args.indicators:,} projects × {args.indicators}, --format {args.format} "
          f"--jobs {jobs}, {args.alternations} runs each, alternating; load "
          f"{os.getloadavg()[0]:.1f}")
    for name in sides:
        print(f"  {name:>12}: per CPU second best {max(cpu[name]):,.0f} median "
              f"{statistics.median(cpu[name]):,.0f}; per wall second best "
              f"{max(wall[name]):,.0f} median {statistics.median(wall[name]):,.0f}; peak "
              f"{peak[name] / 2**20:,.0f} MB")
    old, new = list(sides)
    print(f"  {new} / {old}: per CPU second best ×{max(cpu[new]) / max(cpu[old]):.2f}, "
          f"median ×{statistics.median(cpu[new]) / statistics.median(cpu[old]):.2f}; "
          f"wall best ×{max(wall[new]) / max(wall[old]):.2f}")
    same = filecmp.cmp(outs[old], outs[new], shallow=False)
    print(f"  the same bytes written: {'yes' if same else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--format", default="jsonl", choices=("jsonl", "json", "csv", "md"))
    parser.add_argument("--jobs", type=int, nargs="+", default=[1],
                        help="zhibiao score --jobs, each in turn (default 1)")
    parser.add_argument("--api", action="store_true", help="also time the Python API")
    parser.add_argument("--against", metavar="REV",
                        help="compare with a git revision, alternating (A/B)")
    parser.add_argument("--alternations", type=int, default=3, help="with --against")
    args = parser.parse_args()
    if args.against:
        against(args)
        return
    for projects in args.projects:
        folder = Path(tempfile.mkdtemp(prefix="zhibiao-bench-"))
        try:
            actuals = write_batch(folder, projects, args.indicators)
            rows = projects * args.indicators
            for jobs in args.jobs:
                wall, cpu, peak, out = run_cli(folder, actuals, args.format, jobs)
                reports = count_reports(out, args.format)
                assert reports in (-1, projects), reports
                print(f"CLI --format {args.format} --jobs {jobs}: {projects:,} projects × "
                      f"{args.indicators} indicators in {wall:.1f} s ({rows / wall:,.0f} "
                      f"indicators/s; CPU {cpu:.1f} s, {rows / cpu:,.0f} indicators per CPU "
                      f"second), peak {peak / 2**20:,.0f} MB, load {os.getloadavg()[0]:.1f}")
            if args.api:
                run_api(folder, actuals, rows)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
