"""CI accuracy gate: fail when F1 on the committed set drops more than 0.01 below the baseline.

Usage (from the repository root)::

    python benchmarks/accuracy_gate.py --results .benchmarks/accuracy.json
    python benchmarks/accuracy_gate.py --results .benchmarks/accuracy.json --update

``--results`` is the JSON written by ``benchmarks/test_accuracy.py``; when the file is
missing, the evaluation is run here (``run_evaluation`` on ``data/synthetic/``, without the
rapidfuzz baseline) and written there. The committed reference is
``benchmarks/accuracy_baseline.json`` (``f1``, ``recall``, ``precision``, ``generated_by``,
``date``); ``--update`` rewrites it from the results (after a deliberate scorer change).

Exit status: 0 when F1 >= reference F1 - tolerance (both figures printed), 1 when it dropped
further (a message says by how much and how to proceed), 2 for unusable input.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).resolve().with_name("accuracy_baseline.json")
COMMITTED = ROOT / "data" / "synthetic"
TOLERANCE = 0.01


def compute(path: Path) -> dict[str, Any]:
    """Evaluate the committed set (no baseline) and write the results JSON to ``path``."""
    from namematch.benchmarking import run_evaluation

    result = run_evaluation(COMMITTED / "watchlist.csv", COMMITTED / "passengers.csv",
                            COMMITTED / "truth.csv", with_baseline=False)
    data: dict[str, Any] = {"dataset": "data/synthetic", **result.as_dict(),
                            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                            "generated_by": "benchmarks/accuracy_gate.py"}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return data


def _commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def headline(results: dict[str, Any]) -> dict[str, float]:
    """``f1``, ``recall``, ``precision`` at the default threshold from a results dict."""
    try:
        d = results["default"]
        return {"f1": float(d["f1"]), "recall": float(d["recall"]),
                "precision": float(d["precision"])}
    except (KeyError, TypeError, ValueError) as exc:
        msg = f"results lack default f1/recall/precision ({exc}); rerun benchmarks/test_accuracy.py"
        raise SystemExit(msg) from None


def main(argv: list[str] | None = None) -> int:
    """Run the gate; returns the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--results", type=Path, default=ROOT / ".benchmarks" / "accuracy.json",
                    help="accuracy JSON from benchmarks/test_accuracy.py (computed if missing)")
    ap.add_argument("--baseline", type=Path, default=REFERENCE,
                    help=f"reference file (default {REFERENCE.relative_to(ROOT)})")
    ap.add_argument("--tolerance", type=float, default=TOLERANCE,
                    help=f"allowed F1 drop (default {TOLERANCE})")
    ap.add_argument("--update", action="store_true",
                    help="rewrite the reference file from the results and exit 0")
    args = ap.parse_args(argv)

    if args.results.exists():
        try:
            results = json.loads(args.results.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            print(f"accuracy gate: cannot read {args.results}: {exc}; rerun "
                  "benchmarks/test_accuracy.py or delete the file", file=sys.stderr)
            return 2
    else:
        print(f"accuracy gate: {args.results} missing, evaluating data/synthetic now",
              file=sys.stderr)
        results = compute(args.results)
    now = headline(results)

    if args.update:
        ref = {**{k: round(v, 4) for k, v in now.items()},
               "threshold": results.get("default", {}).get("threshold"),
               "dataset": results.get("dataset", "data/synthetic"),
               "generated_by": f"benchmarks/accuracy_gate.py --update from {args.results} "
                               f"(commit {results.get('commit') or _commit()})",
               "date": time.strftime("%Y-%m-%d")}
        args.baseline.write_text(json.dumps(ref, indent=2) + "\n", encoding="utf-8")
        print(f"accuracy gate: wrote {args.baseline}: F1 {now['f1']:.4f}, recall "
              f"{now['recall']:.4f}, precision {now['precision']:.4f}")
        return 0

    try:
        ref = json.loads(args.baseline.read_text(encoding="utf-8"))
        ref_f1 = float(ref["f1"])
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        print(f"accuracy gate: cannot read reference F1 from {args.baseline}: {exc}; create it "
              "with --update", file=sys.stderr)
        return 2

    line = (f"F1 {now['f1']:.4f} (recall {now['recall']:.4f}, precision "
            f"{now['precision']:.4f}) vs committed baseline F1 {ref_f1:.4f} (recall "
            f"{float(ref.get('recall', 0)):.4f}, precision {float(ref.get('precision', 0)):.4f})")
    drop = ref_f1 - now["f1"]
    if drop > args.tolerance + 1e-9:
        print(f"accuracy gate FAILED: {line}: F1 dropped by {drop:.4f} (> {args.tolerance}). "
              "Find the regression (see the slices in the results file), or if the change is "
              "deliberate, run `python benchmarks/accuracy_gate.py --update` and commit "
              f"{args.baseline.name}.", file=sys.stderr)
        return 1
    print(f"accuracy gate passed: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
