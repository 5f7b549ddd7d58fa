"""`dyad serve`: the web app (pages and JSON API) over an event store, registered on dyad's app."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from dyad.errors import DyadError

DEFAULT_DB = Path("dyad.duckdb")


def _fail(message: str) -> NoReturn:
    # Imported at call time: dyad.cli imports this module to register the command.
    from dyad.cli import fail

    fail(message)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_command(
    db: Annotated[Path | None, typer.Option("--db", envvar="DYAD_DB", show_default=False,
                                            help="The event store (a DuckDB file), opened read-only "
                                                 "[default: dyad.duckdb if it exists; else the Analyse page only].")]
    = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; loopback by default. Any other "
                                                     "address exposes the server to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web app: analyse a text, browse the store's events, timelines, influence, network and map."""
    import uvicorn

    from dyad.web import create_app
    from dyad.web.security import LOOPBACK_HOSTS

    if not 0 < port < 65536:
        _fail(f"--port must be between 1 and 65535, got {port}")
    if db is None:
        db = DEFAULT_DB if DEFAULT_DB.is_file() else None
    elif not db.is_file():
        _fail(f"{db}: no such database; create it with `dyad ingest FILES --db {db}`")
    from dyad.cli import stderr

    if is_loopback(host):
        allowed: tuple[str, ...] = LOOPBACK_HOSTS
    else:
        # Bound to a public address on purpose: answer whatever name the network uses for this machine.
        allowed = ("*",)
        stderr.print(f"warning: listening on {host}, not loopback: anyone who can reach this address can use the "
                     "server", markup=False, soft_wrap=True)
    try:
        app = create_app(db, allowed_hosts=allowed, warm=True)
    except DyadError as e:
        _fail(str(e))
    shown = f"[{host}]" if ":" in host else host
    stderr.print(f"dyad: serving {db or 'no database (Analyse page only)'} at http://{shown}:{port}/ "
                 "(Ctrl-C stops)", markup=False, soft_wrap=True, highlight=False)
    uvicorn.run(app, host=host, port=port, log_level=os.environ.get("DYAD_LOG_LEVEL", "warning"),
                server_header=False)


def register(app: typer.Typer) -> None:
    """Add `serve` to `app`; calling it again (tests, re-imports) adds nothing."""
    if "serve" not in {info.name for info in app.registered_commands}:
        app.command("serve")(serve_command)
