"""Syntax pieces → models: the clause assembly (step 2 of reading a cell).

The transformer (transformer.py) turns each grammar rule into a piece; here the pieces
of each clause become models: text before a value is its label, text after the last
value its noun; suffix words and notes go to the value before them; a clause with no
value, or whose number sits inside a sentence (sentences.py), is a qualitative phrase,
and adjacent phrases are one phrase; ``≥90%且≤95%`` is a range; numbers inside an
indicator name (``7岁以下儿童健康服务率≥90%``) are part of the label (sentences.py, rule 4).
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from zhibiao.grammar.clause_readings import name_with_numbers, relative_target
from zhibiao.grammar.clause_readings import span_of as _span
from zhibiao.grammar.models import (
    Comparison,
    Compound,
    Deadline,
    NotApplicable,
    Op,
    Qualitative,
    Quantity,
    Range,
    Span,
    Target,
)
from zhibiao.grammar.normalize import Normalized
from zhibiao.grammar.numerals import CHINESE_DIGITS
from zhibiao.grammar.pieces import Cell, Draft, Piece, PieceError
from zhibiao.grammar.sentences import SentenceRule
from zhibiao.grammar.suggestions import Misspellings
from zhibiao.grammar.units import UnitTable
from zhibiao.grammar.vocabulary import Vocabulary

__all__ = ("assemble",)


def assemble(cell: Cell | NotApplicable, normalized: Normalized, units: UnitTable,
             vocabulary: Vocabulary, misspellings: Misspellings,
             sentences: SentenceRule) -> tuple[Target, bool]:
    """Turn the transformer's pieces into the final model (see module docstring).

    Also tells whether pieces were joined, moved or glued so that the canonical text
    may read differently (a note inside a label, a noun, a label before a date): the
    parser then checks that the canonical text reads back to the same model.
    """
    if isinstance(cell, NotApplicable):
        return cell.model_copy(update={"span": _span(normalized, 0, len(normalized.text))}), \
            False
    # Each item with the separator written before it: the clause's separator for its first
    # value, none for a value juxtaposed inside the clause (≥2次6批次).
    built: list[tuple[str | None, Any]] = []  # model, or ("text", start, end) for a phrase
    separators: list[str | None] = [None, *(str(s) for s in cell.separators)]
    moved = False
    for sep, pieces in zip(separators, cell.clauses, strict=True):
        items, clause_moved = _assemble_clause(pieces, normalized, units, misspellings,
                                                sentences)
        moved = moved or clause_moved
        built.extend(zip([sep] + [None] * (len(items) - 1), items, strict=True))
    # ≥90%且≤95% is a range; adjacent phrases are one phrase.
    merged: list[Any] = []
    for sep, item in built:
        previous = merged[-1] if merged else None
        if isinstance(item, tuple) and isinstance(previous, tuple):
            merged[-1] = ("text", previous[1], item[2])
            continue
        if sep in ("且", "并且") and isinstance(previous, Comparison) \
                and isinstance(item, Comparison):
            as_range = _bounds_to_range(previous, item)
            if as_range is not None:
                merged[-1] = as_range
                continue
        merged.append(item)
    models = [
        _qualitative(normalized, item[1], item[2], vocabulary) if isinstance(item, tuple)
        else item
        for item in merged
    ]
    if len(models) == 1:
        return models[0], moved
    span = _span(normalized, 0, len(normalized.text))
    return Compound(clauses=tuple(models), span=span), moved


def _assemble_clause(pieces: tuple[Piece, ...], normalized: Normalized, units: UnitTable,
                     misspellings: Misspellings,
                     sentences: SentenceRule) -> tuple[list[Any], bool]:
    start, end = pieces[0].start, pieces[-1].end
    if any(p.kind == "na" for p in pieces):
        return [NotApplicable(marker=normalized.text[start:end],
                              span=_span(normalized, start, end))], False
    if len(pieces) == 1 and pieces[0].value is not None:  # the common case: one bare value
        return [pieces[0].value.build(span=_span(normalized, start, end))], False
    has_text = any(p.kind == "text" for p in pieces)
    if has_text and "百分点" in normalized.text[start:end]:
        relative = relative_target(normalized, start, end, units, sentences)
        if relative is not None:
            return [relative], True
    if has_text and sentences.has_marks(normalized.text[start:end]):
        pieces = _names_as_text(pieces, normalized, sentences)
    value_at = [i for i, p in enumerate(pieces) if p.kind == "value"]
    if not value_at:  # a phrase, even one ending in 以内 (控制在预算以内)
        return [("text", start, end)], False
    named = name_with_numbers(pieces, value_at, normalized, sentences) if has_text else None
    if named is not None:
        pieces, value_at = named, [1]

    labels: dict[int, list[Piece]] = {i: [] for i in value_at}
    nouns: dict[int, list[Piece]] = {i: [] for i in value_at}
    notes: dict[int, list[Piece]] = {i: [] for i in value_at}
    suffixes: dict[int, list[Piece]] = {i: [] for i in value_at}
    noun_at: dict[int, int] = {}  # where the noun of a value starts
    following = 0  # index in value_at of the first value after the piece
    for i, piece in enumerate(pieces):
        if piece.kind == "value":
            following += 1
            continue
        before = value_at[following - 1] if following else None
        after = value_at[following] if following < len(value_at) else None
        if piece.kind == "text":
            if after is not None:
                labels[after].append(piece)
            else:
                assert before is not None
                noun_at.setdefault(before, i)
                nouns[before].append(piece)
        elif piece.kind == "note":
            target = before if before is not None else after
            assert target is not None
            notes[target].append(piece)
        elif piece.kind == "suffix":
            if before is None:
                raise PieceError(piece.start, f"“{piece.text}” 前缺少数值",
                                  f"写作 “90%{piece.text}” 这样的形式")
            suffixes[before].append(piece)

    words: dict[int, tuple[str | None, str | None]] = {
        i: ("".join(p.text for p in labels[i]) or None,
            "".join(p.text for p in nouns[i]) or None) for i in value_at}
    if has_text:
        # The text after a number runs to the next value: its noun, or the next label.
        texts_after = [*(words[i][0] for i in value_at[1:]), words[value_at[-1]][1]]
        if any(sentences.in_sentence(text) for text in texts_after) \
                or any(sentences.on_basis(words[i][0]) for i in value_at):
            return [("text", start, end)], False  # 对困难家庭超出2个月的部分予以补贴
    if len(value_at) > 1 or words[value_at[-1]][1]:
        _check_split_number(pieces, value_at, words, normalized)
    models = []
    # A label holding numbers reads back through rule 4 only: the parser checks it.
    moved = named is not None
    # Juxtaposed values (≥2次6批次) become clauses of their own: text between them then
    # starts a clause, where it may read otherwise (≤1两年=100% → ≤1;两年=100%: after a
    # digit 两年 is text, at a clause's start 2年). A value right after another one reads
    # alike there: what a digit before it changes (两, 年中, -) makes it no value.
    moved = moved or any(labels[i] for i in value_at[1:])
    for i in value_at:
        piece = pieces[i]
        draft = piece.value
        assert draft is not None
        label, noun = words[i]
        note = ";".join(p.text for p in notes[i]) if notes[i] else None
        if label is not None:
            _check_label(_joined(labels[i]), misspellings)
        if noun is not None:
            _check_unit_order(pieces, i, noun_at[i], draft, units)
            _check_noun(_joined(nouns[i]), draft, misspellings)
        for suffix in suffixes[i]:
            draft = _apply_suffix(draft, suffix)
        bound = sentences.label_operator(label) if draft.model is Comparison else None
        if bound is not None:  # 至少全年完成2次宣传: ≥2次, label 全年完成
            op_word = (label or "").removesuffix(bound[1] or "").strip()
            draft = _apply_suffix(draft, Piece("suffix", labels[i][0].start,
                                               labels[i][0].end, op_word, op=bound[0]))
            label = bound[1]
        if label is not None:
            _check_labelled_negative(piece, draft)
        # Cases whose canonical text may read differently, checked by the parser: a label
        # joined across a note; a noun (it follows the canonical value, whose last
        # character may differ: 1m2年内完成 → 1平方米年内完成 reads 年内 as a date); a
        # label glued to a value written without an operator (每=年底 → 每年底) or to one
        # whose 每X period folds into the unit (每年每年≥3次 → 每年≥3次/年).
        glued = bool(labels[i]) and (draft.model is not Comparison or piece.period
                                     or bool(draft.fields.get("implicit_op")))
        moved = moved or len(labels[i]) > 1 or bool(nouns[i]) or glued
        first = min([piece.start, *(p.start for p in labels[i])])
        last = max([piece.end, *(p.end for p in (*nouns[i], *notes[i], *suffixes[i]))])
        models.append(draft.build(label=label, noun=noun, note=note,
                                  span=_span(normalized, first, last)))
    return models, moved


def _names_as_text(pieces: tuple[Piece, ...], normalized: Normalized,
                   sentences: SentenceRule) -> tuple[Piece, ...]:
    """Values and suffix words inside a quoted name (“四项制度”) as the text they are."""
    names = sentences.names()
    out = []
    for piece in pieces:
        if piece.kind in ("value", "suffix") and names.inside:
            piece = Piece("text", piece.start, piece.end, normalized.text[piece.start:piece.end])
        if piece.kind == "text":
            names.read(piece.text)
        out.append(piece)
    return tuple(out)


_EXPONENT_LEFT = re.compile(r"\.?[eE][+-]?")


def _check_split_number(pieces: tuple[Piece, ...], value_at: list[int],
                        words: dict[int, tuple[str | None, str | None]],
                        normalized: Normalized) -> None:
    """One number that the grammar would read as two (or as a number and a noun) is an
    error: scientific notation written wrong (1.e3, 1e3e3) and digits after a multiplier
    (1万5千人, 1万五千人: 15000 people, not 10000 and 5000)."""
    for left, right in pairwise(value_at):
        between = words[right][0] or ""
        if _EXPONENT_LEFT.fullmatch(between):
            written = normalized.text[pieces[left].start:pieces[right].end]
            raise PieceError(pieces[left].start, f"科学计数法 “{written}” 写法有误",
                              "写作 “1e3”（即 1000）或普通数字 “1000”")
        if right == left + 1 and _ends_in_multiplier(pieces[left]):
            _split_after_multiplier(pieces[left], pieces[right], normalized)
    last = pieces[value_at[-1]]
    noun = words[value_at[-1]][1]
    if noun and noun[0] in CHINESE_DIGITS and _ends_in_multiplier(last):
        _split_after_multiplier(last, pieces[-1], normalized)


def _ends_in_multiplier(piece: Piece) -> bool:
    """``1万``: a value whose last word is its multiplier (no unit after it)."""
    if piece.value is None or piece.value.model is not Comparison:
        return False
    quantity: Quantity = piece.value.fields["quantity"]
    return bool(quantity.multiplier) and quantity.unit.is_dimensionless


def _split_after_multiplier(first: Piece, rest: Piece, normalized: Normalized) -> None:
    written = normalized.text[first.start:rest.end]
    raise PieceError(first.start, f"数字 “{written}” 在 “万/亿” 之后还有数字，含义不清",
                      "写成一个数，例如 “1.5万人” 或 “15000人”")


def _apply_suffix(draft: Draft, suffix: Piece) -> Draft:
    assert suffix.op is not None
    if draft.model is not Comparison:
        raise PieceError(suffix.start, f"“{suffix.text}” 只能跟在单个数值之后",
                          "范围和日期后不要再写 以上/以内")
    if draft.fields.get("implicit_op"):
        return Draft(Comparison, {**draft.fields, "op": suffix.op, "implicit_op": False})
    op: Op = draft.fields["op"]
    if op is not suffix.op:
        raise PieceError(suffix.start,
                          f"运算符矛盾：前面是 “{op.symbol}”，后面是 “{suffix.text}”",
                          "只保留一个运算符")
    return draft


def _bounds_to_range(low: Comparison, high: Comparison) -> Range | None:
    if low.quantity.unit != high.quantity.unit or high.label not in (None, low.label):
        return None
    if not (low.op.is_lower_bound and high.op.is_upper_bound):
        return None
    if low.quantity.value > high.quantity.value:
        return None
    if low.label is not None and low.quantity.value < 0 and low.op is Op.GE \
            and high.op is Op.LE:
        return None  # 增长率-5%-3% would not read back: it stays two conditions
    assert low.span is not None and high.span is not None
    return Range(low=low.quantity, high=high.quantity, low_inclusive=low.op is Op.GE,
                 high_inclusive=high.op is Op.LE, label=low.label, note=high.note,
                 noun=high.noun, span=Span(start=low.span.start, end=high.span.end))


def _qualitative(normalized: Normalized, start: int, end: int,
                 vocabulary: Vocabulary) -> Qualitative:
    text = normalized.text[start:end]
    group, intensity = vocabulary.classify(text)
    return Qualitative(text=text, group=group, intensity=intensity,
                       scale=vocabulary.grade_scale(text), span=_span(normalized, start, end))


def _joined(texts: list[Piece]) -> Piece:
    """Text pieces split by notes (公路（含乡道）里程) as the one word they form."""
    if len(texts) == 1:
        return texts[0]
    return Piece("text", texts[0].start, texts[-1].end, "".join(p.text for p in texts))


def _check_unit_order(pieces: tuple[Piece, ...], index: int, noun_index: int, draft: Draft,
                      units: UnitTable) -> None:
    """A unit word kept from its number by 以上 or a note (4以上元, 5（注）次) is an error.

    Written right after the number, as the canonical text does, the word would read as
    the unit, so the value has no single meaning.
    """
    between = pieces[index + 1:noun_index]
    noun = pieces[noun_index]
    quantity = draft.fields.get("quantity", draft.fields.get("high"))
    if not between or not isinstance(quantity, Quantity) or quantity.unit.numerator \
            or quantity.unit.denominators:
        return
    word = _unit_prefix(noun.text, units)
    if not word:
        return
    suffix = next((p for p in between if p.kind == "suffix"), None)
    if suffix is not None:
        raise PieceError(noun.start, f"单位 “{word}” 写在了 “{suffix.text}” 之后",
                          f"单位紧跟数字，写在 “{suffix.text}” 之前，"
                          f"例如 “{quantity}{word}{suffix.text}”")
    raise PieceError(noun.start, f"括号说明把数字和单位 “{word}” 隔开了",
                      f"单位紧跟数字，说明写在最后，例如 “{quantity}{word}（说明）”")


def _unit_prefix(text: str, units: UnitTable) -> str:
    """The multiplier and unit words ``text`` starts with (万元 in 万元以上), or ""."""
    words = sorted((*units.written, *units.multipliers), key=len, reverse=True)
    prefix = ""
    while (word := next((w for w in words if text.startswith(w, len(prefix))), None)):
        prefix += word
        if word in units.written:
            break
    return prefix


def _check_noun(piece: Piece, draft: Draft, misspellings: Misspellings) -> None:
    """A noun that is a misspelt unit (≤30个工作曰, ≤4万圆) is an error, not a noun."""
    if draft.model is Deadline:
        return
    quantity = draft.fields.get("quantity", draft.fields.get("high"))
    multiplier = None  # None: a unit was read, so no look-alike check (≥10个入户)
    if isinstance(quantity, Quantity) and not quantity.unit.numerator:  # 每年≥3欠 too
        multiplier = quantity.multiplier
    if ambiguous := misspellings.ambiguous_unit(piece.text, multiplier):  # 80M: 米 or MB
        raise PieceError(piece.start, f"计量单位 “{ambiguous[0]}” 有歧义：{ambiguous[1]}",
                          "在数字后写明是哪个单位")
    suggestion = misspellings.unit_in(piece.text, multiplier)
    if suggestion is not None:
        raise PieceError(piece.start, f"无法识别的单位 “{multiplier or ''}{piece.text}”",
                          "检查单位的写法；新单位可加入 units.txt", suggestion)


def _check_labelled_negative(piece: Piece, draft: Draft) -> None:
    """A negative value after text without an operator would read back otherwise
    (增长率 -5% as 增长率-5%, a range): the models refuse it, and so do we, in Chinese."""
    fields = draft.fields
    if draft.model is Comparison and fields.get("implicit_op") \
            and fields["quantity"].value < 0:
        raise PieceError(piece.start, "文字后面的负数要写明运算符",
                          "写作 “增长率=-5%” 或 “增长率≤-5%”")
    if draft.model is Range and fields["low"].value < 0 \
            and fields.get("low_inclusive", True) and fields.get("high_inclusive", True):
        raise PieceError(piece.start, "文字后面的范围下限不能写成负数",
                          "写成两个条件 “增长率≥-5%且≤3%”，或去掉文字 “-5%-3%”")


def _check_label(piece: Piece, misspellings: Misspellings) -> None:
    """A label ending in a misspelt operator word (不底于95%) is an error."""
    suggestion = misspellings.operator_in(piece.text)
    if suggestion is not None:
        raise PieceError(piece.end - 1, f"无法识别的运算符 “{piece.text[-len(suggestion):]}”",
                          "运算符词见 vocabulary.toml", suggestion)
