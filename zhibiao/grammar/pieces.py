"""The syntax pieces the transformer hands to the clause assembly (see assembly.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lark import Token

from zhibiao.grammar.models import Comparison, Deadline, Op, Range

__all__ = ("Cell", "Draft", "Piece", "PieceError")


@dataclass(frozen=True, slots=True)
class Draft:
    """A value whose model is built once its label, noun, note and span are known."""

    model: type[Comparison] | type[Range] | type[Deadline]
    fields: dict[str, Any]

    def build(self, **extra: Any) -> Comparison | Range | Deadline:
        return self.model(**self.fields, **extra)


@dataclass(frozen=True, slots=True)
class Piece:
    """One segment of a clause, with its position in the normalised text."""

    kind: str  # value | text | note | suffix | na
    start: int
    end: int
    text: str = ""
    op: Op | None = None
    value: Draft | None = None
    #: A 每X period was written before the value (folded into its unit, so the canonical
    #: text does not repeat it: a label before it then meets the operator).
    period: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    clauses: tuple[tuple[Piece, ...], ...]
    separators: tuple[Token, ...] = field(default=())


class PieceError(Exception):
    """Raised inside a callback; the parser turns it into IndicatorSyntaxError."""

    def __init__(self, position: int, reason: str, hint: str = "",
                 suggestion: str | None = None) -> None:
        super().__init__(position, reason, hint, suggestion)
        self.position = position
        self.reason = reason
        self.hint = hint
        self.suggestion = suggestion
