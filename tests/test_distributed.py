"""Ingest on a Dask cluster: the same rows as one process, nothing lost when a worker dies, resumable.

A real local cluster of two worker processes, the real spaCy model on every worker and real DuckDB files; the
reference is the single-process ingest of the same real corpus items.
"""

from __future__ import annotations

import itertools
import os
import signal
import threading
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from conftest import WCEP_IRAQ_IRAN
from dyad.cli import app
from dyad.config import CoderSettings
from dyad.distributed import _worker_coder, ingest_distributed, partitions, stage, staging_folder
from dyad.readers import read_any
from dyad.store import TABLES, IngestReport, code_batch, ingest_paths, open_store

pytestmark = pytest.mark.slow

ITEMS = 120
BATCH = 15  # nine partitions: both workers get several


def table_rows(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real items spread over the Iraq/Iran subset, one repeated, and one line that is not JSON."""
    lines = WCEP_IRAQ_IRAN.read_text(encoding="utf-8").splitlines()
    picked = lines[::len(lines) // ITEMS][:ITEMS]
    picked.insert(37, picked[5])
    picked.insert(90, '{"id": "broken", "text": ')
    path = tmp_path_factory.mktemp("distributed") / "items.jsonl"
    path.write_text("\n".join(picked) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory, coder) -> tuple[Path, IngestReport]:
    db = tmp_path_factory.mktemp("single") / "single.duckdb"
    return db, ingest_paths([str(corpus)], coder, db=db, batch_size=BATCH)


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes, one thread each, as `--workers 2` starts them."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as local, \
            Client(local) as client:
        yield client


def test_distributed_cli_two_workers_store_the_single_process_rows(corpus, reference, cluster, tmp_path):
    db = tmp_path / "dask.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(db), "--scheduler", cluster.scheduler.address,
                                      "--batch-size", str(BATCH), "--no-progress"])
    single_db, single = reference
    assert result.exit_code == 2, result.output
    assert (single.skipped, single.errors) == (1, 1)
    assert f"{single.items:,} items: {single.added:,} documents added, 1 already stored, {single.events:,} events " \
           f"added, 1 errors -> {db}" in result.output
    assert "items.jsonl:91: " in result.output  # the broken line, reported as single-process ingest reports it
    assert single.events > 10
    assert table_rows(db) == table_rows(single_db)
    assert not staging_folder(db).exists()
    # Both workers coded partitions: each holds a coder now.
    assert all(cluster.run(lambda: _worker_coder.cache_info().currsize).values())


def test_distributed_worker_killed_mid_partition_loses_nothing(corpus, reference, cluster, tmp_path):
    db = tmp_path / "killed.duckdb"
    outcome: dict[str, object] = {}
    pids = cluster.run(os.getpid)

    def run() -> None:
        try:
            outcome["report"] = ingest_distributed([str(corpus)], CoderSettings(batch_size=BATCH), db=db,
                                                   batch_size=BATCH, scheduler=cluster.scheduler.address)
        except Exception as e:  # handed to the test thread, which fails with it
            outcome["error"] = e

    thread = threading.Thread(target=run)
    thread.start()
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and thread.is_alive() and time.monotonic() < deadline:
        for address, keys in cluster.processing().items():
            if any(str(key).startswith("dyad-part-") for key in keys):
                killed = pids[address]
                os.kill(killed, signal.SIGKILL)
                break
        time.sleep(0.01)
    thread.join(timeout=300)
    assert killed is not None, "no partition was seen running on a worker"
    assert "error" not in outcome, outcome.get("error")
    assert table_rows(db) == table_rows(reference[0])
    report = outcome["report"]
    assert isinstance(report, IngestReport) and report.added == reference[1].added
    assert killed not in cluster.run(os.getpid).values()


def test_distributed_resume_skips_stored_documents_and_loads_staged_partitions(corpus, reference, tmp_path, coder,
                                                                             enricher):
    # An earlier run stored the first three batches and staged the rest, then stopped. The staged partitions are
    # written here, in this process, with a mark on each document, so the rows show that the resumed run loaded
    # those files instead of coding the documents again (its one worker never even loads the model).
    db = tmp_path / "resumed.duckdb"
    with open_store(db) as store:
        first = store.ingest(itertools.islice(read_any([str(corpus)]), 3 * BATCH), coder, batch_size=BATCH)
    settings = CoderSettings(batch_size=BATCH)
    staging = staging_folder(db)
    staging.mkdir()
    marked = set()
    stored = {r[0] for r in table_rows(db)["documents"]}
    for partition in partitions(read_any([str(corpus)]), stored, settings, True, BATCH, IngestReport()):
        tables = code_batch(partition.batch.documents, partition.batch, coder, enricher).tables()
        if "documents" in tables:
            documents = tables["documents"]
            tables["documents"] = documents.set_column(documents.schema.get_field_index("title"), "title",
                                                       pa.array(["staged"] * documents.num_rows))
            marked.update(d.id for d in partition.batch.documents)
        if partition.batch:
            stage(partition, tables, staging)

    report = ingest_distributed([str(corpus)], settings, db=db, batch_size=BATCH, workers=1)
    assert report.skipped == first.read  # every item of the head, the repeated one too
    assert report.added == reference[1].added - first.added
    rows, expected = table_rows(db), table_rows(reference[0])
    assert {r[0] for r in rows["documents"] if r[5] == "staged"} == marked
    assert len(marked) == report.added
    for table in TABLES:
        if table != "documents":
            assert rows[table] == expected[table], table
    assert [r[:5] + r[6:] for r in rows["documents"]] == [r[:5] + r[6:] for r in expected["documents"]]
    assert not staging.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--workers", "0"], "error: --workers must be at least 1, got 0"),
    (["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"],
     "error: give --workers N (a local cluster) or --scheduler ADDRESS (a running one), not both"),
])
def test_distributed_cli_option_errors(args, message, corpus, tmp_path):
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "x.duckdb"), *args])
    assert result.exit_code == 2
    assert result.output.strip() == message
