"""Alert writers: CSV (one row per alert) and JSON lines (the hit record of formats.md §4)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from namematch.screen import Alert

__all__ = ["ALERT_COLUMNS", "AlertWriter"]

#: The CSV columns, fixed by the CLI contract (``reasons`` only with ``--explain``).
ALERT_COLUMNS = ("passenger_id", "watchlist_id", "score", "decision", "passenger_name",
                 "matched_name", "matched_name_type")


def _jsonl_record(alert: Alert, threshold: float, explain: bool) -> dict[str, Any]:
    c = alert.comparison
    rec: dict[str, Any] = alert.to_record(explain=False)
    rec["threshold"] = threshold
    rec["match"] = alert.decision in ("hit", "review")
    rec["features"] = {
        "name_score": round(c.name_score, 4),
        "dob": c.dob.outcome.value,
        "dob_adjustment": c.dob.adjustment,
        "gender": c.gender,
        "nationality": c.nationality,
    }
    rec["checks"] = {"dob": c.dob.outcome.value, "list_dob": c.dob.list_dob,
                     "nationality": c.nationality, "gender": c.gender,
                     "document": alert.document}
    rec["alignment"] = [
        {"passenger": m.passenger, "listed": m.listed,
         "role": m.role.value if m.role else None,
         "similarity": round(m.similarity, 4), "how": m.how}
        for m in c.alignment
    ]
    if explain:
        rec["reasons"] = alert.reasons()
    return rec


class AlertWriter:
    """Writes alerts to a text stream as ``csv`` or ``jsonl``."""

    def __init__(self, fh: TextIO, *, fmt: str = "csv", explain: bool = False,
                 threshold: float = 0.0, source: str | None = None) -> None:
        if fmt not in ("csv", "jsonl"):
            msg = f"unknown output format {fmt!r}; expected csv or jsonl"
            raise ValueError(msg)
        self.fh = fh
        self.fmt = fmt
        self.explain = explain
        self.threshold = threshold
        self.source = source
        self.count = 0
        self._csv: Any = None
        if fmt == "csv":
            cols = (*ALERT_COLUMNS, "reasons") if explain else ALERT_COLUMNS
            self._csv = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
            self._csv.writeheader()

    def write(self, alerts: Iterable[Alert]) -> None:
        """Write alerts as they come."""
        for a in alerts:
            self.count += 1
            if self._csv is not None:
                self._csv.writerow(a.to_record(explain=self.explain))
            else:
                rec = _jsonl_record(a, self.threshold, self.explain)
                if self.source:
                    rec["list_source"] = self.source
                self.fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
