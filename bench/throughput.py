"""Throughput of `dyad code` against spaCy alone on the same texts with the same pipeline.

Usage: python bench/throughput.py [--limit 5000] [--corpus PATH]

Both runs use the same loaded pipeline (same components: dyad excludes NER, so spaCy alone does too)
and the same batch size in one process, so the ratio is what matters on a shared, noisy machine. The
two runs are interleaved chunk by chunk, and which goes first alternates, so a change in the machine's
load during the run falls on both sides alike instead of on whichever ran second. Results are appended
to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

from results_table import append_row

from dyad import Coder, CoderSettings, Document
from dyad.ingest import record_to_document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "wikipedia_current_events" / "wikipedia_current_events.jsonl.gz"


def load_documents(path: Path, limit: int) -> list[Document]:
    documents = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            documents.append(record_to_document(json.loads(line), path=str(path), line=number))
            if len(documents) >= limit:
                break
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=5000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--chunk", type=int, default=500, help="documents per interleaved turn")
    parser.add_argument("--no-write", action="store_true", help="print only; do not touch RESULTS.md")
    args = parser.parse_args()
    if args.chunk < 1 or args.limit < 1:
        parser.error("--chunk and --limit must be at least 1")

    documents = load_documents(args.corpus, args.limit)
    coder = Coder(CoderSettings(batch_size=args.batch_size))
    nlp = coder.nlp
    list(nlp.pipe([d.text for d in documents[:50]]))  # warm-up: first batches pay for lazy initialisation

    spacy_seconds = dyad_seconds = 0.0
    sentences = coded_sentences = events = 0
    for number, start_index in enumerate(range(0, len(documents), args.chunk)):
        chunk = documents[start_index:start_index + args.chunk]
        spacy_first = number % 2 == 0
        if spacy_first:
            seconds, count = _time_spacy(nlp, chunk, args.batch_size)
            spacy_seconds, sentences = spacy_seconds + seconds, sentences + count
        seconds, count, found = _time_dyad(coder, chunk, args.batch_size)
        dyad_seconds, coded_sentences, events = dyad_seconds + seconds, coded_sentences + count, events + found
        if not spacy_first:
            seconds, count = _time_spacy(nlp, chunk, args.batch_size)
            spacy_seconds, sentences = spacy_seconds + seconds, sentences + count

    spacy_rate = sentences / spacy_seconds
    dyad_rate = coded_sentences / dyad_seconds
    ratio = dyad_rate / spacy_rate
    machine = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}, " \
              f"{_cpu_count()} cores"
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    options = "".join(f" --{name.replace('_', '-')} {value}" for name, value, default in (
        ("chunk", args.chunk, 500), ("batch_size", args.batch_size, 64)) if value != default)
    row = (f"| {today} | {machine} | {len(documents)} docs / {sentences} sentences | {spacy_rate:,.0f} | "
           f"{dyad_rate:,.0f} | {ratio:.2f} | {events} | `python bench/throughput.py --limit {args.limit}{options}` |")
    print(f"spaCy alone: {spacy_rate:,.0f} sentences/s ({spacy_seconds:.1f} s)")
    print(f"dyad code:   {dyad_rate:,.0f} sentences/s ({dyad_seconds:.1f} s), {events} events")
    print(f"ratio dyad/spaCy: {ratio:.2f}")
    if not args.no_write:
        _append_row(row)


def _time_spacy(nlp, documents: list[Document], batch_size: int) -> tuple[float, int]:
    start = time.perf_counter()
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe([d.text for d in documents], batch_size=batch_size))
    return time.perf_counter() - start, sentences


def _time_dyad(coder: Coder, documents: list[Document], batch_size: int) -> tuple[float, int, int]:
    start = time.perf_counter()
    sentences = events = 0
    for coded in coder.pipe(documents, batch_size=batch_size):
        events += len(coded.events)
        sentences += coded.n_sentences
    return time.perf_counter() - start, sentences, events


def _cpu_count() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _append_row(row: str) -> None:
    append_row("## Coding throughput (bench/throughput.py)",
               "First N items of the Wikipedia Current Events corpus; same pipeline and batch size for both runs, "
               "measured one after the other in one process.",
               ["date", "machine", "input", "spaCy alone (sent/s)", "dyad code (sent/s)", "ratio", "events",
                "command"], row)


if __name__ == "__main__":
    main()
