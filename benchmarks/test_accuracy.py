"""Accuracy on the committed synthetic set, by slice and by script pair, beside the baseline.

Runs :func:`namematch.benchmarking.run_evaluation` with the all-pairs baseline on
``data/synthetic/`` (1,000 listed persons, ~3,200 names, 20,000 passengers) and writes
``.benchmarks/accuracy.json``, which ``benchmarks/accuracy_gate.py`` checks in CI:

* ``default``: metrics at the default review threshold, with ``slices`` (recall per positive
  slice, clear rate per negative slice, recall per form / list script / passenger script);
* ``default_with_ambiguous``: the same with same-name-no-DOB negatives counted;
* ``curve``: the precision/recall curve; ``baseline``: the baseline's curve and its best-F1
  point (its fairest figure);
* ``cross_script``: recall of listed passengers per list script x passenger script, namematch
  at its default threshold and the baseline at its own best-F1 threshold (issue 4's table),
  plus the baseline at namematch's threshold (``baseline_at_namematch_threshold``).

The cross-script table screens the listed passengers again (a fraction of the manifest) with
the settings ``run_evaluation`` uses, and checks that its overall recall equals the headline
recall, so the table and the headline cannot drift apart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchdata import COMMITTED, cell_recall, stamp
from namematch.baseline import baseline_alerts
from namematch.benchmarking import FLOOR, EvaluationResult, load_passengers, run_evaluation
from namematch.evaluate import read_truth
from namematch.screen import ScreenConfig, Screener, Watchlist

Bench = Any


@pytest.fixture(scope="module")
def evaluation() -> EvaluationResult:
    """One evaluation of the committed set with the baseline."""
    return run_evaluation(COMMITTED / "watchlist.csv", COMMITTED / "passengers.csv",
                          COMMITTED / "truth.csv", with_baseline=True)


def cross_script(evaluation: EvaluationResult) -> dict[str, Any]:
    """Recall per list script x passenger script for namematch and the baseline."""
    cfg = ScreenConfig()
    truth = read_truth(COMMITTED / "truth.csv")
    positives = [t for t in truth if t.watchlist_id and not t.ambiguous]
    wanted = {t.passenger_id for t in positives}
    pax = [p for p in load_passengers(COMMITTED / "passengers.csv") if p.passenger_id in wanted]
    wl = Watchlist.from_file(COMMITTED / "watchlist.csv")
    screener = Screener(wl, cfg, report_threshold=FLOOR, max_alerts_per_passenger=10)
    ours = [(a.passenger_id, a.watchlist_id, a.score) for a in screener.screen(pax)]
    base = list(baseline_alerts(wl.persons, pax, floor=FLOOR))
    best = evaluation.baseline_best
    base_threshold = best.threshold if best else cfg.review_threshold
    nm = cell_recall(positives, ours, cfg.review_threshold)
    bl = cell_recall(positives, base, base_threshold)
    bl_same = cell_recall(positives, base, cfg.review_threshold)
    hits = sum(c["recall"] * c["n"] for row in nm.values() for c in row.values())
    return {"namematch_threshold": cfg.review_threshold, "baseline_threshold": base_threshold,
            "positives": len(positives), "overall_recall": round(hits / len(positives), 4),
            "namematch": nm, "baseline": bl, "baseline_at_namematch_threshold": bl_same}


def test_accuracy(evaluation: EvaluationResult, benchmark: Bench, results_dir: Path) -> None:
    """Write ``.benchmarks/accuracy.json``; namematch must beat the baseline's best F1."""
    table = benchmark.pedantic(cross_script, args=(evaluation,), rounds=1, iterations=1)
    out: dict[str, Any] = {"dataset": str(COMMITTED.relative_to(COMMITTED.parents[1])),
                           **evaluation.as_dict(), "cross_script": table, **stamp()}
    (results_dir / "accuracy.json").write_text(
        json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    d = evaluation.at_default
    best = evaluation.baseline_best
    assert best is not None
    benchmark.extra_info.update({
        "f1": round(d.f1, 4), "recall": round(d.recall, 4), "precision": round(d.precision, 4),
        "false_alerts_per_1000": round(d.false_alerts_per_1000, 3),
        "baseline_best_f1": round(best.f1, 4), "baseline_best_threshold": best.threshold,
        "screen_seconds": round(evaluation.screen_seconds, 3),
        "baseline_seconds": round(evaluation.baseline_seconds or 0.0, 3)})
    # The table screens the listed passengers again with the same settings: same recall.
    assert table["overall_recall"] == pytest.approx(d.recall, abs=1e-3)
    assert d.f1 > best.f1, f"namematch F1 {d.f1:.4f} <= baseline best {best.f1:.4f}"


def test_cross_script_beats_baseline(evaluation: EvaluationResult, results_dir: Path) -> None:
    """In every script pair with enough travellers, namematch recalls at least the baseline."""
    path = results_dir / "accuracy.json"
    if not path.exists():
        pytest.skip("test_accuracy did not write accuracy.json")
    table = json.loads(path.read_text(encoding="utf-8"))["cross_script"]
    worse = [(ls, ps, c["recall"], table["baseline"][ls][ps]["recall"])
             for ls, row in table["namematch"].items() for ps, c in row.items()
             if c["n"] >= 20 and c["recall"] < table["baseline"][ls][ps]["recall"]]
    assert not worse, f"script pairs where the baseline recalls more: {worse}"
