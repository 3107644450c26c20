"""Red-flag rules for fraudulent job postings, each with a name, a weight and the text that triggered it.

The flags follow the EMSCAD study of 17,880 real ads (relative fraud risk in brackets): requests for sensitive
personal data (3.7x) or for fees, an unidentifiable employer (3.7x), unrealistic pay for the role (2.6x),
requirements that do not match the title (2.8x), and contact only through WhatsApp, Telegram or a personal
mailbox. A sentence that warns against scams ("we will never ask for fees or bank details") is not a request.
A posting is spam by rules alone when its weights add up to RULE_THRESHOLD (one severe flag plus another).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hirehound.quality.facts import PostingFacts

RULE_THRESHOLD = 3.5
FLAG_NAMES = (
    "sensitive_data_request", "fee_request", "personal_contact", "unidentifiable_employer", "unrealistic_pay",
    "text_mismatch", "unusual_payment", "pressure_language",
)  # fmt: skip


@dataclass(frozen=True)
class RedFlag:
    flag: str
    weight: float
    evidence: str


_SENSITIVE = re.compile(
    r"social security (number|no|#)|\bssn\b|bank (account )?(details|number|information|info|login)|routing number|"
    r"credit card (number|details)|copy of (your |their )?(id|passport|driver'?s licen[cs]e|identity card)|"
    r"mother'?s maiden name|date of birth and|online banking (login|password)",
)
_FEE = re.compile(
    r"(registration|training|starter kit|processing|application|onboarding|background check|equipment) fee|"
    r"fee of \$|\$\s?\d+(\.\d+)? (one-time |one time )?fee|refundable deposit|pay (a|the) (one-time |small )?fee|"
    r"purchase (a|your|the) (starter kit|training kit|equipment)",
)
_WARNING = re.compile(r"\b(never|not|n't|no)\b.{0,80}\b(ask|request|require|charge|collect)|scam|fraud")
_FREEMAIL = re.compile(
    r"[\w.+-]+@(gmail|googlemail|yahoo|ymail|hotmail|outlook|live|aol|icloud|proton(mail)?|gmx|mail|yandex)"
    r"\.[a-z.]{2,6}\b",
)
_MESSENGER = re.compile(r"\bwhats\s?app\b(?! business)|\btelegram\b|\bt\.me/|\bwechat\b|\b(text|sms) (us|me)\b")
# A messenger is a red flag as the way to reach the employer, not as a tool of the job ("WhatsApp Business").
_CONTACT_VERB = re.compile(r"\b(contact|message|text|reach|apply|send|call|write|dm|chat with|interview|@)")
_PAYMENT = re.compile(r"gift cards?|western union|moneygram|bitcoin|crypto(currency)? (payment|wallet)|reshipping")
_PRESSURE = re.compile(
    r"no experience (needed|necessary|required)|urgently hiring|immediate start|instant interview|"
    r"apply now!|!!!|earn (up to )?\$|unlimited (earning|income)|from the comfort of your home",
)
_PAY_CLAIM = re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)\s*(k)?\s*(?:per|a|/|each)\s*(hour|hr|day|week|month)\b")
_PERIOD_FACTOR = {"hour": 2080, "hr": 2080, "day": 260, "week": 52, "month": 12}
# Roles that pay modestly almost everywhere: above these annual amounts the offer is not believable.
_LOW_PAY_ROLES = re.compile(
    r"data entry|clerk|administrative assistant|personal assistant|package|reshipping|chat operator|"
    r"mystery shopper|product tester|envelope|customer service|cashier|receptionist|warehouse|packer|typist|"
    r"student|intern\b|trainee",
)
LOW_PAY_CAP = 120_000.0  # US dollars a year
ANY_ROLE_CAP = 1_500_000.0
# Rough US dollars per unit, to compare salaries in other currencies with the caps; unknown currencies are skipped.
USD_PER_UNIT = {
    "USD": 1.0, "EUR": 1.1, "GBP": 1.27, "CHF": 1.13, "CAD": 0.73, "AUD": 0.66, "NZD": 0.6, "SGD": 0.74,
    "HKD": 0.13, "JPY": 0.0067, "CNY": 0.14, "INR": 0.012, "ILS": 0.27, "SEK": 0.095, "NOK": 0.093, "DKK": 0.15,
    "PLN": 0.25, "CZK": 0.043, "BRL": 0.18, "MXN": 0.055, "ZAR": 0.055, "AED": 0.27, "KRW": 0.00073,
}  # fmt: skip
_GENERIC_EMPLOYER_WORDS = frozenset(
    {
        "hr", "human", "resources", "department", "dept", "hiring", "team", "recruitment", "recruiting", "recruiter",
        "staffing", "staff", "careers", "career", "jobs", "job", "work", "from", "home", "remote", "hub", "global",
        "solutions", "group", "international", "network", "united", "prime", "star", "express", "dream", "company",
        "employer", "confidential", "private", "client", "our", "a", "the", "and", "of", "inc", "llc", "ltd",
        "services", "agency",
    }
)  # fmt: skip
_STOP = frozenset(
    [
        "with",
        "from",
        "that",
        "this",
        "your",
        "have",
        "will",
        "for",
        "and",
        "the",
        "are",
        "our",
        "you",
        "job",
        "role",
        "position",
        "senior",
        "junior",
    ]
)


# Patterns are lower case and run on lower-cased text: much faster than re.IGNORECASE on long alternations.
_BOUNDARY = re.compile(r"[.!?\n]")


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding text[start:end]."""
    before = max((m.end() for m in _BOUNDARY.finditer(text, max(0, start - 400), start)), default=max(0, start - 400))
    after = _BOUNDARY.search(text, end)
    return text[before : after.start() if after else len(text)]


def _request(pattern: re.Pattern[str], text: str, context: re.Pattern[str] | None = None) -> str | None:
    """The first match whose sentence is not a scam warning (and has `context`, when given)."""
    for m in pattern.finditer(text):
        sentence = _sentence_around(text, m.start(), m.end())
        if _WARNING.search(sentence) or (context is not None and not context.search(sentence)):
            continue
        return m.group(0)
    return None


def _unidentifiable(f: PostingFacts) -> str | None:
    if f.company_url or f.organization_domain:
        return None
    if f.organization_kind == "confidential":
        return "confidential employer, no company website"
    if not f.company or not f.company.strip():
        return "no employer named, no company website"
    words = re.findall(r"[a-z]+", f.company.lower())
    if words and all(w in _GENERIC_EMPLOYER_WORDS for w in words):
        return f"generic employer name {f.company!r}, no company website"
    return None


def _unrealistic_pay(f: PostingFacts) -> str | None:
    claims = []
    for amount, k, period in _PAY_CLAIM.findall(f.description.lower()):
        value = float(amount.replace(",", "")) * (1000 if k else 1)
        claims.append((value * _PERIOD_FACTOR[period.lower()], f"${amount}{k} per {period}"))
    rate = USD_PER_UNIT.get((f.salary_currency or "USD").upper())
    if f.salary_annual_max is not None and rate is not None:
        claims.append(
            (f.salary_annual_max * rate, f"salary up to {f.salary_annual_max:,.0f} {f.salary_currency} a year")
        )
    cap = LOW_PAY_CAP if _LOW_PAY_ROLES.search(f.title.lower()) else ANY_ROLE_CAP
    too_high = [text for annual, text in claims if annual > cap]
    return f"{too_high[0]} for '{f.title}'" if too_high else None


def _mismatch(f: PostingFacts) -> str | None:
    if len(f.description) < 300:
        return None
    words = {w for w in re.findall(r"[a-z]{4,}", f.title.lower()) if w not in _STOP}
    text = f.description.lower()
    if len(words) >= 2 and not any(w[:5] in text for w in words):
        return f"no word of the title {f.title!r} appears in the description"
    return None


def red_flags(f: PostingFacts) -> list[RedFlag]:
    """Every red flag the posting raises, in FLAG_NAMES order."""
    text = f.description.lower()
    links = " ".join(x for x in (f.apply_url, f.company_url) if x).lower()
    mail = _FREEMAIL.search(text) or _FREEMAIL.search(links)
    contact = mail.group(0) if mail else _request(_MESSENGER, text, _CONTACT_VERB)
    found = {
        "sensitive_data_request": (3.0, _request(_SENSITIVE, text)),
        "fee_request": (3.0, _request(_FEE, text)),
        "personal_contact": (2.0, contact),
        "unidentifiable_employer": (1.5, _unidentifiable(f)),
        "unrealistic_pay": (2.0, _unrealistic_pay(f)),
        "text_mismatch": (1.0, _mismatch(f)),
        "unusual_payment": (1.0, m.group(0) if (m := _PAYMENT.search(text)) else None),
        "pressure_language": (0.5, m.group(0) if (m := _PRESSURE.search(text)) else None),
    }
    return [RedFlag(name, w, str(ev)[:200]) for name, (w, ev) in found.items() if ev]


def rule_score(flags: list[RedFlag]) -> float:
    return round(sum(f.weight for f in flags), 2)
