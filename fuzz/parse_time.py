"""Parse time must stay linear: a 1,000-character input parses or fails in under 50 ms.

    python fuzz/parse_time.py [--repeat 5]

A benchmark, not a timed test. For each adversarial family (and for the slowest
inputs the fuzz harness logged in fuzz/findings/), the input is cut to 250, 500 and
1,000 characters and parsed uncached; the table shows the best of ``--repeat`` times
and the growth from 500 to 1,000 characters (≈ 2 when linear, ≈ 4 when quadratic).
Exits 1 when a 1,000-character input takes 50 ms or more.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path

from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar.parser import default_parser

LIMIT_SECONDS = 0.050
LENGTHS = (250, 500, 1000)
FINDINGS = Path(__file__).resolve().parent / "findings"


def families() -> dict[str, str]:
    """Repeating patterns that stress the lexer, the LALR parser and the transformer."""
    unit = 1000
    patterns = {
        "CJK text": "提",
        "digits": "9",
        "digits with separators": "9,999,",
        "decimal points": "9.",
        "operators": "≥",
        "operator words": "不低于",
        "near keywords": "达到",
        "units": "个工作日",
        "rates": "元/人/",
        "multipliers": "万亿",
        "Chinese numerals": "一百二十三万",
        "compound": "≥95%,",
        "compound words": "显著提升；",
        "range dashes": "1-",
        "brackets": "(",
        "full-width brackets": "（",
        "unbalanced notes": "≥95%（含",
        "dates": "2024年12月31日前",
        "relative dates": "次年",
        "every year": "每年",
        "mixed": "处置率达100%以上且",
        "spaces": "\u3000 ",
        "LaTeX": "$\\geq 95\\%$",
        "not applicable": "本指标不适用",
        "percent signs": "%",
        "minus signs": "-",
    }
    return {name: (pattern * unit)[:unit] for name, pattern in patterns.items()}


def logged() -> dict[str, str]:
    """The longest inputs the fuzz harness logged for ``parse`` (up to five)."""
    texts: list[str] = []
    log = FINDINGS / "parse.jsonl"
    if log.exists():
        texts = [json.loads(line)["input"] for line in log.read_text(encoding="utf-8")
                 .splitlines()]
    longest = sorted(set(texts), key=len, reverse=True)[:5]
    return {f"fuzz finding {n}": (t * (1000 // max(len(t), 1) + 1))[:1000]
            for n, t in enumerate(longest, 1)}


def best_time(text: str, repeat: int) -> float:
    parser = default_parser()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        with contextlib.suppress(IndicatorSyntaxError):
            parser._parse(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--repeat", type=int, default=5)
    args = arguments.parse_args()
    default_parser().parse("≥95%")  # build the grammar before timing
    worst_name, worst = "", 0.0
    print(f"{'input':<28}" + "".join(f"{n:>10}" for n in LENGTHS) + "   growth")
    for name, text in {**families(), **logged()}.items():
        times = [best_time(text[:n], args.repeat) for n in LENGTHS]
        growth = times[2] / times[1] if times[1] > 0 else 0.0
        print(f"{name:<28}" + "".join(f"{t * 1000:>8.2f}ms" for t in times) +
              f"   ×{growth:.1f}")
        if times[2] > worst:
            worst_name, worst = name, times[2]
    print(f"slowest 1,000-character input: {worst_name}, {worst * 1000:.2f} ms "
          f"(limit {LIMIT_SECONDS * 1000:.0f} ms)")
    return 0 if worst < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
