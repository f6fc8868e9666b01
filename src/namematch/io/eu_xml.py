"""EU consolidated financial sanctions list (XML, ``export/sanctionEntity``) reader and writer.

Each ``sanctionEntity`` whose ``subjectType@code`` is ``person`` becomes a
:class:`ListedPerson` (others are counted and :class:`Rejected`):

* ``id``: ``@logicalId`` (else ``@euReferenceNumber``); the EU and UN reference numbers and
  ``@designationDate`` go to ``extra``.
* ``nameAlias``: the first alias with ``strong`` not false is the primary name, the others
  aliases; ``strong="false"`` -> ``weak_alias``. ``@wholeName`` is the name (or first, middle
  and last names joined); ``@lastName`` -> ``surname``, ``@firstName`` + ``@middleName`` ->
  ``given_names``. ``@gender`` (M/F) is taken from the first alias that has one.
* ``birthdate``: ``@birthdate`` (full date), else ``@year`` (+ ``@monthOfYear``).
* ``citizenship@countryIso2Code`` -> nationalities (upper case; ``00`` = unknown is
  skipped); ``identification@number`` -> documents.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from typing import TextIO

from namematch.errors import InputError
from namematch.io.common import Tally, clean, list_dob, norm_gender
from namematch.io.encoding import TextSource
from namematch.io.xmlsafe import XmlDamage, iter_xml, local
from namematch.types import ListedPerson, ListName, NameType, Rejected

__all__ = ["read_eu_xml", "write_eu_xml"]

EU_NS = "http://eu.europa.ec/fpi/fsd/export"


def _kids(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if local(c.tag) == name]


def _dob(b: ET.Element) -> str | None:
    full = clean(b.get("birthdate"))
    if full:
        return list_dob(full[:10])
    year = clean(b.get("year"))
    month = clean(b.get("monthOfYear"))
    if year and month and month.isdigit() and 1 <= int(month) <= 12:
        return list_dob(f"{year}-{int(month):02d}")
    return list_dob(year)


def _entity(el: ET.Element, record_no: int, source: str) -> ListedPerson | Rejected:
    ident = el.get("logicalId") or el.get("euReferenceNumber") or f"EU:{record_no}"
    subject = next((s.get("code", "") for s in _kids(el, "subjectType")), "")
    if subject.lower() != "person":
        return Rejected(record_no, f"{subject or 'entity'}, not a person", ident, source)
    names: list[ListName] = []
    gender: str | None = None
    have_primary = False
    for a in _kids(el, "nameAlias"):
        first, middle, last = (clean(a.get(k)) for k in ("firstName", "middleName", "lastName"))
        whole = clean(a.get("wholeName")) or " ".join(p for p in (first, middle, last) if p)
        if not whole:
            continue
        if (a.get("strong") or "true").lower() == "false":
            name_type = NameType.WEAK_ALIAS
        elif not have_primary:
            name_type, have_primary = NameType.PRIMARY, True
        else:
            name_type = NameType.ALIAS
        given = " ".join(p for p in (first, middle) if p) or None
        if all(n.name != whole for n in names):
            names.append(ListName(whole, name_type, last, given))
        if gender is None:
            gender = norm_gender(a.get("gender"))[0]
    if not names:
        return Rejected(record_no, "person without a name", ident, source)
    dobs = [d for b in _kids(el, "birthdate") if (d := _dob(b))]
    nats = [c.upper() for z in _kids(el, "citizenship")
            if (c := clean(z.get("countryIso2Code"))) and c != "00"]
    docs = [n for i in _kids(el, "identification") if (n := clean(i.get("number")))]
    extra = {k: v for k, v in (("eu_reference", el.get("euReferenceNumber")),
                               ("un_reference", el.get("unitedNationId")),
                               ("designation_date", el.get("designationDate"))) if v}
    return ListedPerson(id=ident, names=tuple(names), dobs=tuple(dict.fromkeys(dobs)),
                        nationalities=tuple(dict.fromkeys(nats)), gender=gender,
                        documents=tuple(dict.fromkeys(docs)), source=source, extra=extra)


def read_eu_xml(src: TextSource, *, tally: Tally | None = None
                ) -> Iterator[ListedPerson | Rejected]:
    """Stream the persons of an EU consolidated list (see the module docstring)."""
    tally = tally or Tally(None)
    record_no = 0
    try:
        for event, el in iter_xml(src, "EU list", "export", "an EU sanctions export"):
            tag = local(el.tag)
            if event == "start":
                continue
            if tag == "sanctionEntity":
                record_no += 1
                rec = _entity(el, record_no, src.name)
                yield tally.ok(rec) if isinstance(rec, ListedPerson) else tally.bad(rec)
                el.clear()
    except XmlDamage as exc:
        msg = (f"EU list {src.name} is malformed ({exc}) after {record_no} entries; the "
               "entries read were kept; get a complete copy of the list")
        raise InputError(msg) from None


def write_eu_xml(persons: Iterable[ListedPerson], fh: TextIO) -> int:
    """Write listed persons as an EU export (weak aliases with ``strong="false"``).

    Year ranges (``YYYY..YYYY``) are not written: the EU format has none.

    Returns:
        The number of entities written.
    """
    # Imported here: xml.sax pulls in urllib and http.client, 20 ms on every command line
    # start for a writer only the test and sample tools use.
    from xml.sax.saxutils import quoteattr

    fh.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    fh.write(f'<export xmlns="{EU_NS}" generationDate="2025-03-01T00:00:00.000+01:00">\n')
    n = 0
    for p in persons:
        n += 1
        out = [f"<sanctionEntity logicalId={quoteattr(p.id)} "
               f'euReferenceNumber="EU.{n}.00"><subjectType code="person"/>']
        ordered = sorted(p.names, key=lambda x: x.name_type is not NameType.PRIMARY)
        for x in ordered:
            attrs = f"wholeName={quoteattr(x.name)}"
            if x.surname:
                attrs += f" lastName={quoteattr(x.surname)}"
            if x.given_names:
                attrs += f" firstName={quoteattr(x.given_names)}"
            if p.gender in ("M", "F"):
                attrs += f' gender="{p.gender}"'
            strong = "false" if x.name_type is NameType.WEAK_ALIAS else "true"
            out.append(f'<nameAlias {attrs} strong="{strong}"/>')
        for d in p.dobs:
            if ".." in d:
                continue  # the EU format has no year ranges
            if len(d) == 10:
                out.append(f'<birthdate birthdate="{d}" year="{d[:4]}"/>')
            elif len(d) == 7:
                out.append(f'<birthdate year="{d[:4]}" monthOfYear="{int(d[5:])}"/>')
            elif len(d) == 4:
                out.append(f'<birthdate year="{d}"/>')
        for c in p.nationalities:
            out.append(f"<citizenship countryIso2Code={quoteattr(c)}/>")
        for doc in p.documents:
            out.append(f"<identification number={quoteattr(doc)} "
                       'identificationTypeCode="passport"/>')
        out.append("</sanctionEntity>\n")
        fh.write("".join(out))
    fh.write("</export>\n")
    return n
