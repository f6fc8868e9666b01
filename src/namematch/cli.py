"""The ``namematch`` command: a thin layer over the library.

Subcommands: ``screen``, ``explain``, ``evaluate``, ``index build|update``, ``synth``.
:func:`main` takes ``argv`` and returns the exit status, so tests call it in-process.

Exit status: 0 success (with or without alerts); 2 bad usage or unusable input (the message on
stderr says what was wrong and what to do); 3 an internal error (a bug: please report it; set
``NAMEMATCH_DEBUG=1`` to see the traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from namematch import __version__
from namematch.errors import NamematchError

__all__ = ["main", "run"]

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def _error(message: str) -> None:
    print(f"Error: {message}", file=sys.stderr)


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    if path is None or path == "-":
        yield sys.stdout
        return
    try:
        fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        msg = f"cannot write {path}: {exc.strerror}; check the directory exists and is writable"
        raise NamematchError(msg) from None
    with fh:
        yield fh


# ------------------------------------------------------------------------------------ screen


def _add_screen(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("screen", help="screen passengers against a watchlist",
                       description="Screen a passenger list against a watchlist; one output "
                                   "row per alert.")
    p.add_argument("--watchlist", required=True, metavar="PATH",
                   help="watchlist CSV (id,name[,name_type,dob,nationality,gender]), a list "
                        "file (UN XML, OFAC CSV, FtM JSON, EU XML) or a saved index")
    p.add_argument("--passengers", required=True, metavar="PATH",
                   help="passenger CSV (passenger_id plus name or surname,given_names), "
                        "PAXLST, PNRGOV, MRZ lines or JSONL; '-' for stdin")
    p.add_argument("--output", default="-", metavar="PATH", help="output file (default stdout)")
    p.add_argument("--format", choices=("csv", "jsonl"), default="csv", help="output format")
    p.add_argument("--threshold", type=float, default=None, metavar="FLOAT",
                   help="lowest score reported (default: the review threshold)")
    p.add_argument("--explain", action="store_true", help="add the reasons for each alert")
    p.add_argument("--rejects", metavar="FILE", help="write rejected records (CSV) here")
    p.add_argument("--passengers-format", metavar="NAME", help="force the passenger format")
    p.add_argument("--watchlist-format", metavar="NAME", help="force the watchlist format")
    p.add_argument("--encoding", metavar="NAME", help="force the input encoding")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="processes to use (default 1)")
    p.set_defaults(func=_cmd_screen)


def _load_watchlist(path: str, fmt: str | None, encoding: str | None,
                    keep_prepared: bool = True, workers: int = 1) -> object:
    from namematch.screen import Watchlist, require_file
    from namematch.types import ReadCounts

    require_file(path, "watchlist")
    counts = ReadCounts(source=path)
    wl = Watchlist.from_file(path, format=fmt, encoding=encoding, counts=counts,
                             keep_prepared=keep_prepared, workers=workers)
    if wl.n_names == 0:
        msg = (f"watchlist {path} has no usable names ({len(wl.rejected)} rejected); "
               "check the file")
        raise NamematchError(msg)
    if counts.read:
        print(f"watchlist {path}: read {counts.read}, listed people {len(wl)}, names "
              f"{wl.n_names}, rejected {len(wl.rejected)}", file=sys.stderr)
    return wl


def _cmd_screen(args: argparse.Namespace) -> int:
    from namematch import io as nmio
    from namematch.io.alerts import AlertWriter
    from namematch.screen import Screener, Watchlist, require_file
    from namematch.types import ReadCounts

    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        _error(f"--threshold must be between 0 and 1, got {args.threshold}")
        return EXIT_USAGE
    if args.workers < 1:
        _error(f"--workers must be at least 1, got {args.workers}")
        return EXIT_USAGE
    wl = _load_watchlist(args.watchlist, args.watchlist_format, args.encoding)
    assert isinstance(wl, Watchlist)
    require_file(args.passengers, "passengers file")
    screener = Screener(wl, report_threshold=args.threshold)
    counts = ReadCounts(source=args.passengers)
    records = nmio.read_passengers(args.passengers, format=args.passengers_format,
                                   encoding=args.encoding, counts=counts)
    progress = sys.stderr.isatty()
    started = time.perf_counter()
    with _output(args.output) as fh:
        writer = AlertWriter(fh, fmt=args.format, explain=args.explain,
                             threshold=screener.config.floor, source=wl.source)
        if args.workers > 1:
            from namematch.parallel import screen_parallel

            for alerts in screen_parallel(screener, records, workers=args.workers):
                writer.write(alerts)
        else:
            for alert in screener.screen(records):
                writer.write((alert,))
                if progress and screener.read % 1000 == 0:
                    print(f"\r{screener.read} passengers...", end="", file=sys.stderr)
    if progress:
        print("\r", end="", file=sys.stderr)
    elapsed = time.perf_counter() - started
    if args.rejects:
        with _output(args.rejects) as rfh:
            nmio.write_rejects(screener.rejected, rfh)
    print(f"{args.passengers}: {screener.summary()}; alerts {writer.count} "
          f"({elapsed:.1f} s)", file=sys.stderr)
    if screener.read != screener.screened + len(screener.rejected):
        _error("record counts do not reconcile; this is a bug, please report it")
        return EXIT_INTERNAL
    return EXIT_OK


# ------------------------------------------------------------------------------------ explain


def _add_explain(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("explain", help="compare two names and explain the score",
                       description="Compare a passenger name (A) with a list name (B).")
    p.add_argument("name_a", metavar="NAME_A", help="passenger-side name, any form or script")
    p.add_argument("name_b", metavar="NAME_B", help="list-side name, any script")
    p.add_argument("--dob", dest="dob_a", metavar="DATE", help="passenger date of birth")
    p.add_argument("--list-dob", dest="dob_b", metavar="SPEC",
                   help="list date of birth (YYYY, YYYY-MM-DD, YYYY..YYYY)")
    p.add_argument("--gender", dest="gender_a", metavar="M|F")
    p.add_argument("--list-gender", dest="gender_b", metavar="M|F")
    p.add_argument("--nationality", dest="nat_a", metavar="CC")
    p.add_argument("--list-nationality", dest="nat_b", metavar="CC")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=_cmd_explain)


def _cmd_explain(args: argparse.Namespace) -> int:
    from namematch.score import compare
    from namematch.screen import ScreenConfig

    if not args.name_a.strip() or not args.name_b.strip():
        _error("both names must be non-empty")
        return EXIT_USAGE
    c = compare(args.name_a, args.name_b, dob_a=args.dob_a, dob_b=args.dob_b,
                gender_a=args.gender_a, gender_b=args.gender_b,
                nationality_a=args.nat_a, nationality_b=args.nat_b)
    decision = ScreenConfig().decision(c.score)
    if args.json:
        print(json.dumps({"score": round(c.score, 4), "name_score": round(c.name_score, 4),
                          "decision": decision, "reasons": c.reasons()}, ensure_ascii=False))
    else:
        print(f"score {c.score:.3f} -> {decision}")
        for line in c.reasons():
            print(f"  {line}")
    return EXIT_OK


# ------------------------------------------------------------------------------------ index


def _add_index(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("index", help="build or update a saved watchlist index")
    isub = p.add_subparsers(dest="index_cmd", required=True, metavar="{build,update}")
    b = isub.add_parser("build", help="build a saved index from a watchlist file")
    b.add_argument("watchlist", metavar="WATCHLIST")
    b.add_argument("--output", required=True, metavar="PATH", help="index file to write (.nmi)")
    b.add_argument("--watchlist-format", metavar="NAME")
    b.add_argument("--encoding", metavar="NAME")
    b.add_argument("--workers", type=int, default=1, metavar="N",
                   help="processes to parse and key names on (default 1)")
    b.set_defaults(func=_cmd_index_build)
    u = isub.add_parser("update", help="apply list changes to a saved index")
    u.add_argument("index", metavar="PATH")
    u.add_argument("--add", metavar="FILE", help="watchlist file with people to add or replace")
    u.add_argument("--remove", metavar="IDS",
                   help="comma-separated listed ids to remove, or @FILE with one id per line")
    u.add_argument("--output", metavar="PATH", help="write here instead of in place")
    u.add_argument("--watchlist-format", metavar="NAME")
    u.add_argument("--encoding", metavar="NAME")
    u.set_defaults(func=_cmd_index_update)


def _cmd_index_build(args: argparse.Namespace) -> int:
    from namematch.screen import Watchlist

    started = time.perf_counter()
    if args.workers < 1:
        _error(f"--workers must be at least 1, got {args.workers}")
        return EXIT_USAGE
    wl = _load_watchlist(args.watchlist, args.watchlist_format, args.encoding,
                         keep_prepared=False, workers=args.workers)
    assert isinstance(wl, Watchlist)
    wl.save(args.output)
    size = Path(args.output).stat().st_size
    print(f"index {args.output}: {len(wl)} listed people, {wl.n_names} names, "
          f"{size / 1e6:.1f} MB, built in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    return EXIT_OK


def _read_ids(spec: str) -> list[str]:
    if spec.startswith("@"):
        try:
            text = Path(spec[1:]).read_text(encoding="utf-8-sig")
        except OSError as exc:
            msg = f"cannot read ids file {spec[1:]}: {exc.strerror}; check the path"
            raise NamematchError(msg) from None
        return [x.strip() for x in text.splitlines() if x.strip()]
    return [x.strip() for x in spec.split(",") if x.strip()]


def _cmd_index_update(args: argparse.Namespace) -> int:
    from namematch import io as nmio
    from namematch.screen import Watchlist, require_file
    from namematch.types import ListedPerson, Rejected

    if not args.add and not args.remove:
        _error("nothing to do: give --add FILE and/or --remove IDS")
        return EXIT_USAGE
    require_file(args.index, "index")
    wl = Watchlist.load(args.index)
    added: list[ListedPerson] = []
    rejected: list[Rejected] = []
    if args.add:
        require_file(args.add, "watchlist")
        for rec in nmio.read_watchlist(args.add, format=args.watchlist_format,
                                       encoding=args.encoding):
            (rejected if isinstance(rec, Rejected) else added).append(rec)  # type: ignore[arg-type]
    removed = _read_ids(args.remove) if args.remove else []
    known = {p.id for p in wl.persons}
    missing = [i for i in removed if i not in known]
    new = wl.updated(add=added, remove=removed)
    out = args.output or args.index
    new.save(out)
    print(f"index {out}: added or replaced {len(added)}, removed {len(removed) - len(missing)}"
          f" (unknown ids ignored: {len(missing)}), rejected {len(rejected)}; now "
          f"{len(new)} listed people, {new.n_names} names", file=sys.stderr)
    return EXIT_OK


# ------------------------------------------------------------------------------------ evaluate


def _add_evaluate(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("evaluate", help="measure accuracy against ground truth")
    p.add_argument("--watchlist", required=True, metavar="PATH")
    p.add_argument("--passengers", required=True, metavar="PATH")
    p.add_argument("--truth", required=True, metavar="PATH",
                   help="truth CSV: passenger_id,watchlist_id,slice[,form,...]")
    p.add_argument("--json", metavar="FILE", help="also write the full metrics as JSON")
    p.add_argument("--baseline", action="store_true",
                   help="also run the all-pairs rapidfuzz baseline (slow on big sets)")
    p.set_defaults(func=_cmd_evaluate)


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from namematch.benchmarking import run_evaluation
    from namematch.evaluate import format_report

    result = run_evaluation(args.watchlist, args.passengers, args.truth,
                            with_baseline=args.baseline)
    print(format_report(result.at_default, baseline=result.baseline_best))
    amb = result.with_ambiguous
    if amb is not None:
        print(f"with ambiguous alerts counted (same name, no date-of-birth evidence): "
              f"precision {amb.precision:.4f}, F1 {amb.f1:.4f}, false alerts per 1,000 "
              f"{amb.false_alerts_per_1000:.2f}")
    print(f"screened {result.passengers} passengers against {result.list_names} list names "
          f"in {result.screen_seconds:.1f} s "
          f"({result.passengers / max(result.screen_seconds, 1e-9):,.0f} passengers/s)"
          + (f"; all-pairs baseline {result.baseline_seconds:.1f} s"
             if result.baseline_seconds else ""))
    print()
    print("precision/recall by threshold:")
    print(f"{'threshold':>9} {'recall':>8} {'precision':>9} {'F1':>7} {'false/1000':>10}")
    for m in result.curve:
        print(f"{m.threshold:>9.2f} {m.recall:>8.4f} {m.precision:>9.4f} {m.f1:>7.4f} "
              f"{m.false_alerts_per_1000:>10.2f}")
    if args.json:
        with _output(args.json) as fh:
            json.dump(result.as_dict(), fh, indent=1)
    return EXIT_OK


# ------------------------------------------------------------------------------------ main


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="namematch",
        description="Screen passenger lists against watchlists by name, across scripts.")
    parser.add_argument("--version", action="version", version=f"namematch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True,
                                metavar="{screen,explain,evaluate,index,synth}")
    _add_screen(sub)
    _add_explain(sub)
    _add_evaluate(sub)
    _add_index(sub)
    from namematch.synth import cli as synth_cli

    sp = sub.add_parser("synth", help="generate fictional benchmark data")
    synth_cli.add_arguments(sp)
    sp.set_defaults(func=synth_cli.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return int(args.func(args))
    except NamematchError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        with contextlib.suppress(Exception):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except Exception as exc:  # a bug: say so plainly, traceback only on request
        if os.environ.get("NAMEMATCH_DEBUG"):
            raise
        _error(f"internal error: {type(exc).__name__}: {exc}. This is a bug in namematch; "
               "please report it with the command you ran (NAMEMATCH_DEBUG=1 shows the "
               "traceback)")
        return EXIT_INTERNAL


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
