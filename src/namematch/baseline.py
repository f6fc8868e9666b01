"""The all-pairs baseline a screening team would write by hand: unidecode + rapidfuzz.

Every passenger name is compared with every list name using
``rapidfuzz.fuzz.token_sort_ratio`` over ``unidecode``-folded, upper-cased text, through
``rapidfuzz.process.cdist`` (C++, all cores). It is timed in the same benchmark run as
namematch, so speed figures are ratios that hold on a noisy machine, and it sets the accuracy
floor namematch must beat.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import numpy as np
from rapidfuzz import fuzz, process
from unidecode import unidecode

from namematch.types import ListedPerson, Passenger

__all__ = ["AllPairsBaseline", "baseline_alerts", "baseline_text"]

_NON_ALNUM = re.compile(r"[^A-Z0-9]+")


def baseline_text(text: str) -> str:
    """unidecode, upper-case, punctuation (``/``, ``<``, ``-``) to spaces."""
    return _NON_ALNUM.sub(" ", unidecode(text).upper()).strip()


def _pax_text(p: Passenger) -> str:
    if p.name:
        return baseline_text(p.name)
    return baseline_text(f"{p.surname or ''} {p.given_names or ''}")


class AllPairsBaseline:
    """The baseline over one list: list names folded once, then every passenger chunk
    compared with all of them. Timing the two steps apart lets a benchmark extrapolate only
    the per-passenger part from a subsample."""

    def __init__(self, persons: Sequence[ListedPerson]) -> None:
        self.persons = persons
        choices: list[str] = []
        owner: list[int] = []
        for i, person in enumerate(persons):
            for ln in person.names:
                choices.append(baseline_text(ln.name))
                owner.append(i)
        self.choices = choices
        self.owner = np.asarray(owner, dtype=np.int64)

    def alerts(self, passengers: Sequence[Passenger], *, floor: float = 0.5,
               chunk: int = 2000, workers: int = -1) -> Iterator[tuple[str, str, float]]:
        """All-pairs ``token_sort_ratio``; yields ``(passenger_id, watchlist_id, score)``.

        The best score per listed person is kept; pairs below ``floor`` are dropped.
        """
        cutoff = int(floor * 100)
        for start in range(0, len(passengers), chunk):
            batch = passengers[start:start + chunk]
            queries = [_pax_text(p) for p in batch]
            m = process.cdist(queries, self.choices, scorer=fuzz.token_sort_ratio,
                              score_cutoff=cutoff, workers=workers, dtype=np.uint8)
            rows, cols = np.nonzero(m)
            best: dict[tuple[int, int], int] = {}
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                key = (r, int(self.owner[c]))
                v = int(m[r, c])
                if v > best.get(key, -1):
                    best[key] = v
            for (r, pi), v in best.items():
                yield batch[r].passenger_id, self.persons[pi].id, v / 100.0


def baseline_alerts(persons: Sequence[ListedPerson], passengers: Sequence[Passenger], *,
                    floor: float = 0.5, chunk: int = 2000,
                    workers: int = -1) -> Iterator[tuple[str, str, float]]:
    """All-pairs ``token_sort_ratio``; yields ``(passenger_id, watchlist_id, score in [0,1])``.

    The best score per listed person is kept; pairs below ``floor`` are dropped.
    """
    return AllPairsBaseline(persons).alerts(passengers, floor=floor, chunk=chunk,
                                            workers=workers)
