"""The name stock of the synthetic data generator.

Per origin group a TSV under ``namematch/data/stock/`` lists common name parts with their
native spelling (Cyrillic or Arabic; empty for Turkish and Western European), attested Latin
spellings (most common first) and a Zipf-like frequency weight, so that common names are
common and namesakes are as hard as in real screening. ``origins.json`` describes each group
(script, romanisation habits, nationalities, population shares). ``denylist.tsv`` lists part
combinations that would name a real well-known person; the generator redraws them.
"""

from __future__ import annotations

import bisect
import csv
import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Generic, TypeVar

from rapidfuzz.distance import Levenshtein

__all__ = [
    "DENYLIST",
    "ORIGINS",
    "Origin",
    "StockEntry",
    "Weighted",
    "levenshtein",
    "load_stock_file",
]

KINDS = ("given_m", "given_f", "surname")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StockEntry:
    """One name part of the stock.

    Attributes:
        kind: ``given_m``, ``given_f`` or ``surname`` (masculine form for Slavic patterns).
        native: the part in its own script (Cyrillic or Arabic); empty for Latin-script stock.
        latins: attested Latin spellings, most common first (Turkish/Western: the own spelling).
        weight: relative frequency.
        tags: free tags (Arab regions, Western languages).
    """

    kind: str
    native: str
    latins: tuple[str, ...]
    weight: int
    tags: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The native spelling, or the first Latin spelling for Latin-script stock."""
        return self.native or self.latins[0]


class Weighted(Generic[T]):
    """A weighted choice over a fixed sequence, sampled with one ``random()`` call."""

    __slots__ = ("_cum", "_total", "items")

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if not items or len(items) != len(weights):
            msg = "Weighted needs a non-empty item list with one weight per item"
            raise ValueError(msg)
        self.items = tuple(items)
        cum: list[float] = []
        total = 0.0
        for w in weights:
            total += float(w)
            cum.append(total)
        self._cum = cum
        self._total = total

    def pick(self, rng: random.Random) -> T:
        """Draw one item."""
        i = bisect.bisect_right(self._cum, rng.random() * self._total)
        return self.items[min(i, len(self.items) - 1)]

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, float]) -> Weighted[str]:
        """Build from ``{item: weight}`` (insertion order is kept, so sampling is stable)."""
        return Weighted(list(mapping), list(mapping.values()))


def levenshtein(a: str, b: str) -> int:
    """Plain edit distance (used once per stock load to find near names)."""
    return int(Levenshtein.distance(a, b))


def _read_tsv(name: str) -> list[dict[str, str]]:
    text = (resources.files("namematch.data") / "stock" / name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def load_stock_file(name: str) -> list[StockEntry]:
    """Read one stock TSV (``kind native latin weight tag``) into entries."""
    out: list[StockEntry] = []
    for row in _read_tsv(name):
        latins = tuple(s.strip() for s in (row.get("latin") or "").split(";") if s.strip())
        tags = tuple((row.get("tag") or "").split())
        out.append(StockEntry(row["kind"], (row.get("native") or "").strip(), latins,
                              int(row["weight"]), tags))
    return out


@dataclass(slots=True)
class Origin:
    """One origin group: its stock, habits and population shares."""

    key: str
    script: str
    lang: str
    entries: list[StockEntry]
    config: dict[str, Any]
    pools: dict[tuple[str, str], Weighted[StockEntry]] = field(default_factory=dict)
    near: dict[str, tuple[StockEntry, ...]] = field(default_factory=dict)
    tags: Weighted[str] | None = None
    nationality: Weighted[str] | None = None
    tag_nationality: dict[str, Weighted[str]] = field(default_factory=dict)
    passport: Weighted[str] | None = None
    list_schemes: tuple[str, ...] = ()
    patronymic: Weighted[str] | None = None

    def pool(self, kind: str, tag: str = "") -> Weighted[StockEntry]:
        """Weighted pool of entries of ``kind`` (restricted to ``tag`` when the stock has it)."""
        got = self.pools.get((kind, tag))
        return got if got is not None else self.pools[(kind, "")]


def _near_key(entry: StockEntry) -> str:
    return entry.latins[0].upper().replace(" ", "").replace("-", "").replace("'", "")


def _build_origin(key: str, cfg: dict[str, Any]) -> Origin:
    entries = load_stock_file(cfg["stock"])
    origin = Origin(key=key, script=cfg["script"], lang=cfg["lang"], entries=entries,
                    config=cfg)
    for kind in KINDS:
        of_kind = [e for e in entries if e.kind == kind]
        origin.pools[(kind, "")] = Weighted(of_kind, [e.weight for e in of_kind])
        tags = sorted({t for e in of_kind for t in e.tags})
        for tag in tags:
            tagged = [e for e in of_kind if tag in e.tags]
            origin.pools[(kind, tag)] = Weighted(tagged, [e.weight for e in tagged])
    # near names: other parts one or two edits away (given names across genders)
    groups = {"given": [e for e in entries if e.kind != "surname"],
              "surname": [e for e in entries if e.kind == "surname"]}
    for group in groups.values():
        keys = [_near_key(e) for e in group]
        for e, k in zip(group, keys, strict=True):
            near = tuple(o for o, ok in zip(group, keys, strict=True)
                         if ok != k and abs(len(ok) - len(k)) <= 2 and len(k) >= 3
                         and levenshtein(ok, k) <= (1 if len(k) <= 4 else 2))
            if near:
                origin.near[e.key + "\t" + e.kind] = near
    if "nationality" in cfg:
        origin.nationality = Weighted.from_mapping(cfg["nationality"])
    if "regions" in cfg:
        regions = cfg["regions"]
        origin.tags = Weighted(list(regions), [r["weight"] for r in regions.values()])
        origin.tag_nationality = {t: Weighted.from_mapping(r["nationality"])
                                  for t, r in regions.items()}
    if "tag_weight" in cfg:
        origin.tags = Weighted.from_mapping(cfg["tag_weight"])
        origin.tag_nationality = {t: Weighted.from_mapping(n)
                                  for t, n in cfg["tag_nationality"].items()}
    if "passport" in cfg:
        origin.passport = Weighted.from_mapping(cfg["passport"])
        origin.list_schemes = tuple(cfg["list"])
        origin.patronymic = Weighted.from_mapping(cfg["patronymic"])
    return origin


def _load_origins() -> dict[str, Origin]:
    text = (resources.files("namematch.data") / "stock" / "origins.json").read_text("utf-8")
    cfg: dict[str, Any] = json.loads(text)
    return {k: _build_origin(k, v) for k, v in cfg.items() if not k.startswith("_")}


def _load_denylist() -> frozenset[tuple[str, str]]:
    return frozenset((r["given"].lower(), r["surname"].lower()) for r in _read_tsv("denylist.tsv"))


#: Origin groups by key (``russian``, ``caucasus``, ``kazakh``, ``uzbek``, ``kyrgyz``,
#: ``tajik``, ``arab``, ``turkish``, ``western``).
ORIGINS: dict[str, Origin] = _load_origins()
#: ``(given, surname)`` stock keys (lower case) that must not be combined.
DENYLIST: frozenset[tuple[str, str]] = _load_denylist()
