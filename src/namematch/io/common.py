"""Small helpers shared by the readers: accounting, dates, gender, unique ids."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any, TypeVar

from namematch.io.encoding import TextSource
from namematch.types import ReadCounts, Rejected

__all__ = [
    "Tally",
    "UniqueIds",
    "clean",
    "json_objects",
    "list_dob",
    "norm_gender",
    "passenger_dob",
    "pivot_yymmdd",
]

T = TypeVar("T")

_ISO_FULL = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")
_RANGE = re.compile(r"(\d{4})\s*\.\.\s*(\d{4})")

_GENDERS = {"M": "M", "MALE": "M", "F": "F", "FEMALE": "F", "U": "U", "X": "X",
            "UNKNOWN": "U", "UNSPECIFIED": "U"}


class Tally:
    """Updates an optional :class:`ReadCounts` as records stream (``read`` on every record)."""

    __slots__ = ("counts",)

    def __init__(self, counts: ReadCounts | None) -> None:
        self.counts = counts

    def ok(self, record: T) -> T:
        """Count ``record`` as read and accepted; return it."""
        if self.counts is not None:
            self.counts.read += 1
            self.counts.accepted += 1
        return record

    def bad(self, record: Rejected) -> Rejected:
        """Count ``record`` as read and rejected; return it."""
        if self.counts is not None:
            self.counts.read += 1
            self.counts.rejected += 1
        return record



def json_objects(src: TextSource, tally: Tally
                 ) -> Iterator[tuple[int, dict[str, Any], str] | Rejected]:
    """The JSON objects of a JSON-lines source as ``(record_no, object, line)``; a line that
    is not a JSON object comes out as a :class:`Rejected` already counted by ``tally``.
    Blank lines are not records."""
    record_no = 0
    for line in src.lines():
        text = line.strip()
        if not text:
            continue
        record_no += 1
        try:
            obj = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield tally.bad(Rejected(record_no, f"not valid JSON: {exc}", None, src.name,
                                     text[:2000]))
            continue
        if not isinstance(obj, dict):
            yield tally.bad(Rejected(record_no, "not a JSON object", None, src.name,
                                     text[:2000]))
            continue
        yield record_no, obj, text


class UniqueIds:
    """Makes ids unique within one file by suffixing ``~2``, ``~3``... on repeats."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, ident: str) -> str:
        n = self._seen.get(ident, 0) + 1
        self._seen[ident] = n
        if n == 1:
            return ident
        candidate = f"{ident}~{n}"
        while candidate in self._seen:
            n += 1
            candidate = f"{ident}~{n}"
        self._seen[ident] = n
        self._seen[candidate] = 1
        return candidate


def clean(text: str | None) -> str | None:
    """Strip whitespace; empty becomes ``None``."""
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def _valid_ymd(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def passenger_dob(text: str | None) -> tuple[str | None, str | None]:
    """Read a manifest date of birth.

    Accepts ISO ``YYYY-MM-DD`` (a real calendar date), and the partial ``YYYY-MM`` / ``YYYY``.

    Returns:
        ``(dob, raw)``: ``dob`` is the accepted value or ``None``; ``raw`` is the original text
        when it was present but unreadable (readers keep it in ``extra['dob_raw']``).
    """
    value = clean(text)
    if value is None:
        return None, None
    m = _ISO_FULL.fullmatch(value)
    if m:
        if _valid_ymd(int(m[1]), int(m[2]), int(m[3])):
            return value, None
        return None, value
    m = _ISO_MONTH.fullmatch(value)
    if m and 1 <= int(m[2]) <= 12:
        return value, None
    if _YEAR.fullmatch(value):
        return value, None
    return None, value


def list_dob(text: str | None) -> str | None:
    """Validate one watchlist date-of-birth value.

    Accepts ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` and ranges ``YYYY..YYYY``; returns the value
    normalised (ranges without spaces) or ``None`` if unreadable.
    """
    value = clean(text)
    if value is None:
        return None
    dob, _raw = passenger_dob(value)
    if dob is not None:
        return dob
    m = _RANGE.fullmatch(value)
    if m and int(m[1]) <= int(m[2]):
        return f"{m[1]}..{m[2]}"
    return None


def pivot_yymmdd(text: str, *, today: date | None = None, birth: bool = True) -> str | None:
    """Turn ``YYMMDD`` into ISO ``YYYY-MM-DD``.

    For a date of birth (``birth=True``) the century is chosen so the date is not in the
    future relative to ``today``: ``YY`` becomes ``20YY`` unless that is after today, then
    ``19YY``. (A traveller born in 1925 with ``25`` is read as 2025 if that date has passed;
    there is no way to tell from two digits.) For other dates (document expiry) the century is
    the one that puts the date within 50 years of today.

    Returns:
        The ISO date, or ``None`` if ``text`` is not six digits forming a valid date.
    """
    text = text.strip()
    if len(text) != 6 or not text.isdigit():
        return None
    yy, mm, dd = int(text[:2]), int(text[2:4]), int(text[4:])
    today = today or date.today()
    if birth:
        year = 2000 + yy
        if not _valid_ymd(year, mm, dd) and not _valid_ymd(1900 + yy, mm, dd):
            return None
        if year > today.year or (_valid_ymd(year, mm, dd) and date(year, mm, dd) > today):
            year = 1900 + yy
    else:
        year = 2000 + yy
        if year > today.year + 50:
            year -= 100
    if not _valid_ymd(year, mm, dd):
        return None
    return f"{year:04d}-{mm:02d}-{dd:02d}"


def norm_gender(text: str | None) -> tuple[str | None, str | None]:
    """Normalise gender to ``M``/``F``/``U``/``X``.

    Returns:
        ``(gender, raw)``: ``raw`` is the original text when it was present but not understood.
    """
    value = clean(text)
    if value is None:
        return None, None
    g = _GENDERS.get(value.upper())
    if g is None:
        return None, value
    return g, None
