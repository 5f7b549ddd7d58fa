"""The web app: `create_app` builds a FastAPI application over one event store (opened read-only).

Pages are static HTML shells whose scripts fetch the JSON API; the API calls the same library functions as the
CLI (`dyad.annotate`, `dyad.corpus`, `dyad.analysis`). Everything the browser loads — scripts, styles, the
world outline, Swagger UI for /docs — is served from the installed package, so the app works offline.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import swagger_ui_bundle
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from dyad.errors import DyadError, InputError, NotFoundError, StoreError
from dyad.store import EventStore, open_store
from dyad.web.security import LOOPBACK_HOSTS, BodySizeLimit, CrossSiteGuard, HostCheck, SecurityHeaders

if TYPE_CHECKING:
    from dyad.coding import Coder
    from dyad.enrich import Enricher

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
DEFAULT_POOL_SIZE = 4
DEFAULT_DB_THREADS = 1
# Requests that may wait for the one language pipeline, each in a worker thread (the server has 40).
DEFAULT_MAX_WAITING = 8
LOCATION_CACHE_SIZE = 50_000


# What /docs loads from the Swagger UI package. The package also holds a demo page (index.html, which loads the
# petstore example) and an OAuth redirect page; neither is part of this app, so neither is served.
SWAGGER_FILES = frozenset({"swagger-ui-bundle.js", "swagger-ui.css"})


class ListedFiles(StaticFiles):
    """Static files from a directory, only those named; any other path is 404."""

    def __init__(self, *, directory: str, names: frozenset[str]) -> None:
        super().__init__(directory=directory)
        self.names = names

    async def get_response(self, path: str, scope: Scope) -> Response:
        if path not in self.names:
            raise StarletteHTTPException(status_code=404)
        return await super().get_response(path, scope)


class StorePool:
    """Read-only connections to one store, lent to one request at a time.

    A DuckDB connection is not meant to be shared by threads at once, and FastAPI runs each request in a worker
    thread; the pool opens `size` connections (all to the same database in this process) and a request waits
    for a free one. `threads` caps DuckDB's threads per query: a server's parallelism comes from concurrent
    requests, and per-query threads on top of them only contend (bench/web_latency.py, 50 clients on 2 cores:
    one thread gave 1.2 to 3 times the throughput of DuckDB's default of one per core, endpoint by endpoint).
    """

    def __init__(self, path: Path, size: int, threads: int | None = DEFAULT_DB_THREADS) -> None:
        if size < 1:
            raise InputError(f"the connection pool needs at least 1 connection, got {size}")
        self.path = path
        self._free: queue.LifoQueue[EventStore] = queue.LifoQueue()
        self._all = [open_store(path, read_only=True) for _ in range(size)]
        if threads is not None:
            # A database-wide setting: every connection of this process to the file shares it.
            self._all[0].connection.execute(f"SET threads = {int(threads)}")
        for store in self._all:
            self._free.put(store)

    @contextmanager
    def store(self) -> Iterator[EventStore]:
        store = self._free.get()
        try:
            yield store
        finally:
            self._free.put(store)

    def close(self) -> None:
        for store in self._all:
            store.close()


class LocationCache(OrderedDict[str, dict[str, Any] | None]):
    """Event id -> location, the oldest entries dropped past `size` (locating costs a parse per document)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, key: str, value: dict[str, Any] | None) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


class Engine:
    """The coder and enricher, loaded on first use (or warmed in the background) and used by one request at
    a time: a spaCy pipeline is not meant for concurrent calls.

    A request waiting for its turn holds one of the server's worker threads, so at most `max_waiting` may
    wait; more get BusyError (503) at once. Without the bound, a burst of analyse requests (or of requests
    that fail only inside the pipeline) would take every worker thread and stall the corpus views too.
    """

    def __init__(self, coder: Coder | None = None, enricher: Enricher | None = None, *,
                 max_waiting: int = DEFAULT_MAX_WAITING) -> None:
        self._coder = coder
        self._enricher = enricher
        self._load_lock = threading.Lock()
        self.lock = threading.Lock()
        self.locations = LocationCache(LOCATION_CACHE_SIZE)
        self._cache_lock = threading.Lock()
        self.max_waiting = max_waiting
        self._queued = 0  # requests inside use(): the one being served and those waiting
        self._queue_lock = threading.Lock()

    def enricher(self) -> Enricher:
        with self._load_lock:
            if self._enricher is None:
                from dyad.coding import Coder
                from dyad.enrich import Enricher

                self._enricher = Enricher(self._coder or Coder())
            return self._enricher

    @contextmanager
    def use(self) -> Iterator[Enricher]:
        with self._queue_lock:
            if self._queued > self.max_waiting:
                raise BusyError(f"busy: {self._queued} analyses running or queued, the most this server takes; "
                                "try again in a few seconds")
            self._queued += 1
        try:
            enricher = self.enricher()
            with self.lock:
                yield enricher
        finally:
            with self._queue_lock:
                self._queued -= 1

    def locate(self, store: EventStore, event_ids: list[str]) -> dict[str, dict[str, Any] | None]:
        """Events' locations from the cache, then from the store's `event_enrichment`; the pipeline (and its
        lock) only for events ingested without enrichment and not seen before."""
        from dyad.corpus import locate_events, stored_locations

        with self._cache_lock:
            missing = [i for i in event_ids if i not in self.locations]
        stored = stored_locations(store, missing)
        missing = [i for i in missing if i not in stored]
        with self._cache_lock:
            self.locations.update(stored)
        if missing:
            with self.use() as enricher:
                found = locate_events(store, enricher, missing)
            with self._cache_lock:
                self.locations.update(found)
        with self._cache_lock:
            return {i: self.locations.get(i) for i in event_ids}

    def warm(self) -> None:
        """Load the model, dictionaries and gazetteer now (they take tens of seconds on first use)."""
        with self.use() as enricher:
            enricher.enrich_document("BAGHDAD — Iraq and Iran signed an agreement.")


class WebState:
    """What the routes share: the store pool (or None without a database) and the analysis engine."""

    def __init__(self, db_path: Path | None, pool_size: int, engine: Engine,
                 db_threads: int | None = DEFAULT_DB_THREADS) -> None:
        self.db_path = db_path
        self.pool = StorePool(db_path, pool_size, db_threads) if db_path is not None else None
        self.engine = engine
        self._summary: dict[str, Any] | None = None
        self._summary_lock = threading.Lock()

    def summary(self) -> dict[str, Any]:
        """The store's summary, computed once: while the server holds it read-only no process can write to it
        (DuckDB locks the file), so it cannot change."""
        from dyad.corpus import summary

        with self._summary_lock:
            if self._summary is None:
                with self.store() as store:
                    self._summary = summary(store)
            return self._summary

    @contextmanager
    def store(self) -> Iterator[EventStore]:
        if self.pool is None:
            raise NoStoreError("this server has no event store; start it with `dyad serve --db FILE` "
                               "(build one with `dyad ingest FILES --db FILE`)")
        with self.pool.store() as store:
            yield store


class NoStoreError(DyadError):
    """A corpus view was asked for, but the server was started without a database."""


class BusyError(DyadError):
    """Too many requests are waiting for the language pipeline; the client should try again shortly."""


def error_response(status: int, message: str) -> JSONResponse:
    """The API's one error shape: {"error": {"status": ..., "message": ...}}."""
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


STATUS_BY_ERROR: tuple[tuple[type[DyadError], int], ...] = (
    (NotFoundError, 404),
    (InputError, 400),
    (NoStoreError, 503),
    (BusyError, 503),
    (StoreError, 500),
)


def _status_of(error: DyadError) -> int:
    for kind, status in STATUS_BY_ERROR:
        if isinstance(error, kind):
            return status
    return 500


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DyadError)
    async def dyad_error(request: Request, exc: DyadError) -> JSONResponse:
        status = _status_of(exc)
        if isinstance(exc, BusyError):  # load, not a fault: one line per refusal would flood the log
            logger.info("%s %s: %s", request.method, request.url.path, exc)
        elif status >= 500:
            logger.error("%s %s: %s", request.method, request.url.path, exc)
        return error_response(status, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or endpoint: {request.url.path}; the API is listed at /docs"
        return error_response(exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for item in exc.errors():
            where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("body", "query", "path"))
            parts.append(f"{where or 'request'}: {item.get('msg', 'invalid')}")
        return error_response(422, "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The one place an unknown error is caught: it is logged with its traceback and answered in the
        # error shape, without internals, instead of a bare 500 page.
        logger.exception("%s %s failed", request.method, request.url.path)
        return error_response(500, "internal error; the server log has the details")


def create_app(db_path: Path | str | None, *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
               coder: Coder | None = None, enricher: Enricher | None = None,
               allowed_hosts: Sequence[str] = LOOPBACK_HOSTS, pool_size: int = DEFAULT_POOL_SIZE,
               db_threads: int | None = DEFAULT_DB_THREADS, warm: bool = False,
               max_waiting: int = DEFAULT_MAX_WAITING) -> FastAPI:
    """The web app over the store at `db_path` (opened read-only; None serves the Analyse page only).

    `coder` / `enricher` reuse a loaded pipeline (otherwise one loads on first use, or at start-up in the
    background with `warm`). Request bodies over `max_body_bytes` get 413; requests for a host name outside
    `allowed_hosts` get 400 (`"*"` allows any). `pool_size` read-only connections serve the corpus views, with
    `db_threads` DuckDB threads per query (None: DuckDB's default, one per core). At most `max_waiting` requests
    wait for the language pipeline (analyse, locating map events); more are answered 503 at once.
    """
    from dyad.web import api, pages

    if max_body_bytes < 1:
        raise InputError(f"max body size must be at least 1 byte, got {max_body_bytes}")
    path = Path(db_path) if db_path is not None else None
    if max_waiting < 0:
        raise InputError(f"max waiting requests must be 0 or more, got {max_waiting}")
    state = WebState(path, pool_size, Engine(coder, enricher, max_waiting=max_waiting), db_threads)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=state.engine.warm, name="dyad-warm", daemon=True).start()
        try:
            yield
        finally:
            if state.pool is not None:
                state.pool.close()

    app = FastAPI(title="dyad", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Political events coded from news text (CAMEO), and the event store behind them. "
                              "Every error is answered as `{\"error\": {\"status\": ..., \"message\": ...}}`.")
    app.state.dyad = state
    _install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static/swagger-ui", ListedFiles(directory=str(swagger_ui_bundle.swagger_ui_path), names=SWAGGER_FILES),
              name="swagger-ui")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Outermost first: the Host check and the size limit refuse a request before any route sees it.
    app.add_middleware(CrossSiteGuard)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    app.add_middleware(HostCheck, allowed=allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app


def _version() -> str:
    from dyad import __version__

    return __version__
