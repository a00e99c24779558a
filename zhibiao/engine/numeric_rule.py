"""The compiled rule of a comparison target, as data: :class:`NumericRule` (what
:attr:`zhibiao.engine.scorer.Scorer.numeric_rule` gives and the kernels compute)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, NamedTuple

from zhibiao.grammar import Quantity

__all__ = ("NumericRule",)


class NumericRule(NamedTuple):
    """The compiled rule of a comparison target that scores a number in the target's
    unit without intermediate records — what the fused kernel and the column kernel of
    :mod:`zhibiao.batch` compute.

    ``target`` is the target's value in its unit without the multiplier (12000.0 for
    ``≥1.2万元``: the multiplier 万 of ``quantity`` is how it is written). For an actual
    ``a`` in that unit: achieved when ``a ≥ target`` (``higher``) or ``a ≤ target``
    (``inverse``, ``linear``), then the full weight; otherwise ``fraction × weight``
    rounded to ``quantum`` by ``rounding``, capped at the weight, where the fraction is
    ``a ÷ target`` (higher, at least 0), ``target ÷ a`` (inverse) or ``max(2 − a ÷
    target, 0)`` (linear). ``flags``/``notes`` are added to every outcome; ``strict``
    adds ``strict_bound`` when ``a == target``; ``overshoot_flag`` (higher only) adds
    ``overshoot`` when ``a ÷ target`` reaches it.
    """

    kind: Literal["higher", "inverse", "linear"]
    target: Decimal
    quantity: Quantity
    strict: bool
    flags: tuple[str, ...]
    notes: tuple[str, ...]
    overshoot_flag: Decimal | None
    quantum: Decimal
    rounding: str
