"""Screening and index builds on several cores: the watchlist is shared with worker
processes by ``fork``.

Passengers are streamed in chunks with at most ``2 x workers`` chunks in flight (constant
memory however long the manifest); each chunk is screened in a worker and its alerts come back
in input order. Record accounting (read, screened, rejected) is merged into the parent
:class:`~namematch.screen.Screener`.

An index build parses and keys list names in workers (:func:`name_chunks_parallel`): each
returns the index pairs and bound table of a run of names as arrays, and the parent joins
them in order, so the saved index is identical to a one-process build.

On platforms without ``fork`` the work runs in-process.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import AsyncResult

from namematch.cheap import CheapTable
from namematch.index import IndexChunk
from namematch.screen import Alert, Screener, Watchlist
from namematch.types import Passenger, Rejected

__all__ = ["BUILD_CHUNK_SIZE", "CHUNK_SIZE", "name_chunks_parallel", "screen_parallel"]

#: Passengers per task: large enough to amortise inter-process traffic, small enough to keep
#: memory flat and both cores busy to the end (5,000 passengers in chunks of 2,000 left one
#: worker idle for the last chunk: 500 screens them 12 % faster).
CHUNK_SIZE = 500

#: List names per build task.
BUILD_CHUNK_SIZE = 5000

_WORKER: Screener | None = None
_BUILDING: Watchlist | None = None


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep the objects alive when the workers are forked (a loaded index, a million listed
    people) out of garbage collection while they run, in the parent and in the workers: a
    full collection would walk them all, and in a worker touching them copies the parent's
    pages. They are handed back to the collector afterwards. (A build also pauses the
    collector outright: :func:`namematch.screen.collector_paused`.)"""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _work(chunk: list[Passenger | Rejected]) -> tuple[list[Alert], int, int, list[Rejected]]:
    assert _WORKER is not None
    s = _WORKER
    s.read = s.screened = 0
    s.rejected = []
    alerts = list(s.screen(chunk))
    # What survives a chunk in a worker is its caches (romanisations, rebuilt list names,
    # posting unions), kept to the end: out of the collector's reach, full collections stop
    # walking them again and again (a fifth of screening time at 1M names). Cyclic garbage
    # is still collected while a chunk runs.
    gc.freeze()
    return alerts, s.read, s.screened, s.rejected


def _chunks(records: Iterable[Passenger | Rejected],
            size: int) -> Iterator[list[Passenger | Rejected]]:
    it = iter(records)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def screen_parallel(screener: Screener, records: Iterable[Passenger | Rejected], *,
                    workers: int = 2, chunk_size: int = CHUNK_SIZE) -> Iterator[list[Alert]]:
    """Yield each chunk's alerts, in input order, screening on ``workers`` processes."""
    global _WORKER
    if workers <= 1 or "fork" not in mp.get_all_start_methods():
        for chunk in _chunks(records, chunk_size):
            yield list(screener.screen(chunk))
        return
    _WORKER = Screener(screener.watchlist, screener.config)
    ctx = mp.get_context("fork")
    # At most this many chunks in flight: Pool.imap would read the whole input ahead of the
    # workers, so a 10-million-row manifest would not run in constant memory.
    window = 2 * workers
    pending: deque[AsyncResult[tuple[list[Alert], int, int, list[Rejected]]]] = deque()
    with _frozen_heap(), ctx.Pool(workers) as pool:
        for chunk in _chunks(records, chunk_size):
            pending.append(pool.apply_async(_work, (chunk,)))
            if len(pending) >= window:
                yield _collect(screener, pending.popleft().get())
        while pending:
            yield _collect(screener, pending.popleft().get())
    _WORKER = None


def _collect(screener: Screener,
             result: tuple[list[Alert], int, int, list[Rejected]]) -> list[Alert]:
    alerts, read, screened, rejected = result
    screener.read += read
    screener.screened += screened
    screener.rejected.extend(rejected)
    return alerts


def _chunk_work(bounds: tuple[int, int]) -> tuple[IndexChunk, CheapTable]:
    assert _BUILDING is not None
    return _BUILDING.name_chunk(*bounds)


def name_chunks_parallel(watchlist: Watchlist, *, workers: int = 2,
                         chunk_size: int = BUILD_CHUNK_SIZE,
                         ) -> Iterator[tuple[IndexChunk, CheapTable]]:
    """Yield :meth:`Watchlist.name_chunk` of consecutive runs of ``chunk_size`` list names,
    in id order, computed on ``workers`` processes (in-process when ``workers`` is 1 or
    ``fork`` is missing)."""
    global _BUILDING
    n = watchlist.n_names
    runs = [(lo, min(lo + chunk_size, n)) for lo in range(0, n, chunk_size)]
    if workers <= 1 or "fork" not in mp.get_all_start_methods():
        for lo, hi in runs:
            yield watchlist.name_chunk(lo, hi)
        return
    _BUILDING = watchlist
    ctx = mp.get_context("fork")
    window = 2 * workers
    pending: deque[AsyncResult[tuple[IndexChunk, CheapTable]]] = deque()
    try:
        with _frozen_heap(), ctx.Pool(workers) as pool:
            for run in runs:
                pending.append(pool.apply_async(_chunk_work, (run,)))
                if len(pending) >= window:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()
    finally:
        _BUILDING = None
