"""The command line, in-process (``main(argv) -> int``) plus one subprocess smoke test."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from namematch.cli import main

DATA = Path(__file__).parent / "data"
WATCHLIST = DATA / "watchlist.csv"
PASSENGERS = DATA / "passengers.csv"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_screen_finds_planted_matches(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", "--watchlist", str(WATCHLIST), "--passengers", str(PASSENGERS)]) == 0
    out, err = capsys.readouterr()
    rows = _rows(out)
    pairs = {(r["passenger_id"], r["watchlist_id"]) for r in rows}
    assert {("P1", "WL-001"), ("P2", "WL-002"), ("P3", "WL-003"), ("P4", "WL-004"),
            ("P8", "WL-005")} <= pairs
    # A namesake with a date of birth 24 years off is cleared; a stranger never alerts.
    assert not any(r["passenger_id"] in ("P5", "P6") for r in rows)
    assert list(rows[0]) == ["passenger_id", "watchlist_id", "score", "decision",
                             "passenger_name", "matched_name", "matched_name_type"]
    assert all(0.0 <= float(r["score"]) <= 1.0 for r in rows)
    assert "read 9, screened 8, rejected 1" in err


def test_screen_explain_and_jsonl(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_path = tmp_path / "alerts.jsonl"
    assert main(["screen", "--watchlist", str(WATCHLIST), "--passengers", str(PASSENGERS),
                 "--format", "jsonl", "--explain", "--output", str(out_path)]) == 0
    recs = [json.loads(line) for line in out_path.read_text(encoding="utf-8").splitlines()]
    assert recs and all("reasons" in r and "features" in r for r in recs)
    p1 = next(r for r in recs if r["passenger_id"] == "P1")
    assert any("AKHMETOV" in reason for reason in p1["reasons"])


def test_threshold_shows_near_misses(capsys: pytest.CaptureFixture[str]) -> None:
    main(["screen", "--watchlist", str(WATCHLIST), "--passengers", str(PASSENGERS)])
    default = _rows(capsys.readouterr()[0])
    main(["screen", "--watchlist", str(WATCHLIST), "--passengers", str(PASSENGERS),
          "--threshold", "0.5"])
    low = _rows(capsys.readouterr()[0])
    assert len(low) > len(default)
    assert any(r["decision"] == "none" for r in low)


def test_rejects_file_reconciles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rej = tmp_path / "rejects.csv"
    assert main(["screen", "--watchlist", str(WATCHLIST), "--passengers", str(PASSENGERS),
                 "--rejects", str(rej)]) == 0
    rows = list(csv.DictReader(rej.open(encoding="utf-8")))
    assert [r["record_id"] for r in rows] == ["P7"]
    assert "empty name" in rows[0]["reason"]


@pytest.mark.parametrize("args", [
    ["screen", "--watchlist", "no/such/list.csv", "--passengers", str(PASSENGERS)],
    ["screen", "--watchlist", str(WATCHLIST), "--passengers", "no/such/pax.csv"],
    ["screen", "--watchlist", str(WATCHLIST), "--passengers", str(PASSENGERS),
     "--threshold", "1.5"],
    ["screen", "--watchlist", str(WATCHLIST)],
    ["nonsense"],
])
def test_bad_usage_exits_2_without_traceback(args: list[str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip()


def test_missing_columns_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "pax.csv"
    bad.write_text("id,fullname\n1,IVAN IVANOV\n", encoding="utf-8")
    assert main(["screen", "--watchlist", str(WATCHLIST), "--passengers", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Error: passengers file" in err and "passenger_id" in err


def test_wrong_encoding_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pax = tmp_path / "pax.csv"
    pax.write_bytes("passenger_id,name\n1,Иван Иванов\n".encode("cp1251"))
    assert main(["screen", "--watchlist", str(WATCHLIST), "--passengers", str(pax),
                 "--encoding", "utf-8"]) == 2
    err = capsys.readouterr().err
    assert "Error:" in err and "--encoding" in err


def test_cp1251_is_detected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pax = tmp_path / "pax.csv"
    pax.write_bytes("passenger_id,name,dob\n1,Юлия Царева,1990-11-23\n".encode("cp1251"))
    assert main(["screen", "--watchlist", str(WATCHLIST), "--passengers", str(pax)]) == 0
    rows = _rows(capsys.readouterr().out)
    assert [(r["passenger_id"], r["watchlist_id"]) for r in rows] == [("1", "WL-003")]


def test_explain_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "AKHMETOV/KASYMMR", "Қасым Серікұлы Ахметов",
                 "--dob", "1979-04-02", "--list-dob", "1979"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("score ")
    assert "AKHMETOV" in out and "date of birth: year" in out
    assert main(["explain", "AKHMETOV/KASYMMR", "Қасым Ахметов", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decision"] == "hit" and 0.9 <= data["score"] <= 1.0


def test_index_build_update_and_screen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    idx = tmp_path / "list.nmi"
    assert main(["index", "build", str(WATCHLIST), "--output", str(idx)]) == 0
    assert main(["screen", "--watchlist", str(idx), "--passengers", str(PASSENGERS)]) == 0
    from_index = _rows(capsys.readouterr().out)
    main(["screen", "--watchlist", str(WATCHLIST), "--passengers", str(PASSENGERS)])
    from_csv = _rows(capsys.readouterr().out)
    assert from_index == from_csv
    assert main(["index", "update", str(idx), "--remove", "WL-001"]) == 0
    main(["screen", "--watchlist", str(idx), "--passengers", str(PASSENGERS)])
    after = _rows(capsys.readouterr().out)
    assert "WL-001" not in {r["watchlist_id"] for r in after}
    assert len(after) == len(from_csv) - 1


def test_corrupt_index_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    idx = tmp_path / "list.nmi"
    assert main(["index", "build", str(WATCHLIST), "--output", str(idx)]) == 0
    data = idx.read_bytes()
    idx.write_bytes(data[: len(data) // 2])
    capsys.readouterr()
    assert main(["screen", "--watchlist", str(idx), "--passengers", str(PASSENGERS)]) == 2
    err = capsys.readouterr().err
    assert "corrupt" in err and "namematch index build" in err


def test_subprocess_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "namematch", "screen", "--watchlist", str(WATCHLIST),
         "--passengers", str(PASSENGERS)], capture_output=True, text=True, timeout=120,
        check=False)
    assert proc.returncode == 0, proc.stderr
    assert "P1,WL-001" in proc.stdout
    assert "read 9, screened 8, rejected 1" in proc.stderr
