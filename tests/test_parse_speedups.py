"""The parser's speed-ups answer exactly as the plain checks they replace."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from zhibiao.grammar.invisible import MAY_HIDE
from zhibiao.grammar.normalize import _is_clean
from zhibiao.grammar.sentences import SentenceRule
from zhibiao.grammar.traditional import default_traditional_table, has_traditional
from zhibiao.grammar.vocabulary import default_vocabulary

_TABLE = default_traditional_table()
_TRADITIONAL = sorted(_TABLE.characters)


def test_traditional_gate_agrees_with_the_set_on_every_character() -> None:
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        assert _TABLE.found_in(ch) == (ch in _TABLE.characters), ch


@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(_TRADITIONAL)),
               max_size=20))
def test_has_traditional_is_the_set_test(text: str) -> None:
    assert has_traditional(text) == (not _TABLE.characters.isdisjoint(text))


@given(st.text(max_size=20))
def test_ascii_shortcut_keeps_is_clean(text: str) -> None:
    plain = (not any(ch.isspace() or ch in "\\$" for ch in text)
             and MAY_HIDE.search(text) is None  # zero-width, control, bidi characters
             and not (text and text[-1] in "。.;,、 ")
             and unicodedata.is_normalized("NFKC", text)
             and _TABLE.characters.isdisjoint(text))
    assert _is_clean(text) == plain


_RULE = SentenceRule(default_vocabulary())
_BOUND_WORDS = sorted(
    {w: ops.op for ops in default_vocabulary().operators if ops.op in (">=", "<=")
     for w in ops.prefix if len(w) > 1}.items(), key=lambda item: -len(item[0]))
_LABEL_WORDS = [w for w, _ in _BOUND_WORDS] + ["按", "按照", "按时", "率", "完成", "全年", " "]


def _label_operator_loop(label: str) -> tuple[str, str | None] | None:
    for word, op in _BOUND_WORDS:
        if label.startswith(word):
            return op, label[len(word):].strip() or None
    return None


@given(st.lists(st.sampled_from(_LABEL_WORDS), max_size=4).map("".join))
def test_label_operator_is_the_longest_bound_word(label: str) -> None:
    found = _RULE.label_operator(label)
    expected = _label_operator_loop(label)
    assert (None if found is None else (found[0].value, found[1])) == expected


def test_label_operator_examples() -> None:
    assert _BOUND_WORDS, "the vocabulary has bound words of two characters or more"
    found = _RULE.label_operator("至少全年完成")
    assert found is not None and found[0].value == ">=" and found[1] == "全年完成"
    assert _RULE.label_operator("达标率") is None
    assert _RULE.label_operator(None) is None


_VOCABULARY = default_vocabulary()
_BASIS_WORDS = [*_VOCABULARY.sentence_basis, *_VOCABULARY.sentence_not_basis,
                *_VOCABULARY.sentence_measures, "标准", "发放", "完成"]


def _on_basis_plain(label: str) -> bool:
    """Rule 1's basis test written plainly: not-basis words removed, then any basis word."""
    if not label or label.endswith(_VOCABULARY.sentence_measures):
        return False
    for word in sorted(_VOCABULARY.sentence_not_basis, key=len, reverse=True):
        label = label.replace(word, "\x00")
    return any(word in label for word in _VOCABULARY.sentence_basis)


@given(st.lists(st.sampled_from(_BASIS_WORDS), max_size=4).map("".join))
def test_on_basis_checks_basis_words_first_with_the_same_answer(label: str) -> None:
    assert _RULE.on_basis(label) == _on_basis_plain(label)


def test_on_basis_examples() -> None:
    assert _RULE.on_basis("分红按")
    assert not _RULE.on_basis("按时完成率")
    assert not _RULE.on_basis("按标准发放率")
    assert not _RULE.on_basis("培训人数")
