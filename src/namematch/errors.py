"""Exception hierarchy.

Every error namematch raises on purpose derives from :class:`NamematchError` and carries a
message that says what is wrong *and what to do*. The CLI prints it as ``Error: <message>`` and
exits with status 2; it never shows a traceback for these.
"""

from __future__ import annotations

__all__ = [
    "IndexFormatError",
    "InputError",
    "NamematchError",
]


class NamematchError(Exception):
    """Base class of every error namematch raises on purpose."""


class InputError(NamematchError):
    """An input file cannot be used at all (missing, unreadable, wrong columns, wrong format).

    Bad *records* inside a usable file are not errors: they are reported as
    :class:`namematch.types.Rejected` and screening goes on.
    """


class IndexFormatError(NamematchError):
    """A saved index file is corrupt, truncated or from an incompatible version."""
