"""The first screen's snapshot file, without Qt: read back only for the start it was written for, and
anything broken, hostile or stale reads as no snapshot (the plain frame), never an exception."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog_app.storage.first_screen import (
    MAX_FILE_BYTES,
    CatalogIdentity,
    FirstScreen,
    ScreenColumn,
    StartKey,
    catalog_identity,
    first_screen_for,
    first_screen_json,
    profile_key_text,
    read_first_screen,
    write_first_screen,
)

CATALOG = CatalogIdentity("(bundled)", 1234, "ab" * 32)
KEY = StartKey(CATALOG, "", "1.2.3")
SCREEN = FirstScreen(
    columns=(
        ScreenColumn("fit_score", "Fit", 44, "right"),
        ScreenColumn("name", "Name", 180, "left"),
        ScreenColumn("price", "Price", 80, "right"),
    ),
    shown=("fit_score", "name", "price"),
    sort_key="name",
    sort_descending=False,
    count="2 of 2 products",
    rows=(("", "Alpine PU", "$49.95"), ("", "<b>Bold</b> & <img src=x>", "$9.00")),
)


def written(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "first-screen.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def valid() -> dict[str, Any]:
    return dict(json.loads(first_screen_json(SCREEN, KEY)))


def test_a_snapshot_reads_back_as_written_for_its_own_start(tmp_path: Path) -> None:
    path = tmp_path / "first-screen.json"
    assert write_first_screen(path, SCREEN, KEY)
    assert read_first_screen(path, KEY) == SCREEN  # markup in a cell is kept as the text it is


@pytest.mark.parametrize(
    "other",
    [
        StartKey(CatalogIdentity("(bundled)", 1235, "ab" * 32), "", "1.2.3"),  # the catalog grew
        StartKey(CatalogIdentity("(bundled)", 1234, "cd" * 32), "", "1.2.3"),  # a byte changed
        StartKey(CatalogIdentity("/home/me/shop.csv", 1234, "ab" * 32), "", "1.2.3"),  # another file
        StartKey(CATALOG, '{"arch":"flat"}', "1.2.3"),  # a saved profile
        StartKey(CATALOG, "", "1.2.4"),  # another version of the app
    ],
    ids=["size", "hash", "path", "profile", "version"],
)
def test_a_snapshot_for_another_start_is_never_shown(tmp_path: Path, other: StartKey) -> None:
    path = tmp_path / "first-screen.json"
    write_first_screen(path, SCREEN, KEY)
    assert read_first_screen(path, other) is None
    assert first_screen_for(other, [path]) is None


def test_one_snapshot_serves_every_spelling_of_the_profiles_it_was_written_for(tmp_path: Path) -> None:
    empty = profile_key_text('{"b": [], "a": null}')
    path = tmp_path / "first-screen.json"
    write_first_screen(path, SCREEN, KEY, profiles=["", empty])
    assert read_first_screen(path, StartKey(CATALOG, profile_key_text('{"a":null,"b":[]}'), "1.2.3")) == SCREEN
    assert read_first_screen(path, StartKey(CATALOG, profile_key_text(None), "1.2.3")) == SCREEN
    assert read_first_screen(path, StartKey(CATALOG, profile_key_text('{"a": 1}'), "1.2.3")) is None


def test_the_catalog_is_known_by_its_bytes(tmp_path: Path) -> None:
    catalog = tmp_path / "shop.csv"
    catalog.write_text("id,name\n1,a\n", encoding="utf-8")
    before = catalog_identity(catalog)
    catalog.write_text("id,name\n1,b\n", encoding="utf-8")  # same size, one letter changed
    after = catalog_identity(catalog)
    assert before is not None and after is not None and before.size == after.size
    assert before != after
    assert catalog_identity(tmp_path / "missing.csv") is None


def _broken(tmp_path: Path, case: str) -> Path:
    path = tmp_path / "first-screen.json"
    data = valid()
    if case == "not json":
        path.write_text("{not json", encoding="utf-8")
    elif case == "not utf-8":
        path.write_bytes(b'{"format": "\xff\xfe"}')
    elif case == "truncated":
        path.write_text(first_screen_json(SCREEN, KEY)[:200], encoding="utf-8")
    elif case == "deeply nested":
        path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    elif case == "too large":
        path.write_bytes(b" " * (MAX_FILE_BYTES + 1))
    elif case == "a folder":
        path.mkdir()
    elif case == "a named pipe":  # reading it would wait for a writer forever
        os.mkfifo(path)
    elif case == "a link to an endless device":
        path.symlink_to("/dev/zero")
    elif case == "missing":
        pass
    else:
        _spoil(data, case)
        path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _spoil(data: dict[str, Any], case: str) -> None:
    spoils = {
        "newer format": lambda: data.update(version=2),
        "another format": lambda: data.update(format="something else"),
        "a list": lambda: data.clear(),
        "row too short": lambda: data["rows"][0].pop(),
        "cell a number": lambda: data["rows"][0].__setitem__(1, 49.95),
        "cell null": lambda: data["rows"][1].__setitem__(1, None),
        "cell an object": lambda: data["rows"][1].__setitem__(1, {"html": "<b>"}),
        "huge cell": lambda: data["rows"][1].__setitem__(1, "x" * 100_000),
        "width a flag": lambda: data["columns"][0].__setitem__("width", True),
        "negative width": lambda: data["columns"][0].__setitem__("width", -5),
        "centred": lambda: data["columns"][0].__setitem__("align", "center"),
        "unknown shown column": lambda: data.update(shown=["name", "colour"]),
        "nothing shown": lambda: data.update(shown=[]),
        "unknown sort column": lambda: data.update(sort={"column": "colour", "order": "ascending"}),
        "sideways sort": lambda: data.update(sort={"column": "name", "order": "sideways"}),
        "twice the same column": lambda: data["columns"].append(data["columns"][0]),
        "no columns": lambda: data.update(columns=[], rows=[[], []]),
        "count a number": lambda: data.update(count=2),
        "rows an object": lambda: data.update(rows={"0": []}),
        "key missing": lambda: data.pop("key"),
        "profiles a string": lambda: data["key"].update(profiles=""),
    }
    spoils[case]()


BROKEN = [
    "not json",
    "not utf-8",
    "truncated",
    "deeply nested",
    "too large",
    "a folder",
    "a named pipe",
    "a link to an endless device",
    "missing",
    "newer format",
    "another format",
    "a list",
    "row too short",
    "cell a number",
    "cell null",
    "cell an object",
    "huge cell",
    "width a flag",
    "negative width",
    "centred",
    "unknown shown column",
    "nothing shown",
    "unknown sort column",
    "sideways sort",
    "twice the same column",
    "no columns",
    "count a number",
    "rows an object",
    "key missing",
    "profiles a string",
]


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_or_hostile_snapshot_reads_as_none_never_an_error(tmp_path: Path, case: str) -> None:
    assert read_first_screen(_broken(tmp_path, case), KEY) is None


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["columns", "shown", "sort", "count", "rows", "key", "format"]), value=JSON_VALUES)
def test_any_value_in_any_field_gives_a_snapshot_or_none(tmp_path: Path, field: str, value: Any) -> None:
    data = valid()
    data[field] = value
    screen = read_first_screen(written(tmp_path, data), KEY)
    assert screen is None or all(isinstance(cell, str) for row in screen.rows for cell in row)


def test_a_snapshot_that_cannot_be_written_is_skipped_quietly(tmp_path: Path) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("", encoding="utf-8")
    assert write_first_screen(blocked / "first-screen.json", SCREEN, KEY) is False
