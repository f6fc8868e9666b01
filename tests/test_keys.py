"""Vowel evidence of Latin parts of Arabic origin (keys.py): first vowels and vowel runs."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from namematch.keys import (
    deletion_neighbourhood,
    first_vowel,
    part_keys,
    vowel_groups,
    vowel_patterns_agree,
    vowels_compatible,
)


@pytest.mark.parametrize(("a", "b", "same"), [
    ("MUHAMMAD", "MOHAMMED", True),    # damma as U or O
    ("MAHDI", "MEHDI", True),          # fatha as A or E
    ("IBRAHIM", "EBRAHIM", True),      # kasra as I or E
    ("HUSSEIN", "HOSSEIN", True),
    ("HASAN", "HUSEYIN", False),       # two names sharing the skeleton HSN
    ("MAHMOUD", "MOHAMMED", False),    # two names sharing the skeleton MHMD
    ("HASAN", "حسن", True),            # no vowels written: no evidence either way
])
def test_vowels_compatible(a: str, b: str, same: bool) -> None:
    assert vowels_compatible(a, b) is same
    assert vowels_compatible(b, a) is same


@pytest.mark.parametrize(("token", "groups"), [
    ("OMAR", ("O", "A", "")),
    ("ALY", ("A", "I")),
    ("AYMAN", ("A", "", "A", "")),
    ("Юлия", ()),
])
def test_vowel_groups(token: str, groups: tuple[str, ...]) -> None:
    assert vowel_groups(token) == groups


@pytest.mark.parametrize(("a", "b", "same"), [
    ("OMAR", "UMAR", True),
    ("MONA", "MUNA", True),
    ("AMR", "AMIR", False),
    ("SAMI", "SAMA", False),
    # Arabic script: through its romanisations, the unwritten first vowel free
    ("BELAL", "\N{ARABIC LETTER BEH}\N{ARABIC LETTER LAM}\N{ARABIC LETTER ALEF}"
     "\N{ARABIC LETTER LAM}", True),
    ("ISSAM", "\N{ARABIC LETTER AIN}\N{ARABIC LETTER SAD}\N{ARABIC LETTER ALEF}"
     "\N{ARABIC LETTER MEEM}", True),
    ("EMAD", "\N{ARABIC LETTER AIN}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER ALEF}"
     "\N{ARABIC LETTER DAL}", True),
    # the long A of SAMI is written: SUMI is another word
    ("SUMI", "\N{ARABIC LETTER SEEN}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER MEEM}"
     "\N{ARABIC LETTER YEH}", False),
    ("AMR", "\N{ARABIC LETTER AIN}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER REH}", False),
    # ALAOUI writes the W of al-Alawi as OU: not the vowels of ALI
    ("ALI", "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER AIN}"
     "\N{ARABIC LETTER LAM}\N{ARABIC LETTER WAW}\N{ARABIC LETTER YEH}", False),
])
def test_vowel_patterns_agree(a: str, b: str, same: bool) -> None:
    assert vowel_patterns_agree(a, b) is same


@given(st.text(alphabet="ABDEHIKLMNORSTUY", min_size=1, max_size=12))
def test_a_part_agrees_with_itself(token: str) -> None:
    assert vowels_compatible(token, token)
    assert vowel_patterns_agree(token, token) is bool(vowel_groups(token))
    assert first_vowel(token) in ("", *"AEIOU")


@pytest.mark.parametrize(("token", "key"), [
    ("POOV", "POOV"),        # POPOV with its second P dropped
    ("MOROOVA", "MOROOVA"),  # MOROZOVA with its Z dropped
    ("HAAN", "HAAN"),        # HASAN with its S dropped
    ("MELNIOV", "MELNIOV"),  # MELNIKOV with its K dropped (IO between consonants is Yo)
    ("ABDYKADYOV", "ABDIKADIOV"),
    ("NOOR", "NOOR"),        # the Gulf OO: NUR stays its first key
    ("UMOTUULU", "UMOT"),    # a patronymic marker glued on
    ("NURLANULY", "NURLAN"),
])
def test_doubles_and_markers_keyed_apart_too(token: str, key: str) -> None:
    keys = part_keys(token)
    assert key in keys
    assert keys[0] != key  # the folded key (OO = U) comes first


def test_no_oo_no_extra_key() -> None:
    assert part_keys("POPOV") == ("POPOV",)


@pytest.mark.parametrize(("token", "also", "never"), [
    ("ELTUNISI", ("TUNISI", "ALTUNISI"), ()),     # article glued on, in its EL habit
    ("ALQAHTANI", ("KAHTANI",), ()),
    ("ELMURAT", (), ("MURAT", "ALMURAT")),         # a name of its own: rest too short
    ("ALEKSANDR", (), ("EKSANDR",)),               # AL + vowel is no article
])
def test_glued_article_keys(token: str, also: tuple[str, ...], never: tuple[str, ...]) -> None:
    keys = part_keys(token)
    assert set(also) <= set(keys)
    assert not set(never) & set(keys)


def _deleted(key: str, depth: int) -> set[str]:
    """Every string ``key`` gives with ``depth`` or fewer positions deleted (the definition)."""
    return {"".join(ch for i, ch in enumerate(key) if i not in gone)
            for d in range(depth + 1) for gone in itertools.combinations(range(len(key)), d)
            } - {""}


@given(st.text(alphabet="ABDKLMNO", max_size=9), st.integers(min_value=0, max_value=3))
def test_deletion_neighbourhood_is_every_deletion(key: str, depth: int) -> None:
    # The key itself always; no other variant is empty.
    assert deletion_neighbourhood(key, depth) == _deleted(key, depth) | {key}
