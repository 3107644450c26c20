"""`current_organizations` (migration 0010): every organization id resolves to the end of its merge chain.

The organizations stage and enrichment both merge, in runs that may overlap, so a chain can be longer than the one
hop `apply_merges` flattens it to; every reader (matching, embeddings, dedup, the posting view) must follow it to
the end, and must not loop on a cycle.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hirehound.dedup.store import current_organizations
from hirehound.embeddings.postings import employers_of
from hirehound.organizations.evidence import Identifier
from hirehound.organizations.merges import Merge, apply_merges
from hirehound.organizations.store import PostgresIndex

pytestmark = pytest.mark.integration


def _org(conn: Connection, org_id: str, merged_into: str | None = None, kind: str = "employer") -> None:
    conn.execute(
        sa.text(
            "INSERT INTO organizations (organization_id, name, normalized_name, core_key, kind, merged_into, "
            "first_seen, last_seen) VALUES (:o, :name, lower(:name), lower(:name), :kind, :m, "
            "DATE '2026-01-01', DATE '2026-01-02')"
        ),
        {"o": org_id, "name": f"Name {org_id}", "kind": kind, "m": merged_into},
    )


def _link(conn: Connection, posting_id: str, org_id: str) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO posting_organizations (posting_id, organization_id, match_method, partition_date) "
            "VALUES (:p, :o, 'new', DATE '2026-01-02')"
        ),
        {"p": posting_id, "o": org_id},
    )


def _three_hops(engine: Engine) -> None:
    """a -> b -> c -> d (written end first, as merges happen), e alone."""
    with engine.begin() as conn:
        _org(conn, "org_d")
        _org(conn, "org_c", "org_d")
        _org(conn, "org_b", "org_c")
        _org(conn, "org_a", "org_b")
        _org(conn, "org_e")
        _link(conn, "p_a", "org_a")
        _link(conn, "p_e", "org_e")
        conn.execute(
            sa.text(
                "INSERT INTO organization_identifiers (kind, value, organization_id, first_seen) "
                "VALUES ('domain', 'a.example', 'org_a', DATE '2026-01-01')"
            )
        )


def _current(conn: Connection) -> dict[str, Any]:
    rows = conn.execute(sa.text("SELECT organization_id, current_organization_id FROM current_organizations"))
    return {r[0]: r[1] for r in rows}


def test_a_three_hop_chain_resolves_to_its_end_everywhere(engine: Engine) -> None:
    _three_hops(engine)
    with engine.begin() as conn:
        assert _current(conn) == {
            "org_a": "org_d",
            "org_b": "org_d",
            "org_c": "org_d",
            "org_d": "org_d",
            "org_e": "org_e",
        }
        view = conn.execute(
            sa.text("SELECT posting_id, organization_id, organization_name FROM posting_organization_current")
        ).all()
        assert sorted(tuple(r) for r in view) == [("p_a", "org_d", "Name org_d"), ("p_e", "org_e", "Name org_e")]
        assert current_organizations(conn, ["org_a", "org_b", "org_e", "org_missing"]) == {
            "org_a": "org_d",
            "org_b": "org_d",
            "org_e": "org_e",
        }
        assert employers_of(conn, ["p_a", "p_e"]) == {"p_a": "org_d", "p_e": "org_e"}
        index = PostgresIndex(conn)
        assert index.by_identifier([Identifier("domain", "a.example")]) == {Identifier("domain", "a.example"): "org_d"}
        assert index.identifiers_of(["org_d"]) == {"org_d": {Identifier("domain", "a.example")}}


def test_a_cycle_ends_the_walk_instead_of_looping(engine: Engine) -> None:
    with engine.begin() as conn:
        _org(conn, "org_f")
        _org(conn, "org_g", "org_f")
        conn.execute(sa.text("UPDATE organizations SET merged_into = 'org_g' WHERE organization_id = 'org_f'"))
        conn.execute(sa.text("SET LOCAL statement_timeout = '5s'"))
        current = _current(conn)
    assert set(current) == {"org_f", "org_g"}
    assert set(current.values()) <= {"org_f", "org_g"}


def test_merging_into_an_organization_that_was_itself_merged_repoints_the_chain(engine: Engine) -> None:
    # apply_merges keeps chains short (readers do not depend on it, but every hop costs a join).
    with engine.begin() as conn:
        _org(conn, "org_x")
        _org(conn, "org_y")
        _org(conn, "org_z")
        _link(conn, "p_x", "org_x")
        apply_merges(conn, [Merge("org_x", "org_y", "alias")], run_id="r1")
        apply_merges(conn, [Merge("org_y", "org_z", "alias")], run_id="r2")
        rows = conn.execute(sa.text("SELECT organization_id, merged_into FROM organizations ORDER BY 1"))
        merged = {r[0]: r[1] for r in rows}
        assert merged == {"org_x": "org_z", "org_y": "org_z", "org_z": None}
        assert _current(conn) == {"org_x": "org_z", "org_y": "org_z", "org_z": "org_z"}
        assert employers_of(conn, ["p_x"]) == {"p_x": "org_z"}


def test_migration_0010_downgrades_to_the_recursive_view_and_back(engine: Engine) -> None:
    from alembic import command

    from hirehound.db.migrate import alembic_config, current_revision, head_revision, upgrade

    _three_hops(engine)
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009_skills")
        conn.commit()
        assert conn.execute(sa.text("SELECT to_regclass('current_organizations')")).scalar_one() is None
        old = conn.execute(sa.text("SELECT posting_id, organization_id FROM posting_organization_current")).all()
    assert sorted(tuple(r) for r in old) == [("p_a", "org_d"), ("p_e", "org_e")]
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.begin() as conn:
        assert _current(conn)["org_a"] == "org_d"
