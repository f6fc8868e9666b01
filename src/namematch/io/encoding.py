"""Character-encoding detection and streaming text sources for input files.

Passenger manifests and watchlists arrive as UTF-8 (with or without a byte-order mark), UTF-16
(with a BOM), or in the 8-bit Windows code pages spreadsheets write: cp1251 for Cyrillic and
cp1256 for Arabic. Detection looks only at the first :data:`HEAD_BYTES` bytes:

1. a byte-order mark decides (UTF-8-sig, UTF-16 LE/BE, UTF-32);
2. UTF-16 without a BOM is recognised by its zero bytes in ASCII-heavy text;
3. the head decodes as strict UTF-8 -> ``utf-8``;
4. otherwise the high bytes are scored as Cyrillic (cp1251) against Arabic (cp1256) by letter
   frequency and plausible letter case; when neither script is convincing (for example a
   Western European 8-bit file, ``Müller``) an :class:`~namematch.errors.InputError` asks for
   ``--encoding``: latin-1 is never chosen silently.

Decoding is always strict. A byte that does not decode later in the file raises an
:class:`~namematch.errors.InputError` naming the encoding, the byte offset and the line, and
suggesting ``--encoding``.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, cast

from namematch.errors import InputError

__all__ = [
    "HEAD_BYTES",
    "TextSource",
    "decode_error",
    "detect_encoding",
    "open_source",
    "open_text",
]

#: How many bytes detection looks at (and the text head format detection sees).
HEAD_BYTES = 64 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Frequent letters (both cases) of Russian and the other Cyrillic languages, and of Arabic.
_CYRILLIC_COMMON = set(
    "\N{CYRILLIC SMALL LETTER O}\N{CYRILLIC SMALL LETTER IE}\N{CYRILLIC SMALL LETTER A}"
    "\N{CYRILLIC SMALL LETTER I}\N{CYRILLIC SMALL LETTER EN}\N{CYRILLIC SMALL LETTER TE}"
    "\N{CYRILLIC SMALL LETTER ES}\N{CYRILLIC SMALL LETTER ER}\N{CYRILLIC SMALL LETTER VE}"
    "\N{CYRILLIC SMALL LETTER EL}\N{CYRILLIC SMALL LETTER KA}\N{CYRILLIC SMALL LETTER EM}"
    "\N{CYRILLIC SMALL LETTER DE}\N{CYRILLIC SMALL LETTER PE}\N{CYRILLIC SMALL LETTER U}"
    "\N{CYRILLIC SMALL LETTER YA}\N{CYRILLIC SMALL LETTER YERU}\N{CYRILLIC SMALL LETTER GHE}"
    "\N{CYRILLIC SMALL LETTER ZE}\N{CYRILLIC SMALL LETTER BE}\N{CYRILLIC SMALL LETTER SHORT I}"
    "\N{CYRILLIC SMALL LETTER HA}\N{CYRILLIC SMALL LETTER SOFT SIGN}"
    "\N{CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I}\N{CYRILLIC SMALL LETTER YI}"
    "\N{CYRILLIC SMALL LETTER UKRAINIAN IE}"
)
_CYRILLIC_COMMON |= {c.upper() for c in _CYRILLIC_COMMON}
_ARABIC_COMMON = set(
    "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER YEH}\N{ARABIC LETTER MEEM}"
    "\N{ARABIC LETTER WAW}\N{ARABIC LETTER NOON}\N{ARABIC LETTER REH}\N{ARABIC LETTER BEH}"
    "\N{ARABIC LETTER AIN}\N{ARABIC LETTER DAL}\N{ARABIC LETTER HEH}\N{ARABIC LETTER TEH}"
    "\N{ARABIC LETTER TEH MARBUTA}\N{ARABIC LETTER HAH}\N{ARABIC LETTER SEEN}"
    "\N{ARABIC LETTER FEH}\N{ARABIC LETTER QAF}\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}"
    "\N{ARABIC LETTER KHAH}\N{ARABIC LETTER ZAIN}\N{ARABIC LETTER ALEF MAKSURA}"
    "\N{ARABIC LETTER SHEEN}\N{ARABIC LETTER JEEM}\N{ARABIC LETTER SAD}"
    "\N{ARABIC LETTER ALEF WITH HAMZA BELOW}\N{ARABIC LETTER KEHEH}\N{ARABIC LETTER FARSI YEH}"
)


def _words(text: str) -> list[str]:
    """Runs of letters (any script) in ``text``."""
    out: list[str] = []
    cur: list[str] = []
    for ch in text:
        if ch.isalpha():
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def _plausible_case(word: str) -> bool:
    """True for lower, UPPER or Title case (what real names look like)."""
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


def _score_cp1251(text: str) -> float:
    score = 0.0
    for word in _words(text):
        cyr = [c for c in word if "\u0400" <= c <= "\u04ff"]
        if not cyr:
            continue
        if len(cyr) != len(word):
            score -= len(word)  # Cyrillic glued to ASCII letters: a Latin 8-bit file
            continue
        if not _plausible_case(word):
            score -= 2 * len(word)
            continue
        score += sum(1.0 if c in _CYRILLIC_COMMON else 0.2 for c in word)
    return score


def _score_cp1256(text: str) -> float:
    score = 0.0
    for word in _words(text):
        high = [c for c in word if ord(c) > 0x7F]
        if not high:
            continue
        arabic = [c for c in word if "\u0600" <= c <= "\u06ff"]
        if len(arabic) != len(word):
            score -= len(word)  # accented Latin letters (à, è, î) mixed into the word
            continue
        score += sum(1.0 if c in _ARABIC_COMMON else 0.2 for c in word)
    return score


def _looks_utf16_without_bom(head: bytes) -> str | None:
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even = even.count(0) / len(even)
    zeros_odd = odd.count(0) / len(odd)
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def detect_encoding(head: bytes, *, name: str = "input") -> str:
    """Guess the encoding of a file from its first bytes.

    Args:
        head: The first bytes of the file (up to :data:`HEAD_BYTES`).
        name: File name for the error message.

    Returns:
        A Python codec name: ``utf-8``, ``utf-8-sig``, ``utf-16``, ``utf-16-le``,
        ``utf-16-be``, ``utf-32``, ``cp1251`` or ``cp1256``.

    Raises:
        InputError: The bytes are not UTF-8 and look like neither Cyrillic nor Arabic.
    """
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return enc
    utf16 = _looks_utf16_without_bom(head)
    if utf16:
        return utf16
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte sequence cut at the end of the head is still UTF-8.
        if exc.start < len(head) - 3 or exc.reason != "unexpected end of data":
            return _detect_8bit(head, name)
    return "utf-8"


def _detect_8bit(head: bytes, name: str) -> str:
    cyr = _score_cp1251(head.decode("cp1251", errors="replace"))
    ara = _score_cp1256(head.decode("cp1256", errors="replace"))
    if cyr <= 0 and ara <= 0:
        msg = (f"cannot tell the character encoding of {name}: it is not UTF-8 and does not "
               "look like Cyrillic (cp1251) or Arabic (cp1256) text; pass --encoding "
               "(e.g. --encoding cp1252 for Western European files)")
        raise InputError(msg)
    return "cp1251" if cyr >= ara else "cp1256"


def decode_error(path: str, encoding: str, exc: UnicodeDecodeError | None = None) -> InputError:
    """Build the error for a file that does not decode, locating the first bad byte.

    Re-reads ``path`` in binary (only on this error path) to find the byte offset and line.
    """
    offset, line = -1, -1
    if path != "-":
        with contextlib.suppress(OSError):
            offset, line = _locate_bad_byte(Path(path), encoding)
    where = f" at byte {offset} (line {line})" if offset >= 0 else ""
    if offset < 0 and exc is not None:
        where = f" ({exc.reason})"
    msg = (f"cannot decode {path} as {encoding}{where}; the file is in another encoding: "
           "pass --encoding (utf-8, utf-16, cp1251, cp1256, ...)")
    return InputError(msg)


def _locate_bad_byte(path: Path, encoding: str) -> tuple[int, int]:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    pos = 0
    lines = 1
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(1 << 16)
            pending = len(decoder.getstate()[0])
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                good = _text_before(encoding, chunk, exc.start)
                return pos - pending + exc.start, lines + good.count("\n")
            lines += text.count("\n")
            pos += len(chunk)
            if not chunk:
                return -1, -1


def _text_before(encoding: str, chunk: bytes, end: int) -> str:
    """Decode ``chunk[:end]`` leniently (to count lines before a bad byte)."""
    return chunk[:end].decode(encoding, errors="replace")


@dataclass
class TextSource:
    """An opened input: a strict text stream plus what detection found.

    Attributes:
        name: The path as given (``-`` for stdin).
        encoding: The codec in use.
        head: The decoded first bytes (for format detection); may end mid-line.
        stream: The text stream, positioned at the start (BOM removed).
    """

    name: str
    encoding: str
    head: str
    stream: TextIO

    def lines(self) -> Iterator[str]:
        """Iterate over lines, turning decode errors into :class:`InputError`."""
        try:
            yield from self.stream
        except UnicodeDecodeError as exc:
            raise decode_error(self.name, self.encoding, exc) from None

    def close(self) -> None:
        """Close the stream (not stdin)."""
        if self.name != "-":
            self.stream.close()

    def __enter__(self) -> TextSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open_binary(path: str | Path, what: str) -> io.BufferedReader:
    if str(path) == "-":
        stdin = cast(io.RawIOBase, sys.stdin.buffer)
        return io.BufferedReader(stdin, buffer_size=HEAD_BYTES)
    p = Path(path)
    try:
        return io.BufferedReader(io.FileIO(p, "r"), buffer_size=HEAD_BYTES)
    except FileNotFoundError:
        msg = f"cannot open {what} file {path}: no such file; check the path"
        raise InputError(msg) from None
    except IsADirectoryError:
        msg = f"cannot open {what} file {path}: it is a directory; give a file"
        raise InputError(msg) from None
    except OSError as exc:
        msg = f"cannot open {what} file {path}: {exc.strerror or exc}; check the path"
        raise InputError(msg) from None


def _peek(raw: io.BufferedReader) -> bytes:
    """The first bytes without consuming them (one peek may return fewer than asked)."""
    head = raw.peek(HEAD_BYTES)
    return head[:HEAD_BYTES]


def _check_codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        msg = f"unknown encoding {encoding!r}; use a Python codec name such as utf-8 or cp1251"
        raise InputError(msg) from None


def open_source(path: str | Path, *, encoding: str | None = None,
                what: str = "input") -> TextSource:
    """Open ``path`` (``-`` = stdin) as a strict text stream, detecting the encoding.

    Args:
        path: File path or ``-`` for standard input.
        encoding: Force a codec instead of detecting one.
        what: What the file is ("passengers", "watchlist") for error messages.

    Returns:
        A :class:`TextSource`; close it when done (or use it as a context manager).

    Raises:
        InputError: Missing file, unknown codec, undetectable encoding, or a head that does
            not decode under the forced encoding.
    """
    raw = _open_binary(path, what)
    name = str(path)
    try:
        head = _peek(raw)
        if encoding:
            enc = _check_codec(encoding)
            if enc == "utf-8" and head.startswith(codecs.BOM_UTF8):
                enc = "utf-8-sig"
        else:
            enc = detect_encoding(head, name=name)
        head_text = _decode_head(head, enc, name)
    except BaseException:
        if name != "-":
            raw.close()
        raise
    stream = io.TextIOWrapper(raw, encoding=enc, errors="strict", newline="")
    return TextSource(name=name, encoding=enc, head=head_text, stream=stream)


def _decode_head(head: bytes, enc: str, name: str) -> str:
    decoder = codecs.getincrementaldecoder(enc)(errors="strict")
    try:
        text = decoder.decode(head, final=False)
    except UnicodeDecodeError as exc:
        line = head[: exc.start].count(b"\n") + 1
        msg = (f"cannot decode {name} as {enc} at byte {exc.start} (line {line}); the file is "
               "in another encoding: pass --encoding (utf-8, utf-16, cp1251, cp1256, ...)")
        raise InputError(msg) from None
    return text.lstrip("\ufeff")


def open_text(path: str | Path, *, encoding: str | None = None) -> TextIO:
    """Open ``path`` as text with the detected (or given) encoding.

    The returned stream decodes strictly; iterate it through :func:`open_source` /
    :meth:`TextSource.lines` to get an :class:`InputError` instead of a
    ``UnicodeDecodeError`` on a bad byte. ``stream.encoding`` tells the codec chosen.
    """
    return open_source(path, encoding=encoding).stream
