"""The blocking index: from a passenger name to a small, complete set of candidate list names.

Structure (all numpy arrays, saved with :func:`numpy.savez` and loaded with
``allow_pickle=False``; never pickle):

* **terms**: every key of every list-name part (``k`` + romanisation-invariant key, ``s`` +
  consonant skeleton), sorted, as ASCII bytes; ``offsets``/``postings`` are CSR posting lists
  (term -> sorted list-name ids).
* **deletion neighbourhood**: every latin key of length >= :data:`MIN_FUZZY_LEN` and each string
  one deletion away from it (two for a part's main spelling when long), stored as sorted 64-bit
  hashes pointing back at the key's term id. A passenger key looks up
  its own one-deletion variants, which finds every list key within one edit (substitution,
  insertion, deletion or adjacent transposition) *including in the first letters*, where
  phonetic keys and prefix blocking fail.

Candidate generation (:meth:`NameIndex.candidates`) works per passenger *unit* (a part, or two
adjacent parts merged): each unit's matching terms give a set of list names. Units are
processed rare-first. Units whose postings exceed :data:`COMMON_UNIT_POSTINGS` are never
expanded into candidate sets on their own; they only add evidence to candidates found through
rarer units, or, when a name is made of common parts only (``MOHAMMED ALI``), the two smallest
common units are intersected. Common tokens are thus neither dropped (stop-wording loses true
matches) nor allowed to blow up the candidate list. A list name is a candidate when it agrees
on at least ``min(2, passenger units, list-name parts)`` units; candidates are ranked by the
IDF-weighted sum of agreeing units and capped.
"""

from __future__ import annotations

import array
import bisect
import hashlib
import io
import itertools
import json
import math
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from namematch import keys as _keys
from namematch.csr import distinct_sorted, ranges
from namematch.errors import IndexFormatError
from namematch.names import GLUED_MIN_LEN
from namematch.score import PreparedName, PreparedPart, list_mergeable, short_slip_variants

__all__ = [
    "FORMAT_VERSION",
    "CandidateSet",
    "IndexChunk",
    "IndexRow",
    "NameIndex",
    "index_chunk",
    "index_row",
    "reset_caches",
]

#: Bump when the saved layout or the key functions change meaning.
FORMAT_VERSION = 17
#: Latin keys shorter than this get no fuzzy (deletion) entries: ``ALI`` one deletion away
#: from ``AL``/``LI`` would match half the list.
MIN_FUZZY_LEN = 4
#: Shorter passenger keys are looked up in the deletion table as they are (a list key one
#: letter longer has them among its deletion variants): GL finds GUL, KO finds KOC.
MIN_SHORT_QUERY_LEN = 2
#: Keys at least this long get a two-deletion neighbourhood: two typing errors in one part
#: (AMINAT / AMIHART, MAGOMED / MGAOMED) still find it.
MIN_FUZZY2_LEN = 6


def _find(sorted_vocab: list[str], term: str) -> int:
    return bisect.bisect_left(sorted_vocab, term)


#: One list name's rows of the index: its number of parts (its first units are those parts,
#: one each) and the terms of every unit (:func:`_unit_parts`).
IndexRow = tuple[int, tuple[tuple[str, ...], ...]]


def index_row(pn: PreparedName) -> IndexRow:
    """The index rows of one prepared list name."""
    return len(pn.parts), tuple(_unit_parts(pn.parts))


@dataclass(frozen=True)
class IndexChunk:
    """The (term, name) pairs of a run of list names, with its own term numbering: what a
    build worker returns (plain arrays and strings, cheap to send between processes).

    Attributes:
        terms: the chunk's distinct terms; ``pair_terms`` indexes into it.
        pair_terms: per pair, its term (position in ``terms``).
        pair_names: per pair, its list name, counted from the chunk's first name.
        pair_primary: per pair, the term is the main spelling of one of the name's parts.
        n_parts: per name, its number of parts (capped at 127).
    """

    terms: list[str]
    pair_terms: npt.NDArray[np.int64]
    pair_names: IntArray
    pair_primary: npt.NDArray[np.bool_]
    n_parts: npt.NDArray[np.int8]


def index_chunk(names: Iterable[PreparedName]) -> IndexChunk:
    """The :class:`IndexChunk` of a run of prepared list names."""
    term_ids: dict[str, int] = {}
    pair_terms = array.array("q")
    pair_names = array.array("i")
    pair_primary = array.array("b")
    n_parts = array.array("b")
    _collect_pairs(map(index_row, names), term_ids, pair_terms, pair_names, pair_primary,
                   n_parts)
    return IndexChunk(list(term_ids), np.frombuffer(pair_terms, dtype=np.int64).copy(),
                      np.frombuffer(pair_names, dtype=np.int32).copy(),
                      np.frombuffer(pair_primary, dtype=np.int8).astype(bool),
                      np.frombuffer(n_parts, dtype=np.int8).copy())


def _join_chunks(chunks: Iterable[IndexChunk]) -> tuple[
        dict[str, int], npt.NDArray[np.int64], IntArray, npt.NDArray[np.int8],
        npt.NDArray[np.bool_]]:
    """The pairs of consecutive chunks as one set: term numbering (first use), pair terms,
    pair names, parts per name, primary flags. Only each chunk's distinct terms are numbered
    in Python; its pairs are renumbered in numpy."""
    term_ids: dict[str, int] = {}
    terms: list[npt.NDArray[np.int64]] = []
    names: list[IntArray] = []
    primary: list[npt.NDArray[np.bool_]] = []
    n_parts: list[npt.NDArray[np.int8]] = []
    first_id = 0
    for chunk in chunks:
        glob = np.fromiter((term_ids.setdefault(t, len(term_ids)) for t in chunk.terms),
                           dtype=np.int64, count=len(chunk.terms))
        terms.append(glob[chunk.pair_terms])
        names.append((chunk.pair_names + first_id).astype(np.int32))
        primary.append(chunk.pair_primary)
        n_parts.append(chunk.n_parts)
        first_id += len(chunk.n_parts)

    def joined(parts: list[Any], dtype: type) -> Any:
        return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

    return (term_ids, joined(terms, np.int64), joined(names, np.int32), joined(n_parts, np.int8),
            joined(primary, np.bool_))


def _collect_pairs(rows: Iterable[IndexRow], term_ids: dict[str, int],
                   pair_terms: array.array[int], pair_names: array.array[int],
                   pair_primary: array.array[int], n_parts: array.array[int]) -> None:
    """Append the (term, name) pairs of the names in ``rows`` (ids from 0), flagging the
    pairs where the term is the main spelling of one of the name's parts."""
    for nid, (singles, units) in enumerate(rows):
        n_parts.append(min(singles, 127))
        seen: dict[int, int] = {}
        for ui, unit in enumerate(units):
            for j, t in enumerate(unit):
                tid = term_ids.setdefault(t, len(term_ids))
                is_primary = ui < singles and j == 0 and t[0] == "k"
                pos = seen.get(tid)
                if pos is None:
                    seen[tid] = len(pair_terms)
                    pair_terms.append(tid)
                    pair_names.append(nid)
                    pair_primary.append(1 if is_primary else 0)
                elif is_primary:
                    pair_primary[pos] = 1


#: The Mersenne prime 2^61 - 1: deletion variants are hashed modulo it.
_HASH_PRIME = (1 << 61) - 1


def _variant_hash(text: str) -> int:
    """Stable 64-bit hash of a deletion variant: its ASCII bytes read as one little-endian
    integer, modulo 2^61 - 1 (exact up to seven letters; one C call each, four times faster
    than blake2b). The neighbourhood is stored as sorted hashes, 8 bytes each. A collision
    only adds a candidate, which the scorer clears."""
    return int.from_bytes(text.encode("ascii", "replace"), "little") % _HASH_PRIME


#: Passenger keys whose deletion-variant hashes are remembered (they recur).
MEMO_QUERY_KEYS = 50_000


@lru_cache(maxsize=MEMO_QUERY_KEYS)
def _variant_hashes(key: str, depth: int) -> npt.NDArray[np.int64]:
    """Hashes of a passenger key's deletion variants (passenger keys recur)."""
    return np.array([_variant_hash(v) for v in _keys.deletion_neighbourhood(key, depth)],
                    dtype=np.int64)


def _max_deletions(length: int) -> int:
    return 2 if length >= MIN_FUZZY2_LEN else 1


#: Skeletons shorter than this are not index terms: two consonants match half the list.
MIN_SKELETON_TERM = 3
#: Passenger parts beyond this many are ignored by blocking (they still count in scoring).
MAX_QUERY_PARTS = 16
#: Most deletions a passenger part's keys are looked up with (see :func:`_query_units`).
MAX_QUERY_DELETIONS = 2
#: Most deletions for a passenger pair merged into one unit.
PAIR_QUERY_DELETIONS = 1
#: Most deletions for the prefixes of a long passenger token (glued names).
PREFIX_QUERY_DELETIONS = 2

#: A unit matching more list names than this is "common": it never seeds candidates alone.
#: 3,000 is about 0.3 % of a million-name list.
COMMON_UNIT_POSTINGS = 3000
#: Posting unions of at least this many names are remembered, up to a budget of ids
#: (64 M ids = 256 MB per process): passenger tokens recur (Zipf), so most unions are
#: computed once. At a million names, 3,000 passengers touched 61 M ids of distinct unions;
#: 64 M instead of 32 M cut blocking from 813 to 659 µs per reading (128 M: 654).
POSTINGS_CACHE_MIN = 8
POSTINGS_CACHE_BUDGET = 64_000_000
#: Passenger units remembered with their term ids (cleared when full).
UNIT_CACHE_SIZE = 200_000
#: Upper bound of candidates passed to the scorer per passenger reading.
MAX_CANDIDATES = 2000

IntArray = npt.NDArray[np.int32]


def _sorted_union(arrays: Sequence[IntArray]) -> IntArray:
    """Sorted distinct ids of several id arrays. Posting lists are sorted runs, which a
    stable sort merges in near-linear time: many times faster than ``np.unique`` on the
    unions of common terms."""
    ids = np.sort(np.concatenate(arrays), kind="stable") if len(arrays) > 1 else np.sort(
        arrays[0], kind="stable")
    return distinct_sorted(ids).astype(np.int32, copy=False)


#: Sizes of two sorted id arrays beyond which their intersection looks the smaller one up in
#: the larger (binary search) rather than merging both (a sort).
_LOOKUP_RATIO = 16


def _sorted_intersection(a: IntArray, b: IntArray) -> IntArray:
    """Sorted ids in both of two sorted arrays of distinct ids."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if len(small) * _LOOKUP_RATIO > len(large) or not len(small):
        return np.intersect1d(small, large, assume_unique=True)
    pos = np.minimum(np.searchsorted(large, small), len(large) - 1)
    found: IntArray = small[large[pos] == small]
    return found


def _unit_parts(parts: Sequence[PreparedPart]) -> list[tuple[str, ...]]:
    """List-name units (each part, and each adjacent pair the scorer may merge), as terms."""
    units: list[tuple[str, ...]] = []
    for p in parts:
        units.append(_part_terms(p.keys, p.skeleton, p.initial))
    for a, b in itertools.pairwise(parts):
        if not list_mergeable(a, b):
            continue
        text = a.text + b.text
        units.append(_part_terms(_keys.part_keys(text), _keys.part_skeleton(text), False))
    return units


def _part_terms(keys: tuple[str, ...], skeleton: str, initial: bool) -> tuple[str, ...]:
    if initial:
        return ()
    terms = ["k" + k for k in keys]
    if len(skeleton) >= MIN_SKELETON_TERM:
        terms.append("s" + skeleton)
    return tuple(terms)


#: A passenger unit: its terms, the bit mask of the parts it covers, its most deletions.
QueryUnit = tuple[tuple[str, ...], int, int]


@lru_cache(maxsize=UNIT_CACHE_SIZE)
def _query_units(parts: tuple[PreparedPart, ...]) -> tuple[QueryUnit, ...]:
    """Passenger units with the bit mask of the passenger parts each covers: every part, each
    adjacent pair with a short part merged (as the list side merges, :func:`list_mergeable`),
    and prefix terms of long tokens, where a booking glued several names together
    (JAMELTAHAABDALLAH, KANATUULU): their first name is found as a prefix.

    Each unit comes with the most deletions its keys are looked up with: a part up to
    :data:`MAX_QUERY_DELETIONS` by its length, a merged pair one (a typing error and a merge
    in the same two parts is rare, and a pair's two-deletion neighbourhood is a hundred
    variants per key), a prefix two (typing errors in glued booking names are common: one
    deletion loses 0.5 points of recall on the benchmark)."""
    units: list[QueryUnit] = []
    for i, p in enumerate(parts):
        terms = _part_terms(p.keys, p.skeleton, p.initial)
        if not p.initial:
            # A three-letter name with a slip is no deletion from the listed one (LAI / ALI,
            # IWA / ISA): its slip spellings are looked up as they are.
            terms += tuple(dict.fromkeys(
                "k" + k for v in short_slip_variants(_keys.fold_token(p.text))
                for k in _keys.part_keys(v)))
        units.append((terms, 1 << i, MAX_QUERY_DELETIONS))
    for i, (a, b) in enumerate(itertools.pairwise(parts)):
        if not list_mergeable(a, b):
            continue
        text = a.text + b.text
        units.append((_part_terms(_keys.part_keys(text), _keys.part_skeleton(text), False),
                      3 << i, PAIR_QUERY_DELETIONS))
    for i, p in enumerate(parts):
        if p.initial or not p.keys or len(p.text) < GLUED_MIN_LEN:
            continue
        k = _keys.fold_token(p.text) or p.keys[0]
        prefixes = tuple("k" + k[:n] for n in range(4, min(len(k) - 2, 10) + 1))
        units.append((prefixes, 1 << i, PREFIX_QUERY_DELETIONS))
    # Passenger names recur, and their parts are interned (identity is equality): the
    # units of a tuple of parts are remembered, those with no terms left out.
    return tuple(u for u in units if u[0])


@dataclass(frozen=True, slots=True)
class CandidateSet:
    """Candidate list-name ids for one passenger reading, with their blocking evidence."""

    name_ids: IntArray
    agreeing_units: IntArray


class NameIndex:
    """CSR posting lists over list-name keys, plus the deletion neighbourhood of latin keys."""

    def __init__(self, terms: npt.NDArray[np.bytes_], offsets: npt.NDArray[np.int64],
                 postings: IntArray, del_variants: npt.NDArray[np.int64],
                 del_terms: IntArray, n_parts: npt.NDArray[np.int8], n_names: int,
                 posting_primary: npt.NDArray[np.bool_] | None = None) -> None:
        self.terms = terms
        self.offsets = offsets
        self.postings = postings
        #: Per posting: the term is the main spelling of one of that name's parts (it then
        #: gets a two-deletion neighbourhood). Kept so updates can rebuild exactly.
        self.posting_primary = (posting_primary if posting_primary is not None
                                else np.zeros(len(postings), dtype=bool))
        self.del_variants = del_variants
        self.del_terms = del_terms
        self.n_parts = n_parts
        self.n_names = n_names
        self._df = np.diff(offsets).astype(np.int64)
        # Per passenger unit (a tuple of terms) its matching term ids and posting total:
        # tokens follow Zipf's law, so most lookups repeat.
        self._unit_cache: dict[tuple[tuple[str, ...], int], tuple[IntArray, int]] = {}
        self._postings_cache: dict[bytes, IntArray] = {}
        self._postings_cached = 0

    # ----------------------------------------------------------------------------- building

    @classmethod
    def build(cls, names: Iterable[PreparedName]) -> NameIndex:
        """Build the index over prepared list names (their position is their id); ``names``
        may be a generator, consumed once."""
        return cls.from_chunks([index_chunk(names)])

    @classmethod
    def from_chunks(cls, chunks: Iterable[IndexChunk]) -> NameIndex:
        """Build the index from the :func:`index_chunk` of consecutive runs of list names, in
        id order (a build computes them in worker processes); ``chunks`` is consumed once."""
        return cls._from_pairs(*_join_chunks(chunks))

    def merged(self, keep_name: npt.NDArray[np.bool_],
               added: Sequence[PreparedName]) -> NameIndex:
        """The index of the kept old names (in order) followed by ``added`` names, rebuilt from
        this index's arrays: only the added names are keyed, and the deletion neighbourhood of
        unchanged terms is reused. Identical to :meth:`build` over the same names."""
        old_vocab = [t.decode("ascii") for t in self.terms.tolist()]
        counts = np.diff(self.offsets)
        old_tcol = np.repeat(np.arange(len(old_vocab), dtype=np.int64), counts)
        keep = keep_name[self.postings]
        new_id = np.cumsum(keep_name) - 1
        kept_terms = old_tcol[keep]
        # The kept names' pairs as one chunk, numbered by the terms they still use.
        used = np.unique(kept_terms)
        remap_old = np.full(len(old_vocab), -1, dtype=np.int64)
        remap_old[used] = np.arange(len(used))
        kept = IndexChunk([old_vocab[t] for t in used.tolist()], remap_old[kept_terms],
                          new_id[self.postings[keep]].astype(np.int32),
                          self.posting_primary[keep], self.n_parts[keep_name])
        # Reusable neighbourhoods: old terms still present with the same depth.
        old_primary = np.zeros(len(old_vocab), dtype=bool)
        old_primary[old_tcol[self.posting_primary]] = True
        reuse = {old_vocab[t]: bool(old_primary[t]) for t in used.tolist()}
        return self._from_pairs(*_join_chunks([kept, index_chunk(added)]),
                                reuse=(old_vocab, self.del_variants, self.del_terms, reuse))

    @classmethod
    def _from_pairs(cls, term_ids: dict[str, int], pair_terms: npt.NDArray[np.int64],
                    pair_names: IntArray, n_parts: npt.NDArray[np.int8],
                    pair_primary: npt.NDArray[np.bool_],
                    reuse: tuple[list[str], npt.NDArray[np.int64], IntArray,
                                 dict[str, bool]] | None = None) -> NameIndex:
        vocab = sorted(term_ids)
        remap = np.empty(len(term_ids), dtype=np.int64)
        for new, t in enumerate(vocab):
            remap[term_ids[t]] = new
        if len(pair_terms):
            tcol = remap[pair_terms]
            order = np.lexsort((pair_names, tcol))
            tcol = tcol[order]
            postings = pair_names[order].astype(np.int32)
            posting_primary = pair_primary[order]
        else:
            tcol = np.zeros(0, dtype=np.int64)
            postings = np.zeros(0, dtype=np.int32)
            posting_primary = np.zeros(0, dtype=bool)
        counts = np.bincount(tcol, minlength=len(vocab))
        offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        terms = np.array([t.encode("ascii", "replace") for t in vocab], dtype=np.bytes_)
        if not len(terms):
            terms = np.zeros(0, dtype="S1")
        primary = np.zeros(len(vocab), dtype=bool)
        primary[tcol[posting_primary]] = True
        # Reuse the neighbourhood of terms whose depth did not change (updates only).
        reused_h = np.zeros(0, dtype=np.int64)
        reused_t = np.zeros(0, dtype=np.int64)
        done: set[str] = set()
        if reuse is not None:
            old_vocab, old_var, old_vt, old_primary = reuse
            new_of_old = np.full(len(old_vocab), -1, dtype=np.int64)
            for t, was_primary in old_primary.items():
                nid = term_ids.get(t)
                if nid is not None and bool(primary[remap[nid]]) == was_primary:
                    new_of_old[_find(old_vocab, t)] = remap[nid]
                    done.add(t)
            mapped = new_of_old[old_vt]
            ok = mapped >= 0
            reused_h, reused_t = old_var[ok], mapped[ok]
        variants = array.array("q")
        vterms = array.array("i")
        for tid, t in enumerate(vocab):
            if t[0] != "k" or len(t) - 1 < MIN_FUZZY_LEN - 1 or t in done:
                continue
            if len(t) - 1 < MIN_FUZZY_LEN:
                # A short list key (ALI) is found by a passenger key one letter longer (AOLI,
                # ALIY) through that key's deletions, and by a two-letter passenger key (GL
                # for GUL) through its own: only two-letter passenger keys ask for those.
                for v in _keys.deletion_neighbourhood(t[1:], 1):
                    variants.append(_variant_hash(v))
                    vterms.append(tid)
                continue
            # Two deletions for the main spelling of a part, one for its other romanisations
            # and for merged pairs: the neighbourhood stays a few times the vocabulary.
            depth = _max_deletions(len(t) - 1) if primary[tid] else 1
            for v in _keys.deletion_neighbourhood(t[1:], depth):
                variants.append(_variant_hash(v))
                vterms.append(tid)
        varr = np.concatenate([reused_h, np.frombuffer(variants, dtype=np.int64)])
        vt = np.concatenate([reused_t, np.frombuffer(vterms, dtype=np.int32).astype(np.int64)])
        vorder = np.lexsort((vt, varr))
        return cls(terms, offsets, postings, varr[vorder].astype(np.int64),
                   vt[vorder].astype(np.int32), n_parts, len(n_parts), posting_primary)

    # ----------------------------------------------------------------------------- querying

    def _lookup_terms(self, terms: Sequence[str]) -> IntArray:
        if not terms or not len(self.terms):
            return np.zeros(0, dtype=np.int32)
        q = np.array([t.encode("ascii", "replace") for t in terms], dtype=np.bytes_)
        pos = np.searchsorted(self.terms, q)
        pos = np.minimum(pos, len(self.terms) - 1)
        found: IntArray = pos[self.terms[pos] == q].astype(np.int32)
        return found

    def _fuzzy_terms(self, keys: Sequence[str], max_deletions: int) -> IntArray:
        qs: list[npt.NDArray[np.int64]] = []
        none = np.zeros(0, dtype=np.int32)
        if max_deletions <= 0:
            return none
        for k in keys:
            if len(k) >= MIN_FUZZY_LEN:
                qs.append(_variant_hashes(k, min(_max_deletions(len(k)), max_deletions)))
            elif len(k) >= MIN_SHORT_QUERY_LEN:
                # A short passenger key still finds list keys one deletion longer
                # (AIZ -> AZIZ, MUA -> MUSA, GL -> GUL) through their deletion variants.
                qs.append(_variant_hashes(k, 0))
        if not qs or not len(self.del_variants):
            return none
        q = np.concatenate(qs)
        lo = np.searchsorted(self.del_variants, q, side="left")
        hi = np.searchsorted(self.del_variants, q, side="right")
        # The terms of every matching variant, gathered in one call.
        return self.del_terms[ranges(lo, hi - lo)]

    def unit_term_ids(self, unit_terms: Sequence[str],
                      max_deletions: int = MAX_QUERY_DELETIONS) -> IntArray:
        """Term ids matching one passenger unit: exact keys, skeleton, and keys within
        ``max_deletions`` deletions on each side (two for long keys, one for short ones)."""
        exact = self._lookup_terms(unit_terms)
        fuzzy = self._fuzzy_terms([t[1:] for t in unit_terms if t[0] == "k"], max_deletions)
        return _sorted_union([exact, fuzzy.astype(np.int32, copy=False)])

    def _unit_lookup(self, unit: tuple[str, ...], depth: int) -> tuple[IntArray, int]:
        hit = self._unit_cache.get((unit, depth))
        if hit is None:
            tids = self.unit_term_ids(unit, depth)
            hit = (tids, int(self._df[tids].sum()) if len(tids) else 0)
            if len(self._unit_cache) >= UNIT_CACHE_SIZE:
                self._unit_cache.clear()
            self._unit_cache[(unit, depth)] = hit
        return hit

    def _postings_of(self, tids: IntArray) -> IntArray:
        if len(tids) == 0:
            return np.zeros(0, dtype=np.int32)
        if len(tids) == 1:
            t = int(tids[0])
            return self.postings[self.offsets[t]:self.offsets[t + 1]]
        key = tids.tobytes()
        hit = self._postings_cache.get(key)
        if hit is not None:
            return hit
        parts = [self.postings[self.offsets[t]:self.offsets[t + 1]] for t in tids.tolist()]
        return self._remember(key, _sorted_union(parts))

    def _common_pair(self, a: IntArray, b: IntArray) -> IntArray:
        """Names in the postings of both term sets ``a`` and ``b`` (two common units)."""
        key = b"&" + len(a).to_bytes(4, "little") + a.tobytes() + b.tobytes()
        hit = self._postings_cache.get(key)
        if hit is not None:
            return hit
        both = _sorted_intersection(self._postings_of(a), self._postings_of(b))
        return self._remember(key, both)

    def _remember(self, key: bytes, ids: IntArray) -> IntArray:
        """Keep a posting union or intersection: those of common units recur (Zipf), so
        they are remembered within a memory budget."""
        if len(ids) >= POSTINGS_CACHE_MIN:
            if self._postings_cached + len(ids) > POSTINGS_CACHE_BUDGET:
                self._postings_cache.clear()
                self._postings_cached = 0
            self._postings_cache[key] = ids
            self._postings_cached += len(ids)
        return ids

    def candidates(self, name: PreparedName, *, max_candidates: int = MAX_CANDIDATES,
                   allowed: Callable[[IntArray], npt.NDArray[np.bool_]] | None = None,
                   ) -> CandidateSet:
        """Candidate list-name ids for one prepared passenger name (see the module docstring).

        ``allowed`` filters candidate ids before they are counted and capped, when there are
        more than the cap (the screener drops names whose listed person's date of birth rules
        them out), so the cap only ever drops names that could still alert. Below the cap it
        is not applied: the caller filters the (smaller) result itself.
        """
        qunits = _query_units(name.parts[:MAX_QUERY_PARTS])
        units = [u for u, _, _ in qunits]
        masks = [m for _, m, _ in qunits]
        empty = CandidateSet(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32))
        if not units or self.n_names == 0:
            return empty
        looked = [self._unit_lookup(u, d) for u, _, d in qunits]
        unit_tids = [t for t, _ in looked]
        sizes = [n for _, n in looked]
        order = sorted(range(len(units)), key=lambda i: sizes[i])
        rare = [i for i in order if 0 < sizes[i] <= COMMON_UNIT_POSTINGS]
        common = [i for i in order if sizes[i] > COMMON_UNIT_POSTINGS]
        idf = [math.log(1.0 + self.n_names / (1.0 + s)) for s in sizes]
        posts = {i: self._postings_of(unit_tids[i]) for i in order if sizes[i] > 0}
        seeds: list[IntArray] = [posts[i] for i in rare]
        if len(common) >= 2:
            # Names agreeing on two common parts (MOHAMMED ALI), whatever the rare parts say.
            seeds.append(self._common_pair(unit_tids[common[0]], unit_tids[common[1]]))
        elif len(common) == 1 and len(rare) == 0 and len(units) == 1:
            # A one-part passenger name made of a common token: all its postings (bounded
            # by the scorer cap below); such names rarely reach an alert threshold.
            seeds.append(posts[common[0]])
        if not seeds:
            return empty
        cand = _sorted_union(seeds)
        if allowed is not None and len(cand) > max_candidates:
            # Filtered before counting: the same names survive (each is kept or not on its
            # own), and a common pair's hundred thousand namesakes are not all counted.
            cand = cand[allowed(cand)]
        covered = np.zeros(len(cand), dtype=np.int64)
        weight = np.zeros(len(cand), dtype=np.float64)
        for i, post in posts.items():
            pos = np.searchsorted(post, cand)
            pos = np.minimum(pos, max(len(post) - 1, 0))
            hit = post[pos] == cand if len(post) else np.zeros(len(cand), dtype=bool)
            covered |= np.where(hit, masks[i], 0)
            weight += hit * idf[i]
        # Agreement counts distinct passenger parts covered (a merged pair or a prefix of the
        # same token does not count twice). Keep names agreeing on two parts (or on all the
        # passenger or the list name has); rank by agreement, then IDF weight, and cap.
        agree = np.bitwise_count(covered).astype(np.int32)
        n_units_pax = min(len(name.parts), MAX_QUERY_PARTS)
        need = np.minimum(np.minimum(2, n_units_pax), np.maximum(self.n_parts[cand], 1))
        keep = agree >= need
        cand, agree, weight = cand[keep], agree[keep], weight[keep]
        if len(cand) > max_candidates:
            top = np.lexsort((-weight, -agree))[:max_candidates]
            top.sort()
            cand, agree = cand[top], agree[top]
        return CandidateSet(cand.astype(np.int32), agree.astype(np.int32))

    # ----------------------------------------------------------------------------- saving

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """The arrays that make up the index, by name (for saving)."""
        return {"terms": self.terms, "offsets": self.offsets, "postings": self.postings,
                "del_variants": self.del_variants, "del_terms": self.del_terms,
                "n_parts": self.n_parts, "posting_primary": self.posting_primary}

    @classmethod
    def from_arrays(cls, arrays: dict[str, npt.NDArray[np.generic]]) -> NameIndex:
        """Rebuild from :meth:`arrays` output; raises IndexFormatError if inconsistent."""
        try:
            idx = cls(cast("npt.NDArray[np.bytes_]", arrays["terms"]),
                      arrays["offsets"].astype(np.int64, copy=False),
                      arrays["postings"].astype(np.int32, copy=False),
                      arrays["del_variants"].astype(np.int64, copy=False),
                      arrays["del_terms"].astype(np.int32, copy=False),
                      arrays["n_parts"].astype(np.int8, copy=False),
                      len(arrays["n_parts"]), arrays["posting_primary"].astype(bool, copy=False))
        except KeyError as exc:
            msg = (f"saved index lacks the array {exc.args[0]!r}; rebuild it with "
                   "`namematch index build`")
            raise IndexFormatError(msg) from None
        if (len(idx.offsets) != len(idx.terms) + 1 or int(idx.offsets[-1]) != len(idx.postings)
                or (len(idx.postings) and int(idx.postings.max()) >= idx.n_names)
                or len(idx.del_variants) != len(idx.del_terms)
                or len(idx.posting_primary) != len(idx.postings)):
            msg = "saved index arrays are inconsistent; rebuild it with `namematch index build`"
            raise IndexFormatError(msg)
        return idx


def arrays_checksum(arrays: dict[str, npt.NDArray[np.generic]]) -> str:
    """SHA-256 over the arrays' names, dtypes, shapes and bytes, in name order."""
    h = hashlib.sha256()
    for key in sorted(arrays):
        a = np.ascontiguousarray(arrays[key])
        h.update(key.encode())
        h.update(str(a.dtype).encode())
        h.update(str(a.shape).encode())
        # The bytes in place, not a copy (the largest array of a 1M-name index is 0.2 GB).
        h.update(a.reshape(-1).view(np.uint8).data if a.size else b"")
    return h.hexdigest()


def write_archive(path: Path, manifest: dict[str, object],
                  arrays: dict[str, npt.NDArray[np.generic]]) -> None:
    """Write a saved index: a zip of ``.npy`` arrays plus ``manifest.json`` (never pickle)."""
    manifest = dict(manifest)
    manifest["checksum"] = arrays_checksum(arrays)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
        for key, arr in arrays.items():
            # Streamed into the archive: no in-memory copy of the array.
            with zf.open(f"{key}.npy", "w", force_zip64=True) as fh:
                np.lib.format.write_array(fh, np.asanyarray(arr), allow_pickle=False)
    tmp.replace(path)


def read_archive(path: Path, *, expect_kind: str) -> tuple[dict[str, object],
                                                          dict[str, npt.NDArray[np.generic]]]:
    """Read and verify a saved index; raises IndexFormatError with a remedy on any problem."""
    remedy = "rebuild it with `namematch index build WATCHLIST --output PATH`"
    try:
        with zipfile.ZipFile(path) as zf:
            try:
                manifest = json.loads(zf.read("manifest.json"))
            except KeyError:
                msg = f"{path} is not a namematch index (no manifest.json); {remedy}"
                raise IndexFormatError(msg) from None
            if not isinstance(manifest, dict) or manifest.get("kind") != expect_kind:
                msg = f"{path} is not a namematch index; {remedy}"
                raise IndexFormatError(msg)
            version = manifest.get("format_version")
            if version != FORMAT_VERSION:
                msg = (f"{path} has index format version {version}, this namematch reads "
                       f"version {FORMAT_VERSION}; {remedy}")
                raise IndexFormatError(msg)
            arrays: dict[str, npt.NDArray[np.generic]] = {}
            for info in zf.infolist():
                if info.filename.endswith(".npy"):
                    with zf.open(info) as fh:
                        arrays[info.filename[:-4]] = np.load(
                            io.BytesIO(fh.read()), allow_pickle=False)
    except IndexFormatError:
        raise
    except FileNotFoundError:
        msg = f"cannot open index {path}: no such file; check the path"
        raise IndexFormatError(msg) from None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, json.JSONDecodeError) as exc:
        msg = f"{path} is corrupt or truncated ({exc}); {remedy}"
        raise IndexFormatError(msg) from None
    if arrays_checksum(arrays) != manifest.get("checksum"):
        msg = f"{path} failed its checksum (the file is corrupt or was edited); {remedy}"
        raise IndexFormatError(msg)
    return manifest, arrays


def reset_caches() -> None:
    """Clear this module's per-passenger caches (deletion-variant hashes, query units); an
    index's own caches go with the index."""
    _variant_hashes.cache_clear()
    _query_units.cache_clear()
