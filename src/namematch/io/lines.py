"""Line-based passenger feeds: MRZ lines, reservation name lines and JSON lines.

**MRZ** (ICAO 9303): TD3 (2 x 44), TD2 (2 x 36), TD1 (3 x 30) lines, blank lines between
documents allowed. Each document gives one :class:`Passenger` with ``form='mrz'`` and
``name`` = the raw name field (``SURNAME<<GIVEN<NAMES``) with trailing ``<`` removed;
``extra['mrz_truncated']='1'`` when the field is full or has a single trailing ``<`` (the name
may be cut; one filler is ambiguous, so it is flagged). Check digits are
validated; failures are listed in ``extra['mrz_check_failed']`` (the record is still
screened). ``passenger_id`` is the document number (unique within the file). Lines that are not
MRZ, or a document with missing lines, are :class:`Rejected`.

**Reservation name lines** (``pnr_names``): one AIRIMP name element per line,
``1QARIBI/YUSUFADILMR`` or ``N.3MAJA/RAJ MR/ANA MRS`` (several travellers sharing a surname).
Each traveller is a :class:`Passenger` ``form='pnr'``, ``name='SURNAME/GIVEN TITLE'``,
``passenger_id='L<line>.<k>'``.

**JSON lines** (``jsonl``): one object per line with the CSV columns as keys
(``passenger_id``, ``name`` or ``surname``/``given_names``, ``dob``, ``nationality``,
``gender``, ``form``, ``role``, ``documents`` as a list or ``;`` string); other keys go to
``extra`` (non-strings as JSON text). Bad JSON, non-objects, or missing id/name are rejected.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import TextIO

from namematch.io.common import (
    Tally,
    UniqueIds,
    clean,
    json_objects,
    norm_gender,
    passenger_dob,
    pivot_yymmdd,
)
from namematch.io.encoding import TextSource
from namematch.types import Passenger, Rejected

__all__ = [
    "mrz_check_digit",
    "read_jsonl",
    "read_mrz",
    "read_pnr_names",
    "write_jsonl",
    "write_mrz",
]

_MRZ_CHARS = re.compile(r"[A-Z0-9<]+")
_LAYOUT = {44: ("TD3", 2), 36: ("TD2", 2), 30: ("TD1", 3)}


def mrz_check_digit(field: str) -> str:
    """ICAO 9303 check digit (weights 7, 3, 1; ``<`` = 0, ``A`` = 10 ... ``Z`` = 35)."""
    total = 0
    for i, ch in enumerate(field):
        if ch.isdigit():
            v = int(ch)
        elif "A" <= ch <= "Z":
            v = ord(ch) - 55
        else:
            v = 0
        total += v * (7, 3, 1)[i % 3]
    return str(total % 10)


def _fields(kind: str, lines: list[str]) -> dict[str, str]:
    if kind == "TD1":
        l1, l2, l3 = lines
        return {"type": l1[0:2], "issuer": l1[2:5], "number": l1[5:14], "number_cd": l1[14],
                "dob": l2[0:6], "dob_cd": l2[6], "sex": l2[7], "expiry": l2[8:14],
                "expiry_cd": l2[14], "nationality": l2[15:18], "name": l3,
                "composite": l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], "composite_cd": l2[29]}
    l1, l2 = lines
    end = 43 if kind == "TD3" else 35
    return {"type": l1[0:2], "issuer": l1[2:5], "name": l1[5:], "number": l2[0:9],
            "number_cd": l2[9], "nationality": l2[10:13], "dob": l2[13:19], "dob_cd": l2[19],
            "sex": l2[20], "expiry": l2[21:27], "expiry_cd": l2[27],
            "composite": l2[0:10] + l2[13:20] + l2[21:end], "composite_cd": l2[end]}


def read_mrz(src: TextSource, *, tally: Tally | None = None) -> Iterator[Passenger | Rejected]:
    """Stream one passenger per MRZ document (see the module docstring)."""
    tally = tally or Tally(None)
    ids = UniqueIds()
    record_no = 0
    group: list[str] = []
    kind = ""
    need = 0
    start = 0

    def reject(reason: str, raw: str) -> Rejected:
        nonlocal record_no
        record_no += 1
        return tally.bad(Rejected(record_no, reason, None, src.name, raw))

    for lineno, line in enumerate(src.lines(), 1):
        text = line.strip()
        if not text:
            continue
        layout = _LAYOUT.get(len(text))
        if layout is None or not _MRZ_CHARS.fullmatch(text):
            if group:
                yield reject(f"incomplete {kind} MRZ ({len(group)} of {need} lines) at line "
                             f"{start}", "\n".join(group))
                group = []
            yield reject(f"line {lineno} is not an MRZ line (A-Z, 0-9 and < in 30, 36 or 44 "
                         "characters)", text)
            continue
        if group and _LAYOUT[len(text)][0] != kind:
            yield reject(f"incomplete {kind} MRZ ({len(group)} of {need} lines) at line "
                         f"{start}", "\n".join(group))
            group = []
        if not group:
            kind, need = layout
            start = lineno
        group.append(text)
        if len(group) == need:
            record_no += 1
            yield _mrz_record(kind, group, record_no, src.name, ids, tally)
            group = []
    if group:
        yield reject(f"incomplete {kind} MRZ ({len(group)} of {need} lines) at line {start}",
                     "\n".join(group))


def _mrz_record(kind: str, lines: list[str], record_no: int, source: str, ids: UniqueIds,
                tally: Tally) -> Passenger | Rejected:
    f = _fields(kind, lines)
    raw = "\n".join(lines)
    name_field = f["name"]
    name = name_field.rstrip("<")
    number = f["number"].replace("<", "")
    if not name.strip("<"):
        return tally.bad(Rejected(record_no, "MRZ without a name", number or None, source, raw))
    failed = [label for label, value, cd in (
        ("document_number", f["number"], f["number_cd"]), ("dob", f["dob"], f["dob_cd"]),
        ("expiry", f["expiry"], f["expiry_cd"]), ("composite", f["composite"],
                                                  f["composite_cd"]))
        if cd != "<" and mrz_check_digit(value) != cd]
    extra = {"mrz_layout": kind, "doc_type": f["type"].rstrip("<"), "doc_issuer": f["issuer"]}
    if len(name_field) - len(name) < 2:
        extra["mrz_truncated"] = "1"
    if failed:
        extra["mrz_check_failed"] = ",".join(failed)
    dob = pivot_yymmdd(f["dob"])
    if dob is None and f["dob"].strip("<"):
        extra["dob_raw"] = f["dob"]
    expiry = pivot_yymmdd(f["expiry"], birth=False)
    if expiry:
        extra["doc_expiry"] = expiry
    gender = {"M": "M", "F": "F", "X": "X"}.get(f["sex"])
    return tally.ok(Passenger(
        passenger_id=ids(number or f"MRZ:{record_no}"), name=name, dob=dob,
        nationality=f["nationality"].replace("<", "") or None, gender=gender, form="mrz",
        documents=(number,) if number else (), record_no=record_no, source=source, extra=extra))


def _mrz_text(text: str) -> str:
    from unicodedata import normalize

    out = []
    for ch in normalize("NFKD", text.upper()):
        if "A" <= ch <= "Z" or ch.isdigit():
            out.append(ch)
        elif ch in " -,/":
            out.append("<")
    return "".join(out)


def _pad(text: str, n: int) -> str:
    return (text + "<" * n)[:n]


def _yymmdd(iso: str | None) -> str:
    if not iso or len(iso) != 10:
        return "<<<<<<"
    return iso[2:4] + iso[5:7] + iso[8:10]


def write_mrz(passengers: Iterable[Passenger], fh: TextIO, *, layout: str = "TD3",
              expiry: str = "300101") -> int:
    """Write one MRZ per passenger (``layout`` TD3, TD2 or TD1), blank line between documents.

    The name comes from ``surname``/``given_names`` (or ``name`` split at ``/``), uppercased,
    diacritics stripped, apostrophes dropped, spaces and hyphens turned into ``<`` and cut to
    the field length. The document number is ``documents[0]`` (or ``passenger_id``).

    Returns:
        The number of documents written.
    """
    n = 0
    width = {"TD3": 44, "TD2": 36, "TD1": 30}[layout]
    for p in passengers:
        if p.surname or p.given_names:
            surname, given = p.surname or "", p.given_names or ""
        else:
            surname, _, given = (p.name or "").partition("/")
        name = _mrz_text(surname) + "<<" + _mrz_text(given)
        number = _pad(_mrz_text(p.documents[0] if p.documents else p.passenger_id), 9)
        nat = _pad(_mrz_text(p.nationality or "UTO"), 3)
        dob = _yymmdd(p.dob)
        sex = p.gender if p.gender in ("M", "F") else "<"
        issuer = nat
        if layout == "TD1":
            l1 = _pad(f"I<{issuer}{number}{mrz_check_digit(number)}", 30)
            l2 = f"{dob}{mrz_check_digit(dob)}{sex}{expiry}{mrz_check_digit(expiry)}{nat}"
            l2 = _pad(l2, 29)
            comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
            lines = [l1, l2 + mrz_check_digit(comp), _pad(name, 30)]
        else:
            l1 = _pad(f"P<{issuer}{name}", width)
            end = width - 1
            l2 = (f"{number}{mrz_check_digit(number)}{nat}{dob}{mrz_check_digit(dob)}{sex}"
                  f"{expiry}{mrz_check_digit(expiry)}")
            l2 = _pad(l2, end - 1 if layout == "TD3" else end)
            if layout == "TD3":
                l2 += mrz_check_digit(l2[28:42])
            comp = l2[0:10] + l2[13:20] + l2[21:end]
            lines = [l1, l2 + mrz_check_digit(comp)]
        fh.write("\n".join(lines) + "\n\n")
        n += 1
    return n


_NAME_LINE = re.compile(r"(?:N\.)?(\d{1,3})?([A-Z][A-Z' .-]*)/(.+)")


def read_pnr_names(src: TextSource, *, tally: Tally | None = None
                   ) -> Iterator[Passenger | Rejected]:
    """Stream travellers from reservation name lines (see the module docstring)."""
    tally = tally or Tally(None)
    record_no = 0
    for lineno, line in enumerate(src.lines(), 1):
        text = line.strip()
        if not text:
            continue
        m = _NAME_LINE.fullmatch(text.upper())
        givens = [g.strip() for g in m[3].split("/")] if m else []
        if m is None or not all(givens):
            record_no += 1
            yield tally.bad(Rejected(record_no, f"line {lineno} is not a reservation name "
                                     "(SURNAME/GIVEN TITLE)", None, src.name, text))
            continue
        surname = m[2].strip()
        for k, given in enumerate(givens, 1):
            record_no += 1
            yield tally.ok(Passenger(
                passenger_id=f"L{lineno}.{k}", name=f"{surname}/{given}", form="pnr",
                record_no=record_no, source=src.name,
                extra={"name_element": text} if len(givens) > 1 else {}))


_JSON_KNOWN = ("passenger_id", "name", "surname", "given_names", "dob", "nationality",
               "gender", "form", "role", "documents")


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return clean(json.dumps(value, ensure_ascii=False))


def read_jsonl(src: TextSource, *, tally: Tally | None = None
               ) -> Iterator[Passenger | Rejected]:
    """Stream passengers from JSON lines (see the module docstring)."""
    tally = tally or Tally(None)
    for item in json_objects(src, tally):
        if isinstance(item, Rejected):
            yield item
            continue
        record_no, obj, text = item
        pid = _text(obj.get("passenger_id"))
        name, surname = _text(obj.get("name")), _text(obj.get("surname"))
        given = _text(obj.get("given_names"))
        if pid is None:
            yield tally.bad(Rejected(record_no, "empty passenger_id", None, src.name,
                                     text[:2000]))
            continue
        if name is None and surname is None and given is None:
            yield tally.bad(Rejected(record_no, "empty name", pid, src.name, text[:2000]))
            continue
        extra = {str(k): v for k, raw in obj.items()
                 if k not in _JSON_KNOWN and (v := _text(raw)) is not None}
        dob, dob_raw = passenger_dob(_text(obj.get("dob")))
        if dob_raw:
            extra["dob_raw"] = dob_raw
        gender, graw = norm_gender(_text(obj.get("gender")))
        if graw:
            extra["gender_raw"] = graw
        docs_raw = obj.get("documents")
        if isinstance(docs_raw, list):
            docs = tuple(d for d in (_text(x) for x in docs_raw) if d)
        else:
            docs = tuple(d for d in (clean(x) for x in (_text(docs_raw) or "").split(";")) if d)
        nat = _text(obj.get("nationality"))
        yield tally.ok(Passenger(
            passenger_id=pid, name=name, surname=None if name else surname,
            given_names=None if name else given, dob=dob, nationality=nat.upper() if nat else None,
            gender=gender, form=_text(obj.get("form")), documents=docs,
            role=_text(obj.get("role")) or "passenger", record_no=record_no, source=src.name,
            extra=extra))


def write_jsonl(passengers: Iterable[Passenger], fh: TextIO) -> int:
    """Write passengers as JSON lines :func:`read_jsonl` reads back. Returns the count."""
    n = 0
    for p in passengers:
        obj: dict[str, object] = {"passenger_id": p.passenger_id}
        for key in ("name", "surname", "given_names", "dob", "nationality", "gender", "form"):
            value = getattr(p, key)
            if value is not None:
                obj[key] = value
        if p.role != "passenger":
            obj["role"] = p.role
        if p.documents:
            obj["documents"] = list(p.documents)
        for k, v in p.extra.items():
            obj.setdefault(k, v)
        fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
        n += 1
    return n
