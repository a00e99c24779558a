"""The fast path's models built directly: the models' own checks, without pydantic's
per-call validation.

The fast path makes every field itself: a ``Decimal`` read from the digits, a ``Unit``
of the table, an ``Op``, ``str`` or ``None`` for the words, ``int`` positions in the
text. Pydantic's type checks cannot fail on these; what can fail are the models' own
checks (a span before the start of the text, an empty phrase, a number out of range, a
multiplier without its factor, an implicit operator on a labelled negative value), and
these run here as in validation, raising ``ValueError``. The result is what validation
gives: the same fields in the same order, the same fields set (``tests/test_direct_models.py``
compares them on generated parts). Validation cost ~5 µs for one comparison, a third of
an uncached parse; this costs ~1 µs. The grammar path validates as before.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import cast

from pydantic import BaseModel

from zhibiao.grammar.models import Comparison, Op, Qualitative, Quantity, Span, Unit

__all__ = ("comparison", "qualitative", "quantity", "span")

_new = object.__new__
_set = object.__setattr__
# BaseModel's slots, set through their descriptors (cheaper than object.__setattr__).
_SLOTS = BaseModel.__dict__
_set_fields_set = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__
_SPAN_FIELDS = frozenset(("start", "end"))
_QUANTITY_FIELDS = frozenset(("value", "unit", "multiplier", "multiplier_factor"))
_COMPARISON_FIELDS = frozenset(("op", "quantity", "implicit_op", "label", "noun", "note",
                                "span"))
_QUALITATIVE_FIELDS = frozenset(("text", "group", "intensity", "scale", "span"))
# The models' own validators (pydantic leaves the functions on the class; its stubs type
# the decorated names as descriptors).
_finite = cast(Callable[[Decimal], Decimal], Quantity._finite)
_multiplier_consistent = cast(Callable[[Quantity], Quantity], Quantity._multiplier_consistent)
_implicit_is_eq = cast(Callable[[Comparison], Comparison], Comparison._implicit_is_eq)


def span(start: int, end: int) -> Span:
    """``Span(start=start, end=end)``."""
    if start < 0 or end < 0:  # Field(ge=0)
        raise ValueError("a span starts and ends at or after the text's start")
    model = _new(Span)
    _set(model, "__dict__", {"start": start, "end": end})
    _set_fields_set(model, set(_SPAN_FIELDS))
    _set_extra(model, None)
    _set_private(model, None)
    return model


def quantity(value: Decimal, unit: Unit, multiplier: str, factor: Decimal) -> Quantity:
    """``Quantity(value=value, unit=unit, multiplier=multiplier, multiplier_factor=factor)``."""
    model = _new(Quantity)
    _set(model, "__dict__", {"value": _finite(value), "unit": unit, "multiplier": multiplier,
                             "multiplier_factor": factor})
    _set_fields_set(model, set(_QUANTITY_FIELDS))
    _set_extra(model, None)
    _set_private(model, None)
    return _multiplier_consistent(model)


def comparison(op: Op, value: Quantity, implicit: bool, label: str | None,
               noun: str | None, note: str | None, where: Span) -> Comparison:
    """``Comparison(op=op, quantity=value, implicit_op=implicit, label=label, noun=noun,
    note=note, span=where)``."""
    model = _new(Comparison)
    _set(model, "__dict__", {"label": label, "note": note, "span": where,
                             "kind": "comparison", "op": op, "quantity": value,
                             "implicit_op": implicit, "noun": noun})
    _set_fields_set(model, set(_COMPARISON_FIELDS))
    _set_extra(model, None)
    _set_private(model, None)
    return _implicit_is_eq(model)


def qualitative(text: str, group: str | None, intensity: int | None, scale: str | None,
                where: Span) -> Qualitative:
    """``Qualitative(text=text, group=group, intensity=intensity, scale=scale, span=where)``."""
    if not text:  # Field(min_length=1)
        raise ValueError("a phrase has at least one character")
    if intensity is not None and not 1 <= intensity <= 3:  # Field(ge=1, le=3)
        raise ValueError("a phrase's intensity is 1, 2 or 3")
    model = _new(Qualitative)
    _set(model, "__dict__", {"label": None, "note": None, "span": where, "kind": "qualitative",
                             "text": text, "group": group, "intensity": intensity,
                             "scale": scale})
    _set_fields_set(model, set(_QUALITATIVE_FIELDS))
    _set_extra(model, None)
    _set_private(model, None)
    return model
