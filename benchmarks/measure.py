"""Run a namematch command in this process and report its peak memory as JSON on stderr.

Usage::

    python benchmarks/measure.py cli index build W.csv --output I.nmi
    python benchmarks/measure.py load I.nmi
    python benchmarks/measure.py lookup I.nmi PASSENGERS.csv ROUNDS

The last stderr line is ``MEASURE {"exit": 0, "peak_mb": ..., "children_peak_mb": ...,
"seconds": ...}``.

Why a wrapper: ``ru_maxrss`` of a child process started from a large parent (the pytest
process holding a loaded watchlist) starts at the parent's resident size, because Linux
carries the pre-``exec`` high-water mark over. ``VmHWM`` in ``/proc/self/status`` belongs to
the new address space, so it is the command's own peak. ``children_peak_mb`` is
``ru_maxrss`` of the ``--workers`` processes (their resident size includes pages shared with
the parent by ``fork``, so the two figures must not be added).

``lookup`` times single lookups as a screening service sees them: a process that loaded the
index and screened the manifest's first 500 passengers (its caches warm), then ``ROUNDS``
calls of ``Screener.screen_one`` cycling through those passengers again; the report adds
``lookup_mean_ms``, ``lookup_median_ms`` and ``lookup_max_ms``. In a process of its own the
figure does not depend on what other benchmark cases left in memory (measured at 1M names:
0.83 ms alone, 0.95 ms after the in-process build of the list, 1.02-1.17 ms after the whole
suite's earlier cases).
"""

from __future__ import annotations

import itertools
import json
import resource
import statistics
import sys
import time
from typing import Any

#: Passengers screened to warm the caches before lookups are timed (here and in the
#: in-suite figure of ``test_lookup``).
LOOKUP_WARM = 500


def lookup_latency(index: str, passengers: str, rounds: int) -> dict[str, Any]:
    """Load ``index``, screen the first :data:`LOOKUP_WARM` passengers, then time ``rounds``
    single lookups cycling through them; mean, median and max in ms."""
    from namematch.benchmarking import load_passengers
    from namematch.screen import Screener, Watchlist

    screener = Screener(Watchlist.load(index))
    pax = load_passengers(passengers)[:LOOKUP_WARM]
    for p in pax:
        screener.screen_one(p)
    times = []
    for p in itertools.islice(itertools.cycle(pax), rounds):
        t0 = time.perf_counter()
        screener.screen_one(p)
        times.append(time.perf_counter() - t0)
    return {"lookups": len(times), "lookup_mean_ms": round(1e3 * statistics.mean(times), 3),
            "lookup_median_ms": round(1e3 * statistics.median(times), 3),
            "lookup_max_ms": round(1e3 * max(times), 3)}


def vm_hwm_mb() -> float:
    """Peak resident set of this process in MB (``VmHWM``; ``ru_maxrss`` off Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main(argv: list[str]) -> int:
    """Run ``cli ARGS...``, ``load PATH`` or ``lookup PATH PASSENGERS ROUNDS``; print the
    MEASURE line; return the exit code."""
    if not argv or argv[0] not in ("cli", "load", "lookup") or (
            argv[0] == "lookup" and len(argv) != 4):
        print("usage: measure.py cli ARGS... | load INDEX.nmi | "
              "lookup INDEX.nmi PASSENGERS.csv ROUNDS", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    extra: dict[str, Any] = {}
    if argv[0] == "cli":
        from namematch.cli import main as cli_main

        code = cli_main(argv[1:])
    elif argv[0] == "lookup":
        extra = lookup_latency(argv[1], argv[2], int(argv[3]))
        code = 0
    else:
        from namematch.screen import Watchlist

        wl = Watchlist.load(argv[1])
        code = 0 if wl.n_names else 1
    secs = time.perf_counter() - t0
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    sys.stdout.flush()
    report = {"exit": code, "peak_mb": round(vm_hwm_mb(), 1),
              "children_peak_mb": round(children, 1), "seconds": round(secs, 4), **extra}
    print("MEASURE " + json.dumps(report), file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
