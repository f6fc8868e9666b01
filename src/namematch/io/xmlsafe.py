"""Streaming XML with XML-bomb protection (no new dependency).

:func:`iter_xml` feeds the text in chunks to :class:`xml.etree.ElementTree.XMLPullParser` and
refuses any ``<!DOCTYPE`` or ``<!ENTITY`` declaration before the parser sees it, so entity
expansion (billion laughs, external entities) cannot happen. Tags are reported with their
namespace removed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from namematch.errors import InputError
from namematch.io.encoding import TextSource

__all__ = ["XmlDamage", "iter_xml", "local"]

_FORBIDDEN = ("<!DOCTYPE", "<!ENTITY")


class XmlDamage(Exception):
    """Malformed XML met while streaming (readers report it after the good entries)."""


def local(tag: str) -> str:
    """The tag without its ``{namespace}``."""
    return tag.rsplit("}", 1)[-1]


def iter_xml(src: TextSource, what: str, root: str, root_what: str,
             ) -> Iterator[tuple[str, ET.Element]]:
    """Yield ``(event, element)`` for ``start`` and ``end`` events, streaming.

    ``root`` is the local name the root element must have (``root_what`` names the document
    in the error, as in "is not an EU sanctions export").

    Raises:
        InputError: A DOCTYPE/ENTITY declaration (refused for safety), or another root.
        XmlDamage: The XML is malformed or truncated (message says where).
    """
    seen_root = False
    for event, el in _events(src, what):
        if not seen_root and event == "start":
            seen_root = True
            tag = local(el.tag)
            if tag != root:
                msg = (f"{src.name} is not {root_what} (root <{tag}>); check --watchlist or "
                       "the format")
                raise InputError(msg)
        yield event, el


def _events(src: TextSource, what: str) -> Iterator[tuple[str, ET.Element]]:
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    tail = ""
    for chunk in _chunks(src):
        window = tail + chunk
        for bad in _FORBIDDEN:
            if bad in window:
                msg = (f"{what} {src.name} contains a {bad[2:]} declaration; namematch refuses "
                       "XML with DOCTYPE or ENTITY declarations (entity expansion attacks); "
                       "remove the declaration")
                raise InputError(msg)
        tail = window[-10:]
        try:
            parser.feed(chunk)
            events = list(parser.read_events())
        except ET.ParseError as exc:
            raise XmlDamage(_where(exc)) from None
        yield from events  # type: ignore[misc]
    try:
        parser.close()
        events = list(parser.read_events())
    except ET.ParseError as exc:
        raise XmlDamage(_where(exc)) from None
    yield from events  # type: ignore[misc]


def _where(exc: ET.ParseError) -> str:
    line, col = getattr(exc, "position", (0, 0))
    reason = str(exc).split(":", 1)[0]
    return f"{reason} at line {line}, column {col}"


def _chunks(src: TextSource) -> Iterator[str]:
    buf: list[str] = []
    size = 0
    for line in src.lines():
        buf.append(line)
        size += len(line)
        if size >= 1 << 16:
            yield "".join(buf)
            buf, size = [], 0
    if buf:
        yield "".join(buf)
