"""Browsing the event store: filtered event lists, one event or document with its evidence, the actor network
and where events happened.

Every function takes an `EventFilter` (validated; never SQL text) and builds parameterised SQL from it, so a
caller such as the web app can pass user input straight through. Aggregates leave out negated and hypothetical
events unless the filter asks for them, like `dyad.analysis`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import date as Date
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dyad.annotate import Highlight, highlights, sentence_starts, with_offsets
from dyad.errors import DyadError, InputError, NotFoundError
from dyad.models import CodedDocument, Document, Event
from dyad.store import EventStore

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from dyad.enrich import Enricher

logger = logging.getLogger(__name__)

ActorLevel = Literal["country", "actor"]
MAX_PAGE = 500
LIST_COLUMNS = ("event_id", "doc_id", "date", "sentence_index", "source", "source_text", "target", "target_text",
                "code", "name", "root", "quad_class", "goldstein", "trigger_text", "confidence", "negated",
                "hypothetical", "attributed", "title", "news_source", "url")
EVENT_FIELDS = tuple(f for f in Event.__dataclass_fields__ if f != "sentence")
# Actor granularity for the network: fixed SQL expressions chosen by name, never built from input.
LEVEL_SQL: dict[str, tuple[str, str]] = {"country": ("substr(e.source, 1, 3)", "substr(e.target, 1, 3)"),
                                         "actor": ("e.source", "e.target")}


class EventFilter(BaseModel):
    """Which events a view shows. Actor and code filters match by prefix (USA covers USAGOV; 19 covers 190-196)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: Date | None = Field(default=None, title="first day, inclusive (YYYY-MM-DD)")
    end: Date | None = Field(default=None, title="last day, inclusive (YYYY-MM-DD)")
    actors: tuple[str, ...] = Field(default=(), title="actor codes; an event matches if its source or target "
                                                      "starts with one of them")
    code: str | None = Field(default=None, title="CAMEO event code prefix, 2 to 4 digits")
    quad_classes: tuple[int, ...] = Field(default=(), title="quad classes 1-4 (verbal/material cooperation, "
                                                            "verbal/material conflict)")
    include_flagged: bool = Field(default=False, title="also count negated and hypothetical events")

    @field_validator("actors")
    @classmethod
    def _actor_codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        codes = tuple(dict.fromkeys(a.strip().upper() for a in value if a.strip()))
        for code in codes:
            if not (3 <= len(code) <= 30 and all(c.isalpha() or c == "-" for c in code) and code.isascii()):
                raise ValueError(f"{code!r} is not a CAMEO actor code; expected letters, e.g. USA or IRQGOV")
        if len(codes) > 20:
            raise ValueError(f"{len(codes)} actors given; at most 20")
        return codes

    @field_validator("code")
    @classmethod
    def _event_code(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not (value.isascii() and value.isdigit() and 2 <= len(value) <= 4):
            raise ValueError(f"{value!r} is not a CAMEO event code; expected 2 to 4 digits, e.g. 19 or 190")
        return value

    @field_validator("quad_classes")
    @classmethod
    def _quads(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        for quad in value:
            if quad not in (1, 2, 3, 4):
                raise ValueError(f"quad class {quad} does not exist; choose 1, 2, 3 or 4")
        return tuple(sorted(set(value)))

    @model_validator(mode="after")
    def _ordered(self) -> EventFilter:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        return self

    @classmethod
    def parse(cls, **values: Any) -> EventFilter:
        """Build a filter, turning validation errors into one InputError that names each bad field."""
        try:
            return cls(**values)
        except ValidationError as e:
            raise InputError(validation_message(e)) from e

    def where(self, alias: str = "e") -> tuple[str, list[Any]]:
        """The SQL condition for this filter over the events table aliased `alias`, and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if not self.include_flagged:
            clauses.append(f"NOT {alias}.negated AND NOT {alias}.hypothetical")
        if self.start is not None:
            clauses.append(f"{alias}.date >= ?")
            params.append(self.start)
        if self.end is not None:
            clauses.append(f"{alias}.date <= ?")
            params.append(self.end)
        if self.actors:
            clauses.append("(" + " OR ".join(f"starts_with({alias}.source, ?) OR starts_with({alias}.target, ?)"
                                             for _ in self.actors) + ")")
            for code in self.actors:
                params.extend([code, code])
        if self.code is not None:
            clauses.append(f"starts_with({alias}.code, ?)")
            params.append(self.code)
        if self.quad_classes:
            clauses.append(f"{alias}.quad_class IN ({', '.join('?' for _ in self.quad_classes)})")
            params.extend(self.quad_classes)
        return (" AND ".join(clauses) or "TRUE"), params


def validation_message(error: ValidationError) -> str:
    """One line naming each invalid field and why, from a pydantic error."""
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "value"
        message = str(item["msg"]).removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return "; ".join(parts)


# -- summaries and lists ----------------------------------------------------------------------------------


def summary(store: EventStore, *, top: int = 25) -> dict[str, Any]:
    """Row counts, the date range, events per quad class, and the most frequent actors and event codes."""
    counts = store.counts()
    _, span = store.rows("SELECT min(date), max(date) FROM events")
    _, quads = store.rows("SELECT quad_class, count(*) FROM events WHERE NOT negated AND NOT hypothetical "
                          "GROUP BY 1 ORDER BY 1")
    _, actors = store.rows(
        """SELECT code, count(*) AS n FROM (
               SELECT source AS code FROM events WHERE NOT negated AND NOT hypothetical
               UNION ALL SELECT target FROM events WHERE NOT negated AND NOT hypothetical)
           GROUP BY 1 ORDER BY n DESC, code LIMIT ?""", [top])
    _, codes = store.rows("SELECT code, any_value(name), count(*) AS n FROM events "
                          "WHERE NOT negated AND NOT hypothetical GROUP BY 1 ORDER BY n DESC, code LIMIT ?", [top])
    first, last = span[0] if span else (None, None)
    return {"counts": counts, "first_date": first, "last_date": last,
            "quad_classes": {int(q): int(n) for q, n in quads},
            "top_actors": [{"code": c, "events": int(n)} for c, n in actors],
            "top_codes": [{"code": c, "name": name, "events": int(n)} for c, name, n in codes]}


def list_events(store: EventStore, where: EventFilter, *, limit: int = 50, offset: int = 0) -> tuple[int, pd.DataFrame]:
    """The events matching `where`, newest first, one page of them; also the total that match."""
    if not 1 <= limit <= MAX_PAGE:
        raise InputError(f"limit must be between 1 and {MAX_PAGE}, got {limit}")
    if offset < 0:
        raise InputError(f"offset must be 0 or more, got {offset}")
    condition, params = where.where()
    _, total = store.rows(f"SELECT count(*) FROM events e WHERE {condition}", params)
    page = store.query(
        f"""SELECT e.event_id, e.doc_id, e.date, e.sentence_index, e.source, e.source_text, e.target, e.target_text,
                   e.code, e.name, e.root, e.quad_class, e.goldstein, e.trigger_text, e.confidence, e.negated,
                   e.hypothetical, e.attributed
            FROM events e WHERE {condition}
            ORDER BY e.date DESC NULLS LAST, e.event_id LIMIT ? OFFSET ?""", [*params, limit, offset])
    # The page's documents by key, in a second query: a join would read the whole documents table for 50 rows.
    documents = store.query("SELECT doc_id, title, source AS news_source, url FROM documents "
                            "WHERE list_contains(?, doc_id)", [sorted(set(page["doc_id"]))])
    frame = page.merge(documents, on="doc_id", how="left")
    return int(total[0][0]), frame[list(LIST_COLUMNS)]


def get_event(store: EventStore, event_id: str) -> dict[str, Any]:
    """One event with its sentence and its document's metadata; NotFoundError if the store has no such event."""
    # Three lookups by key: a join would scan the documents and sentences tables for one row each.
    columns, rows = store.rows(f"SELECT {', '.join(EVENT_FIELDS)} FROM events WHERE event_id = ?", [event_id])
    if not rows:
        raise NotFoundError(f"no event {event_id!r} in the store; event ids look like e0123456789abcdef")
    event = dict(zip(columns, rows[0], strict=True))
    _, sentence_rows = store.rows("SELECT text FROM sentences WHERE doc_id = ? AND sentence_index = ?",
                                  [event["doc_id"], event["sentence_index"]])
    doc_columns, doc_rows = store.rows("SELECT title, source AS news_source, url, date AS document_date, n_sentences, "
                                       "n_events FROM documents WHERE doc_id = ?", [event["doc_id"]])
    event.update(zip(doc_columns, doc_rows[0], strict=True))
    sentence = sentence_rows[0][0] if sentence_rows else ""
    event["sentence"] = sentence or None
    event["highlights"] = highlights(sentence, [{**event, "sentence_start": 0}]) if sentence else []
    return event


@dataclass
class StoredDocument:
    """A stored document with its events placed in its text."""

    doc_id: str
    date: Date | None
    title: str | None
    source: str | None
    url: str | None
    text: str
    n_sentences: int
    events: list[dict[str, Any]]
    highlights: list[Highlight]


def get_document(store: EventStore, doc_id: str) -> StoredDocument:
    """A document, its events (with `sentence_start` in the text) and their highlights."""
    columns, rows = store.rows("SELECT doc_id, date, title, source, url, text, n_sentences FROM documents "
                               "WHERE doc_id = ?", [doc_id])
    if not rows:
        raise NotFoundError(f"no document {doc_id!r} in the store; document ids look like d0123456789abcdef")
    doc = dict(zip(columns, rows[0], strict=True))
    _, sentence_rows = store.rows("SELECT sentence_index, text FROM sentences WHERE doc_id = ? ORDER BY 1", [doc_id])
    event_columns, event_rows = store.rows(
        f"SELECT {', '.join(EVENT_FIELDS)} FROM events WHERE doc_id = ? ORDER BY sentence_index, trigger_start, "
        "event_id", [doc_id])
    starts = sentence_starts(doc["text"], dict(sentence_rows))
    events = with_offsets((dict(zip(event_columns, r, strict=True)) for r in event_rows), starts)
    return StoredDocument(doc_id=doc["doc_id"], date=doc["date"], title=doc["title"], source=doc["source"],
                          url=doc["url"], text=doc["text"], n_sentences=int(doc["n_sentences"]), events=events,
                          highlights=highlights(doc["text"], events))


# -- network ------------------------------------------------------------------------------------------------


def network(store: EventStore, where: EventFilter, *, level: ActorLevel = "country",
            limit: int = 60) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Directed actor-to-actor edges (the `limit` busiest) and their nodes.

    An edge counts events from source to target, split into cooperation (quad classes 1-2) and conflict (3-4),
    with the mean Goldstein value; a node sums its edges. At the country level, events inside one country
    (IRQGOV -> IRQMIL) are left out.
    """
    if level not in LEVEL_SQL:
        raise InputError(f"unknown level {level!r}; choose country or actor")
    if not 1 <= limit <= 500:
        raise InputError(f"limit must be between 1 and 500, got {limit}")
    source, target = LEVEL_SQL[level]
    condition, params = where.where()
    edges = store.query(
        f"""SELECT {source} AS source, {target} AS target, count(*) AS events,
                   count(*) FILTER (WHERE e.quad_class <= 2) AS cooperation,
                   count(*) FILTER (WHERE e.quad_class >= 3) AS conflict,
                   avg(e.goldstein) AS goldstein_mean
            FROM events e
            WHERE {condition} AND {source} <> {target}
            GROUP BY 1, 2 ORDER BY events DESC, source, target LIMIT ?""", [*params, limit])
    for column in ("events", "cooperation", "conflict"):
        edges[column] = edges[column].astype("int64")
    totals: dict[str, dict[str, Any]] = {}
    for row in edges.itertuples(index=False):
        for code, key in ((row.source, "out_events"), (row.target, "in_events")):
            node = totals.setdefault(code, {"code": code, "events": 0, "out_events": 0, "in_events": 0,
                                            "cooperation": 0, "conflict": 0})
            node["events"] += int(row.events)
            node[key] += int(row.events)
            node["cooperation"] += int(row.cooperation)
            node["conflict"] += int(row.conflict)
    nodes = pd.DataFrame(sorted(totals.values(), key=lambda n: (-n["events"], n["code"])),
                         columns=["code", "events", "out_events", "in_events", "cooperation", "conflict"])
    return nodes, edges


# -- locations ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapPoint:
    """Events located at one place."""

    name: str
    lat: float
    lon: float
    country: str
    precision: str
    events: int
    cooperation: int
    conflict: int
    goldstein_mean: float
    event_ids: list[str]  # up to 10, newest first


@dataclass
class EventMap:
    considered: int  # events taken (the newest `limit` that match)
    located: int
    matching: int  # events that match the filter in all
    points: list[MapPoint]


LocationCache = MutableMapping[str, dict[str, Any] | None]
Locator = Callable[[list[str]], Mapping[str, dict[str, Any] | None]]


def event_map(store: EventStore, where: EventFilter, locate: Locator, *, limit: int = 300) -> EventMap:
    """Where the newest `limit` matching events happened, grouped by place.

    `locate` maps event ids to places (or None): `stored_locations`, then `locate_events` with an enricher for
    events ingested without enrichment, usually behind a cache since that costs a parse per document.
    """
    if not 1 <= limit <= 2000:
        raise InputError(f"limit must be between 1 and 2000, got {limit}")
    condition, params = where.where()
    _, total = store.rows(f"SELECT count(*) FROM events e WHERE {condition}", params)
    _, picked = store.rows(f"SELECT e.event_id, e.quad_class, e.goldstein FROM events e WHERE {condition} "
                           "ORDER BY e.date DESC NULLS LAST, e.event_id LIMIT ?", [*params, limit])
    locations = locate([row[0] for row in picked])
    points: dict[tuple[str, float, float], dict[str, Any]] = {}
    located = 0
    for event_id, quad, goldstein in picked:
        place = locations.get(event_id)
        if not place or place.get("lat") is None or place.get("lon") is None:
            continue
        located += 1
        key = (str(place["name"]), round(float(place["lat"]), 3), round(float(place["lon"]), 3))
        point = points.setdefault(key, {"name": key[0], "lat": key[1], "lon": key[2],
                                        "country": place.get("country") or "", "precision": place.get("precision")
                                        or "", "events": 0, "cooperation": 0, "conflict": 0, "goldstein": 0.0,
                                        "event_ids": []})
        point["events"] += 1
        point["cooperation" if quad <= 2 else "conflict"] += 1
        point["goldstein"] += float(goldstein)
        if len(point["event_ids"]) < 10:
            point["event_ids"].append(event_id)
    result = [MapPoint(name=p["name"], lat=p["lat"], lon=p["lon"], country=p["country"], precision=p["precision"],
                       events=p["events"], cooperation=p["cooperation"], conflict=p["conflict"],
                       goldstein_mean=p["goldstein"] / p["events"], event_ids=p["event_ids"])
              for p in sorted(points.values(), key=lambda p: (-p["events"], p["name"]))]
    return EventMap(considered=len(picked), located=located, matching=int(total[0][0]), points=result)


def stored_locations(store: EventStore, event_ids: Sequence[str]) -> dict[str, dict[str, Any] | None]:
    """The locations `dyad ingest` stored in `event_enrichment`, for the events that have a row there.

    An event with a row but no place maps to None (it was looked for and not found); an event without a row
    (ingested with `--no-enrich`) is left out, for the caller to locate from the text.
    """
    if not event_ids:
        return {}
    _, rows = store.rows(
        """SELECT event_id, location_name, location_lat, location_lon, location_country, location_precision,
                  location_basis
           FROM event_enrichment WHERE list_contains(?, event_id)""", [list(dict.fromkeys(event_ids))])
    return {event_id: _place({"name": name, "lat": lat, "lon": lon, "country": country, "precision": precision,
                              "basis": basis} if name is not None else None)
            for event_id, name, lat, lon, country, precision, basis in rows}


def locate_events(store: EventStore, enricher: Enricher, event_ids: Sequence[str], *,
                  cache: LocationCache | None = None) -> dict[str, dict[str, Any] | None]:
    """Each event's location (a place record with name, lat, lon, country, precision) or None if none is found.

    Events ingested with enrichment take their stored location (`stored_locations`). For the others the
    document is parsed again and the geocoder picks the place tied to the trigger (else the dateline), as
    `dyad code` with enrichment does. Events are grouped by document so that a document is parsed once however
    many of its events are asked for; ids already in `cache` are not located again, new ones are added to it.
    """
    cache = {} if cache is None else cache
    missing = [i for i in dict.fromkeys(event_ids) if i not in cache]
    stored = stored_locations(store, missing)
    cache.update(stored)
    missing = [i for i in missing if i not in stored]
    if missing:
        columns, rows = store.rows(
            f"""SELECT {", ".join("e." + f for f in EVENT_FIELDS)}, s.text AS sentence, d.text AS document_text,
                       d.date AS document_date, d.source AS news_source, d.url, d.title, d.n_sentences
                FROM events e JOIN documents d USING (doc_id)
                JOIN sentences s ON s.doc_id = e.doc_id AND s.sentence_index = e.sentence_index
                WHERE list_contains(?, e.event_id)
                ORDER BY e.doc_id, e.sentence_index, e.event_id""", [missing])
        by_doc: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            record = dict(zip(columns, row, strict=True))
            by_doc.setdefault(record["doc_id"], []).append(record)
        groups = list(by_doc.values())
        # One batched parse for all the documents: spaCy's pipe is several times faster than a parse per text.
        parsed = enricher.coder.nlp.pipe(g[0]["document_text"] for g in groups)
        for records, doc in zip(groups, parsed, strict=True):
            for event_id, place in _locate_document(enricher, records, doc).items():
                cache[event_id] = place
        for event_id in missing:
            cache.setdefault(event_id, None)
    return {i: cache.get(i) for i in event_ids}


def _locate_document(enricher: Enricher, records: list[dict[str, Any]],
                     doc: Doc) -> dict[str, dict[str, Any] | None]:
    first = records[0]
    document = Document(text=first["document_text"], id=first["doc_id"], date=first["document_date"],
                        source=first["news_source"], url=first["url"], title=first["title"])
    events = [Event(**{f: _event_value(f, r[f]) for f in EVENT_FIELDS}, sentence=r["sentence"]) for r in records]
    coded = CodedDocument(document=document, events=events, n_sentences=int(first["n_sentences"]))
    try:
        rows = enricher.enrich_events(coded, doc)
    except DyadError as e:
        # A document the current pipeline splits differently from the one that coded it: its events stay
        # unlocated (counted as such on the map) and the rest of the map is drawn.
        logger.warning("%s: cannot locate its events (%s)", document.id, e)
        return {r["event_id"]: None for r in records}
    return {row["event_id"]: _place(row.get("location")) for row in rows}


def _event_value(name: str, value: Any) -> Any:
    if name == "date":
        return value.isoformat() if value is not None else None
    if name == "goldstein" or name == "confidence":
        return float(value)
    return value


def _place(location: dict[str, Any] | None) -> dict[str, Any] | None:
    if not location:
        return None
    lat, lon = location.get("lat"), location.get("lon")
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    return {"name": location.get("name"), "lat": float(lat), "lon": float(lon), "country": location.get("country"),
            "precision": location.get("precision"), "basis": location.get("basis")}
