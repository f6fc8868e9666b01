"""Tests of the synthetic generator's own renderers (namematch.synth.render)."""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from namematch.synth.render import (
    MRZ_NAME_LENGTH,
    feminine_surname,
    fold_latin,
    free_text,
    mrz_fields,
    mrz_name,
    patronymic,
    pnr_name,
    romanise_cyrillic,
    typo,
)

CASES = Path(__file__).resolve().parents[1] / "cases" / "synth_romanise.tsv"


def _cases() -> list[dict[str, str]]:
    with open(CASES, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c['scheme']}-{c['note']}")
def test_romanise_cases(case: dict[str, str]) -> None:
    assert romanise_cyrillic(case["text"], case["scheme"]) == case["expected"]


@pytest.mark.parametrize(
    ("father", "female", "style", "expected"),
    [
        ("Сергей", False, "ru", "Сергеевич"),
        ("Дмитрий", True, "ru", "Дмитриевна"),
        ("Игорь", False, "ru", "Игоревич"),
        ("Иван", True, "ru", "Ивановна"),
        ("Илья", False, "ru", "Ильич"),
        ("Павел", False, "ru", "Павлович"),
        ("Михаил", True, "ru", "Михайловна"),
        ("Муса", False, "ru_x", "Мусаевич"),
        ("Арби", False, "ru_x", "Арбиевич"),
        ("Серік", False, "kk", "Серікұлы"),
        ("Серік", True, "kk", "Серікқызы"),
        ("Ботир", False, "uz", "Ботир ўғли"),
        ("Асан", True, "ky", "Асан кызы"),
    ],
)
def test_patronymic(father: str, female: bool, style: str, expected: str) -> None:
    assert patronymic(father, female, style) == expected


@pytest.mark.parametrize(
    ("masc", "fem"),
    [("Иванов", "Иванова"), ("Ильин", "Ильина"), ("Островский", "Островская"),
     ("Шевченко", "Шевченко"), ("Раҳимзода", "Раҳимзода"), ("IVANOV", "IVANOVA"),
     ("Бекмұхамбетов", "Бекмұхамбетова")],
)
def test_feminine_surname(masc: str, fem: str) -> None:
    assert feminine_surname(masc) == fem


def test_fold_latin() -> None:
    assert fold_latin("Müller") == "MULLER"
    assert fold_latin("Müller", umlaut_e=True) == "MUELLER"
    assert fold_latin("Şahin Yıldız Çağlar") == "SAHIN YILDIZ CAGLAR"
    assert fold_latin("Lefèvre") == "LEFEVRE"
    assert fold_latin("O'Brien") == "O'BRIEN"


def test_mrz_name_truncates_to_39() -> None:
    field = mrz_name("AL-QAHTANI", "ABDUL RAHMAN YOUSEF MOHAMMED ABDULLAH SALEH")
    assert len(field) <= MRZ_NAME_LENGTH
    assert field.startswith("AL<QAHTANI<<ABDUL<RAHMAN")
    assert not field.endswith("<")
    sur, giv, truncated = mrz_fields("AL-QAHTANI", "ABDUL RAHMAN YOUSEF MOHAMMED ABDULLAH SALEH")
    assert truncated and sur == "AL QAHTANI" and giv.startswith("ABDUL RAHMAN")
    assert mrz_fields("IVANOV", "IVAN") == ("IVANOV", "IVAN", False)
    assert mrz_name("O'CONNOR", "SEAN") == "OCONNOR<<SEAN"


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ -'", max_size=60),
       st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ -", max_size=80))
def test_mrz_name_property(surname: str, given_names: str) -> None:
    field = mrz_name(surname, given_names)
    assert len(field) <= MRZ_NAME_LENGTH
    assert re.fullmatch(r"[A-Z<]*", field)
    sur, giv, _ = mrz_fields(surname, given_names)
    rebuilt = sur.replace(" ", "<") + ("<<" + giv.replace(" ", "<") if giv else "")
    assert len(rebuilt) <= MRZ_NAME_LENGTH


def test_pnr_name_shape() -> None:
    rng = random.Random(5)
    for _ in range(200):
        name = pnr_name("De Jong-Smit", "Anna Maria", True, rng)
        assert name.startswith("DEJONGSMIT/ANNA")
        assert re.fullmatch(r"[A-Z]+/[A-Z ]+", name)
        assert len(name) <= 49
        assert not name.endswith(("MR", "MSTR"))  # a woman gets MRS/MS/MISS/DR or nothing


def test_free_text_keeps_parts() -> None:
    rng = random.Random(3)
    seen = {free_text("IVANOV", "ANNA", rng) for _ in range(100)}
    assert {"Anna Ivanov", "IVANOV, Anna", "IVANOV ANNA", "Anna IVANOV"} == seen


@settings(max_examples=200)
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=15),
       st.integers(0, 2**32))
def test_typo_is_one_small_edit(word: str, seed: int) -> None:
    out = typo(word, random.Random(seed))
    assert Levenshtein.distance(out, word) <= 2
    assert out.isupper() and out.isalpha()
    assert out[0] == word[0] or Levenshtein.distance(out, word) == 2


def test_typo_changes_most_words() -> None:
    rng = random.Random(1)
    words = ["IVANOV", "MOHAMMED", "BEKMUKHAMBETOV", "YILMAZ", "SCHNEIDER"] * 40
    changed = sum(typo(w, rng) != w for w in words)
    assert changed >= 0.95 * len(words)
