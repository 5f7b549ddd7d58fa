"""The JSON API: one endpoint behind each view, each a thin call into the library.

Query parameters are parsed into `dyad.corpus.EventFilter` (or the analysis functions' own checks); nothing a
client sends becomes SQL text. Errors are raised as the library's typed errors and answered by the app's
handlers in the one error shape.
"""

from __future__ import annotations

import math
import tempfile
from datetime import date as Date
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from starlette.exceptions import HTTPException as StarletteHTTPException

from dyad import analysis, corpus
from dyad.annotate import annotate_text
from dyad.errors import InputError
from dyad.ingest import TEXT_SUFFIXES, parse_date, read_text_file
from dyad.ontology import default_ontology
from dyad.readers import HTML_SUFFIXES, read_html
from dyad.web.app import WebState
from dyad.web.schemas import (
    AnalyseRequest,
    AnalysisOut,
    CameoCode,
    DocumentOut,
    DyadsOut,
    ErrorResponse,
    EventDetail,
    EventPage,
    InfluenceOut,
    MapOut,
    NetworkOut,
    SummaryOut,
)

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in ((400, "bad input (the message names it)"), (404, "no such record"),
                                (413, "request body too large"), (415, "body not sent as JSON"),
                                (422, "malformed request"),
                                (503, "no event store, or the analyser is busy"))}
router = APIRouter(prefix="/api", responses=ERRORS)
UPLOAD_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
# One text is coded at a time; a book-length paste would hold every other analysis up for minutes.
MAX_ANALYSE_CHARS = 200_000
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
# Paging past a billion events is not a real request, and DuckDB refuses offsets beyond a 64-bit integer.
MAX_OFFSET = 1_000_000_000

StartQuery = Annotated[str | None, Query(description="first day, inclusive (YYYY-MM-DD)")]
EndQuery = Annotated[str | None, Query(description="last day, inclusive (YYYY-MM-DD)")]
ActorsQuery = Annotated[str | None, Query(description="comma-separated actor codes (prefixes), e.g. IRQ,IRN; "
                                                      "an event matches if its source or target starts with one")]
CodeQuery = Annotated[str | None, Query(description="CAMEO event code prefix, e.g. 19 or 190")]
QuadQuery = Annotated[str | None, Query(description="comma-separated quad classes 1-4, e.g. 3,4")]
FlaggedQuery = Annotated[bool, Query(description="include negated and hypothetical events")]
ByQuery = Annotated[str, Query(description="period: month, quarter or year")]
EventId = Annotated[str, PathParam(pattern=ID_PATTERN, description="event id, e.g. e0123456789abcdef")]
DocId = Annotated[str, PathParam(pattern=ID_PATTERN, description="document id, e.g. d0123456789abcdef")]


def _state(request: Request) -> WebState:
    state: WebState = request.app.state.dyad
    return state


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def event_filter(start: str | None, end: str | None, actors: str | None, code: str | None, quad: str | None,
                 flagged: bool = False) -> corpus.EventFilter:
    quads = []
    for part in _split(quad):
        if not (part.isascii() and part.isdigit()):  # str.isdigit() also takes '²', which int() refuses
            raise InputError(f"quad: {part!r} is not a quad class; choose 1, 2, 3 or 4")
        quads.append(int(part))
    return corpus.EventFilter.parse(start=start or None, end=end or None, actors=tuple(_split(actors)),
                                    code=code, quad_classes=tuple(quads), include_flagged=flagged)


def plain(value: Any) -> Any:
    """A DataFrame cell as JSON holds it: NaN/NaT -> None, numpy scalars -> Python, timestamps -> dates."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


# -- analyse ------------------------------------------------------------------------------------------------


def json_body(request: Request) -> None:
    """Refuse a body that is not declared as JSON (415) before it is parsed: a clear message instead of a
    validation error, and no way for a plain HTML form on another site (text/plain) to post here."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json" and not (kind.startswith("application/") and kind.endswith("+json")):
        raise StarletteHTTPException(415, f"send the request as JSON with Content-Type: application/json "
                                          f"(got {kind or 'no content type'})")


@router.post("/analyse", response_model=AnalysisOut, tags=["analyse"], dependencies=[Depends(json_body)])
def analyse(body: AnalyseRequest, request: Request) -> dict[str, Any]:
    """Code and enrich a text: events, actor and trigger highlights, places, framing, claims."""
    _check_text(body.text, "text")
    with _state(request).engine.use() as enricher:
        return annotate_text(enricher, body.text, date=body.date).to_dict()


@router.post("/analyse/file", response_model=AnalysisOut, tags=["analyse"])
def analyse_file(request: Request, file: Annotated[UploadFile, File(description="a .txt, .md or .html file")],
                 date: Annotated[str | None, Form(description="the text's date (YYYY-MM-DD)")] = None,
                 ) -> dict[str, Any]:
    """Like /api/analyse, for an uploaded file; HTML pages are reduced to their article text."""
    name = Path(file.filename or "upload.txt").name
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(f"{name}: cannot read {suffix or 'files without a suffix'}; upload "
                         f"{', '.join(sorted(UPLOAD_SUFFIXES))}")
    day = parse_date(date) if date else None
    with tempfile.TemporaryDirectory(prefix="dyad-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(file.file.read())
        reader = read_html if suffix in HTML_SUFFIXES else read_text_file
        document = reader(path, date=day, label=name)
    _check_text(document.text, name)
    with _state(request).engine.use() as enricher:
        return annotate_text(enricher, document.text, date=document.date).to_dict()


@router.get("/codes", response_model=list[CameoCode], tags=["analyse"])
def codes() -> list[dict[str, Any]]:
    """The CAMEO event codebook: code, name, root, quad class and Goldstein value."""
    events = default_ontology().events
    return [{"code": e.code, "name": e.name, "root": e.root, "quad_class": e.quad_class, "goldstein": e.goldstein}
            for e in sorted(events.values(), key=lambda e: e.code)]


# -- corpus -------------------------------------------------------------------------------------------------


@router.get("/summary", response_model=SummaryOut, tags=["corpus"])
def summary(request: Request) -> dict[str, Any]:
    """Row counts, date range, events per quad class, most frequent actors and event codes."""
    state = _state(request)
    if state.pool is None:
        return {"database": False, "counts": {}, "first_date": None, "last_date": None, "quad_classes": {},
                "top_actors": [], "top_codes": []}
    result = state.summary()
    return {"database": True, **result, "quad_classes": {str(k): v for k, v in result["quad_classes"].items()}}


@router.get("/events", response_model=EventPage, tags=["corpus"])
def events(request: Request, start: StartQuery = None, end: EndQuery = None, actors: ActorsQuery = None,
           code: CodeQuery = None, quad: QuadQuery = None, flagged: FlaggedQuery = False,
           limit: Annotated[int, Query(ge=1, le=corpus.MAX_PAGE)] = 50,
           offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> dict[str, Any]:
    """Events matching the filter, newest first, one page at a time."""
    where = event_filter(start, end, actors, code, quad, flagged)
    with _state(request).store() as store:
        total, frame = corpus.list_events(store, where, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "events": records(frame)}


@router.get("/events/{event_id}", response_model=EventDetail, tags=["corpus"])
def event(request: Request, event_id: EventId) -> dict[str, Any]:
    """One event with its sentence (highlighted) and its document's metadata."""
    with _state(request).store() as store:
        return corpus.get_event(store, event_id)


@router.get("/documents/{doc_id}", response_model=DocumentOut, tags=["corpus"])
def document(request: Request, doc_id: DocId) -> dict[str, Any]:
    """A stored document's text with its events placed in it."""
    with _state(request).store() as store:
        stored = corpus.get_document(store, doc_id)
    return {**stored.__dict__, "highlights": [h.__dict__ for h in stored.highlights]}


@router.get("/dyads", response_model=DyadsOut, tags=["corpus"])
def dyads(request: Request, source: Annotated[str, Query(description="source actor code (prefix)")],
          target: Annotated[str, Query(description="target actor code (prefix)")], by: ByQuery = "month",
          all_mentions: Annotated[bool, Query(description="count every mention, not one a day")] = False,
          start: StartQuery = None, end: EndQuery = None) -> dict[str, Any]:
    """Events from source to target per period, by quad class (as `dyad dyads`)."""
    first, last = _span(start, end)
    with _state(request).store() as store:
        frame = analysis.dyads(store, source, target, by=by, dedup=not all_mentions)
    return {"source": source.strip().upper(), "target": target.strip().upper(), "by": by,
            "rows": records(_within(frame, first, last, by))}


@router.get("/influence", response_model=InfluenceOut, tags=["corpus"])
def influence(request: Request, target: Annotated[str, Query(description="the actor influenced (prefix)")],
              actors: Annotated[str, Query(description="comma-separated actor codes, e.g. USA,IRN")],
              by: ByQuery = "year",
              boot: Annotated[int, Query(ge=0, le=5000, description="bootstrap replicates (0: no intervals)")] = 1000,
              confidence: Annotated[float, Query(gt=0, lt=1, description="interval level")] = 0.95,
              seed: Annotated[int, Query(ge=0, description="bootstrap seed")] = 0,
              start: StartQuery = None, end: EndQuery = None) -> dict[str, Any]:
    """Influence/alignment index of each actor on the target per period, with bootstrap intervals
    (as `dyad influence`)."""
    first, last = _span(start, end)
    codes = _split(actors)
    with _state(request).store() as store:
        frame = analysis.influence(store, target, codes, by=by, n_boot=boot, confidence=confidence, seed=seed)
    return {"target": target.strip().upper(), "actors": [c.upper() for c in codes], "by": by,
            "confidence": confidence, "rows": records(_within(frame, first, last, by))}


@router.get("/network", response_model=NetworkOut, tags=["corpus"])
def network(request: Request, start: StartQuery = None, end: EndQuery = None, actors: ActorsQuery = None,
            code: CodeQuery = None, quad: QuadQuery = None, flagged: FlaggedQuery = False,
            level: Annotated[str, Query(description="country (first three letters) or actor (full code)")]
            = "country",
            limit: Annotated[int, Query(ge=1, le=500, description="the busiest edges to return")] = 60,
            ) -> dict[str, Any]:
    """Actor-to-actor edges (events, cooperation, conflict, mean Goldstein) and their nodes."""
    where = event_filter(start, end, actors, code, quad, flagged)
    if level not in corpus.LEVEL_SQL:
        raise InputError(f"level: unknown level {level!r}; choose country or actor")
    with _state(request).store() as store:
        nodes, edges = corpus.network(store, where, level=level, limit=limit)  # type: ignore[arg-type]
    return {"level": level, "nodes": records(nodes), "edges": records(edges)}


@router.get("/map", response_model=MapOut, tags=["corpus"])
def event_map(request: Request, start: StartQuery = None, end: EndQuery = None, actors: ActorsQuery = None,
              code: CodeQuery = None, quad: QuadQuery = None, flagged: FlaggedQuery = False,
              limit: Annotated[int, Query(ge=1, le=2000, description="how many of the newest matching events "
                                                                     "to locate")] = 200) -> dict[str, Any]:
    """Where the newest matching events happened, grouped by place (located from their text, then cached)."""
    where = event_filter(start, end, actors, code, quad, flagged)
    state = _state(request)
    with state.store() as store:
        found = corpus.event_map(store, where, lambda ids: state.engine.locate(store, ids), limit=limit)
    return {"matching": found.matching, "considered": found.considered, "located": found.located,
            "points": [p.__dict__ for p in found.points]}


def _check_text(text: str, what: str) -> None:
    # Checked here, before the request waits for the language pipeline, so that a bad request is refused at once.
    if not text.strip():
        raise InputError(f"{what}: empty text; paste or upload some news text")
    if len(text) > MAX_ANALYSE_CHARS:
        raise InputError(f"{what}: {len(text):,} characters, over the Analyse limit of {MAX_ANALYSE_CHARS:,}; "
                         "code long texts with `dyad code` or `dyad ingest`")


def _span(start: str | None, end: str | None) -> tuple[Date | None, Date | None]:
    window = corpus.EventFilter.parse(start=start or None, end=end or None)
    return window.start, window.end


def _within(frame: pd.DataFrame, first: Date | None, last: Date | None, by: str) -> pd.DataFrame:
    """Rows of a per-period frame whose period overlaps [first, last]."""
    if frame.empty or (first is None and last is None):
        return frame
    keep = pd.Series(True, index=frame.index)
    if first is not None:
        floor = Date(first.year, 1 if by == "year" else (first.month - 1) // 3 * 3 + 1 if by == "quarter"
                     else first.month, 1)
        keep &= frame["period_start"].map(lambda d: d >= floor)
    if last is not None:
        keep &= frame["period_start"].map(lambda d: d <= last)
    return frame[keep]
