"""Actuals that say nothing happened: ``无``, ``未发生``, ``无上访`` (DOMAIN §5).

Such a word has two meanings: the count is 0, or there was nothing to assess this year
(不适用). Where 0 meets the target (``≤1起``, ``=0起``, ``<5次``, ``0-2起``) the two
agree and the word is read as 0 (flag ``zero_word``). Where it does not (``≥90%``,
``100%``, ``≥3次``, a deadline, a qualitative phrase) they disagree — 0 points or no
score at all — and the engine does not choose: the outcome is ``not_evaluable`` with
reason ``nothing_actual`` and the flag ``nothing_word``, which puts the row under 须复核.
A qualitative target that itself says "none" (``无上访``, ``零事故``) is met by a bare
word (``无``); a phrase that names something (``未发生安全事故``) against a qualitative
target is left to the evaluator's judgement like any other phrase.

The words are data: ``[nothing_actuals]`` in ``zhibiao/grammar/vocabulary.toml``, or in a rule
author's vocabulary file: the lists of the parser the case was read with (``case.words``).
"""

from __future__ import annotations

from zhibiao.engine.finding import Finding, not_evaluable
from zhibiao.grammar import Actual, ActualReader, PhraseActual

__all__ = ("NOTHING_FLAG", "nothing_finding", "nothing_phrase", "nothing_word", "says_nothing")

#: The flag of a nothing-word the engine could not read (须复核).
NOTHING_FLAG = "nothing_word"


def _compact(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def says_nothing(text: str, words: ActualReader) -> bool:
    """Whether a phrase says nothing happened: a listed word (``无``, ``本年未发生``) or a
    phrase that starts with a listed prefix (``无上访``, ``未发生安全事故``); the lists
    are those of the parser the case was read with (``words``)."""
    compact = _compact(text)
    return compact in words.nothing_words or compact.startswith(words.nothing_prefixes)


def nothing_word(actual: Actual | None, words: ActualReader) -> str | None:
    """The phrase of an actual that is only a listed word (``无``, ``未发生``), naming
    nothing (unlike ``无上访``), else ``None``."""
    if isinstance(actual, PhraseActual) and _compact(actual.phrase) in words.nothing_words:
        return actual.phrase
    return None


def nothing_phrase(actual: Actual | None, words: ActualReader) -> str | None:
    """The phrase of an actual that says nothing happened, else ``None``."""
    if isinstance(actual, PhraseActual) and says_nothing(actual.phrase, words):
        return actual.phrase
    return None


def nothing_finding(polarity: str, phrase: str, target: str, as_zero: str = "") -> Finding:
    """Not evaluable, 须复核: ``phrase`` cannot be read against ``target``. ``as_zero``
    says what reading it as 0 would give (``按 0% 计则未达成，得 0 分``)."""
    zero = f"：{as_zero}" if as_zero else ""
    detail = (f"“{phrase}”可能表示实际为 0，也可能表示本年未发生、不适用，对目标 {target} "
              f"两种读法结论不同{zero}，须复核；请填写实际完成值，不适用时填写“不适用”")
    return not_evaluable(polarity, "nothing_actual", detail, flags=(NOTHING_FLAG,))
