"""Micro-benchmark of the transliteration stage (pytest-benchmark).

Corpus: a fixed, seeded mix of fictional names built from common name parts, one third each
Cyrillic (Russian, Kazakh, Uzbek, Ukrainian), Arabic script and Latin (with diacritics). Every
name in the corpus is distinct; tokens repeat the way real name parts do.

* cold: caches reset before every round, so each name and each first-seen token is computed.
* hot: caches warm, every lookup is a cache hit.

``romanize`` is what the index runs once per list name and the screen once per passenger;
``full`` adds ``latin_key`` and ``skeleton`` on every token of every romanisation.

Run::

    .venv/bin/pytest benchmarks/bench_translit.py --benchmark-only -p no:cacheprovider
    .venv/bin/python benchmarks/bench_translit.py        # plain timing, prints us per name
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import pytest

from namematch.translit import latin_key, reset_caches, romanize, skeleton

SEED = 20240604
CORPUS_SIZE = 3000

_RU_GIVEN = "Юлия Андрей Наталья Фёдор Евгений Сергей Ольга Дмитрий Ирина Алексей Татьяна Юрий"
_RU_PATRON = "Андреевна Сергеевич Ильич Петровна Юрьевич Николаевна Олегович Викторовна"
_RU_SUR = "Царев Объедков Щукин Соловьёв Жуков Хрущёв Васильев Кузнецова Ершов Белых Яковлев"
_KK = "Қасым Нұрлан Әлия Ерлан Айгерим Асель Жанар Ұлы Қызы Төлеген Сәуле Ғани Нұрланұлы"
_UZ = "Ўғли Ҳамид Шерзод Ёқубов Гулноза Қизи Бахтиёр Ғайрат Ўктам Зиёда"
_UK = "Олександр Євген Їжак Іваненко Юрій Ґалаґан Марія Петрович Оксана"
_AR_GIVEN = "محمد أحمد يوسف علي حسن حسين عمر خالد إبراهيم مصطفى سالم قاسم فاطمة عائشة نور جمال"
_AR_FAMILY = "القحطاني الرشيد الشمري العتيبي الحربي المصري الزهراني التميمي بن عبدالله عبد الرحمن"
_LATIN = (
    "Müller Jäger Østergaard Łukasz Kılıç İbrahim Şahin Erdoğan François Öztürk Nūr Straße "
    "García Núñez Søren Ærø Björn Zoë João Mohammed Youssef Nasarbajew Ivanov O'Neil"
)


def build_corpus(size: int = CORPUS_SIZE, seed: int = SEED) -> list[str]:
    """Distinct fictional names, a third each Cyrillic, Arabic and Latin script."""
    rng = random.Random(seed)
    ru_g, ru_p, ru_s = _RU_GIVEN.split(), _RU_PATRON.split(), _RU_SUR.split()
    central = (_KK + " " + _UZ + " " + _UK).split()
    ar_g, ar_f = _AR_GIVEN.split(), _AR_FAMILY.split()
    lat = _LATIN.split()
    seen: set[str] = set()
    out: list[str] = []
    kind = 0
    while len(out) < size:
        if kind == 0:
            parts = [rng.choice(ru_g), rng.choice(ru_p + central), rng.choice(ru_s + central)]
        elif kind == 1:
            parts = [rng.choice(ar_g), rng.choice(ar_g + ar_f), rng.choice(ar_f)]
        else:
            parts = [rng.choice(lat), rng.choice(lat), rng.choice(lat)]
        name = " ".join(parts[: rng.choice((2, 3, 3))])
        if name not in seen:
            seen.add(name)
            out.append(name)
            kind = (kind + 1) % 3
    return out


CORPUS = build_corpus()


def run_romanize(names: list[str]) -> int:
    total = 0
    for name in names:
        total += len(romanize(name))
    return total


def run_full(names: list[str]) -> int:
    total = 0
    for name in names:
        for form in romanize(name):
            for token in form.split():
                total += len(latin_key(token)) + len(skeleton(token))
    return total


def _per_name(benchmark: pytest.FixtureRequest | object) -> None:
    stats = getattr(benchmark, "stats", None)
    if stats is not None:
        mean = stats.stats.mean
        benchmark.extra_info["us_per_name"] = round(mean / len(CORPUS) * 1e6, 2)  # type: ignore[attr-defined]


@pytest.mark.parametrize("fn", [run_romanize, run_full], ids=["romanize", "full"])
def test_cold(benchmark: object, fn: Callable[[list[str]], int]) -> None:
    result = benchmark.pedantic(  # type: ignore[attr-defined]
        fn, args=(CORPUS,), setup=reset_caches, rounds=5, iterations=1
    )
    assert result > 0
    _per_name(benchmark)


@pytest.mark.parametrize("fn", [run_romanize, run_full], ids=["romanize", "full"])
def test_hot(benchmark: object, fn: Callable[[list[str]], int]) -> None:
    reset_caches()
    fn(CORPUS)
    result = benchmark.pedantic(fn, args=(CORPUS,), rounds=10, iterations=1)  # type: ignore[attr-defined]
    assert result > 0
    _per_name(benchmark)


def _time(fn: Callable[[list[str]], int], *, cold: bool, rounds: int = 5) -> float:
    best = float("inf")
    for _ in range(rounds):
        if cold:
            reset_caches()
        else:
            fn(CORPUS)
        start = time.perf_counter()
        fn(CORPUS)
        best = min(best, time.perf_counter() - start)
    return best / len(CORPUS) * 1e6


if __name__ == "__main__":
    for label, fn in (("romanize", run_romanize), ("full", run_full)):
        for cold in (True, False):
            us = _time(fn, cold=cold)
            print(f"{label:9s} {'cold' if cold else 'hot ':4s} {us:8.2f} us/name "
                  f"({len(CORPUS)} names)")
