"""dyad.corpus filters and dyad.annotate offsets, without the web app (which tests/test_web_api.py covers)."""

from __future__ import annotations

from datetime import date as Date
from pathlib import Path

import pytest

from dyad.annotate import highlights, sentence_starts, with_offsets
from dyad.corpus import EventFilter, get_document, list_events
from dyad.errors import InputError, NotFoundError
from dyad.store import open_store


def test_annotate_sentence_starts_finds_repeated_sentences_in_order() -> None:
    text = "Fighting continues. Iraq attacked Iran. Fighting continues."
    starts = sentence_starts(text, {2: "Fighting continues.", 0: "Fighting continues.", 1: "Iraq attacked Iran."})
    assert starts == {0: 0, 1: 20, 2: 40}


def test_annotate_highlights_skip_events_whose_sentence_is_missing() -> None:
    text = "Iraq attacked Iran."
    event = {"sentence_index": 0, "source": "IRQ", "target": "IRN", "code": "190", "source_start": 0,
             "source_end": 4, "trigger_start": 5, "trigger_end": 13, "target_start": 14, "target_end": 18}
    lost = {**event, "sentence_index": 1}
    found = highlights(text, with_offsets([event, lost], sentence_starts(text, {0: text, 1: "Not in the text."})))
    assert [(h.role, h.text, h.code, h.event) for h in found] == [
        ("source", "Iraq", "IRQ", 0), ("trigger", "attacked", "190", 0), ("target", "Iran", "IRN", 0)]


def test_corpus_filter_rejects_bad_values_naming_each_field() -> None:
    with pytest.raises(InputError) as error:
        EventFilter.parse(actors=("12",), code="1a", quad_classes=(0,))
    message = str(error.value)
    for fragment in ("actors: '12' is not a CAMEO actor code", "code: '1a' is not a CAMEO event code",
                     "quad_classes: quad class 0 does not exist"):
        assert fragment in message
    with pytest.raises(InputError, match="after end"):
        EventFilter.parse(start="2020-02-01", end="2020-01-01")
    with pytest.raises(InputError, match="sql: Extra inputs are not permitted"):
        EventFilter.parse(sql="SELECT 1")


def test_corpus_filter_binds_every_value_as_a_parameter() -> None:
    where = EventFilter.parse(start="2019-01-01", end="2019-12-31", actors=("irq", "USA"), code="19",
                              quad_classes=(4, 3))
    sql, params = where.where()
    assert params == [Date(2019, 1, 1), Date(2019, 12, 31), "IRQ", "IRQ", "USA", "USA", "19", 3, 4]
    assert sql.count("?") == len(params)
    for value in ("2019", "IRQ", "USA", "'19'"):
        assert value not in sql


def test_corpus_lists_and_finds_stored_events(web_db: Path) -> None:
    with open_store(web_db, read_only=True) as store:
        total, frame = list_events(store, EventFilter.parse(actors=("IRQ",)), limit=5)
        assert total >= len(frame) == 5
        assert frame["title"].notna().all()  # joined to its documents
        document = get_document(store, str(frame["doc_id"].iloc[0]))
        assert frame["event_id"].iloc[0] in {e["event_id"] for e in document.events}
        with pytest.raises(NotFoundError, match="no document 'd0'"):
            get_document(store, "d0")
        with pytest.raises(InputError, match="limit must be between 1 and 500"):
            list_events(store, EventFilter(), limit=0)


def test_corpus_map_reads_stored_locations_and_reparses_only_unenriched_events(web_db: Path, enricher,
                                                                                 tmp_path: Path) -> None:
    from dyad.corpus import locate_events, stored_locations

    with open_store(web_db, read_only=True) as store:
        _, rows = store.rows("SELECT event_id FROM events ORDER BY date DESC, event_id LIMIT 30")
        ids = [r[0] for r in rows]
        stored = stored_locations(store, ids)
        assert set(stored) == set(ids) and any(p is not None for p in stored.values())
        assert locate_events(store, enricher, ids) == stored
    with open_store(tmp_path / "copy.duckdb") as copy:
        copy.connection.execute(f"ATTACH '{web_db}' AS src (READ_ONLY)")
        for table in ("documents", "sentences", "events"):
            copy.connection.execute(f"INSERT INTO {table} SELECT * FROM src.{table}")
        copy.connection.execute("DETACH src")
        assert stored_locations(copy, ids) == {}  # ingested without enrichment: nothing stored
        # So the map falls back to locating from the text, and finds what ingest stored: same pipeline, same parse.
        assert locate_events(copy, enricher, ids) == stored
