"""Fraud rules and the spam classifier on real labelled ads (EMSCAD), fraud class only.

Data: bench/fraud_data.py (real EMSCAD ads from two public copies, sampled by class; cached, not in git). Ads
are split in two halves by a hash of their text: the development half is what the rules may be looked at on and
what the classifier is trained on (its threshold from out-of-fold predictions there, chosen for the best F1 at
EMSCAD's base rate, since the sample's fraud share is not the real one); every figure below is on
the test half, which nothing is tuned on. Precision and F1 are given as measured on the sample (about 60% fraud)
and as they would be at EMSCAD's own base rate (4.84%), from the per-class rates: the sample's precision is not
what a user would see.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sklearn.metrics import roc_auc_score

from bench.eval_common import Section, at_least, at_most
from bench.fraud_data import BASE_RATE, FILES, load, missing_reason
from hirehound.evaluation.classification import at_base_rate as scores_at_base_rate
from hirehound.evaluation.classification import binary_scores
from hirehound.spam.classifier import train
from hirehound.spam.employer import employer_blind_sources
from hirehound.spam.rules import FLAG_NAMES, RULE_THRESHOLD, RedFlag, red_flags, rule_score
from hirehound.spam.scoring import score_postings
from hirehound.spam.store import StoredModel

COMMAND = "PYTHONPATH=$PWD .venv/bin/python -m bench.evaluate --only fraud --out /tmp/eval_fraud.md"
DATA = "EMSCAD test half"


def at_base_rate(recall: float, false_positive_rate: float) -> tuple[float, float]:
    """Precision and F1 a classifier with these per-class rates would have at EMSCAD's fraud share."""
    return scores_at_base_rate(recall, false_positive_rate, BASE_RATE)


def _rates(flagged: Sequence[bool], truth: Sequence[bool]) -> tuple[float, float, float, float]:
    """Sample precision, recall, false-positive rate, F1."""
    s = binary_scores(dict(enumerate(flagged)), dict(enumerate(truth)))
    fpr = s.false_positives / (s.false_positives + s.true_negatives) if s.false_positives + s.true_negatives else 0.0
    return s.precision, s.recall, fpr, s.f1


def _block(
    section: Section, what: str, flagged: Sequence[bool], truth: Sequence[bool], goals: bool, f1_goal: float | None
) -> None:
    precision, recall, fpr, f1 = _rates(flagged, truth)
    base_p, base_f1 = at_base_rate(recall, fpr)
    section.add(DATA, f"{what}: fraud recall", recall)
    section.add(DATA, f"{what}: false-positive rate on legitimate ads", fpr, goal=at_most(fpr, 0.02) if goals else None)
    section.add(DATA, f"{what}: fraud precision (sample)", precision)
    section.add(DATA, f"{what}: fraud F1 (sample)", f1)
    section.add(DATA, f"{what}: fraud precision at EMSCAD base rate", base_p)
    section.add(DATA, f"{what}: fraud F1 at EMSCAD base rate", base_f1,
                goal=at_least(base_f1, f1_goal) if f1_goal is not None else None)  # fmt: skip


def evaluate(shared: Path | None) -> Section:
    section = Section("Fraud rules and spam classifier (EMSCAD)", command=COMMAND)
    if reason := missing_reason():
        section.skipped = reason
        return section
    ads = load()
    dev = [a for a in ads if not a.test]
    test = [a for a in ads if a.test]
    facts = [a.facts for a in test]
    truth = [a.fraudulent for a in test]
    blind = employer_blind_sources(facts)
    flags = [red_flags(f, blind) for f in facts]
    scores = [rule_score(fl) for fl in flags]
    section.add(DATA, "ads (fraudulent)", f"{len(test):,} ({sum(truth):,})")
    _block(section, "rules", [s >= RULE_THRESHOLD for s in scores], truth, goals=True, f1_goal=None)
    auroc = float(roc_auc_score(truth, scores))
    section.add(DATA, "rules: AUROC of the rule score", auroc, goal=at_least(auroc, 0.6))

    model = train([a.facts for a in dev], [a.fraudulent for a in dev], base_rate=BASE_RATE)
    stored = StoredModel(model.version, model.threshold, model.metrics, "EMSCAD dev half", model.examples,
                         model.spam_examples, model.model)  # fmt: skip
    probs = model.probabilities(facts)
    flagged = [p >= model.threshold for p in probs]
    _block(section, "classifier (trained on the dev half)", flagged, truth, goals=False, f1_goal=None)
    model_auroc = float(roc_auc_score(truth, probs))
    section.add(DATA, "classifier: AUROC", model_auroc, goal=at_least(model_auroc, 0.8))
    decided = [s.is_spam for s in score_postings(facts, stored)]
    _block(section, "spam_scores decision (rules + classifier)", decided, truth, goals=False, f1_goal=0.5)
    section.detail = _detail(flags, truth, dev_size=(len(dev), sum(a.fraudulent for a in dev)), blind=blind)
    return section


def _detail(
    flags: list[list[RedFlag]], truth: list[bool], dev_size: tuple[int, int], blind: frozenset[str | None]
) -> str:
    frauds = sum(truth) or 1
    legit = (len(truth) - sum(truth)) or 1
    lines = [
        "Per-rule firing on the test half (rules fire independently; `spam` needs weights adding to "
        f"{RULE_THRESHOLD}):",
        "",
        "| rule | fires on frauds | fires on legitimate | precision (sample) | precision at base rate |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in FLAG_NAMES:
        fired = [any(f.flag == name for f in fl) for fl in flags]
        on_fraud = sum(x and y for x, y in zip(fired, truth, strict=True)) / frauds
        on_legit = sum(x and not y for x, y in zip(fired, truth, strict=True)) / legit
        hits = sum(x and y for x, y in zip(fired, truth, strict=True))
        precision = hits / sum(fired) if sum(fired) else float("nan")
        base_p = at_base_rate(on_fraud, on_legit)[0] if sum(fired) else float("nan")
        lines.append(f"| {name} | {on_fraud:.3f} | {on_legit:.3f} | {precision:.3f} | {base_p:.3f} |")
    sources = "; ".join(f"`{f.repo}@{f.commit[:10]}:{f.path}`" for f in FILES)
    lines += [
        "",
        f"Employer-blind sources found (unidentifiable-employer rule off): {sorted(map(str, blind)) or 'none'}. "
        f"Development half: {dev_size[0]:,} ads ({dev_size[1]:,} fraudulent). Sources: {sources}.",
    ]
    return "\n".join(lines)
