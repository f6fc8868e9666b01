"""CSV passenger and watchlist readers, writers, rejects and the dispatch API."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from namematch.errors import InputError
from namematch.io import (
    read_passengers,
    read_watchlist,
    write_passengers_csv,
    write_rejects,
    write_watchlist_csv,
)
from namematch.types import ListedPerson, ListName, NameType, Passenger, ReadCounts, Rejected


def _write(tmp_path: Path, text: str, name: str = "p.csv", encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_sample_passengers(samples: Path) -> None:
    counts = ReadCounts("s")
    recs = list(read_passengers(samples / "sample.passengers.csv", counts=counts))
    assert all(isinstance(r, Passenger) for r in recs)
    p1, p2, _p3 = recs
    assert isinstance(p1, Passenger) and isinstance(p2, Passenger)
    assert p1.name == "QARIBI/YUSUFADILMR" and p1.dob == "1985-02-12" and p1.gender == "M"
    assert p1.extra == {"seat": "12A"} and p1.record_no == 1
    assert p2.name is None and p2.surname == "NAFTARI ELMASRI" and p2.given_names == "LEILA"
    assert counts.read == 3 and counts.accepted == 3 and counts.reconciles()


def test_cp1251_and_utf16_samples(samples: Path) -> None:
    cyr = [r for r in read_passengers(samples / "passengers_cp1251.csv")
           if isinstance(r, Passenger)]
    assert [p.surname for p in cyr] == ["ИВАНОВ", "Петрова", "Сидоров"]
    ara = [r for r in read_passengers(samples / "passengers_utf16.csv")
           if isinstance(r, Passenger)]
    assert ara[0].name == "يوسف عادل القريبي"
    assert ara[0].passenger_id == "U1"


def test_rejects_and_dob(tmp_path: Path) -> None:
    text = ("passenger_id,name,surname,given_names,dob,gender\n"
            "1,A B,,,1985-02-30,Q\n"       # impossible date kept raw; odd gender kept raw
            ",C D,,,,\n"                   # empty id
            "3,,,,1990-01-01,M\n"          # empty name
            "4,E F\n"                      # wrong cell count
            "\n"                           # blank: skipped, not counted
            "5,,SURNAME,,1990,F\n")
    counts = ReadCounts("p")
    recs = list(read_passengers(_write(tmp_path, text), counts=counts))
    assert counts.read == 5 and counts.accepted == 2 and counts.rejected == 3
    assert counts.reconciles()
    first = recs[0]
    assert isinstance(first, Passenger)
    assert first.dob is None and first.extra["dob_raw"] == "1985-02-30"
    assert first.extra["gender_raw"] == "Q" and first.gender is None
    reasons = [r.reason for r in recs if isinstance(r, Rejected)]
    assert reasons[0] == "empty passenger_id"
    assert reasons[1] == "empty name"
    assert "2 cells" in reasons[2]
    assert [r.record_no for r in recs] == [1, 2, 3, 4, 5]
    last = recs[-1]
    assert isinstance(last, Passenger) and last.surname == "SURNAME" and last.dob == "1990"


def test_missing_file_and_bad_header(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file; check the path"):
        read_passengers(tmp_path / "nope.csv")
    with pytest.raises(InputError, match=r"passenger_id.*found id, name"):
        read_passengers(_write(tmp_path, "id,name\n1,x\n"))
    with pytest.raises(InputError, match=r"name \(or surname,given_names\)"):
        read_passengers(_write(tmp_path, "passenger_id,dob\n1,x\n"))
    with pytest.raises(InputError, match="empty"):
        read_passengers(_write(tmp_path, ""))
    with pytest.raises(InputError, match="unknown passengers format"):
        read_passengers(_write(tmp_path, "passenger_id,name\n"), format="xls")


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"passenger_id,name\nS1,Ivan Ivanov\n"
    fake = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    recs = list(read_passengers("-"))
    assert isinstance(recs[0], Passenger) and recs[0].name == "Ivan Ivanov"
    assert recs[0].source == "-"


def test_forced_encoding_failure(tmp_path: Path) -> None:
    text = "passenger_id,name\n" + "1,Ivan Ivanov\n" * 10 + "2,ИВАН\n"
    path = _write(tmp_path, text, encoding="cp1251")
    with pytest.raises(InputError, match=r"as utf-8 at byte 160 \(line 12\).*--encoding"):
        list(read_passengers(path, encoding="utf-8"))
    recs = list(read_passengers(path, encoding="cp1251"))
    assert isinstance(recs[-1], Passenger) and recs[-1].name == "ИВАН"


def test_decode_error_after_head(tmp_path: Path) -> None:
    # The bad byte lies beyond the detection head: the error comes while streaming.
    good = "passenger_id,name\n" + "1,Ivan Ivanov\n" * 6000
    path = tmp_path / "late.csv"
    path.write_bytes(good.encode() + b"2,\xff\xfe\n")
    counts = ReadCounts("late")
    it = read_passengers(path, counts=counts)
    with pytest.raises(InputError, match=r"at byte \d+ \(line 6002\)"):
        for _ in it:
            pass
    assert counts.read >= 1 and counts.reconciles()


def test_latin1_is_not_guessed(tmp_path: Path) -> None:
    path = _write(tmp_path, "passenger_id,name\n1,Jürgen Müller\n", encoding="cp1252")
    with pytest.raises(InputError, match="--encoding"):
        read_passengers(path)
    recs = list(read_passengers(path, encoding="cp1252"))
    assert isinstance(recs[0], Passenger) and recs[0].name == "Jürgen Müller"


def test_watchlist_grouping(samples: Path) -> None:
    counts = ReadCounts("w")
    recs = list(read_watchlist(samples / "sample.watchlist.csv", counts=counts))
    persons = [r for r in recs if isinstance(r, ListedPerson)]
    assert [p.id for p in persons] == ["XXi.001", "XXi.002"]
    first = persons[0]
    assert first.dobs == ("1985-02-12", "1984", "1983..1986")
    assert [n.name_type for n in first.names] == [
        NameType.PRIMARY, NameType.ALIAS, NameType.WEAK_ALIAS, NameType.ORIGINAL_SCRIPT]
    assert first.nationalities == ("XU",) and first.gender == "M"
    assert counts.read == 6 and counts.accepted == 6 and counts.reconciles()


def test_watchlist_rejects(tmp_path: Path) -> None:
    text = ("id,name,name_type,dob\n"
            "A,Ivan Ivanov,,1980;sometime\n"
            "B,,alias,\n"
            "A,Ivanov Ivan,nickname,\n"
            ",Petr Petrov,,\n"
            "C,Only,alias\n"
            "A,I. Ivanov,aka,1981\n")
    counts = ReadCounts("w")
    recs = list(read_watchlist(_write(tmp_path, text), counts=counts))
    rejected = [r for r in recs if isinstance(r, Rejected)]
    persons = [r for r in recs if isinstance(r, ListedPerson)]
    assert [r.reason for r in rejected][:2] == ["empty name", "unknown name_type 'nickname'; "
                                                "expected one of: primary, alias, weak_alias, "
                                                "original_script, previous"]
    assert len(rejected) == 4 and counts.rejected == 4 and counts.accepted == 2
    (a,) = persons
    assert [n.name for n in a.names] == ["Ivan Ivanov", "I. Ivanov"]
    assert a.dobs == ("1980", "1981") and a.extra["dob_raw"] == "sometime"
    with pytest.raises(InputError, match="lacks column"):
        read_watchlist(_write(tmp_path, "name,dob\nx,1\n", name="w2.csv"))


def test_round_trip(tmp_path: Path) -> None:
    people = [
        ListedPerson("W1", (ListName("Ivan Ivanov"), ListName("Иван Иванов",
                                                              NameType.ORIGINAL_SCRIPT)),
                     dobs=("1980", "1979..1981"), nationalities=("RU",), gender="M",
                     documents=("X1",), source="t"),
        ListedPerson("W2", (ListName("Petr Petrov", NameType.PRIMARY, "Petrov", "Petr"),),
                     source="t"),
    ]
    buf = io.StringIO()
    write_watchlist_csv(people, buf)
    path = _write(tmp_path, buf.getvalue(), "w.csv")
    back = [r for r in read_watchlist(path) if isinstance(r, ListedPerson)]
    assert back == people

    pax = [Passenger("P1", name="QARIBI/YUSUF", dob="1985-02-12", nationality="UTO",
                     gender="M", form="pnr", documents=("U1", "U2"), record_no=1,
                     source=str(tmp_path / "p.csv"), extra={"seat": "1A"}),
           Passenger("P2", surname="Ivanov", given_names="Ivan", role="crew", record_no=2,
                     source=str(tmp_path / "p.csv"))]
    buf = io.StringIO()
    write_passengers_csv(pax, buf)
    path = _write(tmp_path, buf.getvalue(), "p.csv")
    back_p = list(read_passengers(path))
    assert back_p[0] == pax[0]
    assert back_p[1] == Passenger("P2", surname="Ivanov", given_names="Ivan", role="crew",
                                  record_no=2, source=str(path), extra={})


def test_write_rejects() -> None:
    buf = io.StringIO()
    n = write_rejects([Rejected(3, "empty name", "P3", "f.csv", "P3,,x")], buf)
    assert n == 1
    assert buf.getvalue() == ('source,record_no,record_id,reason,raw\n'
                              'f.csv,3,P3,empty name,"P3,,x"\n')


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_fuzz_never_traceback(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(b"passenger_id,name,dob\n" + data)
    counts = ReadCounts("f")
    try:
        for _ in read_passengers(path, format="csv", counts=counts):
            pass
    except InputError:
        pass
    assert counts.reconciles()
    path.write_bytes(b"id,name,name_type,dob\n" + data)
    try:
        for _ in read_watchlist(path, format="csv", counts=counts):
            pass
    except InputError:
        pass
    assert counts.reconciles()
