"""CSV passenger manifests and watchlists (the CLI's plain formats).

Passengers (streamed, constant memory)::

    passenger_id,name,dob,nationality,gender
    P1,QARIBI/YUSUF ADIL MR,1985-02-12,UTO,M
    P2,,1985-02-12,UTO,M            <- with surname,given_names columns a row may use those

* Required: ``passenger_id`` and at least one of ``name``, ``surname``, ``given_names``.
  Optional: ``dob``, ``nationality``, ``gender``, ``form``, ``role``, ``documents``
  (``;``-separated); any other column is kept in ``Passenger.extra``.
* A row with an empty ``passenger_id``, an empty name (``name``, ``surname`` and
  ``given_names`` all empty) or the wrong number of cells is a :class:`Rejected` record.
* An unreadable ``dob`` does **not** reject the row: the name is still screened, ``dob`` is
  ``None`` and the original text is in ``extra['dob_raw']``. An unknown gender likewise goes
  to ``extra['gender_raw']``.
* ``record_no`` is the 1-based data row number (blank lines are skipped and not counted).
  Passenger ids are not de-duplicated (that would need memory proportional to the file).

Watchlists (held in memory; one row per name)::

    id,name,name_type,dob,nationality,gender
    W1,YUSSUF ADIL AL-QARIBI,primary,1985-02-12;1984,UT,M
    W1,Abu Adil,weak_alias,,,

* Rows sharing an ``id`` (anywhere in the file) form one :class:`ListedPerson`, in the order
  the ids first appear; names keep file order.
* ``dob`` and ``nationality`` may hold several values separated by ``;``. Dates are
  ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``YYYY..YYYY``; an unreadable one is kept in
  ``extra['dob_raw']`` and otherwise ignored.
* Optional ``surname`` / ``given_names`` / ``documents`` / ``source`` columns are read.
* Counts are per row: ``read`` counts rows, a row merged into a person is accepted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import TextIO

from namematch.errors import InputError
from namematch.io.common import (
    Tally,
    clean,
    list_dob,
    norm_gender,
    passenger_dob,
)
from namematch.io.encoding import TextSource
from namematch.types import ListedPerson, ListName, NameType, Passenger, Rejected

__all__ = [
    "read_passengers_csv",
    "read_watchlist_csv",
    "write_passengers_csv",
    "write_watchlist_csv",
]

_PASSENGER_KNOWN = ("passenger_id", "name", "surname", "given_names", "dob", "nationality",
                    "gender", "form", "role", "documents")
_WATCHLIST_KNOWN = ("id", "name", "name_type", "dob", "nationality", "gender", "surname",
                    "given_names", "documents", "source")


def _raw_row(row: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(row)
    return buf.getvalue()


_Rows = Iterator[tuple[list[str] | None, str | None]]


def parse_rows(src: TextSource) -> _Rows:
    """Yield ``(row, None)`` per CSV row or ``(None, error)`` for a row csv cannot parse.

    Shared by the CSV readers here and :mod:`namematch.io.ofac`.
    """
    reader = csv.reader(src.lines())
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield None, f"malformed CSV row: {exc}"
            continue
        yield row, None


def _rows(src: TextSource) -> _Rows:
    """:func:`parse_rows`, allowing fields up to 1 MiB."""
    csv.field_size_limit(1 << 20)
    yield from parse_rows(src)


def _header(src: TextSource, what: str) -> tuple[list[str], _Rows]:
    rows = _rows(src)
    for row, err in rows:
        if err is not None:
            msg = f"cannot read the header of {what} file {src.name}: {err}"
            raise InputError(msg)
        assert row is not None
        if not any(cell.strip() for cell in row):
            continue
        return [c.strip().lower().lstrip("\ufeff") for c in row], rows
    msg = f"{what} file {src.name} is empty: expected a CSV header line"
    raise InputError(msg)


def _require_columns(what: str, src: TextSource, header: list[str], missing: list[str],
                     rule: str) -> None:
    """Raise :class:`InputError` when ``missing`` names required columns not in ``header``."""
    if missing:
        msg = (f"{what} file {src.name} lacks column(s) {', '.join(missing)}; found "
               f"{', '.join(header) or 'no columns'}; {rule}")
        raise InputError(msg)


def _data_rows(rows: _Rows, width: int, source: str,
               id_col: int | None) -> Iterator[tuple[int, list[str], str] | Rejected]:
    """Number the non-blank rows; yield ``(record_no, row, raw)`` or a :class:`Rejected`.

    A row csv cannot parse, or with another number of cells than the header (``width``), is
    rejected; the id in cell ``id_col`` (if given) names the rejected row.
    """
    record_no = 0
    for row, err in rows:
        if row is not None and not any(cell.strip() for cell in row):
            continue
        record_no += 1
        if row is None:
            yield Rejected(record_no, err or "malformed CSV row", None, source)
            continue
        raw = _raw_row(row)
        if len(row) != width:
            reason = f"row has {len(row)} cells, the header has {width}"
            rid = clean(row[id_col]) if id_col is not None and id_col < len(row) else None
            yield Rejected(record_no, reason, rid, source, raw)
            continue
        yield record_no, row, raw


def read_passengers_csv(src: TextSource, *, tally: Tally | None = None
                        ) -> Iterator[Passenger | Rejected]:
    """Stream passengers from a CSV manifest (see the module docstring for the rules).

    Args:
        src: An opened text source.
        tally: Accounting to update as records stream.

    Returns:
        An iterator of one :class:`Passenger` or :class:`Rejected` per data row (the header is
        checked before this function returns).

    Raises:
        InputError: Empty file or a header without the required columns.
    """
    tally = tally or Tally(None)
    header, rows = _header(src, "passengers")
    missing = [c for c in ("passenger_id",) if c not in header]
    if not any(c in header for c in ("name", "surname", "given_names")):
        missing.append("name (or surname,given_names)")
    _require_columns("passengers", src, header, missing,
                     "the header must name passenger_id and name or surname,given_names")
    return _passenger_rows(src.name, header, rows, tally)


def _passenger_rows(source: str, header: list[str], rows: _Rows,
                    tally: Tally) -> Iterator[Passenger | Rejected]:
    idx = {c: header.index(c) for c in _PASSENGER_KNOWN if c in header}
    extra_cols = [(i, c) for i, c in enumerate(header) if c not in idx and c]
    for item in _data_rows(rows, len(header), source, idx["passenger_id"]):
        if isinstance(item, Rejected):
            yield tally.bad(item)
            continue
        record_no, row, raw = item

        def cell(col: str, row: list[str] = row) -> str | None:
            i = idx.get(col)
            return clean(row[i]) if i is not None else None

        pid = cell("passenger_id")
        name, surname, given = cell("name"), cell("surname"), cell("given_names")
        if pid is None:
            yield tally.bad(Rejected(record_no, "empty passenger_id", None, source, raw))
            continue
        if name is None and surname is None and given is None:
            yield tally.bad(Rejected(record_no, "empty name", pid, source, raw))
            continue
        extra = {c: v for i, c in extra_cols if (v := row[i].strip())}
        dob, dob_raw = passenger_dob(cell("dob"))
        if dob_raw is not None:
            extra["dob_raw"] = dob_raw
        gender, gender_raw = norm_gender(cell("gender"))
        if gender_raw is not None:
            extra["gender_raw"] = gender_raw
        nat = cell("nationality")
        docs = cell("documents")
        yield tally.ok(Passenger(
            passenger_id=pid,
            name=name,
            surname=None if name else surname,
            given_names=None if name else given,
            dob=dob,
            nationality=nat.upper() if nat else None,
            gender=gender,
            form=cell("form"),
            documents=tuple(d for d in (clean(x) for x in docs.split(";")) if d) if docs else (),
            role=cell("role") or "passenger",
            record_no=record_no,
            source=source,
            extra=extra,
        ))


class _PersonBuilder:
    __slots__ = ("dob_raw", "dobs", "docs", "gender", "id", "names", "nats", "source")

    def __init__(self, ident: str) -> None:
        self.id = ident
        self.names: list[ListName] = []
        self.dobs: dict[str, None] = {}
        self.nats: dict[str, None] = {}
        self.docs: dict[str, None] = {}
        self.dob_raw: list[str] = []
        self.gender: str | None = None
        self.source: str | None = None

    def build(self, default_source: str) -> ListedPerson:
        extra = {"dob_raw": "; ".join(self.dob_raw)} if self.dob_raw else {}
        return ListedPerson(
            id=self.id, names=tuple(self.names), dobs=tuple(self.dobs),
            nationalities=tuple(self.nats), gender=self.gender, documents=tuple(self.docs),
            source=self.source or default_source, extra=extra,
        )


def _split(value: str | None) -> list[str]:
    if not value:
        return []
    return [v for v in (clean(x) for x in value.split(";")) if v]


def read_watchlist_csv(src: TextSource, *, tally: Tally | None = None
                       ) -> Iterator[ListedPerson | Rejected]:
    """Read a CSV watchlist, one row per name, grouping rows by ``id``.

    Rejected rows are yielded while reading; the persons follow once the file is read.

    Raises:
        InputError: Empty file or a header without ``id`` and ``name``.
    """
    tally = tally or Tally(None)
    header, rows = _header(src, "watchlist")
    missing = [c for c in ("id", "name") if c not in header]
    _require_columns("watchlist", src, header, missing,
                     "the header must start id,name (optional name_type,dob,nationality,gender)")
    return _watchlist_rows(src.name, header, rows, tally)


def _watchlist_rows(source: str, header: list[str], rows: _Rows,
                    tally: Tally) -> Iterator[ListedPerson | Rejected]:
    idx = {c: header.index(c) for c in _WATCHLIST_KNOWN if c in header}
    people: dict[str, _PersonBuilder] = {}
    for item in _data_rows(rows, len(header), source, None):
        if isinstance(item, Rejected):
            yield tally.bad(item)
            continue
        record_no, row, raw = item

        def cell(col: str, row: list[str] = row) -> str | None:
            i = idx.get(col)
            return clean(row[i]) if i is not None else None

        ident, name = cell("id"), cell("name")
        if ident is None:
            yield tally.bad(Rejected(record_no, "empty id", None, source, raw))
            continue
        if name is None:
            yield tally.bad(Rejected(record_no, "empty name", ident, source, raw))
            continue
        try:
            name_type = NameType.parse(cell("name_type"))
        except ValueError as exc:
            yield tally.bad(Rejected(record_no, str(exc), ident, source, raw))
            continue
        person = people.get(ident)
        if person is None:
            person = people[ident] = _PersonBuilder(ident)
        person.names.append(ListName(name, name_type, cell("surname"), cell("given_names")))
        for value in _split(cell("dob")):
            dob = list_dob(value)
            if dob is None:
                person.dob_raw.append(value)
            else:
                person.dobs[dob] = None
        for nat in _split(cell("nationality")):
            person.nats[nat.upper()] = None
        for doc in _split(cell("documents")):
            person.docs[doc] = None
        gender, _raw = norm_gender(cell("gender"))
        if gender and person.gender is None:
            person.gender = gender
        person.source = person.source or cell("source")
        tally.ok(None)
    for person in people.values():
        yield person.build(source)


def _dash_none(value: str | None) -> str:
    return value or ""


def write_passengers_csv(passengers: Iterable[Passenger], fh: TextIO) -> int:
    """Write passengers as a CSV manifest this module reads back.

    Columns: ``passenger_id,name,surname,given_names,dob,nationality,gender,form,role,
    documents`` plus one column per ``extra`` key found in any record (the iterable is
    materialised to find them).

    Returns:
        The number of rows written.
    """
    items = list(passengers)
    extra_keys: dict[str, None] = {}
    for p in items:
        for k in p.extra:
            if k not in _PASSENGER_KNOWN:
                extra_keys[k] = None
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow([*_PASSENGER_KNOWN, *extra_keys])
    for p in items:
        writer.writerow([
            p.passenger_id, _dash_none(p.name), _dash_none(p.surname),
            _dash_none(p.given_names), _dash_none(p.dob), _dash_none(p.nationality),
            _dash_none(p.gender), _dash_none(p.form), p.role, ";".join(p.documents),
            *(p.extra.get(k, "") for k in extra_keys),
        ])
    return len(items)


def write_watchlist_csv(persons: Iterable[ListedPerson], fh: TextIO) -> int:
    """Write listed persons as a CSV watchlist (one row per name).

    Person-level fields (dobs, nationalities, gender, documents, source) are written on the
    person's first row only.

    Returns:
        The number of rows written.
    """
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(_WATCHLIST_KNOWN)
    n = 0
    for person in persons:
        for i, ln in enumerate(person.names):
            first = i == 0
            writer.writerow([
                person.id, ln.name, ln.name_type.value,
                ";".join(person.dobs) if first else "",
                ";".join(person.nationalities) if first else "",
                _dash_none(person.gender) if first else "",
                _dash_none(ln.surname), _dash_none(ln.given_names),
                ";".join(person.documents) if first else "",
                _dash_none(person.source) if first else "",
            ])
            n += 1
    return n
