"""PNRGOV (IATA PADIS EDIFACT) reader and writer.

A PNR starts at ``SRC``; ``RCI+<airline>:<locator>`` gives the booking locator. Each ``TIF``
is one traveller: ``TIF+SURNAME+GIVENNAMETITLE:<type>:<ref>``. An ``SSR+DOCS`` segment after a
``TIF`` belongs to that traveller; its free text (the first component starting with ``/``) is
``/P/UTO/U12345678/UTO/12FEB85/M/01JAN30/QARIBI/YUSUF/ADIL`` (doc type / issuer / number /
nationality / DOB ``DDMMMYY`` / gender / expiry / surname / first / middle).

Records (``passenger_id`` base is ``<locator>:<TIF ref>``, or the traveller's ordinal in the
PNR when the TIF has no ref; unique within the file):

* TIF only: one :class:`Passenger` with ``form='pnr'`` and ``name='SURNAME/GIVENTITLE'``
  exactly as booked (``TIF+QARIBI+YUSUFADILMR`` -> ``QARIBI/YUSUFADILMR``).
* TIF and SSR DOCS: two records, both screened. ``<id>`` carries the passport name
  (``form='api'``, ``surname``/``given_names`` from DOCS, plus DOB, gender, nationality and
  the document number); ``<id>#pnr`` carries the booking name (``form='pnr'``). Both have
  ``extra['pair'] = <id>`` so alerts can be merged. Each record counts as one record read.
* A group TIF without traveller names (``TIF+SEETHE WORLD:G``) or a TIF without a surname is
  :class:`Rejected`.

Envelope checks (``UNT`` count, ``EQN`` number of PNRs, ``UNZ``, truncation) behave as in
:mod:`namematch.io.paxlst`: records are yielded, then :class:`InputError` reports the damage.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from namematch.io.common import Tally, clean, norm_gender, pivot_yymmdd
from namematch.io.edifact import DEFAULT_SERVICE, EnvelopeReader, Segment, format_segment
from namematch.io.encoding import TextSource
from namematch.types import Passenger, Rejected

__all__ = ["parse_docs", "read_pnrgov", "write_pnrgov"]

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def _ddmmmyy(text: str, *, birth: bool) -> str | None:
    text = text.strip().upper()
    if len(text) != 7 or text[2:5] not in _MONTHS:
        return None
    month = _MONTHS.index(text[2:5]) + 1
    return pivot_yymmdd(f"{text[5:7]}{month:02d}{text[0:2]}", birth=birth)


def parse_docs(text: str) -> dict[str, str]:
    """Split SSR DOCS free text into named fields (missing fields are absent).

    Keys: ``doc_type, issuer, number, nationality, dob, gender, expiry, surname, first,
    middle``; ``dob``/``expiry`` are ISO dates when readable, else kept raw under
    ``dob_raw``/``expiry_raw``.
    """
    parts = text.strip().lstrip("/").split("/")
    keys = ("doc_type", "issuer", "number", "nationality", "dob", "gender", "expiry",
            "surname", "first", "middle")
    out: dict[str, str] = {}
    for key, value in zip(keys, parts, strict=False):
        value = " ".join(value.split())
        if not value:
            continue
        if key in ("dob", "expiry"):
            iso = _ddmmmyy(value, birth=key == "dob")
            if iso:
                out[key] = iso
            else:
                out[f"{key}_raw"] = value
        else:
            out[key] = value
    return out


@dataclass
class _Traveller:
    seg: Segment
    ordinal: int
    docs: dict[str, str] | None = None
    extra: dict[str, str] = field(default_factory=dict)


class _Reader(EnvelopeReader):
    def __init__(self, src: TextSource, tally: Tally) -> None:
        super().__init__(src, tally, feed="PNRGOV", records_word="records")
        self.declared_pnrs: int | None = None
        self.pnrs = 0
        self.locator = ""
        self.travellers: list[_Traveller] = []
        self.flight = ""

    def records(self, t: _Traveller) -> Iterator[Passenger | Rejected]:
        seg = t.seg
        surname = clean(seg.get(0))
        given = clean(seg.get(1))
        ttype = seg.get(1, 1) or seg.get(0, 1)
        ref = clean(seg.get(1, 2))
        base = f"{self.locator or 'PNR' + str(self.pnrs)}:{ref or t.ordinal}"
        self.record_no += 1
        if surname is None or (given is None and ttype.upper() == "G"):
            reason = ("group booking without traveller names" if surname and ttype.upper() == "G"
                      else "TIF without a surname")
            yield self.tally.bad(Rejected(self.record_no, reason, base, self.src.name, seg.raw))
            return
        booked = f"{surname}/{given or ''}"
        extra = {"pnr_locator": self.locator} if self.locator else {}
        if self.flight:
            extra["flight"] = self.flight
        if ttype:
            extra["traveller_type"] = ttype
        if seg.get(1, 3):
            extra["infant"] = seg.get(1, 3)
        docs = t.docs
        if docs and (docs.get("surname") or docs.get("first")):
            pid = self.ids(base)
            gender, graw = norm_gender(docs.get("gender", "")[:1] or None)
            api_extra = {**extra, "pair": pid}
            for key in ("doc_type", "issuer", "expiry", "dob_raw", "expiry_raw"):
                if key in docs:
                    api_extra[{"issuer": "doc_issuer", "expiry": "doc_expiry"}.get(key, key)] = \
                        docs[key]
            if graw:
                api_extra["gender_raw"] = graw
            given_docs = " ".join(v for v in (docs.get("first"), docs.get("middle")) if v)
            yield self.tally.ok(Passenger(
                passenger_id=pid, surname=docs.get("surname"), given_names=given_docs or None,
                dob=docs.get("dob"), nationality=docs.get("nationality"), gender=gender,
                form="api", documents=(docs["number"],) if "number" in docs else (),
                record_no=self.record_no, source=self.src.name, extra=api_extra))
            self.record_no += 1
            yield self.tally.ok(Passenger(
                passenger_id=self.ids(f"{pid}#pnr"), name=booked, form="pnr",
                record_no=self.record_no, source=self.src.name, extra={**extra, "pair": pid}))
            return
        yield self.tally.ok(Passenger(
            passenger_id=self.ids(base), name=booked, form="pnr", record_no=self.record_no,
            source=self.src.name, extra=extra))

    def flush(self) -> Iterator[Passenger | Rejected]:
        travellers, self.travellers = self.travellers, []
        for t in travellers:
            yield from self.records(t)

    def segment(self, seg: Segment) -> Iterator[Passenger | Rejected]:
        tag = seg.tag
        self.count_segment(seg)
        if tag == "UNB":
            self.interchange_open = True
        elif tag == "UNH":
            yield from self.close_message("before the next UNH")
            self.open_message(seg)
            self.declared_pnrs = None
            self.pnrs = 0
        elif tag == "TVL" and not self.flight:
            self.flight = f"{seg.get(3)}{seg.get(4)}"
        elif tag == "EQN":
            value = seg.get(0)
            self.declared_pnrs = int(value) if value.isdigit() else -1
        elif tag == "SRC":
            yield from self.flush()
            self.pnrs += 1
            self.locator = ""
        elif tag == "RCI" and not self.locator:
            self.locator = clean(seg.get(0, 1)) or ""
        elif tag == "TIF":
            self.travellers.append(_Traveller(seg, len(self.travellers) + 1))
        elif tag == "SSR" and seg.get(0).upper() == "DOCS" and self.travellers:
            text = next((c for c in seg.elements[0] if c.startswith("/")), "")
            if text:
                self.travellers[-1].docs = parse_docs(text)
        elif tag == "UNT":
            yield from self.flush()
            self.check_unt(seg)
            if self.declared_pnrs is not None and self.declared_pnrs != self.pnrs:
                self.problems.append(f"message {self.msgref}: EQN says {self.declared_pnrs} "
                                     f"PNRs but the message has {self.pnrs} (SRC segments)")
            self.msgref = None
        elif tag == "UNZ":
            yield from self.close_message("before UNZ")
            self.check_unz(seg)


def read_pnrgov(src: TextSource, *, tally: Tally | None = None
                ) -> Iterator[Passenger | Rejected]:
    """Stream the travellers of a PNRGOV interchange (see the module docstring)."""
    return _Reader(src, tally or Tally(None)).run()


def _docs_date(iso: str | None) -> str:
    if not iso or len(iso) != 10:
        return ""
    return f"{iso[8:10]}{_MONTHS[int(iso[5:7]) - 1]}{iso[2:4]}"


def write_pnrgov(bookings: Iterable[tuple[str, Iterable[Passenger]]], fh: TextIO, *,
                 msgref: str = "PNR0001", flight: str = "0123", carrier: str = "ZZ",
                 departure: str = "UTA", arrival: str = "UTB",
                 when: str = "250314:1015") -> int:
    """Write bookings as one PNRGOV message (one segment per line).

    Args:
        bookings: ``(locator, travellers)`` pairs. A traveller's booking name is ``name`` in
            ``SURNAME/GIVENTITLE`` form (or built from ``surname``/``given_names``); when it
            has ``surname`` and ``given_names`` *and* a ``name``, or a document number, an
            ``SSR DOCS`` with the passport name is written too.
        fh: Output text stream.

    Returns:
        The number of travellers written.
    """
    body = [
        format_segment("UNH", msgref, ["PNRGOV", "11", "1", "IA"],
                       f"{carrier}{flight}/{when}", ["01", "F"]),
        format_segment("MSG", ["", "22"]),
        format_segment("ORG", [carrier, departure]),
        format_segment("TVL", [when.replace(":", "")[:6], when[-4:]], departure, arrival,
                       carrier, flight),
    ]
    eqn_at = len(body)
    n_pnr = n_trav = 0
    for locator, travellers in bookings:
        n_pnr += 1
        body.append(format_segment("SRC"))
        body.append(format_segment("RCI", [carrier, locator]))
        for ordinal, p in enumerate(travellers, 1):
            n_trav += 1
            booked = p.name or f"{p.surname or ''}/{(p.given_names or '').replace(' ', '')}"
            surname, _, given = booked.partition("/")
            body.append(format_segment("TIF", surname, [given, "A", str(ordinal)]))
            if p.surname and (p.name or p.documents):
                first, _, middle = (p.given_names or "").partition(" ")
                text = "/".join(["", "P", p.nationality or "", p.documents[0] if p.documents
                                 else "", p.nationality or "", _docs_date(p.dob),
                                 p.gender or "", "", p.surname, first, middle])
                body.append(format_segment("SSR", ["DOCS", "HK", "1", carrier, "", "", "", "",
                                                   text]))
    body.insert(eqn_at, format_segment("EQN", str(n_pnr)))
    body.append(format_segment("UNT", str(len(body) + 1), msgref))
    out = [DEFAULT_SERVICE.una(),
           format_segment("UNB", ["IATA", "1"], carrier, "UTOPIU", when.split(":"), "1"),
           *body, format_segment("UNZ", "1", "1")]
    fh.write("\n".join(out) + "\n")
    return n_trav
