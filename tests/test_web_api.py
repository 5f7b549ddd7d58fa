"""The web app's JSON API, in-process: a real httpx client over the ASGI app, a real DuckDB store, the real coder."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from typer.testing import CliRunner

from dyad import analysis
from dyad.errors import StoreError
from dyad.store import open_store
from dyad.web import create_app
from dyad.web.security import CSP

pytestmark = pytest.mark.anyio
BASE = "http://127.0.0.1"
TEXT = ("BAGHDAD — Iraqi forces attacked Islamic State fighters near Mosul on Tuesday. Iran's foreign minister met "
        "the Iraqi prime minister in Baghdad and promised $500 million in aid, up from $200 million last year.")
API_PATHS = {"/api/analyse", "/api/analyse/file", "/api/codes", "/api/summary", "/api/events", "/api/events/{event_id}",
             "/api/documents/{doc_id}", "/api/dyads", "/api/influence", "/api/network", "/api/map"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def app(web_db: Path, coder: Any, enricher: Any) -> Iterator[Any]:
    app = create_app(web_db, coder=coder, enricher=enricher)
    yield app
    app.state.dyad.pool.close()


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as client:
        yield client


def assert_error_shape(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "message"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]["message"]


# -- description and offline assets --------------------------------------------------------------------------


async def test_web_openapi_describes_every_endpoint(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == API_PATHS
    # Every operation documents the error shape.
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            assert "400" in operation["responses"], path
    assert "ErrorResponse" in spec["components"]["schemas"]


@pytest.mark.parametrize("page", ["/", "/corpus", "/timeline", "/influence", "/network", "/map", "/docs",
                                  "/events/e0000000000000000", "/documents/d0000000000000000"])
async def test_web_pages_load_only_local_assets(client: httpx.AsyncClient, page: str) -> None:
    response = await client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    urls = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert any(u.endswith(".js") for u in urls)
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        if url.startswith("/static/"):
            asset = await client.get(url)
            assert asset.status_code == 200, url
    assert "<script>" not in response.text  # no inline script: the CSP forbids it


async def test_web_docs_serves_swagger_ui_from_the_package(client: httpx.AsyncClient) -> None:
    page = (await client.get("/docs")).text
    assert "/static/swagger-ui/swagger-ui-bundle.js" in page
    bundle = await client.get("/static/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000
    assert (await client.get("/static/js/docs.js")).text.count("/openapi.json") == 1


async def test_web_world_outline_is_bundled(client: httpx.AsyncClient) -> None:
    world = (await client.get("/static/world/countries-110m.geojson")).json()
    assert len(world["features"]) > 150
    assert {f["properties"]["iso_a3"] for f in world["features"]} >= {"IRQ", "IRN", "USA", "SYR"}


async def test_web_security_headers_on_pages_api_and_errors(client: httpx.AsyncClient) -> None:
    for url in ("/", "/api/summary", "/api/events/nope", "/static/js/common.js"):
        response = await client.get(url)
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in CSP and "script-src 'self'" in CSP


# -- analyse -------------------------------------------------------------------------------------------------


async def test_web_analyse_returns_events_highlights_framing_and_claims(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/analyse", json={"text": TEXT, "date": "2017-06-01"})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["text"] == TEXT and result["date"] == "2017-06-01"
    codes = {(e["source"], e["target"], e["code"]) for e in result["events"]}
    assert ("IRQMIL", "IMGMUSISI", "190") in codes
    for h in result["highlights"]:
        assert TEXT[h["start"]:h["end"]] == h["text"]
        event = result["events"][h["event"]]
        assert h["code"] == (event["code"] if h["role"] == "trigger" else event[h["role"]])
        if h["role"] == "trigger":
            assert h["text"] == event["trigger_text"]
    assert {h["role"] for h in result["highlights"]} == {"source", "target", "trigger"}
    attack = next(e for e in result["events"] if e["code"] == "190")
    assert attack["location"]["name"] == "Mosul"
    assert result["framing"]["label"] in {"report", "opinion", "mixed"}
    assert any(q["text"] == "$500 million" for c in result["claims"] for q in c["quantities"])


async def test_web_analyse_keeps_markup_as_plain_text(client: httpx.AsyncClient) -> None:
    text = '<script>alert("x")</script> Iraqi forces attacked Islamic State fighters near Mosul.'
    response = await client.post("/api/analyse", json={"text": text})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    result = response.json()
    assert result["text"] == text  # data, returned verbatim; the page inserts it as text (test_web_browser)
    assert all(text[h["start"]:h["end"]] == h["text"] for h in result["highlights"])


async def test_web_analyse_file_reads_text_and_html(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/analyse/file", files={"file": ("report.txt", TEXT.encode(), "text/plain")},
                                 data={"date": "2017-06-01"})
    assert response.status_code == 200, response.text
    assert response.json()["text"] == TEXT
    page = (f"<html><head><title>Report</title></head><body><nav>Home | World</nav><article><p>{TEXT}</p>"
            "<p>Officials said the fighting would continue for several more days in the province.</p>"
            "</article></body></html>")
    response = await client.post("/api/analyse/file", files={"file": ("report.html", page.encode(), "text/html")})
    assert response.status_code == 200, response.text
    assert "Iraqi forces attacked" in response.json()["text"]
    assert any(e["code"] == "190" for e in response.json()["events"])


# -- errors: one shape ---------------------------------------------------------------------------------------


ERROR_CASES = [
    ("get", "/api/events?quad=5", None, 400, "quad class 5"),
    ("get", "/api/events?start=2020-13-01", None, 400, "start"),
    ("get", "/api/events?actors=12", None, 400, "not a CAMEO actor code"),
    ("get", "/api/events?start=2020-01-02&end=2020-01-01", None, 400, "after end"),
    ("get", "/api/events?limit=abc", None, 422, "limit"),
    ("get", "/api/events?limit=100000", None, 422, "limit"),
    ("get", "/api/events/e0000000000000000", None, 404, "no event"),
    ("get", "/api/documents/d0000000000000000", None, 404, "no document"),
    ("get", "/api/events/bad%20id!", None, 422, "event_id"),
    ("get", "/api/dyads?source=USA", None, 422, "target"),
    ("get", "/api/dyads?source=USA&target=IRQ&by=week", None, 400, "unknown period"),
    ("get", "/api/influence?target=IRQ&actors=IRQGOV", None, 400, "overlaps the target"),
    ("get", "/api/network?level=galaxy", None, 400, "unknown level"),
    ("get", "/api/no-such-endpoint", None, 404, "no such page"),
    ("post", "/api/analyse", {"json": {"text": "   "}}, 400, "empty text"),
    ("post", "/api/analyse", {"json": {"txt": "Iraq"}}, 422, "text"),
    ("post", "/api/analyse", {"json": {"text": "Iraq. " * 40_000}}, 400, "over the Analyse limit"),
    ("post", "/api/analyse", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, ""),
    ("post", "/api/analyse/file", {"files": {"file": ("a.pdf", b"%PDF-1.4", "application/pdf")}}, 400, ".pdf"),
    ("post", "/api/analyse/file", {"files": {"file": ("a.txt", b"\xff\xfe\x00bad", "text/plain")}}, 400, "a.txt"),
    ("post", "/api/analyse", {"json": {"text": "Iraq"}, "headers": {"origin": "http://evil.example"}}, 403,
     "cross-origin"),
    ("post", "/api/analyse", {"json": {"text": "Iraq"}, "headers": {"sec-fetch-site": "cross-site"}}, 403,
     "cross-site"),
    ("get", "/api/summary", {"headers": {"host": "rebind.example"}}, 400, "unknown host"),
    ("post", "/api/analyse", {"content": b"x" * (3 * 1024 * 1024), "headers": {"content-type": "application/json"}},
     413, "over the limit"),
    ("delete", "/api/events", None, 405, ""),
]


@pytest.mark.parametrize(("method", "url", "kwargs", "status", "fragment"), ERROR_CASES,
                         ids=[f"{c[3]}-{c[1][:40]}" for c in ERROR_CASES])
async def test_web_error_shape(client: httpx.AsyncClient, method: str, url: str, kwargs: dict[str, Any] | None,
                               status: int, fragment: str) -> None:
    response = await client.request(method.upper(), url, **(kwargs or {}))
    message = assert_error_shape(response, status)
    assert fragment in message


async def test_web_error_shape_without_a_database(coder: Any, enricher: Any) -> None:
    app = create_app(None, coder=coder, enricher=enricher)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as client:
        assert (await client.get("/api/summary")).json()["database"] is False
        for url in ("/api/events", "/api/network", "/api/dyads?source=USA&target=IRQ"):
            assert "dyad serve --db FILE" in assert_error_shape(await client.get(url), 503)
        assert (await client.post("/api/analyse", json={"text": TEXT})).status_code == 200


async def test_web_request_size_limit_applies_to_chunked_bodies(coder: Any, enricher: Any, web_db: Path) -> None:
    app = create_app(web_db, coder=coder, enricher=enricher, max_body_bytes=1000)

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(10):
            yield b'{"text": "' + b"a" * 200 + b'"}'

    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as client:
            response = await client.post("/api/analyse", content=chunks(), headers={"content-type": "application/json"})
            assert "content-length" not in response.request.headers
            assert "1,000 bytes" in assert_error_shape(response, 413)
    finally:
        app.state.dyad.pool.close()


async def test_web_same_origin_post_is_accepted(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/analyse", json={"text": TEXT},
                                 headers={"origin": BASE, "sec-fetch-site": "same-origin"})
    assert response.status_code == 200


# -- corpus --------------------------------------------------------------------------------------------------


async def test_web_summary_counts_the_store(client: httpx.AsyncClient, web_db: Path) -> None:
    summary = (await client.get("/api/summary")).json()
    with open_store(web_db, read_only=True) as store:
        assert summary["counts"] == store.counts()
    assert summary["database"] is True
    assert summary["first_date"] < summary["last_date"]
    assert sum(summary["quad_classes"].values()) > 0
    assert summary["top_actors"][0]["events"] >= summary["top_actors"][-1]["events"]


async def test_web_events_filters_match_sql(client: httpx.AsyncClient, web_db: Path) -> None:
    page = (await client.get("/api/events", params={"actors": "IRQ", "quad": "3,4", "start": "2004-01-01",
                                                     "end": "2020-12-31", "limit": 500})).json()
    assert page["total"] > 0 and len(page["events"]) == page["total"]
    for e in page["events"]:
        assert e["source"].startswith("IRQ") or e["target"].startswith("IRQ")
        assert e["quad_class"] in (3, 4)
        assert "2004-01-01" <= e["date"] <= "2020-12-31"
    with open_store(web_db, read_only=True) as store:
        _, rows = store.rows("SELECT count(*) FROM events WHERE NOT negated AND NOT hypothetical AND date BETWEEN "
                             "'2004-01-01' AND '2020-12-31' AND quad_class IN (3, 4) AND "
                             "(source LIKE 'IRQ%' OR target LIKE 'IRQ%')")
    assert page["total"] == rows[0][0]
    dates = [e["date"] for e in page["events"]]
    assert dates == sorted(dates, reverse=True)


async def test_web_events_code_prefix_and_pages(client: httpx.AsyncClient) -> None:
    everything = (await client.get("/api/events", params={"code": "19", "limit": 500})).json()
    assert everything["total"] > 4
    assert all(e["code"].startswith("19") for e in everything["events"])
    first = (await client.get("/api/events", params={"code": "19", "limit": 2, "offset": 0})).json()
    second = (await client.get("/api/events", params={"code": "19", "limit": 2, "offset": 2})).json()
    assert [e["event_id"] for e in first["events"] + second["events"]] == \
        [e["event_id"] for e in everything["events"][:4]]


async def test_web_event_and_document_place_highlights(client: httpx.AsyncClient) -> None:
    listed = (await client.get("/api/events", params={"limit": 20})).json()["events"]
    for item in listed:
        event = (await client.get(f"/api/events/{item['event_id']}")).json()
        sentence = event["sentence"]
        assert sentence[event["trigger_start"]:event["trigger_end"]] == event["trigger_text"]
        roles = {h["role"]: h for h in event["highlights"]}
        assert roles["trigger"]["text"] == event["trigger_text"]
        document = (await client.get(f"/api/documents/{event['doc_id']}")).json()
        assert event["event_id"] in {e["event_id"] for e in document["events"]}
        for h in document["highlights"]:
            assert document["text"][h["start"]:h["end"]] == h["text"]
        assert any(h["role"] == "trigger" and h["text"] == event["trigger_text"] for h in document["highlights"])


async def test_web_dyads_are_the_library_frame(client: httpx.AsyncClient, web_db: Path) -> None:
    data = (await client.get("/api/dyads", params={"source": "usa", "target": "IRQ", "by": "year"})).json()
    with open_store(web_db, read_only=True) as store:
        frame = analysis.dyads(store, "USA", "IRQ", by="year")
    assert data["source"] == "USA"
    assert [r["period"] for r in data["rows"]] == list(frame["period"])
    assert [r["events"] for r in data["rows"]] == [int(v) for v in frame["events"]]
    later = (await client.get("/api/dyads", params={"source": "USA", "target": "IRQ", "by": "year",
                                                    "start": "2005-06-01"})).json()
    assert [r["period"] for r in later["rows"]] == [p for p in frame["period"] if p >= "2005"]


async def test_web_influence_has_intervals(client: httpx.AsyncClient) -> None:
    data = (await client.get("/api/influence", params={"target": "IRQ", "actors": "USA,IRN", "by": "year",
                                                        "boot": 200})).json()
    assert data["actors"] == ["USA", "IRN"]
    assert {r["actor"] for r in data["rows"]} == {"USA", "IRN"}
    with_events = [r for r in data["rows"] if r["events"]]
    assert with_events
    for r in with_events:
        assert -1 <= r["index"] <= 1
        assert r["ci_low"] is not None and r["ci_low"] <= r["ci_high"]


async def test_web_network_edges_and_nodes(client: httpx.AsyncClient) -> None:
    data = (await client.get("/api/network", params={"actors": "IRQ", "limit": 15})).json()
    edges, nodes = data["edges"], data["nodes"]
    assert 0 < len(edges) <= 15
    assert [e["events"] for e in edges] == sorted((e["events"] for e in edges), reverse=True)
    for e in edges:
        assert e["cooperation"] + e["conflict"] == e["events"]
        assert e["source"] != e["target"] and len(e["source"]) == 3
    assert {n["code"] for n in nodes} == {e["source"] for e in edges} | {e["target"] for e in edges}
    actors = (await client.get("/api/network", params={"level": "actor", "limit": 5})).json()
    assert any(len(e["source"]) > 3 or len(e["target"]) > 3 for e in actors["edges"])


async def test_web_map_locates_events_and_caches(client: httpx.AsyncClient, app: Any) -> None:
    data = (await client.get("/api/map", params={"actors": "IRQ", "limit": 40})).json()
    assert data["located"] <= data["considered"] <= 40 and data["considered"] <= data["matching"]
    assert data["located"] > 0 and data["points"]
    for p in data["points"]:
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180
        assert p["cooperation"] + p["conflict"] == p["events"]
    assert sum(p["events"] for p in data["points"]) == data["located"]
    assert any(p["country"] == "IRQ" for p in data["points"])
    cached = len(app.state.dyad.engine.locations)
    again = (await client.get("/api/map", params={"actors": "IRQ", "limit": 40})).json()
    assert again == data and len(app.state.dyad.engine.locations) == cached


async def test_web_store_is_read_only_and_takes_no_sql(client: httpx.AsyncClient, app: Any) -> None:
    with app.state.dyad.store() as store:
        assert store.read_only
        with pytest.raises(StoreError):
            store.query("CREATE TABLE intruder (i INTEGER)")
    spec = (await client.get("/openapi.json")).json()
    names = {p["name"] for ops in spec["paths"].values() for op in ops.values() for p in op.get("parameters", [])}
    assert not names & {"sql", "query", "q", "where", "order"}
    # A filter value that looks like SQL is only ever a bound parameter: it matches nothing and changes nothing.
    response = await client.get("/api/events", params={"code": "19'; DROP TABLE events; --"})
    assert_error_shape(response, 400)
    response = await client.get("/api/events", params={"actors": "IRQ) OR (TRUE"})
    assert_error_shape(response, 400)


# -- the serve command ---------------------------------------------------------------------------------------


def test_cli_web_serve_command(tmp_path: Path) -> None:
    from dyad.cli_web import is_loopback, register

    # A fresh app, so that dyad's own (which may or may not register `serve` itself) is left as it is.
    cli_app = typer.Typer()

    @cli_app.callback()
    def group() -> None:
        """dyad"""

    register(cli_app)
    register(cli_app)  # idempotent
    assert [c.name for c in cli_app.registered_commands].count("serve") == 1
    runner = CliRunner()
    result = runner.invoke(cli_app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "127.0.0.1", "8000"):
        assert option in result.output
    missing = tmp_path / "none.duckdb"
    result = runner.invoke(cli_app, ["serve", "--db", str(missing)])
    assert result.exit_code == 2
    assert f"error: {missing}: no such database; create it with `dyad ingest FILES --db {missing}`" in \
        " ".join(result.output.split())
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
