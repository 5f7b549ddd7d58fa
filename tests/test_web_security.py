"""The web app's attack surface: stored XSS in every place text is shown (JSON and a real browser), oversized
bodies, injection through every parameter of every endpoint (read from /openapi.json, so a new endpoint is
covered when it appears), path traversal on static files, cross-site POSTs, and a storm of bad requests against
`dyad serve` on a loopback port while good clients keep asking.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import duckdb
import httpx
import pytest
from fastapi.testclient import TestClient

from conftest import chromium
from dyad.store import TABLES, ingest_paths, open_store
from dyad.web import create_app
from dyad.web.security import CSP

if TYPE_CHECKING:
    from playwright.sync_api import Browser, FilePayload

    from conftest import Watched

REPO = Path(__file__).resolve().parents[1]
BASE = "http://127.0.0.1"

# Each payload, if it ever ran, would open a dialog naming where it came from.
XSS = ['<script>alert("xss-script")</script>', '<img src=x onerror=alert("xss-img")>',
       '"><svg onload=alert("xss-svg")>', "' autofocus onfocus=alert('xss-attr') x='",
       '<iframe src="javascript:alert(`xss-iframe`)"></iframe>']
PAYLOAD = " ".join(XSS)
FILE_NAME = "<img src=x onerror=alert('xss-file')>"  # no double quote: multipart encodes it in file names
HOSTILE_URLS = ["javascript:alert('xss-url')", " JaVaScRiPt:alert('xss-url')",
                "data:text/html,<script>alert('xss-data')</script>", "vbscript:msgbox('xss-vb')",
                "/\\evil.example/x", "/\t/evil.example/y", "https://example.org/a?b=<script>alert('xss-q')</script>"]
SENTENCES = ["Iraqi forces {x} attacked Islamic State fighters near Mosul on Tuesday.",
             "Iran's foreign minister met the Iraqi prime minister in Baghdad. {x}",
             "{x} Turkey condemned Syria over the shelling of a border town.",
             "The United States {x} criticized Iran for its support of militias in Iraq.",
             "Egypt and Jordan signed a trade agreement {x} in Amman.",
             "Iraqi police arrested {x} protesters in Basra on Friday.",
             "Saudi Arabia pledged aid to Iraq after the floods. {x}"]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


web_storm = _load("web_storm")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def fingerprint(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Rows and a hash of every row, per table: equal fingerprints mean no row was added, removed or changed."""
    with open_store(db, read_only=True) as store:  # the app's own settings, so it may open beside the app's
        return {t: store.rows(f"SELECT count(*), coalesce(sum(hash({t})), 0) FROM {t}")[1] for t in TABLES}


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory, coder: Any) -> Path:
    """A store whose every displayed text holds markup: documents (text, title, source, URL) ingested for real,
    then event fields, an actor code, an event code and a place name overwritten with payloads."""
    folder = tmp_path_factory.mktemp("hostile")
    records = [{"id": f"x{i}", "date": f"2019-05-0{i + 1}", "title": f"{XSS[i % 5]} title {i}",
                "source": f'wire {i} "><img src=x onerror=alert("xss-source")>', "url": url,
                "text": SENTENCES[i].format(x=XSS[i % 5]) + " " + SENTENCES[(i + 1) % 7].format(x=XSS[(i + 2) % 5])}
               for i, url in enumerate(HOSTILE_URLS)]
    source = folder / "hostile.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = folder / "hostile.duckdb"
    ingest_paths([str(source)], coder, db=db)
    with duckdb.connect(str(db)) as con:
        fields = ("name", "pattern_id", "plover", "source_entry", "target_entry", "attributed_to", "source_text",
                  "target_text", "trigger_text")
        con.execute(f"UPDATE events SET {', '.join(f'{f} = ?' for f in fields)}",
                    [f"{PAYLOAD} {f}" for f in fields])
        first, second = (row[0] for row in con.execute("SELECT event_id FROM events ORDER BY event_id LIMIT 2")
                         .fetchall())
        con.execute("UPDATE events SET source = ? WHERE event_id = ?", [XSS[1], first])
        con.execute("UPDATE events SET code = ? WHERE event_id = ?", [XSS[2], second])
        con.execute("UPDATE event_enrichment SET location_name = ?, location_lat = 33.3, location_lon = 44.4, "
                    "location_country = 'IRQ', location_precision = ?", [PAYLOAD, XSS[3]])
        events, in_sentences = con.execute("SELECT count(*), count(*) FILTER (s.text LIKE '%<%') FROM events e "
                                           "JOIN sentences s USING (doc_id, sentence_index)").fetchone()  # type: ignore[misc]
    assert events >= 7 and in_sentences >= 2, "the hostile documents must give events with markup in their sentences"
    return db


@pytest.fixture(scope="module")
def hostile_app(hostile_db: Path, coder: Any, enricher: Any) -> Iterator[Any]:
    app = create_app(hostile_db, coder=coder, enricher=enricher)
    yield app
    app.state.dyad.pool.close()


@pytest.fixture
async def client(hostile_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=hostile_app), base_url=BASE) as client:
        yield client


def assert_error_shape(response: Any, status: int | None = None) -> str:
    """The message of an error response in the API's one shape (any httpx-style response)."""
    if status is None:
        assert response.status_code < 500, f"{response.request.url}: {response.status_code} {response.text[:300]}"
    else:
        assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json"), response.headers["content-type"]
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message"}, body
    assert body["error"]["status"] == response.status_code and body["error"]["message"]
    return str(body["error"]["message"])


# -- stored XSS: the data comes back as JSON data, pages never contain it ---------------------------------------


def _hostile_ids(db: Path) -> tuple[list[str], list[str]]:
    with open_store(db, read_only=True) as store:
        docs = [r[0] for r in store.rows("SELECT doc_id FROM documents ORDER BY doc_id")[1]]
        events = [r[0] for r in store.rows("SELECT event_id FROM events ORDER BY event_id")[1]]
    return docs, events


@pytest.mark.anyio
async def test_web_security_stored_markup_is_json_data_and_never_in_a_page(client: httpx.AsyncClient,
                                                                         hostile_db: Path) -> None:
    docs, events = _hostile_ids(hostile_db)
    responses = [await client.get(f"/api/documents/{d}") for d in docs]
    responses += [await client.get(f"/api/events/{e}") for e in events]
    responses += [await client.get(url) for url in ("/api/events?limit=500&flagged=true", "/api/summary",
                                                    "/api/network?level=actor", "/api/map?flagged=true")]
    seen = set()
    for response in responses:
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"] == CSP
        seen |= {x for x in XSS if x in response.json().__repr__() or x in response.text}
    assert seen == set(XSS)  # every payload is served, verbatim, as data
    document = (await client.get(f"/api/documents/{docs[0]}")).json()
    assert document["url"] in HOSTILE_URLS and any(x in document["title"] for x in XSS)

    pages = ["/", "/corpus", "/timeline", "/influence", "/network", "/map", "/docs",
             *(f"/documents/{d}" for d in docs), *(f"/events/{e}" for e in events[:5]),
             f"/events/{quote(XSS[0], safe='')}", f"/corpus?actors={quote(XSS[1], safe='')}"]
    for page in pages:
        response = await client.get(page)
        assert response.status_code in (200, 404), page
        if response.status_code == 200:
            assert response.headers["content-type"].startswith("text/html")
            assert "alert(" not in response.text and "onerror" not in response.text, page


@pytest.mark.anyio
async def test_web_security_error_messages_are_json_whatever_they_echo(client: httpx.AsyncClient) -> None:
    for url in (f"/api/events?actors={quote(XSS[0])}", f"/api/events?code={quote(XSS[1])}",
                f"/api/dyads?source={quote(XSS[2])}&target=IRQ", f"/api/no/{quote(XSS[1], safe='')}",
                f"/static/{quote(XSS[0], safe='')}", f"/api/events/{quote(XSS[1], safe='')}"):
        response = await client.get(url)
        assert_error_shape(response)
        assert response.headers["x-content-type-options"] == "nosniff"
    response = await client.post("/api/analyse/file", files={"file": (f"{FILE_NAME}.pdf", b"%PDF", "application/pdf")})
    assert FILE_NAME in assert_error_shape(response, 400)  # named as text, in JSON


@pytest.fixture
def browser() -> Iterator[Browser]:
    # Here one browser per test: the async tests of this module cannot run while Playwright's loop is open.
    with chromium() as browser:
        yield browser


def test_web_security_no_dialog_or_markup_in_any_page_of_hostile_data(
        hostile_app: Any, hostile_db: Path, live_server: Callable[[Any], str],
        new_page: Callable[..., Watched]) -> None:
    """Every page that shows stored or echoed text, in Chromium with the CSP switched off, so that only the way
    the page builds its DOM stands between a payload and its execution."""
    base = live_server(hostile_app)
    docs, events = _hostile_ids(hostile_db)
    watched = new_page(base, bypass_csp=True)
    p = watched.page
    visits: list[tuple[str, str]] = [
        ("/corpus?flagged=true", "#events tbody tr"), (f"/corpus?actors={quote(XSS[1])}", ".error"),
        ("/network?level=actor&flagged=true", 'svg[data-chart="network"] g.node'),
        ("/map?flagged=true", 'svg[data-chart="map"] circle.marker'),
        (f"/timeline?source={quote(XSS[0])}&target=IRQ", ".error"),
        (f"/influence?target=IRQ&actors={quote(XSS[4])}", ".error"),
        (f"/events/{quote(XSS[1], safe='')}", ".error"),
        *((f"/documents/{d}", "#annotated") for d in docs), *((f"/events/{e}", "#annotated") for e in events[:4]),
    ]
    for path, ready in visits:
        p.goto(base + path)
        p.wait_for_selector(ready, timeout=60_000)
        for mark in p.locator("#annotated mark.hl").all()[:3]:
            mark.hover()  # the hover card shows the event's (hostile) fields
        if path.startswith("/map"):
            p.locator("circle.marker").first.click(force=True)
            p.wait_for_selector("#place-events table tbody tr")
        assert_inert(p, base, path)
        assert watched.dialogs == [], path
    p.goto(base + "/")
    p.fill("#text", PAYLOAD + " Iraqi forces attacked Islamic State fighters near Mosul.")
    p.click("#analyse")
    p.wait_for_selector("#annotated mark.hl", timeout=60_000)
    assert PAYLOAD in (p.locator("#annotated").text_content() or "")  # shown as text
    upload: FilePayload = {"name": f"{FILE_NAME}.pdf", "mimeType": "application/pdf", "buffer": b"%PDF"}
    p.set_input_files("#file", files=upload)
    p.click("#upload")
    p.wait_for_selector(".error")
    assert FILE_NAME in (p.locator(".error").text_content() or "")
    assert_inert(p, base, "/")
    assert watched.dialogs == []
    # The pages asked for bad filters on purpose; the browser logs those 4xx answers, and nothing else.
    assert [m for m in watched.problems if "Failed to load resource" not in m] == []
    assert [u for u in watched.requests if not u.startswith(base)] == []

    title = p.locator("#title")
    p.goto(base + f"/documents/{docs[0]}")
    p.wait_for_selector("#annotated")
    assert any(x in (title.text_content() or "") for x in XSS)  # the hostile title, as text
    hrefs = p.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "#" in hrefs  # the javascript: URL became an inert link

    # With the CSP on, as served: the same page raises no violation (a blocked script would be a console error).
    plain = new_page(base)
    plain.page.goto(base + f"/documents/{docs[1]}")
    plain.page.wait_for_selector("#annotated")
    plain.check()


def assert_inert(p: Any, base: str, where: str) -> None:
    """No element or attribute was made from data: no inline script, no event-handler attribute, no frame or
    image, and every link is an http(s) URL or a path on this server."""
    found = p.evaluate("""() => {
        const all = [...document.querySelectorAll('*')];
        return {
            handlers: all.filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on')))
                         .map(e => e.outerHTML.slice(0, 120)),
            inline: [...document.scripts].filter(s => !s.src).length,
            embedded: [...document.querySelectorAll('iframe, frame, object, embed, img, image, base')]
                         .map(e => e.outerHTML.slice(0, 120)),
            links: [...document.querySelectorAll('[href]')].map(a => a.getAttribute('href')),
            resolved: [...document.querySelectorAll('a[href]')].map(a => a.href),
            autofocus: document.querySelectorAll('[autofocus]').length,
        };
    }""")
    assert found["handlers"] == [] and found["embedded"] == [], (where, found)
    assert found["inline"] == 0 and found["autofocus"] == 0, (where, found)
    for href in found["links"]:
        assert href == "#" or href.startswith(("http://", "https://")) or (
            href.startswith("/") and not href.startswith(("//", "/\\"))), (where, href)
    for url in found["resolved"]:  # after the browser resolves them: no script URL, no host but this one or http(s)
        assert url.startswith(("http://", "https://")), (where, url)
        assert "evil.example" not in url, (where, url)


# -- injection through every parameter of every endpoint ---------------------------------------------------------

SPEC = create_app(None).openapi()  # no store, no model: just the routes, so new endpoints are picked up
INJECTIONS = ["' OR '1'='1", "1; DROP TABLE events; --", '"; DELETE FROM documents; --', "IRQ') OR ('a'='a",
              "IRQ%", "_", "\\", ";", "'", '"', "%00", "\x00", "\u202eIRQ", "ＩＲＱ", "²", "١", "😀" * 20, "İ",
              "A" * 5000, "IRQ," * 500, "-1", "0", "1.5", "1e309", "NaN", "inf", "99999999999999999999999999",
              "true", "null", "[]", "{}", "2020-02-30", "0000-01-01", "10000-01-01", "2020-01-01T00:00:00",
              "<script>alert(1)</script>", "../../etc/passwd", "javascript:alert(1)"]
VALID = {"source": "USA", "target": "IRQ", "actors": "USA", "event_id": "e0000000000000000",
         "doc_id": "d0000000000000000", "boot": "0"}


def _operations() -> list[tuple[str, str, str]]:
    """(method, path, parameter) for every parameter of every operation, request bodies' fields included."""
    found = []
    for path, operations in SPEC["paths"].items():
        for method, operation in operations.items():
            found += [(method, path, p["name"]) for p in operation.get("parameters", [])]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                schema = content["schema"]
                if "$ref" in schema:
                    schema = SPEC["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
                found += [(method, path, f"body.{name}") for name in schema.get("properties", {})]
    return found


OPERATIONS = _operations()


def test_web_security_every_parameter_is_enumerated() -> None:
    names = {f"{m} {p} {n}" for m, p, n in OPERATIONS}
    assert len(OPERATIONS) >= 40  # every filter of every corpus endpoint, ids, the analyse bodies
    for expected in ("get /api/events quad", "get /api/events offset", "get /api/influence seed",
                     "get /api/events/{event_id} event_id", "post /api/analyse body.text",
                     "post /api/analyse/file body.file", "post /api/analyse/file body.date"):
        assert expected in names


def _request(method: str, path: str, name: str, value: str) -> dict[str, Any]:
    """The request that puts `value` into parameter `name`, every other required parameter valid."""
    operation = SPEC["paths"][path][method]
    url, query = path, {}
    for parameter in operation.get("parameters", []):
        given = value if parameter["name"] == name else VALID.get(parameter["name"])
        if parameter["in"] == "path":
            url = url.replace("{" + parameter["name"] + "}", quote(str(given), safe=""))
        elif given is not None:
            query[parameter["name"]] = given
    request: dict[str, Any] = {"method": method.upper(), "url": url, "params": query}
    if path == "/api/analyse":
        request["json"] = {"text": "Iraq met Iran.", **({name[5:]: value} if name.startswith("body.") else {})}
    elif path == "/api/analyse/file":
        filename, date = ("a.txt", value) if name == "body.date" else (f"{value}.txt", "2019-01-01")
        request["files"] = {"file": (filename, b"Iraq met Iran.", "text/plain")}
        request["data"] = {"date": date}
    return request


@pytest.mark.anyio
@pytest.mark.parametrize(("method", "path", "name"), OPERATIONS, ids=[f"{m}-{p}-{n}" for m, p, n in OPERATIONS])
async def test_web_security_injection_through_every_parameter(client: httpx.AsyncClient, hostile_db: Path,
                                                              method: str, path: str, name: str) -> None:
    before = fingerprint(hostile_db)
    for value in INJECTIONS:
        if name == "body.file" and "\x00" in value:
            continue  # a NUL cannot be put in a multipart header; the query and path cases send it
        response = await client.request(**_request(method, path, name, value))
        if response.status_code >= 400:
            assert_error_shape(response)  # never 5xx; a clear JSON error
            assert response.status_code in (400, 404, 413, 422), (value, response.text)
        else:
            assert response.headers["content-type"] == "application/json"
    assert fingerprint(hostile_db) == before


# -- oversized bodies, cross-site and content types ---------------------------------------------------------------

POSTS = [(path, next(iter(op["requestBody"]["content"]))) for path, ops in SPEC["paths"].items()
         for method, op in ops.items() if method == "post"]


def test_web_security_every_post_endpoint_is_checked() -> None:
    # The size and cross-site tests run over POSTS, read from the spec; these two must be among them.
    assert {("/api/analyse", "application/json"), ("/api/analyse/file", "multipart/form-data")} <= set(POSTS)
    assert {kind for _, kind in POSTS} <= {"application/json", "multipart/form-data"}, "teach _body the new type"


def _body(kind: str, size: int) -> dict[str, Any]:
    if kind == "application/json":
        return {"content": json.dumps({"text": "I" * size}).encode(), "headers": {"content-type": kind}}
    return {"files": {"file": ("a.txt", b"I" * size, "text/plain")}}


@pytest.mark.anyio
@pytest.mark.parametrize(("path", "kind"), POSTS)
async def test_web_security_body_size_limit_on_every_post(hostile_db: Path, coder: Any, enricher: Any, path: str,
                                                          kind: str) -> None:
    app = create_app(hostile_db, coder=coder, enricher=enricher, max_body_bytes=4096)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as client:
            # Declared length over the limit; the same without a length (chunked); just under the limit.
            assert "4,096 bytes" in assert_error_shape(await client.post(path, **_body(kind, 10_000)), 413)
            request = client.build_request("POST", path, **_body(kind, 10_000))
            raw = request.read()

            async def chunks() -> AsyncIterator[bytes]:
                for i in range(0, len(raw), 1000):
                    yield raw[i:i + 1000]

            chunked = client.build_request("POST", path, content=chunks(),
                                           headers={"content-type": request.headers["content-type"]})
            response = await client.send(chunked)
            assert "content-length" not in chunked.headers
            assert "4,096 bytes" in assert_error_shape(response, 413)
            small = await client.post(path, **_body(kind, 3000))
            assert small.status_code != 413
    finally:
        app.state.dyad.pool.close()


CROSS_SITE = [({"origin": "http://evil.example"}, 403), ({"origin": "null"}, 403),
              ({"origin": "http://127.0.0.1.evil.example"}, 403), ({"sec-fetch-site": "cross-site"}, 403),
              ({"sec-fetch-site": "same-site"}, 403), ({"referer": "http://evil.example/page"}, 403),
              ({"origin": BASE, "sec-fetch-site": "same-origin"}, 200), ({"sec-fetch-site": "none"}, 200),
              ({"referer": BASE + "/"}, 200), ({}, 200)]


@pytest.mark.anyio
@pytest.mark.parametrize(("path", "kind"), POSTS)
@pytest.mark.parametrize(("headers", "status"), CROSS_SITE, ids=[json.dumps(h) for h, _ in CROSS_SITE])
async def test_web_security_cross_site_posts_are_refused(client: httpx.AsyncClient, path: str, kind: str,
                                                         headers: dict[str, str], status: int) -> None:
    body = _body(kind, 20)
    response = await client.post(path, **{**body, "headers": {**body.get("headers", {}), **headers}})
    if status == 403:
        assert "cross-" in assert_error_shape(response, 403)
    else:
        assert response.status_code == 200, response.text


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                                  "application/xml", "", "application/jsonx"])
async def test_web_security_json_endpoint_takes_only_json(client: httpx.AsyncClient, kind: str) -> None:
    headers = {"content-type": kind} if kind else {}
    response = await client.post("/api/analyse", content=b'{"text": "Iraq met Iran."}', headers=headers)
    assert "Content-Type: application/json" in assert_error_shape(response, 415)


# -- static files and paths: no way out of the package ------------------------------------------------------------

TRAVERSAL = ["/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
             "/static/%2E%2E/%2E%2E/web/app.py", "/static/%252e%252e/%252e%252e/etc/passwd",
             "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/..%5c..%5capp.py", "/static//etc/passwd",
             "/static/%2fetc%2fpasswd", "/static/js/../../app.py", "/static/js/common.js%00.png",
             "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/static/swagger-ui/../../../../../etc/passwd",
             "/static/swagger-ui/index.html", "/static/swagger-ui/oauth2-redirect.html",
             "/static/swagger-ui/swagger-initializer.js", "/static/swagger-ui/index.j2",
             "/static/swagger-ui/swagger-ui.js.map", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
             "/api/../../etc/passwd", "/static/world/..%2f..%2f..%2fstore.py", "/static/" + "a" * 4000]


def _raw_get(base: str, path: str) -> tuple[int, dict[str, str], bytes]:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def test_web_security_static_paths_stay_in_the_package(hostile_app: Any, live_server: Callable[[Any], str]) -> None:
    base = live_server(hostile_app)  # a real server: paths reach the app exactly as sent, dots and escapes kept
    for path in TRAVERSAL:
        status, headers, body = _raw_get(base, path)
        assert status == 404, (path, status, body[:200])
        assert headers["content-type"] == "application/json" and json.loads(body)["error"]["status"] == 404
        assert b"root:" not in body and b"import " not in body
    for asset in ("/static/js/common.js", "/static/css/dyad.css", "/static/swagger-ui/swagger-ui-bundle.js",
                  "/static/swagger-ui/swagger-ui.css", "/static/world/countries-110m.geojson"):
        status, headers, _ = _raw_get(base, asset)
        assert status == 200 and headers["x-content-type-options"] == "nosniff", asset
    # A NUL in the request line never reaches the app: the HTTP server refuses it.
    status, _, _ = _raw_get(base, "/static/\x00")
    assert status == 400


# -- the analyser under a burst: bounded waiting, the rest of the API unaffected -----------------------------------


def test_web_security_analyse_requests_beyond_the_queue_get_503(hostile_db: Path, coder: Any,
                                                                enricher: Any) -> None:
    app = create_app(hostile_db, coder=coder, enricher=enricher, max_waiting=0)
    with TestClient(app, base_url=BASE) as client:
        with app.state.dyad.engine.use():  # a text being analysed, none may wait
            busy = client.post("/api/analyse", json={"text": "Iraq met Iran."})
            assert client.get("/api/events?limit=1").status_code == 200  # the corpus views are unaffected
        assert "try again in a few seconds" in assert_error_shape(busy, 503)
        assert client.post("/api/analyse", json={"text": "Iraq met Iran."}).status_code == 200


# -- a storm of bad requests against `dyad serve` -----------------------------------------------------------------


@pytest.mark.slow
def test_web_security_server_keeps_answering_during_a_bad_request_storm(web_db: Path, tmp_path: Path) -> None:
    with web_storm.dyad_serve(web_db, tmp_path / "server.log") as base:
        # Not waiting for the model: it loads in the server's background during the storm, as after a real start.
        report = web_storm.storm(base, seconds=10, bad_clients=50, good_clients=5, calm_seconds=2, warm_up=False)
    storm = report.phase("storm")
    for phase in report.phases:
        print(f"{phase.name}: good {phase.good} ({phase.good_success_rate:.1%}), p50 {phase.quantile(0.5):.3f} s, "
              f"p95 {phase.quantile(0.95):.3f} s; bad {phase.bad} {dict(phase.bad_statuses)}")
    assert storm.bad >= 200 and len(storm.by_kind) >= 10  # the storm ran, every kind of bad request in it
    for kind, statuses in storm.by_kind.items():
        for status, count in statuses.items():
            if kind == "analyse flood":  # coded, or refused at once while the pipeline is busy
                assert status in ("200", "503"), (kind, status, count)
            elif status.isdigit():
                assert 400 <= int(status) < 500 or (kind, status) == ("injection through a filter", "200"), \
                    (kind, status, count)
            else:  # no answer: only where the server may close the connection instead (body refused mid-way)
                assert kind in ("body over the size limit", "bytes that are not HTTP"), (kind, status, count)
    assert storm.server_errors == 0
    assert storm.good >= 20 and storm.good_success_rate == 1.0, dict(storm.good_failures)
    assert storm.quantile(0.95) < 15.0  # generous: CI shares its cores; bench/web_storm.py records the figures
    assert report.phase("recovery").good_success_rate == 1.0
    assert report.counts_before == report.counts_after
