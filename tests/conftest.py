"""Shared fixtures: one real coder (real spaCy model, real dictionaries) for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad import Coder, CoderSettings

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
