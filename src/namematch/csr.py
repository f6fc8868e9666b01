"""Compressed sparse rows: the layout of the per-person and per-name tables of an index.

A table of variable-length rows (a person's dates of birth, a name's keys, a column of
strings as bytes) is a flat array of values plus ``offsets``: row ``i`` is
``values[offsets[i]:offsets[i + 1]]``. These helpers select and join rows with numpy alone, so
an index update keeps a million rows without building a Python object per row.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt

__all__ = ["SINGLE_PASS_MIN", "distinct_sorted", "join_offsets", "offsets_of", "ranges",
           "single_values", "take_rows"]

#: Rows compared at once from which a fast pass over the rows with a single value
#: (:func:`single_values`) pays: below a few hundred, one general pass makes fewer numpy
#: calls than the fast pass plus the general pass for the rows it leaves; from a thousand
#: on, the fast pass is a third faster (measured on the date and nationality tables).
SINGLE_PASS_MIN = 500

IntArray = npt.NDArray[np.int64]
_Array = TypeVar("_Array", bound=npt.NDArray[Any])


def ranges(lo: IntArray, cnt: IntArray) -> IntArray:
    """Concatenated ``arange(lo[i], lo[i] + cnt[i])`` for all i, vectorised."""
    total = int(cnt.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.cumsum(cnt) - cnt
    return np.repeat(lo - starts, cnt) + np.arange(total, dtype=np.int64)


def distinct_sorted(ids: _Array) -> _Array:
    """The distinct values of a sorted array, in order (``np.unique`` without its sort)."""
    if len(ids) < 2:
        return ids
    keep = np.empty(len(ids), dtype=bool)
    keep[0] = True
    np.not_equal(ids[1:], ids[:-1], out=keep[1:])
    return cast("_Array", ids[keep])


def offsets_of(counts: IntArray) -> IntArray:
    """Offsets of rows of ``counts`` values."""
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def take_rows(offsets: IntArray, rows: npt.NDArray[np.integer]) -> tuple[IntArray, IntArray]:
    """The offsets of rows ``rows`` (in that order) and the positions of their values."""
    lo = offsets[rows]
    cnt = offsets[rows + 1] - lo
    return offsets_of(cnt), ranges(lo, cnt)


def join_offsets(head: IntArray, tail: IntArray) -> IntArray:
    """Offsets of the rows of ``head`` followed by those of ``tail`` (values concatenated)."""
    return np.concatenate([head, tail[1:] + head[-1]])


def single_values(offsets: IntArray, values: npt.NDArray[np.integer], *, none: int,
                  many: int) -> npt.NDArray[np.int64]:
    """Per row, its value when it has exactly one, else ``none`` (no value) or ``many``: most
    people have one date of birth and one nationality, compared with a single gather."""
    cnt = np.diff(offsets)
    first = np.minimum(offsets[:-1], max(len(values) - 1, 0))
    out = np.where(cnt == 1, values[first] if len(values) else none, many).astype(np.int64)
    out[cnt == 0] = none
    return out
