"""Readers for passenger feeds and watchlists, and writers for every format they read.

Two dispatch functions read any supported input, detecting the character encoding and the
format from the content unless told:

* :func:`read_passengers` yields :class:`~namematch.types.Passenger` or
  :class:`~namematch.types.Rejected` records, streaming (constant memory).
* :func:`read_watchlist` yields :class:`~namematch.types.ListedPerson` or
  :class:`~namematch.types.Rejected` records.

Every record read becomes exactly one yielded record, so a
:class:`~namematch.types.ReadCounts` passed as ``counts`` always reconciles
(``read == accepted + rejected``). A file that cannot be used at all raises
:class:`~namematch.errors.InputError` with a message saying what to do.

Formats (each module's docstring has the details):

=============  ==========================================  ===============================
``format=``    reader module                                records
=============  ==========================================  ===============================
``csv``        :mod:`namematch.io.csvio`                    passengers / watchlist rows
``jsonl``      :mod:`namematch.io.lines`                    passengers, ``form`` as given
``paxlst``     :mod:`namematch.io.paxlst`                   ``form='api'``, crew labelled
``pnrgov``     :mod:`namematch.io.pnrgov`                   ``form='pnr'`` (+ ``api`` pair)
``mrz``        :mod:`namematch.io.lines`                    ``form='mrz'``, raw name field
``pnr_names``  :mod:`namematch.io.lines`                    ``form='pnr'``
``un_xml``     :mod:`namematch.io.un_xml`                   UN consolidated list
``ofac``       :mod:`namematch.io.ofac`                     ``sdn.csv`` + ``alt.csv``
``ftm``        :mod:`namematch.io.ftm`                      FollowTheMoney JSON lines
``eu_xml``     :mod:`namematch.io.eu_xml`                   EU consolidated list
=============  ==========================================  ===============================

Counting units: one CSV/JSON row, one EDIFACT person/traveller record (a PNRGOV traveller
with SSR DOCS yields two records, both counted), one MRZ document, one list entry (entities,
vessels and non-Person schemas are counted and rejected). Damaged EDIFACT and XML feeds yield
every record read before the damage, then raise :class:`~namematch.errors.InputError` saying
what was wrong and how far the reader got.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from namematch.errors import InputError
from namematch.io.common import Tally
from namematch.io.csvio import (
    read_passengers_csv,
    read_watchlist_csv,
    write_passengers_csv,
    write_watchlist_csv,
)
from namematch.io.detect import (
    PASSENGER_FORMATS,
    WATCHLIST_FORMATS,
    detect_passenger_format,
    detect_watchlist_format,
)
from namematch.io.encoding import TextSource, detect_encoding, open_source, open_text
from namematch.io.eu_xml import read_eu_xml, write_eu_xml
from namematch.io.ftm import read_ftm, write_ftm
from namematch.io.lines import read_jsonl, read_mrz, read_pnr_names, write_jsonl, write_mrz
from namematch.io.ofac import read_ofac, write_ofac
from namematch.io.paxlst import read_paxlst, write_paxlst
from namematch.io.pnrgov import read_pnrgov, write_pnrgov
from namematch.io.rejects import write_rejects
from namematch.io.un_xml import read_un_xml, write_un_xml
from namematch.types import ListedPerson, Passenger, ReadCounts, Rejected

__all__ = [
    "PASSENGER_FORMATS",
    "WATCHLIST_FORMATS",
    "detect_encoding",
    "detect_passenger_format",
    "detect_watchlist_format",
    "open_text",
    "read_passengers",
    "read_watchlist",
    "write_eu_xml",
    "write_ftm",
    "write_jsonl",
    "write_mrz",
    "write_ofac",
    "write_passengers_csv",
    "write_paxlst",
    "write_pnrgov",
    "write_rejects",
    "write_un_xml",
    "write_watchlist_csv",
]

T = TypeVar("T")

PassengerReader = Callable[[TextSource, Tally], Iterator[Passenger | Rejected]]
WatchlistReader = Callable[[TextSource, Tally], Iterator[ListedPerson | Rejected]]


def _passenger_readers() -> dict[str, PassengerReader]:
    readers: dict[str, PassengerReader] = {
        "csv": lambda src, tally: read_passengers_csv(src, tally=tally),
        "paxlst": lambda src, tally: read_paxlst(src, tally=tally),
        "pnrgov": lambda src, tally: read_pnrgov(src, tally=tally),
        "mrz": lambda src, tally: read_mrz(src, tally=tally),
        "pnr_names": lambda src, tally: read_pnr_names(src, tally=tally),
        "jsonl": lambda src, tally: read_jsonl(src, tally=tally),
    }
    return readers


def _watchlist_readers() -> dict[str, WatchlistReader]:
    readers: dict[str, WatchlistReader] = {
        "csv": lambda src, tally: read_watchlist_csv(src, tally=tally),
        "un_xml": lambda src, tally: read_un_xml(src, tally=tally),
        "eu_xml": lambda src, tally: read_eu_xml(src, tally=tally),
        "ftm": lambda src, tally: read_ftm(src, tally=tally),
    }
    return readers


def _check_format(fmt: str, known: tuple[str, ...], what: str) -> str:
    key = fmt.strip().lower().replace("-", "_")
    if key not in known:
        msg = f"unknown {what} format {fmt!r}; expected one of: {', '.join(known)}"
        raise InputError(msg)
    return key


def read_passengers(path: str | Path, *, format: str | None = None,
                    encoding: str | None = None,
                    counts: ReadCounts | None = None) -> Iterator[Passenger | Rejected]:
    """Stream the records of a passenger feed.

    Args:
        path: The file, or ``-`` for standard input.
        format: One of :data:`PASSENGER_FORMATS`; ``None`` detects it from the content.
        encoding: A codec name; ``None`` detects it (see :mod:`namematch.io.encoding`).
        counts: Updated as records stream so that ``read == accepted + rejected``.

    Yields:
        :class:`Passenger` records and :class:`Rejected` records with a reason.

    Raises:
        InputError: The file is missing, undecodable, of an unknown format, or its structure
            is unusable (e.g. a CSV header without ``passenger_id``): raised by this call.
            Damage found later while streaming (a corrupt EDIFACT segment count, a byte that
            does not decode) raises from ``next()`` after the good records were yielded.
    """
    fmt = _check_format(format, PASSENGER_FORMATS, "passengers") if format else None
    src = open_source(path, encoding=encoding, what="passengers")
    return _stream(src, fmt, counts)


def _closing(src: TextSource, records: Iterator[T]) -> Iterator[T]:
    with src:
        yield from records


def _dispatch(src: TextSource, fmt: str | None, counts: ReadCounts | None, what: str,
              detect: Callable[[], str],
              readers: Callable[[], dict[str, Callable[[TextSource, Tally], Iterator[T]]]],
              ) -> Iterator[T]:
    """Start the reader of ``fmt`` (``detect()`` when None) on ``src``; close it on error."""
    try:
        fmt = fmt or detect()
        reader = readers().get(fmt)
        if reader is None:
            msg = f"{what} format {fmt!r} of {src.name} is not supported yet"
            raise InputError(msg)
        records = reader(src, Tally(counts))
    except BaseException:
        src.close()
        raise
    return _closing(src, records)


def _stream(src: TextSource, fmt: str | None,
            counts: ReadCounts | None) -> Iterator[Passenger | Rejected]:
    return _dispatch(src, fmt, counts, "passengers", lambda: detect_passenger_format(src.head),
                     _passenger_readers)


def read_watchlist(path: str | Path, *, format: str | None = None,
                   encoding: str | None = None,
                   counts: ReadCounts | None = None) -> Iterator[ListedPerson | Rejected]:
    """Read the entries of a watchlist.

    Args:
        path: The file (or an OFAC directory holding ``sdn.csv`` and ``alt.csv``).
        format: One of :data:`WATCHLIST_FORMATS`; ``None`` detects it. ``index`` (a saved
            namematch index) is recognised by :func:`detect_watchlist_format` but not read
            here: an :class:`InputError` tells the caller to load it with the index module.
        encoding: A codec name; ``None`` detects it.
        counts: Updated per input record (row or entry) read.

    Yields:
        :class:`ListedPerson` records and :class:`Rejected` records with a reason.

    Raises:
        InputError: Missing, undecodable, unknown-format or structurally unusable file.
    """
    fmt = _check_format(format, WATCHLIST_FORMATS, "watchlist") if format else None
    p = Path(path)
    if str(path) == "-":
        msg = "a watchlist cannot be read from standard input; give a file path"
        raise InputError(msg)
    if fmt is None and (p.is_dir() or p.suffix.lower() == ".nmi"):
        fmt = detect_watchlist_format(p, "")
    if fmt == "index":
        msg = (f"{path} is a saved namematch index, not a list file; load it with "
               "namematch.index (Watchlist.load)")
        raise InputError(msg)
    if p.is_dir():
        special = _watchlist_dir_readers().get(fmt or "")
        if special is None:
            msg = f"watchlist {path} is a directory without sdn.csv or manifest.json; give a file"
            raise InputError(msg)
        return special(p, Tally(counts))
    src = open_source(p, encoding=encoding, what="watchlist")
    if fmt is None:
        fmt = detect_watchlist_format(p, src.head)
    if fmt == "ofac":
        src.close()
        return read_ofac(p, tally=Tally(counts), encoding=encoding)
    return _stream_watchlist(src, fmt, counts)


def _watchlist_dir_readers(
) -> dict[str, Callable[[Path, Tally], Iterator[ListedPerson | Rejected]]]:
    return {"ofac": lambda path, tally: read_ofac(path, tally=tally)}


def _stream_watchlist(src: TextSource, fmt: str | None,
                      counts: ReadCounts | None) -> Iterator[ListedPerson | Rejected]:
    return _dispatch(src, fmt, counts, "watchlist",
                     lambda: detect_watchlist_format(src.name, src.head), _watchlist_readers)
