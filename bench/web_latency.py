"""Latency of the web API under load: p50/p95 per endpoint with 50 concurrent clients on a 100k-event store.

Usage: python bench/web_latency.py [--db bench/out/web_bench.duckdb] [--source-db bench/out/wcep_full.duckdb]
                                   [--clients 50] [--requests 400] [--no-write]

The store: `--db` if it exists; otherwise it is built from `--source-db` (the full-corpus store that
bench/ingest_full.py leaves; if that is missing too, the Iraq/Iran corpus is ingested first) by copying its
documents, sentences and events as often as needed to pass 100,000 events. Copy k gets ids suffixed `-k` and
dates moved k days later, so that per-day deduplication still sees distinct events; the copies make the store
big, not realistic.

The server: `dyad.web.create_app` under uvicorn in a child process on a free loopback port (the same app
`dyad serve` runs; a separate process, so the load generator does not share its interpreter). Each endpoint is
warmed once (model and gazetteer loading, the map's location cache), then hit `--requests` times by
`--clients` concurrent httpx clients; every request is bounded by a timeout and the whole run by the count.
Results replace this benchmark's section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
DEFAULT_DB = OUT / "web_bench.duckdb"
DEFAULT_SOURCE = OUT / "wcep_full.duckdb"
SEED_CORPUS = (ROOT.parent / "shared" / "corpora" / "wikipedia_current_events"
               / "wikipedia_current_events_iraq_iran.jsonl")
MIN_EVENTS = 100_000
HEADER = "## Web API latency under load (bench/web_latency.py)"
ANALYSE_TEXT = ("BAGHDAD — Iraqi forces attacked Islamic State fighters near Mosul on Tuesday. Iran's foreign minister "
                "met the Iraqi prime minister in Baghdad and promised $500 million in aid.")


# -- the store ---------------------------------------------------------------------------------------------


def build_store(db: Path, source: Path) -> None:
    from dyad.store import open_store

    if not source.is_file():
        from dyad import Coder, CoderSettings
        from dyad.store import ingest_paths

        print(f"{source} missing: ingesting {SEED_CORPUS.name} into it first", flush=True)
        source.parent.mkdir(parents=True, exist_ok=True)
        ingest_paths([str(SEED_CORPUS)], Coder(CoderSettings()), db=source)
    with open_store(source, read_only=True) as store:
        events = store.counts()["events"]
    copies = math.ceil(MIN_EVENTS / max(1, events))
    print(f"building {db}: {copies} copies of {events:,} events from {source}", flush=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    with open_store(db) as store:
        con = store.connection
        con.execute("ATTACH ? AS src (READ_ONLY)", [str(source)])
        con.execute("BEGIN TRANSACTION")
        for k in range(copies):
            suffix = f"-{k}"
            con.execute("""INSERT INTO documents SELECT doc_id || ? , external_id, date + CAST(? AS INTEGER), source,
                           url, title, origin, text, n_sentences, n_events FROM src.documents""", [suffix, k])
            con.execute("INSERT INTO sentences SELECT doc_id || ?, sentence_index, text FROM src.sentences", [suffix])
            con.execute("""INSERT INTO events SELECT event_id || ?, doc_id || ?, date + CAST(? AS INTEGER),
                           * EXCLUDE (event_id, doc_id, date) FROM src.events""", [suffix, suffix, k])
        con.execute("INSERT INTO actors SELECT * FROM src.actors")
        con.execute("COMMIT")
        con.execute("DETACH src")
        print(f"rows: {store.counts()}", flush=True)


# -- the server --------------------------------------------------------------------------------------------


def serve(db: Path, port: int) -> None:
    import uvicorn

    from dyad.web import create_app

    # Keep-alive longer than the slowest queued request, so an idle pooled connection is not closed under it.
    uvicorn.run(create_app(db, warm=True), host="127.0.0.1", port=port, log_level="warning", timeout_keep_alive=120)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Endpoint:
    name: str
    method: str
    path: str
    json: dict[str, object] | None = None
    requests: int | None = None  # overrides --requests (the analyse endpoint runs one text at a time)
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    wall: float = 0.0


async def sample_ids(client: httpx.AsyncClient) -> tuple[str, str]:
    page = (await client.get("/api/events", params={"actors": "IRQ", "limit": 1})).json()
    event = page["events"][0]
    return event["event_id"], event["doc_id"]


async def run_endpoint(client: httpx.AsyncClient, endpoint: Endpoint, total: int, clients: int) -> None:
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            start = time.perf_counter()
            try:
                response = await client.request(endpoint.method, endpoint.path, json=endpoint.json)
                failure = None if response.status_code == 200 else f"HTTP {response.status_code}"
            except httpx.HTTPError as e:
                failure = type(e).__name__
            endpoint.latencies.append(time.perf_counter() - start)
            if failure:
                endpoint.errors += 1
                endpoint.failures[failure] = endpoint.failures.get(failure, 0) + 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    endpoint.wall = time.perf_counter() - start


async def load(base: str, clients: int, requests: int) -> tuple[list[Endpoint], dict[str, int]]:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as client:
        deadline = time.monotonic() + 600
        while True:
            try:
                if (await client.get("/api/summary")).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not come up")
            await asyncio.sleep(0.5)
        counts = (await client.get("/api/summary")).json()["counts"]
        event_id, doc_id = await sample_ids(client)
        endpoints = [
            Endpoint("summary", "GET", "/api/summary"),
            Endpoint("events (newest 50)", "GET", "/api/events?limit=50"),
            Endpoint("events (actor + quad filter)", "GET", "/api/events?actors=IRQ&quad=3,4&limit=50"),
            Endpoint("event detail", "GET", f"/api/events/{event_id}"),
            Endpoint("document", "GET", f"/api/documents/{doc_id}"),
            Endpoint("dyads USA→IRQ by month", "GET", "/api/dyads?source=USA&target=IRQ&by=month"),
            Endpoint("influence on IRQ (USA, IRN; 1000 boot)", "GET",
                     "/api/influence?target=IRQ&actors=USA,IRN&by=year"),
            Endpoint("network (actor IRQ)", "GET", "/api/network?actors=IRQ"),
            Endpoint("map (actor IRQ, 200 newest, cached)", "GET", "/api/map?actors=IRQ&limit=200"),
            Endpoint("analyse (POST, 2 sentences)", "POST", "/api/analyse", json={"text": ANALYSE_TEXT},
                     requests=min(requests, 100)),
        ]
        # Warm-up, not measured: the first analyse waits for the model (loading in the server's background
        # thread, which would otherwise compete for the CPU), the first map locates its events.
        for endpoint in endpoints[::-1]:
            warm = await client.request(endpoint.method, endpoint.path, json=endpoint.json)
            warm.raise_for_status()
        for endpoint in endpoints:
            await run_endpoint(client, endpoint, endpoint.requests or requests, clients)
            q = quantiles(endpoint.latencies)
            rate = len(endpoint.latencies) / endpoint.wall
            print(f"{endpoint.name:42s} p50 {q[0] * 1000:8.1f} ms  p95 {q[1] * 1000:8.1f} ms  {rate:7.1f} req/s  "
                  f"errors {endpoint.errors} {endpoint.failures or ''}", flush=True)
    return endpoints, counts


def quantiles(values: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], max(values)


def write_results(endpoints: list[Endpoint], counts: dict[str, int], clients: int, command: str,
                  load_before: float) -> None:
    machine = (f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
               f"{len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()} cores")
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    rows = ["| endpoint | requests | p50 | p95 | max | req/s | errors |", "|---|---|---|---|---|---|---|"]
    for e in endpoints:
        p50, p95, top = quantiles(e.latencies)
        rows.append(f"| {e.name} | {len(e.latencies)} | {p50 * 1000:,.1f} ms | {p95 * 1000:,.1f} ms | "
                    f"{top * 1000:,.0f} ms | {len(e.latencies) / e.wall:,.1f} | {e.errors} |")
    section = "\n".join([
        HEADER, "",
        f"{today}; {machine}; `{command}`; 1-minute load average before the run {load_before:.1f} (other "
        "processes on the machine share its cores).", "",
        f"Store: {counts['events']:,} events, {counts['documents']:,} documents (the full-corpus store copied to pass "
        "100,000 events; see the script). Server: `dyad.web.create_app` under uvicorn in its own process, "
        f"read-only store; {clients} concurrent httpx clients on loopback, each endpoint warmed once, then "
        "measured alone. Latency is per request as the client sees it (queueing included). Analyse runs one text "
        "at a time (one spaCy pipeline), so its latency under 50 clients is mostly waiting in line.", "",
        *rows, ""])
    results = ROOT / "bench" / "RESULTS.md"
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    lines = text.rstrip("\n").split("\n")
    if HEADER in lines:
        start = lines.index(HEADER)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = section.rstrip("\n").split("\n") + ([""] if end < len(lines) else [])
        text = "\n".join(lines) + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results.write_text(text, encoding="utf-8")
    print(f"-> {results}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="the store to serve (built if missing)")
    parser.add_argument("--source-db", type=Path, default=DEFAULT_SOURCE, help="the store copied to build --db")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint")
    parser.add_argument("--no-write", action="store_true", help="print only; do not touch RESULTS.md")
    parser.add_argument("--serve", nargs=2, metavar=("DB", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), int(args.serve[1]))
        return
    if not args.db.is_file():
        build_store(args.db, args.source_db)
    load_before = os.getloadavg()[0]
    port = free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(args.db), str(port)])
    try:
        endpoints, counts = asyncio.run(load(f"http://127.0.0.1:{port}", args.clients, args.requests))
    finally:
        server.terminate()
        server.wait(timeout=30)
    if counts["events"] < MIN_EVENTS:
        print(f"warning: the store has {counts['events']:,} events, under {MIN_EVENTS:,}", file=sys.stderr)
    if not args.no_write:
        command = "python bench/web_latency.py" + "".join(
            f" {flag} {value}" for flag, value, default in (("--clients", args.clients, 50),
                                                            ("--requests", args.requests, 400))
            if value != default)
        write_results(endpoints, counts, args.clients, command, load_before)


if __name__ == "__main__":
    main()
