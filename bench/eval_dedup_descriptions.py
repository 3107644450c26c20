"""`make eval` section: duplicate clusters on real JobSpy scrapes WITH descriptions, apply URLs present and removed.

The Simplify section (`eval_dedup.py`) cannot say what recall without URLs could be: its listings have no text.
This one uses one person's public JobSpy history (Indeed, LinkedIn, Glassdoor in the Netherlands;
`bench/realdata/jobzoeker_devset.py`), whose rows keep the description. Silver label: the employer's direct link
(`job_url_direct`: ATS id, else canonical URL), never the text. Each weekly scrape day goes through the real
assets (bench/harness.py `run_dedup_days`), once with the links and once without `url`, `apply_url` and
`company_url`; the run with links is repeated in reverse day order. Pairs are scored over the postings with a
label (most LinkedIn and all Glassdoor rows have none), and recall is also split into pairs across two boards (the
aggregator case) and pairs on one board (a re-listing under a new board id). Goals (issue 11): precision >= 0.95
both ways, recall >= 0.90 with URLs and >= 0.75 without.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from bench.eval_common import Section, at_most
from bench.eval_dedup import add_pairwise_figures, run_pipeline, wrong_pairs

EVERY_DAYS = 7


def recall_split(labels: dict[str, dict[str, Any]], clusters: dict[str, str]) -> dict[str, tuple[int, int]]:
    """True pairs found / true pairs, for pairs across two boards and pairs on one board."""
    out = {"across boards": [0, 0], "one board": [0, 0]}
    by_req: dict[str, list[str]] = {}
    for pid, label in labels.items():
        by_req.setdefault(label["requisition"], []).append(pid)
    for members in by_req.values():
        for a, b in itertools.combinations(sorted(members), 2):
            kind = "one board" if labels[a]["site"] == labels[b]["site"] else "across boards"
            out[kind][1] += 1
            out[kind][0] += int(clusters.get(a) is not None and clusters.get(a) == clusters.get(b))
    return {k: (v[0], v[1]) for k, v in out.items()}


def same_board_lookalikes(
    labels: dict[str, dict[str, Any]], pairs: dict[tuple[str, str], tuple[bool, dict[str, Any]]]
) -> tuple[int, int]:
    """Compared pairs of two listings of one board, live together, one employer, the same role and near-identical
    text, by label: (one requisition, two). A board showing one job twice and an employer's two openings of one
    role read the same; this is the ratio a rule merging them would be right at."""
    one = two = 0
    for (a, b), (_, reasons) in pairs.items():
        if a not in labels or b not in labels or labels[a]["site"] != labels[b]["site"]:
            continue
        if reasons.get("first_gone") or reasons.get("org") != "same" or reasons.get("title_relation") != "same":
            continue
        if float(reasons.get("text_jaccard") or 0.0) < 0.9:
            continue
        if labels[a]["requisition"] == labels[b]["requisition"]:
            one += 1
        else:
            two += 1
    return one, two


def evaluate(shared: Path | None, every_days: int = EVERY_DAYS) -> Section:
    from bench.realdata.jobzoeker_devset import build
    from hirehound.evaluation.pairwise import pairwise_scores

    command = "python -m bench.evaluate --only dedup_descriptions"
    section = Section(title="Duplicate clusters on real JobSpy scrapes with descriptions (jobzoeker)", command=command)
    devset = build(every_days=every_days)
    if devset is None:
        section.skipped = "mcnakhaee/jobzoeker is not on this machine (see bench/realdata/jobzoeker_devset.py)"
        return section
    labels = {r["posting_id"]: r for r in devset.label_rows() if r["requisition"]}
    truth = {pid: r["requisition"] for pid, r in labels.items()}
    m = devset.manifest
    data = (f"jobzoeker Indeed/LinkedIn/Glassdoor NL, {m['days']} weekly scrape days, "
            f"{len(labels):,} of {m['postings']:,} postings with a direct link")  # fmt: skip
    detail: list[str] = []
    forward: dict[str, str] = {}
    for variant, landing in (("urls", devset.landing_urls), ("nourls", devset.landing_nourls)):
        run = run_pipeline(landing)
        if variant == "urls":
            forward = run.clusters
        name = add_pairwise_figures(section, data, variant, pairwise_scores(run.clusters, truth))
        split = recall_split(labels, run.clusters)
        section.add(data, f"true pairs found, {name}: across boards; on one board (re-listed under a new id)",
                    "; ".join(f"{k} {found} / {total}" for k, (found, total) in split.items()))  # fmt: skip
        if variant == "nourls":
            one, two = same_board_lookalikes(labels, run.pairs)
            section.add(data, "pairs on one board, both listed, same employer and role, text Jaccard >= 0.9: one "
                        "requisition / two", f"{one} / {two}",
                        note="what text can tell apart on one board: why such pairs stay apart")  # fmt: skip
        false, missed = wrong_pairs(labels, run)
        detail += [f"**{name}** ({run.days} days in {run.seconds:.0f} s): false pairs (first {len(false)}):"]
        detail += ["", "```", *false, "```", "", f"missed pairs (first {len(missed)}):", "", "```", *missed, "```", ""]
    backward = run_pipeline(devset.landing_urls, reverse=True)
    differing = sorted(pid for pid, cid in forward.items() if backward.clusters.get(pid) != cid)
    section.add(data, "postings whose cluster id differs in reverse day order (with URLs)", len(differing),
                goal=at_most(len(differing), 0), note=f"of {len(forward):,}")  # fmt: skip
    rows = {r["posting_id"]: r for r in devset.label_rows()}
    detail += ["**reverse day order**: postings with another cluster id (first 12):", "", "```"]
    detail += [f"{pid} {rows.get(pid, {}).get('company')!r} {rows.get(pid, {}).get('title')!r}: "
               f"{forward[pid]} forward, {backward.clusters.get(pid)} reverse" for pid in differing[:12]]  # fmt: skip
    detail += ["```", ""]
    section.detail = "\n".join(detail)
    return section


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--every-days", type=int, default=EVERY_DAYS)
    args = parser.parse_args()
    print(evaluate(None, args.every_days).markdown())
