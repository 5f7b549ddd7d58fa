"""The web app in a real browser: Debian's Chromium driven by Playwright against uvicorn on a loopback port.

Each test checks what a reader sees — highlights with their event attributes, charts with data, the map's
countries and markers — and saves a screenshot under tests/artifacts/web/ (the path is printed).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from dyad.web import create_app

if TYPE_CHECKING:
    from conftest import Watched

ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "web"
COOP, CONF = "#0072B2", "#D55E00"
HOSTILE = ('<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> '
           "Iraqi forces attacked Islamic State fighters near Mosul. Iran's foreign minister met the Iraqi "
           "prime minister in Baghdad.")


@pytest.fixture(scope="module")
def server(web_db: Path, coder: Any, enricher: Any, live_server: Callable[[Any], str]) -> str:
    return live_server(create_app(web_db, coder=coder, enricher=enricher))


@pytest.fixture
def page(new_page: Callable[..., Watched], server: str) -> Watched:
    return new_page(server)


def shot(page: Watched, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def test_web_browser_analyse_highlights_and_inert_markup(page: Watched, server: str) -> None:
    p = page.page
    p.goto(server + "/")
    p.fill("#text", HOSTILE)
    p.click("#analyse")
    p.wait_for_selector("#annotated mark.hl", timeout=60_000)
    triggers = p.locator('#annotated mark.hl[data-role="trigger"]')
    assert triggers.count() >= 2
    codes = {triggers.nth(i).get_attribute("data-code") for i in range(triggers.count())}
    assert "190" in codes and "040" in codes
    table_codes = set(p.locator("#events tbody tr").evaluate_all("rows => rows.map(r => r.dataset.code)"))
    assert codes <= table_codes
    assert p.locator('#annotated mark.hl[data-role="source"]').count() >= 2
    assert p.locator('#annotated mark.hl[data-role="target"]').count() >= 2
    attack = p.locator('#annotated mark.hl[data-role="trigger"][data-code="190"]')
    assert attack.inner_text() == "attacked"
    attack.hover()
    tip = p.locator("#tip")
    tip.wait_for(state="visible")
    for expected in ("190", "Goldstein -10", "confidence", "flags", "Mosul"):
        assert expected in tip.inner_text()
    attack.click()
    assert p.locator("#events tbody tr.selected").get_attribute("data-code") == "190"
    # The pasted markup is shown as text: no element was made from it and no script ran.
    annotated = p.locator("#annotated")
    assert annotated.locator("script, img").count() == 0
    assert "<script>window.__pwned = 1</script>" in (annotated.text_content() or "")
    assert p.evaluate("window.__pwned") is None
    assert p.locator("#framing").is_visible() and p.locator("#claims").is_visible()
    shot(page, "analyse")
    page.check()


def test_web_browser_events_link_to_sentence_and_document(page: Watched, server: str) -> None:
    p = page.page
    p.goto(server + "/corpus?actors=IRQ")
    p.wait_for_selector("#events tbody tr")
    assert p.locator("#events tbody tr").count() > 5
    assert p.input_value('input[name="actors"]') == "IRQ"
    shot(page, "corpus")
    p.locator("#events tbody tr a", has_text="event").first.click()
    p.wait_for_selector("#annotated mark.hl")
    assert p.locator('#annotated mark.hl[data-role="trigger"]').count() == 1
    shot(page, "event")
    p.click("#doc-link")
    p.wait_for_selector("#annotated mark.hl")
    assert p.url.startswith(server + "/documents/")
    assert p.locator('#annotated mark.hl[data-role="trigger"]').count() >= 1
    assert p.locator("#events tbody tr").count() >= 1
    shot(page, "document")
    page.check()


def test_web_browser_timeline_and_influence_charts(page: Watched, server: str) -> None:
    p = page.page
    p.goto(server + "/timeline?source=USA&target=IRQ&by=year")
    p.wait_for_selector('svg[data-chart="timeline"] rect.bar')
    values = p.locator('svg[data-chart="timeline"] rect.bar').evaluate_all("bars => bars.map(b => +b.dataset.value)")
    assert len(values) >= 3 and all(v > 0 for v in values)
    assert p.locator('svg[data-chart="timeline"] g.series').count() == 4
    shot(page, "timeline")

    p.goto(server + "/influence?target=IRQ&actors=USA,IRN&by=year&boot=200")
    p.wait_for_selector('svg[data-chart="influence"] path.series-line')
    chart = p.locator('svg[data-chart="influence"]')
    assert chart.locator("g.series").count() == 2
    assert chart.locator("polygon.band").count() >= 1
    points = chart.locator("circle").evaluate_all("cs => cs.map(c => +c.dataset.value)")
    assert len(points) >= 4 and all(-1 <= v <= 1 for v in points)
    shot(page, "influence")
    page.check()


def test_web_browser_network_colours_edges(page: Watched, server: str) -> None:
    p = page.page
    p.goto(server + "/network?actors=IRQ")
    p.wait_for_selector('svg[data-chart="network"] path.edge')
    chart = p.locator('svg[data-chart="network"]')
    assert chart.locator("g.node").count() >= 3
    strokes = set(chart.locator("path.edge").evaluate_all("es => es.map(e => e.getAttribute('stroke'))"))
    assert strokes <= {COOP, CONF} and strokes
    widths = chart.locator("path.edge").evaluate_all("es => es.map(e => +e.getAttribute('stroke-width'))")
    assert max(widths) > min(widths)  # weighted by volume
    shot(page, "network")
    page.check()


def test_web_browser_map_draws_countries_and_markers(page: Watched, server: str) -> None:
    p = page.page
    p.goto(server + "/map?actors=IRQ&limit=60")
    p.wait_for_selector('svg[data-chart="map"] circle.marker', timeout=60_000)
    chart = p.locator('svg[data-chart="map"]')
    assert chart.locator("path.country").count() > 150
    assert chart.locator('path.country[data-iso="IRQ"]').count() == 1
    assert chart.locator("circle.marker").count() >= 1
    assert "located" in p.inner_text("#map-summary")
    chart.locator("circle.marker").first.click(force=True)
    p.wait_for_selector("#place-events #events tbody tr, #place-events table tbody tr")
    shot(page, "map")
    page.check()


def test_web_browser_docs_page_works_offline(page: Watched, server: str) -> None:
    p = page.page
    p.goto(server + "/docs")
    p.wait_for_selector(".opblock", timeout=30_000)
    assert p.locator(".opblock").count() == 11
    assert "/api/analyse" in p.inner_text("#swagger-ui")
    shot(page, "docs")
    page.check()
