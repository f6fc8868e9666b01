"""Dates of birth: parsing every accepted spelling and comparing at shared precision."""

from __future__ import annotations

from datetime import date
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from namematch.dates import DobOutcome, DobTable, compare_dob, compare_dobs, parse_dob

PARSE_CASES = [
    ("1985-02-12", "1985-02-12"),
    ("1985-2-3", "1985-02-03"),
    ("1985-02", "1985-02"),
    ("1985", "1985"),
    ("1983..1986", "1983..1986"),
    ("BETWEEN 1983 1986", "1983..1986"),
    ("between 1983 and 1986", "1983..1986"),
    ("1983-1986", "1983..1986"),
    ("1983 to 1986", "1983..1986"),
    ("circa 1975", "1975"),
    ("c. 1975", "1975"),
    ("approx. 1975", "1975"),
    ("17 Jan 1941", "1941-01-17"),
    ("17 January 1941", "1941-01-17"),
    ("Jan 1941", "1941-01"),
    ("12.02.1985", "1985-02-12"),
    ("12/02/1985", "1985-02-12"),
    ("19850212", "1985-02-12"),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES)
def test_parse_accepted_spellings(text: str, expected: str) -> None:
    spec = parse_dob(text)
    assert spec is not None
    assert str(spec) == expected


@pytest.mark.parametrize("text", ["", "  ", "unknown", "1985-13-01", "1985-02-30", "12345",
                                  "1990..1980", "32 Jan 1941", None])
def test_parse_rejects_unreadable(text: str | None) -> None:
    assert parse_dob(text) is None


COMPARE_CASES = [
    ("1985-02-12", "1985-02-12", DobOutcome.EXACT),
    ("1985-02-12", "1985-12-02", DobOutcome.SWAPPED),
    ("1985-02-12", "1985-02-13", DobOutcome.TYPO),
    ("1985-02-12", "1986-02-12", DobOutcome.TYPO),
    ("1985", "1985-07-01", DobOutcome.YEAR),
    ("1985-07", "1985-07-30", DobOutcome.MONTH),
    ("1983..1986", "1984-05-05", DobOutcome.IN_RANGE),
    ("1983..1986", "1987-05-05", DobOutcome.NEAR),
    ("1983..1986", "1990-05-05", DobOutcome.CONFLICT),
    ("1985", "1986-01-01", DobOutcome.NEAR),
    ("1985-02-12", "1985-06-20", DobOutcome.CONFLICT),
    ("1985-02", "1986-01-20", DobOutcome.NEAR),
    ("1985-02-12", "1991-06-20", DobOutcome.CONFLICT),
    ("1985", "1992-01-01", DobOutcome.CONFLICT),
]


@pytest.mark.parametrize(("listed", "pax", "outcome"), COMPARE_CASES)
def test_compare_at_shared_precision(listed: str, pax: str, outcome: DobOutcome) -> None:
    assert compare_dob(parse_dob(listed), parse_dob(pax)) is outcome


def test_missing_date_is_no_evidence() -> None:
    res = compare_dobs((), "1985-02-12")
    assert res.outcome is DobOutcome.UNKNOWN and res.adjustment == 0.0
    res = compare_dobs(("1985",), None)
    assert res.outcome is DobOutcome.UNKNOWN and res.adjustment == 0.0


def test_best_of_several_list_dates_wins() -> None:
    res = compare_dobs(("1970", "1985-02-12", "1983..1986"), "1985-02-12")
    assert res.outcome is DobOutcome.EXACT
    assert res.adjustment > 0


def test_conflict_is_a_strong_penalty() -> None:
    assert compare_dobs(("1960-01-01",), "1985-02-12").adjustment <= -0.25


@given(st.text(max_size=30))
def test_parse_never_raises(text: str) -> None:
    parse_dob(text)


@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 12, 31)),
       st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 12, 31)))
def test_compare_is_consistent_with_equality(a: object, b: object) -> None:
    sa, sb = parse_dob(str(a)), parse_dob(str(b))
    outcome = compare_dob(sa, sb)
    assert (outcome is DobOutcome.EXACT) == (a == b)


# Date specifications of every precision, near each other so every outcome occurs.
_years = st.integers(min_value=1979, max_value=1982)
_day_specs = st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", _years,
                       st.integers(1, 12), st.integers(1, 12))
_specs = st.one_of(
    _day_specs,
    st.builds(lambda y, m: f"{y}-{m:02d}", _years, st.integers(1, 12)),
    st.builds(str, _years),
    st.builds(lambda y, k: f"BETWEEN {y} {y + k}", _years, st.integers(1, 3)),
    st.sampled_from(["", "unreadable", "1980-02-31"]),
)


@given(st.lists(st.lists(_specs, max_size=3).map(tuple), min_size=1, max_size=12),
       st.one_of(st.none(), _specs))
def test_table_matches_compare_dobs(people: list[tuple[str, ...]], pax: str | None) -> None:
    """The vectorised table gives exactly the adjustment compare_dobs gives, person by person."""
    table = DobTable.build(people)
    ids = np.arange(len(people))[::-1].copy()
    want = [compare_dobs(people[i], pax).adjustment for i in ids.tolist()]
    # The fast pass over people with one exact date, and the general pass alone.
    for fast_from in (0, 10**9):
        with patch("namematch.dates.SINGLE_PASS_MIN", fast_from):
            got = table.adjustments(ids, pax)
        assert got.tolist() == pytest.approx(want, abs=1e-6)


def test_table_round_trips_and_refuses_inconsistent_arrays() -> None:
    table = DobTable.build([("1980-01-02", "1981"), (), ("BETWEEN 1970 1972",)])
    again = DobTable.from_arrays(table.arrays())
    ids = np.array([0, 1, 2])
    assert again.adjustments(ids, "1980-02-01").tolist() == pytest.approx([0.08, 0.0, -0.3])
    broken = dict(table.arrays())
    broken["dob_hi"] = broken["dob_hi"][:-1]
    with pytest.raises(ValueError, match="inconsistent"):
        DobTable.from_arrays(broken)


@pytest.mark.parametrize(("listed", "pax"), [
    ("1980-01-10", "1980-01-09"),  # one apart across a carry: two digits differ
    ("1980-01-19", "1980-01-09"),  # one digit
    ("1990-01-09", "1980-01-09"),  # one digit, in the decade
    ("1980-11-09", "1980-01-09"),  # one digit, in the month
    ("2000-01-09", "1990-01-09"),  # ten years across a carry: several digits
    ("1980-09-01", "1980-01-09"),  # day and month swapped
])
def test_table_digit_typos_match_compare_dobs(listed: str, pax: str) -> None:
    table = DobTable.build([(listed,)])
    for fast_from in (0, 10**9):
        with patch("namematch.dates.SINGLE_PASS_MIN", fast_from):
            got = table.adjustments(np.array([0]), pax)
        assert got.tolist() == pytest.approx([compare_dobs((listed,), pax).adjustment],
                                             abs=1e-6)
