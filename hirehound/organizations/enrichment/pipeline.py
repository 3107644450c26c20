"""Steps 2-7 and 9 of enrichment for a set of organizations: collect values, merge, derive, write.

`load_evidence` gathers what the postings say; providers turn evidence into field values, which are stored per
(organization, field, source) in `organization_field_values`; `merge_fields` picks each field's winner by the
precedence in `fields`; industry, size and headquarters are derived from the winners (or from the postings'
text and volume) keeping the source and confidence of their input; `write_enriched` updates `organizations`
and reports which organizations changed, so downstream publication can refresh their postings.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.organizations.enrichment import industry, size
from hirehound.organizations.enrichment.fields import FieldValue, merge_fields
from hirehound.organizations.enrichment.geocode import geocode
from hirehound.organizations.enrichment.offline_provider import OrganizationEvidence

MAX_TEXT_CHARS = 2_000  # per posting, for industry inference: the opening says what the company does


def scope(conn: Connection, partition: str) -> list[str]:
    """Active organizations created or changed on a scrape date: linked to its postings, or seen that day."""
    return list(
        conn.execute(
            sa.text(
                """
                SELECT DISTINCT c.current_organization_id AS org
                FROM organizations o JOIN current_organizations c ON c.organization_id = o.organization_id
                WHERE o.kind <> 'confidential' AND (o.last_seen = :p OR o.organization_id IN (
                    SELECT organization_id FROM posting_organizations WHERE partition_date = :p))
                ORDER BY 1
                """
            ),
            {"p": partition},
        ).scalars()
    )


def load_evidence(conn: Connection, organization_ids: list[str]) -> dict[str, OrganizationEvidence]:
    out: dict[str, OrganizationEvidence] = {}
    for r in conn.execute(
        sa.text(
            """
            SELECT o.organization_id, o.name, o.kind, o.domain,
                   (SELECT i.value FROM organization_identifiers i WHERE i.organization_id = o.organization_id
                      AND i.kind = 'domain' ORDER BY i.first_seen, i.value LIMIT 1) AS id_domain
            FROM organizations o WHERE o.organization_id = ANY(:ids)
            """
        ),
        {"ids": organization_ids},
    ):
        out[r.organization_id] = OrganizationEvidence(r.organization_id, r.name, r.kind, r.domain or r.id_domain)
    rows = conn.execute(
        sa.text(
            """
            SELECT po.organization_id, n.title, left(n.description_text, :chars) AS text, n.company_url, n.extra
            FROM posting_organizations po
            JOIN postings p ON p.posting_id = po.posting_id
            JOIN normalized_postings n ON n.posting_id = p.posting_id AND n.partition_date = p.latest_partition
            WHERE po.organization_id = ANY(:ids)
            ORDER BY po.organization_id, po.posting_id
            """
        ),
        {"ids": organization_ids, "chars": MAX_TEXT_CHARS},
    )
    for r in rows:
        ev = out[r.organization_id]
        ev.titles.append(r.title or "")
        ev.descriptions.append(r.text or "")
        if r.company_url:
            ev.company_urls.append(r.company_url)
        ev.extras.append(dict(r.extra or {}))
        ev.distinct_postings += 1
    return out


def store_values(conn: Connection, organization_id: str, values: list[FieldValue], run_id: str) -> None:
    store_values_many(conn, {organization_id: values}, run_id)


def store_values_many(conn: Connection, values: dict[str, list[FieldValue]], run_id: str) -> None:
    """Upsert each organization's values, one per (field, source): the most confident wins. One statement."""
    params: list[dict[str, Any]] = []
    for organization_id, org_values in values.items():
        latest: dict[tuple[str, str], FieldValue] = {}
        for v in org_values:
            key = (v.field, v.source)
            if key not in latest or v.confidence > latest[key].confidence:
                latest[key] = v
        params += [
            {"org": organization_id, "field": v.field, "source": v.source, "value": json.dumps(v.value),
             "confidence": v.confidence, "fetched_at": v.fetched_at, "run_id": run_id}
            for v in latest.values()
        ]  # fmt: skip
    if not params:
        return
    conn.execute(
        sa.text(
            """
            INSERT INTO organization_field_values (organization_id, field, source, value, confidence, fetched_at,
                                                   run_id)
            VALUES (:org, :field, :source, CAST(:value AS jsonb), :confidence, :fetched_at, :run_id)
            ON CONFLICT (organization_id, field, source) DO UPDATE SET value = EXCLUDED.value,
                confidence = EXCLUDED.confidence, fetched_at = EXCLUDED.fetched_at, run_id = EXCLUDED.run_id
            """
        ),
        params,
    )


def stored_values(conn: Connection, organization_id: str) -> list[FieldValue]:
    """Every source's latest value for the organization, including earlier runs' (e.g. an API answer)."""
    return stored_values_many(conn, [organization_id])[organization_id]


def stored_values_many(conn: Connection, organization_ids: list[str]) -> dict[str, list[FieldValue]]:
    """`stored_values` of several organizations in one query (each in field, source order)."""
    out: dict[str, list[FieldValue]] = {org: [] for org in organization_ids}
    rows = conn.execute(
        sa.text(
            "SELECT organization_id, field, source, value, confidence, fetched_at FROM organization_field_values "
            "WHERE organization_id = ANY(:orgs) ORDER BY organization_id, field, source"
        ),
        {"orgs": list(organization_ids)},
    )
    for r in rows:
        out[r.organization_id].append(FieldValue(r.field, r.value, r.source, r.fetched_at, r.confidence))
    return out


def derive(evidence: OrganizationEvidence, values: list[FieldValue], now: datetime) -> list[FieldValue]:
    """Industry sector, size band and HQ place from the merged values, or from the postings as a fallback."""
    merged = merge_fields(values)
    derived: list[FieldValue] = []
    label = merged.get("industry_text")
    guess = industry.classify_label(str(label.value)) if label else None
    source = label.source if (label and guess) else "postings"
    if guess is None:
        guess = industry.classify_text(" ".join(evidence.titles + evidence.descriptions))
    if guess is None and evidence.kind == "staffing_agency":
        guess = industry.IndustryGuess("56", industry.NAICS_SECTORS["56"][0], 0.9, 1)
        source = "postings"
    if guess is not None:
        derived.append(FieldValue("industry_naics", guess.naics, source, now, guess.confidence))
    estimate: size.SizeEstimate | None = None
    if "employee_count" in merged and isinstance(merged["employee_count"].value, int):
        estimate = size.from_count(merged["employee_count"].value, merged["employee_count"].source)
        size_source = merged["employee_count"].source
    elif "employee_count_text" in merged:
        estimate = size.from_text(str(merged["employee_count_text"].value), merged["employee_count_text"].source)
        size_source = merged["employee_count_text"].source
    if estimate is None:
        estimate = size.from_posting_volume(evidence.distinct_postings)
        size_source = "postings"
    if estimate is not None:
        derived.append(
            FieldValue("size_band", {"band": estimate.band, "evidence": estimate.evidence}, size_source, now,
                       estimate.confidence)
        )  # fmt: skip
    hq = merged.get("hq_raw")
    place = geocode(str(hq.value)) if hq else None
    if hq and place:
        value = {"city": place.city, "country_code": place.country_code, "lat": place.lat, "lon": place.lon}
        derived.append(FieldValue("hq_place", value, hq.source, now, hq.confidence))
    return derived


def current_values(stored: list[FieldValue], derived: list[FieldValue]) -> list[FieldValue]:
    """What `organization_field_values` holds once `derived` is stored: one value per (field, source).

    `store_values` overwrites the earlier run's derived value of the same field and source, so that stale value must
    not take part in the merge either: it would win whenever it had the higher confidence, and the organization's
    industry confidence would then depend on which scrape date was enriched first.
    """
    replaced = {(v.field, v.source) for v in derived}
    return [v for v in stored if (v.field, v.source) not in replaced] + list(derived)


@dataclass(frozen=True)
class EnrichedRow:
    organization_id: str
    columns: dict[str, Any]
    provenance: dict[str, dict[str, Any]]
    content_hash: str


def enriched_row(organization_id: str, values: list[FieldValue]) -> EnrichedRow:
    merged = merge_fields(values)

    def get(field: str) -> Any:
        return merged[field].value if field in merged else None

    sector = get("industry_naics")
    band = get("size_band") or {}
    place = get("hq_place") or {}
    columns = {
        "website": get("website"),
        "domain": get("domain"),
        "description": get("description"),
        "logo_url": get("logo_url"),
        "industry_naics": sector,
        "industry_name": industry.NAICS_SECTORS[sector][0] if sector in industry.NAICS_SECTORS else None,
        "industry_confidence": merged["industry_naics"].confidence if sector else None,
        "size_band": band.get("band"),
        "size_evidence": json.dumps(band.get("evidence")) if band else None,
        "employee_count": get("employee_count"),
        "revenue_text": get("revenue_text"),
        "hq_raw": get("hq_raw"),
        "hq_city": place.get("city"),
        "hq_country_code": place.get("country_code"),
        "hq_lat": place.get("lat"),
        "hq_lon": place.get("lon"),
    }
    provenance = {f: v.provenance() for f, v in sorted(merged.items())}
    digest = hashlib.sha256(json.dumps(columns, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return EnrichedRow(organization_id, columns, provenance, digest)


def write_enriched(conn: Connection, row: EnrichedRow, *, partition: str, run_id: str) -> bool:
    """Update the organization's enriched columns; True when any of them changed."""
    return write_enriched_many(conn, [row], partition=partition, run_id=run_id) == 1


def write_enriched_many(conn: Connection, rows: list[EnrichedRow], *, partition: str, run_id: str) -> int:
    """Update the organizations' enriched columns (two statements for all); how many of them changed."""
    if not rows:
        return 0
    previous: dict[str, str | None] = dict(
        conn.execute(
            sa.text("SELECT organization_id, enrichment_hash FROM organizations WHERE organization_id = ANY(:orgs)"),
            {"orgs": [r.organization_id for r in rows]},
        ).all()
    )
    conn.execute(
        sa.text(
            """
            UPDATE organizations SET website = :website, domain = :domain, description = :description,
                logo_url = :logo_url, industry_naics = :industry_naics, industry_name = :industry_name,
                industry_confidence = :industry_confidence, size_band = :size_band,
                size_evidence = CAST(:size_evidence AS jsonb), employee_count = :employee_count,
                revenue_text = :revenue_text, hq_raw = :hq_raw, hq_city = :hq_city,
                hq_country_code = :hq_country_code, hq_lat = :hq_lat, hq_lon = :hq_lon,
                field_provenance = CAST(:provenance AS jsonb), enriched_at = now(), enriched_partition = :p,
                updated_at = CASE WHEN enrichment_hash IS DISTINCT FROM :hash THEN now() ELSE updated_at END,
                enrichment_hash = :hash, run_id = :run_id
            WHERE organization_id = :org
            """
        ),
        [
            {**row.columns, "provenance": json.dumps(row.provenance), "p": partition, "hash": row.content_hash,
             "run_id": run_id, "org": row.organization_id}
            for row in rows
        ],
    )  # fmt: skip
    return sum(previous.get(r.organization_id) != r.content_hash for r in rows)


def enrich_chunk(
    conn: Connection,
    evidence: dict[str, OrganizationEvidence],
    fetched: dict[str, list[FieldValue]],
    now: datetime,
    *,
    partition: str,
    run_id: str,
) -> tuple[list[EnrichedRow], int]:
    """Steps 3-7 and 9 for a chunk of organizations with a constant number of statements: store the providers'
    values, merge them with earlier runs', derive sector, size and HQ, write the organizations. Returns each
    organization's enriched row (in `fetched` order) and how many changed."""
    ids = list(fetched)
    store_values_many(conn, fetched, run_id)
    stored = stored_values_many(conn, ids)
    derived = {org: derive(evidence[org], stored[org], now) for org in ids}
    store_values_many(conn, derived, run_id)
    rows = [enriched_row(org, current_values(stored[org], derived[org])) for org in ids]
    return rows, write_enriched_many(conn, rows, partition=partition, run_id=run_id)
