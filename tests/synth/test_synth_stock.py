"""The name stock files are well-formed and consistent."""

from __future__ import annotations

import re

import pytest

from namematch.synth.stock import DENYLIST, KINDS, ORIGINS, load_stock_file

CYRILLIC = re.compile(r"[\u0400-\u04FF -]+")
ARABIC = re.compile(r"[\u0600-\u06FF ]+")
LATIN_UPPER = re.compile(r"[A-Z' -]+")


@pytest.mark.parametrize("key", sorted(ORIGINS))
def test_stock_file_well_formed(key: str) -> None:
    origin = ORIGINS[key]
    entries = load_stock_file(origin.config["stock"])
    assert entries
    seen = set()
    for e in entries:
        assert e.kind in KINDS, e
        assert e.weight > 0, e
        assert e.latins, f"{e.native!r} has no Latin spelling"
        assert (e.kind, e.key, e.tags) not in seen, f"duplicate {e}"
        seen.add((e.kind, e.key, e.tags))
        if origin.script == "cyrillic":
            assert CYRILLIC.fullmatch(e.native), e
            assert all(LATIN_UPPER.fullmatch(s) for s in e.latins), e
        elif origin.script == "arabic":
            assert ARABIC.fullmatch(e.native), e
            assert all(LATIN_UPPER.fullmatch(s) for s in e.latins), e
        else:
            assert not e.native
            assert e.latins[0][0].isupper(), e


@pytest.mark.parametrize("key", sorted(ORIGINS))
def test_stock_sizes(key: str) -> None:
    origin = ORIGINS[key]
    counts = {k: sum(e.kind == k for e in origin.entries) for k in KINDS}
    assert counts["given_m"] + counts["given_f"] >= 60, counts
    assert counts["surname"] >= 70, counts


def test_weights_are_zipf_like() -> None:
    for origin in ORIGINS.values():
        given = [e.weight for e in origin.entries if e.kind == "given_m"]
        assert max(given) >= 10 * min(given), origin.key


def test_denylist_names_stock_parts() -> None:
    keys = {e.key.lower() for o in ORIGINS.values() for e in o.entries}
    missing = [(g, s) for g, s in DENYLIST if s not in keys]
    # every denylisted surname must be in the stock (otherwise the entry is dead weight),
    # except the few kept to guard against future stock additions
    assert len(missing) <= 6, missing


def test_origin_configs_complete() -> None:
    for origin in ORIGINS.values():
        if origin.script == "cyrillic":
            assert origin.passport is not None and origin.list_schemes
        assert origin.nationality is not None or origin.tag_nationality
        for nat in [*origin.config.get("nationality", {})]:
            assert re.fullmatch(r"[A-Z]{2}", nat)
