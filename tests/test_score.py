"""Scoring: table-driven must-match / must-not-match cases plus scorer properties."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from namematch.cheap import _LIFTED
from namematch.names import parse_name
from namematch.score import (
    GENDERED_SIMILARITY,
    TWO_SLIPS_SIMILARITY,
    TYPO_BAND_LOW,
    TYPO_SIMILARITY,
    _key_similarity,
    _romanized_typed_forms,
    _slip_apart,
    _typed_forms,
    compare,
    compare_prepared,
    letters_lost,
    part_similarity,
    plain_typed_forms,
    plain_typed_lengths,
    prepare,
    two_slips,
    typing_slip,
)
from namematch.screen import ScreenConfig
from namematch.types import NameType

CASES = Path(__file__).parent / "cases" / "score_cases.tsv"
CONFIG = ScreenConfig()


def _load(expect: str) -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh, delimiter="\t") if r["expect"] == expect]


def test_every_case_has_a_known_expectation() -> None:
    """A misspelt ``expect`` would drop its row from every table-driven test silently."""
    with CASES.open(encoding="utf-8") as fh:
        seen = {r["expect"] for r in csv.DictReader(fh, delimiter="\t")}
    assert seen <= {"match", "nomatch", "review", "known_failure", "known_false_alert"}, seen


def _score(row: dict[str, str]) -> float:
    listed = row["listed"]
    if listed.endswith("(weak_alias)"):
        pax = prepare(parse_name(row["passenger"]))
        lst = prepare(parse_name(listed.removesuffix("(weak_alias)").strip()))
        return compare_prepared(pax, lst, name_type=NameType.WEAK_ALIAS).score
    return compare(row["passenger"], listed, dob_a=row["pax_dob"] or None,
                   dob_b=row["list_dob"] or None, gender_a=row["pax_gender"] or None,
                   gender_b=row["list_gender"] or None).score


@pytest.mark.parametrize("row", _load("match"), ids=lambda r: r["note"])
def test_must_match(row: dict[str, str]) -> None:
    assert _score(row) >= CONFIG.review_threshold


@pytest.mark.parametrize("row", _load("nomatch"), ids=lambda r: r["note"])
def test_must_not_match(row: dict[str, str]) -> None:
    assert _score(row) < CONFIG.review_threshold


@pytest.mark.parametrize("row", _load("review"), ids=lambda r: r["note"])
def test_review_not_hit(row: dict[str, str]) -> None:
    assert CONFIG.review_threshold <= _score(row) < CONFIG.hit_threshold


@pytest.mark.parametrize("row", _load("known_failure"), ids=lambda r: r["note"])
@pytest.mark.xfail(strict=True, reason="known failure, see the note")
def test_known_failures(row: dict[str, str]) -> None:
    assert _score(row) >= CONFIG.review_threshold


@pytest.mark.parametrize("row", _load("known_false_alert"), ids=lambda r: r["note"])
@pytest.mark.xfail(strict=True, reason="known false alert, see the note")
def test_known_false_alerts(row: dict[str, str]) -> None:
    assert _score(row) < CONFIG.review_threshold


def test_explanation_names_the_parts() -> None:
    c = compare("AKHMETOV/KASYMMR", "Қасым Серікұлы Ахметов", dob_a="1979-04-02",
                dob_b="1979")
    text = c.explain()
    assert "AKHMETOV ~ Ахметов" in text and "KASYM ~ Қасым" in text
    assert "patronymic" in text and "date of birth: year" in text


def test_date_conflict_clears_a_namesake() -> None:
    same = compare("SIDOROV/IVAN MR", "Ivan Sidorov", dob_a="1975-03-03", dob_b="1975-03-03")
    other = compare("SIDOROV/IVAN MR", "Ivan Sidorov", dob_a="1999-03-03", dob_b="1975-03-03")
    unknown = compare("SIDOROV/IVAN MR", "Ivan Sidorov")
    assert same.score >= unknown.score > other.score
    assert other.score < CONFIG.review_threshold <= unknown.score


_name_parts = st.sampled_from(["IVAN", "IVANOV", "KASYM", "AKHMETOV", "MOHAMMED", "ALI",
                               "Иван", "Ахметов", "محمد", "علي", "YULIYA", "TSAREVA", "X"])
_names = st.lists(_name_parts, min_size=1, max_size=4).map(" ".join)
_full_names = st.lists(_name_parts.filter(lambda p: len(p) > 1), min_size=1,
                       max_size=4).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(_names, _names)
def test_score_in_unit_interval(a: str, b: str) -> None:
    assert 0.0 <= compare(a, b).score <= 1.0


@settings(max_examples=60, deadline=None)
@given(_full_names)
def test_identity_scores_high(a: str) -> None:
    c = compare(a, a)
    assert c.name_score >= 0.99


@settings(max_examples=60, deadline=None)
@given(_name_parts, _name_parts)
def test_part_similarity_symmetric_and_bounded(a: str, b: str) -> None:
    pa = prepare(parse_name(a)).parts[0]
    pb = prepare(parse_name(b)).parts[0]
    s1, _ = part_similarity(pa, pb)
    s2, _ = part_similarity(pb, pa)
    assert 0.0 <= s1 <= 1.0
    assert s1 == pytest.approx(s2)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_compare_never_raises(a: str, b: str) -> None:
    c = compare(a, b)
    assert 0.0 <= c.score <= 1.0


@pytest.mark.parametrize(("a", "b", "slip"), [
    ("NZBIL", "NABIL", True),        # Z is beside A
    ("AYSS", "AYSE", True),          # S is beside E (the row below, half a key left)
    ("ERLNA", "ERLAN", True),        # neighbouring letters swapped
    ("ZAAMAT", "AZAMAT", True),      # the first two letters swapped
    ("HADDA", "HADDAD", True),       # last letter dropped
    ("KASSYMV", "KASSYMOV", True),   # inner letter dropped
    ("HAKAN", "HASAN", False),       # K and S are not neighbours
    ("HAMDI", "GHAMDI", False),      # the first letter is rarely dropped
    ("OMAR", "UMAR", False),         # nor mistyped
    ("ALI", "AIL", True),            # two inner letters of a short name swapped
    ("AIZ", "AZIZ", True),           # a consonant dropped inside a short name
    ("ALI", "ALIM", False),          # a letter more at the end: another name
    ("AMR", "AMIR", False),          # a vowel more inside: another name
    ("LAI", "ALI", True),            # the first two letters of a short name swapped
    ("IWA", "ISA", True),            # the middle key of a short name hit for its neighbour
    ("AI", "ALI", True),             # a consonant dropped inside, leaving two letters
    ("ALA", "ALI", False),           # a letter changed at the end: another name
    ("AL", "ALI", False),            # a letter dropped at the end: another name
    ("LI", "ALI", False),            # the first letter dropped
    ("ERZHAN", "ERHZWN", False),     # two slips
    ("NABIL", "NABIL", False),       # equal is no slip
])
def test_typing_slip(a: str, b: str, slip: bool) -> None:
    assert typing_slip(a, b) is slip
    assert typing_slip(b, a) is slip


@pytest.mark.parametrize(("typed", "written", "slip"), [
    ("ALOTABII", "Otaibi", True),    # an article glued on, and two letters swapped
    ("ELTNUSII", "Tunisi", False),   # two slips are not one
    ("ALSAMU", "Sami", False),       # a short rest keeps its article: no SAMU / SAMI
])
def test_slip_behind_a_glued_article(typed: str, written: str, slip: bool) -> None:
    assert _slip_apart(typed, written)[0] is slip


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ABDEHIKLMNORSTUZ", min_size=4, max_size=9), st.data())
def test_typing_slip_is_one_edit(a: str, data: st.DataObject) -> None:
    """A slip is never more than one optimal-string-alignment edit, so the scorer's lift stays
    within what one edit can explain."""
    b = data.draw(st.text(alphabet="ABDEHIKLMNORSTUZ", min_size=3, max_size=10))
    if typing_slip(a, b):
        assert OSA.distance(a, b) == 1


def test_typo_lift_stays_in_the_band_the_cheap_bound_covers() -> None:
    """The cheap bound checks the pairs the scorer may lift in [TYPO_BAND_LOW,
    max(GENDERED_SIMILARITY, TYPO_SIMILARITY)); a lift must never go above that, nor start
    below it (gendered forms of one surname are always well inside)."""
    assert max(GENDERED_SIMILARITY, TYPO_SIMILARITY, TWO_SLIPS_SIMILARITY) <= _LIFTED
    for a, b in (("IVANOV", "IVANOVA"), ("PETROVSKIY", "PETROVSKAYA"), ("KHAN", "KHANA"),
                 ("ABISKII", "ABISKAIA")):
        raw = _key_similarity((a,), (b,))
        assert raw[1] == "gendered" and TYPO_BAND_LOW <= raw[0] < GENDERED_SIMILARITY, (a, raw)
    pa = prepare(parse_name("NZBIL")).parts[0]
    pb = prepare(parse_name("Nabil")).parts[0]
    assert part_similarity(pa, pb) == (TYPO_SIMILARITY, "typo")
    # Two slips stay an ordinary edit similarity.
    pc = prepare(parse_name("ERHZWN")).parts[0]
    pd = prepare(parse_name("ERZHAN")).parts[0]
    assert part_similarity(pc, pd)[1] == "edit"


def test_typed_swap_is_not_a_gender_form() -> None:
    """TAMAAR folds to the key TAMAR, the short gender form of TAMARA; typed at equal length
    one swap apart it is a typo, so no relative's penalty."""
    c = compare("SAIDOVA/TAMAAR MRS", "Тамара Саидова")
    assert not any(m.how == "gendered" for m in c.alignment)
    gendered = compare("PETROV/ANNA", "Anna Petrova")
    assert any(m.how == "gendered" for m in gendered.alignment)


@pytest.mark.parametrize(("typed", "written", "lost"), [
    ("GL", "Gül", True),
    ("KO", "KOÇ", True),
    ("GUL", "Gül", False),     # folded, not dropped
    ("GL", "Gul", False),      # nothing non-ASCII to drop: a typo, not a system
    ("G", "Gül", False),       # more than the non-ASCII letters gone
])
def test_letters_lost(typed: str, written: str, lost: bool) -> None:
    assert letters_lost(typed, written) is lost


@pytest.mark.parametrize(("a", "b", "two"), [
    ("ERHZWN", "ERZHAN", True),      # a swap and a neighbouring key
    ("PTAIAT", "PATIMAT", True),     # a swap and a dropped letter
    ("RASHIODG", "RASHIDOV", True),
    ("NALTYA", "NATALYA", True),     # a letter dropped between two swapped ones
    ("MARINA", "MARIIA", False),     # one far key is not two near ones
    ("HAKAN", "HASAN", False),       # one far key, and too short
    ("NZBIL", "NABIL", False),       # one slip is not two
    ("MAGOMED", "MAGOMEDOV", False),  # two letters more is not a slip
])
def test_two_slips(a: str, b: str, two: bool) -> None:
    assert two_slips(a, b) is two
    assert two_slips(b, a) is two


@given(st.text(alphabet="ALEXSURImuzaev -'.", max_size=14))
def test_plain_typed_lengths_are_those_of_the_typed_forms(text: str) -> None:
    """The bound skips slip checks by these lengths (ELMURZAEVA is also typed MURZAEVA, one
    letter longer than MUTAEVA): they must be the typed forms' own, or say they are unknown."""
    lengths = plain_typed_lengths(text)
    if lengths is not None:
        assert set(lengths) == {len(f) for f in _typed_forms(text)}


@given(st.one_of(st.text(alphabet="ALEXSURImuzaev -'.`0", max_size=14),
                 st.text(alphabet=st.characters(max_codepoint=127), max_size=14)))
def test_plain_typed_forms_are_the_romanised_ones(text: str) -> None:
    """Plain ASCII spellings skip the romaniser: the same forms, in the same order."""
    plain = plain_typed_forms(text)
    if plain is not None:
        assert plain == _romanized_typed_forms(text)
