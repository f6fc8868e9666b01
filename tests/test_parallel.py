"""Screening and index builds on two processes give exactly what one process gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from namematch.cheap import CheapTable
from namematch.index import NameIndex
from namematch.parallel import name_chunks_parallel, screen_parallel
from namematch.screen import Screener, Watchlist
from namematch.types import Passenger, Rejected

DATA = Path(__file__).parent / "data"


def test_two_workers_equal_one() -> None:
    wl = Watchlist.from_csv(DATA / "watchlist.csv")
    from namematch import io as nmio

    records = list(nmio.read_passengers(DATA / "passengers.csv")) * 30
    one = Screener(wl)
    a = [(x.passenger_id, x.watchlist_id, x.score) for x in one.screen(records)]
    two = Screener(wl)
    b = [(x.passenger_id, x.watchlist_id, x.score)
         for chunk in screen_parallel(two, records, workers=2, chunk_size=50) for x in chunk]
    assert a == b and a
    assert (one.read, one.screened, len(one.rejected)) == (
        two.read, two.screened, len(two.rejected))
    assert two.read == two.screened + len(two.rejected)


def test_rejects_are_counted_in_workers() -> None:
    wl = Watchlist.from_csv(DATA / "watchlist.csv")
    records: list[Passenger | Rejected] = [Passenger("1", name=""),
                                           Rejected(2, "bad row"),
                                           Passenger("3", name="AKHMETOV/KASYMMR")]
    s = Screener(wl)
    alerts = [x for chunk in screen_parallel(s, records, workers=2, chunk_size=1) for x in chunk]
    assert [a.passenger_id for a in alerts] == ["3"]
    assert (s.read, s.screened, len(s.rejected)) == (3, 1, 2)


def test_input_is_not_read_ahead() -> None:
    wl = Watchlist.from_csv(DATA / "watchlist.csv")
    consumed = 0

    def records() -> Iterator[Passenger | Rejected]:
        nonlocal consumed
        for i in range(5000):
            consumed += 1
            yield Passenger(str(i), name="SMITH/JOHN MR")

    gen = screen_parallel(Screener(wl), records(), workers=2, chunk_size=10)
    next(gen)
    # At most 2 x workers chunks in flight, plus the one being cut: memory stays flat.
    assert consumed <= 60
    for _ in gen:
        pass
    assert consumed == 5000


def test_build_chunks_on_two_workers_join_to_one() -> None:
    wl = Watchlist.from_csv(DATA / "watchlist.csv")
    one = list(name_chunks_parallel(wl, workers=1))
    two = list(name_chunks_parallel(wl, workers=2, chunk_size=7))
    assert len(one) == 1 and len(two) == -(-wl.n_names // 7)
    for a, b in ((NameIndex.from_chunks(c for c, _ in one).arrays(),
                  NameIndex.from_chunks(c for c, _ in two).arrays()),
                 (CheapTable.concat([t for _, t in one]).arrays(),
                  CheapTable.concat([t for _, t in two]).arrays())):
        assert a.keys() == b.keys()
        for k in a:
            np.testing.assert_array_equal(a[k], b[k], err_msg=k)


def test_index_built_on_two_workers_equals_one(tmp_path: Path) -> None:
    one = Watchlist.from_file(DATA / "watchlist.csv", keep_prepared=False, workers=1)
    two = Watchlist.from_file(DATA / "watchlist.csv", keep_prepared=False, workers=2)
    full = Watchlist.from_csv(DATA / "watchlist.csv")
    for wl in (two, full):
        for a, b in ((one.index.arrays(), wl.index.arrays()),
                     (one.cheap.arrays(), wl.cheap.arrays())):
            assert a.keys() == b.keys()
            assert all(np.array_equal(a[k], b[k]) for k in a)
