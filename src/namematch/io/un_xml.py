"""UN Security Council consolidated list (XML) reader and writer.

Each ``INDIVIDUAL`` becomes one :class:`ListedPerson`:

* ``id``: ``REFERENCE_NUMBER`` (e.g. ``QDi.001``), else ``DATAID``; both kept in ``extra``
  with ``UN_LIST_TYPE``, ``LISTED_ON`` and the list's ``dateGenerated``.
* Primary name: ``FIRST_NAME`` .. ``FOURTH_NAME`` joined by spaces, ``surname`` left ``None``
  (no slot is labelled surname). ``NAME_ORIGINAL_SCRIPT`` -> ``original_script``.
* ``INDIVIDUAL_ALIAS``: ``ALIAS_NAME`` split on ``;``; ``QUALITY`` Good / a.k.a. / empty ->
  ``alias``, Low -> ``weak_alias``, f.k.a. -> ``previous``.
* ``INDIVIDUAL_DATE_OF_BIRTH``: EXACT ``DATE`` (or ``YEAR``), APPROXIMATELY ``YEAR``, BETWEEN
  ``FROM_YEAR``/``TO_YEAR`` -> ``YYYY..YYYY`` (ranges are kept).
* ``NATIONALITY/VALUE`` country names -> ISO alpha-2 via ``countries.tsv`` (raw name kept when
  unknown). ``INDIVIDUAL_DOCUMENT/NUMBER`` -> ``documents``. ``GENDER`` if present.

``ENTITY`` records are counted and :class:`Rejected` ("entity, not a person"). An individual
without any name is rejected. Malformed or truncated XML: the entries read are yielded, then an
:class:`InputError` says where the damage is.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from typing import TextIO
from xml.sax.saxutils import escape

from namematch.errors import InputError
from namematch.io.common import Tally, clean, list_dob, norm_gender
from namematch.io.countries import country_code
from namematch.io.encoding import TextSource
from namematch.io.xmlsafe import XmlDamage, iter_xml, local
from namematch.types import ListedPerson, ListName, NameType, Rejected

__all__ = ["read_un_xml", "write_un_xml"]

_SLOTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_QUALITY = {"good": NameType.ALIAS, "a.k.a.": NameType.ALIAS, "aka": NameType.ALIAS,
            "": NameType.ALIAS, "low": NameType.WEAK_ALIAS, "f.k.a.": NameType.PREVIOUS,
            "fka": NameType.PREVIOUS}


def _child_text(el: ET.Element, name: str) -> str | None:
    for child in el:
        if local(child.tag) == name:
            return clean(child.text)
    return None


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if local(c.tag) == name]


def _nationality(name: str) -> str:
    return country_code(name) or name


def _dobs(el: ET.Element) -> tuple[list[str], list[str]]:
    out: list[str] = []
    raw: list[str] = []
    for d in _children(el, "INDIVIDUAL_DATE_OF_BIRTH"):
        kind = (_child_text(d, "TYPE_OF_DATE") or "").upper()
        date_text = _child_text(d, "DATE")
        year = _child_text(d, "YEAR")
        lo, hi = _child_text(d, "FROM_YEAR"), _child_text(d, "TO_YEAR")
        if kind == "BETWEEN" or (lo and hi):
            value = list_dob(f"{lo}..{hi}") if lo and hi else None
            text = f"{lo}..{hi}"
        elif date_text:
            date_text = date_text[:10]
            value, text = list_dob(date_text), date_text
        else:
            value, text = list_dob(year), year or ""
        if value:
            if value not in out:
                out.append(value)
        elif text.strip("."):
            raw.append(text)
    return out, raw


def _person(el: ET.Element, record_no: int, source: str, generated: str | None
            ) -> ListedPerson | Rejected:
    dataid = _child_text(el, "DATAID")
    ref = _child_text(el, "REFERENCE_NUMBER")
    ident = ref or dataid or f"UN:{record_no}"
    names: list[ListName] = []
    slots = [v for s in _SLOTS if (v := _child_text(el, s))]
    if slots:
        names.append(ListName(" ".join(slots), NameType.PRIMARY))
    original = _child_text(el, "NAME_ORIGINAL_SCRIPT")
    if original:
        names.append(ListName(original, NameType.ORIGINAL_SCRIPT))
    for alias in _children(el, "INDIVIDUAL_ALIAS"):
        quality = (_child_text(alias, "QUALITY") or "").lower()
        name_type = _QUALITY.get(quality, NameType.ALIAS)
        for part in (_child_text(alias, "ALIAS_NAME") or "").split(";"):
            text = clean(part)
            if text and all(n.name != text for n in names):
                names.append(ListName(text, name_type))
    if not names:
        return Rejected(record_no, "individual without a name", ident, source)
    dobs, dob_raw = _dobs(el)
    nats: list[str] = []
    for nat in _children(el, "NATIONALITY"):
        for value_el in _children(nat, "VALUE"):
            country = clean(value_el.text)
            if country and _nationality(country) not in nats:
                nats.append(_nationality(country))
    docs = [n for d in _children(el, "INDIVIDUAL_DOCUMENT")
            if (n := _child_text(d, "NUMBER"))]
    gender, _raw = norm_gender(_child_text(el, "GENDER"))
    extra = {k: v for k, v in (("dataid", dataid), ("reference_number", ref),
                               ("list_type", _child_text(el, "UN_LIST_TYPE")),
                               ("listed_on", _child_text(el, "LISTED_ON")),
                               ("date_generated", generated),
                               ("dob_raw", "; ".join(dob_raw) or None)) if v}
    return ListedPerson(id=ident, names=tuple(names), dobs=tuple(dobs),
                        nationalities=tuple(nats), gender=gender, documents=tuple(docs),
                        source=source, extra=extra)


def read_un_xml(src: TextSource, *, tally: Tally | None = None
                ) -> Iterator[ListedPerson | Rejected]:
    """Stream the individuals of a UN consolidated list (see the module docstring)."""
    tally = tally or Tally(None)
    record_no = 0
    generated: str | None = None
    try:
        for event, el in iter_xml(src, "UN list", "CONSOLIDATED_LIST",
                                  "a UN consolidated list"):
            tag = local(el.tag)
            if event == "start":
                if tag == "CONSOLIDATED_LIST":
                    generated = el.get("dateGenerated")
                continue
            if tag == "INDIVIDUAL":
                record_no += 1
                rec = _person(el, record_no, src.name, generated)
                yield tally.ok(rec) if isinstance(rec, ListedPerson) else tally.bad(rec)
                el.clear()
            elif tag == "ENTITY":
                record_no += 1
                ident = _child_text(el, "REFERENCE_NUMBER") or _child_text(el, "DATAID")
                yield tally.bad(Rejected(record_no, "entity, not a person", ident, src.name))
                el.clear()
    except XmlDamage as exc:
        msg = (f"UN list {src.name} is malformed ({exc}) after {record_no} entries; the "
               "entries read were kept; get a complete copy of the list")
        raise InputError(msg) from None


def _el(tag: str, text: str) -> str:
    return f"<{tag}>{escape(text)}</{tag}>"


def write_un_xml(persons: Iterable[ListedPerson], fh: TextIO, *,
                 date_generated: str = "2025-03-01T00:00:00Z") -> int:
    """Write listed persons as a UN consolidated list.

    The first primary name goes into ``FIRST_NAME`` .. ``FOURTH_NAME`` (split on spaces, the
    rest joined into the fourth slot); other names become ``INDIVIDUAL_ALIAS`` (quality Good,
    Low or f.k.a.) or ``NAME_ORIGINAL_SCRIPT``. Nationalities are written as given.

    Returns:
        The number of individuals written.
    """
    quality = {NameType.ALIAS: "Good", NameType.WEAK_ALIAS: "Low",
               NameType.PREVIOUS: "f.k.a.", NameType.PRIMARY: "Good"}
    fh.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    fh.write(f'<CONSOLIDATED_LIST dateGenerated="{escape(date_generated)}"><INDIVIDUALS>\n')
    n = 0
    for p in persons:
        n += 1
        parts = [f"<INDIVIDUAL>{_el('DATAID', str(9000000 + n))}"]
        primary = next((x for x in p.names if x.name_type is NameType.PRIMARY), None)
        if primary:
            words = primary.name.split(" ")
            slots = [*words[:3], " ".join(words[3:])] if len(words) > 4 else words
            parts += [_el(s, w) for s, w in zip(_SLOTS, slots, strict=False) if w]
        parts.append(_el("REFERENCE_NUMBER", p.id))
        for x in p.names:
            if x.name_type is NameType.ORIGINAL_SCRIPT:
                parts.append(_el("NAME_ORIGINAL_SCRIPT", x.name))
                break
        if p.gender:
            parts.append(_el("GENDER", {"M": "Male", "F": "Female"}.get(p.gender, p.gender)))
        if p.nationalities:
            parts.append("<NATIONALITY>" + "".join(_el("VALUE", c) for c in p.nationalities)
                         + "</NATIONALITY>")
        seen_orig = False
        for x in p.names:
            if x is primary:
                continue
            if x.name_type is NameType.ORIGINAL_SCRIPT and not seen_orig:
                seen_orig = True
                continue
            parts.append("<INDIVIDUAL_ALIAS>" + _el("QUALITY", quality.get(x.name_type, "Good"))
                         + _el("ALIAS_NAME", x.name) + "</INDIVIDUAL_ALIAS>")
        for dob in p.dobs:
            if ".." in dob:
                lo, hi = dob.split("..")
                inner = _el("TYPE_OF_DATE", "BETWEEN") + _el("FROM_YEAR", lo) + _el("TO_YEAR", hi)
            elif len(dob) == 4:
                inner = _el("TYPE_OF_DATE", "APPROXIMATELY") + _el("YEAR", dob)
            else:
                inner = _el("TYPE_OF_DATE", "EXACT") + _el("DATE", dob)
            parts.append(f"<INDIVIDUAL_DATE_OF_BIRTH>{inner}</INDIVIDUAL_DATE_OF_BIRTH>")
        for doc in p.documents:
            parts.append("<INDIVIDUAL_DOCUMENT>" + _el("TYPE_OF_DOCUMENT", "Passport")
                         + _el("NUMBER", doc) + "</INDIVIDUAL_DOCUMENT>")
        parts.append("</INDIVIDUAL>\n")
        fh.write("".join(parts))
    fh.write("</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n")
    return n
