"""The added columns, assembled from per-row codes: each distinct status, reason, flag
set and explanation is stored once and rows point at it; scores and ratios are
unscaled integers turned into ``decimal128`` columns without Python objects per row.

- ``status`` — achieved / not_achieved / not_evaluable / not_applicable, as a
  dictionary-encoded string column (a pandas ``category``, a polars ``Categorical``);
- ``score`` — ``decimal128(38, s)``, ``s`` the most decimals a score of this table
  has (the policy's precision, or a weight's when a score is capped at the weight);
  null when the row could not be scored at all (see :data:`ROW_REASONS`);
- ``ratio`` — ``decimal128(38, 6)``: the engine's ratio 实际÷目标 rounded half-up to
  six decimals (the figure ``zhibiao evaluate --json`` prints below 10^20); null when
  the outcome has none or it is 10^32 or more;
- ``reason`` — dictionary-encoded string or null; ``flags`` — list of strings;
  ``explanation`` — string.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from zhibiao.batch.keys import Codes
from zhibiao.batch.records import Record
from zhibiao.decimal_context import ACTIVE_CONTEXT

__all__ = ("RATIO_SCALE", "STATUSES", "WORK_SCALE", "Assembly")

STATUSES = ("achieved", "not_achieved", "not_evaluable", "not_applicable")
_STATUS_CODE = {status: code for code, status in enumerate(STATUSES)}
#: Decimals of the ratio column.
RATIO_SCALE = 6
#: Decimals at which scores are held until the score column is written.
WORK_SCALE = 6
_SCORE_LIMIT = Decimal(10) ** 12  # weights are below it, and so are scores
_MAX_SCORE_SCALE = 25  # 38 digits less the 13 a weight below 10^12 needs
_RATIO_QUANTUM = Decimal(1).scaleb(-RATIO_SCALE)
_RATIO_LIMIT = Decimal(10) ** (38 - RATIO_SCALE)
_WIDE = Context(prec=40)  # a ratio below 10^32 at six decimals has at most 38 digits


class Assembly:
    """The output columns of ``n`` rows, filled by the numeric kernel (first) and the
    row path. Scores and ratios are written straight into the 16-byte words of their
    decimal128 columns; the score's scale is chosen by the first writer and raised when
    a later score needs more decimals."""

    def __init__(self, n: int, explain: bool) -> None:
        self.n = n
        self.status = np.empty(n, dtype=np.int8)  # every row is written by one path
        self.flags = np.empty(n, dtype=np.int32)
        self.reason = np.zeros(n, dtype=np.int32)  # 0 is None (the kernel's rows)
        self.explanation = np.zeros(n, dtype=np.int64) if explain else None
        self.score_words = np.zeros((n, 2), dtype=np.int64)
        self.ratio_words = np.zeros((n, 2), dtype=np.int64)
        self.score_valid = np.zeros(n, dtype=np.bool_)
        self.ratio_valid = np.zeros(n, dtype=np.bool_)
        self.score_scale: int | None = None
        self._reasons: dict[str | None, int] = {None: 0}
        self._flag_sets: list[tuple[str, ...]] = [()]
        self._flag_codes: dict[tuple[str, ...], int] = {(): 0}
        self._explanations: list[str] = [""]
        self._wide_scores: dict[int, Decimal] = {}

    def reason_code(self, reason: str | None) -> int:
        return self._reasons.setdefault(reason, len(self._reasons))

    def flags_code(self, flags: tuple[str, ...]) -> int:
        code = self._flag_codes.get(flags)
        if code is None:
            code = self._flag_codes[flags] = len(self._flag_sets)
            self._flag_sets.append(flags)
        return code

    def flag_block(self, block: tuple[tuple[str, ...], ...]) -> int:
        """Codes for flag sets in a row (``code``, ``code + 1`` …); the first code."""
        code = len(self._flag_sets)
        self._flag_sets.extend(block)
        return code

    def hold_scores(self, scale: int) -> int:
        """Scores held with at least ``scale`` decimals (at most WORK_SCALE, where every
        score below 10^12 fits 63 bits); the scale they are held at."""
        scale = min(scale, WORK_SCALE)
        if self.score_scale is None:
            self.score_scale = scale
        elif scale > self.score_scale:
            self.score_words[:, 0] *= 10 ** (scale - self.score_scale)  # scores are ≥ 0
            self.score_scale = scale
        return self.score_scale

    def put_records(self, rows: Codes, codes: Codes, records: list[Record]) -> None:
        """Rows ``rows`` get ``records[codes]``."""
        m = len(records)
        status = np.empty(m, dtype=np.int8)
        reason = np.empty(m, dtype=np.int32)
        flags = np.empty(m, dtype=np.int32)
        score = np.zeros(m, dtype=np.int64)
        score_valid = np.zeros(m, dtype=np.bool_)
        ratio = np.zeros((m, 2), dtype=np.int64)
        ratio_valid = np.zeros(m, dtype=np.bool_)
        held = self.hold_scores(max((_scale(r.score) for r in records if r.score is not None),
                                    default=0))
        wide: dict[int, Decimal] = {}
        for at, record in enumerate(records):
            status[at] = _STATUS_CODE[record.status]
            reason[at] = self.reason_code(record.reason)
            flags[at] = self.flags_code(record.flags)
            if record.score is not None:
                if _scale(record.score) > held or record.score >= _SCORE_LIMIT:
                    wide[at] = record.score
                else:
                    score[at] = int(record.score.scaleb(held, context=ACTIVE_CONTEXT))
                    score_valid[at] = True
            rounded = None if record.ratio is None else _ratio(record.ratio)
            if rounded is not None:
                unscaled = int(rounded.scaleb(RATIO_SCALE, context=_WIDE))
                ratio[at] = ((unscaled + 2**63) % 2**64 - 2**63, unscaled >> 64)
                ratio_valid[at] = True
        self.status[rows] = status[codes]
        self.reason[rows] = reason[codes]
        self.flags[rows] = flags[codes]
        self.score_words[rows, 0] = score[codes]
        self.score_valid[rows] = score_valid[codes]
        self.ratio_words[rows] = ratio[codes]
        self.ratio_valid[rows] = ratio_valid[codes]
        if self.explanation is not None:
            base = len(self._explanations)
            self._explanations.extend(record.explanation for record in records)
            self.explanation[rows] = codes + base
        for at, value in wide.items():
            for row in rows[codes == at].tolist():
                self._wide_scores[row] = value

    def columns(self) -> dict[str, pa.Array]:
        """The added columns, in order."""
        out = {
            "status": pa.DictionaryArray.from_arrays(
                pa.array(self.status), pa.array(STATUSES, type=pa.string())),
            "score": self._scores(),
            "ratio": _decimals(self.ratio_words, self.ratio_valid, RATIO_SCALE),
            "reason": pa.DictionaryArray.from_arrays(  # code 0 is None: a null
                pa.array(self.reason - 1, mask=self.reason == 0),
                pa.array(list(self._reasons)[1:], type=pa.string())),
            "flags": _lists(self.flags, self._flag_sets),
        }
        if self.explanation is not None:
            out["explanation"] = pa.array(self._explanations, type=pa.string()).take(
                pa.array(self.explanation))
        return out

    def _scores(self) -> pa.Array:
        held = self.score_scale or 0
        if not self._wide_scores:
            return _decimals(self.score_words, self.score_valid, held)
        # A score with more decimals than WORK_SCALE (a weight like 0.0000005 scored
        # full): the column takes the most decimals any score has, up to what it holds.
        scale = min(max(held, *map(_scale, self._wide_scores.values())), _MAX_SCORE_SCALE)
        values: list[Decimal | None] = [
            Decimal(int(v)).scaleb(-held) if ok else None
            for v, ok in zip(self.score_words[:, 0].tolist(), self.score_valid.tolist(),
                             strict=True)]
        for row, value in self._wide_scores.items():
            values[row] = value if _scale(value) <= scale else None
        return pa.array(values, type=pa.decimal128(38, scale))


def _lists(codes: npt.NDArray[np.int32], sets: list[tuple[str, ...]]) -> pa.Array:
    """A list<string> column: row i holds ``sets[codes[i]]`` (built with offsets, as
    most rows hold no flag)."""
    lengths = np.array([len(flags) for flags in sets], dtype=np.int32)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int32)
    values = pa.array([flag for flags in sets for flag in flags], type=pa.string())
    counts = lengths[codes]
    offsets = np.zeros(len(codes) + 1, dtype=np.int32)
    np.cumsum(counts, out=offsets[1:])
    total = int(offsets[-1])
    if total:
        rows = np.flatnonzero(counts)
        first = np.repeat(starts[codes[rows]] - offsets[rows], counts[rows])
        values = values.take(pa.array(first + np.arange(total, dtype=np.int32)))
    else:
        values = values.slice(0, 0)
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def _scale(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _ratio(ratio: Decimal) -> Decimal | None:
    """The ratio at six decimals, half-up; None when the column cannot hold it."""
    if not ratio.is_finite() or abs(ratio) >= _RATIO_LIMIT:
        return None
    return ratio.quantize(_RATIO_QUANTUM, ROUND_HALF_UP, context=_WIDE)


def _decimals(words: npt.NDArray[np.int64], valid: npt.NDArray[np.bool_],
              scale: int) -> pa.Array:
    """A decimal128(38, scale) column on the words as they are (no copy)."""
    n = len(words)
    kind = pa.decimal128(38, scale)
    if valid.all():
        return pa.Array.from_buffers(kind, n, [None, pa.py_buffer(words)])
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(kind, n, [bitmap, pa.py_buffer(words)],
                                 null_count=int(n - np.count_nonzero(valid)))
