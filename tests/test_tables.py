"""Packed person and name columns: exact round trips, clear errors on damage."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from namematch.errors import IndexFormatError
from namematch.names import Form, parse_readings
from namematch.score import (
    NATIONALITY_MATCH,
    _gender_outcome,
    _nationality_outcome,
    passenger_gender,
    prepare,
)
from namematch.screen import Watchlist
from namematch.tables import (
    NationalityTable,
    StringColumn,
    gender_code,
    pack_persons,
    tables_from_arrays,
)
from namematch.types import ListedPerson, ListName, NameType

PEOPLE = [
    ListedPerson("W1", (ListName("Қасым Серікұлы Ахметов", NameType.ORIGINAL_SCRIPT),
                        ListName("Kasym Akhmetov"),
                        ListName("AKHMETOV, Kasym", NameType.ALIAS, "AKHMETOV", "Kasym")),
                 dobs=("1979-04-02", "1983..1986"), nationalities=("KZ",), gender="M",
                 documents=("N123",), source="list.csv"),
    ListedPerson("W2", (ListName("عبد الرحمن يوسف القحطاني"), ListName("Abu Yousef",
                                                                   NameType.WEAK_ALIAS))),
    ListedPerson("W3", (ListName("Jan van der Berg", NameType.PREVIOUS),), source="other.xml"),
]


def test_round_trip() -> None:
    persons, names = tables_from_arrays(pack_persons(PEOPLE, "list.csv"), "list.csv")
    assert list(persons) == [p if p.source else _with_source(p, "list.csv") for p in PEOPLE]
    assert len(names) == 6
    assert names[1] == ListName("Kasym Akhmetov")
    assert persons[-1].id == "W3"


def _with_source(p: ListedPerson, source: str) -> ListedPerson:
    return ListedPerson(p.id, p.names, p.dobs, p.nationalities, p.gender, p.documents, source)


@given(st.lists(st.text(), max_size=20))
def test_string_column_round_trip(values: list[str]) -> None:
    values = [v.encode("utf-8", "replace").decode("utf-8") for v in
              (x.encode("utf-16", "surrogatepass").decode("utf-16", "replace") for x in values)]
    blob, off = StringColumn.pack(values)
    assert list(StringColumn(blob, off)) == values


def test_inconsistent_columns_are_refused() -> None:
    arrays = pack_persons(PEOPLE, None)
    arrays["p_name_off"] = np.asarray([0, 3, 5], dtype=np.int64)
    with pytest.raises(IndexFormatError, match="inconsistent"):
        tables_from_arrays(arrays, None)
    arrays = pack_persons(PEOPLE, None)
    del arrays["n_text_blob"]
    with pytest.raises(IndexFormatError, match="lacks"):
        tables_from_arrays(arrays, None)


_NATS = st.lists(st.sampled_from(["RU", "ru", " KZ", "SY", "", "Iraq"]), max_size=3)


@given(st.lists(_NATS, min_size=1, max_size=8),
       st.one_of(st.none(), st.sampled_from(["RU", "kz ", "SY", "", " ", "FR", "IRAQ"])))
def test_nationality_table_agrees_with_the_scorer(people: list[list[str]],
                                                  pax: str | None) -> None:
    table = NationalityTable.build(people)
    ids = np.arange(len(people))
    # The fast pass over people with one nationality, and the general pass alone.
    for fast_from in (0, 10**9):
        with patch("namematch.tables.SINGLE_PASS_MIN", fast_from):
            got = table.adjustments(ids, pax)
            for i, nats in enumerate(people):
                assert got[i] == pytest.approx(_nationality_outcome(pax, nats)[1])
            # The same people in another order, some twice.
            again = np.array([len(people) - 1, 0, 0])
            np.testing.assert_array_equal(table.adjustments(again, pax), got[again])


def test_nationality_table_round_trip_and_checks() -> None:
    table = NationalityTable.build([("RU", "KZ"), (), ("ru",)])
    again = NationalityTable.from_arrays(table.arrays())
    np.testing.assert_array_equal(again.adjustments(np.arange(3), "RU"),
                                  table.adjustments(np.arange(3), "RU"))
    assert list(again.adjustments(np.arange(3), "RU")) == pytest.approx(
        [NATIONALITY_MATCH, 0.0, NATIONALITY_MATCH])
    broken = dict(table.arrays())
    broken["nat_code"] = np.array([0, 5, 0], dtype=np.int32)
    with pytest.raises(ValueError, match="inconsistent"):
        NationalityTable.from_arrays(broken)


_GENDERS = st.one_of(st.none(), st.sampled_from(
    ["M", "F", "m", "female", "Male", "", " ", "U", "x", "м", "ﬀ", "-F"]), st.text(max_size=3))


@given(st.lists(_GENDERS, min_size=1, max_size=8),
       st.one_of(st.none(), st.sampled_from(["M", "f", "", "MALE", "X"])),
       st.sampled_from(["IVANOV/IVAN MR", "IVANOVA/ELENA MRS", "IVANOV/IVAN"]))
def test_gender_adjustments_agree_with_the_scorer(genders: list[str | None], pax: str | None,
                                                  name: str) -> None:
    """The vectorised gender adjustment (read off the packed column of a saved index, or
    off the people of a built list) is the scorer's, the title's hint included."""
    genders = [g.encode("utf-8", "replace").decode("utf-8") if g else g for g in
               (x.encode("utf-16", "surrogatepass").decode("utf-16", "replace") if x else x
                for x in genders)]
    people = [ListedPerson(f"W{i}", (ListName("Ivan Ivanov"),), gender=g)
              for i, g in enumerate(genders)]
    persons, _ = tables_from_arrays(pack_persons(people, None), None)
    codes = persons.gender_codes()
    assert codes.tolist() == [gender_code(g) for g in genders]
    reading = prepare(parse_readings(name, form=Form.PNR)[0])
    letter = passenger_gender(pax, reading)
    built = Watchlist(people)
    ids = np.arange(len(people), dtype=np.int32)
    got = built.gender_adjustments(ids, letter)
    for i, g in enumerate(genders):
        assert got[i] == pytest.approx(_gender_outcome(pax, g, reading)[1])
