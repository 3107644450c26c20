"""MinHash signatures over 5-word shingles and their LSH band keys.

Postings whose shingle sets overlap by roughly half or more share at least one band key with high probability, so
near-duplicate candidates come from an indexed equality join on `posting_minhash_bands` in Postgres, across every
day of the lookback, instead of from an in-memory LSH index rebuilt per run. Band keys are signed 64-bit integers
(compact to store and index); permutations use a fixed seed so keys are comparable across runs and processes.
"""

from __future__ import annotations

import hashlib
import re
import struct

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 100
BANDS = 20  # 20 bands x 5 rows: P(candidate) is 0.47 at Jaccard 0.5, 0.98 at 0.7, 0.9998 at 0.9
ROWS = NUM_PERM // BANDS
SEED = 20260101

_WORD = re.compile(r"\w+", re.UNICODE)
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Overlapping runs of `size` words; a text shorter than that is one shingle."""
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def signature(shingle_set: set[str]) -> np.ndarray:
    """The MinHash values (uint64) of a shingle set; an empty set gives all-max values."""
    m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme)
    if shingle_set:
        m.update_batch([s.encode("utf-8") for s in shingle_set])
    return np.asarray(m.hashvalues, dtype=np.uint64)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band: blake2b of (band number, the band's values)."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].astype("<u8").tobytes()
        digest = hashlib.blake2b(struct.pack("<H", band) + chunk, digest_size=8).digest()
        keys.append(struct.unpack("<q", digest)[0])
    return keys


def text_band_keys(text: str) -> list[int]:
    """Band keys of a text ([] for a text without words: it can be nobody's near-duplicate)."""
    sh = shingles(text)
    return band_keys(signature(sh)) if sh else []
