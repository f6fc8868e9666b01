"""Encoding detection, table-driven (tests/cases/io_encoding.tsv), plus open_text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from namematch.errors import InputError
from namematch.io import detect_encoding, open_text

CASES = Path(__file__).resolve().parents[1] / "cases" / "io_encoding.tsv"


def _cases() -> list[pytest.ParameterSet]:
    with CASES.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [pytest.param(r["text"].replace("\\n", "\n"), r["written_as"], r["detected"],
                         id=r["note"]) for r in rows]


@pytest.mark.parametrize(("text", "written_as", "detected"), _cases())
def test_detect(text: str, written_as: str, detected: str) -> None:
    data = text.encode(written_as)
    if written_as == "utf-8-sig":
        assert data.startswith(b"\xef\xbb\xbf")
    if detected == "error":
        with pytest.raises(InputError, match="--encoding"):
            detect_encoding(data)
        return
    assert detect_encoding(data) == detected
    assert data.decode(detect_encoding(data)).lstrip("\ufeff") == text


def test_open_text(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("passenger_id,name\n1,Иван\n".encode("cp1251"))
    with open_text(path) as fh:
        assert fh.encoding == "cp1251"
        assert fh.read().splitlines()[1] == "1,Иван"
    with pytest.raises(InputError, match="unknown encoding"):
        open_text(path, encoding="klingon")
