"""Shared fixtures of the benchmark suite (helpers live in ``benchdata.py``).

Tests taking more than about a minute are marked ``slow`` (the 100k and 1M sizes, the large
pair-completeness runs); as documented in ``pyproject.toml`` they are skipped unless
``NAMEMATCH_SLOW=1``. CI runs ``-m "not slow"``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchdata import RESULTS, BenchSet, bench_set, merge_json, size_params, stamp


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``slow`` marker (also declared in pyproject.toml)."""
    config.addinivalue_line(
        "markers", "slow: long-running tests, skipped unless NAMEMATCH_SLOW=1")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip ``slow`` benchmarks unless ``NAMEMATCH_SLOW=1`` (the pyproject convention)."""
    if os.environ.get("NAMEMATCH_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow benchmark: set NAMEMATCH_SLOW=1 to run it")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", params=size_params())
def dataset(request: pytest.FixtureRequest) -> BenchSet:
    """The generated dataset of each benchmarked size (slow sizes marked)."""
    n: int = request.param
    return bench_set(n)


@pytest.fixture(scope="session")
def results_dir() -> Path:
    """``.benchmarks/`` at the repository root (created)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    return RESULTS


@pytest.fixture(scope="session")
def speed_figures(results_dir: Path) -> Iterator[dict[str, dict[str, Any]]]:
    """Collects derived speed figures per size; written to ``.benchmarks/speed.json``."""
    figures: dict[str, dict[str, Any]] = {}
    yield figures
    for label, value in figures.items():
        merge_json(results_dir / "speed.json", label, {**value, **stamp()}, update=True)
