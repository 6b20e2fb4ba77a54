"""Speed of the store and the exports on analysed records (no analysis is timed here).

Records come from a JSONL file of analysed records (``newsgraph analyze --format jsonl
--include-text``); without one, 700 copies of the fully populated test record are used. Each
step runs once to warm up, then ``--repeats`` times; the median and spread are reported and
written to bench/results/store.json.

    python bench/bench_store.py [--records records.jsonl] [--batch 64] [--repeats 3]
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def load(path: Path | None) -> list[Any]:
    from newsgraph.export import read_jsonl
    from newsgraph.testing import example_record

    if path is None:
        return [example_record(f"bench-{i}", suffix=f" {i}") for i in range(700)]
    with path.open(encoding="utf-8") as lines:
        return list(read_jsonl(lines))


def timed(step: Callable[[], Any], repeats: int) -> dict[str, float]:
    step()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)}


def add_all(records: list[Any], batch: int) -> Callable[[], None]:
    from newsgraph.store import open_store

    def step() -> None:
        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "b.duckdb") as store:
            for i in range(0, len(records), batch):
                store.add(records[i : i + batch])

    return step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, help="JSONL of analysed records")
    parser.add_argument("--batch", type=int, default=64, help="records per Store.add call")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    from newsgraph.export import export_records
    from newsgraph.store import open_store

    records = load(args.records)
    tmp = Path(tempfile.mkdtemp())
    store = open_store(tmp / "read.duckdb")
    store.add(records)
    results: dict[str, Any] = {
        "records": len(records),
        "items": sum(v for k, v in store.counts().items() if k != "articles"),
        "source": str(args.records or "synthetic example_record x700"),
        "python": platform.python_version(),
        "add": timed(add_all(records, args.batch), args.repeats),
        "read_all": timed(lambda: list(store.records()), args.repeats),
        "stats": timed(lambda: store.stats(), args.repeats),
        "gkg": timed(lambda: export_records(records, "gkg", io.StringIO()), args.repeats),
        "jsonl": timed(lambda: export_records(records, "jsonl", io.StringIO()), args.repeats),
        "parquet": timed(lambda: export_records(records, "parquet", tmp / "pq"), args.repeats),
    }
    store.close()
    out = ROOT / "bench" / "results" / "store.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
