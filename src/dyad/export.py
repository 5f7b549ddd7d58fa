"""Exports of the event store: any table or view as Parquet, CSV or JSON Lines, and events in GDELT 2.0 layout.

Rows come out in a fixed order (each table's key), so two exports of the same store are byte-identical.
The GDELT mapping is documented column by column in docs/store.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import duckdb
import pandas as pd
import pyarrow as pa

from dyad.errors import InputError, StoreError
from dyad.store import EventStore

FORMATS = ("parquet", "csv", "jsonl", "gdelt")
# The order each exported table is written in: its key, so exports are reproducible.
EXPORT_ORDER = {
    "events": "date, doc_id, sentence_index, event_id",
    "documents": "date, doc_id",
    "sentences": "doc_id, sentence_index",
    "event_enrichment": "event_id",
    "actors": "code, entry",
    "errors": "error_id",
    "daily_events": "date, source, target, code",
    "story_clusters": "first_date, source, target, code, cluster_id",
}
ROWS_PER_CHUNK = 50_000

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                 "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS), *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)


def _check(table: str, fmt: str) -> None:
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose parquet, csv, jsonl or gdelt")
    if table not in EXPORT_ORDER:
        raise InputError(f"unknown table {table!r}; choose {', '.join(EXPORT_ORDER)}")
    if fmt == "gdelt" and table != "events":
        raise InputError("the gdelt format exports events only; leave out --table or use --table events")


def export(store: EventStore, fmt: str, *, path: Path | None = None, stream: IO[bytes] | None = None,
           table: str = "events") -> int:
    """Write `table` in `fmt` to `path` (or to the binary `stream`); returns the number of rows written.

    csv has a header line; list and struct columns (story evidence) are written as JSON text in csv.
    jsonl is one JSON object per line. parquet keeps native types. gdelt is GDELT 2.0's tab-separated event
    table without a header (as GDELT ships it): read it with `names=GDELT_COLUMNS`.
    """
    _check(table, fmt)
    if (path is None) == (stream is None):
        raise InputError("give an output path or a stream (one of them)")
    if fmt == "parquet" and path is None:
        raise InputError("parquet is binary; give an output file")
    try:
        handle: IO[bytes] = path.open("wb") if path is not None else stream  # type: ignore[union-attr,assignment]
    except OSError as e:
        raise InputError(f"cannot write ({e.strerror})", path=str(path)) from e
    try:
        try:
            if fmt == "gdelt":
                return _write_gdelt(store, handle)
            reader = _reader(store, table, json_nested=fmt == "csv")
            if fmt == "parquet":
                return _write_parquet(reader, handle)
            if fmt == "csv":
                return _write_csv(reader, handle)
            return _write_jsonl(reader, handle)
        finally:
            if path is not None:
                handle.close()
    except OSError as e:  # a full disk, a closed pipe
        raise InputError(f"cannot write ({e.strerror or e}); the output is incomplete",
                         path=str(path) if path is not None else "<stdout>") from e


def _reader(store: EventStore, table: str, *, json_nested: bool) -> pa.RecordBatchReader:
    columns, _ = store.rows(f"SELECT * FROM {table} LIMIT 0")
    types = dict(store.rows(f"SELECT column_name, column_type FROM (DESCRIBE {table})")[1])
    select = ", ".join(f"to_json({c}) AS {c}" if json_nested and _nested(types[c]) else c for c in columns)
    try:
        relation = store.connection.sql(f"SELECT {select} FROM {table} ORDER BY {EXPORT_ORDER[table]}")
        # DuckDB 2 renamed fetch_arrow_reader to to_arrow_reader; pyproject allows DuckDB 1.1 and later.
        read = getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader
        return read(ROWS_PER_CHUNK)
    except duckdb.Error as e:
        raise StoreError(f"cannot read {table}: {e}") from e


def _nested(duckdb_type: str) -> bool:
    return duckdb_type.endswith("]") or duckdb_type.startswith(("STRUCT", "MAP"))


def _write_parquet(reader: pa.RecordBatchReader, handle: IO[bytes]) -> int:
    import pyarrow.parquet as pq

    rows = 0
    with pq.ParquetWriter(handle, reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


def _write_csv(reader: pa.RecordBatchReader, handle: IO[bytes]) -> int:
    text = _TextOut(handle)
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(reader.schema.names)
    rows = 0
    for batch in reader:
        for row in batch.to_pylist():
            writer.writerow(["" if v is None else _csv_value(v) for v in row.values()])
            rows += 1
    return rows


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isnan(value):
        return ""
    return value


def _write_jsonl(reader: pa.RecordBatchReader, handle: IO[bytes]) -> int:
    rows = 0
    for batch in reader:
        for row in batch.to_pylist():
            handle.write(json.dumps(row, ensure_ascii=False, default=json_default).encode("utf-8") + b"\n")
            rows += 1
    return rows


def json_default(value: Any) -> Any:
    """JSON for the values DuckDB returns that json cannot encode: dates and timestamps as ISO text."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


class _TextOut:
    """A minimal text adapter over a binary stream for the csv module (which writes str)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle

    def write(self, text: str) -> int:
        self.handle.write(text.encode("utf-8"))
        return len(text)


# -- GDELT ----------------------------------------------------------------------------------------------------


def gdelt_events(store: EventStore) -> pd.DataFrame:
    """The store's deduplicated events (one per day, source, target and code) as a GDELT 2.0 event table.

    Rows correspond one to one to the `daily_events` view (dated events only); counts, quad class and Goldstein
    come from it. Fields dyad does not produce (ethnicity, tone, geography) are left empty.
    """
    frame = store.query("""
        SELECT e.date, e.source, e.target, e.code,
               any_value(e.root) AS root, any_value(e.quad_class) AS quad_class,
               any_value(e.goldstein) AS goldstein,
               count(*) AS mentions, count(DISTINCT e.doc_id) AS articles,
               count(DISTINCT coalesce(d.source, '')) AS sources, min(d.url) AS url,
               max(CASE WHEN e.sentence_index = 0 THEN 1 ELSE 0 END) AS is_root,
               min(e.source_entry) AS source_entry, min(e.source_text) AS source_text,
               min(e.target_entry) AS target_entry, min(e.target_text) AS target_text
        FROM events e JOIN documents d USING (doc_id)
        WHERE NOT e.negated AND NOT e.hypothetical AND e.date IS NOT NULL
        GROUP BY e.date, e.source, e.target, e.code
        ORDER BY e.date, e.source, e.target, e.code""")
    return _gdelt_frame(frame)


def _gdelt_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out: dict[str, Any] = {}
    days = [pd.Timestamp(d).date() for d in frame["date"]]
    out["GLOBALEVENTID"] = [_global_id(d, s, t, c) for d, s, t, c in
                            zip(days, frame["source"], frame["target"], frame["code"], strict=True)]
    out["SQLDATE"] = [int(d.strftime("%Y%m%d")) for d in days]
    out["MonthYear"] = [d.year * 100 + d.month for d in days]
    out["Year"] = [d.year for d in days]
    out["FractionDate"] = [round(d.year + d.timetuple().tm_yday / 365, 4) for d in days]
    for n, side in ((1, "source"), (2, "target")):
        parts = [_actor_parts(code) for code in frame[side]]
        names = [_actor_name(entry, text) for entry, text in
                 zip(frame[f"{side}_entry"], frame[f"{side}_text"], strict=True)]
        out[f"Actor{n}Code"] = list(frame[side])
        out[f"Actor{n}Name"] = names
        for field in _ACTOR_FIELDS[2:]:
            out[f"Actor{n}{field}"] = [p.get(field, "") for p in parts]
    out["IsRootEvent"] = frame["is_root"].astype(int).tolist()
    codes = [c if len(c) > 2 else c + "0" for c in frame["code"]]
    out["EventCode"] = codes
    out["EventBaseCode"] = [c[:3] for c in codes]
    out["EventRootCode"] = list(frame["root"])
    out["QuadClass"] = frame["quad_class"].astype(int).tolist()
    out["GoldsteinScale"] = frame["goldstein"].astype(float).tolist()
    out["NumMentions"] = frame["mentions"].astype(int).tolist()
    out["NumSources"] = frame["sources"].astype(int).tolist()
    out["NumArticles"] = frame["articles"].astype(int).tolist()
    out["AvgTone"] = [""] * len(frame)
    for prefix in ("Actor1Geo_", "Actor2Geo_", "ActionGeo_"):
        for field in _GEO_FIELDS:
            out[prefix + field] = [0 if field == "Type" else ""] * len(frame)
    out["DATEADDED"] = [int(d.strftime("%Y%m%d")) * 1_000_000 for d in days]
    out["SOURCEURL"] = [u if isinstance(u, str) else "" for u in frame["url"]]
    return pd.DataFrame(out, columns=list(GDELT_COLUMNS))


def _global_id(day: dt.date, source: str, target: str, code: str) -> int:
    # GDELT ids are integers: 60 bits of a hash of the event's key keeps them deterministic and within int64.
    key = f"{day.isoformat()}\x00{source}\x00{target}\x00{code}".encode()
    return int(hashlib.sha256(key).hexdigest()[:15], 16)


def _actor_name(entry: Any, text: Any) -> str:
    # Derived entries ("pronoun:Albania", "context:AFG") are resolution notes, not names: use the text instead.
    if isinstance(entry, str) and entry and ":" not in entry:
        return entry.upper()
    return str(text).upper() if isinstance(text, str) else ""


@lru_cache(maxsize=4096)
def _actor_parts(code: str) -> dict[str, str]:
    """Split a CAMEO actor code into GDELT's fields: country, known group, religions, up to three types."""
    from dyad.ontology import default_ontology

    agents = default_ontology().agents
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    parts: dict[str, str] = {}
    types: list[str] = []
    religions: list[str] = []
    for position, chunk in enumerate(chunks):
        agent = agents.get(chunk)
        if position == 0 and agent is None:
            if chunk != "---":
                parts["CountryCode"] = chunk
        elif agent is not None and agent.kind == "religion":
            religions.append(chunk)
        elif agent is not None:
            types.append(chunk)
        elif "KnownGroupCode" not in parts:
            parts["KnownGroupCode"] = chunk
    for i, value in enumerate(religions[:2], start=1):
        parts[f"Religion{i}Code"] = value
    for i, value in enumerate(types[:3], start=1):
        parts[f"Type{i}Code"] = value
    return parts


def _write_gdelt(store: EventStore, handle: IO[bytes]) -> int:
    frame = gdelt_events(store)
    text = _TextOut(handle)
    writer = csv.writer(text, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    for row in _gdelt_rows(frame):
        writer.writerow(row)
    return len(frame)


def _gdelt_rows(frame: pd.DataFrame) -> Iterator[list[Any]]:
    for row in frame.itertuples(index=False, name=None):
        # Tabs and newlines inside names would break GDELT's one-line, tab-separated rows.
        yield [v.replace("\t", " ").replace("\n", " ") if isinstance(v, str) else v for v in row]
