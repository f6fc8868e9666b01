"""UN/EDIFACT PAXLST (advance passenger information) reader and writer.

One :class:`Passenger` per person ``NAD`` (Gr4): ``FL`` passenger, ``FM`` crew, ``DDU``
in-transit passenger, ``DDT`` in-transit crew. ``role`` is ``passenger`` or ``crew``;
in-transit persons have ``extra['in_transit'] = '1'``; ``extra['nad']`` keeps the code.

* Name: ``NAD+FL+++SURNAME:GIVEN1:GIVEN2:MAIDEN:TITLE`` -> ``surname``, ``given_names``
  (components 2 and 3 joined by a space), ``extra['maiden_name']``, ``extra['title']``;
  ``form='api'``. A person NAD without any name is a :class:`Rejected` record.
* ``DTM+329:YYMMDD`` date of birth (also ``CCYYMMDD`` with format ``102``); the century of a
  two-digit year is chosen so that the date is not in the future
  (:func:`namematch.io.common.pivot_yymmdd`). An unreadable date goes to ``extra['dob_raw']``.
* ``ATT+2++M`` gender, ``NAT+2+UTO`` nationality (kept as given, ICAO alpha-3),
  ``RFF+ABO`` passenger reference (becomes ``passenger_id``), ``RFF+AVF`` PNR locator,
  ``RFF+SEA`` seat, ``RFF+YZY`` ticket, ``DOC`` document number (``documents``; type,
  ``DTM+36`` expiry and ``LOC+91`` issuer of the first document in ``extra``), ``LOC`` 178/179/
  174/180/22 in ``extra``.
* ``passenger_id``: ``RFF+ABO`` if present, else ``<msgref>:<n>`` (n-th person of the
  message); made unique within the file by suffixing ``~2``...
* Envelope checks: ``UNT`` segment count, ``CNT+42`` / ``CNT+41`` totals, ``UNE`` and ``UNZ``
  counts, missing ``UNT``/``UNZ`` and a truncated last segment. Every person already parsed is
  yielded (they are still screened), then the stream raises :class:`InputError` describing what
  was wrong and how far the reader got.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TextIO

from namematch.io.common import Tally, clean, norm_gender, pivot_yymmdd
from namematch.io.edifact import DEFAULT_SERVICE, EnvelopeReader, Segment, format_segment
from namematch.io.encoding import TextSource
from namematch.types import Passenger, Rejected

__all__ = ["read_paxlst", "write_paxlst"]

_PERSON_NADS = {"FL": ("passenger", False), "FM": ("crew", False),
                "DDU": ("passenger", True), "DDT": ("crew", True)}
_LOC_KEYS = {"178": "embarkation", "179": "debarkation", "174": "residence",
             "180": "birth_place", "22": "first_arrival"}


def _edi_date(value: str, fmt: str, *, birth: bool) -> str | None:
    value = value.strip()
    if fmt == "102" or len(value) == 8:
        if len(value) == 8 and value.isdigit():
            iso = f"{value[:4]}-{value[4:6]}-{value[6:]}"
            try:
                date.fromisoformat(iso)
            except ValueError:
                return None
            return iso
        return None
    return pivot_yymmdd(value[:6], birth=birth) if len(value) in (6, 10) else None


class _Person:
    __slots__ = ("data", "doc_seen", "docs", "in_doc", "number", "seg")

    def __init__(self, seg: Segment, number: int) -> None:
        self.seg = seg
        self.number = number
        self.data: dict[str, str] = {}
        self.docs: list[str] = []
        self.in_doc = False
        self.doc_seen = False


class _Reader(EnvelopeReader):
    def __init__(self, src: TextSource, tally: Tally) -> None:
        super().__init__(src, tally, feed="PAXLST", records_word="person records")
        self.msg_people: list[_Person] = []
        self.group_msgs = 0
        self.flight = ""

    def person_record(self, person: _Person) -> Passenger | Rejected:
        self.record_no += 1
        seg = person.seg
        code = seg.get(0).upper()
        role, transit = _PERSON_NADS[code]
        comps = [clean(c) for c in (seg.elements[3] if len(seg.elements) > 3 else ())]
        comps += [None] * (5 - len(comps))
        surname = comps[0]
        given = " ".join(c for c in comps[1:3] if c) or None
        msgref = self.msgref or "MSG"
        data = person.data
        abo = data.pop("rff_ABO", None)
        pid = self.ids(abo or f"{msgref}:{person.number}")
        if surname is None and given is None:
            return self.tally.bad(Rejected(self.record_no, f"NAD+{code} without a name", pid,
                                           self.src.name, seg.raw))
        extra = {"nad": code, "message": msgref}
        if self.flight:
            extra["flight"] = self.flight
        if transit:
            extra["in_transit"] = "1"
        if comps[3]:
            extra["maiden_name"] = comps[3]
        if comps[4]:
            extra["title"] = comps[4]
        dob = data.pop("dob", None)
        gender, graw = norm_gender(data.pop("gender", None))
        if graw:
            extra["gender_raw"] = graw
        nationality = data.pop("nationality", None)
        extra.update(data)
        return self.tally.ok(Passenger(
            passenger_id=pid, surname=surname, given_names=given, dob=dob,
            nationality=nationality, gender=gender, form="api", documents=tuple(person.docs),
            role=role, record_no=self.record_no, source=self.src.name, extra=extra,
        ))

    def flush(self) -> Iterator[Passenger | Rejected]:
        people, self.msg_people = self.msg_people, []
        for person in people:
            yield self.person_record(person)

    def segment(self, seg: Segment) -> Iterator[Passenger | Rejected]:
        tag = seg.tag
        if tag in ("UNE", "UNZ"):
            yield from self.close_message(f"before {tag} (segment {seg.number})")
            self.end_segment(seg)
            return
        self.count_segment(seg)
        if tag == "UNB":
            self.interchange_open = True
            return
        if tag == "UNG":
            self.groups += 1
            self.group_msgs = 0
            return
        if tag == "UNH":
            yield from self.close_message(f"before the next UNH (segment {seg.number})")
            self.open_message(seg)
            self.group_msgs += 1
            self.flight = ""
            return
        if self.msgref is None:
            self.problems.append(f"segment {seg.number} ({tag}) is outside a UNH..UNT message")
            return
        cur = self.msg_people[-1] if self.msg_people else None
        if tag == "TDT":
            self.flight = seg.get(1)
        elif tag == "NAD":
            code = seg.get(0).upper()
            if code in _PERSON_NADS:
                self.msg_people.append(_Person(seg, len(self.msg_people) + 1))
        elif cur is not None:
            self.person_segment(cur, seg)
        if tag == "CNT":
            self.check_cnt(seg)
        elif tag == "UNT":
            yield from self.end_message(seg)

    def person_segment(self, cur: _Person, seg: Segment) -> None:
        tag, d = seg.tag, cur.data
        if tag == "ATT" and seg.get(0) == "2":
            d["gender"] = seg.get(2)
        elif tag == "DTM":
            qual, value, fmt = seg.get(0), seg.get(0, 1), seg.get(0, 2)
            if qual == "329" and not cur.in_doc:
                dob = _edi_date(value, fmt, birth=True)
                if dob:
                    d["dob"] = dob
                elif value:
                    d["dob_raw"] = value
            elif qual == "36" and cur.in_doc and not cur.doc_seen:
                exp = _edi_date(value, fmt, birth=False)
                if exp:
                    d["doc_expiry"] = exp
        elif tag == "NAT":
            if seg.get(1):
                d["nationality"] = seg.get(1).upper()
        elif tag == "RFF":
            ref = clean(seg.get(0, 1))
            if ref:
                key = {"AVF": "pnr_locator", "SEA": "seat", "YZY": "ticket"}.get(seg.get(0))
                d[key or f"rff_{seg.get(0)}"] = ref
        elif tag == "DOC":
            if cur.in_doc:
                cur.doc_seen = True
            cur.in_doc = True
            number = clean(seg.get(1))
            if number:
                cur.docs.append(number)
                if "doc_type" not in d:
                    d["doc_type"] = seg.get(0)
        elif tag == "LOC":
            qual, place = seg.get(0), clean(seg.get(1))
            if not place:
                return
            if qual == "91" and cur.in_doc:
                d.setdefault("doc_issuer", place)
            elif qual in _LOC_KEYS and not cur.in_doc:
                d[_LOC_KEYS[qual]] = place

    def check_cnt(self, seg: Segment) -> None:
        qual, value = seg.get(0), seg.get(0, 1)
        if qual not in ("41", "42"):
            return
        roles = ("crew",) if qual == "41" else ("passenger",)
        actual = sum(1 for p in self.msg_people if _PERSON_NADS[p.seg.get(0).upper()][0]
                     in roles)
        if not value.isdigit() or int(value) != actual:
            self.problems.append(f"message {self.msgref}: CNT+{qual}:{value} (segment "
                                 f"{seg.number}) but the message has {actual} "
                                 f"{roles[0]} NAD segments")

    def end_message(self, seg: Segment) -> Iterator[Passenger | Rejected]:
        self.check_unt(seg)
        ref = seg.get(1)
        if ref and ref != self.msgref:
            self.problems.append(f"message {self.msgref}: UNT names message {ref!r}")
        yield from self.flush()
        self.msgref = None

    def end_segment(self, seg: Segment) -> None:
        if seg.tag == "UNE":
            value = seg.get(0)
            if not value.isdigit() or int(value) != self.group_msgs:
                self.problems.append(f"UNE+{value} (segment {seg.number}) but the group has "
                                     f"{self.group_msgs} messages")
        else:
            self.check_unz(seg)


def read_paxlst(src: TextSource, *, tally: Tally | None = None
                ) -> Iterator[Passenger | Rejected]:
    """Stream the persons of a PAXLST interchange (see the module docstring)."""
    return _Reader(src, tally or Tally(None)).run()


def _yymmdd(iso: str | None) -> str:
    if not iso or len(iso) != 10:
        return ""
    return iso[2:4] + iso[5:7] + iso[8:10]


def write_paxlst(passengers: Iterable[Passenger], fh: TextIO, *, msgref: str = "PAX0001",
                 flight: str = "ZZ0123", carrier: str = "ZZ", departure: str = "UTA",
                 arrival: str = "UTB", when: str = "2503141015",
                 interchange_ref: str = "000000001") -> int:
    """Write passengers as one PAXLST message (one segment per line).

    Persons with ``role='crew'`` get ``NAD+FM`` (``DDT`` when ``extra['in_transit']``),
    others ``NAD+FL`` (``DDU``). ``passenger_id`` is written as ``RFF+ABO``. Persons with only
    ``name`` are written with that name as the surname component.

    Returns:
        The number of persons written.
    """
    svc = DEFAULT_SERVICE
    body: list[str] = [
        format_segment("UNH", msgref, ["PAXLST", "D", "05B", "UN", "IATA"],
                       f"{flight}/{when[:6]}/{when[6:]}", ["01", "F"]),
        format_segment("BGM", "745"),
        format_segment("NAD", "MS", "", "", "OPS DESK"),
        format_segment("TDT", "20", flight, "", "", carrier),
        format_segment("LOC", "125", departure),
        format_segment("DTM", ["189", when, "201"]),
        format_segment("LOC", "87", arrival),
        format_segment("DTM", ["232", when, "201"]),
    ]
    n_pax = n_crew = 0
    for p in passengers:
        transit = p.extra.get("in_transit") == "1"
        if p.role == "crew":
            code = "DDT" if transit else "FM"
            n_crew += 1
        else:
            code = "DDU" if transit else "FL"
            n_pax += 1
        if p.surname or p.given_names:
            given = (p.given_names or "").split(" ", 1)
            comps = [p.surname or "", *given]
        else:
            comps = [p.name or ""]
        maiden, title = p.extra.get("maiden_name", ""), p.extra.get("title", "")
        if maiden or title:
            comps = [*[*comps, "", "", ""][:3], maiden, title]
        body.append(format_segment("NAD", code, "", "", comps))
        if p.gender:
            body.append(format_segment("ATT", "2", "", p.gender))
        if p.dob and len(p.dob) == 10:
            body.append(format_segment("DTM", ["329", _yymmdd(p.dob)]))
        if p.nationality:
            body.append(format_segment("NAT", "2", p.nationality))
        body.append(format_segment("RFF", ["ABO", p.passenger_id]))
        for doc in p.documents:
            body.append(format_segment("DOC", ["P", "110", "111"], doc))
    body.append(format_segment("CNT", ["42", str(n_pax)]))
    if n_crew:
        body.append(format_segment("CNT", ["41", str(n_crew)]))
    body.append(format_segment("UNT", str(len(body) + 1), msgref))
    head = [
        svc.una(),
        format_segment("UNB", ["UNOA", "4"], ["ZZAIR", "ZZ"], ["UTOAPI", "ZZ"],
                       [when[:6], when[6:]], interchange_ref, "", "PAXLST"),
        format_segment("UNG", "PAXLST", "ZZ AIRLINES", "UTOAPI", [when[:6], when[6:]], "1",
                       "UN", ["D", "05B"]),
    ]
    tail = [format_segment("UNE", "1", "1"), format_segment("UNZ", "1", interchange_ref)]
    fh.write("\n".join(head + body + tail) + "\n")
    return n_pax + n_crew
