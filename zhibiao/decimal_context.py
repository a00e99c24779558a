"""zhibiao's own Decimal context: the caller's never changes a result.

Decimal arithmetic reads its precision, rounding and traps from the thread's current
context, which belongs to the caller: inside ``localcontext(Context(prec=3))`` or with
the ``Inexact`` trap set, 92÷95 would round differently or raise. Every public entry
that does arithmetic (``evaluate``, ``evaluate_budget``, ``summarize``,
``parse_actual``, the parser, ``Policy`` validation, ruleset loading) runs under
:data:`ZHIBIAO_CONTEXT` through :func:`own_context`; the caller's context is put back
on the way out, whatever happens.

:data:`ZHIBIAO_CONTEXT` is Python's default context (28 digits, half-even, the traps
``InvalidOperation``, ``DivisionByZero`` and ``Overflow``), written out so that nothing
outside zhibiao can change it. Scores are rounded with an explicit rounding mode
(``Policy.round``), never by the context.

Numbers that come from a caller as :class:`~decimal.Decimal` (an actual, a weight, an
amount, a policy setting) are checked with :func:`within_range`: a magnitude of at
most 10^±10000 (about what a 10,000-character cell can write). Beyond it a number has
no meaning in a 绩效自评表 and its arithmetic or its text (a billion digits) would
fail or hang, so it is refused with a Chinese message instead.

>>> from decimal import Context, Inexact, localcontext
>>> from zhibiao.engine import evaluate
>>> with localcontext(Context(traps=[Inexact])):
...     str(evaluate("≥95%", "92%", weight=10).score)
'9.68'
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DecimalException,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    getcontext,
    setcontext,
)
from typing import ParamSpec, TypeVar

__all__ = ("ACTIVE_CONTEXT", "MAX_ADJUSTED", "ZHIBIAO_CONTEXT", "out_of_range", "own_context",
           "within_range", "zhibiao_context")

P = ParamSpec("P")
R = TypeVar("R")

#: The largest power of ten (either way) of a number taken from a caller.
MAX_ADJUSTED = 10_000


def zhibiao_context() -> Context:
    """A fresh copy of zhibiao's context (the settings of :data:`ZHIBIAO_CONTEXT`)."""
    return Context(prec=28, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999,
                   capitals=1, clamp=0, flags=[],
                   traps=[InvalidOperation, DivisionByZero, Overflow])


#: The settings zhibiao computes with (a copy; changing it changes nothing).
ZHIBIAO_CONTEXT = zhibiao_context()

#: The context :func:`own_context` installs, with the same settings. Helpers that a
#: caller may use directly pass it explicitly (``x.quantize(q, context=ACTIVE_CONTEXT)``,
#: ``ACTIVE_CONTEXT.divide(a, b)``). Never change it. Only its flags change (nothing
#: reads them); all threads share it, and every thread only reads its settings.
ACTIVE_CONTEXT = zhibiao_context()


def own_context(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` under zhibiao's context and restore the caller's afterwards.

    A :class:`decimal.DecimalException` that still escapes (a number out of range that no
    check caught) becomes :class:`~zhibiao.errors.EvaluationError`, so the library
    raises only its own errors.
    """

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        saved = getcontext()
        if saved is ACTIVE_CONTEXT:  # called from inside zhibiao: already ours
            return function(*args, **kwargs)
        setcontext(ACTIVE_CONTEXT)
        try:
            return function(*args, **kwargs)
        except DecimalException as exc:
            raise out_of_range(exc) from exc
        finally:
            setcontext(saved)

    return wrapper


def out_of_range(exc: DecimalException) -> Exception:
    """The error for a Decimal signal that escaped zhibiao's checks."""
    from zhibiao.errors import EvaluationError

    return EvaluationError(f"数值超出可计算范围（{type(exc).__name__}）：请检查输入中过大、"
                           f"过小或不是有限数字的数")


def within_range(value: Decimal) -> bool:
    """True for a finite Decimal that is zero or between 10^-10000 and 10^10000."""
    return value.is_finite() and (-MAX_ADJUSTED <= value.adjusted() <= MAX_ADJUSTED
                                  or value.is_zero())
