"""PNRGOV, MRZ, reservation-name and JSONL passenger feeds."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from namematch.errors import InputError
from namematch.io import (
    detect_passenger_format,
    read_passengers,
    write_jsonl,
    write_mrz,
    write_pnrgov,
)
from namematch.io.lines import mrz_check_digit
from namematch.io.pnrgov import parse_docs
from namematch.types import Passenger, ReadCounts, Rejected

FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read(path: Path, **kw: object) -> tuple[list[Passenger | Rejected], ReadCounts]:
    counts = ReadCounts(str(path))
    recs = list(read_passengers(path, counts=counts, **kw))  # type: ignore[arg-type]
    assert counts.reconciles()
    return recs, counts


def test_pnrgov_sample(samples: Path) -> None:
    recs, counts = _read(samples / "sample.pnrgov.edi")
    assert counts.read == 6 and counts.rejected == 1
    api, booked = recs[0], recs[1]
    assert isinstance(api, Passenger) and isinstance(booked, Passenger)
    assert (api.passenger_id, api.form, api.surname, api.given_names) == (
        "Q7X2KP:1", "api", "QARIBI", "YUSUF ADIL")
    assert api.dob == "1985-02-12" and api.documents == ("U12345678",)
    assert (booked.passenger_id, booked.form, booked.name) == (
        "Q7X2KP:1#pnr", "pnr", "QARIBI/YUSUFADILMR")
    assert api.extra["pair"] == booked.extra["pair"] == "Q7X2KP:1"
    ids = [r.passenger_id for r in recs if isinstance(r, Passenger)]
    assert len(ids) == len(set(ids))
    group = recs[-1]
    assert isinstance(group, Rejected) and group.reason.startswith("group booking")


def test_parse_docs() -> None:
    d = parse_docs("/P/UTO/U12345678/UTO/12FEB85/M/01JAN30/QARIBI/YUSUF/ADIL")
    assert d["dob"] == "1985-02-12" and d["expiry"] == "2030-01-01" and d["middle"] == "ADIL"
    assert parse_docs("/P/UTO//UTO/99XXX85")["dob_raw"] == "99XXX85"


def test_pnrgov_round_trip(tmp_path: Path) -> None:
    bookings = [("ABC123", [Passenger("x", name="QARIBI/YUSUFADILMR", surname="QARIBI",
                                      given_names="YUSUF ADIL", dob="1985-02-12", gender="M",
                                      nationality="UTO", documents=("U1",))]),
                ("DEF456", [Passenger("y", name="IVANOV/IVANMR"),
                            Passenger("z", name="O'HARA+?/ANNMS")])]
    buf = io.StringIO()
    assert write_pnrgov(bookings, buf) == 3
    path = tmp_path / "rt.edi"
    path.write_text(buf.getvalue())
    recs, _ = _read(path)
    got = [(r.passenger_id, r.form, r.name or f"{r.surname}|{r.given_names}", r.dob)
           for r in recs if isinstance(r, Passenger)]
    assert got == [("ABC123:1", "api", "QARIBI|YUSUF ADIL", "1985-02-12"),
                   ("ABC123:1#pnr", "pnr", "QARIBI/YUSUFADILMR", None),
                   ("DEF456:1", "pnr", "IVANOV/IVANMR", None),
                   ("DEF456:2", "pnr", "O'HARA+?/ANNMS", None)]


def test_pnrgov_damage(samples: Path, tmp_path: Path) -> None:
    text = (samples / "sample.pnrgov.edi").read_text()
    path = tmp_path / "bad.edi"
    path.write_text(text.replace("EQN+3", "EQN+4"))
    with pytest.raises(InputError, match="EQN says 4 PNRs"):
        list(read_passengers(path))
    path.write_text(text[: text.index("TIF+IVANOVA")])
    counts = ReadCounts("cut")
    with pytest.raises(InputError, match="no UNT"):
        for _ in read_passengers(path, counts=counts):
            pass
    assert counts.read == 4 and counts.reconciles()


def test_mrz_sample_and_checks(samples: Path, tmp_path: Path) -> None:
    recs, counts = _read(samples / "sample.mrz.txt")
    assert counts.read == 3 and counts.accepted == 3
    td3, td2, td1 = recs
    assert isinstance(td3, Passenger) and isinstance(td2, Passenger)
    assert isinstance(td1, Passenger)
    assert (td3.name, td3.form, td3.passenger_id, td3.dob) == (
        "QARIBI<<YUSUF<ADIL", "mrz", "U12345678", "1985-02-12")
    assert "mrz_check_failed" not in td3.extra
    assert td2.name == "NAFTARI<ELMASRI<<LEILA" and td1.name == "ERIKSSON<<ANNA<MARIA"
    # ICAO specimen check digits
    assert mrz_check_digit("L898902C3") == "6" and mrz_check_digit("740812") == "2"
    bad = (samples / "sample.mrz.txt").read_text().replace("8502120M", "8502121M", 1)
    path = tmp_path / "bad.txt"
    path.write_text(bad + "P<UTOONLYONELINE\n")
    recs, counts = _read(path, format="mrz")
    first = recs[0]
    assert isinstance(first, Passenger) and first.extra["mrz_check_failed"] == "dob,composite"
    assert isinstance(recs[-1], Rejected) and counts.rejected == 1


def test_mrz_round_trip_and_truncation(tmp_path: Path) -> None:
    long_given = "ABDULRAHMAN MUHAMMADYOUSEF SALEH"
    people = [Passenger("a", surname="AL-QAHTANI", given_names=long_given, dob="1990-01-31",
                        nationality="UTO", gender="M", documents=("Z9876543",))]
    for layout, field_len in (("TD3", 39), ("TD2", 31), ("TD1", 30)):
        buf = io.StringIO()
        write_mrz(people, buf, layout=layout)
        path = tmp_path / f"{layout}.txt"
        path.write_text(buf.getvalue())
        (rec,), _ = _read(path)
        assert isinstance(rec, Passenger)
        assert rec.passenger_id == "Z9876543" and rec.dob == "1990-01-31" and rec.gender == "M"
        assert "mrz_check_failed" not in rec.extra, layout
        full = "AL<QAHTANI<<ABDULRAHMAN<MUHAMMADYOUSEF<SALEH"
        assert rec.name == full[:field_len].rstrip("<")
        assert rec.extra["mrz_truncated"] == "1"


def test_pnr_names(samples: Path, tmp_path: Path) -> None:
    recs, counts = _read(samples / "sample.pnr_names.txt")
    names = [r.name for r in recs if isinstance(r, Passenger)]
    assert names == ["QARIBI/YUSUFADILMR", "NAFTARIELMASRI/LEILAMS", "IVANOV/IVAN MR",
                     "IVANOV/MARIA MRS"]
    assert counts.read == 4
    path = tmp_path / "n.txt"
    path.write_text("1SMITH/JOHNMR\nnot a name line\n")
    recs, counts = _read(path, format="pnr_names")
    assert counts.rejected == 1 and isinstance(recs[1], Rejected)


def test_jsonl(samples: Path, tmp_path: Path) -> None:
    recs, counts = _read(samples / "sample.passengers.jsonl")
    assert counts.accepted == 3
    j1, j2, j3 = recs
    assert isinstance(j1, Passenger) and j1.extra == {"seat": "12A"} and j1.form == "pnr"
    assert isinstance(j2, Passenger) and j2.documents == ("X1234567",)
    assert isinstance(j3, Passenger) and j3.gender == "M"
    buf = io.StringIO()
    write_jsonl([r for r in recs if isinstance(r, Passenger)], buf)
    path = tmp_path / "rt.jsonl"
    path.write_text(buf.getvalue() + "{broken\n[1]\n{\"passenger_id\": \"x\"}\n")
    back, counts = _read(path)
    assert [b for b in back if isinstance(b, Passenger)] == [
        Passenger(**{**{f: getattr(r, f) for f in r.__slots__},
                     "source": str(path)}) for r in recs if isinstance(r, Passenger)]
    assert [r.reason.split(":")[0] for r in back if isinstance(r, Rejected)] == [
        "not valid JSON", "not a JSON object", "empty name"]


@pytest.mark.parametrize(("head", "fmt"), [
    ("UNA:+.? '\nUNB+UNOA:4+X+Y+1+1++PAXLST'", "paxlst"),
    ("UNB+IATA:1+ZZ+X'UNH+1+PNRGOV:11:1:IA'", "pnrgov"),
    ("P<UTOQARIBI<<YUSUF<ADIL<<<<<<<<<<<<<<<<<<<<<\nU123456784UTO8502120M3001019<<<<<<<<<<<<<<08",
     "mrz"),
    ("1QARIBI/YUSUFADILMR\nN.2IVANOV/IVAN MR/MARIA MRS\n", "pnr_names"),
    ('{"passenger_id": "1"}', "jsonl"),
    ("passenger_id,name\n1,X\n", "csv"),
])
def test_detect(head: str, fmt: str) -> None:
    assert detect_passenger_format(head) == fmt


@FUZZ
@given(fmt=st.sampled_from(["pnrgov", "mrz", "pnr_names", "jsonl"]),
       body=st.text(alphabet="TIFSRCUNHZ+:'/?<{}\"[],PAXQ0123456789 \n", max_size=300))
def test_fuzz(tmp_path: Path, fmt: str, body: str) -> None:
    path = tmp_path / "f.txt"
    prefix = "UNB+IATA:1+A+B'UNH+1+PNRGOV'" if fmt == "pnrgov" else ""
    path.write_text(prefix + body)
    counts = ReadCounts("f")
    try:
        for _ in read_passengers(path, format=fmt, counts=counts):
            pass
    except InputError:
        pass
    assert counts.reconciles()
