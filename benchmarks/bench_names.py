"""Speed of the names stage (pytest-benchmark): µs per parsed name.

Run: ``.venv/bin/pytest benchmarks/bench_names.py --benchmark-only -p no:cacheprovider``.
"Hot" runs repeat a fixed mix of names (per-token lookups cached, as in a real passenger list
where name parts follow Zipf's law); "cold" clears the per-token caches before every round.
"""

from __future__ import annotations

from typing import Any

from namematch.names import Form, parse_fields, parse_name, parse_readings, reset_caches

MIX = [
    ("Ivan Petrovich Sidorov", None),
    ("IVANOV Ivan", None),
    ("Abdulrahman bin Yousef Al Qahtani", None),
    ("ALQAHTANI ABDULRAHMAN YOUSEF", None),
    ("Қасым Серікұлы Ахметов", None),
    ("عبد الرحمن يوسف القحطاني", None),
    ("IVANOVA/ANNAMRS", None),
    ("OLSENJR/JOHN MR", None),
    ("QARIBI<<YUSUF<ADIL<<<<<<<<<<<<<<<<<<<<<", None),
    ("YUSSUF ADIL AL-QARIBI", Form.LIST),
]


def _parse_mix() -> int:
    n = 0
    for raw, form in MIX:
        n += len(parse_name(raw, form=form).parts)
    return n


def test_parse_name_hot(benchmark: Any) -> None:
    _parse_mix()
    assert benchmark(_parse_mix) > 0


def test_parse_name_cold(benchmark: Any) -> None:
    assert benchmark.pedantic(_parse_mix, setup=reset_caches, rounds=200) > 0


def test_parse_readings_hot(benchmark: Any) -> None:
    def run() -> int:
        return sum(len(parse_readings(raw, form=form)) for raw, form in MIX)

    assert benchmark(run) >= len(MIX)


def test_parse_fields_hot(benchmark: Any) -> None:
    def run() -> int:
        return len(parse_fields("ALQAHTANI", "ABDULRAHMAN YOUSEF MOHAMMED").parts)

    assert benchmark(run) == 4
