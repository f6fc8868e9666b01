"""The blocking index: completeness against all-pairs scoring, saving, loading, updating."""

from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path

import numpy as np
import pytest

from namematch.errors import IndexFormatError
from namematch.index import NameIndex, read_archive
from namematch.names import parse_name
from namematch.score import compare_prepared, prepare
from namematch.screen import Screener, Watchlist
from namematch.types import ListedPerson, ListName, NameType, Passenger

GIVEN = ["Ivan", "Oleg", "Kasym", "Askar", "Yusuf", "Mohammed", "Ali", "Omar", "Farrukh",
         "Nurlan", "Anna", "Yuliya", "Leila", "Rustam", "Timur", "Hassan", "Jan", "Hans"]
SURNAME = ["Ivanov", "Petrov", "Akhmetov", "Rahimov", "Al-Qahtani", "Hassan", "Qaribi",
           "Sidorov", "Tsarev", "Jumabaev", "Toshmatov", "Berg", "Mueller", "Nazarbaev"]


def _people(n: int, seed: int = 7) -> list[ListedPerson]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        g, s = rng.choice(GIVEN), rng.choice(SURNAME)
        names = [ListName(f"{g} {s}")]
        if rng.random() < 0.3:
            names.append(ListName(f"{rng.choice(GIVEN)} {s}", NameType.ALIAS))
        out.append(ListedPerson(f"L{i:04d}", tuple(names), dobs=(str(1950 + i % 50),)))
    return out


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def test_pair_completeness_against_all_pairs() -> None:
    rng = random.Random(3)
    people = _people(300)
    wl = Watchlist(people)
    queries = []
    for _ in range(150):
        g, s = rng.choice(GIVEN).upper(), rng.choice(SURNAME).upper()
        # Typing errors in the name parts (a glued title is typed by the system).
        if rng.random() < 0.5:
            s = _typo(rng, s)
        if rng.random() < 0.3:
            g = _typo(rng, g)
        queries.append(f"{s}/{g}MR")
    alerts_all = alerts_blocked = 0
    for q in queries:
        pax = prepare(parse_name(q))
        blocked = set(wl.index.candidates(pax, max_candidates=10_000).name_ids.tolist())
        for nid in range(wl.n_names):
            c = compare_prepared(pax, wl.prepared(nid))
            if c.score >= 0.8:
                alerts_all += 1
                alerts_blocked += nid in blocked
    assert alerts_all > 100
    assert alerts_blocked / alerts_all >= 0.995


def test_typo_in_first_letter_is_found() -> None:
    wl = Watchlist([ListedPerson("A", (ListName("Kasym Akhmetov"),))])
    pax = prepare(parse_name("KHMETOV/KASYM"))
    assert wl.index.candidates(pax).name_ids.tolist() == [0]


@pytest.mark.parametrize("query", ["YILMA/AOLI", "YILMAZ/ALIY", "YILMAZ/ALII"])
def test_short_part_one_letter_off_is_found(query: str) -> None:
    """A three-letter list part (ALI) is found from a passenger part one letter longer, while
    the other part agrees (one letter off as well)."""
    wl = Watchlist([ListedPerson("A", (ListName("Ali Yilmaz"),)),
                    ListedPerson("B", (ListName("Omar Yilmaz"),))])
    assert 0 in wl.index.candidates(prepare(parse_name(query))).name_ids.tolist()


@pytest.mark.parametrize("query", ["ALSHARIF/LAIMR", "ALSHARIF/IWA MR"])
def test_three_letter_slip_is_found(query: str) -> None:
    """A three-letter given name with a slip (LAI, IWA) shares no deletion key with the
    listed one (ALI, ISA); its slip spellings are looked up instead."""
    wl = Watchlist([ListedPerson("A", (ListName("Ali Al-Sharif"),)),
                    ListedPerson("B", (ListName("Isa Al-Sharif"),)),
                    ListedPerson("C", (ListName("Omar Al-Sharif"),))])
    got = wl.index.candidates(prepare(parse_name(query))).name_ids.tolist()
    assert (0 in got) is query.endswith("LAIMR") and (1 in got) is not query.endswith("LAIMR")


def test_cross_script_candidates() -> None:
    wl = Watchlist([ListedPerson("A", (ListName("Қасым Серікұлы Ахметов"),)),
                    ListedPerson("B", (ListName("عبد الرحمن يوسف القحطاني"),))])
    for q, want in (("AKHMETOV/KASYMMR", 0), ("ALQAHTANI ABDULRAHMAN", 1)):
        assert want in wl.index.candidates(prepare(parse_name(q))).name_ids.tolist()


def test_common_tokens_do_not_blow_up_but_are_not_dropped() -> None:
    people = [ListedPerson(f"M{i}", (ListName(f"Mohammed Ali {s}{i}"),)) for i, s in
              enumerate(["X"] * 5000)]
    people.append(ListedPerson("T", (ListName("Mohammed Ali Qahtani"),)))
    wl = Watchlist(people)
    c = wl.index.candidates(prepare(parse_name("MOHAMMED ALI QAHTANI")), max_candidates=50)
    ids = [wl.persons[int(wl.name_person[n])].id for n in c.name_ids.tolist()]
    assert "T" in ids
    assert len(ids) <= 50


def test_save_load_roundtrip(tmp_path: Path) -> None:
    wl = Watchlist(_people(200))
    path = tmp_path / "l.nmi"
    wl.save(path)
    loaded = Watchlist.load(path)
    assert [p.id for p in loaded.persons] == [p.id for p in wl.persons]
    assert list(loaded.persons) == wl.persons
    for key, arr in wl.index.arrays().items():
        assert np.array_equal(arr, loaded.index.arrays()[key]), key
    pax = [Passenger(f"P{i}", name=n) for i, n in
           enumerate(["IVANOV/IVAN MR", "AKHMETOV/KASYM", "ALQAHTANI/YUSUF"])]
    a = [(x.passenger_id, x.watchlist_id, x.score) for x in Screener(wl).screen(pax)]
    b = [(x.passenger_id, x.watchlist_id, x.score) for x in Screener(loaded).screen(pax)]
    assert a == b and a


def test_update_equals_fresh_build(tmp_path: Path) -> None:
    people = _people(120)
    base = Watchlist(people[:100])
    add = people[100:]
    remove = [p.id for p in people[:10]]
    updated = base.updated(add=add, remove=remove)
    fresh = Watchlist(people[10:])
    assert [p.id for p in updated.persons] == [p.id for p in fresh.persons]
    for key, arr in fresh.index.arrays().items():
        assert np.array_equal(arr, updated.index.arrays()[key]), key
    pax = [Passenger(f"P{i}", name=f"{s.upper()}/{g.upper()}")
           for i, (g, s) in enumerate(zip(GIVEN, SURNAME, strict=False))]
    a = [(x.passenger_id, x.watchlist_id, x.score) for x in Screener(updated).screen(pax)]
    b = [(x.passenger_id, x.watchlist_id, x.score) for x in Screener(fresh).screen(pax)]
    assert a == b


def _rewrite(path: Path, out: Path, *, manifest_patch: dict[str, object] | None = None,
             drop: str | None = None, flip: str | None = None) -> None:
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == drop:
                continue
            if info.filename == "manifest.json" and manifest_patch:
                m = json.loads(data)
                m.update(manifest_patch)
                data = json.dumps(m).encode()
            if info.filename == flip:
                data = data[:-1] + bytes([data[-1] ^ 1])
            zout.writestr(info, data)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"manifest_patch": {"format_version": 999}}, "format version"),
    ({"manifest_patch": {"kind": "other"}}, "not a namematch index"),
    ({"drop": "manifest.json"}, "no manifest"),
    ({"flip": "postings.npy"}, "checksum"),
    ({"drop": "postings.npy"}, "checksum"),
])
def test_damaged_index_is_refused(tmp_path: Path, kwargs: dict[str, object],
                                  message: str) -> None:
    path = tmp_path / "l.nmi"
    Watchlist(_people(30)).save(path)
    bad = tmp_path / "bad.nmi"
    _rewrite(path, bad, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(IndexFormatError, match=message):
        Watchlist.load(bad)


def test_truncated_and_foreign_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "l.nmi"
    Watchlist(_people(30)).save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(IndexFormatError, match="corrupt"):
        Watchlist.load(path)
    other = tmp_path / "o.nmi"
    other.write_text("id,name\n1,x\n", encoding="utf-8")
    with pytest.raises(IndexFormatError):
        Watchlist.load(other)


def test_empty_index() -> None:
    idx = NameIndex.build([])
    assert idx.candidates(prepare(parse_name("IVAN IVANOV"))).name_ids.size == 0


def test_update_of_loaded_index_equals_fresh_build(tmp_path: Path) -> None:
    people = _people(150, seed=11)
    # Arabic-script and Cyrillic names too, so merged units and primary keys vary.
    people.append(ListedPerson("X1", (ListName("عبد الرحمن يوسف القحطاني"),
                                      ListName("Abdulrahman Al-Qahtani", NameType.ALIAS))))
    people.append(ListedPerson("X2", (ListName("Қасым Серікұлы Ахметов"),)))
    base = Watchlist(people[:120] + people[150:])
    path = tmp_path / "base.nmi"
    base.save(path)
    loaded = Watchlist.load(path)
    add = people[120:150]
    remove = [p.id for p in people[:15]] + ["X2"]
    updated = loaded.updated(add=add, remove=remove)
    fresh = Watchlist([*people[15:120], people[150], *people[120:150]])
    assert [p.id for p in updated.persons] == [p.id for p in fresh.persons]
    for key, arr in fresh.index.arrays().items():
        assert np.array_equal(arr, updated.index.arrays()[key]), key
    for key, arr in fresh.cheap.arrays().items():
        assert np.array_equal(arr, updated.cheap.arrays()[key]), key
    pax = [Passenger(f"P{i}", name=f"{s.upper()}/{g.upper()}")
           for i, (g, s) in enumerate(zip(GIVEN, SURNAME, strict=False))]
    pax.append(Passenger("PQ", name="ALQAHTANI/ABDULRAHMAN"))
    a = [(x.passenger_id, x.watchlist_id, x.score) for x in Screener(updated).screen(pax)]
    b = [(x.passenger_id, x.watchlist_id, x.score) for x in Screener(fresh).screen(pax)]
    assert a == b and a


def test_lean_build_equals_full_build() -> None:
    people = _people(200, seed=5)
    full = Watchlist(people)
    lean = Watchlist(people, keep_prepared=False)
    for key, arr in full.index.arrays().items():
        assert np.array_equal(arr, lean.index.arrays()[key]), key
    for key, arr in full.cheap.arrays().items():
        assert np.array_equal(arr, lean.cheap.arrays()[key]), key
    pax = [Passenger("P1", name="IVANOV/IVAN MR"), Passenger("P2", name="AKHMETOV/KASYM")]
    a = [(x.watchlist_id, x.score) for x in Screener(full).screen(pax)]
    b = [(x.watchlist_id, x.score) for x in Screener(lean).screen(pax)]
    assert a == b and a


def test_two_letter_passenger_key_finds_a_three_letter_list_key() -> None:
    """GL (GÜL with its non-ASCII letter dropped) finds GUL: three-letter list keys keep their
    one-deletion variants, which only two-letter passenger keys look up."""
    wl = Watchlist([ListedPerson("A", (ListName("Mustafa Gül"),)),
                    ListedPerson("B", (ListName("Mustafa Aydin"),))])
    pp = prepare(parse_name("GL MUSTAFA"))
    ids = wl.index.candidates(pp).name_ids.tolist()
    assert ids == [0]


def _rich_people(n: int, seed: int) -> list[ListedPerson]:
    """People with every column filled (nationalities, gender, documents, own source)."""
    rng = random.Random(seed)
    out = []
    for i, p in enumerate(_people(n, seed)):
        nats = tuple(rng.sample(["RU", "KZ", "SY", "UZ", "ru"], rng.randrange(0, 3)))
        dobs = p.dobs + ((f"1980-01-0{i % 9 + 1}",) if i % 3 else ())
        out.append(ListedPerson(p.id, p.names, dobs=dobs,
                                nationalities=nats, gender=rng.choice([None, "M", "F"]),
                                documents=(f"N{i:05d}",) if i % 4 == 0 else (),
                                source="other.csv" if i % 5 == 0 else None))
    return out


@pytest.mark.parametrize("lean", [False, True])
def test_updated_index_saves_as_a_fresh_build(tmp_path: Path, lean: bool) -> None:
    """Every saved array of an updated index (people, names, dates, nationalities, ranks,
    index and bound table) equals a fresh build's, whether the index was loaded or built
    lean (the people then stay packed columns)."""
    people = _rich_people(90, seed=4)
    add = _rich_people(100, seed=9)[80:]  # ids L0080..L0099: 10 replace, 10 are new
    if lean:
        base = Watchlist(people, keep_prepared=False)
    else:
        Watchlist(people).save(tmp_path / "base.nmi")
        base = Watchlist.load(tmp_path / "base.nmi")
    base.source = None
    updated = base.updated(add=add, remove=["L0003", "L0040", "NOPE"])
    replaced = {p.id for p in add}
    kept = [p for p in people if p.id not in replaced | {"L0003", "L0040"}]
    fresh = Watchlist([*kept, *add])
    updated.save(tmp_path / "u.nmi")
    fresh.save(tmp_path / "f.nmi")
    _, a = read_archive(tmp_path / "u.nmi", expect_kind="namematch-index")
    _, b = read_archive(tmp_path / "f.nmi", expect_kind="namematch-index")
    assert a.keys() == b.keys()
    for key in b:
        assert np.array_equal(a[key], b[key]), key
