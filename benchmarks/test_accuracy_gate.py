"""The CI accuracy gate on hand-made result files (fast; no evaluation is run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accuracy_gate import main


def _write(path: Path, f1: float) -> Path:
    path.write_text(json.dumps({"default": {"f1": f1, "recall": 0.9, "precision": 0.9,
                                            "threshold": 0.8}}), encoding="utf-8")
    return path


@pytest.mark.parametrize(("now", "expected"), [
    (0.900, 0), (0.895, 0), (0.8905, 0), (0.889, 1), (0.50, 1), (0.95, 0)])
def test_gate_tolerates_at_most_one_point(tmp_path: Path, now: float, expected: int) -> None:
    ref = tmp_path / "ref.json"
    assert main(["--results", str(_write(tmp_path / "ref-src.json", 0.9)), "--baseline",
                 str(ref), "--update"]) == 0
    assert json.loads(ref.read_text(encoding="utf-8"))["f1"] == 0.9
    res = _write(tmp_path / "now.json", now)
    assert main(["--results", str(res), "--baseline", str(ref)]) == expected


def test_gate_unreadable_reference(tmp_path: Path) -> None:
    res = _write(tmp_path / "now.json", 0.9)
    assert main(["--results", str(res), "--baseline", str(tmp_path / "missing.json")]) == 2


def test_committed_reference_is_well_formed() -> None:
    ref = json.loads((Path(__file__).with_name("accuracy_baseline.json")).read_text("utf-8"))
    assert {"f1", "recall", "precision", "generated_by", "date"} <= set(ref)
    assert 0.0 < ref["f1"] <= 1.0
