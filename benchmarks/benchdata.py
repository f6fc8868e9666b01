"""Benchmark datasets and result files, shared by ``conftest.py`` and the benchmark modules.

Datasets are generated once with :func:`namematch.synth.write_dataset` (seed 2396, the seed of
the committed set) into ``.benchmarks/data/n<names>/`` and reused by later runs. Each holds a
watchlist of the requested number of names and a passenger manifest generated *with* that list,
so the usual share of passengers (5 %) is listed and the screening path that finds, scores and
reports alerts is timed, not only the path that finds nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from namematch.evaluate import TruthRow
from namematch.synth import SynthConfig, write_dataset

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / ".benchmarks"
DATA = RESULTS / "data"
COMMITTED = ROOT / "data" / "synthetic"
SEED = 2396

#: List sizes benchmarked (names) and the passengers generated with each list. The larger
#: manifests give the 2-worker CLI run a few seconds of work, so start-up is amortised as in
#: real use (a flight manifest is small, a day's traffic is not).
SIZES: dict[int, int] = {10_000: 5_000, 100_000: 20_000, 1_000_000: 20_000}
SLOW_SIZES = frozenset({100_000, 1_000_000})


def size_params() -> list[Any]:
    """``pytest.param`` per list size, the large ones marked ``slow``."""
    return [pytest.param(n, id=_label(n), marks=[pytest.mark.slow] if n in SLOW_SIZES else [])
            for n in SIZES]


def _label(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"


@dataclass(frozen=True)
class BenchSet:
    """One generated dataset on disk."""

    names: int
    folder: Path

    @property
    def label(self) -> str:
        """``10k``, ``100k``, ``1M``."""
        return _label(self.names)

    @property
    def watchlist(self) -> Path:
        """The watchlist CSV."""
        return self.folder / "watchlist.csv"

    @property
    def passengers(self) -> Path:
        """The passenger manifest CSV."""
        return self.folder / "passengers.csv"

    @property
    def truth(self) -> Path:
        """The ground truth CSV."""
        return self.folder / "truth.csv"

    @property
    def index(self) -> Path:
        """Where the saved index of this list goes (written by the benchmarks)."""
        return self.folder / "index.nmi"


def generated(name: str, config: SynthConfig) -> Path:
    """Generate (once) the dataset of ``config`` into ``.benchmarks/data/<name>/`` and return
    that folder. A run writes into a temporary folder and renames it when complete, so an
    interrupted run is never reused."""
    folder = DATA / name
    if not (folder / ".complete").exists():
        tmp = DATA / f".{name}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        write_dataset(config, tmp)
        (tmp / ".complete").write_text(f"generated in {time.perf_counter() - t0:.1f} s\n",
                                       encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
    return folder


def bench_set(names: int) -> BenchSet:
    """Generate (once) and return the dataset with ``names`` list names."""
    config = SynthConfig(seed=SEED, names=names, passengers=SIZES.get(names, 5_000))
    return BenchSet(names, generated(f"n{names}", config))


#: The cross-script set (issue 4): half the listed persons of Cyrillic or Arabic origin are
#: listed only under their original-script name, and half the passengers are listed, so
#: every list script x passenger script cell holds a hundred travellers or more.
CROSS_SCRIPT_CONFIG = SynthConfig(seed=SEED, persons=2000, passengers=8000, positive_share=0.5,
                                  namesake_share=0.02, relative_share=0.02,
                                  near_name_share=0.02, native_only_share=0.5)


def cross_script_set() -> Path:
    """Generate (once) and return the folder of the cross-script set."""
    return generated("xscript", CROSS_SCRIPT_CONFIG)


def cell_recall(positives: Iterable[TruthRow], alerts: Iterable[tuple[str, str, float]],
                threshold: float) -> dict[str, dict[str, dict[str, float]]]:
    """``{list_script: {passenger_script: {"n": .., "recall": ..}}}`` at ``threshold``: the
    share of listed passengers whose true listed person alerts at or above it."""
    found = {(p, w) for p, w, s in alerts if s >= threshold}
    tot: dict[tuple[str, str], int] = defaultdict(int)
    ok: dict[tuple[str, str], int] = defaultdict(int)
    for t in positives:
        cell = (t.list_script or "?", t.passenger_script or "?")
        tot[cell] += 1
        ok[cell] += (t.passenger_id, t.watchlist_id) in found
    table: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)
    for (ls, ps), n in sorted(tot.items()):
        table[ls][ps] = {"n": n, "recall": round(ok[(ls, ps)] / n, 4)}
    return dict(table)


def git_commit() -> str | None:
    """The checked-out commit, with ``+dirty`` when src/ has local changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT,
                               check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+dirty" if dirty else "")


def stamp() -> dict[str, Any]:
    """Provenance stored with every result: date, commit, Python, cores."""
    return {"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "commit": git_commit(),
            "python": sys.version.split()[0], "cpus": os.cpu_count()}


def merge_json(path: Path, key: str, value: dict[str, Any], *, update: bool = False) -> None:
    """Set ``path[key] = value`` in a JSON object file, keeping the other keys.

    Used for per-size results so a quick CI run refreshes the 10k figures without erasing
    the last 1M run. With ``update`` the entry is updated field by field (a partial run, say
    ``-k test_screen``, refreshes only its own figures; the entry's stamp is the latest run).
    """
    data: dict[str, Any] = {}
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                data = loaded
        except json.JSONDecodeError:
            data = {}
    old = data.get(key)
    data[key] = {**old, **value} if update and isinstance(old, dict) else value
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
