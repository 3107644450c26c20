"""Organizations: every normalized posting of the scrape date is linked to the employer that posted it.

Spellings are normalized and matched to the global `organizations` table by ATS tenant and employer domain
first, then by name (exact core key, then `pg_trgm` candidates re-ranked with rapidfuzz); unknown employers are
created with ids derived from their name. Staffing agencies and confidential employers are kept apart.
Organizations a batch shows to be one employer (one posting carries identifiers of both, or a spelling is an alias
of both) are merged right away, the oldest surviving, so later stages never see one employer as two.
"""

import time

import dagster as dg
import sqlalchemy as sa

from hirehound.db.failure_ledger import ItemFailure
from hirehound.organizations.merges import apply_merges, find_merges
from hirehound.organizations.resolver import PostingInput, resolve
from hirehound.organizations.store import PostgresIndex, load_postings, write_resolution
from hirehound_assets.partitions import daily_partitions
from resources.database import DatabaseResource

BATCH = 5_000


@dg.asset(
    deps=[dg.AssetKey("normalized_postings")],
    partitions_def=daily_partitions,
    group_name="organizations",
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    check_specs=[
        dg.AssetCheckSpec(
            "every_posting_has_an_organization",
            asset="organizations",
            description="Every posting of the partition is linked to an organization.",
        )
    ],
)
def organizations(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    partition = context.partition_key
    started = time.perf_counter()
    with database.begin() as conn:
        postings = load_postings(conn, partition)
    failures: list[ItemFailure] = []
    methods: dict[str, int] = {}
    new_orgs = merged = 0
    kinds: dict[str, int] = {}
    # One transaction per batch: a large day does not hold one huge transaction, and a batch that fails on bad
    # data is retried posting by posting so only the bad postings land in the failure ledger.
    for start in range(0, len(postings), BATCH):
        batch = postings[start : start + BATCH]
        try:
            stats = _match_batch(database, batch, partition, context.run_id)
        except Exception:  # a bad row must not sink its batch: isolate it
            stats = _match_one_by_one(database, batch, partition, context.run_id, failures)
        for key, value in stats[0].items():
            methods[key] = methods.get(key, 0) + value
        for key, value in stats[1].items():
            kinds[key] = kinds.get(key, 0) + value
        new_orgs += stats[2]
        merged += stats[3]
        context.log.info(f"matched {min(start + BATCH, len(postings))}/{len(postings)} postings")
    top_reasons = database.record_failures(context, failures)
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
    table = "| organization | kind | postings |\n|---|---|---|\n" + "\n".join(
        f"| {r.name} | {r.kind} | {r.postings} |" for r in preview
    )
    return dg.MaterializeResult(
        metadata={
            "postings": dg.MetadataValue.int(len(postings)),
            "postings_matched": dg.MetadataValue.int(len(postings) - len(failures)),
            "new_organizations": dg.MetadataValue.int(new_orgs),
            "merged": dg.MetadataValue.int(merged),
            "match_methods": dg.MetadataValue.json(methods),
            "kinds": dg.MetadataValue.json(kinds),
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
            )
        ],
    )


def _match_batch(
    database: DatabaseResource, batch: list[PostingInput], partition: str, run_id: str
) -> tuple[dict[str, int], dict[str, int], int, int]:
    with database.begin() as conn:
        resolution = resolve(batch, PostgresIndex(conn))
        created = write_resolution(conn, resolution, partition=partition, run_id=run_id)
        # Merge what this batch showed to be one employer now, before embeddings and dedup read the links.
        touched = sorted({a.organization_id for a in resolution.assignments})
        merges = find_merges(conn, touched, resolution.linked)
        apply_merges(conn, merges, run_id)
    kinds: dict[str, int] = {}
    for a in resolution.assignments:
        kinds[a.kind] = kinds.get(a.kind, 0) + 1
    return dict(resolution.method_counts), kinds, created, len(merges)


def _match_one_by_one(
    database: DatabaseResource, batch: list[PostingInput], partition: str, run_id: str, failures: list[ItemFailure]
) -> tuple[dict[str, int], dict[str, int], int, int]:
    methods: dict[str, int] = {}
    kinds: dict[str, int] = {}
    new = merged = 0
    for posting in batch:
        try:
            m, k, n, g = _match_batch(database, [posting], partition, run_id)
        except Exception as exc:
            failures.append(ItemFailure.from_exception(posting.posting_id, "match", exc))
            continue
        for key, value in m.items():
            methods[key] = methods.get(key, 0) + value
        for key, value in k.items():
            kinds[key] = kinds.get(key, 0) + value
        new += n
        merged += g
    return methods, kinds, new, merged
