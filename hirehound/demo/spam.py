"""Fraudulent postings for the demo: the red flags of real job scams, a few per posting.

Flags are the ones scam ads are known for (an LLM agent ranked the first three highest on an EMSCAD subset; that
ranking is not a measurement of this project's rules): requests for sensitive personal data, an unidentifiable
employer, unrealistic pay, fees to start, and contact only through WhatsApp, Telegram or a personal mailbox.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from hirehound.demo.descriptions import Blocks

_TITLES = (
    "Remote Data Entry Clerk - Work From Home", "Package Handler / Reshipping Assistant", "Personal Assistant (Remote)",
    "Mystery Shopper", "Online Chat Operator - No Experience", "Payment Processing Agent", "Product Tester at Home",
    "Administrative Assistant - Immediate Start", "Envelope Stuffing Work From Home",
    "Customer Service Rep (Remote, Weekly Pay)",
)  # fmt: skip
_FLAGS = {
    "fee": "A one-time registration fee of ${fee} covers your training kit and starter materials.",
    "whatsapp": "Contact our HR manager directly on WhatsApp at +1 ({area}) 555-{num} to start today.",
    "telegram": "Message our recruiter on Telegram @{handle} for an instant interview.",
    "gmail": "Send your CV to {handle}.{num}@gmail.com and you will hear back within the hour.",
    "sensitive": "Successful applicants must send a copy of their ID, Social Security number and bank account "
    "details for direct deposit setup.",
    "pay": "Earn ${weekly} per week working just 2 hours a day from the comfort of your home!",
}
_FILLER = (
    "No experience needed, we provide full training.",
    "Flexible hours, work whenever you want.",
    "This is a great opportunity for students, stay-at-home parents and retirees.",
    "Positions are filling fast, apply now!!!",
    "All you need is a phone or laptop and an internet connection.",
    "Weekly payments by bank transfer, PayPal or gift cards.",
)


@dataclass(frozen=True)
class SpamPosting:
    title: str
    blocks: Blocks
    flags: tuple[str, ...]
    weekly_pay: int


def build_spam(rng: random.Random) -> SpamPosting:
    flags = rng.sample(sorted(_FLAGS), rng.randint(2, 4))
    handle = rng.choice(("hr_recruit", "jobs.hiring", "careers_team", "mark.hr", "lisa.recruiter"))
    fill = {
        "fee": rng.choice((35, 49, 75, 99)), "area": rng.randint(201, 989), "num": rng.randint(1000, 9999),
        "handle": handle, "weekly": rng.choice(("3,500", "5,000", "2,800", "7,200")),
    }  # fmt: skip
    title = rng.choice(_TITLES)
    lines = [_FLAGS[f].format(**fill) for f in flags]
    filler = rng.sample(_FILLER, 3)
    blocks: Blocks = (
        ("p", f"We are urgently hiring for the position of {title}. {filler[0]}"),
        ("ul", tuple(filler[1:])),
        ("p", " ".join(lines)),
    )
    weekly = int(str(fill["weekly"]).replace(",", ""))
    return SpamPosting(title, blocks, tuple(flags), weekly)
