"""Rows as codes: every column a key depends on is dictionary-encoded, so each distinct
target (with its category and unit), actual and weight is read once however many rows
repeat it, and rows are grouped by integers instead of by Python objects."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ("Codes", "codes_of", "combine")

Codes = npt.NDArray[np.int64]
#: Above this many possible pairs, pairs are numbered by sorting instead of a table.
_DENSE_LIMIT = 1 << 24


def codes_of(array: pa.Array) -> tuple[Codes, list[Any]]:
    """Each row's code and the distinct values the codes point at (a null is a value,
    ``None``)."""
    if not pa.types.is_dictionary(array.type):
        array = pc.dictionary_encode(array, null_encoding="encode")
    values: list[Any] = array.dictionary.to_pylist()
    indices = array.indices
    if indices.null_count:
        indices = indices.fill_null(len(values))
        values.append(None)
    return indices.to_numpy(zero_copy_only=False).astype(np.int64, copy=False), values


def combine(left: Codes, left_count: int, right: Codes, right_count: int,
            ) -> tuple[Codes, Codes, Codes]:
    """Codes for the distinct (left, right) pairs present, numbered from 0: the row
    codes, and for each pair its left and its right code."""
    key = left * right_count + right
    possible = left_count * right_count
    if possible <= max(_DENSE_LIMIT, 2 * len(key)):
        present = np.zeros(possible, dtype=np.bool_)
        present[key] = True
        pairs = np.flatnonzero(present).astype(np.int64)
        number = np.cumsum(present, dtype=np.int64) - 1
        codes: Codes = number[key]
    else:
        pairs, inverse = np.unique(key, return_inverse=True)
        codes = inverse.astype(np.int64, copy=False).reshape(-1)
    return codes, pairs // right_count, pairs % right_count
