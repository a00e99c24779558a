"""Near-miss detection: a word one character away from a known one (工作曰 → 工作日)."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ("near_miss",)


def near_miss(text: str, known: Iterable[str], *, at_start: bool) -> str | None:
    """The known word that ``text`` misspells at its start (or end), else ``None``.

    A misspelling is a run of the same length as a known word of at least three
    characters, differing from it in exactly one character. Exact matches are not
    misspellings.
    """
    words = set(known)
    if any(text.startswith(w) if at_start else text.endswith(w) for w in words):
        return None  # it begins (ends) with a real word: 平方公里项目 is not a misspelling
    for word in sorted(words, key=lambda w: (-len(w), w)):
        if len(word) < 3 or len(text) < len(word):
            continue
        run = text[:len(word)] if at_start else text[-len(word):]
        if sum(a != b for a, b in zip(run, word, strict=False)) == 1:
            return word
    return None
