"""The `insole-catalog` command line: one subcommand per module in `catalog_app.cli`.

This module imports only the standard library at the top, so that Ctrl-C is ours from the first
moment: the core (pandas, pyarrow) is imported inside `main`, where an interrupt is caught.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalog_app.cli.parser import CommandLineParser

INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C
# Each module defines `NAME`, `HELP`, `add_arguments(parser)` and `run(args) -> int`.
COMMAND_MODULES = (
    "validate",
    "search",
    "compare",
    "shortlist",
    "catalog",
    "generate",
    "gui",
    "desktop_entry",
    "presets",
)


def _command_modules() -> list[ModuleType]:
    modules = []
    for name in COMMAND_MODULES:
        try:
            modules.append(importlib.import_module(f"catalog_app.cli.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"catalog_app.cli.{name}":
                raise
    return modules


def build_parser() -> CommandLineParser:
    from catalog_app.cli.parser import PROG, CommandLineParser

    parser = CommandLineParser(
        prog=PROG,
        description="Choose shoe insoles: validate catalogs, search, compare costs, keep shortlists. "
        "With no command, opens the app on the bundled catalog.",
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        default=None,
        help="the store to use: a PostgreSQL server shared by several desks (postgresql://desk@dbhost/insoles; "
        "the password comes from ~/.pgpass, PGPASSFILE or a pg_service.conf service) or an SQLite file; "
        "default: $INSOLE_CATALOG_DATABASE, else the file in your data folder",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run, command_parser=sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on `argv` and return its exit status.

    Called with no arguments, it is the program (the `insole-catalog` script, `python -m
    catalog_app`): it then also takes over Ctrl-C and the output encoding (see `program`).
    Called with a list, as the tests do, it leaves the process as it is. Everything but `sys`
    is imported in here, where an interrupt is caught: Ctrl-C is ours from the first moment."""
    try:
        if argv is None:
            from catalog_app.cli.program import let_interrupts_through_libraries, take_over_the_process

            take_over_the_process()
            let_interrupts_through_libraries()
        return _run(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:  # also while the core is still being imported
        if argv is None:
            from catalog_app.cli.program import end_interrupted

            end_interrupted()
        return INTERRUPTED


def _run(arguments: list[str]) -> int:
    if not arguments:
        # The app. Its first frame paints before the core (pandas, pyarrow, pydantic) is imported,
        # so neither the parser nor the other commands are loaded first.
        return _run_command(_gui_run(), argparse.Namespace(catalog=None, database=None))
    from catalog_app.cli.parser import USAGE_ERROR, parse_arguments

    try:
        args = parse_arguments(build_parser(), arguments)
    except SystemExit as stop:  # --help, or a mistake already said in one sentence
        return stop.code if isinstance(stop.code, int) else USAGE_ERROR
    return _run_command(args.run, args)


def _run_command(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return int(run(args))
    except BrokenPipeError:  # the reader of our output went away (e.g. `| head`): not an error
        sys.stderr.close()
        return 0
    except Exception as error:
        return _report(error)


def _report(error: Exception) -> int:
    from catalog_app.cli.common import CommandError, report_unexpected
    from catalog_app.cli.parser import PROG
    from catalog_app.cli.terminal import terminal_text

    if isinstance(error, CommandError):
        print(terminal_text(f"{PROG}: {error}"), file=sys.stderr)
        return error.exit_status
    # The last guard: one sentence, the traceback goes to the log.
    print(terminal_text(f"{PROG}: {report_unexpected(error)}"), file=sys.stderr)
    return 3


def _gui_run() -> Callable[[argparse.Namespace], int]:
    from catalog_app.cli import gui

    return gui.run


if __name__ == "__main__":
    raise SystemExit(main())
