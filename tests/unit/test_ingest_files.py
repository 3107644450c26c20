"""Reading scrape files: formats, layouts and mappings, encodings, and every kind of bad input."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest

from hirehound.ingestion.decoding import UnreadableFile, decode
from hirehound.ingestion.layouts import LayoutError, layout_by_name, layout_from_dict, load_layouts
from hirehound.ingestion.normalize import RowRejected, normalize_record
from hirehound.ingestion.readers import MAX_FIELD_CHARS, read_scrape_file
from hirehound.ingestion.scrape_date import board_from_name, scrape_date

LAYOUTS = load_layouts()
DAY = date(2026, 11, 20)


def _jsonl(*records: dict[str, object]) -> bytes:
    return "\n".join(json.dumps(r) for r in records).encode()


def _jobspy_rows() -> list[dict[str, object]]:
    from jobspy.model import CompensationInterval, Country, JobPost, JobType, Location

    posts = [
        JobPost(
            id="in-123",
            site="indeed",
            job_url="https://www.indeed.com/viewjob?jk=123",
            job_url_direct="https://boards.greenhouse.io/acme/jobs/4012345?gh_src=indeed",
            title="Data Engineer",
            company="Acme",
            location=Location(city="Austin", state="TX", country=Country.USA),
            date_posted=date(2026, 11, 19),
            job_type=[JobType.FULL_TIME],
            interval=CompensationInterval.YEARLY,
            min_amount=120000,
            max_amount=150000,
            currency="USD",
            is_remote=False,
            description="**Build** pipelines",
            company_url="https://www.linkedin.com/company/acme",
        ),
        JobPost(
            id="li-9",
            site="linkedin",
            job_url="https://www.linkedin.com/jobs/view/9",
            title="SENIOR ANALYST",
            company="Beta GmbH",
            location=Location(city="Berlin", country="Germany"),
            is_remote=True,
            interval=CompensationInterval.HOURLY,
            min_amount=40,
            max_amount=55,
            currency="EUR",
            description="<p>Join &amp; grow</p><script>x()</script>",
        ),
    ]
    return [p.model_dump() for p in posts]


def test_scrape_date_rule() -> None:
    assert scrape_date("2026-11-20/indeed-a.jsonl", 0) == DAY
    assert scrape_date("2026-11-20/sub/x-2025-01-01.csv", 0) == DAY  # the folder wins over the name
    assert scrape_date("exports/indeed-20261119.csv", 0) == date(2026, 11, 19)
    assert scrape_date("exports/indeed.csv", 1_795_132_800) == DAY  # mtime in UTC
    assert board_from_name("2026-11-20/zip_recruiter-batch1.csv") == "zip_recruiter"
    assert board_from_name("jobspy_export_2025-03-07.csv") is None


def test_native_jsonl_keeps_unknown_keys_in_extra() -> None:
    rows = read_scrape_file(
        "d/indeed-a.jsonl", _jsonl({"source": "indeed", "url": "https://x.io/1", "title": "A", "team": "core"}), LAYOUTS
    )
    assert rows.format == "native/jsonl"
    record = layout_by_name("native", LAYOUTS).to_native(rows.rows[0][1])
    assert record["extra"] == {"team": "core"}


def test_jobspy_csv_from_jobspy_model_rows_is_detected_and_normalized() -> None:
    buffer = io.StringIO()
    rows = _jobspy_rows()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    writer.writerows(rows)
    read = read_scrape_file("d/jobspy-run.csv", buffer.getvalue().encode(), LAYOUTS)
    assert read.format == "jobspy/csv" and len(read.rows) == 2 and not read.problems
    layout = layout_by_name("jobspy", LAYOUTS)
    first = normalize_record(layout.to_native(read.rows[0][1]), scrape_date=DAY, raw_id="x:1")
    assert first["posting_key"] == "indeed:in-123"
    assert (first["city"], first["region"], first["country_code"], first["remote_type"]) == (
        "Austin",
        "TX",
        "US",
        "onsite",
    )
    assert (first["salary_min"], first["salary_max"], first["salary_period"]) == (120000.0, 150000.0, "year")
    assert (first["ats_vendor"], first["ats_tenant"], first["ats_job_id"]) == ("greenhouse", "acme", "4012345")
    assert first["canonical_apply_url"] == "https://boards.greenhouse.io/acme/jobs/4012345"
    assert first["employment_type"] == "full_time" and first["date_posted"] == date(2026, 11, 19)
    assert first["description_text"] == "Build pipelines"
    assert json.loads(first["extra"])["company_url"] == "https://www.linkedin.com/company/acme"
    second = normalize_record(layout.to_native(read.rows[1][1]), scrape_date=DAY, raw_id="x:2")
    assert second["title_normalized"] == "Senior Analyst" and second["seniority"] == "senior"
    assert second["remote_type"] == "remote" and second["salary_annual_max"] == 55 * 2080
    assert second["description_text"] == "Join & grow"


def test_jobspy_json_records_with_epoch_dates() -> None:
    pandas = pytest.importorskip("pandas")
    data = pandas.DataFrame(_jobspy_rows()).to_json(orient="records").encode()
    read = read_scrape_file("d/jobspy-run.json", data, LAYOUTS)
    assert read.format == "jobspy/json"
    record = normalize_record(
        layout_by_name("jobspy", LAYOUTS).to_native(read.rows[0][1]), scrape_date=DAY, raw_id="x:1"
    )
    assert record["date_posted"] == date(2026, 11, 19)


def test_real_export_through_its_mapping(shared_data: Path) -> None:
    data = (shared_data / "real_samples" / "jobspy_export_2025-03-07.csv").read_bytes()
    read = read_scrape_file("2025-03-07/jobspy_export_2025-03-07.csv", data, LAYOUTS)
    assert read.layout == "jobspy_export" and len(read.rows) == 61 and not read.problems
    layout = layout_by_name("jobspy_export", LAYOUTS)
    records = [
        normalize_record(layout.to_native(p), scrape_date=date(2025, 3, 7), raw_id=f"r:{n}") for n, p in read.rows
    ]
    assert all(r["title"] and r["posting_key"].startswith(("google:", "indeed:", "linkedin:")) for r in records)
    assert {r["source"] for r in records} >= {"google"}
    assert sum(1 for r in records if r["country_code"] == "US") > 30
    assert not any("utm_" in (r["canonical_url"] or "") for r in records)
    # The export has no interval column: hourly pay (29-35 USD) must not read as a yearly salary.
    periods = {(r["salary_min"], r["salary_max"]): r["salary_period"] for r in records if r["salary_min"]}
    assert periods[(29.0, 35.0)] == "hour" and periods[(85932.0, 133558.0)] == "year"


def test_export_interval_column_is_read_when_present() -> None:
    layout = layout_by_name("jobspy_export", LAYOUTS)
    row = {
        "Job ID": "1",
        "Job Title (Primary)": "Barista",
        "Job URL": "https://example.com/j/1",
        "Job Source": "indeed",
        "Salary Min": "22",
        "Salary Max": "27",
        "Currency": "USD",
        "Interval": "hourly",
    }
    record = normalize_record(layout.to_native(row), scrape_date=date(2025, 3, 7), raw_id="r:1")
    assert (record["salary_min"], record["salary_max"], record["salary_period"]) == (22.0, 27.0, "hour")
    weekly = normalize_record(
        layout.to_native({**row, "Interval": "weekly"}), scrape_date=date(2025, 3, 7), raw_id="r:2"
    )
    assert weekly["salary_period"] == "week" and weekly["salary_annual_min"] == 22.0 * 52


def test_mapping_file_forces_layout_and_container_by_file_name() -> None:
    forced = layout_from_dict(
        {
            "name": "odd",
            "signature": ["T"],
            "files": ["*odd-*.txt"],
            "container": "csv",
            "fields": {"title": "T", "url": "U"},
        }
    )
    read = read_scrape_file("x/odd-1.txt", b"T;U\nCook;https://a.io/1\n", (forced, *LAYOUTS))
    assert read.format == "odd/csv" and read.rows[0][1] == {"T": "Cook", "U": "https://a.io/1"}


def test_unknown_layout_and_missing_required_column_are_rejected() -> None:
    with pytest.raises(LayoutError, match="unknown layout"):
        read_scrape_file("d/x.csv", b"foo,bar\n1,2\n", LAYOUTS)
    with pytest.raises(LayoutError, match="missing required column"):
        read_scrape_file(
            "d/x.csv", b"id,site,job_url,company,location,date_posted\n1,indeed,https://a.io,A,B,\n", LAYOUTS
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "zero-byte"),
        (b"  \n\n ", "empty file"),
        (gzip.compress(_jsonl({"title": "A", "url": "https://a.io"}) * 50)[:40], "gzip"),
        (bytes(range(256)) * 20, "binary"),
    ],
)
def test_unreadable_files(data: bytes, message: str) -> None:
    with pytest.raises(UnreadableFile, match=message):
        read_scrape_file("d/indeed-x.jsonl", data, LAYOUTS)


def test_gzip_is_read_whatever_the_name() -> None:
    read = read_scrape_file(
        "d/indeed-a.jsonl.gz", gzip.compress(_jsonl({"title": "A", "url": "https://a.io"})), LAYOUTS
    )
    assert read.rows and read.rows[0][1]["title"] == "A"


def test_encodings_latin1_bom_and_invalid_bytes() -> None:
    latin = "title,job_url,company\nIngénieur Café,https://a.io/1,Société Générale\n".encode("latin-1")
    read = read_scrape_file("d/x.csv", latin, LAYOUTS)
    assert read.rows[0][1]["title"] == "Ingénieur Café" and read.encoding != "utf-8"
    bom = b"\xef\xbb\xbf" + "title,job_url,company\nZürich,https://a.io/1,A\n".encode()
    read = read_scrape_file("d/x.csv", bom, LAYOUTS)
    assert "title" in read.rows[0][1] and read.rows[0][1]["title"] == "Zürich"
    broken = (
        "title,job_url,company\nMünchen \u00e9t\u00e9,https://a.io/1,A\n".encode()
        + "Bad é ".encode()
        + b"\xff row,https://a.io/2,B\n"
    )
    read = read_scrape_file("d/x.csv", broken, LAYOUTS)
    assert read.rows[0][1]["title"] == "München été" and read.rows[1][1]["title"] == "Bad é \ufffd row"
    assert ("UndecodableBytes", "1 invalid byte(s) replaced (U+FFFD) on line(s) 3") in read.file_notes
    assert any("invalid byte" in note for note in read.notes)
    assert decode(b"plain ascii").encoding == "utf-8"


def test_bad_rows_are_reported_and_good_rows_kept() -> None:
    data = _jsonl({"title": "A", "url": "https://a.io/1"}) + b'\n[1, 2]\n{"title": "B", "url": "https://a.io/2"}\n{"tit'
    read = read_scrape_file("d/indeed-a.jsonl", data, LAYOUTS)
    assert [n for n, _ in read.rows] == [1, 3]
    assert [(p.row_number, p.error_class) for p in read.problems] == [(2, "MalformedJson"), (4, "MalformedJson")]
    csv_data = b'title,job_url,company\nA,https://a.io/1,X\nB,https://a.io/2\n"C,https://a.io/3,Y\n'
    read = read_scrape_file("d/x.csv", csv_data, LAYOUTS)
    assert [n for n, _ in read.rows] == [1] and {p.error_class for p in read.problems} == {"MalformedRow"}


def test_fifty_megabyte_description_is_truncated_with_a_note() -> None:
    huge = "x" * (50 * 1024 * 1024)
    read = read_scrape_file(
        "d/indeed-a.jsonl", _jsonl({"title": "A", "url": "https://a.io", "description": huge}), LAYOUTS
    )
    assert len(read.rows[0][1]["description"]) == MAX_FIELD_CHARS
    assert [(p.error_class, p.failed) for p in read.problems] == [("FieldTruncated", False)]


def test_rows_with_only_a_url_are_rejected_with_a_reason() -> None:
    with pytest.raises(RowRejected) as caught:
        normalize_record({"url": "https://a.io/1", "extra": {}}, scrape_date=DAY, raw_id="r:1")
    assert caught.value.error_class == "MissingTitle"
    with pytest.raises(RowRejected) as caught:
        normalize_record({"title": "Cook", "extra": {}}, scrape_date=DAY, raw_id="r:1")
    assert caught.value.error_class == "MissingIdentity"


def test_nul_and_sql_looking_strings_are_kept_as_data() -> None:
    row = {"title": "Robert'); DROP TABLE postings;--", "url": "https://a.io/1", "company": "A\u0000B"}
    read = read_scrape_file("d/indeed-a.jsonl", _jsonl(row), LAYOUTS)
    assert read.rows[0][1]["company"] == "AB"
    record = normalize_record(
        layout_by_name("native", LAYOUTS).to_native(read.rows[0][1]), scrape_date=DAY, raw_id="r:1"
    )
    assert record["title"] == "Robert'); DROP TABLE postings;--"
