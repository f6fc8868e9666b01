"""Plain record types shared by every pipeline stage.

Readers (:mod:`namematch.io`) produce :class:`Passenger` and :class:`ListedPerson` records,
or :class:`Rejected` records for input they cannot use, so that every record read is accounted
for (``read = screened + rejected``). The screening stage produces :class:`Alert` records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

__all__ = [
    "EMPTY_MAP",
    "ListName",
    "ListedPerson",
    "NameType",
    "Passenger",
    "ReadCounts",
    "Rejected",
]

EMPTY_MAP: Mapping[str, str] = MappingProxyType({})


class NameType(str, Enum):
    """The kind of a listed name, as the list itself qualifies it."""

    PRIMARY = "primary"
    ALIAS = "alias"
    #: Low-quality alias (UN ``Low``, OFAC weak a.k.a., FtM ``weakAlias``): counts only on an
    #: exact normalised match and is flagged in the alert.
    WEAK_ALIAS = "weak_alias"
    ORIGINAL_SCRIPT = "original_script"
    #: Formerly known as (f.k.a.): screened like an alias.
    PREVIOUS = "previous"

    @classmethod
    def parse(cls, text: str | None) -> NameType:
        """Read a ``name_type`` cell; empty means primary. Raises ``ValueError`` if unknown."""
        if text is None or not text.strip():
            return cls.PRIMARY
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        aliases = {"weak": "weak_alias", "weakalias": "weak_alias", "aka": "alias",
                   "fka": "previous", "previous_name": "previous", "original": "original_script"}
        key = aliases.get(key, key)
        try:
            return cls(key)
        except ValueError:
            valid = ", ".join(t.value for t in cls)
            msg = f"unknown name_type {text!r}; expected one of: {valid}"
            raise ValueError(msg) from None


@dataclass(frozen=True, slots=True)
class ListName:
    """One name of a listed person.

    ``surname`` and ``given_names`` are set when the list gives the parts separately
    (FtM ``lastName``, OFAC ``SURNAME, Given``); ``name`` is always the whole name.
    """

    name: str
    name_type: NameType = NameType.PRIMARY
    surname: str | None = None
    given_names: str | None = None


@dataclass(frozen=True, slots=True)
class ListedPerson:
    """A person on a watchlist with all their names (aliases) and identifying details.

    ``dobs`` holds date-of-birth specifications as text in any form
    :func:`namematch.dates.parse_dob` reads (``1985-02-12``, ``1985``, ``1983..1986``).
    Several values mean the list is unsure; any of them may match.
    """

    id: str
    names: tuple[ListName, ...]
    dobs: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    gender: str | None = None
    documents: tuple[str, ...] = ()
    source: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Passenger:
    """One traveller record from a manifest (API, PNR or a CSV).

    Either ``name`` (a whole name in any form) or ``surname``/``given_names`` is set.
    ``form`` says which form the name came in when the reader knows it: ``"mrz"``, ``"api"``,
    ``"pnr"``, ``"free"``; ``None`` lets the parser guess.
    """

    passenger_id: str
    name: str | None = None
    surname: str | None = None
    given_names: str | None = None
    dob: str | None = None
    nationality: str | None = None
    gender: str | None = None
    form: str | None = None
    documents: tuple[str, ...] = ()
    role: str = "passenger"
    record_no: int = 0
    source: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        """The name as received, for alerts: ``name`` or ``SURNAME/GIVEN NAMES``."""
        if self.name:
            return self.name
        return "/".join(p for p in (self.surname or "", self.given_names or "") if p) or ""


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input record that could not be screened, with the reason."""

    record_no: int
    reason: str
    record_id: str | None = None
    source: str | None = None
    raw: str | None = None


@dataclass(slots=True)
class ReadCounts:
    """Per-file accounting: ``read == accepted + rejected`` always holds."""

    source: str
    read: int = 0
    accepted: int = 0
    rejected: int = 0

    def reconciles(self) -> bool:
        """True when every record read was accepted or rejected."""
        return self.read == self.accepted + self.rejected
