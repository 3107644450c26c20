"""Red-flag rules: each flag fires on the scam pattern and not on the legitimate look-alike."""

from __future__ import annotations

from hirehound.quality.facts import PostingFacts
from hirehound.spam.rules import RULE_THRESHOLD, red_flags, rule_score


def flags(description: str, title: str = "Data Engineer", **kw: object) -> set[str]:
    facts = PostingFacts(
        "p",
        title,
        description,
        company=kw.pop("company", "Acme Corp"),  # type: ignore[arg-type]
        company_url=kw.pop("company_url", "https://acme.example"),
        **kw,
    )  # type: ignore[arg-type]
    return {f.flag for f in red_flags(facts)}


def test_sensitive_data_and_fees() -> None:
    assert "sensitive_data_request" in flags("Please send your Social Security number to apply.")
    assert "sensitive_data_request" in flags("Email a copy of your passport and bank account details.")
    assert "fee_request" in flags("A one-time registration fee of $49 covers the starter kit.")
    assert not flags("Reconcile bank accounts and ledgers every month.")


def test_scam_warnings_are_not_requests() -> None:
    text = (
        "Please be aware of recruiting scams! We will never ask for any fees or personal information such as "
        "social security numbers or bank details during the recruitment process."
    )
    assert flags(text) == set()


def test_personal_contact() -> None:
    assert "personal_contact" in flags("Send your CV to mark.hr.2231@gmail.com today.")
    assert "messenger_contact" in flags("Message our recruiter on Telegram @jobs_hr for an interview.")
    assert "messenger_contact" in flags("Contact our HR manager on WhatsApp at +1 555 0100.")
    assert not flags("Answer customer questions by phone, email and WhatsApp Business.")
    assert not flags("Experience with WhatsApp Business.")


def test_unidentifiable_employer() -> None:
    assert "unidentifiable_employer" in flags("Great job.", company="Hiring Team", company_url=None)
    assert "unidentifiable_employer" in flags("Great job.", company=None, company_url=None)
    assert not flags("Great job.", company="Hiring Team", company_url="https://hiringteam.example")
    assert not flags("Great job.", company="Globex Robotics", company_url=None)


def test_unrealistic_pay_depends_on_role_and_currency() -> None:
    assert "unrealistic_pay" in flags("Earn $5,000 per week from home!", title="Data Entry Clerk")
    assert "unrealistic_pay" not in flags("Earn $5,000 per week.", title="Principal Engineer")
    assert "unrealistic_pay" in flags("ok", title="Cashier", salary_annual_max=200_000.0, salary_currency="USD")
    assert not flags("ok", title="Data Scientist", salary_annual_max=1_800_000.0, salary_currency="INR")
    assert "unrealistic_pay" in flags(
        "ok", title="Data Scientist", salary_annual_max=1_800_000.0, salary_currency="USD"
    )


def test_text_mismatch_and_score() -> None:
    cooking = "We cook pasta, bake bread and prepare sauces for our restaurant guests every evening. " * 5
    assert "text_mismatch" in flags(cooking, title="Kubernetes Platform Engineer")
    assert "text_mismatch" not in flags(cooking, title="Pasta Cook")
    scam = PostingFacts(
        "p", "Remote Data Entry Clerk", "Pay a registration fee of $35. Contact us on WhatsApp at +1 555 0100.",
        company="HR Department",
    )  # fmt: skip
    found = red_flags(scam)
    assert {f.flag for f in found} >= {"fee_request", "messenger_contact", "unidentifiable_employer"}
    assert rule_score(found) >= RULE_THRESHOLD
    assert all(f.evidence for f in found)
