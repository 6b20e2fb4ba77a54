"""`newsgraph stages`: the stages of this build, in order, with what they need and make."""

from __future__ import annotations

import click

from ..pipeline import STAGE_REGISTRY, available_stages, load_stage


@click.command("stages")
def stages_command() -> None:
    """List the stages of this build and the fields each requires and produces."""
    present = set(available_stages())
    for name in STAGE_REGISTRY:
        if name not in present:
            click.echo(f"{name:<10} (not in this build)")
            continue
        stage = load_stage(name)
        requires, produces = ", ".join(stage.requires), ", ".join(stage.produces)
        click.echo(f"{name:<10} requires {requires:<34} produces {produces}")
