"""Rates that cannot exceed 100 % (合格率, 满意度, 覆盖率 …), found by the indicator's name.

Scanned tables read ``≥90%`` as ``290%`` and ``≥80次`` as ``280次``: the ≥ sign is taken
for the digit 2. The text alone cannot tell, but the name can: a 合格率 of 290 % is no
合格率. The name words are data (``rate_names.toml``, a rule author can extend them).

- :func:`implausible_percents` — the messages ``zhibiao check`` reports for a target
  above 100 % on such an indicator (code ``implausible_percent``), with the reading
  ``≥90%`` suggested when the number starts with a 2 that could be the sign;
- :func:`with_rate_review` — an outcome of such an indicator whose target or actual is
  above 100 % gets the flag ``implausible_percent`` (须复核) and a note saying why; the
  score is not changed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from zhibiao.engine.bare_scale import is_bare, scale_readings
from zhibiao.engine.outcome import Outcome
from zhibiao.engine.policy import Policy
from zhibiao.errors import DataFileError
from zhibiao.grammar import (
    Comparison,
    Compound,
    NumberActual,
    Op,
    Quantity,
    Range,
    Target,
    format_decimal,
)

__all__ = ("RATE_FLAG", "RateNames", "bounded_rate", "default_rate_names", "implausible_percents",
           "load_rate_names", "percent_of", "with_rate_review")

#: The flag (and the check's code) of a rate above 100 %.
RATE_FLAG = "implausible_percent"
_HUNDRED = Decimal(100)
_CEILINGS = frozenset({Op.LE, Op.LT})  # ≤120% of a rate is pointless, not implausible


@dataclass(frozen=True)
class RateNames:
    """Name words of bounded rates, and the words that make a name a change instead."""

    words: tuple[str, ...]
    exceptions: tuple[str, ...]

    def match(self, name: str) -> str | None:
        """The rate word ``name`` contains (``合格率``), or ``None``."""
        if any(word in name for word in self.exceptions):
            return None
        return next((word for word in self.words if word in name), None)


def _words(section: dict[str, Any], key: str, source: str) -> tuple[str, ...]:
    value = section.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DataFileError(source, 0,
                            f"bounded_rates.{key} 应为非空字符串的列表（a list of words）")
    return tuple(sorted(dict.fromkeys(value), key=lambda w: (-len(w), w)))


def load_rate_names(text: str, source: str = "<rate_names>") -> RateNames:
    """Read a ``rate_names.toml`` text (section ``[bounded_rates]``)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(source, getattr(exc, "lineno", 0), f"TOML 语法错误：{exc}") from exc
    section = data.get("bounded_rates", {})
    return RateNames(_words(section, "words", source), _words(section, "except", source))


@lru_cache(maxsize=1)
def default_rate_names() -> RateNames:
    """The package's own ``rate_names.toml``, read once."""
    text = resources.files("zhibiao.engine").joinpath("rate_names.toml").read_text("utf-8")
    return load_rate_names(text, "zhibiao/engine/rate_names.toml")


def bounded_rate(name: str | None) -> str | None:
    """The rate word in an indicator name (``验收合格率`` → ``合格率``), else ``None``."""
    if not name:
        return None
    try:
        return _BOUNDED[name]  # names repeat across a province's rulesets
    except KeyError:
        pass
    word = default_rate_names().match(name)
    if len(_BOUNDED) >= _BOUNDED_KEPT:
        _BOUNDED.clear()
    _BOUNDED[name] = word
    return word


#: The rate word of the names seen (the package's word list is fixed), at most
#: ``_BOUNDED_KEPT`` names, forgotten all at once beyond.
_BOUNDED: dict[str, str | None] = {}
_BOUNDED_KEPT = 4096


def percent_of(quantity: Quantity) -> Decimal | None:
    """A quantity in % when its unit is a plain ratio (``%``, ``‰``), else ``None``."""
    unit = quantity.unit
    if unit.dimension != "ratio" or unit.denominators:
        return None
    scale = unit.scale
    return quantity.value * Decimal(scale.numerator) / Decimal(scale.denominator)


def _sign_read_as_two(clause: Comparison) -> str | None:
    """``≥90%`` for ``290%``: the reading with the leading 2 taken for the ≥ sign."""
    if not clause.implicit_op or clause.quantity.multiplier:
        return None
    digits = format_decimal(clause.quantity.value)
    rest = digits[1:]
    if not digits.startswith("2") or not rest or rest.startswith((".", "0")):
        return None
    value = Decimal(rest)
    percent = percent_of(clause.quantity.model_copy(update={"value": value}))
    if percent is None or not 0 < percent <= _HUNDRED:
        return None
    return f"≥{rest}{clause.quantity.unit.name}"


def _target_notes(target: Target, word: str) -> list[str]:
    clauses = target.clauses if isinstance(target, Compound) else (target,)
    notes = []
    for clause in clauses:
        if not isinstance(clause, Comparison) or clause.op in _CEILINGS:
            continue
        percent = percent_of(clause.quantity)
        if percent is None or percent <= _HUNDRED:
            continue
        guess = _sign_read_as_two(clause)
        ask = f"是否为 “{guess}” 的识别错误？" if guess else "请核对指标值"
        notes.append(f"指标值 {clause} 超过 100%，而“{word}”不会超过 100%；{ask}")
    return notes


def implausible_percents(target: Target, name: str | None) -> list[str]:
    """What ``zhibiao check`` says about a target above 100 % on a bounded rate."""
    word = bounded_rate(name)
    return _target_notes(target, word) if word else []


def _actual_percent(outcome: Outcome, policy: Policy) -> Decimal | None:
    actual, target = outcome.actual, outcome.target
    if not isinstance(actual, NumberActual):
        return None
    quantity = actual.quantity
    if not is_bare(quantity):
        return percent_of(quantity)
    like = target.quantity if isinstance(target, Comparison) else \
        target.high if isinstance(target, Range) else None
    if like is None or percent_of(like) is None or policy.bare_actual_scale == "refuse":
        return None
    readings = scale_readings(quantity.value, like)
    if readings is None:
        return None
    value = readings.base_value if policy.bare_actual_scale == "base" else \
        readings.target_value
    return percent_of(like.model_copy(update={"value": value}))


def with_rate_review(outcome: Outcome, name: str | None, policy: Policy) -> Outcome:
    """``outcome`` flagged ``implausible_percent`` (须复核) when its indicator is a bounded
    rate and the target or the actual is above 100 %; otherwise unchanged."""
    word = bounded_rate(name)
    if word is None:
        return outcome
    notes = _target_notes(outcome.target, word)
    actual = _actual_percent(outcome, policy)
    if actual is not None and actual > _HUNDRED:
        notes.append(f"实际 {format_decimal(actual)}% 超过 100%，而“{word}”不会超过 100%，"
                     "请核实实际值")
    if not notes:
        return outcome
    return outcome.model_copy(update={
        "flags": (*outcome.flags, RATE_FLAG),
        "explanation": f"{outcome.explanation}；{'；'.join(notes)}（须复核）",
    })
