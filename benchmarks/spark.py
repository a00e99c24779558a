"""Spark ``local[2]`` against ``score_table`` on one core: the same rows, the same run.

    python benchmarks/spark.py                       # 1,000,000 rows of each kind
    python benchmarks/spark.py --rows 200000 --batch 100000 --kinds mix

Writes two tables of N rows as Parquet (4 files each) into a temporary folder:

- ``mix``: 20 indicators a project, half the rows drawn from the published
  self-evaluation rows (tests/data/selfeval_dev.tsv: real 指标值 and actual texts, which
  repeat as real tables do), half comparison targets with a different actual text
  every row (``92.37%``, ``27个工作日``);
- ``numeric``: comparison targets with a decimal ``actual`` column.

Then, for each table: ``pyarrow.parquet.read_table`` + ``zhibiao.batch.score_table`` in
this process pinned to one core (after a warm-up on the first 10,000 rows), and
``spark.read.parquet`` + ``zhibiao.spark.score`` written to Spark's ``noop`` sink on a
``local[2]`` session (after a warm-up job that starts the Python workers). Prints
rows/s and CPU seconds (Spark's: its JVM and Python workers, from ``/proc``), the
ratio Spark ÷ one core in time and as CPU ÷ 2 cores (what the time would be on two
idle cores: on a busy host the CPU figures are the steadier), Spark's floor (the same
job with batches returned unchanged) and the peak memory of the Python workers (their
``ru_maxrss``). Session start-up is printed, not counted.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from zhibiao.batch import score_table

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "selfeval_dev.tsv"
#: Comparison targets: (text, the unit actual texts are written in, the target's value).
TEXT_TARGETS = [("≥95%", "%", "95"), ("≤30个工作日", "个工作日", "30"), ("≥50个", "个", "50"),
                ("每年≥3次", "次", "3"), ("≤90万元", "万元", "90"), ("≥1000人", "人", "1000"),
                ("<5次", "次", "5"), ("≥90%", "%", "90")]
#: Decimal actuals are in the target's base unit; these targets have no multiplier.
NUMERIC_TARGETS = [("≥95%", "95"), ("≤30个工作日", "30"), ("≥50个", "50"), ("≥1000人", "1000"),
                   ("<5次", "5"), ("=100%", "100"), ("≥90%", "90")]
WEIGHTS = ["5", "8", "10", "12.5", "20"]
FILES = 4


def _published() -> list[tuple[str, str, str, str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return [(r["target"], r["actual"], r["weight"] or "10", r["level2"])
                for r in csv.DictReader(handle, delimiter="\t") if r["level1"] != "预算执行率"]


def mix_table(n: int, seed: int = 13) -> pa.Table:
    """N rows, 20 a project: half published rows, half distinct actual texts."""
    rng, published = random.Random(seed), _published()
    targets, actuals, weights, categories = [], [], [], []
    for i in range(n):
        if i % 2:
            target, actual, weight, category = published[rng.randrange(len(published))]
        else:
            target, unit, value = TEXT_TARGETS[rng.randrange(len(TEXT_TARGETS))]
            share = Decimal(rng.randrange(5_000, 15_000)) / 10_000
            actual = f"{Decimal(value) * share:f}{unit}"
            weight, category = WEIGHTS[i % len(WEIGHTS)], "产出指标"
        targets.append(target)
        actuals.append(actual)
        weights.append(weight)
        categories.append(category)
    return pa.table({"project": pa.array([f"P{i // 20:07d}" for i in range(n)]),
                     "target": targets, "actual": actuals, "weight": weights,
                     "category": categories})


def numeric_table(n: int, seed: int = 17) -> pa.Table:
    """N rows of comparison targets with a decimal actual (4 places) and weight."""
    rng = random.Random(seed)
    targets, actuals = [], []
    for _ in range(n):
        target, value = NUMERIC_TARGETS[rng.randrange(len(NUMERIC_TARGETS))]
        targets.append(target)
        actuals.append(Decimal(value) * Decimal(rng.randrange(5_000, 15_000)) / 10_000)
    weights = [Decimal(WEIGHTS[i % len(WEIGHTS)]) for i in range(n)]
    return pa.table({"project": pa.array([f"P{i // 20:07d}" for i in range(n)]),
                     "target": targets, "actual": pa.array(actuals, pa.decimal128(18, 4)),
                     "weight": pa.array(weights, pa.decimal128(8, 2))})


def write(table: pa.Table, folder: Path) -> Path:
    folder.mkdir(parents=True)
    step = -(-table.num_rows // FILES)
    for i in range(FILES):
        pq.write_table(table.slice(i * step, step), folder / f"part-{i}.parquet")
    return folder


def one_core(folder: Path, n: int) -> tuple[float, float]:
    """Seconds and CPU seconds to read ``folder`` and score it in this process, on one
    core."""
    score_table(pq.read_table(folder).slice(0, 10_000))  # warm-up: parser, caches
    start, cpu = time.perf_counter(), time.process_time()
    scored = score_table(pq.read_table(folder))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert scored.num_rows == n
    return elapsed, cpu


def _session(batch: int) -> Any:
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (SparkSession.builder.master("local[2]").appName("zhibiao-benchmark")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch))
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    return session


def _worker_peaks(spark: Any) -> list[int]:
    """Peak resident memory (KB) of the Python workers that ran the jobs."""

    def peak(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for _ in batches:
            pass
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        yield pa.record_batch({"pid": [os.getpid()], "kb": [rss]})

    rows = spark.range(0, 2, numPartitions=2).mapInArrow(peak, "pid long, kb long").collect()
    return sorted({row.pid: row.kb for row in rows}.values())


def _tree_cpu() -> float:
    """CPU seconds (user + system) used so far by this process's descendants that are
    alive — Spark's JVM, its Python daemon and workers (Linux ``/proc``)."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid], ticks[pid] = int(fields[1]), int(fields[11]) + int(fields[12])
    mine, grew = {os.getpid()}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in mine} - mine
        mine |= found
        grew = bool(found)
    mine.discard(os.getpid())
    return sum(ticks.get(pid, 0) for pid in mine) / os.sysconf("SC_CLK_TCK")


def _unchanged(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    yield from batches


def _timed_job(job: Any) -> tuple[float, float]:
    """Seconds and CPU seconds (the JVM and the Python workers) of writing ``job`` to
    Spark's ``noop`` sink."""
    start, cpu = time.perf_counter(), _tree_cpu()
    job.write.format("noop").mode("overwrite").save()
    return time.perf_counter() - start, _tree_cpu() - cpu


def spark_floor(spark: Any, folder: Path) -> tuple[float, float]:
    """The same job with a function that returns its batches unchanged: reading, Arrow
    to Python and back, the sink — what Spark costs without scoring."""
    df = spark.read.parquet(str(folder))
    return _timed_job(df.mapInArrow(_unchanged, df.schema))


def on_spark(spark: Any, folder: Path) -> tuple[float, float, int]:
    """Seconds and CPU seconds to read ``folder`` and score it on the session; the
    partitions."""
    from zhibiao.spark import score

    df = spark.read.parquet(str(folder))
    # Warm-up on every partition: the Python workers start and build their parser.
    score(df.sample(fraction=0.01, seed=1)).write.format("noop").mode("overwrite").save()
    return (*_timed_job(score(df)), df.rdd.getNumPartitions())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000,
                        help="spark.sql.execution.arrow.maxRecordsPerBatch (Spark's "
                             "default, 10,000)")
    parser.add_argument("--kinds", default="mix,numeric")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas")
    n, kinds = args.rows, args.kinds.split(",")
    print(f"Python {sys.version.split()[0]}, pyarrow {pa.__version__}; {n:,} rows; "
          f"Arrow batches of {args.batch:,} rows; load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as temp:
        folders = {kind: write(mix_table(n) if kind == "mix" else numeric_table(n),
                               Path(temp) / kind) for kind in kinds}
        for kind, folder in folders.items():
            size = sum(path.stat().st_size for path in folder.iterdir())
            print(f"{kind:<8} Parquet: {size / 2**20:,.1f} MiB ({size / n:.1f} bytes a row)")
        cores = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(cores)})  # one core, before Spark exists
        pa.set_cpu_count(1)
        single = {kind: one_core(folder, n) for kind, folder in folders.items()}
        os.sched_setaffinity(0, cores)
        pa.set_cpu_count(len(cores))
        start = time.perf_counter()
        spark = _session(args.batch)
        print(f"Spark {spark.version} local[2] session start: "
              f"{time.perf_counter() - start:.1f} s")
        try:
            for kind, folder in folders.items():
                seconds, cpu, partitions = on_spark(spark, folder)
                floor, floor_cpu = spark_floor(spark, folder)
                one, one_cpu = single[kind]
                print(f"{kind:<8} score_table, one core: {one:6.2f} s "
                      f"{n / one:>11,.0f} rows/s; CPU {one_cpu:6.2f} s")
                print(f"{kind:<8} Spark local[2]:        {seconds:6.2f} s "
                      f"{n / seconds:>11,.0f} rows/s; CPU {cpu:6.2f} s "
                      f"({n / cpu:,.0f} rows a CPU second; {partitions} partitions)")
                print(f"{kind:<8} Spark ÷ one core: {seconds / one:.2f}× in time, "
                      f"{cpu / 2 / one_cpu:.2f}× as CPU ÷ 2 cores against one core's CPU")
                print(f"{kind:<8} Spark floor (batches returned unchanged): {floor:6.2f} s; "
                      f"CPU {floor_cpu:6.2f} s")
            peaks = ", ".join(f"{kb / 1024:,.0f} MB" for kb in _worker_peaks(spark))
            print(f"peak memory of the Python workers: {peaks}")
        finally:
            spark.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
