"""Organizations: every normalized posting of the scrape date is linked to the employer that posted it.

Spellings are normalized and matched to the global `organizations` table by ATS tenant and employer domain
first, then by name (exact core key, then `pg_trgm` candidates re-ranked with rapidfuzz); unknown employers are
created with ids derived from their name. Staffing agencies and confidential employers are kept apart.
Organizations a batch shows to be one employer (one posting carries identifiers of both, or a spelling is an alias
of both) are merged right away, the oldest surviving, so later stages never see one employer as two. Job boards,
aggregators and ATS hosts are never evidence (only their tenants are), and organizations with unrelated names
merge only on two kinds of evidence; a check warns about organizations whose postings carry unrelated spellings.
"""

import time
from collections import Counter
from dataclasses import dataclass, field

import dagster as dg
import sqlalchemy as sa

from hirehound.db.failure_ledger import ItemFailure
from hirehound.organizations.merges import Refusal, apply_merges, find_merges
from hirehound.organizations.resolver import PostingInput, resolve
from hirehound.organizations.spellings import MIN_UNRELATED, scattered_organizations
from hirehound.organizations.store import PostgresIndex, load_postings, write_resolution
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource

BATCH = 5_000


@dg.asset(
    deps=[dg.AssetKey("normalized_postings")],
    partitions_def=daily_partitions,
    group_name="organizations",
    op_tags=queue_tags("ingestion"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    check_specs=[
        dg.AssetCheckSpec(
            "every_posting_has_an_organization",
            asset="organizations",
            description="Every posting of the partition is linked to an organization.",
        ),
        dg.AssetCheckSpec(
            "no_organization_with_unrelated_spellings",
            asset="organizations",
            description=(
                f"WARN when an organization's postings carry {MIN_UNRELATED}+ company spellings unrelated to its "
                "name (one employer fused with others, e.g. through an aggregator host missing from "
                "hirehound/organizations/shared_hosts.yaml); the offenders are in the metadata."
            ),
        ),
    ],
)
def organizations(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    partition = partition_day(context.partition_key).isoformat()
    started = time.perf_counter()
    with database.begin() as conn:
        postings = load_postings(conn, partition)
    progress = step_progress(context, database, total=len(postings))
    failures: list[ItemFailure] = []
    totals = BatchStats()
    # One transaction per batch: a large day does not hold one huge transaction, and a batch that fails on bad
    # data is retried posting by posting so only the bad postings land in the failure ledger.
    for start in range(0, len(postings), BATCH):
        batch = postings[start : start + BATCH]
        try:
            stats = _match_batch(database, batch, partition, context.run_id)
        except Exception:  # a bad row must not sink its batch: isolate it
            stats = _match_one_by_one(database, batch, partition, context.run_id, failures)
        totals += stats
        progress.advance(len(batch))
    top_reasons = database.record_failures(context, failures)
    progress.finish(failed=len(failures))
    with database.begin() as conn:
        preview = conn.execute(
            sa.text(
                """
                SELECT o.name, o.kind, count(*) AS postings
                FROM posting_organizations p JOIN organizations o ON o.organization_id = p.organization_id
                WHERE p.partition_date = :p GROUP BY o.name, o.kind ORDER BY postings DESC, o.name LIMIT 10
                """
            ),
            {"p": partition},
        ).all()
        missing = conn.execute(
            sa.text(
                """
                SELECT count(*) FROM normalized_postings n
                WHERE n.partition_date = :p
                  AND NOT EXISTS (SELECT 1 FROM posting_organizations po WHERE po.posting_id = n.posting_id)
                """
            ),
            {"p": partition},
        ).scalar_one()
        scattered = scattered_organizations(conn, partition)
    table = "| organization | kind | postings |\n|---|---|---|\n" + "\n".join(
        f"| {r.name} | {r.kind} | {r.postings} |" for r in preview
    )
    return dg.MaterializeResult(
        metadata={
            "postings": dg.MetadataValue.int(len(postings)),
            "postings_matched": dg.MetadataValue.int(len(postings) - len(failures)),
            "new_organizations": dg.MetadataValue.int(totals.created),
            "merged": dg.MetadataValue.int(totals.merged),
            "merges_refused": dg.MetadataValue.int(len(totals.refused)),
            "merges_refused_preview": dg.MetadataValue.json(
                [{"a": r.name_a, "b": r.name_b, "evidence": list(r.evidence)} for r in totals.refused[:20]]
            ),
            "identifiers_contested": dg.MetadataValue.int(totals.contested),
            "match_methods": dg.MetadataValue.json(dict(totals.methods)),
            "kinds": dg.MetadataValue.json(dict(totals.kinds)),
            "failures": dg.MetadataValue.int(len(failures)),
            "top_failure_reasons": dg.MetadataValue.json(top_reasons),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
            "preview": dg.MetadataValue.md(table),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="every_posting_has_an_organization",
                passed=missing == 0,
                severity=dg.AssetCheckSeverity.ERROR,
                metadata={"postings_without_organization": int(missing), "postings": len(postings)},
            ),
            dg.AssetCheckResult(
                check_name="no_organization_with_unrelated_spellings",
                passed=not scattered,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    "organizations_flagged": len(scattered),
                    "offenders": dg.MetadataValue.json(
                        [
                            {
                                "organization_id": o.organization_id,
                                "name": o.name,
                                "founded_as": o.founded_as,
                                "postings": o.postings,
                                "unrelated_spellings": [{"spelling": s, "postings": n} for s, n in o.unrelated[:10]],
                            }
                            for o in scattered[:20]
                        ]
                    ),
                },
            ),
        ],
    )


@dataclass
class BatchStats:
    """What matching one batch did: postings per match method and per kind, organizations created and merged."""

    methods: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    created: int = 0
    merged: int = 0
    contested: int = 0  # identifiers ignored where the posting's name contradicts their owner's name
    refused: list[Refusal] = field(default_factory=list)  # merges kept apart for want of proof

    # Quoted: this module cannot use `from __future__ import annotations`, as Dagster reads the asset's `context`
    # annotation at definition time and rejects it when it is a string.
    def __iadd__(self, other: "BatchStats") -> "BatchStats":
        self.methods.update(other.methods)
        self.kinds.update(other.kinds)
        self.created += other.created
        self.merged += other.merged
        self.contested += other.contested
        self.refused += other.refused
        return self


def _match_batch(database: DatabaseResource, batch: list[PostingInput], partition: str, run_id: str) -> BatchStats:
    with database.begin() as conn:
        resolution = resolve(batch, PostgresIndex(conn))
        created = write_resolution(conn, resolution, partition=partition, run_id=run_id)
        # Merge what this batch showed to be one employer now, before embeddings and dedup read the links.
        touched = sorted({a.organization_id for a in resolution.assignments})
        refused: list[Refusal] = []
        merges = find_merges(conn, touched, resolution.linked, refused)
        apply_merges(conn, merges, run_id)
    kinds = Counter(a.kind for a in resolution.assignments)
    return BatchStats(Counter(resolution.method_counts), kinds, created, len(merges), resolution.contested, refused)


def _match_one_by_one(
    database: DatabaseResource, batch: list[PostingInput], partition: str, run_id: str, failures: list[ItemFailure]
) -> BatchStats:
    totals = BatchStats()
    for posting in batch:
        try:
            totals += _match_batch(database, [posting], partition, run_id)
        except Exception as exc:
            failures.append(ItemFailure.from_exception(posting.posting_id, "match", exc))
    return totals
