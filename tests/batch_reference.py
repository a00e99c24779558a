"""What ``evaluate`` gives for one row of a table, in the columns score_table adds:
the reference the batch tests compare against (row by row, one call per row)."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path
from typing import Any

from zhibiao.engine import Policy, evaluate
from zhibiao.engine.evaluate import coerce_weight
from zhibiao.engine.policy import DEFAULT_POLICY
from zhibiao.errors import IndicatorSyntaxError, ZhibiaoError
from zhibiao.grammar.models import Comparison, Range

HERE = Path(__file__).resolve().parent
Row = tuple[str, Decimal | None, Decimal | None, str | None, list[str], str]


def _problem(reason: str) -> Row:
    return ("not_evaluable", None, None, reason, [], "")


def expected_row(target: str | None, actual: object, weight: object, *,
                 category: str | None = None, unit: str | None = None,
                 policy: Policy = DEFAULT_POLICY) -> Row:
    """(status, score, ratio at 6 decimals, reason, flags, explanation) — the
    explanation of a row problem is left empty (its wording is checked elsewhere)."""
    if target is None:
        return _problem("missing_target")
    try:
        probe = evaluate(target, None, weight=0, policy=policy, category=category, unit=unit)
    except IndicatorSyntaxError:
        return _problem("unparsable_target")
    except ZhibiaoError:
        return _problem("bad_target")
    if weight is None:
        return _problem("missing_weight")
    try:
        coerce_weight(weight)
    except ZhibiaoError:
        return _problem("bad_weight")
    if isinstance(actual, Decimal):
        model = probe.target
        name = model.quantity.unit.name if isinstance(model, Comparison) else \
            model.low.unit.name if isinstance(model, Range) else None
        if name is not None:
            actual = f"{actual:f}{name}"
    try:
        outcome = evaluate(target, actual, weight=weight,  # type: ignore[arg-type]
                           policy=policy, category=category, unit=unit)
    except ZhibiaoError:
        return _problem("evaluation_error")
    ratio = outcome.ratio
    six = None if ratio is None or abs(ratio) >= Decimal(10) ** 32 else \
        ratio.quantize(Decimal("0.000001"), ROUND_HALF_UP, context=Context(prec=60))
    return (outcome.status.value, outcome.score, six, outcome.reason, list(outcome.flags),
            outcome.explanation)


def table_rows(out: Any, explain: bool) -> list[Row]:
    """The added columns of a pyarrow result, row by row, in the form of expected_row."""
    columns = out.to_pydict()
    rows = []
    for at in range(out.num_rows):
        reason = columns["reason"][at]
        problem = columns["score"][at] is None and columns["status"][at] == "not_evaluable"
        text = "" if problem or not explain else columns["explanation"][at]
        rows.append((columns["status"][at], columns["score"][at], columns["ratio"][at], reason,
                     columns["flags"][at], text))
    return rows


def same(got: Row, want: Row) -> bool:
    """Equal, numbers numerically; an empty explanation is not compared."""
    return (got[0], got[1], got[2], got[3], got[4]) == (want[0], want[1], want[2], want[3],
                                                        want[4]) and \
        (not got[5] or not want[5] or got[5] == want[5])


def tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def real_targets() -> list[str]:
    """The 指标值 of the seed rulesets (tests/golden/seed_values.tsv)."""
    return [row["value"] for row in tsv(HERE / "golden" / "seed_values.tsv")]


def real_rows() -> list[tuple[str, str, str, str | None]]:
    """(target, actual, weight, category) of the real self-evaluation tables."""
    rows = [(r["target"], r["actual"], r["weight"], r["level2"] or None)
            for r in tsv(HERE / "data" / "selfeval_dev.tsv")]
    for name in ("actuals.tsv", "holdout_actuals.tsv"):
        rows.extend((r["target"], r["actual"], r["weight"], None)
                    for r in tsv(HERE / "data" / "fresh" / name))
    return rows
