"""Full-corpus ingest into the event store: wall time, documents per second, peak RSS and database size.

Usage: python bench/ingest_full.py [--corpus PATH] [--db bench/out/wcep_full.duckdb] [--keep]

Runs the same library call as `dyad ingest` (reading, coding, one transaction per batch) into a fresh DuckDB
file, then appends a row to bench/RESULTS.md. Peak RSS is the process's own high-water mark, so it includes the
spaCy model and dictionaries. The database is left in place for `dyad influence` and the README demonstration.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
from datetime import UTC, datetime
from pathlib import Path

from results_table import append_row

from dyad import Coder, CoderSettings
from dyad.store import DEFAULT_BATCH_SIZE, IngestReport, ingest_paths, open_store

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "wikipedia_current_events" / "wikipedia_current_events.jsonl.gz"
DEFAULT_DB = ROOT / "bench" / "out" / "wcep_full.duckdb"
HEADER = "## Full-corpus ingest into DuckDB (bench/ingest_full.py)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--keep", action="store_true", help="ingest into an existing database (measures a resume)")
    parser.add_argument("--no-write", action="store_true", help="print only; do not touch RESULTS.md")
    args = parser.parse_args()

    args.db.parent.mkdir(parents=True, exist_ok=True)
    if not args.keep:
        for stale in (args.db, args.db.with_name(args.db.name + ".wal")):
            stale.unlink(missing_ok=True)

    start = time.perf_counter()
    coder = Coder(CoderSettings())
    load_seconds = time.perf_counter() - start

    def progress(report: IngestReport) -> None:
        if report.batches % 20 == 0:
            rate = report.items / (time.perf_counter() - start)
            print(f"{report.items:,} items, {report.events:,} events, {rate:,.0f} docs/s", flush=True)

    report = ingest_paths([str(args.corpus)], coder, db=args.db, batch_size=args.batch_size, on_batch=progress)
    wall = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    with open_store(args.db, read_only=True) as store:
        counts = store.counts()
    size_mib = _db_bytes(args.db) / 2**20
    rate = report.items / wall

    print(f"{report.items:,} items ({report.added:,} new, {report.skipped:,} already stored, {report.errors} errors)"
          f" in {wall:,.0f} s ({load_seconds:.1f} s model load): {rate:,.0f} docs/s")
    print(f"peak RSS {peak_mib:,.0f} MiB; database {size_mib:,.1f} MiB; rows {counts}")
    machine = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}, " \
              f"{_cpu_count()} cores"
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    row = (f"| {today} | {machine} | {report.items:,} docs | {wall:,.0f} s | {rate:,.0f} | {peak_mib:,.0f} MiB | "
           f"{size_mib:,.1f} MiB | {counts['events']:,} events, {counts['sentences']:,} sentences, "
           f"{counts['actors']:,} actor entries, {counts['errors']} errors | "
           f"`python bench/ingest_full.py{' --keep' if args.keep else ''}` |")
    if not args.no_write:
        _append_row(row)


def _db_bytes(path: Path) -> int:
    wal = path.with_name(path.name + ".wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def _cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _append_row(row: str) -> None:
    append_row(HEADER, "The whole Wikipedia Current Events corpus (.jsonl.gz) read, coded and written to a fresh "
               "DuckDB file, one transaction per 500-document batch. Wall time includes loading the model; docs/s "
               "is input items over wall time; peak RSS is the process's high-water mark; DB size is the file after "
               "the run.", ["date", "machine", "input", "wall time", "docs/s", "peak RSS", "DB size", "rows",
                            "command"], row)


if __name__ == "__main__":
    main()
