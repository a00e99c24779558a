"""The stable JSON contract for parsed 指标值 (what ``zhibiao parse --json`` prints).

Embedding systems and our own checks read it; keys are English and never renamed.
"""

from __future__ import annotations

from typing import Any

from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar.models import (
    Comparison,
    Compound,
    DatePoint,
    Deadline,
    NotApplicable,
    Qualitative,
    Range,
    Target,
)
from zhibiao.grammar.numerals import format_decimal
from zhibiao.grammar.value_warnings import value_warnings

__all__ = ("error_json", "result_json", "target_json")


def _date_json(point: DatePoint) -> dict[str, Any]:
    return {
        "year": point.year, "year_offset": point.year_offset, "month": point.month,
        "day": point.day, "part": point.part, "text": str(point),
    }


def _clause_fields(model: Comparison | Range | Deadline | Qualitative | NotApplicable,
                   ) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(model, Comparison):
        out = {"op": model.op.value, "value": format_decimal(model.quantity.value),
               "unit": model.quantity.unit.name}
        if model.implicit_op:
            out["implicit_op"] = True
        if model.noun:
            out["noun"] = model.noun
    elif isinstance(model, Range):
        out = {"low": format_decimal(model.low.value), "high": format_decimal(model.high.value),
               "unit": model.high.unit.name, "low_inclusive": model.low_inclusive,
               "high_inclusive": model.high_inclusive}
        if model.noun:
            out["noun"] = model.noun
    elif isinstance(model, Deadline):
        out = {"end": _date_json(model.end), "before": model.before,
               "recurring": model.recurring, "completion": model.completion}
        if model.start is not None:
            out["start"] = _date_json(model.start)
    elif isinstance(model, Qualitative):
        out = {"phrase": model.text}
        for key in ("group", "intensity", "scale"):
            if getattr(model, key) is not None:
                out[key] = getattr(model, key)
    else:
        out = {"marker": model.marker}
    if model.label:
        out["label"] = model.label
    if model.note is not None:
        out["note"] = model.note
    return out


def target_json(model: Target) -> dict[str, Any]:
    """``{"kind": …, "canonical": …, …}`` for a parsed target (recursively for compounds)."""
    out: dict[str, Any] = {"kind": model.kind, "canonical": str(model)}
    if isinstance(model, Compound):
        out["clauses"] = [target_json(clause) for clause in model.clauses]
    else:
        out.update(_clause_fields(model))
    return out


def error_json(exc: IndicatorSyntaxError) -> dict[str, Any]:
    out: dict[str, Any] = {"message": exc.message, "column": exc.column, "hint": exc.hint,
                           "expected": list(exc.expected)}
    if exc.suggestion:
        out["suggestion"] = exc.suggestion
    return out


def result_json(text: str, model: Target | None = None,
                error: IndicatorSyntaxError | None = None) -> dict[str, Any]:
    """One JSON Lines record: ``text``, ``ok`` and the model or the error; ``warnings``
    (``[{code, message, hint}]``) when the reading is doubtful (see value_warnings.py)."""
    if model is not None:
        out = {"text": text, "ok": True, **target_json(model)}
        warnings = value_warnings(model)
        if warnings:
            out["warnings"] = [{"code": w.code, "message": w.message, "hint": w.hint}
                               for w in warnings]
        return out
    assert error is not None
    return {"text": text, "ok": False, "error": error_json(error)}
