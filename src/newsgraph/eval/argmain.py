"""The small ``python -m newsgraph.eval.<task>`` command line every scorer shares."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

RunFn = Callable[[str, str, "str | None", "int | None"], dict[str, Any]]


def eval_main(run: RunFn, description: str, default_format: str, argv: list[str] | None) -> None:
    """Parse ``FILE --format --lang --limit``, call ``run`` and print its metrics as JSON."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("file")
    parser.add_argument("--format", default=default_format)
    parser.add_argument("--lang", default=None)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.file, args.format, args.lang, args.limit), indent=1))
