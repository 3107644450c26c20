"""Training examples for the spam classifier: a user's labels CSV, or the demo generator's ground truth.

Labels CSV: one row per posting with a label column (`is_spam`, `fraudulent`, `spam` or `label`; 1/true/yes/spam
mean spam) and either the posting's text (`title`, `description`, optional `company`, `company_url`,
`apply_url`, and EMSCAD's `company_profile`, `requirements`, `benefits`), so a public data set such as EMSCAD
trains directly, or a `posting_id` of a posting already in the database. The demo ground truth labels postings
by posting_id; their text comes from the database when the demo was ingested, else from the demo's scrape files.
A labels CSV may be in any encoding the ingestion readers accept (UTF-8 with or without BOM, UTF-16 with BOM,
cp1252/latin-1 exports, gzip), decoded by the same code (hirehound.ingestion.decoding).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.evaluation.ground_truth import load_ground_truth, postings_truth
from hirehound.ingestion.decoding import UnreadableFile, decode
from hirehound.ingestion.layouts import load_layouts
from hirehound.ingestion.normalize import RowRejected, normalize_record
from hirehound.ingestion.readers import read_scrape_file
from hirehound.ingestion.scrape_date import board_from_name
from hirehound.quality.facts import PostingFacts, facts_from_row

_LABEL_COLUMNS = ("is_spam", "fraudulent", "spam", "label")
_TRUE = {"1", "true", "t", "yes", "y", "spam", "fraud", "fraudulent"}

LATEST_FACTS_SQL = """
SELECT n.posting_id, n.title, n.description_text AS description, n.company_raw AS company, n.company_url, n.url,
       n.apply_url, n.location_raw, n.city, n.country_code, n.remote_type, n.salary_min, n.salary_max,
       n.salary_annual_max, n.salary_currency, n.employment_type, n.seniority, n.date_posted, n.source,
       poc.organization_id, poc.kind AS organization_kind, poc.domain AS organization_domain
FROM postings p
JOIN normalized_postings n ON n.posting_id = p.posting_id AND n.partition_date = p.latest_partition
LEFT JOIN posting_organization_current poc ON poc.posting_id = n.posting_id
WHERE p.posting_id = ANY(:ids)
"""


@dataclass
class Examples:
    facts: list[PostingFacts]
    labels: list[bool]
    source: str
    skipped: int = 0  # labelled rows whose posting could not be found

    @property
    def spam(self) -> int:
        return sum(self.labels)


def _label(value: str | None) -> bool:
    return (value or "").strip().lower() in _TRUE


def facts_from_db(conn: Connection, posting_ids: Iterable[str]) -> dict[str, PostingFacts]:
    """The latest facts of postings already ingested, by posting_id."""
    rows = conn.execute(sa.text(LATEST_FACTS_SQL), {"ids": list(posting_ids)})
    return {r.posting_id: facts_from_row(dict(r._mapping)) for r in rows}


def read_labels_csv(path: str | Path) -> list[dict[str, str]]:
    """Rows of a labels CSV in whatever encoding ingestion accepts; ValueError naming the file when unreadable."""
    try:
        text = decode(Path(path).read_bytes()).text.replace("\x00", "")
    except UnreadableFile as exc:
        raise ValueError(f"{path}: {exc}") from exc
    return [{k: v or "" for k, v in r.items() if k is not None} for r in csv.DictReader(io.StringIO(text, newline=""))]


def examples_from_labels_csv(path: str | Path, conn: Connection | None = None) -> Examples:
    rows = read_labels_csv(path)
    columns = set(rows[0]) if rows else set()
    label_col = next((c for c in _LABEL_COLUMNS if c in columns), None)
    if label_col is None:
        raise ValueError(f"{path}: no label column (one of {', '.join(_LABEL_COLUMNS)})")
    if "title" in columns:
        facts = [_facts_from_text_row(i, r) for i, r in enumerate(rows, start=1)]
        return Examples(facts, [_label(r[label_col]) for r in rows], str(path))
    if "posting_id" not in columns:
        raise ValueError(f"{path}: needs a title column (text labels) or a posting_id column")
    if conn is None:
        raise ValueError("labels by posting_id need the database")
    found = facts_from_db(conn, [r["posting_id"] for r in rows])
    pairs = [(found[r["posting_id"]], _label(r[label_col])) for r in rows if r["posting_id"] in found]
    return Examples([p[0] for p in pairs], [p[1] for p in pairs], str(path), skipped=len(rows) - len(pairs))


def _facts_from_text_row(number: int, r: dict[str, str]) -> PostingFacts:
    parts = (r.get(k) or "" for k in ("company_profile", "description", "requirements", "benefits"))
    return PostingFacts(
        posting_id=(r.get("posting_id") or r.get("job_id") or f"row:{number}"),
        title=r.get("title") or "",
        description="\n".join(p for p in parts if p.strip()),
        company=r.get("company") or r.get("company_name") or None,
        company_url=r.get("company_url") or None,
        apply_url=r.get("apply_url") or None,
    )


def examples_from_demo(ground_truth: str | Path, landing: str | Path, conn: Connection | None = None) -> Examples:
    """Every non-malformed demo posting, labelled by the ground truth."""
    rows = load_ground_truth(ground_truth)
    truth = postings_truth(rows)
    facts = facts_from_db(conn, truth) if conn is not None else {}
    missing = set(truth) - set(facts)
    if missing:
        facts.update(_facts_from_files(Path(landing), {r.file for r in rows if r.posting_id in missing}, missing))
    ids = sorted(pid for pid in truth if pid in facts)
    return Examples(
        [facts[pid] for pid in ids], [truth[pid].is_spam for pid in ids], f"demo:{ground_truth}",
        skipped=len(truth) - len(ids),
    )  # fmt: skip


def _facts_from_files(landing: Path, files: set[str], wanted: set[str]) -> dict[str, PostingFacts]:
    """Postings read from the demo's scrape files the way ingestion normalizes them (latest file wins)."""
    layouts = load_layouts()
    out: dict[str, PostingFacts] = {}
    for rel in sorted(files):
        path = landing / rel
        if not path.is_file():
            continue
        parsed = read_scrape_file(str(path), path.read_bytes(), layouts)
        layout = next(lay for lay in layouts if lay.name == parsed.layout)
        day = date.fromisoformat(rel.split("/", 1)[0])
        for number, payload in parsed.rows:
            try:
                rec = normalize_record(
                    layout.to_native(payload),
                    scrape_date=day,
                    raw_id=f"{rel}:{number}",
                    file_board=board_from_name(rel),
                )
            except RowRejected:
                continue
            if rec["posting_id"] in wanted:
                rec["description"] = rec.get("description_text") or ""
                rec["company"] = rec.get("company_raw")
                out[rec["posting_id"]] = facts_from_row(rec)
    return out
