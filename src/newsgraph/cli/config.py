"""`newsgraph config`: every setting with its value, source variable and help."""

from __future__ import annotations

import click

from .. import config


@click.command("config")
def config_command() -> None:
    """Show every setting, its current value, environment variable and meaning."""
    click.echo(f"config file: {config.config_file()}")
    for setting in config.SETTINGS:
        click.echo(f"{setting.name} = {config.get(setting.name)!r}  [{setting.env}]")
        click.echo(f"    {setting.help}")
