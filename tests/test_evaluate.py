"""Evaluation metrics: definitions checked on hand-computed cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from namematch.errors import InputError
from namematch.evaluate import TruthRow, evaluate_alerts, format_report, read_truth

TRUTH = [
    TruthRow("p1", "w1", "api"),
    TruthRow("p2", "w2", "pnr"),
    TruthRow("p3", "", "namesake"),
    TruthRow("p4", "", "random"),
]


def test_metrics_by_hand() -> None:
    alerts = [("p1", "w1", 0.95), ("p2", "w9", 0.9), ("p3", "w1", 0.85), ("p2", "w2", 0.7)]
    high, low = evaluate_alerts(TRUTH, alerts, thresholds=(0.8, 0.6))
    # threshold 0.8: p1 found; p2's true alert is below; two false alerts (p2->w9, p3->w1).
    assert high.true_alerts == 1 and high.false_alerts == 2
    assert high.recall == pytest.approx(0.5)
    assert high.precision == pytest.approx(1 / 3)
    assert high.false_alerts_per_1000 == pytest.approx(500.0)
    assert high.slices["slice:api"]["recall"] == 1.0
    assert high.slices["slice:pnr"]["recall"] == 0.0
    assert high.slices["slice:namesake"]["clear_rate"] == 0.0
    assert high.slices["slice:random"]["clear_rate"] == 1.0
    # threshold 0.6: p2 found too.
    assert low.recall == pytest.approx(1.0)
    assert low.f1 == pytest.approx(2 * 0.5 * 1.0 / 1.5)


def test_alert_on_an_indistinguishable_listed_person_is_neither_true_nor_false(
        tmp_path: Path) -> None:
    path = tmp_path / "truth.csv"
    path.write_text("passenger_id,watchlist_id,slice,ambiguous,ambiguous_with\n"
                    "p1,w1,api,,w7;w8\np2,,random,,\n", encoding="utf-8")
    truth = read_truth(path)
    assert truth[0].ambiguous_with == {"w7", "w8"}
    alerts = [("p1", "w1", 0.95), ("p1", "w7", 0.95), ("p1", "w9", 0.9)]
    (m,) = evaluate_alerts(truth, alerts, thresholds=(0.8,))
    assert m.true_alerts == 1 and m.false_alerts == 1  # w7 left out, w9 counted
    (counted,) = evaluate_alerts(truth, alerts, thresholds=(0.8,), include_ambiguous=True)
    assert counted.false_alerts == 2


def test_no_alerts_means_zero_recall_and_full_precision() -> None:
    (m,) = evaluate_alerts(TRUTH, [], thresholds=(0.8,))
    assert m.recall == 0.0 and m.precision == 1.0 and m.f1 == 0.0


def test_report_mentions_every_slice() -> None:
    (m,) = evaluate_alerts(TRUTH, [("p1", "w1", 0.9)], thresholds=(0.8,))
    text = format_report(m, baseline=m)
    for s in ("api", "pnr", "namesake", "random"):
        assert f"slice:{s}" in text


def test_read_truth_requires_columns(tmp_path: Path) -> None:
    p = tmp_path / "truth.csv"
    p.write_text("passenger_id,watchlist_id\np1,w1\n", encoding="utf-8")
    with pytest.raises(InputError, match="slice"):
        read_truth(p)
    p.write_text("passenger_id,watchlist_id,slice\np1,w1,api\np2,,random\n", encoding="utf-8")
    rows = read_truth(p)
    assert rows == [TruthRow("p1", "w1", "api"), TruthRow("p2", "", "random")]


def test_read_truth_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot open truth file"):
        read_truth(tmp_path / "nope.csv")
