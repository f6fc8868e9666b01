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


def surname_table(seed: int = 7, per_origin: int = 400) -> dict[str, tuple[int, int, float]]:
    """Surname identification on names rendered by the synthetic generator's own renderers.

    Draws given names and surnames from each stock file of :mod:`namematch.synth`, renders
    them as PNR, free text, MRZ field, API fields and (where the stock has one) native-script
    free text, and scores :func:`namematch.names.surname_matches`. Keys are
    ``origin/form`` plus ``all/form``. Needs the synth package (not part of the core).
    """
    import random

    from namematch.names import parse_fields, surname_matches
    from namematch.synth import render
    from namematch.synth.stock import load_stock_file

    rng = random.Random(seed)
    counts: dict[str, list[int]] = {}

    def score(origin: str, form: str, ok: bool) -> None:
        for key in (f"{origin}/{form}", f"all/{form}"):
            c = counts.setdefault(key, [0, 0])
            c[0] += ok
            c[1] += 1

    for origin in ("arab", "caucasus", "kazakh", "kyrgyz", "russian", "tajik", "turkish",
                   "uzbek", "western"):
        stock = load_stock_file(f"{origin}.tsv")
        pools = {k: [e for e in stock if e.kind == k] for k in ("given_m", "given_f", "surname")}
        for _ in range(per_origin):
            female = rng.random() < 0.4
            g = rng.choice(pools["given_f" if female else "given_m"])
            s = rng.choice(pools["surname"])
            g2 = rng.choice(pools["given_m"])
            gl, sl, g2l = rng.choice(g.latins), rng.choice(s.latins), rng.choice(g2.latins)
            native_s = s.native
            if origin in ("western", "turkish"):
                gl, sl, g2l = render.fold_latin(gl), render.fold_latin(sl), render.fold_latin(g2l)
                given = gl if rng.random() < 0.6 else f"{gl} {g2l}"
            elif origin == "arab":
                r = rng.random()
                sl = f"AL-{sl}" if r < 0.3 else f"AL{sl}" if r < 0.5 else sl
                given = gl if rng.random() < 0.5 else f"{gl} {g2l}"
            else:
                if female:
                    sl = render.feminine_surname(sl)
                    native_s = render.feminine_surname(native_s) if native_s else native_s
                given = gl
            score(origin, "pnr", surname_matches(
                parse_name(render.pnr_name(sl, given, female, rng)), sl))
            score(origin, "free", surname_matches(
                parse_name(render.free_text(sl, given, rng)), sl))
            score(origin, "mrz", surname_matches(parse_name(render.mrz_name(sl, given)), sl))
            a, b, _ = render.mrz_fields(sl, given)
            score(origin, "api", surname_matches(parse_fields(a, b), sl))
            if native_s and g.native:
                if origin == "arab":
                    raw = f"{g.native} {g2.native} {native_s}"
                elif rng.random() < 0.5:
                    raw = f"{g.native} {native_s}"
                else:
                    raw = f"{native_s} {g.native}"
                score(origin, "native", surname_matches(parse_name(raw), native_s))
    return {k: (c[0], c[1], c[0] / c[1]) for k, c in sorted(counts.items())}


if __name__ == "__main__":
    for key, (ok, total, share) in surname_table().items():
        print(f"{key:20s} {ok:5d}/{total:<5d} {share:.3f}")
