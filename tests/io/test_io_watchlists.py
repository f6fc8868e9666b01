"""UN XML, OFAC CSV, FtM JSON lines and EU XML watchlists."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from namematch.errors import InputError
from namematch.io import (
    detect_watchlist_format,
    read_watchlist,
    write_eu_xml,
    write_ftm,
    write_ofac,
    write_un_xml,
)
from namematch.io.countries import alpha2_of, alpha3_of, country_code
from namematch.io.ofac import parse_remarks
from namematch.types import ListedPerson, ListName, NameType, ReadCounts, Rejected

FUZZ = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
A, W, P, OS, PR = (NameType.ALIAS, NameType.WEAK_ALIAS, NameType.PRIMARY,
                  NameType.ORIGINAL_SCRIPT, NameType.PREVIOUS)


def _read(path: Path, **kw: object) -> tuple[list[ListedPerson], list[Rejected]]:
    counts = ReadCounts(str(path))
    recs = list(read_watchlist(path, counts=counts, **kw))  # type: ignore[arg-type]
    assert counts.reconciles() and counts.read == len(recs)
    return ([r for r in recs if isinstance(r, ListedPerson)],
            [r for r in recs if isinstance(r, Rejected)])


def _types(p: ListedPerson) -> list[tuple[str, NameType]]:
    return [(n.name, n.name_type) for n in p.names]


def test_un_sample(samples: Path) -> None:
    (first, second), (entity,) = _read(samples / "un_list.xml")
    assert first.id == "XXi.001" and first.extra["date_generated"] == "2025-03-01T00:00:00Z"
    assert _types(first) == [("YUSSUF ADIL AL-QARIBI", P), ("يوسف عادل القريبي", OS),
                             ("Yusuf Adil Qaribi", A), ("Abu Adil", W)]
    assert first.names[0].surname is None
    assert first.dobs == ("1985-02-12", "1984", "1983..1986")
    assert first.nationalities == ("XU",) and first.documents == ("U12345678",)
    assert second.nationalities == ("RU", "Atlantis")
    assert ("I. P. Sidorov", A) in _types(second) and ("Ivan Petrov", PR) in _types(second)
    assert entity.reason == "entity, not a person"


def test_ofac_sample(samples: Path) -> None:
    for path in (samples / "ofac", samples / "ofac" / "sdn.csv"):
        (q, s), (ent,) = _read(path)
        assert q.names[0] == ListName("Yusuf Adil QARIBI", P, "QARIBI", "Yusuf Adil")
        assert ("ABU ADIL", W) in _types(q) and ("Yussuf AL-QARIBI", A) in _types(q)
        assert q.dobs == ("1985-02-12", "1984") and q.gender == "M"
        assert q.nationalities == ("XU",) and q.documents == ("U12345678",)
        assert s.dobs == ("1968..1971",) and ("Ivan PETROV", PR) in _types(s)
        assert ent.record_id == "9003"


def test_parse_remarks() -> None:
    r = parse_remarks("DOB Jan 1941; alt. DOB circa 1950; citizen Iran; a.k.a. 'X Y'; DOB ??")
    assert r["dobs"] == ["1941-01", "1950"] and r["nationalities"] == ["IR"]
    assert r["weak_aliases"] == ["X Y"] and r["dob_raw"] == ["??"]


def test_ftm_sample(samples: Path) -> None:
    (q, s), (sanction,) = _read(samples / "list.ftm.jsonl")
    assert q.names[0] == ListName("YUSSUF ADIL AL-QARIBI", P, "AL-QARIBI", "YUSSUF")
    assert ("Abu Adil", W) in _types(q) and q.nationalities == ("XU",)
    assert s.gender == "M" and s.dobs == ("1970-05",) and ("Ivan Petrov", PR) in _types(s)
    assert "Sanction" in sanction.reason


def test_eu_sample(samples: Path) -> None:
    (q,), (ent,) = _read(samples / "eu_list.xml")
    assert q.id == "90001" and q.extra["un_reference"] == "XXi.001"
    assert q.names[0] == ListName("Yussuf Adil Al-Qaribi", P, "Al-Qaribi", "Yussuf Adil")
    assert ("Abu Adil", W) in _types(q) and q.dobs == ("1985-02-12", "1984")
    assert ent.reason.startswith("enterprise")


PEOPLE = [
    ListedPerson("XXi.101", (ListName("YUSSUF ADIL AL-QARIBI", P), ListName("يوسف القريبي", OS),
                             ListName("Yusuf Qaribi", A), ListName("Abu Adil", W),
                             ListName("Yusuf Qarib", PR)),
                 dobs=("1985-02-12", "1984", "1983..1986"), nationalities=("XU",),
                 gender="M", documents=("U1&<2>",)),
    ListedPerson("XXi.102", (ListName("Ivan Sidorov", P),), dobs=("1970-05",),
                 nationalities=("RU",)),
]


@pytest.mark.parametrize("fmt", ["un_xml", "ftm", "ofac", "eu_xml"])
def test_round_trip(tmp_path: Path, fmt: str) -> None:
    if fmt == "ofac":
        sdn, alt = io.StringIO(), io.StringIO()
        write_ofac(PEOPLE, sdn, alt)
        (tmp_path / "sdn.csv").write_text(sdn.getvalue())
        (tmp_path / "alt.csv").write_text(alt.getvalue())
        path = tmp_path
    else:
        buf = io.StringIO()
        {"un_xml": write_un_xml, "ftm": write_ftm, "eu_xml": write_eu_xml}[fmt](PEOPLE, buf)
        path = tmp_path / f"list.{fmt}"
        path.write_text(buf.getvalue())
    assert detect_watchlist_format(path, "" if path.is_dir() else path.read_text()[:4000]) == fmt
    back, rejected = _read(path)
    assert not rejected and len(back) == 2
    for orig, got in zip(PEOPLE, back, strict=True):
        names = {n.name for n in got.names}
        assert {n.name for n in orig.names} <= names | {"YUSSUF ADIL AL-QARIBI"}
        assert got.documents == orig.documents
        expected_dobs = orig.dobs if fmt in ("un_xml", "ofac") else tuple(
            d for d in orig.dobs if ".." not in d)
        assert got.dobs == expected_dobs
        weak = {n.name for n in got.names if n.name_type is W}
        assert weak == {n.name for n in orig.names if n.name_type is W}
    if fmt == "un_xml":
        assert _types(back[0]) == _types(PEOPLE[0])


def test_xml_bomb_refused(tmp_path: Path) -> None:
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;">]>\n<CONSOLIDATED_LIST>&lol2;</CONSOLIDATED_LIST>')
    path = tmp_path / "bomb.xml"
    path.write_text(bomb)
    with pytest.raises(InputError, match="DOCTYPE"):
        list(read_watchlist(path, format="un_xml"))


def test_truncated_xml(samples: Path, tmp_path: Path) -> None:
    text = (samples / "un_list.xml").read_text()
    path = tmp_path / "cut.xml"
    path.write_text(text[: text.index("<DATAID>9000002")])
    counts = ReadCounts("cut")
    got: list[object] = []
    with pytest.raises(InputError, match=r"malformed .* after 1 entries"):
        got.extend(read_watchlist(path, counts=counts))
    assert len(got) == 1 and counts.reconciles()


def test_detect_and_index(samples: Path, tmp_path: Path) -> None:
    assert detect_watchlist_format(samples / "sample.watchlist.csv", "id,name\n") == "csv"
    assert detect_watchlist_format(tmp_path / "x.nmi", "") == "index"
    (tmp_path / "manifest.json").write_text("{}")
    assert detect_watchlist_format(tmp_path, "") == "index"
    with pytest.raises(InputError, match="saved namematch index"):
        read_watchlist(tmp_path)


def test_countries() -> None:
    assert country_code("Iran (Islamic Republic of)") == "IR"
    assert country_code("united kingdom of great britain and northern ireland") == "GB"
    assert country_code("RUS") == "RU" and country_code("Atlantis") is None
    assert alpha3_of("xu") == "UTO" and alpha2_of("DEU") == "DE"


@FUZZ
@given(fmt=st.sampled_from(["un_xml", "eu_xml", "ftm", "ofac"]),
       body=st.text(alphabet='<>/="\' ,;{}:[]-0AIVDULNEFTRSPabcdeghmnoprstuvwxyz19\n',
                    max_size=300))
def test_fuzz(tmp_path: Path, fmt: str, body: str) -> None:
    prefix = {"un_xml": "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>",
              "eu_xml": '<export><sanctionEntity><subjectType code="person"/>',
              "ftm": '{"schema": "Person", "properties": {"name": [',
              "ofac": '1,"A, B","individual","X",'}[fmt]
    path = tmp_path / "f.txt"
    path.write_text(prefix + body)
    counts = ReadCounts("f")
    try:
        for _ in read_watchlist(path, format=fmt, counts=counts):
            pass
    except InputError:
        pass
    assert counts.reconciles()
