"""Tests for namematch.names: table-driven cases per form plus hypothesis properties."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from namematch.names import (
    Form,
    Name,
    NamePart,
    Role,
    detect_form,
    parse_fields,
    parse_list_slots,
    parse_mrz_line,
    parse_name,
    parse_readings,
    split_pnr_group,
    surname_accuracy,
    surname_matches,
)

CASES = Path(__file__).parent / "cases"


def _load(name: str) -> list[Any]:
    with (CASES / name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [pytest.param(row, id=f"{i + 2}:{row.get('note') or ''}"[:60])
            for i, row in enumerate(rows)]


def _expected(spec: str) -> list[tuple[str, str, frozenset[str]]]:
    out = []
    for item in spec.split(" | "):
        text, _, rest = item.rpartition("=")
        role, *flags = rest.split("+")
        out.append((text, role, frozenset(flags)))
    return out


def _actual(name: Name) -> list[tuple[str, str, frozenset[str]]]:
    out = []
    for p in name.parts:
        flags = {f for f, on in (("truncated", p.truncated), ("glued", p.glued),
                                 ("initial", p.initial)) if on}
        out.append((p.text, p.role.value, frozenset(flags)))
    return out


def _check_parts(name: Name, spec: str) -> None:
    expected = _expected(spec)
    actual = _actual(name)
    # flags are checked only where the case names them (initial/glued may be implicit)
    assert [(t, r) for t, r, _ in actual] == [(t, r) for t, r, _ in expected]
    for (_, _, got), (_, _, want) in zip(actual, expected, strict=True):
        assert want <= got, (want, got)
        if "truncated" not in want:
            assert "truncated" not in got


# --- table-driven cases ------------------------------------------------------------------------


@pytest.mark.parametrize("row", _load("names_free.tsv"))
def test_free_cases(row: dict[str, str]) -> None:
    name = parse_name(row["raw"])
    assert name.form is Form.FREE
    _check_parts(name, row["parts"])
    assert name.gender_hint == (row["gender"] or None)


@pytest.mark.parametrize("row", _load("names_pnr.tsv"))
def test_pnr_cases(row: dict[str, str]) -> None:
    readings = parse_readings(row["raw"])
    k = int(row["reading"])
    assert len(readings) > k, [_actual(r) for r in readings]
    name = readings[k]
    assert name.form is Form.PNR
    _check_parts(name, row["parts"])
    assert name.gender_hint == (row["gender"] or None)
    if k == 0:
        assert parse_name(row["raw"]) == name


@pytest.mark.parametrize(("raw", "readings"), [
    ("ELSAYED/AMRMR", [["AMR", "MR"], ["AMRMR"]]),  # AMRMR may be a name: both readings
    ("HAMMADI/MOHAMMADMR", [["MOHAMMAD", "MR"]]),  # long: the scorer splits it anyway
    ("PETROV/ALEKSANDRMR", [["ALEKSANDR", "MR"]]),
    ("MARTIN/MARIEMISS", [["MARIE", "MISS"]]),
])
def test_long_glued_title_token_is_not_read_uncut(raw: str, readings: list[list[str]]) -> None:
    got = [[p.text for p in r.parts if p.role is not Role.SURNAME] for r in parse_readings(raw)]
    assert got == readings


@pytest.mark.parametrize("row", _load("names_mrz.tsv"))
def test_mrz_cases(row: dict[str, str]) -> None:
    raw = row["raw"].replace("\\n", "\n")
    name = parse_mrz_line(raw) if "\n" in raw or len(raw) == 44 else parse_name(raw)
    assert name.form is Form.MRZ
    _check_parts(name, row["parts"])
    assert name.truncated is (row["truncated"] == "1")
    assert (Role.GIVEN in name.may_lack) is name.truncated
    assert parse_name(raw, form=Form.MRZ).parts == name.parts


@pytest.mark.parametrize("row", _load("names_fields.tsv"))
def test_fields_cases(row: dict[str, str]) -> None:
    sur = None if row["surname"] == "-" else row["surname"]
    giv = None if row["given"] == "-" else row["given"]
    name = parse_fields(sur, giv, form=Form(row["form"]))
    _check_parts(name, row["parts"])
    assert name.truncated is (row["truncated"] == "1")


@pytest.mark.parametrize("row", _load("names_list.tsv"))
def test_list_cases(row: dict[str, str]) -> None:
    if " | " in row["slots"]:
        slots = [None if s == "-" else s for s in row["slots"].split(" | ")]
        name = parse_list_slots(slots)
    else:
        name = parse_name(row["slots"], form=Form.LIST)
    assert name.form is Form.LIST
    _check_parts(name, row["parts"])


# --- targeted behaviour ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "form"),
    [
        ("QARIBI<<YUSUF<ADIL", Form.MRZ),
        ("IVANOV/IVAN MR", Form.PNR),
        ("IVANOV, Ivan", Form.FREE),
        ("Ivan Ivanov", Form.FREE),
        ("ivanov<ivan", Form.FREE),
        ("", Form.FREE),
    ],
)
def test_detect_form(raw: str, form: Form) -> None:
    assert detect_form(raw) is form


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("N.2IVANOV/IVAN MR/ANNA MRS", ("IVANOV/IVAN MR", "IVANOV/ANNA MRS")),
        ("N.3MAJA/RAJ MR/ANA MRS/PYUSH MR", ("MAJA/RAJ MR", "MAJA/ANA MRS", "MAJA/PYUSH MR")),
        ("1IVANOV/IVAN MR", ("IVANOV/IVAN MR",)),
        ("IVANOV/IVAN MR", ("IVANOV/IVAN MR",)),
        ("I/IVANOV/MARIA MISS", ("IVANOV/MARIA MISS",)),
        ("2IVANOV/IVAN MR(CHD/01JAN20)/ANNA MRS", ("IVANOV/IVAN MR", "IVANOV/ANNA MRS")),
        ("N.1SMITH/JOHN MR*P-C08", ("SMITH/JOHN MR",)),
        ("IVANOV", ("IVANOV",)),
        ("", ()),
    ],
)
def test_split_pnr_group(raw: str, expected: tuple[str, ...]) -> None:
    assert split_pnr_group(raw) == expected


def test_name_helpers() -> None:
    name = parse_name("Mr Abdulrahman bin Yousef Al Qahtani")
    assert name.surname_text == "Qahtani"
    assert [p.text for p in name.name_parts()] == ["Abdulrahman", "Yousef", "Al", "Qahtani"]
    assert name.with_role(Role.FATHER) == (NamePart("Yousef", Role.FATHER),)
    assert name.gender_hint == "M"
    assert parse_name("Anna Petrovna").surname_text is None


def test_compound_keys_agree() -> None:
    glued = parse_name("ABDULRAHMAN YOUSEF ALQAHTANI").parts[0]
    spaced = parse_name("ABDUL RAHMAN YOUSEF ALQAHTANI").parts[0]
    assert glued.key == spaced.key == "abdulrahman"


def test_may_lack_by_form() -> None:
    api = parse_fields("ALQAHTANI", "ABDULRAHMAN YOUSEF MOHAMMED")
    assert {Role.PATRONYMIC, Role.FATHER, Role.GRANDFATHER, Role.KUNYA} <= api.may_lack
    assert Role.GIVEN not in api.may_lack
    pnr = parse_name("IVANOV/IVAN MR")
    assert {Role.PATRONYMIC, Role.GIVEN} <= pnr.may_lack
    mrz = parse_name("QARIBI<<YUSUF<ADIL")
    assert Role.PATRONYMIC in mrz.may_lack
    assert Role.SURNAME not in mrz.may_lack
    listed = parse_list_slots(["IVAN", "PETROVICH", "SIDOROV"])
    assert Role.PATRONYMIC not in listed.may_lack


def test_free_alternative_reading_only_when_undecided() -> None:
    # upper-case text is read in document order (SURNAME GIVEN), the other order kept
    assert [r.surname_text for r in parse_readings("SMITH JOHN")] == ["SMITH", "JOHN"]
    assert len(parse_readings("IVAN IVANOV")) == 1  # the -ov ending decides
    assert len(parse_readings("John Smith")) == 1  # mixed case: Given Surname


def test_api_string_with_component_separator() -> None:
    name = parse_name("QARIBI:YUSUF:ADIL", form=Form.API)
    assert name.surname_text == "QARIBI"
    assert [p.role for p in name.parts] == [Role.SURNAME, Role.GIVEN, Role.GIVEN]


def test_scripts() -> None:
    assert parse_name("Ivan Ivanov").script == "latin"
    assert parse_name("Иван Иванов").script == "cyrillic"
    assert parse_name("يوسف القريبي").script == "arabic"
    assert parse_name("Иван Ivanov").script == "mixed"
    assert parse_name("123").script == "none"


def test_surname_accuracy_helper() -> None:
    samples = [
        ("QARIBI/YUSUF MR", "AL-QARIBI", None),
        ("Yusuf Adil al-Qaribi", "Qaribi", None),
        ("ALQAHTANI<<ABDULRAHMAN<YOUSEF<MOHAMMEDA", "ALQAHTANI", None),
        ("Yusuf Adil", "Qaribi", None),
    ]
    acc = surname_accuracy(samples)
    assert acc["pnr"] == (1, 1, 1.0)
    assert acc["free"] == (1, 2, 0.5)
    assert acc["all"][:2] == (3, 4)
    assert surname_matches(parse_name("QARIB<<YUSUF" + "<" * 0), "QARIBI") is False
    trunc = parse_name("ALQAHTANIALQAHTANIALQAHTANIALQAHTANIALQ")  # 39 chars, no filler
    assert trunc.form is Form.FREE  # no '<': not an MRZ field
    cut = parse_name("QARIBIQARIBIQARIBIQARIBIQARIBIQARIBIQAR<", form=Form.MRZ)
    assert not cut.truncated


# --- properties --------------------------------------------------------------------------------

_name_chars = st.sampled_from(
    list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz<<// ,.-'")
    + list("ИвановПетровичСидоровнаҚасымСерікұлы")
    + list("عبدالرحمنيوسفقحطاني")
)
_namey = st.one_of(
    st.text(),
    st.text(_name_chars, max_size=40),
    st.lists(st.sampled_from(["al", "bin", "Abdul", "Nur", "ad-Din", "MR", "IVANOV", "Ivan",
                              "uulu", "Petrovich", "van", "abu", "JR", "ANNAMRS", "Qasym-Zhomart",
                              "عبد", "الرحمن", "ibn", ",", "Dr."]), max_size=7).map(" ".join),
)


def _chars_ok(name: Name) -> None:
    raw = name.raw
    pool = set(raw) | set(raw.casefold()) | set(raw.upper()) | set(raw.lower())
    spacey = any(ch.isspace() for ch in raw) or "<" in raw or "," in raw
    for p in name.parts:
        for ch in p.text:
            if ch == " ":
                assert spacey, (raw, p.text)
            else:
                assert ch in pool, (raw, p.text, ch)


@settings(max_examples=300, deadline=None)
@given(_namey, st.sampled_from([None, *Form]))
def test_never_raises_and_invents_nothing(raw: str, form: Form | None) -> None:
    readings = parse_readings(raw, form=form)
    assert readings
    for name in readings:
        assert isinstance(name, Name)
        _chars_ok(name)
        assert all(p.text for p in name.parts)
        assert all(p.text == p.text.strip() for p in name.parts)
    assert parse_name(raw, form=form) == readings[0]


def _split_compound(texts: list[str]) -> bool:
    """Two adjacent parts that free text would read as one compound (``ABDUL<<KARIM``: the
    form separated a surname ``ABDUL`` from a given name ``KARIM``; joined by a space they read
    as the compound ``ABDUL KARIM``). The only documented exception to idempotence."""
    for w in (2, 3):
        for i in range(len(texts) - w + 1):
            window = texts[i:i + w]
            again = [p.text for p in parse_name(" ".join(window), form=Form.FREE).parts]
            if again != window:
                return True
    return False


@settings(max_examples=300, deadline=None)
@given(_namey, st.sampled_from([None, *Form]))
def test_idempotent_on_own_output(raw: str, form: Form | None) -> None:
    name = parse_name(raw, form=form)
    texts = [p.text for p in name.parts]
    assume(not _split_compound(texts))
    again = parse_name(" ".join(texts), form=Form.FREE)
    assert [p.text for p in again.parts] == texts


def test_idempotence_exception_is_narrow() -> None:
    assert _split_compound(["ABDUL", "KARIM"])
    assert not _split_compound(["IVANOV", "IVAN", "MR"])
    mrz = parse_name("ABDUL<<KARIM")
    assert [p.text for p in mrz.parts] == ["ABDUL", "KARIM"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_split_pnr_group_never_raises(raw: str) -> None:
    out = split_pnr_group(raw)
    assert isinstance(out, tuple)
    assert all(isinstance(s, str) and s for s in out)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=20), st.text(_name_chars, max_size=15)),
                max_size=4))
def test_slots_and_fields_never_raise(slots: list[str | None]) -> None:
    name = parse_list_slots(slots)
    _chars_ok(name)
    a = slots[0] if slots else None
    b = slots[1] if len(slots) > 1 else None
    fields = parse_fields(a, b)
    _chars_ok(fields)
    mrz = parse_mrz_line("\n".join(s or "" for s in slots))
    assert mrz.form is Form.MRZ


def test_cases_are_idempotent() -> None:
    """The property on every case-table input (real-looking names, not random text)."""
    raws: list[str] = []
    for fname in ("names_free.tsv", "names_pnr.tsv", "names_mrz.tsv"):
        with (CASES / fname).open(encoding="utf-8") as fh:
            raws += [r["raw"].replace("\\n", "\n")
                     for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    for raw in raws:
        for name in parse_readings(raw):
            texts = [p.text for p in name.parts]
            again = parse_name(" ".join(texts), form=Form.FREE)
            assert [p.text for p in again.parts] == texts, raw
            _chars_ok(name)
