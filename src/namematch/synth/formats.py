"""Fictional sample files in every feed and list format, made from the generator's records.

:func:`write_format_samples` takes the generator's listed persons
(:func:`~namematch.synth.generate.iter_persons`) and passengers
(:func:`~namematch.synth.generate.iter_passengers`) and renders them with the writers of
:mod:`namematch.io`, so every reader has a sample whose content and ground truth are known:

* passenger feeds: ``sample.paxlst.edi`` (API fields), ``sample.mrz.txt`` (TD3, TD2, TD1),
  ``sample.pnrgov.edi`` (booking names), ``sample.passengers.jsonl`` (free-text Latin names),
  ``passengers_cp1251.csv`` (Cyrillic, Windows-1251), ``passengers_cp1256.csv`` (Arabic,
  Windows-1256), ``passengers_utf16.csv`` (mixed scripts, UTF-16 with a byte-order mark);
* watchlists (all listed persons each): ``un_list.xml``, ``ofac/sdn.csv`` + ``ofac/alt.csv``,
  ``list.ftm.jsonl``, ``eu_list.xml``;
* ``truth.csv``: one row per sample passenger, ``passenger_id`` as the reader reports it
  (PNRGOV ``LOCATOR:n``, MRZ document number), ``watchlist_id`` of the listed person for
  planted matches;
* ``card.md``: what each file holds, the seed and the command.

The passenger pool is the generator's manifest for ``config``; each sample takes, in generation
order, the planned number of planted matches (:data:`SAMPLE_PLAN`) from the positive slices
``api``, ``pnr``, ``free`` and ``native`` (cross-script cases first: a non-Latin passenger or a
person listed only in the original script), then the planned number of negatives (never an
``ambiguous`` one). Typing-error positives stay in the benchmark: they test the matcher, not
the formats. Everything is deterministic: one config gives the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from random import Random

from namematch.io import (
    write_eu_xml,
    write_ftm,
    write_jsonl,
    write_mrz,
    write_ofac,
    write_passengers_csv,
    write_paxlst,
    write_pnrgov,
    write_un_xml,
)
from namematch.io.countries import alpha3_of
from namematch.synth.generate import (
    GENERATOR_VERSION,
    SynthConfig,
    TruthRow,
    iter_passengers,
    iter_persons,
)
from namematch.types import ListedPerson, Passenger

__all__ = [
    "FORMATS_TRUTH_COLUMNS",
    "LIST_SAMPLES",
    "PASSENGER_SAMPLES",
    "SAMPLE_PLAN",
    "write_format_samples",
]

#: Passenger sample files, in the order they are filled from the pool.
PASSENGER_SAMPLES: tuple[str, ...] = (
    "sample.paxlst.edi", "sample.mrz.txt", "sample.pnrgov.edi", "sample.passengers.jsonl",
    "passengers_cp1251.csv", "passengers_cp1256.csv", "passengers_utf16.csv",
)
#: Watchlist sample files (``ofac`` is a folder with ``sdn.csv`` and ``alt.csv``).
LIST_SAMPLES: tuple[str, ...] = ("un_list.xml", "ofac", "list.ftm.jsonl", "eu_list.xml")
#: ``file -> (planted matches, negatives)`` taken from the pool for each passenger sample.
SAMPLE_PLAN: dict[str, tuple[int, int]] = {
    "sample.paxlst.edi": (3, 9),
    "sample.mrz.txt": (2, 6),
    "sample.pnrgov.edi": (3, 7),
    "sample.passengers.jsonl": (3, 7),
    "passengers_cp1251.csv": (2, 6),
    "passengers_cp1256.csv": (2, 4),
    "passengers_utf16.csv": (2, 4),
}
#: Columns of the samples' ``truth.csv``.
FORMATS_TRUTH_COLUMNS: tuple[str, ...] = (
    "file", "passenger_id", "source_id", "watchlist_id", "slice", "form", "list_script",
    "passenger_script", "notes",
)
_PLANTED_SLICES = frozenset({"api", "pnr", "free", "native"})
_ALPHANUM = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True, slots=True)
class _Pick:
    passenger: Passenger
    truth: TruthRow
    order: int

    @property
    def planted(self) -> bool:
        return bool(self.truth.watchlist_id)

    @property
    def cross_script(self) -> bool:
        return self.truth.passenger_script != "latin" or "latin" not in self.truth.list_script


def _encodes(text: str | None, codec: str) -> bool:
    try:
        (text or "").encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _fits(file: str) -> Callable[[_Pick], bool]:
    """Which pool passengers a sample file can carry."""
    def latin_form(*forms: str) -> Callable[[_Pick], bool]:
        return lambda k: k.truth.passenger_script == "latin" and k.truth.form in forms

    rules: dict[str, Callable[[_Pick], bool]] = {
        "sample.paxlst.edi": latin_form("api", "mrz"),
        "sample.mrz.txt": latin_form("api", "mrz"),
        "sample.pnrgov.edi": latin_form("pnr"),
        "sample.passengers.jsonl": latin_form("free"),
        "passengers_cp1251.csv": lambda k: (k.truth.passenger_script == "cyrillic"
                                            and _encodes(k.passenger.name, "cp1251")),
        "passengers_cp1256.csv": lambda k: (k.truth.passenger_script == "arabic"
                                            and _encodes(k.passenger.name, "cp1256")),
        "passengers_utf16.csv": lambda k: True,
    }
    return rules[file]


def _select(pool: list[_Pick]) -> dict[str, list[_Pick]]:
    """Fill every passenger sample from the pool by :data:`SAMPLE_PLAN` (see module doc)."""
    used: set[int] = set()
    listed: set[str] = set()
    out: dict[str, list[_Pick]] = {}
    for file in PASSENGER_SAMPLES:
        n_pos, n_neg = SAMPLE_PLAN[file]
        fits = _fits(file)
        free = [k for k in pool if k.order not in used and fits(k)]
        pos = [k for k in free if k.planted and k.truth.slice in _PLANTED_SLICES]
        if file == "passengers_utf16.csv":
            # what the 8-bit code pages cannot carry first, then other cross-script cases
            pos.sort(key=lambda k: (_encodes(k.passenger.name, "cp1251")
                                    or _encodes(k.passenger.name, "cp1256"),
                                    not k.cross_script, k.order))
        else:
            pos.sort(key=lambda k: (not k.cross_script, k.order))
        # one planted passenger per listed person, persons not planted elsewhere first
        pos.sort(key=lambda k: k.truth.watchlist_id in listed)
        planted: list[_Pick] = []
        for k in pos:
            if len(planted) < n_pos and all(k.truth.watchlist_id != q.truth.watchlist_id
                                            for q in planted):
                planted.append(k)
        neg = [k for k in free if not k.planted and not k.truth.ambiguous]
        if file == "passengers_utf16.csv":
            # a script mix: the i-th negative of each script before the (i+1)-th of any
            rank: dict[str, int] = {}
            keyed = []
            for k in neg:
                script = k.truth.passenger_script
                rank[script] = rank.get(script, 0) + 1
                keyed.append((rank[script], k.order, k))
            neg = [k for _r, _o, k in sorted(keyed, key=lambda x: (x[0], x[1]))]
        chosen = sorted(planted + neg[:n_neg], key=lambda k: k.order)
        listed.update(k.truth.watchlist_id for k in planted)
        used.update(k.order for k in chosen)
        out[file] = chosen
    return out


def _api_fields(p: Passenger) -> Passenger:
    """An api/mrz-form passenger with ``surname``/``given_names`` (MRZ names split at ``<<``)."""
    if p.surname or p.given_names or not p.name:
        return p
    sur, _sep, giv = p.name.rstrip("<").partition("<<")
    return Passenger(p.passenger_id, surname=sur.replace("<", " ").strip() or None,
                     given_names=giv.replace("<", " ").strip() or None, dob=p.dob,
                     nationality=p.nationality, gender=p.gender, form="api",
                     source=p.source)


def _alpha3(p: Passenger) -> Passenger:
    """The passenger with an ICAO three-letter nationality (as API and MRZ carry it)."""
    code = alpha3_of(p.nationality) if p.nationality else None
    return Passenger(p.passenger_id, name=p.name, surname=p.surname, given_names=p.given_names,
                     dob=p.dob, nationality=code or p.nationality, gender=p.gender,
                     form=p.form, documents=(p.passenger_id,), source=p.source)


def _mrz_layout(i: int, p: Passenger) -> str:
    """TD3 mostly; every fourth document TD1 and every fourth+2 TD2 when the name fits."""
    length = len(p.surname or "") + len(p.given_names or "") + 2
    if i % 4 == 1 and length <= 30:
        return "TD1"
    if i % 4 == 3 and length <= 31:
        return "TD2"
    return "TD3"


def _locators(seed: int, n: int) -> list[str]:
    rng = Random(f"namematch.synth.formats:{seed}")
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        loc = "".join(rng.choice(_ALPHANUM) for _ in range(6))
        if loc not in seen:
            seen.add(loc)
            out.append(loc)
    return out


def _render_passengers(file: str, picks: list[_Pick], seed: int) -> tuple[bytes, list[str]]:
    """``(file bytes, passenger ids as the reader reports them)`` for one passenger sample."""
    buf = io.StringIO(newline="")
    people = [k.passenger for k in picks]
    ids = [p.passenger_id for p in people]
    encoding = "utf-8"
    if file == "sample.paxlst.edi":
        write_paxlst([_alpha3(_api_fields(p)) for p in people], buf)
    elif file == "sample.mrz.txt":
        for i, p in enumerate(people):
            q = _alpha3(_api_fields(p))
            write_mrz([q], buf, layout=_mrz_layout(i, q))
    elif file == "sample.pnrgov.edi":
        # one traveller per booking, every third booking with two travellers
        bookings: list[list[Passenger]] = []
        for i, p in enumerate(people):
            if bookings and i % 3 == 2 and len(bookings[-1]) == 1:
                bookings[-1].append(p)
            else:
                bookings.append([p])
        locs = _locators(seed, len(bookings))
        write_pnrgov(list(zip(locs, bookings, strict=True)), buf)
        ids = [f"{loc}:{n}" for loc, group in zip(locs, bookings, strict=True)
               for n in range(1, len(group) + 1)]
    elif file == "sample.passengers.jsonl":
        write_jsonl(people, buf)
    else:
        write_passengers_csv(people, buf)
        encoding = {"passengers_cp1251.csv": "cp1251", "passengers_cp1256.csv": "cp1256",
                    "passengers_utf16.csv": "utf-16"}[file]
    return buf.getvalue().encode(encoding), ids


def _render_lists(persons: list[ListedPerson]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for file, writer in (("un_list.xml", write_un_xml), ("list.ftm.jsonl", write_ftm),
                         ("eu_list.xml", write_eu_xml)):
        buf = io.StringIO(newline="")
        writer(persons, buf)
        out[file] = buf.getvalue().encode("utf-8")
    sdn, alt = io.StringIO(newline=""), io.StringIO(newline="")
    write_ofac(persons, sdn, alt)
    out["ofac/sdn.csv"] = sdn.getvalue().encode("utf-8")
    out["ofac/alt.csv"] = alt.getvalue().encode("utf-8")
    return out


def _truth_csv(rows: Iterable[dict[str, str]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=FORMATS_TRUTH_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _card(config: SynthConfig, command: str, persons: int,
          samples: dict[str, list[_Pick]]) -> bytes:
    rows = []
    for file in PASSENGER_SAMPLES:
        picks = samples[file]
        planted = [k for k in picks if k.planted]
        cross = sum(k.cross_script for k in planted)
        rows.append(f"| `{file}` | {len(picks)} | {len(planted)} | {cross} |")
    text = "\n".join([
        "# Format samples (fictional)",
        "",
        "Sample files in every passenger-feed and watchlist format namematch reads, written by",
        "`namematch.synth.formats` from the generator's own records with the writers of",
        "`namematch.io`. Every name, date and number is **fictional** (see the generator's",
        "card in `data/synthetic/card.md`); locators, document numbers and message headers",
        "are made up.",
        "",
        "## Provenance",
        "",
        f"* generator: `namematch.synth` version {GENERATOR_VERSION}",
        f"* seed: {config.seed}",
        f"* command: `{command}`",
        f"* pool: {persons} listed persons, {config.passengers} generated passengers "
        f"(positive share {config.positive_share}); the samples take "
        f"{sum(len(v) for v in samples.values())} of them",
        "",
        "## Passenger samples",
        "",
        "Each sample takes, in generation order, its planted matches from the positive",
        "slices `api`, `pnr`, `free`, `native` (cross-script cases first: a non-Latin",
        "passenger, or a person listed only in the original script), then negatives",
        "(`random`, `namesake`, `relative`, `near_name`; never an `ambiguous` one).",
        "",
        "| file | passengers | planted matches | cross-script |",
        "|---|---:|---:|---:|",
        *rows,
        "",
        "* `sample.paxlst.edi`: UN/EDIFACT PAXLST (D:05B), one message; API/MRZ-form",
        "  passengers as `NAD+FL` surname and given names, `DTM+329` birth date, `NAT`",
        "  (alpha-3), `RFF+ABO` = passenger id, `DOC` = passenger id as passport number.",
        "* `sample.mrz.txt`: ICAO 9303 machine-readable zones of the same kind of passengers,",
        "  TD3 mostly, TD1 and TD2 where the name fits; the reader reports the document",
        "  number (= generator passenger id) as `passenger_id`.",
        "* `sample.pnrgov.edi`: PNRGOV (11.1), PNR-form booking names (`TIF`), one or two",
        "  travellers per booking, booking names only (no `SSR DOCS`, so no dates of",
        "  birth); the reader reports `LOCATOR:n`.",
        "* `sample.passengers.jsonl`: JSON lines, free-text Latin names with `form`.",
        "* `passengers_cp1251.csv`: CSV in Windows-1251, Cyrillic names (only ones the code",
        "  page can carry).",
        "* `passengers_cp1256.csv`: CSV in Windows-1256, Arabic names.",
        "* `passengers_utf16.csv`: CSV in UTF-16 with a byte-order mark, mixed scripts;",
        "  names the 8-bit code pages cannot carry (Kazakh, Uzbek, Kyrgyz letters) first.",
        "",
        "## Watchlist samples",
        "",
        f"Each list holds all {persons} listed persons with all their names, dates of birth",
        "(EU and FtM cannot carry year ranges, so those are left out there), nationalities",
        "and gender.",
        "",
        "* `un_list.xml`: UN consolidated list XML; `REFERENCE_NUMBER` = listed id.",
        "* `ofac/sdn.csv` + `ofac/alt.csv`: OFAC SDN CSV pair (`ent_num` = listed id; weak",
        "  aliases, dates, nationalities and gender in Remarks). Read the folder.",
        "* `list.ftm.jsonl`: FollowTheMoney `Person` entities, one per line.",
        "* `eu_list.xml`: EU financial sanctions XML; `logicalId` = listed id.",
        "",
        "## Ground truth",
        "",
        "* `truth.csv`: `" + ",".join(FORMATS_TRUTH_COLUMNS) + "`; one row per sample",
        "  passenger. `passenger_id` is the id the reader reports for `file`, `source_id`",
        "  the generator's passenger id, `watchlist_id` the listed id of a planted match",
        "  (empty for negatives); the other columns are the generator's truth columns.",
        "",
    ])
    return text.encode("utf-8")


def write_format_samples(config: SynthConfig, outdir: Path,
                         command: str | None = None) -> dict[str, int]:
    """Write the format samples (see the module docstring) into ``outdir``.

    Args:
        config: the generator config; all its listed persons go on every list sample and its
            passengers are the pool the passenger samples are taken from.
        outdir: output folder (created if missing); existing sample files are replaced.
        command: the command line to record on the card.

    Returns:
        Records written per file (relative path), ``truth.csv`` rows and the card's 1.
    """
    config.validate()
    persons = list(iter_persons(config))
    pool = [_Pick(p, t, i) for i, (p, t) in enumerate(iter_passengers(config))]
    samples = _select(pool)
    outdir = Path(outdir)
    (outdir / "ofac").mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    truth: list[dict[str, str]] = []
    for file in PASSENGER_SAMPLES:
        picks = samples[file]
        data, ids = _render_passengers(file, picks, config.seed)
        (outdir / file).write_bytes(data)
        counts[file] = len(picks)
        for pid, k in zip(ids, picks, strict=True):
            t = k.truth
            truth.append({"file": file, "passenger_id": pid, "source_id": t.passenger_id,
                          "watchlist_id": t.watchlist_id, "slice": t.slice, "form": t.form,
                          "list_script": t.list_script,
                          "passenger_script": t.passenger_script, "notes": t.notes})
    for file, data in _render_lists(persons).items():
        (outdir / file).write_bytes(data)
        counts[file] = len(persons) if file != "ofac/alt.csv" else data.count(b"\n")
    (outdir / "truth.csv").write_bytes(_truth_csv(truth))
    counts["truth.csv"] = len(truth)
    cmd = command or (f"namematch synth --formats --seed {config.seed} --persons "
                      f"{config.persons} --passengers {config.passengers} --positive-share "
                      f"{config.positive_share} --out DIR")
    (outdir / "card.md").write_bytes(_card(config, cmd, len(persons), samples))
    counts["card.md"] = 1
    return counts
