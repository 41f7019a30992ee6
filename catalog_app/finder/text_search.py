"""Substring search over one column's distinct texts, with a letter index to skip most of them.

Each distinct (lower-cased) text gets a 64-bit set of the letters and digits it contains. A word
can only occur in texts holding all of its letters, so a search scans just those candidates; for
a single letter or digit the set is the answer. This matters for the name column of a catalog
listing every product in every size: a million distinct names, searched on every keystroke.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_BIT = {char: np.uint64(1 << position) for position, char in enumerate(ALPHABET)}


_BYTE_BITS = np.zeros(256, dtype=np.uint64)
for _char, _bit in _BIT.items():
    _BYTE_BITS[ord(_char)] = _bit
ENTRIES_PER_BLOCK = 20_000  # a few MB of temporaries per block: cache-friendly, and the GIL is let go often


def letter_sets(texts: pa.Array) -> np.ndarray:
    """For each text, the bit set of the ALPHABET characters it contains (vectorized over bytes)."""
    texts = pc.cast(texts, pa.large_string())
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int64, count=len(texts) + 1, offset=texts.offset * 8)
    data = texts.buffers()[2]
    sets = np.zeros(len(texts), dtype=np.uint64)
    if data is None:
        return sets
    raw = np.frombuffer(data, dtype=np.uint8)
    for first in range(0, len(texts), ENTRIES_PER_BLOCK):
        last = min(first + ENTRIES_PER_BLOCK, len(texts))
        starts, ends = offsets[first:last], offsets[first + 1 : last + 1]
        filled = np.flatnonzero(ends > starts)  # reduceat would read a byte for an empty text
        if not len(filled):
            continue
        bits = _BYTE_BITS[raw[starts[0] : ends[-1]]]
        sets[first + filled] = np.bitwise_or.reduceat(bits, starts[filled] - starts[0])
    return sets


@dataclass
class SearchColumn:
    indices: np.ndarray  # each product's position in `texts`
    texts: pa.Array  # distinct lower-cased texts
    letters: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.letters = letter_sets(self.texts)

    def matches(self, word: str) -> np.ndarray:
        """Which distinct texts contain `word` (already lower-cased)."""
        needed = _letters_of(word)
        candidates = (self.letters & needed) == needed
        if len(word) == 1 and word in _BIT:
            return np.asarray(candidates)
        positions = np.flatnonzero(candidates)
        if len(positions) == len(self.texts):
            return np.asarray(pc.match_substring(self.texts, word).to_numpy(zero_copy_only=False))
        hits = np.zeros(len(self.texts), dtype=bool)
        if len(positions):
            found = pc.match_substring(self.texts.take(pa.array(positions)), word).to_numpy(zero_copy_only=False)
            hits[positions[found]] = True
        return hits

    def matches_at(self, word: str, chosen: np.ndarray) -> np.ndarray:
        """Whether the texts at `chosen` (positions into `texts`, e.g. a few rows') contain `word`:
        only those holding its letters are read."""
        needed = _letters_of(word)
        candidates = (self.letters[chosen] & needed) == needed
        if len(word) == 1 and word in _BIT:
            return np.asarray(candidates)
        hits = np.zeros(len(chosen), dtype=bool)
        positions = np.flatnonzero(candidates)
        if len(positions):
            texts = self.texts.take(pa.array(chosen[positions]))
            hits[positions] = pc.match_substring(texts, word).to_numpy(zero_copy_only=False)
        return hits


def _letters_of(word: str) -> np.uint64:
    needed = np.uint64(0)
    for char in set(word):
        needed |= _BIT.get(char, np.uint64(0))
    return needed
