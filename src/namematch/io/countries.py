"""Country names and ISO 3166 codes (table: ``namematch/data/io/countries.tsv``)."""

from __future__ import annotations

import re
from importlib import resources

__all__ = ["alpha2_of", "alpha3_of", "country_code"]

_PUNCT = re.compile(r"[^\w]+")


def _key(name: str) -> str:
    return _PUNCT.sub(" ", name.casefold()).strip()


def _load_countries() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    by_name: dict[str, str] = {}
    a2_to_a3: dict[str, str] = {}
    a3_to_a2: dict[str, str] = {}
    text = resources.files("namematch.data").joinpath("io/countries.tsv").read_text("utf-8")
    for line in text.splitlines()[1:]:
        if not line or line.startswith(("#", "name\t")):
            continue
        name, a2, a3 = line.split("\t")
        by_name[_key(name)] = a2
        a2_to_a3.setdefault(a2, a3)
        a3_to_a2.setdefault(a3, a2)
    return by_name, a2_to_a3, a3_to_a2


_BY_NAME, _A2_TO_A3, _A3_TO_A2 = _load_countries()


def country_code(name: str) -> str | None:
    """ISO alpha-2 code (upper case) for a country name or code, or ``None`` if unknown.

    Accepts English names in common forms (``Iran (Islamic Republic of)``, ``Russia``) and
    alpha-2 / alpha-3 codes in any case.
    """
    text = name.strip()
    if len(text) == 2 and text.upper() in _A2_TO_A3:
        return text.upper()
    if len(text) == 3 and text.upper() in _A3_TO_A2:
        return _A3_TO_A2[text.upper()]
    return _BY_NAME.get(_key(text))


def alpha3_of(alpha2: str) -> str | None:
    """ISO alpha-3 code for an alpha-2 code (``None`` if unknown)."""
    return _A2_TO_A3.get(alpha2.upper())


def alpha2_of(alpha3: str) -> str | None:
    """ISO alpha-2 code for an alpha-3 code (``None`` if unknown)."""
    return _A3_TO_A2.get(alpha3.upper())
