"""Shared fixtures for the io tests."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "synthetic" / "formats"


@pytest.fixture
def samples() -> Path:
    """The hand-written fictional sample files."""
    return SAMPLES
