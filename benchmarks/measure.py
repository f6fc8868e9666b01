"""Run a namematch command in this process and report its peak memory as JSON on stderr.

Usage::

    python benchmarks/measure.py cli index build W.csv --output I.nmi
    python benchmarks/measure.py load I.nmi

The last stderr line is ``MEASURE {"exit": 0, "peak_mb": ..., "children_peak_mb": ...,
"seconds": ...}``.

Why a wrapper: ``ru_maxrss`` of a child process started from a large parent (the pytest
process holding a loaded watchlist) starts at the parent's resident size, because Linux
carries the pre-``exec`` high-water mark over. ``VmHWM`` in ``/proc/self/status`` belongs to
the new address space, so it is the command's own peak. ``children_peak_mb`` is
``ru_maxrss`` of the ``--workers`` processes (their resident size includes pages shared with
the parent by ``fork``, so the two figures must not be added).
"""

from __future__ import annotations

import json
import resource
import sys
import time


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
    """Run ``cli ARGS...`` or ``load PATH``; print the MEASURE line; return the exit code."""
    if not argv or argv[0] not in ("cli", "load"):
        print("usage: measure.py cli ARGS... | load INDEX.nmi", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    if argv[0] == "cli":
        from namematch.cli import main as cli_main

        code = cli_main(argv[1:])
    else:
        from namematch.screen import Watchlist

        wl = Watchlist.load(argv[1])
        code = 0 if wl.n_names else 1
    secs = time.perf_counter() - t0
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    sys.stdout.flush()
    report = {"exit": code, "peak_mb": round(vm_hwm_mb(), 1),
              "children_peak_mb": round(children, 1), "seconds": round(secs, 4)}
    print("MEASURE " + json.dumps(report), file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
