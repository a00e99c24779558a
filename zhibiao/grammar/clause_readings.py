"""Two readings of a whole clause (sentences.py, rules 4 and 5), used by the assembly.

``7岁以下儿童健康服务率≥90%``: the numbers of an indicator name written before its value
are part of the value's label (rule 4). ``比2015年(24.31)降低10个百分点``: a target relative
to a base value is the bound it reaches, ≤14.31% (rule 5).
"""

from __future__ import annotations

from zhibiao.grammar.models import Comparison, Deadline, Op, Quantity, Range, Span
from zhibiao.grammar.normalize import Normalized
from zhibiao.grammar.pieces import Piece, PieceError
from zhibiao.grammar.sentences import SentenceRule
from zhibiao.grammar.unit_models import build_unit
from zhibiao.grammar.units import UnitTable

__all__ = ("name_with_numbers", "relative_target", "span_of")


def relative_target(normalized: Normalized, start: int, end: int, units: UnitTable,
                     sentences: SentenceRule) -> Comparison | None:
    """Rule 5 of sentences.py: 比2015年(24.31)降低10个百分点 → ≤14.31%, its wording kept
    as the note (the canonical text reads back as the bound and the note)."""
    written = normalized.text[start:end]
    relative = sentences.relative_target(written)
    if relative is None:
        return None
    op, bound, change = relative
    if bound is None:
        example = "比2015年(24.31%)降低10个百分点" if op is Op.LE else "比2015年(60%)提高5个百分点"
        raise PieceError(start, f"相对基期的目标 “{change}” 没有写基期值，无法得出目标值",
                          f"在年份后的括号里写明基期值，例如 “{example}”，或直接写目标值，"
                          f"例如 “{'≤14.31%' if op is Op.LE else '≥65%'}”")
    return Comparison(op=op, quantity=Quantity(value=bound, unit=build_unit(units, "%", ())),
                      note=written.strip(), span=span_of(normalized, start, end))


def name_with_numbers(pieces: tuple[Piece, ...], value_at: list[int],
                       normalized: Normalized,
                       sentences: SentenceRule) -> tuple[Piece, ...] | None:
    """Rule 4 of sentences.py: the pieces with the values before the last one folded into
    its label (``7岁以下儿童健康服务率≥90%``), or None when the rule does not apply.

    The last value must be a comparison or range with text right before it, and have an
    operator or a label ending in a measured word (率, 数); every value before it must be
    a comparison without an operator of its own (7岁, 7岁以下, 2) or a range (0-6岁).
    """
    last = value_at[-1]
    if len(value_at) < 2 or pieces[last - 1].kind != "text":
        return None
    draft = pieces[last].value
    assert draft is not None
    if draft.model is Deadline:
        return None
    operator = draft.model is Comparison and not draft.fields.get("implicit_op")
    if not operator and not sentences.names_measure(pieces[last - 1].text):
        return None
    for i in value_at[:-1]:
        earlier = pieces[i].value
        assert earlier is not None
        if not (earlier.model is Range
                or (earlier.model is Comparison and earlier.fields.get("implicit_op"))):
            return None
    start, end = pieces[0].start, pieces[last - 1].end
    label = Piece("text", start, end, normalized.text[start:end])
    return (label, *pieces[last:])


def span_of(normalized: Normalized, start: int, end: int) -> Span:
    """The span in the original text of ``normalized.text[start:end]``."""
    if not normalized.origin:
        return Span(start=0, end=normalized.source_length)
    begin = normalized.origin[min(start, len(normalized.origin) - 1)]
    finish = normalized.origin[max(0, min(end, len(normalized.origin)) - 1)] + 1
    return Span(start=begin, end=max(begin, finish))
