"""ASGI middleware that every response passes through: a request-size limit, a cross-site POST guard, a Host
check and security headers. Each refusal is answered in the API's one error shape."""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# Scripts, styles, images and fetches from this server only; no plugins, no framing, no foreign form targets.
# Swagger UI (the /docs page) sets element styles from script, which the CSSOM allows under this policy.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
)


async def send_error(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": {"status": status, "message": message}}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


class BodySizeLimit:
    """Refuse request bodies over `max_bytes` with 413.

    A declared Content-Length is checked up front. A body without one (chunked) is read here first, up to the
    limit, and replayed to the app: a framework reading it would turn an error raised mid-read into its own 400.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body over the limit of {self.max_bytes:,} bytes; send a shorter text or file"
        length = _header(scope, b"content-length")
        if length is not None:
            if not length.isdigit():
                await send_error(send, 400, f"bad Content-Length {length!r}")
                return
            if int(length) > self.max_bytes:
                await send_error(send, 413, message)
                return
            await self.app(scope, receive, send)
            return
        if _header(scope, b"transfer-encoding") is None:
            await self.app(scope, receive, send)
            return
        chunks: list[Message] = []
        received = 0
        while True:
            event = await receive()
            chunks.append(event)
            if event["type"] != "http.request":
                break
            received += len(event.get("body", b""))
            if received > self.max_bytes:
                await send_error(send, 413, message)
                return
            if not event.get("more_body", False):
                break

        async def replay() -> Message:
            return chunks.pop(0) if chunks else await receive()

        await self.app(scope, replay, send)


class CrossSiteGuard:
    """Refuse state-changing requests sent from another site (CSRF).

    Browsers send `Sec-Fetch-Site` and `Origin` with a POST; a request whose Sec-Fetch-Site is neither
    same-origin nor none (typed by the user), or whose Origin is not this server's own, is refused with 403.
    Without an Origin, a Referer from another site is refused too (older browsers send only that). Clients that
    send none of them (curl, scripts) are not browsers acting for someone else and pass.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        fetch_site = _header(scope, b"sec-fetch-site")
        if fetch_site is not None and fetch_site not in ("same-origin", "none"):
            await send_error(send, 403, f"cross-site request refused (Sec-Fetch-Site: {fetch_site}); "
                                        "use the page served by this server")
            return
        origin = _header(scope, b"origin")
        host = _header(scope, b"host")
        if origin is not None and (origin == "null" or urlsplit(origin).netloc != host):
            await send_error(send, 403, f"cross-origin request refused (Origin {origin} is not this server)")
            return
        referer = _header(scope, b"referer")
        if origin is None and referer is not None and urlsplit(referer).netloc != host:
            await send_error(send, 403, f"cross-site request refused (Referer {referer} is not this server)")
            return
        await self.app(scope, receive, send)


class HostCheck:
    """Answer only requests addressed to an allowed host name, so a DNS-rebinding page cannot reach a
    loopback server through a name it controls. `*` allows any host."""

    def __init__(self, app: ASGIApp, *, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = {h.lower().strip("[]") for h in allowed}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "*" in self.allowed:
            await self.app(scope, receive, send)
            return
        host = (_header(scope, b"host") or "").lower()
        name = urlsplit(f"//{host}").hostname or ""
        if name not in self.allowed:
            await send_error(send, 400, f"unknown host {host!r}; open the address `dyad serve` printed")
            return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Add the security headers (CSP and friends) to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(event: Message) -> None:
            if event["type"] == "http.response.start":
                present = {k for k, _ in event.get("headers", ())}
                event = {**event, "headers": [*event.get("headers", ()),
                                              *(h for h in SECURITY_HEADERS if h[0] not in present)]}
            await send(event)

        await self.app(scope, receive, with_headers)
