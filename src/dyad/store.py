"""The event store: coded documents in one embedded DuckDB file, written crash-safe and resumable.

Ingest reads documents, keys each by a hash of its content, codes the ones the store does not hold yet and
writes them in batches, one transaction per batch. Every row has a deterministic key (document, sentence,
event, actor entry, error) and is inserted only if absent, so a run killed at any moment loses only the
uncommitted batch, and running it again stores exactly what one uninterrupted run would have.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from dyad.errors import DyadError, StoreError
from dyad.ingest import BadItem
from dyad.models import Document, Event, document_id

if TYPE_CHECKING:
    import pandas as pd

    from dyad.coding import Coder
    from dyad.enrich import Claim, Enricher, FramingReport

logger = logging.getLogger(__name__)

DEFAULT_DB = Path("dyad.duckdb")
DEFAULT_BATCH_SIZE = 500

# Each migration is (number, name, statements). Append new ones; never edit one that has shipped, because
# databases in the field have recorded it as applied.
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "core tables", (
        """CREATE TABLE documents (
            doc_id VARCHAR PRIMARY KEY,
            external_id VARCHAR,
            date DATE,
            source VARCHAR,
            url VARCHAR,
            title VARCHAR,
            origin VARCHAR,
            text VARCHAR NOT NULL,
            n_sentences INTEGER NOT NULL,
            n_events INTEGER NOT NULL
        )""",
        """CREATE TABLE sentences (
            doc_id VARCHAR NOT NULL,
            sentence_index INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            PRIMARY KEY (doc_id, sentence_index)
        )""",
        """CREATE TABLE events (
            event_id VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            date DATE,
            sentence_index INTEGER NOT NULL,
            source VARCHAR NOT NULL,
            source_text VARCHAR NOT NULL,
            source_start INTEGER NOT NULL,
            source_end INTEGER NOT NULL,
            target VARCHAR NOT NULL,
            target_text VARCHAR NOT NULL,
            target_start INTEGER NOT NULL,
            target_end INTEGER NOT NULL,
            code VARCHAR NOT NULL,
            name VARCHAR NOT NULL,
            root VARCHAR NOT NULL,
            quad_class TINYINT NOT NULL,
            goldstein DOUBLE NOT NULL,
            trigger_text VARCHAR NOT NULL,
            trigger_start INTEGER NOT NULL,
            trigger_end INTEGER NOT NULL,
            pattern_id VARCHAR NOT NULL,
            confidence DOUBLE NOT NULL,
            negated BOOLEAN NOT NULL,
            hypothetical BOOLEAN NOT NULL,
            attributed BOOLEAN NOT NULL,
            attributed_to VARCHAR,
            plover VARCHAR,
            source_entry VARCHAR NOT NULL,
            target_entry VARCHAR NOT NULL
        )""",
        """CREATE TABLE actors (
            code VARCHAR NOT NULL,
            entry VARCHAR NOT NULL,
            country VARCHAR NOT NULL,
            first_date DATE,
            last_date DATE,
            PRIMARY KEY (code, entry)
        )""",
        """CREATE TABLE errors (
            error_id VARCHAR PRIMARY KEY,
            stage VARCHAR NOT NULL,
            path VARCHAR,
            line INTEGER,
            doc_id VARCHAR,
            message VARCHAR NOT NULL
        )""",
    )),
    (2, "dedup views", (
        # One a day: the usual event-data deduplication (GDELT and Phoenix count an event once per day).
        """CREATE VIEW daily_events AS
        SELECT e.date, e.source, e.target, e.code,
               any_value(e.root) AS root, any_value(e.quad_class) AS quad_class,
               any_value(e.goldstein) AS goldstein,
               count(*) AS mentions,
               count(DISTINCT e.doc_id) AS documents,
               count(DISTINCT coalesce(d.source, '')) AS sources,
               min(d.url) AS source_url
        FROM events e JOIN documents d USING (doc_id)
        WHERE NOT e.negated AND NOT e.hypothetical
        GROUP BY e.date, e.source, e.target, e.code""",
        # Story clusters: reports of the same (source, target, code) on consecutive days chain into one
        # story. The running sum uses the default RANGE frame so that same-day rows always share a cluster.
        """CREATE VIEW story_clusters AS
        WITH reports AS (
            SELECT e.event_id, e.doc_id, e.sentence_index, e.date, e.source, e.target, e.code, e.root,
                   e.quad_class, e.goldstein, coalesce(d.source, '') AS news_source
            FROM events e JOIN documents d USING (doc_id)
            WHERE NOT e.negated AND NOT e.hypothetical AND e.date IS NOT NULL
        ), marked AS (
            SELECT *, CASE WHEN date - lag(date) OVER w > 1 OR lag(date) OVER w IS NULL THEN 1 ELSE 0 END
                      AS starts
            FROM reports WINDOW w AS (PARTITION BY source, target, code ORDER BY date, event_id)
        ), numbered AS (
            SELECT *, sum(starts) OVER (PARTITION BY source, target, code ORDER BY date) AS story
            FROM marked
        )
        SELECT 'c' || substr(sha256(n.source || chr(0) || n.target || chr(0) || n.code || chr(0)
                                    || CAST(min(n.date) AS VARCHAR)), 1, 16) AS cluster_id,
               n.source, n.target, n.code, any_value(n.root) AS root, any_value(n.quad_class) AS quad_class,
               any_value(n.goldstein) AS goldstein,
               min(n.date) AS first_date, max(n.date) AS last_date,
               count(*) AS mentions, count(DISTINCT n.doc_id) AS documents,
               count(DISTINCT n.news_source) AS sources,
               list({'doc_id': n.doc_id, 'sentence_index': n.sentence_index, 'date': n.date,
                     'event_id': n.event_id, 'sentence': s.text}
                    ORDER BY n.date, n.doc_id, n.sentence_index, n.event_id) AS evidence
        FROM numbered n JOIN sentences s USING (doc_id, sentence_index)
        GROUP BY n.source, n.target, n.code, n.story""",
    )),
    (3, "event enrichment", (
        # One row per event coded with enrichment on: where it happened (null columns when no place was
        # found) and the tone around it. other_places is a JSON array kept as text, so that read-only
        # connections (which may not load extensions) can still read it; DuckDB's json functions parse it.
        """CREATE TABLE event_enrichment (
            event_id VARCHAR PRIMARY KEY,
            location_name VARCHAR,
            location_lat DOUBLE,
            location_lon DOUBLE,
            location_country VARCHAR,
            location_admin1 VARCHAR,
            location_precision VARCHAR,
            location_basis VARCHAR,
            sentence_tone DOUBLE NOT NULL,
            doc_tone DOUBLE NOT NULL,
            other_places VARCHAR NOT NULL
        )""",
    )),
    (4, "framing and claims", (
        # One row per document ingested with enrichment on. The JSON columns are text, as in migration 3.
        """CREATE TABLE document_framing (
            doc_id VARCHAR PRIMARY KEY,
            label VARCHAR NOT NULL,
            opinion_score DOUBLE NOT NULL,
            signals VARCHAR NOT NULL,
            loaded_language VARCHAR NOT NULL,
            stance VARCHAR NOT NULL
        )""",
        # One row per quantity claimed; offsets are in the document's text. implied is the claim's arithmetic
        # (a JSON array as text), null when it implies none.
        """CREATE TABLE claims (
            claim_id VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            sentence_index INTEGER NOT NULL,
            number DOUBLE,
            unit VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            implied VARCHAR
        )""",
    )),
)
LATEST_MIGRATION = MIGRATIONS[-1][0]
TABLES = ("documents", "sentences", "events", "event_enrichment", "document_framing", "claims", "actors", "errors")

_S, _I, _D, _F, _B = pa.string(), pa.int32(), pa.date32(), pa.float64(), pa.bool_()
SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([("doc_id", _S), ("external_id", _S), ("date", _D), ("source", _S), ("url", _S),
                            ("title", _S), ("origin", _S), ("text", _S), ("n_sentences", _I),
                            ("n_events", _I)]),
    "sentences": pa.schema([("doc_id", _S), ("sentence_index", _I), ("text", _S)]),
    "events": pa.schema([("event_id", _S), ("doc_id", _S), ("date", _D), ("sentence_index", _I), ("source", _S),
                         ("source_text", _S), ("source_start", _I), ("source_end", _I), ("target", _S),
                         ("target_text", _S), ("target_start", _I), ("target_end", _I), ("code", _S),
                         ("name", _S), ("root", _S), ("quad_class", pa.int8()), ("goldstein", _F),
                         ("trigger_text", _S), ("trigger_start", _I), ("trigger_end", _I), ("pattern_id", _S),
                         ("confidence", _F), ("negated", _B), ("hypothetical", _B), ("attributed", _B),
                         ("attributed_to", _S), ("plover", _S), ("source_entry", _S), ("target_entry", _S)]),
    "event_enrichment": pa.schema([("event_id", _S), ("location_name", _S), ("location_lat", _F),
                                   ("location_lon", _F), ("location_country", _S), ("location_admin1", _S),
                                   ("location_precision", _S), ("location_basis", _S), ("sentence_tone", _F),
                                   ("doc_tone", _F), ("other_places", _S)]),
    "document_framing": pa.schema([("doc_id", _S), ("label", _S), ("opinion_score", _F), ("signals", _S),
                                   ("loaded_language", _S), ("stance", _S)]),
    "claims": pa.schema([("claim_id", _S), ("doc_id", _S), ("sentence_index", _I), ("number", _F), ("unit", _S),
                         ("kind", _S), ("text", _S), ("start", _I), ("end", _I), ("implied", _S)]),
    "actors": pa.schema([("code", _S), ("entry", _S), ("country", _S), ("first_date", _D), ("last_date", _D)]),
    "errors": pa.schema([("error_id", _S), ("stage", _S), ("path", _S), ("line", _I), ("doc_id", _S),
                         ("message", _S)]),
}


def content_id(document: Document) -> str:
    """The store's key for a document: a hash of its source, date and text.

    The date is part of the key because news archives repeat a text on several days ("fighting continues in
    ..."): each is a separate report of its day, not a duplicate.
    """
    day = document.date.isoformat() if document.date else ""
    return document_id(document.text, f"{document.source or ''}\x00{day}")


def _error_id(stage: str, message: str) -> str:
    return "x" + hashlib.sha256(f"{stage}\x00{message}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class IngestIssue:
    """An input item or document that could not be stored; it goes to the errors table and the run goes on."""

    stage: str  # "read" (the input could not be read) or "code" (the coder failed on the document)
    message: str
    path: str | None = None
    line: int | None = None
    doc_id: str | None = None

    @property
    def error_id(self) -> str:
        return _error_id(self.stage, self.message)


@dataclass
class IngestReport:
    """Counts for one ingest run; `added` and `events` count only rows this run wrote."""

    read: int = 0  # documents read from the input, new or not
    added: int = 0  # documents this run stored
    skipped: int = 0  # documents the store already held (same content id), not coded again
    events: int = 0  # events this run stored
    read_errors: int = 0  # input items that could not be read
    code_errors: int = 0  # documents the coder failed on
    batches: int = 0

    @property
    def items(self) -> int:
        """Input items handled so far: documents and unreadable items (what a progress bar counts)."""
        return self.read + self.read_errors

    @property
    def errors(self) -> int:
        return self.read_errors + self.code_errors


@dataclass
class Batch:
    """Up to `batch_size` input items, in input order: documents keyed by `content_id`, the ids their input gave
    them (`external`), and the items that could not be read."""

    documents: list[Document] = field(default_factory=list)
    issues: list[IngestIssue] = field(default_factory=list)
    external: dict[str, str | None] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.documents) + len(self.issues)


class EventStore:
    """One DuckDB file holding documents, sentences, events with their enrichment, actors and errors.

    Open for writing (the default) to ingest; the schema is created or upgraded on open. Open with
    `read_only=True` to query: then the file must exist and be up to date, and SQL cannot touch other files.
    """

    def __init__(self, path: Path | str = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.is_file():
            raise StoreError(f"{self.path}: no such database; create it with `dyad ingest FILES --db {self.path}`")
        config = {"enable_external_access": False} if read_only else {}
        try:
            self.connection = duckdb.connect(str(self.path), read_only=read_only, config=config)
        except duckdb.IOException as e:
            if "lock" in str(e).lower():
                raise StoreError(_locked_message(self.path, str(e), read_only)) from e
            raise StoreError(f"{self.path}: cannot open as a DuckDB database ({e})") from e
        except duckdb.ConnectionException as e:
            if "different configuration" not in str(e):
                raise StoreError(f"{self.path}: cannot open as a DuckDB database ({e})") from e
            # DuckDB shares one database object per file within a process, so one process cannot hold the same
            # file both read-only and for writing.
            mode = "read-only" if read_only else "for writing"
            raise StoreError(f"{self.path}: this process already has the database open, and DuckDB cannot also "
                             f"open it {mode}; close the other store first, or query through it") from e
        except duckdb.Error as e:
            raise StoreError(f"{self.path}: cannot open as a DuckDB database ({e})") from e
        if read_only:
            self._check_current()
        else:
            self.migrate()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    # -- schema ------------------------------------------------------------------------------------

    def applied_migrations(self) -> list[int]:
        exists = self.connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'").fetchone()
        if not exists or not exists[0]:
            return []
        return [row[0] for row in self.connection.execute("SELECT number FROM schema_migrations ORDER BY number")
                .fetchall()]

    def migrate(self) -> list[int]:
        """Apply the migrations this database has not recorded, each in its own transaction; returns them."""
        con = self.connection
        con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                    " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
        applied = set(self.applied_migrations())
        unknown = sorted(applied - {number for number, _, _ in MIGRATIONS})
        if unknown:
            raise StoreError(f"{self.path}: made by a newer dyad (migration {unknown[-1]}, this one knows up to "
                             f"{LATEST_MIGRATION}); upgrade dyad to use it")
        done = []
        for number, name, statements in MIGRATIONS:
            if number in applied:
                continue
            try:
                con.execute("BEGIN TRANSACTION")
                for statement in statements:
                    con.execute(statement)
                con.execute("INSERT INTO schema_migrations (number, name) VALUES (?, ?)", [number, name])
                con.execute("COMMIT")
            except duckdb.Error as e:
                con.execute("ROLLBACK")
                raise StoreError(f"{self.path}: migration {number} ({name}) failed: {e}") from e
            logger.info("%s: applied migration %d (%s)", self.path, number, name)
            done.append(number)
        return done

    def _check_current(self) -> None:
        try:
            applied = self.applied_migrations()
        except duckdb.Error as e:
            raise StoreError(f"{self.path}: not a dyad database ({e})") from e
        if not applied:
            raise StoreError(f"{self.path}: not a dyad database (no schema_migrations table)")
        if max(applied) > LATEST_MIGRATION:
            raise StoreError(f"{self.path}: made by a newer dyad (migration {max(applied)}); upgrade dyad")
        if max(applied) < LATEST_MIGRATION:
            raise StoreError(f"{self.path}: schema is at migration {max(applied)}, this dyad needs "
                             f"{LATEST_MIGRATION}; run any `dyad ingest --db {self.path} ...` once to upgrade it")

    # -- reading -----------------------------------------------------------------------------------

    def query(self, sql: str, parameters: list[Any] | None = None) -> pd.DataFrame:
        """Run SQL and return the result as a DataFrame; a DuckDB error becomes a StoreError naming it."""
        try:
            return self.connection.execute(sql, parameters or []).df()
        except duckdb.Error as e:
            raise StoreError(_duckdb_message(e)) from e

    def rows(self, sql: str, parameters: list[Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Column names and rows of a query, as Python values (dates stay dates, lists stay lists)."""
        try:
            cursor = self.connection.execute(sql, parameters or [])
            columns = [d[0] for d in cursor.description or []]
            return columns, cursor.fetchall()
        except duckdb.Error as e:
            raise StoreError(_duckdb_message(e)) from e

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        result = {}
        for table in TABLES:
            row = self.connection.execute(f"SELECT count(*) FROM {table}").fetchone()
            result[table] = int(row[0]) if row else 0
        return result

    def document_ids(self) -> set[str]:
        return {row[0] for row in self.connection.execute("SELECT doc_id FROM documents").fetchall()}

    # -- writing -----------------------------------------------------------------------------------

    def ingest(self, items: Iterable[Document | BadItem], coder: Coder, *,
               batch_size: int = DEFAULT_BATCH_SIZE,
               on_issue: Callable[[IngestIssue], None] | None = None,
               on_batch: Callable[[IngestReport], None] | None = None,
               enrich: bool = True) -> IngestReport:
        """Code and store documents not yet in the store; bad items go to the errors table and `on_issue`.

        Items are taken `batch_size` at a time; each batch is coded and written in one transaction, then
        `on_batch` is called with the running report. Documents already stored are skipped without coding.
        With `enrich`, each event's location and tone go to `event_enrichment`, each document's framing to
        `document_framing` and its quantity claims to `claims`, in the same transaction (from the same parse
        as the coding); without it those tables are left alone, which is faster.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; cannot ingest")
        if batch_size < 1:
            raise StoreError(f"batch size must be at least 1, got {batch_size}")
        report = IngestReport()
        enricher = _enricher(coder) if enrich else None
        known = self.document_ids()
        for batch in read_batches(items, batch_size):
            fresh = take_fresh(batch, known, report)
            self.write_tables(code_batch(fresh, batch, coder, enricher).tables(), report)
            report.batches += 1
            for issue in batch.issues:
                if on_issue is not None:
                    on_issue(issue)
            if on_batch is not None:
                on_batch(report)
        return report

    def write_tables(self, tables: dict[str, pa.Table], report: IngestReport) -> None:
        """Write one batch's tables (from `Rows.tables`, or read back from Parquet) in one transaction.

        Rows whose key is stored already are left as they are and actors' date ranges only widen, so writing a
        batch twice (a resumed run) leaves the same rows as writing it once.
        """
        con = self.connection
        try:
            con.execute("BEGIN TRANSACTION")
            for table in TABLES:
                if table == "actors" or table not in tables:
                    continue
                columns = ", ".join(f'"{name}"' for name in SCHEMAS[table].names)
                con.register("_batch", tables[table])
                con.execute(f"INSERT OR IGNORE INTO {table} ({columns}) SELECT {columns} FROM _batch")
                con.unregister("_batch")
            if "actors" in tables:
                con.register("_batch", tables["actors"])
                con.execute("INSERT INTO actors SELECT * FROM _batch ON CONFLICT (code, entry) DO UPDATE SET "
                            "first_date = least(actors.first_date, excluded.first_date), "
                            "last_date = greatest(actors.last_date, excluded.last_date)")
                con.unregister("_batch")
            con.execute("COMMIT")
        except duckdb.Error as e:
            con.execute("ROLLBACK")
            raise StoreError(f"{self.path}: cannot write batch ({_duckdb_message(e)})") from e
        report.added += _num_rows(tables, "documents")
        report.events += _num_rows(tables, "events")
        report.code_errors += len(code_issues(tables))


def _enricher(coder: Coder) -> Enricher:
    # Imported here: the enrich package pulls in the gazetteer and VADER, which `--no-enrich` runs never need.
    from dyad.enrich import Enricher

    return Enricher(coder)


def code_batch(documents: list[Document], batch: Batch, coder: Coder, enricher: Enricher | None) -> Rows:
    """Code (and with `enricher`, enrich) the batch's `documents` into the rows they add to each table.

    The batch's read issues become error rows; a document the coder fails on becomes one too and is appended
    to `batch.issues`. The same documents give the same rows in any process, which is what lets `dyad.distributed`
    code batches on other machines.
    """
    rows = Rows()
    for issue in batch.issues:
        rows.add_issue(issue)
    if not documents:
        return rows

    def failed(document: Document, error: DyadError) -> None:
        issue = IngestIssue("code", f"{document.origin or document.id}: {error}", path=document.origin,
                            doc_id=document.id)
        batch.issues.append(issue)
        rows.add_issue(issue)

    if enricher is None:
        for coded in coder.pipe(documents, on_error=failed):
            rows.add_document(coded.document, batch.external.get(coded.document.id), coded.n_sentences, coded.events)
        return rows
    for record in enricher.pipe_records(documents, on_error=failed):
        coded = record.coded
        rows.add_document(coded.document, batch.external.get(coded.document.id), coded.n_sentences, coded.events)
        rows.add_enrichment(record.events)
        rows.add_framing(coded.document.id, record.framing)
        rows.add_claims(coded.document.id, record.claims)
    return rows


def take_fresh(batch: Batch, known: set[str], report: IngestReport) -> list[Document]:
    """The batch's documents not in `known` (which they join), counting read, skipped and unreadable items."""
    report.read_errors += len(batch.issues)
    fresh: list[Document] = []
    for document in batch.documents:
        report.read += 1
        if document.id in known:
            report.skipped += 1
        else:
            known.add(document.id)
            fresh.append(document)
    return fresh


def code_issues(tables: dict[str, pa.Table]) -> list[IngestIssue]:
    """The coder's failures recorded in a batch's `errors` table, in row order."""
    if "errors" not in tables:
        return []
    return [IngestIssue(r["stage"], r["message"], path=r["path"], line=r["line"], doc_id=r["doc_id"])
            for r in tables["errors"].to_pylist() if r["stage"] == "code"]


def _num_rows(tables: dict[str, pa.Table], table: str) -> int:
    return tables[table].num_rows if table in tables else 0


def keyed(document: Document) -> tuple[Document, str | None]:
    """The document re-keyed by `content_id`, and the id its input gave it (kept as `external_id`), if any."""
    given = document.id if document.id and document.id != document_id(document.text, document.source) else None
    return replace(document, id=content_id(document)), given


def read_batches(items: Iterable[Document | BadItem], size: int) -> Iterator[Batch]:
    """Input items `size` at a time, documents keyed as the store keys them; the same input gives the same batches."""
    batch = Batch()
    for item in items:
        if isinstance(item, BadItem):
            error = item.error
            batch.issues.append(IngestIssue("read", str(error), path=error.path, line=error.line))
        else:
            document, given = keyed(item)
            batch.documents.append(document)
            batch.external.setdefault(document.id, given)
        if len(batch) >= size:
            yield batch
            batch = Batch()
    if len(batch):
        yield batch


@dataclass
class Rows:
    """The rows one batch adds to each table, deduplicated by key within the batch."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    event_enrichment: list[dict[str, Any]] = field(default_factory=list)
    document_framing: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    actors: dict[tuple[str, str], tuple[Date | None, Date | None]] = field(default_factory=dict)
    _error_ids: set[str] = field(default_factory=set)
    _enriched_ids: set[str] = field(default_factory=set)
    _claim_ids: set[str] = field(default_factory=set)

    def tables(self) -> dict[str, pa.Table]:
        """One Arrow table per table this batch adds rows to (actors with their date range), in `SCHEMAS`' shape."""
        tables = {}
        for table in TABLES:
            if table == "actors":
                records = [{"code": c, "entry": e, "country": c[:3], "first_date": lo, "last_date": hi}
                           for (c, e), (lo, hi) in sorted(self.actors.items())]
            else:
                records = getattr(self, table)
            if records:
                tables[table] = pa.Table.from_pylist(records, schema=SCHEMAS[table])
        return tables

    def add_issue(self, issue: IngestIssue) -> None:
        if issue.error_id in self._error_ids:
            return
        self._error_ids.add(issue.error_id)
        self.errors.append({"error_id": issue.error_id, "stage": issue.stage, "path": issue.path,
                            "line": issue.line, "doc_id": issue.doc_id, "message": issue.message})

    def add_document(self, document: Document, external: str | None, n_sentences: int, events: list[Event]) -> None:
        self.documents.append({"doc_id": document.id, "external_id": external, "date": document.date,
                               "source": document.source, "url": document.url, "title": document.title,
                               "origin": document.origin, "text": document.text, "n_sentences": n_sentences,
                               "n_events": len(events)})
        seen_sentences: set[int] = set()
        seen_events: set[str] = set()
        for event in events:
            if event.sentence_index not in seen_sentences:
                seen_sentences.add(event.sentence_index)
                self.sentences.append({"doc_id": event.doc_id, "sentence_index": event.sentence_index,
                                       "text": event.sentence})
            if event.event_id in seen_events:
                continue
            seen_events.add(event.event_id)
            row = event.to_dict()
            del row["sentence"]
            row["date"] = Date.fromisoformat(row["date"]) if row["date"] else None
            self.events.append(row)
            for code, entry in ((event.source, event.source_entry), (event.target, event.target_entry)):
                self._actor(code, entry, document.date)

    def add_enrichment(self, enriched: list[dict[str, Any]]) -> None:
        """One `event_enrichment` row per event row from `Enricher.pipe_events`."""
        for row in enriched:
            if row["event_id"] in self._enriched_ids:
                continue
            self._enriched_ids.add(row["event_id"])
            location = row.get("location") or {}
            self.event_enrichment.append({
                "event_id": row["event_id"], "location_name": location.get("name"),
                "location_lat": _finite(location.get("lat")), "location_lon": _finite(location.get("lon")),
                "location_country": location.get("country"), "location_admin1": location.get("admin1"),
                "location_precision": location.get("precision"), "location_basis": location.get("basis"),
                "sentence_tone": float(row["sentence_tone"]["compound"]),
                "doc_tone": float(row["doc_tone"]["compound"]),
                # Sorted keys: the same events give byte-identical text, so a resumed run matches a whole one.
                "other_places": json.dumps(row.get("other_places") or [], sort_keys=True, ensure_ascii=False),
            })

    def add_framing(self, doc_id: str, framing: FramingReport) -> None:
        report = framing.to_dict()
        self.document_framing.append({
            "doc_id": doc_id, "label": framing.label, "opinion_score": float(framing.opinion_score),
            "signals": _json(report["signals"]), "loaded_language": _json(report["loaded_language"]),
            # Actors tied on mentions come out in set order; sort so a resumed run matches a whole one.
            "stance": _json(sorted(report["stance"], key=_json)),
        })

    def add_claims(self, doc_id: str, claims: list[Claim]) -> None:
        """One `claims` row per quantity a claim states, keyed by document, offsets and value."""
        for claim in claims:
            implied = _json([i.to_dict() for i in claim.implied]) if claim.implied else None
            for quantity in claim.quantities:
                claim_id = claim_key(doc_id, quantity.start, quantity.end, quantity.value)
                if claim_id in self._claim_ids:
                    continue
                self._claim_ids.add(claim_id)
                self.claims.append({
                    "claim_id": claim_id, "doc_id": doc_id, "sentence_index": claim.sentence_index,
                    "number": _finite(quantity.value), "unit": quantity.unit, "kind": quantity.kind,
                    "text": quantity.text, "start": quantity.start, "end": quantity.end, "implied": implied,
                })

    def _actor(self, code: str, entry: str, day: Date | None) -> None:
        low, high = self.actors.get((code, entry), (day, day))
        if day is not None:
            low = day if low is None else min(low, day)
            high = day if high is None else max(high, day)
        self.actors[(code, entry)] = (low, high)


def claim_key(doc_id: str, start: int, end: int, value: float | None) -> str:
    """The `claims` table's key: a hash of the document, the quantity's offsets and its value."""
    return "q" + hashlib.sha256(f"{doc_id}\x00{start}\x00{end}\x00{value!r}".encode()).hexdigest()[:16]


def _json(value: Any) -> str:
    # Sorted keys: the same document gives byte-identical text, so a resumed run matches a whole one.
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _locked_message(path: Path, error: str, read_only: bool) -> str:
    # DuckDB locks the file: one process may write (and nothing else may open it meanwhile), or any number may
    # read. A read-only open that is refused therefore always means a writer holds the file.
    found = re.search(r"\(PID (\d+)\)", error)
    holder = f"another process (PID {found.group(1)})" if found else "another process"
    if read_only:
        return (f"{path}: the database is in use by {holder}, which is writing to it, and DuckDB lets no other "
                "process open it meanwhile; try again when that process (e.g. `dyad ingest`) has finished")
    return (f"{path}: the database is in use by {holder}; DuckDB allows one writer and no other process "
            "meanwhile, so wait for it to finish or stop it (e.g. `dyad serve`)")


def _duckdb_message(error: duckdb.Error) -> str:
    # DuckDB messages span several lines (with a caret diagram); the first line names the problem.
    lines = [line for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def open_store(path: Path | str = DEFAULT_DB, *, read_only: bool = False) -> EventStore:
    """Open (and create or upgrade, unless read-only) the store at `path`."""
    return EventStore(path, read_only=read_only)


def ingest_paths(paths: Iterable[str], coder: Coder, *, db: Path | str = DEFAULT_DB, date: Date | None = None,
                 batch_size: int = DEFAULT_BATCH_SIZE, on_issue: Callable[[IngestIssue], None] | None = None,
                 on_batch: Callable[[IngestReport], None] | None = None, enrich: bool = True) -> IngestReport:
    """Read files and folders of any supported type and ingest them into the store at `db`; `enrich` as in
    `EventStore.ingest`."""
    from dyad.readers import read_any

    with open_store(db) as store:
        return store.ingest(read_any(list(paths), date=date), coder, batch_size=batch_size, on_issue=on_issue,
                            on_batch=on_batch, enrich=enrich)
