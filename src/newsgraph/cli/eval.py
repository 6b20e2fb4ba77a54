"""`newsgraph eval TASK --format FMT FILE`: score a stage on a development set."""

from __future__ import annotations

import importlib
import inspect
import json
from typing import Any

import click

from .common import ner_tier_option

#: task -> formats its scorer reads (documentation for --help; the scorer validates).
TASKS: dict[str, str] = {
    "ner": "germeval | conll",
    "geo": "gritta (LGL XML)",
    "counts": "isaf | meantime (amounts)",
    "dates": "meantime",
    "quotes": "polnear | spkatt",
    "events": "plover",
    "tone": "newsmtsc | pairs (en/de article pairs)",
    "stories": "semeval (SemEval-2022 Task 8 pairs) | samples (the en/de sample selection)",
}


@click.command("eval", epilog="Tasks: " + "; ".join(f"{k} ({v})" for k, v in TASKS.items()))
@click.argument("task", type=click.Choice(sorted(TASKS)))
@click.argument("path", type=click.Path(exists=True))
@click.option(
    "--format", "fmt", required=True, help="Format of the gold file (see the task list below)."
)
@click.option("--lang", help="Language of the gold data, where the format does not say it.")
@click.option("--limit", type=int, help="Score only the first N items (quick checks).")
@click.option("--json", "as_json", is_flag=True, help="Print every metric as JSON.")
@click.option(
    "--split",
    type=click.Choice(["all", "tune", "check"]),
    default="all",
    show_default=True,
    help="Which half of the file: tune (even units, for fitting), check (odd units, untouched; "
    "the figure to report) or all. Units per format: see newsgraph.eval.splits.",
)
@click.option(
    "--mode",
    type=click.Choice(["pipeline", "gold"]),
    help="geo only: toponyms from the pipeline (default) or the gold spans.",
)
@click.option("--model", help="ner only: a spaCy pipeline to score instead of the NER stage.")
@click.option(
    "--stages", "stage_list", help="quotes only: comma-separated stages to run before scoring."
)
@ner_tier_option
def eval_command(
    task: str,
    path: str,
    fmt: str,
    lang: str | None,
    limit: int | None,
    as_json: bool,
    split: str,
    mode: str | None,
    model: str | None,
    stage_list: str | None,
) -> None:
    """Score TASK on the gold data at PATH and print the metrics."""
    options: dict[str, Any] = {"split": split} if split != "all" else {}
    if mode:
        options["mode"] = mode
    if model:
        options["model"] = model
    if stage_list:
        options["stages"] = [s.strip() for s in stage_list.split(",") if s.strip()]
    try:
        module = importlib.import_module(f"newsgraph.eval.{task}")
    except ModuleNotFoundError as exc:
        raise click.UsageError(f"no scorer for {task!r} in this build ({exc})") from exc
    takes = inspect.signature(module.run).parameters
    for name in options:
        if name not in takes:
            raise click.UsageError(f"--{name} does not apply to {task}")
    try:
        metrics: dict[str, Any] = module.run(path, fmt, lang=lang, limit=limit, **options)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(metrics, ensure_ascii=False, indent=2, default=str))
        return
    summary = metrics.get("summary", metrics)
    click.echo(f"{task} on {path} ({fmt}, split {split})")
    for key, value in summary.items():
        click.echo(f"  {key:<28} {_fmt(value)}")


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, dict):
        return json.dumps(value, default=str)
    return str(value)
