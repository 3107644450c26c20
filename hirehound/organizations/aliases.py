"""Curated aliases: abbreviations and product names that no string similarity can link to their employer.

"BMO" and "Bank of Montreal" share no characters worth matching; "InvoiceCloud" is a product of EngageSmart.
The table maps a normalized spelling (words joined by single spaces, "and/of/the" removed) to the core key of
the employer. Keep it small and sourced from observed data: every entry is a decision a person made.
"""

from __future__ import annotations

# spelling (normalized, stop words removed) -> canonical core key of the employer
CURATED_ALIASES: dict[str, str] = {
    # abbreviations
    "bmo": "bankmontreal",
    "bmo financial group": "bankmontreal",
    "bmo harris": "bankmontreal",
    "bank montreal": "bankmontreal",
    "rbc": "royalbankcanada",
    "royal bank canada": "royalbankcanada",
    "td": "torontodominionbank",
    "td bank": "torontodominionbank",
    "toronto dominion bank": "torontodominionbank",
    "ibm": "internationalbusinessmachines",
    "international business machines": "internationalbusinessmachines",
    "iai": "israelaerospaceindustries",
    "iai israel aerospace industries": "israelaerospaceindustries",
    "israel aerospace industries": "israelaerospaceindustries",
    "ge": "generalelectric",
    "general electric": "generalelectric",
    "pwc": "pricewaterhousecoopers",
    "pricewaterhousecoopers": "pricewaterhousecoopers",
    "ey": "ernstyoung",
    "ernst young": "ernstyoung",
    "ernst and young": "ernstyoung",
    "jpmorgan chase": "jpmorganchase",
    "jp morgan chase": "jpmorganchase",
    "jpmorgan": "jpmorganchase",
    "jp morgan": "jpmorganchase",
    # a product or brand used for its company
    "invoicecloud": "engagesmart",
    "engagesmart": "engagesmart",
    "elsevier": "relx",
    "relx": "relx",
    "meta": "meta",
    "facebook": "meta",
    "google": "google",
    "alphabet": "google",
    "youtube": "google",
    "aws": "amazon",
    "amazon web services": "amazon",
    "amazon": "amazon",
}


def canonical_alias(spelling: str) -> str | None:
    """The employer's core key for a curated spelling, or None when the spelling is not curated."""
    return CURATED_ALIASES.get(spelling)
