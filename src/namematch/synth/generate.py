"""Fictional watchlists and passenger manifests with ground truth, reproducible from a seed.

The generator draws people from origin groups (:mod:`namematch.synth.stock`), writes them on a
watchlist as lists do (Latin primary names and aliases under several romanisations, original
script, weak aliases, patronymics and nasab chains, partial dates of birth) and puts some of
them, and many other people, on passenger manifests as feeds write them (MRZ/API fields, PNR
names, free text, native script, typing errors). Every passenger has a ground-truth row.

Everything is streamed: a watchlist of a million names is written without holding it in
memory. All randomness comes from :class:`random.Random` instances seeded from the config, so
one seed always gives the same bytes.

Hard negatives are hard but distinguishable: a ``namesake`` copies a listed person who has a
date of birth and gets a date whose year is at least 3 years from every list year or range;
``relative`` and ``near_name`` passengers always have a date of birth. Only positives and
random travellers may lack one (about 2 %).

``truth.csv`` column ``ambiguous_with`` lists, on a listed passenger, the *other* listed
persons that passenger cannot be told apart from by the same rule (same person-name, no date
of birth separating them): an alert on one of them is neither a true nor a false alert.

``truth.csv`` column ``ambiguous`` is ``1`` on a negative passenger (any negative slice,
``random`` included) that no screener can tell apart from a listed person: the passenger
has the same person-name (same given-name and surname stock entries, in whatever rendering)
as a listed person, and no date of birth separates them (the listed person has none, the
passenger has none, or the passenger's date falls inside the listed spec: same date, month,
year, or inside a range). It is computed from what the generator drew, not by fuzzy
matching; names that only *look* alike (two stock entries spelled the same) are not marked.
Evaluations should report metrics with and without these rows.

Compound names (``عبد الله``, ``نور الدين``) are one name unit in every rendering: nasab
chains put the link before the whole compound and PNR/MRZ renderers never split them.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from random import Random

from namematch.synth.card import render_card
from namematch.synth.config import SynthConfig, SynthConfigError
from namematch.synth.render import (
    capitalise,
    feminine_surname,
    fold_latin,
    free_text,
    mrz_fields,
    mrz_name,
    patronymic,
    pnr_name,
    romanise_cyrillic,
    typo,
)
from namematch.synth.stock import DENYLIST, ORIGINS, Origin, StockEntry, Weighted
from namematch.types import ListedPerson, ListName, NameType, Passenger

__all__ = [
    "GENERATOR_VERSION",
    "NEGATIVE_SLICES",
    "PASSENGER_COLUMNS",
    "POSITIVE_SLICES",
    "TRUTH_COLUMNS",
    "WATCHLIST_COLUMNS",
    "SynthConfig",
    "SynthConfigError",
    "SynthDataset",
    "SynthSummary",
    "TruthRow",
    "build_dataset",
    "iter_dataset",
    "iter_passengers",
    "iter_persons",
    "iter_watchlist_rows",
    "write_dataset",
]

#: Bumped whenever the same seed would give different output.
GENERATOR_VERSION = "1.3.0"

WATCHLIST_COLUMNS = ("id", "name", "name_type", "dob", "nationality", "gender")
PASSENGER_COLUMNS = ("passenger_id", "name", "surname", "given_names", "dob", "nationality",
                     "gender")
TRUTH_COLUMNS = ("passenger_id", "watchlist_id", "slice", "form", "list_script",
                 "passenger_script", "notes", "ambiguous", "ambiguous_with")
POSITIVE_SLICES = ("api", "pnr", "free", "native", "typo")
NEGATIVE_SLICES = ("namesake", "relative", "near_name", "random")

#: Upper bound of name rows one listed person gets (used to size samples for ``names=``).
MAX_NAMES_PER_PERSON = 8

_DATE_LO = date(1950, 1, 1).toordinal()
_DATE_HI = date(2006, 12, 31).toordinal()


@dataclass(frozen=True, slots=True)
class TruthRow:
    """Ground truth for one passenger (one row of ``truth.csv``)."""

    passenger_id: str
    watchlist_id: str
    slice: str
    form: str
    list_script: str
    passenger_script: str
    notes: str
    ambiguous: str = ""
    ambiguous_with: str = ""

    def as_row(self) -> dict[str, str]:
        """The row as a ``truth.csv`` dict."""
        return {"passenger_id": self.passenger_id, "watchlist_id": self.watchlist_id,
                "slice": self.slice, "form": self.form, "list_script": self.list_script,
                "passenger_script": self.passenger_script, "notes": self.notes,
                "ambiguous": self.ambiguous, "ambiguous_with": self.ambiguous_with}


@dataclass(frozen=True)
class SynthSummary:
    """Counts of what was generated (also written to ``card.md``)."""

    config: SynthConfig
    persons: int
    list_names: int
    passengers: int
    positives: int
    slices: dict[str, int]
    forms: dict[str, int]
    name_types: dict[str, int]
    list_dobs: dict[str, int]
    notes: dict[str, int]
    ambiguous: dict[str, int] = field(default_factory=dict)
    #: listed passengers with at least one indistinguishable other listed person
    ambiguous_with: int = 0


@dataclass
class SynthDataset:
    """An in-memory dataset (for benchmarks and tests)."""

    persons: list[ListedPerson]
    watchlist_rows: list[dict[str, str]]
    passengers: list[Passenger]
    passenger_rows: list[dict[str, str]]
    truth: list[TruthRow]


# --------------------------------------------------------------------------------------------
# people


@dataclass(slots=True)
class _Person:
    """A generated person with everything needed to render them anywhere."""

    index: int
    id: str
    origin: Origin
    tag: str
    female: bool
    given: StockEntry
    surname: StockEntry | None
    middle: StockEntry | None = None
    middle2: StockEntry | None = None
    surname2: StockEntry | None = None
    father: StockEntry | None = None
    grandfather: StockEntry | None = None
    great: StockEntry | None = None
    pat_style: str = ""
    uulu: bool = False
    dob: date = date(1980, 1, 1)
    dob_kind: str = "exact"
    list_dobs: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    gender_listed: bool = True
    scheme: str = ""
    spell: tuple[int, ...] = (0, 0, 0, 0)
    article: str = "AL-"
    native_only: bool = False
    names: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def script(self) -> str:
        return self.origin.script

    @property
    def gender(self) -> str:
        return "F" if self.female else "M"


_LIST_MIX = Weighted(list(ORIGINS.values()), [o.config["list_weight"] for o in ORIGINS.values()])
_PAX_MIX = Weighted(list(ORIGINS.values()), [o.config["pax_weight"] for o in ORIGINS.values()])
_SPELL_WEIGHTS = Weighted([0, 1, 2, 3, 4, 5], [50, 24, 12, 7, 4, 3])
_ARTICLES = {
    "gulf": Weighted(["AL-", "AL ", "AL", ""], [50, 20, 20, 10]),
    "iraq": Weighted(["AL-", "AL ", "AL", ""], [50, 20, 20, 10]),
    "levant": Weighted(["AL-", "EL-", "AL ", "AL", ""], [40, 15, 15, 10, 20]),
    "egypt": Weighted(["EL-", "EL ", "AL-", ""], [40, 25, 15, 20]),
    "maghreb": Weighted(["EL ", "EL-", "", "AL-"], [30, 20, 40, 10]),
}
_DOB_KINDS = Weighted(["exact", "year", "month", "range", "missing", "multi"],
                      [61, 15, 5, 10, 4, 5])
_ARABIC_LETTER_JEEM = "\N{ARABIC LETTER JEEM}"
_ARABIC_BIN = "\N{ARABIC LETTER BEH}\N{ARABIC LETTER NOON}"
_ARABIC_BINT = "\N{ARABIC LETTER BEH}\N{ARABIC LETTER NOON}\N{ARABIC LETTER TEH}"
_ARABIC_ABU = "\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}\N{ARABIC LETTER BEH}\N{ARABIC LETTER WAW}"
_ARABIC_UMM = "\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}\N{ARABIC LETTER MEEM}"
_ARABIC_AL = "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}"
_UULU = "\N{CYRILLIC SMALL LETTER U}\N{CYRILLIC SMALL LETTER U}\N{CYRILLIC SMALL LETTER EL}" \
    "\N{CYRILLIC SMALL LETTER U}"
_KYZY = "\N{CYRILLIC SMALL LETTER KA}\N{CYRILLIC SMALL LETTER YERU}" \
    "\N{CYRILLIC SMALL LETTER ZE}\N{CYRILLIC SMALL LETTER YERU}"


def _rand_date(rng: Random, lo: int = _DATE_LO, hi: int = _DATE_HI) -> date:
    return date.fromordinal(rng.randint(lo, hi))


def _list_dobs(rng: Random, dob: date, kind: str) -> tuple[str, ...]:
    if kind == "exact":
        return (dob.isoformat(),)
    if kind == "year":
        return (str(dob.year),)
    if kind == "month":
        return (f"{dob.year:04d}-{dob.month:02d}",)
    if kind == "range":
        start = dob.year - rng.randint(0, 3)
        return (f"{start}..{start + rng.randint(max(1, dob.year - start), 5)}",)
    if kind == "multi":
        other = dob.year + rng.choice((-2, -1, 1, 2))
        if rng.random() < 0.5:
            return (dob.isoformat(), str(other))
        alt = date(other, dob.month, min(dob.day, 28))
        return (dob.isoformat(), alt.isoformat())
    return ()


def _denied(given: StockEntry, surname: StockEntry | None) -> bool:
    """True when ``given`` + ``surname`` would name a well-known real person."""
    return surname is not None and (given.key.lower(), surname.key.lower()) in DENYLIST


def _latin_surname(p: _Person) -> str:
    assert p.surname is not None
    if p.surname2 is not None:
        return f"{p.surname.latins[0]} {p.surname2.latins[0]}"
    return p.surname.latins[0]


def _latin_middle(p: _Person) -> str:
    return " ".join(m.latins[0] for m in (p.middle, p.middle2) if m is not None)


def _pick_nationality(rng: Random, origin: Origin, tag: str) -> Weighted[str]:
    if tag and tag in origin.tag_nationality:
        return origin.tag_nationality[tag]
    assert origin.nationality is not None
    return origin.nationality


def _draw_person(rng: Random, index: int, origin: Origin, listed: bool) -> _Person:
    """Draw a person of ``origin`` (name parts, dates, habits); no names rendered yet."""
    tag = origin.tags.pick(rng) if origin.tags is not None else ""
    female = rng.random() < (0.22 if listed else 0.45)
    gkind = "given_f" if female else "given_m"
    stock_tag = tag if origin.key == "western" else ""
    surname_pool = origin.pool("surname", tag if origin.key in ("western", "arab") else "")
    while True:
        given = origin.pool(gkind, stock_tag).pick(rng)
        surname = surname_pool.pick(rng)
        if not _denied(given, surname):
            break
    p = _Person(index=index, id=f"W{index + 1:06d}", origin=origin, tag=tag, female=female,
                given=given, surname=surname)
    if origin.script != "latin":
        father = origin.pool("given_m").pick(rng)
        while father is given:
            father = origin.pool("given_m").pick(rng)
        p.father = father
    if origin.script == "cyrillic":
        assert origin.patronymic is not None and origin.passport is not None
        p.pat_style = origin.patronymic.pick(rng)
        p.uulu = origin.key == "kyrgyz" and rng.random() < 0.15
        p.scheme = origin.passport.pick(rng)
    elif origin.script == "arabic":
        p.grandfather = origin.pool("given_m").pick(rng)
        if tag in ("iraq", "egypt") and rng.random() < 0.6:
            # the four-part name (given, father, grandfather, great-grandfather) of Iraqi
            # and Sudanese documents
            p.great = origin.pool("given_m").pick(rng)
        if tag in ("gulf", "iraq") and rng.random() < 0.15:
            p.surname = None
        p.spell = tuple(_SPELL_WEIGHTS.pick(rng) for _ in range(4))
        if p.grandfather is p.father:
            p.spell = (p.spell[0], p.spell[1], p.spell[1], p.spell[3])
        p.article = _ARTICLES[tag].pick(rng)
    else:
        share = 0.4 if origin.key == "western" else 0.2
        pool = origin.pool(gkind, stock_tag)
        if rng.random() < share:
            middle = pool.pick(rng)
            if middle is not given and not _denied(middle, surname):
                p.middle = middle
                if origin.key == "western" and rng.random() < 0.3:
                    middle2 = pool.pick(rng)
                    if middle2 not in (given, middle) and not _denied(middle2, surname):
                        p.middle2 = middle2
        if tag == "es" and rng.random() < 0.7:
            surname_b = surname_pool.pick(rng)
            if surname_b is not surname:
                p.surname2 = surname_b
    p.dob = _rand_date(rng)
    p.dob_kind = _DOB_KINDS.pick(rng)
    p.list_dobs = _list_dobs(rng, p.dob, p.dob_kind)
    nat = _pick_nationality(rng, origin, tag)
    first = nat.pick(rng)
    p.nationalities = (first,)
    if rng.random() < 0.06:
        second = nat.pick(rng)
        if second != first:
            p.nationalities = (first, second)
    p.gender_listed = rng.random() < 0.85
    return p


# --------------------------------------------------------------------------------------------
# name parts in each script


def _surname_native(p: _Person) -> str:
    if p.uulu:
        assert p.father is not None
        return f"{p.father.native} {_KYZY if p.female else _UULU}"
    assert p.surname is not None
    return feminine_surname(p.surname.native) if p.female else p.surname.native


def _patronymic_native(p: _Person) -> str:
    if p.uulu or p.father is None:
        return ""
    return patronymic(p.father.native, p.female, p.pat_style)


def _cyr(text: str, scheme: str) -> str:
    return romanise_cyrillic(text, scheme) if text else ""


def _arab_spelling(entry: StockEntry, index: int, region: str) -> str:
    latins = entry.latins
    s = latins[min(index, len(latins) - 1)]
    if region in ("maghreb", "egypt"):
        s = s.replace("ABDUL", "ABDEL")
        if region == "egypt" and _ARABIC_LETTER_JEEM in entry.native and index % 2 == 0:
            s = s.replace("J", "G")
        if region == "maghreb" and index % 2 == 1:
            s = s.replace("SH", "CH")
    return s


def _unit_words(spelling: str) -> tuple[str, ...]:
    return tuple(w for w in spelling.upper().replace("-", " ").replace("'", "").split() if w)


def _build_units() -> frozenset[tuple[str, ...]]:
    """Every Latin spelling of a compound given name (``ABD ALLAH``, ``NUR AL-DIN``) as words.

    Renderers keep these together: a compound is one name, never ``ABD`` plus ``ALLAH``.
    """
    out: set[tuple[str, ...]] = set()
    for origin in ORIGINS.values():
        regions = ["", *sorted({t for e in origin.entries for t in e.tags})]
        for e in origin.entries:
            if e.kind == "surname" or not (" " in e.native or any(" " in x for x in e.latins)):
                continue
            for i in range(len(e.latins)):
                for region in regions:
                    words = _unit_words(_arab_spelling(e, i, region))
                    if len(words) > 1:
                        out.add(words)
    return frozenset(out)


def _arab_family(p: _Person, index: int, article: str) -> str:
    if p.surname is None:
        return ""
    base = _arab_spelling(p.surname, index, p.tag)
    if p.surname.native.startswith(_ARABIC_AL) and article:
        return article + base
    return base


_UNITS = _build_units()


def _passport_parts(p: _Person, rng: Random | None = None) -> tuple[str, str]:
    """``(surname, given_names)`` as printed on the person's passport (upper-case ASCII)."""
    o = p.origin
    if o.script == "cyrillic":
        sur = _cyr(_surname_native(p), p.scheme).replace("'", "")
        giv = _cyr(p.given.native, p.scheme).replace("'", "")
        return sur, giv
    if o.script == "arabic":
        assert p.father is not None and p.grandfather is not None
        giv = _arab_spelling(p.given, p.spell[0], p.tag)
        if p.surname is None:
            return _arab_spelling(p.grandfather, p.spell[2], p.tag), \
                f"{giv} {_arab_spelling(p.father, p.spell[1], p.tag)}"
        sur = _arab_family(p, p.spell[3], p.article)
        # Gulf and Iraqi passports often carry the father's (and grandfather's) name
        if p.great is not None:
            chain = (p.father, p.grandfather, p.great)
            giv = " ".join([giv, *(_arab_spelling(e, p.spell[1], p.tag) for e in chain)])
        elif p.tag in ("gulf", "iraq") and p.index % 3 != 0:
            giv = f"{giv} {_arab_spelling(p.father, p.spell[1], p.tag)}"
            if p.index % 3 == 1:
                giv = f"{giv} {_arab_spelling(p.grandfather, p.spell[2], p.tag)}"
        return sur, giv
    umlaut = p.tag in ("de",)
    sur = fold_latin(_latin_surname(p), umlaut)
    giv = fold_latin(f"{p.given.latins[0]} {_latin_middle(p)}".strip(), umlaut)
    return sur, giv


def _native_parts(p: _Person) -> tuple[str, str, str]:
    """``(surname, given, middle)`` in the person's own script (empty for Latin-script)."""
    o = p.origin
    if o.script == "cyrillic":
        return _surname_native(p), p.given.native, _patronymic_native(p)
    if o.script == "arabic":
        assert p.father is not None and p.grandfather is not None
        fam = p.surname.native if p.surname is not None else ""
        return fam, p.given.native, f"{p.father.native} {p.grandfather.native}"
    return "", "", ""


def _list_script(p: _Person) -> str:
    if p.native_only:
        return p.script
    return "latin" if p.script == "latin" else f"latin+{p.script}"


# --------------------------------------------------------------------------------------------
# list names


def _fmt_list(rng: Random, given: str, middle: str, surname: str) -> tuple[str, str, str]:
    """A list-style whole name and its surname/given parts."""
    gm = " ".join(x for x in (given, middle) if x)
    r = rng.random()
    if r < 0.5:
        return " ".join(x for x in (capitalise(gm), capitalise(surname)) if x), surname, gm
    if r < 0.8:
        return " ".join(x for x in (gm.upper(), surname.upper()) if x), surname, gm
    if not surname:
        return gm.upper(), surname, gm
    return f"{surname.upper()}, {capitalise(gm)}", surname, gm


def _add_name(p: _Person, name: str, name_type: str, surname: str = "", given: str = "") -> None:
    name = " ".join(name.split())
    if not name:
        return
    low = name.lower()
    if any(n[0].lower() == low for n in p.names):
        return
    p.names.append((name, name_type, surname, given))


def _render_list_names(rng: Random, p: _Person, native_only_share: float) -> None:
    o = p.origin
    p.native_only = o.script != "latin" and rng.random() < native_only_share
    if o.script == "cyrillic":
        sur_n, giv_n, pat_n = _native_parts(p)
        schemes = list(o.list_schemes)
        if not p.native_only:
            first = schemes[0] if rng.random() < 0.7 else p.scheme
            others = [s for s in (*schemes, p.scheme) if s != first]
            rng.shuffle(others)
            chosen = [first, *others[: rng.randint(1, 3)]]
            for i, scheme in enumerate(chosen):
                pat = _cyr(pat_n, scheme) if (i == 0 or rng.random() < 0.4) else ""
                name, s, g = _fmt_list(rng, _cyr(giv_n, scheme), pat, _cyr(sur_n, scheme))
                _add_name(p, name, "primary" if i == 0 else "alias", s, g)
        if p.native_only or rng.random() < 0.9:
            if rng.random() < 0.7:
                native = f"{giv_n} {pat_n} {sur_n}"
            else:
                native = f"{sur_n} {giv_n} {pat_n}"
            _add_name(p, native, "original_script", sur_n, f"{giv_n} {pat_n}".strip())
        if o.key == "caucasus" and rng.random() < 0.25:
            son = o.pool("given_m").pick(rng)
            _add_name(p, f"Abu {capitalise(_cyr(son.native, 'bgn'))}", "weak_alias")
    elif o.script == "arabic":
        assert p.father is not None and p.grandfather is not None
        link = "BINT" if p.female else "BIN"
        if not p.native_only:
            for i in range(rng.randint(2, 4)):
                idx = p.spell if i == 0 else tuple(_SPELL_WEIGHTS.pick(rng) for _ in range(4))
                if p.grandfather is p.father:
                    idx = (idx[0], idx[1], idx[1], idx[3])
                article = "AL-" if i == 0 else _ARTICLES[p.tag].pick(rng)
                g = _arab_spelling(p.given, idx[0], p.tag if i else "")
                f = _arab_spelling(p.father, idx[1], p.tag if i else "")
                gf = _arab_spelling(p.grandfather, idx[2], p.tag if i else "")
                fam = _arab_family(p, idx[3], article)
                r = rng.random()
                if r < 0.45:
                    middle = f"{f} {gf}"
                elif r < 0.65:
                    middle = f"{link} {f} {link} {gf}" if p.tag in ("gulf", "iraq") \
                        else f"{f} {gf}"
                elif r < 0.85 and fam:
                    middle = f
                else:
                    middle = ""
                if not fam and not middle:
                    middle = f"{f} {gf}"
                name, s, gn = _fmt_list(rng, g, middle, fam)
                _add_name(p, name, "primary" if i == 0 else "alias", s, gn)
        if p.native_only or rng.random() < 0.85:
            fam_n, giv_n, chain = _native_parts(p)
            if rng.random() < 0.3:
                # nasab chain: the link goes before each whole name (بن عبد الله), never
                # inside a compound
                ln = _ARABIC_BINT if p.female else _ARABIC_BIN
                chain = f"{ln} {p.father.native} {ln} {p.grandfather.native}"
            _add_name(p, f"{giv_n} {chain} {fam_n}", "original_script", fam_n,
                      f"{giv_n} {chain}")
        if rng.random() < 0.4:
            son = o.pool("given_m").pick(rng)
            if p.native_only and rng.random() < 0.5:
                _add_name(p, f"{_ARABIC_UMM if p.female else _ARABIC_ABU} {son.native}",
                          "weak_alias")
            else:
                kunya = "UMM" if p.female else "ABU"
                _add_name(p, f"{kunya} {_arab_spelling(son, _SPELL_WEIGHTS.pick(rng), p.tag)}",
                          "weak_alias")
    else:
        middle = _latin_middle(p)
        name, s, g = _fmt_list(rng, p.given.latins[0], middle, _latin_surname(p))
        _add_name(p, name, "primary", s, g)
        sur, giv = _passport_parts(p)
        if rng.random() < 0.6:
            _add_name(p, f"{giv} {sur}", "alias", sur, giv)
        if p.female and o.key == "western" and rng.random() < 0.3:
            maiden_entry = o.pool("surname", p.tag).pick(rng)
            if not _denied(p.given, maiden_entry):
                maiden = maiden_entry.latins[0]
                name, s, g = _fmt_list(rng, p.given.latins[0], middle, maiden)
                _add_name(p, name, "alias", s, g)
    if not p.names:  # always at least one name
        sur, giv = _passport_parts(p)
        _add_name(p, f"{giv} {sur}", "primary", sur, giv)


def _iter_people(config: SynthConfig) -> Iterator[_Person]:
    """The listed persons, in order, with list names rendered."""
    rng = Random(f"namematch-synth:{config.seed}:list")
    target_names = config.names
    index = 0
    names = 0
    while True:
        if target_names is None:
            if index >= config.persons:
                return
        elif names >= target_names:
            return
        origin = _LIST_MIX.pick(rng)
        p = _draw_person(rng, index, origin, listed=True)
        _render_list_names(rng, p, config.native_only_share)
        if target_names is not None and names + len(p.names) > target_names:
            del p.names[target_names - names:]
        names += len(p.names)
        index += 1
        yield p


def _gender_cell(p: _Person) -> str:
    return p.gender if p.gender_listed else ""


def _watchlist_rows(p: _Person) -> Iterator[dict[str, str]]:
    dob = ";".join(p.list_dobs)
    nat = ";".join(p.nationalities)
    gender = _gender_cell(p)
    for name, name_type, _s, _g in p.names:
        yield {"id": p.id, "name": name, "name_type": name_type, "dob": dob,
               "nationality": nat, "gender": gender}


def _listed_person(p: _Person) -> ListedPerson:
    names = tuple(ListName(name=n, name_type=NameType(t), surname=s or None,
                           given_names=g or None) for n, t, s, g in p.names)
    return ListedPerson(id=p.id, names=names, dobs=p.list_dobs, nationalities=p.nationalities,
                        gender=_gender_cell(p) or None, source="synthetic")


# --------------------------------------------------------------------------------------------
# passengers


@dataclass(slots=True)
class _Rendered:
    name: str = ""
    surname: str = ""
    given_names: str = ""
    form: str = ""
    script: str = "latin"
    notes: list[str] = field(default_factory=list)


def _render_latin_form(rng: Random, form: str, sur: str, giv: str, female: bool,
                       out: _Rendered) -> None:
    if form in ("api", "mrz"):
        s, g, truncated = mrz_fields(sur.replace("'", ""), giv.replace("'", ""), _UNITS)
        if truncated:
            out.notes.append("mrz_truncated")
        if form == "mrz":
            field_ = mrz_name(s, g, units=_UNITS)
            if rng.random() < 0.5:
                field_ = field_.ljust(39, "<")
            out.name = field_
        else:
            out.surname, out.given_names = s, g
    elif form == "pnr":
        out.name = pnr_name(fold_latin(sur), fold_latin(giv), female, rng, units=_UNITS)
    else:
        out.name = free_text(sur, giv, rng)
    out.form = form


def _other_spelling(rng: Random, p: _Person) -> tuple[str, str, str]:
    """A non-passport Latin spelling ``(surname, given, patronymic)`` of the person."""
    o = p.origin
    if o.script == "cyrillic":
        scheme = rng.choice(o.list_schemes)
        sur_n, giv_n, pat_n = _native_parts(p)
        return _cyr(sur_n, scheme), _cyr(giv_n, scheme), _cyr(pat_n, scheme)
    if o.script == "arabic":
        idx = tuple(_SPELL_WEIGHTS.pick(rng) for _ in range(4))
        assert p.father is not None
        sur = _arab_family(p, idx[3], _ARTICLES[p.tag].pick(rng))
        giv = _arab_spelling(p.given, idx[0], p.tag)
        fath = _arab_spelling(p.father, idx[1], p.tag)
        if not sur:
            return fath, giv, ""
        return sur, giv, fath if rng.random() < 0.3 else ""
    sur, giv = _passport_parts(p)
    if rng.random() < 0.5 and p.surname is not None:
        return _latin_surname(p), f"{p.given.latins[0]} {_latin_middle(p)}".strip(), ""
    return sur, giv, ""


def _render_native(rng: Random, p: _Person, out: _Rendered) -> None:
    sur, giv, mid = _native_parts(p)
    if p.script == "cyrillic":
        r = rng.random()
        if r < 0.4:
            out.name = " ".join(x for x in (sur, giv, mid) if x).upper()
        elif r < 0.7:
            out.name = " ".join(x for x in (sur, giv, mid) if x)
        else:
            out.name = f"{giv} {sur}"
    else:
        assert p.father is not None
        father = p.father.native  # a compound (عبد الله) is one name, kept whole
        if not sur:
            out.name = f"{giv} {mid}"
        elif rng.random() < 0.5:
            out.name = f"{giv} {father} {sur}"
        else:
            out.name = f"{giv} {sur}"
    out.form = "free"
    out.script = p.script


def _render_passenger_name(rng: Random, p: _Person, form: str,
                           typo_parts: int = 0) -> _Rendered:
    """Render person ``p`` as one manifest name in ``form`` (api, mrz, pnr, free, native)."""
    out = _Rendered()
    if form == "native":
        _render_native(rng, p, out)
        return out
    if form in ("api", "mrz") or rng.random() < 0.65:
        sur, giv = _passport_parts(p)
        pat = ""
    else:
        sur, giv, pat = _other_spelling(rng, p)
        out.notes.append("non_passport_spelling")
    if form == "free" and pat and p.script == "cyrillic" and rng.random() < 0.3:
        giv = f"{giv} {pat}"
        out.notes.append("with_patronymic")
    for _ in range(typo_parts):
        if rng.random() < 0.5:
            sur = typo(sur, rng)
        else:
            first, _sep, rest = giv.partition(" ")
            giv = f"{typo(first, rng)} {rest}".strip()
    _render_latin_form(rng, form, sur, giv, p.female, out)
    return out


_POS_FORMS = Weighted(["api", "mrz"], [80, 20])
_NEG_FORMS_LATIN = Weighted(["api", "mrz", "pnr", "free"], [34, 8, 36, 22])
_NEG_FORMS_NATIVE = Weighted(["api", "mrz", "pnr", "free", "native"], [30, 7, 32, 19, 12])
_TYPO_FORMS = Weighted(["api", "pnr", "free"], [35, 40, 25])


def _pax_dob(rng: Random, true_dob: date, notes: list[str], exact_on_list: bool,
             allow_edge: bool = True) -> str:
    if allow_edge:
        r = rng.random()
        if r < 0.04:
            notes.append("dob_missing")
            return ""
        if r < 0.12 and exact_on_list and true_dob.day <= 12 and true_dob.day != true_dob.month:
            notes.append("dob_swapped")
            return date(true_dob.year, true_dob.day, true_dob.month).isoformat()
    return true_dob.isoformat()


def _other_dob(rng: Random, p: _Person, min_gap: int, max_gap: int) -> date:
    """A date whose year is at least ``min_gap`` years from every year the list allows."""
    years = {p.dob.year}
    for spec in p.list_dobs:
        if ".." in spec:
            a, b = spec.split("..")
            years.update(range(int(a), int(b) + 1))
        else:
            years.add(int(spec[:4]))
    for _ in range(50):
        gap = rng.randint(min_gap, max_gap) * (1 if rng.random() < 0.5 else -1)
        year = p.dob.year + gap
        if 1935 <= year <= 2010 and all(abs(year - y) >= min_gap for y in years):
            break
    else:
        year = max(years) + min_gap
    start = date(year, 1, 1).toordinal()
    return date.fromordinal(start + rng.randrange(365))


def _pax_row(pid: str, r: _Rendered, dob: str, nat: str, gender: str) -> dict[str, str]:
    return {"passenger_id": pid, "name": r.name, "surname": r.surname,
            "given_names": r.given_names, "dob": dob, "nationality": nat, "gender": gender}


def _pax_nat(rng: Random, p: _Person) -> str:
    if len(p.nationalities) > 1 and rng.random() < 0.3:
        return p.nationalities[1]
    return p.nationalities[0]


def _neg_form(rng: Random, p: _Person) -> str:
    return (_NEG_FORMS_LATIN if p.script == "latin" else _NEG_FORMS_NATIVE).pick(rng)


def _truth_form(form: str) -> str:
    return "free" if form == "native" else form


def _clone(p: _Person, **changes: object) -> _Person:
    q = _Person(index=p.index, id="", origin=p.origin, tag=p.tag, female=p.female,
                given=p.given, surname=p.surname, middle=p.middle, middle2=p.middle2,
                surname2=p.surname2, father=p.father, grandfather=p.grandfather, great=p.great,
                pat_style=p.pat_style, uulu=p.uulu, dob=p.dob,
                dob_kind="exact", list_dobs=(), nationalities=p.nationalities,
                scheme=p.scheme, spell=p.spell, article=p.article)
    for k, v in changes.items():
        setattr(q, k, v)
    return q


def _name_key(p: _Person) -> tuple[str, ...]:
    """The person-name of ``p``: given name and surname lemma as stock keys.

    Every rendering of the person (any scheme, spelling, script, feminine surname form)
    has this key; two people with the same key have the same name for any screener.
    """
    if p.uulu:
        assert p.father is not None
        return (p.given.key, "uulu", p.father.key)
    if p.surname is None:
        assert p.father is not None and p.grandfather is not None
        return (p.given.key, "", p.father.key, p.grandfather.key)
    if p.surname2 is not None:
        return (p.given.key, p.surname.key, p.surname2.key)
    return (p.given.key, p.surname.key)


def _dob_in_spec(dob: str, spec: str) -> bool:
    """True when the ISO date ``dob`` falls inside a list DOB ``spec`` (date, month, year,
    ``YYYY..YYYY`` range)."""
    if ".." in spec:
        lo, hi = spec.split("..")
        return int(lo) <= int(dob[:4]) <= int(hi)
    return dob.startswith(spec)


#: listed person-names -> (id, list DOB specs) of the persons with that name (``()`` = no DOB)
_ListedNames = dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]]


def _is_ambiguous(listed: _ListedNames, q: _Person, dob: str) -> bool:
    """True when passenger ``q`` born ``dob`` cannot be told apart from a listed person.

    That is the case when a listed person has the same person-name and no date of birth
    separates them: the listed person has none, the passenger has none, or the passenger's
    date falls inside the listed spec.
    """
    return bool(_indistinguishable(listed, q, dob))


def _indistinguishable(listed: _ListedNames, q: _Person, dob: str) -> list[str]:
    """Ids of the listed persons with the person-name of ``q`` whose dates of birth do not
    separate them from a passenger born ``dob`` (see :func:`_is_ambiguous`)."""
    return [pid for pid, spec in listed.get(_name_key(q), ())
            if not dob or not spec or any(_dob_in_spec(dob, s) for s in spec)]


class _PassengerMaker:
    """Produces passengers and truth rows from a pool of retained listed persons."""

    def __init__(self, config: SynthConfig, pool: list[_Person],
                 listed_names: _ListedNames) -> None:
        self.config = config
        self.rng = Random(f"namematch-synth:{config.seed}:passengers")
        self.pool = pool
        self.listed_names = listed_names
        self.native_pool = [p for p in pool if p.script != "latin"]
        self.dob_pool = [p for p in pool if p.list_dobs]
        self.near_pool = [p for p in pool if self._near_parts(p)]
        self.order = list(range(len(pool)))
        self.rng.shuffle(self.order)
        self.native_order = list(range(len(self.native_pool)))
        self.rng.shuffle(self.native_order)
        self.pos_i = 0
        self.native_i = 0
        self.pos_slice_i = 0
        self.random_index = 10**9

    def _near_parts(self, p: _Person) -> list[str]:
        """The parts of ``p`` that can be swapped for a near name.

        A part whose name also fills another slot of the name (a given name CHERIF with the
        family name AL-SHARIF) is skipped: after the swap the old name would still be there.
        """
        slots = (p.given, p.surname, p.middle, p.middle2, p.surname2, p.father, p.grandfather,
                 p.great)
        spelled = Counter(_unit_words(e.latins[0].replace(" ", "")) for e in slots
                          if e is not None)
        parts = []
        if p.given.key + "\t" + p.given.kind in p.origin.near \
                and spelled[_unit_words(p.given.latins[0].replace(" ", ""))] == 1:
            parts.append("given")
        # a Kyrgyz "X uulu" surname is the father's name: there is no surname part to swap
        if p.surname is not None and not p.uulu \
                and p.surname.key + "\t" + p.surname.kind in p.origin.near \
                and spelled[_unit_words(p.surname.latins[0].replace(" ", ""))] == 1:
            parts.append("surname")
        return parts

    def groups(self) -> list[str]:
        counts = self.config.slice_counts()
        if not self.pool:
            counts = {"random": self.config.passengers}
        seq = [g for g, n in counts.items() for _ in range(n)]
        self.rng.shuffle(seq)
        return seq

    def make(self, pid: str, group: str) -> tuple[dict[str, str], TruthRow]:
        rng = self.rng
        if group == "positive":
            return self._positive(pid)
        if group == "namesake" and self.dob_pool:
            return self._namesake(pid, rng.choice(self.dob_pool))
        if group == "relative" and self.pool:
            return self._relative(pid, rng.choice(self.pool))
        if group == "near_name" and self.near_pool:
            return self._near(pid, rng.choice(self.near_pool))
        return self._random(pid)

    def _positive(self, pid: str) -> tuple[dict[str, str], TruthRow]:
        rng = self.rng
        slice_ = POSITIVE_SLICES[self.pos_slice_i % len(POSITIVE_SLICES)]
        self.pos_slice_i += 1
        if slice_ == "native" and self.native_pool:
            p = self.native_pool[self.native_order[self.native_i % len(self.native_pool)]]
            self.native_i += 1
        else:
            if slice_ == "native":
                slice_ = "free"
            p = self.pool[self.order[self.pos_i % len(self.pool)]]
            self.pos_i += 1
        if slice_ == "api":
            form = _POS_FORMS.pick(rng)
        elif slice_ == "typo":
            form = _TYPO_FORMS.pick(rng)
        else:
            form = slice_
        r = _render_passenger_name(rng, p, form,
                                   typo_parts=(2 if rng.random() < 0.3 else 1)
                                   if slice_ == "typo" else 0)
        notes = r.notes
        if p.native_only:
            notes.append("list_original_script_only")
        notes.append(f"list_dob_{p.dob_kind}")
        dob = _pax_dob(rng, p.dob, notes, p.dob_kind in ("exact", "multi"))
        if p.script == "cyrillic" and r.script == "latin" and form != "free":
            notes.append(f"scheme={p.scheme}")
        row = _pax_row(pid, r, dob, _pax_nat(rng, p), p.gender)
        others = [i for i in _indistinguishable(self.listed_names, p, dob) if i != p.id]
        return row, TruthRow(pid, p.id, slice_, _truth_form(r.form), _list_script(p), r.script,
                             ";".join(notes), "", ";".join(others))

    def _negative(self, pid: str, q: _Person, slice_: str, ref: _Person | None,
                  notes: list[str], dob_missing: float = 0.0) -> tuple[dict[str, str], TruthRow]:
        rng = self.rng
        r = _render_passenger_name(rng, q, _neg_form(rng, q))
        if ref is not None:
            notes.insert(0, f"{slice_}_of={ref.id}")
        notes.extend(r.notes)
        nat = _pax_nat(rng, q)
        if ref is not None and rng.random() < 0.3:
            nat = _pick_nationality(rng, q.origin, q.tag).pick(rng)
        dob = "" if dob_missing and rng.random() < dob_missing else q.dob.isoformat()
        row = _pax_row(pid, r, dob, nat, q.gender)
        ambiguous = "1" if _is_ambiguous(self.listed_names, q, dob) else ""
        return row, TruthRow(pid, "", slice_, _truth_form(r.form), "", r.script,
                             ";".join(notes), ambiguous)

    def _namesake(self, pid: str, p: _Person) -> tuple[dict[str, str], TruthRow]:
        q = _clone(p, dob=_other_dob(self.rng, p, 3, 25))
        return self._negative(pid, q, "namesake", p, [])

    def _relative(self, pid: str, p: _Person) -> tuple[dict[str, str], TruthRow]:
        rng = self.rng
        female = rng.random() < 0.5
        kind = "given_f" if female else "given_m"
        pool = p.origin.pool(kind, p.tag if p.origin.key == "western" else "")
        given = pool.pick(rng)
        for _ in range(20):
            if given.key != p.given.key and not _denied(given, p.surname):
                break
            given = pool.pick(rng)
        notes: list[str] = []
        father = p.father
        r = rng.random()
        if r < 0.5:
            notes.append("sibling")
        elif r < 0.8 and not p.female and p.origin.script != "latin":
            father = p.given
            notes.append("child")
        else:
            notes.append("other_relative")
        q = _clone(p, female=female, given=given, father=father, middle=None, middle2=None,
                   dob=_other_dob(rng, p, 2, 30))
        if q.origin.script == "arabic" and notes[0] == "child":
            q.grandfather = p.father
        return self._negative(pid, q, "relative", p, notes)

    def _near(self, pid: str, p: _Person) -> tuple[dict[str, str], TruthRow]:
        rng = self.rng
        parts = self._near_parts(p)
        part = rng.choice(parts)
        if part == "given":
            other = rng.choice(p.origin.near[p.given.key + "\t" + p.given.kind])
            q = _clone(p, given=other, female=other.kind == "given_f")
        else:
            assert p.surname is not None
            other = rng.choice(p.origin.near[p.surname.key + "\t" + p.surname.kind])
            q = _clone(p, surname=other)
        if _denied(q.given, q.surname):
            return self._random(pid)
        q.dob = _other_dob(rng, p, 1, 20)
        was = p.given if part == "given" else p.surname
        assert was is not None
        return self._negative(pid, q, "near_name", p, [f"part={part}", f"other={other.latins[0]}",
                                                        f"was={was.latins[0]}"])

    def _random(self, pid: str) -> tuple[dict[str, str], TruthRow]:
        rng = self.rng
        origin = _PAX_MIX.pick(rng)
        q = _draw_person(rng, self.random_index, origin, listed=False)
        self.random_index += 1
        notes = []
        if _name_key(q) in self.listed_names:
            notes.append("same_name_as_listed")
        return self._negative(pid, q, "random", None, notes, dob_missing=0.02)


def _retain_indices(config: SynthConfig) -> tuple[int, set[int] | None]:
    """Which listed persons to keep in memory for the passenger manifest.

    Returns ``(limit, sample)``: persons with index < ``limit`` are candidates; ``sample``
    is ``None`` when all of them are kept.
    """
    limit = config.persons if config.names is None else max(1, config.names //
                                                             MAX_NAMES_PER_PERSON)
    counts = config.slice_counts()
    needed = 3 * (counts["positive"] + counts["namesake"] + counts["relative"]
                  + counts["near_name"]) + 100
    if config.passengers == 0:
        return 0, set()
    if limit <= max(needed, 50_000):
        return limit, None
    rng = Random(f"namematch-synth:{config.seed}:retain")
    return limit, set(rng.sample(range(limit), needed))


class _Run:
    """One generation run: lists then passengers, shared by every public entry point."""

    def __init__(self, config: SynthConfig) -> None:
        config.validate()
        self.config = config
        self.limit, self.sample = _retain_indices(config)
        self.pool: list[_Person] = []
        self.listed_names: _ListedNames = {}
        self.persons = 0
        self.list_names = 0
        self.name_types: Counter[str] = Counter()
        self.list_dobs: Counter[str] = Counter()

    def people(self) -> Iterator[_Person]:
        keep_keys = self.config.passengers > 0
        for p in _iter_people(self.config):
            self.persons += 1
            self.list_names += len(p.names)
            self.name_types.update(t for _n, t, _s, _g in p.names)
            self.list_dobs[p.dob_kind] += 1
            if p.index < self.limit and (self.sample is None or p.index in self.sample):
                self.pool.append(p)
            if keep_keys and p.names:
                self.listed_names.setdefault(_name_key(p), []).append((p.id, p.list_dobs))
            yield p

    def passengers(self) -> Iterator[tuple[dict[str, str], TruthRow]]:
        maker = _PassengerMaker(self.config, self.pool, self.listed_names)
        width = max(6, len(str(self.config.passengers)))
        for i, group in enumerate(maker.groups(), 1):
            yield maker.make(f"P{i:0{width}d}", group)


def _passenger_record(row: dict[str, str], truth: TruthRow) -> Passenger:
    return Passenger(passenger_id=row["passenger_id"], name=row["name"] or None,
                     surname=row["surname"] or None, given_names=row["given_names"] or None,
                     dob=row["dob"] or None, nationality=row["nationality"] or None,
                     gender=row["gender"] or None,
                     form="api" if truth.form == "api" else truth.form, source="synthetic")


# --------------------------------------------------------------------------------------------
# public entry points


def iter_watchlist_rows(config: SynthConfig) -> Iterator[dict[str, str]]:
    """Watchlist CSV rows (``id,name,name_type,dob,nationality,gender``), streamed."""
    run = _Run(SynthConfig(**{**config.__dict__, "passengers": 0}))
    for p in run.people():
        yield from _watchlist_rows(p)


def iter_persons(config: SynthConfig) -> Iterator[ListedPerson]:
    """The listed persons as :class:`~namematch.types.ListedPerson` records, streamed."""
    run = _Run(SynthConfig(**{**config.__dict__, "passengers": 0}))
    for p in run.people():
        yield _listed_person(p)


def iter_passengers(config: SynthConfig) -> Iterator[tuple[Passenger, TruthRow]]:
    """Passengers as :class:`~namematch.types.Passenger` records with their ground truth.

    The watchlist is generated (not kept) first, since passengers refer to listed persons.
    """
    run = _Run(config)
    for _ in run.people():
        pass
    for row, truth in run.passengers():
        yield _passenger_record(row, truth), truth


def build_dataset(config: SynthConfig) -> SynthDataset:
    """Generate everything in memory (fine up to a few hundred thousand rows)."""
    run = _Run(config)
    persons: list[ListedPerson] = []
    wl_rows: list[dict[str, str]] = []
    for p in run.people():
        persons.append(_listed_person(p))
        wl_rows.extend(_watchlist_rows(p))
    pax: list[Passenger] = []
    pax_rows: list[dict[str, str]] = []
    truth: list[TruthRow] = []
    for row, t in run.passengers():
        pax_rows.append(row)
        pax.append(_passenger_record(row, t))
        truth.append(t)
    return SynthDataset(persons, wl_rows, pax, pax_rows, truth)


def iter_dataset(config: SynthConfig) -> tuple[list[dict[str, str]], list[dict[str, str]],
                                               list[dict[str, str]]]:
    """``(watchlist_rows, passenger_rows, truth_rows)`` as CSV-ready dicts, in memory."""
    ds = build_dataset(config)
    return ds.watchlist_rows, ds.passenger_rows, [t.as_row() for t in ds.truth]


def _writer(fh: io.TextIOBase, columns: tuple[str, ...]) -> csv.DictWriter[str]:
    w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    return w


def write_dataset(config: SynthConfig, outdir: Path, list_only: bool = False,
                  command: str | None = None) -> SynthSummary:
    """Write ``watchlist.csv``, ``passengers.csv``, ``truth.csv`` and ``card.md`` to ``outdir``.

    Args:
        config: what to generate.
        outdir: output folder (created if missing).
        list_only: write only ``watchlist.csv`` (and the card).
        command: the command line to record on the card.

    Returns:
        Counts per slice, form and name type.
    """
    if list_only:
        config = SynthConfig(**{**config.__dict__, "passengers": 0})
    run = _Run(config)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with open(outdir / "watchlist.csv", "w", encoding="utf-8", newline="") as fh:
        w = _writer(fh, WATCHLIST_COLUMNS)
        for p in run.people():
            w.writerows(_watchlist_rows(p))
    slices: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    notes: Counter[str] = Counter()
    ambiguous: Counter[str] = Counter()
    ambiguous_with = 0
    positives = 0
    n_pax = 0
    if not list_only:
        with open(outdir / "passengers.csv", "w", encoding="utf-8", newline="") as pf, \
                open(outdir / "truth.csv", "w", encoding="utf-8", newline="") as tf:
            pw = _writer(pf, PASSENGER_COLUMNS)
            tw = _writer(tf, TRUTH_COLUMNS)
            for row, t in run.passengers():
                pw.writerow(row)
                tw.writerow(t.as_row())
                n_pax += 1
                slices[t.slice] += 1
                forms[f"{t.form}/{t.passenger_script}"] += 1
                positives += bool(t.watchlist_id)
                if t.ambiguous:
                    ambiguous[t.slice] += 1
                ambiguous_with += bool(t.ambiguous_with)
                for note in t.notes.split(";"):
                    if note and "=" not in note:
                        notes[note] += 1
    summary = SynthSummary(config=config, persons=run.persons, list_names=run.list_names,
                           passengers=n_pax, positives=positives,
                           slices=dict(sorted(slices.items())), forms=dict(sorted(forms.items())),
                           name_types=dict(sorted(run.name_types.items())),
                           list_dobs=dict(sorted(run.list_dobs.items())),
                           notes=dict(sorted(notes.items())),
                           ambiguous={**dict(sorted(ambiguous.items())),
                                      "total": sum(ambiguous.values())},
                           ambiguous_with=ambiguous_with)
    (outdir / "card.md").write_text(render_card(summary, command, list_only), encoding="utf-8")
    return summary
