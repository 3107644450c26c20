"""What a scam asks the applicant for: personal details in bulk, a payment account, fees, or a chat messenger.

Real scam ads ask for a bundle of personal details up front ("send your full name, address, phone number and
date of birth"), for a bank or PayPal account "for direct deposit", or to move the conversation to WhatsApp,
Telegram, Signal and the like. Legitimate ads name one of these things in passing (an employer's own "bank
account reconciliation", "WhatsApp Business" as a tool of the job, "include your phone number" with a CV), so a
single detail is not a bundle and a messenger must be the way to reach the employer.
"""

from __future__ import annotations

import re

from hirehound.spam.text import WARNING, first_request, sentence_around

SENSITIVE = re.compile(
    r"social security (number|no|#)|\bssn\b|bank (account )?(details|number|information|info|login|statement)|"
    r"routing number|credit card (number|details)|copy of (your |their )?(id|passport|driver'?s licen[cs]e|"
    r"identity card)|mother'?s maiden name|online banking (login|password)|(debit|atm) card (number|pin)",
)
# A payment account the applicant is asked to hand over (for "direct deposit" or to "receive payments").
PAYMENT_ACCOUNT = re.compile(
    r"\b(your|a|an|personal) (paypal|bank|checking|savings|cash ?app|venmo|zelle|payoneer|skrill|revolut)"
    r"( account)?\b|account (number|details)|\biban\b|sort code",
)
_ASK = re.compile(
    r"\b(send|provide|submit|email|e-mail|forward|include|fill (in|out)|give us|reply with|required to "
    r"(send|provide)|need(ed)? (your|a)|must have an?|text us|whatsapp us|open (a|an))\b"
)
# Personal details: three or more asked for in one sentence make a bundle no CV-based application needs.
_DETAILS = {
    "name": r"\b(full|legal|first and last|your) names?\b",
    "address": r"(?<!email )(?<!e-mail )\baddress\b",
    "phone": r"\b(phone|cell|mobile|telephone) (number|no)\b",
    "birth": r"\b(date of birth|birth ?date|dob|your age|\bage\b)",
    "marital": r"\bmarital status\b",
    "id": r"\b(id|passport|driver'?s licen[cs]e|ssn|social security) (number|no|card|copy)?\b",
    "bank": r"\bbank( name| account)?\b",
    "email": r"\b(personal )?e-?mail address\b",
    "gender": r"\b(gender|sex)\b",
    "nationality": r"\b(nationality|citizenship)\b",
}
_DETAIL_PATTERNS = {name: re.compile(p) for name, p in _DETAILS.items()}
BUNDLE_SIZE = 3
# Name, e-mail and phone go with any CV; a bundle must reach past them (birth date, ID, bank, marital status...).
_CV_DETAILS = frozenset({"name", "email", "phone", "address"})
# Equal-opportunity statements list age, gender and nationality too, as what the employer does not judge by.
_EEO = re.compile(r"discriminat|equal (employment )?opportunit|regardless of|without regard|protected")

FEE = re.compile(
    r"(registration|training|starter kit|processing|application|onboarding|background check|equipment) fee|"
    r"fee of \$|\$\s?\d+(\.\d+)? (one-time |one time )?fee|refundable deposit|pay (a|the) (one-time |small )?fee|"
    r"purchase (a|your|the) (starter kit|training kit|equipment)",
)
FREEMAIL = re.compile(
    r"[\w.+-]+@(gmail|googlemail|yahoo|ymail|hotmail|outlook|live|aol|icloud|proton(mail)?|gmx|mail|yandex)"
    r"\.[a-z.]{2,6}\b",
)
MESSENGER = re.compile(
    r"\bwhats\s?app\b(?! business)|\btelegram\b|\bt\.me/|\bsignal (app|messenger|me|us|at|on)\b|\bon signal\b|"
    r"\bviber\b|\bwechat\b|\bkik\b|\bskype (id|name|interview|chat)\b|\b(via|on|through|add) skype\b|"
    r"\byahoo (messenger|im)\b|\bgoogle hangouts?\b|\bhangouts? (chat|interview|id)\b|\bline app\b|"
    r"\b(text|sms) (us|me|only)\b",
)
# A messenger is a red flag as the way to reach the employer, not as a tool of the job ("WhatsApp Business").
_CONTACT = re.compile(
    r"\b(contact|message|text|reach|apply|send|call|write|dm|chat|interview|add|id|handle|username|number)|@|\+\d"
)


# A phone number to call or text in the ad body, outside the board's apply flow. EMSCAD replaces numbers with
# #PHONE_<hash>#; on its development half 10% of frauds and 1% of legitimate ads carry one.
PHONE = re.compile(r"#phone_[0-9a-f]{8,}#|(?<![\w+])(?:\+?\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b")


def phone_contact(text: str) -> str | None:
    m = PHONE.search(text)
    return m.group(0) if m else None


def sensitive_request(text: str) -> str | None:
    """A named sensitive item, a bundle of personal details, or a payment account asked for."""
    if hit := first_request(SENSITIVE, text):
        return hit
    for m in PAYMENT_ACCOUNT.finditer(text):
        sentence = sentence_around(text, m.start(), m.end())
        if _ASK.search(sentence) and not WARNING.search(sentence) and not _about_the_job(sentence):
            return f"payment account asked for: {sentence.strip()[:160]}"
    return detail_bundle(text)


def _about_the_job(sentence: str) -> bool:
    """Accounting work on the employer's accounts ("reconcile bank accounts") is the job, not a request."""
    return bool(_JOB_ACCOUNTS.search(sentence))


_JOB_ACCOUNTS = re.compile(r"reconcil|ledger|bookkeep|accounts? (payable|receivable)|clients?'? (bank )?accounts?")


def detail_bundle(text: str) -> str | None:
    """A sentence asking for BUNDLE_SIZE or more kinds of personal details at once."""
    for m in _ASK.finditer(text):
        sentence = sentence_around(text, m.start(), m.end())
        if WARNING.search(sentence) or _EEO.search(sentence):
            continue
        kinds = sorted(name for name, p in _DETAIL_PATTERNS.items() if p.search(sentence))
        if len(kinds) >= BUNDLE_SIZE and set(kinds) - _CV_DETAILS:
            return f"personal details asked for ({', '.join(kinds)}): {sentence.strip()[:160]}"
    return None


def fee_request(text: str) -> str | None:
    return first_request(FEE, text)


def messenger_contact(text: str) -> str | None:
    return first_request(MESSENGER, text, _CONTACT)


def free_mailbox(text: str, links: str) -> str | None:
    mail = FREEMAIL.search(text) or FREEMAIL.search(links)
    return mail.group(0) if mail else None
