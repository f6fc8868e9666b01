"""PAXLST reader/writer: sample, round trip, malformed feeds, fuzzing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from namematch.errors import InputError
from namematch.io import read_passengers, write_paxlst
from namematch.io.common import pivot_yymmdd
from namematch.types import Passenger, ReadCounts, Rejected


def _pax(path: Path, **kw: object) -> list[Passenger | Rejected]:
    return list(read_passengers(path, **kw))  # type: ignore[arg-type]


def test_sample(samples: Path) -> None:
    counts = ReadCounts("s")
    recs = _pax(samples / "sample.paxlst.edi", counts=counts)
    assert counts.read == 4 and counts.reconciles()
    p1, p2, crew, transit = recs
    assert isinstance(p1, Passenger) and isinstance(crew, Passenger)
    assert isinstance(p2, Passenger) and isinstance(transit, Passenger)
    assert (p1.surname, p1.given_names, p1.dob, p1.gender) == ("QARIBI", "YUSUF ADIL",
                                                               "1985-02-12", "M")
    assert p1.form == "api" and p1.documents == ("U12345678",) and p1.nationality == "UTO"
    assert p1.passenger_id == "PAX0001:1" and p1.extra["pnr_locator"] == "Q7X2KP"
    assert p1.extra["doc_expiry"] == "2030-01-01"
    assert p2.surname == "NAFTARI ELMASRI" and p2.dob == "2001-09-30"
    assert crew.role == "crew" and crew.surname == "O'BRIEN" and crew.passenger_id == "CREW-7"
    assert transit.extra["in_transit"] == "1" and transit.dob == "1979-04-02"


def test_pivot() -> None:
    from datetime import date
    today = date(2025, 3, 14)
    assert pivot_yymmdd("850212", today=today) == "1985-02-12"
    assert pivot_yymmdd("250314", today=today) == "2025-03-14"
    assert pivot_yymmdd("250315", today=today) == "1925-03-15"
    assert pivot_yymmdd("991301", today=today) is None
    assert pivot_yymmdd("300101", today=today, birth=False) == "2030-01-01"


def test_round_trip(tmp_path: Path) -> None:
    people = [
        Passenger("R1", surname="QARIBI", given_names="YUSUF ADIL", dob="1985-02-12",
                  nationality="UTO", gender="M", form="api", documents=("U1",)),
        Passenger("R2", surname="O'NEIL+SON:X?", given_names="ANNA", role="crew", form="api"),
        Passenger("R3", surname="IVANOV", given_names="IVAN", form="api",
                  extra={"in_transit": "1"}),
    ]
    buf = io.StringIO()
    assert write_paxlst(people, buf) == 3
    path = tmp_path / "rt.edi"
    path.write_text(buf.getvalue())
    back = _pax(path)
    for orig, got in zip(people, back, strict=True):
        assert isinstance(got, Passenger)
        for field in ("passenger_id", "surname", "given_names", "dob", "nationality", "gender",
                      "documents", "role", "form"):
            assert getattr(got, field) == getattr(orig, field), field
    assert back[2].extra["in_transit"] == "1"  # type: ignore[union-attr]


def _damaged(samples: Path, tmp_path: Path, old: str, new: str) -> tuple[str, ReadCounts, int]:
    text = (samples / "sample.paxlst.edi").read_text().replace(old, new, 1)
    path = tmp_path / "bad.edi"
    path.write_text(text)
    counts = ReadCounts("bad")
    got: list[object] = []
    with pytest.raises(InputError) as err:
        for rec in read_passengers(path, counts=counts):
            got.append(rec)
    assert counts.reconciles()
    return str(err.value), counts, len(got)


def test_bad_counts(samples: Path, tmp_path: Path) -> None:
    msg, _c, n = _damaged(samples, tmp_path, "UNT+31+PAX0001", "UNT+30+PAX0001")
    assert "UNT+30" in msg and "31 segments" in msg and n == 4
    msg, _c, n = _damaged(samples, tmp_path, "CNT+42:2'", "CNT+42:3'")
    assert "CNT+42:3" in msg and n == 4
    msg, _c, _n = _damaged(samples, tmp_path, "UNZ+1+", "UNZ+2+")
    assert "UNZ+2" in msg


def test_missing_segment_and_truncation(samples: Path, tmp_path: Path) -> None:
    msg, _c, n = _damaged(samples, tmp_path, "UNT+31+PAX0001'\n", "")
    assert "PAX0001 has no UNT" in msg and n == 4
    text = (samples / "sample.paxlst.edi").read_text()
    cut = text[: text.index("NAD+FL+++NAFTARI") + 10]
    path = tmp_path / "cut.edi"
    path.write_text(cut)
    counts = ReadCounts("cut")
    got: list[object] = []
    with pytest.raises(InputError, match="without a segment terminator") as err:
        got.extend(read_passengers(path, counts=counts))
    assert "1 person records" in str(err.value)
    assert counts.read == 1 and counts.reconciles()


def test_wrong_release_and_una(tmp_path: Path) -> None:
    text = ("UNA:+.? '\nUNB+UNOA:4+A+B+250314:0930+1'\nUNH+M1+PAXLST:D:05B:UN:IATA'\n"
            "NAD+FL+++SMITH?'\n")
    path = tmp_path / "rel.edi"
    path.write_text(text)
    with pytest.raises(InputError, match="terminator"):
        list(read_passengers(path, format="paxlst"))
    # Other service characters announced in UNA.
    alt = ("UNA(-.? #UNB-UNOA(4-A-B-250314(0930-1#UNH-M1-PAXLST(D(05B(UN(IATA#"
           "NAD-FL---DOE(JOHN#NAD-FL---ROE#CNT-42(2#UNT-5-M1#UNZ-1-1#")
    path.write_text(alt)
    recs = list(read_passengers(path))
    assert [(r.surname, r.given_names) for r in recs if isinstance(r, Passenger)] == [
        ("DOE", "JOHN"), ("ROE", None)]


def test_nameless_nad_rejected(tmp_path: Path) -> None:
    text = ("UNB+UNOA:4+A+B+250314:0930+1'UNH+M1+PAXLST:D:05B:UN:IATA'NAD+FL'ATT+2++M'"
            "CNT+42:1'UNT+5+M1'UNZ+1+1'")
    path = tmp_path / "x.edi"
    path.write_text(text)
    counts = ReadCounts("x")
    recs = list(read_passengers(path, counts=counts))
    assert isinstance(recs[0], Rejected) and "without a name" in recs[0].reason
    assert counts.rejected == 1 and counts.reconciles()


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="UNAHBTDLFMSQ:+?'.\n 0123456789", max_size=300))
def test_fuzz(tmp_path: Path, body: str) -> None:
    path = tmp_path / "f.edi"
    path.write_text("UNB+UNOA:4+A+B+1+1'UNH+M1+PAXLST'" + body)
    counts = ReadCounts("f")
    try:
        for _ in read_passengers(path, format="paxlst", counts=counts):
            pass
    except InputError:
        pass
    assert counts.reconciles()
