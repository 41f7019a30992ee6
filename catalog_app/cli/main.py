"""The `insole-catalog` command line: one subcommand per module in `catalog_app.cli`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

# Each module defines `NAME`, `HELP`, `add_arguments(parser)` and `run(args) -> int`.
COMMAND_MODULES = ("validate", "search", "compare", "shortlist", "generate", "gui")


def _command_modules() -> list[ModuleType]:
    modules = []
    for name in COMMAND_MODULES:
        try:
            modules.append(importlib.import_module(f"catalog_app.cli.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"catalog_app.cli.{name}":
                raise
    return modules


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="insole-catalog",
        description="Choose shoe insoles: validate catalogs, search, compare costs, keep shortlists. "
        "With no command, opens the app on the bundled catalog.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # With no command: the app. Its first frame paints before the core (pandas, pyarrow,
    # pydantic) is imported, so neither the parser nor the other commands are loaded first.
    args = argparse.Namespace(catalog=None, run=_gui_run()) if not args_list else build_parser().parse_args(args_list)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader of our output went away (e.g. `| head`): not an error
        sys.stderr.close()
        return 0
    except Exception as error:
        return _report(error)


def _report(error: Exception) -> int:
    from catalog_app.cli.common import CommandError, report_unexpected

    if isinstance(error, CommandError):
        print(f"insole-catalog: {error}", file=sys.stderr)
        return 2
    # The last guard: one sentence, the traceback goes to the log.
    print(f"insole-catalog: {report_unexpected(error)}", file=sys.stderr)
    return 3


def _gui_run() -> Callable[[argparse.Namespace], int]:
    from catalog_app.cli import gui

    return gui.run


if __name__ == "__main__":
    raise SystemExit(main())
