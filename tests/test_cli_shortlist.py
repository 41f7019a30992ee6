"""`insole-catalog shortlist`: picks and notes survive between runs; errors are one sentence, exit 2."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from catalog_app.cli.main import main
from catalog_app.io.catalog import bundled_catalog_path, load_bundled_catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.shortlist.store import STORE_NAME, ShortlistStore

PICKS = (
    ("ironbark-shift-cushion", "try in work boots first"),
    ("tidewell-cloudrest-plus", "softest of the three"),
    ("ambergait-firm-heel-cradle", "=cheapest; ask about sizes"),
)


Cli = Callable[..., subprocess.CompletedProcess[str]]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """A new process, as a person runs it; it inherits INSOLE_CATALOG_HOME, so it uses this test's store."""
    return subprocess.run(
        [sys.executable, "-m", "catalog_app", "shortlist", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """The same command line in this process (the slow part of a new process is importing pandas)."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        code = main(["shortlist", *args])
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(["insole-catalog", "shortlist", *args], code, captured.out, captured.err)

    return run


def one_sentence_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("insole-catalog: ") and lines[0].endswith("."), result.stderr
    return lines[0].removeprefix("insole-catalog: ")


def add_picks() -> None:
    """The three picks, put straight into this test's store (the command line reads the same file)."""
    catalog = load_bundled_catalog()
    with ShortlistStore() as store:
        store.create("Client A")
        for product_id, note in PICKS:
            position = catalog.position_of(product_id)
            assert position is not None
            store.add("Client A", product_record(catalog.frame, position), note=note)


def test_three_picks_with_notes_are_there_when_run_again(user_home: Path) -> None:
    for product_id, note in PICKS:
        result = run_cli("add", "Client A", product_id, "--note", note)
        assert result.returncode == 0, result.stderr
    shown = run_cli("show", "Client A")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert len(lines) == 3
    for line, (product_id, note), name, price in zip(
        lines,
        PICKS,
        ("Shift Cushion", "Cloudrest Plus", "Firm Heel Cradle"),
        ("$34.99", "$39.95", "$19.99"),
        strict=True,
    ):
        assert product_id in line and name in line and price in line and line.endswith(note)
    assert (user_home / STORE_NAME).is_file()
    listed = run_cli("list")
    assert listed.stdout.strip() == "Client A (3 products)"


def test_add_says_when_it_creates_the_list(cli: Cli) -> None:
    first = cli("add", "Running club", PICKS[0][0])
    assert first.stdout.splitlines() == [
        "Created the shortlist 'Running club'.",
        "Added Shift Cushion (ironbark-shift-cushion) to 'Running club'.",
    ]
    second = cli("add", "Running club", PICKS[1][0])
    assert second.stdout.splitlines() == ["Added Cloudrest Plus (tidewell-cloudrest-plus) to 'Running club'."]


def test_remove_takes_one_pick_away(cli: Cli) -> None:
    add_picks()
    removed = cli("remove", "Client A", PICKS[1][0])
    assert removed.returncode == 0
    assert removed.stdout.strip() == "Removed Cloudrest Plus (tidewell-cloudrest-plus) from 'Client A'."
    shown = cli("show", "Client A").stdout
    assert PICKS[1][0] not in shown and PICKS[0][0] in shown and PICKS[2][0] in shown


def test_empty_store_lists_nothing_and_says_how_to_start(cli: Cli) -> None:
    result = cli("list")
    assert result.returncode == 0
    assert "No shortlists yet" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "Client A", "no-such-insole"), "There is no product with id 'no-such-insole' in insoles.csv."),
        (("show", "Nobody"), "There is no shortlist called 'Nobody'."),
        (("remove", "Nobody", "x"), "There is no shortlist called 'Nobody'."),
        (("export", "Nobody", "--to", "x.csv"), "There is no shortlist called 'Nobody'."),
    ],
)
def test_unknown_list_or_id_is_one_sentence_and_exit_2(args: tuple[str, ...], message: str, cli: Cli) -> None:
    assert one_sentence_error(cli(*args)) == message


def test_removing_a_product_that_is_not_on_the_list_is_one_sentence(cli: Cli) -> None:
    add_picks()
    assert one_sentence_error(cli("remove", "Client A", "nope")) == (
        "The shortlist 'Client A' has no product with id 'nope'."
    )


def test_adding_the_same_product_twice_is_refused(cli: Cli) -> None:
    add_picks()
    assert "already on the shortlist 'Client A'" in one_sentence_error(cli("add", "Client A", PICKS[0][0]))


def test_export_csv_carries_the_notes_with_formulas_neutralized(tmp_path: Path, cli: Cli) -> None:
    add_picks()
    target = tmp_path / "client-a.csv"
    result = cli("export", "Client A", "--to", str(target), "--horizon-months", "12", "--pairs", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Exported 'Client A' to {target}."
    with target.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    notes = [row["note"] for row in rows[: len(PICKS)]]
    assert notes == ["try in work boots first", "softest of the three", "'=cheapest; ask about sizes"]


def test_export_pdf_renders_through_qt_with_the_product_names(tmp_path: Path) -> None:
    add_picks()
    target = tmp_path / "client-a.pdf"
    result = run_cli("export", "Client A", "--to", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run([pdftotext, str(target), "-"], capture_output=True, text=True, check=True).stdout
    text = unicodedata.normalize("NFKC", text)
    for name in ("Shift Cushion", "Cloudrest Plus", "Firm Heel Cradle"):
        assert name in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ("--horizon-months", "0"),
            "--horizon-months must be 1 or more, not 0; see 'insole-catalog shortlist export --help'.",
        ),
        (("--pairs", "0"), "--pairs must be 1 or more, not 0; see 'insole-catalog shortlist export --help'."),
        (
            ("--pairs", "two"),
            "--pairs takes a whole number of 1 or more, not 'two'; see 'insole-catalog shortlist export --help'.",
        ),
    ],
)
def test_export_options_are_checked(tmp_path: Path, extra: tuple[str, ...], message: str, cli: Cli) -> None:
    add_picks()
    assert one_sentence_error(cli("export", "Client A", "--to", str(tmp_path / "x.csv"), *extra)) == message


def test_export_errors_are_one_sentence(tmp_path: Path, cli: Cli) -> None:
    add_picks()
    shop = tmp_path / "shop.csv"
    shutil.copyfile(bundled_catalog_path(), shop)
    before = shop.read_bytes()
    refused = one_sentence_error(cli("export", "Client A", "--to", str(shop), "--catalog", str(shop)))
    assert refused.startswith("shop.csv is the catalog file that is open")
    assert shop.read_bytes() == before
    unwritable = one_sentence_error(cli("export", "Client A", "--to", str(tmp_path / "no" / "x.csv")))
    assert unwritable.startswith("Cannot write x.csv: the folder")
    suffix = one_sentence_error(cli("export", "Client A", "--to", str(tmp_path / "x.docx")))
    assert suffix.startswith("Cannot export to 'x.docx'")


def test_a_damaged_store_is_moved_aside_with_a_note(user_home: Path) -> None:
    (user_home / STORE_NAME).write_bytes(b"not a database" * 100)
    result = run_cli("list")
    assert result.returncode == 0
    assert result.stderr.startswith("note: The shortlist file could not be used")
    assert "No shortlists yet" in result.stdout
    assert [path.name for path in user_home.iterdir() if ".corrupt-" in path.name]
