"""The HTML pages: fixed shells whose scripts (in static/js) build the page from the JSON API.

No user text ever passes through here: the scripts put it into the page with `textContent`, so it is never
parsed as HTML.
"""

from __future__ import annotations

import html

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

# (path, script name, title, nav label): the nav lists them in this order.
PAGES = (
    ("/", "analyse", "Analyse a text", "Analyse"),
    ("/corpus", "corpus", "Events in the store", "Events"),
    ("/timeline", "timeline", "Dyad timeline", "Timeline"),
    ("/influence", "influence", "Influence on a target", "Influence"),
    ("/network", "network", "Actor network", "Network"),
    ("/map", "map", "Where events happened", "Map"),
)
SCRIPTS = ("common", "highlight", "charts")


def render(name: str, title: str) -> str:
    current = ' aria-current="page"'
    nav = "".join(f'<a href="{path}"{current if script == name else ""} data-keep-filter>{label}</a>'
                  for path, script, _, label in PAGES)
    scripts = "".join(f'<script src="/static/js/{s}.js" defer></script>' for s in (*SCRIPTS, name))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · dyad</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/css/dyad.css">{scripts}</head>
<body data-page="{name}">
<header class="top"><a class="brand" href="/">dyad</a><nav>{nav}<a href="/docs">API</a></nav></header>
<main><h1 id="title">{html.escape(title)}</h1><div id="app"></div></main>
<div id="tip" role="tooltip" hidden></div>
</body></html>
"""


def _page(name: str, title: str) -> HTMLResponse:
    return HTMLResponse(render(name, title))


def _register(path: str, name: str, title: str) -> None:
    async def page() -> HTMLResponse:
        return _page(name, title)

    page.__name__ = f"page_{name}"
    router.get(path, response_class=HTMLResponse)(page)


for _path, _name, _title, _ in PAGES:
    _register(_path, _name, _title)


@router.get("/events/{event_id}", response_class=HTMLResponse)
async def event_page(event_id: str) -> HTMLResponse:
    return _page("event", "Event")


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
async def document_page(doc_id: str) -> HTMLResponse:
    return _page("document", "Document")


DOCS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>dyad API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css">
<script src="/static/swagger-ui/swagger-ui-bundle.js" defer></script>
<script src="/static/js/docs.js" defer></script></head>
<body><div id="swagger-ui"></div></body></html>
"""


@router.get("/docs", response_class=HTMLResponse)
async def docs_page() -> HTMLResponse:
    """Swagger UI over /openapi.json, served from the package (no CDN)."""
    return HTMLResponse(DOCS)
