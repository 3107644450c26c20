"""Scoring against the demo ground truth: duplicate clusters, organization matching and spam detection."""

from hirehound.evaluation.classification import BinaryScores, binary_scores
from hirehound.evaluation.ground_truth import PostingTruth, TruthRow, load_ground_truth, postings_truth
from hirehound.evaluation.pairwise import PairScores, TypeRecall, labels_from_pairs, pairwise_scores, recall_by_type
from hirehound.evaluation.reports import (
    DedupReport,
    evaluate_dedup,
    evaluate_organizations,
    evaluate_spam,
)

__all__ = [
    "BinaryScores",
    "DedupReport",
    "PairScores",
    "PostingTruth",
    "TruthRow",
    "TypeRecall",
    "binary_scores",
    "evaluate_dedup",
    "evaluate_organizations",
    "evaluate_spam",
    "labels_from_pairs",
    "load_ground_truth",
    "pairwise_scores",
    "postings_truth",
    "recall_by_type",
]
