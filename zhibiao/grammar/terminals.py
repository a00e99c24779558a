"""Terminals built from the data files and appended to ``indicator.lark``.

Each generated terminal is a regular expression over the NFKC-normalised vocabulary,
the longest word first. Keywords outrank free text (``TEXT``), and ``TEXT`` stops
just before a keyword, so ``处置率达100%`` lexes as ``处置率`` + ``达`` + ``100%`` while
``达标`` stays one phrase (an operator word counts only when a number follows it).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable

from zhibiao.grammar.numerals import CHINESE_DIGITS
from zhibiao.grammar.units import UnitTable
from zhibiao.grammar.vocabulary import Vocabulary

__all__ = ("TERMINAL_NAMES", "generated_terminals")

#: Operator terminal stems, in the grammar's order.
_OPS = {">=": "GE", "<=": "LE", ">": "GT", "<": "LT", "==": "EQ", "!=": "NE", "~=": "APPROX"}

#: Characters that never belong to free text: they start a number, an operator, a note,
#: separate clauses, or are a unit sign (so 95%% is an error, not a noun %), or a minus
#: (增长率-5% must not read as label 增长率- and value 5).
_NOT_TEXT = r"\s\d,;、()【】\[\]%‰\-"

_CN_START = "一二两三四五六七八九十"
_CN_BODY = "".join(CHINESE_DIGITS) + "十百千"

#: Dimensions whose units are not written as 每X before a number (每批次100%: a ratio per
#: batch is a label, not a rate).
_NOT_PER_DIMENSIONS = frozenset({"ratio", "ratio_point"})

TERMINAL_NAMES = (
    "GE", "LE", "GT", "LT", "EQ", "NE", "APPROX",
    "GE_WORD", "LE_WORD", "GT_WORD", "LT_WORD", "EQ_WORD", "NE_WORD", "APPROX_WORD",
    "GE_SUFFIX", "LE_SUFFIX", "APPROX_SUFFIX", "UNIT", "MULTIPLIER", "CN_NUMBER",
    "PERIOD", "REL_YEAR", "YEAR_END", "EVERY_YEAR_END", "YEAR_WITHIN", "DATED_YEAR_END",
    "HALF_YEAR", "MONTH_PART",
    "BEFORE", "DONE", "NA_PHRASE", "NA_CELL", "RATE_JOIN", "RANGE_SEP", "TEXT",
)


def _nfkc(word: str) -> str:
    return unicodedata.normalize("NFKC", word)


def _alternation(words: Iterable[str]) -> str:
    """The words as one expression that takes the longest word at a position (个工作日,
    not 个), as a tree of common prefixes (``个(?:工作日|月)?``) rather than a list, longest
    first: the same strings in the same order of preference (at a branch at most one
    next character fits, and a longer word is tried before a shorter one). Lark's
    collision check (interegular) builds the unit terminal's automaton in a quarter of the
    time (the first start after an install: the whole grammar 4.9 s → 1.9 s), and ``re``
    tries a few branches at a position instead of every word."""
    return _prefix_tree(sorted({_nfkc(w) for w in words if w}))


def _prefix_tree(words: list[str]) -> str:
    """``words``: sorted, distinct, none empty."""
    branches: list[str] = []
    ends: list[str] = []  # words of one character that nothing longer starts with
    for first, group in itertools.groupby(words, key=lambda w: w[0]):
        rests = [w[1:] for w in group]  # sorted: a word that ends here comes first
        if rests == [""]:
            ends.append(re.escape(first))
            continue
        inner = _prefix_tree([r for r in rests if r])
        if rests[0] == "":
            branches.append(f"{re.escape(first)}(?:{inner})?")
        elif any(ch in inner for ch in "|[?("):
            branches.append(f"{re.escape(first)}(?:{inner})")
        else:  # one word: no group needed
            branches.append(re.escape(first) + inner)
    if ends:
        branches.append(ends[0] if len(ends) == 1 else f"[{''.join(ends)}]")
    return "|".join(branches)


def _terminal(name: str, priority: int, pattern: str) -> str:
    # Lark regexp literals are delimited by slashes: escape the ones inside.
    return f"{name}.{priority}: /{pattern.replace('/', chr(92) + '/')}/"


def _ratio_forms(units: UnitTable) -> list[str]:
    return [form for form, name in units.written.items()
            if units.definitions[name].dimension in _NOT_PER_DIMENSIONS]


def generated_terminals(units: UnitTable, vocabulary: Vocabulary) -> str:
    """Lark terminal definitions for the vocabulary-driven tokens."""
    unit_forms = _alternation(units.written)
    multipliers = _alternation(units.multipliers)
    time_forms = _alternation(
        form for form, name in units.written.items()
        if units.definitions[name].is_time and not form.isascii()
    )
    period_forms = [form for form, name in units.written.items()
                    if units.definitions[name].is_time and not form.isascii()
                    and not form.startswith("个")]
    period_words = _alternation(period_forms)
    prefix_words = _alternation(w for ops in vocabulary.operators for w in ops.prefix)
    suffix_words = _alternation(w for ops in vocabulary.operators for w in ops.suffix)
    done_words = _alternation(vocabulary.done)
    # 年底/年内/年中 as dates, not as 年 after a number (一年内 is ≤1年); 年内 only before
    # 完成 or the end of a clause (年内未出现… is a phrase).
    not_after_number = rf"(?<![\d{_CN_BODY}])"
    year_end = rf"{not_after_number}(?:{_alternation(vocabulary.year_end)})"
    year_within = (rf"{not_after_number}(?:{_alternation(vocabulary.year_within)})"
                   rf"(?=\s*(?:{done_words}|$|[,;、(]))")
    half_year = rf"{not_after_number}(?:{_alternation(w for w, _ in vocabulary.half_year)})"
    every_year_end = rf"每(?:{_alternation(vocabulary.year_end)})"
    # 2027年年底, 2027年底, 2027年内 (before 完成 or the end of a clause): one date, the end
    # of that year, not the year 2027年 followed by the date 年底.
    within_ahead = rf"(?=\s*(?:{done_words}|$|[,;、(]))"
    dated_year_end = (rf"(?:19|20)\d{{2}}年?(?:(?:{_alternation(vocabulary.year_end)})"
                      rf"|(?:{_alternation(vocabulary.year_within)}){within_ahead})")
    deadline_words = f"{year_end}|{year_within}|{half_year}"
    # Not after 第 (第一批 is an ordinal) nor after digits (1十万 is 1 × 十万); and only
    # where a run of numeral characters starts, so that free text over a long run (十十十…)
    # tries the numeral once, not at every character (which took quadratic time). 万 and
    # 亿 belong to the numeral when more numeral follows (三万五千人 is 35000 people,
    # 一亿两千万元 is 120000000 元; in 三万人 万 is the multiplier), and after a multiplier
    # no numeral starts (1万五千 is an error, not 1万 and 5000). Not before a unit word it
    # forms a word with (一起, 十分: vocabulary [chinese_numerals]).
    multiplier_chars = "".join(sorted({ch for word in units.multipliers for ch in word}))
    not_counted = set(vocabulary.not_counted)
    counted_forms = _alternation(form for form in units.written if form not in not_counted)
    cn_number = (rf"(?<![第\d.{_CN_BODY}{re.escape(multiplier_chars)}])"
                 rf"[{_CN_START}][{_CN_BODY}]*"
                 rf"(?:亿[{_CN_BODY}]+(?:万[{_CN_BODY}]*)?|万[{_CN_BODY}]+)?"
                 rf"(?=\s*(?:{multipliers})?(?:{counted_forms})(?!性))")  # 一次性 is not 1次
    number_ahead = rf"(?=\s*(?:-?\d|\.\d|[{_CN_START}]))"
    # 每年 folds into a unit only before a value or a date (每年定期开展 is a phrase).
    every_period = (rf"每(?:{period_words})"
                    rf"(?=\s*(?:[^\s\u4e00-\u9fff]|{prefix_words}|{deadline_words}"
                    rf"|[{_CN_START}]))")
    # 每亩300元, 每人每月100元, 每户≥2000: a unit written before the number with 每 is the
    # denominator of a rate (300元/亩, 100元/人/月), but only right before a number that is
    # not a ratio (每批次100% keeps 每批次 as its label, 每户补助2000元 is a label too).
    thing_forms = [form for form, name in units.written.items()
                   if not form.isascii() and not form.startswith("个")
                   and not units.definitions[name].is_time
                   and units.definitions[name].dimension not in _NOT_PER_DIMENSIONS]
    thing_words = _alternation(thing_forms)
    per_words = _alternation([*thing_forms, *period_forms])
    op_symbol_words = _alternation(symbol for op in _OPS
                                   for symbol in vocabulary.operator(op).symbols)
    per_value_ahead = (rf"(?=\s*(?:{op_symbol_words}|{prefix_words})?\s*"
                       rf"(?:-?(?>\d[\d,]*(?:\.\d+)?|\.\d+)|{cn_number})"
                       rf"(?!\s*(?:{_alternation(_ratio_forms(units))})))")
    # At most three 每X in a row (每人每月, 每床每日): a bounded run keeps free text over
    # a long run of them (每亩每户每人…) linear, as the lexer tries this at every character.
    per_unit = (rf"(?:每(?:{period_words})\s*)?每(?:{thing_words})"
                rf"(?:\s*每(?:{per_words})){{0,2}}{per_value_ahead}")
    period = f"(?:{every_period}|{per_unit})"
    relative_years = _alternation([*vocabulary.next_year, *vocabulary.this_year])
    rel_year = rf"(?:{relative_years})(?=\s*(?:\d|{deadline_words}))"
    na_phrases = _alternation(vocabulary.na_phrases)

    excluded = "|".join([
        rf"(?:{prefix_words})\s*(?:-?\d|\.\d|[{_CN_START}])",
        # ≥10个项目以上: a suffix word ends the noun only at the end of a clause.
        rf"(?:{suffix_words})(?=\s*(?:$|[,;、(]))",
        period,
        deadline_words,
        every_year_end,
        rel_year,
        na_phrases,
        cn_number,
    ])
    op_symbols = {op: _alternation(vocabulary.operator(op).symbols) for op in _OPS}
    # Operator symbols are not free text either (药品网采率≥85%).
    symbol_chars = "".join(sorted({re.escape(ch) for op in _OPS
                                   for symbol in vocabulary.operator(op).symbols
                                   for ch in _nfkc(symbol)}))
    text_char = rf"(?:(?!{excluded})[^{_NOT_TEXT}{symbol_chars}])"

    lines = ["", "// ---- generated from units.txt and vocabulary.toml ----"]
    for op, stem in _OPS.items():
        words = vocabulary.operator(op)
        lines.append(_terminal(stem, 5, op_symbols[op]))
        lines.append(_terminal(f"{stem}_WORD", 5,
                               rf"(?:{_alternation(words.prefix) or '(?!)'}){number_ahead}"))
        if words.suffix:
            lines.append(_terminal(f"{stem}_SUFFIX", 5, _alternation(words.suffix)))
    lines += [
        _terminal("UNIT", 4, rf"(?:{unit_forms})"),
        _terminal("MULTIPLIER", 3, rf"(?:{multipliers})"),
        _terminal("CN_NUMBER", 4, cn_number),
        _terminal("PERIOD", 6, period),
        _terminal("REL_YEAR", 6, rel_year),
        _terminal("YEAR_END", 6, year_end),
        _terminal("EVERY_YEAR_END", 7, every_year_end),
        _terminal("YEAR_WITHIN", 6, year_within),
        _terminal("DATED_YEAR_END", 7, dated_year_end),
        _terminal("HALF_YEAR", 6, half_year),
        _terminal("MONTH_PART", 6, rf"(?:{_alternation(w for w, _ in vocabulary.month_part)})"),
        _terminal("BEFORE", 5, rf"(?:{_alternation(vocabulary.before)})"),
        _terminal("DONE", 5, rf"(?:{done_words})"),
        _terminal("NA_PHRASE", 8, rf"(?:{na_phrases})"),
        _terminal("NA_CELL", 9, rf"(?:{_alternation(vocabulary.na_whole_cell)})(?=\s*$)"),
        # 元/人·月  元/人*月  4.7万元/人、年 (、 joins a rate only before a time unit)
        _terminal("RATE_JOIN", 3, rf"[·*×・]|、(?=\s*(?:{time_forms}))"),
        # 1-3  1--3  1~3  1—3  1至3  1月到12月 (至 and 到 only before a number or a date:
        # 100%到位 is 100% with the noun 到位, 12月底前100%到位 a deadline and a value)
        _terminal("RANGE_SEP", 3, rf"--+|~|〜|—+|(?:至|到)(?=\s*(?:-?\d|\.\d|[{_CN_START}]"
                                  rf"|{deadline_words}|{rel_year}))"),
        # Free text: labels, nouns and qualitative phrases; inner single spaces allowed.
        # Free text never starts with "/" (≥0/ would read back as a rate), though a "/"
        # may stand inside it (DRG / DIP).
        _terminal("TEXT", 1, rf"(?!/){text_char}+(?: {text_char}+)*"),
        "",
    ]
    return "\n".join(lines)
