"""Shared fixtures: one real coder (real spaCy model, real dictionaries) for the whole session."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from dyad import Coder, CoderSettings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PETRARCH = SHARED / "reference" / "petrarch2"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def coder() -> Coder:
    return Coder(CoderSettings())


@pytest.fixture(scope="session")
def flagged_coder() -> Coder:
    return Coder(CoderSettings(keep_flagged=True))


WCEP_IRAQ_IRAN = SHARED / "corpora" / "wikipedia_current_events" / "wikipedia_current_events_iraq_iran.jsonl"
WEB_DB_ITEMS = 200


@pytest.fixture(scope="session")
def enricher(coder: Coder):  # -> dyad.enrich.Enricher; the gazetteer loads once for every test that needs it
    from dyad.enrich import Enricher

    return Enricher(coder)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, coder: Coder) -> Path:
    """A real store of 200 Iraq/Iran items spread evenly over the corpus's 2002-2026 span, for the web app."""
    from dyad.ingest import read_inputs
    from dyad.store import open_store

    lines = WCEP_IRAQ_IRAN.read_text(encoding="utf-8").splitlines()
    step = max(1, len(lines) // WEB_DB_ITEMS)
    folder = tmp_path_factory.mktemp("web")
    sample = folder / "iraq_iran_sample.jsonl"
    sample.write_text("\n".join(lines[::step][:WEB_DB_ITEMS]) + "\n", encoding="utf-8")
    db = folder / "web.duckdb"
    with open_store(db) as store:
        store.ingest(read_inputs([str(sample)]), coder)
    return db


# -- the web app in a real server and a real browser -------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server() -> Iterator[Callable[[Any], str]]:
    """Start an ASGI app under uvicorn on a free loopback port, in a thread: `live_server(app)` -> its base URL.
    Every server started stops at the end of the session."""
    import uvicorn

    running: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(app: Any) -> str:
        port = free_port()
        instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=instance.run, name=f"dyad-test-server-{port}", daemon=True)
        thread.start()
        running.append((instance, thread))
        deadline = time.monotonic() + 30
        while not instance.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{port}"

    yield start
    for instance, thread in running:
        instance.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium under Playwright (Playwright's own browser download is not used).

    While it is open, Playwright's sync API runs an event loop in this thread, so no test may start one
    (async tests, asyncio.run) until it is closed.
    """
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


class Watched:
    """A page that records every request it makes, every console error or script failure and every dialog."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        self.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def check(self) -> None:
        foreign = [u for u in self.requests if not u.startswith(self.base) and not u.startswith("data:")]
        assert not foreign, f"requests outside the server: {foreign}"
        assert not self.problems, self.problems


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Watched]]:
    """`new_page(base, **context_options)`: a watched page in a fresh browser context, closed after the test."""
    contexts = []

    def open_page(base: str, **options: Any) -> Watched:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        contexts.append(context)
        return Watched(context.new_page(), base)

    yield open_page
    for context in contexts:
        context.close()
