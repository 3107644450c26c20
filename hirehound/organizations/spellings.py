"""Organizations that look like several employers: their postings carry many unrelated company spellings.

One employer is written many ways ("Unity", "Unity Technologies", "UNITY (Remote)"), but those spellings relate to
its name. When an organization's postings say "Astranis", "Dell" and "IMC" under the name "Western Digital", some
evidence (an aggregator host missing from `shared_hosts.yaml`, a staffing portal's tenant) fused employers. The
organizations asset check reports such organizations with the offending spellings, so a person can add the host
to the list, or a curated alias where the names are truly one employer.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.organizations.names import names_conflict
from hirehound.organizations.normalize import core_key

MIN_UNRELATED = 3  # distinct unrelated spellings before an organization is flagged


@dataclass(frozen=True)
class Scattered:
    """An organization whose postings carry `unrelated` spellings (with their posting counts) unlike its name."""

    organization_id: str
    name: str  # display name (the most used spelling)
    founded_as: str  # normalized spelling the organization was founded under
    postings: int
    unrelated: tuple[tuple[str, int], ...]


def unrelated_spellings(name: str, spellings: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The spellings whose names conflict with the organization's name, one per core key (the most used), by
    posting count."""
    best: dict[str, tuple[str, int]] = {}
    for spelling, count in spellings:
        if not names_conflict(name, spelling):
            continue
        key = core_key(spelling)
        total = best.get(key, ("", 0))[1] + count
        leader = best[key][0] if key in best and best[key][1] >= count else spelling
        best[key] = (leader, total)
    return sorted(best.values(), key=lambda item: (-item[1], item[0]))


def scattered_organizations(conn: Connection, partition: str, minimum: int = MIN_UNRELATED) -> list[Scattered]:
    """Organizations with postings in the partition whose spellings include `minimum` or more unrelated ones."""
    rows = conn.execute(
        sa.text(
            """
            WITH touched AS (
                SELECT DISTINCT c.current_organization_id AS organization_id
                FROM posting_organizations p JOIN current_organizations c USING (organization_id)
                WHERE p.partition_date = :p
            )
            SELECT o.organization_id, o.name, COALESCE(NULLIF(o.normalized_name, ''), o.name) AS founded_as,
                   o.posting_count, a.display_name, sum(a.posting_count) AS n
            FROM touched t JOIN organizations o USING (organization_id)
            JOIN organization_aliases a ON a.organization_id = o.organization_id
            WHERE o.kind = 'employer'
            GROUP BY o.organization_id, o.name, o.normalized_name, o.posting_count, a.display_name
            ORDER BY o.organization_id, a.display_name
            """
        ),
        {"p": partition},
    ).all()
    by_org: dict[str, tuple[str, str, int, list[tuple[str, int]]]] = {}
    for r in rows:
        entry = by_org.setdefault(r.organization_id, (r.name, r.founded_as, int(r.posting_count or 0), []))
        entry[3].append((r.display_name, int(r.n or 0)))
    found = []
    for org, (name, founded_as, postings, spellings) in sorted(by_org.items()):
        # Judged against the founding spelling: the display name follows the most used spelling, which a wrongly
        # attached employer can take over.
        unrelated = unrelated_spellings(founded_as, spellings)
        if len(unrelated) >= minimum:
            found.append(Scattered(org, name, founded_as, postings, tuple(unrelated)))
    return sorted(found, key=lambda s: (-len(s.unrelated), s.organization_id))
