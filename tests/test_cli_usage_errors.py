"""A mistake in the options is one sentence that says where the help is, and exit status 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from catalog_app.cli.main import main

CASES = [
    (
        ["serach"],
        "'serach' is not a command (did you mean 'search'?); see 'insole-catalog --help'.",
    ),
    (
        ["xyzzy"],
        "'xyzzy' is not a command (use one of: validate, search, compare, shortlist, catalog, generate, gui, "
        "desktop-entry, presets); "
        "see 'insole-catalog --help'.",
    ),
    (
        ["search", "--format", "yaml"],
        "--format must be one of: table, csv, json, not 'yaml'; see 'insole-catalog search --help'.",
    ),
    (
        ["compare", "a", "b", "--pairs", "0"],
        "--pairs must be 1 or more, not 0; see 'insole-catalog compare --help'.",
    ),
    (
        ["search", "--budget", "ten"],
        "--budget takes a number, not 'ten'; see 'insole-catalog search --help'.",
    ),
    (
        ["search", "--format"],
        "--format needs a value after it; see 'insole-catalog search --help'.",
    ),
    (
        ["search", "--colour", "red"],
        "search does not take '--colour red'; see 'insole-catalog search --help'.",
    ),
    (
        ["generate", "--rows", "10"],
        "generate needs --to; see 'insole-catalog generate --help'.",
    ),
    (
        ["shortlist"],
        "shortlist needs an action (list, show, add, remove, export); see 'insole-catalog shortlist --help'.",
    ),
    (
        ["shortlist", "lst"],
        "'lst' is not a shortlist action (did you mean 'list'?); see 'insole-catalog shortlist --help'.",
    ),
    (
        ["shortlist", "list", "--all"],
        "shortlist list does not take '--all'; see 'insole-catalog shortlist list --help'.",
    ),
]


@pytest.mark.parametrize(("args", "sentence"), CASES, ids=[" ".join(args) for args, _ in CASES])
def test_an_option_mistake_is_one_sentence_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], sentence: str
) -> None:
    status = main(args)
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err == f"insole-catalog: {sentence}\n"


def test_typed_values_are_shown_not_acted_on_by_the_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--format", "\x1b[2Jyaml"]) == 2
    assert "\x1b" not in capsys.readouterr().err


def test_help_still_prints_the_usage_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: insole-catalog search")


def test_the_program_itself_says_the_same() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "catalog_app", "compare", "a", "b", "--pairs", "0"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "insole-catalog: --pairs must be 1 or more, not 0; see 'insole-catalog compare --help'.\n"
