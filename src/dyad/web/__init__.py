"""The web app: pages and a JSON API over the library (see docs/web.md)."""

from __future__ import annotations

from dyad.web.app import create_app

__all__ = ["create_app"]
