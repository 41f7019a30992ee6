"""Text search finds exactly the products whose name, brand or description contains every word."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
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
