"""Listed people and their names as packed columns, for saved indexes that load fast.

A saved index holds a million names; building a million Python records at load time would cost
seconds. Instead the people and names are stored column by column (UTF-8 strings packed into
one byte blob plus offsets, name types as small integer codes, names grouped per person by CSR
offsets), and :class:`PersonTable` / :class:`NameTable` build a
:class:`~namematch.types.ListedPerson` or :class:`~namematch.types.ListName` only when one is
asked for (the candidates of a passenger). Everything is plain numpy arrays: never pickle.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from namematch.csr import SINGLE_PASS_MIN, join_offsets, ranges, single_values, take_rows
from namematch.errors import IndexFormatError
from namematch.score import NATIONALITY_MATCH, NATIONALITY_MISMATCH, gender_letter
from namematch.types import ListedPerson, ListName, NameType

__all__ = [
    "Evidence",
    "NameTable",
    "NationalityTable",
    "PersonTable",
    "StringColumn",
    "merge_packed",
    "pack_persons",
    "packed_persons",
    "tables_from_arrays",
]

_SEP = "\x1f"
_TYPES = tuple(NameType)
#: A listed person's identifying evidence: dates of birth, gender, nationalities.
Evidence = tuple[tuple[str, ...], str | None, tuple[str, ...]]
_TYPE_CODE = {t: i for i, t in enumerate(_TYPES)}
_REMEDY = "rebuild it with `namematch index build`"
#: Listed people kept built after first use (cleared when full).
PERSON_CACHE_SIZE = 100_000


class StringColumn(Sequence[str]):
    """A column of strings stored as one UTF-8 blob and offsets; decoded on access."""

    def __init__(self, blob: npt.NDArray[np.uint8], offsets: npt.NDArray[np.int64]) -> None:
        self._bytes = blob.tobytes()
        self._off = offsets.tolist()

    @staticmethod
    def pack(values: Sequence[str]) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
        """Blob and offsets (``len(values) + 1`` of them) for a list of strings."""
        encoded = [v.encode("utf-8") for v in values]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        if encoded:
            np.cumsum([len(e) for e in encoded], out=offsets[1:])
        return np.frombuffer(b"".join(encoded), dtype=np.uint8).copy(), offsets

    def arrays(self) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
        """The blob and offsets, as :meth:`pack` gives them."""
        return (np.frombuffer(self._bytes, dtype=np.uint8),
                np.asarray(self._off, dtype=np.int64))

    def __len__(self) -> int:
        return len(self._off) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return self._bytes[self._off[i]:self._off[i + 1]].decode("utf-8")


class NameTable(Sequence[ListName]):
    """All list names, in watchlist order, built on access."""

    def __init__(self, text: StringColumn, surname: StringColumn, given: StringColumn,
                 types: npt.NDArray[np.int8]) -> None:
        self._text, self._surname, self._given = text, surname, given
        self._types: list[int] = types.tolist()

    def __len__(self) -> int:
        return len(self._text)

    @overload
    def __getitem__(self, i: int) -> ListName: ...
    @overload
    def __getitem__(self, i: slice) -> list[ListName]: ...
    def __getitem__(self, i: int | slice) -> ListName | list[ListName]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return ListName(self._text[i], _TYPES[self._types[i]], self._surname[i] or None,
                        self._given[i] or None)

    def packed(self) -> dict[str, Any]:
        """The name columns as :func:`pack_persons` gives them."""
        out: dict[str, Any] = {}
        for key, col in (("n_text", self._text), ("n_surname", self._surname),
                         ("n_given", self._given)):
            out[f"{key}_blob"], out[f"{key}_off"] = col.arrays()
        out["n_type"] = np.asarray(self._types, dtype=np.int8)
        return out

    def name_type(self, i: int) -> NameType:
        """The type of name ``i``, without building the name."""
        return _TYPES[self._types[i]]


class PersonTable(Sequence[ListedPerson]):
    """All listed people, built on access from their columns and their names' range."""

    def __init__(self, cols: dict[str, StringColumn], name_off: npt.NDArray[np.int64],
                 names: NameTable, source: str | None) -> None:
        self._cols = cols
        self._off = name_off.tolist()
        self._names = names
        self._source = source
        # Screening asks for the same common-name candidates again and again.
        self._cache: dict[int, ListedPerson] = {}
        self._evidence: dict[int, Evidence] = {}

    def __len__(self) -> int:
        return len(self._off) - 1

    def __iter__(self) -> Iterator[ListedPerson]:
        for i in range(len(self)):
            yield self[i]

    @overload
    def __getitem__(self, i: int) -> ListedPerson: ...
    @overload
    def __getitem__(self, i: slice) -> list[ListedPerson]: ...
    def __getitem__(self, i: int | slice) -> ListedPerson | list[ListedPerson]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        hit = self._cache.get(i)
        if hit is not None:
            return hit
        c = self._cols
        names = tuple(self._names[j] for j in range(self._off[i], self._off[i + 1]))
        person = ListedPerson(
            id=c["id"][i], names=names, dobs=_split(c["dobs"][i]),
            nationalities=_split(c["nats"][i]), gender=c["gender"][i] or None,
            documents=_split(c["docs"][i]), source=c["source"][i] or self._source)
        if len(self._cache) >= PERSON_CACHE_SIZE:
            self._cache.clear()
        self._cache[i] = person
        return person

    def ids(self) -> list[str]:
        """Every person's id, in order, without building the people."""
        return self._cols["id"][:]

    def packed(self) -> dict[str, Any]:
        """The arrays :func:`pack_persons` gives for these people (they are stored so)."""
        out = self._names.packed()
        for key, col in self._cols.items():
            out[f"p_{key}_blob"], out[f"p_{key}_off"] = col.arrays()
        out["p_name_off"] = np.asarray(self._off, dtype=np.int64)
        return out

    def gender_codes(self) -> npt.NDArray[np.int8]:
        """Every person's :func:`gender_code`, read off the stored column in numpy (a first
        byte outside ASCII, rare, is decoded and read in Python)."""
        col = self._cols["gender"]
        blob, off = col.arrays()
        lo = off[:-1]
        nonempty = off[1:] > lo
        first = np.zeros(len(lo), dtype=np.uint8)
        first[nonempty] = blob[lo[nonempty]]
        upper = first & 0xDF  # ASCII letters differ from their capitals in bit 0x20
        codes = np.where(upper == ord("M"), GENDER_M, np.where(upper == ord("F"), GENDER_F, 0))
        codes = np.where(first >= 0x80, 0, codes).astype(np.int8)
        for i in np.flatnonzero(first >= 0x80).tolist():
            codes[i] = gender_code(col[i])
        return codes

    def evidence(self, i: int) -> Evidence:
        """Person ``i``'s dates of birth, gender and nationalities, without building the
        person and its names (what the scorer needs for every aligned candidate)."""
        hit = self._evidence.get(i)
        if hit is None:
            c = self._cols
            hit = (_split(c["dobs"][i]), c["gender"][i] or None, _split(c["nats"][i]))
            if len(self._evidence) >= PERSON_CACHE_SIZE:
                self._evidence.clear()
            self._evidence[i] = hit
        return hit


#: Gender codes of listed people (:func:`gender_code`): unknown is 0.
GENDER_M = 1
GENDER_F = 2


def gender_code(gender: str | None) -> int:
    """:data:`GENDER_M`, :data:`GENDER_F` or 0, by the scorer's reading of a gender field
    (:func:`namematch.score.gender_letter`)."""
    letter = gender_letter(gender)
    return GENDER_M if letter == "M" else GENDER_F if letter == "F" else 0


def _split(value: str) -> tuple[str, ...]:
    return tuple(x for x in value.split(_SEP) if x)


_PERSON_COLS = ("id", "dobs", "nats", "gender", "docs", "source")


def pack_persons(persons: Sequence[ListedPerson], source: str | None) -> dict[str, Any]:
    """Arrays for :func:`tables_from_arrays`; the list's source is stored once, elsewhere."""
    cols: dict[str, list[str]] = {k: [] for k in _PERSON_COLS}
    ntext: list[str] = []
    nsur: list[str] = []
    ngiv: list[str] = []
    ntype: list[int] = []
    name_off = [0]
    for p in persons:
        cols["id"].append(p.id)
        cols["dobs"].append(_SEP.join(p.dobs))
        cols["nats"].append(_SEP.join(p.nationalities))
        cols["gender"].append(p.gender or "")
        cols["docs"].append(_SEP.join(p.documents))
        cols["source"].append("" if p.source in (None, source) else str(p.source))
        for ln in p.names:
            ntext.append(ln.name)
            nsur.append(ln.surname or "")
            ngiv.append(ln.given_names or "")
            ntype.append(_TYPE_CODE[ln.name_type])
        name_off.append(len(ntext))
    out: dict[str, Any] = {}
    for key, values in (*((f"p_{k}", v) for k, v in cols.items()), ("n_text", ntext),
                        ("n_surname", nsur), ("n_given", ngiv)):
        blob, off = StringColumn.pack(values)
        out[f"{key}_blob"] = blob
        out[f"{key}_off"] = off
    out["n_type"] = np.asarray(ntype, dtype=np.int8)
    out["p_name_off"] = np.asarray(name_off, dtype=np.int64)
    return out


def packed_persons(persons: Sequence[ListedPerson], source: str | None) -> dict[str, Any]:
    """:func:`pack_persons` of ``persons``, read straight from a loaded table's columns."""
    if isinstance(persons, PersonTable):
        return persons.packed()
    return pack_persons(persons, source)


def merge_packed(old: Mapping[str, Any], keep: npt.NDArray[np.bool_],
                 added: Mapping[str, Any]) -> dict[str, Any]:
    """Packed people (:func:`pack_persons` arrays): those of ``old`` where ``keep``, in
    order, then those of ``added``, equal to packing the same people afresh, without
    building a record per person."""
    kept = np.flatnonzero(keep)
    name_off, name_ids = take_rows(old["p_name_off"], kept)
    out: dict[str, Any] = {"p_name_off": join_offsets(name_off, added["p_name_off"]),
                           "n_type": np.concatenate([old["n_type"][name_ids],
                                                     added["n_type"]])}
    for key, rows in (*((f"p_{k}", kept) for k in _PERSON_COLS),
                      *((k, name_ids) for k in ("n_text", "n_surname", "n_given"))):
        off, idx = take_rows(old[f"{key}_off"], rows)
        out[f"{key}_blob"] = np.concatenate([old[f"{key}_blob"][idx], added[f"{key}_blob"]])
        out[f"{key}_off"] = join_offsets(off, added[f"{key}_off"])
    return out


def tables_from_arrays(arrays: dict[str, Any], source: str | None
                       ) -> tuple[PersonTable, NameTable]:
    """Lazy tables over saved arrays; raises IndexFormatError if any column is missing or
    the columns disagree in length."""

    def col(key: str) -> StringColumn:
        try:
            return StringColumn(arrays[f"{key}_blob"], arrays[f"{key}_off"])
        except KeyError as exc:
            msg = f"saved index lacks {exc.args[0]!r}; {_REMEDY}"
            raise IndexFormatError(msg) from None

    try:
        types = arrays["n_type"].astype(np.int8, copy=False)
        name_off = arrays["p_name_off"].astype(np.int64, copy=False)
    except KeyError as exc:
        msg = f"saved index lacks {exc.args[0]!r}; {_REMEDY}"
        raise IndexFormatError(msg) from None
    names = NameTable(col("n_text"), col("n_surname"), col("n_given"), types)
    cols = {k: col(f"p_{k}") for k in _PERSON_COLS}
    n_persons = len(name_off) - 1
    if (any(len(c) != n_persons for c in cols.values()) or len(types) != len(names)
            or (n_persons >= 0 and int(name_off[-1]) != len(names))
            or (len(types) and (int(types.min()) < 0 or int(types.max()) >= len(_TYPES)))):
        msg = f"saved index has inconsistent person or name columns; {_REMEDY}"
        raise IndexFormatError(msg)
    return PersonTable(cols, name_off, names, source), names


#: :func:`single_values` markers of a person with no nationality and with several, and the
#: code of a passenger nationality no listed person has.
_NO_CODE = -1
_MANY_CODES = -2
_UNLISTED_CODE = -3


class NationalityTable:
    """Every listed person's nationalities as small integer codes (CSR by person), compared
    with a passenger's in one vectorised pass: :meth:`adjustments` gives for many people at
    once exactly the nationality adjustment the scorer gives one at a time (a match, a
    mismatch, or nothing when either side has none), so screening can bound scores with it.

    Arrays: ``nat_off`` (people + 1), ``nat_code`` (index into ``nat_vocab``), ``nat_vocab``
    (each distinct nationality as the scorer compares it: stripped, upper case, UTF-8).
    """

    def __init__(self, offsets: npt.NDArray[np.int64], codes: npt.NDArray[np.int32],
                 vocab: Sequence[str]) -> None:
        self.offsets = offsets
        self.codes = codes
        self.vocab = list(vocab)
        self._code_of = {v: i for i, v in enumerate(self.vocab)}
        self._single: npt.NDArray[np.int64] | None = None

    @classmethod
    def build(cls, nat_lists: Iterable[Sequence[str]]) -> NationalityTable:
        """From each person's nationalities."""
        vocab: dict[str, int] = {}
        offsets = [0]
        codes: list[int] = []
        for nats in nat_lists:
            codes.extend(vocab.setdefault(n.strip().upper(), len(vocab)) for n in nats)
            offsets.append(len(codes))
        return cls(np.asarray(offsets, dtype=np.int64), np.asarray(codes, dtype=np.int32),
                   list(vocab))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """The arrays, by name, for saving."""
        blob, off = StringColumn.pack(self.vocab)
        return {"nat_off": self.offsets, "nat_code": self.codes, "nat_vocab_blob": blob,
                "nat_vocab_off": off}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[np.generic]]) -> NationalityTable:
        """Rebuild from :meth:`arrays` output (raises ``KeyError`` for a missing array,
        ``ValueError`` when the arrays disagree)."""
        vocab = StringColumn(arrays["nat_vocab_blob"].astype(np.uint8, copy=False),
                             arrays["nat_vocab_off"].astype(np.int64, copy=False))
        table = cls(arrays["nat_off"].astype(np.int64, copy=False),
                    arrays["nat_code"].astype(np.int32, copy=False), list(vocab))
        n = len(table.codes)
        if (len(table.offsets) == 0 or table.offsets[0] != 0 or table.offsets[-1] != n
                or bool(np.any(np.diff(table.offsets) < 0))
                or (n and (int(table.codes.min()) < 0
                           or int(table.codes.max()) >= len(table.vocab)))):
            msg = "nationality arrays are inconsistent"
            raise ValueError(msg)
        return table

    def merged(self, keep: npt.NDArray[np.bool_], added: NationalityTable) -> NationalityTable:
        """The people of this table where ``keep``, in order, then those of ``added``;
        equal to :meth:`build` over the same people (codes numbered by first use)."""
        off, idx = take_rows(self.offsets, np.flatnonzero(keep))
        code_of = dict(self._code_of)
        remap = np.array([code_of.setdefault(v, len(code_of)) for v in added.vocab],
                         dtype=np.int32)
        vocab = list(code_of)
        codes = np.concatenate([self.codes[idx], remap[added.codes]]).astype(np.int32)
        # Number the codes by first use, as a fresh build does.
        uniq, first = np.unique(codes, return_index=True)
        used = uniq[np.argsort(first)]
        renumber = np.zeros(len(vocab), dtype=np.int32)
        renumber[used] = np.arange(len(used), dtype=np.int32)
        return NationalityTable(join_offsets(off, added.offsets), renumber[codes],
                                [vocab[i] for i in used.tolist()])

    def adjustments(self, person_ids: npt.NDArray[np.integer[Any]],
                    passenger_nationality: str | None) -> npt.NDArray[np.float32]:
        """The scorer's nationality adjustment for each person id: ``NATIONALITY_MATCH`` when
        one of the person's nationalities is the passenger's, ``NATIONALITY_MISMATCH`` when
        the person has nationalities and none is, 0 when either side has none."""
        out = np.zeros(len(person_ids), dtype=np.float32)
        if not passenger_nationality or not len(person_ids):
            return out
        code = self._code_of.get(passenger_nationality.strip().upper(), _UNLISTED_CODE)
        if len(person_ids) < SINGLE_PASS_MIN:
            return self._adjustments(person_ids, code)
        # Most people have one nationality: compared with one gather, the others below.
        if self._single is None:
            self._single = single_values(self.offsets, self.codes, none=_NO_CODE,
                                         many=_MANY_CODES)
        single = self._single[person_ids]
        out[single >= 0] = NATIONALITY_MISMATCH
        out[single == code] = NATIONALITY_MATCH
        many = np.flatnonzero(single == _MANY_CODES)
        if len(many):
            out[many] = self._adjustments(person_ids[many], code)
        return out

    def _adjustments(self, person_ids: npt.NDArray[np.integer[Any]],
                     code: int) -> npt.NDArray[np.float32]:
        """:meth:`adjustments` for any people, the passenger's nationality as its code
        (negative: a nationality no listed person has)."""
        out = np.zeros(len(person_ids), dtype=np.float32)
        lo = self.offsets[person_ids]
        cnt = self.offsets[person_ids + 1] - lo
        has = cnt > 0
        out[has] = NATIONALITY_MISMATCH
        if code < 0:
            return out
        idx = ranges(lo, cnt)
        hit = (self.codes[idx] == code).astype(np.int8)
        starts = (np.cumsum(cnt) - cnt)[has]
        matched = np.zeros(len(person_ids), dtype=bool)
        matched[has] = np.maximum.reduceat(hit, starts) > 0
        out[matched] = NATIONALITY_MATCH
        return out
