"""Fictional data generator: watchlists and passenger manifests with ground truth.

Independent of the matcher: it has its own name stock and renderers and does not import
:mod:`namematch.translit`, :mod:`namematch.names`, :mod:`namematch.score` or
:mod:`namematch.index`, so the benchmark does not grade the matcher against itself.

>>> from namematch.synth import SynthConfig, write_dataset
>>> # write_dataset(SynthConfig(seed=1, persons=30, passengers=200), Path("out"))
"""

from __future__ import annotations

from namematch.synth.cli import add_arguments, run
from namematch.synth.generate import (
    GENERATOR_VERSION,
    NEGATIVE_SLICES,
    PASSENGER_COLUMNS,
    POSITIVE_SLICES,
    TRUTH_COLUMNS,
    WATCHLIST_COLUMNS,
    SynthConfig,
    SynthConfigError,
    SynthDataset,
    SynthSummary,
    TruthRow,
    build_dataset,
    iter_dataset,
    iter_passengers,
    iter_persons,
    iter_watchlist_rows,
    write_dataset,
)

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
