"""The generated terminals' word lists, written as a tree of common prefixes
(terminals._alternation), match as the plain list, longest word first: the same text, in
the same order of preference when the expression around them backtracks."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from zhibiao.grammar.terminals import _alternation
from zhibiao.grammar.units import default_unit_table
from zhibiao.grammar.vocabulary import default_vocabulary


def _plain(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


# Contexts that make the engine give characters back (the longest word is not always
# the one that fits) and that repeat the words.
_CONTEXTS = ("(?:{})", "(?:{})b", "(?:{})(?:{})", "(?:{})+a", "x?(?:{})$", "(?:{})?(?:{})?c")


def _agree(words: list[str], text: str) -> None:
    tree, plain = _alternation(words), _plain(words)
    for context in _CONTEXTS:
        ours, theirs = re.compile(context.format(tree, tree)), re.compile(
            context.format(plain, plain))
        for pos in range(len(text) + 1):
            got, expected = ours.match(text, pos), theirs.match(text, pos)
            assert (got and got.span()) == (expected and expected.span()), (context, pos)
        assert [m.span() for m in ours.finditer(text)] == [
            m.span() for m in theirs.finditer(text)], context


_WORDS = st.lists(st.text(alphabet="ab个工作日月-[]^\\|?", min_size=1, max_size=4),
                  min_size=1, max_size=12)


@given(_WORDS, st.text(alphabet="ab个工作日月c-[]^\\|?", max_size=10))
def test_prefix_tree_matches_as_the_plain_list(words: list[str], text: str) -> None:
    _agree(words, text)


def test_the_data_files_word_lists() -> None:
    units = list(default_unit_table().written)
    vocabulary = default_vocabulary()
    operator_words = [w for ops in vocabulary.operators for w in (*ops.prefix, *ops.suffix)]
    for words in (units, operator_words, list(vocabulary.na_phrases)):
        for word in words:
            _agree(words, f"{word}{word[:-1]}个工作日年底")


def test_examples() -> None:
    assert _alternation([]) == ""
    assert _alternation(["个", "个月", "个工作日"]) == "个(?:工作日|月)?"
    assert _alternation(["a", "b", "c"]) == "[abc]"
    assert re.fullmatch(_alternation(["个", "个月", "年"]), "个月")
