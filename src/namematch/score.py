"""Scoring: compare a passenger name with a listed name, explainably.

The scorer works on *prepared* names (:class:`PreparedName`): a parsed
:class:`~namematch.names.Name` whose parts carry their romanisations (:mod:`namematch.translit`)
and their matching keys (:mod:`namematch.keys`). List names are prepared once, when the index is
built; a passenger name once per passenger.

How a name score is made:

1. **Part similarity.** Two parts agree if they share a romanisation-invariant key (1.0); else
   their best pair of keys is compared with Jaro-Winkler and Indel similarity (rapidfuzz), a
   shared cross-script consonant skeleton lifts the score to at least
   :data:`SKELETON_FLOOR`, a truncated part is compared as a prefix and an initial as a first
   letter. ``IVANOV``/``IVANOVA`` is a *gendered form*, kept as a gender signal. Two typed
   spellings one typing slip apart (a neighbouring key, a swap, a dropped letter, letters a
   system drops: :func:`typing_slip`, :func:`letters_lost`) count as
   :data:`TYPO_SIMILARITY`, two slips in a long part (:func:`two_slips`) as
   :data:`TWO_SLIPS_SIMILARITY`, when their key similarity is :data:`TYPO_BAND_LOW` or more.
2. **Alignment.** Parts are assigned order-free (greedy on the similarity matrix), with adjacent
   parts also tried merged (``ABDUL RAHMAN`` = ``ABDULRAHMAN``, ``AL QAHTANI`` = ``ALQAHTANI``).
3. **Name score.** ``sum(w * s) / (sum(w) + costs)`` over matched parts, where unmatched list
   parts cost little when the passenger's form is known to drop them (a patronymic on a
   passport) and unmatched passenger parts cost more (they are unexplained), less right
   after a name chain's last ancestor. Given and father's names matched in another order
   than the list's cost :data:`NAME_ORDER_PENALTY` (a father and his son).
4. **Evidence.** Date of birth (:mod:`namematch.dates`), gender and nationality adjust the name
   score; a clear date conflict clears a namesake.

The weights below are the tuning surface; each has a worked example in its comment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType

from rapidfuzz.distance import OSA, DamerauLevenshtein, JaroWinkler

from namematch import keys as _keys
from namematch import translit as _translit
from namematch.dates import DobOutcome, DobResult, compare_dobs
from namematch.names import GLUED_MIN_LEN, Form, Name, NamePart, Role, parse_name
from namematch.types import NameType

__all__ = [
    "Comparison",
    "PartMatch",
    "PreparedName",
    "PreparedPart",
    "compare",
    "compare_prepared",
    "gender_letter",
    "letters_lost",
    "part_similarity",
    "passenger_gender",
    "prepare",
    "reset_caches",
    "two_slips",
    "typing_slip",
]

# ---------------------------------------------------------------------------------------------
# Tuning (one place). Weights are relative; the name score is a weighted mean in [0, 1].
# ---------------------------------------------------------------------------------------------

#: Weight of a list part by its role. The surname carries most identity:
#: "Ivan Petrov" vs "Ivan Sidorov" must score lower than "Ivan Petrov" vs "Oleg Petrov".
ROLE_WEIGHT = MappingProxyType({
    Role.SURNAME: 1.3,
    Role.GIVEN: 1.0,
    Role.PATRONYMIC: 0.6,
    Role.FATHER: 0.8,
    Role.GRANDFATHER: 0.6,
    Role.KUNYA: 0.5,
    Role.NISBA: 1.1,
    Role.UNKNOWN: 1.0,
})

#: Roles that never take part in the alignment (they are kept for display only).
NON_NAME_ROLES = frozenset({Role.TITLE, Role.SUFFIX, Role.CONNECTOR, Role.PARTICLE})

#: Roles a list may carry that the passenger's documents usually do not: missing them costs
#: :data:`COST_DROPPABLE` of their weight. "Kasym Serikuly Akhmetov" vs "AKHMETOV/KASYM".
DROPPABLE_ROLES = frozenset({Role.PATRONYMIC, Role.FATHER, Role.GRANDFATHER, Role.KUNYA})
COST_DROPPABLE = 0.12
#: A list surname missing from the passenger name while its other parts matched: the usual
#: shape of a namesake who shares given names ("MOHAMMED AHMED" vs "Mohammed Ahmed Ramadhan").
COST_SURNAME_MISSING = 0.8
#: A list given name or surname missing from the passenger name: "Ivan Petrov Sidorov" vs
#: "SIDOROV/IVAN" (a middle name dropped by a PNR) costs this much of its weight.
COST_LIST_MISSING = 0.45
#: A passenger part with no counterpart on the list: "IVAN OLEG PETROV" vs "Ivan Petrov".
COST_PASSENGER_EXTRA = 0.6
#: A passenger part right after the deepest ancestor of a list name chain (the grandfather,
#: or the father when the list stops there): a passport that carries one more ancestor than
#: the list ("Belal Mazen Tarek Yasser El Khatib" vs "بلال بن مازن بن طارق الخطيب").
COST_FURTHER_ANCESTOR = 0.15

#: Edit similarity of two keys: this share of the normalised optimal-string-alignment
#: similarity (1 - edits / length, a transposition is one edit) plus the rest of Jaro-Winkler.
#: Jaro-Winkler alone is too generous to shared endings: AHMETOV / TOSHMATOV is 0.76 by
#: Jaro-Winkler but 0.60 here; one typo in AKHMETOV stays at 0.88.
EDIT_WEIGHT = 0.8
#: A pair of parts below this similarity is not a match; both sides count as unmatched.
#: YUSUF / YUNUS (0.64) and PETROV / PETRENKO (0.58) fall below it.
MIN_PART_SIMILARITY = 0.7
#: Part similarities at or above this count in full; below, their weight falls off fast
#: (see :func:`agreement`). Chosen on the benchmark: 0.90 and 0.95 cost typo recall.
FULL_AGREEMENT = 0.85
#: Below FULL_AGREEMENT, agreement = s - AGREEMENT_FALLOFF * (FULL_AGREEMENT - s).
AGREEMENT_FALLOFF = 2.0
#: Parts sharing the cross-script consonant skeleton (MOHAMMED / MUHAMMAD / محمد) score at least.
SKELETON_FLOOR = 0.93
#: Two keys whose lengths differ by more than this ratio cannot reach MIN_PART_SIMILARITY:
#: 0.8 * (1 - 0.375) + 0.2 = 0.7.
LENGTH_RATIO = 0.625
#: Skeletons shorter than this are too common to be evidence (SAID / SAAD share SD).
MIN_SKELETON_LEN = 3
#: Two Latin spellings with one skeleton differ in vowels only (MOHAMMAD / MOHAMMED, SHAMI /
#: CHAMI, but also USONOV / ASANOV): weaker than an Arabic-script source, which has no vowels.
LATIN_SKELETON_FLOOR = 0.8
#: Words glued to the next part as a variant rather than compared alone.
GLUE_WORDS = frozenset({"AL", "EL", "UL", "AD", "AR", "AS", "ASH", "AT", "AZ", "AN", "ED", "ER",
                        "ES", "BEN", "BIN", "IBN", "BINT", "OULD", "VAN", "VON", "DE", "DER",
                        "DEN", "DI", "DA", "DU", "LE", "LA", "DOS", "DAS", "DEL", "TER"})
#: List parts merge with a neighbour only when one of the two is at most this long.
MERGE_SHORT_PART = 5
#: A long passenger token this close to one list part is that part, not several glued.
GLUED_SKIP_SIMILARITY = 0.85
#: Words that may sit between glued names and identify nobody (KANAT+UULU, ABD+AL+LAH).
SEGMENT_FILLERS = frozenset({*_keys.PATRONYMIC_MARKERS, "OGLY", "KIZI",
                             "BIN", "BEN", "IBN", "BINT", "AL", "EL"})
#: A list given name other than the first (the first is the name a person goes by), missing
#: from the passenger name while another given name matched: forms drop middle names and
#: Arab father and grandfather names routinely.
#: "Mansur Abdullah Mohammed Benali" vs "Mansur BENALI".
COST_MIDDLE_GIVEN = 0.15
#: A truncated passenger part that is a prefix of the list part (MRZ cut at 39 characters).
PREFIX_SIMILARITY = 0.93
#: An initial agreeing with the first letter of a list part: weak evidence.
INITIAL_SIMILARITY = 0.72
#: Gendered forms of one surname (IVANOV / IVANOVA, -SKIY / -SKAYA).
GENDERED_SIMILARITY = 0.9
#: Two spellings one typing slip apart (:func:`typing_slip`: a neighbouring key hit, two
#: letters swapped, a letter dropped or doubled): "NZBIL" / "NABIL" (Z beside A) is 0.82 by
#: edit similarity, which :func:`agreement` would count as 0.75; a slip counts this much.
#: Only similarities from :data:`TYPO_BAND_LOW` up (after the skeleton floor) are lifted:
#: the cheap bound (:mod:`namematch.cheap`) lifts that band too, so it stays an upper bound.
#: 0.9 -> 0.95 found 1 to 3 more listed travellers per 1,000 on the committed set and two
#: held-out seeds (7, 11), with no new false alert.
TYPO_SIMILARITY = 0.95
#: Lowest edit similarity a typing slip lifts. The typed spellings are judged, not the keys:
#: a slip can break a digraph the key folds (AICBHA / AICHA keys AIKBHA / AICHA, 0.70;
#: DZBALOL / DZHALOL keys DSBALOL / JALOL), so key similarity may fall well below the 0.8 of
#: the typed spellings. 0.75 -> 0.6 found two more listed travellers, no new false alert.
TYPO_BAND_LOW = 0.6
#: Two typing slips in one part (:func:`two_slips`: PTAIAT / PATIMAT) count this much:
#: agreement in full, as a single slip's edit similarity would be.
TWO_SLIPS_SIMILARITY = 0.85
#: Both spellings must be at least this long for two slips to count.
MIN_TWO_SLIPS_LEN = 6
#: Spellings shorter than this are judged for slips only by :func:`_short_slip` (one letter
#: of three is a third), and shorter than :data:`SHORT_SLIP_LEN` not at all.
MIN_SLIP_LEN = 4
SHORT_SLIP_LEN = 3

#: Taken off the name score when the passenger's given and father's names are matched in
#: another order than the list's (:func:`_order_differs`): a father and his son, or two
#: people with the same given names swapped.
NAME_ORDER_PENALTY = 0.15

#: Name score of an exact match on a weak alias: between the review and hit thresholds on its
#: own, so other data (an exact date of birth) must confirm it before it is a hit.
#: "ABU YOUSEF" vs weak alias "Abu Yousef".
WEAK_ALIAS_SCORE = 0.89

#: Gender evidence: listed gender known, passenger gender known and different.
GENDER_MISMATCH = -0.15
#: The surname matched only in its other gender's form (IVANOVA vs IVANOV): a relative far
#: more often than a typo, whatever the gender fields say.
GENDERED_FORM = -0.12
#: Nationality evidence: mild in both directions, never enough alone.
NATIONALITY_MATCH = 0.01
NATIONALITY_MISMATCH = -0.03


# ---------------------------------------------------------------------------------------------
# Prepared names
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class PreparedPart:
    """One name part with its matching forms, built once per distinct token and role.

    Parts are interned by a cache, so identity is equality (``eq=False``): hashing is free and
    part-pair similarities are memoised by identity.
    """

    text: str
    role: Role
    keys: tuple[str, ...]
    skeleton: str
    truncated: bool = False
    initial: bool = False
    #: Written in Arabic script: short vowels unknown, so the skeleton is strong evidence.
    vowelless: bool = False
    #: Shortest and longest key length, for a cheap length check before any edit distance.
    klen_min: int = 0
    klen_max: int = 0
    #: The part's weight by role (:data:`ROLE_WEIGHT`).
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class PreparedName:
    """A parsed name whose comparable parts carry keys; titles and connectors set aside."""

    name: Name
    parts: tuple[PreparedPart, ...]
    #: List side only, when known in advance (a loaded index): the alignment units, each
    #: part and each merged pair (:func:`list_mergeable`), as :func:`_align` would make them.
    units: tuple[tuple[tuple[int, ...], PreparedPart], ...] | None = None

    @property
    def text(self) -> str:
        """The raw name."""
        return self.name.raw


@lru_cache(maxsize=200_000)
def _prepare_part(text: str, role: Role, truncated: bool, initial: bool,
                  prefix: str, lang: str | None = None) -> PreparedPart:
    ks = _keys.part_keys(text, lang)
    if prefix:
        # A particle glued on as a variant: AL + QAHTANI also matches ALQAHTANI, and
        # بن + علي also BENALI and BINALI.
        ks = tuple(dict.fromkeys(ks + _glued_keys(prefix, text)))
    return _make_part(text, role, ks, _keys.part_skeleton(text), truncated, initial,
                      _keys.is_vowelless(text))


#: Spellings of each side combined when a particle in Arabic script is glued on.
GLUED_ARABIC_FORMS = 2


def _glued_keys(prefix: str, text: str) -> tuple[str, ...]:
    """Keys of ``prefix`` glued to ``text``; either may be in Arabic script, and is then
    glued through its first romanisations (بن علي: BINALI, BENALI)."""
    def forms(s: str) -> tuple[str, ...]:
        if _keys.is_arabic(s):
            return _translit.romanize_token(s)[:GLUED_ARABIC_FORMS]
        return (_keys.fold_token(s),)

    return tuple(k for pf in forms(prefix) for tf in forms(text) for k in _keys.part_keys(pf + tf))


def _make_part(text: str, role: Role, ks: tuple[str, ...], skeleton: str, truncated: bool,
               initial: bool, vowelless: bool) -> PreparedPart:
    lens = [len(k) for k in ks] or [0]
    return PreparedPart(text, role, ks, skeleton, truncated, initial, vowelless, min(lens),
                        max(lens), ROLE_WEIGHT.get(role, 1.0))


@lru_cache(maxsize=200_000)
def _vowelless(p: PreparedPart) -> PreparedPart:
    return replace(p, vowelless=True)


def _is_glue_word(part: NamePart) -> bool:
    """Particles and nasab connectors, which forms drop or glue at will (AL, EL, BEN, BIN)."""
    if part.role is Role.PARTICLE:
        return True
    if _keys.is_arabic(part.text):
        forms = _translit.romanize_token(part.text)
        return bool(forms) and forms[0] in GLUE_WORDS
    return _keys.fold_token(part.text) in GLUE_WORDS


def prepare(name: Name, *, arabic_origin: bool = False) -> PreparedName:
    """Attach keys to every comparable part of ``name``.

    Particles (``al``, ``van``, ``de``) and nasab connectors (``bin``, ``ben``, ``ould``) are
    not compared on their own; they are glued to the following part as an extra variant, since
    forms drop or glue them at will (``BEN ALI`` = ``BENALI`` = ``Ali``). Other connectors
    (``uulu``, ``kyzy`` written apart) carry no identity and are set aside.
    ``arabic_origin`` marks every part as written from an unvowelled source (a listed person
    who also has an Arabic-script name), so vowel differences count as spelling habit.
    """
    out: list[PreparedPart] = []
    pending_particle = ""
    parts = name.parts
    # The language of the whole name, when its letters tell more than one part's would.
    lang = _translit.guess_language(name.raw) if any(
        _translit.detect_script(p.text) is _translit.Script.CYRILLIC for p in parts) else None
    for i, part in enumerate(parts):
        has_next = any(p.role not in NON_NAME_ROLES or p.role is Role.PARTICLE
                       for p in parts[i + 1:])
        if has_next and _is_glue_word(part):
            pending_particle += (part.text if _keys.is_arabic(part.text)
                                 else _keys.fold_token(part.text))
            continue
        if part.role in NON_NAME_ROLES:
            continue
        out.append(_prepare_part(part.text, part.role, part.truncated, part.initial,
                                 pending_particle, lang if lang != "ru" else None))
        pending_particle = ""
    if pending_particle and not out:
        # A name made of a particle only ("AL"): compare it as a plain part.
        out.append(_prepare_part(pending_particle, Role.UNKNOWN, False, False, ""))
    if arabic_origin:
        out = [p if p.vowelless else _vowelless(p) for p in out]
    return PreparedName(name, tuple(out))


# ---------------------------------------------------------------------------------------------
# Part similarity
# ---------------------------------------------------------------------------------------------


_GENDER_ENDINGS = (("SKIY", "SKAYA"), ("SKII", "SKAIA"), ("SKY", "SKAYA"), ("SKI", "SKA"),
                   ("IY", "AYA"), ("YI", "AYA"))


def _gendered(a: str, b: str) -> bool:
    """IVANOV/IVANOVA, PETROVSKIY/PETROVSKAYA: one surname in its two gender forms."""
    if len(a) > len(b):
        a, b = b, a
    diff = len(b) - len(a)
    if diff < 1 or diff > 2 or len(a) < 4 or a[:3] != b[:3]:
        return False
    if diff == 1 and b == a + "A":
        return True
    for m, f in _GENDER_ENDINGS:
        for x, y in ((a, b), (b, a)):
            if x.endswith(m) and y.endswith(f) and x[: -len(m)] == y[: -len(f)]:
                return True
    return False


_KEYBOARD_ROWS = ("QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")


def _build_key_neighbours() -> dict[str, frozenset[str]]:
    """Letters next to each letter on a QWERTY keyboard (same row, and the two touching keys
    of the rows above and below: the rows are staggered by half a key)."""
    pos = {c: (r, i) for r, row in enumerate(_KEYBOARD_ROWS) for i, c in enumerate(row)}
    out: dict[str, frozenset[str]] = {}
    for c, (r, i) in pos.items():
        near = {(r, i - 1), (r, i + 1), (r - 1, i), (r - 1, i + 1), (r + 1, i - 1), (r + 1, i)}
        out[c] = frozenset(d for d, rc in pos.items() if rc in near)
    return out


_KEY_NEIGHBOURS = _build_key_neighbours()


def _adjacent_keys(a: str, b: str) -> bool:
    return b in _KEY_NEIGHBOURS.get(a, frozenset())


def typing_slip(a: str, b: str) -> bool:
    """True when two upper-case spellings differ by one typing slip: a neighbouring key hit
    instead of the right one (NZBIL / NABIL), two neighbouring letters swapped (TAMAAR /
    TAMARA), or one letter dropped or added (HADDA / HADDAD). The first letter is rarely
    mistyped (GHAMDI / HAMDI are two names), except by a swap with the second (ZAAMAT /
    AZAMAT). Spellings of :data:`SHORT_SLIP_LEN` letters are judged by :func:`_short_slip`,
    and so is a two-letter one against three letters (AI / ALI); shorter ones not at all;
    equal spellings are no slip.

    >>> typing_slip("NZBIL", "NABIL"), typing_slip("HAKAN", "HASAN")
    (True, False)
    """
    if (a == b or max(len(a), len(b)) < SHORT_SLIP_LEN or min(len(a), len(b)) < 2
            or abs(len(a) - len(b)) > 1 or OSA.distance(a, b, score_cutoff=1) > 1):
        return False
    if min(len(a), len(b)) < MIN_SLIP_LEN:
        return _short_slip(a, b)
    if a[0] != b[0]:
        # The first letter is rarely mistyped except by swapping it with the second.
        return len(a) == len(b) and a[1] == b[0] and a[0] == b[1] and a[2:] == b[2:]
    if len(a) != len(b):
        short, long_ = (a, b) if len(a) < len(b) else (b, a)
        i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
        return short[i:] == long_[i + 1:]
    diff = [k for k, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) == 1:
        k = diff[0]
        return _adjacent_keys(a[k], b[k])
    if len(diff) == 2:
        k, m = diff
        return m == k + 1 and a[k] == b[m] and a[m] == b[k]
    return False


@lru_cache(maxsize=20_000)
def short_slip_variants(s: str) -> tuple[str, ...]:
    """The three-letter spellings one slip from ``s`` by :func:`_short_slip` (blocking looks
    them up: no deletion key links LAI and ALI)."""
    if len(s) != SHORT_SLIP_LEN:
        return ()
    return tuple(sorted(v for v in _slip_neighbours(s) if v != s and _short_slip(v, s)))


def _short_slip(a: str, b: str) -> bool:
    """A slip in a three-letter spelling: two letters swapped (AIL / ALI, LAI / ALI), the
    middle key hit for its neighbour (IWA / ISA), or a consonant dropped inside a
    four-letter one (AIZ / AZIZ). A letter more, less or changed at either end of a short
    name is another name as often as not (ALI / ALIM, ALI / ALIA, ALI / ALA), and so is a
    vowel more or less inside (AMR / AMIR)."""
    if len(a) == len(b):
        if a[2] == b[2]:
            return (a[0] == b[1] and a[1] == b[0]) or (
                a[0] == b[0] and _adjacent_keys(a[1], b[1]))
        return a[0] == b[0] and a[1] == b[2] and a[2] == b[1]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[i] not in "AEIOUY" and long_[:i] + long_[i + 1:] == short
               for i in range(1, len(long_) - 1))


#: Letters that must follow an article a booking glued on (ALOTAIBI) for the name to be
#: typed without it as well (ALBERTO keeps BERTO, ALI keeps nothing).
MIN_ARTICLE_REST = 5


@lru_cache(maxsize=200_000)
def _typed_forms(text: str) -> tuple[str, ...]:
    """The upper-case Latin spellings a part may be typed as (its romanisations), and a
    spelling with an article glued on (ALOTABII) also without it, as a list gives the article
    apart (Al-Otaibi): a slip in the name is then a slip in one of its spellings."""
    plain = plain_typed_forms(text)
    return plain if plain is not None else _romanized_typed_forms(text)


def _romanized_typed_forms(text: str) -> tuple[str, ...]:
    """:func:`_typed_forms` through the romaniser (any spelling)."""
    forms: dict[str, None] = {}
    for form in _translit.romanize_token(text.replace(" ", "")):
        f = _keys.fold_token(form)
        if f:
            forms[f] = None
            if f[:2] in _keys.GLUED_ARTICLES and len(f) - 2 >= MIN_ARTICLE_REST:
                forms[f[2:]] = None
    return tuple(forms)


def plain_typed_forms(text: str) -> tuple[str, ...] | None:
    """:func:`_typed_forms` of a plain ASCII spelling, without romanising it: its letters,
    upper case, and also without a glued article. ``None`` for other spellings (another
    script, diacritics, an X that may be an ICAO MRZ marker)."""
    if not text.isascii() or "X" in text or "x" in text:
        return None
    folded = "".join(ch for ch in text.upper() if "A" <= ch <= "Z")
    if not folded:
        return ()
    if folded[:2] in _keys.GLUED_ARTICLES and len(folded) - 2 >= MIN_ARTICLE_REST:
        return (folded, folded[2:])
    return (folded,)


def plain_typed_lengths(text: str) -> tuple[int, ...] | None:
    """The lengths of :func:`plain_typed_forms` (the bound's cheap test before a slip
    check)."""
    forms = plain_typed_forms(text)
    return None if forms is None else tuple(len(f) for f in forms)


def letters_lost(typed: str, written: str) -> bool:
    """True when ``typed`` is ``written`` with its non-ASCII letters dropped, as systems that
    only carry ASCII do (GÜL -> GL, ÇAKIR -> AKIR); at least one letter must be left and one
    dropped.

    >>> letters_lost("GL", "Gül"), letters_lost("GUL", "Gül")
    (True, False)
    """
    if written.isascii() or not typed.isascii():
        return False
    kept = "".join(ch for ch in written if ch.isascii())
    left = _keys.fold_token(kept)
    return bool(left) and left == _keys.fold_token(typed) and len(left) < len(
        _keys.fold_token(written))


def _slip_neighbours(s: str) -> set[str]:
    """Spellings one slip from ``s`` by a swap of two neighbouring letters or a neighbouring
    key, both away from the first letter except a swap with it (:func:`typing_slip`)."""
    out = {s[1] + s[0] + s[2:]} if len(s) > 1 else set()
    for i in range(1, len(s)):
        if i + 1 < len(s):
            out.add(s[:i] + s[i + 1] + s[i] + s[i + 2:])
        for c in _KEY_NEIGHBOURS.get(s[i], frozenset()):
            out.add(s[:i] + c + s[i + 1:])
    return out


def two_slips(a: str, b: str) -> bool:
    """True when two spellings, both at least :data:`MIN_TWO_SLIPS_LEN` letters long, are
    two typing slips apart, at most one of them a dropped or added letter: PTAIAT /
    PATIMAT (a swap, a letter dropped), ERHZWN / ERZHAN (a swap, a neighbouring key).
    A letter changed for a far one is no slip at all (HAKAN / HASAN), so it never counts as
    one dropped and one added.

    >>> two_slips("ERHZWN", "ERZHAN"), two_slips("HAKAN", "HASAN")
    (True, False)
    """
    if (a == b or min(len(a), len(b)) < MIN_TWO_SLIPS_LEN or abs(len(a) - len(b)) > 1
            or DamerauLevenshtein.distance(a, b, score_cutoff=2) != 2):
        # Two slips are two edits (a swap is one), no fewer and no more; a letter may be
        # dropped between two swapped ones (NATALYA / NALTYA), which restricted edit
        # distances count as three.
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) == len(long_):
        # Two swaps or neighbouring keys, one on each side, meeting in the middle; in two
        # places at least (one letter two keys away is one far key, not two slips).
        if sum(x != y for x, y in zip(a, b, strict=True)) < 2:
            return False
        return bool(_slip_neighbours(short) & _slip_neighbours(long_))
    # A letter dropped (not the first) plus a swap or neighbouring key on either side.
    dropped = {long_[:i] + long_[i + 1:] for i in range(1, len(long_))}
    return any(typing_slip(d, short) for d in dropped if d != short)


@lru_cache(maxsize=200_000)
def _two_slips_apart(ptext: str, qtext: str) -> bool:
    """Two typing slips (:func:`two_slips`) between some typed forms of two parts."""
    pf = [a for a in _typed_forms(ptext) if len(a) >= MIN_TWO_SLIPS_LEN]
    qf = [b for b in _typed_forms(qtext) if len(b) >= MIN_TWO_SLIPS_LEN]
    return any(two_slips(a, b) for a in pf for b in qf if -2 < len(a) - len(b) < 2)


@lru_cache(maxsize=200_000)
def _slip_apart(ptext: str, qtext: str) -> tuple[bool, bool]:
    """(one typing slip apart, some spellings of equal length) for two parts' typed forms.
    Non-ASCII letters dropped by a system (:func:`letters_lost`) count as a slip too."""
    pf, qf = _typed_forms(ptext), _typed_forms(qtext)
    slip = any(typing_slip(a, b) for a in pf for b in qf
               if -2 < len(a) - len(b) < 2) or letters_lost(ptext, qtext)
    same_len = any(len(a) == len(b) for a in pf for b in qf)
    return slip, same_len


@lru_cache(maxsize=500_000)
def _key_similarity(pkeys: tuple[str, ...], qkeys: tuple[str, ...]) -> tuple[float, str]:
    best_osa = -1.0
    best_pair = ("", "")
    for a in pkeys:
        for b in qkeys:
            if a == b:
                return 1.0, "key"
            o = OSA.normalized_similarity(a, b)
            if o > best_osa:
                best_osa, best_pair = o, (a, b)
    a, b = best_pair
    s = EDIT_WEIGHT * best_osa + (1.0 - EDIT_WEIGHT) * JaroWinkler.normalized_similarity(a, b)
    if _gendered(a, b):
        # Raw similarity; part_similarity lifts it to GENDERED_SIMILARITY.
        return s, "gendered"
    return s, "edit"


def part_similarity(p: PreparedPart, q: PreparedPart) -> tuple[float, str]:
    """Similarity in [0, 1] of a passenger part ``p`` and a list part ``q``, and how it agreed.

    ``how`` is one of ``key`` (same romanisation-invariant key), ``edit``, ``typo`` (one
    typing slip apart, :func:`typing_slip`), ``skeleton``, ``prefix`` (truncated passenger
    part), ``initial``, ``gendered`` or ``length`` (too different in length to compare).
    """
    if not p.keys or not q.keys:
        return 0.0, "none"
    if p.initial or q.initial:
        pa = {k[0] for k in p.keys}
        qa = {k[0] for k in q.keys}
        return (INITIAL_SIMILARITY, "initial") if pa & qa else (0.0, "initial")
    # Lengths too far apart for any key pair to reach MIN_PART_SIMILARITY, and no skeleton
    # agrees either (skeleton length follows key length).
    if (not p.truncated and (p.klen_max < LENGTH_RATIO * q.klen_min
                             or q.klen_max < LENGTH_RATIO * p.klen_min)
            and not (p.skeleton and p.skeleton == q.skeleton)):
        return 0.0, "length"
    sim, how = _key_similarity(p.keys, q.keys)
    if sim >= 1.0:
        return sim, how
    slip: bool | None = None
    if how == "gendered" or TYPO_BAND_LOW <= sim < TYPO_SIMILARITY:
        slip, same_len = _slip_apart(p.text, q.text)
        if how == "gendered":
            # Gender forms differ in length (IVANOV / IVANOVA); keys that only look gendered
            # after folding (TAMAAR -> TAMAR / TAMARA) but typed at equal length one slip
            # apart are a typing slip, not a relative.
            if same_len and slip:
                how = "edit"
            else:
                sim = max(sim, GENDERED_SIMILARITY)
    if p.truncated and len(p.keys[0]) >= 3 and any(
            k.startswith(pk) for pk in p.keys for k in q.keys):
        return max(sim, PREFIX_SIMILARITY), "prefix"
    floor = 0.0
    if p.skeleton and p.skeleton == q.skeleton and len(p.skeleton) >= MIN_SKELETON_LEN:
        # Vowels are spelling habit in names of Arabic origin, unless both sides are written
        # in Latin and open with vowels no romanisation of one name gives: then the shared
        # skeleton is a coincidence of two names (HASAN / HUSEYIN) and proves nothing.
        if not (p.vowelless or q.vowelless):
            floor = LATIN_SKELETON_FLOOR
        elif _keys.vowels_compatible(p.text, q.text):
            floor = SKELETON_FLOOR
    elif (len(p.skeleton) == 2 and p.skeleton == q.skeleton and (p.vowelless or q.vowelless)
          and _keys.vowel_patterns_agree(p.text, q.text)):
        # A short name of Arabic origin (OMAR / UMAR, MONA / MUNA): two consonants are too
        # few to go by, but the same consonants with the same vowels up to spelling habit
        # are one name.
        floor = SKELETON_FLOOR
    if slip is None and TYPO_BAND_LOW <= floor < TYPO_SIMILARITY:
        # Same skeleton, vowels moved (TONUSI / TOUNSI): a swap is a slip too.
        slip = _slip_apart(p.text, q.text)[0]
    if slip and how != "gendered" and TYPO_BAND_LOW <= max(sim, floor) < TYPO_SIMILARITY:
        return TYPO_SIMILARITY, "typo"
    if (how != "gendered" and TYPO_BAND_LOW <= max(sim, floor) < TWO_SLIPS_SIMILARITY
            and _two_slips_apart(p.text, q.text)):
        return TWO_SLIPS_SIMILARITY, "two typos"
    if sim < floor:
        return floor, "skeleton"
    return sim, how


# ---------------------------------------------------------------------------------------------
# Alignment and the comparison result
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartMatch:
    """One aligned pair of parts (either side may be ``None`` for an unmatched part)."""

    passenger: str | None
    listed: str | None
    role: Role | None
    similarity: float
    how: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """The result of comparing one passenger name with one listed name.

    ``score`` is the calibrated final score in [0, 1]; ``name_score`` the name evidence alone.
    """

    score: float
    name_score: float
    passenger_name: str
    matched_name: str
    matched_name_type: NameType
    alignment: tuple[PartMatch, ...]
    dob: DobResult = field(default_factory=lambda: DobResult(DobOutcome.UNKNOWN, 0.0))
    gender: str = "unknown"
    nationality: str = "unknown"
    notes: tuple[str, ...] = ()

    def reasons(self) -> list[str]:
        """Readable reasons, one per line, for officers and ``--explain``."""
        out = [f"matched {self.matched_name_type.value} name {self.matched_name!r}"
               f" (name score {self.name_score:.3f})"]
        for m in self.alignment:
            if m.passenger is not None and m.listed is not None:
                role = m.role.value if m.role else "part"
                out.append(f"{m.passenger} ~ {m.listed} [{role}] {m.similarity:.2f} by {m.how}")
            elif m.listed is not None:
                role = m.role.value if m.role else "part"
                out.append(f"list {role} {m.listed} not on passenger name ({m.how})")
            elif m.how == "order":
                out.append("given names in another order than on the list (Yusuf son of "
                           "Mohammed is not Mohammed son of Yusuf)")
            elif m.passenger is not None and m.how == "further ancestor":
                out.append(f"passenger part {m.passenger} not on list name (after the list's "
                           "last ancestor: a further ancestor the list does not carry)")
            elif m.passenger is not None:
                out.append(f"passenger part {m.passenger} not on list name")
        out.append(self.dob.describe())
        if self.gender != "unknown":
            out.append(f"gender: {self.gender}")
        if self.nationality != "unknown":
            out.append(f"nationality: {self.nationality}")
        out.extend(self.notes)
        return out

    def explain(self) -> str:
        """The reasons as one multi-line text."""
        return "\n".join(self.reasons())


@lru_cache(maxsize=200_000)
def _candidate_units(parts: tuple[PreparedPart, ...], list_side: bool = False,
                     ) -> list[tuple[tuple[int, ...], PreparedPart]]:
    """Single parts plus adjacent pairs merged into one part (ABDUL+RAHMAN). On the list side
    only pairs with a short part merge (:func:`list_mergeable`)."""
    units: list[tuple[tuple[int, ...], PreparedPart]] = [((i,), p) for i, p in enumerate(parts)]
    for i in range(len(parts) - 1):
        a, b = parts[i], parts[i + 1]
        if a.initial or b.initial or (list_side and not list_mergeable(a, b)):
            continue
        merged = _merged_part(a, b)
        units.append(((i, i + 1), merged))
    return units


def list_mergeable(a: PreparedPart, b: PreparedPart) -> bool:
    """Two adjacent list parts are also indexed and compared as one when one of them is short:
    the parts forms glue or split are short words (ABDUL RAHMAN, NUR ALDIN, ABU BAKR). Long
    pairs are not merged, which keeps the index vocabulary near the number of distinct parts."""
    return not (a.initial or b.initial) and min(len(a.text), len(b.text)) <= MERGE_SHORT_PART


@lru_cache(maxsize=100_000)
def _merged_part(a: PreparedPart, b: PreparedPart) -> PreparedPart:
    role = a.role if a.role is not Role.UNKNOWN else b.role
    text = a.text + b.text
    return _make_part(text, role, _keys.part_keys(text), _keys.part_skeleton(text),
                      b.truncated, False, a.vowelless and b.vowelless)


def agreement(s: float) -> float:
    """How much a part similarity counts: in full from :data:`FULL_AGREEMENT`, falling
    :data:`AGREEMENT_FALLOFF` times faster below it, so two different names of one shape
    (HATANI / HASAN, 0.71: 0.29) count far less than a typo in a long name (AKHMETOB /
    AKHMETOV, 0.89: 0.89)."""
    if s >= FULL_AGREEMENT:
        return s
    return max(0.0, s - AGREEMENT_FALLOFF * (FULL_AGREEMENT - s))


def _segment(key: str, vocab: Sequence[str]) -> list[str] | None:
    """Split a glued token into known pieces, left to right, longest piece first; a piece may
    be one edit off when it is at least 5 letters long. The unexplained rest, if any, is the
    last piece. ``None`` when fewer than half of the letters are explained."""
    pieces: list[str] = []
    pos = 0
    explained = 0
    while pos < len(key):
        best = ""
        for v in vocab:
            if len(v) > len(best) and key.startswith(v, pos):
                best = v
        if not best:
            for v in vocab:
                if len(v) < 5 or len(v) <= len(best):
                    continue
                for n in (len(v), len(v) - 1, len(v) + 1):
                    chunk = key[pos:pos + n]
                    if len(chunk) == n and OSA.distance(chunk, v) <= 1:
                        best = chunk
                        break
        if not best:
            break
        pieces.append(best)
        explained += len(best)
        pos += len(best)
    if pos < len(key):
        pieces.append(key[pos:])
    if len(pieces) < 2 or 2 * explained < len(key):
        return None
    return pieces


def _split_glued(pax: Sequence[PreparedPart],
                 lst: Sequence[PreparedPart]) -> tuple[PreparedPart, ...]:
    """Passenger tokens glued by a booking (JAMELTAHAABDALLAH, KANATUULU) split into the list
    name's parts they spell, so each piece aligns on its own. Only booking (PNR) names are
    split: passports and free text do not glue names."""
    if not any(len(p.text) >= GLUED_MIN_LEN for p in pax):
        return tuple(pax)
    folded = {_keys.fold_token(q.text) for q in lst if not q.vowelless or q.text.isascii()}
    vocab = sorted({k for q in lst for k in q.keys if len(k) >= 3}
                   | {f for f in folded if len(f) >= 3} | SEGMENT_FILLERS,
                   key=len, reverse=True)
    out: list[PreparedPart] = []
    for p in pax:
        if (p.initial or not p.keys or len(p.text) < GLUED_MIN_LEN
                or any(part_similarity(p, q)[0] >= GLUED_SKIP_SIMILARITY for q in lst)):
            out.append(p)
            continue
        pieces = _segment(_keys.fold_token(p.text), vocab) or _segment(p.keys[0], vocab)
        if pieces is None:
            out.append(p)
            continue
        out.extend(_prepare_part(piece, p.role, False, False, "")
                   for piece in pieces if piece not in SEGMENT_FILLERS)
    return tuple(out)


_ALIGN_CACHE: dict[tuple[object, ...], tuple[float, tuple[PartMatch, ...]]] = {}
#: Alignments remembered (by the interned parts on both sides); names are Zipf-distributed, so
#: the same pairs of names recur across passengers. Cleared when full.
ALIGN_CACHE_SIZE = 300_000


def align(pax: PreparedName, lst: PreparedName) -> tuple[float, tuple[PartMatch, ...]]:
    """Order-free alignment of passenger parts to list parts; returns (name score, pairs)."""
    key = (pax.parts, lst.parts, pax.name.may_lack, pax.name.form)
    hit = _ALIGN_CACHE.get(key)
    if hit is None:
        hit = _align(pax, lst)
        if len(_ALIGN_CACHE) >= ALIGN_CACHE_SIZE:
            _ALIGN_CACHE.clear()
        _ALIGN_CACHE[key] = hit
    return hit


def _align(pax: PreparedName, lst: PreparedName) -> tuple[float, tuple[PartMatch, ...]]:
    pax_parts = (_split_glued(pax.parts, lst.parts) if pax.name.form is Form.PNR
                 else pax.parts)
    pu = _candidate_units(pax_parts)
    lu = lst.units if lst.units is not None else _candidate_units(lst.parts, True)
    cells: list[tuple[float, int, int, str]] = []
    for i, (_, p) in enumerate(pu):
        for j, (_, q) in enumerate(lu):
            s, how = part_similarity(p, q)
            if s >= MIN_PART_SIMILARITY:
                cells.append((s, i, j, how))
    # Best similarity first; on ties single parts win (clearer explanations), so a merged
    # unit is used only when it explains strictly better (ABDUL RAHMAN vs ABDULRAHMAN).
    cells.sort(key=lambda c: (-c[0], len(pu[c[1]][0]) + len(lu[c[2]][0])))
    used_p: set[int] = set()
    used_l: set[int] = set()
    #: passenger part index -> list part indexes it was matched to
    placed: dict[int, tuple[int, ...]] = {}
    matches: list[PartMatch] = []
    num = 0.0
    den = 0.0
    n_full = 0
    for s, i, j, how in cells:
        pidx, p = pu[i]
        lidx, q = lu[j]
        if used_p.intersection(pidx) or used_l.intersection(lidx):
            continue
        used_p.update(pidx)
        used_l.update(lidx)
        for k in pidx:
            placed[k] = lidx
        w = sum(lst.parts[k].weight for k in lidx)
        if how == "initial":
            w *= 0.5
        else:
            n_full += 1
        num += w * agreement(s)
        den += w
        matches.append(PartMatch(p.text, q.text, q.role, s, how))
    pax_lacks = pax.name.may_lack
    # A form that drops middle names (PNR) still carries the first given name: a list given
    # name is droppable only when another list given name was matched.
    given_matched = any(lst.parts[k].role is Role.GIVEN for k in used_l)
    first_given = next((k for k, q in enumerate(lst.parts) if q.role is Role.GIVEN), -1)
    # An Arab name chain (ism, father, grandfather...): a passport may carry the father's name
    # as the family name and stop there ("Abdulla Hussain" for "Abdullah Hussain Ahmed").
    father_matched = any(lst.parts[k].role in (Role.FATHER, Role.GRANDFATHER) for k in used_l)
    for k, q in enumerate(lst.parts):
        if k in used_l:
            continue
        droppable = q.role in DROPPABLE_ROLES or (
            q.role in pax_lacks and q.role is not Role.GIVEN)
        if droppable:
            cost = COST_DROPPABLE
            how = "may be absent from this form"
        elif q.role is Role.GIVEN and given_matched and k != first_given:
            cost = COST_MIDDLE_GIVEN
            how = "middle name, often dropped"
        elif q.role is Role.SURNAME and father_matched:
            cost = COST_DROPPABLE
            how = "last name of a chain; passports often end at the father's name"
        elif q.role is Role.SURNAME:
            cost = COST_SURNAME_MISSING
            how = "missing"
        else:
            cost = COST_LIST_MISSING
            how = "missing"
        den += q.weight * cost
        matches.append(PartMatch(None, q.text, q.role, 0.0, how))
    deepest: int | None = None  # computed when a passenger part is left over
    for k, p in enumerate(pax_parts):
        if k in used_p:
            continue
        if deepest is None:
            deepest = _deepest_ancestor(lst.parts)
        if deepest >= 0 and deepest in placed.get(k - 1, ()):
            den += ROLE_WEIGHT[Role.UNKNOWN] * COST_FURTHER_ANCESTOR
            matches.append(PartMatch(p.text, None, None, 0.0, "further ancestor"))
            continue
        den += ROLE_WEIGHT[Role.UNKNOWN] * COST_PASSENGER_EXTRA
        matches.append(PartMatch(p.text, None, None, 0.0, "extra"))
    if den <= 0.0 or n_full == 0:
        return 0.0, tuple(matches)
    score = num / den
    if _order_differs(placed, pax_parts, lst.parts):
        score = max(0.0, score - NAME_ORDER_PENALTY)
        matches.append(PartMatch(None, None, None, 0.0, "order"))
    return score, tuple(matches)


def _order_differs(placed: dict[int, tuple[int, ...]], pax_parts: Sequence[PreparedPart],
                   lst_parts: Sequence[PreparedPart]) -> bool:
    """True when the passenger's given names (and patronymic, father's and grandfather's
    names) are matched to the list's in another order: Yusuf son of Mohammed is not
    Mohammed son of Yusuf, and Laura Sarah is not Sarah Laura. Surnames are left out: forms
    put them first or last, and a passport may carry the father's name as the surname."""
    if len(placed) < 2:
        return False
    surname = Role.SURNAME
    prev = -1
    for k in sorted(placed):
        p = pax_parts[k]
        lidx = placed[k]
        if (p.role is surname or p.initial or lst_parts[lidx[0]].role is surname
                or lst_parts[lidx[-1]].role is surname):
            continue
        j = lidx[0]
        if j < prev:
            return True
        prev = j  # a merged pair is placed at one index for both of its parts
    return False


def _deepest_ancestor(parts: Sequence[PreparedPart]) -> int:
    """Index of the last father or grandfather part of a list name chain, -1 without one."""
    for k in range(len(parts) - 1, -1, -1):
        role = parts[k].role
        if role is Role.FATHER or role is Role.GRANDFATHER:
            return k
    return -1


def gender_letter(gender: str | None) -> str:
    """``M``, ``F``, or another first letter (or ``""``): how a gender field is read."""
    return (gender or "").upper()[:1]


def passenger_gender(pax_gender: str | None, pax: PreparedName) -> str:
    """The passenger's gender letter: the gender field, else the title's hint (MR, MRS)."""
    return gender_letter(pax_gender or pax.name.gender_hint)


def _gender_outcome(pax_gender: str | None, list_gender: str | None,
                    pax: PreparedName) -> tuple[str, float]:
    pg = passenger_gender(pax_gender, pax)
    lg = gender_letter(list_gender)
    if pg in ("M", "F") and lg in ("M", "F"):
        if pg == lg:
            return "match", 0.0
        return "mismatch", GENDER_MISMATCH
    return "unknown", 0.0


def _nationality_outcome(pax_nat: str | None, list_nats: Sequence[str]) -> tuple[str, float]:
    if not pax_nat or not list_nats:
        return "unknown", 0.0
    p = pax_nat.strip().upper()
    if any(p == n.strip().upper() for n in list_nats):
        return "match", NATIONALITY_MATCH
    return "mismatch", NATIONALITY_MISMATCH


def _weak_alias_exact(pax: PreparedName, lst: PreparedName) -> bool:
    """Weak aliases count only on an exact normalised match of all parts, in any order."""
    if len(pax.parts) != len(lst.parts):
        return False
    pk = sorted(p.keys[0] for p in pax.parts if p.keys)
    lk = sorted(p.keys[0] for p in lst.parts if p.keys)
    return bool(pk) and pk == lk


def compare_prepared(pax: PreparedName, lst: PreparedName, *,
                     name_type: NameType = NameType.PRIMARY,
                     list_dobs: tuple[str, ...] = (), pax_dob: str | None = None,
                     list_gender: str | None = None, pax_gender: str | None = None,
                     list_nationalities: Sequence[str] = (),
                     pax_nationality: str | None = None,
                     dob: DobResult | None = None) -> Comparison:
    """Compare two prepared names plus the identifying evidence; see the module docstring.

    ``dob`` may carry an already computed date-of-birth outcome (the screener computes it once
    per listed person to prune candidates).
    """
    notes: list[str] = []
    if name_type is NameType.WEAK_ALIAS:
        if _weak_alias_exact(pax, lst):
            name_score = WEAK_ALIAS_SCORE
            alignment: tuple[PartMatch, ...] = tuple(
                PartMatch(p.text, q.text, q.role, 1.0, "exact weak alias")
                for p, q in zip(pax.parts, lst.parts, strict=True))
            notes.append("weak alias: matched exactly; confirm with other data")
        else:
            name_score, alignment = 0.0, ()
            notes.append("weak alias: counts only on an exact match")
    else:
        name_score, alignment = align(pax, lst)
    if dob is None:
        dob = compare_dobs(list_dobs, pax_dob)
    gender, g_adj = _gender_outcome(pax_gender, list_gender, pax)
    nat, n_adj = _nationality_outcome(pax_nationality, list_nationalities)
    if any(m.how == "gendered" for m in alignment):
        g_adj = min(g_adj, 0.0) + GENDERED_FORM
        notes.append("surname in the other gender's form")
    score = name_score + dob.adjustment + g_adj + n_adj if name_score > 0 else 0.0
    score = min(1.0, max(0.0, score))
    return Comparison(score=score, name_score=name_score, passenger_name=pax.text,
                      matched_name=lst.text, matched_name_type=name_type, alignment=alignment,
                      dob=dob, gender=gender, nationality=nat, notes=tuple(notes))


def _as_name(value: str | Name, form: Form | None) -> Name:
    return value if isinstance(value, Name) else parse_name(value, form=form)


def compare(a: str | Name, b: str | Name, *, dob_a: str | None = None, dob_b: str | None = None,
            gender_a: str | None = None, gender_b: str | None = None,
            nationality_a: str | None = None, nationality_b: str | None = None,
            form_a: Form | None = None, form_b: Form | None = None) -> Comparison:
    """Compare any two names in any of the supported scripts; ``b`` plays the list side.

    ``dob_b`` may be any specification :func:`namematch.dates.parse_dob` reads (a year, a
    range); ``dob_a`` is the passenger's date. Several readings of an ambiguous name
    (``AMRMR``) are tried and the best is kept.

    >>> round(compare("IVANOV/IVAN MR", "Иван Иванович Иванов").score, 2) >= 0.9
    True
    """
    from namematch.names import parse_readings

    readings_a = (a,) if isinstance(a, Name) else parse_readings(a, form=form_a)
    lst = prepare(_as_name(b, form_b))
    best: Comparison | None = None
    for ra in readings_a:
        c = compare_prepared(prepare(ra), lst, list_dobs=(dob_b,) if dob_b else (),
                             pax_dob=dob_a, list_gender=gender_b, pax_gender=gender_a,
                             list_nationalities=(nationality_b,) if nationality_b else (),
                             pax_nationality=nationality_a)
        if best is None or c.score > best.score:
            best = c
    assert best is not None
    return best


def reset_caches() -> None:
    """Clear the per-part and per-pair caches of this module (prepared parts, typed forms,
    slips, key similarities, units, alignments): a cold start, or a long-running process that
    wants its memory back."""
    for fn in (_prepare_part, _vowelless, short_slip_variants, _typed_forms, _two_slips_apart,
               _slip_apart, _key_similarity, _candidate_units, _merged_part):  # fmt: skip
        fn.cache_clear()
    _ALIGN_CACHE.clear()
