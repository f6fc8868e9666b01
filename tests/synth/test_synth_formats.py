"""Format samples made by the generator (namematch.synth.formats): bytes, round trips, screening.

The samples are written once per module into a temporary folder with the committed samples'
own command (read from their card), so the tests also prove the committed files are current.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import pytest

import namematch.synth as synth
from namematch.io import (
    detect_passenger_format,
    detect_watchlist_format,
    read_passengers,
    read_watchlist,
)
from namematch.screen import Screener, Watchlist
from namematch.synth import SynthConfig, iter_passengers, iter_persons
from namematch.synth.formats import LIST_SAMPLES, PASSENGER_SAMPLES, write_format_samples
from namematch.types import ListedPerson, Passenger, ReadCounts, Rejected

ROOT = Path(__file__).resolve().parents[2]
#: The committed generated samples (the hand-written reader fixtures of tests/io live one
#: folder up, in data/synthetic/formats/).
COMMITTED = ROOT / "data" / "synthetic" / "formats" / "generated"
SMALL = SynthConfig(seed=11, persons=12, passengers=150, positive_share=0.2)
PASSENGER_FORMAT = {
    "sample.paxlst.edi": "paxlst", "sample.mrz.txt": "mrz", "sample.pnrgov.edi": "pnrgov",
    "sample.passengers.jsonl": "jsonl", "passengers_cp1251.csv": "csv",
    "passengers_cp1256.csv": "csv", "passengers_utf16.csv": "csv",
}
LIST_FORMAT = {"un_list.xml": "un_xml", "ofac": "ofac", "list.ftm.jsonl": "ftm",
               "eu_list.xml": "eu_xml"}


def _committed_config() -> tuple[SynthConfig, str]:
    card = (COMMITTED / "card.md").read_text(encoding="utf-8")
    match = re.search(r"\* command: `(namematch synth (.*?) --out \S+)`", card)
    assert match, "the samples' card must record the command"
    argv = match.group(2).split()
    parser = argparse.ArgumentParser()
    synth.add_arguments(parser)
    args = parser.parse_args([*argv, "--out", "x"])
    assert args.formats, argv
    return SynthConfig(seed=args.seed, persons=args.persons, passengers=args.passengers,
                       positive_share=args.positive_share), match.group(1)


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthConfig]:
    config, command = _committed_config()
    out = tmp_path_factory.mktemp("formats")
    write_format_samples(config, out, command=command)
    return out, config


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _truth(folder: Path) -> list[dict[str, str]]:
    with open(folder / "truth.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_reproducible(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    counts = write_format_samples(SMALL, a)
    assert write_format_samples(SMALL, b) == counts
    assert _files(a) == _files(b)
    expected = {*PASSENGER_SAMPLES, "un_list.xml", "list.ftm.jsonl", "eu_list.xml",
                "ofac/sdn.csv", "ofac/alt.csv", "truth.csv", "card.md"}
    assert set(_files(a)) == expected
    other = tmp_path / "c"
    write_format_samples(SynthConfig(seed=12, persons=12, passengers=150), other)
    assert _files(other)["un_list.xml"] != _files(a)["un_list.xml"]


def test_committed_samples_are_current(samples: tuple[Path, SynthConfig]) -> None:
    out, _config = samples
    got, committed = _files(out), _files(COMMITTED)
    assert set(got) == set(committed)
    for name, data in got.items():
        assert data == committed[name], (
            f"{COMMITTED.name}/{name} is stale: regenerate it with the command on its card")


def test_card_and_truth(samples: tuple[Path, SynthConfig]) -> None:
    out, config = samples
    card = (out / "card.md").read_text(encoding="utf-8")
    assert f"seed: {config.seed}" in card and "fictional" in card
    for name in (*PASSENGER_SAMPLES, *LIST_SAMPLES, "truth.csv"):
        assert f"`{name}" in card, name
    truth = _truth(out)
    planted = [r for r in truth if r["watchlist_id"]]
    assert len(truth) <= 80 and 12 <= len(planted) <= 25
    assert {r["file"] for r in planted} == set(PASSENGER_SAMPLES)
    cross = [r for r in planted
             if r["passenger_script"] != "latin" or "latin" not in r["list_script"]]
    assert {r["passenger_script"] for r in cross} >= {"latin", "cyrillic", "arabic"}
    for r in planted:
        assert r["slice"] in ("api", "pnr", "free", "native"), r
    assert len({(r["file"], r["passenger_id"]) for r in truth}) == len(truth)


def _generated(config: SynthConfig) -> dict[str, Passenger]:
    return {p.passenger_id: p for p, _t in iter_passengers(config)}


def _mrz_field(surname: str | None, given: str | None) -> str:
    def norm(text: str | None) -> str:
        return re.sub(r"[ -]", "<", (text or "").replace("'", "").upper())
    return f"{norm(surname)}<<{norm(given)}"


def _api_parts(p: Passenger) -> tuple[str | None, str | None]:
    if p.surname or p.given_names:
        return p.surname, p.given_names
    sur, _sep, giv = (p.name or "").rstrip("<").partition("<<")
    return sur.replace("<", " ") or None, giv.replace("<", " ") or None


@pytest.mark.parametrize("file", PASSENGER_SAMPLES)
def test_passenger_round_trip(samples: tuple[Path, SynthConfig], file: str) -> None:
    out, config = samples
    path = out / file
    head = path.read_bytes()[:4000]
    codec = {"passengers_cp1251.csv": "cp1251", "passengers_cp1256.csv": "cp1256",
             "passengers_utf16.csv": "utf-16"}.get(file, "utf-8")
    text = head.decode(codec, errors="ignore")
    assert detect_passenger_format(text) == PASSENGER_FORMAT[file]
    counts = ReadCounts(file)
    recs = list(read_passengers(path, counts=counts))
    assert counts.reconciles() and counts.read == len(recs)
    rejected = [r for r in recs if isinstance(r, Rejected)]
    assert not rejected, rejected
    rows = [r for r in _truth(out) if r["file"] == file]
    assert [r.passenger_id for r in recs if isinstance(r, Passenger)] == [
        r["passenger_id"] for r in rows]
    gen = _generated(config)
    for rec, row in zip(recs, rows, strict=True):
        assert isinstance(rec, Passenger)
        orig = gen[row["source_id"]]
        # PNRGOV booking names without SSR DOCS carry no date of birth
        assert rec.dob == (None if file == "sample.pnrgov.edi" else orig.dob), row
        if file == "sample.paxlst.edi":
            assert (rec.surname, rec.given_names) == _api_parts(orig)
        elif file == "sample.mrz.txt":
            full = _mrz_field(*_api_parts(orig))
            assert rec.name is not None and full.startswith(rec.name), (rec.name, full)
            assert rec.name == full or rec.extra.get("mrz_truncated") == "1"
            assert "mrz_check_failed" not in rec.extra
        else:
            assert (rec.name, rec.surname, rec.given_names) == (
                orig.name, orig.surname, orig.given_names), (file, row["source_id"])
            assert rec.form == orig.form


def _name_key(name: str | None) -> tuple[str, ...]:
    return tuple(sorted(re.sub(r"[,]", " ", (name or "")).casefold().split()))


@pytest.mark.parametrize("file", LIST_SAMPLES)
def test_list_round_trip(samples: tuple[Path, SynthConfig], file: str) -> None:
    out, config = samples
    path = out / file
    head = "" if path.is_dir() else path.read_text(encoding="utf-8")[:4000]
    assert detect_watchlist_format(path, head) == LIST_FORMAT[file]
    counts = ReadCounts(file)
    recs = list(read_watchlist(path, counts=counts))
    assert counts.reconciles() and counts.read == len(recs)
    rejected = [r for r in recs if isinstance(r, Rejected)]
    assert not rejected, rejected
    orig = list(iter_persons(config))
    got = [r for r in recs if isinstance(r, ListedPerson)]
    assert [p.id for p in got] == [p.id for p in orig]
    ranges_kept = file in ("un_list.xml", "ofac")
    for o, g in zip(orig, got, strict=True):
        assert {_name_key(n.name) for n in g.names} == {_name_key(n.name) for n in o.names}, o.id
        want = o.dobs if ranges_kept else tuple(d for d in o.dobs if ".." not in d)
        assert g.dobs == want, o.id
        assert g.gender == o.gender, o.id


@pytest.fixture(scope="module")
def watchlists(samples: tuple[Path, SynthConfig]) -> dict[str, Watchlist]:
    out, _config = samples
    return {file: Watchlist.from_file(out / file) for file in LIST_SAMPLES}


@pytest.mark.parametrize("pax_file", PASSENGER_SAMPLES)
def test_planted_matches_found(samples: tuple[Path, SynthConfig],
                               watchlists: dict[str, Watchlist], pax_file: str) -> None:
    out, _config = samples
    planted = {r["passenger_id"]: r["watchlist_id"] for r in _truth(out)
               if r["file"] == pax_file and r["watchlist_id"]}
    assert planted
    failures = []
    for list_file, wl in watchlists.items():
        screener = Screener(wl)
        found = {(a.passenger_id, a.watchlist_id) for a in screener.screen(out / pax_file)}
        assert not screener.rejected, screener.rejected
        missed = sorted(f"{pid}->{wid}" for pid, wid in planted.items()
                        if (pid, wid) not in found)
        if (len(planted) - len(missed)) / len(planted) < 0.9:
            failures.append(f"{pax_file} x {list_file}: missed {', '.join(missed)}")
    assert not failures, "\n".join(failures)


def test_cli_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    synth.add_arguments(parser)
    argv = ["--formats", "--seed", "11", "--persons", "12", "--passengers", "150",
            "--positive-share", "0.2", "--out", str(tmp_path / "cli")]
    assert synth.run(parser.parse_args(argv)) == 0
    assert "format sample files" in capsys.readouterr().err
    write_format_samples(SMALL, tmp_path / "api", command="x")
    got, api = _files(tmp_path / "cli"), _files(tmp_path / "api")
    assert not (tmp_path / "cli" / "watchlist.csv").exists()
    assert {k: v for k, v in got.items() if k != "card.md"} == {
        k: v for k, v in api.items() if k != "card.md"}
    card = got["card.md"].decode("utf-8")
    assert f"`namematch synth {' '.join(argv[:-2])} --out {(tmp_path / 'cli').as_posix()}`" in card
    with pytest.raises(synth.SynthConfigError, match="--list-only"):
        synth.run(parser.parse_args([*argv, "--list-only"]))
