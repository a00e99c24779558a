"""What ``evaluate`` gives for one row of a table, in the columns score_table adds:
the reference the batch tests compare against (row by row, one call per row)."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from zhibiao.engine import Policy, evaluate
from zhibiao.engine.evaluate import coerce_weight
from zhibiao.engine.policy import DEFAULT_POLICY
from zhibiao.errors import IndicatorSyntaxError, ZhibiaoError
from zhibiao.grammar.models import Comparison, Quantity, Range

HERE = Path(__file__).resolve().parent
Row = tuple[str, Decimal | None, Decimal | None, str | None, list[str], str]
#: How the note of a number whose scale is in doubt begins (the rest states both readings).
DOUBT_NOTE = "；实际值列按目标的基本单位读作 "


def _completion_plausible(value: Fraction, target: Fraction) -> bool:
    return Fraction(1, 10) <= value / target <= 10


def scale_in_doubt(quantity: Quantity, value: Decimal) -> bool:
    """The rule of a number in a decimal column, written out here on its own: against a
    target quantity in % (×100), ‰ (×1000) or with a multiplier (万 ×10^4, 亿 ×10^8),
    the number read in the base unit has a completion outside 10 %–1000 % and read the
    other way one inside (T > 0)."""
    unit = quantity.unit
    if quantity.multiplier:
        factor = Fraction(quantity.multiplier_factor)
    elif unit.numerator in ("%", "‰") and not unit.denominators:
        factor = Fraction(100 if unit.numerator == "%" else 1000)
    else:
        return False
    target, actual = Fraction(quantity.value), Fraction(value)
    return target > 0 and not _completion_plausible(actual, target) and \
        _completion_plausible(actual * factor, target)


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
    doubt = False
    if isinstance(actual, Decimal):
        model = probe.target
        name = model.quantity.unit.name if isinstance(model, Comparison) else \
            model.low.unit.name if isinstance(model, Range) else None
        if name is not None:
            against = model.quantity if isinstance(model, Comparison) else model.high
            doubt = scale_in_doubt(against, actual)
            actual = f"{actual:f}{name}"
    try:
        outcome = evaluate(target, actual, weight=weight,  # type: ignore[arg-type]
                           policy=policy, category=category, unit=unit)
    except ZhibiaoError:
        return _problem("evaluation_error")
    ratio = outcome.ratio
    six = None if ratio is None or abs(ratio) >= Decimal(10) ** 32 else \
        ratio.quantize(Decimal("0.000001"), ROUND_HALF_UP, context=Context(prec=60))
    if doubt:  # flagged after the engine's own flags, the note after its explanation
        return (outcome.status.value, outcome.score, six, outcome.reason,
                [*outcome.flags, "scale_ambiguous"], outcome.explanation + DOUBT_NOTE)
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
    """Equal, numbers numerically; an empty explanation is not compared, and of a
    number in doubt only the beginning of the note."""
    text = got[5] == want[5] or (want[5].endswith(DOUBT_NOTE) and got[5].startswith(want[5])
                                 and got[5].endswith("量级存疑（须复核），请核实该列的量级"))
    return (got[0], got[1], got[2], got[3], got[4]) == (want[0], want[1], want[2], want[3],
                                                        want[4]) and \
        (not got[5] or not want[5] or text)


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
