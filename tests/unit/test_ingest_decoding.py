"""Decoding scrape bytes: Western exports, mixed files, stray NULs and BOM-less UTF-16 come out as the right text."""

from __future__ import annotations

import pytest

from hirehound.ingestion.decoding import UnreadableFile, decode
from hirehound.ingestion.layouts import load_layouts
from hirehound.ingestion.readers import read_scrape_file

LAYOUTS = load_layouts()
HEADER = "title,job_url,company\n"
WESTERN = ["Crème brûlée chef", "Ñandú keeper", "Señor Café barista", "Ingénieur Société Générale"]


def _csv(titles: list[str]) -> str:
    return HEADER + "".join(f"{t},https://a.io/{i},Acme\n" for i, t in enumerate(titles))


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_western_exports_decode_to_their_own_letters(codec: str) -> None:
    read = read_scrape_file("d/x.csv", _csv(WESTERN).encode(codec), LAYOUTS)
    assert [payload["title"] for _, payload in read.rows] == WESTERN


def test_short_single_word_exports_are_not_read_as_central_european() -> None:
    for word in ("crème", "Ñandú", "Måløv Ærø", "Straße"):
        assert decode(f"{word}\n".encode("latin-1")).text == f"{word}\n"


def test_cp1252_punctuation_survives() -> None:
    text = "Pay: 40 €/hour – “urgent” … apply\n"
    assert decode(text.encode("cp1252")).text == text


def test_utf8_rows_followed_by_latin1_rows_are_each_decoded_right() -> None:
    first = ["München été", "Zürich Straße", "日本語 engineer"]
    data = _csv(first).encode("utf-8") + "".join(f"{t},https://b.io/{i},B\n" for i, t in enumerate(WESTERN)).encode(
        "latin-1"
    )
    decoded = decode(data)
    assert decoded.encoding == "utf-8+cp1252" and decoded.fallback_lines == len(WESTERN)
    read = read_scrape_file("d/x.csv", data, LAYOUTS)
    assert [payload["title"] for _, payload in read.rows] == first + WESTERN
    assert [cls for cls, _ in read.file_notes] == ["FallbackEncoding"]


def test_a_byte_cp1252_lacks_falls_back_to_latin1() -> None:
    assert decode(b"A\x81B caf\xe9\n").text == "A\x81B café\n"


def test_cyrillic_code_page_is_still_recognised() -> None:
    text = "Программист Python, Москва, полная занятость, опыт работы от трёх лет\n" * 3
    assert decode(text.encode("cp1251")).text == text


def test_a_stray_nul_early_in_a_file_is_removed_not_quarantined() -> None:
    data = ("title,job_url,company\nCook\x00,https://a.io/1,A\n" + _csv(WESTERN).split("\n", 1)[1]).encode()
    read = read_scrape_file("d/x.csv", data, LAYOUTS)
    assert read.rows[0][1]["title"] == "Cook" and len(read.rows) == 1 + len(WESTERN)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text_not_binary(codec: str) -> None:
    data = _csv(WESTERN).encode(codec)
    assert decode(data).encoding == codec
    read = read_scrape_file("d/x.csv", data, LAYOUTS)
    assert [payload["title"] for _, payload in read.rows] == WESTERN


def test_real_binary_is_still_refused() -> None:
    with pytest.raises(UnreadableFile, match="binary"):
        decode(bytes(range(256)) * 20)
    with pytest.raises(UnreadableFile, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n" + bytes(4000))
