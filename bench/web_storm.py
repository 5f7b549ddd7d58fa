"""The web server under a storm of bad requests: are good requests still answered, and how fast?

Usage: python bench/web_storm.py [--db FILE] [--seconds 60] [--bad-clients 50] [--good-clients 5] [--seed 0]
                                 [--only KIND] [--flood-chars N] [--no-write]

The store: `--db` (default bench/out/web_storm.duckdb); when that is missing, it is made by copying the store of
more than 100,000 events that bench/web_latency.py builds and upgrading the copy's schema, so that the figures are
comparable with that benchmark's.

The server is `dyad serve --db FILE --port P` (the installed command, its own process, on loopback). Good
clients ask for what the corpus pages ask for (summary, a page of events, one event, one document, the network,
a dyad series) in a loop; bad clients each pick, request after request, one kind of bad request at random:
SQL and script injections through every filter, wrong types and very long values, unknown and traversal paths,
bodies over the size limit, cross-site and wrong-content-type POSTs, malformed JSON and uploads, foreign Host
headers, bytes that are not HTTP, slow clients that send a request a few bytes at a time, and a flood of
well-formed texts to analyse, more than the one language pipeline can code (200 or 503). The good clients
run alone first (baseline), then with the storm, then alone again (recovery). A good request succeeds when it
gets 200 with the JSON it asked for; a bad one is answered when it gets a 4xx (any 5xx but the flood's 503 is a
server failure).
Results are appended to this benchmark's table in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
HEADER = "## Web server under a bad-request storm (bench/web_storm.py)"
DEFAULT_DB = ROOT / "bench" / "out" / "web_storm.duckdb"
LATENCY_DB = ROOT / "bench" / "out" / "web_bench.duckdb"  # bench/web_latency.py's store of 100,000+ events
DYAD = Path(sys.executable).with_name("dyad")  # the installed command, next to this interpreter
TIMEOUT = 30.0  # seconds a good request may take before it counts as failed

INJECTIONS = ("' OR '1'='1", "1; DROP TABLE events; --", '"; SELECT * FROM documents; --', "IRQ') OR ('a'='a",
              "<script>alert(1)</script>", "../../etc/passwd", "%00", "\u202eIRQ", "ＩＲＱ", "²", "😀" * 50,
              "A" * 4000, "-1", "1e309", "NaN", "99999999999999999999999999", "[]", "2020-02-30")
QUERY_PARAMETERS = {
    "/api/events": ("start", "end", "actors", "code", "quad", "flagged", "limit", "offset"),
    "/api/network": ("start", "end", "actors", "code", "quad", "flagged", "level", "limit"),
    "/api/map": ("start", "end", "actors", "code", "quad", "flagged", "limit"),
    "/api/dyads": ("source", "target", "by", "all_mentions", "start", "end"),
    "/api/influence": ("target", "actors", "by", "boot", "confidence", "seed", "start", "end"),
}
FLOOD_TEXT = ("BAGHDAD — Iraqi forces attacked Islamic State fighters near Mosul on Tuesday. Iran's foreign minister "
              "met the Iraqi prime minister in Baghdad and promised $500 million in aid.")
BAD_PATHS = ("/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
             "/static/%252e%252e/%252e%252e/etc/passwd", "/static//etc/passwd", "/static/js/common.js%00.png",
             "/api/events/..%2f..%2fetc%2fpasswd", "/api/events/' OR 1=1 --", "/api/documents/%3Cscript%3E",
             "/static/swagger-ui/index.html", "/static/swagger-ui/oauth2-redirect.html", "/api/../../etc/passwd",
             "/" + "a" * 3000, "/wp-admin/admin-ajax.php", "/.env", "/api/query?sql=DROP+TABLE+events")


# -- the server ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def dyad_serve(db: Path, log: Path, *, timeout: float = 120.0) -> Iterator[str]:
    """Run `dyad serve` on a free loopback port until the block ends; yields its base URL once it answers."""
    port = free_port()
    with log.open("ab") as out:
        server = subprocess.Popen([str(DYAD), "serve", "--db", str(db), "--port", str(port)], stdout=out,
                                  stderr=out, env={**os.environ, "DYAD_LOG_LEVEL": "error"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"dyad serve exited with {server.returncode}; see {log}")
            try:
                if httpx.get(base + "/api/summary", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"dyad serve did not answer in {timeout:.0f} s; see {log}")
            time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# -- requests -----------------------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    seconds: float = 0.0
    good_latencies: list[float] = field(default_factory=list)
    good_failures: Counter[str] = field(default_factory=Counter)
    bad_statuses: Counter[str] = field(default_factory=Counter)  # "404", "413", ..., or an error's name
    by_kind: dict[str, Counter[str]] = field(default_factory=dict)  # the same, per kind of bad request

    @property
    def good(self) -> int:
        return len(self.good_latencies) + sum(self.good_failures.values())

    @property
    def good_success_rate(self) -> float:
        return len(self.good_latencies) / self.good if self.good else float("nan")

    @property
    def bad(self) -> int:
        return sum(self.bad_statuses.values())

    @property
    def server_errors(self) -> int:
        """5xx answers to bad requests, the analyse flood's 503 "busy" (its expected answer) aside."""
        busy = self.by_kind.get("analyse flood", Counter())["503"]
        return sum(n for status, n in self.bad_statuses.items() if status.startswith("5")) - busy

    def quantile(self, q: float) -> float:
        """The q-quantile of the good requests' latency, in seconds."""
        if len(self.good_latencies) < 2:
            return self.good_latencies[0] if self.good_latencies else float("nan")
        return statistics.quantiles(self.good_latencies, n=100, method="inclusive")[round(q * 100) - 1]


def good_requests(event_id: str, doc_id: str) -> list[str]:
    return ["/api/summary", "/api/events?limit=20", "/api/events?actors=IRQ&quad=3,4&limit=20",
            f"/api/events/{event_id}", f"/api/documents/{doc_id}", "/api/network?actors=IRQ&limit=20",
            "/api/dyads?source=USA&target=IRQ&by=year"]


async def good_client(client: httpx.AsyncClient, urls: list[str], phase: Phase, stop: asyncio.Event,
                      rng: random.Random) -> None:
    while not stop.is_set():
        url = rng.choice(urls)
        start = time.perf_counter()
        try:
            response = await client.get(url, timeout=TIMEOUT)
            failure = None if response.status_code == 200 and isinstance(response.json(), dict) else \
                f"HTTP {response.status_code}"
        except (httpx.HTTPError, ValueError) as e:
            failure = type(e).__name__
        if failure:
            phase.good_failures[failure] += 1
        else:
            phase.good_latencies.append(time.perf_counter() - start)


BadRequest = tuple[str, Callable[[httpx.AsyncClient], Awaitable[str]]]  # (kind, send it -> status)


def _http(method: str, path: str, **options: object) -> Callable[[httpx.AsyncClient], Awaitable[str]]:
    async def send(client: httpx.AsyncClient) -> str:
        response = await client.request(method, path, timeout=TIMEOUT, **options)  # type: ignore[arg-type]
        status = str(response.status_code)
        if response.status_code >= 400 and not response.headers.get("content-type", "").startswith(
                "application/json"):
            status += " not JSON"
        return status

    return send


def _raw(base: str, data: bytes, *, pause: float = 0.0, chunk: int = 0) -> Callable[[httpx.AsyncClient],
                                                                                     Awaitable[str]]:
    """Raw bytes on a new connection (in `chunk`-byte pieces, `pause` s apart); the answer's status code."""
    async def send(client: httpx.AsyncClient) -> str:
        host, port = base.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            pieces = [data[i:i + chunk] for i in range(0, len(data), chunk)] if chunk else [data]
            for piece in pieces:
                writer.write(piece)
                await writer.drain()
                if pause:
                    await asyncio.sleep(pause)
            line = await asyncio.wait_for(reader.readline(), timeout=TIMEOUT)
            parts = line.split()
            return parts[1].decode() if len(parts) > 1 else "closed"
        finally:
            writer.close()

    return send


KINDS = ("injection", "path", "body", "cross-site", "method", "host", "not HTTP", "slow", "flood")


def bad_request(rng: random.Random, base: str, only: str | None = None, flood_chars: int = 0) -> BadRequest:
    """One bad request of a random kind (of kind `only`, one of KINDS, if given); the flood's text is repeated to
    at least `flood_chars` characters."""
    kind = only or rng.choices(KINDS, weights=(45, 10, 20, 5, 3, 4, 8, 5, 5))[0]
    json_type = {"content-type": "application/json"}
    host = base.removeprefix("http://").encode()
    if kind == "injection":  # every filter of every corpus endpoint
        path = rng.choice(list(QUERY_PARAMETERS))
        params = {"source": "USA", "target": "IRQ", "actors": "USA", "boot": "0"} if path in (
            "/api/dyads", "/api/influence") else {}
        params[rng.choice(QUERY_PARAMETERS[path])] = rng.choice(INJECTIONS)
        return "injection through a filter", _http("GET", path, params=params)
    if kind == "path":
        return "traversal or unknown path", _http("GET", rng.choice(BAD_PATHS))
    if kind == "body":
        return rng.choice([
            ("body over the size limit", _http("POST", "/api/analyse", content=b"x" * (2 * 1024 * 1024 + 1),
                                               headers=json_type)),
            ("body over the size limit", _http("POST", "/api/analyse/file", files={
                "file": ("a.txt", b"x" * (3 * 1024 * 1024), "text/plain")})),
            ("malformed JSON", _http("POST", "/api/analyse", content=b"{" * 20_000, headers=json_type)),
            ("malformed JSON", _http("POST", "/api/analyse", content=b'{"text": "\xff\xfe"}', headers=json_type)),
            ("wrong field or type", _http("POST", "/api/analyse", json={"text": "Iraq met Iran.", "x": 1})),
            ("wrong field or type", _http("POST", "/api/analyse", json={"text": ["not", "a", "string"]})),
            ("wrong field or type", _http("POST", "/api/analyse", json={"text": "Iraq met Iran.",
                                                                        "date": "2020-02-30"})),
            ("empty text", _http("POST", "/api/analyse", json={"text": "   "})),
            ("wrong content type", _http("POST", "/api/analyse", content=b'{"text": "Iraq met Iran."}',
                                         headers={"content-type": "text/plain"})),
            ("bad upload", _http("POST", "/api/analyse/file", files={
                "file": ("a.exe", b"MZ\x90\x00", "application/octet-stream")})),
            ("bad upload", _http("POST", "/api/analyse/file", files={"file": ("a.txt", b"\xff\xfe\x00bad",
                                                                               "text/plain")})),
            ("bad upload", _http("POST", "/api/analyse/file", content=b"--x\r\nnot multipart",
                                 headers={"content-type": "multipart/form-data; boundary=x"})),
        ])
    if kind == "cross-site":
        headers = rng.choice([{"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"}])
        return "cross-site POST", _http("POST", "/api/analyse", json={"text": "Iraq met Iran."}, headers=headers)
    if kind == "method":
        return "wrong method", _http(rng.choice(["DELETE", "PUT", "PATCH"]), "/api/events")
    if kind == "host":
        return "foreign Host header", _http("GET", "/api/summary", headers={"host": "rebind.example"})
    if kind == "not HTTP":
        return "bytes that are not HTTP", rng.choice([
            _raw(base, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + rng.randbytes(64)),  # a TLS hello
            _raw(base, b"GET /api/summary HTTP/1.1\r\nHost: " + host + b"\r\nContent-Length: -5\r\n\r\n"),
            _raw(base, b"GET /static/\x00 HTTP/1.1\r\nHost: " + host + b"\r\n\r\n"),
        ])
    if kind == "flood":  # well-formed, but more texts than the one language pipeline can code: 200 or 503
        text = " ".join([FLOOD_TEXT] * max(1, -(-flood_chars // (len(FLOOD_TEXT) + 1))))
        return "analyse flood", _http("POST", "/api/analyse", json={"text": text})
    # Slow: one request, four bytes every 50 ms (slowloris-like), holding a connection for about two seconds.
    return "slow request", _raw(base, b"GET /api/events?actors=' HTTP/1.1\r\nHost: " + host
                                + b"\r\nConnection: close\r\n\r\n", pause=0.05, chunk=4)


async def bad_client(client: httpx.AsyncClient, base: str, phase: Phase, stop: asyncio.Event,
                     rng: random.Random, only: str | None, flood_chars: int) -> None:
    while not stop.is_set():
        kind, send = bad_request(rng, base, only, flood_chars)
        try:
            status = await send(client)
        except (TimeoutError, httpx.HTTPError, OSError, UnicodeError) as e:
            status = type(e).__name__  # the server may close a connection whose request it refused mid-body
        phase.bad_statuses[status] += 1
        phase.by_kind.setdefault(kind, Counter())[status] += 1


async def run_phase(base: str, phase: Phase, seconds: float, urls: list[str], good_clients: int,
                    bad_clients: int, seed: int, only: str | None = None, flood_chars: int = 0) -> None:
    rng = random.Random(seed)
    stop = asyncio.Event()
    # Idle connections are dropped before the server's keep-alive (5 s) ends: reusing one the server is closing
    # at that moment fails on the client's side, which would count as the server's failure.
    limits = httpx.Limits(max_connections=good_clients + bad_clients + 10, keepalive_expiry=1.0)
    async with httpx.AsyncClient(base_url=base, limits=limits) as good, \
            httpx.AsyncClient(base_url=base, limits=limits) as bad:
        tasks = [asyncio.create_task(good_client(good, urls, phase, stop, random.Random(rng.random())))
                 for _ in range(good_clients)]
        tasks += [asyncio.create_task(bad_client(bad, base, phase, stop, random.Random(rng.random()), only,
                                                  flood_chars))
                  for _ in range(bad_clients)]
        started = time.perf_counter()
        await asyncio.sleep(seconds)
        stop.set()
        await asyncio.gather(*tasks)
        phase.seconds = time.perf_counter() - started


@dataclass
class StormReport:
    phases: list[Phase]
    counts_before: dict[str, int]
    counts_after: dict[str, int]

    def phase(self, name: str) -> Phase:
        return next(p for p in self.phases if p.name == name)


def storm(base: str, *, seconds: float, bad_clients: int = 50, good_clients: int = 5, calm_seconds: float = 5.0,
          seed: int = 0, warm_up: bool = True, only: str | None = None, flood_chars: int = 0) -> StormReport:
    """Baseline (good clients alone), storm (with the bad clients), recovery (alone again) against `base`.

    `dyad serve` loads the language model in the background; with `warm_up`, an analyse request first waits for
    it, so that the load does not weigh on the measured phases. `only` limits the storm to one of KINDS;
    `flood_chars` makes the flood's texts that long.
    """
    if warm_up:
        httpx.post(base + "/api/analyse", json={"text": "Iraq met Iran."}, timeout=600).raise_for_status()
    summary = httpx.get(base + "/api/summary", timeout=TIMEOUT).json()
    page = httpx.get(base + "/api/events", params={"limit": 1}, timeout=TIMEOUT).json()
    urls = good_requests(page["events"][0]["event_id"], page["events"][0]["doc_id"])
    phases = [Phase("baseline"), Phase("storm"), Phase("recovery")]
    for phase, length, bad in zip(phases, (calm_seconds, seconds, calm_seconds), (0, bad_clients, 0), strict=True):
        asyncio.run(run_phase(base, phase, length, urls, good_clients, bad, seed, only, flood_chars))
    after = httpx.get(base + "/api/summary", timeout=TIMEOUT).json()
    return StormReport(phases, summary["counts"], after["counts"])


# -- the benchmark ------------------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="the store to serve")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the storm")
    parser.add_argument("--bad-clients", type=int, default=50)
    parser.add_argument("--good-clients", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=KINDS, help="send only this kind of bad request")
    parser.add_argument("--flood-chars", type=int, default=0, help="length of the flood's texts (default: 175)")
    parser.add_argument("--no-write", action="store_true", help="do not add a row to bench/RESULTS.md")
    options = parser.parse_args()
    if not options.db.is_file():
        if options.db != DEFAULT_DB or not LATENCY_DB.is_file():
            sys.exit(f"{options.db}: no such store; run bench/web_latency.py (which builds {LATENCY_DB}) or "
                     "give --db")
        from dyad.store import open_store

        shutil.copyfile(LATENCY_DB, DEFAULT_DB)
        open_store(DEFAULT_DB).close()  # opening for writing applies the migrations the copy lacks

    load_before = os.getloadavg()[0]
    log = ROOT / "bench" / "out" / "web_storm_server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with dyad_serve(options.db, log) as base:
        report = storm(base, seconds=options.seconds, bad_clients=options.bad_clients,
                       good_clients=options.good_clients, seed=options.seed, only=options.only,
                       flood_chars=options.flood_chars)
    for phase in report.phases:
        print(f"{phase.name:9s} {phase.seconds:5.1f} s: good {phase.good} ({phase.good_success_rate:.2%} ok, p50 "
              f"{_ms(phase.quantile(0.5))}, p95 {_ms(phase.quantile(0.95))}, failures {dict(phase.good_failures)}); "
              f"bad {phase.bad} {json.dumps(dict(phase.bad_statuses.most_common()))}")
    print(f"store counts unchanged: {report.counts_before == report.counts_after}")
    for kind, statuses in sorted(report.phase("storm").by_kind.items()):
        print(f"  {kind:28s} {sum(statuses.values()):6,}  {dict(statuses.most_common())}")
    if options.no_write:
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from results_table import append_row

    base_phase, storm_phase = report.phase("baseline"), report.phase("storm")
    db = options.db.relative_to(ROOT) if options.db.is_relative_to(ROOT) else options.db
    command = (f"python bench/web_storm.py --db {db} --seconds {options.seconds:g} --bad-clients "
               f"{options.bad_clients} --good-clients {options.good_clients} --seed {options.seed}"
               + (f" --only {options.only}" if options.only else "")
               + (f" --flood-chars {options.flood_chars}" if options.flood_chars else ""))
    machine = f"{platform.machine()}, CPython {platform.python_version()}, {os.cpu_count()} cores (shared)"
    answers = ", ".join(f"{status} {n:,}" for status, n in storm_phase.bad_statuses.most_common(6))
    row = (f"| {datetime.now(UTC):%Y-%m-%d} | {machine}, load {load_before:.1f} | {report.counts_before['events']:,} "
           f"events | {storm_phase.seconds:.0f} s, {options.bad_clients} bad + {options.good_clients} good clients | "
           f"{storm_phase.bad:,} ({answers}) | {storm_phase.server_errors} | {storm_phase.good:,} | "
           f"{storm_phase.good_success_rate:.2%} | {_ms(storm_phase.quantile(0.5))} / "
           f"{_ms(storm_phase.quantile(0.95))} | {_ms(base_phase.quantile(0.5))} / {_ms(base_phase.quantile(0.95))} | "
           f"{report.phase('recovery').good_success_rate:.2%} | {report.counts_before == report.counts_after} | "
           f"`{command}` |")
    intro = ("`dyad serve` in its own process on loopback; bad clients send injections through every filter, "
             "traversal paths, oversized and malformed bodies, cross-site POSTs, foreign Host headers, bytes that "
             "are not HTTP, slow requests and a flood of texts to analyse; good clients load corpus views (summary, "
             "events, one event, one document, network, dyads). Latency is per good request as its client sees "
             "it. Baseline: the good clients alone just before the storm; recovery: alone just after it. "
             "\"bad answered 5xx\" leaves out the flood's 503 busy answers, which are what it should get.")
    columns = ["date", "machine", "store", "storm", "bad requests (statuses)", "bad answered 5xx",
               "good requests", "good success", "good p50 / p95 in storm", "good p50 / p95 baseline",
               "good success after", "store unchanged", "command"]
    append_row(HEADER, intro, columns, row)
    print(f"added a row to {ROOT / 'bench' / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
