"""The fraud rules on the way real scams are worded, and on legitimate ads that look alike.

The scam texts were written for these tests after the patterns real scam ads follow (pay per week or day, "up
to" a figure, pay in the title, bundles of personal details, payment accounts, chat messengers); none is copied
from a data set. Every scam case has a legitimate counterexample that must not raise the same flag.
"""

from __future__ import annotations

import pytest

from hirehound.quality.facts import PostingFacts
from hirehound.spam.employer import employer_blind_sources
from hirehound.spam.rules import RULE_THRESHOLD, red_flags, rule_score
from hirehound.spam.scoring import score_postings


def posting(description: str, title: str = "Office Assistant", **kw: object) -> PostingFacts:
    kw.setdefault("company", "Northwind Traders")
    kw.setdefault("company_url", "https://northwind.example")
    return PostingFacts("p", title, description, **kw)  # type: ignore[arg-type]


def flags(description: str, title: str = "Office Assistant", **kw: object) -> set[str]:
    return {f.flag for f in red_flags(posting(description, title, **kw))}


@pytest.mark.parametrize(
    "text",
    [
        "You can make from $500 to $900 a week processing orders from your laptop.",
        "Our assistants take home $250 per day, paid every Friday.",
        "Weekly pay of $650 guaranteed for 10 hours of work.",
        "Starting pay: $400-$700 weekly depending on the number of parcels.",
        "Earn up to $3,000 in your first month with flexible hours.",
        "Motivated agents make over $1,200 from home.",
        "Commission structure lets you earn as much as £800.",
        "What we offer: weekly earnings - $400 - $450, training provided.",
        "Wages range from $12 per hour up to six figures for top performers.",
    ],
)
def test_scam_pay_wording_is_pay_bait(text: str) -> None:
    assert "pay_bait" in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "The salary is $52,000 - $61,000 per year plus a 401(k) match.",
        "Pay: $18.50 per hour, overtime after 40 hours.",
        "Salary up to £45,000 per annum depending on experience, plus pension.",
        "An annual bonus of up to 10% of base salary.",
        "Work 40 hours a week on our day shift.",
    ],
)
def test_legitimate_pay_wording_is_not_bait(text: str) -> None:
    assert "pay_bait" not in flags(text)


def test_pay_in_the_title() -> None:
    assert "pay_bait" in flags("Simple tasks.", title="Data Entry Clerk - $45/hr From Home")
    assert "pay_bait" in flags("Simple tasks.", title="Earn Weekly Pay - Package Handler")
    assert "pay_bait" not in flags("Simple tasks.", title="Senior Payroll Specialist")


@pytest.mark.parametrize(
    "text",
    [
        "To be considered, send your full name, home address, date of birth and phone number to the HR desk.",
        "Reply with your legal name, marital status, nationality and a mobile number.",
        "Successful applicants must provide their bank name and account number for direct deposit.",
        "You will need your PayPal account to receive the first payment, so please send it with your resume.",
        "Forward a scan of your driver's license and your SSN so we can set up payroll today.",
    ],
)
def test_bundles_of_personal_details_and_payment_accounts(text: str) -> None:
    assert "sensitive_data_request" in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "Please send your resume with your name, phone number and email address.",
        "Reconcile client bank accounts and prepare the monthly ledger.",
        "We do not discriminate on the basis of age, gender, nationality or marital status; submit your CV here.",
        "We will never ask you to provide your bank account, date of birth or ID number during hiring.",
        "Include your phone number in the cover letter.",
    ],
)
def test_details_a_legitimate_ad_mentions_are_not_a_request(text: str) -> None:
    assert "sensitive_data_request" not in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "For a quick interview, add our hiring manager on Telegram: @northwind_jobs.",
        "Text us on WhatsApp +44 7700 900123 with the word JOB.",
        "Interviews are held on Signal, message us at +1 202 555 0147.",
        "The interview will be conducted via Google Hangouts chat; add hr.desk.recruit to start.",
        "Please add our supervisor on Skype ID northwind.hr for an online interview.",
        "Reach the team on Viber or WeChat to book your slot.",
    ],
)
def test_chat_messengers_as_the_way_to_reach_the_employer(text: str) -> None:
    assert "messenger_contact" in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "Answer customer questions by phone, email and WhatsApp Business.",
        "Build integrations with the Telegram Bot API and Slack.",
        "Our app uses the Signal protocol for end-to-end encryption.",
        "Experience with Skype for Business administration.",
    ],
)
def test_messengers_as_tools_of_the_job(text: str) -> None:
    assert "messenger_contact" not in flags(text)


def test_a_typical_scam_reaches_the_threshold_and_a_typical_ad_does_not() -> None:
    scam = posting(
        "Immediate start! Work from the comfort of your home and make $600 to $900 a week. No experience needed. "
        "Message our coordinator on Telegram @parcel_desk and send your full name, address and date of birth.",
        title="Remote Package Handler",
        company=None,
        company_url=None,
    )
    found = red_flags(scam)
    assert {"pay_bait", "messenger_contact", "sensitive_data_request", "pressure_language"} <= {f.flag for f in found}
    assert rule_score(found) >= RULE_THRESHOLD and all(f.evidence for f in found)
    honest = posting(
        "Join our logistics team in Leeds. Pay: £11.50 per hour, paid weekly, with holiday pay and a pension. "
        "Apply with your CV; we will call you for an interview at the depot.",
        title="Warehouse Operative",
    )
    assert rule_score(red_flags(honest)) < RULE_THRESHOLD


def _source_postings(source: str, company: str | None, n: int) -> list[PostingFacts]:
    return [PostingFacts(f"{source}-{i}", "Analyst", "Analyse data.", company=company, source=source) for i in range(n)]


def test_no_employer_rule_is_off_for_a_source_without_employer_names() -> None:
    blind = _source_postings("emscad", None, 40)
    named = _source_postings("indeed", "Contoso", 30)
    anonymous = PostingFacts("indeed-anon", "Analyst", "Analyse data.", source="indeed")
    assert employer_blind_sources([*blind, *named, anonymous]) == frozenset({"emscad"})
    scores = {s.posting_id: {f.flag for f in s.flags} for s in score_postings([*blind, *named, anonymous], None)}
    assert not any("unidentifiable_employer" in scores[p.posting_id] for p in blind)
    # The one posting without an employer on a source that names them is still flagged.
    assert "unidentifiable_employer" in scores["indeed-anon"]


def test_a_small_batch_is_judged_posting_by_posting() -> None:
    few = _source_postings("emscad", None, 3)
    assert employer_blind_sources(few) == frozenset()
    assert all("unidentifiable_employer" in {f.flag for f in s.flags} for s in score_postings(few, None))


def test_phone_number_in_the_text() -> None:
    assert "phone_contact" in flags("Call or text Linda at (312) 555-0199 to start this week.")
    assert "phone_contact" in flags("Questions? #PHONE_3f1a9c0b2d4e5f60718293a4b5c6d7e8#")  # EMSCAD's placeholder
    for text in ("Salary 40000-50000 per year.", "Founded in 2002, 2014 expansion.", "Req ID 2024-11-20-001."):
        assert "phone_contact" not in flags(text)
