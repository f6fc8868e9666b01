"""Keys: cheap, script-independent codes per name part, shared by the index and the scorer.

Every part (a token in any script) gets:

* **latin keys**: the romanisation-invariant key (:func:`namematch.translit.latin_key`) of each
  of its romanisations, deduplicated. ``Юлия``, ``YULIYA``, ``IULIIA`` and ``JULIA`` share one.
* a **skeleton**: the cross-script consonant skeleton (:func:`namematch.translit.skeleton`),
  what an Arabic name keeps through any romanisation (``MOHAMMED`` = ``محمد``).
* for the index, **deletion neighbourhoods** of the latin keys, so a typo anywhere in a part
  (first letters included) still finds it (SymSpell-style: a key and every string one deletion
  away share an entry).

All functions are pure and cached per token; tokens follow Zipf's law, so the caches pay.
"""

from __future__ import annotations

import re
from functools import lru_cache

from namematch import translit

__all__ = [
    "deletion_neighbourhood",
    "first_vowel",
    "fold_token",
    "is_arabic",
    "is_vowelless",
    "part_keys",
    "part_skeleton",
    "reset_caches",
    "vowel_groups",
    "vowel_patterns_agree",
    "vowels_compatible",
]

#: Cache sizes (distinct tokens). A national list has a few hundred thousand distinct tokens.
MEMO_TOKENS = 400_000
#: Keys per part are capped: an Arabic token may have many romanisations.
MAX_KEYS_PER_PART = 12
#: Central Asian patronymic markers a booking may glue to the father's name (UMOTUULU);
#: the scorer's glued-name splitter reads them too (``score.SEGMENT_FILLERS``).
PATRONYMIC_MARKERS = ("UULU", "KYZY", "ULY", "UGLI", "OGLI", "QIZI")
#: Letters a name must keep before a glued marker to be keyed without it.
MIN_MARKED_NAME = 3
#: The Arabic article as a booking glues it to a name (ALQAHTANI, ELTUNISI).
GLUED_ARTICLES = ("AL", "EL")
#: Letters after a glued AL / EL for the token to be keyed without it too: long enough that
#: ELMURAT (a name of its own) is not read as EL + MURAT.
GLUED_ARTICLE_REST = 6


def _ascii_upper(text: str) -> str:
    return "".join(ch for ch in text.upper() if "A" <= ch <= "Z")


@lru_cache(maxsize=MEMO_TOKENS)
def part_keys(token: str, lang: str | None = None) -> tuple[str, ...]:
    """Distinct romanisation-invariant keys of one name part, most standard first.

    ``lang`` is the language of the whole name when known (``Ўткир`` alone could be
    Belarusian; in ``Ўткир Отабекович Абдуллаев`` it is Uzbek, so OTKIR is a key too)."""
    out: dict[str, None] = {}
    for form in translit.romanize_token(token, lang=lang):
        for piece in form.split():
            k = translit.latin_key(piece) if piece else ""
            if k:
                out[k] = None
        if len(out) >= MAX_KEYS_PER_PART:
            break
    folded = fold_token(token)
    if not out and folded:
        out[translit.latin_key(folded) or folded] = None
    if translit.detect_script(token) is translit.Script.LATIN:
        if _DOUBLE_VOWEL.search(folded):
            out[_split_double_vowel_key(folded)] = None
        marker = next((m for m in PATRONYMIC_MARKERS if folded.endswith(m)
                       and len(folded) - len(m) >= MIN_MARKED_NAME), "")
        if marker:
            # A Central Asian patronymic glued to its marker (UMOTUULU, NURLANULY): the name
            # is keyed on its own too, as the list gives it apart (UMOT UULU).
            out[translit.latin_key(folded[:-len(marker)])] = None
        rest = folded[2:]
        if (folded[:2] in GLUED_ARTICLES and len(rest) >= GLUED_ARTICLE_REST
                and rest[0] not in "AEIOUY"):
            # An article glued on (ELTUNISI, ALQAHTANI): also keyed without it, and with
            # AL, as a list name's separate article is glued on (AL-TUNISI: ALTUNISI).
            for k in (translit.latin_key(rest), translit.latin_key("AL" + rest)):
                out[k] = None
    return tuple(k for k in out if k)


#: Vowel pairs a dropped letter often makes and the key folds away: a doubled vowel (OO is
#: U, AA collapses) and IO / YO (Yo between consonants is E).
_DOUBLE_VOWEL = re.compile(r"([AEIOU])\1|[IY]O")


def _split_double_vowel_key(folded: str) -> str:
    """The key of a Latin spelling with those vowel pairs read letter by letter: the key
    folds OO to U (the Gulf NOOR), collapses AA and reads IO between consonants as Yo (E),
    but a dropped letter makes such a pair out of V?V just as often (POOV for POPOV, HAAN for
    HASAN, MELNIOV for MELNIKOV, ABDYKADYOV for ABDYKADYROV), and only the letters as typed
    keep that one deletion away."""
    pieces = []
    start = 0
    for m in _DOUBLE_VOWEL.finditer(folded):
        pieces.append(folded[start:m.start() + 1])
        start = m.start() + 1
    pieces.append(folded[start:])
    return "".join(translit.latin_key(p) for p in pieces)


@lru_cache(maxsize=MEMO_TOKENS)
def part_skeleton(token: str) -> str:
    """Cross-script consonant skeleton of one name part ('' when it has none)."""
    try:
        return translit.skeleton(token)
    except ValueError:
        return ""


def deletion_neighbourhood(key: str, max_deletions: int = 1) -> frozenset[str]:
    """The key and every string obtained by deleting up to ``max_deletions`` characters (as a
    set: the index hashes and sorts them itself).

    Two keys within ``max_deletions`` edits (substitution, insertion, deletion, and a
    transposition counts as two) share at least one variant when ``max_deletions`` covers the
    edits on each side: the SymSpell trick, exact and complete. Not cached: the index calls it
    once per list key (a cache would hold the whole neighbourhood of a million names).
    """
    n = len(key)
    if max_deletions <= 2:
        # The positions deleted, directly (a third faster than deleting from each variant).
        out = {key}
        if max_deletions >= 1:
            out.update([key[:i] + key[i + 1:] for i in range(n)])
        if max_deletions == 2:
            out.update([key[:i] + key[i + 1:j] + key[j + 1:]
                        for i in range(n) for j in range(i + 1, n)])
        if key:
            out.discard("")
        return frozenset(out)
    seen = {key}
    frontier = {key}
    for _ in range(max_deletions):
        frontier = {s[:i] + s[i + 1:] for s in frontier for i in range(len(s))} - seen
        frontier.discard("")
        seen |= frontier
    return frozenset(seen)


@lru_cache(maxsize=MEMO_TOKENS)
def fold_token(token: str) -> str:
    """Upper-case A-Z form of a Latin token (diacritics folded, punctuation dropped)."""
    return _ascii_upper(translit.fold_latin(token))


@lru_cache(maxsize=MEMO_TOKENS)
def is_arabic(token: str) -> bool:
    """True when the token is written in Arabic script."""
    return translit.detect_script(token) is translit.Script.ARABIC


def _load_arabic_origin() -> frozenset[str]:
    from importlib import resources

    text = resources.files("namematch").joinpath("data/scoring/arabic_origin.txt").read_text(
        encoding="utf-8")
    words = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    return frozenset(sk for w in words if len(sk := translit.skeleton(w)) >= 2)


_ARABIC_ORIGIN_SKELETONS = _load_arabic_origin()


@lru_cache(maxsize=MEMO_TOKENS)
def is_vowelless(token: str) -> bool:
    """True when a part's vowels are spelling habit: written in Arabic script, or a Latin part
    whose skeleton is that of a common Arabic name part (``data/scoring/arabic_origin.txt``)."""
    if is_arabic(token):
        return True
    sk = part_skeleton(token)
    return len(sk) >= 2 and sk in _ARABIC_ORIGIN_SKELETONS


@lru_cache(maxsize=MEMO_TOKENS)
def first_vowel(token: str) -> str:
    """The first vowel letter (A E I O U) of a Latin-script part, ``""`` for other scripts
    or none. Romanisations of one Arabic name agree on their first short vowel up to the
    usual spellings (fatha A/E, kasra I/E, damma U/O); two names that only share a consonant
    skeleton often do not (HASAN / HUSEYIN, MAHMOUD / MOHAMMED)."""
    if translit.detect_script(token) is not translit.Script.LATIN:
        return ""
    return next((ch for ch in fold_token(token) if ch in "AEIOU"), "")


#: First vowels that may spell one Arabic short vowel.
_SAME_SHORT_VOWEL = frozenset({frozenset("AE"), frozenset("EI"), frozenset("OU")})


def vowels_compatible(a: str, b: str) -> bool:
    """False when two Latin parts open with vowels no romanisation of one short vowel gives
    (A or E against O or U, I against O or U); True otherwise, or when either is not Latin."""
    va, vb = first_vowel(a), first_vowel(b)
    return not va or not vb or va == vb or frozenset((va, vb)) in _SAME_SHORT_VOWEL


_VOWELS = "AEIOU"
#: The French OU before a vowel, which romanisations use for the consonant W (NAOUAL).
_FRENCH_W = re.compile(r"OU(?=[AEI])")


@lru_cache(maxsize=MEMO_TOKENS)
def vowel_groups(token: str) -> tuple[str, ...]:
    """The vowel runs of a Latin-script part between its consonants, leading and trailing
    runs included (``OMAR`` -> ``("O", "A", "")``); ``()`` for other scripts. ``Y`` is a
    vowel after a consonant and before a consonant or the end (ALY, AYMAN's Y is not)."""
    if translit.detect_script(token) is not translit.Script.LATIN:
        return ()
    folded = fold_token(token)
    groups = [""]
    for i, ch in enumerate(folded):
        nxt = folded[i + 1] if i + 1 < len(folded) else ""
        vowel = ch in _VOWELS or (ch == "Y" and i > 0 and folded[i - 1] not in _VOWELS
                                  and (not nxt or nxt not in _VOWELS))
        if vowel:
            groups[-1] += "I" if ch == "Y" else ch
        else:
            groups.append("")
    return tuple(groups)


def _runs_agree(ga: tuple[str, ...], gb: tuple[str, ...], free_first: bool) -> bool:
    if not ga or len(ga) != len(gb):
        return False
    first = next((k for k, x in enumerate(gb) if x), -1) if free_first else -1
    for k, (x, y) in enumerate(zip(ga, gb, strict=True)):
        if bool(x) != bool(y):
            return False
        if x and k != first and not any(u == v or frozenset((u, v)) in _SAME_SHORT_VOWEL
                                        for u in x for v in y):
            return False
    return True


@lru_cache(maxsize=MEMO_TOKENS)
def _undoubled_groups(token: str) -> tuple[str, ...]:
    """:func:`vowel_groups` of a Latin spelling with doubled letters written once (ISSAM and
    ISAM, one shadda written or not, have the same runs)."""
    folded = fold_token(token)
    single = "".join(ch for k, ch in enumerate(folded) if k == 0 or ch != folded[k - 1])
    return vowel_groups(single)


def vowel_patterns_agree(a: str, b: str) -> bool:
    """True when two parts have the same number of vowel runs between the same number of
    consonants and each pair of runs can spell one Arabic short vowel (OMAR / UMAR,
    ISA / EISA, MONA / MUNA; not AMR / AMIR or SAMI / SAMA).

    A part in Arabic script is compared through its romanisations; where the word leaves its
    first vowel unwritten (:func:`namematch.translit.arabic_first_vowel_unwritten`) that run
    may be any vowel, since the romaniser only guessed it (BELAL / بلال, read BALAL;
    ISSAM / عصام, read ASAM). Doubled letters count once on both sides.
    """
    if is_arabic(a) != is_arabic(b):
        latin, arabic = (b, a) if is_arabic(a) else (a, b)
        gl = _undoubled_groups(latin)
        free = translit.arabic_first_vowel_unwritten(arabic)
        # Romanisations writing the consonant W as the French OU (ALAOUI for العلوي) hide
        # it among the vowels; the others spell the same word with it.
        return any(_runs_agree(gl, _undoubled_groups(r), free)
                   for r in translit.romanize_token(arabic) if not _FRENCH_W.search(r))
    return _runs_agree(vowel_groups(a), vowel_groups(b), False)


def reset_caches() -> None:
    """Clear every per-token cache (for long-running processes after a list update)."""
    part_keys.cache_clear()
    part_skeleton.cache_clear()
    fold_token.cache_clear()
    is_arabic.cache_clear()
    first_vowel.cache_clear()
    vowel_groups.cache_clear()
    _undoubled_groups.cache_clear()
    is_vowelless.cache_clear()
