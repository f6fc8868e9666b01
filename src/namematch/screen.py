"""Screening: the batch API and the decision.

:class:`Watchlist` holds the listed people, their names and the blocking index;
:class:`Screener` takes passengers (records or a file), finds candidates through the index,
scores them (:mod:`namematch.score`) and yields :class:`Alert` records at or above the report
threshold, with a decision:

* ``hit``: score >= ``ScreenConfig.hit_threshold`` (stop and check the traveller);
* ``review``: score >= ``ScreenConfig.review_threshold`` (an officer looks at the alert);
* ``none``: below both, only reported when the caller lowers ``report_threshold`` to tune.

The default thresholds were chosen on the synthetic benchmark's precision/recall curve (README,
"Accuracy"): ``review`` at 0.88, at the best F1, where about 96 % of listed travellers alert;
``hit`` at 0.92, where precision passes 0.96. ``namematch evaluate`` reproduces the curve.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from namematch import __version__
from namematch.cheap import BOUND_MARGIN, CheapJoin, CheapTable
from namematch.dates import DobResult, DobTable, compare_dobs, parse_dob
from namematch.errors import IndexFormatError, InputError
from namematch.index import (
    FORMAT_VERSION,
    IndexChunk,
    NameIndex,
    index_chunk,
    read_archive,
    write_archive,
)
from namematch.keys import is_arabic
from namematch.names import Form, Name, fields_raw, parse_fields, parse_name, parse_readings
from namematch.score import (
    GENDER_MISMATCH,
    NATIONALITY_MATCH,
    Comparison,
    PreparedName,
    compare_prepared,
    passenger_gender,
    prepare,
)
from namematch.tables import (
    Evidence,
    NameTable,
    NationalityTable,
    PersonTable,
    gender_code,
    merge_packed,
    pack_persons,
    packed_persons,
    tables_from_arrays,
)
from namematch.types import ListedPerson, ListName, NameType, Passenger, ReadCounts, Rejected

__all__ = [
    "Alert",
    "ScreenConfig",
    "ScreenStats",
    "Screener",
    "Watchlist",
    "reset_caches",
]

#: Slack for float32 rounding when pruning at the floor: a name exactly at the floor stays.
_FLOAT_SLACK = 1e-6
#: A reading's candidates are bounded by the cheap name bound only when there are more than
#: this many; fewer are aligned outright (what they may reach still counts their evidence
#: exactly). The bound costs about a hundred numpy calls whatever the number of names, more
#: than aligning a handful: with 8, in process on one core, 100k names +5 %, 10k +7 %, 1M
#: unchanged; the same alerts.
BOUND_MIN_NAMES = 8

#: Prepared list names rebuilt from a loaded index and remembered (cleared when full).
REBUILT_CACHE_SIZE = 300_000

_FORMS = {"mrz": Form.MRZ, "api": Form.API, "pnr": Form.PNR, "free": Form.FREE,
          "list": Form.LIST}


@dataclass(frozen=True)
class ScreenConfig:
    """Screening settings; every field has a documented default.

    Attributes:
        hit_threshold: score at or above which an alert is a ``hit``.
        review_threshold: score at or above which an alert is a ``review``.
        report_threshold: lowest score reported; ``None`` means ``review_threshold``.
            Lower it (``--threshold 0.5``) to see near misses when tuning.
        max_alerts_per_passenger: at most this many listed people per passenger, best first.
        max_candidates: cap on list names scored per passenger reading (blocking output).
    """

    hit_threshold: float = 0.92
    review_threshold: float = 0.88
    report_threshold: float | None = None
    max_alerts_per_passenger: int = 5
    max_candidates: int = 2000

    @property
    def floor(self) -> float:
        """The effective lowest reported score."""
        return self.review_threshold if self.report_threshold is None else self.report_threshold

    def decision(self, score: float) -> str:
        """``hit``, ``review`` or ``none`` for a score."""
        if score >= self.hit_threshold:
            return "hit"
        if score >= self.review_threshold:
            return "review"
        return "none"


@dataclass(frozen=True, slots=True)
class Alert:
    """One passenger matched to one listed person, with the comparison that decided it."""

    passenger_id: str
    watchlist_id: str
    score: float
    decision: str
    passenger_name: str
    matched_name: str
    matched_name_type: str
    comparison: Comparison = field(repr=False)
    #: ``match`` when a travel document number of the passenger is on the list entry,
    #: ``mismatch`` when both have numbers and none agree, else ``unknown``. Reported for the
    #: officer; it does not change the score.
    document: str = "unknown"

    def reasons(self) -> list[str]:
        """Readable reasons (which name matched, part alignment, date of birth...)."""
        out = self.comparison.reasons()
        if self.document != "unknown":
            out.append(f"document number: {self.document}")
        out.append(f"decision: {self.decision} (score {self.score:.3f})")
        return out

    def explain(self) -> str:
        """The reasons as one multi-line text."""
        return "\n".join(self.reasons())

    def to_record(self, *, explain: bool = False) -> dict[str, Any]:
        """A flat dict for CSV/JSON output."""
        rec: dict[str, Any] = {
            "passenger_id": self.passenger_id,
            "watchlist_id": self.watchlist_id,
            "score": round(self.score, 4),
            "decision": self.decision,
            "passenger_name": self.passenger_name,
            "matched_name": self.matched_name,
            "matched_name_type": self.matched_name_type,
        }
        if explain:
            rec["reasons"] = "; ".join(self.reasons())
        return rec


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a watchlist is read and built (workers forked
    meanwhile inherit the pause). A build makes millions of long-lived objects that form no
    cycles (records, names, cached keys), and every full collection walks them all: on the
    1M-name build that was a third of the time. Reference counting still frees everything
    dropped; the collector is back on when the build returns."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _list_name_to_name(ln: ListName) -> Name:
    if ln.surname or ln.given_names:
        return parse_fields(ln.surname, ln.given_names, form=Form.LIST)
    return parse_name(ln.name, form=Form.LIST)


class Watchlist:
    """Listed people, their names, and the blocking index over those names.

    Build with :meth:`from_csv`, :meth:`from_records` or :meth:`from_file` (any list format the
    readers know), or :meth:`load` a saved index. Rejected list rows are kept in
    :attr:`rejected` so callers can report them.
    """

    def __init__(self, persons: Sequence[ListedPerson], *,
                 rejected: Sequence[Rejected] = (), source: str | None = None,
                 _index: NameIndex | None = None,
                 _prepared: list[PreparedName] | None = None,
                 _cheap: CheapTable | None = None,
                 _arrays: dict[str, Any] | None = None,
                 keep_prepared: bool = True, workers: int = 1) -> None:
        self.rejected: list[Rejected] = list(rejected)
        self._rebuilt: dict[int, PreparedName] = {}
        self._genders: npt.NDArray[np.int8] | None = None
        self.source = source
        self.persons: Sequence[ListedPerson]
        self.names: Sequence[ListName]
        if _arrays is not None:
            # A loaded index: people and names stay packed until asked for.
            self.persons, self.names = tables_from_arrays(_arrays, source)
            try:
                self.name_person = _arrays["name_person"].astype(np.int32, copy=False)
                self.dobs = DobTable.from_arrays(_arrays)
                self.nationalities = NationalityTable.from_arrays(_arrays)
                self._arabic_person = _arrays["person_arabic"].astype(bool, copy=False)
                self.id_rank = _arrays["person_rank"].astype(np.int32, copy=False)
            except KeyError as exc:
                msg = (f"saved index lacks {exc.args[0]!r}; rebuild it with "
                       "`namematch index build`")
                raise IndexFormatError(msg) from None
            except ValueError:
                msg = "saved index has inconsistent arrays; rebuild it with `namematch index build`"
                raise IndexFormatError(msg) from None
            if (len(self.name_person) != len(self.names)
                    or len(self.dobs) != len(self.persons)
                    or len(self.nationalities) != len(self.persons)
                    or len(self.id_rank) != len(self.persons)):
                msg = "saved index has inconsistent arrays; rebuild it with `namematch index build`"
                raise IndexFormatError(msg)
        else:
            self.persons = list(persons)
            names: list[ListName] = []
            for person in self.persons:
                names.extend(person.names)
            self.names = names
            self.name_person = np.fromiter(
                (pi for pi, person in enumerate(self.persons) for _ in person.names),
                dtype=np.int32, count=len(self.names))
            # Every listed person's dates of birth, compared with a passenger's in one
            # vectorised pass (:meth:`dob_adjustments`).
            self.dobs = DobTable.build(person.dobs for person in self.persons)
            self.nationalities = NationalityTable.build(
                person.nationalities for person in self.persons)
            self._arabic_person = np.fromiter(
                (_has_arabic_name(person) for person in self.persons), dtype=bool,
                count=len(self.persons))
            self.id_rank = id_ranks([person.id for person in self.persons])
        if _index is not None:
            self.index = _index
            self._prepared_list = _prepared
            self.cheap = _cheap if _cheap is not None else CheapTable.build(
                [_prepared[i] if _prepared is not None else self._prepare_name(i)
                 for i in range(len(self.names))])
        elif keep_prepared:
            prepared = [self._prepare_name(i) for i in range(len(self.names))]
            self.index = NameIndex.build(prepared)
            self._prepared_list = prepared
            self.cheap = CheapTable.build(prepared)
        else:
            # One pass, nothing kept: for building a saved index of a national list, where
            # a million prepared names would cost gigabytes. Names are parsed and keyed on
            # ``workers`` processes, and prepared again lazily if this watchlist screens in
            # process.
            from namematch.parallel import name_chunks_parallel

            tables = CheapJoin()

            def index_chunks() -> Iterator[IndexChunk]:
                for ichunk, table in name_chunks_parallel(self, workers=workers):
                    tables.add(table)
                    yield ichunk

            self.index = NameIndex.from_chunks(index_chunks())
            self._prepared_list = None
            self.cheap = tables.finish()

    def __len__(self) -> int:
        return len(self.persons)

    def dob_adjustments(self, name_ids: npt.NDArray[np.int32],
                        dob: str | None) -> npt.NDArray[np.float32]:
        """The date-of-birth adjustment (:data:`namematch.dates.DOB_ADJUSTMENT`) each list
        name's person gets against a passenger date, in one vectorised pass."""
        return self.dobs.adjustments(self.name_person[name_ids], dob)

    def dob_filter(self, dob: str | None, floor: float
                   ) -> Callable[[npt.NDArray[np.int32]], npt.NDArray[np.bool_]] | None:
        """A vectorised test of list-name ids: can the listed person's dates of birth still let
        a perfect name reach ``floor``? ``None`` when the passenger has no readable date."""
        if parse_dob(dob) is None:
            return None
        need = floor - 1.0 - NATIONALITY_MATCH - _FLOAT_SLACK

        def allowed(name_ids: npt.NDArray[np.int32]) -> npt.NDArray[np.bool_]:
            return self.dob_adjustments(name_ids, dob) >= need

        return allowed

    def _prepare_name(self, name_id: int) -> PreparedName:
        arabic = bool(self._arabic_person[self.name_person[name_id]])
        return _prepare_list_name(self.names[name_id], arabic)

    def name_chunk(self, lo: int, hi: int) -> tuple[IndexChunk, CheapTable]:
        """The index pairs and bound table of list names ``lo`` to ``hi - 1`` (arrays, so
        that a build can compute them in worker processes and join them in order)."""
        prepared = [self._prepare_name(i) for i in range(lo, hi)]
        return index_chunk(prepared), CheapTable.build(prepared)

    @property
    def n_names(self) -> int:
        """Number of list names (aliases included)."""
        return len(self.names)

    @property
    def genders(self) -> npt.NDArray[np.int8]:
        """Every listed person's gender code (:func:`namematch.tables.gender_code`), read
        once on first use."""
        if self._genders is None:
            persons = self.persons
            self._genders = persons.gender_codes() if isinstance(persons, PersonTable) else \
                np.fromiter((gender_code(p.gender) for p in persons), dtype=np.int8,
                            count=len(persons))
        return self._genders

    def gender_adjustments(self, person_ids: npt.NDArray[np.int32],
                           passenger_letter: str) -> npt.NDArray[np.float32]:
        """The scorer's gender adjustment for each person against a passenger's gender
        letter (:func:`namematch.score.passenger_gender`): a mismatch when both are known and
        differ, else 0. (A surname matched in its other gender's form lowers a score further;
        that needs the alignment.)"""
        code = gender_code(passenger_letter)
        if not code or not len(person_ids):
            return np.zeros(len(person_ids), dtype=np.float32)
        g = self.genders[person_ids]
        out = np.zeros(len(person_ids), dtype=np.float32)
        out[(g != 0) & (g != code)] = GENDER_MISMATCH
        return out

    def evidence_adjustments(self, person_ids: npt.NDArray[np.int32], passenger: Passenger,
                             reading: PreparedName) -> npt.NDArray[np.float32]:
        """The date-of-birth, nationality and gender adjustments the scorer gives each person
        against a passenger (``reading``: the prepared reading, whose title may hint at the
        gender), exactly, in one vectorised pass: what a name's score may reach beyond its
        name score."""
        return (self.dobs.adjustments(person_ids, passenger.dob)
                + self.nationalities.adjustments(person_ids, passenger.nationality)
                + self.gender_adjustments(person_ids,
                                          passenger_gender(passenger.gender, reading)))

    def evidence(self, person_id: int) -> Evidence:
        """Dates of birth, gender and nationalities of listed person ``person_id`` (by
        position), read without building the person on a loaded index."""
        persons = self.persons
        if isinstance(persons, PersonTable):
            return persons.evidence(person_id)
        p = persons[person_id]
        return p.dobs, p.gender, p.nationalities

    def name_type(self, name_id: int) -> NameType:
        """The type of list name ``name_id``."""
        names = self.names
        if isinstance(names, NameTable):
            return names.name_type(name_id)
        return names[name_id].name_type

    def prepared(self, name_id: int) -> PreparedName:
        """The prepared form of list name ``name_id``. After :meth:`load` (and a lean build)
        it is rebuilt from the bound table's arrays, without parsing, and remembered."""
        if self._prepared_list is not None:
            return self._prepared_list[name_id]
        hit = self._rebuilt.get(name_id)
        if hit is None:
            ln = self.names[name_id]
            raw = (fields_raw(ln.surname, ln.given_names) if ln.surname or ln.given_names
                   else ln.name)
            hit = self.cheap.prepared(name_id, raw)
            if len(self._rebuilt) >= REBUILT_CACHE_SIZE:
                self._rebuilt.clear()
            self._rebuilt[name_id] = hit
        return hit

    # ----------------------------------------------------------------------------- building

    @classmethod
    @collector_paused()
    def from_records(cls, records: Iterable[ListedPerson | Rejected],
                     source: str | None = None, *, keep_prepared: bool = True,
                     workers: int = 1) -> Watchlist:
        """Build from reader output or plain :class:`ListedPerson` records.

        ``keep_prepared=False`` builds in one pass without keeping the prepared names (lower
        peak memory; use it to build a saved index), parsing and keying the names on
        ``workers`` processes."""
        persons: list[ListedPerson] = []
        rejected: list[Rejected] = []
        seen: set[str] = set()
        for rec in records:
            if isinstance(rec, Rejected):
                rejected.append(rec)
            elif rec.id in seen:
                rejected.append(Rejected(0, f"duplicate listed id {rec.id!r}", rec.id, source))
            else:
                seen.add(rec.id)
                persons.append(rec)
        return cls(persons, rejected=rejected, source=source, keep_prepared=keep_prepared,
                   workers=workers)

    @classmethod
    def from_csv(cls, path: str | Path, *, encoding: str | None = None) -> Watchlist:
        """Build from a watchlist CSV (``id,name`` plus optional columns)."""
        return cls.from_file(path, format="csv", encoding=encoding)

    @classmethod
    def from_file(cls, path: str | Path, *, format: str | None = None,
                  encoding: str | None = None, counts: ReadCounts | None = None,
                  keep_prepared: bool = True, workers: int = 1) -> Watchlist:
        """Build from any watchlist file the readers know, or load a saved index."""
        from namematch import io as nmio

        p = Path(path)
        if format == "index" or (format is None and _looks_like_index(p)):
            return cls.load(p)
        return cls.from_records(nmio.read_watchlist(p, format=format, encoding=encoding,
                                                    counts=counts), source=str(path),
                                keep_prepared=keep_prepared, workers=workers)

    # ----------------------------------------------------------------------------- saving

    def save(self, path: str | Path) -> None:
        """Save as a single ``.nmi`` file: numpy arrays + JSON manifest, checksummed."""
        arrays = dict(self.index.arrays())
        arrays.update(self.cheap.arrays())
        arrays.update(pack_persons(self.persons, self.source))
        arrays.update(self.dobs.arrays())
        arrays.update(self.nationalities.arrays())
        arrays.update({"name_person": self.name_person, "person_arabic": self._arabic_person,
                       "person_rank": self.id_rank})
        manifest: dict[str, object] = {
            "kind": "namematch-index", "format_version": FORMAT_VERSION,
            "namematch_version": __version__, "persons": len(self.persons),
            "names": self.n_names, "source": self.source,
        }
        write_archive(Path(path), manifest, arrays)

    @classmethod
    def load(cls, path: str | Path) -> Watchlist:
        """Load a saved index written by :meth:`save`."""
        manifest, arrays = read_archive(Path(path), expect_kind="namematch-index")
        index = NameIndex.from_arrays(arrays)
        try:
            cheap = CheapTable(arrays)
        except KeyError as exc:
            msg = f"saved index lacks {exc.args[0]!r}; rebuild it with `namematch index build`"
            raise IndexFormatError(msg) from None
        except ValueError as exc:
            msg = f"{path}: {exc}; rebuild it with `namematch index build`"
            raise IndexFormatError(msg) from None
        src = manifest.get("source")
        wl = cls((), source=str(src) if src else None, _index=index, _prepared=None,
                 _cheap=cheap, _arrays=arrays)
        wl.source = str(src or path)
        if index.n_names != wl.n_names:
            msg = (f"{path}: index covers {index.n_names} names but lists {wl.n_names}; "
                   "rebuild it with `namematch index build`")
            raise IndexFormatError(msg)
        return wl

    @collector_paused()
    def updated(self, *, add: Iterable[ListedPerson] = (),
                remove: Iterable[str] = ()) -> Watchlist:
        """A new watchlist with people added (or replaced, same id) and ids removed.

        Only the added names are parsed and keyed; unchanged names keep their prepared forms.
        The result screens identically to a fresh build of the same people.
        """
        drop = set(remove)
        added = list(add)
        drop.update(p.id for p in added)
        if self._prepared_list is None:
            return self._updated_from_arrays(drop, added)
        keep_persons: list[ListedPerson] = []
        keep_prepared: list[PreparedName] = []
        nid = 0
        for person in self.persons:
            for _ in person.names:
                if person.id not in drop:
                    keep_prepared.append(self.prepared(nid))
                nid += 1
            if person.id not in drop:
                keep_persons.append(person)
        for person in added:
            keep_persons.append(person)
            arabic = _has_arabic_name(person)
            keep_prepared.extend(_prepare_list_name(ln, arabic) for ln in person.names)
        index = NameIndex.build(keep_prepared)
        return Watchlist(keep_persons, source=self.source, _index=index,
                         _prepared=keep_prepared, _cheap=CheapTable.build(keep_prepared))


    def _updated_from_arrays(self, drop: set[str], added: list[ListedPerson]) -> Watchlist:
        """Update a loaded (or lean-built) index at the array level: kept names are not
        parsed again, and kept people stay packed columns, never a record each."""
        persons = self.persons
        ids = persons.ids() if isinstance(persons, PersonTable) else [p.id for p in persons]
        keep_person = np.fromiter((i not in drop for i in ids), dtype=bool, count=len(ids))
        keep_name = keep_person[self.name_person]
        add_prepared = [_prepare_list_name(ln, _has_arabic_name(p))
                        for p in added for ln in p.names]
        arrays = merge_packed(packed_persons(persons, self.source), keep_person,
                              pack_persons(added, self.source))
        arrays.update(self.dobs.merged(keep_person,
                                       DobTable.build(p.dobs for p in added)).arrays())
        arrays.update(self.nationalities.merged(
            keep_person, NationalityTable.build(p.nationalities for p in added)).arrays())
        counts = np.diff(arrays["p_name_off"])
        arrays["name_person"] = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
        arrays["person_arabic"] = np.concatenate([
            self._arabic_person[keep_person],
            np.fromiter((_has_arabic_name(p) for p in added), dtype=bool, count=len(added))])
        arrays["person_rank"] = id_ranks(
            [ids[i] for i in np.flatnonzero(keep_person).tolist()] + [p.id for p in added])
        return Watchlist((), source=self.source,
                         _index=self.index.merged(keep_name, add_prepared), _prepared=None,
                         _cheap=self.cheap.merged(keep_name, add_prepared), _arrays=arrays)


def id_ranks(ids: Sequence[str]) -> npt.NDArray[np.int32]:
    """Each listed person's position when the people are sorted by id (the order alerts of
    equal score are reported in), so screening can align candidates in that order."""
    order = sorted(range(len(ids)), key=ids.__getitem__)
    rank = np.empty(len(ids), dtype=np.int32)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(ids), dtype=np.int32)
    return rank


@lru_cache(maxsize=200_000)
def _prepare_list_name(ln: ListName, arabic_origin: bool) -> PreparedName:
    return prepare(_list_name_to_name(ln), arabic_origin=arabic_origin)


def _has_arabic_name(person: ListedPerson) -> bool:
    """A listed person with an Arabic-script name: their Latin names are unvowelled sources."""
    return any(is_arabic(t) for ln in person.names for t in ln.name.split()[:1])


def _doc_key(number: str) -> str:
    return "".join(ch for ch in number.upper() if ch.isalnum())


def document_check(passenger_docs: Sequence[str], listed_docs: Sequence[str]) -> str:
    """Compare travel document numbers (case, spaces and punctuation ignored)."""
    p = {k for d in passenger_docs if (k := _doc_key(d))}
    q = {k for d in listed_docs if (k := _doc_key(d))}
    if not p or not q:
        return "unknown"
    return "match" if p & q else "mismatch"


def _looks_like_index(p: Path) -> bool:
    if p.suffix == ".nmi":
        return True
    try:
        with p.open("rb") as fh:
            head = fh.read(4)
    except OSError:
        return False
    return head == b"PK\x03\x04"


@dataclass
class ScreenStats:
    """What the stages of one :class:`Screener` did (in this process): passenger readings,
    candidate pairs from blocking, pairs left after the vectorised date-of-birth and name
    bounds (the ones aligned), and the time spent blocking and scoring. ``scoring_seconds``
    covers everything after blocking: date comparison, the cheap bound, alignment,
    evidence and decisions."""

    readings: int = 0
    candidate_pairs: int = 0
    aligned_pairs: int = 0
    blocking_seconds: float = 0.0
    scoring_seconds: float = 0.0

    @property
    def scoring_us_per_candidate_pair(self) -> float:
        """Mean scoring time per candidate pair, in microseconds."""
        return 1e6 * self.scoring_seconds / max(self.candidate_pairs, 1)


class Screener:
    """Screens passengers against a :class:`Watchlist`.

    :attr:`read`, :attr:`screened` and :attr:`rejected` accumulate across calls so callers can
    print a reconciled summary; :attr:`stats` counts what the stages did.
    """

    def __init__(self, watchlist: Watchlist, config: ScreenConfig | None = None,
                 **overrides: Any) -> None:
        self.watchlist = watchlist
        cfg = config or ScreenConfig()
        self.config = replace(cfg, **overrides) if overrides else cfg
        self.read = 0
        self.screened = 0
        self.rejected: list[Rejected] = []
        self.stats = ScreenStats()

    # ------------------------------------------------------------------------ one passenger

    def readings(self, passenger: Passenger) -> tuple[Name, ...]:
        """Parsed readings of a passenger's name (several when ambiguous)."""
        form = _FORMS.get((passenger.form or "").lower())
        if passenger.name and passenger.name.strip():
            return parse_readings(passenger.name, form=form)
        return (parse_fields(passenger.surname, passenger.given_names,
                             form=form or Form.API),)

    def screen_one(self, passenger: Passenger) -> list[Alert]:
        """All alerts for one passenger, best first (at most ``max_alerts_per_passenger``)."""
        cfg = self.config
        wl = self.watchlist
        floor = cfg.floor
        allowed = wl.dob_filter(passenger.dob, floor)
        stats = self.stats
        # Each reading's candidates that may still reach the floor, with what they may reach.
        reachable: list[tuple[int, PreparedName, npt.NDArray[np.int32],
                              npt.NDArray[np.float64]]] = []
        for ri, reading in enumerate(self.readings(passenger)):
            pax = prepare(reading)
            if not pax.parts:
                continue
            t0 = time.perf_counter()
            name_ids = wl.index.candidates(pax, max_candidates=cfg.max_candidates,
                                           allowed=allowed).name_ids
            t1 = time.perf_counter()
            stats.readings += 1
            stats.candidate_pairs += len(name_ids)
            stats.blocking_seconds += t1 - t0
            if len(name_ids):
                reachable.append((ri, pax, *self._reach(pax, passenger, name_ids)))
                stats.scoring_seconds += time.perf_counter() - t1
        t2 = time.perf_counter()
        best = self._align_best(passenger, reachable)
        stats.scoring_seconds += time.perf_counter() - t2
        alerts: list[Alert] = []
        for pi, c in best.items():
            if c.score < floor:
                continue
            person = wl.persons[pi]
            alerts.append(Alert(passenger.passenger_id, person.id, c.score,
                                cfg.decision(c.score), passenger.display_name,
                                c.matched_name, c.matched_name_type.value, c,
                                document_check(passenger.documents, person.documents)))
        alerts.sort(key=lambda a: (-a.score, a.watchlist_id))
        return alerts[: cfg.max_alerts_per_passenger]

    def _reach(self, pax: PreparedName, passenger: Passenger, name_ids: npt.NDArray[np.int32]
               ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """The candidates of one reading that may reach the floor, and what each may reach:
        its name bound (when there are more than :data:`BOUND_MIN_NAMES`) plus its
        date-of-birth, nationality and gender adjustments (exactly), never above 1. Computed
        vectorised, before any name is aligned."""
        wl = self.watchlist
        floor = self.config.floor
        adj = wl.evidence_adjustments(wl.name_person[name_ids], passenger, pax)
        reach = np.minimum(1.0, 1.0 + adj + _FLOAT_SLACK)
        ok = reach >= floor
        name_ids, adj, reach = name_ids[ok], adj[ok], reach[ok]
        if len(name_ids) > BOUND_MIN_NAMES and CheapTable.applies(pax):
            slack = BOUND_MARGIN + _FLOAT_SLACK
            bound = wl.cheap.upper_bounds(pax, name_ids, need=floor - adj - slack)
            reach = np.minimum(reach, bound + adj + slack)
            ok = reach >= floor
            name_ids, reach = name_ids[ok], reach[ok]
        return name_ids, reach

    def _align_best(self, passenger: Passenger,
                    reachable: Sequence[tuple[int, PreparedName, npt.NDArray[np.int32],
                                              npt.NDArray[np.float64]]]
                    ) -> dict[int, Comparison]:
        """Align the reachable names of all readings; the best comparison per listed person
        (ties: the first reading, then the lowest name id).

        Names are aligned best reach first, across readings (a booking name read with and
        without a glued title: the better reading's alerts come first), equal reach in the
        order alerts of equal score are reported (by listed id); alignment stops once no
        remaining name can displace the last alert kept (``max_alerts_per_passenger``): the
        alerts are exactly those of aligning them all. Among many exact namesakes, five are
        aligned, not all.
        """
        best: dict[int, Comparison] = {}
        if not reachable:
            return best
        wl = self.watchlist
        floor = self.config.floor
        keep = self.config.max_alerts_per_passenger
        readings = np.concatenate([np.full(len(ids), k) for k, (_, _, ids, _) in
                                   enumerate(reachable)])
        name_ids = np.concatenate([ids for _, _, ids, _ in reachable])
        reach = np.concatenate([r for _, _, _, r in reachable])
        persons = wl.name_person[name_ids]
        rank = wl.id_rank[persons]
        order = np.lexsort((name_ids, readings, rank, -reach))
        origin: dict[int, tuple[int, int]] = {}
        dob_cache: dict[int, DobResult] = {}
        aligned = 0
        # The last alert kept, once there are ``keep``: (score, id rank of its person).
        last_kept = (-1.0, -1)
        for k, nid, pi, prank, can_reach in zip(
                readings[order].tolist(), name_ids[order].tolist(), persons[order].tolist(),
                rank[order].tolist(), reach[order].tolist(), strict=True):
            # No later name can enter the alerts kept: it cannot score above the last one,
            # nor equal it with a person reported before it.
            if can_reach < last_kept[0] or (can_reach == last_kept[0]
                                            and prank > last_kept[1]):
                break
            aligned += 1
            ri, pax = reachable[k][0], reachable[k][1]
            dobs, gender, nationalities = wl.evidence(pi)
            dob = dob_cache.get(pi)
            if dob is None:
                dob = compare_dobs(dobs, passenger.dob)
                dob_cache[pi] = dob
            c = compare_prepared(
                pax, wl.prepared(nid), name_type=wl.name_type(nid), list_dobs=dobs,
                pax_dob=passenger.dob, list_gender=gender, pax_gender=passenger.gender,
                list_nationalities=nationalities, pax_nationality=passenger.nationality,
                dob=dob)
            prev = best.get(pi)
            if (prev is None or c.score > prev.score
                    or (c.score == prev.score and origin[pi] > (ri, nid))):
                best[pi] = c
                origin[pi] = (ri, nid)
                if c.score >= floor:
                    kept = sorted((-b.score, int(wl.id_rank[p])) for p, b in best.items()
                                  if b.score >= floor)
                    if len(kept) >= keep:
                        last_kept = (-kept[keep - 1][0], kept[keep - 1][1])
        self.stats.aligned_pairs += aligned
        return best

    # ------------------------------------------------------------------------ batches

    def screen(self, passengers: Iterable[Passenger | Rejected] | str | Path, *,
               format: str | None = None, encoding: str | None = None) -> Iterator[Alert]:
        """Screen many passengers (records, reader output, or a file path); yield alerts.

        Rejected records are collected in :attr:`rejected`; :attr:`read`, :attr:`screened`
        and ``len(rejected)`` always reconcile.
        """
        if isinstance(passengers, (str, Path)):
            from namematch import io as nmio

            passengers = nmio.read_passengers(passengers, format=format, encoding=encoding)
        for rec in passengers:
            self.read += 1
            if isinstance(rec, Rejected):
                self.rejected.append(rec)
                continue
            has_name = bool((rec.name or "").strip() or (rec.surname or "").strip()
                            or (rec.given_names or "").strip())
            if not has_name:
                self.rejected.append(Rejected(rec.record_no, "empty name", rec.passenger_id,
                                              rec.source))
                continue
            self.screened += 1
            yield from self.screen_one(rec)

    def summary(self) -> str:
        """``read N, screened M, rejected K`` for stderr."""
        return f"read {self.read}, screened {self.screened}, rejected {len(self.rejected)}"


def require_file(path: str | Path, what: str) -> Path:
    """Return ``path`` as a Path, or raise InputError if it does not exist."""
    p = Path(path)
    if str(path) != "-" and not p.exists():
        msg = f"cannot open {what} {path}: no such file; check the path"
        raise InputError(msg)
    return p


def reset_caches() -> None:
    """Empty every cache the screening stages keep across passengers and watchlists
    (romanisations and keys of tokens, parsed tokens, prepared parts, part similarities,
    alignments, rebuilt list parts, query units, parsed dates): the state of a fresh process,
    for cold benchmarks and for long-running processes that want the memory back. A
    watchlist's own caches (its index's posting unions, its rebuilt names) go with it."""
    from namematch import cheap, dates, index, keys, names, score, translit

    translit.reset_caches()
    names.reset_caches()
    keys.reset_caches()
    score.reset_caches()
    index.reset_caches()
    cheap.reset_caches()
    dates.parse_dob.cache_clear()
    _prepare_list_name.cache_clear()
