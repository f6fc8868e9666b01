"""Dates of birth as evidence: partial dates, ranges, swapped day and month.

Lists rarely know a date of birth exactly: the UN list has ``EXACT`` dates, ``APPROXIMATELY``
years and ``BETWEEN`` ranges; OFAC writes ``circa 1975``; FtM uses prefix dates (``1985``,
``1985-02``). Manifests carry a full date read from the passport, sometimes with day and month
swapped by whoever typed it. A date is therefore held as a :class:`DateSpec`: an inclusive span
of days plus the precision it was given at, and two dates are compared only at the precision
both sides have (a missing date on either side is no evidence at all).

Accepted spellings (:func:`parse_dob`): ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ranges
``YYYY..YYYY`` / ``YYYY-YYYY`` / ``BETWEEN YYYY YYYY`` / ``YYYY to YYYY``, ``DD.MM.YYYY``,
``DD/MM/YYYY``, ``YYYYMMDD``, ``circa YYYY`` / ``c. YYYY`` / ``approx. YYYY``, and ``DD MON YYYY``
(``17 Jan 1941``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from namematch.csr import SINGLE_PASS_MIN, join_offsets, ranges, single_values, take_rows

__all__ = [
    "DateSpec",
    "DobOutcome",
    "DobResult",
    "DobTable",
    "compare_dob",
    "compare_dobs",
    "parse_dob",
]

_MONTHS = {m: i + 1 for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"))}
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_RE_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_RE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_RE_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_RE_RANGE = re.compile(r"^(?:BETWEEN\s+)?(\d{4})\s*(?:\.\.|-|–|TO|AND|\s)\s*(\d{4})$")
_RE_CIRCA = re.compile(r"^(?:CIRCA|CA\.?|C\.|APPROX\.?|APPROXIMATELY|ABOUT)\s*(\d{4})$")
_RE_DMONY = re.compile(r"^(\d{1,2})\s*([A-Z]{3})[A-Z]*\.?\s*(\d{4})$")
_RE_MONY = re.compile(r"^([A-Z]{3})[A-Z]*\.?\s*(\d{4})$")


class Precision(str, Enum):
    """How precisely a date was given."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"


@dataclass(frozen=True, slots=True)
class DateSpec:
    """An inclusive span of possible birth dates, as ``YYYYMMDD`` integers, plus its precision."""

    lo: int
    hi: int
    precision: Precision

    @property
    def year(self) -> int:
        """The (first) year of the span."""
        return self.lo // 10000

    @property
    def year_hi(self) -> int:
        """The last year of the span."""
        return self.hi // 10000

    def __str__(self) -> str:
        y, m, d = self.lo // 10000, self.lo // 100 % 100, self.lo % 100
        if self.precision is Precision.DAY:
            return f"{y:04d}-{m:02d}-{d:02d}"
        if self.precision is Precision.MONTH:
            return f"{y:04d}-{m:02d}"
        if self.precision is Precision.YEAR:
            return f"{y:04d}"
        return f"{y:04d}..{self.year_hi:04d}"


def _valid(y: int, m: int, d: int) -> bool:
    return 1800 <= y <= 2200 and 1 <= m <= 12 and 1 <= d <= _DAYS_IN_MONTH[m - 1]


def _day(y: int, m: int, d: int) -> DateSpec | None:
    if not _valid(y, m, d):
        return None
    v = y * 10000 + m * 100 + d
    return DateSpec(v, v, Precision.DAY)


def _year(y: int, y2: int | None = None) -> DateSpec | None:
    hi = y if y2 is None else y2
    if not (1800 <= y <= 2200 and 1800 <= hi <= 2200) or hi < y:
        return None
    prec = Precision.YEAR if hi == y else Precision.RANGE
    return DateSpec(y * 10000 + 101, hi * 10000 + 1231, prec)


def _month(y: int, m: int) -> DateSpec | None:
    if not _valid(y, m, 1):
        return None
    return DateSpec(y * 10000 + m * 100 + 1, y * 10000 + m * 100 + _DAYS_IN_MONTH[m - 1],
                    Precision.MONTH)


@lru_cache(maxsize=65536)
def parse_dob(text: str | None) -> DateSpec | None:
    """Read one date-of-birth specification; ``None`` when empty or unreadable.

    >>> str(parse_dob("BETWEEN 1983 1986"))
    '1983..1986'
    >>> str(parse_dob("17 Jan 1941"))
    '1941-01-17'
    """
    if text is None:
        return None
    t = " ".join(text.strip().upper().split())
    if not t:
        return None
    if m := _RE_ISO.match(t):
        y = int(m.group(1))
        if m.group(3):
            return _day(y, int(m.group(2)), int(m.group(3)))
        if m.group(2):
            return _month(y, int(m.group(2)))
        return _year(y)
    if m := _RE_COMPACT.match(t):
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _RE_DMY.match(t):
        return _day(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if m := _RE_RANGE.match(t):
        return _year(int(m.group(1)), int(m.group(2)))
    if m := _RE_CIRCA.match(t):
        return _year(int(m.group(1)))
    if m := _RE_DMONY.match(t):
        mon = _MONTHS.get(m.group(2))
        return _day(int(m.group(3)), mon, int(m.group(1))) if mon else None
    if m := _RE_MONY.match(t):
        mon = _MONTHS.get(m.group(1))
        return _month(int(m.group(2)), mon) if mon else None
    return None


class DobOutcome(str, Enum):
    """What two dates of birth say about two records being one person."""

    EXACT = "exact"            # same day
    SWAPPED = "swapped"        # day and month swapped (a typing habit)
    TYPO = "typo"              # one digit apart (same precision, day level)
    MONTH = "month"            # agree at month precision
    YEAR = "year"              # agree at year precision
    IN_RANGE = "in_range"      # inside a list range (BETWEEN)
    NEAR = "near"              # disjoint but within a year of each other
    CONFLICT = "conflict"      # clearly different
    UNKNOWN = "unknown"        # one side has no date: no evidence


#: Score adjustment per outcome, added to the name score by :mod:`namematch.score`.
#: A clearly different date must clear a namesake (CONFLICT); an exact date is strong evidence
#: (two people a few points apart in name rarely share a birthday: about 1 in 20,000), so it
#: lifts a name with a typing error over the threshold; a missing date costs nothing. Chosen
#: on the benchmark curve: EXACT 0.06 -> 0.14 raised the best F1 from 0.942 to 0.952 with no
#: new false alert; 0.14 -> 0.22 raised recall at 0.88 from 0.961 to 0.965 (typing-error
#: slice 0.83 -> 0.85), again with no new false alert; 0.26 and 0.30 gained one more match
#: for one more false alert.
DOB_ADJUSTMENT: Mapping[DobOutcome, float] = MappingProxyType({
    DobOutcome.EXACT: 0.22,
    DobOutcome.SWAPPED: 0.08,
    DobOutcome.TYPO: -0.10,
    DobOutcome.MONTH: 0.05,
    DobOutcome.YEAR: 0.02,
    DobOutcome.IN_RANGE: 0.01,
    DobOutcome.NEAR: -0.20,
    DobOutcome.CONFLICT: -0.30,
    DobOutcome.UNKNOWN: 0.0,
})


@dataclass(frozen=True, slots=True)
class DobResult:
    """Outcome of a date-of-birth comparison, with the list date that decided it."""

    outcome: DobOutcome
    adjustment: float
    list_dob: str | None = None

    def describe(self) -> str:
        """One readable phrase for explanations."""
        if self.outcome is DobOutcome.UNKNOWN:
            return "date of birth: unknown on one side (no evidence)"
        return f"date of birth: {self.outcome.value} (list {self.list_dob})"


def _digits_one_apart(a: int, b: int) -> bool:
    sa, sb = f"{a:08d}", f"{b:08d}"
    return sum(x != y for x, y in zip(sa, sb, strict=True)) == 1


def compare_dob(listed: DateSpec | None, passenger: DateSpec | None) -> DobOutcome:
    """Compare a list date specification with a passenger's date, at shared precision."""
    if listed is None or passenger is None:
        return DobOutcome.UNKNOWN
    # Overlap of spans means agreement at the coarser precision.
    if listed.lo <= passenger.hi and passenger.lo <= listed.hi:
        if listed.precision is Precision.DAY and passenger.precision is Precision.DAY:
            return DobOutcome.EXACT
        coarser = listed.precision if listed.precision is not Precision.DAY else passenger.precision
        if coarser is Precision.MONTH:
            return DobOutcome.MONTH
        if coarser is Precision.YEAR:
            return DobOutcome.YEAR
        return DobOutcome.IN_RANGE if coarser is Precision.RANGE else DobOutcome.EXACT
    if listed.precision is Precision.DAY and passenger.precision is Precision.DAY:
        a, b = listed.lo, passenger.lo
        ya, ma, da = a // 10000, a // 100 % 100, a % 100
        yb, mb, db = b // 10000, b // 100 % 100, b % 100
        if ya == yb and ma == db and da == mb:
            return DobOutcome.SWAPPED
        if _digits_one_apart(a, b):
            return DobOutcome.TYPO
        # Two precise dates that differ beyond a swap or a one-digit slip: two people.
        return DobOutcome.CONFLICT
    # Disjoint imprecise spans: near when within about a year of each other (an estimated
    # year on the list is often one off).
    gap_years = max(listed.year - passenger.year_hi, passenger.year - listed.year_hi)
    if gap_years <= 1:
        return DobOutcome.NEAR
    return DobOutcome.CONFLICT


_RANK = {o: i for i, o in enumerate(DobOutcome)}


def compare_dobs(listed: tuple[str, ...], passenger: str | None) -> DobResult:
    """Best outcome over a listed person's date specifications (any of them may be right)."""
    pspec = parse_dob(passenger)
    best: DobResult | None = None
    for raw in listed:
        spec = parse_dob(raw)
        if spec is None:
            continue
        outcome = compare_dob(spec, pspec)
        if outcome is DobOutcome.UNKNOWN:
            continue
        res = DobResult(outcome, DOB_ADJUSTMENT[outcome], str(spec))
        if best is None or res.adjustment > best.adjustment:
            best = res
    if best is None:
        return DobResult(DobOutcome.UNKNOWN, 0.0, None)
    return best


_PRECISION_CODE = {p: i for i, p in enumerate(Precision)}
_DAY = _PRECISION_CODE[Precision.DAY]
_CONFLICT = np.float32(DOB_ADJUSTMENT[DobOutcome.CONFLICT])


@lru_cache(maxsize=8)
def _agree_table(passenger: Precision) -> npt.NDArray[np.float32]:
    """The adjustment of two overlapping spans, by the list span's precision code, for a
    passenger date of precision ``passenger``: they agree at the coarser of the two."""
    out = np.zeros(len(_PRECISION_CODE), dtype=np.float32)
    for listed, code in _PRECISION_CODE.items():
        coarser = listed if listed is not Precision.DAY else passenger
        outcome = {Precision.MONTH: DobOutcome.MONTH, Precision.YEAR: DobOutcome.YEAR,
                   Precision.RANGE: DobOutcome.IN_RANGE}.get(coarser, DobOutcome.EXACT)
        out[code] = DOB_ADJUSTMENT[outcome]
    return out


@lru_cache(maxsize=4096)
def _day_outcomes(b: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
    """The exact dates that agree, or nearly, with exact passenger date ``b`` (``YYYYMMDD``),
    sorted, with their adjustment: ``b`` itself, ``b`` with day and month swapped, ``b`` with
    one digit changed (any other exact date conflicts), as :func:`compare_dob` rules."""
    out: dict[int, float] = {}
    for k in range(8):
        step = 10**k
        digit = b // step % 10
        for m in range(10):
            if m != digit:
                out[b + (m - digit) * step] = DOB_ADJUSTMENT[DobOutcome.TYPO]
    out[b // 10000 * 10000 + b % 100 * 100 + b // 100 % 100] = DOB_ADJUSTMENT[
        DobOutcome.SWAPPED]
    out[b] = DOB_ADJUSTMENT[DobOutcome.EXACT]
    dates = sorted(out)
    return (np.array(dates, dtype=np.int32),
            np.array([out[d] for d in dates], dtype=np.float32))


def _exact_dates(listed: npt.NDArray[np.int32], b: int) -> npt.NDArray[np.float32]:
    """Adjustments of exact list dates ``listed`` against exact passenger date ``b`` (all
    ``YYYYMMDD``): the same date, day and month swapped, one digit apart, or a conflict.
    A date that agrees, or nearly, shares the year or the month and day with ``b``: only
    those (a handful among thousands of namesakes) are looked up among the few dates that
    do not conflict with it (:func:`_day_outcomes`)."""
    out = np.full(len(listed), _CONFLICT, dtype=np.float32)
    near = np.flatnonzero((listed // 10000 == b // 10000) | (listed % 10000 == b % 10000))
    if len(near):
        found = listed[near]
        dates, adjustments = _day_outcomes(b)
        pos = np.minimum(np.searchsorted(dates, found), len(dates) - 1)
        out[near] = np.where(dates[pos] == found, adjustments[pos], _CONFLICT)
    return out


class DobTable:
    """Every listed person's date specifications as flat arrays, compared in one vectorised
    pass: :meth:`adjustments` gives, for many people at once, exactly the adjustment
    :func:`compare_dobs` gives one at a time. The screener uses it to drop namesakes with a
    clearly different date before any name is aligned, and to tighten the cheap name bound.

    Arrays (CSR by person): ``dob_off`` (people + 1), ``dob_lo`` / ``dob_hi`` (``YYYYMMDD``),
    ``dob_prec`` (precision code).
    """

    def __init__(self, offsets: npt.NDArray[np.int64], lo: npt.NDArray[np.int32],
                 hi: npt.NDArray[np.int32], prec: npt.NDArray[np.int8]) -> None:
        self.offsets = offsets
        self.lo = lo
        self.hi = hi
        self.prec = prec
        self._days: npt.NDArray[np.int32] | None = None

    def _single_days(self) -> npt.NDArray[np.int32]:
        """Per person: the date of a person listed with one exact date and no other (most
        people), 0 for a person with no date, -1 otherwise; computed on first use."""
        if self._days is None:
            days = single_values(self.offsets, self.lo, none=0, many=-1)
            precision = single_values(self.offsets, self.prec, none=_DAY, many=_DAY)
            days[precision != _DAY] = -1
            self._days = days.astype(np.int32)
        return self._days

    @classmethod
    def build(cls, dob_lists: Iterable[Sequence[str]]) -> DobTable:
        """From each person's date strings (unreadable ones are skipped, as in
        :func:`compare_dobs`)."""
        offsets = [0]
        lo: list[int] = []
        hi: list[int] = []
        prec: list[int] = []
        for dobs in dob_lists:
            for raw in dobs:
                spec = parse_dob(raw)
                if spec is not None:
                    lo.append(spec.lo)
                    hi.append(spec.hi)
                    prec.append(_PRECISION_CODE[spec.precision])
            offsets.append(len(lo))
        return cls(np.asarray(offsets, dtype=np.int64), np.asarray(lo, dtype=np.int32),
                   np.asarray(hi, dtype=np.int32), np.asarray(prec, dtype=np.int8))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """The arrays, by name, for saving."""
        return {"dob_off": self.offsets, "dob_lo": self.lo, "dob_hi": self.hi,
                "dob_prec": self.prec}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[np.generic]]) -> DobTable:
        """Rebuild from :meth:`arrays` output (raises ``KeyError`` for a missing array,
        ``ValueError`` when the arrays disagree)."""
        table = cls(arrays["dob_off"].astype(np.int64, copy=False),
                    arrays["dob_lo"].astype(np.int32, copy=False),
                    arrays["dob_hi"].astype(np.int32, copy=False),
                    arrays["dob_prec"].astype(np.int8, copy=False))
        n = len(table.lo)
        if (len(table.offsets) == 0 or table.offsets[0] != 0 or table.offsets[-1] != n
                or len(table.hi) != n or len(table.prec) != n
                or bool(np.any(np.diff(table.offsets) < 0))):
            msg = "date-of-birth arrays are inconsistent"
            raise ValueError(msg)
        return table

    def merged(self, keep: npt.NDArray[np.bool_], added: DobTable) -> DobTable:
        """The people of this table where ``keep``, in order, then those of ``added``;
        equal to :meth:`build` over the same people."""
        off, idx = take_rows(self.offsets, np.flatnonzero(keep))
        return DobTable(join_offsets(off, added.offsets),
                        np.concatenate([self.lo[idx], added.lo]).astype(np.int32),
                        np.concatenate([self.hi[idx], added.hi]).astype(np.int32),
                        np.concatenate([self.prec[idx], added.prec]).astype(np.int8))

    def adjustments(self, person_ids: npt.NDArray[np.integer[Any]],
                    passenger_dob: str | None) -> npt.NDArray[np.float32]:
        """``compare_dobs(person.dobs, passenger_dob).adjustment`` for each person id."""
        n = len(person_ids)
        pspec = parse_dob(passenger_dob)
        if pspec is None or n == 0:
            return np.zeros(n, dtype=np.float32)
        if pspec.precision is not Precision.DAY or n < SINGLE_PASS_MIN:
            return self._adjustments(person_ids, pspec)
        # An exact passenger date against people with one exact date (most).
        days = self._single_days()[person_ids]
        out = _exact_dates(days, pspec.lo)
        out[days == 0] = 0.0
        other = np.flatnonzero(days < 0)
        if len(other):
            out[other] = self._adjustments(person_ids[other], pspec)
        return out

    def _adjustments(self, person_ids: npt.NDArray[np.integer[Any]],
                     pspec: DateSpec) -> npt.NDArray[np.float32]:
        """:meth:`adjustments` for any people and passenger date specification."""
        out = np.zeros(len(person_ids), dtype=np.float32)
        s_lo = self.offsets[person_ids]
        s_cnt = self.offsets[person_ids + 1] - s_lo
        total = int(s_cnt.sum())
        if total == 0:
            return out
        idx = ranges(s_lo, s_cnt)
        lo, hi, prec = self.lo[idx], self.hi[idx], self.prec[idx]
        # Overlapping spans agree at the coarser precision of the two (a lookup by the list
        # precision); the others conflict unless the rules below find a slip or a near year.
        adj = np.where((lo <= pspec.hi) & (pspec.lo <= hi),
                       _agree_table(pspec.precision)[prec], _CONFLICT)
        # Disjoint spans are handled on their own (most of a common name's namesakes).
        apart = np.flatnonzero(adj == _CONFLICT)
        if len(apart):
            a_lo, a_prec = lo[apart], prec[apart]
            both_day = (a_prec == _DAY) if pspec.precision is Precision.DAY else np.zeros(
                len(apart), dtype=bool)
            day = np.flatnonzero(both_day)
            if len(day):
                adj[apart[day]] = _exact_dates(a_lo[day], pspec.lo)
            loose = np.flatnonzero(~both_day)
            if len(loose):
                gap = np.maximum(a_lo[loose] // 10000 - pspec.year_hi,
                                 pspec.year - hi[apart[loose]] // 10000)
                adj[apart[loose[gap <= 1]]] = DOB_ADJUSTMENT[DobOutcome.NEAR]
        has = s_cnt > 0
        starts = (np.cumsum(s_cnt) - s_cnt)[has]
        out[has] = np.maximum.reduceat(adj, starts)
        return out
