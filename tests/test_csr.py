"""Row selection and joining on compressed sparse rows equals doing it row by row."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from namematch.csr import (
    distinct_sorted,
    join_offsets,
    offsets_of,
    ranges,
    single_values,
    take_rows,
)

_rows = st.lists(st.lists(st.integers(-5, 5), max_size=4), max_size=8)


def _pack(rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    counts = np.array([len(r) for r in rows], dtype=np.int64)
    values = np.array([v for r in rows for v in r], dtype=np.int64)
    return offsets_of(counts), values


def _unpack(offsets: np.ndarray, values: np.ndarray) -> list[list[int]]:
    return [values[offsets[i]:offsets[i + 1]].tolist() for i in range(len(offsets) - 1)]


@given(_rows, st.data())
def test_take_rows_selects_rows_in_order(rows: list[list[int]], data: st.DataObject) -> None:
    offsets, values = _pack(rows)
    pick = data.draw(st.lists(st.integers(0, max(len(rows) - 1, 0)), max_size=10)
                     if rows else st.just([]))
    new_off, idx = take_rows(offsets, np.array(pick, dtype=np.int64))
    assert _unpack(new_off, values[idx]) == [rows[i] for i in pick]


@given(_rows, _rows)
def test_join_offsets_appends_rows(head: list[list[int]], tail: list[list[int]]) -> None:
    h_off, h_val = _pack(head)
    t_off, t_val = _pack(tail)
    assert _unpack(join_offsets(h_off, t_off), np.concatenate([h_val, t_val])) == head + tail


def test_ranges_and_offsets() -> None:
    assert ranges(np.array([5, 0, 9]), np.array([2, 0, 3])).tolist() == [5, 6, 9, 10, 11]
    assert ranges(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)).size == 0
    assert offsets_of(np.array([2, 0, 3])).tolist() == [0, 2, 2, 5]


@given(_rows)
def test_single_values_are_a_rows_only_value(rows: list[list[int]]) -> None:
    offsets, values = _pack(rows)
    got = single_values(offsets, values, none=-10, many=-20).tolist()
    assert got == [r[0] if len(r) == 1 else -10 if not r else -20 for r in rows]


@given(st.lists(st.integers(-5, 5), max_size=12))
def test_distinct_sorted_is_unique(values: list[int]) -> None:
    ids = np.sort(np.array(values, dtype=np.int32))
    assert distinct_sorted(ids).tolist() == np.unique(ids).tolist()
