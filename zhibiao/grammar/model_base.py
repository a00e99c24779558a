"""The models' common base: frozen, equal and hashed by meaning; and the source span.

Equality is by meaning: the fields a model names in ``_display_only`` (the source
``span``, a quantity's multiplier word) are not compared.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = ("FrozenModel", "Span")


class FrozenModel(BaseModel):
    """Frozen model; equality and hash ignore the fields in ``_display_only``."""

    # defer_build: a model's validator is built when first used, so a command that
    # parses one comparison does not pay for building every model at import.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    _display_only: ClassVar[frozenset[str]] = frozenset({"span"})

    def _key(self) -> tuple[Any, ...]:
        return tuple(
            (name, getattr(self, name))
            for name in type(self).model_fields
            if name not in self._display_only
        )

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, FrozenModel)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))


class Span(FrozenModel):
    """Where a model came from: ``[start, end)`` character offsets in the source text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
