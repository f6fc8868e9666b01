"""FollowTheMoney / OpenSanctions JSON lines reader and writer.

One entity per line (``{"id", "schema", "properties": {...}}``). ``Person`` entities become
:class:`ListedPerson` records; every other schema (``Sanction``, ``Organization``...) is
counted and :class:`Rejected` ("schema X is not a Person").

* ``name`` -> primary names; ``alias`` -> alias; ``weakAlias`` -> weak_alias;
  ``previousName`` -> previous. A value in Arabic or Cyrillic script among ``alias`` stays an
  alias (FtM does not mark original script).
* ``firstName`` / ``secondName`` / ``middleName`` / ``fatherName`` / ``lastName``: when there
  is exactly one ``lastName`` and at most one value of each given-name property, they form a
  structured primary name (``surname`` = lastName, ``given_names`` = first, second and middle
  names; ``name`` = all parts in order first, second, middle, father, last). If that text
  equals a ``name`` value (ignoring case), the parts are attached to that name instead of
  adding another. Inconsistent parts (several last names) are ignored.
* ``birthDate`` -> ``dobs`` (prefix dates); ``nationality`` / ``citizenship`` -> upper-case
  alpha-2; ``passportNumber`` / ``idNumber`` -> ``documents``; ``gender`` -> M/F.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from namematch.io.common import Tally, clean, json_objects, list_dob, norm_gender
from namematch.io.encoding import TextSource
from namematch.types import ListedPerson, ListName, NameType, Rejected

__all__ = ["read_ftm", "write_ftm"]

_NAME_PROPS = (("name", NameType.PRIMARY), ("alias", NameType.ALIAS),
               ("weakAlias", NameType.WEAK_ALIAS), ("previousName", NameType.PREVIOUS))


def _values(props: dict[str, object], key: str) -> list[str]:
    raw = props.get(key)
    items = raw if isinstance(raw, list) else [raw] if raw is not None else []
    out: list[str] = []
    for item in items:
        text = clean(item) if isinstance(item, str) else None
        if text and text not in out:
            out.append(text)
    return out


def _structured(props: dict[str, object]) -> ListName | None:
    last = _values(props, "lastName")
    parts = {k: _values(props, k) for k in ("firstName", "secondName", "middleName",
                                             "fatherName")}
    if len(last) != 1 or any(len(v) > 1 for v in parts.values()) or not parts["firstName"]:
        return None
    given = [v[0] for k in ("firstName", "secondName", "middleName") if (v := parts[k])]
    whole = [*given, *parts["fatherName"], last[0]]
    return ListName(" ".join(whole), NameType.PRIMARY, last[0], " ".join(given))


def _person(obj: dict[str, object], record_no: int, source: str) -> ListedPerson | Rejected:
    ident = obj.get("id")
    ident_s = str(ident) if ident is not None else f"FTM:{record_no}"
    schema = obj.get("schema")
    props = obj.get("properties")
    if schema != "Person":
        return Rejected(record_no, f"schema {schema!r} is not a Person", ident_s, source)
    if not isinstance(props, dict):
        return Rejected(record_no, "Person without properties", ident_s, source)
    names: list[ListName] = []
    for key, name_type in _NAME_PROPS:
        for value in _values(props, key):
            if all(n.name != value for n in names):
                names.append(ListName(value, name_type))
    structured = _structured(props)
    if structured is not None:
        for i, n in enumerate(names):
            if n.name.casefold() == structured.name.casefold() and n.name_type is NameType.PRIMARY:
                names[i] = ListName(n.name, n.name_type, structured.surname,
                                    structured.given_names)
                break
        else:
            names.append(structured)
    if not names:
        return Rejected(record_no, "Person without a name", ident_s, source)
    dobs: list[str] = []
    raw_dobs: list[str] = []
    for value in _values(props, "birthDate"):
        dob = list_dob(value)
        if dob and dob not in dobs:
            dobs.append(dob)
        elif not dob:
            raw_dobs.append(value)
    nats: list[str] = []
    for key in ("nationality", "citizenship"):
        for v in _values(props, key):
            if v.upper() not in nats:
                nats.append(v.upper())
    docs = [*_values(props, "passportNumber"), *_values(props, "idNumber")]
    genders = _values(props, "gender")
    gender = norm_gender(genders[0])[0] if genders else None
    extra: dict[str, str] = {}
    if isinstance(obj.get("caption"), str):
        extra["caption"] = str(obj["caption"])
    datasets = obj.get("datasets")
    if isinstance(datasets, list):
        extra["datasets"] = ";".join(str(d) for d in datasets)
    if raw_dobs:
        extra["dob_raw"] = "; ".join(raw_dobs)
    return ListedPerson(id=ident_s, names=tuple(names), dobs=tuple(dobs),
                        nationalities=tuple(nats), gender=gender,
                        documents=tuple(dict.fromkeys(docs)), source=source, extra=extra)


def read_ftm(src: TextSource, *, tally: Tally | None = None
             ) -> Iterator[ListedPerson | Rejected]:
    """Stream FtM entities as listed persons (see the module docstring)."""
    tally = tally or Tally(None)
    for item in json_objects(src, tally):
        if isinstance(item, Rejected):
            yield item
            continue
        record_no, obj, _ = item
        rec = _person(obj, record_no, src.name)
        yield tally.ok(rec) if isinstance(rec, ListedPerson) else tally.bad(rec)


def write_ftm(persons: Iterable[ListedPerson], fh: TextIO) -> int:
    """Write listed persons as FtM ``Person`` entities (one JSON object per line).

    Names map back by type (primary -> ``name``, alias and original script -> ``alias``,
    weak_alias -> ``weakAlias``, previous -> ``previousName``); a name with ``surname`` also
    writes ``lastName``/``firstName``. Returns the count.
    """
    key_of = {NameType.PRIMARY: "name", NameType.ALIAS: "alias",
              NameType.ORIGINAL_SCRIPT: "alias", NameType.WEAK_ALIAS: "weakAlias",
              NameType.PREVIOUS: "previousName"}
    n = 0
    for p in persons:
        props: dict[str, list[str]] = {}
        for ln in p.names:
            props.setdefault(key_of[ln.name_type], []).append(ln.name)
            if ln.surname and "lastName" not in props:
                props["lastName"] = [ln.surname]
                if ln.given_names:
                    props["firstName"] = [ln.given_names]
        if p.dobs:
            props["birthDate"] = [d for d in p.dobs if ".." not in d]
        if p.nationalities:
            props["nationality"] = [c.lower() for c in p.nationalities]
        if p.documents:
            props["passportNumber"] = list(p.documents)
        if p.gender in ("M", "F"):
            props["gender"] = ["male" if p.gender == "M" else "female"]
        caption = p.names[0].name if p.names else p.id
        fh.write(json.dumps({"id": p.id, "schema": "Person", "caption": caption,
                             "properties": props}, ensure_ascii=False) + "\n")
        n += 1
    return n
