"""Renderers of the synthetic data generator.

These are the generator's *own* romanisation and formatting routines. They deliberately do not
use :mod:`namematch.translit` or :mod:`namematch.names`, so the benchmark does not grade the
matcher against itself. They are small and table-driven (``data/stock/cyrillic.tsv``), and
model how names end up written on lists and manifests:

* :func:`romanise_cyrillic`: Cyrillic to Latin under one scheme (ICAO 9303, GOST 2006,
  MVD 310, BGN/PCGN, German, French) or a national habit (Kazakh, Uzbek, Kyrgyz, Tajik);
* :func:`patronymic` and :func:`feminine_surname`: Slavic and Central Asian name morphology;
* :func:`fold_latin`: Latin with diacritics to upper-case ASCII as a passport MRZ writes it;
* :func:`mrz_fields`, :func:`mrz_name`, :func:`pnr_name`, :func:`free_text`: feed forms;
* :func:`typo`: keyboard-plausible typing errors.
"""

from __future__ import annotations

import csv
import random
import unicodedata
from collections.abc import Collection
from functools import lru_cache
from importlib import resources

__all__ = [
    "CYRILLIC_SCHEMES",
    "MRZ_NAME_LENGTH",
    "NATIONAL_SCHEMES",
    "capitalise",
    "feminine_surname",
    "fold_latin",
    "free_text",
    "group_units",
    "mrz_fields",
    "mrz_name",
    "patronymic",
    "pnr_name",
    "romanise_cyrillic",
    "typo",
]

#: Length of the name field on line 1 of a TD3 (passport) MRZ.
MRZ_NAME_LENGTH = 39

#: Scheme columns of ``cyrillic.tsv`` that apply to any Cyrillic text.
CYRILLIC_SCHEMES = ("icao", "gost2006", "mvd310", "bgn", "german", "french")
#: National habit columns (language code -> column), falling back to ``mvd310``.
NATIONAL_SCHEMES = ("kk", "uz", "ky", "tg")

_VOWELS_CYR = frozenset(
    "\N{CYRILLIC SMALL LETTER A}\N{CYRILLIC SMALL LETTER IE}\N{CYRILLIC SMALL LETTER IO}"
    "\N{CYRILLIC SMALL LETTER I}\N{CYRILLIC SMALL LETTER O}\N{CYRILLIC SMALL LETTER U}"
    "\N{CYRILLIC SMALL LETTER YERU}\N{CYRILLIC SMALL LETTER E}\N{CYRILLIC SMALL LETTER YU}"
    "\N{CYRILLIC SMALL LETTER YA}\N{CYRILLIC SMALL LETTER SCHWA}"
    "\N{CYRILLIC SMALL LETTER BARRED O}\N{CYRILLIC SMALL LETTER STRAIGHT U}"
    "\N{CYRILLIC SMALL LETTER STRAIGHT U WITH STROKE}"
    "\N{CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I}\N{CYRILLIC SMALL LETTER SHORT U}"
    "\N{CYRILLIC SMALL LETTER I WITH MACRON}\N{CYRILLIC SMALL LETTER U WITH MACRON}"
    "\N{CYRILLIC SMALL LETTER HARD SIGN}\N{CYRILLIC SMALL LETTER SOFT SIGN}"
)
_CYR_IE = "\N{CYRILLIC SMALL LETTER IE}"
_CYR_ES = "\N{CYRILLIC SMALL LETTER ES}"
_CYR_SHORT_I = "\N{CYRILLIC SMALL LETTER SHORT I}"
_LATIN_VOWELS = frozenset("AEIOUY")


def _load_cyrillic() -> dict[str, dict[str, str]]:
    """Read ``cyrillic.tsv`` into ``{scheme: {letter: latin}}`` with fallbacks resolved."""
    text = (resources.files("namematch.data") / "stock" / "cyrillic.tsv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    raw = {row["letter"]: row for row in rows}
    tables: dict[str, dict[str, str]] = {}

    def cell(letter: str, scheme: str) -> str:
        row = raw[letter]
        value = row[scheme]
        if value == "-":
            return ""
        if value:
            return value
        if scheme in NATIONAL_SCHEMES:
            return cell(letter, "mvd310")
        replacement = row["ru"]
        if replacement:
            return "".join(cell(ch, scheme) for ch in replacement)
        return ""

    for scheme in (*CYRILLIC_SCHEMES, *NATIONAL_SCHEMES):
        tables[scheme] = {letter: cell(letter, scheme) for letter in raw}
    return tables


_TABLES = _load_cyrillic()


def _is_vowel_before(word: str, i: int) -> bool:
    return i > 0 and word[i - 1] in _VOWELS_CYR


@lru_cache(maxsize=65536)
def romanise_cyrillic(text: str, scheme: str) -> str:
    """Romanise Cyrillic ``text`` into upper-case Latin under ``scheme``.

    Non-Cyrillic characters (spaces, hyphens, Latin letters) pass through unchanged.

    Args:
        text: Cyrillic text (any case).
        scheme: a column of ``cyrillic.tsv``: ``icao``, ``gost2006``, ``mvd310``, ``bgn``,
            ``german``, ``french``, or a national habit ``kk``, ``uz``, ``ky``, ``tg``.

    Returns:
        The romanised text in upper case; apostrophes from soft signs may remain.

    Raises:
        KeyError: if ``scheme`` is not a known column.
    """
    table = _TABLES[scheme]
    out: list[str] = []
    for word in text.lower().split(" "):
        parts: list[str] = []
        n = len(word)
        for i, ch in enumerate(word):
            latin = table.get(ch)
            if latin is None:
                parts.append(ch.upper())
                continue
            start = i == 0 or word[i - 1] == "-"
            if ch == _CYR_IE and (start or _is_vowel_before(word, i)):
                if scheme in ("bgn", "kk", "uz", "ky"):
                    latin = "YE"
                elif scheme == "german":
                    latin = "JE"
            elif (
                ch == _CYR_ES
                and scheme in ("german", "french", "kk")
                and 0 < i < n - 1
                and word[i - 1] in _VOWELS_CYR
                and word[i + 1] in _VOWELS_CYR
            ):
                latin = "SS"
            elif ch == _CYR_SHORT_I and scheme == "icao" and i == n - 1 and n > 1:
                latin = "I"
            parts.append(latin)
        out.append("".join(parts))
    return " ".join(out)


# --- Slavic / Central Asian morphology -------------------------------------------------------

_PATRONYMIC_SUFFIXES = {
    # style: (masculine, feminine, joined)
    "ru": ("\N{CYRILLIC SMALL LETTER O}\N{CYRILLIC SMALL LETTER VE}\N{CYRILLIC SMALL LETTER I}"
           "\N{CYRILLIC SMALL LETTER CHE}",
           "\N{CYRILLIC SMALL LETTER O}\N{CYRILLIC SMALL LETTER VE}\N{CYRILLIC SMALL LETTER EN}"
           "\N{CYRILLIC SMALL LETTER A}", True),
    "kk": ("\N{CYRILLIC SMALL LETTER STRAIGHT U WITH STROKE}\N{CYRILLIC SMALL LETTER EL}"
           "\N{CYRILLIC SMALL LETTER YERU}",
           "\N{CYRILLIC SMALL LETTER KA WITH DESCENDER}\N{CYRILLIC SMALL LETTER YERU}"
           "\N{CYRILLIC SMALL LETTER ZE}\N{CYRILLIC SMALL LETTER YERU}", True),
    "uz": ("\N{CYRILLIC SMALL LETTER SHORT U}\N{CYRILLIC SMALL LETTER GHE WITH STROKE}"
           "\N{CYRILLIC SMALL LETTER EL}\N{CYRILLIC SMALL LETTER I}",
           "\N{CYRILLIC SMALL LETTER KA WITH DESCENDER}\N{CYRILLIC SMALL LETTER I}"
           "\N{CYRILLIC SMALL LETTER ZE}\N{CYRILLIC SMALL LETTER I}", False),
    "ky": ("\N{CYRILLIC SMALL LETTER U}\N{CYRILLIC SMALL LETTER U}\N{CYRILLIC SMALL LETTER EL}"
           "\N{CYRILLIC SMALL LETTER U}",
           "\N{CYRILLIC SMALL LETTER KA}\N{CYRILLIC SMALL LETTER YERU}"
           "\N{CYRILLIC SMALL LETTER ZE}\N{CYRILLIC SMALL LETTER YERU}", False),
}
_SOFT_ENDINGS = frozenset(
    "\N{CYRILLIC SMALL LETTER SHORT I}\N{CYRILLIC SMALL LETTER SOFT SIGN}"
    "\N{CYRILLIC SMALL LETTER ZHE}\N{CYRILLIC SMALL LETTER SHA}\N{CYRILLIC SMALL LETTER CHE}"
    "\N{CYRILLIC SMALL LETTER SHCHA}\N{CYRILLIC SMALL LETTER TSE}"
)
_SIGN_OR_SHORT_I = frozenset("\N{CYRILLIC SMALL LETTER SHORT I}\N{CYRILLIC SMALL LETTER SOFT SIGN}")
_IY = "\N{CYRILLIC SMALL LETTER I}\N{CYRILLIC SMALL LETTER SHORT I}"


def _match_case(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    return word[:1].upper() + word[1:]


def _load_irregular() -> dict[str, tuple[str, str]]:
    text = (resources.files("namematch.data") / "stock" / "patronymic_irregular.tsv").read_text(
        "utf-8")
    rows = csv.DictReader([ln for ln in text.splitlines() if ln and not ln.startswith("#")],
                          delimiter="\t")
    return {r["father"].lower(): (r["masculine"], r["feminine"]) for r in rows}


_IRREGULAR = _load_irregular()


def patronymic(father: str, female: bool, style: str = "ru") -> str:
    """Build a patronymic from the father's given name (Cyrillic).

    Args:
        father: the father's given name in Cyrillic, e.g. ``Сергей``.
        female: build the daughter's form (``-овна``, ``қызы``, ``қизи``, ``кызы``).
        style: ``ru`` (``-ович``/``-евич``, Russian irregulars such as ``Ильич``), ``ru_x``
            (the same suffixes applied to non-Slavic names: ``Муса`` -> ``Мусаевич``), ``kk``
            (``-ұлы``/``-қызы`` glued), ``uz`` (``ўғли``/``қизи`` as a separate word) or
            ``ky`` (``уулу``/``кызы``).

    Returns:
        The patronymic in the capitalisation of ``father``.
    """
    low = father.lower()
    if style in ("kk", "uz", "ky"):
        masc, fem, joined = _PATRONYMIC_SUFFIXES[style]
        suffix = fem if female else masc
        word = low + suffix if joined else f"{low} {suffix}"
        return _match_case(word, father)
    masc, fem, _ = _PATRONYMIC_SUFFIXES["ru"]
    if style == "ru" and low in _IRREGULAR:
        return _match_case(_IRREGULAR[low][1 if female else 0], father)
    if low.endswith(_IY):  # Дмитрий -> Дмитриевич
        stem = low[:-1] + _CYR_IE
    elif low[-1] in _SOFT_ENDINGS:
        stem = (low[:-1] if low[-1] in _SIGN_OR_SHORT_I else low) + _CYR_IE
    elif low[-1] in _VOWELS_CYR:
        stem = low + _CYR_IE  # Муса -> Мусаевич, Арби -> Арбиевич
    else:
        stem = low + "\N{CYRILLIC SMALL LETTER O}"
    tail = fem[1:] if female else masc[1:]
    return _match_case(stem + tail, father)


def feminine_surname(surname: str) -> str:
    """Return the feminine form of a Slavic-pattern surname (Cyrillic or Latin).

    ``-ов/-ев/-ёв/-ин/-ын`` take ``-а``; ``-ский/-цкий`` become ``-ская/-цкая``; ``-ой``
    becomes ``-ая``; other surnames (``-енко``, ``-зода``, ``уулу``) do not change.
    """
    low = surname.lower()
    c = "\N{CYRILLIC SMALL LETTER A}"
    if low.endswith(("ov", "ev", "in", "yn")) and low.isascii():
        return surname + ("A" if surname.isupper() else "a")
    if low.endswith(("\N{CYRILLIC SMALL LETTER O}\N{CYRILLIC SMALL LETTER VE}",
                     "\N{CYRILLIC SMALL LETTER IE}\N{CYRILLIC SMALL LETTER VE}",
                     "\N{CYRILLIC SMALL LETTER IO}\N{CYRILLIC SMALL LETTER VE}",
                     "\N{CYRILLIC SMALL LETTER I}\N{CYRILLIC SMALL LETTER EN}",
                     "\N{CYRILLIC SMALL LETTER YERU}\N{CYRILLIC SMALL LETTER EN}")):
        return surname + (c.upper() if surname.isupper() else c)
    if low.endswith(("\N{CYRILLIC SMALL LETTER I}\N{CYRILLIC SMALL LETTER SHORT I}",
                     "\N{CYRILLIC SMALL LETTER O}\N{CYRILLIC SMALL LETTER SHORT I}")):
        ending = "\N{CYRILLIC SMALL LETTER A}\N{CYRILLIC SMALL LETTER YA}"
        return surname[:-2] + (ending.upper() if surname.isupper() else ending)
    return surname


# --- Latin folding and feed forms -------------------------------------------------------------

_FOLD_GERMAN = {"Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS", "Å": "AA", "Æ": "AE", "Ø": "OE",
                "Œ": "OE"}
_FOLD_PLAIN = {"ß": "SS", "Æ": "AE", "Ø": "O", "Œ": "OE", "Ł": "L", "ı": "I", "Đ": "D"}


@lru_cache(maxsize=65536)
def fold_latin(text: str, umlaut_e: bool = False) -> str:
    """Upper-case ASCII form of Latin text as passports print it in the MRZ.

    Args:
        text: Latin text, possibly with diacritics (``Müller``, ``Şahin``, ``Lefèvre``).
        umlaut_e: write ``Ä Ö Ü`` as ``AE OE UE`` (German, Nordic habit) instead of dropping
            the diacritic (Turkish, French habit).

    Returns:
        Upper-case ASCII; characters other than letters, spaces, hyphens and apostrophes are
        removed.
    """
    up = text.upper()
    table = _FOLD_GERMAN if umlaut_e else _FOLD_PLAIN
    out: list[str] = []
    for ch in up:
        if ch in table:
            out.append(table[ch])
            continue
        if ch == "ı":
            out.append("I")
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        if base.isascii() and (base.isalpha() or base in " -'"):
            out.append(base)
    return "".join(out)


def _mrz_token(text: str) -> str:
    """Upper-case ASCII text to MRZ filler form: spaces and hyphens to ``<``, others dropped."""
    out = []
    for ch in text.upper():
        if "A" <= ch <= "Z":
            out.append(ch)
        elif ch in " -":
            out.append("<")
    return "".join(out).strip("<")


def group_units(tokens: list[str], units: Collection[tuple[str, ...]]) -> list[list[str]]:
    """Group ``tokens`` into name units: a compound name such as ``ABD ALLAH`` stays together.

    Args:
        tokens: upper-case name words in order.
        units: the multi-word names (as word tuples) that must never be split.

    Returns:
        One list of words per unit; single words form one-word units.
    """
    longest = max((len(u) for u in units), default=1)
    out: list[list[str]] = []
    i = 0
    while i < len(tokens):
        size = 1
        for k in range(min(longest, len(tokens) - i), 1, -1):
            if tuple(tokens[i:i + k]) in units:
                size = k
                break
        out.append(tokens[i:i + size])
        i += size
    return out


def mrz_name(surname: str, given_names: str, length: int = MRZ_NAME_LENGTH,
             units: Collection[tuple[str, ...]] = ()) -> str:
    """Render the MRZ name field ``SURNAME<<GIVEN<NAMES`` truncated to ``length`` characters.

    Truncation follows ICAO 9303 practice: given names beyond the first are cut to initials
    from the end first, then the field is cut; a truncated field never ends with ``<``. The
    result is *not* padded with fillers. A compound given name listed in ``units`` (``ABD
    ALLAH``) is one name: it is cut to one initial, never to ``ABD<A``.

    Args:
        surname: primary identifier, upper-case ASCII (spaces/hyphens allowed).
        given_names: secondary identifier, upper-case ASCII, may be empty.
        length: field length (39 on passports, 30 on TD1 cards).
        units: compound given names (word tuples) to keep whole.
    """
    sur = _mrz_token(surname)
    words = [t for t in _mrz_token(given_names).split("<") if t]
    given = ["<".join(u) for u in group_units(words, units)]
    full = f"{sur}<<{'<'.join(given)}" if given else sur
    i = len(given) - 1
    while len(full) > length and i >= 1:
        given[i] = given[i][0]
        full = f"{sur}<<{'<'.join(given)}"
        i -= 1
    if len(full) > length:
        full = full[:length].rstrip("<")
    return full


def mrz_fields(surname: str, given_names: str,
               units: Collection[tuple[str, ...]] = ()) -> tuple[str, str, bool]:
    """The ``surname``/``given_names`` API fields as read from the MRZ (``<`` as spaces).

    Returns:
        ``(surname, given_names, truncated)``.
    """
    field = mrz_name(surname, given_names, units=units)
    sur, _, given = field.partition("<<")
    untruncated = f"{_mrz_token(surname)}<<{_mrz_token(given_names)}".rstrip("<")
    return sur.replace("<", " "), given.replace("<", " ").strip(), field != untruncated


_TITLES_M = ("MR", "MR", "MR", "MR", "DR", "MSTR")
_TITLES_F = ("MRS", "MS", "MRS", "MISS", "MS", "DR")


def pnr_name(surname: str, given_names: str, female: bool, rng: random.Random,
             keep_middle: float = 0.4, cap: int = 49,
             units: Collection[tuple[str, ...]] = ()) -> str:
    """Render a reservation name ``SURNAME/GIVENNAMESTITLE``.

    Spaces, hyphens and apostrophes are removed from the surname; middle given names are
    dropped (``1 - keep_middle``), glued or kept with spaces; the title is glued on (most
    often) or separated by a space; the whole is capped at ``cap`` characters. A compound
    given name listed in ``units`` (``ABD ALLAH``) counts as one name when middle names are
    dropped.
    """
    sur = "".join(ch for ch in surname.upper() if "A" <= ch <= "Z")
    words = [t for t in given_names.upper().replace("-", " ").replace("'", "").split() if t]
    grouped = group_units(words, units)
    if len(grouped) > 1 and rng.random() >= keep_middle:
        grouped = grouped[:1]
    tokens = [w for unit in grouped for w in unit]
    joiner = "" if rng.random() < 0.5 else " "
    given = joiner.join(tokens)
    titles = _TITLES_F if female else _TITLES_M
    title = titles[rng.randrange(len(titles))] if rng.random() < 0.85 else ""
    if title and title == "MSTR":
        title = "MR"
    sep = " " if title and rng.random() < 0.3 else ""
    room = cap - len(sur) - 1 - len(sep) - len(title)
    if room < len(given):
        given = given[: max(room, 1)]
    return f"{sur}/{given}{sep}{title}"


def capitalise(text: str) -> str:
    """``IVANOV-PETROV o'connor`` -> ``Ivanov-Petrov O'connor`` (first letter of each piece)."""
    out: list[str] = []
    start = True
    for ch in text:
        out.append(ch.upper() if start else ch.lower())
        start = ch in " -"
    return "".join(out)


def free_text(surname: str, given_names: str, rng: random.Random) -> str:
    """A free-text name as typed in a web form or an old manifest.

    One of ``Given Surname``, ``SURNAME, Given``, ``SURNAME Given``, ``Given SURNAME``.
    """
    r = rng.random()
    if r < 0.45:
        return f"{capitalise(given_names)} {capitalise(surname)}".strip()
    if r < 0.7:
        return f"{surname.upper()}, {capitalise(given_names)}".strip(", ")
    if r < 0.85:
        return f"{surname.upper()} {given_names.upper()}".strip()
    return f"{capitalise(given_names)} {surname.upper()}".strip()


# --- typing errors ----------------------------------------------------------------------------

_QWERTY = ("QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")


def _build_neighbours() -> dict[str, str]:
    pos = {ch: (r, c) for r, row in enumerate(_QWERTY) for c, ch in enumerate(row)}
    out: dict[str, str] = {}
    for ch, (r, c) in pos.items():
        near = [o for o, (r2, c2) in pos.items() if o != ch and abs(r2 - r) <= 1
                and abs((c2 + 0.5 * r2) - (c + 0.5 * r)) <= 1.0]
        out[ch] = "".join(sorted(near))
    return out


_NEIGHBOURS = _build_neighbours()


def typo(word: str, rng: random.Random) -> str:
    """Apply one keyboard-plausible edit to ``word`` (Latin letters).

    The edit is a substitution with a neighbouring key, a transposition of two adjacent
    letters, a deletion or a doubled/neighbouring insertion. Words of fewer than 3 letters are
    returned unchanged. Case of the neighbour follows the replaced letter.
    """
    letters = [i for i, ch in enumerate(word) if ch.isascii() and ch.isalpha()]
    if len(letters) < 3:
        return word
    kind = rng.randrange(4)
    i = letters[rng.randrange(1, len(letters))]  # keep the first letter most of the time
    ch = word[i]
    if kind == 0:
        near = _NEIGHBOURS.get(ch.upper(), "")
        if near:
            rep = near[rng.randrange(len(near))]
            return word[:i] + (rep if ch.isupper() else rep.lower()) + word[i + 1:]
        kind = 1
    if kind == 1:
        j = i - 1
        if j >= 0 and word[j] != ch and word[j].isalpha():
            return word[:j] + ch + word[j] + word[i + 1:]
        kind = 2
    if kind == 2:
        return word[:i] + word[i + 1:]
    near = _NEIGHBOURS.get(ch.upper(), "") + ch.upper()
    ins = near[rng.randrange(len(near))]
    return word[:i] + (ins if ch.isupper() else ins.lower()) + word[i:]
