"""Labels CSVs are read in every encoding ingestion accepts, the way Windows spreadsheet exports arrive."""

from __future__ import annotations

from pathlib import Path

import pytest

from hirehound.spam.training import examples_from_labels_csv

ROWS = [
    ("Crème brûlée Chef", "Prepare desserts for our café — full-time.", "0"),
    ("Remote Assistant", "Earn up to €900 a week, message us on Telegram.", "1"),
]


def _csv(rows: list[tuple[str, str, str]]) -> str:
    body = "".join(f'"{t}","{d}",{y}\r\n' for t, d, y in rows)
    return "title,description,fraudulent\r\n" + body


def test_cp1252_export_is_read_not_crashed(tmp_path: Path) -> None:
    """A cp1252 export used to crash the reader (UTF-8 only); now every row and label comes through."""
    path = tmp_path / "labels.csv"
    path.write_bytes(_csv(ROWS).encode("cp1252"))
    ex = examples_from_labels_csv(path)
    assert ex.labels == [False, True]
    assert ex.facts[0].title.startswith("Cr") and ex.facts[0].title.endswith(" Chef")
    assert "Telegram" in ex.facts[1].description


@pytest.mark.parametrize(
    "encoding",
    [
        "cp1252",
        "utf-8",
        "utf-8-sig",
        "utf-16",
    ],
)
def test_labels_csv_in_any_accepted_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "labels.csv"
    path.write_bytes(_csv(ROWS).encode(encoding))
    ex = examples_from_labels_csv(path)
    assert [f.title for f in ex.facts] == ["Crème brûlée Chef", "Remote Assistant"]
    assert ex.facts[0].description == "Prepare desserts for our café — full-time."
    assert ex.labels == [False, True]


def test_unreadable_labels_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(ValueError, match=r"labels\.csv"):
        examples_from_labels_csv(path)
