"""Text search finds exactly the products whose name, brand or description contains every word."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog_app.finder.catalog_index import CatalogIndex
from catalog_app.finder.text_search import ALPHABET, SearchColumn, letter_sets
from catalog_app.io.catalog import load_bundled_catalog

CATALOG = load_bundled_catalog()
INDEX = CatalogIndex(CATALOG.frame)
TEXTS = [
    " ".join(str(CATALOG.frame[column].iat[row]) for column in ("name", "brand", "description")).lower()
    for row in range(len(CATALOG))
]


def expected(words: list[str]) -> np.ndarray:
    return np.array([all(word.lower() in text for word in words) for text in TEXTS])


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.text(alphabet=ALPHABET + "-éÉ'", min_size=1, max_size=4), min_size=1, max_size=3))
def test_search_matches_a_plain_scan(words: list[str]) -> None:
    assert (INDEX.contains_all(words) == expected(words)).all()


@given(word=st.sampled_from(["gel", "carbon", "boot", "heel", "EVA", "a", "7", "zz"]))
def test_search_of_some_rows_matches_the_same_rows_of_a_full_search(word: str) -> None:
    rows = np.arange(0, len(CATALOG), 3)
    assert (INDEX.contains_all([word], rows) == expected([word])[rows]).all()


def test_letter_sets_handle_empty_and_non_ascii_texts() -> None:
    sets = letter_sets(pa.array(["", "ab", "", "é9", "zz", ""]))
    bit = {char: 1 << position for position, char in enumerate(ALPHABET)}
    assert sets.tolist() == [0, bit["a"] | bit["b"], 0, bit["9"], bit["z"], 0]
    column = SearchColumn(np.array([0, 1, 3]), pa.array(["", "ab", "", "é9"]))
    assert column.matches("é").tolist() == [False, False, False, True]
    assert column.matches("b").tolist() == [False, True, False, False]


def test_search_of_a_large_catalog_matches_a_plain_scan(tmp_path: Path) -> None:
    """Past 10,000 rows, names (mostly distinct) are searched row by row and brands and
    descriptions (repeated) per distinct text: the answer is the plain scan's either way."""
    from catalog_app.io.catalog import load_catalog
    from catalog_app.io.generator import generate_table, write_catalog

    write_catalog(generate_table(12_000, seed=11), tmp_path / "large.csv")
    frame = load_catalog(tmp_path / "large.csv").frame
    index = CatalogIndex(frame)
    texts = [" ".join(parts).lower() for parts in zip(frame["name"], frame["brand"], frame["description"], strict=True)]
    for words in (["comfort"], ["pro", "gel"], ["7"], ["heel", "cup", "deep"], ["zzz"]):
        assert (index.contains_all(words) == np.array([all(word in text for word in words) for text in texts])).all()


TOKEN_WORDS = ["gel", "Pro", "(eu", "42)", "ünï", "", "cork-lite", "a\tb", "x9"]


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.lists(st.sampled_from(TOKEN_WORDS), max_size=4).map(" ".join), min_size=40, max_size=150),
    words=st.lists(st.text(alphabet="gelpro(u4)2ünïcrk-x9ab", min_size=1, max_size=4), min_size=1, max_size=5),
    block=st.sampled_from([1, 3, 1 << 17]),
)
def test_the_token_index_finds_what_a_plain_scan_finds(texts: list[str], words: list[str], block: int) -> None:
    """A word holds no whitespace, so it occurs in a text exactly where it occurs in one of the
    text's space-separated tokens: the token index answers as a scan of the texts, also when
    it is built a few texts at a time."""
    import catalog_app.finder.text_search as text_search

    lowered = [text.lower() for text in texts]
    original = text_search.TOKEN_BLOCK_TEXTS
    text_search.TOKEN_BLOCK_TEXTS = block
    try:
        index = text_search.token_index(pa.array(lowered, type=pa.large_string()))
    finally:
        text_search.TOKEN_BLOCK_TEXTS = original
    assert index is not None  # at most nine distinct tokens in forty texts or more: worth an index
    for word in (word.lower() for word in words if word.split() == [word]):
        assert index.matches(word).tolist() == [word in text for text in lowered], word


def test_a_large_catalog_searched_by_its_token_index_matches_a_plain_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the loader's warm-up has built the token indexes, every search answers as before."""
    import catalog_app.finder.text_search as text_search
    from catalog_app.io.catalog import load_catalog
    from catalog_app.io.generator import generate_table, write_catalog

    monkeypatch.setattr(text_search, "TOKEN_MIN_TEXTS", 10)
    write_catalog(generate_table(12_000, seed=11), tmp_path / "large.csv")
    frame = load_catalog(tmp_path / "large.csv").frame
    index = CatalogIndex(frame)
    for column in index.search_terms:
        column.prepare_tokens()
    assert index.search_terms[0].tokens is not None  # names repeat their line, model and size words
    texts = [" ".join(parts).lower() for parts in zip(frame["name"], frame["brand"], frame["description"], strict=True)]
    for words in (["comfort"], ["pro", "gel"], ["7"], ["heel", "cup", "deep"], ["zzz"], ["(eu"], ["m1", "fit"]):
        assert (index.contains_all(words) == np.array([all(word in text for word in words) for text in texts])).all()
        rows = np.arange(0, len(frame), 5)
        expected = np.array([all(word in texts[row] for word in words) for row in rows])
        assert (index.contains_all(words, rows) == expected).all()
