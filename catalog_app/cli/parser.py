"""The option parser: a mistake in the options is one sentence and exit status 2, never the usage block.

Only the standard library: it runs before the core is imported.
"""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Callable
from typing import NoReturn

from catalog_app.cli.terminal import terminal_text

PROG = "insole-catalog"
USAGE_ERROR = 2

# argparse's own messages (Python 3.11 to 3.13), and how to say each in our words.
_ARGUMENT = r"argument (?P<name>[^:]+): "
_INVALID_CHOICE = re.compile(_ARGUMENT + r"invalid choice: '(?P<value>.*)' \(choose from (?P<choices>.*)\)", re.S)
_INVALID_VALUE = re.compile(_ARGUMENT + r"invalid (?P<type>\w+) value: '(?P<value>.*)'", re.S)
_NEEDS_VALUE = re.compile(_ARGUMENT + r"expected (?P<count>.+) arguments?", re.S)
_REQUIRED = re.compile(r"the following arguments are required: (?P<names>.*)", re.S)
_UNRECOGNIZED = re.compile(r"unrecognized arguments: (?P<words>.*)", re.S)
_OTHER_ARGUMENT = re.compile(_ARGUMENT + r"(?P<message>.*)", re.S)
_TYPE_WORDS = {"int": "a whole number", "float": "a number"}
_SUBCOMMAND_WORDS = {"COMMAND": "command", "ACTION": "shortlist action"}


class CommandLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one sentence that says where the help is.

    Subcommand parsers are made by `add_subparsers`, which uses the parent's class, so every
    subcommand (and every shortlist action) reports its mistakes the same way."""

    def error(self, message: str) -> NoReturn:
        sentence = terminal_text(self.sentence(message))
        self.exit(USAGE_ERROR, f"{PROG}: {sentence}; see '{self.prog} --help'.\n")

    def sentence(self, message: str) -> str:
        """argparse's message in our words; an unknown message is kept as it is."""
        for pattern, word in _WORDINGS:
            match = pattern.fullmatch(message.strip())
            if match:
                return word(self, match)
        return message

    @property
    def command(self) -> str:
        """The command as typed: 'search', 'shortlist export', or '' for the top level."""
        return self.prog.removeprefix(PROG).strip()


def _invalid_choice(parser: CommandLineParser, match: re.Match[str]) -> str:
    name, value = match["name"], match["value"]
    choices = [choice.strip().strip("'") for choice in match["choices"].split(",")]
    if name in _SUBCOMMAND_WORDS:
        close = difflib.get_close_matches(value, choices, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(choices)}"
        word = _SUBCOMMAND_WORDS[name] if name == "COMMAND" else f"{parser.command} action"  # shortlist, catalog
        return f"'{value}' is not a {word} ({hint})"
    return f"{name} must be one of: {', '.join(choices)}, not '{value}'"


def _invalid_value(parser: CommandLineParser, match: re.Match[str]) -> str:
    kind = _TYPE_WORDS.get(match["type"], f"a value of type {match['type']}")
    return f"{match['name']} takes {kind}, not '{match['value']}'"


def _needs_value(parser: CommandLineParser, match: re.Match[str]) -> str:
    return f"{match['name']} needs a value after it"


def _required(parser: CommandLineParser, match: re.Match[str]) -> str:
    names = [name.strip() for name in match["names"].split(",")]
    words = [_subcommand_choices(parser, name) if name in _SUBCOMMAND_WORDS else name for name in names]
    return f"{parser.command or PROG} needs {' and '.join(words)}"


def _subcommand_choices(parser: CommandLineParser, metavar: str) -> str:
    for action in parser._actions:  # the subcommand action keeps its choices here
        if action.metavar == metavar and isinstance(action.choices, dict):
            return f"an {_SUBCOMMAND_WORDS[metavar].split()[-1]} ({', '.join(action.choices)})"
    return metavar


def _unrecognized(parser: CommandLineParser, match: re.Match[str]) -> str:
    where = f"{parser.command} does" if parser.command else f"{PROG} does"
    return f"{where} not take '{match['words']}'"


def _other_argument(parser: CommandLineParser, match: re.Match[str]) -> str:
    # Our own checks (ArgumentTypeError) are worded to follow the option's name.
    return f"{match['name']} {match['message']}"


_WORDINGS: tuple[tuple[re.Pattern[str], Callable[[CommandLineParser, re.Match[str]], str]], ...] = (
    (_INVALID_CHOICE, _invalid_choice),
    (_INVALID_VALUE, _invalid_value),
    (_NEEDS_VALUE, _needs_value),
    (_REQUIRED, _required),
    (_UNRECOGNIZED, _unrecognized),
    (_OTHER_ARGUMENT, _other_argument),
)


def parse_arguments(parser: CommandLineParser, arguments: list[str]) -> argparse.Namespace:
    """Parse, and let the parser of the command that was typed report options it does not take."""
    args, extra = parser.parse_known_args(arguments)
    if extra:
        owner = getattr(args, "command_parser", parser)
        owner.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


__all__ = ["PROG", "USAGE_ERROR", "CommandLineParser", "parse_arguments"]
