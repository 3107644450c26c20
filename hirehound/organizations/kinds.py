"""Which postings name a real employer: staffing agencies and hidden ("Confidential") employers are recognized.

An agency's postings are for many employers, and "Confidential" hides who the employer is; merging either into a
single organization would make unrelated jobs look like one employer's (and look like duplicates). Agencies are
kept as their own organizations of kind `staffing_agency`; each confidential posting gets its own organization of
kind `confidential`.
"""

from __future__ import annotations

import re

from hirehound.organizations.normalize import normalize_name

EMPLOYER = "employer"
STAFFING_AGENCY = "staffing_agency"
CONFIDENTIAL = "confidential"

_CONFIDENTIAL = re.compile(
    r"^(confidential|confidential company|confidential employer|company confidential|anonymous|anonymous employer|"
    r"undisclosed|undisclosed company|private|private company|private employer|hidden|hidden company|n a|na|none|"
    r"unknown|not disclosed|our client|client of .*|חסוי|חברה חסויה|חברה אנונימית|לקוח של .*)$"
)
# Well-known staffing and recruiting firms (normalized names, one per line), from observed scrapes and rankings.
KNOWN_AGENCIES: frozenset[str] = frozenset(
    line.strip()
    for line in """
    randstad
    adecco
    manpower
    manpowergroup
    experis
    experis israel
    kelly
    kelly services
    robert half
    hays
    michael page
    page group
    aerotek
    teksystems
    insight global
    allegis
    kforce
    spherion
    express employment professionals
    cybercoders
    jobot
    motion recruitment
    apex systems
    modis
    akkodis
    harvey nash
    lorien
    jobinfo
    ethosia
    gotfriends
    nisha
    nisha group
    sqlink
    sqlink group
    hr4u
    malamteam
    allstarsit
    nethr
    sunflower hire
    tek systems
    """.splitlines()
    if line.strip()
)
_AGENCY_WORDS = re.compile(
    r"\b(staffing|recruitment|recruiting|recruiters|headhunting|headhunters|executive search|talent acquisition "
    r"agency|personnel|manpower|placement|employment agency)\b"
    # Hebrew attaches prefixes ("והשמה" = "and placement"), so these match inside words.
    r"|השמה|גיוס|כוח אדם|כ א "
)


def organization_kind(raw_name: str) -> str:
    """`employer`, `staffing_agency` or `confidential` for a raw company spelling."""
    normalized = normalize_name(raw_name)
    if not normalized or _CONFIDENTIAL.match(normalized):
        return CONFIDENTIAL
    words = [w for w in normalized.split() if w != "the"]
    # "Randstad USA", "The Adecco Group", "Robert Half International": a known agency's name leads the spelling.
    if any(" ".join(words[:n]) in KNOWN_AGENCIES for n in (1, 2, 3)) or _AGENCY_WORDS.search(normalized):
        return STAFFING_AGENCY
    return EMPLOYER
