"""`insole-catalog catalog publish|versions` and `--catalog db:`: output and exit status a shop
owner can rely on; an unreachable server, an empty store or a role without the right is one
sentence and exit status 1, never a traceback."""

from __future__ import annotations

import re
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from catalog_roles import read_only_role

from catalog_app.cli.main import main
from catalog_app.io.catalog import bundled_catalog_path, load_catalog
from catalog_app.storage.database import DATABASE_ENV

BROKEN = Path(__file__).parent / "data" / "broken" / "negative_price_unknown_arch.csv"
PRODUCT = "ironbark-shift-cushion"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> subprocess.CompletedProcess[str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(list(args), code, captured.out, captured.err)


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("insole-catalog: ") and lines[0].endswith("."), lines[0]
    return lines[0].removeprefix("insole-catalog: ")


@pytest.fixture
def desk_role_url(postgres_url: str) -> Iterator[str]:
    with read_only_role(postgres_url) as url:
        yield url


@pytest.fixture
def unreachable_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"postgresql://desk:s3cret-pw@127.0.0.1:{port}/insoles"


def test_publish_then_list_the_versions(capsys: pytest.CaptureFixture[str], postgres_url: str) -> None:
    count = len(load_catalog(bundled_catalog_path()).frame)
    published = run(capsys, "catalog", "publish", str(bundled_catalog_path()), "--database", postgres_url)
    assert published.returncode == 0, published.stderr
    assert re.fullmatch(
        rf"published shop catalog version 1: {count} products from insoles\.csv, by postgres \(\d+\.\d s\)\n",
        published.stdout,
    )
    # The global option before the command works the same.
    again = run(capsys, "--database", postgres_url, "catalog", "publish", str(bundled_catalog_path()))
    assert again.returncode == 0 and "version 2:" in again.stdout
    listed = run(capsys, "--database", postgres_url, "catalog", "versions")
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert header.split() == ["version", "published", "by", "published", "products", "source"]
    assert [row.split()[0] for row in rows] == ["1", "2"]
    for row in rows:
        assert re.search(rf"postgres +\d{{4}}-\d\d-\d\d \d\d:\d\d \S+ +{count} +insoles\.csv$", row), row


def test_versions_as_json(capsys: pytest.CaptureFixture[str], postgres_url: str) -> None:
    import json

    run(capsys, "--database", postgres_url, "catalog", "publish", str(bundled_catalog_path()))
    listed = run(capsys, "--database", postgres_url, "catalog", "versions", "--format", "json")
    [version] = json.loads(listed.stdout)
    assert version["number"] == 1 and version["published_by"] == "postgres"
    assert version["source_name"] == "insoles.csv" and version["published_at"].endswith("+00:00")


def test_the_environment_variable_names_the_store(
    capsys: pytest.CaptureFixture[str], postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATABASE_ENV, postgres_url)
    assert run(capsys, "catalog", "publish", str(bundled_catalog_path())).returncode == 0
    assert run(capsys, "catalog", "versions").stdout.splitlines()[1].split()[0] == "1"


def test_a_broken_catalog_is_not_published_and_its_rows_are_listed(
    capsys: pytest.CaptureFixture[str], postgres_url: str
) -> None:
    refused = run(capsys, "--database", postgres_url, "catalog", "publish", str(BROKEN))
    assert refused.returncode == 1
    assert refused.stdout.splitlines() == [
        "row 2, column price: price must be greater than 0",
        "row 3, column arch_support: 'extra-firm' is not a known arch support; use one of: none, low, medium, high",
        "1 product valid, 2 rows rejected",
        "negative_price_unknown_arch.csv was not published: fix the rows above and publish it again.",
    ]
    listed = run(capsys, "--database", postgres_url, "catalog", "versions")
    assert listed.stdout.startswith("No shop catalog has been published yet.")


def test_a_file_that_is_not_there_is_a_usage_error(capsys: pytest.CaptureFixture[str], postgres_url: str) -> None:
    missing = run(capsys, "--database", postgres_url, "catalog", "publish", "/nowhere/shop.csv")
    assert missing.returncode == 2
    assert one_sentence(missing) == "/nowhere/shop.csv does not exist."


def test_search_and_compare_open_the_shop_catalog(
    capsys: pytest.CaptureFixture[str], postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "--database", postgres_url, "catalog", "publish", str(bundled_catalog_path()))
    from_file = run(capsys, "search", "--format", "json")
    from_store = run(capsys, "--database", postgres_url, "search", "--catalog", "db:", "--format", "json")
    assert from_store.returncode == 0, from_store.stderr
    assert from_store.stdout == from_file.stdout
    monkeypatch.setenv(DATABASE_ENV, postgres_url)
    by_number = run(capsys, "search", "--catalog", "db:1", "--format", "json")
    assert by_number.stdout == from_file.stdout
    compared = run(capsys, "compare", PRODUCT, "northmarch-camp-foam", "--catalog", "db:")
    assert compared.returncode == 0, compared.stderr
    assert compared.stdout == run(capsys, "compare", PRODUCT, "northmarch-camp-foam").stdout


def test_no_published_catalog_is_one_sentence_and_status_1(
    capsys: pytest.CaptureFixture[str], postgres_url: str
) -> None:
    result = run(capsys, "--database", postgres_url, "search", "--catalog", "db:")
    assert result.returncode == 1
    assert one_sentence(result).startswith("No shop catalog has been published to postgresql://postgres@")
    run(capsys, "--database", postgres_url, "catalog", "publish", str(bundled_catalog_path()))
    result = run(capsys, "--database", postgres_url, "search", "--catalog", "db:5")
    assert result.returncode == 1
    assert "has no shop catalog version 5" in one_sentence(result)


@pytest.mark.parametrize(
    "command",
    [["catalog", "versions"], ["catalog", "publish", str(bundled_catalog_path())], ["search", "--catalog", "db:"]],
)
def test_a_server_that_is_not_there_is_one_sentence_and_status_1(
    capsys: pytest.CaptureFixture[str], unreachable_url: str, command: list[str]
) -> None:
    result = run(capsys, "--database", unreachable_url, *command)
    assert result.returncode == 1
    sentence = one_sentence(result)
    assert "cannot be reached" in sentence and "s3cret-pw" not in sentence


def test_a_role_that_may_not_publish_is_told_so(
    capsys: pytest.CaptureFixture[str], postgres_url: str, desk_role_url: str
) -> None:
    run(capsys, "--database", postgres_url, "catalog", "publish", str(bundled_catalog_path()))
    result = run(capsys, "--database", desk_role_url, "catalog", "publish", str(bundled_catalog_path()))
    assert result.returncode == 1
    assert one_sentence(result).startswith("Your database role may not publish catalogs at postgresql://desk_")
    assert run(capsys, "--database", desk_role_url, "search", "--catalog", "db:").returncode == 0


def test_the_shop_catalog_needs_a_postgresql_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for command in (["catalog", "versions"], ["search", "--catalog", "db:"]):
        result = run(capsys, "--database", str(tmp_path / "store.sqlite3"), *command)
        assert result.returncode == 1
        assert one_sentence(result).startswith("The shop catalog needs a shared PostgreSQL store")
    without = run(capsys, "catalog", "versions")
    assert without.returncode == 1 and "needs a shared PostgreSQL store" in one_sentence(without)


def test_a_wrong_db_source_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "search", "--catalog", "db:latest")
    assert result.returncode == 2
    assert "--catalog takes a file, 'db:' (the latest shop catalog) or 'db:N' (version N), not 'db:latest'" in (
        result.stderr
    )
    wrong = run(capsys, "catalog", "publsh", "x.csv")
    assert wrong.returncode == 2
    assert "'publsh' is not a catalog action (did you mean 'publish'?)" in wrong.stderr


def test_a_shortlist_takes_its_products_from_the_shop_catalog(
    capsys: pytest.CaptureFixture[str], postgres_url: str
) -> None:
    run(capsys, "--database", postgres_url, "catalog", "publish", str(bundled_catalog_path()))
    added = run(capsys, "--database", postgres_url, "shortlist", "add", "Client A", PRODUCT, "--catalog", "db:1")
    assert added.returncode == 0, added.stderr
    unknown = run(capsys, "--database", postgres_url, "shortlist", "add", "Client A", "no-such-id", "--catalog", "db:")
    assert unknown.returncode == 2 and "no-such-id" in one_sentence(unknown)


def test_the_benchmark_runs_end_to_end(postgres_url: str, tmp_path: Path) -> None:
    """benchmarks/catalog_database.py at a tiny size, so it cannot rot between uses."""
    import sys

    script = Path(__file__).resolve().parent.parent / "benchmarks" / "catalog_database.py"
    result = subprocess.run(
        [
            sys.executable,
            str(script),
            "--rows",
            "300",
            "--repeats",
            "2",
            "--database",
            postgres_url,
            "--cache",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "catalog: 300 products" in result.stdout
    assert re.search(r"PostgreSQL \(load_published\) +\d+\.\d\ds +\d+\.\d\ds +\d+\.\d\ds", result.stdout)
    assert re.search(r"ratio database/CSV \(median\): \d+\.\d\dx", result.stdout)


def test_the_window_is_handed_the_shop_catalog(monkeypatch: pytest.MonkeyPatch, postgres_url: str) -> None:
    import ui.app

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(ui.app, "run_app", lambda **kwargs: calls.append(kwargs) or 0)
    assert main(["--database", postgres_url, "gui", "--catalog", "db:3"]) == 0
    assert main(["gui", "--catalog", "db:"]) == 0
    # The window takes "db:"/"db:N" as text (str(source)) and opens it through the core.
    assert [str(call["catalog_path"]) for call in calls] == ["db:3", "db:"]
    assert calls[0]["database_url"] == postgres_url
