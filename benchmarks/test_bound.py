"""The pruning is safe on a generated set: no candidate's reachable score is below its exact one.

The screener aligns only the candidates whose reachable score (the cheap name bound plus the
exact date-of-birth, nationality and gender adjustments, :meth:`Watchlist.evidence_adjustments`)
can reach the report threshold. Its alerts equal those of aligning every candidate only if
that reach never falls below the exact score. ``tests/test_cheap.py`` checks it on the
committed set; this benchmark checks every candidate pair of the first 2,000 passengers of the
cross-script set (:func:`benchdata.cross_script_set`: half of its listed people are listed
only in Arabic or Cyrillic script, and its passengers carry booking, passport and free-text
forms), where a shortcut that compared raw spelling lengths once hid slips behind a glued
article (ELMURZAEVA / MUTAEVA).
"""

from __future__ import annotations

import numpy as np

from benchdata import cross_script_set
from namematch.benchmarking import load_passengers
from namematch.cheap import BOUND_MARGIN, CheapTable
from namematch.score import align, compare_prepared, prepare
from namematch.screen import Screener, Watchlist

PASSENGERS = 2000
_SLACK = 1e-6


def test_reach_never_below_the_exact_score() -> None:
    folder = cross_script_set()
    wl = Watchlist.from_file(folder / "watchlist.csv")
    screener = Screener(wl)
    checked = 0
    below: list[tuple[str, str, float, float]] = []
    for p in load_passengers(folder / "passengers.csv")[:PASSENGERS]:
        for reading in screener.readings(p):
            pp = prepare(reading)
            ids = wl.index.candidates(pp).name_ids
            if len(ids) == 0 or not CheapTable.applies(pp):
                continue
            persons = wl.name_person[ids]
            adj = wl.evidence_adjustments(persons, p, pp)
            bound = wl.cheap.upper_bounds(pp, ids)
            reach = np.minimum(1.0, bound + BOUND_MARGIN + adj) + _SLACK
            for nid, pi, b, r in zip(ids.tolist(), persons.tolist(), bound.tolist(),
                                     reach.tolist(), strict=True):
                name_score, _ = align(pp, wl.prepared(nid))
                dobs, gender, nats = wl.evidence(pi)
                score = compare_prepared(
                    pp, wl.prepared(nid), name_type=wl.name_type(nid), list_dobs=dobs,
                    pax_dob=p.dob, list_gender=gender, pax_gender=p.gender,
                    list_nationalities=nats, pax_nationality=p.nationality).score
                checked += 1
                if name_score > b + BOUND_MARGIN + _SLACK or score > max(r, 0.0):
                    below.append((reading.raw, wl.names[nid].name, score, r))
    assert checked > 50_000
    assert not below, below[:10]
