"""Screening API: document checks, decisions and accounting."""

from __future__ import annotations

from pathlib import Path

import pytest

from namematch.screen import ScreenConfig, Screener, Watchlist, document_check
from namematch.types import ListedPerson, ListName, Passenger, Rejected

#: The committed synthetic list: every script, form and name shape the generator makes.
SYNTHETIC = Path(__file__).parents[1] / "data" / "synthetic"


def test_document_check() -> None:
    assert document_check(["u 1234-5678"], ["U12345678"]) == "match"
    assert document_check(["U1"], ["U2"]) == "mismatch"
    assert document_check([], ["U2"]) == "unknown"


def test_alert_reports_document_and_decision() -> None:
    wl = Watchlist([ListedPerson("W1", (ListName("Yusuf Adil Qaribi"),), dobs=("1985-02-12",),
                                 documents=("U12345678",))])
    s = Screener(wl)
    (alert,) = s.screen_one(Passenger("P1", surname="QARIBI", given_names="YUSUF ADIL",
                                      dob="1985-02-12", documents=("U12345678",)))
    assert alert.document == "match" and alert.decision == "hit"
    assert "document number: match" in alert.explain()


def test_accounting_and_empty_names() -> None:
    wl = Watchlist([ListedPerson("W1", (ListName("Kasym Akhmetov"),))])
    s = Screener(wl, ScreenConfig(review_threshold=0.8))
    recs = [Passenger("1", name="  "), Rejected(2, "bad"), Passenger("3", name="AKHMETOV/KASYM")]
    alerts = list(s.screen(recs))
    assert [a.passenger_id for a in alerts] == ["3"]
    assert s.summary() == "read 3, screened 1, rejected 2"
    assert [r.reason for r in s.rejected] == ["empty name", "bad"]


def test_decisions_follow_thresholds() -> None:
    cfg = ScreenConfig(hit_threshold=0.9, review_threshold=0.8)
    assert [cfg.decision(x) for x in (0.95, 0.85, 0.5)] == ["hit", "review", "none"]


def test_loaded_index_rebuilds_prepared_names_without_parsing(tmp_path: Path) -> None:
    """After load, list names are rebuilt from the saved arrays, part for part equal to a
    fresh preparation (same text, keys, skeleton, role, flags, merged units)."""
    from namematch.score import _candidate_units

    full = Watchlist.from_csv(SYNTHETIC / "watchlist.csv")
    full.save(tmp_path / "w.nmi")
    loaded = Watchlist.load(tmp_path / "w.nmi")
    fields = ("text", "role", "keys", "skeleton", "truncated", "initial", "vowelless",
              "klen_min", "klen_max", "weight")
    for i in range(full.n_names):
        a, b = full.prepared(i), loaded.prepared(i)
        assert a.text == b.text
        units_a = _candidate_units(a.parts, True)
        assert b.units is not None and [u for u, _ in units_a] == [u for u, _ in b.units]
        pairs = list(zip(a.parts, b.parts, strict=True)) + [
            (p, q) for (_, p), (_, q) in zip(units_a, b.units, strict=True)]
        for p, q in pairs:
            assert [getattr(p, f) for f in fields] == [getattr(q, f) for f in fields]
    assert loaded.prepared(0) is loaded.prepared(0)


def test_stats_count_the_stages() -> None:
    wl = Watchlist([ListedPerson("W1", (ListName("Yusuf Adil Qaribi"),)),
                    ListedPerson("W2", (ListName("Yusuf Omar Qaribi"),), dobs=("1950",))])
    s = Screener(wl)
    s.screen_one(Passenger("P1", surname="QARIBI", given_names="YUSUF ADIL", dob="1985-02-12"))
    st = s.stats
    assert st.readings == 1 and st.candidate_pairs == 2
    assert st.aligned_pairs == 1  # W2's date of birth rules it out before alignment
    assert st.scoring_seconds > 0 and st.scoring_us_per_candidate_pair > 0


@pytest.mark.parametrize("reverse", [False, True])
def test_alignment_stops_once_the_kept_alerts_cannot_change(reverse: bool) -> None:
    """Six exact namesakes and six near names, five alerts kept: once five alerts score 1.0,
    no other name is aligned (a sixth 1.0 would be reported after them, by id), and the alerts
    are exactly the first five of aligning every candidate, whatever order the list is in."""
    people = [ListedPerson(f"W{i:02d}", (ListName("Ivan Petrov"),)) for i in range(6)]
    people += [ListedPerson(f"W{i:02d}", (ListName("Ivana Petrova"),)) for i in range(6, 12)]
    wl = Watchlist(people[::-1] if reverse else people)
    pax = Passenger("P1", surname="PETROV", given_names="IVAN")
    few = Screener(wl, ScreenConfig(max_alerts_per_passenger=5))
    every = Screener(wl, ScreenConfig(max_alerts_per_passenger=100, report_threshold=0.5))
    kept = [(a.watchlist_id, a.score, a.matched_name) for a in few.screen_one(pax)]
    full = [(a.watchlist_id, a.score, a.matched_name) for a in every.screen_one(pax)]
    assert kept == full[:5] and [w for w, _, _ in kept] == ["W00", "W01", "W02", "W03", "W04"]
    assert few.stats.aligned_pairs == 5 < every.stats.aligned_pairs


def test_reset_caches_empties_every_cache(tmp_path: Path) -> None:
    """After screening from a loaded index, :func:`reset_caches` leaves no cache holding
    anything (every ``lru_cache`` of the screening modules, the alignment cache and the pool
    of rebuilt list parts), so cold benchmarks start cold; screening again gives the same
    alerts."""
    import importlib

    from namematch import cheap, score
    from namematch.screen import reset_caches

    Watchlist.from_csv(SYNTHETIC / "watchlist.csv").save(tmp_path / "w.nmi")
    pax = [Passenger("1", name="AKHMETOV/KASYMMR", dob="1975-03-02"),
           Passenger("2", surname="ALQAHTANI", given_names="ABDULRAHMAN YOUSEF")]

    def alerts() -> list[tuple[str, str, float]]:
        screener = Screener(Watchlist.load(tmp_path / "w.nmi"), report_threshold=0.5)
        return [(a.passenger_id, a.watchlist_id, a.score) for a in screener.screen(pax)]

    first = alerts()
    reset_caches()
    # Static lookup tables (the outcome of two date precisions, of two days) are not caches
    # of passengers' data.
    static = {"namematch.dates._agree_table", "namematch.dates._day_outcomes"}
    for name in ("translit", "names", "keys", "score", "index", "cheap", "screen", "dates"):
        module = importlib.import_module(f"namematch.{name}")
        for attr, value in vars(module).items():
            if (hasattr(value, "cache_info") and value.__module__ == module.__name__
                    and f"{module.__name__}.{attr}" not in static):
                assert value.cache_info().currsize == 0, f"{module.__name__}.{attr}"
    assert not score._ALIGN_CACHE and not cheap._PART_POOL
    assert alerts() == first
