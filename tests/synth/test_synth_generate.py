"""The generator: reproducible, valid against the CSV contract, slices as configured."""

from __future__ import annotations

import argparse
import ast
import csv
import itertools
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import namematch.synth as synth
from namematch.synth import (
    NEGATIVE_SLICES,
    PASSENGER_COLUMNS,
    POSITIVE_SLICES,
    TRUTH_COLUMNS,
    WATCHLIST_COLUMNS,
    SynthConfig,
    SynthConfigError,
    build_dataset,
    iter_passengers,
    iter_persons,
    iter_watchlist_rows,
    write_dataset,
)
from namematch.types import ListedPerson, NameType, Passenger

ROOT = Path(__file__).resolve().parents[2]
SMALL = SynthConfig(seed=7, persons=300, passengers=3000, positive_share=0.1,
                    namesake_share=0.05, relative_share=0.05, near_name_share=0.05)

LIST_DOB = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?|\d{4}\.\.\d{4}")
PAX_DOB = re.compile(r"\d{4}-\d{2}-\d{2}")
NAT = re.compile(r"[A-Z]{2}(;[A-Z]{2})*")

#: Real, well-known people whose full names must never be generated (the test keeps its own
#: list, independent of the generator's denylist).
REAL_PEOPLE = [
    "vladimir putin", "ramzan kadyrov", "osama laden", "nursultan nazarbayev",
    "nursultan nazarbaev", "dmitriy medvedev", "dmitrii medvedev", "dmitry medvedev",
    "thomas muller", "thomas mueller", "islom karimov", "islam karimov", "ivan pavlov",
    "anna pavlova", "recep erdogan", "abdullah gul", "rasul gamzatov", "khabib nurmagomedov",
    "shamil basayev", "saddam hussein", "bashar assad", "emomali rahmon", "anatoliy karpov",
    "anatolii karpov", "yuriy gagarin", "iurii gagarin", "sergei korolev", "sergey korolev",
    "georgiy zhukov", "georgii zhukov", "aleksei leonov", "aleksey leonov", "mohamed morsi",
    "paolo rossi", "richard wagner", "emma thompson", "antoine dupont",
]


def _tokens(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return set(re.findall(r"[a-z]+", folded))


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def small_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    write_dataset(SMALL, out)
    return out


def test_same_seed_same_bytes(small_dir: Path, tmp_path: Path) -> None:
    write_dataset(SMALL, tmp_path)
    for name in ("watchlist.csv", "passengers.csv", "truth.csv", "card.md"):
        assert (tmp_path / name).read_bytes() == (small_dir / name).read_bytes(), name


def test_other_seed_other_data(small_dir: Path, tmp_path: Path) -> None:
    write_dataset(SynthConfig(**{**SMALL.__dict__, "seed": 8}), tmp_path)
    assert (tmp_path / "watchlist.csv").read_bytes() != (small_dir / "watchlist.csv").read_bytes()


def test_csv_columns(small_dir: Path) -> None:
    for name, cols in (("watchlist.csv", WATCHLIST_COLUMNS),
                       ("passengers.csv", PASSENGER_COLUMNS), ("truth.csv", TRUTH_COLUMNS)):
        with open(small_dir / name, encoding="utf-8") as fh:
            assert tuple(next(csv.reader(fh))) == cols


def _check_watchlist(rows: list[dict[str, str]]) -> None:
    assert rows
    for r in rows:
        assert r["name"].strip() == r["name"] and r["name"], r
        NameType(r["name_type"])
        assert r["name_type"] in ("primary", "alias", "weak_alias", "original_script"), r
        assert all(LIST_DOB.fullmatch(d) for d in r["dob"].split(";")) if r["dob"] else True
        assert NAT.fullmatch(r["nationality"]), r
        assert r["gender"] in ("M", "F", ""), r


def _check_passengers(pax: list[dict[str, str]], truth: list[dict[str, str]],
                      ids: set[str]) -> None:
    assert [p["passenger_id"] for p in pax] == [t["passenger_id"] for t in truth]
    for p, t in zip(pax, truth, strict=True):
        assert bool(p["name"]) != bool(p["surname"]), p
        if p["surname"]:
            assert re.fullmatch(r"[A-Z ]+", p["surname"] + " " + p["given_names"]), p
            field = p["surname"].replace(" ", "<") + "<<" + p["given_names"].replace(" ", "<")
            assert len(field.rstrip("<")) <= 39, p
        if "<<" in p["name"]:
            assert len(p["name"]) <= 39 and re.fullmatch(r"[A-Z<]+", p["name"]), p
        assert not p["dob"] or PAX_DOB.fullmatch(p["dob"]), p
        assert re.fullmatch(r"[A-Z]{2}", p["nationality"]), p
        assert p["gender"] in ("M", "F"), p
        assert t["slice"] in POSITIVE_SLICES + NEGATIVE_SLICES, t
        assert t["form"] in ("api", "mrz", "pnr", "free"), t
        assert t["passenger_script"] in ("latin", "cyrillic", "arabic"), t
        if t["slice"] in POSITIVE_SLICES:
            assert t["watchlist_id"] in ids, t
        else:
            assert t["watchlist_id"] == "", t
        if t["slice"] == "native":
            assert t["passenger_script"] != "latin", t
        if t["form"] == "api":
            assert p["surname"], p


def test_rows_follow_contract(small_dir: Path) -> None:
    wl = _read(small_dir / "watchlist.csv")
    _check_watchlist(wl)
    _check_passengers(_read(small_dir / "passengers.csv"), _read(small_dir / "truth.csv"),
                      {r["id"] for r in wl})


def test_slice_counts_as_configured(small_dir: Path) -> None:
    truth = _read(small_dir / "truth.csv")
    slices = Counter(t["slice"] for t in truth)
    expected = SMALL.slice_counts()
    assert sum(slices[s] for s in POSITIVE_SLICES) == expected["positive"]
    for s in POSITIVE_SLICES:
        assert slices[s] == expected["positive"] // 5, slices
    for s in NEGATIVE_SLICES:
        assert slices[s] == expected[s], slices
    assert len(truth) == SMALL.passengers


def test_edge_cases_present(small_dir: Path) -> None:
    truth = _read(small_dir / "truth.csv")
    notes = Counter(n for t in truth for n in t["notes"].split(";") if n)
    for note in ("dob_swapped", "dob_missing", "list_dob_year", "list_dob_range",
                 "list_original_script_only", "mrz_truncated"):
        assert notes[note] > 0, note
    positives = [t for t in truth if t["watchlist_id"]]
    cross = [t for t in positives if "latin" not in t["list_script"]]
    assert cross, "some positives must be listed only in original script"
    assert all(t["passenger_script"] == "latin" or t["slice"] == "native" for t in cross)


def test_negatives_reference_listed_people(small_dir: Path) -> None:
    wl = _read(small_dir / "watchlist.csv")
    listed: dict[str, list[dict[str, str]]] = {}
    for r in wl:
        listed.setdefault(r["id"], []).append(r)
    pax = {p["passenger_id"]: p for p in _read(small_dir / "passengers.csv")}
    for t in _read(small_dir / "truth.csv"):
        if t["slice"] in ("namesake", "relative", "near_name"):
            ref = t["notes"].split(";")[0]
            assert ref.startswith(f"{t['slice']}_of=W"), t
            person = listed[ref.split("=")[1]]
            if t["slice"] == "namesake" and pax[t["passenger_id"]]["dob"]:
                year = int(pax[t["passenger_id"]]["dob"][:4])
                for spec in person[0]["dob"].split(";"):
                    lo, _, hi = spec.partition("..")
                    assert not int(lo[:4]) - 2 <= year <= int((hi or lo)[:4]) + 2, (t, spec)


def test_no_real_person_full_names() -> None:
    by_person: dict[str, set[str]] = {}
    for row in iter_watchlist_rows(SynthConfig(seed=11, persons=20000)):
        by_person.setdefault(row["id"], set()).update(_tokens(row["name"]))
    denied = [set(name.split()) for name in REAL_PEOPLE]
    bad = [(pid, toks) for pid, toks in by_person.items() if any(d <= toks for d in denied)]
    assert not bad, bad[:5]


def test_names_target_is_exact() -> None:
    rows = list(iter_watchlist_rows(SynthConfig(seed=3, names=2500)))
    assert len(rows) == 2500


def test_records_match_rows() -> None:
    cfg = SynthConfig(seed=5, persons=50, passengers=300)
    ds = build_dataset(cfg)
    persons = list(iter_persons(cfg))
    assert all(isinstance(p, ListedPerson) for p in persons)
    assert persons == ds.persons
    assert sum(len(p.names) for p in persons) == len(ds.watchlist_rows)
    pairs = list(iter_passengers(cfg))
    assert [p for p, _ in pairs] == ds.passengers
    assert [t for _, t in pairs] == ds.truth
    assert all(isinstance(p, Passenger) for p, _ in pairs)
    for p, t in pairs:
        assert p.display_name
        assert (p.form == "api") == (t.form == "api")


def test_list_only(tmp_path: Path) -> None:
    summary = write_dataset(SynthConfig(seed=1, persons=20), tmp_path, list_only=True)
    assert summary.passengers == 0 and summary.persons == 20
    assert (tmp_path / "watchlist.csv").exists() and not (tmp_path / "passengers.csv").exists()
    assert "--list-only" in (tmp_path / "card.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kwargs", [{"persons": 0}, {"passengers": -1}, {"names": 0},
                                    {"positive_share": 0.9, "namesake_share": 0.2}])
def test_bad_config(kwargs: dict[str, float]) -> None:
    with pytest.raises(SynthConfigError):
        SynthConfig(**kwargs).validate()  # type: ignore[arg-type]


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    synth.add_arguments(parser)
    args = parser.parse_args(["--seed", "4", "--persons", "30", "--passengers", "200",
                              "--out", str(tmp_path)])
    assert synth.run(args) == 0
    assert len(_read(tmp_path / "passengers.csv")) == 200
    card = (tmp_path / "card.md").read_text(encoding="utf-8")
    assert "namematch synth --seed 4 --persons 30 --passengers 200" in card
    assert "names/s" in capsys.readouterr().err


def test_generator_is_independent_of_matcher() -> None:
    banned = ("namematch.translit", "namematch.names", "namematch.score", "namematch.index")
    for path in (ROOT / "src" / "namematch" / "synth").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            mods = []
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                mods = [node.module]
            for mod in mods:
                assert not mod.startswith(banned), f"{path.name} imports {mod}"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**31), st.integers(1, 40), st.integers(0, 150))
def test_any_seed_gives_valid_rows(seed: int, persons: int, passengers: int) -> None:
    ds = build_dataset(SynthConfig(seed=seed, persons=persons, passengers=passengers))
    _check_watchlist(ds.watchlist_rows)
    _check_passengers(ds.passenger_rows, [t.as_row() for t in ds.truth],
                      {r["id"] for r in ds.watchlist_rows})
    assert len({r["id"] for r in ds.watchlist_rows}) == persons


def _card_config(card: str) -> list[str]:
    match = re.search(r"\* command: `namematch synth (.*?) --out \S+`", card)
    assert match, "card must record the command"
    return match.group(1).split()


@pytest.mark.parametrize("folder", ["data/synthetic", "data/synthetic/demo"])
def test_committed_set_is_reproducible(folder: str, tmp_path: Path) -> None:
    src = ROOT / folder
    card = (src / "card.md").read_text(encoding="utf-8")
    parser = argparse.ArgumentParser()
    synth.add_arguments(parser)
    args = parser.parse_args([*_card_config(card), "--out", str(tmp_path)])
    cfg = SynthConfig(seed=args.seed, persons=args.persons, passengers=args.passengers,
                      positive_share=args.positive_share, names=args.names)
    write_dataset(cfg, tmp_path)
    for name in ("watchlist.csv", "passengers.csv", "truth.csv"):
        assert (tmp_path / name).read_bytes() == (src / name).read_bytes(), (
            f"{folder}/{name} is stale: regenerate it with the command on its card")


# --- compound names, near names, hard negatives, the ambiguous column ----------------------

def _compounds() -> tuple[set[str], set[str], set[tuple[str, ...]], set[str]]:
    """(first words never used alone, second words, native word pairs, Latin first words)."""
    from namematch.synth.stock import ORIGINS

    arab = ORIGINS["arab"].entries
    pairs = {tuple(e.native.split()) for e in arab if len(e.native.split()) == 2}
    singles = {e.native for e in arab if " " not in e.native}
    link = "\N{ARABIC LETTER BEH}\N{ARABIC LETTER NOON}"  # nasab link, also in بن علي
    firsts = {a for a, _ in pairs} - singles - {link}
    seconds = {b for a, b in pairs if a != link}
    latin_firsts = {"ABD", "ABDUL", "ABDEL", "ABDUR", "ABDER"}
    return firsts, seconds, pairs, latin_firsts


def _check_compounds(name: str, truncated: bool = False) -> None:
    firsts, seconds, pairs, latin_firsts = _compounds()
    words = name.split()
    for i, w in enumerate(words):
        if w in firsts:
            assert i + 1 < len(words) and (w, words[i + 1]) in pairs, name
        if w in seconds and w not in firsts:
            assert i > 0 and (words[i - 1], w) in pairs, name
    tokens = [t for t in re.split(r"[^A-Z]+", name.upper()) if t]
    for i, t in enumerate(tokens):
        if t in latin_firsts and not (truncated and i == len(tokens) - 1):
            assert i + 1 < len(tokens) and tokens[i + 1] not in ("BIN", "BINT", "MR", "MRS"), name


@pytest.fixture(scope="module")
def big() -> synth.SynthDataset:
    return build_dataset(SynthConfig(seed=2396, persons=1000, passengers=20000))


def test_compound_names_are_one_unit(big: synth.SynthDataset) -> None:
    for r in big.watchlist_rows:
        _check_compounds(r["name"])
    for p, t in zip(big.passenger_rows, big.truth, strict=True):
        truncated = "mrz_truncated" in t.notes
        _check_compounds(" ".join((p["name"], p["given_names"], p["surname"])), truncated)


def test_compound_survives_pnr_and_mrz() -> None:
    from random import Random

    from namematch.synth.render import mrz_name, pnr_name

    units = {("ABD", "ALLAH")}
    for seed in range(40):
        pnr = pnr_name("SALEH", "ABD ALLAH", False, Random(seed), keep_middle=0.0, units=units)
        assert pnr.split("/")[1].replace(" ", "").startswith("ABDALLAH"), pnr
    field = mrz_name("ALQAHTANIALQAHTANI", "MOHAMMED ABD ALLAH ABD ALLAH SALEH", units=units)
    assert "ABD<A<" not in field + "<" and field.endswith("<A<S"), field


def _renderings(latin0: str, part: str) -> set[str]:
    """Every way the stock part whose first spelling is ``latin0`` can be written."""
    from namematch.synth.render import (
        CYRILLIC_SCHEMES,
        NATIONAL_SCHEMES,
        feminine_surname,
        fold_latin,
        romanise_cyrillic,
    )
    from namematch.synth.stock import ORIGINS

    out: set[str] = set()
    for origin in ORIGINS.values():
        for e in origin.entries:
            if e.latins[0] != latin0 or (e.kind == "surname") != (part == "surname"):
                continue
            forms = {e.native, feminine_surname(e.native)} if e.native else set()
            out |= {f for f in forms if f}
            for f in forms:
                out |= {romanise_cyrillic(f, s) for s in (*CYRILLIC_SCHEMES, *NATIONAL_SCHEMES)}
            for s in e.latins:
                out |= {s, s.replace("ABDUL", "ABDEL"), s.replace("J", "G"),
                        s.replace("SH", "CH"), feminine_surname(s.upper())}
                if origin.script == "latin":
                    out |= {fold_latin(s), fold_latin(s, umlaut_e=True)}
                if part == "surname" and origin.script == "arabic":
                    out |= {f"AL{s}", f"EL{s}"}
    return {re.sub(r"[^A-Z\u0400-\u06FF]", "", r.upper()) for r in out if r}


def _appears(forms: set[str], row: dict[str, str]) -> bool:
    text = " ".join((row["name"], row["surname"], row["given_names"]))
    text = text.upper()
    chunks = [re.sub(r"[^A-Z\u0400-\u06FF]", "", c) for c in re.split(r"[\s<,]+", text)]
    joined = [a + b for a, b in itertools.pairwise(chunks)]
    pnr = [c for c in re.split(r"[\s/]+", text) if c]
    for f in forms:
        if f in chunks or f in joined:
            return True
        if "/" in text and any(c.startswith(f) or c.endswith(f) for c in pnr):
            return True
    return False


def test_near_names_really_differ(big: synth.SynthDataset) -> None:
    rows = [(p, t) for p, t in zip(big.passenger_rows, big.truth, strict=True)
            if t.slice == "near_name"]
    assert rows
    for p, t in rows:
        notes = dict(n.split("=", 1) for n in t.notes.split(";") if "=" in n)
        other = _renderings(notes["other"], notes["part"])
        was = _renderings(notes["was"], notes["part"])
        assert _appears(other, p), (p, t)
        # a form of the old part inside a form of the new one (FIRUZ in FIRUZA) proves nothing
        was = {w for w in was if not any(w in o for o in other)}
        assert not _appears(was, p), (p, t)


def test_hard_negatives_have_separating_dobs(big: synth.SynthDataset) -> None:
    listed = {p.id: p for p in big.persons}
    for p, t in zip(big.passenger_rows, big.truth, strict=True):
        if t.slice in ("namesake", "relative", "near_name"):
            assert PAX_DOB.fullmatch(p["dob"]), (p, t)
        if t.slice == "namesake":
            ref = listed[t.notes.split(";")[0].split("=")[1]]
            assert ref.dobs, t
            year = int(p["dob"][:4])
            for spec in ref.dobs:
                lo, _, hi = spec.partition("..")
                assert not int(lo[:4]) - 3 < year < int((hi or lo)[:4]) + 3, (t, spec)
    random_pax = sum(1 for t in big.truth if t.slice == "random")
    no_dob_random = sum(1 for p, t in zip(big.passenger_rows, big.truth, strict=True)
                        if t.slice == "random" and not p["dob"])
    assert 0.01 < no_dob_random / random_pax < 0.03
    no_dob_listed = sum(1 for p in big.persons if not p.dobs) / len(big.persons)
    assert 0.02 < no_dob_listed < 0.07


def test_ambiguous_column(big: synth.SynthDataset) -> None:
    listed = {p.id: p for p in big.persons}
    for t in big.truth:
        assert t.ambiguous in ("", "1"), t
        if t.watchlist_id:
            assert not t.ambiguous, t
        if t.slice == "random" and "same_name_as_listed" not in t.notes:
            assert not t.ambiguous, t
    random_rows = [(p, t) for p, t in zip(big.passenger_rows, big.truth, strict=True)
                   if t.slice == "random"]
    same = [(p, t) for p, t in random_rows if "same_name_as_listed" in t.notes]
    assert 0.05 < len(same) / len(random_rows) < 0.15
    ambiguous = [t for _, t in same if t.ambiguous]
    assert 0 < len(ambiguous) < 0.3 * len(same), "most same-name travellers have a DOB apart"
    # a listed passenger's ambiguous_with names other listed persons with its name, whose
    # dates do not set them apart
    with_others = [(p, t) for p, t in zip(big.passenger_rows, big.truth, strict=True)
                   if t.ambiguous_with]
    assert with_others, "some listed names recur"
    for p, t in with_others:
        assert t.watchlist_id and t.watchlist_id not in t.ambiguous_with.split(";")
        for other in t.ambiguous_with.split(";"):
            assert other in listed
            dobs = listed[other].dobs
            assert not p["dob"] or not dobs or any(
                p["dob"].startswith(d) or (".." in d and d[:4] <= p["dob"][:4] <= d[-4:])
                for d in dobs), (t, dobs)
    # a namesake is ambiguous only through another listed person with the same name
    for p, t in zip(big.passenger_rows, big.truth, strict=True):
        if t.slice == "namesake" and t.ambiguous:
            assert p["dob"] and listed[t.notes.split(";")[0].split("=")[1]].dobs
