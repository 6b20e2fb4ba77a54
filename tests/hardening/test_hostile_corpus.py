"""Issue 15, item 5: a hostile corpus through the real `newsgraph ingest`.

Every input either yields a stored record with no stage error, or a one-line rejection on
stderr naming it; nothing prints a traceback; the batch finishes; the exit code is 1 when
something was rejected; the store opens afterwards and its offsets are sound.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.record import Record
from newsgraph.store import open_store

from . import hostile
from .offsets import check_record

#: Cheap stages: the point here is reading and isolation, not analysis depth.
CHEAP = "sentences,ner,entities,places,dates,counts"
NEWSGRAPH = str(Path(sys.executable).with_name("newsgraph"))  # the installed entry point
LOG_LINE = re.compile(r"^(DEBUG|INFO|WARNING) [\w.]+: ")


@dataclass
class Outcome:
    """What one `newsgraph ingest` run did: exit code, output, stored records by source."""

    exit_code: int
    stdout: str
    stderr: str
    records: list[Record]

    def rejections(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("  cannot read ")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, hostile.Input]]:
    root = tmp_path_factory.mktemp("hostile")
    inputs = hostile.build(root, heavy=True)
    return root, {i.key: i for i in inputs}


def _store_records(db: Path) -> list[Record]:
    with open_store(db, read_only=True) as store:
        return list(store.records())


def ingest_in_process(args: list[str], db: Path) -> Outcome:
    result = CliRunner().invoke(cli, ["ingest", *args, "--db", str(db), "--no-summary"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        shown = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"ingest {args} raised {result.exception!r}:\n{shown[-3000:]}")
    return Outcome(result.exit_code, result.stdout, result.stderr, _store_records(db))


def ingest_subprocess(args: list[str], db: Path, timeout: float) -> Outcome:
    command = [NEWSGRAPH, "ingest", *args, "--db", str(db)]
    env = {**os.environ, "PYTHONUTF8": "1"}
    done = subprocess.run(command, capture_output=True, timeout=timeout, env=env, check=False)
    stdout = done.stdout.decode("utf-8", "replace")
    stderr = done.stderr.decode("utf-8", "replace")
    return Outcome(done.returncode, stdout, stderr, _store_records(db))


def names(line: str, source: str) -> bool:
    """Whether a rejection line names ``source`` (the whole input, or one line of it)."""
    quoted = repr(source)
    return quoted in line or (quoted[:-1] + ":") in line


def expected_sources(root: Path, item: hostile.Input) -> list[str]:
    path = str(root / item.path)
    return [f"{path}:{n}" for n in item.lines] or [path]


def assert_accounted(outcome: Outcome, root: Path, items: list[hostile.Input]) -> None:
    """Every input (every JSONL line) is a clean stored record or a rejection naming it."""
    assert "Traceback" not in outcome.stdout + outcome.stderr, outcome.stderr[-3000:]
    by_source = {r.source: r for r in outcome.records}
    rejections = outcome.rejections()
    for line in outcome.stderr.splitlines():
        assert (
            line in rejections
            or LOG_LINE.match(line)
            or re.match(r"^\d+ input\(s\) failed:$", line)
            or re.match(r"^summary: \d+ read, \d+ stored, ", line)  # the run's closing summary
            or line.startswith("WARC records skipped")
        ), f"unexpected stderr line {line!r}"
    for record in outcome.records:
        assert record.errors == (), f"{record.source}: stage errors {record.errors}"
        check_record(record)
    for item in items:
        path = str(root / item.path)
        whole_file_rejected = any(repr(path) in line for line in rejections)
        for source in expected_sources(root, item):
            if source in by_source or whole_file_rejected:
                continue
            if item.link and source == path and not any(names(x, path) for x in rejections):
                continue  # a link inside a walked directory holds no data: skipping it is fine
            assert any(names(line, source) for line in rejections), (
                f"{source!r}: neither stored nor rejected; stderr:\n{outcome.stderr[-2000:]}"
            )
    if rejections:
        assert outcome.exit_code == 1, outcome.stderr[-2000:]
    else:
        assert outcome.exit_code == 0, outcome.stderr[-2000:]


def _param(key: str) -> object:
    marks = []
    if key in hostile.HEAVY:
        marks.append(pytest.mark.slow)
    return pytest.param(key, marks=marks, id=key)


@pytest.mark.parametrize("key", [_param(k) for k in hostile.keys()])
def test_each_input_alone_is_stored_or_rejected(
    corpus: tuple[Path, dict[str, hostile.Input]], key: str, tmp_path: Path
) -> None:
    root, inputs = corpus
    item = inputs[key]
    outcome = ingest_in_process(["--stages", CHEAP, str(root / item.path)], tmp_path / "s.duckdb")
    assert_accounted(outcome, root, [item])
    if item.link:  # named on the command line, a link to nothing is a rejection naming it
        assert outcome.records or outcome.rejections()


def test_the_corpus_has_at_least_60_inputs(corpus: tuple[Path, dict[str, hostile.Input]]) -> None:
    _, inputs = corpus
    units = sum(max(1, len(i.lines)) for i in inputs.values())
    assert len(inputs) >= 60 and units >= 100


def test_whole_corpus_in_one_run_finishes_and_accounts_for_every_input(tmp_path: Path) -> None:
    root = tmp_path / "hostile"
    root.mkdir()
    inputs = hostile.build(root)  # without the heavy inputs: they run alone, marked slow
    db = tmp_path / "s.duckdb"
    outcome = ingest_subprocess(["--stages", CHEAP, str(root)], db, timeout=300)
    assert outcome.exit_code == 1, outcome.stderr[-3000:]
    assert_accounted(outcome, root, inputs)
    assert "ingested into" in outcome.stdout


@pytest.mark.slow
def test_whole_corpus_with_every_stage_and_a_50mb_text(tmp_path: Path) -> None:
    root = tmp_path / "hostile"
    root.mkdir()
    inputs = hostile.build(root, heavy=True, fifty_mb=True)
    outcome = ingest_subprocess([str(root)], tmp_path / "s.duckdb", timeout=3600)
    assert outcome.exit_code == 1, outcome.stderr[-3000:]
    assert_accounted(outcome, root, inputs)
    assert any(r.source == str(root / "huge-50mb.txt") for r in outcome.records)
