"""Revalidation: ask the boards whether active postings still exist, and expire the ones that are gone.

Postings never checked come first, then those checked longest ago, up to a per-run limit. Requests are spread
across hosts (round robin) so the per-host pause rarely blocks. Each answer is kept in `posting_url_checks`;
gone (404/410) and closed pages expire the posting, while blocked URLs and errors are item failures for the
ledger (a board that is down must not empty the catalogue).
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.db.failure_ledger import ItemFailure
from hirehound.maintenance.expiry import ExpiryReport, expire_postings
from hirehound.maintenance.http_check import UrlCheck

STAGE = "revalidation"


def postings_to_check(conn: Connection, limit: int) -> list[tuple[str, str]]:
    """(posting_id, url) of active postings, never-checked first, then the least recently checked."""
    rows = conn.execute(
        sa.text(
            """
            SELECT p.posting_id, COALESCE(n.url, n.apply_url) AS url
            FROM postings p
            JOIN normalized_postings n ON n.posting_id = p.posting_id AND n.partition_date = p.latest_partition
            LEFT JOIN posting_url_checks c ON c.posting_id = p.posting_id
            WHERE p.status = 'active' AND COALESCE(n.url, n.apply_url) IS NOT NULL
            ORDER BY c.checked_at NULLS FIRST, p.posting_id
            LIMIT :limit
            """
        ),
        {"limit": limit},
    ).all()
    return [(r[0], r[1]) for r in rows]


def interleave_by_host(items: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """Round robin over hosts so consecutive requests go to different servers."""
    queues: OrderedDict[str, deque[tuple[str, str]]] = OrderedDict()
    for item in items:
        queues.setdefault((urlsplit(item[1]).hostname or "").lower(), deque()).append(item)
    while queues:
        for host in list(queues):
            yield queues[host].popleft()
            if not queues[host]:
                del queues[host]


def run_checks(items: Iterable[tuple[str, str]], check: Callable[[str, str], UrlCheck]) -> list[UrlCheck]:
    return [check(posting_id, url) for posting_id, url in interleave_by_host(items)]


def save_checks(conn: Connection, checks: list[UrlCheck], now: datetime, run_id: str | None) -> ExpiryReport:
    """Store the answers and expire the postings found gone or closed."""
    if checks:
        conn.execute(
            sa.text(
                """
                INSERT INTO posting_url_checks
                    (posting_id, url, outcome, status_code, final_url, detail, checked_at, run_id)
                VALUES (:posting_id, :url, :outcome, :status_code, :final_url, :detail, :now, :run_id)
                ON CONFLICT (posting_id) DO UPDATE SET url = EXCLUDED.url, outcome = EXCLUDED.outcome,
                    status_code = EXCLUDED.status_code, final_url = EXCLUDED.final_url, detail = EXCLUDED.detail,
                    checked_at = EXCLUDED.checked_at, run_id = EXCLUDED.run_id
                """
            ),
            [
                {
                    "posting_id": c.posting_id,
                    "url": c.url,
                    "outcome": c.outcome,
                    "status_code": c.status_code,
                    "final_url": c.final_url,
                    "detail": c.detail,
                    "now": now,
                    "run_id": run_id,
                }
                for c in checks
            ],
        )
    reasons = {c.posting_id: f"revalidation_{c.outcome}" for c in checks if c.expires}
    return expire_postings(conn, reasons, now, run_id)


def check_failures(checks: Iterable[UrlCheck]) -> list[ItemFailure]:
    """Blocked URLs and inconclusive answers, for the failure ledger."""
    return [
        ItemFailure(item_key=c.posting_id, stage=STAGE, error_class=f"url_{c.outcome}", message=f"{c.url}: {c.detail}")
        for c in checks
        if c.outcome in ("blocked", "error")
    ]
