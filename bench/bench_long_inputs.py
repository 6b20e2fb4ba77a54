"""Long inputs: time and peak memory of `newsgraph ingest` on one 1 MB, 10 MB and 50 MB text.

Each input is the English Wikinews corpus (CC BY 2.5) repeated, with its paragraph breaks,
up to the size; each size runs in a fresh process (time and peak RSS from ``os.wait4``
on the child) so the peaks do not mix. The peer is the same command on
the corpus's first 100 kB in the same run: the ratio says what length costs per character.
With the default ``max_chars`` (1,000,000) the longer inputs are cut, so memory stays flat;
``--max-chars 0`` analyses the whole text.

    python bench/bench_long_inputs.py [--sizes 1,10,50] [--max-chars N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "data" / "corpus" / "wikinews-en.jsonl"
RESULTS = ROOT / "bench" / "results" / "long_inputs.json"
NEWSGRAPH = Path(sys.executable).with_name("newsgraph")


def corpus_text() -> str:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return "\n\n".join(json.loads(line)["text"] for line in lines if line.strip())


def write_input(folder: Path, chars: int, body: str) -> Path:
    path = folder / f"long-{chars}.txt"
    text = (body + "\n\n") * (chars // len(body) + 1)
    path.write_text(text[:chars], encoding="utf-8")
    return path


def ingest(path: Path, db: Path, max_chars: int | None) -> dict[str, object]:
    env = dict(os.environ)
    if max_chars is not None:
        env["NEWSGRAPH_MAX_CHARS"] = str(max_chars)
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(
            [str(NEWSGRAPH), "ingest", str(path), "--db", str(db), "--no-summary"],
            env=env, stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest yet
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        err.seek(0)
        stderr = err.read()
    if child.returncode != 0:
        raise SystemExit(f"ingest of {path} failed:\n{stderr}")
    return {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "summary": stderr.strip().splitlines()[-1:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,50", help="input sizes in MB")
    parser.add_argument("--max-chars", type=int, default=None, help="override max_chars")
    args = parser.parse_args()
    body = corpus_text()
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        peer = ingest(write_input(folder, 100_000, body), folder / "peer.duckdb", args.max_chars)
        rows["0.1 MB (peer)"] = peer
        for size in (int(s) for s in args.sizes.split(",")):
            path = write_input(folder, size * 1_000_000, body)
            rows[f"{size} MB"] = ingest(path, folder / f"s{size}.duckdb", args.max_chars)
            print(f"{size} MB: {rows[f'{size} MB']}", flush=True)
    result = {"machine": platform.machine(), "cpus": os.cpu_count(), "max_chars": args.max_chars,
              "rows": rows}  # fmt: skip
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
