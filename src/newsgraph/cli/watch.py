"""`newsgraph watch`: follow RSS/Atom/RDF feeds and store every new article (a monitor)."""

from __future__ import annotations

import sys
import threading

import click

from .. import config
from ..engines.watch import PollReport
from ..errors import InputError
from .common import EXIT_FAILED_INPUTS, build_pipeline, ner_tier_option
from .ingest import db_option


@click.command("watch")
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--once", is_flag=True, help="Poll every feed once, then exit (0 ok, 1 failures).")
@click.option(
    "--interval",
    type=click.FloatRange(min=1),
    default=lambda: config.get("watch_interval"),
    show_default="setting watch_interval: 900",
    help="Seconds between polls when not --once.",
)
@click.option("--user-agent", help="User-Agent of every request (setting user_agent).")
@click.option(
    "--stages",
    help="Comma-separated stage list (default: every stage); '-quotes,-events' drops stages.",
)
@click.option(
    "--batch-size",
    type=int,
    default=lambda: config.get("batch_size"),
    show_default="setting batch_size: 16",
    help="Articles analysed and stored per transaction.",
)
@ner_tier_option
def watch_command(
    sources: tuple[str, ...],
    db: str,
    once: bool,
    interval: float,
    user_agent: str | None,
    stages: str | None,
    batch_size: int,
) -> None:
    """Follow feeds: SOURCE is a feed URL, a file of feed URLs (one a line, # comments) or an
    OPML file. New articles are fetched politely (robots.txt, conditional GET, per-host
    limits), analysed and stored; SIGINT/SIGTERM stop after storing the articles in hand."""
    from ..engines.watch import Watcher, stop_on_signals
    from ..feeds import read_sources
    from ..store import open_store

    try:
        urls = read_sources(sources)
    except InputError as exc:
        raise click.UsageError(str(exc)) from exc
    config.override("user_agent", user_agent)
    pipeline = build_pipeline(stages, batch_size)
    with open_store(db) as store, stop_on_signals(threading.Event()) as stop:
        watcher = Watcher(store, pipeline, stop=stop)
        if once:
            report = watcher.poll(urls)
            print_report(report, db)
            if not report.ok:
                sys.exit(EXIT_FAILED_INPUTS)
            return
        click.echo(f"watching {len(urls)} feed(s) every {interval:g}s into {db}; Ctrl-C stops")
        watcher.run(urls, interval, lambda r: print_report(r, db))
    click.echo("stopped")


def print_report(report: PollReport, db: str) -> None:
    """One summary line on stdout; every failed feed and item on stderr with its reason."""
    click.echo(
        f"polled {report.feeds} feed(s) into {db} in {report.seconds:.1f}s: "
        f"{report.modified} changed, {report.not_modified} not modified, "
        f"{len(report.feed_failures)} failed; {report.new_items} new item(s); "
        f"{report.stored} article(s) stored, {report.duplicates} duplicate(s), "
        f"{len(report.skipped)} skipped, {len(report.item_failures)} failed"
        + (" (stopped early)" if report.stopped else "")
    )
    for problem in report.skipped:
        click.echo(f"skipped {problem.url}: {problem.reason}", err=True)
    if report.feed_failures or report.item_failures:
        count = len(report.feed_failures) + len(report.item_failures)
        click.echo(f"{count} feed(s) or item(s) failed:", err=True)
    for problem in report.feed_failures:
        click.echo(f"  feed {problem.url}: {problem.reason}", err=True)
    for problem in report.item_failures:
        click.echo(f"  item {problem.url} (feed {problem.feed_url}): {problem.reason}", err=True)
