"""The command line: thin commands over the library, one module each."""

from __future__ import annotations

import logging
import sys

import click

from ..errors import NewsgraphError, describe
from ..version import __version__
from .analyze import analyze_command
from .common import EXIT_USAGE
from .config import config_command
from .eval import eval_command
from .export import export_command
from .feeds import feeds_command
from .ingest import ingest_command
from .stages import stages_command
from .stats import stats_command
from .stories import stories_command
from .train import train_group
from .watch import watch_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgraph")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """newsgraph: news articles in, a knowledge graph of who did what to whom out.

    Exit codes: 0 ok, 1 some inputs failed (listed on stderr), 2 usage error.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if verbose < 2:  # trafilatura logs (even as ERROR) every page it cannot parse or discards;
        # newsgraph reports those itself, one line per input
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


for command in (
    config_command,
    analyze_command,
    ingest_command,
    export_command,
    stats_command,
    stories_command,
    eval_command,
    stages_command,
    watch_command,
    feeds_command,
    train_group,
):
    cli.add_command(command)


def main() -> None:
    """Entry point: library errors become one clear line and exit code 2."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except NewsgraphError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # a bug, not bad input: one line, the traceback with -vv
        if logging.getLogger().isEnabledFor(logging.DEBUG):
            raise
        click.echo(f"error: {describe(exc, 300)} (run with -vv for the traceback)", err=True)
        sys.exit(1)
