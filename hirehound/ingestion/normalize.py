"""One native record (any layout, already mapped) becomes one normalized posting, or a reason it cannot.

The result's keys are the columns of `normalized_postings`. A row needs a title and an identity (a board job id
or a usable URL); anything else missing is left empty rather than rejecting the posting.
"""

from __future__ import annotations

import html
import json
import math
import re
from datetime import date
from typing import Any

from hirehound.ingestion import fields, identity, locations, salary, text, titles, urls

NORMALIZER_VERSION = "4"  # bump when normalization changes, so unchanged partitions are normalized again
_WS = re.compile(r"\s+")


class RowRejected(Exception):
    """A row that cannot become a posting; `error_class` names the reason in the failure ledger."""

    def __init__(self, error_class: str, message: str) -> None:
        super().__init__(message)
        self.error_class = error_class


def _text(value: Any, limit: int = 2000) -> str | None:
    if value is None or isinstance(value, bool | dict | list):
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            value = int(value)
    cleaned = _WS.sub(" ", html.unescape(str(value))).strip()
    return cleaned[:limit] or None


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def normalize_record(
    record: dict[str, Any], *, scrape_date: date, raw_id: str, file_board: str | None = None
) -> dict[str, Any]:
    """The normalized_postings columns of one native record; raises RowRejected.

    Field values dropped as out of range are listed under the extra key `field_notes` as (field, reason).
    """
    notes: fields.Notes = []
    url = _text(record.get("url"), 4000)
    apply_url = _text(record.get("apply_url"), 4000)
    canonical = urls.canonical_url(url)
    canonical_apply = urls.canonical_url(apply_url) or canonical
    source = (_text(record.get("source"), 64) or urls.board_of_url(url) or file_board or "unknown").lower()
    source = source.replace(" ", "_")
    job_id = _text(record.get("source_job_id"), 512)
    key = identity.posting_key(source, job_id, canonical)
    if key is None:
        raise RowRejected("MissingIdentity", "no source_job_id and no usable url")
    raw_title = _text(record.get("title"), 1000)
    if not raw_title:
        raise RowRejected("MissingTitle", f"row has no title ({key})")
    title = titles.clean_title(raw_title)
    title_normalized = titles.normalize_title(raw_title)
    company = _text(record.get("company"), 500)
    location_raw = _text(record.get("location"), 500)
    place = locations.parse_location(location_raw, record.get("remote"))
    pay = salary.salary_from_fields(
        record.get("salary"),
        record.get("salary_min"),
        record.get("salary_max"),
        record.get("salary_currency"),
        record.get("salary_interval"),
        notes=notes,
    )
    description = record.get("description")
    description_html, description_text, _ = text.description_to_text(
        description if isinstance(description, str) else _text(description, 10**6),
        _text(record.get("description_format"), 20),
    )
    ats = urls.ats_job(apply_url) or urls.ats_job(url)
    return {
        "partition_date": scrape_date,
        "posting_id": identity.posting_id(key),
        "posting_key": key,
        "raw_id": raw_id,
        "source": source,
        "source_job_id": job_id,
        "url": url,
        "canonical_url": canonical,
        "apply_url": apply_url,
        "canonical_apply_url": canonical_apply,
        "ats_vendor": ats.vendor if ats else None,
        "ats_tenant": ats.tenant if ats else None,
        "ats_job_id": ats.job_id if ats else None,
        "title": title,
        "title_normalized": title_normalized,
        "seniority": titles.seniority(raw_title),
        "company_raw": company,
        "company_url": _text(record.get("company_url"), 2000),
        "location_raw": location_raw,
        "city": place.city,
        "region": place.region,
        "country_code": place.country_code,
        "remote_type": place.remote_type,
        "places": list(place.places),
        "salary_min": pay.min,
        "salary_max": pay.max,
        "salary_currency": pay.currency,
        "salary_period": pay.period,
        "salary_annual_min": pay.annual_min,
        "salary_annual_max": pay.annual_max,
        "employment_type": fields.employment_type(record.get("employment_type")),
        "date_posted": fields.parse_date(record.get("date_posted"), scrape_date, notes),
        "expires_at": fields.parse_expiry(record.get("expires_at"), scrape_date, notes),
        "description_html": description_html,
        "description_text": description_text,
        "content_hash": identity.content_hash(
            title_normalized, company, place.city, place.country_code, place.remote_type, description_text
        ),
        "extra": json.dumps(_json_safe(record.get("extra") or {}), ensure_ascii=False),
        "field_notes": notes,
    }
