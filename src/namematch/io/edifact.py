"""A small streaming UN/EDIFACT tokenizer and writer helpers (PAXLST, PNRGOV).

Service characters come from the ``UNA`` string when present (``UNA:+.? '``), otherwise
the defaults: ``:`` component, ``+`` element, ``.`` decimal, ``?`` release, ``'`` segment
terminator. The release character makes the next character literal. Line breaks between
segments are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = [
    "DEFAULT_SERVICE",
    "EdifactError",
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
