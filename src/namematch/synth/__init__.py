"""Fictional data generator: watchlists and passenger manifests with ground truth.

Independent of the matcher: it has its own name stock and renderers and does not import
:mod:`namematch.translit`, :mod:`namematch.names`, :mod:`namematch.score` or
:mod:`namematch.index`, so the benchmark does not grade the matcher against itself.

>>> from namematch.synth import SynthConfig, write_dataset
>>> # write_dataset(SynthConfig(seed=1, persons=30, passengers=200), Path("out"))
"""

from __future__ import annotations

import importlib
from typing import Any

from namematch.synth.cli import add_arguments, run
from namematch.synth.config import SynthConfig, SynthConfigError

#: Served by :mod:`namematch.synth.generate`, imported on first use: it loads the name stock
#: (90 ms), which the command line does not need to describe ``namematch synth``.
_FROM_GENERATE = frozenset({
    "GENERATOR_VERSION", "NEGATIVE_SLICES", "PASSENGER_COLUMNS", "POSITIVE_SLICES",
    "TRUTH_COLUMNS", "WATCHLIST_COLUMNS", "SynthDataset", "SynthSummary", "TruthRow",
    "build_dataset", "iter_dataset", "iter_passengers", "iter_persons", "iter_watchlist_rows",
    "write_dataset",
})


def __getattr__(name: str) -> Any:
    if name in _FROM_GENERATE:
        return getattr(importlib.import_module("namematch.synth.generate"), name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    "GENERATOR_VERSION",
    "NEGATIVE_SLICES",
    "PASSENGER_COLUMNS",
    "POSITIVE_SLICES",
    "TRUTH_COLUMNS",
    "WATCHLIST_COLUMNS",
    "SynthConfig",
    "SynthConfigError",
    "SynthDataset",
    "SynthSummary",
    "TruthRow",
    "add_arguments",
    "build_dataset",
    "iter_dataset",
    "iter_passengers",
    "iter_persons",
    "iter_watchlist_rows",
    "run",
    "write_dataset",
]
