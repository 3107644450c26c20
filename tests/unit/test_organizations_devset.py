"""Silver employer labels of the Simplify dev set: one employer under two Simplify keys is one, nothing else is."""

from __future__ import annotations

from bench.organizations_devset import silver_employers


def test_keys_with_the_same_company_name_are_one_employer() -> None:
    labels = [
        {"posting_id": "a", "company_key": "western-digital", "company": "Western Digital"},
        {"posting_id": "b", "company_key": "western digital", "company": "Western  Digital"},  # no company page
        {"posting_id": "c", "company_key": "6b39f47e", "company": "Bank of Montreal (BMO)"},
        {"posting_id": "d", "company_key": "bmo", "company": "Bank of Montreal (BMO)"},
        {"posting_id": "e", "company_key": "lucid", "company": "Lucid"},
        {"posting_id": "f", "company_key": "lucid-motors", "company": "Lucid Motors"},
    ]
    silver = silver_employers(labels)
    assert silver["a"] == silver["b"] and silver["c"] == silver["d"]
    assert len({silver["a"], silver["c"], silver["e"], silver["f"]}) == 4  # Lucid / Lucid Motors are not folded
