"""Benchmark of the scoring engine: evaluations per second through the public API.

    python benchmarks/evaluate.py            # 1,000,000-row batch
    python benchmarks/evaluate.py --rows 100000

Measures, with targets parsed beforehand (as a loaded ruleset has them):

1. the floor: a plain Python loop of one Decimal comparison per row;
2. one indicator, ``evaluate(≥95%, "92%", weight=10)`` repeated;
3. one indicator with the actual given as a Decimal;
   then with a different actual text every time (``90.0000%``, ``90.0001%``, …), so
   that neither the parse cache nor the number-text cache ever hits;
4. a batch of N (target, actual, weight) rows over twelve real target shapes, every
   actual a different number near its target (few rows alike, so nearly every actual
   is parsed) — a plain ``evaluate`` loop;
5. the same batch through ``evaluate_many`` (few repeats, so few memo hits);
6. a batch of N rows drawn from the published self-evaluation rows
   (tests/data/selfeval_dev.tsv), which repeat as real tables do, through
   ``evaluate_many``.

Results go to stdout as a table; ``docs/performance.md`` explains where the time goes.
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from zhibiao.engine import evaluate, evaluate_many
from zhibiao.grammar import parse

#: Target → (unit the actual is written in, the target's value in that unit).
TARGETS: dict[str, tuple[str, int | str]] = {
    "≥95%": ("%", 95), "≤90万元": ("万元", 90), "=100%": ("%", 100), "20万元": ("万元", 20),
    "≥50个": ("个", 50), "90%-95%": ("%", 93), "≤30个工作日": ("个工作日", 30),
    "每年≥3次": ("次", 3), "≥14000万元": ("亿元", "1.4"), "<5次": ("次", 5),
    "≥1000人": ("人", 1000), "≤202.6万元": ("万元", "202.6")}


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>12,.0f} /s   {seconds / count * 1e6:7.2f} µs"


def _timed(label: str, count: int, work: Callable[[], object]) -> float:
    # Rows built for the run are moved out of the collector's sight, as a long-running
    # scorer would after loading its rulesets: only the evaluations' own garbage counts.
    gc.collect()
    gc.freeze()
    start = time.perf_counter()
    work()
    elapsed = time.perf_counter() - start
    gc.unfreeze()
    print(f"{label:<58}{_rate(count, elapsed)}")
    return count / elapsed


def distinct_rows(n: int, seed: int = 20260101) -> list[tuple[object, str, Decimal]]:
    """N rows over the twelve targets; each actual is a different number between half and
    one and a half times the target (met and unmet about equally often)."""
    rng = random.Random(seed)
    models = [(parse(text), unit, Decimal(value)) for text, (unit, value) in TARGETS.items()]
    weights = [Decimal(w) for w in ("5", "8", "10", "12.5", "20")]
    rows: list[tuple[object, str, Decimal]] = []
    for i in range(n):
        model, unit, value = models[i % len(models)]
        share = Decimal(rng.randrange(500_000, 1_500_000)) / 1_000_000
        actual = format(value * share, "f")
        rows.append((model, f"{actual}{unit}", weights[i % len(weights)]))
    return rows


def published_rows(n: int) -> list[tuple[object, str, str]]:
    """N rows cycling through the published self-evaluation rows (targets pre-parsed)."""
    path = Path(__file__).resolve().parents[1] / "tests" / "data" / "selfeval_dev.tsv"
    with path.open(encoding="utf-8") as handle:
        source = [row for row in csv.DictReader(handle, delimiter="\t")
                  if row["level1"] != "预算执行率"]
    parsed = [(parse(row["target"]), row["actual"], row["weight"] or "10") for row in source]
    return [parsed[i % len(parsed)] for i in range(n)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="batch size")
    parser.add_argument("--repeat", type=int, default=200_000,
                        help="repetitions for the one-indicator figures")
    args = parser.parse_args(argv)
    n, repeat = args.rows, args.repeat
    print(f"Python {sys.version.split()[0]}; batch {n:,} rows; one indicator × {repeat:,}")

    a, t = Decimal("92"), Decimal("95")

    def floor_loop() -> None:
        met = 0
        for _ in range(repeat):
            if a >= t:
                met += 1

    _timed("floor: one Decimal comparison per row", repeat, floor_loop)

    target, weight = parse("≥95%"), Decimal(10)
    evaluate(target, "92%", weight=weight)

    def one_text() -> None:
        for _ in range(repeat):
            evaluate(target, "92%", weight=weight)

    def one_decimal() -> None:
        for _ in range(repeat):
            evaluate(target, a, weight=weight)

    texts = [f"{format(Decimal(i) / 10000, 'f')}%" for i in range(900_000, 900_000 + repeat)]

    def one_uncached() -> None:
        for text in texts:
            evaluate(target, text, weight=weight)

    _timed("one indicator: evaluate(≥95%, '92%', weight=10)", repeat, one_text)
    _timed("one indicator: actual as Decimal", repeat, one_decimal)
    _timed("one indicator: a new actual text every time (no cache hits)", repeat, one_uncached)

    rows = distinct_rows(n)

    def batch_loop() -> None:
        for model, actual, w in rows:
            evaluate(model, actual, weight=w)  # type: ignore[arg-type]

    def batch_many() -> None:
        for _ in evaluate_many(rows):  # type: ignore[arg-type]
            pass

    _timed(f"batch: {n:,} distinct rows, evaluate() loop", n, batch_loop)
    _timed(f"batch: {n:,} distinct rows, evaluate_many()", n, batch_many)

    real = published_rows(n)

    def real_many() -> None:
        for _ in evaluate_many(real):  # type: ignore[arg-type]
            pass

    def real_loop() -> None:
        for model, actual, w in real:
            evaluate(model, actual, weight=w)  # type: ignore[arg-type]

    _timed(f"batch: {n:,} published rows (repeating), evaluate() loop", n, real_loop)
    _timed(f"batch: {n:,} published rows (repeating), evaluate_many()", n, real_many)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
