"""Build ``lexicons/plover_cameo.json``: CAMEO code -> PLOVER type/mode + GDELT Goldstein value.

Sources (both read from the shared data folder, not shipped as is):
- ``events/plover/CAMEO2PLOVER-2021.txt`` (PLOVER manual draft 0.8, Open Event Data Alliance,
  CC BY-SA 4.0): CAMEO code -> PLOVER category, mode, context;
- ``gdelt/codebook_fields/cameoCodeTable.tsv`` (GDELT project, open with attribution): the
  Goldstein scale value (of the nearest parent code when a 4-digit code is missing). Note that
  GDELT's table numbers a few 16x codes differently from CAMEO 1.1b3 (GDELT 163 is "halt
  negotiations"); descriptions here are the CAMEO 1.1b3 ones from the PLOVER table.

QuadClass follows GDELT: CAMEO roots 01-05 verbal cooperation (1), 06-08 material cooperation
(2), 09-13 verbal conflict (3), 14-20 material conflict (4).

Run: ``python -m newsgraph.resources.build_plover_cameo ../shared/data``.
"""

from __future__ import annotations

import csv
import json
import logging
import sys
from pathlib import Path

from . import resource_path

log = logging.getLogger(__name__)

OUT = resource_path("lexicons", "plover_cameo.json")


def quad_class(code: str) -> int:
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def read_goldstein(path: Path) -> dict[str, tuple[float, str]]:
    out = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) >= 4 and row[0].strip().isdigit():
                out[row[0].strip()] = (float(row[2]), row[1].strip())
    return out


def read_plover(path: Path) -> dict[str, dict[str, str | None]]:
    out: dict[str, dict[str, str | None]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        code, sep, rest = line.partition(":")
        code = code.strip()
        if not sep or not code.isdigit() or len(code) < 3:
            continue
        body, _, comment = rest.partition("#")
        fields = [f.strip() for f in body.split(",")] + ["", ""]
        out.setdefault(
            code,
            {
                "type": fields[0],
                "mode": fields[1] or None,
                "context": fields[2] or None,
                "description": comment.strip() or None,
            },
        )
    return out


def build(shared: Path) -> dict[str, object]:
    plover = read_plover(shared / "events/plover/CAMEO2PLOVER-2021.txt")
    goldstein = read_goldstein(shared / "gdelt/codebook_fields/cameoCodeTable.tsv")
    cameo = {}
    for code, info in sorted(plover.items()):
        parent = code
        while parent not in goldstein and len(parent) > 2:
            parent = parent[:-1]
        value = goldstein.get(parent, (None, ""))[0]
        cameo[code] = {**info, "goldstein": value, "quad_class": quad_class(code)}
    return {
        "_about": __doc__.strip().splitlines()[0] + " Built by build_plover_cameo.py; "
        "CAMEO2PLOVER-2021 (OEDA, CC BY-SA 4.0), GDELT CAMEO table (GDELT project).",
        "cameo": cameo,
    }


def main() -> None:
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    OUT.write_text(json.dumps(build(shared), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log.info(f"wrote {OUT}")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main()
