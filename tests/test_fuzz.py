"""Arbitrary text only ever parses or raises IndicatorSyntaxError.

Every input that once crashed is kept in ``fuzz_regressions.txt`` (one per line,
``\\n`` escaped) and replayed here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhibiao import IndicatorSyntaxError, parse
from zhibiao.grammar.normalize import MAX_LENGTH
from zhibiao.grammar.parser import INTERNAL_ERROR

REGRESSIONS = Path(__file__).parent / "fuzz_regressions.txt"

# Characters that matter to the grammar, mixed with anything at all.
_ALPHABET = st.one_of(
    st.sampled_from(list("≥≤<>=≈≠%‰-~/、,;()（）【】[]. \u3000０１２３４５６７８９"
                         "万亿千元人次个年月日底前完成每不低于达到以上以内约本指标不适用无一二两十")),
    st.characters(),
)


def _only_our_error(text: str) -> None:
    try:
        parse(text)
    except IndicatorSyntaxError as exc:
        assert 1 <= exc.column <= max(len(text), 1) + 1
        assert exc.message and str(exc)
        assert INTERNAL_ERROR not in exc.reason, f"a bug, not a syntax error: {exc.reason}"
        assert "input_value" not in exc.reason, f"pydantic's wrapping shown: {exc.reason}"


@given(st.text(_ALPHABET, max_size=40))
def test_arbitrary_text_parses_or_raises_our_error(text: str) -> None:
    _only_our_error(text)


@given(st.text(max_size=60))
def test_any_unicode_parses_or_raises_our_error(text: str) -> None:
    _only_our_error(text)


def _regressions() -> list[str]:
    if not REGRESSIONS.exists():
        return []
    lines = REGRESSIONS.read_text(encoding="utf-8").splitlines()
    return [line.encode().decode("unicode_escape") if "\\" in line else line
            for line in lines if line and not line.startswith("#")]


@pytest.mark.parametrize("text", _regressions())
def test_fuzz_regression(text: str) -> None:
    _only_our_error(text)


def test_over_long_input_is_refused_quickly() -> None:
    with pytest.raises(IndicatorSyntaxError, match="过长"):
        parse("≥" + "9" * (MAX_LENGTH + 1))


@pytest.mark.parametrize("text", [None, 95, b"95%"])
def test_non_text_is_a_type_error(text: object) -> None:
    with pytest.raises(TypeError):
        parse(text)  # type: ignore[arg-type]
