"""The cheap, vectorised half of the score stage: prune candidates before part alignment.

The detailed scorer (:func:`namematch.score.align`) is exact but runs in Python, pair by
pair. Before it runs, every candidate of a passenger is bounded in one batch:

1. all keys of the passenger's units (parts and merged adjacent pairs) are compared with all
   keys of all candidate list names in two ``rapidfuzz.process.cdist`` calls (optimal string
   alignment and Jaro-Winkler, C++), giving the same key similarity the scorer uses;
2. numpy reduces that matrix to one similarity per (passenger unit, list part), applies the
   consonant-skeleton floor, and takes for every list part the best agreement *any* passenger
   unit offers (many-to-one: optimistic);
3. an **upper bound** of the name score follows, with every unmatched list part charged the
   smallest cost its role could be charged.

A candidate whose bound plus its date-of-birth, nationality and gender adjustments (computed
exactly, vectorised, by :class:`namematch.dates.DobTable`,
:class:`namematch.tables.NationalityTable` and the people's gender codes,
:meth:`namematch.screen.Watchlist.gender_adjustments`) stays below the report threshold
cannot alert, and is dropped without alignment. The bound is never below the exact score (up to
:data:`BOUND_MARGIN`); a truncated passenger part agrees as a prefix, as the scorer reads it;
an initial (on either side) agrees fully with the parts whose key starts with its letter and
with no other, as the scorer compares it; a token a booking may have glued is a wildcard on
the names the scorer's splitter could split it against.

The per-name arrays (:class:`CheapTable`) are built once with the index and saved with it.
"""

from __future__ import annotations

import array
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from namematch.csr import distinct_sorted, join_offsets, offsets_of, ranges, take_rows
from namematch.keys import fold_token as _fold_token
from namematch.names import GLUED_MIN_LEN, Form, Name, Role
from namematch.score import (
    AGREEMENT_FALLOFF,
    COST_DROPPABLE,
    COST_FURTHER_ANCESTOR,
    COST_LIST_MISSING,
    COST_MIDDLE_GIVEN,
    COST_PASSENGER_EXTRA,
    COST_SURNAME_MISSING,
    DROPPABLE_ROLES,
    EDIT_WEIGHT,
    FULL_AGREEMENT,
    GENDERED_SIMILARITY,
    LATIN_SKELETON_FLOOR,
    MIN_PART_SIMILARITY,
    MIN_SKELETON_LEN,
    PREFIX_SIMILARITY,
    SEGMENT_FILLERS,
    SKELETON_FLOOR,
    TWO_SLIPS_SIMILARITY,
    TYPO_BAND_LOW,
    TYPO_SIMILARITY,
    PreparedName,
    PreparedPart,
    _gendered,
    _make_part,
    _merged_part,
    _slip_apart,
    _two_slips_apart,
    list_mergeable,
    plain_typed_lengths,
)

__all__ = [
    "BOUND_MARGIN", "CheapBuilder", "CheapJoin", "CheapRow", "CheapTable", "cheap_row",
    "reset_caches",
]

#: Two-consonant skeletons: the scorer may floor them for names of Arabic origin.
SHORT_SKELETON_LEN = 2
#: The most a raw similarity may be lifted to (a typing slip, gendered forms, two slips).
_LIFTED = max(GENDERED_SIMILARITY, TYPO_SIMILARITY, TWO_SLIPS_SIMILARITY)
#: Slack for what the bound leaves out: the scorer lifts gendered surname forms (IVANOV /
#: IVANOVA, -SKIY / -SKAYA) to a fixed similarity, worth at most about 0.03 of name score.
BOUND_MARGIN = 0.03

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


def _entries(parts: Sequence[PreparedPart]) -> list[tuple[PreparedPart, int]]:
    """List-side entries: each part (-1), then each adjacent merged pair (index of its first)."""
    out: list[tuple[PreparedPart, int]] = [(p, -1) for p in parts]
    for i in range(len(parts) - 1):
        a, b = parts[i], parts[i + 1]
        if list_mergeable(a, b):
            out.append((_merged_part(a, b), i))
    return out


#: One list name's rows of the table: its number of parts, then per entry (part or merged
#: pair) its keys, weight, index of the first merged part (-1: a single part), skeleton,
#: vowelless flag, role code, text and flags (:data:`_TRUNCATED`, :data:`_INITIAL`).
CheapRow = tuple[int, tuple[tuple[tuple[str, ...], float, int, str, bool, int, str, int], ...]]
_TRUNCATED = 1
_INITIAL = 2


def cheap_row(pn: PreparedName) -> CheapRow:
    """The table rows of one prepared list name."""
    chain = any(p.role in (Role.FATHER, Role.GRANDFATHER) for p in pn.parts)
    first_given = next((k for k, p in enumerate(pn.parts) if p.role is Role.GIVEN), -1)
    return len(pn.parts), tuple(
        (part.keys, part.weight if first < 0 else 0.0, first, part.skeleton, part.vowelless,
         _role_code(part.role, first < 0 and k == first_given, chain), part.text,
         (_TRUNCATED if part.truncated else 0) | (_INITIAL if part.initial else 0))
        for k, (part, first) in enumerate(_entries(pn.parts)))


#: Interned parts of names rebuilt by :meth:`CheapTable.prepared` (cleared when full).
_PART_POOL: dict[tuple[str, Role, tuple[str, ...], str, bool, bool, bool], PreparedPart] = {}
PART_POOL_SIZE = 500_000


def _interned(text: str, role: Role, keys: tuple[str, ...], skeleton: str, truncated: bool,
              initial: bool, vowelless: bool) -> PreparedPart:
    key = (text, role, keys, skeleton, truncated, initial, vowelless)
    part = _PART_POOL.get(key)
    if part is None:
        if len(_PART_POOL) >= PART_POOL_SIZE:
            _PART_POOL.clear()
        part = _make_part(text, role, keys, skeleton, truncated, initial, vowelless)
        _PART_POOL[key] = part
    return part


_ROLES = tuple(Role)
_ROLE_INDEX = {r: i for i, r in enumerate(_ROLES)}


@lru_cache(maxsize=200_000)
def _band_lift(part: PreparedPart, text: bytes, keys: tuple[bytes, ...]) -> float:
    """The most the scorer may lift the similarity of passenger part ``part`` and a list entry
    (its UTF-8 text and ASCII keys): gendered forms of one surname (any pair of keys), one
    typing slip or two on the typed spellings; 0 when it lifts nothing."""
    lift = 0.0
    qkeys = [k.decode("ascii") for k in keys]
    if any(_gendered(a, b) for a in part.keys for b in qkeys):
        lift = GENDERED_SIMILARITY
    qtext = text.decode("utf-8")
    # Plain ASCII spellings are typed as written (up to case, punctuation and a glued
    # article): typed forms more than one letter apart in length are no slip apart, nor two.
    plens, qlens = plain_typed_lengths(part.text), plain_typed_lengths(qtext)
    if (plens is not None and qlens is not None
            and all(abs(a - b) > 1 for a in plens for b in qlens)):
        return lift
    if _slip_apart(part.text, qtext)[0]:
        return TYPO_SIMILARITY
    if lift < TWO_SLIPS_SIMILARITY and _two_slips_apart(part.text, qtext):
        return TWO_SLIPS_SIMILARITY
    return lift


def _role_code(role: Role, first_given: bool, chain: bool) -> int:
    """An entry's role, whether it is the name's first given name, and whether the name has
    an Arab name chain (father, grandfather), in one small integer."""
    return _ROLE_INDEX[role] * 4 + (1 if first_given else 0) + (2 if chain else 0)


@lru_cache(maxsize=64)
def _missing_costs(may_lack: frozenset[Role]) -> FloatArray:
    """Lowest cost the scorer may charge for a list part left unmatched, by role code, for a
    passenger form that may lack ``may_lack``: the same rules as the scorer's, taking the
    cheaper case wherever a rule depends on what else matched (a middle given name costs
    little only when another given name matched; a surname, only when the chain matched)."""
    out = np.zeros(len(_ROLES) * 4, dtype=np.float32)
    for role in _ROLES:
        for first_given in (False, True):
            for chain in (False, True):
                if role in DROPPABLE_ROLES or (role in may_lack and role is not Role.GIVEN):
                    cost = COST_DROPPABLE
                elif role is Role.GIVEN:
                    cost = COST_LIST_MISSING if first_given else min(COST_MIDDLE_GIVEN,
                                                                     COST_LIST_MISSING)
                elif role is Role.SURNAME:
                    cost = COST_DROPPABLE if chain else COST_SURNAME_MISSING
                else:
                    cost = COST_LIST_MISSING
                out[_role_code(role, first_given, chain)] = cost
    return out


#: Segment fillers, for ``str.startswith``.
_FILLERS = tuple(sorted(SEGMENT_FILLERS))


def _may_start(first3: npt.NDArray[np.uint8], heads: Sequence[npt.NDArray[np.uint8]]
               ) -> npt.NDArray[np.bool_]:
    """Rows (first three letters of a spelling, upper case) that could start, exactly or
    within one edit, a token opening with one of ``heads``: one edit (a letter changed,
    added, dropped or two swapped) leaves two of the first three letters in place or moved
    by one."""
    c0, c1, c2 = first3[:, 0], first3[:, 1], first3[:, 2]
    out = np.zeros(len(first3), dtype=bool)
    for h in heads:
        t0, t1, t2 = int(h[0]), int(h[1]), int(h[2])
        out |= ((c0 == t0) & ((c1 == t1) | (c2 == t2) | (c1 == t2) | (c2 == t1))
                | (c1 == t1) & (c2 == t2)  # first letter changed
                | (c0 == t1) & (c1 == t2)  # a letter added before the first
                | (c1 == t0) & (c2 == t1)  # the first letter dropped
                | (c0 == t1) & (c1 == t0))  # the first two swapped
    return out


def _starts_split(v: str, forms: Sequence[str]) -> bool:
    """Whether ``v`` (a key or spelling of a list part) can be the first piece the scorer's
    splitter reads off one of the token ``forms`` (:func:`namematch.score._segment`)."""
    if len(v) < 3:
        return False
    for t in forms:
        if t.startswith(v):
            return True
        if len(v) >= 5 and any(len(t) >= n and OSA.distance(t[:n], v) <= 1
                               for n in (len(v), len(v) - 1, len(v) + 1)):
            return True
    return False


@lru_cache(maxsize=100_000)
def _text_starts_split(text: bytes, forms: tuple[str, ...]) -> bool:
    """:func:`_starts_split` for a list part's spelling (its UTF-8 text, folded)."""
    return _starts_split(_fold_token(text.decode("utf-8")), forms)


@lru_cache(maxsize=100_000)
def _key_starts_split(key: bytes, forms: tuple[str, ...]) -> bool:
    """:func:`_starts_split` for a list part's key (ASCII)."""
    return _starts_split(key.decode("ascii"), forms)


def _gather_cat(src: npt.NDArray[Any], idx: IntArray, tail: npt.NDArray[Any]
                ) -> npt.NDArray[Any]:
    """``concatenate([src[idx], tail])``, gathered straight into the result."""
    out = np.empty(len(idx) + len(tail), dtype=np.promote_types(src.dtype, tail.dtype))
    if out.dtype == src.dtype:
        np.take(src, idx, out=out[:len(idx)])
    else:
        out[:len(idx)] = src[idx]
    out[len(idx):] = tail
    return out


def _per_entry(values: npt.NDArray[Any], k_starts: IntArray,
               nonempty: npt.NDArray[np.bool_]) -> npt.NDArray[Any]:
    """The maximum of ``values`` (last axis: the candidates' keys, entry after entry) over
    each entry's keys (``k_starts``: where each entry's keys start); 0 (False) for an entry
    without keys."""
    out = np.zeros((*values.shape[:-1], len(nonempty)), dtype=values.dtype)
    if nonempty.any():
        out[..., nonempty] = np.maximum.reduceat(values, k_starts[nonempty], axis=-1)
    return out


def _is_letter(b: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.bool_]:
    """ASCII letters among bytes."""
    return ((b >= 65) & (b <= 90)) | ((b >= 97) & (b <= 122))


def _word_array(words: Sequence[bytes]) -> npt.NDArray[np.bytes_]:
    # Keys and skeletons are A-Z: one byte a letter.
    return np.array(words, dtype=np.bytes_) if words else np.zeros(0, dtype="S1")


#: A column of short strings stored once each: the distinct strings, sorted, and every
#: row's string as its position among them. A million names have six million keys but two
#: hundred thousand distinct; sorted, the same names give the same arrays however the table
#: was put together (a build in chunks, an update).
Interned = tuple[npt.NDArray[np.bytes_], npt.NDArray[np.int32]]


class _InternedJoin:
    """Joins interned columns: their strings are numbered as first seen, one column at a time
    (a build joins each chunk's as it arrives from its worker), then sorted once; strings no
    row uses are dropped."""

    def __init__(self, first_seen: dict[str, int] | None = None,
                 ids: array.array[int] | None = None) -> None:
        self.first_seen: dict[str, int] = {} if first_seen is None else first_seen
        self.parts: list[npt.NDArray[np.int32]] = [] if ids is None else [
            np.asarray(ids, dtype=np.int32)]

    def add(self, vocab: npt.NDArray[np.bytes_], ids: npt.NDArray[np.int32]) -> None:
        """Append rows: ``ids`` are positions in ``vocab``."""
        pos = self.first_seen
        number = np.fromiter((pos.setdefault(w, len(pos)) for w in
                              vocab.astype("U").tolist()), dtype=np.int32, count=len(vocab))
        self.parts.append(number[ids])

    def finish(self) -> Interned:
        """The joined column."""
        ids = np.concatenate(self.parts).astype(np.int32) if self.parts else np.zeros(
            0, dtype=np.int32)
        words = list(self.first_seen)
        used = np.zeros(len(words), dtype=bool)
        used[ids] = True
        kept = sorted((w for w, u in zip(words, used.tolist(), strict=True) if u))
        rank = np.zeros(len(words), dtype=np.int32)
        rank[[self.first_seen[w] for w in kept]] = np.arange(len(kept), dtype=np.int32)
        return _word_array([w.encode("ascii", "replace") for w in kept]), rank[ids]


def _checked(vocab: npt.NDArray[np.generic], ids: npt.NDArray[np.generic], rows: int,
             what: str) -> Interned:
    """An interned column read from a saved table, checked against its row count."""
    ids32 = ids.astype(np.int32, copy=False)
    if len(ids32) != rows or (len(ids32) and not 0 <= int(ids32.min())
                              <= int(ids32.max()) < len(vocab)):
        msg = f"{what} arrays are inconsistent"
        raise ValueError(msg)
    return cast("npt.NDArray[np.bytes_]", vocab), ids32


#: Per thread, an array with a slot for every distinct key of a table
#: (:meth:`CheapTable._distinct_keys`).
_SCRATCH = threading.local()


class CheapBuilder:
    """Collects the rows of a :class:`CheapTable` one prepared name at a time."""

    def __init__(self) -> None:
        # Typed arrays, not lists: a million names have about four million entries, and a
        # Python int or float per entry would cost hundreds of megabytes at build time.
        self.entry_off = array.array("q", [0])
        self.key_off = array.array("q", [0])
        # Keys and skeletons numbered as first seen, and every entry's keys and skeleton.
        self.key_pos: dict[str, int] = {}
        self.key_ids = array.array("i")
        self.skel_pos: dict[str, int] = {}
        self.skel_ids = array.array("i")
        self.weight = array.array("f")
        self.merge_first = array.array("q")
        self.vowelless = array.array("b")
        self.n_single = array.array("q")
        self.role = array.array("h")
        self.text = bytearray()
        self.text_off = array.array("q", [0])
        self.flags = array.array("b")

    def add(self, pn: PreparedName) -> None:
        """Append one list name (the next id)."""
        n_single, entries = cheap_row(pn)
        self.n_single.append(n_single)
        for keys, weight, first, skel, vowelless, role, text, flags in entries:
            self.role.append(role)
            self.text += text.encode("utf-8")
            self.text_off.append(len(self.text))
            self.flags.append(flags)
            pos = self.key_pos
            self.key_ids.extend([pos.setdefault(k, len(pos)) for k in keys])
            self.key_off.append(len(self.key_ids))
            self.weight.append(weight)
            self.merge_first.append(first)
            self.skel_ids.append(self.skel_pos.setdefault(skel, len(self.skel_pos)))
            self.vowelless.append(vowelless)
        self.entry_off.append(len(self.merge_first))

    def finish(self) -> CheapTable:
        """The table of every name added."""

        vocab, key_ids = _InternedJoin(self.key_pos, self.key_ids).finish()
        skel_vocab, skel_ids = _InternedJoin(self.skel_pos, self.skel_ids).finish()
        return CheapTable({
            "c_entry_off": np.asarray(self.entry_off, dtype=np.int64),
            "c_key_off": np.asarray(self.key_off, dtype=np.int64),
            "c_key_ids": key_ids,
            "c_vocab": vocab,
            "c_weight": np.asarray(self.weight, dtype=np.float32),
            "c_merge_first": np.asarray(self.merge_first, dtype=np.int64),
            "c_skel_ids": skel_ids,
            "c_skel_vocab": skel_vocab,
            "c_vowelless": np.asarray(self.vowelless, dtype=np.int8).astype(bool),
            "c_n_single": np.asarray(self.n_single, dtype=np.int64),
            "c_role": np.asarray(self.role, dtype=np.int16),
            "c_text": np.frombuffer(bytes(self.text), dtype=np.uint8).copy(),
            "c_text_off": np.asarray(self.text_off, dtype=np.int64),
            "c_flags": np.asarray(self.flags, dtype=np.int8),
        })


class CheapTable:
    """Flat arrays of every list name's parts and keys, for batch bounds."""


    def __init__(self, arrays: dict[str, npt.NDArray[np.generic]]) -> None:
        self.entry_off: IntArray = arrays["c_entry_off"].astype(np.int64, copy=False)
        self.key_off: IntArray = arrays["c_key_off"].astype(np.int64, copy=False)
        #: Every key of every entry, as its position in :attr:`vocab` (the distinct keys,
        #: sorted): a million names have six million keys but two hundred thousand distinct.
        self.vocab, self.key_ids = _checked(arrays["c_vocab"], arrays["c_key_ids"],
                                            int(self.key_off[-1]), "key")
        # The first letter of each distinct key.
        self._vocab_first = np.frombuffer(self.vocab.tobytes(), dtype=np.uint8)[
            ::max(self.vocab.itemsize, 1)]
        self.weight: FloatArray = arrays["c_weight"].astype(np.float32, copy=False)
        self.merge_first: IntArray = arrays["c_merge_first"].astype(np.int64, copy=False)
        #: Every entry's consonant skeleton, as its position in :attr:`skel_vocab`.
        self.skel_vocab, self.skel_ids = _checked(arrays["c_skel_vocab"], arrays["c_skel_ids"],
                                                  len(self.merge_first), "skeleton")
        self.vowelless: npt.NDArray[np.bool_] = arrays["c_vowelless"].astype(bool, copy=False)
        self.n_single: IntArray = arrays["c_n_single"].astype(np.int64, copy=False)
        self.role: npt.NDArray[np.int16] = arrays["c_role"].astype(np.int16, copy=False)
        self.text: npt.NDArray[np.uint8] = arrays["c_text"].astype(np.uint8, copy=False)
        self.text_off: IntArray = arrays["c_text_off"].astype(np.int64, copy=False)
        self.flags: npt.NDArray[np.int8] = arrays["c_flags"].astype(np.int8, copy=False)

    @classmethod
    def build(cls, names: Iterable[PreparedName]) -> CheapTable:
        """Flatten prepared list names (their position is their id)."""
        builder = CheapBuilder()
        for pn in names:
            builder.add(pn)
        return builder.finish()

    def merged(self, keep_name: npt.NDArray[np.bool_],
               added: Sequence[PreparedName]) -> CheapTable:
        """The table of the kept names (in order) followed by ``added``; equal to
        :meth:`build` over the same names, without re-keying the kept ones. Each array is
        gathered straight into the result, so that at a million names the kept names are
        never held twice."""
        kept = np.flatnonzero(keep_name)
        new = CheapTable.build(added)
        entry_off, e_idx = take_rows(self.entry_off, kept)
        key_off, k_idx = take_rows(self.key_off, e_idx)
        text_off, t_idx = take_rows(self.text_off, e_idx)
        keys, skeletons = _InternedJoin(), _InternedJoin()
        keys.add(self.vocab, self.key_ids[k_idx])
        keys.add(new.vocab, new.key_ids)
        skeletons.add(self.skel_vocab, self.skel_ids[e_idx])
        skeletons.add(new.skel_vocab, new.skel_ids)
        vocab, key_ids = keys.finish()
        skel_vocab, skel_ids = skeletons.finish()
        return CheapTable({
            "c_entry_off": join_offsets(entry_off, new.entry_off),
            "c_key_off": join_offsets(key_off, new.key_off),
            "c_key_ids": key_ids,
            "c_vocab": vocab,
            "c_weight": _gather_cat(self.weight, e_idx, new.weight),
            "c_merge_first": _gather_cat(self.merge_first, e_idx, new.merge_first),
            "c_skel_ids": skel_ids,
            "c_skel_vocab": skel_vocab,
            "c_vowelless": _gather_cat(self.vowelless, e_idx, new.vowelless),
            "c_n_single": _gather_cat(self.n_single, kept, new.n_single),
            "c_role": _gather_cat(self.role, e_idx, new.role),
            "c_text": _gather_cat(self.text, t_idx, new.text),
            "c_text_off": join_offsets(text_off, new.text_off),
            "c_flags": _gather_cat(self.flags, e_idx, new.flags),
        })

    @classmethod
    def concat(cls, tables: Iterable[CheapTable]) -> CheapTable:
        """One table of the names of ``tables``, in order (see :class:`CheapJoin`)."""
        join = CheapJoin()
        for table in tables:
            join.add(table)
        return join.finish()

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """The arrays, by name, for saving."""
        return {"c_entry_off": self.entry_off, "c_key_off": self.key_off,
                "c_key_ids": self.key_ids, "c_vocab": self.vocab,
                "c_weight": self.weight, "c_merge_first": self.merge_first,
                "c_skel_ids": self.skel_ids, "c_skel_vocab": self.skel_vocab,
                "c_vowelless": self.vowelless,
                "c_n_single": self.n_single, "c_role": self.role, "c_text": self.text,
                "c_text_off": self.text_off, "c_flags": self.flags}

    # ----------------------------------------------------------------------- prepared names

    def prepared(self, name_id: int, raw: str) -> PreparedName:
        """List name ``name_id`` as the scorer's prepared name, rebuilt from the table: no
        parsing and no romanisation, so a loaded index aligns names at once. ``raw`` is the
        name's display text. Parts are interned: equal parts are one object, as the scorer's
        caches expect."""
        lo, hi = int(self.entry_off[name_id]), int(self.entry_off[name_id + 1])
        koff = self.key_off[lo:hi + 1].tolist()
        keys = [k.decode("ascii")
                for k in self.vocab[self.key_ids[koff[0]:koff[-1]]].tolist()]
        toff = self.text_off[lo:hi + 1].tolist()
        blob = self.text[toff[0]:toff[-1]].tobytes()
        out: list[PreparedPart] = []
        for e, (skel, vowelless, role, flags) in enumerate(zip(
                self.skel_vocab[self.skel_ids[lo:hi]].tolist(), self.vowelless[lo:hi].tolist(),
                self.role[lo:hi].tolist(), self.flags[lo:hi].tolist(), strict=True)):
            part_text = blob[toff[e] - toff[0]:toff[e + 1] - toff[0]].decode("utf-8")
            out.append(_interned(part_text, _ROLES[role >> 2],
                                 tuple(keys[koff[e] - koff[0]:koff[e + 1] - koff[0]]),
                                 skel.decode("ascii"), bool(flags & _TRUNCATED),
                                 bool(flags & _INITIAL), bool(vowelless)))
        n_single = int(self.n_single[name_id])
        firsts = self.merge_first[lo + n_single:hi].tolist()
        units = tuple([((i,), p) for i, p in enumerate(out[:n_single])]
                      + [((f, f + 1), p) for f, p in zip(firsts, out[n_single:], strict=True)])
        name = Name(raw, (), Form.LIST, "", frozenset(), None, False)
        return PreparedName(name, tuple(out[:n_single]), units)

    # ------------------------------------------------------------------------------- bounds

    @staticmethod
    def applies(pax: PreparedName) -> bool:
        """The bound can be computed for this passenger name (every part has keys)."""
        return bool(pax.parts) and all(p.keys for p in pax.parts)

    @staticmethod
    def _glued(pax: PreparedName, part: PreparedPart) -> bool:
        """A booking token long enough for the scorer to split it into glued names."""
        return pax.name.form is Form.PNR and len(part.text) >= GLUED_MIN_LEN

    def _lift_checked(self, units: Sequence[tuple[PreparedPart, int]],
                      e_idx: npt.NDArray[np.int64], by_unit: FloatArray,
                      band: npt.NDArray[np.bool_]) -> None:
        """Lift the pairs in ``band`` as the scorer may (:func:`_band_lift`)."""
        rows, cols = np.nonzero(band)
        if not len(rows):
            return
        # The pairs' texts and keys are gathered in two numpy calls and sliced in Python.
        ents = e_idx[cols]
        t_lo = self.text_off[ents]
        t_cnt = self.text_off[ents + 1] - t_lo
        blob = self.text[ranges(t_lo, t_cnt)].tobytes()
        t_at = offsets_of(t_cnt).tolist()
        k_lo = self.key_off[ents]
        k_cnt = self.key_off[ents + 1] - k_lo
        keys = self.vocab[self.key_ids[ranges(k_lo, k_cnt)]].tolist()
        k_at = offsets_of(k_cnt).tolist()
        lifts = [_band_lift(units[r][0], blob[t_at[i]:t_at[i + 1]],
                            tuple(keys[k_at[i]:k_at[i + 1]]))
                 for i, r in enumerate(rows.tolist())]
        by_unit[rows, cols] = np.maximum(by_unit[rows, cols], lifts)

    def _may_split(self, part: PreparedPart, e_idx: IntArray, keys: npt.NDArray[np.bytes_],
                   inv: npt.NDArray[np.int32], k_starts: IntArray,
                   nonempty: npt.NDArray[np.bool_],
                   starts: IntArray) -> npt.NDArray[np.bool_]:
        """Per candidate name (entries ``e_idx``; ``keys`` the distinct keys of the entries,
        ``inv`` the position of each entry key among them): may the scorer split the glued
        booking token ``part`` into pieces against it? Its splitter
        (:func:`namematch.score._segment`) reads pieces left to right from the first letter
        and splits nothing unless a piece starts the token: a segment filler (BIN, UULU), or
        a key or spelling of one of the name's parts (five letters or more: within one edit
        of the token's start). Keys and spellings are first sifted by their first three
        letters (one edit leaves two of them in place or moved by one), then checked
        exactly, each distinct key once."""
        forms = tuple({_fold_token(part.text), part.keys[0]})
        if any(len(f) < 3 or f.startswith(_FILLERS) for f in forms):
            return np.ones(len(starts), dtype=bool)
        heads = [np.frombuffer(f[:3].encode("ascii", "replace"), dtype=np.uint8)
                 for f in forms]
        width = keys.dtype.itemsize
        kb = np.zeros((len(keys), max(width, 3)), dtype=np.uint8)
        kb[:, :width] = np.frombuffer(keys.tobytes(), dtype=np.uint8).reshape(-1, width)
        sift = (kb[:, 2] != 0) & _may_start(kb[:, :3], heads)
        by_key = np.zeros(len(keys), dtype=bool)
        by_key[sift] = [_key_starts_split(k, forms) for k in keys[sift].tolist()]
        # Spellings: the first three letters of the text, upper case (ASCII letters differ
        # from their capitals in bit 0x20); a text that does not open with three ASCII
        # letters is folded and checked exactly.
        lo = self.text_off[e_idx]
        size = self.text_off[e_idx + 1] - lo
        last = max(len(self.text) - 1, 0)
        tb = np.stack([np.where(size > i, self.text[np.minimum(lo + i, last)], 0)
                       for i in range(3)], axis=1).astype(np.uint8)
        letters = _is_letter(tb).all(axis=1)
        sift_t = ~letters | _may_start((tb & 0xDF).astype(np.uint8), heads)
        by_text = np.zeros(len(e_idx), dtype=bool)
        sifted = np.flatnonzero(sift_t)
        # The sifted spellings gathered in one call, sliced in Python.
        blob = self.text[ranges(lo[sifted], size[sifted])].tobytes()
        at = offsets_of(size[sifted]).tolist()
        by_text[sifted] = [_text_starts_split(blob[at[i]:at[i + 1]], forms)
                           for i in range(len(sifted))]
        by_entry = by_text | _per_entry(by_key[inv], k_starts, nonempty)
        return np.logical_or.reduceat(by_entry, starts)

    def _skeleton_ids(self, skeletons: Sequence[str]) -> npt.NDArray[np.int64]:
        """The positions of ``skeletons`` among the list's skeletons; -1 for one none has
        (and for the empty one)."""
        words = np.array([w.encode("ascii", "replace") for w in skeletons], dtype=np.bytes_)
        at = np.minimum(np.searchsorted(self.skel_vocab, words), max(len(self.skel_vocab) - 1, 0))
        found = (self.skel_vocab[at] == words) & (words != b"") if len(self.skel_vocab) else \
            np.zeros(len(words), dtype=bool)
        return np.where(found, at, -1)

    def _distinct_keys(self, kid: npt.NDArray[np.int32]
                       ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
        """``np.unique(kid, return_inverse=True)`` for key ids, twice as fast: the inverse
        is read from a per-thread array indexed by key id (:data:`_SCRATCH`, written where
        this call's keys are, so nothing needs clearing), not from a second sort."""
        uid = distinct_sorted(np.sort(kid))
        pos = getattr(_SCRATCH, "pos", None)
        if pos is None or len(pos) < len(self.vocab):
            pos = _SCRATCH.pos = np.zeros(len(self.vocab), dtype=np.int32)
        pos[uid] = np.arange(len(uid), dtype=np.int32)
        return uid, pos[kid]

    @staticmethod
    def _initial_agrees(keys: Sequence[str], key_first: npt.NDArray[np.uint8],
                        k_starts: IntArray, nonempty: npt.NDArray[np.bool_]
                        ) -> npt.NDArray[np.bool_]:
        """Per candidate entry (its keys' first letters ``key_first``): does some key of the
        entry start with the first letter of one of ``keys``? The scorer compares an initial
        (on either side) with a part that way alone (:func:`namematch.score.part_similarity`)."""
        letters = np.frombuffer("".join({k[0] for k in keys}).encode("ascii", "replace"),
                                dtype=np.uint8)
        return _per_entry(np.isin(key_first, letters), k_starts, nonempty)

    def upper_bounds(self, pax: PreparedName, name_ids: npt.NDArray[np.int32],
                     need: FloatArray | None = None) -> FloatArray:
        """An upper bound of the name score of ``pax`` against each list name in ``name_ids``.

        Key similarities the scorer may lift (typing slips on the typed spellings, gendered
        forms) are checked pair by pair as the scorer checks them, a Python loop. With
        ``need`` (the bound each name must reach to matter) only names that reach it with
        every such pair lifted are checked; the others keep that looser bound, which is still
        an upper bound.
        """
        n = len(name_ids)
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        # Passenger rows: parts, then merged adjacent pairs (mask of parts they cover).
        units: list[tuple[PreparedPart, int]] = [(p, 1 << i) for i, p in enumerate(pax.parts)]
        for i in range(len(pax.parts) - 1):
            a, b = pax.parts[i], pax.parts[i + 1]
            if not (a.initial or b.initial):  # the scorer never merges an initial
                units.append((_merged_part(a, b), 3 << i))
        if any(not u.keys for u, _ in units):
            return np.ones(n, dtype=np.float32)
        pkeys = [k.encode("ascii", "replace") for u, _ in units for k in u.keys]
        # Where each unit's keys start among the passenger keys.
        r_starts = offsets_of(np.array([len(u.keys) for u, _ in units]))[:-1]
        # Entries and keys of the candidates.
        e_lo = self.entry_off[name_ids]
        e_hi = self.entry_off[name_ids + 1]
        e_cnt = e_hi - e_lo
        e_idx = ranges(e_lo, e_cnt)
        k_lo = self.key_off[e_idx]
        k_cnt = self.key_off[e_idx + 1] - k_lo
        k_idx = ranges(k_lo, k_cnt)
        if not len(k_idx) or not pkeys:
            return np.zeros(n, dtype=np.float32)
        # Namesakes share keys (a third of the candidates' keys are distinct, a twentieth
        # among a common name's): each distinct key is compared once.
        kid = self.key_ids[k_idx]
        uid, inv = self._distinct_keys(kid)
        ukeys = self.vocab[uid]
        ukey_list = ukeys.tolist()
        osa_u = process.cdist(pkeys, ukey_list, scorer=OSA.normalized_similarity,
                              dtype=np.float32)
        sim_u = EDIT_WEIGHT * osa_u + (1.0 - EDIT_WEIGHT) * process.cdist(
            pkeys, ukey_list, scorer=JaroWinkler.normalized_similarity, dtype=np.float32)
        # Best over each unit's keys (rows), then over each entry's keys (columns).
        k_starts = offsets_of(k_cnt)[:-1]
        nonempty = k_cnt > 0
        by_unit = _per_entry(np.maximum.reduceat(sim_u, r_starts, axis=0)[:, inv], k_starts,
                             nonempty)  # (units, entries)
        # Skeleton floor: where an entry has a unit's skeleton (two consonants and more), the
        # unit agrees at least at the floor (a short skeleton only for names of Arabic
        # origin, OMAR / UMAR).
        uskel = self._skeleton_ids([u.skeleton if len(u.skeleton) >= SHORT_SKELETON_LEN
                                    else "" for u, _ in units])
        same = self.skel_ids[e_idx][None, :] == uskel[:, None]  # (units, entries)
        if same.any():
            latin = np.array([0.0 if len(u.skeleton) < MIN_SKELETON_LEN
                              else LATIN_SKELETON_FLOOR for u, _ in units])
            vowelless = np.array([u.vowelless for u, _ in units])
            floor = np.where(self.vowelless[e_idx][None, :] | vowelless[:, None],
                             SKELETON_FLOOR, latin[:, None])
            np.maximum(by_unit, floor, out=by_unit, where=same)
        starts = offsets_of(e_cnt)[:-1]
        owner = np.repeat(np.arange(n), e_cnt)
        mfirst = self.merge_first[e_idx]
        glued = [r for r, (u, mask) in enumerate(units) if mask.bit_count() == 1
                 and self._glued(pax, u) and not (u.initial or u.truncated)]
        named = np.zeros((0, 0), dtype=bool)
        if glued:
            # The scorer splits a glued booking token only when no part of the list name has
            # its key (:func:`namematch.score._split_glued`); where one has, the token is an
            # ordinary part and its ordinary row bounds it.
            eq_unit = _per_entry(np.maximum.reduceat(
                (osa_u >= 1.0).astype(np.uint8), r_starts, axis=0)[:, inv], k_starts, nonempty)
            eq_unit[:, mfirst >= 0] = 0
            named = np.maximum.reduceat(eq_unit, starts, axis=1) > 0  # (units, names)
        # An initial, on either side, agrees (INITIAL_SIMILARITY, at half weight) with a part
        # whose key starts with its letter and with nothing else: full agreement bounds it
        # there (a part counted in full at agreement 1 raises the ratio at least as much as
        # one counted at half weight), and it places nowhere else.
        listed_initial = (self.flags[e_idx] & _INITIAL) > 0
        key_first = np.zeros(0, dtype=np.uint8)  # the first letter of each candidate key
        if listed_initial.any() or any(u.initial for u, _ in units):
            key_first = self._vocab_first[kid]
        if listed_initial.any():
            for r, (u, _) in enumerate(units):
                agrees = self._initial_agrees(u.keys, key_first, k_starts, nonempty)
                by_unit[r, listed_initial] = np.where(agrees[listed_initial], 1.0, 0.0)
        for r, (u, mask) in enumerate(units):
            if mask.bit_count() == 1 and u.initial:
                by_unit[r] = np.where(
                    self._initial_agrees(u.keys, key_first, k_starts, nonempty), 1.0, 0.0)
            elif mask.bit_count() == 1 and self._glued(pax, u):
                if r in glued:
                    # Split only where no part has its key and some part may start it.
                    split = ~named[r] & self._may_split(u, e_idx, ukeys, inv, k_starts,
                                                        nonempty, starts)
                    by_unit[r] = np.where(split[owner], 1.0, by_unit[r])
                else:
                    by_unit[r] = 1.0
            elif u.truncated and len(u.keys[0]) >= 3:
                # A truncated part (a field cut short) agrees as a prefix of a list key.
                prefix_u = np.zeros(len(ukeys), dtype=np.uint8)
                for k in u.keys:
                    prefix_u |= np.char.startswith(ukeys, k.encode("ascii", "replace"))
                prefix = prefix_u[inv]
                if prefix.any():
                    by_unit[r] = np.where(_per_entry(prefix, k_starts, nonempty) > 0,
                                          np.maximum(by_unit[r], PREFIX_SIMILARITY), by_unit[r])
        # The scorer lifts gendered surname forms (IVANOV / IVANOVA) and typing slips (NZBIL /
        # NABIL, AICBHA / AICHA, which keys may hide) to fixed similarities. With ``need``
        # every similarity in that band is lifted, and only the names that then reach it are
        # bounded again (below) with each pair checked as the scorer checks it.
        band = (by_unit >= TYPO_BAND_LOW) & (by_unit < _LIFTED)
        if need is None:
            self._lift_checked(units, e_idx, by_unit, band)
            return self._bounds_from(pax, units, by_unit, e_idx, e_cnt)
        raw = by_unit.copy()
        by_unit[band] = _LIFTED
        out = self._bounds_from(pax, units, by_unit, e_idx, e_cnt)
        if band.any():
            has_band = np.logical_or.reduceat(band.any(axis=0), starts)
            redo = np.flatnonzero(has_band & (out >= need))
            if len(redo):
                # Their similarities are already known (each entry's column depends on that
                # entry alone): only the pairs in the band are checked, then bounded again.
                cols = ranges(starts[redo], e_cnt[redo])
                sub = raw[:, cols]
                self._lift_checked(units, e_idx[cols], sub, band[:, cols])
                out[redo] = self._bounds_from(pax, units, sub, e_idx[cols], e_cnt[redo])
        return out

    def _bounds_from(self, pax: PreparedName, units: Sequence[tuple[PreparedPart, int]],
                     by_unit: FloatArray, e_idx: IntArray, e_cnt: IntArray) -> FloatArray:
        """The bound of each name from its entries' similarities ``by_unit`` (passenger
        units x entries ``e_idx``, ``e_cnt`` entries per name, in order)."""
        n = len(e_cnt)
        starts = offsets_of(e_cnt)[:-1]
        owner = np.repeat(np.arange(n), e_cnt)
        mfirst = self.merge_first[e_idx]
        ok = by_unit >= MIN_PART_SIMILARITY
        best = np.where(ok, by_unit, 0.0).max(axis=0)  # per entry
        agree = np.where(best >= FULL_AGREEMENT, best,
                         np.maximum(0.0, best - AGREEMENT_FALLOFF * (FULL_AGREEMENT - best)))
        # A merged list entry can explain both of its parts: single entries of the same name
        # (offset of the name's entries plus the first part's index), never merged ones, and
        # each the first part of at most one merged entry.
        is_single = mfirst < 0
        merged = np.flatnonzero(~is_single)
        if len(merged):
            first = starts[owner[merged]] + mfirst[merged]
            explained = agree[merged]
            agree[first] = np.maximum(agree[first], explained)
            agree[first + 1] = np.maximum(agree[first + 1], explained)
        # The best ratio over which list parts count as matched. An unmatched part costs at
        # least its role's lowest missing cost; matching it adds w * agreement to the
        # numerator and w * (1 - cost) to the denominator, so the optimum of this fractional
        # choice is a prefix of each name's parts sorted by agreement / (1 - cost).
        role = self.role[e_idx]
        cost = _missing_costs(pax.name.may_lack)[role]
        a = np.where(is_single, agree, 0.0)
        w = np.where(is_single, self.weight[e_idx], 0.0)
        order = np.lexsort((-(a / (1.0 - cost)), owner))
        a_s, w_s, c_s = a[order], w[order], cost[order]
        cum_num = np.cumsum(w_s * a_s)
        cum_gain = np.cumsum(w_s * (1.0 - c_s))
        num_k = cum_num - np.concatenate(([0.0], cum_num))[starts][owner]
        gain_k = cum_gain - np.concatenate(([0.0], cum_gain))[starts][owner]
        base_den = np.add.reduceat(w * cost, starts) if len(w) else np.zeros(n)
        # Passenger parts no unit of theirs can place on this name: charged in full.
        row_any = np.logical_or.reduceat(ok, starts, axis=1)  # (units, names)
        # Which units cover which parts (parts x units), times which units are placed.
        covers = np.array([[mask >> i & 1 for _, mask in units] for i in range(len(pax.parts))],
                          dtype=np.uint8)
        part_ok = (covers @ row_any.astype(np.uint8)) > 0  # (parts, names)
        # An extra part right after a chain's last ancestor costs less (the scorer knows
        # which; the bound charges every extra on a chain name the lower cost).
        chain = np.logical_or.reduceat((role & 2) > 0, starts) if len(e_idx) \
            else np.zeros(n, dtype=bool)
        extra = (~part_ok).sum(axis=0) * np.where(chain, COST_FURTHER_ANCESTOR,
                                                  COST_PASSENGER_EXTRA)
        den0 = base_den + extra
        ratio_k = num_k / np.maximum(den0[owner] + gain_k, 1e-9)
        out = np.maximum.reduceat(ratio_k, starts) if len(ratio_k) else np.zeros(n)
        return cast("FloatArray", np.maximum(out, 0.0).astype(np.float32))


class CheapJoin:
    """Joins the tables of consecutive runs of names, in order, one at a time: a build
    computes them in worker processes and joins each as it arrives, while the others work."""

    def __init__(self) -> None:
        self.tables: list[CheapTable] = []
        self.keys = _InternedJoin()
        self.skeletons = _InternedJoin()

    def add(self, table: CheapTable) -> None:
        """Append the names of ``table``."""
        self.keys.add(table.vocab, table.key_ids)
        self.skeletons.add(table.skel_vocab, table.skel_ids)
        self.tables.append(table)

    def finish(self) -> CheapTable:
        """The table of all names added."""
        tables = self.tables
        if not tables:
            return CheapBuilder().finish()

        def offsets(pick: Callable[[CheapTable], IntArray]) -> IntArray:
            starts = np.cumsum([0] + [int(pick(t)[-1]) for t in tables[:-1]])
            return np.concatenate([pick(tables[0])[:1]] + [
                pick(t)[1:] + s for t, s in zip(tables, starts.tolist(), strict=True)])

        def cat(pick: Callable[[CheapTable], npt.NDArray[Any]]) -> npt.NDArray[Any]:
            return np.concatenate([pick(t) for t in tables])

        vocab, key_ids = self.keys.finish()
        skel_vocab, skel_ids = self.skeletons.finish()
        return CheapTable({
            "c_entry_off": offsets(lambda t: t.entry_off),
            "c_key_off": offsets(lambda t: t.key_off),
            "c_key_ids": key_ids,
            "c_vocab": vocab,
            "c_weight": cat(lambda t: t.weight),
            "c_merge_first": cat(lambda t: t.merge_first),
            "c_skel_ids": skel_ids,
            "c_skel_vocab": skel_vocab,
            "c_vowelless": cat(lambda t: t.vowelless),
            "c_n_single": cat(lambda t: t.n_single),
            "c_role": cat(lambda t: t.role),
            "c_text": cat(lambda t: t.text),
            "c_text_off": offsets(lambda t: t.text_off),
            "c_flags": cat(lambda t: t.flags),
        })


def reset_caches() -> None:
    """Clear this module's caches: lifted pairs, split checks and the pool of rebuilt list
    parts."""
    for fn in (_band_lift, _missing_costs, _text_starts_split, _key_starts_split):
        fn.cache_clear()
    _PART_POOL.clear()
