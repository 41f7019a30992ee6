"""Health claims in a catalog's names and descriptions: warned about, never rejected.

A maker may write that an insole "cures back pain" or is "clinically proven"; the app does not
check such claims and must not repeat them as its own advice. `validate` and the import report
warn about each one (a warning, the row still loads), and the product carries a flag the app
shows as "claims not checked".
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Words that claim an effect (issue 10): cure, treat, heal, fix, eliminate, guarantee, clinically
# proven. "treated" and "fixed" are left out: "antimicrobial-treated cover", "fixed heel post".
CLAIM_PATTERN = (
    r"(?i)\b(cures?|cured|curing|treats?|treatment|treating|heals?|healing|fix|fixes|"
    r"eliminates?|eliminating|guarantees?|guaranteed|clinically[ -]proven)\b"
)
CLAIM_COLUMNS = ("name", "description")
CLAIMS_MARK = "claims not checked"


def claims_in(text: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Which cells make a claim (vectorized; missing cells make none)."""
    found = pc.match_substring_regex(pc.fill_null(text, ""), CLAIM_PATTERN)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


def claims_mask(*columns: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Products whose name or description (or any column given) makes a claim."""
    mask: np.ndarray | None = None
    for column in columns:
        found = claims_in(column)
        mask = found if mask is None else mask | found
    return np.zeros(0, dtype=bool) if mask is None else mask


def claim_words(text: str) -> str:
    """The claim words in one cell, for the warning ("cures, clinically proven")."""
    import re

    return ", ".join(dict.fromkeys(match.lower() for match in re.findall(CLAIM_PATTERN, text)))


def claim_message(column: str, text: str) -> str:
    return (
        f"the {column} claims an effect ({claim_words(text)}); the app does not check such claims, "
        f'loads the product and marks it "{CLAIMS_MARK}"'
    )
