"""Writing rejected records (``--rejects FILE``)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from namematch.types import Rejected

__all__ = ["REJECT_COLUMNS", "write_rejects"]

REJECT_COLUMNS = ("source", "record_no", "record_id", "reason", "raw")


def write_rejects(rejected: Iterable[Rejected], fh: TextIO, *, header: bool = True) -> int:
    """Write rejected records as CSV ``source,record_no,record_id,reason,raw``.

    Args:
        rejected: The records.
        fh: A text stream opened with ``newline=""``.
        header: Write the header line first (turn off when appending).

    Returns:
        The number of records written.
    """
    writer = csv.writer(fh, lineterminator="\n")
    if header:
        writer.writerow(REJECT_COLUMNS)
    n = 0
    for r in rejected:
        writer.writerow([r.source or "", r.record_no, r.record_id or "", r.reason, r.raw or ""])
        n += 1
    return n
