"""OFAC SDN list in CSV form (``sdn.csv`` plus ``alt.csv``) reader and writer.

``sdn.csv`` has no header: ``ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks``; ``-0-`` means empty. ``alt.csv``:
``ent_num, alt_num, alt_type, alt_name, alt_remarks``. The path may be the directory holding
both, or ``sdn.csv`` itself (``alt.csv`` is read from beside it if present).

* Rows with ``SDN_Type`` ``individual`` become :class:`ListedPerson` (``id`` = ent_num). Other
  types (entities, vessels, aircraft) are counted and :class:`Rejected`. Counts are per
  ``sdn.csv`` row; ``alt.csv`` rows only add names (an alias of an unknown or non-individual
  entry is ignored and counted in ``extra`` of nothing: it is not an entry).
* ``"SURNAME, Given Names"`` -> a primary :class:`ListName` with ``surname`` and
  ``given_names`` and ``name`` = ``Given Names SURNAME``; names without a comma stay whole.
  Alt names: ``aka``/``nka`` -> alias, ``fka`` -> previous.
* Remarks (split on ``;``): ``DOB 17 Jan 1941`` / ``DOB Jan 1941`` / ``DOB 1941`` /
  ``DOB circa 1941`` / ``DOB 1960 to 1962`` -> ``dobs``; ``nationality X`` / ``citizen X``
  -> ISO alpha-2 where known; ``Passport X`` -> documents; ``Gender Male``; weak a.k.a.s in
  single quotes (``a.k.a. 'ABU ADIL'``) -> ``weak_alias``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from namematch.errors import InputError
from namematch.io.common import Tally, clean, norm_gender
from namematch.io.countries import country_code
from namematch.io.csvio import parse_rows
from namematch.io.encoding import open_source
from namematch.types import ListedPerson, ListName, NameType, Rejected

__all__ = ["parse_remarks", "read_ofac", "write_ofac"]

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                       "sep", "oct", "nov", "dec"), 1)}
_DOB_FULL = re.compile(r"(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})")
_DOB_MONTH = re.compile(r"([A-Za-z]{3})[a-z]* (\d{4})")
_DOB_YEAR = re.compile(r"(?:circa |approximately )?(\d{4})")
_DOB_RANGE = re.compile(r"(\d{4}) to (\d{4})")
_WEAK = re.compile(r"a\.k\.a\.,? '([^']+)'")


def _null(value: str | None) -> str | None:
    text = clean(value)
    return None if text in (None, "-0-") else text


def _dob(text: str) -> str | None:
    text = text.strip().rstrip(".")
    if m := _DOB_RANGE.fullmatch(text):
        return f"{m[1]}..{m[2]}"
    if (m := _DOB_FULL.fullmatch(text)) and m[2].lower() in _MONTHS:
        return f"{m[3]}-{_MONTHS[m[2].lower()]:02d}-{int(m[1]):02d}"
    if (m := _DOB_MONTH.fullmatch(text)) and m[1].lower() in _MONTHS:
        return f"{m[2]}-{_MONTHS[m[1].lower()]:02d}"
    if m := _DOB_YEAR.fullmatch(text):
        return m[1]
    return None


def parse_remarks(remarks: str) -> dict[str, list[str]]:
    """Pull DOBs, nationalities, passports, gender and weak a.k.a.s out of OFAC Remarks.

    Returns:
        A dict with lists under ``dobs``, ``nationalities``, ``documents``, ``gender``,
        ``weak_aliases``, ``dob_raw``.
    """
    out: dict[str, list[str]] = {k: [] for k in ("dobs", "nationalities", "documents",
                                                 "gender", "weak_aliases", "dob_raw")}
    out["weak_aliases"] = [clean(m) or "" for m in _WEAK.findall(remarks)]
    for item in remarks.split(";"):
        item = item.strip().rstrip(".")
        low = item.lower()
        if low.startswith("alt. "):
            item, low = item[5:], low[5:]
        if low.startswith("dob "):
            value = _dob(item[4:])
            if value:
                out["dobs"].append(value)
            elif item[4:].strip():
                out["dob_raw"].append(item[4:].strip())
        elif low.startswith(("nationality ", "citizen ")):
            country = item.split(" ", 1)[1].strip()
            out["nationalities"].append(country_code(country) or country)
        elif low.startswith("passport "):
            number = item.split(" ")[1].strip()
            if number:
                out["documents"].append(number)
        elif low.startswith("gender "):
            out["gender"].append(item.split(" ", 1)[1].strip())
    return out


def _split_name(name: str) -> ListName:
    surname, sep, given = name.partition(",")
    if sep and surname.strip() and given.strip():
        s, g = clean(surname) or "", clean(given) or ""
        return ListName(f"{g} {s}", NameType.PRIMARY, s, g)
    return ListName(name, NameType.PRIMARY)


def _paths(path: Path) -> tuple[Path, Path | None]:
    if path.is_dir():
        sdn = next((path / n for n in ("sdn.csv", "SDN.CSV") if (path / n).is_file()), None)
        if sdn is None:
            msg = f"OFAC folder {path} has no sdn.csv; download sdn.csv and alt.csv into it"
            raise InputError(msg)
        base = path
    else:
        sdn, base = path, path.parent
    alt = next((base / n for n in ("alt.csv", "ALT.CSV") if (base / n).is_file()), None)
    return sdn, alt


def _csv_rows(path: Path, encoding: str | None) -> Iterator[list[str]]:
    with open_source(path, encoding=encoding, what="watchlist") as src:
        for row, err in parse_rows(src):
            if row is None:
                yield ["", err or ""]
                continue
            if not row or (len(row) == 1 and row[0].strip(" \x1a") == ""):
                continue
            yield row


def read_ofac(path: Path, *, tally: Tally | None = None, encoding: str | None = None
              ) -> Iterator[ListedPerson | Rejected]:
    """Read an OFAC SDN CSV list (see the module docstring)."""
    tally = tally or Tally(None)
    sdn, alt = _paths(path)
    source = str(sdn)
    rows = _csv_rows(sdn, encoding)
    return _read(rows, alt, source, tally, encoding)


def _read(rows: Iterator[list[str]], alt: Path | None, source: str, tally: Tally,
          encoding: str | None) -> Iterator[ListedPerson | Rejected]:
    people: dict[str, tuple[list[ListName], dict[str, list[str]], str | None]] = {}
    order: list[str] = []
    record_no = 0
    for row in rows:
        record_no += 1
        raw = ",".join(row)[:2000]
        if len(row) < 3 or not row[0].strip():
            yield tally.bad(Rejected(record_no, f"not an sdn.csv row ({len(row)} cells)",
                                     None, source, raw))
            continue
        ent = row[0].strip()
        if ent in people:
            yield tally.bad(Rejected(record_no, "duplicate ent_num", ent, source, raw))
            continue
        name = _null(row[1])
        kind = (_null(row[2]) or "").lower()
        if kind != "individual":
            yield tally.bad(Rejected(record_no, f"{kind or 'entity'}, not a person", ent,
                                     source))
            continue
        if name is None:
            yield tally.bad(Rejected(record_no, "individual without a name", ent, source,
                                     raw))
            continue
        remarks = parse_remarks((_null(row[11]) if len(row) > 11 else None) or "")
        names = [_split_name(name)]
        for weak in remarks.pop("weak_aliases"):
            if weak:
                names.append(ListName(weak, NameType.WEAK_ALIAS))
        program = _null(row[3]) if len(row) > 3 else None
        people[ent] = (names, remarks, program)
        order.append(ent)
        tally.ok(None)
    if alt is not None:
        for row in _csv_rows(alt, encoding):
            if len(row) < 4 or row[0].strip() not in people:
                continue
            alt_name = _null(row[3])
            if alt_name is None:
                continue
            kind = (_null(row[2]) or "aka").lower()
            name_type = NameType.PREVIOUS if kind == "fka" else NameType.ALIAS
            ln = _split_name(alt_name)
            people[row[0].strip()][0].append(ListName(ln.name, name_type, ln.surname,
                                                      ln.given_names))
    for ent in order:
        names, remarks, program = people[ent]
        gender = norm_gender(remarks["gender"][0])[0] if remarks["gender"] else None
        extra = {"program": program} if program else {}
        if remarks["dob_raw"]:
            extra["dob_raw"] = "; ".join(remarks["dob_raw"])
        yield ListedPerson(id=ent, names=tuple(names), dobs=tuple(dict.fromkeys(remarks["dobs"])),
                           nationalities=tuple(dict.fromkeys(remarks["nationalities"])),
                           gender=gender, documents=tuple(dict.fromkeys(remarks["documents"])),
                           source=source, extra=extra)


def _ofac_date(dob: str) -> str:
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
              "Dec")
    if ".." in dob:
        lo, hi = dob.split("..")
        return f"{lo} to {hi}"
    parts = dob.split("-")
    if len(parts) == 3:
        return f"{int(parts[2]):02d} {months[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{months[int(parts[1]) - 1]} {parts[0]}"
    return dob


def write_ofac(persons: Iterable[ListedPerson], sdn_fh: TextIO, alt_fh: TextIO) -> int:
    """Write listed persons as ``sdn.csv`` and ``alt.csv`` rows.

    The first primary name is the SDN name (``SURNAME, Given`` when parts are known); other
    names go to ``alt.csv`` (aka / fka), except weak aliases, which go into Remarks as
    ``a.k.a. 'NAME'``. DOBs, nationalities (as given), passports and gender go into Remarks.

    Returns:
        The number of entries written.
    """
    sdn = csv.writer(sdn_fh, lineterminator="\n")
    alt = csv.writer(alt_fh, lineterminator="\n")
    n = 0
    alt_num = 0
    for p in persons:
        n += 1
        primary = next((x for x in p.names if x.name_type is NameType.PRIMARY), p.names[0])
        sdn_name = (f"{primary.surname}, {primary.given_names}"
                    if primary.surname and primary.given_names else primary.name)
        remarks: list[str] = []
        if p.dobs:
            remarks.append("DOB " + "; alt. DOB ".join(_ofac_date(d) for d in p.dobs))
        remarks += [f"nationality {c}" for c in p.nationalities]
        remarks += [f"Passport {d}" for d in p.documents]
        if p.gender in ("M", "F"):
            remarks.append("Gender " + ("Male" if p.gender == "M" else "Female"))
        for x in p.names:
            if x is primary:
                continue
            if x.name_type is NameType.WEAK_ALIAS:
                remarks.append(f"a.k.a. '{x.name}'")
                continue
            alt_num += 1
            name = f"{x.surname}, {x.given_names}" if x.surname and x.given_names else x.name
            alt.writerow([p.id, alt_num, "fka" if x.name_type is NameType.PREVIOUS else "aka",
                          name, "-0-"])
        sdn.writerow([p.id, sdn_name, "individual", "XXTEST", "-0-", "-0-", "-0-", "-0-", "-0-",
                      "-0-", "-0-", "; ".join(remarks) + "." if remarks else "-0-"])
    return n
