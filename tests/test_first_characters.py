"""The first-character filter in front of a regular expression (first_characters.py)
answers exactly as the expression: it only skips positions where no match can start."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from zhibiao.grammar.first_characters import Prefiltered, first_characters
from zhibiao.grammar.parser import default_parser
from zhibiao.testing.strategies import target_texts

GOLDEN = Path(__file__).parent / "golden"


def _same_everywhere(filtered: Prefiltered, text: str) -> None:
    for pos in range(-2, len(text) + 2):
        got, expected = filtered.match(text, pos), filtered.pattern.match(text, pos)
        assert (got and got.span()) == (expected and expected.span()), (text, pos)


def test_first_characters_examples() -> None:
    def first(pattern: str) -> tuple[str, bool] | None:
        found = first_characters(re.compile(pattern))
        return None if found is None else ("".join(sorted(found[0])), found[1])

    assert first("ab|c") == ("ac", False)
    assert first("(?:x?y)+z") == ("xy", False)
    assert first("(?<!a)(?=b)[b-d]") == ("bcd", False)
    assert first(r"-?\d+") == ("-", True)
    assert first("(?>每|年)底") == ("年每", False)
    assert first("a*") is None  # may match the empty string
    assert first("(?:)|a") is None
    assert first("[^a]b") is None  # a negated class
    assert first(".b") is None
    assert first(r"\wb") is None  # a category other than \d
    assert first("(?i)a") is None and first("(?i:a)b") is None
    assert first_characters(re.compile("a", re.IGNORECASE)) is None


def test_digit_class_is_isdecimal() -> None:
    """``\\d`` (what the filter lets through as digits) is ``str.isdecimal``."""
    digit = re.compile(r"\d")
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert (digit.match(ch) is not None) == ch.isdecimal(), hex(code)


_PIECES = st.sampled_from(["a", "b", "ab", "[ab]", "[a-c]", r"\d", "(?=a)", "(?!b)",
                           "(?<!a)", "a?", "b*", "(?:a|b)", "(?:ab|)", "^", "$", ".",
                           "[^a]", "(?>a|ab)", "a{0,2}", "b+?", "(a)", "١"])


@given(st.lists(st.lists(_PIECES, min_size=1, max_size=4).map("".join), min_size=1,
                max_size=3).map("|".join),
       st.text(alphabet="abc1١x", max_size=6))
def test_filtered_match_is_the_match(pattern: str, text: str) -> None:
    _same_everywhere(Prefiltered(re.compile(pattern)), text)


def _keywords() -> list[Prefiltered]:
    fast = default_parser()._fast
    return [fast._keyword_at_clause_start, fast._keyword_after_number,
            fast._keyword_after_unit]


def test_keyword_patterns_are_filtered_and_agree_on_every_golden_value() -> None:
    keywords = _keywords()
    assert all(first_characters(k.pattern) is not None for k in keywords)
    values = [json.loads(line)["text"] for line in
              (GOLDEN / "indicator_values.jsonl").read_text("utf-8").splitlines() if line]
    for name in ("seed_values.tsv", "selfeval_values.tsv", "issue_values.tsv",
                 "notation_values.tsv"):
        rows = (GOLDEN / name).read_text("utf-8").splitlines()[1:]
        values += [row.split("\t")[0] for row in rows]
    assert len(values) > 500
    for text in values:
        for keyword in keywords:
            _same_everywhere(keyword, text)


@given(target_texts())
def test_keyword_patterns_agree_on_generated_targets(pair: tuple[str, object]) -> None:
    for keyword in _keywords():
        _same_everywhere(keyword, pair[0])
