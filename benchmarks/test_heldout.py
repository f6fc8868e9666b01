"""Accuracy on held-out seeds: sets the scorer was never tuned on, beside the baseline.

The committed set (seed 2396) is the benchmark every change is checked against, so its
figures may flatter the scorer. This benchmark generates sets of the same shape with other
seeds (:data:`SEEDS`: 1,000 listed persons, 20,000 passengers each, into
``.benchmarks/data/seed<N>/``), evaluates namematch at its default threshold and the all-pairs
baseline at its own best-F1 threshold in the same run, and writes
``.benchmarks/heldout.json`` (``{seed: {"namematch": metrics, "baseline": metrics}}``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchdata import generated, stamp
from namematch.benchmarking import run_evaluation
from namematch.synth import SynthConfig

#: Seeds of the held-out sets (the committed set is 2396). Seeds 7 and 11 were looked at when
#: typing-slip misses were studied; 13 and 17 were added after, unseen.
SEEDS = (7, 11, 13, 17)


@pytest.mark.parametrize("seed", SEEDS)
def test_heldout(seed: int, results_dir: Path) -> None:
    """Evaluate one held-out seed; namematch must beat the baseline's best F1 there too."""
    folder = generated(f"seed{seed}", SynthConfig(seed=seed))
    ev = run_evaluation(folder / "watchlist.csv", folder / "passengers.csv",
                        folder / "truth.csv", with_baseline=True)
    d, best = ev.at_default, ev.baseline_best
    assert best is not None
    path = results_dir / "heldout.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data[str(seed)] = {"namematch": d.as_dict(), "baseline": best.as_dict(),
                       "with_ambiguous": ev.with_ambiguous.as_dict() if ev.with_ambiguous
                       else None, **stamp()}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert d.f1 > best.f1
