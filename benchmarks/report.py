"""Print the latest benchmark figures as Markdown tables (for the README).

Usage (from the repository root, after a benchmark run)::

    python benchmarks/report.py [--dir .benchmarks]

Reads ``speed.json`` (``test_speed.py``), ``accuracy.json`` (``test_accuracy.py``),
``cross_script.json`` (``test_cross_script.py``), ``heldout.json`` (``test_heldout.py``) and
``completeness.json`` (``test_completeness.py``); a missing file leaves its section out.
Each section names the commit and date the figures come from.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZE_ORDER = ("10k", "100k", "1M")


def _load(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def _f(value: Any, fmt: str = ",.1f", suffix: str = "") -> str:
    if value is None or value == "":
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return format(value, fmt) + suffix
    return str(value)


def _pct(value: Any) -> str:
    return "n/a" if value is None else f"{100 * float(value):.2f} %"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out.extend("| " + " | ".join(r) + " |" for r in rows)
    return out


def speed_section(speed: dict[str, Any], comp: dict[str, Any] | None) -> list[str]:
    """Speed per list size, baseline ratio, memory, index size, pair completeness."""
    sizes = [s for s in SIZE_ORDER if s in speed] + sorted(
        s for s in speed if s not in SIZE_ORDER and s != "import")
    if not sizes:
        return []
    lines = ["### Speed (2 cores)", ""]
    head = ["list names", "build s (CLI)", "load s", "index MB", "peak MB build / load / screen",
            "lookup ms mean (median); in suite", "pax/s 1 core cold / warm", "pax/s CLI 2 workers",
            "baseline pax/s", "CLI vs baseline", "pair completeness"]
    rows = []
    for s in sizes:
        d = speed[s]
        c = (comp or {}).get(s, {})
        base = _f(d.get("baseline_passengers_per_second"), ",.0f")
        if d.get("baseline_extrapolated"):
            base += " (extrap.)"
        rows.append([
            f"{d.get('names', s):,}" if isinstance(d.get("names"), int) else s,
            _f(d.get("cli_build_seconds"), ".1f"), _f(d.get("load_seconds"), ".2f"),
            _f(d.get("index_mb"), ",.0f"),
            f"{_f(d.get('cli_build_peak_mb'), ',.0f')} / {_f(d.get('load_peak_mb'), ',.0f')} / "
            f"{_f(d.get('cli_peak_mb'), ',.0f')}",
            f"{_f(d.get('lookup_mean_ms'), '.2f')} ({_f(d.get('lookup_median_ms'), '.2f')}); "
            f"{_f(d.get('lookup_in_suite_mean_ms'), '.2f')}",
            f"{_f(d.get('screen_cold_passengers_per_second'), ',.0f')} / "
            f"{_f(d.get('screen_passengers_per_second'), ',.0f')}",
            _f(d.get("cli_passengers_per_second"), ",.0f"), base,
            _f(d.get("cli_speedup_vs_baseline"), ".2f", "x"),
            _pct(c.get("pair_completeness")) if c else "n/a"])
    lines += _table(head, rows)
    lines += ["", "Targets (issue 7): 1M names build <= 60 s, load <= 2 s, peak <= 2,048 MB, "
              ">= 10,000 pax/s (CLI, 2 workers, saved index), lookup < 1 ms; 100k names "
              ">= 20,000 pax/s; pair completeness >= 99.5 %."]
    imp = speed.get("import")
    if imp:
        lines += ["", f"Import time (`import namematch.screen, namematch.cli`, fresh "
                      f"interpreter): {_f(imp.get('import_seconds'), '.3f')} s; whole "
                      f"process {_f(imp.get('process_seconds'), '.3f')} s."]
    stamps = sorted({f"{speed[s].get('commit')} ({str(speed[s].get('date'))[:10]})"
                     for s in sizes})
    lines += ["", "Peak memory is the largest process (`VmHWM`); CLI screening workers share "
                  "the index with the parent by fork. Lookups: 500 passengers screened, then "
                  "single lookups timed, in a fresh process that loaded the index ('in suite': "
                  "the same in the benchmark process, after the other cases). Baseline: "
                  "all-pairs unidecode + rapidfuzz `cdist` token_sort_ratio on the same "
                  "passengers, same run "
                  "(\"extrap.\": timed on a subsample, scaled linearly). "
                  f"Figures from {', '.join(stamps)}.", ""]
    return lines


def accuracy_section(acc: dict[str, Any]) -> list[str]:
    """Headline metrics, slices and the cross-script table beside the baseline."""
    d = acc["default"]
    base = (acc.get("baseline") or {}).get("best") or {}
    amb = acc.get("default_with_ambiguous") or {}
    lines = ["### Accuracy on the committed set (`data/synthetic/`)", ""]
    thr_b = base.get("threshold")
    head = ["metric", f"namematch (threshold {d['threshold']})",
            f"baseline (its best threshold {thr_b})"]
    rows = [[m, _f(d.get(k), ".4f"), _f(base.get(k), ".4f")]
            for m, k in (("recall", "recall"), ("precision", "precision"), ("F1", "f1"))]
    rows.append(["false alerts / 1,000 passengers", _f(d.get("false_alerts_per_1000"), ".2f"),
                 _f(base.get("false_alerts_per_1000"), ".2f")])
    if amb:
        rows.append(["F1 with ambiguous alerts counted", _f(amb.get("f1"), ".4f"), ""])
    lines += _table(head, rows)
    lines += ["", "By slice (recall for listed travellers, clear rate for the others):", ""]
    srows = []
    for k, v in d.get("slices", {}).items():
        metric = "recall" if "recall" in v else "clear_rate"
        b = base.get("slices", {}).get(k, {}).get(metric)
        srows.append([k, metric.replace("_", " "), str(v["n"]), _f(v[metric], ".4f"),
                      _f(b, ".4f")])
    lines += _table(["slice", "metric", "n", "namematch", "baseline"], srows)
    cs = acc.get("cross_script")
    if cs:
        ps_all = sorted({ps for row in cs["namematch"].values() for ps in row})
        lines += ["", f"Recall of listed passengers by list script x passenger script "
                      f"(namematch at {cs['namematch_threshold']} / baseline at its best "
                      f"threshold {cs['baseline_threshold']} / baseline at "
                      f"{cs['namematch_threshold']}; n):", ""]
        crows = []
        same = cs.get("baseline_at_namematch_threshold", {})
        for ls, row in sorted(cs["namematch"].items()):
            cells = [ls]
            for ps in ps_all:
                c = row.get(ps)
                if not c:
                    cells.append("")
                    continue
                b = cs["baseline"].get(ls, {}).get(ps, {}).get("recall")
                b2 = same.get(ls, {}).get(ps, {}).get("recall")
                cells.append(f"{c['recall']:.3f} / {_f(b, '.3f')} / {_f(b2, '.3f')} "
                             f"(n={c['n']})")
            crows.append(cells)
        lines += _table(["list \\ passenger", *ps_all], crows)
    speed = acc.get("passengers_per_second")
    lines += ["", f"Screened {acc.get('passengers')} passengers against "
                  f"{acc.get('list_names')} list names at {_f(speed, ',.0f')} passengers/s; "
                  f"baseline {_f((acc.get('baseline') or {}).get('seconds'), '.1f')} s. "
                  f"Figures from {acc.get('commit')} ({str(acc.get('date'))[:10]}).", ""]
    return lines


def cross_script_section(xs: dict[str, Any]) -> list[str]:
    """Issue 4's table on the cross-script set: recall per list script x passenger script by
    slice group, and the gap of original-script-only list names to list names with a Latin
    name."""
    lines = [f"### Cross-script recall (`test_cross_script.py`: {xs.get('passengers'):,} "
             f"passengers, {xs.get('positives'):,} listed, against {xs.get('list_names'):,} "
             "list names)", "",
             f"Recall of listed passengers (namematch at {xs['namematch_threshold']} / "
             f"baseline at its best threshold {xs['baseline_threshold']}; n):", ""]
    for group, g in xs["groups"].items():
        ps_all = sorted({ps for row in g["namematch"].values() for ps in row})
        rows = []
        for ls, row in sorted(g["namematch"].items()):
            cells = [ls]
            for ps in ps_all:
                c = row.get(ps)
                b = g["baseline"].get(ls, {}).get(ps, {}).get("recall")
                cells.append(f"{c['recall']:.3f} / {_f(b, '.3f')} (n={c['n']})" if c else "")
            rows.append(cells)
        lines += [f"{group}:", ""]
        lines += _table(["list \\ passenger", *ps_all], rows)
        lines.append("")
    lines += ["Latin passengers against names listed only in the original script, beside the "
              "same kind of passengers against names that also have a Latin name (issue 4: "
              "within 2 points):", ""]
    rows = []
    for x in xs["gaps"]:
        cross, same = (x["latin_passengers_original_script_list"],
                       x["latin_passengers_list_with_latin_name"])
        native = x.get("original_script_passengers")
        rows.append([x["origin"], x["group"], f"{cross['recall']:.3f} (n={cross['n']})",
                     f"{same['recall']:.3f} (n={same['n']})",
                     f"{native['recall']:.3f} (n={native['n']})" if native else "",
                     f"{100 * x['gap']:+.1f}"])
    lines += _table(["origin", "slices", "Latin pax, original-script list",
                     "Latin pax, list with a Latin name", "original-script pax",
                     "gap (points)"], rows)
    lines += ["", f"Figures from {xs.get('commit')} ({str(xs.get('date'))[:10]}).", ""]
    return lines


def heldout_section(held: dict[str, Any]) -> list[str]:
    """Headline metrics and the typo slice on the held-out seeds."""
    lines = ["### Accuracy on held-out seeds (`test_heldout.py`: sets the scorer was not "
             "tuned on, 1,000 listed persons and 20,000 passengers each)", ""]
    rows = []
    for seed, h in sorted(held.items(), key=lambda kv: int(kv[0])):
        m, b = h["namematch"], h["baseline"]
        typo = m.get("slices", {}).get("slice:typo", {}).get("recall")
        worst = min((v.get("recall", v.get("clear_rate", 1.0)), k)
                    for k, v in m.get("slices", {}).items() if k.startswith("slice:"))
        rows.append([seed, f"{m['recall']:.4f}", f"{m['precision']:.4f}", f"{m['f1']:.4f}",
                     f"{m['false_alerts_per_1000']:.2f}", _f(typo, ".4f"),
                     f"{worst[1][6:]} {worst[0]:.4f}", f"{b['f1']:.4f} (at {b['threshold']})"])
    lines += _table(["seed", "recall", "precision", "F1", "false alerts / 1,000",
                     "typo recall", "lowest slice", "baseline best F1"], rows)
    first = next(iter(held.values()))
    lines += ["", f"Figures from {first.get('commit')} ({str(first.get('date'))[:10]}).", ""]
    return lines


def completeness_section(comp: dict[str, Any]) -> list[str]:
    """Pair completeness per measured list."""
    if not comp:
        return []
    lines = ["### Pair completeness of blocking (target >= 99.5 %)", ""]
    rows = []
    order = ["committed", "committed-large", *SIZE_ORDER]
    for label in [k for k in order if k in comp] + sorted(k for k in comp if k not in order):
        c = comp[label]
        rows.append([label, f"{c.get('list_names', 0):,}", f"{c.get('passengers', 0):,}",
                     f"{c.get('alert_pairs', 0):,}", _pct(c.get("pair_completeness")),
                     _pct(c.get("pair_completeness_weighted")),
                     _pct(c.get("name_pair_completeness")),
                     _pct(c.get("true_pair_completeness")), str(c.get("lost_total", ""))])
    lines += _table(["list", "list names", "passengers sampled", "alerting pairs (all-pairs)",
                     "survive blocking", "weighted to the manifest", "name-level",
                     "true pairs (listed travellers)", "lost"],
                    rows)
    lines += ["", "Alerting pair: (passenger, listed person) with a full-scorer score >= the "
                  "review threshold when every list name is scored; it survives when the "
                  "blocking candidates still give it that score. `.benchmarks/completeness.json`"
                  " lists lost pairs.", ""]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the report; returns 0 (1 when no result file exists)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=Path, default=ROOT / ".benchmarks")
    args = ap.parse_args(argv)
    speed = _load(args.dir / "speed.json")
    acc = _load(args.dir / "accuracy.json")
    comp = _load(args.dir / "completeness.json")
    xs = _load(args.dir / "cross_script.json")
    held = _load(args.dir / "heldout.json")
    if not (speed or acc or comp or xs or held):
        print(f"no results in {args.dir}; run the benchmarks first (see benchmarks/README.md)")
        return 1
    lines: list[str] = []
    if speed:
        lines += speed_section(speed, comp)
    if acc:
        lines += accuracy_section(acc)
    if held:
        lines += heldout_section(held)
    if xs:
        lines += cross_script_section(xs)
    if comp:
        lines += completeness_section(comp)
    print("\n".join(lines).rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
