"""Where a passenger's time goes, stage by stage, in process on one core.

Usage::

    python benchmarks/stages.py INDEX.nmi PASSENGERS.csv [N] [WARM]

Loads a saved index, screens the first ``WARM`` passengers to fill the caches (default 2,000),
then times the next ``N`` (default 2,000) with each stage function wrapped in a timer:
reading the name, preparing it, blocking, the evidence tables, the name bound (with its slip
checks and its arithmetic) and the alignment of the names that survive it. Then it times the
same ``N`` passengers again. The first column is what a new passenger costs once the common
spellings are known; the second is what is left when every spelling, unit, token pair and
alignment of those passengers is already remembered: the per-passenger work no cache saves.
Their difference is the work done once per new spelling or pair. The wrappers cost a little
(a fraction of a microsecond a call); the stages' sizes against each other are what this is
for.
"""

from __future__ import annotations

import collections
import functools
import gc
import itertools
import sys
import time
from collections.abc import Callable
from typing import Any

from namematch import cheap, index, screen
from namematch import io as nmio
from namematch.types import Passenger

#: (object, function name, label) of the stages timed.
STAGES = (
    (screen.Screener, "readings", "read"),
    (screen, "prepare", "prepare"),
    (index.NameIndex, "candidates", "blocking"),
    (screen.Watchlist, "evidence_adjustments", "evidence"),
    (cheap.CheapTable, "upper_bounds", "bound"),
    (cheap.CheapTable, "_lift_checked", "bound: slip checks"),
    (cheap.CheapTable, "_bounds_from", "bound: arithmetic"),
    (screen.Screener, "_align_best", "alignment"),
)


def main(argv: list[str]) -> int:
    """Print microseconds per passenger for each stage."""
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    n = int(argv[2]) if len(argv) > 2 else 2000
    warm = int(argv[3]) if len(argv) > 3 else 2000
    gc.disable()
    screener = screen.Screener(screen.Watchlist.load(argv[0]))
    records = [r for r in itertools.islice(nmio.read_passengers(argv[1]), warm + n)
               if isinstance(r, Passenger)]
    spent: dict[str, float] = collections.defaultdict(float)

    def timed(fn: Callable[..., Any], label: str) -> Callable[..., Any]:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - t0
        return run

    for p in records[:warm]:
        screener.screen_one(p)
    for owner, name, label in STAGES:
        setattr(owner, name, timed(getattr(owner, name), label))
    timed_records = records[warm:]
    count = max(len(timed_records), 1)
    columns: list[tuple[float, dict[str, float]]] = []
    for _ in range(2):
        spent.clear()
        t0 = time.perf_counter()
        for p in timed_records:
            screener.screen_one(p)
        columns.append((time.perf_counter() - t0, dict(spent)))
    print(f"{count} passengers after {warm}, µs per passenger: new, then the same again")
    (new_total, new), (again_total, again) = columns
    print(f"  {'all':20s} {1e6 * new_total / count:7.0f} {1e6 * again_total / count:7.0f}")
    for _, _, label in STAGES:
        print(f"  {label:20s} {1e6 * new.get(label, 0.0) / count:7.0f} "
              f"{1e6 * again.get(label, 0.0) / count:7.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
