"""Ingest on a local Dask cluster with 1 and 2 workers: docs/s, the ratio, CPU-seconds and database bytes per document.

Usage: python bench/scale.py [--items 2000] [--start 20000] [--corpus PATH] [--batch-size 250] [--no-write]

Takes `--items` items of the Wikipedia Current Events corpus from `--start` on, and ingests them (enrichment on,
as `dyad ingest` does by default) into a fresh DuckDB file three times: in this process (`ingest_paths`), then
with `ingest_distributed` on a local cluster of 1 and of 2 worker processes. Each cluster is started and its
workers have loaded the model before the clock starts, so the figures are steady-state throughput; the load
time is printed apart. CPU-seconds are those of this process and of every worker over the run. Results are
appended to bench/RESULTS.md with the 1-minute load average before each run, since other jobs share the cores.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import platform
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from results_table import append_row

from dyad import Coder, CoderSettings
from dyad.distributed import _worker_coder, ingest_distributed
from dyad.store import IngestReport, ingest_paths

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "wikipedia_current_events" / "wikipedia_current_events.jsonl.gz"
HEADER = "## Ingest on a local Dask cluster, 1 vs 2 workers (bench/scale.py)"


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def db_bytes(path: Path) -> int:
    wal = path.with_name(path.name + ".wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def run_single(corpus: Path, db: Path, batch_size: int) -> tuple[IngestReport, float, float]:
    from dyad.enrich import Enricher

    coder = Coder(CoderSettings())
    Enricher(coder).enrich_document("Iraq met Iran in Baghdad.")  # the gazetteer loads before the clock starts
    wall, cpu = time.perf_counter(), cpu_seconds()
    report = ingest_paths([str(corpus)], coder, db=db, batch_size=batch_size)
    return report, time.perf_counter() - wall, cpu_seconds() - cpu


def run_cluster(corpus: Path, db: Path, batch_size: int,
                workers: int) -> tuple[IngestReport, float, float, float, float]:
    """Report, wall seconds, CPU-seconds (this process and the workers), CPU-seconds of the client's own work,
    warm-up seconds. The client's own work (reading, keying, sending, loading into DuckDB) is its main thread's
    CPU time: the local scheduler and the client's event loop run in other threads of this process."""
    from distributed import Client, LocalCluster

    settings = CoderSettings(batch_size=min(batch_size, 64))
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:
        start = time.perf_counter()
        # Every worker builds its coder (model, dictionaries, gazetteer) once, as the first partition would.
        client.run(lambda: _worker_coder(settings, True)[1].enrich_document("Iraq met Iran in Baghdad.") and None)
        warm = time.perf_counter() - start
        before = sum(client.run(cpu_seconds).values())
        wall, cpu, own = time.perf_counter(), cpu_seconds(), time.thread_time()
        report = ingest_distributed([str(corpus)], settings, db=db, batch_size=batch_size,
                                    scheduler=cluster.scheduler_address)
        wall, own = time.perf_counter() - wall, time.thread_time() - own
        cpu = cpu_seconds() - cpu + sum(client.run(cpu_seconds).values()) - before
    return report, wall, cpu, own, warm


def _shown(path: Path) -> str:
    return f"../{path.relative_to(ROOT.parent)}" if path.is_relative_to(ROOT.parent) else str(path)


def load_average() -> float:
    return os.getloadavg()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--start", type=int, default=20000, help="skip this many items of the corpus first")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument("--no-write", action="store_true", help="print only; do not touch RESULTS.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="dyad-scale-") as folder:
        sample = Path(folder) / "sample.jsonl"
        opener = gzip.open if args.corpus.suffix == ".gz" else open
        with opener(args.corpus, "rt", encoding="utf-8") as handle:
            sample.write_text("".join(itertools.islice(handle, args.start, args.start + args.items)),
                              encoding="utf-8")
        loads = [load_average()]
        single, single_wall, single_cpu = run_single(sample, Path(folder) / "single.duckdb", args.batch_size)
        single_bytes = db_bytes(Path(folder) / "single.duckdb")
        runs = {}
        for workers in (1, 2):
            loads.append(load_average())
            runs[workers] = run_cluster(sample, Path(folder) / f"dask{workers}.duckdb", args.batch_size, workers)
            report, wall, cpu, own, warm = runs[workers]
            print(f"{workers} worker(s): {report.items:,} items in {wall:.1f} s ({cpu:.1f} CPU-s, of which the "
                  f"client's own work {own:.1f}; workers ready in {warm:.1f} s)", flush=True)
        dask_bytes = db_bytes(Path(folder) / "dask2.duckdb")

    n = single.items
    rate = {"single": n / single_wall, 1: n / runs[1][1], 2: n / runs[2][1]}
    ratio = rate[2] / rate[1]
    cpu_per_doc = {"single": single_cpu / n, 1: runs[1][2] / n, 2: runs[2][2] / n}
    print(f"{n:,} items, {single.events:,} events; docs/s: single process {rate['single']:.1f}, 1 worker "
          f"{rate[1]:.1f}, 2 workers {rate[2]:.1f}; 2 vs 1 workers {ratio:.2f}x")
    print(f"CPU-s/doc: single {cpu_per_doc['single']:.4f}, 1 worker {cpu_per_doc[1]:.4f}, 2 workers "
          f"{cpu_per_doc[2]:.4f}; DB bytes/doc {single_bytes / n:,.0f} (single), {dask_bytes / n:,.0f} (2 workers)")
    print(f"client's own work (read, key, send, load into DuckDB) CPU-s/doc with 2 workers: {runs[2][3] / n:.4f}")
    print(f"1-minute load average before each run: {', '.join(f'{x:.1f}' for x in loads)}")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    machine = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}, {cores} cores"
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    command = "python bench/scale.py" + (f" --items {args.items}" if args.items != 2000 else "") + \
        (f" --start {args.start}" if args.start != 20000 else "") + \
        (f" --corpus {_shown(args.corpus)}" if args.corpus != DEFAULT_CORPUS else "")
    load_text = ", ".join(f"{x:.1f}" for x in loads)
    row = (f"| {today} | {machine} | {args.corpus.name}: {n:,} docs, {single.events:,} events | "
           f"{rate['single']:.1f} | {rate[1]:.1f} | {rate[2]:.1f} | {ratio:.2f} | {cpu_per_doc['single']:.4f} / "
           f"{cpu_per_doc[1]:.4f} / {cpu_per_doc[2]:.4f} | {runs[2][3] / n:.4f} | {single_bytes / n:,.0f} | "
           f"{load_text} | `{command}` |")
    if not args.no_write:
        append_row(HEADER, "Items of a corpus (by default 2,000 items from the 20,000th on of the Wikipedia Current "
                   "Events corpus), enrichment on, into a fresh DuckDB file: in one process, then on a local Dask "
                   "cluster of 1 and of 2 worker processes (one thread each), workers warmed up first. docs/s is "
                   "items over wall time; CPU-s/doc counts this process and every worker (single / 1 worker / 2 "
                   "workers); client CPU-s/doc is the client's own work with 2 workers (its main thread: reading, "
                   "keying, sending, loading the Parquet partitions into DuckDB; the local scheduler runs in other "
                   "threads); DB bytes/doc is the single-process file over its documents (a small file: fixed "
                   "overhead included). The load average is of the whole machine before each run: other jobs share "
                   "its two cores, so the ratio is measured in one run and is only as good as that noise allows.",
                   ["date", "machine", "input", "single process (docs/s)", "1 worker (docs/s)", "2 workers (docs/s)",
                    "2 vs 1 workers", "CPU-s/doc", "client CPU-s/doc", "DB bytes/doc", "load avg", "command"], row)


if __name__ == "__main__":
    main()
