"""`make eval` section: organizations, pairwise precision and recall of "same employer".

(a) The real Indeed/LinkedIn Israel sample (`../shared/data/real_samples`) against the hand-labelled truth in
tests/fixtures/organizations_israel_truth.csv, scored as `bench/bench_organizations.py` scores it (distinct
spellings, by name). (b) The real Simplify dev set (`bench/realdata/simplify_devset.py`: two public Simplify lists
replayed as weekly scrapes) against silver employer labels from Simplify's company slugs, per listing, through the
organizations asset's per-batch steps on PostgreSQL, with the apply URLs and company pages present and removed
(`bench/organizations_devset.py`). (c) A synthetic aggregator-host regression set (`bench/aggregator_hosts_set.py`:
employers behind simplify.jobs, ripplematch, tenant-less Workday sites, boards and one portal the host list does not
know), per posting, with the URLs present and removed. Goals: precision >= 0.98, recall >= 0.95.
"""

from __future__ import annotations

from pathlib import Path

from bench import aggregator_hosts_set, organizations_devset
from bench.bench_organizations import israel_quality
from bench.eval_common import OWN, REAL, Section, at_least

PRECISION, RECALL = 0.98, 0.95


def evaluate(shared: Path | None) -> Section:
    section = Section(
        title="Organizations (same employer, pairwise)",
        command="python -m bench.evaluate --only organizations",
    )
    lines: list[str] = []
    sample = shared / "real_samples" / "indeed_linkedin_israel_jobs.csv" if shared else None
    israel = israel_quality(sample) if sample is not None else None
    if israel is None:
        lines.append("- Israel sample: skipped (`../shared/data` absent).")
    else:
        scores, disagreements = israel
        data = f"Indeed/LinkedIn Israel sample ({scores.items} spellings, hand-labelled)"
        section.add(data, "precision", scores.precision, goal=at_least(scores.precision, PRECISION), origin=REAL)
        section.add(data, "recall", scores.recall, goal=at_least(scores.recall, RECALL), origin=REAL)
        if disagreements:
            lines += ["Israel sample disagreements (missed pairs; WRONG = merged but different):", ""]
            lines += [f"- {a} / {b}" for a, b in disagreements]
    _devset(section, lines)
    postings = aggregator_hosts_set.build()
    employers = len({p.employer for p in postings})
    for with_urls in (True, False):
        scores = aggregator_hosts_set.score(postings, with_urls=with_urls)
        data = f"synthetic aggregator-host set ({len(postings):,} postings, {employers} employers), URLs " + (
            "present" if with_urls else "removed"
        )
        note = "generated labels; a regression check, not third-party data"
        section.add(
            data, "precision", scores.precision, goal=at_least(scores.precision, PRECISION), origin=OWN, note=note
        )
        section.add(data, "recall", scores.recall, goal=at_least(scores.recall, RECALL), origin=OWN, note=note)
    section.detail = "\n".join(lines)
    return section


def _devset(section: Section, lines: list[str]) -> None:
    from bench.realdata import simplify_devset

    devset = simplify_devset.build()
    if devset is None:
        lines.append("- Simplify dev set: skipped (the Simplify repositories are not available, see its docstring).")
        return
    labels = devset.label_rows()
    employers = len(set(organizations_devset.silver_employers(labels).values()))
    for landing, variant in ((devset.landing_urls, "present"), (devset.landing_nourls, "removed")):
        predicted, merged, refused = organizations_devset.predict_pg(landing)
        scores, worst = organizations_devset.score(landing, labels, predicted)
        data = f"Simplify dev set ({scores.items:,} listings, {employers:,} silver employers), URLs {variant}"
        note = "silver labels: Simplify company slugs"
        section.add(data, "precision", scores.precision, goal=at_least(scores.precision, PRECISION), note=note)
        section.add(data, "recall", scores.recall, goal=at_least(scores.recall, RECALL), note=note)
        lines += [
            "",
            f"Simplify dev set, URLs {variant}: {merged} merges, {refused} merges refused for want of proof; largest "
            "false merges (organization's main spelling / other silver employer's spelling: false pairs). Several "
            "are one employer under two Simplify slugs (Lucid / Lucid Motors, Palantir / Palantir Technologies):",
            "",
            *[f"- {a} / {b}: {n}" for a, b, n in worst],
        ]
