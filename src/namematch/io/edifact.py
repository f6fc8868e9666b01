"""A small streaming UN/EDIFACT tokenizer, writer helpers and a reader base (PAXLST, PNRGOV).

Service characters come from the ``UNA`` string when present (``UNA:+.? '``), otherwise
the defaults: ``:`` component, ``+`` element, ``.`` decimal, ``?`` release, ``'`` segment
terminator. The release character makes the next character literal. Line breaks between
segments are ignored.

:class:`EnvelopeReader` keeps the interchange/message envelope bookkeeping shared by the
PAXLST and PNRGOV readers: ``UNH``/``UNT``/``UNZ`` counting, the problems found on the way and
the :class:`~namematch.errors.InputError` raised once every record read has been yielded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from namematch.errors import InputError
from namematch.io.common import Tally, UniqueIds
from namematch.io.encoding import TextSource
from namematch.types import Passenger, Rejected

__all__ = [
    "DEFAULT_SERVICE",
    "EdifactError",
    "EnvelopeReader",
    "Segment",
    "ServiceChars",
    "format_segment",
    "segments",
]


class EdifactError(Exception):
    """Broken EDIFACT syntax (internal; readers turn it into InputError or Rejected)."""


@dataclass(frozen=True, slots=True)
class ServiceChars:
    """The UNA service string characters."""

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    terminator: str = "'"

    def una(self) -> str:
        """The ``UNA`` segment announcing these characters."""
        return f"UNA{self.component}{self.element}{self.decimal}{self.release} {self.terminator}"


DEFAULT_SERVICE = ServiceChars()


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment: ``tag`` and its data elements, each a list of components.

    ``number`` is the 1-based position of the segment in the interchange; ``raw`` its text.
    """

    tag: str
    elements: tuple[tuple[str, ...], ...]
    number: int
    raw: str

    def get(self, element: int, component: int = 0) -> str:
        """Component ``component`` of data element ``element`` (0-based, after the tag)."""
        if element < len(self.elements) and component < len(self.elements[element]):
            return self.elements[element][component]
        return ""


def _split(text: str, svc: ServiceChars) -> Segment | None:
    elements: list[tuple[str, ...]] = []
    comps: list[str] = []
    cur: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == svc.release and i + 1 < n:
            cur.append(text[i + 1])
            i += 2
            continue
        if ch == svc.component:
            comps.append("".join(cur))
            cur = []
        elif ch == svc.element:
            comps.append("".join(cur))
            elements.append(tuple(comps))
            comps, cur = [], []
        else:
            cur.append(ch)
        i += 1
    comps.append("".join(cur))
    elements.append(tuple(comps))
    tag = elements[0][0].strip().upper()
    if not tag:
        return None
    return Segment(tag, tuple(elements[1:]), 0, text)


def segments(chunks: Iterable[str]) -> Iterator[Segment]:
    """Split EDIFACT text (given as chunks, e.g. lines of a file) into segments.

    Raises:
        EdifactError: The text ends without a segment terminator (a truncated feed), or ends
            with a dangling release character, or the UNA string is incomplete.
    """
    svc: ServiceChars | None = None
    buf: list[str] = []
    pending = ""
    number = 0
    released = False
    for chunk in chunks:
        if svc is None:
            pending += chunk
            stripped = pending.lstrip("\ufeff \r\n\t")
            if len(stripped) < 9 and stripped.startswith("UNA"[: len(stripped)]):
                continue
            if stripped.startswith("UNA"):
                s = stripped[3:9]
                svc = ServiceChars(s[0], s[1], s[2], s[3], s[5])
                chunk = stripped[9:]
            else:
                svc = DEFAULT_SERVICE
                chunk = stripped
            pending = ""
        for ch in chunk:
            if released:
                buf.append(ch)
                released = False
                continue
            if ch == svc.release:
                buf.append(ch)
                released = True
                continue
            if ch == svc.terminator:
                text = "".join(buf).strip("\r\n")
                buf = []
                seg = _split(text, svc)
                if seg is not None:
                    number += 1
                    yield Segment(seg.tag, seg.elements, number, text)
                continue
            if ch in "\r\n" and not buf:
                continue
            buf.append(ch)
    if svc is None and pending.strip():
        msg = "the text ends inside the UNA service string"
        raise EdifactError(msg)
    if released:
        msg = f"the text ends with a dangling release character after segment {number}"
        raise EdifactError(msg)
    rest = "".join(buf).strip()
    if rest:
        msg = (f"the text ends without a segment terminator after segment {number}: "
               f"{rest[:40]!r} (truncated?)")
        raise EdifactError(msg)


def _escape(value: str, svc: ServiceChars) -> str:
    special = {svc.component, svc.element, svc.release, svc.terminator}
    return "".join(svc.release + c if c in special else c for c in value)


def format_segment(tag: str, *elements: str | Iterable[str],
                   svc: ServiceChars = DEFAULT_SERVICE) -> str:
    """Render one segment with its terminator, escaping service characters.

    Each element is a string or a sequence of components; trailing empty components and
    elements are dropped.
    """
    parts = [tag]
    for el in elements:
        comps = [el] if isinstance(el, str) else list(el)
        while comps and comps[-1] == "":
            comps.pop()
        parts.append(svc.component.join(_escape(c, svc) for c in comps))
    while len(parts) > 1 and parts[-1] == "":
        parts.pop()
    return svc.element.join(parts) + svc.terminator


class EnvelopeReader:
    """Envelope bookkeeping shared by the EDIFACT feed readers (PAXLST, PNRGOV).

    Subclasses implement :meth:`flush` (yield the records of the open message) and
    :meth:`segment` (handle one segment), using :meth:`count_segment`,
    :meth:`close_message`, :meth:`open_message`, :meth:`check_unt` and :meth:`check_unz`
    for the envelope. :meth:`run` streams the records, then raises :class:`InputError` if
    anything was wrong.

    Args:
        src: The opened feed.
        tally: Accounting to update as records stream.
        feed: The feed name used in the damage message, e.g. ``"PAXLST"``.
        records_word: What the records are called in that message, e.g. ``"person records"``.
    """

    def __init__(self, src: TextSource, tally: Tally, *, feed: str, records_word: str) -> None:
        self.src = src
        self.tally = tally
        self.feed = feed
        self.records_word = records_word
        self.ids = UniqueIds()
        self.problems: list[str] = []
        self.record_no = 0
        self.msgref: str | None = None
        self.msg_segments = 0
        self.messages = 0
        self.groups = 0
        self.interchange_open = False
        self.last_seg = "none"

    def flush(self) -> Iterator[Passenger | Rejected]:
        """Yield the records of the open message (and forget them)."""
        raise NotImplementedError

    def segment(self, seg: Segment) -> Iterator[Passenger | Rejected]:
        """Handle one segment, yielding the records it completes."""
        raise NotImplementedError

    def count_segment(self, seg: Segment) -> None:
        """Remember ``seg`` as the last one read and count it in the open message."""
        self.last_seg = f"{seg.tag} (segment {seg.number})"
        if self.msgref is not None:
            self.msg_segments += 1

    def close_message(self, where: str) -> Iterator[Passenger | Rejected]:
        """Close a message left open without ``UNT``: note it, yield its records.

        Args:
            where: Ends the problem text ``message <ref> has no UNT <where>``.
        """
        if self.msgref is not None:
            self.problems.append(f"message {self.msgref} has no UNT {where}")
            yield from self.flush()
            self.msgref = None

    def open_message(self, seg: Segment) -> None:
        """Start the message of a ``UNH`` segment."""
        self.msgref = seg.get(0) or f"MSG{self.messages + 1}"
        self.msg_segments = 1
        self.messages += 1

    def check_unt(self, seg: Segment) -> None:
        """Check the segment count declared by a ``UNT`` segment."""
        declared = seg.get(0)
        if not declared.isdigit() or int(declared) != self.msg_segments:
            self.problems.append(f"message {self.msgref}: UNT+{declared} (segment "
                                 f"{seg.number}) but the message has {self.msg_segments} "
                                 "segments from UNH to UNT")

    def check_unz(self, seg: Segment) -> None:
        """Check the group (or message) count declared by ``UNZ``; close the interchange."""
        value = seg.get(0)
        expected = self.groups or self.messages
        if not value.isdigit() or int(value) != expected:
            what = "groups" if self.groups else "messages"
            self.problems.append(f"UNZ+{value} (segment {seg.number}) but the interchange "
                                 f"has {expected} {what}")
        self.interchange_open = False

    def run(self) -> Iterator[Passenger | Rejected]:
        """Stream the records of the feed.

        Raises:
            InputError: After the last record, when the envelope is damaged or the feed is
                truncated (the records read were yielded first).
        """
        try:
            for seg in segments(self.src.lines()):
                yield from self.segment(seg)
        except EdifactError as exc:
            self.problems.append(str(exc))
        if self.msgref is not None:
            yield from self.close_message(f"(the feed ends after {self.last_seg})")
        elif self.interchange_open:
            self.problems.append(f"the interchange has no UNZ (ends after {self.last_seg})")
        if self.messages == 0 and not self.problems:
            self.problems.append("no UNH message found")
        if self.problems:
            msg = (f"{self.feed} feed {self.src.name} is damaged after {self.record_no} "
                   f"{self.records_word} in {self.messages} message(s): "
                   f"{'; '.join(self.problems[:5])}; the records read were screened, ask the "
                   "sender for a complete feed")
            raise InputError(msg)
