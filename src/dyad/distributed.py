"""Ingest on a Dask cluster: documents coded on the workers, staged as Parquet, loaded into DuckDB in order.

The client reads and keys the input exactly as `EventStore.ingest` does (same batches, same content ids, same
skipping of documents the store holds). Each batch with anything new becomes one partition task; a worker codes
it with `dyad.store.code_batch` (one Coder per worker process, built from the settings sent with the task) and
writes one Parquet file per table into a folder of its own under the staging folder beside the database, under
a temporary name renamed when complete. The client loads finished partitions in input order, one transaction
each, with the store's own idempotent writes, so the rows are the rows a single-process run stores.

Nothing is lost when a worker dies: the scheduler runs its partition again elsewhere (and a task that raises is
retried), and a partition staged by an earlier, interrupted run is loaded without being coded again. The staging
folder must be on a filesystem that the client and every worker see at the same path.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from dyad.config import CoderSettings
from dyad.errors import ClusterError, DyadError, StoreError
from dyad.ingest import BadItem
from dyad.models import Document
from dyad.store import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_DB,
    SCHEMAS,
    Batch,
    IngestIssue,
    IngestReport,
    code_batch,
    code_issues,
    open_store,
    read_batches,
    take_fresh,
)

if TYPE_CHECKING:
    from distributed import Client, Future

    from dyad.coding import Coder
    from dyad.enrich import Enricher

logger = logging.getLogger(__name__)

# A partition that raises (not one whose worker died: the scheduler re-runs those by itself) is tried this many
# more times before the run fails.
DEFAULT_RETRIES = 3
COMPLETE = "_COMPLETE"


@dataclass
class Partition:
    """One batch to code on a worker: its place in the input, a key naming its content, and the batch itself."""

    index: int
    key: str
    batch: Batch = field(repr=False)

    @property
    def folder_name(self) -> str:
        return f"part-{self.index:07d}-{self.key}"


@dataclass(frozen=True)
class StagedPartition:
    """What a worker returns: where it wrote the partition and how many rows of each table it holds."""

    index: int
    folder: str
    rows: dict[str, int]


def staging_folder(db: Path | str) -> Path:
    """Where partitions are staged for the database at `db`: a folder beside it."""
    db = Path(db)
    return db.with_name(db.name + ".staging")


def ingest_distributed(paths: Iterable[str], settings: CoderSettings, *, db: Path | str = DEFAULT_DB,
                       date: Date | None = None, batch_size: int = DEFAULT_BATCH_SIZE, workers: int | None = None,
                       scheduler: str | None = None, enrich: bool = True, retries: int = DEFAULT_RETRIES,
                       on_issue: Callable[[IngestIssue], None] | None = None,
                       on_batch: Callable[[IngestReport], None] | None = None) -> IngestReport:
    """Ingest files and folders into the store at `db`, coding on a Dask cluster; the rows equal `ingest_paths`'.

    Give `workers` to start a local cluster of that many worker processes for the run, or `scheduler` (an address
    such as ``tcp://10.0.0.5:8786``) to use a running cluster. `on_issue` hears of every bad item and
    `on_batch` is called after each partition is loaded, as in `EventStore.ingest`.
    """
    from dyad.readers import read_any

    if (workers is None) == (scheduler is None):
        raise ClusterError("give either a number of local workers or the address of a scheduler, not both or neither")
    if workers is not None and workers < 1:
        raise ClusterError(f"the number of workers must be at least 1, got {workers}")
    if batch_size < 1:
        raise StoreError(f"batch size must be at least 1, got {batch_size}")
    with open_store(db) as store, _client(workers, scheduler) as client:
        staging = staging_folder(store.path)
        staging.mkdir(exist_ok=True)
        report = IngestReport()
        # Partitions in flight or finished but not loaded yet, in input order. Their number is bounded, so the
        # client holds a few batches at a time however large the input, and every worker has one queued.
        window = 2 * max(1, _worker_threads(client)) + 1
        pending: dict[int, tuple[Partition, Future | StagedPartition | None]] = {}

        def load(limit: int) -> None:
            # Load finished partitions in input order, waiting for the oldest while more than `limit` are pending.
            while pending:
                partition, outcome = pending[next(iter(pending))]
                if outcome is not None and not isinstance(outcome, StagedPartition):
                    if not outcome.done() and len(pending) <= limit:
                        return
                    outcome = _result(outcome, partition)
                del pending[partition.index]
                _load(store, staging, partition, outcome, report, on_issue)
                if on_batch is not None:
                    on_batch(report)

        items = read_any(list(paths), date=date)
        for partition in partitions(items, store.document_ids(), settings, enrich, batch_size, report):
            outcome: Future | StagedPartition | None = None
            if partition.batch:
                outcome = _staged(staging, partition) or client.submit(
                    code_partition, partition, settings, enrich, str(staging), key=f"dyad-{partition.folder_name}",
                    retries=retries, pure=False)
            pending[partition.index] = (partition, outcome)
            load(window)
        load(0)
        # Every partition is in the store: what is left in the staging folder (temporary folders of workers that
        # died mid-write) is garbage.
        shutil.rmtree(staging, ignore_errors=True)
    return report


def partitions(items: Iterable[Document | BadItem], known: set[str], settings: CoderSettings, enrich: bool,
               batch_size: int, report: IngestReport) -> Iterator[Partition]:
    """The input as partitions, one per batch of `EventStore.ingest`, each holding only what is not in `known`.

    Counts read, skipped and unreadable items in `report` as they go by. A partition's key is a hash of its
    content and of the settings, so a later run over the same input finds what an earlier one staged.
    """
    fingerprint = _fingerprint(settings, enrich)
    for index, batch in enumerate(read_batches(items, batch_size)):
        fresh = take_fresh(batch, known, report)
        # Only what a worker needs: the new documents, their input ids and the unreadable items.
        sent = Batch(fresh, list(batch.issues), {d.id: batch.external.get(d.id) for d in fresh})
        yield Partition(index, _partition_key(fingerprint, sent), sent)


def code_partition(partition: Partition, settings: CoderSettings, enrich: bool, staging: str) -> StagedPartition:
    """Code one partition and stage its tables as Parquet (runs on a worker)."""
    coder, enricher = _worker_coder(settings, enrich)
    rows = code_batch(partition.batch.documents, partition.batch, coder, enricher)
    return stage(partition, rows.tables(), Path(staging))


def stage(partition: Partition, tables: dict[str, pa.Table], staging: Path) -> StagedPartition:
    """Write a partition's tables as Parquet into its folder under `staging`.

    Files are written into a temporary folder that is renamed to the partition's name once complete, so a
    partition folder either holds every table or does not exist. If another attempt at the same partition got
    there first, its folder (the same rows: coding is deterministic) is kept.
    """
    target = staging / partition.folder_name
    temporary = staging / f".{partition.folder_name}.{uuid.uuid4().hex}.tmp"
    temporary.mkdir(parents=True)
    for name, table in tables.items():
        pq.write_table(table, temporary / f"{name}.parquet")
    (temporary / COMPLETE).write_text("\n".join(sorted(tables)) + "\n", encoding="utf-8")
    try:
        temporary.rename(target)
    except OSError:
        if not (target / COMPLETE).is_file():
            raise
        shutil.rmtree(temporary, ignore_errors=True)
    return StagedPartition(partition.index, target.name, {name: t.num_rows for name, t in tables.items()})


@functools.lru_cache(maxsize=2)
def _worker_coder(settings: CoderSettings, enrich: bool) -> tuple[Coder, Enricher | None]:
    # One Coder per worker process and settings: loading the model and dictionaries takes seconds, a partition
    # of 500 short documents not much more.
    from dyad.coding import Coder
    from dyad.enrich import Enricher

    coder = Coder(settings)
    return coder, Enricher(coder) if enrich else None


def _load(store: Any, staging: Path, partition: Partition, staged: StagedPartition | None, report: IngestReport,
          on_issue: Callable[[IngestIssue], None] | None) -> None:
    tables: dict[str, pa.Table] = {}
    folder = staging / partition.folder_name
    if staged is not None:
        if not (folder / COMPLETE).is_file():
            raise ClusterError(f"partition {partition.index} was written to {folder} by a worker, but this machine "
                               "cannot see it; the database's folder must be on a filesystem shared by the client "
                               "and every worker, at the same path")
        tables = _read_tables(folder)
    store.write_tables(tables, report)
    report.batches += 1
    if on_issue is not None:
        for issue in partition.batch.issues:
            on_issue(issue)
        for issue in code_issues(tables):
            on_issue(issue)
    shutil.rmtree(folder, ignore_errors=True)


def _read_tables(folder: Path) -> dict[str, pa.Table]:
    names = (folder / COMPLETE).read_text(encoding="utf-8").split()
    tables = {}
    for name in names:
        try:
            table = pq.read_table(folder / f"{name}.parquet")
        except (OSError, pa.ArrowException) as e:
            raise ClusterError(f"{folder / name}.parquet: cannot read a staged partition ({e}); delete {folder} "
                               "and run the same command again to code it anew") from e
        tables[name] = table.cast(SCHEMAS[name])
    return tables


def _staged(staging: Path, partition: Partition) -> StagedPartition | None:
    """The partition as an earlier run staged it, if that run got as far."""
    folder = staging / partition.folder_name
    if not (folder / COMPLETE).is_file():
        return None
    logger.info("partition %d: staged by an earlier run, loading it without coding again", partition.index)
    return StagedPartition(partition.index, folder.name, {})


def _result(future: Future, partition: Partition) -> StagedPartition:
    try:
        result = future.result()
    except DyadError:
        raise
    except Exception as e:
        # A partition that failed on every retry, or whose workers kept dying (Dask's KilledWorker).
        raise ClusterError(f"partition {partition.index} failed on the cluster: {type(e).__name__}: {e}; run the "
                           "same command again to resume") from e
    if not isinstance(result, StagedPartition):
        raise ClusterError(f"partition {partition.index}: a worker returned {type(result).__name__}; are the "
                           "client and the workers running the same version of dyad?")
    return result


def _partition_key(fingerprint: str, batch: Batch) -> str:
    """A hash of what decides a partition's rows: the settings, its documents and its unreadable items."""
    digest = hashlib.sha256(fingerprint.encode())
    for document in batch.documents:
        digest.update(f"\x00d{document.id}\x00{batch.external.get(document.id) or ''}\x00{document.origin or ''}"
                      .encode())
    for issue in batch.issues:
        digest.update(f"\x00i{issue.error_id}".encode())
    return digest.hexdigest()[:16]


def _fingerprint(settings: CoderSettings, enrich: bool) -> str:
    from dyad import __version__

    return f"{__version__}\x00{settings.model_dump_json()}\x00{enrich}"


def _worker_threads(client: Client) -> int:
    return sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values())


@contextlib.contextmanager
def _client(workers: int | None, scheduler: str | None) -> Iterator[Client]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise ClusterError("Dask's distributed scheduler is not installed; pip install 'dask[distributed]'") from e
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as e:
            raise ClusterError(f"cannot reach a Dask scheduler at {scheduler} ({e}); start one with `dask scheduler` "
                               "and workers with `dask worker ADDRESS`, or use --workers N for a local cluster") from e
        with client:
            yield client
        return
    # One thread per worker process: spaCy and the coder are CPU-bound Python, so threads would share one core.
    # Its logs go to stderr beside the progress bar, so only errors; its status page takes a free loopback port.
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client

