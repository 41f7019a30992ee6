"""Print the hostile corpus as a Markdown table: each file's expected and actual outcome.

Run: python scripts/hostile_corpus_table.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("INSOLE_CATALOG_HOME", tempfile.mkdtemp(prefix="insole-hostile-"))

from catalog_app.io.catalog import CatalogReadError, load_catalog

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "hostile"


def outcome_of(path: Path) -> tuple[str, str]:
    """What a user gets when opening the file: the outcome and the first message they read."""
    try:
        catalog = load_catalog(path, invalid_rows="load-valid")
    except CatalogReadError as error:
        return "refused", str(error)
    report = catalog.report
    lines = "; ".join(problem.line() for problem in [*report.warnings, *report.errors])
    if report.rejected:
        return "rows-rejected", f"{report.summary()}: {lines}"
    if report.warnings:
        return "loads-with-warnings", f"{report.summary()}: {lines}"
    return "loads", report.summary()


def main() -> int:
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    print("| file | what it is | expected | actual | message |")
    print("| --- | --- | --- | --- | --- |")
    mismatches = 0
    for name, want in expected.items():
        actual, message = outcome_of(CORPUS / name)
        ok = actual == want["outcome"] and want["message"] in message
        mismatches += not ok
        short = message if len(message) <= 160 else message[:159] + "…"
        print(f"| {name} | {want['note']} | {want['outcome']} | {actual}{'' if ok else ' ✗'} | {short} |")
    print(f"\n{len(expected) - mismatches} of {len(expected)} files give the expected outcome.")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
