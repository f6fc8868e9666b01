"""``namematch synth``: generate a fictional watchlist and passenger manifest."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from namematch.synth.config import SynthConfig, SynthConfigError

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the ``synth`` options on ``parser``."""
    d = SynthConfig()
    parser.add_argument("--seed", type=int, default=d.seed, help=f"seed (default {d.seed})")
    parser.add_argument("--persons", type=int, default=d.persons,
                        help=f"listed persons (default {d.persons}; ~3 name rows each)")
    parser.add_argument("--names", type=int, default=None,
                        help="target number of watchlist name rows (overrides --persons)")
    parser.add_argument("--passengers", type=int, default=d.passengers,
                        help=f"passengers on the manifest (default {d.passengers})")
    parser.add_argument("--positive-share", type=float, default=d.positive_share,
                        help=f"share of passengers who are listed (default {d.positive_share})")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--list-only", action="store_true",
                        help="write only the watchlist (and its card)")
    parser.add_argument("--formats", action="store_true",
                        help="instead of the CSV benchmark, write fictional sample files in "
                             "every feed and list format (PAXLST, PNRGOV, MRZ, JSONL, CSV in "
                             "cp1251/cp1256/UTF-16, UN/EU XML, OFAC, FtM) with truth.csv; "
                             "all --persons go on each list, ~60 of the --passengers are "
                             "sampled (e.g. --persons 40 --passengers 600 "
                             "--positive-share 0.15)")


def run(args: argparse.Namespace) -> int:
    """Run ``namematch synth`` with parsed ``args``; returns the exit status.

    Raises:
        SynthConfigError: for impossible sizes or shares (the CLI reports it, exit 2).
    """
    config = SynthConfig(seed=args.seed, persons=args.persons, passengers=args.passengers,
                         positive_share=args.positive_share, names=args.names)
    if getattr(args, "formats", False):
        return _run_formats(args, config)
    parts = [f"namematch synth --seed {config.seed}"]
    parts.append(f"--names {config.names}" if config.names else f"--persons {config.persons}")
    parts.append("--list-only" if args.list_only else f"--passengers {config.passengers}")
    if args.positive_share != SynthConfig().positive_share:
        parts.append(f"--positive-share {args.positive_share}")
    parts.append(f"--out {args.out.as_posix()}")
    from namematch.synth.generate import write_dataset

    start = time.perf_counter()
    summary = write_dataset(config, args.out, list_only=args.list_only, command=" ".join(parts))
    elapsed = time.perf_counter() - start
    rate = summary.list_names / elapsed if elapsed > 0 else 0.0
    print(f"wrote {summary.persons:,} listed persons ({summary.list_names:,} names), "
          f"{summary.passengers:,} passengers ({summary.positives:,} true matches) to "
          f"{args.out} in {elapsed:.1f} s ({rate:,.0f} names/s)", file=sys.stderr)
    return 0


def _run_formats(args: argparse.Namespace, config: SynthConfig) -> int:
    """``namematch synth --formats``: the format samples only (see :mod:`.formats`)."""
    from namematch.synth.formats import write_format_samples

    if args.list_only or args.names:
        msg = "--formats cannot be combined with --list-only or --names; use --persons"
        raise SynthConfigError(msg)
    command = (f"namematch synth --formats --seed {config.seed} --persons {config.persons} "
               f"--passengers {config.passengers} --positive-share {config.positive_share} "
               f"--out {args.out.as_posix()}")
    counts = write_format_samples(config, args.out, command=command)
    pax = sum(counts[f] for f in counts if f.startswith(("sample.", "passengers_")))
    print(f"wrote {len(counts)} format sample files ({pax} passengers, "
          f"{counts['un_list.xml']} listed persons per list) to {args.out}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point: ``python -m namematch.synth.cli --out DIR``."""
    parser = argparse.ArgumentParser(prog="namematch synth", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
