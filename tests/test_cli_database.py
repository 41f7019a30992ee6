"""`insole-catalog --database URL COMMAND`: the command line works on the shared server (or the
file the URL names); the environment variable does the same; a server that is not there is one
sentence, never with a password."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from catalog_app.cli.main import main
from catalog_app.shortlist.store import ShortlistStore
from catalog_app.storage.database import DATABASE_ENV

PRODUCT = "ironbark-shift-cushion"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> subprocess.CompletedProcess[str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(list(args), code, captured.out, captured.err)


def test_the_shortlist_command_works_on_the_shared_server(
    capsys: pytest.CaptureFixture[str], postgres_url: str
) -> None:
    added = run(capsys, "--database", postgres_url, "shortlist", "add", "Client A", PRODUCT, "--note", "work boots")
    assert added.returncode == 0, added.stderr
    assert "Created the shortlist 'Client A'." in added.stdout
    with ShortlistStore(database_url=postgres_url) as desk:  # what another desk sees
        assert [(item.product_id, item.note) for item in desk.items("Client A")] == [(PRODUCT, "work boots")]
    shown = run(capsys, "--database", postgres_url, "shortlist", "show", "Client A")
    assert shown.returncode == 0 and PRODUCT in shown.stdout and "work boots" in shown.stdout
    removed = run(capsys, "--database", postgres_url, "shortlist", "remove", "Client A", PRODUCT)
    assert removed.returncode == 0, removed.stderr
    listed = run(capsys, "--database", postgres_url, "shortlist", "list")
    assert listed.stdout.strip() == "Client A (0 products)"


def test_the_environment_variable_names_the_server_too(
    capsys: pytest.CaptureFixture[str], postgres_url: str, monkeypatch: pytest.MonkeyPatch, user_home: Path
) -> None:
    monkeypatch.setenv(DATABASE_ENV, postgres_url)
    assert run(capsys, "shortlist", "add", "Client B", PRODUCT).returncode == 0
    assert not (user_home / "shortlists.sqlite3").exists()  # nothing went to the local file
    with ShortlistStore(database_url=postgres_url) as desk:
        assert desk.list_names() == ["Client B"]


def test_an_sqlite_file_can_be_named_instead(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    assert run(capsys, "--database", str(path), "shortlist", "add", "Client C", PRODUCT).returncode == 0
    assert run(capsys, "--database", f"sqlite:///{path}", "shortlist", "list").stdout.strip() == "Client C (1 product)"


@pytest.mark.parametrize("action", [["list"], ["add", "Client A", PRODUCT]])
def test_a_server_that_is_not_there_is_one_sentence(capsys: pytest.CaptureFixture[str], action: list[str]) -> None:
    result = run(capsys, "--database", "postgresql://desk:s3cret-pw@127.0.0.1:9/insoles", "shortlist", *action)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "s3cret-pw" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot be reached" in lines[0] and lines[0].endswith("."), result.stderr


def test_the_window_is_given_the_server(monkeypatch: pytest.MonkeyPatch, postgres_url: str) -> None:
    import ui.app

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(ui.app, "run_app", lambda **kwargs: calls.append(kwargs) or 0)
    assert main(["--database", postgres_url, "gui"]) == 0
    monkeypatch.setenv(DATABASE_ENV, postgres_url)
    assert main(["gui"]) == 0
    assert [call["database_url"] for call in calls] == [postgres_url, postgres_url]


def test_the_option_is_in_the_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "catalog_app", "--help"], capture_output=True, text=True, check=True, timeout=60
    )
    assert "--database URL" in result.stdout
