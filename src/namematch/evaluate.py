"""Evaluation against ground truth: precision, recall, F1, false alerts, by slice, by threshold.

Definitions (per passenger, the way an officer experiences alerts):

* a **true alert** is an alert at or above the threshold naming the listed person the passenger
  really is; **recall** is the share of listed passengers that get their true alert;
* a **false alert** is any other alert at or above the threshold (a namesake, or the wrong
  listed person for a listed passenger); **precision** is true alerts / all alerts;
* **false alerts per 1,000 passengers** is over all passengers screened;
* per slice: recall for positive slices, **clear rate** (share with no false alert) for
  negative slices;
* **ambiguous** negatives (truth column ``ambiguous=1``: a traveller with the same name as a
  listed person and no date-of-birth evidence either way) are left out of the headline
  figures by default, because no screener can clear them from the record alone; the figures
  with them included are reported beside (``include_ambiguous=True``);
* by the same rule, an alert that names one of the other listed persons a *listed*
  traveller cannot be told apart from (truth column ``ambiguous_with``: same name, no
  date-of-birth evidence either way) is neither a true nor a false alert by default, and a
  false one with ``include_ambiguous=True``.

:func:`evaluate_alerts` computes all of it from ``(passenger_id, watchlist_id, score)`` triples
scored once at a low floor, so the precision/recall curve over thresholds costs nothing extra.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from namematch.errors import InputError

__all__ = [
    "Metrics",
    "TruthRow",
    "evaluate_alerts",
    "format_report",
    "read_truth",
]


@dataclass(frozen=True, slots=True)
class TruthRow:
    """Ground truth for one passenger (``watchlist_id`` empty for a non-match)."""

    passenger_id: str
    watchlist_id: str
    slice: str
    form: str = ""
    list_script: str = ""
    passenger_script: str = ""
    #: A negative no screener can separate from a listed person (same name, no date of birth
    #: evidence either way); reported apart, see :func:`evaluate_alerts`.
    ambiguous: bool = False
    #: Other listed persons a listed passenger cannot be told apart from by the same rule;
    #: an alert on one of them is neither true nor false (counted as false with
    #: ``include_ambiguous``).
    ambiguous_with: frozenset[str] = frozenset()


def read_truth(path: str | Path) -> list[TruthRow]:
    """Read a truth CSV (``passenger_id,watchlist_id,slice`` plus optional columns)."""
    p = Path(path)
    try:
        fh = p.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        msg = f"cannot open truth file {path}: {exc.strerror}; check the path"
        raise InputError(msg) from None
    with fh:
        reader = csv.DictReader(fh)
        need = {"passenger_id", "watchlist_id", "slice"}
        have = set(reader.fieldnames or ())
        if not need <= have:
            msg = (f"truth file {path} lacks columns {sorted(need - have)} (found "
                   f"{sorted(have)}); expected passenger_id,watchlist_id,slice")
            raise InputError(msg)
        return [TruthRow(r["passenger_id"], r["watchlist_id"] or "", r["slice"] or "",
                         r.get("form") or "", r.get("list_script") or "",
                         r.get("passenger_script") or "",
                         (r.get("ambiguous") or "").strip() in ("1", "true", "yes"),
                         frozenset(w for w in (r.get("ambiguous_with") or "").split(";") if w))
                for r in reader]


@dataclass
class Metrics:
    """Accuracy at one threshold."""

    threshold: float
    passengers: int
    positives: int
    true_alerts: int
    false_alerts: int
    recall: float
    precision: float
    f1: float
    false_alerts_per_1000: float
    slices: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return {
            "threshold": self.threshold, "passengers": self.passengers,
            "positives": self.positives, "true_alerts": self.true_alerts,
            "false_alerts": self.false_alerts, "recall": round(self.recall, 4),
            "precision": round(self.precision, 4), "f1": round(self.f1, 4),
            "false_alerts_per_1000": round(self.false_alerts_per_1000, 3),
            "slices": self.slices,
        }


def _metrics_at(threshold: float, truth: Sequence[TruthRow],
                alerts: dict[str, list[tuple[str, float]]],
                cuts: Sequence[str], include_ambiguous: bool = False) -> Metrics:
    tp = fp = pos = 0
    slice_tot: dict[str, int] = defaultdict(int)
    slice_ok: dict[str, int] = defaultdict(int)
    for t in truth:
        skip = frozenset() if include_ambiguous else t.ambiguous_with
        got = [(w, s) for w, s in alerts.get(t.passenger_id, ())
               if s >= threshold and w not in skip]
        true_hit = bool(t.watchlist_id) and any(w == t.watchlist_id for w, _ in got)
        n_false = sum(1 for w, _ in got if w != t.watchlist_id)
        fp += n_false
        keys = [f"slice:{t.slice}"]
        if t.watchlist_id:
            # Cuts (form, scripts) describe listed travellers: recall per cut.
            keys.extend(f"{cut}:{getattr(t, cut)}" for cut in cuts if getattr(t, cut, ""))
            pos += 1
            tp += true_hit
            for k in keys:
                slice_tot[k] += 1
                slice_ok[k] += true_hit
        else:
            for k in keys:
                slice_tot[k] += 1
                slice_ok[k] += n_false == 0
    recall = tp / pos if pos else 0.0
    precision = tp / (tp + fp) if tp + fp else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    positive_slices = {f"slice:{t.slice}" for t in truth if t.watchlist_id}
    for t in truth:
        if t.watchlist_id:
            positive_slices.update(f"{c}:{getattr(t, c)}" for c in cuts if getattr(t, c))
    slices = {k: {"n": slice_tot[k],
                  ("recall" if k in positive_slices else "clear_rate"):
                  round(slice_ok[k] / slice_tot[k], 4)}
              for k in sorted(slice_tot)}
    n = len(truth)
    return Metrics(threshold, n, pos, tp, fp, recall, precision, f1,
                   1000.0 * fp / n if n else 0.0, slices)


def evaluate_alerts(truth: Sequence[TruthRow], alerts: Iterable[tuple[str, str, float]], *,
                    thresholds: Sequence[float] = (),
                    cuts: Sequence[str] = ("form", "passenger_script", "list_script"),
                    include_ambiguous: bool = False) -> list[Metrics]:
    """Metrics at each threshold from ``(passenger_id, watchlist_id, score)`` alerts."""
    if not include_ambiguous:
        truth = [t for t in truth if not t.ambiguous]
    by_pax: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for pid, wid, score in alerts:
        by_pax[pid].append((wid, score))
    return [_metrics_at(th, truth, by_pax, cuts, include_ambiguous) for th in thresholds]


def format_report(m: Metrics, *, baseline: Metrics | None = None) -> str:
    """A readable table of one threshold's metrics (with a baseline column if given)."""
    lines = [f"threshold {m.threshold:.2f}: passengers {m.passengers}, listed passengers "
             f"{m.positives}"]
    head = f"{'metric':<34}{'namematch':>10}" + (f"{'baseline':>10}" if baseline else "")
    lines.append(head)

    def row(label: str, a: float, b: float | None, fmt: str = ".4f") -> None:
        txt = f"{label:<34}{a:>10{fmt}}"
        if b is not None:
            txt += f"{b:>10{fmt}}"
        lines.append(txt)

    row("recall", m.recall, baseline.recall if baseline else None)
    row("precision", m.precision, baseline.precision if baseline else None)
    row("F1", m.f1, baseline.f1 if baseline else None)
    row("false alerts per 1,000 passengers", m.false_alerts_per_1000,
        baseline.false_alerts_per_1000 if baseline else None, ".2f")
    for k, v in m.slices.items():
        metric = "recall" if "recall" in v else "clear_rate"
        b = baseline.slices.get(k, {}).get(metric) if baseline else None
        row(f"  {k} {metric} (n={v['n']})", v[metric], b)
    return "\n".join(lines)
