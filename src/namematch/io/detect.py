"""Guessing an input's format from its content (``--passengers-format`` / ``format=`` force)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

__all__ = [
    "PASSENGER_FORMATS",
    "WATCHLIST_FORMATS",
    "detect_passenger_format",
    "detect_watchlist_format",
]

#: Passenger feed formats, by the names ``format=`` accepts.
PASSENGER_FORMATS: tuple[str, ...] = ("csv", "jsonl", "paxlst", "pnrgov", "mrz", "pnr_names")
#: Watchlist formats, by the names ``format=`` accepts. ``index`` is a saved namematch index,
#: which :mod:`namematch.io` does not read itself.
WATCHLIST_FORMATS: tuple[str, ...] = ("csv", "un_xml", "eu_xml", "ofac", "ftm", "index")

_MRZ_LINE = re.compile(r"[A-Z0-9<]{30}|[A-Z0-9<]{36}|[A-Z0-9<]{44}")
_PNR_NAME_LINE = re.compile(r"(?:N\.)?\d{0,3}[A-Z][A-Z' .-]*/[A-Z][A-Z ]*(?:/[A-Z][A-Z ]*)*")


def _lines(head: str, limit: int = 20) -> list[str]:
    out = []
    for line in head.splitlines():
        if line.strip():
            out.append(line.strip())
            if len(out) >= limit:
                break
    return out


def detect_passenger_format(head: str) -> str:
    """Guess a passenger feed's format from the start of its text.

    Returns:
        ``paxlst`` (starts with UNA/UNB and mentions PAXLST), ``pnrgov`` (PNRGOV), ``mrz``
        (lines of 30/36/44 MRZ characters), ``pnr_names`` (reservation name lines such as
        ``1QARIBI/YUSUFADILMR``), ``jsonl`` (first non-space character ``{``) or ``csv``.
    """
    text = head.lstrip("\ufeff \t\r\n")
    if text.startswith(("UNA", "UNB")):
        if "PNRGOV" in text[:4096]:
            return "pnrgov"
        if "PAXLST" in text[:4096]:
            return "paxlst"
    if text.startswith("{"):
        return "jsonl"
    lines = _lines(text)
    if lines and all(_MRZ_LINE.fullmatch(line) for line in lines) and "<" in text:
        return "mrz"
    if lines and "," not in lines[0] and all(_PNR_NAME_LINE.fullmatch(line) for line in lines):
        return "pnr_names"
    return "csv"


def _looks_ofac(head: str) -> bool:
    lines = _lines(head, 5)
    if not lines:
        return False
    try:
        row = next(csv.reader([lines[0]]))
    except (csv.Error, StopIteration):
        return False
    return bool(row) and row[0].strip().isdigit() and ("-0-" in head[:4096] or len(row) >= 12)


def detect_watchlist_format(path: str | Path, head: str) -> str:
    """Guess a watchlist's format from its path and the start of its text.

    Args:
        path: The path given (a directory is an OFAC folder or a saved index).
        head: The decoded first bytes of the file (empty for a directory).

    Returns:
        ``index`` (``*.nmi`` or a directory with ``manifest.json``), ``ofac`` (a directory
        with ``sdn.csv``, or headerless numeric rows with ``-0-`` nulls), ``un_xml``
        (``CONSOLIDATED_LIST``), ``eu_xml`` (``export``/``sanctionEntity``), ``ftm`` (JSON
        lines with ``schema``) or ``csv``.
    """
    p = Path(path)
    if p.suffix.lower() == ".nmi":
        return "index"
    if p.is_dir():
        if (p / "manifest.json").is_file():
            return "index"
        if (p / "sdn.csv").is_file() or (p / "SDN.CSV").is_file():
            return "ofac"
        return "csv"
    text = head.lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        if "<CONSOLIDATED_LIST" in text:
            return "un_xml"
        if "sanctionEntity" in text or re.search(r"<(?:\w+:)?export\b", text):
            return "eu_xml"
    if text.startswith("{") and '"schema"' in text.split("\n", 1)[0]:
        return "ftm"
    if p.name.lower() == "sdn.csv" or _looks_ofac(text):
        return "ofac"
    return "csv"
