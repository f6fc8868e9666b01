"""The cheap stage: its bound never falls below the exact name score (beyond its margin)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from namematch.benchmarking import load_passengers
from namematch.cheap import BOUND_MARGIN, CheapTable, cheap_row
from namematch.score import align, prepare
from namematch.screen import Screener, Watchlist
from namematch.types import ListedPerson, ListName, Passenger

DATA = Path(__file__).parents[1] / "data" / "synthetic"


@pytest.fixture(scope="module")
def watchlist() -> Watchlist:
    return Watchlist.from_file(DATA / "watchlist.csv")


def test_bound_holds_on_benchmark_sample(watchlist: Watchlist) -> None:
    pax = load_passengers(DATA / "passengers.csv")[:400]
    screener = Screener(watchlist)
    checked = pruned = 0
    for p in pax:
        for reading in screener.readings(p):
            pp = prepare(reading)
            ids = watchlist.index.candidates(pp).name_ids
            if len(ids) == 0 or not CheapTable.applies(pp):
                continue
            bounds = watchlist.cheap.upper_bounds(pp, ids)
            for nid, bound in zip(ids.tolist(), bounds.tolist(), strict=True):
                exact, _ = align(pp, watchlist.prepared(nid))
                assert exact <= bound + BOUND_MARGIN, (reading.raw, watchlist.names[nid].name)
                checked += 1
                pruned += bound + BOUND_MARGIN < 0.84
    assert checked > 1000
    # The bound is useful: most candidates are pruned at the default threshold.
    assert pruned / checked > 0.5


def test_saved_table_matches_built(tmp_path: Path, watchlist: Watchlist) -> None:
    path = tmp_path / "w.nmi"
    watchlist.save(path)
    loaded = Watchlist.load(path)
    for key, arr in watchlist.cheap.arrays().items():
        assert np.array_equal(arr, loaded.cheap.arrays()[key]), key


def test_keys_are_stored_once_sorted_whatever_the_chunks(watchlist: Watchlist) -> None:
    table = watchlist.cheap
    vocab = table.vocab.tolist()
    assert vocab == sorted(set(vocab))
    assert len(vocab) < len(table.key_ids)  # namesakes share keys
    skeletons = table.skel_vocab.tolist()
    assert skeletons == sorted(set(skeletons))
    assert len(skeletons) < len(table.skel_ids)
    n = watchlist.n_names
    prepared = [watchlist.prepared(i) for i in range(n)]
    for i in (0, n // 2, n - 1):
        entries = cheap_row(prepared[i])[1]
        lo, hi = int(table.entry_off[i]), int(table.entry_off[i + 1])
        stored = [tuple(k.decode() for k in vocab_keys) for vocab_keys in (
            table.vocab[table.key_ids[table.key_off[e]:table.key_off[e + 1]]].tolist()
            for e in range(lo, hi))]
        assert stored == [keys for keys, *_ in entries]
        assert [table.skel_vocab[k].decode() for k in table.skel_ids[lo:hi]] == [
            skel for _, _, _, skel, *_ in entries]
    # Built in chunks (as workers build) or at once: the same arrays.
    chunks = CheapTable.concat([CheapTable.build(prepared[a:a + 97])
                                for a in range(0, n, 97)])
    whole = CheapTable.build(prepared)
    for key, arr in whole.arrays().items():
        assert np.array_equal(arr, chunks.arrays()[key]), key


@pytest.mark.parametrize(("ids", "vocab"), [("c_key_ids", "c_vocab"),
                                            ("c_skel_ids", "c_skel_vocab")])
def test_inconsistent_interned_arrays_are_refused(watchlist: Watchlist, ids: str,
                                                  vocab: str) -> None:
    arrays = dict(watchlist.cheap.arrays())
    arrays[ids] = arrays[ids].copy()
    arrays[ids][0] = len(arrays[vocab])
    with pytest.raises(ValueError, match="inconsistent"):
        CheapTable(arrays)
    arrays[ids] = arrays[ids][1:]
    with pytest.raises(ValueError, match="inconsistent"):
        CheapTable(arrays)


def test_empty_candidates(watchlist: Watchlist) -> None:
    pp = prepare(Screener(watchlist).readings(load_passengers(DATA / "passengers.csv")[0])[0])
    assert watchlist.cheap.upper_bounds(pp, np.zeros(0, dtype=np.int32)).size == 0


@pytest.mark.parametrize(("passenger", "listed"), [
    ("KUERDI/AICBHAMRS", "عائشة الكردي"),  # keys AIKBHA / AICHA: 0.70, one slip typed
    ("Dzbalol NAZAROV", "Dzhalol Nazarov"),  # keys DSBALOL / JALOL
    ("QURBOOV/ALISHER", "Alisher Qurbonov"),  # keys KURBUV / KURBONOV
    # one more ancestor on the passport than on the list chain: a cheaper extra part
    ("Belal Mazen Tarek Yasser El Khatib", "بلال بن مازن بن طارق الخطيب"),
    # an initial on the list agrees with a passenger part of its letter (half weight)
    ("John SMITH", "J. Smith"),
    ("SMITH/JOHN MR", "J Smith"),
])
def test_bound_covers_what_the_keys_do_not_show(passenger: str, listed: str) -> None:
    """A slip below the band the bound lifts blindly is checked on the typed spellings, and
    an extra part on a chain name is charged the further-ancestor cost, so the bound still
    covers the scorer."""
    wl = Watchlist([ListedPerson("W1", (ListName(listed),))])
    best = 0.0
    for reading in Screener(wl).readings(Passenger("P1", name=passenger)):
        pp = prepare(reading)
        exact, _ = align(pp, wl.prepared(0))
        bound = float(wl.cheap.upper_bounds(pp, np.zeros(1, dtype=np.int32))[0])
        assert exact <= bound + BOUND_MARGIN, reading.raw
        best = max(best, exact)
    assert best >= 0.8


@pytest.mark.parametrize(("passenger", "listed"), [
    ("ELMURZAEVA, AINA", "AMINAT SHAMILEVNA MUTAEVA"),  # typed MURZAEVA: two slips
    ("EL-SURI AHMAD", "Taha Hasan Ahmad Alsouri"),  # typed SOURI: one slip
])
def test_bound_checks_slips_on_spellings_without_the_article(passenger: str,
                                                              listed: str) -> None:
    """A glued article is typed off (ELMURZAEVA is also MURZAEVA): spellings further apart
    in length than a slip allows, article included, are still checked for a slip."""
    wl = Watchlist([ListedPerson("W1", (ListName(listed),))])
    pp = prepare(Screener(wl).readings(Passenger("P1", name=passenger))[0])
    exact, _ = align(pp, wl.prepared(0))
    bound = float(wl.cheap.upper_bounds(pp, np.zeros(1, dtype=np.int32))[0])
    assert exact > 0.6
    assert exact <= bound + BOUND_MARGIN


@pytest.mark.parametrize(("passenger", "listed", "agrees"), [
    ("J SMITH", "John Smith", True),
    ("K SMITH", "John Smith", False),
    ("Ahmed H HASSAN", "Ahmed Hussein Hassan", True),
    ("John SMITH", "J. Smith", True),
    ("John SMITH", "K. Smith", False),
])
def test_initial_agrees_only_with_parts_of_its_letter(passenger: str, listed: str,
                                                      agrees: bool) -> None:
    """An initial, on either side, matches a part whose key starts with its letter and
    nothing else, as the scorer compares it: the bound covers the exact score, and where no
    part starts with the letter it is no wildcard (the name cannot reach an alert)."""
    wl = Watchlist([ListedPerson("W1", (ListName(listed),))])
    pp = prepare(Screener(wl).readings(Passenger("P1", name=passenger))[0])
    exact, _ = align(pp, wl.prepared(0))
    bound = float(wl.cheap.upper_bounds(pp, np.zeros(1, dtype=np.int32))[0])
    assert exact <= bound + BOUND_MARGIN
    assert (bound >= 0.88) is agrees


@pytest.mark.parametrize(("passenger", "listed", "can_split"), [
    ("NURLANKYZY/KURMANJAN MS", "Kurmanjan Nurlan kyzy", True),  # NURLAN starts it
    ("NURLANKYZY/KURMANJAN MS", "Kurmanjan Bolot kyzy", False),  # nothing starts it
    ("NURLANKYZY/KURMANJAN MS", "Kurmanjan Nurlam kyzy", True),  # one edit off, 5+ letters
    ("NURLANKYZY/KURMANJAN MS", "Kurmanjan Мурлан кызы", True),  # a Cyrillic spelling
    ("BINSALEHOMAR/AHMED MR", "Ahmed Omar Hamdan", True),  # a filler starts it
    ("JAMELTAHAABDALLAH/SAID", "Said Jamel Taha Abdallah", True),
    ("JAMELTAHAABDALLAH/SAID", "Said Karim Taha Abdallah", False),
])
def test_glued_token_is_a_wildcard_only_where_it_can_be_split(passenger: str, listed: str,
                                                             can_split: bool) -> None:
    """A booking token the scorer may split matches anything in the bound; where no piece
    can start it (none of the list parts opens the token, exactly or within one edit), it is
    an ordinary part, and the bound stays above the exact score either way."""
    wl = Watchlist([ListedPerson("W1", (ListName(listed),))])
    pp = prepare(Screener(wl).readings(Passenger("P1", name=passenger, form="pnr"))[0])
    exact, _ = align(pp, wl.prepared(0))
    bound = float(wl.cheap.upper_bounds(pp, np.zeros(1, dtype=np.int32))[0])
    assert exact <= bound + BOUND_MARGIN
    assert (bound >= 0.99) is can_split
