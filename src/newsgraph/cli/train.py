"""`newsgraph train ner`: reproduce or adapt a NER model (the build scripts behind ner.json)."""

from __future__ import annotations

import importlib
import json
import logging

import click

#: build module per fast-tier language; the accurate (e5) trainer serves every language.
#: Every extra argument is passed to the module's ``main``.
FAST = {"de": "newsgraph.training.ner_de"}
ACCURATE = "newsgraph.training.ner_de_e5"


@click.group("train")
def train_group() -> None:
    """Train newsgraph's models from open data or your own gold files."""


@train_group.command(
    "ner", context_settings={"ignore_unknown_options": True, "allow_extra_args": True}
)
@click.option("--lang", default="de", show_default=True, help="Language of the model.")
@click.option(
    "--tier",
    type=click.Choice(["fast", "accurate"]),
    default="accurate",
    show_default=True,
    help="fast: spaCy CNN (German only here); accurate: e5 adapters (any language with --train).",
)
@click.option("--out", required=True, type=click.Path(), help="Folder to write the model to.")
@click.argument("extra", nargs=-1, type=click.UNPROCESSED)
def train_ner_command(lang: str, tier: str, out: str, extra: tuple[str, ...]) -> None:
    """Train a NER model; EXTRA options go to the trainer (see `newsgraph train ner ... -- -h`).

    \b
    newsgraph train ner --tier accurate --out my-ner --eval
    newsgraph train ner --tier accurate --out my-ner --train mine.conll --format conll --lr 3e-4
    newsgraph train ner --lang en --tier accurate --out en-ner --sources none \\
        --train a.conll --format conll --dev b.conll --eval --lr 3e-4
    """
    module_name = ACCURATE if tier == "accurate" else FAST.get(lang)
    if module_name is None:
        raise click.UsageError(
            f"no fast NER trainer for {lang!r} (only {', '.join(FAST)}); use --tier accurate"
        )
    args = ["--out", out, *extra]
    if tier == "accurate":
        args += ["--lang", lang]
        if lang != "de" and "--sources" not in extra:
            args += ["--sources", "none"]  # the packaged sources are German
    logging.getLogger("newsgraph.training").setLevel(logging.INFO)  # progress on stderr
    result = importlib.import_module(module_name).main(args)
    if result is not None:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1, default=str))
