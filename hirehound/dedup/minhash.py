"""MinHash signatures over 5-word shingles and their LSH band keys, computed for many texts at once in numpy.

Postings whose shingle sets overlap by roughly half or more share at least one band key with high probability, so
near-duplicate candidates come from an indexed equality join on `posting_minhash_bands` in Postgres, across every
day of the lookback, instead of from an in-memory LSH index rebuilt per run.

Why not datasketch: its `MinHash` hashes every shingle with SHA-1 in a Python call and builds one object per text,
about 0.4 ms per 250-word posting here (8 s of a 20,000-posting day, and 7 minutes to index a million-posting
lookback). Here each distinct word is hashed once (BLAKE2b, cached), a shingle's hash combines its five word
hashes with fixed odd multipliers and the MurmurHash3 finalizer, and the permutations (h -> a*h + b mod 2^64,
`a` odd, as datasketch's default "affine32" scheme) and the minimum run as whole-array operations over a batch
of texts.

Everything is derived from fixed constants (no random generator whose stream could change with a numpy release),
so keys are the same across runs, processes and machines. `SCHEME` names this construction; it is stored with the
bands (`posting_minhash_state.scheme`), and bands of another scheme are recomputed rather than compared.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

SCHEME = "shingle5-blake2b-affine32-v2"
SHINGLE_WORDS = 5
NUM_PERM = 100
BANDS = 20  # 20 bands x 5 rows: P(candidate) is 0.47 at Jaccard 0.5, 0.98 at 0.7, 0.9998 at 0.9
ROWS = NUM_PERM // BANDS
SHINGLES_PER_CHUNK = 50_000  # bounds the (NUM_PERM x shingles) permutation matrix to 40 MB

_WORD = re.compile(r"\w+", re.UNICODE)
_U64 = np.uint64


def _constants(label: str, n: int, odd: bool = False) -> np.ndarray:
    values = [int.from_bytes(hashlib.blake2b(f"{label}:{k}".encode(), digest_size=8).digest(), "little")
              for k in range(n)]  # fmt: skip
    return np.array([v | 1 if odd else v for v in values], dtype=np.uint64)


_SHINGLE_MULT = _constants("shingle", SHINGLE_WORDS, odd=True)
# Permutations in 32 bits (the shingle hash's high half): 32-bit multiplies vectorize, 64-bit ones do not.
_PERM_A = (_constants("perm-a", NUM_PERM, odd=True) >> _U64(32)).astype(np.uint32)[:, None] | np.uint32(1)
_PERM_B = (_constants("perm-b", NUM_PERM) >> _U64(32)).astype(np.uint32)[:, None]
_BAND_MULT = _constants("band", ROWS + 1, odd=True)

_word_cache: dict[str, int] = {}
_WORD_CACHE_MAX = 2_000_000


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer: a bijection that spreads every input bit over the output."""
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> _U64(33))


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _word_hashes(tokens: list[str]) -> np.ndarray:
    cache = _word_cache
    try:
        return np.array([cache[w] for w in tokens], dtype=np.uint64)
    except KeyError:
        if len(cache) > _WORD_CACHE_MAX:
            cache.clear()
        for w in tokens:
            if w not in cache:
                cache[w] = int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little")
        return np.array([cache[w] for w in tokens], dtype=np.uint64)


def shingle_hashes(text: str) -> np.ndarray:
    """Sorted distinct 64-bit hashes of the text's overlapping 5-word runs (a shorter text is one shingle)."""
    w = _word_hashes(words(text))
    if len(w) == 0:
        return w
    span = min(SHINGLE_WORDS, len(w))
    count = len(w) - span + 1
    h = np.zeros(count, dtype=np.uint64)
    for k in range(span):
        h += w[k : k + count] * _SHINGLE_MULT[k]
    return np.unique(_fmix64(h))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two shingle hash sets (sorted distinct arrays, as `shingle_hashes` returns)."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def signatures(shingle_sets: Sequence[np.ndarray]) -> np.ndarray:
    """MinHash signatures (n x NUM_PERM, uint32) of non-empty shingle hash sets, in one pass over all of them."""
    out = np.empty((len(shingle_sets), NUM_PERM), dtype=np.uint32)
    start = 0
    while start < len(shingle_sets):
        stop, size = start, 0
        while stop < len(shingle_sets) and (size == 0 or size + len(shingle_sets[stop]) <= SHINGLES_PER_CHUNK):
            size += len(shingle_sets[stop])
            stop += 1
        chunk = shingle_sets[start:stop]
        flat = (np.concatenate(chunk) >> _U64(32)).astype(np.uint32)
        offsets = np.cumsum([0] + [len(s) for s in chunk[:-1]])
        permuted = _PERM_A * flat[None, :] + _PERM_B  # NUM_PERM x shingles, wrapping mod 2^32
        out[start:stop] = np.minimum.reduceat(permuted, offsets, axis=1).T
        start = stop
    return out


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """One signed 64-bit key per band (n x BANDS): a hash of the band number and the band's values."""
    keys = np.empty((len(sigs), BANDS), dtype=np.uint64)
    for band in range(BANDS):
        h = np.full(len(sigs), (int(_BAND_MULT[ROWS]) * (band + 1)) % 2**64, dtype=np.uint64)
        for row in range(ROWS):
            h += sigs[:, band * ROWS + row].astype(np.uint64) * _BAND_MULT[row]
        keys[:, band] = _fmix64(h)
    return keys.view(np.int64)


def texts_band_keys(texts: Sequence[str]) -> list[list[int]]:
    """Band keys of each text ([] for a text without words: it can be nobody's near-duplicate)."""
    sets = [shingle_hashes(t) for t in texts]
    present = [i for i, s in enumerate(sets) if len(s)]
    out: list[list[int]] = [[] for _ in texts]
    if present:
        keys = band_keys(signatures([sets[i] for i in present]))
        for row, i in enumerate(present):
            out[i] = sorted(set(keys[row].tolist()))
    return out


def text_band_keys(text: str) -> list[int]:
    return texts_band_keys([text])[0]
