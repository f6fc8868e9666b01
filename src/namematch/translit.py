"""Transliteration: the first stage of the pipeline.

Turns any name into the romanised forms it is really written in, so that later stages compare
like with like. Use it on both sides, list names at index build and passenger names at
screening time, through the same functions.

Admitted scripts and how they are handled:

* **Cyrillic** (Russian, Ukrainian, Belarusian, Kazakh, Kyrgyz, Uzbek, Tajik): one token gives a
  bounded set of romanisations, one per scheme: ICAO Doc 9303 (Russian passports since about
  2014), GOST R 52535.1-2006 (2010-2013), MVD order 310 (1997-2010), BGN/PCGN, the English press
  habit (Fyodor, Ilyich), the national passport habits and Latin alphabets of the Central Asian
  states, and the German (Nasarbajew) and French (Noursoultan) habits. The letter tables are in
  ``data/translit/cyrillic.tsv``; the position rules (iotated vowels, doubled S, -ий endings)
  are in :data:`_POSITION_RULES` below.
* **Arabic script** (Arabic, Persian and Urdu letters): short vowels are not written, so the
  romaniser infers vowels (frequent whole words from ``data/translit/arabic_names.tsv``, a
  pattern guess otherwise) and :func:`skeleton` gives a vowel-insensitive consonant key.
* **Latin**: diacritics and ligatures folded (:func:`fold_latin`); evasion (look-alike letters
  from other scripts, zero-width and bidi characters, stray combining marks, full-width forms)
  is undone by :func:`clean`. The ICAO 9303 Arabic MRZ scheme (XKH, XSH, ...) is recognised.
* **Greek and other scripts**: ``unidecode`` fallback, folded. No transliteration package other
  than that fallback is used at run time.

Every function here is deterministic and cached per token; :func:`reset_caches` clears the
caches in long-running processes.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Sequence
from enum import Enum
from functools import lru_cache
from importlib import resources

from unidecode import unidecode

__all__ = [
    "MAX_VARIANTS",
    "Script",
    "arabic_first_vowel_unwritten",
    "clean",
    "cyrillic_schemes",
    "detect_script",
    "fold_latin",
    "guess_language",
    "latin_key",
    "reset_caches",
    "romanize",
    "romanize_cyrillic",
    "romanize_token",
    "skeleton",
]

#: Most romanisations returned for one token or one name.
MAX_VARIANTS = 32
#: Cache sizes (entries). Name tokens follow Zipf's law, so per-token caches pay off.
MEMO_TOKEN = 131072
MEMO_TEXT = 131072
MEMO_KEY = 131072


class Script(str, Enum):
    """Writing system of a piece of text (the dominant one among its letters)."""

    LATIN = "latin"
    CYRILLIC = "cyrillic"
    ARABIC = "arabic"
    GREEK = "greek"
    OTHER = "other"
    NONE = "none"


# ---------------------------------------------------------------------------------------------
# data loading


def _read_tsv(name: str) -> list[dict[str, str]]:
    """Read one table of ``data/translit`` (UTF-8, tab-separated, '#' comment lines)."""
    path = resources.files("namematch") / "data" / "translit" / name
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "") for k, v in row.items()} for row in reader]


def _cell(value: str) -> str | None:
    """Table cell: empty = undefined (None), '-' = dropped (''), else the spelling."""
    if value == "":
        return None
    if value == "-":
        return ""
    return value


_CYR_SCHEME_COLUMNS = (
    "icao9303", "gost2006", "mvd310", "bgn_pcgn", "press", "german", "french",
    "kk_passport", "kk_latin2021", "uz_passport", "uz_latin", "ky_passport", "ky_russified",
    "tg_passport", "tg_russified", "uk", "be",
)  # fmt: skip


def _load_cyrillic() -> dict[str, dict[str, str]]:
    """Load ``cyrillic.tsv`` as column -> {upper-case letter -> spelling} (defined cells only)."""
    table: dict[str, dict[str, str]] = {col: {} for col in _CYR_SCHEME_COLUMNS}
    for row in _read_tsv("cyrillic.tsv"):
        letter = row["letter"]
        for col in _CYR_SCHEME_COLUMNS:
            value = _cell(row[col])
            if value is not None:
                table[col][letter] = value
    return table


_CYR = _load_cyrillic()


class _ArabicLetter:
    __slots__ = ("habits", "kind", "skel")

    def __init__(self, kind: str, habits: dict[str, str], skel: str) -> None:
        self.kind = kind
        self.habits = habits
        self.skel = skel


_AR_HABITS = ("primary", "egyptian", "maghreb", "gulf_levant", "persian")


def _load_arabic() -> dict[str, _ArabicLetter]:
    """Load ``arabic.tsv``: letter -> kind, spelling per habit (primary filled in), skeleton."""
    out: dict[str, _ArabicLetter] = {}
    for row in _read_tsv("arabic.tsv"):
        primary = _cell(row["primary"]) or ""
        habits = {}
        for habit in _AR_HABITS:
            value = _cell(row[habit])
            habits[habit] = primary if value is None else value
        out[row["letter"]] = _ArabicLetter(row["kind"], habits, _cell(row["skeleton"]) or "")
    return out


_AR = _load_arabic()

_AR_NAME_HABITS = ("english", "maghreb", "egyptian", "gulf_levant")


def _load_arabic_names() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Load ``arabic_names.tsv``: word -> (spelling per habit, further spellings)."""
    out: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for row in _read_tsv("arabic_names.tsv"):
        habits = tuple(row[h] for h in _AR_NAME_HABITS)
        out[_ar_lookup_form(row["arabic"])] = (habits, tuple(row["more"].split()))
    return out


def _load_rules(name: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Load an ordered rewrite-rule table (pattern, replacement)."""
    return tuple(
        (re.compile(row["pattern"]), row["replacement"].strip()) for row in _read_tsv(name)
    )


def _load_confusables() -> tuple[dict[int, str], dict[int, str]]:
    """Load ``confusables.tsv`` as two ``str.translate`` maps: to Latin and to Cyrillic."""
    to_latin: dict[int, str] = {}
    to_cyrillic: dict[int, str] = {}
    for row in _read_tsv("confusables.tsv"):
        foreign, latin = row["foreign"], row["latin"]
        to_latin[ord(foreign)] = latin
        if row["foreign_name"].startswith("CYRILLIC") and ord(latin) not in to_cyrillic:
            to_cyrillic[ord(latin)] = foreign
    return to_latin, to_cyrillic


_TO_LATIN, _TO_CYRILLIC = _load_confusables()
_LATIN_KEY_RULES = _load_rules("latin_key.tsv")
_SKELETON_RULES = _load_rules("skeleton.tsv")

# ---------------------------------------------------------------------------------------------
# clean()

_APOSTROPHES = (
    "\N{MODIFIER LETTER TURNED COMMA}\N{MODIFIER LETTER APOSTROPHE}"
    "\N{RIGHT SINGLE QUOTATION MARK}\N{LEFT SINGLE QUOTATION MARK}\N{GRAVE ACCENT}"
    "\N{ACUTE ACCENT}\N{PRIME}\N{MODIFIER LETTER PRIME}\N{MODIFIER LETTER VERTICAL LINE}"
    "\N{SINGLE HIGH-REVERSED-9 QUOTATION MARK}\N{MODIFIER LETTER REVERSED COMMA}"
    "\N{FULLWIDTH APOSTROPHE}\N{ARMENIAN APOSTROPHE}\N{HEBREW PUNCTUATION GERESH}"
    "\N{MODIFIER LETTER ACUTE ACCENT}\N{MODIFIER LETTER GRAVE ACCENT}"
)
_INVISIBLE = (
    "\N{ZERO WIDTH SPACE}\N{ZERO WIDTH NON-JOINER}\N{ZERO WIDTH JOINER}\N{WORD JOINER}"
    "\N{ZERO WIDTH NO-BREAK SPACE}\N{SOFT HYPHEN}\N{MONGOLIAN VOWEL SEPARATOR}"
    "\N{LEFT-TO-RIGHT MARK}\N{RIGHT-TO-LEFT MARK}\N{ARABIC LETTER MARK}"
    "\N{LEFT-TO-RIGHT EMBEDDING}\N{RIGHT-TO-LEFT EMBEDDING}\N{POP DIRECTIONAL FORMATTING}"
    "\N{LEFT-TO-RIGHT OVERRIDE}\N{RIGHT-TO-LEFT OVERRIDE}\N{LEFT-TO-RIGHT ISOLATE}"
    "\N{RIGHT-TO-LEFT ISOLATE}\N{FIRST STRONG ISOLATE}\N{POP DIRECTIONAL ISOLATE}"
    "\N{ARABIC TATWEEL}\N{COMBINING GRAPHEME JOINER}"
)
_PRE_CLEAN = {ord(c): "'" for c in _APOSTROPHES} | {ord(c): None for c in _INVISIBLE}


def _script_of(ch: str) -> Script:
    """Script of one letter (by code point block)."""
    cp = ord(ch)
    if cp < 0x80:
        return Script.LATIN if ch.isalpha() else Script.NONE
    if cp < 0x250 or 0x1E00 <= cp < 0x1F00 or 0xFF21 <= cp <= 0xFF5A or 0x2C60 <= cp < 0x2C80:
        return Script.LATIN
    if 0x400 <= cp < 0x530 or 0x1C80 <= cp < 0x1C90 or 0x2DE0 <= cp < 0x2E00:
        return Script.CYRILLIC
    if 0xA640 <= cp < 0xA6A0:
        return Script.CYRILLIC
    if 0x370 <= cp < 0x400 or 0x1F00 <= cp < 0x2000:
        return Script.GREEK
    if 0x600 <= cp < 0x700 or 0x750 <= cp < 0x780 or 0x8A0 <= cp < 0x900:
        return Script.ARABIC
    if 0xFB50 <= cp < 0xFE00 or 0xFE70 <= cp < 0xFF00:
        return Script.ARABIC
    return Script.OTHER


def _repair_token(token: str) -> str:
    """Repair homoglyphs in one token that mixes Latin with Cyrillic or Greek letters.

    When every foreign letter has a Latin look-alike and some Latin letter has no Cyrillic
    one, the token becomes all Latin (Pаvеl -> Pavel); in the opposite case all Cyrillic
    (Cepгей -> Сергей); when both sides could be mapped, the majority wins (ties: Latin).
    A token whose letters cannot all be mapped either way is left alone.
    """
    if token.isascii():
        return token
    latin: list[str] = []
    foreign: list[str] = []
    for ch in token:
        if ch.isalpha():
            script = _script_of(ch)
            if script is Script.LATIN:
                latin.append(ch)
            elif script is Script.CYRILLIC or script is Script.GREEK:
                foreign.append(ch)
    if not latin or not foreign:
        return token
    foreign_ok = all(ord(ch) in _TO_LATIN for ch in foreign)
    latin_ok = all(ord(ch) in _TO_CYRILLIC for ch in latin) and all(
        _script_of(ch) is Script.CYRILLIC for ch in foreign
    )
    if foreign_ok and (not latin_ok or len(latin) >= len(foreign)):
        return token.translate(_TO_LATIN)
    if latin_ok:
        return token.translate(_TO_CYRILLIC)
    return token


@lru_cache(maxsize=MEMO_TEXT)
def clean(text: str) -> str:
    """Repair Unicode in a name; apply identically to list and passenger names.

    Steps: apostrophe look-alikes become ASCII ``'``; zero-width characters, bidi controls,
    tatweel and other control or format characters are dropped; NFKC (full-width forms become
    ASCII); combining marks left over after composition are dropped except on Arabic letters
    (vowel marks and shadda are kept for the romaniser); look-alike letters are repaired per
    token (a mostly-Latin token with Cyrillic or Greek look-alikes becomes all Latin, a
    mostly-Cyrillic token with Latin look-alikes all Cyrillic); whitespace is collapsed.
    Case and precomposed diacritics are kept.

    Args:
        text: Any string.

    Returns:
        The repaired string (possibly empty).
    """
    if text.isascii() and text.isalpha():
        return text  # plain ASCII letters: nothing to repair
    text = unicodedata.normalize("NFKC", text.translate(_PRE_CLEAN)).translate(_PRE_CLEAN)
    if text.replace(" ", "").isalpha():  # fast path: letters and spaces only
        chars = [text]
    elif text.isascii():
        chars = [ch if ch.isprintable() else " " for ch in text]
    else:
        chars = []
        prev_arabic = False
        for ch in text:
            cat = unicodedata.category(ch)
            if cat[0] == "M":
                if prev_arabic:
                    chars.append(ch)
                continue
            if cat[0] in "CZ":
                chars.append(" ")
            else:
                chars.append(ch)
            prev_arabic = _script_of(ch) is Script.ARABIC
    return " ".join(_repair_token(tok) for tok in "".join(chars).split())


# ---------------------------------------------------------------------------------------------
# scripts and languages


@lru_cache(maxsize=MEMO_TEXT)
def detect_script(text: str) -> Script:
    """Dominant script among the letters of ``text``.

    Args:
        text: Any string (cleaned or not).

    Returns:
        The script with most letters (ties: Latin, Cyrillic, Arabic, Greek, other), or
        :attr:`Script.NONE` when there is no letter.
    """
    if text.isascii():
        # Only ASCII letters count, all Latin; an ASCII text has a letter where its cases
        # differ.
        return Script.LATIN if text.upper() != text.lower() else Script.NONE
    counts: dict[Script, int] = {}
    for ch in text:
        if ch.isalpha():
            script = _script_of(ch)
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return Script.NONE
    order = (Script.LATIN, Script.CYRILLIC, Script.ARABIC, Script.GREEK, Script.OTHER)
    return max(order, key=lambda s: counts.get(s, 0))


_KK_ONLY = frozenset(
    "\N{CYRILLIC CAPITAL LETTER SCHWA}"
    "\N{CYRILLIC CAPITAL LETTER STRAIGHT U WITH STROKE}"
    "\N{CYRILLIC CAPITAL LETTER SHHA}"
)
_TG_ONLY = frozenset(
    "\N{CYRILLIC CAPITAL LETTER CHE WITH DESCENDER}"
    "\N{CYRILLIC CAPITAL LETTER I WITH MACRON}"
    "\N{CYRILLIC CAPITAL LETTER U WITH MACRON}"
)
_KA_DESC = "\N{CYRILLIC CAPITAL LETTER KA WITH DESCENDER}"
_GHE_STROKE = "\N{CYRILLIC CAPITAL LETTER GHE WITH STROKE}"
_HA_DESC = "\N{CYRILLIC CAPITAL LETTER HA WITH DESCENDER}"
_SHORT_U = "\N{CYRILLIC CAPITAL LETTER SHORT U}"
_CYR_I = "\N{CYRILLIC CAPITAL LETTER I}"
_UKR_I = "\N{CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I}"
_KY_LETTERS = frozenset(
    "\N{CYRILLIC CAPITAL LETTER EN WITH DESCENDER}"
    "\N{CYRILLIC CAPITAL LETTER BARRED O}"
    "\N{CYRILLIC CAPITAL LETTER STRAIGHT U}"
)
_UK_ONLY = frozenset(
    "\N{CYRILLIC CAPITAL LETTER UKRAINIAN IE}"
    "\N{CYRILLIC CAPITAL LETTER YI}"
    "\N{CYRILLIC CAPITAL LETTER GHE WITH UPTURN}"
)
_NOT_UK = frozenset(
    "\N{CYRILLIC CAPITAL LETTER YERU}"
    "\N{CYRILLIC CAPITAL LETTER E}"
    "\N{CYRILLIC CAPITAL LETTER IO}"
    "\N{CYRILLIC CAPITAL LETTER HARD SIGN}"
)
_UR_ONLY = frozenset(
    "\N{ARABIC LETTER TTEH}"
    "\N{ARABIC LETTER DDAL}"
    "\N{ARABIC LETTER RREH}"
    "\N{ARABIC LETTER NOON GHUNNA}"
    "\N{ARABIC LETTER HEH DOACHASHMEE}"
    "\N{ARABIC LETTER YEH BARREE}"
    "\N{ARABIC LETTER HEH GOAL}"
)
_FA_ONLY = frozenset(
    "\N{ARABIC LETTER PEH}"
    "\N{ARABIC LETTER TCHEH}"
    "\N{ARABIC LETTER JEH}"
    "\N{ARABIC LETTER GAF}"
    "\N{ARABIC LETTER KEHEH}"
    "\N{ARABIC LETTER FARSI YEH}"
)


@lru_cache(maxsize=MEMO_TEXT)
def guess_language(text: str) -> str | None:
    """Guess the language of a Cyrillic or Arabic-script name from its letters.

    Cyrillic: Ҷ Ӣ Ӯ -> ``tg``; Ҳ, or Ў with Қ/Ғ -> ``uz``; Ә Ұ Һ, Қ/Ғ, or І with Қ Ғ Ң Ө Ү ->
    ``kk``; Ң Ө Ү alone -> ``ky``; Є Ї Ґ -> ``uk``; Ў -> ``be`` with І, ``uz`` with И or at a
    word start, else ``be``; І -> ``be`` when Ы Э Ё Ъ occur,
    else ``uk``; otherwise ``ru``. Arabic script: Urdu letters -> ``ur``,
    Persian letters -> ``fa``, else ``ar``.

    Args:
        text: A name or token in any script.

    Returns:
        A language code, or None when the text is neither Cyrillic nor Arabic script.
    """
    script = detect_script(text)
    if script is Script.ARABIC:
        letters = set(text)
        if letters & _UR_ONLY:
            return "ur"
        if letters & _FA_ONLY:
            return "fa"
        return "ar"
    if script is not Script.CYRILLIC:
        return None
    up = set(text.upper())
    if up & _TG_ONLY:
        return "tg"
    ka_ghe = _KA_DESC in up or _GHE_STROKE in up
    if _HA_DESC in up or (_SHORT_U in up and ka_ghe):
        return "uz"
    if up & _KK_ONLY or ka_ghe or (_UKR_I in up and up & _KY_LETTERS):
        return "kk"
    if up & _KY_LETTERS:
        return "ky"
    if up & _UK_ONLY:
        return "uk"
    if _SHORT_U in up:
        # Belarusian writes І, never И (Ўладзімір); Uzbek writes И and no І (Ўткир).
        if _UKR_I in up:
            return "be"
        words = text.upper().split()
        uzbek = _CYR_I in up or any(w.startswith(_SHORT_U) for w in words)
        return "uz" if uzbek else "be"
    if _UKR_I in up:
        return "be" if up & _NOT_UK else "uk"
    return "ru"


# ---------------------------------------------------------------------------------------------
# Latin folding

_LATIN_SPECIAL = {
    ord("ß"): "SS", ord("ẞ"): "SS", ord("Æ"): "AE", ord("æ"): "AE", ord("Œ"): "OE",
    ord("œ"): "OE", ord("Ø"): "O", ord("ø"): "O", ord("Ł"): "L", ord("ł"): "L", ord("ı"): "I",
    ord("Đ"): "D", ord("đ"): "D", ord("Ð"): "D", ord("ð"): "D", ord("Þ"): "TH", ord("þ"): "TH",
    ord("Ħ"): "H", ord("ħ"): "H", ord("Ŋ"): "N", ord("ŋ"): "N", ord("ſ"): "S", ord("'"): "",
}  # fmt: skip
_NON_FOLD = re.compile(r"[^A-Z0-9\- ]+")
_SPACES = re.compile(r" +")
_HYPHENS = re.compile(r"-{2,}")
_EDGE_HYPHEN = re.compile(r"(?:^|(?<= ))-+|-+(?= |$)")


@lru_cache(maxsize=MEMO_TEXT)
def fold_latin(text: str) -> str:
    """Fold a (Latin) name to upper-case ASCII.

    Diacritics and ligatures are folded (ß SS, Æ AE, Ø O, Ł L, ı I, Ş S, Ğ G, Ç C, Ä A, Ö O,
    Ü U, Ū U ...), apostrophes and their look-alikes dropped (O'G'LI -> OGLI), letters of other
    scripts go through ``unidecode``, other punctuation becomes a space. The result holds only
    A-Z, 0-9, single spaces and inner hyphens, and folding it again changes nothing.

    Args:
        text: Any string.

    Returns:
        The folded string (possibly empty).
    """
    if text.isascii() and text.isalpha():
        return text.upper()  # plain ASCII letters: nothing to repair, fold or drop
    text = clean(text).translate(_LATIN_SPECIAL)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        if not text.isascii():
            text = unidecode(text).replace("'", "")
    text = _NON_FOLD.sub(" ", text.upper())
    text = _HYPHENS.sub("-", text)
    text = _EDGE_HYPHEN.sub("", text)
    return _SPACES.sub(" ", text).strip()


_NON_A_Z = re.compile(r"[^A-Z]+")


def _letters_only(text: str) -> str:
    """Keep A-Z only."""
    return _NON_A_Z.sub("", text)


_GERMAN_UMLAUTS = {ord("Ä"): "AE", ord("Ö"): "OE", ord("Ü"): "UE", ord("ä"): "AE",
                   ord("ö"): "OE", ord("ü"): "UE", ord("Ø"): "OE", ord("ø"): "OE",
                   ord("Å"): "AA", ord("å"): "AA"}  # fmt: skip

# ICAO Doc 9303 Part 3 Arabic MRZ digraphs (X marks a letter without a plain Latin twin).
_ICAO_ARABIC_MRZ = (
    ("XAA", "A"), ("XAE", "A"), ("XTA", "A"), ("XAY", "A"), ("XKH", "KH"), ("XGH", "GH"),
    ("XSH", "SH"), ("XSS", "S"), ("XTH", "TH"), ("XDH", "DH"), ("XDZ", "D"), ("XTT", "T"),
    ("XZZ", "Z"), ("XH", "H"), ("XE", ""),
)
_ICAO_MRZ_RE = re.compile("|".join(k for k, _ in _ICAO_ARABIC_MRZ))
_ICAO_MRZ_MAP = dict(_ICAO_ARABIC_MRZ)


_ICAO_MRZ_SURE = re.compile("|".join(k for k, _ in _ICAO_ARABIC_MRZ if len(k) == 3))


def _decode_icao_arabic(token: str) -> str | None:
    """Decode ICAO 9303 Arabic MRZ digraphs in an A-Z token; None if there are none.

    Only tokens holding a three-letter marker (XKH, XSH, XSS ...) are decoded: XH and XE alone
    are ordinary Latin spellings (ALEXEI, Albanian XHAFER).
    """
    if "X" not in token or not _ICAO_MRZ_SURE.search(token):
        return None
    return _ICAO_MRZ_RE.sub(lambda m: _ICAO_MRZ_MAP[m.group(0)], token)


def _romanize_latin(token: str) -> list[str]:
    """Latin token: folded form first, then German umlaut spellings and decoded ICAO MRZ."""
    folded = _letters_only(fold_latin(token))
    out = [folded]
    if any(ord(ch) in _GERMAN_UMLAUTS for ch in token):
        out.append(_letters_only(fold_latin(token.translate(_GERMAN_UMLAUTS))))
    decoded = _decode_icao_arabic(folded)
    if decoded:
        out.append(decoded)
    return out


# ---------------------------------------------------------------------------------------------
# Cyrillic

_CYR_VOWELS = frozenset("АЕЁИОУЫЭЮЯЄІЇӘӨҰҮӢӮЎ")
_CYR_SIGNS = frozenset("ЪЬ")
_HUSHING = frozenset("ЖЧШЩ")
_E = "\N{CYRILLIC CAPITAL LETTER IE}"
_YO = "\N{CYRILLIC CAPITAL LETTER IO}"
_ES = "\N{CYRILLIC CAPITAL LETTER ES}"
_SOFT = "\N{CYRILLIC CAPITAL LETTER SOFT SIGN}"
_GHE = "\N{CYRILLIC CAPITAL LETTER GHE}"

# Position rules, per rule set: letter -> ((context, spelling), ...), first matching context
# wins. Contexts: "start" (word start), "vowel" (after a vowel), "sign" (after Ъ/Ь),
# "hushing" (after Ж Ч Ш Щ), "between" (between two vowels), "before_io" (before И or О),
# "before_front" (before Е, И, Ы).
#   bgn:    BGN/PCGN Е -> YE and Ё -> YË (folded YE) at word start, after a vowel, Ъ or Ь.
#   press:  English press habit: as BGN but Ё -> YO (O after hushing), Ь before И/О -> Y
#           (Ilyich).
#   german: Е -> JE, Ё -> JO (O after hushing) at start / after vowel / sign; С -> SS
#           between vowels; Ь before И/О -> J (Iljitsch).
#   french: Е -> IE, Ё -> IO after a vowel; Ё -> O after hushing; С -> SS between vowels;
#           Г -> GU before Е, И, Ы (Evgueni).
#   kk:     Kazakh passports: Е -> YE after a vowel; С -> SS between vowels (KASSYM).
#   ye:     Е -> YE at word start and after a vowel (Uzbek and Tajik Latin habits).
#   uk:     Ukrainian national table (2010): Є Ї Й Ю Я -> YE YI Y YU YA at word start.
_Rules = dict[str, tuple[tuple[str, str], ...]]
_IOTA = ("start", "vowel", "sign")


def _iota(e: str, yo: str) -> _Rules:
    return {_E: tuple((c, e) for c in _IOTA), _YO: tuple((c, yo) for c in _IOTA)}


_POSITION_RULES: dict[str, _Rules] = {
    "none": {},
    "bgn": _iota("YE", "YE"),
    "press": _iota("YE", "YO") | {
        _YO: (("hushing", "O"), *((c, "YO") for c in _IOTA)),
        _SOFT: (("before_io", "Y"),),
    },
    "german": _iota("JE", "JO") | {
        _YO: (("hushing", "O"), *((c, "JO") for c in _IOTA)),
        _ES: (("between", "SS"),),
        _SOFT: (("before_io", "J"),),
    },
    "french": {
        _E: (("vowel", "IE"),),
        _YO: (("hushing", "O"), ("vowel", "IO")),
        _ES: (("between", "SS"),),
        _GHE: (("before_front", "GU"),),
    },
    "kk": {_E: (("vowel", "YE"),), _ES: (("between", "SS"),)},
    "ye": {_E: (("start", "YE"), ("vowel", "YE"))},
    "uk": {
        "\N{CYRILLIC CAPITAL LETTER UKRAINIAN IE}": (("start", "YE"),),
        "\N{CYRILLIC CAPITAL LETTER YI}": (("start", "YI"),),
        "\N{CYRILLIC CAPITAL LETTER SHORT I}": (("start", "Y"),),
        "\N{CYRILLIC CAPITAL LETTER YU}": (("start", "YU"),),
        "\N{CYRILLIC CAPITAL LETTER YA}": (("start", "YA"),),
    },
}


class _Scheme:
    """One romanisation scheme: a chain of table columns plus a position rule set."""

    __slots__ = ("chain", "letters", "name", "rules")

    def __init__(self, name: str, chain: Sequence[str], rules: str) -> None:
        self.name = name
        self.chain = tuple(_CYR[col] for col in chain)
        self.rules = _POSITION_RULES[rules]
        # the chain resolved once: letter (upper case) -> spelling
        self.letters: dict[str, str] = {}
        for col in reversed(self.chain):
            self.letters.update(col)


def _schemes(lang: str) -> tuple[_Scheme, ...]:
    """Schemes for one language, most standard first (ICAO 9303 leads)."""
    national: dict[str, tuple[str, ...]] = {
        "kk": ("kk_passport",), "uz": ("uz_passport", "uz_latin"),
        "ky": ("ky_passport",), "tg": ("tg_passport",), "uk": ("uk",), "be": ("be",),
    }  # fmt: skip
    fb = national.get(lang, ())
    # last-resort columns for letters of another language inside the token
    tail = (*fb, "icao9303", "kk_passport", "uz_passport", "ky_passport", "tg_passport")
    icao: tuple[str, ...] = ("uk", "icao9303") if lang == "uk" else ("icao9303",)
    if lang == "be":
        icao = ("be", "icao9303")
    out = [
        _Scheme("icao9303", (*icao, *tail), "none"),
        _Scheme("gost2006", ("gost2006", "icao9303", *tail), "none"),
        _Scheme("mvd310", ("mvd310", *tail), "none"),
        _Scheme("bgn_pcgn", ("bgn_pcgn", "mvd310", *tail), "bgn"),
        _Scheme("press", ("press", "bgn_pcgn", "mvd310", *tail), "press"),
    ]
    if lang == "kk":
        out += [
            _Scheme("kk_passport", ("kk_passport", "mvd310", *tail), "kk"),
            _Scheme("kk_latin2021", ("kk_latin2021", "kk_passport", "icao9303", *tail), "none"),
        ]
    elif lang == "uz":
        out += [
            _Scheme("uz_latin", ("uz_latin", "mvd310", *tail), "ye"),
            _Scheme("uz_passport", ("uz_passport", "mvd310", *tail), "none"),
        ]
    elif lang == "ky":
        out += [
            _Scheme("ky_passport", ("ky_passport", "mvd310", *tail), "none"),
            _Scheme("ky_russified", ("ky_russified", "ky_passport", "mvd310", *tail), "none"),
        ]
    elif lang == "tg":
        out += [
            _Scheme("tg_passport", ("tg_passport", "mvd310", *tail), "ye"),
            _Scheme("tg_russified", ("tg_russified", "tg_passport", "mvd310", *tail), "none"),
        ]
    elif lang == "uk":
        out += [_Scheme("uk_national", ("uk", "icao9303", *tail), "uk")]
    out += [
        _Scheme("german", ("german", *tail), "german"),
        _Scheme("french", ("french", *tail), "french"),
    ]
    return tuple(out)


_CYR_LANGS = ("ru", "uk", "be", "kk", "ky", "uz", "tg")
_SCHEMES: dict[str, tuple[_Scheme, ...]] = {lang: _schemes(lang) for lang in _CYR_LANGS}


def _contexts(word: str, i: int) -> frozenset[str]:
    """Position contexts of letter ``i`` of an upper-case Cyrillic word."""
    prev = word[i - 1] if i else ""
    nxt = word[i + 1] if i + 1 < len(word) else ""
    ctx = set()
    if not prev:
        ctx.add("start")
    elif prev in _CYR_VOWELS:
        ctx.add("vowel")
        if nxt in _CYR_VOWELS:
            ctx.add("between")
    elif prev in _CYR_SIGNS:
        ctx.add("sign")
    elif prev in _HUSHING:
        ctx.add("hushing")
    if nxt in ("И", "О"):
        ctx.add("before_io")
    if nxt in ("Е", "И", "Ы"):
        ctx.add("before_front")
    return frozenset(ctx)


def _cyr_letter(ch: str, letters: dict[str, str]) -> str:
    value = letters.get(ch)
    return value if value is not None else _letters_only(fold_latin(ch))


def _apply_scheme(word: str, scheme: _Scheme) -> str:
    """Romanise one upper-case Cyrillic word with one scheme."""
    out = []
    rules = scheme.rules
    letters = scheme.letters
    for i, ch in enumerate(word):
        rule = rules.get(ch)
        if rule:
            ctx = _contexts(word, i)
            for context, spelling in rule:
                if context in ctx:
                    out.append(spelling)
                    break
            else:
                out.append(_cyr_letter(ch, letters))
        else:
            value = letters.get(ch)
            out.append(value if value is not None else _cyr_letter(ch, letters))
    return "".join(out)


_IY_ENDINGS = ("\N{CYRILLIC CAPITAL LETTER I}\N{CYRILLIC CAPITAL LETTER SHORT I}",
               "\N{CYRILLIC CAPITAL LETTER YERU}\N{CYRILLIC CAPITAL LETTER SHORT I}")  # fmt: skip


def _cyrillic_forms(word: str, lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Per-scheme romanisations of an upper-case Cyrillic word, plus extra ending variants.

    Ending rule: a word in -ИЙ / -ЫЙ also gets the English -Y (Dostoevsky) and the German /
    French -I (Dostojewski, Evgueni) endings on top of the schemes' own -II / -IY / -YY / -IJ.
    """
    schemes = _SCHEMES.get(lang, _SCHEMES["ru"])
    forms = tuple(_letters_only(_apply_scheme(word, s)) for s in schemes)
    extras: list[str] = []
    if len(word) > 3 and word.endswith(_IY_ENDINGS):
        stems = [_letters_only(_apply_scheme(word[:-2], s)) for s in schemes]
        extras += [stem + "Y" for stem in stems[:5]]
        extras += [stem + "I" for stem in stems]
    return forms, tuple(extras)


# ---------------------------------------------------------------------------------------------
# Arabic script

_ALIF = "\N{ARABIC LETTER ALEF}"
_LAM = "\N{ARABIC LETTER LAM}"
_ARTICLE = _ALIF + _LAM
_ABD = "\N{ARABIC LETTER AIN}\N{ARABIC LETTER BEH}\N{ARABIC LETTER DAL}"
_SUN_LETTERS = frozenset("تثدذرزسشصضطظلن")
_ALIF_VARIANTS = {ord(c): _ALIF for c in "أإآٱ"} | {
    ord("\N{ARABIC LETTER FARSI YEH}"): "\N{ARABIC LETTER YEH}",
    ord("\N{ARABIC LETTER KEHEH}"): "\N{ARABIC LETTER KAF}",
}
_HARAKAT = frozenset(ch for ch, info in _AR.items() if info.kind in "VNSZ")


def _ar_lookup_form(word: str) -> str:
    """Normalise an Arabic word for the whole-word list: no vowel marks, plain alif."""
    return "".join(ch for ch in word if ch not in _HARAKAT).translate(_ALIF_VARIANTS)


_AR_NAMES = _load_arabic_names()
# و / ي before these letters are consonants (PARVIZ, ZIYAD)
_AR_GLIDE_NEXT = {
    "W": frozenset("\N{ARABIC LETTER ALEF}\N{ARABIC LETTER YEH}\N{ARABIC LETTER FARSI YEH}"),
    "Y": frozenset("\N{ARABIC LETTER ALEF}\N{ARABIC LETTER WAW}"),
}
# unvowelled و / ي read as a diphthong (FAYSAL, FEISAL, FAOUZI, HEYDAR, NOWRUZ)
_AR_DIPHTHONG = {
    "Y": {"primary": "AY", "maghreb": "AY", "egyptian": "EI", "gulf_levant": "AI",
          "persian": "EY"},
    "W": {"primary": "AW", "maghreb": "AOU", "egyptian": "AW", "gulf_levant": "AW",
          "persian": "OW"},
}  # fmt: skip
_HABIT_ORDER = ("primary", "maghreb", "egyptian", "gulf_levant")
_HABIT_ARTICLE = {"primary": "AL", "maghreb": "EL", "egyptian": "EL", "gulf_levant": "AL"}


def _ar_units(word: str) -> list[tuple[str, bool, str | None]]:
    """Split an Arabic word into (letter, shadda, written short vowel) units."""
    units: list[tuple[str, bool, str | None]] = []
    for ch in word:
        info = _AR.get(ch)
        if info is None:
            units.append((ch, False, None))
        elif info.kind == "S" and units:
            letter, _, vowel = units[-1]
            units[-1] = (letter, True, vowel)
        elif info.kind == "V" and units:
            letter, shadda, _ = units[-1]
            units[-1] = (letter, shadda, info.habits["primary"])
        elif info.kind in "VNSZ":
            continue
        else:
            units.append((ch, False, None))
    return units


def _ar_generic(word: str, habit: str, *, double: bool = True, faail: str = "I",
                first_vowel: str | None = None, glide: int = -1) -> str:
    """Romanise an unvowelled Arabic word with one regional habit.

    Rules: و and ي are consonants (W, Y) at word start and between vowels and long vowels
    (U, I; OU / OO, EE by habit) elsewhere; alif is A; hamza seats and ayn are not written
    except as a vowel at word start; ta marbuta and alif maqsura are A (habit AH); shadda
    doubles the consonant (``double``); a short vowel is inferred as A after the first of two
    consonants (CaCC...), and between the last two consonants of a word-final cluster (A, or
    ``faail`` after a long A: KHALID, KHALED).

    Pattern variants (for extra forms): ``first_vowel`` replaces the vowel inferred after the
    first consonant (MU'ADH, ZIYAD, SUBAY'I); ``glide`` >= 1 reads an unvowelled و / ي at that
    unit index, between consonants, as a diphthong (AY / AW by habit: FAYSAL, FAWZI, the
    diminutive SUBAYI) instead of a long vowel.
    """
    units = _ar_units(word)
    n = len(units)
    # classify: 'c' consonant, 'v' vowel, '0' silent consonant slot (ayn / hamza)
    parts: list[tuple[str, str]] = []
    for i, (ch, shadda, vowel) in enumerate(units):
        info = _AR.get(ch)
        if info is None:
            parts.append(("c", _letters_only(fold_latin(ch))))
            continue
        spelling = info.habits.get(habit, info.habits["primary"])
        kind = info.kind
        if kind in "WY":
            nxt = units[i + 1][0] if i + 1 < n else ""
            next_is_vowel = nxt in _AR_GLIDE_NEXT[kind] or vowel is not None
            if i == glide and not (next_is_vowel or shadda):
                parts.append(("v", _AR_DIPHTHONG[kind].get(habit, "A" + kind)))
            elif i == 0 or next_is_vowel or shadda:
                consonant = "W" if kind == "W" else "Y"
                if habit == "persian" and kind == "W":
                    consonant = "V"
                if habit == "maghreb" and kind == "W":
                    # The French OU for every consonant W: OUALID, NAOUAL, ALAOUI, REDOUANE.
                    consonant = "OU"
                double_it = shadda and double and consonant != "OU"
                parts.append(("c", consonant * (2 if double_it else 1)))
            else:
                if kind == "W":
                    long_u = {"maghreb": "OU", "gulf_levant": "OO"}.get(habit, "U")
                    parts.append(("v", long_u))
                else:
                    long_i = "EE" if habit == "gulf_levant" and 0 < i < n - 1 else "I"
                    if info.habits["primary"] == "E":  # Urdu yeh barree
                        long_i = "E"
                    parts.append(("v", long_i))
        elif kind == "A":
            if i == 0:
                parts.append(("v", spelling))
            else:
                parts.append(("v", "A"))
        elif kind in "MT":
            parts.append(("v", "AH" if habit == "gulf_levant" and kind == "T" else spelling))
        elif kind in "HE":
            if i == 0:
                parts.append(("v", "A"))
            elif kind == "H" and spelling:
                parts.append(("v", spelling))
            else:
                parts.append(("0", ""))
        else:
            parts.append(("c", spelling * (2 if shadda and double else 1)))
        if vowel is not None:
            parts.append(("v", vowel))
    # vowel inference
    out: list[str] = []
    m = len(parts)
    inserted_last = False
    for j, (kind, text) in enumerate(parts):
        out.append(text)
        if kind == "v":
            inserted_last = False
            continue
        nxt_kind = parts[j + 1][0] if j + 1 < m else ""
        if j == 0 and first_vowel is not None and nxt_kind in ("c", "0"):
            out.append(first_vowel)
            inserted_last = True
        elif nxt_kind in ("c", "0"):
            final_cluster = j + 3 >= m and (j + 2 == m or parts[j + 2][0] != "v")
            if j > 1 and parts[j - 1] == ("v", "A"):
                out.append(faail)  # CaaCiC pattern: KHALID, SALIHA
                inserted_last = True
            elif j + 2 == m or not inserted_last or final_cluster:
                out.append("A")
                inserted_last = True
            else:
                inserted_last = False
        else:
            inserted_last = False
    return _letters_only("".join(out))


_MAGHREB_C = re.compile(r"(?<=[AY])S(?=[AEIOU])")


def _ar_pattern_forms(word: str) -> list[str]:
    """Extra forms of an unvowelled word from the vowel patterns names really follow.

    * ``CCaC``: the fa''al pattern of trades, its shadda unwritten (NAJJAR, NAGGAR, HADDAD).
    * ``CyC...`` / ``CwC...``: و / ي after the first consonant is often a diphthong
      (fay'al: FAYSAL, FEISAL, ZAYNAB, HAYTHAM; FAWZI, TAOUFIK); a three-letter ``CyC`` also
      the fay'il pattern with an unwritten shadda (SAYYID, SAYED, TAYYIB, TAYEB).
    * ``CCyC...``: the diminutive fu'ayl (SUBAYI, SOBAYI, ZUBAYR, ZOUBIR), also behind an
      initial ayn (UBAYDI, OBEIDI, UMAYR).
    * ``Cya...``: ي before alif is a consonant after I (fi'al: ZIYAD, RIYAD).
    * initial م before a consonant: the participle prefix mu- (MU'ADH, MOAZ, MOUAD, MUNIR),
      except in the maf'ul pattern ``mCCwC`` (MAHMUD, MANSUR), which keeps ma-.
    * ayn before a final ي (nisba): the Gulf spellings -IE / -EI (SHAFIE, SHAFEI, SUBAIE).
    * Maghreb habit: س / ص between vowels written C, from the French Ç (FAYCAL, NACER).
    """
    units = _ar_units(word)
    if any(vowel is not None for _, _, vowel in units) or len(units) < 3:
        return []
    kinds = [(_AR[ch].kind if ch in _AR else "C") + ("S" if sh else "")
             for ch, sh, _ in units]
    n = len(units)
    forms: list[str] = []
    maghreb: list[str] = []
    first, second, third = kinds[0], kinds[1], kinds[2]
    if first == "C" and second in ("Y", "W") and third in ("C", "E"):
        if n == 3 and second == "Y" and third == "C":
            c1 = _AR[units[0][0]].habits["primary"] if units[0][0] in _AR else ""
            c3 = _AR[units[2][0]].habits["primary"] if units[2][0] in _AR else ""
            forms += [c1 + "AYYI" + c3, c1 + "AYE" + c3, c1 + "EYE" + c3]
        forms += [_ar_generic(word, h, glide=1) for h in ("primary", "egyptian")]
        maghreb.append(_ar_generic(word, "maghreb", glide=1))
    elif first == "C" and second == "C" and third == "Y" and n >= 4 and kinds[3] in ("C", "E"):
        forms += [_ar_generic(word, "primary", first_vowel=v, glide=2) for v in ("U", "O")]
        maghreb.append(_ar_generic(word, "maghreb", first_vowel="OU"))
    elif n == 4 and first == "C" and second == "C" and third == "A" and kinds[3] == "C":
        # fa''al with its shadda unwritten, the pattern of trades: NAJJAR, HADDAD, KHAYYAT.
        doubled = word[:2] + "\N{ARABIC SHADDA}" + word[2:]
        forms += [_ar_generic(doubled, h) for h in ("primary", "egyptian")]
    elif first == "E" and second == "C" and third == "Y" and n >= 4 and kinds[3] in ("C", "E"):
        # The diminutive behind an initial ayn, which writes only its vowel: 'ubayd (UBAYDI,
        # OBEIDI, OUBAIDI), 'umayr, 'uzayr.
        rest = word[1:]
        forms += ["U" + _ar_generic(rest, "primary", glide=1),
                  "O" + _ar_generic(rest, "egyptian", glide=1)]
        maghreb.append("OU" + _ar_generic(rest, "maghreb", glide=1))
    elif first == "C" and second == "Y" and _ar_lookup_form(word)[2:3] == _ALIF:
        forms.append(_ar_generic(word, "primary", first_vowel="I"))
    if (units[0][0] == "\N{ARABIC LETTER MEEM}" and second in ("C", "E")
            and not (n == 5 and kinds[2] == "C" and kinds[3] == "W")):
        forms += [_ar_generic(word, "primary", first_vowel="U"),
                  _ar_generic(word, "egyptian", first_vowel="O")]
        maghreb.append(_ar_generic(word, "maghreb", first_vowel="OU"))
    maghreb.append(_ar_generic(word, "maghreb"))
    nisba: list[str] = []
    if kinds[-1] == "Y" and kinds[-2] == "E":
        for f in (*forms[:2], _ar_generic(word, "primary")):
            if f.endswith("I"):
                base = f[:-1]
                base = base[:-1] + "I" if base.endswith("Y") else base
                nisba += [base + "E", base[:-1] + "EI"] if base.endswith("I") else [base + "E"]
    french = [c for f in maghreb if (c := _MAGHREB_C.sub("C", f)) != f]
    return [*nisba, *forms, *french, *maghreb]


def _ar_article_forms(rest_forms: Sequence[str], rest_word: str, habits: Sequence[str]) -> (
    tuple[list[str], list[str]]
):
    """Article + word: (aligned forms per habit, extra forms)."""
    sun = rest_word[:1] in _SUN_LETTERS
    aligned = [_HABIT_ARTICLE.get(h, "AL") + f for h, f in zip(habits, rest_forms, strict=False)]
    extras: list[str] = []
    primary = rest_forms[0]
    extras.append(primary)
    extras.append("EL" + primary)
    if sun and primary:
        first = _AR[rest_word[0]].habits["primary"] or primary[0]
        extras.append("A" + first + primary)
        extras.append("E" + first + primary)
    extras += [f for f in rest_forms[1:]]
    return aligned, extras


#: A vowel between a single consonant after a vowel and the consonant before a final -I.
_NISBA_GUESSED = re.compile(r"(?<=[AEIOU][^AEIOU])[AI](?=[^AEIOU]I$)")


def _ar_word_forms(word: str, lang: str) -> tuple[list[str], list[str]]:
    """Arabic word without article: (form per habit in _HABIT_ORDER, extra forms)."""
    key = _ar_lookup_form(word)
    known = _AR_NAMES.get(key)
    if known is not None:
        habits, more = known
        return list(habits), list(more)
    if key.startswith(_ABD) and len(key) > 3:
        return _ar_abd_forms(key, lang)
    first_habit = "persian" if lang in ("fa", "ur") else "primary"
    aligned = [_ar_generic(word, first_habit)]
    aligned += [_ar_generic(word, h) for h in _HABIT_ORDER[1:]]
    extras = [
        _ar_generic(word, "primary", double=False),
        _ar_generic(word, "primary", faail="E"),
        *_ar_pattern_forms(word),
    ]
    units = _ar_units(key)
    if len(units) >= 4 and units[-1][0] == "\N{ARABIC LETTER YEH}" and all(
            u[0] in _AR and _AR[u[0]].kind == "C" and u[2] is None for u in units[-3:-1]):
        # Nisba (-i) after two consonants: the vowel guessed between them is often not
        # there (التونسي TUNSI, TOUNSI; الغامدي GHAMDI; not العتيبي, whose ي is written).
        extras += [v for f in aligned[:2] if (v := _NISBA_GUESSED.sub("", f)) != f]
    if key.endswith("\N{ARABIC LETTER TEH MARBUTA}") and aligned[0].endswith("A"):
        extras += [aligned[0] + "H", aligned[0] + "T"]
    if key.endswith("\N{ARABIC LETTER HEH}") and aligned[0].endswith("AH"):
        extras += [aligned[0][:-2] + "EH", aligned[0][:-2] + "E", aligned[0][:-2] + "A"]
    qaf = "\N{ARABIC LETTER QAF}"
    if qaf in key:
        extras.append(aligned[0].replace("Q", "K"))
    return aligned, [e for e in extras if e]


def _ar_abd_forms(key: str, lang: str) -> tuple[list[str], list[str]]:
    """Glued abd compound (عبدالرحمن): ABDUL-/ABDEL-/ABDUR-/ABDERR-...E forms."""
    rest = key[3:]
    if rest.startswith(_ARTICLE) and len(rest) > 2:
        rest = rest[2:]
    rest_aligned, rest_extras = _ar_word_forms(rest, lang)
    r = rest_aligned[0]
    aligned = ["ABDUL" + r, "ABDEL" + rest_aligned[1] + ("E" if r.endswith("AN") else ""),
               "ABDEL" + rest_aligned[2], "ABDUL" + rest_aligned[3]]
    extras = ["ABDEL" + r, "ABDAL" + r, "ABDI" + r, "ABD" + r]
    if rest[:1] in _SUN_LETTERS and r:
        c = _AR[rest[0]].habits["primary"]
        extras += ["ABDU" + c + r, "ABDE" + c + r + ("E" if r.endswith("AN") else ""),
                   "ABDA" + c + r]
    extras += ["ABDUL" + e for e in rest_extras[:3]]
    return aligned, extras


def _ar_compound_split(key: str) -> tuple[str, str] | None:
    """A word glued from a name and an article-led word (نورالدين = نور + الدين,
    صلاحالدين): (head, rest after the article), splitting at the last article with a head and
    a rest of two letters or more; None otherwise."""
    i = key.rfind(_ARTICLE)
    while i >= 2:
        if len(key) - i - 2 >= 2:
            return key[:i], key[i + 2:]
        i = key.rfind(_ARTICLE, 0, i)
    return None


#: The article inside a compound, per habit (NURUDDIN, NOUREDDINE, NUR ELDIN, NURALDIN).
_COMPOUND_ARTICLE = {"primary": "U", "maghreb": "E", "egyptian": "E", "gulf_levant": "U"}


def _ar_compound_forms(head: str, rest: str, lang: str) -> tuple[list[str], list[str]]:
    """Glued name + article + word: the article assimilated before a sun letter (NURUDDIN,
    NOUREDDINE, SALAHEDDINE) or written AL / EL / UL (NURALDIN, SALAHELDIN), the Maghreb
    final -E after -IN (NOUREDDINE)."""
    h_aligned, _ = _ar_word_forms(head, lang)
    r_aligned, r_extras = _ar_word_forms(rest, lang)
    sun = rest[:1] in _SUN_LETTERS and rest[:1] in _AR
    c = _AR[rest[0]].habits["primary"] if sun else ""
    aligned: list[str] = []
    for h, hf, rf in zip(_HABIT_ORDER, h_aligned, r_aligned, strict=False):
        vowel = _COMPOUND_ARTICLE.get(h, "U")
        link = vowel + c if sun else vowel + "L"
        tail = rf + "E" if h == "maghreb" and rf.endswith("IN") else rf
        aligned.append(hf + link + tail)
    hp, rp = h_aligned[0], r_aligned[0]
    extras = [hp + "AL" + rp, hp + "EL" + rp, hp + "UL" + rp]
    if sun:
        extras += [hp + "A" + c + rp, hp + "E" + c + rp, hp + "E" + c + rp + "E"]
    extras += [hp + "UL" + e for e in r_extras[:2]]
    return aligned, extras


def _arabic_forms(word: str, lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Forms of one Arabic-script token: (aligned per habit, extras)."""
    key = _ar_lookup_form(word)
    compound = (None if key in _AR_NAMES or key.startswith((_ABD, _ARTICLE))
                else _ar_compound_split(key))
    if compound is not None:
        aligned_c, extras_c = _ar_compound_forms(*compound, lang)
        return tuple(aligned_c), tuple(extras_c)
    if key.startswith(_ARTICLE) and len(key) > 3 and key not in _AR_NAMES:
        rest = word[2:]
        rest_aligned, rest_extras = _ar_word_forms(rest, lang)
        aligned, extras = _ar_article_forms(rest_aligned, _ar_lookup_form(rest), _HABIT_ORDER)
        extras += rest_extras
        extras += ["AL" + e for e in rest_extras[:4]]
        return tuple(aligned), tuple(extras)
    aligned, extras = _ar_word_forms(word, lang)
    return tuple(aligned), tuple(extras)


# ---------------------------------------------------------------------------------------------
# public romanisation


def _dedupe(forms: Iterable[str], limit: int = MAX_VARIANTS) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for form in forms:
        if form and form not in out:
            out[form] = None
            if len(out) >= limit:
                break
    return tuple(out)


@lru_cache(maxsize=MEMO_TOKEN)
def _token_forms(token: str, lang: str | None) -> tuple[tuple[str, ...], tuple[str, ...], Script]:
    """(aligned scheme forms, extra forms, script) of one cleaned token."""
    script = detect_script(token)
    if script is Script.CYRILLIC:
        use = lang if lang in _SCHEMES else (guess_language(token) or "ru")
        aligned, extras = _cyrillic_forms(token.upper(), use)
        return aligned, extras, script
    if script is Script.ARABIC:
        use = lang if lang in ("ar", "fa", "ur") else (guess_language(token) or "ar")
        aligned, extras = _arabic_forms(token, use)
        return aligned, extras, script
    if script is Script.LATIN:
        forms = _romanize_latin(token)
        return (forms[0],), tuple(forms[1:]), script
    return (_letters_only(fold_latin(token)),), (), script


@lru_cache(maxsize=MEMO_TOKEN)
def _romanize_token(token: str, lang: str | None) -> tuple[str, ...]:
    cleaned = "".join(clean(token).split())
    if not cleaned:
        return ()
    aligned, extras, _ = _token_forms(cleaned, lang)
    return _dedupe((*aligned, *extras))


def romanize_token(token: str, *, lang: str | None = None) -> tuple[str, ...]:
    """Romanise one token (no spaces) in any script.

    Cyrillic: ICAO 9303 first, then GOST 2006, MVD 310, BGN/PCGN, the press habit, the
    national habits of ``lang`` (guessed when None) and the German and French habits. Arabic
    script: a common English-habit spelling first, then the Maghreb, Egyptian and Gulf/Levant
    habits, forms with and without the article (ALQAHTANI, QAHTANI, ELQAHTANI) and vowel
    variants. Latin: the folded form first, then cheap variants (AE for Ä, decoded ICAO Arabic
    MRZ). Greek and other scripts: ``unidecode`` fallback, folded.

    Args:
        token: One name token; spaces inside it are ignored.
        lang: Language code ('ru', 'uk', 'be', 'kk', 'ky', 'uz', 'tg', 'ar', 'fa', 'ur') or None
            to guess it from the letters.

    Returns:
        At most :data:`MAX_VARIANTS` distinct upper-case A-Z strings, most standard first;
        empty when the token has no letters.
    """
    return _romanize_token(token, lang)


def cyrillic_schemes(lang: str = "ru") -> tuple[str, ...]:
    """Names of the Cyrillic schemes used for ``lang``, in the order romanize_token uses them.

    Args:
        lang: One of 'ru', 'uk', 'be', 'kk', 'ky', 'uz', 'tg'.

    Returns:
        Scheme names such as 'icao9303', 'gost2006', 'mvd310', 'bgn_pcgn', 'press',
        'kk_passport', 'german', 'french'.

    Raises:
        ValueError: ``lang`` is not a Cyrillic language handled here.
    """
    if lang not in _SCHEMES:
        msg = f"unknown Cyrillic language {lang!r}; use one of {', '.join(_CYR_LANGS)}"
        raise ValueError(msg)
    return tuple(s.name for s in _SCHEMES[lang])


def romanize_cyrillic(token: str, scheme: str, *, lang: str | None = None) -> str:
    """Romanise one Cyrillic token with one named scheme (for tests and explanations).

    Args:
        token: One Cyrillic token.
        scheme: A name from :func:`cyrillic_schemes` for the language.
        lang: Language code, or None to guess it from the letters.

    Returns:
        The upper-case A-Z romanisation in that scheme, position rules included.

    Raises:
        ValueError: ``scheme`` is not used for the language.
    """
    use = lang if lang is not None else (guess_language(token) or "ru")
    names = cyrillic_schemes(use)
    if scheme not in names:
        msg = f"scheme {scheme!r} is not used for {use!r}; use one of {', '.join(names)}"
        raise ValueError(msg)
    word = "".join(clean(token).split()).upper()
    return _letters_only(_apply_scheme(word, _SCHEMES[use][names.index(scheme)]))


def _merge_arabic_tokens(tokens: list[str]) -> list[str]:
    """Glue a lone article or abd to the next Arabic token (عبد الرحمن -> عبدالرحمن)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        key = _ar_lookup_form(tok)
        if key in (_ABD, _ARTICLE) and i + 1 < len(tokens):
            nxt = _ar_lookup_form(tokens[i + 1])
            if key == _ARTICLE or nxt.startswith(_ARTICLE):
                out.append(tok + tokens[i + 1])
                i += 2
                continue
        out.append(tok)
        i += 1
    return out


@lru_cache(maxsize=MEMO_TEXT)
def _romanize(text: str, lang: str | None) -> tuple[str, ...]:
    tokens = clean(text).split()
    if not tokens:
        return ()
    name_lang = lang
    if name_lang is None and detect_script(text) is Script.CYRILLIC:
        name_lang = guess_language(text)
    if detect_script(text) is Script.ARABIC:
        tokens = _merge_arabic_tokens(tokens)
    per_token: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for tok in tokens:
        aligned, extras, _ = _token_forms(tok, name_lang)
        if not any(aligned) and not any(extras):
            continue
        per_token.append((aligned, extras))
    if not per_token:
        return ()
    width = max(len(a) for a, _ in per_token)
    names: list[str] = []
    # one scheme for the whole name (a passport uses one scheme for all its fields)
    for k in range(width):
        names.append(" ".join(a[k] if k < len(a) and a[k] else a[0] for a, _ in per_token))
    # then one token at a time in its extra forms, the rest primary
    primaries = [a[0] for a, _ in per_token]
    for idx, (_, extras) in enumerate(per_token):
        for extra in extras:
            names.append(" ".join((*primaries[:idx], extra, *primaries[idx + 1 :])))
    return _dedupe(" ".join(n.split()) for n in names)


def romanize(text: str, *, lang: str | None = None) -> tuple[str, ...]:
    """Romanise a whole name (several tokens).

    The first result joins every token's primary form. Then come whole-name forms written in
    one scheme throughout (all MVD 310, all German ...), then single-token variants with the
    other tokens primary; no full cartesian product. In Arabic script a lone article or ``abd``
    is glued to the next token first (عبد الرحمن -> ABDULRAHMAN). Tokens are split on spaces
    only; romanize_token glues the parts of a hyphenated token.

    Args:
        text: A full name in any script.
        lang: Language code, or None to guess it from the whole name.

    Returns:
        At most :data:`MAX_VARIANTS` distinct space-joined upper-case A-Z strings.
    """
    return _romanize(text, lang)


# ---------------------------------------------------------------------------------------------
# keys


def _rewrite(token: str, rules: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, repl in rules:
        token = pattern.sub(repl, token)
    return token


_DOUBLES = re.compile(r"([A-Z])\1+")


@lru_cache(maxsize=MEMO_KEY)
def latin_key(token: str) -> str:
    """Romanisation-invariant key of one upper-case A-Z token.

    Maps the spelling choices of the schemes and habits handled here to one canonical
    spelling (rules in ``data/translit/latin_key.tsv``), so YULIYA / IULIIA / JULIA collide,
    ANDREY / ANDREI / ANDREJ, TSAREV / TCAREV / ZAREW, NURSULTAN / NOURSOULTAN,
    KASSYM / KASYM / QASYM and ZHUMABEK / JUMABEK / DZHUMABEK too, and KHRUSHCHEV /
    CHRUSCHTSCHOW land within edit distance 1. Vowel differences (MOHAMMED / MUHAMMAD) are left
    to :func:`skeleton`. Idempotent: ``latin_key(latin_key(x)) == latin_key(x)``.

    Args:
        token: One token; anything that is not A-Z after :func:`fold_latin` is ignored.

    Returns:
        The key (upper-case A-Z, possibly empty).
    """
    key = _letters_only(fold_latin(token)) if not token.isascii() or not token.isupper() else (
        _letters_only(token)
    )
    for _ in range(6):
        new = _DOUBLES.sub(r"\1", _rewrite(key, _LATIN_KEY_RULES))
        if new == key:
            break
        key = new
    return key


def _ar_without_article(key: str) -> str:
    """A lookup-form word without a leading article (the article needs a word after it)."""
    return key[2:] if key.startswith(_ARTICLE) and len(key) > 3 else key


def _arabic_skeleton(word: str) -> str:
    """Consonant skeleton of an Arabic-script word (classes from ``arabic.tsv``)."""
    key = _ar_lookup_form(word)
    if key.startswith(_ABD) and key[3:].startswith(_ARTICLE) and len(key) > 5:
        key = _ABD + key[5:]
    else:
        key = _ar_without_article(key)
    out = []
    n = len(key)
    for i, ch in enumerate(key):
        info = _AR.get(ch)
        if info is None:
            out.append(_letters_only(fold_latin(ch)))
            continue
        if info.kind in "WY":
            # a final ي is a written long vowel (SAMI, HUSSEINI): class Y, as on the Latin side
            final_y = i == n - 1 and i > 0 and info.kind == "Y" and info.habits["primary"] == "Y"
            out.append(info.skel if i == 0 or final_y else "")
        elif info.kind == "A":
            out.append("H" if i == n - 1 and i > 0 else "")
        else:
            out.append(info.skel)
    return _DOUBLES.sub(r"\1", "".join(out))


@lru_cache(maxsize=MEMO_KEY)
def arabic_first_vowel_unwritten(token: str) -> bool:
    """True when an Arabic-script word leaves its first vowel unwritten: the second letter
    (after the article) is a consonant, so the short vowel after the first letter, or the
    quality of an initial ayn / hamza, is the romaniser's guess (بلال BILAL / BELAL / BALAL,
    عماد IMAD / EMAD). False for other words (سامي writes its long A) and other scripts."""
    cleaned = "".join(clean(token).split())
    if detect_script(cleaned) is not Script.ARABIC:
        return False
    units = _ar_units(_ar_without_article(_ar_lookup_form(cleaned)))
    if len(units) < 2:
        return False
    second = _AR.get(units[1][0])
    return units[0][2] is None and (second is None or second.kind == "C")


@lru_cache(maxsize=MEMO_KEY)
def skeleton(token: str) -> str:
    """Cross-script consonant skeleton of one token.

    Vowels are dropped, consonants reduced to classes, doubled classes collapsed and the
    article removed (AL / EL / assimilated AR-R..., ال), abd compounds reduced to ABD, so
    MOHAMMED, MUHAMMAD, MOHAMED and محمد share one skeleton, and ABDELRAHMAN, ABDULRAHMAN,
    ABDURRAHMAN, ABDERRAHMANE and عبدالرحمن another. A final -a (ta marbuta, alif maqsura)
    counts as the class H on both sides (FATIMA, FATIMAH, فاطمة). Latin input may be raw or
    folded; ICAO 9303 Arabic MRZ digraphs are decoded; Cyrillic and other scripts go through
    the primary romanisation first.

    Args:
        token: One token in any script.

    Returns:
        The skeleton (upper-case A-Z, possibly empty).
    """
    cleaned = "".join(clean(token).split())
    script = detect_script(cleaned)
    if script is Script.ARABIC:
        return _arabic_skeleton(cleaned)
    if script is Script.LATIN or script is Script.NONE:
        latin = _letters_only(fold_latin(cleaned))
        latin = _decode_icao_arabic(latin) or latin
    else:
        forms = romanize_token(cleaned)
        latin = forms[0] if forms else ""
    return _DOUBLES.sub(r"\1", _rewrite(latin, _SKELETON_RULES))


def reset_caches() -> None:
    """Clear every cache of this module (for long-running processes and cold benchmarks)."""
    for fn in (clean, detect_script, guess_language, fold_latin, latin_key, skeleton,
               _romanize_token, _romanize, _token_forms,
               arabic_first_vowel_unwritten):  # fmt: skip
        fn.cache_clear()
