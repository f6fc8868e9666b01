"""The evaluation harness behind ``namematch evaluate`` and ``benchmarks/``.

Screens a labelled passenger set once at a low floor (so every threshold's metrics come from
one run), times it, and optionally runs the all-pairs rapidfuzz baseline
(:mod:`namematch.baseline`) in the same process, so accuracy and speed are reported side by
side as ratios.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from namematch import io as nmio
from namematch.baseline import baseline_alerts
from namematch.evaluate import Metrics, TruthRow, evaluate_alerts, read_truth
from namematch.screen import ScreenConfig, Screener, Watchlist
from namematch.types import Passenger, Rejected

__all__ = ["CURVE_THRESHOLDS", "EvaluationResult", "run_evaluation", "screen_scores"]

#: Thresholds of the precision/recall curve.
CURVE_THRESHOLDS = tuple(round(0.50 + 0.02 * i, 2) for i in range(26))
#: Floor used to collect scores once for the whole curve.
FLOOR = 0.5


@dataclass
class EvaluationResult:
    """Metrics at the default threshold, the curve, timings, and the baseline if run."""

    at_default: Metrics
    curve: list[Metrics]
    screen_seconds: float
    build_seconds: float
    passengers: int
    list_names: int
    baseline_curve: list[Metrics] = field(default_factory=list)
    baseline_seconds: float | None = None
    #: The default threshold's metrics with ambiguous negatives and alerts counted as false.
    with_ambiguous: Metrics | None = None

    @property
    def baseline_best(self) -> Metrics | None:
        """The baseline at its own best-F1 threshold (its fairest figure)."""
        if not self.baseline_curve:
            return None
        return max(self.baseline_curve, key=lambda m: m.f1)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        out: dict[str, Any] = {
            "default": self.at_default.as_dict(),
            "default_with_ambiguous": self.with_ambiguous.as_dict()
            if self.with_ambiguous else None,
            "curve": [m.as_dict() for m in self.curve],
            "screen_seconds": round(self.screen_seconds, 3),
            "build_seconds": round(self.build_seconds, 3),
            "passengers": self.passengers, "list_names": self.list_names,
            "passengers_per_second": round(self.passengers / self.screen_seconds, 1)
            if self.screen_seconds else None,
        }
        if self.baseline_curve:
            best = self.baseline_best
            assert best is not None
            out["baseline"] = {"best": best.as_dict(),
                               "curve": [m.as_dict() for m in self.baseline_curve],
                               "seconds": round(self.baseline_seconds or 0.0, 3)}
            if self.baseline_seconds:
                out["speedup_vs_baseline"] = round(self.baseline_seconds / self.screen_seconds, 2)
        return out


def load_passengers(path: str | Path) -> list[Passenger]:
    """All usable passenger records of a file (rejects are dropped here: evaluation only)."""
    return [r for r in nmio.read_passengers(path) if not isinstance(r, Rejected)]


def screen_scores(screener: Screener,
                  passengers: list[Passenger]) -> list[tuple[str, str, float]]:
    """Screen and return ``(passenger_id, watchlist_id, score)`` for every reported alert."""
    return [(a.passenger_id, a.watchlist_id, a.score) for a in screener.screen(passengers)]


def run_evaluation(watchlist: str | Path, passengers: str | Path, truth: str | Path, *,
                   with_baseline: bool = False,
                   config: ScreenConfig | None = None) -> EvaluationResult:
    """Screen, score against truth at every curve threshold, optionally run the baseline."""
    cfg = config or ScreenConfig()
    t0 = time.perf_counter()
    wl = Watchlist.from_file(watchlist)
    build = time.perf_counter() - t0
    pax = load_passengers(passengers)
    rows: list[TruthRow] = read_truth(truth)
    screener = Screener(wl, cfg, report_threshold=FLOOR, max_alerts_per_passenger=10)
    t0 = time.perf_counter()
    scores = screen_scores(screener, pax)
    secs = time.perf_counter() - t0
    thresholds = sorted({*CURVE_THRESHOLDS, cfg.review_threshold, cfg.hit_threshold})
    curve = evaluate_alerts(rows, scores, thresholds=thresholds)
    default = next(m for m in curve if m.threshold == cfg.review_threshold)
    result = EvaluationResult(default, curve, secs, build, len(pax), wl.n_names)
    result.with_ambiguous = evaluate_alerts(rows, scores, thresholds=(cfg.review_threshold,),
                                            include_ambiguous=True)[0]
    if with_baseline:
        t0 = time.perf_counter()
        b = list(baseline_alerts(wl.persons, pax, floor=FLOOR))
        result.baseline_seconds = time.perf_counter() - t0
        result.baseline_curve = evaluate_alerts(rows, b, thresholds=CURVE_THRESHOLDS)
    return result
