"""One-call scoring of a stage's output against the demo ground truth, at posting level.

Dedup: pairwise P/R/F1 of predicted clusters vs true jobs, recall per duplicate type, and how often look-alikes
that are NOT duplicates (template postings for several cities, one text under two employers) were merged.
Organizations: pairwise P/R/F1 of predicted organization ids vs true employers. Spam: fraud-class P/R/F1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from hirehound.evaluation.classification import BinaryScores, binary_scores
from hirehound.evaluation.ground_truth import PostingTruth
from hirehound.evaluation.pairwise import PairScores, TypeRecall, pairwise_scores, recall_by_type


@dataclass(frozen=True)
class DedupReport:
    overall: PairScores
    by_type: dict[str, TypeRecall]  # FULL | PARTIAL | SEMANTIC | TEMPORAL
    template_false_merges: int  # predicted pairs of different jobs of one multi-location template
    shared_text_false_merges: int  # predicted pairs of one text under two different employers
    postings: int
    unpredicted: int  # truth postings the stage gave no cluster (scored as singletons)

    def markdown(self) -> str:
        o = self.overall
        lines = [
            "| measure | value |",
            "|---|---|",
            f"| postings | {self.postings} (no prediction: {self.unpredicted}) |",
            f"| pairwise precision | {o.precision:.3f} |",
            f"| pairwise recall | {o.recall:.3f} |",
            f"| pairwise F1 | {o.f1:.3f} |",
            f"| true / predicted / correct pairs | {o.true_pairs} / {o.predicted_pairs} / {o.correct_pairs} |",
        ]
        lines += [f"| recall {kind} | {r.recall:.3f} ({r.found}/{r.pairs}) |" for kind, r in self.by_type.items()]
        lines.append(f"| template false merges | {self.template_false_merges} |")
        lines.append(f"| shared-text false merges | {self.shared_text_false_merges} |")
        return "\n".join(lines)


def _false_merges(
    truth: Mapping[str, PostingTruth], predicted: Mapping[str, Hashable], group_of: str
) -> int:  # fmt: skip
    by_pred: Counter[tuple[str, Hashable]] = Counter()
    by_pred_job: Counter[tuple[str, Hashable, str]] = Counter()
    for pid, t in truth.items():
        group = getattr(t, group_of)
        if group and pid in predicted:
            by_pred[(group, predicted[pid])] += 1
            by_pred_job[(group, predicted[pid], t.job_id)] += 1
    together = sum(n * (n - 1) // 2 for n in by_pred.values())
    same_job = sum(n * (n - 1) // 2 for n in by_pred_job.values())
    return together - same_job


def evaluate_dedup(truth: Mapping[str, PostingTruth], predicted: Mapping[str, Hashable]) -> DedupReport:
    """`predicted`: posting_id -> cluster_id (e.g. from posting_cluster_current); truth from `postings_truth`."""
    labels = {pid: t.job_id for pid, t in truth.items()}
    types = {pid: t.dup_type for pid, t in truth.items()}
    return DedupReport(
        overall=pairwise_scores(predicted, labels),
        by_type=recall_by_type(predicted, labels, types),
        template_false_merges=_false_merges(truth, predicted, "template_group"),
        shared_text_false_merges=_false_merges(truth, predicted, "shared_text_group"),
        postings=len(truth),
        unpredicted=sum(1 for pid in truth if pid not in predicted),
    )


def evaluate_organizations(
    truth: Mapping[str, PostingTruth],
    predicted: Mapping[str, Hashable],
    kinds: tuple[str, ...] = ("employer",),
    include_spam: bool = False,
) -> PairScores:
    """`predicted`: posting_id -> organization_id. Only postings whose true employer is of `kinds` are scored:
    agency and confidential postings hide the employer, and spam employers are made up."""
    labels = {
        pid: t.org_id
        for pid, t in truth.items()
        if t.org_kind in kinds and (include_spam or not t.is_spam) and t.org_id is not None
    }
    return pairwise_scores(predicted, labels)


def evaluate_spam(truth: Mapping[str, PostingTruth], predicted: Mapping[str, bool]) -> BinaryScores:
    """`predicted`: posting_id -> flagged as spam. Scores the fraud class over every truth posting."""
    return binary_scores(predicted, {pid: t.is_spam for pid, t in truth.items()})
