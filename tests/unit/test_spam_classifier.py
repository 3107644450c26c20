"""The spam classifier: fraud-class metrics, a tuned threshold, deterministic versions, bytes round trip."""

from __future__ import annotations

import pytest

from hirehound.quality.facts import PostingFacts
from hirehound.spam.classifier import model_version, train
from hirehound.spam.model_format import load_model_bytes
from hirehound.spam.scoring import score_postings
from hirehound.spam.store import StoredModel


def examples() -> tuple[list[PostingFacts], list[bool]]:
    legit = ["Build data pipelines in Python and SQL", "Care for patients on the cardiology ward",
             "Sell software to mid-market accounts", "Maintain HVAC systems in our buildings"]  # fmt: skip
    scam = ["Earn money fast, pay the registration fee and message us on Telegram",
            "Send your bank account details and a copy of your ID to start"]  # fmt: skip
    facts, labels = [], []
    for i in range(10):
        for j, text in enumerate(legit):
            facts.append(PostingFacts(f"l{i}-{j}", f"Role {j}", f"{text}. Office {i}.", company=f"Company {i}"))
            labels.append(False)
        for j, text in enumerate(scam):
            facts.append(PostingFacts(f"s{i}-{j}", "Remote Assistant", f"{text} now!!! {i}", company="Hiring Team"))
            labels.append(True)
    return facts, labels


def test_train_reports_fraud_class_metrics_and_round_trips() -> None:
    facts, labels = examples()
    model = train(facts, labels)
    assert set(model.metrics) >= {"precision", "recall", "f1", "true_positives", "false_positives", "threshold"}
    assert "accuracy" not in model.metrics
    assert model.metrics["f1"] >= 0.9 and model.examples == 60 and model.spam_examples == 20
    assert model.version == model_version(facts, labels) == train(facts, labels).version
    assert model.version != model_version(facts, [not y for y in labels])
    restored = load_model_bytes(model.to_bytes())
    assert restored.probabilities(["x"], [set()]).shape == (1,)
    stored = StoredModel(model.version, model.threshold, model.metrics, "test", 60, 20, restored)
    scores = score_postings(facts[:6], stored)
    assert [s.is_spam for s in scores] == labels[:6]
    assert all(s.model_version == model.version and s.probability is not None for s in scores)


def test_training_needs_both_classes() -> None:
    facts, _ = examples()
    with pytest.raises(ValueError, match="at least 2 spam"):
        train(facts, [False] * len(facts))


def test_rules_decide_without_a_model() -> None:
    scam = PostingFacts("s", "Data Entry Clerk", "Pay the registration fee of $49 and text us on WhatsApp now.",
                        company="HR Department")  # fmt: skip
    ok = PostingFacts("o", "Nurse", "Care for patients.", company="City Hospital", company_url="https://h.example")
    a, b = score_postings([scam, ok], None)
    assert (a.is_spam, a.decided_by, a.model_version) == (True, "rules", None)
    assert (b.is_spam, b.decided_by) == (False, "none")
