"""Pair completeness of blocking (issue 7: >= 99.5 %), measured against an all-pairs run.

For each sampled passenger, every reading (:meth:`Screener.readings`) is compared with
**every** list name by the full scorer (:func:`namematch.score.compare_prepared` with the
date of birth, gender and nationality evidence, as ``Screener.screen_one`` calls it, with its
date prune: a person whose date of birth conflicts so clearly that no name score reaches the
threshold is skipped, blocked or not, so such pairs are neither alerts nor losses). A
(passenger, listed person) pair the all-pairs run would alert on (best score >= the review
threshold) *survives blocking* when the names the index returns for the passenger's readings
(``wl.index.candidates(prepare(reading), max_candidates=ScreenConfig().max_candidates)``)
still give that person a score >= the threshold. Pair completeness = surviving / alerting.
The name-level figure (reading x list name pairs >= threshold that are among the candidates)
and the true-pair figure (listed travellers' own alerts only: the recall blocking costs) are
reported beside it, with examples of lost pairs for tuning.

The all-pairs scoring runs in Python (~15,000 pairs/s per core), so passengers are sampled
per group (listed travellers, hard negatives: namesake / relative / near name, random
travellers) with a fixed seed; alerting pairs come almost only from the first two groups, so
they are oversampled and each sampled passenger is weighted by its group's inverse sampling
rate for the ``weighted`` figure. Both figures are in ``.benchmarks/completeness.json``.

* CI (not slow): the committed set, 2,000 passengers: every listed traveller, 600 hard
  negatives, 400 random travellers (under a minute on 2 cores).
* slow: the whole committed set (20,000 passengers), and the generated 10k / 100k / 1M lists.
"""

from __future__ import annotations

import multiprocessing as mp
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from benchdata import COMMITTED, SEED, bench_set, merge_json, stamp
from namematch.benchmarking import load_passengers
from namematch.dates import compare_dobs
from namematch.evaluate import TruthRow, read_truth
from namematch.score import compare_prepared, prepare
from namematch.screen import ScreenConfig, Screener, Watchlist
from namematch.types import Passenger

Bench = Any
TARGET = 0.995


def group_of(t: TruthRow | None) -> str:
    """``positive``, ``hard_negative`` or ``random`` for a truth row."""
    if t is None or (not t.watchlist_id and t.slice == "random"):
        return "random"
    return "positive" if t.watchlist_id else "hard_negative"


@dataclass
class PaxResult:
    """All-pairs vs blocked outcome of one passenger."""

    passenger_id: str
    alert_pairs: int = 0
    surviving_pairs: int = 0
    name_pairs: int = 0
    name_pairs_in_candidates: int = 0
    scored_pairs: int = 0
    lost: list[tuple[str, str, float]] = field(default_factory=list)
    #: watchlist ids of the persons the all-pairs run alerts on, and of those that survive.
    alerting_ids: list[str] = field(default_factory=list)
    surviving_ids: list[str] = field(default_factory=list)


_WL: Watchlist | None = None


def _check(p: Passenger) -> PaxResult:
    """Score ``p`` against every list name and against its blocking candidates only."""
    assert _WL is not None
    wl = _WL
    cfg = ScreenConfig()
    thr = cfg.review_threshold
    screener = Screener(wl, cfg)
    out = PaxResult(p.passenger_id)
    best_all: dict[int, float] = {}
    best_blocked: dict[int, float] = {}
    best_name: dict[int, tuple[str, str]] = {}
    dob_adj: dict[int, float] = {}
    for reading in screener.readings(p):
        pax = prepare(reading)
        if not pax.parts:
            continue
        cands = set(wl.index.candidates(pax, max_candidates=cfg.max_candidates)
                    .name_ids.tolist())
        for nid in range(wl.n_names):
            pi = int(wl.name_person[nid])
            person = wl.persons[pi]
            adj = dob_adj.get(pi)
            if adj is None:
                adj = dob_adj[pi] = compare_dobs(person.dobs, p.dob).adjustment
            if 1.0 + adj < thr:
                continue  # screen_one's own date prune: never reported, blocked or not
            ln = wl.names[nid]
            c = compare_prepared(
                pax, wl.prepared(nid), name_type=ln.name_type, list_dobs=person.dobs,
                pax_dob=p.dob, list_gender=person.gender, pax_gender=p.gender,
                list_nationalities=person.nationalities, pax_nationality=p.nationality)
            out.scored_pairs += 1
            if c.score < thr:
                continue
            out.name_pairs += 1
            if c.score > best_all.get(pi, -1.0):
                best_all[pi] = c.score
                best_name[pi] = (pax.text, ln.name)
            if nid in cands:
                out.name_pairs_in_candidates += 1
                best_blocked[pi] = max(best_blocked.get(pi, -1.0), c.score)
    out.alert_pairs = len(best_all)
    out.surviving_pairs = sum(1 for pi in best_all if best_blocked.get(pi, -1.0) >= thr)
    out.alerting_ids = [wl.persons[pi].id for pi in best_all]
    out.surviving_ids = [wl.persons[pi].id for pi in best_all
                         if best_blocked.get(pi, -1.0) >= thr]
    out.lost = [(*best_name[pi], round(s, 4)) for pi, s in best_all.items()
                if best_blocked.get(pi, -1.0) < thr]
    return out


def all_pairs(wl: Watchlist, pax: Sequence[Passenger], workers: int = 2) -> list[PaxResult]:
    """:func:`_check` every passenger, on ``workers`` forked processes when possible."""
    global _WL
    _WL = wl
    for nid in range(wl.n_names):  # prepare list names once, before forking
        wl.prepared(nid)
    try:
        if workers <= 1 or "fork" not in mp.get_all_start_methods():
            return [_check(p) for p in pax]
        with mp.get_context("fork").Pool(workers) as pool:
            return pool.map(_check, pax, chunksize=4)
    finally:
        _WL = None


def sample(pax: Sequence[Passenger], truth: Sequence[TruthRow],
           counts: dict[str, int]) -> tuple[list[Passenger], dict[str, float]]:
    """Seeded sample of ``counts[group]`` passengers per group, and each group's weight."""
    by_id = {t.passenger_id: t for t in truth}
    groups: dict[str, list[Passenger]] = defaultdict(list)
    for p in pax:
        groups[group_of(by_id.get(p.passenger_id))].append(p)
    rng = random.Random(SEED)
    chosen: list[Passenger] = []
    weights: dict[str, float] = {}
    for g in sorted(groups):
        members = groups[g]
        k = min(len(members), counts.get(g, 0))
        if k:
            chosen.extend(rng.sample(members, k))
            weights[g] = len(members) / k
    return chosen, weights


def summarise(results: Sequence[PaxResult], groups: dict[str, str],
              weights: dict[str, float], truth: dict[str, str]) -> dict[str, Any]:
    """Completeness figures (plain, weighted, per group) from per-passenger results.

    ``truth`` maps passenger id to the listed person they are (listed travellers only); the
    ``true_pair`` figures count only those pairs: the recall blocking costs.
    """
    true_alert = [r for r in results if truth.get(r.passenger_id) in r.alerting_ids]
    true_kept = [r for r in true_alert if truth[r.passenger_id] in r.surviving_ids]
    alert = sum(r.alert_pairs for r in results)
    kept = sum(r.surviving_pairs for r in results)
    wa = sum(r.alert_pairs * weights[groups[r.passenger_id]] for r in results)
    wk = sum(r.surviving_pairs * weights[groups[r.passenger_id]] for r in results)
    names = sum(r.name_pairs for r in results)
    names_kept = sum(r.name_pairs_in_candidates for r in results)
    per_group: dict[str, dict[str, Any]] = {}
    for g in sorted(set(groups.values())):
        rs = [r for r in results if groups[r.passenger_id] == g]
        a = sum(r.alert_pairs for r in rs)
        per_group[g] = {"passengers": len(rs), "alert_pairs": a,
                        "surviving_pairs": sum(r.surviving_pairs for r in rs),
                        "completeness": round(sum(r.surviving_pairs for r in rs) / a, 5)
                        if a else None, "weight": round(weights[g], 3)}
    lost = [{"passenger_id": r.passenger_id, "passenger_name": n, "list_name": m, "score": s}
            for r in results for n, m, s in r.lost]
    return {
        "passengers": len(results), "scored_pairs": sum(r.scored_pairs for r in results),
        "alert_pairs": alert, "surviving_pairs": kept,
        "pair_completeness": round(kept / alert, 5) if alert else None,
        "pair_completeness_weighted": round(wk / wa, 5) if wa else None,
        "true_pairs_alerting": len(true_alert), "true_pairs_surviving": len(true_kept),
        "true_pair_completeness": round(len(true_kept) / len(true_alert), 5)
        if true_alert else None,
        "name_pairs": names, "name_pairs_in_candidates": names_kept,
        "name_pair_completeness": round(names_kept / names, 5) if names else None,
        "threshold": ScreenConfig().review_threshold,
        "max_candidates": ScreenConfig().max_candidates, "target": TARGET,
        "groups": per_group, "lost_examples": lost[:25], "lost_total": len(lost)}


def run_completeness(label: str, wl: Watchlist, passengers: Path, truth_path: Path,
                     counts: dict[str, int], results_dir: Path) -> dict[str, Any]:
    """Sample, score all pairs, summarise, and store under ``label`` in completeness.json."""
    pax = load_passengers(passengers)
    truth = read_truth(truth_path)
    chosen, weights = sample(pax, truth, counts)
    by_id = {t.passenger_id: t for t in truth}
    groups = {p.passenger_id: group_of(by_id.get(p.passenger_id)) for p in chosen}
    t0 = time.perf_counter()
    results = all_pairs(wl, chosen)
    secs = time.perf_counter() - t0
    summary = summarise(results, groups, weights,
                        {t.passenger_id: t.watchlist_id for t in truth if t.watchlist_id})
    summary.update({"list_names": wl.n_names, "seconds": round(secs, 1),
                    "pairs_per_second": round(summary["scored_pairs"] / secs), **stamp()})
    merge_json(results_dir / "completeness.json", label, summary)
    return summary


def _report(benchmark: Bench, summary: dict[str, Any]) -> None:
    benchmark.extra_info.update({k: v for k, v in summary.items()
                                 if k not in ("lost_examples", "groups")})
    assert summary["alert_pairs"] > 0, "the sample produced no alerting pair: sample more"
    # Completeness is a measured figure; the test fails only if blocking finds no pair at all.
    assert summary["surviving_pairs"] > 0


CI_COUNTS = {"positive": 1000, "hard_negative": 600, "random": 400}


def test_completeness_committed(benchmark: Bench, results_dir: Path) -> None:
    """CI: 2,000 passengers of the committed set against all ~3,200 names."""
    wl = Watchlist.from_file(COMMITTED / "watchlist.csv")
    summary = benchmark.pedantic(
        run_completeness, args=("committed", wl, COMMITTED / "passengers.csv",
                                COMMITTED / "truth.csv", CI_COUNTS, results_dir),
        rounds=1, iterations=1)
    _report(benchmark, summary)


@pytest.mark.slow
def test_completeness_committed_large(benchmark: Bench, results_dir: Path) -> None:
    """Slow: all 20,000 passengers of the committed set."""
    wl = Watchlist.from_file(COMMITTED / "watchlist.csv")
    counts = {"positive": 20_000, "hard_negative": 20_000, "random": 20_000}
    summary = benchmark.pedantic(
        run_completeness, args=("committed-large", wl, COMMITTED / "passengers.csv",
                                COMMITTED / "truth.csv", counts, results_dir),
        rounds=1, iterations=1)
    _report(benchmark, summary)


#: Passengers sampled per group at each generated list size (all-pairs cost grows with it).
SIZE_COUNTS = {10_000: {"positive": 250, "hard_negative": 150, "random": 100},
               100_000: {"positive": 100, "hard_negative": 50, "random": 20},
               1_000_000: {"positive": 30, "hard_negative": 15, "random": 5}}


@pytest.mark.slow
@pytest.mark.parametrize("names", list(SIZE_COUNTS), ids=["10k", "100k", "1M"])
def test_completeness_generated(names: int, benchmark: Bench, results_dir: Path) -> None:
    """Slow: the generated 10k / 100k / 1M lists, small passenger samples."""
    ds = bench_set(names)
    wl = Watchlist.from_file(ds.watchlist)
    summary = benchmark.pedantic(
        run_completeness, args=(ds.label, wl, ds.passengers, ds.truth, SIZE_COUNTS[names],
                                results_dir), rounds=1, iterations=1)
    _report(benchmark, summary)
