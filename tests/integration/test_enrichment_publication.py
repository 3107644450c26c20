"""Skills, quality, spam scores and the published catalogue, materialized against the real embedded Postgres.

Upstream stages are stood in for by rows written directly into their tables (tests/integration/enrichment_fixtures).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import dagster as dg
import numpy as np
import pytest
import sqlalchemy as sa

from hirehound.search.hybrid import SearchFilters, search
from hirehound_assets.partitions import instance_with_scrape_dates
from hirehound_assets.posting_signals.posting_quality import posting_quality
from hirehound_assets.posting_signals.posting_skills import posting_skills
from hirehound_assets.posting_signals.spam_model import spam_model
from hirehound_assets.posting_signals.spam_scores import spam_scores
from hirehound_assets.publication.published_postings import published_postings
from resources.embedding_model import EmbeddingModelResource
from resources.settings import PipelineSettings
from tests.integration.enrichment_fixtures import add_cluster, add_org, add_posting

pytestmark = pytest.mark.integration

DAY = date(2026, 11, 20)
LONG = (
    "We are hiring a senior data engineer to build our analytics platform. You will write Python and SQL, run "
    "dbt models on PostgreSQL, deploy on Kubernetes (k8s) in AWS, and work with our Sales team on reporting. "
) * 8
SPAM = (
    "Urgently hiring, no experience needed! A one-time registration fee of $49 covers your starter kit. Contact our "
    "HR manager on WhatsApp at +1 555 0199 to start today. Send a copy of your ID and your bank account details."
)
ASSETS = [posting_skills, posting_quality, spam_scores, published_postings]


def _seed(conn: sa.Connection) -> dict[str, str]:
    add_org(conn, "org_acme", "Acme Analytics")
    add_org(conn, "org_conf", "Confidential", kind="confidential", enriched=False)
    good = add_posting(
        conn, "indeed:1", DAY, "org_acme", title="Senior Data Engineer", description_text=LONG, company_raw="Acme",
        city="Berlin", country_code="DE", salary_min=70000, salary_max=90000, salary_currency="EUR",
        salary_period="year", apply_url="https://acme.example/apply/1", url="https://indeed.com/1",
        employment_type="fulltime", date_posted=DAY, seniority="senior",
    )  # fmt: skip
    dup = add_posting(
        conn, "linkedin:9", DAY, "org_acme", title="Data Engineer (Senior)", description_text=LONG[:900],
        company_raw="Acme Analytics GmbH", city="Munich", country_code="DE", url="https://linkedin.com/9",
    )  # fmt: skip
    spam = add_posting(
        conn, "indeed:2", DAY, "org_conf", title="Remote Data Entry Clerk", description_text=SPAM * 3,
        company_raw="Hiring Team", city="Austin", country_code="US", url="https://indeed.com/2",
        employment_type="parttime", date_posted=DAY, seniority="entry",
    )  # fmt: skip
    thin = add_posting(conn, "glassdoor:3", DAY, None, title="Helper", description_text="Help wanted.")
    add_cluster(conn, "cl_good", [good, dup], DAY, ["indeed", "linkedin"])
    add_cluster(conn, "cl_spam", [spam], DAY, ["indeed"])
    add_cluster(conn, "cl_thin", [thin], DAY, ["glassdoor"])
    return {"good": good, "dup": dup, "spam": spam, "thin": thin}


def _run(
    database: object, assets: list[object], partition_key: str | None = None, **kwargs: object
) -> dg.ExecuteInProcessResult:
    days = [partition_key] if partition_key else []
    return dg.materialize(
        assets,  # type: ignore[arg-type]
        # posting_skills links phrases to ESCO by meaning with the shared embedding model.
        resources={"database": database, "embedding_model": EmbeddingModelResource(), "settings": PipelineSettings()},
        partition_key=partition_key,
        instance=instance_with_scrape_dates(*days),
        raise_on_error=True,
        **kwargs,  # type: ignore[arg-type]
    )


def _snapshot(conn: sa.Connection) -> dict[str, list[tuple[object, ...]]]:
    queries = {
        "skills": "SELECT posting_id, skill_id, mention_count, mentions FROM posting_skills ORDER BY 1, 2",
        "quality": "SELECT posting_id, score, reasons FROM posting_quality ORDER BY 1",
        "spam": "SELECT posting_id, rule_score, reasons, is_spam FROM spam_scores ORDER BY 1",
        "published": "SELECT cluster_id, posting_id, title, organization, locations, skills, boards, salary, "
        "CAST(search_tsv AS text) FROM published_postings ORDER BY 1",
    }
    return {k: [tuple(r) for r in conn.execute(sa.text(q))] for k, q in queries.items()}


def test_daily_assets_build_the_catalogue_and_rerun_identically(database, engine) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        ids = _seed(conn)
    result = _run(database, ASSETS, partition_key=DAY.isoformat())
    assert result.success
    with engine.connect() as conn:
        skills = {r[0] for r in conn.execute(sa.text("SELECT skill_id FROM posting_skills WHERE posting_id = :p"),
                                            {"p": ids["good"]})}  # fmt: skip
        assert {"tech.python", "tech.sql", "tech.dbt", "tech.postgresql", "tech.kubernetes", "tech.aws"} <= skills
        assert "biz.sales" not in skills  # "our Sales team" names a team, not a skill
        mentions = conn.execute(
            sa.text("SELECT mentions FROM posting_skills WHERE posting_id = :p AND skill_id = 'tech.kubernetes'"),
            {"p": ids["good"]},
        ).scalar_one()
        assert {m["surface"] for m in mentions} == {"Kubernetes", "k8s"}
        assert all(LONG[m["start"] : m["end"]] == m["surface"] for m in mentions)
        scores = dict(conn.execute(sa.text("SELECT posting_id, score FROM posting_quality")).all())
        assert scores[ids["good"]] == 100 and scores[ids["thin"]] < 40
        spam = conn.execute(
            sa.text("SELECT is_spam, reasons, decided_by FROM spam_scores WHERE posting_id = :p"), {"p": ids["spam"]}
        ).one()
        assert spam.is_spam and spam.decided_by == "rules"
        assert {"fee_request", "messenger_contact", "sensitive_data_request"} <= {r["flag"] for r in spam.reasons}
        assert not conn.execute(
            sa.text("SELECT is_spam FROM spam_scores WHERE posting_id = :p"), {"p": ids["good"]}
        ).scalar_one()
        published = conn.execute(sa.text("SELECT * FROM published_postings")).mappings().all()
        assert [r["cluster_id"] for r in published] == ["cl_good"]
        entry = published[0]
        assert entry["posting_id"] == ids["good"] and entry["organization"] == "Acme Analytics"
        assert entry["boards"] == ["indeed", "linkedin"] and entry["locations"] == ["Berlin, DE", "Munich, DE"]
        assert "Python" in entry["skills"] and entry["salary"] == "70,000-90,000 EUR /year"
        hit = conn.execute(
            sa.text("SELECT cluster_id FROM published_postings WHERE search_tsv @@ websearch_to_tsquery('english', "
                    "'kubernetes munich')")
        ).scalar()  # fmt: skip
        assert hit == "cl_good"
        before = _snapshot(conn)
    with engine.begin() as conn:  # `hirehound search` reads the catalogue (no vectors here: keywords only)
        hits = search(conn, np.ones(384, dtype=np.float32), "none", "kubernetes munich", SearchFilters())
    assert [(h.cluster_id, h.organization, h.boards) for h in hits] == [
        ("cl_good", "Acme Analytics", ["indeed", "linkedin"])
    ]
    assert hits[0].location == "Berlin, DE; Munich, DE" and hits[0].salary == "70,000-90,000 EUR /year"
    assert _run(database, ASSETS, partition_key=DAY.isoformat()).success
    with engine.begin() as conn:
        assert _snapshot(conn) == before
        # Once the job's postings expire, the entry leaves the catalogue on the next run.
        conn.execute(sa.text("UPDATE postings SET status = 'expired' WHERE posting_id IN (:a, :b)"),
                     {"a": ids["good"], "b": ids["dup"]})  # fmt: skip
    assert _run(database, [published_postings], partition_key=DAY.isoformat()).success
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM published_postings")).scalar_one() == 0


def _labels_csv(path: Path) -> Path:
    legit = [
        ("Backend Engineer", "Build APIs in Go and Python for our payments platform; on-call rotation; Postgres."),
        ("Nurse Practitioner", "Provide primary care to patients in our clinic; state license required."),
        ("Account Executive", "Own the sales cycle for mid-market customers; Salesforce experience preferred."),
        ("Data Analyst", "Analyse product metrics with SQL and dashboards; work with product managers."),
        ("Warehouse Supervisor", "Lead a team of twelve in shipping and receiving; forklift certification."),
    ]
    scam = [
        ("Data Entry Clerk", "Earn $5,000 per week from home! Registration fee of $49. Contact us on WhatsApp."),
        ("Mystery Shopper", "No experience needed. Send your bank account details and a copy of your ID today."),
    ]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["title", "description", "company", "is_spam"])
        for i in range(8):
            for title, text in legit:
                w.writerow([title, f"{text} Team {i}, office {i * 7}.", f"Company {i}", 0])
            for title, text in scam:
                w.writerow([title, f"{text} Offer {i}!!!", "Hiring Team", 1])
    return path


def test_spam_model_trains_from_labels_and_scores_use_it(database, engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    labels = _labels_csv(tmp_path / "labels.csv")
    result = _run(
        database, [spam_model],
        run_config=dg.RunConfig(ops={"spam_model": {"config": {"labels_csv": str(labels)}}}),
    )  # fmt: skip
    meta = result.asset_materializations_for_node("spam_model")[0].metadata
    assert meta["trained"].value is True
    assert meta["examples"].value == 56 and meta["spam_examples"].value == 16
    assert meta["fraud_f1"].value >= 0.9
    with engine.begin() as conn:
        ids = _seed(conn)
        version = conn.execute(sa.text("SELECT model_version FROM spam_models")).scalar_one()
    assert meta["model_version"].value == version
    assert _run(database, [spam_scores], partition_key=DAY.isoformat()).success
    with engine.connect() as conn:
        rows = {r.posting_id: r for r in conn.execute(sa.text("SELECT * FROM spam_scores"))}
    assert all(r.model_version == version and r.model_probability is not None for r in rows.values())
    assert rows[ids["spam"]].is_spam and not rows[ids["good"]].is_spam
    assert rows[ids["spam"]].model_probability > rows[ids["good"]].model_probability


def test_posting_skills_with_an_esco_csv(database, engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    esco = tmp_path / "skills_en.csv"
    esco.write_text(
        "conceptUri,preferredLabel,altLabels\n"
        'http://data.europa.eu/esco/skill/0001,analyse big data,"big data analysis"\n'
        "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742,SQL,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HIREHOUND_ESCO_CSV", str(esco))
    with engine.begin() as conn:
        posting = add_posting(
            conn, "indeed:7", DAY, None, title="Analyst", description_text="SQL and big data analysis."
        )
    for _ in range(2):  # the second run finds the taxonomy version already stored
        assert _run(database, [posting_skills], partition_key=DAY.isoformat()).success
    with engine.connect() as conn:
        found = {r[0] for r in conn.execute(sa.text("SELECT skill_id FROM posting_skills WHERE posting_id = :p"),
                                            {"p": posting})}  # fmt: skip
        sources = dict(conn.execute(sa.text("SELECT source, count(*) FROM skills GROUP BY 1")).all())
        versions = conn.execute(sa.text("SELECT count(DISTINCT taxonomy_version) FROM skills")).scalar_one()
    assert found == {"tech.sql", "esco.0001"}
    assert sources["esco"] == 1 and sources["curated"] >= 150 and versions == 1
