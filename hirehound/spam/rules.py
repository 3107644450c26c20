"""Red-flag rules for fraudulent job postings, each with a name, a weight and the text that triggered it.

What the rules look for is what real scam ads say (from reading EMSCAD, the University of the Aegean's 17,880
real ads): pay per week or per day, as a range or "up to" a figure, sometimes in the title (pay.py); a bundle of
personal details or a payment account asked for, fees, contact through chat messengers or a phone number in
the text (requests.py); an employer that cannot be identified, where the source names employers at all
(employer.py); pressure language; unusual payment methods; a title the description does not match. A sentence
that warns against scams ("we will never ask for fees or bank details") is not a request.

The weights are judgement, not fitted: one severe flag (sensitive data, a fee) plus any other reaches
RULE_THRESHOLD. Figures sometimes quoted for such flags (sensitive-data requests 3.7x, unidentifiable employer
3.7x, unrealistic pay 2.6x relative fraud risk) come from an LLM agent's flags on an 8,781-ad EMSCAD subset,
not from these rules; what these rules score on real labelled ads is measured by `bench/eval_fraud.py` and
written in docs/spam.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hirehound.quality.facts import PostingFacts
from hirehound.spam.employer import unidentifiable_employer
from hirehound.spam.pay import pay_bait, unrealistic_pay
from hirehound.spam.requests import fee_request, free_mailbox, messenger_contact, phone_contact, sensitive_request

RULE_THRESHOLD = 3.5
FLAG_NAMES = (
    "sensitive_data_request", "fee_request", "messenger_contact", "personal_contact", "phone_contact",
    "unidentifiable_employer", "unrealistic_pay", "pay_bait", "text_mismatch", "unusual_payment", "pressure_language",
)  # fmt: skip
WEIGHTS = {
    "sensitive_data_request": 3.0, "fee_request": 3.0, "messenger_contact": 2.0, "personal_contact": 2.0,
    "phone_contact": 1.0,
    "unidentifiable_employer": 1.5, "unrealistic_pay": 2.0, "pay_bait": 1.5, "text_mismatch": 1.0,
    "unusual_payment": 1.0, "pressure_language": 1.0,
}  # fmt: skip


@dataclass(frozen=True)
class RedFlag:
    flag: str
    weight: float
    evidence: str


_PAYMENT = re.compile(r"gift cards?|western union|moneygram|bitcoin|crypto(currency)? (payment|wallet)|reshipping")
_PRESSURE = re.compile(
    r"no experience (needed|necessary|required)|urgently hiring|immediate start|instant interview|"
    r"apply now!|!!!|unlimited (earning|income)|from the comfort of your (own )?home|be your own boss|"
    r"work from home and earn|limited (slots|positions|spots) (available|left)|start (earning )?today",
)
_STOP = frozenset(
    {
        "with", "from", "that", "this", "your", "have", "will", "for", "and", "the", "are", "our", "you", "job",
        "role", "position", "senior", "junior",
    }
)  # fmt: skip


def _mismatch(f: PostingFacts) -> str | None:
    if len(f.description) < 300:
        return None
    words = {w for w in re.findall(r"[a-z]{4,}", f.title.lower()) if w not in _STOP}
    text = f.description.lower()
    if len(words) >= 2 and not any(w[:5] in text for w in words):
        return f"no word of the title {f.title!r} appears in the description"
    return None


def red_flags(f: PostingFacts, blind_sources: frozenset[str | None] = frozenset()) -> list[RedFlag]:
    """Every red flag the posting raises, in FLAG_NAMES order. `blind_sources`: sources that never name an
    employer (employer.employer_blind_sources), where the unidentifiable-employer rule tells nothing."""
    text = f.description.lower()
    links = " ".join(x for x in (f.apply_url, f.company_url) if x).lower()
    found = {
        "sensitive_data_request": sensitive_request(text),
        "fee_request": fee_request(text),
        "messenger_contact": messenger_contact(text),
        "personal_contact": free_mailbox(text, links),
        "phone_contact": phone_contact(text),
        "unidentifiable_employer": unidentifiable_employer(f, blind_sources),
        "unrealistic_pay": unrealistic_pay(f),
        "pay_bait": pay_bait(f),
        "text_mismatch": _mismatch(f),
        "unusual_payment": m.group(0) if (m := _PAYMENT.search(text)) else None,
        "pressure_language": m.group(0) if (m := _PRESSURE.search(text)) else None,
    }
    return [RedFlag(name, WEIGHTS[name], str(ev)[:200]) for name, ev in found.items() if ev]


def rule_score(flags: list[RedFlag]) -> float:
    return round(sum(f.weight for f in flags), 2)
