"""Name parsing: raw name strings into typed parts that know the form they came from.

Screening fails most often on structure, not spelling: which part is the surname, what the
form has dropped, what is a title. :func:`parse_name` turns a raw name into a :class:`Name`
whose :class:`NamePart` items carry a :class:`Role` (given, patronymic, surname, father,
kunya, particle, title...), and whose :attr:`Name.may_lack` says which roles the source form
can lose, so that the scorer does not penalise absence as disagreement.

Forms (:class:`Form`) and how they are read:

* ``MRZ``: ``SURNAME<<GIVEN<NAMES`` fields (A-Z and ``<``) and whole TD1/TD2/TD3 lines
  (:func:`parse_mrz_line`). A field that fills the 39 (TD3), 31 (TD2) or 30 (TD1) character
  capacity without trailing filler is truncated: its last part is flagged ``truncated`` and
  must be compared as a prefix. ``<`` becomes a space between parts.
* ``PNR``: ``SURNAME/GIVEN NAMES TITLE`` reservation names. Titles may be glued on
  (``IVANOVA/ANNAMRS``) and suffixes glued to the surname (``OLSENJR``). A title is stripped
  only as a suffix of the last given name, and both readings are kept
  (:func:`parse_readings`): MR/MRS/MS/MISS/MSTR glued are stripped in the best reading (unless
  the word is a known name such as ``AMR``), DR/PROF only in an alternative reading
  (``ALEKSANDR``). Several travellers on one surname (``N.2IVANOV/IVAN MR/ANNA MRS``) are
  split by :func:`split_pnr_group`; :func:`parse_name` reads the first traveller.
* ``API``: separate surname and given-names fields read from a passport
  (:func:`parse_fields`). Every surname-field token is a surname part (particles excepted);
  given-field tokens are given names. An Arabic passport's given-names field often carries
  the father's and grandfather's names: they stay ``GIVEN`` parts (the field cannot tell),
  and ``FATHER``/``GRANDFATHER`` are in ``may_lack`` so the scorer may align them.
* ``FREE``: free text. Rules, in order:

  1. ``SURNAME, Given`` (a comma) puts the surname before the comma.
  2. A nasab chain (``X bin Y [bin Z] [Al] W``): ism ``GIVEN``, ``bin`` ``CONNECTOR``,
     ``Y`` ``FATHER``, ``Z`` (or a following unconnected name that is not last)
     ``GRANDFATHER``, the last name after the chain ``SURNAME``. ``ben``/``ould`` followed by a
     single last name are read as a family name (``Ben Ali``: particle + surname), as is
     Arabic-script ``bn`` after two or more names, and any such connector at the very start
     (``BEN AISSA LAYLA``). ``abu``/``umm`` + name is a kunya (unless the name has a strong
     surname ending, ``Abu Galayev``; ``Abu Bakr`` is a given name).
  3. Arabic-script names with three or more names and no connector: ism, father,
     grandfather..., last name surname.
  4. Upper-case surname convention: a run of all-capital words at the start or end while the
     other words are mixed case (``IVANOV Ivan``, ``Ivan IVANOV``).
  5. Initials are given names (``Ivanov I.I.``, ``J. SMITH``); a leading Arabic article
     (``AL QAHTANI ABDULRAHMAN``) puts the surname first.
  6. A patronymic (``-ovich``, ``-ovna``, ``-uly``, ``X uulu``...) last among three or more
     names puts the surname first (``Sidorov Ivan Petrovich``); in the middle, the surname is
     last (``Ivan Petrovich Sidorov``); with two names there is no surname, except that a
     separate-word patronymic (``Asanbek uulu``) then serves as the surname, as Kyrgyz
     passports print it.
  7. Surname endings: a strong ending (``-ov``, ``-skaya``, ``-zoda``, glued ``AL...I``
     nisba) on one end only puts the surname there (``ALQAHTANI ABDULRAHMAN YOUSEF``,
     ``Ахметов Қасым``, ``IVAN IVANOV``); an article before the last name puts it last; in
     Cyrillic a weak ending (``-ин``/``-ина``) on the first name only puts it first. Given
     names with such endings are listed as exceptions (Marina, Konstantin, Ozoda).
  8. Otherwise: all-capital text is read in document order, ``SURNAME GIVEN NAMES`` (as
     manifests and passports print it), with ``Given Surname`` as the alternative reading in
     :func:`parse_readings`; mixed-case text is ``Given ... Surname``.

* ``LIST``: list entries: free-text rules (``SURNAME, Given`` included) with list-specific
  ``may_lack``, and UN-style unlabelled name slots (:func:`parse_list_slots`): the last filled
  slot is the family name; for Arabic-looking names the middle slots are father and
  grandfather.

Compound given names are one part: ``Abd al-Rahman``/``ABDUL RAHMAN`` (a head ``abd``/``abdul``
joins the next name), ``Nur ad-Din``, ``Saif al-Islam`` (a known first element joins a tail
such as ``din``/``islam``/``allah``), ``Abu Bakr``; hyphenated names stay whole
(``Qasym-Zhomart``). An Arabic article hyphen-glued to a name is split off (``al-Qahtani`` ->
``al`` + ``Qahtani``). :attr:`NamePart.key` folds case and drops spaces, hyphens and
apostrophes, so ``ABDULRAHMAN`` and ``ABDUL RAHMAN`` have equal keys.

Tables live in ``namematch/data/parsing/`` (see the README there). Parsing never raises on
any string, never invents characters (part texts are substrings of the cleaned input) and is
idempotent on its own output (re-parsing the space-joined part texts gives the same texts).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources

__all__ = [
    "GLUED_MIN_LEN",
    "Form",
    "Name",
    "NamePart",
    "Role",
    "detect_form",
    "fields_raw",
    "parse_fields",
    "parse_list_slots",
    "parse_mrz_line",
    "parse_name",
    "parse_readings",
    "reset_caches",
    "split_pnr_group",
    "surname_accuracy",
    "surname_matches",
]


class Form(str, Enum):
    """The form a name came from; decides how it is read and what it may have lost."""

    FREE = "free"
    MRZ = "mrz"
    #: Separate surname / given-names fields read from a passport (upper-case Latin, no
    #: patronymic).
    API = "api"
    PNR = "pnr"
    LIST = "list"


class Role(str, Enum):
    """The role of one name part.

    ``GIVEN`` covers the ism and middle names; ``FATHER``/``GRANDFATHER`` are nasab chain
    members (the words bin/ibn/bint/ould/abu/umm themselves are ``CONNECTOR`` parts, as are
    separate-word patronymic markers such as ``uulu``); the name after ``abu``/``umm`` is
    ``KUNYA``.
    """

    GIVEN = "given"
    PATRONYMIC = "patronymic"
    SURNAME = "surname"
    FATHER = "father"
    GRANDFATHER = "grandfather"
    KUNYA = "kunya"
    NISBA = "nisba"
    PARTICLE = "particle"
    TITLE = "title"
    SUFFIX = "suffix"
    CONNECTOR = "connector"
    UNKNOWN = "unknown"


_COMPACT_DROP = re.compile(r"[\s\-\u2010\u2011'`\u2019\u02bc<.]+")


def _compact_key(text: str) -> str:
    return _COMPACT_DROP.sub("", text.casefold())


@dataclass(frozen=True, slots=True)
class NamePart:
    """One part of a name.

    Attributes:
        text: The token as written in the source after light cleaning (case and script kept;
            MRZ ``<`` becomes a space inside a compound).
        role: What the part is.
        truncated: The form cut this part off: compare it as a prefix.
        initial: A single letter, with or without a dot.
        glued: The part was glued to its neighbour in the source (PNR dropped a space).
    """

    text: str
    role: Role
    truncated: bool = False
    initial: bool = False
    glued: bool = False

    @property
    def key(self) -> str:
        """Case-folded text without spaces, hyphens, apostrophes or dots (``abdulrahman``)."""
        return _compact_key(self.text)


_NON_NAME_ROLES = frozenset({Role.TITLE, Role.SUFFIX, Role.CONNECTOR})


@dataclass(frozen=True, slots=True)
class Name:
    """A parsed name.

    Attributes:
        raw: The input as given.
        parts: Parts in source order, titles, suffixes and connectors included.
        form: The form the name was read as.
        script: ``latin``, ``cyrillic``, ``arabic``, ``mixed`` (several scripts, or a script
            outside these three) or ``none`` (no letters).
        may_lack: Roles this form may have dropped; absence of such a part is not a
            disagreement.
        gender_hint: ``"M"``/``"F"`` from a title or a gendered patronymic, else ``None``.
        truncated: The form cut the name (full-length MRZ field).
    """

    raw: str
    parts: tuple[NamePart, ...]
    form: Form
    script: str
    may_lack: frozenset[Role]
    gender_hint: str | None
    truncated: bool

    @property
    def surname_text(self) -> str | None:
        """The SURNAME parts joined by spaces, or ``None`` if the name has no surname part."""
        texts = [p.text for p in self.parts if p.role is Role.SURNAME]
        return " ".join(texts) if texts else None

    @property
    def family_text(self) -> str | None:
        """The surname with the particles written right before it (``van der Berg``,
        ``Al Qahtani``), or ``None`` if the name has no surname part."""
        texts: list[str] = []
        pending: list[str] = []
        for p in self.parts:
            if p.role is Role.PARTICLE:
                pending.append(p.text)
            elif p.role is Role.SURNAME:
                texts += pending
                texts.append(p.text)
                pending = []
            else:
                pending = []
        return " ".join(texts) if texts else None

    def name_parts(self) -> tuple[NamePart, ...]:
        """The parts that are names: all but titles, suffixes and connectors."""
        return tuple(p for p in self.parts if p.role not in _NON_NAME_ROLES)

    def with_role(self, role: Role) -> tuple[NamePart, ...]:
        """The parts with one role, in source order."""
        return tuple(p for p in self.parts if p.role is role)


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------

_FOLD_TABLE = str.maketrans(
    {
        "\N{RIGHT SINGLE QUOTATION MARK}": "'",
        "\N{LEFT SINGLE QUOTATION MARK}": "'",
        "\N{MODIFIER LETTER APOSTROPHE}": "'",
        "\N{MODIFIER LETTER TURNED COMMA}": "'",
        "`": "'",
        "\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}": "\N{ARABIC LETTER ALEF}",
        "\N{ARABIC LETTER ALEF WITH HAMZA BELOW}": "\N{ARABIC LETTER ALEF}",
        "\N{ARABIC LETTER ALEF WITH MADDA ABOVE}": "\N{ARABIC LETTER ALEF}",
        "\N{ARABIC LETTER ALEF WASLA}": "\N{ARABIC LETTER ALEF}",
        "\N{ARABIC TATWEEL}": None,
    }
)


def _fold(text: str) -> str:
    return text.casefold().translate(_FOLD_TABLE).rstrip(".")


def _read_tsv(name: str) -> list[dict[str, str]]:
    text = (resources.files("namematch") / "data" / "parsing" / name).read_text(encoding="utf-8")
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, (c.strip() for c in cells), strict=False)))
    return rows


@dataclass(frozen=True, slots=True)
class _Tables:
    titles: dict[str, tuple[str, str, str]]  # key -> (gender, kind, pnr_glue)
    suffixes: dict[str, str]  # key -> pnr_glue
    particles: dict[str, str]  # key -> kind
    connectors: dict[str, tuple[str, str]]  # key -> (kind, gender)
    patronymic_suffixes: tuple[tuple[str, str, int], ...]  # (suffix, gender, min_len)
    patronymic_ends: tuple[str, ...]
    surname_suffixes: tuple[tuple[str, str, int, int], ...]  # (suffix, gender, strength, min)
    surname_ends: tuple[str, ...]
    given_exceptions: frozenset[str]
    given_endings: tuple[str, ...]
    compounds: dict[str, str]  # key -> kind
    pairs: frozenset[str]
    glue_exceptions: frozenset[str]
    articles: frozenset[str]
    glued_titles: tuple[tuple[str, str], ...]  # (suffix key upper, glue), longest first
    glued_suffixes: tuple[tuple[str, str], ...]


def _load_tables() -> _Tables:
    titles = {_fold(r["token"]): (r["gender"], r["kind"], r["pnr_glue"] or "no")
              for r in _read_tsv("titles.tsv")}
    suffixes = {_fold(r["token"]): r["pnr_glue"] or "no" for r in _read_tsv("suffixes.tsv")}
    particles = {_fold(r["token"]): r["kind"] for r in _read_tsv("particles.tsv")}
    connectors = {_fold(r["token"]): (r["kind"], r["gender"])
                  for r in _read_tsv("connectors.tsv")}
    pat = sorted(((_fold(r["suffix"]), r["gender"], int(r["min_len"] or 0))
                  for r in _read_tsv("patronymic_suffixes.tsv")), key=lambda t: -len(t[0]))
    strength = {"strong": 2, "weak": 1}
    sur = sorted(((_fold(r["suffix"]), r["gender"], strength.get(r["strength"], 1),
                   int(r["min_len"] or 0)) for r in _read_tsv("surname_suffixes.tsv")),
                 key=lambda t: -len(t[0]))
    exceptions = [_fold(r["token"]) for r in _read_tsv("given_exceptions.tsv")]
    compounds: dict[str, str] = {}
    pairs: set[str] = set()
    for r in _read_tsv("compounds.tsv"):
        key = " ".join(_fold(w) for w in r["token"].split())
        if r["kind"] == "pair":
            pairs.add(key)
        else:
            compounds[key] = r["kind"]
    glued_titles = tuple(sorted(((k.upper(), g[2]) for k, g in titles.items()
                                 if g[2] in ("strip", "alt") and k.isascii()),
                                key=lambda t: -len(t[0])))
    glued_suffixes = tuple(sorted(((k.upper(), g) for k, g in suffixes.items()
                                   if g in ("strip", "strip_cons", "alt")),
                                  key=lambda t: -len(t[0])))
    return _Tables(
        titles=titles,
        suffixes=suffixes,
        particles=particles,
        connectors=connectors,
        patronymic_suffixes=tuple(pat),
        patronymic_ends=tuple(t[0] for t in pat),
        surname_suffixes=tuple(sur),
        surname_ends=tuple(t[0] for t in sur),
        given_exceptions=frozenset(e for e in exceptions if not e.startswith("-")),
        given_endings=tuple(e[1:] for e in exceptions if e.startswith("-")),
        compounds=compounds,
        pairs=frozenset(pairs),
        glue_exceptions=frozenset(
            _fold(r["token"]) for r in _read_tsv("pnr_glue_exceptions.tsv")),
        articles=frozenset(k for k, v in particles.items() if v == "article" and k.isascii()),
        glued_titles=glued_titles,
        glued_suffixes=glued_suffixes,
    )


_T = _load_tables()

_VOWELS = frozenset("aeiouy")
_VOWELS_UP = frozenset("AEIOUYaeiouy")
_ARABIC_ARTICLE = "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}"


@dataclass(frozen=True, slots=True)
class _Info:
    """What the tables say about one token (cached per token text)."""

    key: str
    title: str | None  # gender ("M"/"F"/"") when a title, else None
    title_kind: str
    suffix: bool
    particle: str
    connector: str
    conn_gender: str
    patronymic: str | None  # gender when a patronymic, else None
    surname: int  # 0 none, 1 weak, 2 strong surname evidence (suffix or glued nisba)
    nisba: bool
    compound: str
    initial: bool
    letters: int
    caps: bool
    lower: bool
    script: str  # "" when the token has no letters
    abbrev: bool  # initials only: "J.", "I.I.", "A"

    @property
    def plain(self) -> bool:
        return (self.letters > 0 and self.title is None and not self.suffix
                and not self.particle and not self.connector)


_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.){1,4}")


@lru_cache(maxsize=1 << 16)
def _info(text: str) -> _Info:
    key = _fold(text)
    letters = sum(1 for ch in text if ch.isalpha())
    has_upper = any(ch.isupper() for ch in text)
    has_lower = any(ch.islower() for ch in text)
    abbrev = letters > 0 and (letters == 1 or _INITIALS_RE.fullmatch(text) is not None)
    title = _T.titles.get(key)
    conn = _T.connectors.get(key)
    patronymic: str | None = None
    surname = 0
    nisba = False
    compound = _T.compounds.get(key, "")
    if (letters >= 3 and key not in _T.given_exceptions
            and not key.endswith(_T.given_endings)
            and compound not in ("divine", "tail", "tail_strong")):
        if key.endswith(_T.patronymic_ends):
            for suf, gender, min_len in _T.patronymic_suffixes:
                if key.endswith(suf) and len(key) >= min_len:
                    patronymic = gender
                    break
        if key.endswith(_T.surname_ends):
            for suf, _gender, strength, min_len in _T.surname_suffixes:
                if key.endswith(suf) and len(key) >= min_len:
                    surname = strength
                    break
        if key.isascii():
            if (len(key) >= 6 and key[:2] in ("al", "el") and key[2] not in _VOWELS
                    and key[2].isalpha()):
                nisba = True
                surname = max(surname, 2 if key[-1] in "iy" else 1)
        elif key.startswith(_ARABIC_ARTICLE) and len(key) >= 4:
            nisba = True
            surname = 2
    return _Info(
        key=key,
        title=title[0] if title else None,
        title_kind=title[1] if title else "",
        suffix=key in _T.suffixes,
        particle=_T.particles.get(key, ""),
        connector=conn[0] if conn else "",
        conn_gender=conn[1] if conn else "",
        patronymic=patronymic if conn is None else None,
        surname=surname,
        nisba=nisba,
        compound=compound,
        initial=letters == 1 and len(key) == 1,
        letters=letters,
        caps=has_upper and not has_lower and letters >= 2 and not abbrev,
        lower=has_lower,
        script=_detect_script(text) if letters else "",
        abbrev=abbrev,
    )


def reset_caches() -> None:
    """Clear the per-token lookup caches (for long-running processes)."""
    _info.cache_clear()
    _split_token.cache_clear()


# ---------------------------------------------------------------------------------------------
# Script detection (self-contained; the translit stage has its own)
# ---------------------------------------------------------------------------------------------


def _char_script(ch: str) -> str:
    o = ord(ch)
    if 0x0400 <= o <= 0x052F or 0x1C80 <= o <= 0x1C8F or 0x2DE0 <= o <= 0x2DFF \
            or 0xA640 <= o <= 0xA69F:
        return "cyrillic"
    if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF \
            or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
        return "arabic"
    if o < 0x0250 or 0x1E00 <= o <= 0x1EFF or 0xFF21 <= o <= 0xFF5A:
        return "latin"
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "latin"
    return "other"


def _detect_script(text: str) -> str:
    if text.isascii():
        return "latin" if any(ch.isalpha() for ch in text) else "none"
    seen: set[str] = set()
    for ch in text:
        if ch.isalpha():
            seen.add(_char_script(ch))
    if not seen:
        return "none"
    if len(seen) == 1:
        only = next(iter(seen))
        return only if only != "other" else "mixed"
    return "mixed"


# ---------------------------------------------------------------------------------------------
# Tokens and units
# ---------------------------------------------------------------------------------------------

_WS_RE = re.compile(r"\s+")
_TOKEN_RE = re.compile(r"[^\s,;]+|[,;]")
_EDGE = "()[]{}<>\"\u201c\u201d\u201e\u00ab\u00bb!?*_\u2013\u2014:|\\/'+=#&@~^$%-\u2010\u2011"
_HYPHENS = "-\u2010\u2011"


class _Unit:
    """A token or a merged compound, with its role being worked out."""

    __slots__ = ("boundary", "end", "glued", "info", "role", "start", "text", "truncated")

    def __init__(self, text: str, start: int, end: int, boundary: bool = False,
                 glued: bool = False) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.boundary = boundary  # a comma or field boundary right before this unit
        self.glued = glued
        self.info = _info(text)
        self.role: Role | None = None
        self.truncated = False


def _strip_span(text: str, start: int) -> tuple[str, int]:
    s = text.lstrip(_EDGE + ".")
    start += len(text) - len(s)
    return s.rstrip(_EDGE), start


@lru_cache(maxsize=1 << 16)
def _split_token(tok: str) -> tuple[tuple[str, int], ...]:
    """Clean one whitespace token into pieces ``(text, offset in tok)``.

    Edge punctuation is stripped and a hyphen-glued Arabic article is split off
    (``al-Qahtani`` -> ``al`` + ``Qahtani``).
    """
    out: list[tuple[str, int]] = []
    text, start = tok, 0
    while True:
        text, start = _strip_span(text, start)
        if not text:
            break
        cut = -1
        for i in (2, 3):
            if len(text) > i + 1 and text[i] in _HYPHENS and text[:i].casefold() in _T.articles:
                cut = i
                break
        if cut < 0:
            out.append((text, start))
            break
        out.append((text[:cut], start))
        text = text[cut + 1:]
        start += cut + 1
    return tuple(out)


def _tokenize(cleaned: str, out: list[_Unit], offset_boundary: bool = False) -> None:
    """Tokenise ``cleaned`` (offsets into it) into ``out``; commas set ``boundary``."""
    boundary = offset_boundary
    for m in _TOKEN_RE.finditer(cleaned):
        tok = m.group()
        if tok in (",", ";"):
            boundary = True
            continue
        base = m.start()
        for text, rel in _split_token(tok):
            out.append(_Unit(text, base + rel, base + rel + len(text), boundary))
            boundary = False


def _merge_compounds(units: list[_Unit], cleaned: str) -> list[_Unit]:
    """Join compound given names (``Abd al-Rahman``, ``Nur ad-Din``, ``Abu Bakr``)."""
    n = len(units)
    if n < 2:
        return units
    out: list[_Unit] = []
    i = 0
    while i < n:
        u = units[i]
        info = u.info
        j = -1
        if info.plain or info.connector == "kunya":
            nxt = units[i + 1] if i + 1 < n else None
            if nxt is not None and not nxt.boundary:
                if info.key + " " + nxt.info.key in _T.pairs:
                    j = i + 1
                elif info.plain:
                    k = i + 1
                    if (nxt.info.particle == "article" and k + 1 < n
                            and not units[k + 1].boundary):
                        k += 1
                    tail = units[k]
                    if tail.info.plain and tail.info.letters >= 2:
                        head = info.compound == "head" and tail.info.compound != "head"
                        tails = tail.info.compound == "tail_strong" or (
                            tail.info.compound in ("tail", "divine")
                            and info.compound == "first")
                        if head or tails:
                            j = k
        if j < 0:
            out.append(u)
            i += 1
            continue
        merged = _Unit(cleaned[u.start:units[j].end], u.start, units[j].end, u.boundary)
        out.append(merged)
        i = j + 1
    return out


# ---------------------------------------------------------------------------------------------
# Role assignment
# ---------------------------------------------------------------------------------------------


def _strip_titles(units: list[_Unit], lo: int, hi: int) -> tuple[int, int]:
    """Mark leading titles and trailing suffixes/titles; return the remaining range."""
    lettered = [u.info.caps for u in units[lo:hi] if u.info.letters > 1]
    all_caps = bool(lettered) and all(lettered)
    while lo < hi:
        info = units[lo].info
        if info.title is None or (lo + 1 < hi and units[lo + 1].boundary):
            break
        # honorifics double as family names (SAYED, SHEIKH, HAJI): in capitals text, which
        # is read surname first, a leading one is kept as a name
        if info.title_kind == "honorific" and (
                all_caps or _plain_count(units, lo + 1, hi) < 2):
            break
        units[lo].role = Role.TITLE
        lo += 1
    while hi - lo > 1:
        info = units[hi - 1].info
        if info.suffix:
            units[hi - 1].role = Role.SUFFIX
        elif info.title is not None and info.title_kind != "honorific":
            units[hi - 1].role = Role.TITLE
        else:
            break
        hi -= 1
    return lo, hi


def _plain_count(units: list[_Unit], lo: int, hi: int) -> int:
    return sum(1 for i in range(lo, hi) if units[i].info.letters > 0
               and not units[i].info.particle and not units[i].info.connector)


def _assign_surname_region(units: list[_Unit], idx: Sequence[int]) -> None:
    n = len(idx)
    for k, i in enumerate(idx):
        u = units[i]
        if u.role is not None:
            continue
        info = u.info
        if not info.letters:
            u.role = Role.UNKNOWN
        elif info.particle and k + 1 < n:
            u.role = Role.PARTICLE
        elif k > 0 and info.suffix:
            u.role = Role.SUFFIX
        elif k > 0 and info.connector == "patronymic":
            u.role = Role.CONNECTOR
        else:
            u.role = Role.SURNAME


def _assign_given_region(units: list[_Unit], idx: Sequence[int]) -> None:
    """Given names, with nasab/kunya chains and patronymics."""
    n = len(idx)
    seen = False
    level = 0
    k = 0
    prev: _Unit | None = None
    while k < n:
        u = units[idx[k]]
        if u.role is not None:
            k += 1
            continue
        info = u.info
        if not info.letters:
            u.role = Role.UNKNOWN
            k += 1
            continue
        if info.connector in ("nasab", "kunya") and k + 1 < n and (
                seen or info.connector == "kunya"):
            u.role = Role.CONNECTOR
            if info.connector == "nasab":
                level += 1
                member = Role.FATHER if level == 1 else Role.GRANDFATHER
            else:
                member = Role.KUNYA
            k = _mark_member(units, idx, k + 1, member)
            continue
        if info.connector == "patronymic" and prev is not None and prev.role is Role.GIVEN:
            u.role = Role.CONNECTOR
            prev.role = Role.PATRONYMIC
            k += 1
            continue
        if info.particle and k + 1 < n:
            u.role = Role.PARTICLE
        elif seen and info.patronymic is not None:
            u.role = Role.PATRONYMIC
        elif level:
            u.role = Role.GRANDFATHER
        else:
            u.role = Role.GIVEN
            seen = True
        prev = u
        k += 1


def _mark_member(units: list[_Unit], idx: Sequence[int], k: int, role: Role) -> int:
    """Mark the chain member at ``idx[k]`` (after any particles); return the next position."""
    n = len(idx)
    while k + 1 < n and units[idx[k]].info.particle:
        units[idx[k]].role = Role.PARTICLE
        k += 1
    if k < n:
        units[idx[k]].role = role
    return k + 1


#: Connectors that, followed by one last name, form a family name (``Ben Ali``, ``Ould Ahmed``);
#: in Arabic script (bin and ben are both written bn) only after two or more names.
_FAMILY_NASAB = frozenset({"ben", "ould"})
_FAMILY_NASAB_AR = frozenset({"\N{ARABIC LETTER BEH}\N{ARABIC LETTER NOON}",
                              "\N{ARABIC LETTER WAW}\N{ARABIC LETTER LAM}\N{ARABIC LETTER DAL}"})


def _assign_sequence(units: list[_Unit], idx: Sequence[int], script: str,
                     force: str = "", caps_first: bool = True) -> str:
    """Assign roles to a free-text name without a comma.

    ``force`` (``"first"``/``"last"``) imposes the surname position. Returns the other
    position (``"first"``/``"last"``) when the order was a guess with a plausible
    alternative, else ``""``. ``caps_first``: an all-capitals name copies a document's
    SURNAME GIVEN order (passenger records); list entries write a surname first only
    behind a comma (``IVANOV, Ivan``), so for them an all-capitals name is in natural
    order (``DANIEL THOMAS FISCHER``).
    """
    n = len(idx)
    names: list[int] = []
    pats: set[int] = set()
    markers: set[int] = set()
    after_chain: list[int] = []
    before_chain: list[int] = []
    chain = False
    family = False  # a "Ben Ali" / "Ould X" family name was found
    leading_article = n > 0 and units[idx[0]].info.particle in ("article", "clan")
    leading_particle = n > 0 and bool(units[idx[0]].info.particle)
    k = 0
    while k < n:
        i = idx[k]
        u = units[i]
        if u.role is not None:
            k += 1
            continue
        info = u.info
        if not info.letters:
            u.role = Role.UNKNOWN
            k += 1
            continue
        if info.connector == "kunya" and k + 1 < n and units[idx[k + 1]].role is None \
                and (units[idx[k + 1]].info.plain or units[idx[k + 1]].info.particle) \
                and units[idx[k + 1]].info.surname < 2:
            u.role = Role.CONNECTOR
            k = _mark_member(units, idx, k + 1, Role.KUNYA)
            continue
        if info.connector == "nasab" and not names and not family and k + 1 < n:
            # a leading "Ben Aissa" / "Ould Ahmed" cannot be a nasab: it is a family name
            u.role = Role.PARTICLE
            k = _mark_member(units, idx, k + 1, Role.SURNAME)
            family = True
            continue
        if info.connector == "nasab" and names and k + 1 < n:
            rest = [j for j in idx[k + 1:] if not units[j].info.particle]
            family_word = info.key in _FAMILY_NASAB or (
                info.key in _FAMILY_NASAB_AR and len(names) >= 2)
            if len(rest) == 1 and not chain and family_word:
                u.role = Role.PARTICLE
                for j in idx[k + 1:]:
                    units[j].role = Role.PARTICLE if units[j].info.particle else Role.SURNAME
                family = True
                break
            u.role = Role.CONNECTOR
            if not chain:
                before_chain = list(names)
            chain = True
            level = sum(1 for j in idx[:k] if units[j].role is Role.CONNECTOR
                        and units[j].info.connector == "nasab") + 1
            k = _mark_member(units, idx, k + 1, Role.FATHER if level == 1 else Role.GRANDFATHER)
            continue
        if info.connector == "patronymic" and names and names[-1] == idx[k - 1]:
            u.role = Role.CONNECTOR
            pats.add(names[-1])
            markers.add(names[-1])
            k += 1
            continue
        if info.particle and k + 1 < n:
            u.role = Role.PARTICLE
            k += 1
            continue
        if chain:
            after_chain.append(i)
        else:
            names.append(i)
        k += 1

    if family:
        for pos, i in enumerate(names):
            is_pat = pos > 0 and units[i].info.patronymic is not None
            units[i].role = Role.PATRONYMIC if is_pat else Role.GIVEN
        return ""
    if chain:
        for i in before_chain:
            info = units[i].info
            if i != before_chain[0] and info.patronymic is not None:
                units[i].role = Role.PATRONYMIC
            elif units[i].role is None:
                units[i].role = Role.GIVEN
        for i in names:
            if units[i].role is None:
                units[i].role = Role.GIVEN
        for pos, i in enumerate(after_chain):
            units[i].role = Role.SURNAME if pos == len(after_chain) - 1 else Role.GRANDFATHER
        return ""

    m = len(names)
    if m == 0:
        return ""
    for i in names[1:]:
        if units[i].info.patronymic is not None:
            pats.add(i)
    if m == 1:
        units[names[0]].role = Role.SURNAME
        return ""

    surname: list[int] | None = None
    alternative = ""
    first, last = units[names[0]].info, units[names[-1]].info
    all_caps = all(units[i].info.caps for i in names)
    if force:
        surname = [names[0]] if force == "first" else [names[-1]]
    elif script == "arabic" and m >= 3 and not pats:
        units[names[0]].role = Role.GIVEN
        units[names[1]].role = Role.FATHER
        for i in names[2:-1]:
            units[i].role = Role.GRANDFATHER
        units[names[-1]].role = Role.SURNAME
        return ""
    if surname is None:
        surname = _caps_run(units, names)
    if surname is None and first.abbrev != last.abbrev:
        # initials are given names: "Ivanov I.I.", "J. SMITH"
        surname = [names[-1]] if first.abbrev else [names[0]]
    if surname is None and leading_article:
        surname = [names[0]]
    if surname is None and pats:
        p = next(pos for pos, i in enumerate(names) if i in pats)
        if p == m - 1 and m >= 3:
            surname = [names[0]]
        elif p == m - 1 or (p == 0 and m == 2):
            surname = [names[p]] if names[p] in markers else []
        else:
            surname = [names[-1]] if names[-1] not in pats else []
    if surname is None:
        # surname-ending evidence: a strong ending on one end only, an article before the
        # last name, a weak (-in) ending first in Cyrillic, a leading particle in capitals
        if (first.surname == 2 and last.surname < 2) or (
                script == "cyrillic" and first.surname and not last.surname) or (
                leading_particle and all_caps and not _after_article(units, idx, names[-1])):
            surname = [names[0]]
        elif (last.surname == 2 and first.surname < 2) or _after_article(units, idx, names[-1]):
            surname = [names[-1]]
    if surname is None:
        if all_caps and script != "arabic" and caps_first:
            # upper-case text copies a document's order: SURNAME GIVEN NAMES
            surname = [names[0]]
            alternative = "last"
        else:
            surname = [names[-1]]
    chosen = set(surname)
    for i in names:
        if i in chosen:
            units[i].role = Role.SURNAME
        elif i in pats:
            units[i].role = Role.PATRONYMIC
        else:
            units[i].role = Role.GIVEN
    return alternative


def _after_article(units: list[_Unit], idx: Sequence[int], i: int) -> bool:
    pos = list(idx).index(i)
    return pos > 0 and units[idx[pos - 1]].info.particle in ("article", "clan")


def _caps_run(units: list[_Unit], names: list[int]) -> list[int] | None:
    """The upper-case surname convention: a capitals run at one end, mixed case elsewhere."""
    caps = [units[i].info.caps for i in names]
    if all(caps) or not any(caps):
        return None
    m = len(names)
    k = 0
    while k < m and caps[k]:
        k += 1
    if k and all(units[i].info.lower for i in names[k:]):
        return names[:k]
    k = 0
    while k < m and caps[m - 1 - k]:
        k += 1
    if k and all(units[i].info.lower for i in names[:m - k]):
        return names[m - k:]
    return None


def _mark_nisba(units: list[_Unit]) -> None:
    """A given-position name after an article, or a glued al-...i form, is a nisba."""
    seen_given = False
    prev: _Unit | None = None
    for u in units:
        if u.role is Role.GIVEN:
            if seen_given and ((u.info.nisba and u.info.surname == 2) or (
                    prev is not None and prev.role is Role.PARTICLE
                    and prev.info.particle in ("article", "clan"))):
                u.role = Role.NISBA
            seen_given = True
        prev = u


# ---------------------------------------------------------------------------------------------
# Building Names
# ---------------------------------------------------------------------------------------------

_BASE_LACK = frozenset({Role.PATRONYMIC, Role.FATHER, Role.GRANDFATHER, Role.KUNYA})
_MAY_LACK: dict[Form, frozenset[Role]] = {
    Form.MRZ: _BASE_LACK | {Role.TITLE, Role.SUFFIX, Role.NISBA},
    Form.API: _BASE_LACK | {Role.TITLE, Role.SUFFIX, Role.NISBA},
    Form.PNR: _BASE_LACK | {Role.GIVEN, Role.NISBA},
    Form.FREE: _BASE_LACK | {Role.TITLE, Role.SUFFIX},
    Form.LIST: frozenset({Role.KUNYA, Role.TITLE, Role.SUFFIX}),
}


def _units_script(units: Iterable[_Unit]) -> str:
    script = ""
    for u in units:
        s = u.info.script
        if s and s != script:
            if script or s == "mixed":
                return "mixed"
            script = s
    return script or "none"


def _build(raw: str, units: Sequence[_Unit], form: Form, truncated: bool = False) -> Name:
    parts: list[NamePart] = []
    gender: str | None = None
    pat_gender: str | None = None
    for u in units:
        role = u.role or Role.UNKNOWN
        info = u.info
        parts.append(NamePart(u.text, role, u.truncated, info.initial, u.glued))
        if role is Role.TITLE and gender is None and info.title:
            gender = info.title
        elif pat_gender is None:
            if role is Role.PATRONYMIC and info.patronymic:
                pat_gender = info.patronymic
            elif role is Role.CONNECTOR and info.conn_gender:
                pat_gender = info.conn_gender
    may_lack = _MAY_LACK[form]
    if truncated:
        may_lack = may_lack | {Role.GIVEN}
    return Name(raw=raw, parts=tuple(parts), form=form, script=_units_script(units),
                may_lack=may_lack, gender_hint=gender or pat_gender, truncated=truncated)


# ---------------------------------------------------------------------------------------------
# Free text and lists
# ---------------------------------------------------------------------------------------------


def _free_units(raw: str) -> tuple[str, list[_Unit]]:
    cleaned = _WS_RE.sub(" ", raw)
    units: list[_Unit] = []
    _tokenize(cleaned, units)
    return cleaned, _merge_compounds(units, cleaned)


def _free_readings(raw: str, form: Form, want_alts: bool) -> tuple[Name, ...]:
    _, units = _free_units(raw)
    script = _units_script(units)
    lo, hi = _strip_titles(units, 0, len(units))
    comma = next((i for i in range(lo + 1, hi) if units[i].boundary), -1)
    if comma > 0:
        _assign_surname_region(units, range(lo, comma))
        _assign_given_region(units, range(comma, hi))
        _mark_nisba(units)
        return (_build(raw, units, form),)
    caps_first = form is not Form.LIST
    alternative = _assign_sequence(units, range(lo, hi), script, caps_first=caps_first)
    _mark_nisba(units)
    best = _build(raw, units, form)
    if not (want_alts and alternative):
        return (best,)
    _, alt_units = _free_units(raw)
    lo, hi = _strip_titles(alt_units, 0, len(alt_units))
    _assign_sequence(alt_units, range(lo, hi), script, force=alternative,
                     caps_first=caps_first)
    _mark_nisba(alt_units)
    return best, _build(raw, alt_units, form)


def parse_list_slots(slots: Sequence[str | None]) -> Name:
    """Parse a list entry given as unlabelled name slots (UN ``FIRST_NAME``..``FOURTH_NAME``).

    No slot is labelled surname: the last filled slot is read as the family name, the first
    as the given name. When the name looks Arabic (an article, a glued ``al-`` nisba, a
    connector or Arabic script), the middle slots are the father and grandfather; otherwise
    they are given names or patronymics. A single filled slot is parsed as free text.

    Args:
        slots: The slot values in order; ``None`` or blank slots are skipped.

    Returns:
        The parsed name, form ``LIST``; ``raw`` is the filled slots joined by spaces.
    """
    filled = [_WS_RE.sub(" ", s).strip() for s in slots if s is not None and s.strip()]
    if len(filled) <= 1:
        return _free_readings(filled[0] if filled else "", Form.LIST, False)[0]
    raw = " ".join(filled)
    units: list[_Unit] = []
    bounds: list[int] = []
    offset = 0
    for s in filled:
        bounds.append(len(units))
        piece: list[_Unit] = []
        _tokenize(s, piece, offset_boundary=True)
        piece = _merge_compounds(piece, s)
        for u in piece:
            u.start += offset
            u.end += offset
        units.extend(piece)
        offset += len(s) + 1
    bounds.append(len(units))
    lo, hi = _strip_titles(units, 0, len(units))
    last_lo = max(bounds[-2], lo)
    if last_lo < hi and units[last_lo].info.connector == "nasab":
        _assign_given_region(units, range(lo, hi))
    else:
        _assign_surname_region(units, range(last_lo, hi))
        _assign_given_region(units, range(lo, last_lo))
        arabic = _units_script(units) == "arabic" or any(
            u.info.nisba or u.info.particle in ("article", "clan") or u.info.connector
            for u in units)
        if arabic and not any(u.role in (Role.FATHER, Role.GRANDFATHER) for u in units):
            middle = [u for u in units[bounds[1]:last_lo] if u.role is Role.GIVEN]
            for pos, u in enumerate(middle):
                u.role = Role.FATHER if pos == 0 else Role.GRANDFATHER
    _mark_nisba(units)
    return _build(raw, units, Form.LIST)


# ---------------------------------------------------------------------------------------------
# API fields
# ---------------------------------------------------------------------------------------------


def _field_text(field: str | None) -> str:
    return _WS_RE.sub(" ", (field or "").replace("<", " ")).strip()


def fields_raw(surname: str | None, given_names: str | None) -> str:
    """The ``raw`` text :func:`parse_fields` gives a name read from these fields
    (``"SURNAME, GIVEN NAMES"``), without parsing it."""
    return ", ".join(s for s in (_field_text(surname), _field_text(given_names)) if s)


def parse_fields(surname: str | None, given_names: str | None, *,
                 form: Form = Form.API) -> Name:
    """Parse separate surname and given-names fields.

    Every token of the surname field is a surname part (particles and suffixes excepted);
    the given-names field holds given names (patronymics and nasab connectors are still
    recognised). For ``API`` and ``MRZ`` forms a name whose MRZ rendering fills 39 or 30
    characters is flagged truncated, its last part compared as a prefix.

    Args:
        surname: The surname (primary identifier) field; ``<`` is read as a space.
        given_names: The given-names field; ``<`` is read as a space.
        form: The source form (``API`` by default; ``LIST`` for lists with separate fields).

    Returns:
        The parsed name; ``raw`` is ``"SURNAME, GIVEN NAMES"``.
    """
    sur, giv = _field_text(surname), _field_text(given_names)
    raw = ", ".join(s for s in (sur, giv) if s)
    units: list[_Unit] = []
    _tokenize(sur, units)
    s_units = _merge_compounds(units, sur)
    g_units: list[_Unit] = []
    _tokenize(giv, g_units, offset_boundary=True)
    g_units = _merge_compounds(g_units, giv)
    _assign_surname_region(s_units, range(len(s_units)))
    all_units = s_units + g_units
    n_s = len(s_units)
    lo, hi = _strip_titles(all_units, n_s, len(all_units))
    _assign_given_region(all_units, range(lo, hi))
    _mark_nisba(all_units)
    truncated = False
    if form in (Form.API, Form.MRZ) and all_units:
        width = len(sur) + (2 + len(giv) if giv else 0)
        if width in (39, 30):
            truncated = True
            all_units[-1].truncated = True
    return _build(raw, all_units, form, truncated)


# ---------------------------------------------------------------------------------------------
# MRZ
# ---------------------------------------------------------------------------------------------

_MRZ_RE = re.compile(r"[A-Z0-9<\s]+")
_MRZ_CAPACITIES = (39, 31, 30)


def _mrz_field(raw: str, field: str, capacity: int | None) -> Name:
    field = field.strip()
    if capacity is None:
        truncated = len(field) in _MRZ_CAPACITIES and not field.endswith("<")
    else:
        truncated = len(field) >= capacity and not field.endswith("<")
    cut = field.find("<<")
    sur_f, giv_f = (field, "") if cut < 0 else (field[:cut], field[cut + 2:])
    cleaned = sur_f.replace("<", " ")
    s_units: list[_Unit] = []
    _tokenize(cleaned, s_units)
    s_units = _merge_compounds(s_units, cleaned)
    g_clean = giv_f.replace("<", " ")
    g_units: list[_Unit] = []
    _tokenize(g_clean, g_units, offset_boundary=True)
    g_units = _merge_compounds(g_units, g_clean)
    _assign_surname_region(s_units, range(len(s_units)))
    units = s_units + g_units
    _assign_given_region(units, range(len(s_units), len(units)))
    _mark_nisba(units)
    if truncated and units:
        units[-1].truncated = True
    return _build(raw, units, Form.MRZ, truncated and bool(units))


def _is_doc_line(line: str) -> bool:
    return len(line) >= 5 and line[0] in "PIACV" and line[2:5].replace("<", "A").isalpha()


def parse_mrz_line(lines: str) -> Name:
    """Find and parse the name field of a whole MRZ (TD1, TD2 or TD3; one to three lines).

    TD3 (passport, 2 x 44): name in line 1 from position 6, 39 characters. TD2 (2 x 36):
    line 1 from position 6, 31 characters. TD1 (ID card, 3 x 30): the whole third line. Lines
    may be given separated by newlines or concatenated. Anything else is read as a bare name
    field. Other document fields are left to the io stage.

    Args:
        lines: The MRZ text.

    Returns:
        The name, form ``MRZ``; ``truncated`` when the field is full to capacity.
    """
    rows = [r.strip() for r in lines.replace("\r", "\n").split("\n") if r.strip()]
    if len(rows) == 1:
        one = rows[0]
        for size, count in ((44, 2), (36, 2), (30, 3)):
            if len(one) == size * count:
                rows = [one[i:i + size] for i in range(0, len(one), size)]
                break
    if len(rows) >= 3 and all(len(r) == 30 for r in rows[:3]):
        return _mrz_field(lines, rows[2], 30)
    if rows and len(rows[0]) == 44 and _is_doc_line(rows[0]):
        return _mrz_field(lines, rows[0][5:], 39)
    if rows and len(rows[0]) == 36 and _is_doc_line(rows[0]) and (
            len(rows) > 1 or rows[0][1] == "<"):
        return _mrz_field(lines, rows[0][5:], 31)
    for r in rows:
        if "<<" in r and not any(ch.isdigit() for ch in r):
            return _mrz_field(lines, r, None)
    return _mrz_field(lines, rows[0] if rows else "", None)


# ---------------------------------------------------------------------------------------------
# PNR
# ---------------------------------------------------------------------------------------------

#: Booking tokens at least this long may be several names glued together (JAMELTAHAABDALLAH,
#: MOHAMMADMR); the scorer splits them into the list name's parts they spell.
GLUED_MIN_LEN = 9

_PNR_PREFIX_RE = re.compile(r"^\s*(?:N\.)?\s*\d{0,3}\s*")
_PAREN_RE = re.compile(r"\([^)]*\)")
_REMARK_RE = re.compile(r"\*[^/]*")


def split_pnr_group(raw: str) -> tuple[str, ...]:
    """Split a reservation name line into one ``SURNAME/GIVEN TITLE`` string per traveller.

    ``"N.2IVANOV/IVAN MR/ANNA MRS"`` -> ``("IVANOV/IVAN MR", "IVANOV/ANNA MRS")``;
    ``"1IVANOV/IVAN MR"`` -> ``("IVANOV/IVAN MR",)``. The ``N.`` marker and traveller count,
    an ``I/`` infant prefix, parenthesised remarks and ``*`` remarks (``*P-C08``) are
    dropped. A string without ``/`` is returned alone (stripped); an empty string gives ``()``.

    Args:
        raw: The reservation name line.

    Returns:
        The travellers' names.
    """
    s = _PAREN_RE.sub(" ", raw)
    s = _REMARK_RE.sub(" ", s).strip()
    s = _PNR_PREFIX_RE.sub("", s, count=1)
    if s.startswith("I/") and s.count("/") >= 2:
        s = s[2:]
    if not s.strip():
        return ()
    pieces = s.split("/")
    if len(pieces) < 2:
        return (s.strip(),)
    surname = pieces[0].strip()
    givens = [p.strip() for p in pieces[1:] if p.strip()]
    if not givens:
        return (f"{surname}/",)
    return tuple(f"{surname}/{g}" for g in givens)


def _glue_options(text: str, table: tuple[tuple[str, str], ...], min_rest: int
                  ) -> list[tuple[int, bool]]:
    """Possible glued-token cuts: (cut position, preferred), best first."""
    upper = text.upper()
    opts: list[tuple[int, bool]] = []
    for tok, glue in table:
        if upper.endswith(tok) and len(text) - len(tok) >= min_rest:
            rest = text[:-len(tok)]
            if sum(1 for ch in rest if ch.isalpha()) < min_rest:
                continue
            preferred = (glue == "strip" or (glue == "strip_cons" and rest[-1] not in _VOWELS_UP)
                         ) and _fold(text) not in _T.glue_exceptions
            opts.append((len(rest), preferred))
    return opts


def _pnr_readings(raw: str, want_alts: bool) -> tuple[Name, ...]:
    travellers = split_pnr_group(raw)
    one = travellers[0] if travellers else ""
    sur, _, giv = one.partition("/")
    sur = _WS_RE.sub(" ", sur).strip()
    giv = _WS_RE.sub(" ", giv).strip()
    s_tokens: list[_Unit] = []
    _tokenize(sur, s_tokens)
    g_tokens: list[_Unit] = []
    _tokenize(giv, g_tokens, offset_boundary=True)
    # separate trailing titles / suffixes in the given field
    tail: list[_Unit] = []
    while g_tokens and (g_tokens[-1].info.title is not None or (
            g_tokens[-1].info.suffix and len(g_tokens) > 1)):
        t = g_tokens.pop()
        t.role = Role.TITLE if t.info.title is not None else Role.SUFFIX
        tail.insert(0, t)
    has_title = any(t.role is Role.TITLE for t in tail)
    has_suffix = any(t.role is Role.SUFFIX for t in tail)

    # (cut, preferred) options for the last given token (title) and last surname token
    g_opts: list[tuple[int, bool]] = []
    if g_tokens and not has_title:
        g_opts = _glue_options(g_tokens[-1].text, _T.glued_titles, 1)
    s_opts: list[tuple[int, bool]] = []
    if s_tokens and not has_suffix:
        s_opts = [(c, p and c >= 3) for c, p in
                  _glue_options(s_tokens[-1].text, _T.glued_suffixes, 2)]
    g_choices = _order_choices(g_opts, g_tokens[-1].text if g_tokens else "")
    s_choices = _order_choices(s_opts, s_tokens[-1].text if s_tokens else "")
    combos = [(s_choices[0], g_choices[0])]
    if want_alts:
        combos += [(s_choices[0], g) for g in g_choices[1:]]
        combos += [(s, g_choices[0]) for s in s_choices[1:]]
    names: list[Name] = []
    for s_cut, g_cut in combos:
        names.append(_pnr_build(raw, sur, giv, s_tokens, g_tokens, tail, s_cut, g_cut))
    return tuple(names)


def _order_choices(opts: list[tuple[int, bool]], token: str = "") -> list[int | None]:
    """Cuts of a token to try, best first; ``None`` is the token uncut. A long token with a
    preferred cut is not tried uncut: the scorer splits a glued booking token of
    :data:`GLUED_MIN_LEN` letters or more into the names it spells anyway, so the uncut
    reading only repeats the cut one (MOHAMMADMR is MOHAMMAD + MR either way)."""
    preferred = [c for c, p in opts if p]
    others = [c for c, p in opts if not p]
    if preferred:
        uncut: list[int | None] = [] if len(token) >= GLUED_MIN_LEN else [None]
        return [preferred[0], *uncut, *preferred[1:], *others]
    return [None, *others]


def _cut_unit(u: _Unit, cut: int) -> tuple[_Unit, _Unit]:
    a = _Unit(u.text[:cut], u.start, u.start + cut, u.boundary, glued=True)
    b = _Unit(u.text[cut:], u.start + cut, u.end, False, glued=True)
    return a, b


def _pnr_build(raw: str, sur: str, giv: str, s_tokens: list[_Unit], g_tokens: list[_Unit],
               tail: list[_Unit], s_cut: int | None, g_cut: int | None) -> Name:
    s_units = [_Unit(u.text, u.start, u.end, u.boundary) for u in s_tokens]
    s_extra: list[_Unit] = []
    if s_cut is not None and s_units:
        a, b = _cut_unit(s_units[-1], s_cut)
        b.role = Role.SUFFIX
        s_units[-1] = a
        s_extra = [b]
    g_units = [_Unit(u.text, u.start, u.end, u.boundary) for u in g_tokens]
    g_extra: list[_Unit] = []
    if g_cut is not None and g_units:
        a, b = _cut_unit(g_units[-1], g_cut)
        b.role = Role.TITLE
        g_units[-1] = a
        g_extra = [b]
    s_units = _merge_compounds(s_units, sur)
    g_units = _merge_compounds(g_units, giv)
    _assign_surname_region(s_units, range(len(s_units)))
    tail_units = []
    for t in tail:
        c = _Unit(t.text, t.start, t.end)
        c.role = t.role
        tail_units.append(c)
    units = s_units + s_extra + g_units + g_extra + tail_units
    lo = len(s_units) + len(s_extra)
    _assign_given_region(units, range(lo, lo + len(g_units)))
    _mark_nisba(units)
    return _build(raw, units, Form.PNR)


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------

_API_SPLIT_RE = re.compile(r"[:/]")


def detect_form(raw: str) -> Form:
    """Guess the form of a raw name string.

    ``<`` with only A-Z, digits and ``<`` -> ``MRZ``; a ``/`` -> ``PNR``; anything else
    (``SURNAME, Given`` included) -> ``FREE``.
    """
    s = raw.strip()
    if "<" in s and _MRZ_RE.fullmatch(s):
        return Form.MRZ
    if "/" in s:
        return Form.PNR
    return Form.FREE


def parse_readings(raw: str, *, form: Form | None = None) -> tuple[Name, ...]:
    """All plausible readings of a raw name, best first (at least one).

    Several readings come from ambiguous PNR title or suffix glue (``AMRMR``, ``ALEKSANDR``,
    ``ANNAMRS``, ``OLSENJR``) and from all-capitals free text whose order nothing decides.

    Args:
        raw: The name as received.
        form: The source form; detected with :func:`detect_form` when ``None``.

    Returns:
        The readings, best first.
    """
    return _parse(raw, form, True)


def parse_name(raw: str, *, form: Form | None = None) -> Name:
    """The best reading of a raw name (see :func:`parse_readings`).

    Args:
        raw: The name as received.
        form: The source form; detected with :func:`detect_form` when ``None``.

    Returns:
        The parsed name.
    """
    return _parse(raw, form, False)[0]


def _parse(raw: str, form: Form | None, want_alts: bool) -> tuple[Name, ...]:
    if form is None:
        form = detect_form(raw)
    if form is Form.MRZ:
        s = raw.strip()
        if "\n" in s or (len(s) >= 60 and _MRZ_RE.fullmatch(s)) or (
                len(s) == 44 and _is_doc_line(s)):
            return (parse_mrz_line(raw),)
        return (_mrz_field(raw, s, None),)
    if form is Form.PNR:
        if "/" in raw:
            return _pnr_readings(raw, want_alts)
        return _free_readings(raw, Form.PNR, want_alts)
    if form is Form.API and (":" in raw or "/" in raw):
        fields = _API_SPLIT_RE.split(raw)
        name = parse_fields(fields[0], " ".join(fields[1:]), form=Form.API)
        return (Name(raw, name.parts, name.form, name.script, name.may_lack,
                     name.gender_hint, name.truncated),)
    return _free_readings(raw, form, want_alts)


# ---------------------------------------------------------------------------------------------
# Benchmark helper
# ---------------------------------------------------------------------------------------------

_ARTICLE_PREFIX_RE = re.compile(r"^(?:al|el)(?=[^aeiou]{1}.{2,})")


def _surname_key(text: str) -> str:
    folded = _fold(text).replace("\N{LATIN SMALL LETTER DOTLESS I}", "i")
    decomposed = unicodedata.normalize("NFKD", folded)
    key = "".join(ch for ch in decomposed if ch.isalpha() and not unicodedata.combining(ch))
    return _ARTICLE_PREFIX_RE.sub("", key)


def surname_matches(name: Name, expected: str) -> bool:
    """Whether ``name``'s surname is ``expected``.

    Case, diacritics, spaces, hyphens, apostrophes and a leading Arabic article are ignored
    (``AL-QARIBI`` = ``Qaribi`` = ``ALQARIBI``; ``KRUGER`` = ``Krüger``); the surname may be
    taken with or without the particles before it (``De Luca`` = ``DELUCA``); a truncated
    surname matches as a prefix. Meant for measuring surname identification on labelled
    data (:func:`surname_accuracy`), not for screening.
    """
    e = _surname_key(expected)
    if not e:
        return False
    truncated = any(p.truncated for p in name.parts if p.role is Role.SURNAME)
    for got in (name.surname_text, name.family_text):
        if got is None:
            continue
        g = _surname_key(got)
        if g and (g == e or (truncated and e.startswith(g))):
            return True
    return False


def surname_accuracy(
    samples: Iterable[tuple[str, str, Form | None]],
) -> dict[str, tuple[int, int, float]]:
    """Share of names whose surname is identified, by form.

    Args:
        samples: ``(raw name, expected surname, form or None to detect)`` triples.

    Returns:
        ``{form value: (correct, total, share)}`` plus an ``"all"`` entry.
    """
    counts: dict[str, list[int]] = {}
    for raw, expected, form in samples:
        name = parse_name(raw, form=form)
        for key in (name.form.value, "all"):
            c = counts.setdefault(key, [0, 0])
            c[1] += 1
            if surname_matches(name, expected):
                c[0] += 1
    return {k: (c[0], c[1], c[0] / c[1] if c[1] else 0.0) for k, c in counts.items()}
