"""Scoring the postings of one scrape date: red flags always, the trained model when there is one.

Decision: without a model, a posting is spam when its red-flag weights reach RULE_THRESHOLD. With a model, it is
spam when the model's probability reaches the model's threshold, or when the red flags are overwhelming
(STRONG_RULES: several severe flags at once), since a model trained on one kind of scam may not know another.
No model is a normal state (a fresh install, nobody has labelled anything): the day is scored by rules and the
report says so. A stored model that is refused (not the safe data format) or cannot score is a failure-ledger
row, and the day is still scored by rules.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy.engine import Connection

from hirehound.db.failure_ledger import ItemFailure
from hirehound.db.partition_replace import replace_partition
from hirehound.ops.progress import NO_PROGRESS, ProgressReporter, tracked
from hirehound.quality.facts import PostingFacts, load_partition_facts
from hirehound.spam.classifier import score_facts
from hirehound.spam.employer import employer_blind_sources
from hirehound.spam.model_format import UntrustedModel
from hirehound.spam.rules import RULE_THRESHOLD, RedFlag, red_flags, rule_score
from hirehound.spam.store import StoredModel, active_model, outdated_versions

STRONG_RULES = 6.0


@dataclass(frozen=True)
class SpamScore:
    posting_id: str
    rule_score: float
    flags: tuple[RedFlag, ...]
    model_version: str | None
    probability: float | None
    is_spam: bool
    decided_by: str  # rules | model | rules+model | none


def score_postings(
    facts: Sequence[PostingFacts],
    model: StoredModel | None,
    blind_sources: frozenset[str | None] | None = None,
) -> list[SpamScore]:
    """Scores of a batch; sources that never name an employer are found in the batch unless given."""
    blind = employer_blind_sources(facts) if blind_sources is None else blind_sources
    flags = [tuple(red_flags(f, blind)) for f in facts]
    probs: list[float | None] = [None] * len(facts)
    if model is not None and facts:
        names = [{fl.flag for fl in fs} for fs in flags]
        probs = list(score_facts(model.model, facts, names))
    out = []
    for f, fl, p in zip(facts, flags, probs, strict=True):
        rs = rule_score(list(fl))
        by_rules = rs >= (RULE_THRESHOLD if model is None else STRONG_RULES)
        by_model = p is not None and model is not None and p >= model.threshold
        decided = "rules+model" if by_rules and by_model else "rules" if by_rules else "model" if by_model else "none"
        out.append(SpamScore(f.posting_id, rs, fl, model.version if model else None, p, by_rules or by_model, decided))
    return out


def write_scores(conn: Connection, partition: date, scores: Sequence[SpamScore], run_id: str | None) -> None:
    """Replace the partition's spam scores (delete, then insert: idempotent)."""
    replace_partition(
        conn,
        "spam_scores",
        "partition_date",
        [partition],
        [
            {
                "p": partition,
                "pid": s.posting_id,
                "rs": s.rule_score,
                "reasons": json.dumps([asdict(f) for f in s.flags]),
                "mv": s.model_version,
                "prob": None if s.probability is None else round(s.probability, 5),
                "spam": s.is_spam,
                "by": s.decided_by,
                "run": run_id,
            }
            for s in scores
        ],
        insert="""
            INSERT INTO spam_scores (partition_date, posting_id, rule_score, reasons, model_version,
                                     model_probability, is_spam, decided_by, run_id)
            VALUES (:p, :pid, :rs, CAST(:reasons AS jsonb), :mv, :prob, :spam, :by, :run)
            """,
    )


@dataclass
class SpamReport:
    postings: int = 0
    spam: int = 0
    by_decision: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    model_version: str | None = None
    scoring: str = "rules only"  # what decided, in words, for the asset's metadata
    employer_blind_sources: list[str] = field(default_factory=list)
    failures: list[ItemFailure] = field(default_factory=list)
    preview: list[dict[str, str | float | None]] = field(default_factory=list)


def score_partition(
    conn: Connection, partition: date, run_id: str | None, progress: ProgressReporter = NO_PROGRESS
) -> SpamReport:
    """Score the scrape date's postings with the rules and the active model; replace its spam_scores rows."""
    facts = load_partition_facts(conn, partition)
    progress.set_total(len(facts))
    report = SpamReport(postings=len(facts))
    model: StoredModel | None = None
    try:
        model = active_model(conn)
    except UntrustedModel as exc:  # refused, never loaded: rules decide, and the ledger says why
        report.failures.append(ItemFailure.from_exception("spam_models:active", "spam", exc))
        report.scoring = "rules only: the stored spam model was refused (not the safe data format)"
    if model is not None:
        report.model_version = model.version
        report.scoring = f"rules + model {model.version}"
    elif not report.failures and (old := outdated_versions(conn)):
        report.scoring = (
            f"rules only (stored models are of feature version {', '.join(old)}, which this version does not load: "
            "retrain with `hirehound spam train` or materialize spam_model)"
        )
    elif not report.failures:
        report.scoring = "rules only (no spam model trained yet: `hirehound spam train` or materialize spam_model)"
    blind = employer_blind_sources(facts)
    report.employer_blind_sources = sorted(str(s) for s in blind)
    try:
        scores = score_postings(facts, model, blind)
    except Exception as exc:  # a model that cannot score (e.g. corrupt) falls back to rules, posting by posting
        report.failures.append(ItemFailure.from_exception(f"model:{model.version if model else '-'}", "spam", exc))
        report.scoring = "rules only: the spam model failed to score"
        scores = []
        for f in tracked(facts, progress):
            try:
                scores.extend(score_postings([f], None, blind))
            except Exception as item_exc:
                report.failures.append(ItemFailure.from_exception(f.posting_id, "spam", item_exc))
    else:
        progress.advance(len(facts))  # scored as one batch
    write_scores(conn, partition, scores, run_id)
    report.spam = sum(s.is_spam for s in scores)
    report.by_decision = dict(Counter(s.decided_by for s in scores))
    report.flags = dict(Counter(fl.flag for s in scores for fl in s.flags).most_common())
    titles = {f.posting_id: f.title for f in facts}
    report.preview = [
        {"posting_id": s.posting_id, "title": titles[s.posting_id][:60], "rule_score": s.rule_score,
         "probability": None if s.probability is None else round(s.probability, 3),
         "flags": ", ".join(fl.flag for fl in s.flags)}
        for s in sorted(scores, key=lambda s: (-(s.probability or 0.0), -s.rule_score, s.posting_id))
        if s.is_spam
    ][:10]  # fmt: skip
    return report
