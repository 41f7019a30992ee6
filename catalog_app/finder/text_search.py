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
TOKEN_MIN_TEXTS = 20_000  # fewer texts are read one by one in a millisecond or two: no token index
TOKEN_LIMIT = 65_535  # distinct tokens numbered as uint16 (and radix-sorted as such)
TOKEN_BLOCK_TEXTS = 1 << 17  # texts split at a time while the index is built
SPACE = ord(" ")


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
    # Built by `prepare_tokens` (the loader's warm-up, after the letter sets): until then, and
    # where it would not pay, searches read the texts themselves.
    tokens: TokenIndex | None = field(init=False, repr=False, default=None)
    own_texts: bool = field(init=False, repr=False, default=False)  # product i's text is texts[i]: no gather

    def __post_init__(self) -> None:
        self.letters = letter_sets(self.texts)
        count = len(self.texts)
        self.own_texts = len(self.indices) == count and bool(np.array_equal(self.indices, np.arange(count)))

    def prepare_tokens(self) -> None:
        """Build the token index of many texts (a million names: about 0.7 s, 20 MB), so that a
        search word takes a millisecond instead of tens; safe beside searches, which use it
        once it is there."""
        if self.tokens is None and len(self.texts) >= TOKEN_MIN_TEXTS:
            self.tokens = token_index(self.texts)

    def matches(self, word: str) -> np.ndarray:
        """Which distinct texts contain `word` (already lower-cased)."""
        if self.tokens is not None and not (len(word) == 1 and word in _BIT):
            return self.tokens.matches(word)
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
        if self.tokens is not None and not (len(word) == 1 and word in _BIT):
            return np.asarray(self.tokens.matches(word)[chosen])
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


@dataclass(frozen=True)
class TokenIndex:
    """The space-separated pieces ("tokens") of many texts, each distinct token with the texts
    that hold it. A word holds no whitespace, so it occurs in a text exactly when it occurs in
    one of the text's tokens: a search matches the few distinct tokens (a thousand or so, for a
    million product names that repeat their line, model and size words) and gathers their
    texts, instead of reading every text."""

    count: int  # how many texts
    tokens: pa.Array  # the distinct tokens
    starts: np.ndarray  # token i's texts are postings[starts[i]:starts[i + 1]]
    postings: np.ndarray  # text numbers, grouped by token

    def matches(self, word: str) -> np.ndarray:
        """Which texts contain `word`."""
        found = np.flatnonzero(pc.match_substring(self.tokens, word).to_numpy(zero_copy_only=False))
        hits = np.zeros(self.count, dtype=bool)
        if len(found):
            hits[np.concatenate([self.postings[self.starts[token] : self.starts[token + 1]] for token in found])] = True
        return hits


def token_index(texts: pa.Array) -> TokenIndex | None:
    """The `TokenIndex` of `texts`, or None where it would not pay (a null text, or distinct
    tokens more than a quarter of the texts). Built a block of texts at a time, so what it
    needs besides the result stays small."""
    if texts.null_count:
        return None
    texts = pc.cast(texts, pa.large_string())
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int64, count=len(texts) + 1, offset=texts.offset * 8)
    data = texts.buffers()[2]
    if data is None:
        return None
    raw = np.frombuffer(data, dtype=np.uint8)
    limit = min(len(texts) // 4, TOKEN_LIMIT)
    numbers: dict[str, int] = {}
    blocks: list[tuple[np.ndarray, np.ndarray]] = []  # per block: token numbers, and the texts holding them
    for first in range(0, len(texts), TOKEN_BLOCK_TEXTS):
        bounds, holders = _tokens_of(raw, offsets[first : first + TOKEN_BLOCK_TEXTS + 1], first)
        pieces = pa.Array.from_buffers(pa.large_string(), len(bounds) - 1, [None, pa.py_buffer(bounds), data])
        encoded = pc.dictionary_encode(pieces)
        known = [numbers.setdefault(token.rstrip(" "), len(numbers)) for token in encoded.dictionary.to_pylist()]
        if len(numbers) > limit:
            return None
        blocks.append((np.asarray(known, dtype=np.uint16)[encoded.indices.to_numpy(zero_copy_only=False)], holders))
    return TokenIndex(len(texts), pa.array(list(numbers), type=pa.large_string()), *_postings(blocks, len(numbers)))


def _tokens_of(raw: np.ndarray, offsets: np.ndarray, first: int) -> tuple[np.ndarray, np.ndarray]:
    """The tokens of the texts whose bytes `offsets` delimit in `raw` (text `first` onwards):
    the offsets where tokens begin (a text's start, or just after a space; each token keeps
    its trailing space) and end, and the text each token lies in. No byte is copied."""
    start, end = int(offsets[0]), int(offsets[-1])
    begins = np.zeros(end - start + 1, dtype=bool)
    begins[offsets[:-1] - start] = True
    begins[np.flatnonzero(raw[start:end] == SPACE) + 1] = True
    begins[-1] = True  # where the last token ends
    bounds = np.flatnonzero(begins) + start  # in order, each once (an empty text holds no token)
    firsts = np.searchsorted(bounds, offsets, side="left")  # each text's first token; the end's
    holders = np.repeat(np.arange(first, first + len(offsets) - 1, dtype=np.int32), np.diff(firsts))
    return bounds, holders


def _postings(blocks: list[tuple[np.ndarray, np.ndarray]], distinct: int) -> tuple[np.ndarray, np.ndarray]:
    """(starts, postings): every block's texts per token, the blocks' in order, without one
    sort of all the tokens of all the texts (a stable radix sort per block, then placed)."""
    if not distinct:  # every text empty
        return np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int32)
    counts = np.array([np.bincount(codes, minlength=distinct) for codes, _holders in blocks]).reshape(-1, distinct)
    starts = np.zeros(distinct + 1, dtype=np.int64)
    np.cumsum(counts.sum(axis=0), out=starts[1:])
    postings = np.empty(int(starts[-1]), dtype=np.int32)
    before = starts[:-1].copy()  # where each token's texts from the next block go
    for (codes, holders), block_counts in zip(blocks, counts, strict=True):
        order = np.argsort(codes, kind="stable")  # uint16 keys: one radix sort
        block_starts = np.concatenate(([0], np.cumsum(block_counts)[:-1]))
        sorted_codes = codes[order]
        places = (before - block_starts)[sorted_codes] + np.arange(len(order))
        postings[places] = holders[order]
        before += block_counts
    return starts, postings


def _letters_of(word: str) -> np.uint64:
    needed = np.uint64(0)
    for char in set(word):
        needed |= _BIT.get(char, np.uint64(0))
    return needed
